//! `iiz antrag`: the zuweisende Stelle applies (concept 3.2, "Aufnahmeprozess").
//! The person's identifying data go to the erasable person store; the journal gets a
//! pseudonym, year of birth, gender and municipality. Violated acceptance criteria are
//! warnings here and stored with the application; `annehmen` enforces them.

use super::{Erfasst, Umgebung, Vorlage, Zusammenfassung, texte_pruefen};
use crate::cli::AntragArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::optima::regeln;
use crate::prozess::optima::*;
use crate::vorgang;
use crate::vorgang::Person;
use chrono::Datelike;

/// What the confirmation shows of an application.
fn zusammenfassung(antrag: &Antrag, vorname: &str, name: &str) -> Vec<(String, String)> {
    vec![
        (
            "Von → an".into(),
            format!("{} → {}", antrag.von.bezeichnung(), antrag.an.bezeichnung()),
        ),
        ("Person".into(), format!("{vorname} {name}")),
        (
            "Zielgruppe".into(),
            antrag.zielgruppe.map_or("keine".into(), |z| z.to_string()),
        ),
        ("Ziel".into(), antrag.ziel.clone()),
        (
            "Verletzte Kriterien".into(),
            antrag.kriterien.len().to_string(),
        ),
    ]
}

/// `--ersetzt FALL`: the application as it stands and its person fill what is not given
/// (spec §13); returns the old summary and the year of birth to keep when no date of birth
/// is known (cases taken over from CASEnet have only the year).
fn vorbelegen(
    u: &Umgebung,
    fall: &str,
    a: &mut AntragArgs,
) -> Result<(Zusammenfassung, Option<i32>), Fehler> {
    let (alt, person) = vorgang::erstes_lesen::<Optima>(u, fall)?;
    let mut v = Vorlage::neu(1, &a.ersatz.ohne);
    let Ereignis::Antrag(alt) = alt else {
        return Err(v.andere_art(alt.bezeichnung()));
    };
    v.pflicht(&mut a.von, alt.von);
    v.pflicht(&mut a.an, alt.an);
    v.feld("von-stelle", &mut a.von_stelle, alt.von_stelle.clone());
    v.feld("an-stelle", &mut a.an_stelle, alt.an_stelle.clone());
    v.feld("fallfuehrer", &mut a.fallfuehrer, alt.fallfuehrer.clone());
    v.person(
        person.as_ref(),
        &mut a.name,
        &mut a.vorname,
        &mut a.ahv,
        &mut a.geburtsdatum,
    );
    v.feld("geschlecht", &mut a.geschlecht, alt.geschlecht);
    v.feld(
        "wohngemeinde",
        &mut a.wohngemeinde,
        alt.wohngemeinde.clone(),
    );
    v.liste("bezug", &mut a.bezug, alt.bezug.clone());
    v.pflicht(&mut a.arbeitsangebot, alt.arbeitsangebot);
    v.feld("arbeitsausfall", &mut a.arbeitsausfall, alt.arbeitsausfall);
    v.schalter("iv-offen", &mut a.iv_offen, alt.iv_offen);
    v.feld("iv-ablehnung", &mut a.iv_ablehnung, alt.iv_ablehnung);
    v.schalter(
        "gesundheitsschaden-iv",
        &mut a.gesundheitsschaden_iv,
        alt.gesundheitsschaden_iv,
    );
    v.schalter(
        "unterstuetzungsbedarf",
        &mut a.unterstuetzungsbedarf,
        alt.unterstuetzungsbedarf.unwrap_or(false),
    );
    v.schalter(
        "fallfuehrung-bestaetigt",
        &mut a.fallfuehrung_bestaetigt,
        alt.fallfuehrung_bestaetigt,
    );
    v.feld("rav-abmeldung", &mut a.rav_abmeldung, alt.rav_abmeldung);
    v.schalter(
        "einverstaendnis",
        &mut a.einverstaendnis,
        alt.einverstaendnis,
    );
    v.pflicht(&mut a.dauer, alt.dauer);
    v.pflicht(&mut a.ziel, alt.ziel.clone());
    v.feld("bemerkung", &mut a.bemerkung, alt.bemerkung.clone());
    v.feld(
        "aus-roundtable",
        &mut a.aus_roundtable,
        alt.aus_roundtable.clone(),
    );
    let jahr = v.geburtsjahr(a.geburtsdatum, alt.geburtsjahr);
    v.fertig()?;
    let (vorname, name) = person.as_ref().map_or(("", "(gelöscht)"), |p| {
        (p.vorname.as_str(), p.name.as_str())
    });
    Ok((zusammenfassung(&alt, vorname, name), jahr))
}

pub fn ausfuehren(u: &Umgebung, mut a: AntragArgs) -> Result<Erfasst, Fehler> {
    let mut n = Nachfrage::neu(u.interaktiv);
    let ersetzt = a.ersatz.ersatz()?;
    let (bisher, geburtsjahr) = match &ersetzt {
        Some((fall, _)) => {
            let (bisher, jahr) = vorbelegen(u, fall, &mut a)?;
            // At a terminal a correction always shows what changes.
            n.zeigen();
            (Some(bisher), jahr)
        }
        None => (None, None),
    };
    n.auswahl(&mut a.von, "--von", "Zuweisende Stelle (Auftraggeber)")?;
    n.auswahl(&mut a.an, "--an", "Aufnehmende Stelle (Auftragnehmer)")?;
    // The same institution type on both sides needs two named offices (spec §3.1): asked
    // now, not refused after the last answer.
    let stellen = vorgang::stellen::lesen_oder_warnen(u);
    if u.interaktiv && a.von.is_some() && a.von == a.an {
        let namen = stellen.namen();
        n.stelle(
            &mut a.von_stelle,
            "--von-stelle",
            "Zuweisende Stelle (Name)",
            &namen,
        )?;
        n.stelle(
            &mut a.an_stelle,
            "--an-stelle",
            "Aufnehmende Stelle (Name)",
            &namen,
        )?;
    }
    n.text(&mut a.name, "--name", "Name der Person")?;
    n.text(&mut a.vorname, "--vorname", "Vorname der Person")?;
    n.ahv(&mut a.ahv, "--ahv", "AHV-Nummer")?;
    n.auswahl(&mut a.arbeitsangebot, "--arbeitsangebot", "Arbeitsangebot")?;
    n.text(&mut a.ziel, "--ziel", "Ziel des Auftrags")?;
    n.fertig()?;
    if a.an == Some(Institution::Iv) {
        n.bestaetigen(
            &mut a.unterstuetzungsbedarf,
            "Hat die Person einen hohen Unterstützungsbedarf bei der Arbeitsvermittlung bzw. einen gesundheitsbedingt erschwerten Zugang zum Arbeitsmarkt?",
        )?;
    }
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
    let datum = match (&ersetzt, a.datum.am) {
        (_, Some(d)) => d,
        (Some((fall, _)), None) => super::fall_lesen(u, fall)?.antrag_datum,
        (None, None) => u.heute,
    };
    let ahv = crate::prozess::person::ahv_pruefen(a.ahv.as_deref().unwrap_or_default())?;
    if let Some(g) = a.geburtsdatum {
        crate::prozess::person::geburtsdatum_pruefen(g, datum, "Antragsdatum")?;
    }
    let roundtable = match a.aus_roundtable.as_deref().map(str::trim) {
        Some(rt) => Some(roundtable_pruefen(u, rt, &ahv)?),
        None => None,
    };
    let mut antrag = Antrag {
        von,
        an,
        von_stelle: a.von_stelle.clone(),
        an_stelle: a.an_stelle.clone(),
        fallfuehrer: a.fallfuehrer.clone(),
        person: String::new(),
        geburtsjahr: a.geburtsdatum.map(|g| g.year()).or(geburtsjahr),
        geschlecht: a.geschlecht,
        wohngemeinde: a.wohngemeinde.clone(),
        bezug: a.bezug.clone(),
        arbeitsangebot,
        arbeitsausfall: a.arbeitsausfall,
        iv_offen: a.iv_offen,
        iv_ablehnung: a.iv_ablehnung,
        gesundheitsschaden_iv: a.gesundheitsschaden_iv,
        aus_roundtable: roundtable.as_ref().map(|r| r.fall.clone()),
        unterstuetzungsbedarf: (a.an == Some(Institution::Iv)).then_some(a.unterstuetzungsbedarf),
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

    let mut zeilen = zusammenfassung(
        &antrag,
        a.vorname.as_deref().unwrap_or(""),
        a.name.as_deref().unwrap_or(""),
    );
    if let Some(bisher) = &bisher {
        zeilen = vorgang::mit_bisher(zeilen, bisher);
    }
    let zusammenfassung: Vec<(&str, String)> = zeilen
        .iter()
        .map(|(k, w)| (k.as_str(), w.clone()))
        .collect();
    let warnungen = antrag
        .kriterien
        .iter()
        .map(|k| format!("Aufnahmekriterium verletzt: {}", k.text()))
        .collect();
    let mut hinweise: Vec<String> = antrag
        .hinweise
        .iter()
        .map(|h| h.text().to_string())
        .collect();
    // An office the directory does not know is recorded as typed, with the nearest one.
    hinweise.extend(
        [&antrag.von_stelle, &antrag.an_stelle]
            .into_iter()
            .flatten()
            .filter_map(|t| stellen.hinweis(t)),
    );
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
        namensaenderung: a.namensaenderung,
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
    if let Some(rt) = roundtable
        && !rt.optima_auftraege.iter().any(|(f, _)| *f == erfasst.fall)
        && let Err(e) = verknuepfen(u, &rt, &erfasst.fall, datum)
    {
        // The application is stored; only the Roundtable's side of the link is missing.
        erfasst.warnungen.push(format!(
            "Der Antrag ist gespeichert, aber {} nennt ihn nicht: {e}",
            rt.fall
        ));
    }
    Ok(erfasst)
}

/// `--aus-roundtable`: a Roundtable of the same person (by AHV number), not erased.
fn roundtable_pruefen(
    u: &Umgebung,
    rt: &str,
    ahv: &str,
) -> Result<crate::prozess::roundtable::Fall, Fehler> {
    use crate::prozess::roundtable::Roundtable;
    if vorgang::angebot(rt).ok() != Some(crate::prozess::Angebot::Roundtable) {
        return Err(Fehler::Nutzung(format!(
            "--aus-roundtable '{}' ist keine Roundtable-Fallnummer (Form RT-2024-003).",
            rt.chars()
                .filter(|c| !c.is_control())
                .take(30)
                .collect::<String>()
        )));
    }
    let fall = vorgang::fall_lesen::<Roundtable>(u, rt)?;
    if fall.anonymisiert {
        return Err(Fehler::Regel(format!(
            "Die Personendaten von {rt} sind gelöscht – ein neuer Antrag lässt sich nicht mehr mit ihm verbinden."
        )));
    }
    let dieselbe = u
        .personen_mit_ahv(ahv, &["RT"])?
        .iter()
        .any(|p| p.fall == rt);
    if !dieselbe {
        return Err(Fehler::Regel(format!(
            "{rt} ist der Roundtable einer anderen Person (AHV-Nummer verschieden) – Fallnummer und AHV-Nummer prüfen."
        )));
    }
    Ok(fall)
}

/// Records the OPTIMA case in the Roundtable's journal, dated with the application (or
/// the Roundtable's last event, if that is later: a journal never goes back in time).
fn verknuepfen(
    u: &Umgebung,
    rt: &crate::prozess::roundtable::Fall,
    fall: &str,
    antrag_datum: chrono::NaiveDate,
) -> Result<(), Fehler> {
    use crate::prozess::roundtable::{self, Roundtable};
    struct OhneFrage;
    impl vorgang::Rueckfrage for OhneFrage {
        fn hat_gefragt(&self) -> bool {
            false
        }
        fn bestaetigen(&self, _: &[(&str, String)]) -> Result<(), Fehler> {
            Ok(())
        }
        fn frage(&self, _: &str) -> Result<Option<bool>, Fehler> {
            Ok(None)
        }
    }
    let auftrag = roundtable::Ereignis::OptimaAuftrag(roundtable::OptimaAuftrag {
        fall: fall.to_string(),
        antrag_datum,
    });
    vorgang::erfassen::<Roundtable>(
        u,
        &rt.fall,
        Some(antrag_datum.max(rt.letztes_datum)),
        None,
        &OhneFrage,
        |_, _| Ok(auftrag),
        |e| crate::ausgabe::zusammenfassung::zusammenfassung(e.bezeichnung(), e),
    )?;
    Ok(())
}
