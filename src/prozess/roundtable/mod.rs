//! Roundtable (spec part 2, §9): in a complex case where three or more parties are involved,
//! everyone comes to one table, analyses the situation and agrees a binding Ziel- und
//! Handlungsplan; one of the professionals then leads the case, and the coordination office
//! accompanies the process until it is closed.
//!
//! The same shape as `optima`: vocabulary, events, state, `regeln` (decide), `anwenden`
//! (apply), `fristen`, `kennzahlen`, `blatt`; the document for the participants is presentation (`ausgabe::rt_dokument`).

pub mod anwenden;
mod blatt;
mod ereignis;
mod fall;
pub mod fristen;
pub mod kennzahlen;
mod modell;
pub mod regeln;

pub use ereignis::*;
pub use fall::*;
pub use modell::*;

use crate::fehler::Fehler;
use crate::prozess::{Kontext, Prozess, Strukturfehler};
use chrono::NaiveDate;

/// The Roundtable process for the application layer.
pub struct Roundtable;

impl Prozess for Roundtable {
    const PRAEFIX: &'static str = "RT";
    const NAME: &'static str = "roundtable";
    const NEU: &'static str = "rt-anmeldung";
    const BEISPIEL: &'static str = r#"{"op":"rt-anmeldung","anmeldende_stelle":"iv","name":"Beispiel","vorname":"Roundtable","ahv":"756.3047.5009.62","beteiligte":["rav","sh"],"anliegen":"Zuständigkeit klären","einverstaendnis":true,"datum":"2023-03-01"}"#;
    const FREITEXT: &'static [(&'static str, &'static str)] = &[
        ("anmeldung", "anliegen"),
        ("kein_prozess", "grund"),
        ("gespraech", "teilnehmer"),
        ("gespraech", "analyse"),
        ("gespraech", "ziele"),
        ("gespraech", "aufgaben.was"),
        ("gespraech", "aufgaben.wer"),
        ("begleitung", "notiz"),
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
        (!fall.anonymisiert && !fall.anmeldung.person.is_empty())
            .then_some(fall.anmeldung.person.as_str())
    }

    fn ist_offen(fall: &Fall) -> bool {
        fall.status.ist_offen()
    }

    fn anonymisiert() -> Ereignis {
        Ereignis::Anonymisiert(Anonymisiert {})
    }

    fn akte(fall: Fall) -> crate::prozess::Fall {
        crate::prozess::Fall::Roundtable(fall)
    }

    fn uebersicht(fall: &Fall) -> crate::prozess::Uebersicht {
        fall.uebersicht()
    }

    fn bezeichnung(e: &Ereignis) -> &'static str {
        e.bezeichnung()
    }

    fn nummern(e: &Ereignis) -> Vec<(&'static str, u32)> {
        match e {
            Ereignis::Gespraech(g) => std::iter::once(("gespraech", g.nr))
                .chain(
                    g.aufgaben
                        .iter()
                        .filter_map(|a| a.nr)
                        .map(|nr| ("aufgabe", nr)),
                )
                .collect(),
            _ => Vec::new(),
        }
    }

    fn merkmale(f: &Fall) -> crate::prozess::Merkmale {
        use crate::prozess::gruppen::wort;
        crate::prozess::Merkmale {
            angebot: Self::NAME,
            anmeldedatum: f.anmelde_datum,
            status: wort(f.status),
            von: wort(f.anmeldung.anmeldende_stelle),
            an: String::new(),
            von_stelle: f.anmeldung.anmeldende_stelle_text.clone(),
            an_stelle: None,
            zielgruppe: None,
            geschlecht: f.anmeldung.geschlecht.map(|g| g.to_string()),
            geburtsjahr: f.anmeldung.geburtsjahr,
            wohngemeinde: f.anmeldung.wohngemeinde.clone(),
            anlass: f.abschluss.as_ref().map(|a| wort(a.grund)),
            ende: f.ende_datum,
            abschlussgrund: match (&f.abschluss, &f.kein_prozess) {
                (Some(a), _) => wort(a.grund),
                (None, Some(_)) => "kein-prozess".into(),
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
