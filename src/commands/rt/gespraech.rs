//! `iiz rt gespraech FALL`: a Roundtable meeting — everyone at one table agrees the
//! Standortanalyse and the Ziel- und Handlungsplan (tasks WAS|WER|BIS) and who leads the
//! case. Prints the meeting's number. The first meeting needs analysis, goals, a task and
//! the case management; at a terminal exactly those are asked.

use super::super::{Erfasst, Umgebung, texte_pruefen};
use super::{erfassen, fall_lesen};
use crate::cli::eingabe::Nachfrage;
use crate::cli::{RtGespraechArgs, aufgabe_parsen};
use crate::fehler::Fehler;
use crate::prozess::roundtable::{Ereignis, Gespraech};

pub fn ausfuehren(u: &Umgebung, mut a: RtGespraechArgs) -> Result<Erfasst, Fehler> {
    let korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    n.eintraege(
        &mut a.teilnehmer,
        "--teilnehmer",
        "Teilnehmende",
        true,
        |s| Ok(s.trim().to_string()),
    )?;
    if u.interaktiv && fall_lesen(u, &a.fall)?.gespraeche.is_empty() {
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
    let (fall, e) = erfassen(u, &a.fall, a.datum, korrektur, &n, |fall| {
        Ok(Ereignis::Gespraech(Gespraech {
            nr: fall.gespraeche.len() as u32 + 1,
            teilnehmer: a.teilnehmer,
            analyse: a.analyse,
            ziele: a.ziele,
            aufgaben: a.aufgabe,
            fallfuehrung: a.fallfuehrung,
            fallfuehrung_person: a.fallfuehrung_person,
            naechstes_gespraech: a.naechstes_gespraech,
        }))
    })?;
    let mut erfasst = Erfasst::aus(&fall);
    if let Ereignis::Gespraech(g) = e {
        erfasst.nr = Some(g.nr);
    }
    Ok(erfasst)
}
