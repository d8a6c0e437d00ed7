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
    /// The tasks agreed at this meeting.
    aufgaben: Vec<&'a AufgabeStand>,
    /// Tasks of earlier meetings: still open at this one, or done since the one before.
    fruehere: Vec<&'a AufgabeStand>,
    /// The meeting before this one (what "since" means for done tasks).
    vorher: Option<&'a GespraechStand>,
    /// The goals in force: this meeting's, or carried forward from the latest earlier
    /// meeting that set them (with that meeting).
    ziele: Option<(&'a str, Option<&'a GespraechStand>)>,
}

fn inhalt(f: &Fall, nr: u32) -> Option<Inhalt<'_>> {
    let g = f.gespraech(nr)?;
    let frueher: Vec<&GespraechStand> = f.gespraeche.iter().take_while(|x| x.nr != nr).collect();
    let vorher = frueher.last().copied();
    let leer = |t: &Option<String>| t.as_deref().is_none_or(|t| t.trim().is_empty());
    let ziele = if leer(&g.ziele) {
        frueher
            .iter()
            .rev()
            .find(|x| !leer(&x.ziele))
            .and_then(|x| Some((x.ziele.as_deref()?, Some(*x))))
    } else {
        g.ziele.as_deref().map(|z| (z, None))
    };
    Some(Inhalt {
        g,
        aufgaben: f.aufgaben.iter().filter(|a| a.gespraech == nr).collect(),
        fruehere: f
            .aufgaben
            .iter()
            .filter(|a| frueher.iter().any(|x| x.nr == a.gespraech))
            .filter(|a| match a.erledigt {
                None => true,
                Some(d) if d > g.datum => true,
                Some(d) => vorher.is_some_and(|v| d > v.datum),
            })
            .collect(),
        vorher,
        ziele,
    })
}

/// Where a task stands at the meeting: new, still open (from meeting N), or done.
fn stand(a: &AufgabeStand, i: &Inhalt) -> String {
    if a.gespraech == i.g.nr {
        return "neu".into();
    }
    match a.erledigt {
        Some(d) if d <= i.g.datum => format!("erledigt am {}", datum_text(Some(d))),
        _ => format!("offen (aus Gespräch Nr. {})", a.gespraech),
    }
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
    let ziele = match i.ziele {
        Some((z, None)) => z.to_string(),
        Some((z, Some(x))) => format!(
            "{z}\n(weiter gültig, vereinbart im Gespräch Nr. {} vom {})",
            x.nr,
            datum_text(Some(x.datum))
        ),
        None => String::new(),
    };
    d.abschnitt("Ziele", Some(&ziele));
    d.block(Block::Ueberschrift("Handlungsplan".into()));
    if let Some(v) = i.vorher {
        d.block(Block::Text(format!(
            "Mit den offenen Aufgaben früherer Gespräche und den seit dem Gespräch Nr. {} vom {} erledigten.",
            v.nr,
            datum_text(Some(v.datum))
        )));
    }
    d.block(Block::Tabelle {
        kopf: ["Nr", "Was", "Wer", "Bis", "Stand"]
            .map(String::from)
            .to_vec(),
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
                    stand(a, &i),
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
    // The binding plan: agreed by those at the table (recorded with `--vereinbart`), or a
    // place to note it.
    d.block(Block::Hervorgehoben(if i.g.vereinbart {
        format!(
            "Vereinbart am {} von: {}",
            datum_text(Some(i.g.datum)),
            i.g.teilnehmer.join(", ")
        )
    } else {
        "Vereinbart am ……………………… von ………………………………………………………………".into()
    }));
    d.fuss = "Erstellt durch die IIZ-Koordinationsstelle. Vertraulich – nur für die Teilnehmenden des Roundtables.".into();
    Some(d)
}
