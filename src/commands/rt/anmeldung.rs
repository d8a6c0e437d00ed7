//! `iiz rt anmeldung`: a Roundtable is registered (by an IIZ institution or another office).
//! The person's identifying data go to the erasable person store; fewer than three parties
//! is a warning, not a refusal.

use super::super::{Erfasst, Umgebung, Vorlage, Zusammenfassung, texte_pruefen};
use crate::cli::RtAnmeldungArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::person::{ahv_pruefen, geburtsdatum_pruefen};
use crate::prozess::roundtable::{Anmeldung, Ereignis, Roundtable, Stelle, regeln};
use crate::vorgang;
use crate::vorgang::Person;
use chrono::Datelike;

/// What the confirmation shows of a registration.
fn zusammenfassung(anmeldung: &Anmeldung, vorname: &str, name: &str) -> Vec<(String, String)> {
    vec![
        (
            "Anmeldende Stelle".into(),
            anmeldung.anmeldende_stelle.bezeichnung().to_string(),
        ),
        ("Person".into(), format!("{vorname} {name}")),
        (
            "Beteiligte".into(),
            anmeldung
                .beteiligte
                .iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("Anliegen".into(), anmeldung.anliegen.clone()),
    ]
}

/// `--ersetzt FALL`: the registration as it stands and its person fill what is not given
/// (spec §13); returns the old summary and the year of birth to keep when no date of birth
/// is known.
fn vorbelegen(
    u: &Umgebung,
    fall: &str,
    a: &mut RtAnmeldungArgs,
) -> Result<(Zusammenfassung, Option<i32>), Fehler> {
    let (alt, person) = vorgang::erstes_lesen::<Roundtable>(u, fall)?;
    let mut v = Vorlage::neu(1, &a.ersatz.ohne);
    let Ereignis::Anmeldung(alt) = alt else {
        return Err(v.andere_art(alt.bezeichnung()));
    };
    v.pflicht(&mut a.anmeldende_stelle, alt.anmeldende_stelle);
    v.feld(
        "anmeldende-stelle-text",
        &mut a.anmeldende_stelle_text,
        alt.anmeldende_stelle_text.clone(),
    );
    v.feld("anmelder", &mut a.anmelder, alt.anmelder.clone());
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
    v.liste("beteiligte", &mut a.beteiligte, alt.beteiligte.clone());
    v.feld(
        "beteiligte-text",
        &mut a.beteiligte_text,
        alt.beteiligte_text.clone(),
    );
    v.pflicht(&mut a.anliegen, alt.anliegen.clone());
    v.schalter(
        "einverstaendnis",
        &mut a.einverstaendnis,
        alt.einverstaendnis,
    );
    v.feld("kanal", &mut a.kanal, alt.kanal);
    let jahr = v.geburtsjahr(a.geburtsdatum, alt.geburtsjahr);
    v.fertig()?;
    let (vorname, name) = person.as_ref().map_or(("", "(gelöscht)"), |p| {
        (p.vorname.as_str(), p.name.as_str())
    });
    Ok((zusammenfassung(&alt, vorname, name), jahr))
}

pub fn ausfuehren(u: &Umgebung, mut a: RtAnmeldungArgs) -> Result<Erfasst, Fehler> {
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
    n.auswahl(
        &mut a.anmeldende_stelle,
        "--anmeldende-stelle",
        "Anmeldende Stelle",
    )?;
    let stellen = crate::vorgang::stellen::lesen_oder_warnen(u);
    if a.anmeldende_stelle == Some(Stelle::Andere) {
        n.stelle(
            &mut a.anmeldende_stelle_text,
            "--anmeldende-stelle-text",
            "Bezeichnung der anmeldenden Stelle",
            &stellen.namen(),
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
    let datum = match (&ersetzt, a.datum.am) {
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
        geburtsjahr: a.geburtsdatum.map(|g| g.year()).or(geburtsjahr),
        geschlecht: a.geschlecht,
        wohngemeinde: a.wohngemeinde.clone(),
        beteiligte: a.beteiligte.clone(),
        beteiligte_text: a.beteiligte_text.clone(),
        anliegen: a.anliegen.clone().unwrap_or_default(),
        einverstaendnis: a.einverstaendnis,
        kanal: a.kanal,
    };
    let warnungen = regeln::warnungen(&anmeldung);
    let mut zeilen = zusammenfassung(
        &anmeldung,
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
    erfasst.hinweise = a
        .anmeldende_stelle_text
        .iter()
        .filter_map(|t| stellen.hinweis(t))
        .collect();
    Ok(erfasst)
}
