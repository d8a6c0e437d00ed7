//! `iiz anonymisieren FALL`: erases the identifying person data of a closed or rejected
//! case, of any process. The person record goes first, then the journal records that it happened; a crash
//! in between leaves a case whose record is gone, which `pruefen` reports and a second run
//! completes. Reports do not change: they never read the person store.
//!
//! `iiz anonymisieren --faellige [--stichtag DATUM] [--ja]`: every case whose retention
//! period has run out (the `loeschfrist` items of `pendenzen`), after one confirmation.

use super::{Erfasst, Umgebung};
use crate::ausgabe::{self, Format, datum_text};
use crate::cli::AnonymisierenArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::{Pendenz, loeschfrist};
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, a: AnonymisierenArgs) -> Result<Erfasst, Fehler> {
    let Some(fall) = a.fall.filter(|_| !a.faellige) else {
        // Never from an import line: a mass erasure is confirmed by a person or an explicit
        // script, one command at a time.
        return Err(Fehler::Nutzung(
            "--faellige gibt es nur als eigener Befehl 'iiz anonymisieren --faellige', nicht im Import.".into(),
        ));
    };
    Nachfrage::neu(u.interaktiv).sicher_fragen(&format!(
        "Name, AHV-Nummer und Geburtsdatum zu Fall {fall} unwiderruflich löschen?"
    ))?;
    let akte = vorgang::anonymisieren_akte(u, &fall, a.datum.am)?;
    Ok(Erfasst::aus(&akte.uebersicht()))
}

/// The cases due for erasure at `stichtag`, oldest due first.
pub fn faellige(u: &Umgebung, stichtag: chrono::NaiveDate) -> Result<Vec<Pendenz>, Fehler> {
    let jahre = u.loeschfrist_jahre()?;
    let mut alle: Vec<Pendenz> =
        vorgang::alle_akten(u, None, true, Vec::new, |p, f, storniert| {
            p.extend(loeschfrist::faellig(&f, storniert, stichtag, jahre))
        })?
        .into_iter()
        .flatten()
        .collect();
    alle.sort_by(|x, y| (x.faellig, &x.fall).cmp(&(y.faellig, &y.fall)));
    Ok(alle)
}

pub fn alle_faelligen(u: &Umgebung, a: AnonymisierenArgs) -> Result<(), Fehler> {
    let stichtag = a.stichtag.unwrap_or(u.heute);
    if stichtag > u.heute {
        return Err(Fehler::Nutzung(format!(
            "--stichtag {} liegt in der Zukunft – gelöscht wird nur, was heute oder früher fällig ist.",
            datum_text(Some(stichtag))
        )));
    }
    let faellig = faellige(u, stichtag)?;
    if faellig.is_empty() {
        ausgabe::meldung(format_args!(
            "Keine Personendaten zur Löschung fällig am {}.",
            datum_text(Some(stichtag))
        ));
        if u.format == Format::Json {
            ausgabe::json(&Vec::<Erfasst>::new())?;
        }
        return Ok(());
    }
    for p in &faellig {
        ausgabe::meldung(format_args!(
            "  {}  fällig seit {}",
            p.fall,
            datum_text(Some(p.faellig))
        ));
    }
    let frage = format!(
        "Personendaten von {} Fall/Fällen (Liste oben) unwiderruflich löschen?",
        faellig.len()
    );
    if !a.ja {
        if !u.interaktiv {
            return Err(Fehler::Nutzung(format!(
                "{} Fall/Fälle fällig – ohne Terminal mit --ja bestätigen; nichts gelöscht.",
                faellig.len()
            )));
        }
        Nachfrage::neu(true).sicher_fragen(&frage)?;
    }
    let mut erledigt = Vec::new();
    let mut fehler = Vec::new();
    for p in &faellig {
        match vorgang::anonymisieren_akte(u, &p.fall, a.datum.am) {
            Ok(akte) => erledigt.push(Erfasst::aus(&akte.uebersicht())),
            Err(e) => fehler.push(format!("{}: {e}", p.fall)),
        }
    }
    match u.format {
        Format::Json => ausgabe::json(&erledigt)?,
        Format::Csv => ausgabe::csv(
            &["fall", "status"],
            &erledigt
                .iter()
                .map(|e| (&e.fall, &e.status))
                .collect::<Vec<_>>(),
        )?,
        Format::Table => {
            for e in &erledigt {
                ausgabe::zeile(format_args!("{} anonymisiert", e.fall))?;
            }
        }
    }
    if fehler.is_empty() {
        Ok(())
    } else {
        Err(Fehler::Teilweise(format!(
            "{} Fall/Fälle nicht anonymisiert – {}",
            fehler.len(),
            fehler.join("; ")
        )))
    }
}
