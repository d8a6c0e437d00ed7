//! The intake's door (spec §15): the registration files waiting in `<data>/eingang/`, and
//! what became of one (taken over into a case, or refused) – noted in `eingang.jsonl`
//! without personal data, then the file removed.

use super::Umgebung;
use crate::fehler::Fehler;
use crate::speicher::eingang;
use crate::speicher::journal::SpeicherFehler;
use serde::Serialize;

/// A file of the intake that is no registration is the sender's error, not damage to the
/// register: exit 2 with what to do.
fn keine_anmeldung(e: SpeicherFehler) -> Fehler {
    match e {
        SpeicherFehler::KeineDatei(pfad, was) => Fehler::Nutzung(format!(
            "Im Eingang liegt unter {pfad} keine gewöhnliche Datei ({was}) – das ist keine Anmeldung; von Hand entfernen."
        )),
        SpeicherFehler::Format(t) => Fehler::Nutzung(t),
        e => e.into(),
    }
}

/// The SHA-256 of a file's bytes (hex): how `eingang.jsonl` and the journal's key name it.
pub fn pruefsumme(bytes: &[u8]) -> String {
    crate::speicher::kette::hash(bytes)
}

/// A file waiting, with its bytes or why it cannot be read.
pub struct Wartend {
    pub datei: String,
    pub inhalt: Result<Vec<u8>, Fehler>,
}

/// Every file waiting in the intake folder (none without a register).
pub fn liste(u: &Umgebung) -> Result<Vec<Wartend>, Fehler> {
    let Some(reg) = u.register_vorhanden()? else {
        return Ok(Vec::new());
    };
    Ok(eingang::namen(reg)?
        .into_iter()
        .map(|datei| {
            let inhalt = eingang::lesen(reg, &datei).map_err(keine_anmeldung);
            Wartend { datei, inhalt }
        })
        .collect())
}

/// One file's bytes.
pub fn lesen(u: &Umgebung, datei: &str) -> Result<Vec<u8>, Fehler> {
    let Some(reg) = u.register_vorhanden()? else {
        return Err(Fehler::Nutzung(format!(
            "Im Eingang liegt keine Datei '{}' – es gibt noch kein Register.",
            datei
                .chars()
                .filter(|c| !c.is_control())
                .take(60)
                .collect::<String>()
        )));
    };
    eingang::lesen(reg, datei).map_err(keine_anmeldung)
}

/// The case a take-over with this key made before (a kill came between the record and
/// the file's removal): looked for among the person's cases of the service when the file
/// names an AHV number (the person store's index: a few journals), else in every journal.
pub fn schon_uebernommen(
    u: &Umgebung,
    schluessel: &str,
    praefix: &str,
    ahv: Option<&str>,
) -> Result<Option<String>, Fehler> {
    let Some(reg) = u.register_vorhanden()? else {
        return Ok(None);
    };
    let Some(ahv) = ahv else {
        return Ok(u.import_schluessel_lesen()?.remove(schluessel));
    };
    let nadel = format!("\"schluessel\":\"{schluessel}\"");
    for p in u.personen_mit_ahv(ahv, &[praefix])? {
        if let Ok(inhalt) = reg.lesen(&p.fall)
            && memchr::memmem::find(inhalt.bytes(), nadel.as_bytes()).is_some()
        {
            return Ok(Some(p.fall));
        }
    }
    Ok(None)
}

/// What became of a file.
#[derive(Debug, Serialize)]
#[serde(tag = "was", rename_all = "kebab-case")]
pub enum Erledigt {
    Uebernommen { fall: String },
    Abgelehnt { grund: String },
}

/// Notes what became of `datei` (by the hash of its bytes), then removes it: the person's
/// data now lives only in the person store (taken over) or nowhere (refused). A crash
/// between the two leaves the file; taking it over again finds its case by the journal's
/// key and only removes it.
pub fn erledigen(
    u: &Umgebung,
    datei: &str,
    sha256: &str,
    erledigt: Erledigt,
) -> Result<(), Fehler> {
    let reg = u.register()?;
    #[derive(Serialize)]
    struct Zeile<'a> {
        zeit: chrono::DateTime<chrono::Utc>,
        benutzer: &'a str,
        konto: String,
        datei: &'a str,
        sha256: &'a str,
        #[serde(flatten)]
        erledigt: Erledigt,
    }
    let zeile = serde_json::to_string(&Zeile {
        zeit: chrono::Utc::now(),
        benutzer: &u.benutzer,
        konto: super::konto(),
        datei,
        sha256,
        erledigt,
    })
    .map_err(|e| Fehler::Intern(e.to_string()))?;
    reg.zeile_anfuegen(&reg.wurzel().join(eingang::PROTOKOLL), zeile.as_bytes())?;
    eingang::entfernen(reg, datei)?;
    Ok(())
}
