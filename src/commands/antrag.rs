//! `iiz antrag`: the zuweisende Stelle applies (concept 3.2, "Aufnahmeprozess").
//! The person's identifying data go to the erasable person store; the journal gets a
//! pseudonym, year of birth, gender and municipality. Violated acceptance criteria are
//! warnings here and stored with the application; `annehmen` enforces them.

use super::{Erfasst, Umgebung, texte_pruefen};
use crate::cli::AntragArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::optima::regeln;
use crate::prozess::optima::*;
use crate::vorgang;
use crate::vorgang::Person;
use chrono::Datelike;

pub fn ausfuehren(u: &Umgebung, mut a: AntragArgs) -> Result<Erfasst, Fehler> {
    let mut n = Nachfrage::neu(u.interaktiv);
    n.auswahl(&mut a.von, "--von", "Zuweisende Stelle (Auftraggeber)")?;
    n.auswahl(&mut a.an, "--an", "Aufnehmende Stelle (Auftragnehmer)")?;
    // The same institution type on both sides needs two named offices (spec §3.1): asked
    // now, not refused after the last answer.
    if u.interaktiv && a.von.is_some() && a.von == a.an {
        n.text(
            &mut a.von_stelle,
            "--von-stelle",
            "Zuweisende Stelle (Name)",
        )?;
        n.text(&mut a.an_stelle, "--an-stelle", "Aufnehmende Stelle (Name)")?;
    }
    n.text(&mut a.name, "--name", "Name der Person")?;
    n.text(&mut a.vorname, "--vorname", "Vorname der Person")?;
    n.ahv(&mut a.ahv, "--ahv", "AHV-Nummer")?;
    n.auswahl(&mut a.arbeitsangebot, "--arbeitsangebot", "Arbeitsangebot")?;
    n.text(&mut a.ziel, "--ziel", "Ziel des Auftrags")?;
    n.fertig()?;
    if a.an.is_some_and(regeln::fallfuehrung_bestaetigung_gefragt) {
        n.bestaetigen(
            &mut a.fallfuehrung_bestaetigt,
            "Bestätigt der Sozialdienst die Übernahme der integralen Fallführung?",
        )?;
    }
    n.bestaetigen(
        &mut a.einverstaendnis,
        "Ist die Person mit OPTIMA einverstanden?",
    )?;
    texte_pruefen(&[
        ("--von-stelle", a.von_stelle.as_deref()),
        ("--an-stelle", a.an_stelle.as_deref()),
        ("--fallfuehrer", a.fallfuehrer.as_deref()),
        ("--name", a.name.as_deref()),
        ("--vorname", a.vorname.as_deref()),
        ("--wohngemeinde", a.wohngemeinde.as_deref()),
        ("--ziel", a.ziel.as_deref()),
        ("--bemerkung", a.bemerkung.as_deref()),
    ])?;
    // fertig() above guarantees these are present.
    let (Some(von), Some(an), Some(arbeitsangebot)) = (a.von, a.an, a.arbeitsangebot) else {
        return Err(Fehler::Nutzung(
            "Es fehlen --von, --an oder --arbeitsangebot.".into(),
        ));
    };
    // A replacement keeps the date of the application it replaces unless one is given.
    let ersetzt = a.ersatz.ersatz()?;
    let datum = match (&ersetzt, a.datum) {
        (_, Some(d)) => d,
        (Some((fall, _)), None) => super::fall_lesen(u, fall)?.antrag_datum,
        (None, None) => u.heute,
    };
    let ahv = crate::prozess::person::ahv_pruefen(a.ahv.as_deref().unwrap_or_default())?;
    if let Some(g) = a.geburtsdatum {
        crate::prozess::person::geburtsdatum_pruefen(g, datum, "Antragsdatum")?;
    }
    let mut antrag = Antrag {
        von,
        an,
        von_stelle: a.von_stelle.clone(),
        an_stelle: a.an_stelle.clone(),
        fallfuehrer: a.fallfuehrer.clone(),
        person: String::new(),
        geburtsjahr: a.geburtsdatum.map(|g| g.year()),
        geschlecht: a.geschlecht,
        wohngemeinde: a.wohngemeinde.clone(),
        bezug: a.bezug.clone(),
        arbeitsangebot,
        arbeitsausfall: a.arbeitsausfall,
        iv_offen: a.iv_offen,
        iv_ablehnung: a.iv_ablehnung,
        gesundheitsschaden_iv: a.gesundheitsschaden_iv,
        fallfuehrung_bestaetigt: a.fallfuehrung_bestaetigt,
        rav_abmeldung: a.rav_abmeldung,
        einverstaendnis: a.einverstaendnis,
        dauer: a.dauer.unwrap_or(6),
        ziel: a.ziel.clone().unwrap_or_default(),
        bemerkung: a.bemerkung.clone(),
        zielgruppe: None,
        kriterien: Vec::new(),
        hinweise: Vec::new(),
    };
    let (zielgruppe, kriterien, hinweise) = regeln::vorpruefung(&antrag, datum);
    antrag.zielgruppe = zielgruppe;
    antrag.kriterien = kriterien;
    antrag.hinweise = hinweise;

    let zusammenfassung = [
        (
            "Von → an",
            format!("{} → {}", von.bezeichnung(), an.bezeichnung()),
        ),
        (
            "Person",
            format!(
                "{} {}",
                a.vorname.as_deref().unwrap_or(""),
                a.name.as_deref().unwrap_or("")
            ),
        ),
        (
            "Zielgruppe",
            zielgruppe.map_or("keine".into(), |z| z.to_string()),
        ),
        ("Ziel", antrag.ziel.clone()),
        ("Verletzte Kriterien", antrag.kriterien.len().to_string()),
    ];
    let warnungen = antrag
        .kriterien
        .iter()
        .map(|k| format!("Aufnahmekriterium verletzt: {}", k.text()))
        .collect();
    let hinweise = antrag
        .hinweise
        .iter()
        .map(|h| h.text().to_string())
        .collect();
    let neu = vorgang::Neu::<Optima> {
        datum,
        ereignis: Ereignis::Antrag(antrag),
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
            if let Ereignis::Antrag(a) = e {
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
    erfasst.hinweise = hinweise;
    Ok(erfasst)
}
