//! `iiz rt gespraech FALL`: a Roundtable meeting — everyone at one table agrees the
//! Standortanalyse and the Ziel- und Handlungsplan (tasks WAS|WER|BIS) and who leads the
//! case. Prints the meeting's number. The first meeting needs analysis, goals, a task and
//! the case management; at a terminal exactly those are asked.

use super::super::{Erfasst, Umgebung, texte_pruefen};
use super::{erfassen, fall_lesen, vorlage};
use crate::cli::eingabe::Nachfrage;
use crate::cli::{RtGespraechArgs, aufgabe_parsen};
use crate::fehler::Fehler;
use crate::prozess::roundtable::{Ereignis, Gespraech};

pub fn ausfuehren(u: &Umgebung, mut a: RtGespraechArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    // A replaced meeting keeps its number, and its tasks theirs (a revised plan: the tasks
    // given take the old numbers in order, more tasks take new ones).
    let mut nr = None;
    if let Some((alt, mut v)) = vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)? {
        let Ereignis::Gespraech(alt) = alt else {
            return Err(v.andere_art(alt.bezeichnung()));
        };
        nr = Some(alt.nr);
        v.liste("teilnehmer", &mut a.teilnehmer, alt.teilnehmer);
        v.feld("analyse", &mut a.analyse, alt.analyse);
        v.feld("ziele", &mut a.ziele, alt.ziele);
        if !a.aufgabe.is_empty() {
            for (neu, alt) in a.aufgabe.iter_mut().zip(&alt.aufgaben) {
                neu.nr = alt.nr;
            }
        }
        v.liste("aufgabe", &mut a.aufgabe, alt.aufgaben);
        v.feld("fallfuehrung", &mut a.fallfuehrung, alt.fallfuehrung);
        v.feld(
            "fallfuehrung-person",
            &mut a.fallfuehrung_person,
            alt.fallfuehrung_person,
        );
        v.feld(
            "naechstes-gespraech",
            &mut a.naechstes_gespraech,
            alt.naechstes_gespraech,
        );
        v.schalter("vereinbart", &mut a.vereinbart, alt.vereinbart);
        v.fertig()?;
    }
    n.eintraege(
        &mut a.teilnehmer,
        "--teilnehmer",
        "Teilnehmende",
        true,
        |s| Ok(s.trim().to_string()),
    )?;
    if u.interaktiv && nr.is_none() && fall_lesen(u, &a.fall)?.gespraeche.is_empty() {
        n.text(&mut a.analyse, "--analyse", "Standortanalyse")?;
        n.text(&mut a.ziele, "--ziele", "Ziele")?;
        n.eintraege(
            &mut a.aufgabe,
            "--aufgabe",
            "Aufgabe WAS|WER|BIS",
            true,
            aufgabe_parsen,
        )?;
        n.auswahl(&mut a.fallfuehrung, "--fallfuehrung", "Wer führt den Fall?")?;
        n.datum(
            &mut a.naechstes_gespraech,
            "--naechstes-gespraech",
            "Nächstes Gespräch",
        )?;
    }
    n.fertig()?;
    let mut felder = vec![
        ("--analyse", a.analyse.as_deref()),
        ("--ziele", a.ziele.as_deref()),
        ("--fallfuehrung-person", a.fallfuehrung_person.as_deref()),
    ];
    felder.extend(
        a.teilnehmer
            .iter()
            .map(|t| ("--teilnehmer", Some(t.as_str()))),
    );
    for t in &a.aufgabe {
        felder.push(("--aufgabe", Some(t.was.as_str())));
        felder.push(("--aufgabe", Some(t.wer.as_str())));
    }
    texte_pruefen(&felder)?;
    let (fall, e) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |fall, vergeben| {
        // Numbers never given before, not even to a voided meeting or task.
        let mut aufgabe = vergeben
            .hoechste("aufgabe")
            .max(fall.aufgaben.iter().map(|t| t.nr).max().unwrap_or(0));
        let neue_nummern = nr.is_none() || a.aufgabe.iter().any(|t| t.nr.is_some());
        for t in a.aufgabe.iter_mut().filter(|t| t.nr.is_none()) {
            if neue_nummern {
                aufgabe += 1;
                t.nr = Some(aufgabe);
            }
        }
        Ok(Ereignis::Gespraech(Gespraech {
            nr: nr.unwrap_or_else(|| {
                vergeben
                    .hoechste("gespraech")
                    .max(fall.gespraeche.iter().map(|g| g.nr).max().unwrap_or(0))
                    + 1
            }),
            teilnehmer: a.teilnehmer,
            analyse: a.analyse,
            ziele: a.ziele,
            aufgaben: a.aufgabe,
            fallfuehrung: a.fallfuehrung,
            fallfuehrung_person: a.fallfuehrung_person,
            naechstes_gespraech: a.naechstes_gespraech,
            vereinbart: a.vereinbart,
        }))
    })?;
    let mut erfasst = Erfasst::aus(&fall);
    if let Ereignis::Gespraech(g) = e {
        erfasst.nr = Some(g.nr);
    }
    Ok(erfasst)
}
