//! The document the office sends to the participants after a Roundtable (annual report 2023,
//! line 100–106: "Analyse/Handlungsplan", "Standortanalyse und Ziel- und Handlungsplan"):
//! one meeting's analysis, goals and tasks, as a [`Dokument`] of the one document model
//! (Markdown, or one self-contained A4 HTML page). Dated with the meeting, never the print
//! date.

use super::datum_text;
use super::dokument::{Block, Dokument};
use crate::prozess::roundtable::*;

/// What a document shows beyond the case: the person's name (from the person store, or
/// `None` when erased) and which version of the meeting it is.
pub struct Rahmen {
    pub person: Option<String>,
    /// "Fassung 2 vom …, ersetzt Fassung 1" when the meeting was corrected.
    pub fassung: Option<String>,
}

struct Inhalt<'a> {
    g: &'a GespraechStand,
    aufgaben: Vec<&'a AufgabeStand>,
    fruehere: Vec<&'a AufgabeStand>,
}

fn inhalt(f: &Fall, nr: u32) -> Option<Inhalt<'_>> {
    let g = f.gespraech(nr)?;
    Some(Inhalt {
        g,
        aufgaben: f.aufgaben.iter().filter(|a| a.gespraech == nr).collect(),
        fruehere: f
            .aufgaben
            .iter()
            .filter(|a| a.gespraech < nr && a.erledigt.is_none_or(|d| d > g.datum))
            .collect(),
    })
}

/// The case management as it stood at the meeting.
fn fallfuehrung(g: &GespraechStand) -> String {
    match (g.fallfuehrung, &g.fallfuehrung_person) {
        (Some(s), Some(p)) => format!("{} ({p})", s.bezeichnung()),
        (Some(s), None) => s.bezeichnung().to_string(),
        _ => "–".into(),
    }
}

/// The plan of meeting `nr`; `None` when the case has no such meeting.
pub fn dokument(f: &Fall, nr: u32, r: &Rahmen) -> Option<Dokument> {
    let i = inhalt(f, nr)?;
    let mut d = Dokument::neu(
        "Roundtable – Standortanalyse und Ziel- und Handlungsplan",
        i.g.datum,
    );
    d.angabe("Fall", f.fall.clone());
    d.angabe(
        "Gespräch",
        format!("Nr. {nr} vom {}", datum_text(Some(i.g.datum))),
    );
    d.angabe(
        "Person",
        r.person
            .clone()
            .unwrap_or_else(|| "(Personendaten gelöscht)".into()),
    );
    d.angabe("Teilnehmende", i.g.teilnehmer.join(", "));
    d.angabe("Fallführung", fallfuehrung(i.g));
    d.fassung = r.fassung.clone();
    d.abschnitt("Standortanalyse", i.g.analyse.as_deref());
    d.abschnitt("Ziele", i.g.ziele.as_deref());
    d.block(Block::Ueberschrift("Handlungsplan".into()));
    d.block(Block::Tabelle {
        kopf: ["Nr", "Was", "Wer", "Bis"].map(String::from).to_vec(),
        zeilen: i
            .aufgaben
            .iter()
            .chain(&i.fruehere)
            .map(|a| {
                vec![
                    a.nr.to_string(),
                    a.was.clone(),
                    a.wer.clone(),
                    datum_text(Some(a.bis)),
                ]
            })
            .collect(),
    });
    if let Some(n) = i.g.naechstes_gespraech {
        d.block(Block::Text(format!(
            "Nächstes Gespräch: {}",
            datum_text(Some(n))
        )));
    }
    d.fuss = "Erstellt durch die IIZ-Koordinationsstelle. Vertraulich – nur für die Teilnehmenden des Roundtables.".into();
    Some(d)
}
