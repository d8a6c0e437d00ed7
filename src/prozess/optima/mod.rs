//! OPTIMA (spec part 1): one institution hands a person's case management for 3–6 months to
//! the institution most competent for the problem.
//!
//! - `modell`, `ereignis`, `fall`: the vocabulary, the events a journal records, the state;
//! - `regeln`: **decide** — may this event be recorded now? The only place a rule refuses;
//! - `anwenden`: **apply** — what a recorded event does to the state;
//! - `fristen`: what is due (Pendenzen); `kennzahlen`: the Standardreporting fold.

pub mod anwenden;
mod blatt;
mod ereignis;
mod fall;
pub mod fristen;
pub mod kennzahlen;
mod modell;
pub mod regeln;

#[cfg(test)]
mod modell_tests;

pub use anwenden::Strukturfehler;
pub use ereignis::*;
pub use fall::*;
pub use modell::*;

use crate::fehler::Fehler;
use crate::prozess::{Kontext, Prozess};
use chrono::NaiveDate;

/// The OPTIMA process for the application layer.
pub struct Optima;

impl Prozess for Optima {
    const PRAEFIX: &'static str = "OPT";
    const NAME: &'static str = "optima";
    const NEU: &'static str = "antrag";
    const BEISPIEL: &'static str = r#"{"op":"antrag","von":"sh","an":"iv","name":"Beispiel","vorname":"Optima","ahv":"756.9217.0769.85","arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"Stelle im ersten Arbeitsmarkt","datum":"2023-03-01"}"#;
    const FREITEXT: &'static [(&'static str, &'static str)] = &[
        ("antrag", "ziel"),
        ("antrag", "bemerkung"),
        ("annahme", "abweichung"),
        ("ablehnung", "bemerkung"),
        ("uebergabe", "strategie"),
        ("uebergabe", "massnahmen"),
        ("uebergabe", "teilnehmer"),
        ("standort", "stand"),
        ("standort", "massnahmen"),
        ("kgs_beantragt", "massnahme"),
        ("kgs_beantragt", "anbieter"),
        ("kgs_beantragt", "zeitraum"),
        ("kgs_abgelehnt", "grund"),
        ("kgs_abgerechnet", "abweichung"),
        ("abschluss", "bemerkung"),
        ("*", "begruendung"),
    ];
    type Ereignis = Ereignis;
    type Fall = Fall;
    type Regelverletzung = regeln::Regelverletzung;

    fn entscheiden(
        fall: Option<&Fall>,
        id: &str,
        datum: NaiveDate,
        e: &Ereignis,
        ctx: &Kontext,
    ) -> Result<(), regeln::Regelverletzung> {
        regeln::entscheiden(fall, id, datum, e, ctx)
    }

    fn altbestand(
        fall: Option<&Fall>,
        id: &str,
        datum: NaiveDate,
        e: &Ereignis,
        heute: NaiveDate,
    ) -> Result<(), regeln::Regelverletzung> {
        regeln::altbestand(fall, id, datum, e, heute)
    }

    fn anwenden(
        fall: Option<Fall>,
        id: &str,
        datum: NaiveDate,
        benutzer: &str,
        e: &Ereignis,
    ) -> Result<Fall, Strukturfehler> {
        anwenden::anwenden(fall, id, datum, benutzer, e)
    }

    fn person(fall: &Fall) -> Option<&str> {
        // A case from the old tool (altbestand) has no person.
        (!fall.anonymisiert && !fall.antrag.person.is_empty())
            .then_some(fall.antrag.person.as_str())
    }

    fn ist_offen(fall: &Fall) -> bool {
        fall.status.ist_offen()
    }

    fn anonymisiert() -> Ereignis {
        Ereignis::Anonymisiert(Anonymisiert {})
    }

    fn akte(fall: Fall) -> crate::prozess::Fall {
        crate::prozess::Fall::Optima(fall)
    }

    fn uebersicht(fall: &Fall) -> crate::prozess::Uebersicht {
        fall.uebersicht()
    }

    fn bezeichnung(e: &Ereignis) -> &'static str {
        e.bezeichnung()
    }

    fn nummern(e: &Ereignis) -> Vec<(&'static str, u32)> {
        match e {
            Ereignis::KgsBeantragt(k) => vec![("kostengutsprache", k.nr)],
            _ => Vec::new(),
        }
    }

    fn merkmale(f: &Fall) -> crate::prozess::Merkmale {
        use crate::prozess::gruppen::wort;
        crate::prozess::Merkmale {
            angebot: Self::NAME,
            anmeldedatum: f.antrag_datum,
            status: wort(f.status),
            von: wort(f.antrag.von),
            an: wort(f.antrag.an),
            von_stelle: f.antrag.von_stelle.clone(),
            an_stelle: f.antrag.an_stelle.clone(),
            zielgruppe: f.zielgruppe.map(|z| z.to_string()),
            geschlecht: f.antrag.geschlecht.map(|g| g.to_string()),
            geburtsjahr: f.antrag.geburtsjahr,
            wohngemeinde: f.antrag.wohngemeinde.clone(),
            anlass: f.abschluss.as_ref().and_then(|a| a.anlass).map(wort),
            ende: f
                .abschluss_datum
                .or(f.ablehnung.as_ref().and(f.entscheid_datum)),
            abschlussgrund: match (&f.abschluss, &f.ablehnung) {
                (Some(a), _) => wort(a.grund),
                (None, Some(_)) => "abgelehnt".into(),
                _ => String::new(),
            },
        }
    }
}

impl From<regeln::Regelverletzung> for Fehler {
    fn from(r: regeln::Regelverletzung) -> Fehler {
        Fehler::Regel(r.to_string())
    }
}
