//! `iiz rt anmeldung`: a Roundtable is registered (by an IIZ institution or another office).
//! The person's identifying data go to the erasable person store; fewer than three parties
//! is a warning, not a refusal.

use super::super::{Erfasst, Umgebung, texte_pruefen};
use crate::cli::RtAnmeldungArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::person::{ahv_pruefen, geburtsdatum_pruefen};
use crate::prozess::roundtable::{Anmeldung, Ereignis, Roundtable, Stelle, regeln};
use crate::vorgang;
use crate::vorgang::Person;
use chrono::Datelike;

pub fn ausfuehren(u: &Umgebung, mut a: RtAnmeldungArgs) -> Result<Erfasst, Fehler> {
    let mut n = Nachfrage::neu(u.interaktiv);
    n.auswahl(
        &mut a.anmeldende_stelle,
        "--anmeldende-stelle",
        "Anmeldende Stelle",
    )?;
    if a.anmeldende_stelle == Some(Stelle::Andere) {
        n.text(
            &mut a.anmeldende_stelle_text,
            "--anmeldende-stelle-text",
            "Bezeichnung der anmeldenden Stelle",
        )?;
    }
    n.text(&mut a.name, "--name", "Name der Person")?;
    n.text(&mut a.vorname, "--vorname", "Vorname der Person")?;
    n.ahv(&mut a.ahv, "--ahv", "AHV-Nummer")?;
    n.mehrere(&mut a.beteiligte, "--beteiligte", "Beteiligte Stellen")?;
    n.text(&mut a.anliegen, "--anliegen", "Anliegen")?;
    n.fertig()?;
    n.bestaetigen(
        &mut a.einverstaendnis,
        "Ist die Person mit dem Roundtable einverstanden?",
    )?;
    texte_pruefen(&[
        (
            "--anmeldende-stelle-text",
            a.anmeldende_stelle_text.as_deref(),
        ),
        ("--anmelder", a.anmelder.as_deref()),
        ("--name", a.name.as_deref()),
        ("--vorname", a.vorname.as_deref()),
        ("--wohngemeinde", a.wohngemeinde.as_deref()),
        ("--beteiligte-text", a.beteiligte_text.as_deref()),
        ("--anliegen", a.anliegen.as_deref()),
    ])?;
    let Some(stelle) = a.anmeldende_stelle else {
        return Err(Fehler::Nutzung("Es fehlt --anmeldende-stelle.".into()));
    };
    let ersetzt = a.ersatz.ersatz()?;
    let datum = match (&ersetzt, a.datum) {
        (_, Some(d)) => d,
        (Some((fall, _)), None) => super::fall_lesen(u, fall)?.anmelde_datum,
        (None, None) => u.heute,
    };
    let ahv = ahv_pruefen(a.ahv.as_deref().unwrap_or_default())?;
    if let Some(g) = a.geburtsdatum {
        geburtsdatum_pruefen(g, datum, "Anmeldedatum")?;
    }
    let anmeldung = Anmeldung {
        anmeldende_stelle: stelle,
        anmeldende_stelle_text: a.anmeldende_stelle_text.clone(),
        anmelder: a.anmelder.clone(),
        person: String::new(),
        geburtsjahr: a.geburtsdatum.map(|g| g.year()),
        geschlecht: a.geschlecht,
        wohngemeinde: a.wohngemeinde.clone(),
        beteiligte: a.beteiligte.clone(),
        beteiligte_text: a.beteiligte_text.clone(),
        anliegen: a.anliegen.clone().unwrap_or_default(),
        einverstaendnis: a.einverstaendnis,
        kanal: a.kanal,
    };
    let warnungen = regeln::warnungen(&anmeldung);
    let zusammenfassung = [
        ("Anmeldende Stelle", stelle.bezeichnung().to_string()),
        (
            "Person",
            format!(
                "{} {}",
                a.vorname.as_deref().unwrap_or(""),
                a.name.as_deref().unwrap_or("")
            ),
        ),
        (
            "Beteiligte",
            anmeldung
                .beteiligte
                .iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("Anliegen", anmeldung.anliegen.clone()),
    ];
    let neu = vorgang::Neu::<Roundtable> {
        datum,
        ereignis: Ereignis::Anmeldung(anmeldung),
        person: Person {
            pseudonym: String::new(),
            name: a.name.unwrap_or_default(),
            vorname: a.vorname.unwrap_or_default(),
            ahv,
            geburtsdatum: a.geburtsdatum,
            fall: String::new(),
            schluessel: None,
        },
        pseudonym_setzen: |e, p| {
            if let Ereignis::Anmeldung(a) = e {
                a.person = p;
            }
        },
    };
    let fall = match ersetzt {
        Some((id, begruendung)) => {
            vorgang::erstes_ersetzen(u, &id, neu, begruendung, &n, &zusammenfassung)?
        }
        None => vorgang::anlegen(u, neu, &n, &zusammenfassung)?,
    };
    let mut erfasst = Erfasst::aus(&fall.uebersicht());
    erfasst.warnungen = warnungen;
    Ok(erfasst)
}
