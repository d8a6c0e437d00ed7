//! Roundtable events: what a journal line records. Never a name, AHV number or birth date:
//! the person is a pseudonym.

use super::*;
use crate::prozess::Geschlecht;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "typ", content = "daten", rename_all = "snake_case")]
pub enum Ereignis {
    Anmeldung(Anmeldung),
    KeinProzess(KeinProzess),
    Gespraech(Gespraech),
    Begleitung(Begleitung),
    AufgabeErledigt(AufgabeErledigt),
    Abschluss(Abschluss),
    Anonymisiert(Anonymisiert),
    /// An OPTIMA application arose from this Roundtable (`antrag --aus-roundtable`):
    /// recorded by the application, never typed.
    OptimaAuftrag(OptimaAuftrag),
}

impl Ereignis {
    pub fn bezeichnung(&self) -> &'static str {
        match self {
            Ereignis::Anmeldung(_) => "Anmeldung",
            Ereignis::KeinProzess(_) => "Kein Prozess",
            Ereignis::Gespraech(_) => "Roundtable-Gespräch",
            Ereignis::Begleitung(_) => "Begleitung",
            Ereignis::AufgabeErledigt(_) => "Aufgabe erledigt",
            Ereignis::Abschluss(_) => "Abschluss",
            Ereignis::Anonymisiert(_) => "Personendaten gelöscht",
            Ereignis::OptimaAuftrag(_) => "Optima-Auftrag",
        }
    }
}

fn ist_falsch(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anmeldung {
    pub anmeldende_stelle: Stelle,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anmeldende_stelle_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anmelder: Option<String>,
    /// Pseudonym of the person record in the erasable person store.
    pub person: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geburtsjahr: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geschlecht: Option<Geschlecht>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wohngemeinde: Option<String>,
    pub beteiligte: Vec<Beteiligte>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beteiligte_text: Option<String>,
    pub anliegen: String,
    pub einverstaendnis: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kanal: Option<Kanal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeinProzess {
    pub grund: String,
}

/// One task of the Ziel- und Handlungsplan: what, who, until when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aufgabe {
    pub was: String,
    pub wer: String,
    pub bis: NaiveDate,
    /// The task's number within the case, given when recorded (numbers are identities:
    /// a voided or revised plan leaves its numbers unused). Absent in journals written
    /// before: there tasks are numbered by their place, as then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nr: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gespraech {
    /// The meeting's number within the case (1, 2, …).
    pub nr: u32,
    pub teilnehmer: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analyse: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ziele: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aufgaben: Vec<Aufgabe>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallfuehrung: Option<Stelle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallfuehrung_person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub naechstes_gespraech: Option<NaiveDate>,
    /// The participants agreed the Ziel- und Handlungsplan as binding (annual report 2023,
    /// line 58 ff.: "verbindlicher Handlungsplan").
    #[serde(default, skip_serializing_if = "ist_falsch")]
    pub vereinbart: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Begleitung {
    pub notiz: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AufgabeErledigt {
    /// The task's number within the case (numbered across meetings).
    pub nr: u32,
    #[serde(default, skip_serializing_if = "ist_falsch")]
    pub erledigt: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Abschluss {
    pub grund: Grund,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loesung: Option<Loesung>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bemerkung: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Anonymisiert {}

/// The OPTIMA case an application from this Roundtable opened, and the application's day
/// (the line itself is dated with it, or with the Roundtable's last event if later).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimaAuftrag {
    pub fall: String,
    pub antrag_datum: NaiveDate,
}
