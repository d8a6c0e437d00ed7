//! Events: what a journal line records. Serialized as `"typ": …, "daten": {…}`.
//! Never a name, AHV number or birth date here: the person is a pseudonym.

use super::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

// The application is the one large event, once per case; a journal is replayed a line at a
// time and its events are few, so boxing it would buy nothing but an allocation per parse.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "typ", content = "daten", rename_all = "snake_case")]
pub enum Ereignis {
    Antrag(Antrag),
    Annahme(Annahme),
    Ablehnung(Ablehnung),
    Uebergabe(Uebergabe),
    Standort(Standort),
    KgsBeantragt(KgsBeantragt),
    KgsBewilligt(KgsBewilligt),
    KgsAbgelehnt(KgsAbgelehnt),
    KgsAbgerechnet(KgsAbgerechnet),
    Abschluss(Abschluss),
    Anonymisiert(Anonymisiert),
}

impl Ereignis {
    /// The word shown in timelines.
    pub fn bezeichnung(&self) -> &'static str {
        match self {
            Ereignis::Antrag(_) => "Antrag",
            Ereignis::Annahme(_) => "Annahme",
            Ereignis::Ablehnung(_) => "Ablehnung",
            Ereignis::Uebergabe(_) => "Übergabegespräch",
            Ereignis::Standort(_) => "Standortgespräch",
            Ereignis::KgsBeantragt(_) => "Kostengutsprache beantragt",
            Ereignis::KgsBewilligt(_) => "Kostengutsprache bewilligt",
            Ereignis::KgsAbgelehnt(_) => "Kostengutsprache abgelehnt",
            Ereignis::KgsAbgerechnet(_) => "Kostengutsprache abgerechnet",
            Ereignis::Abschluss(_) => "Abschlussgespräch",
            Ereignis::Anonymisiert(_) => "Personendaten gelöscht",
        }
    }
}

/// A violated acceptance criterion (concept 3.2.1–3.2.3): registered, warned, and only
/// accepted with a recorded deviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kriterium {
    /// RAV, IV: the person must be able, willing and allowed to work.
    ArbeitsangebotNichtIntakt,
    /// RAV: at most 80 % anrechenbarer Arbeitsausfall.
    ArbeitsausfallUeber80,
    /// RAV: no running IV clarification, measure, pension question or proceeding.
    IvOffen,
    /// IV: a suspected IV-relevant health damage needs a normal IV application.
    GesundheitsschadenIv,
    /// IV: a previous IV rejection must lie more than 12 months back.
    IvAblehnungUnter12Monate,
    /// IV: a high need of support in finding work, or health-impeded access to the labour
    /// market, or support at the start of a new job (concept 1702–1704) – not declared.
    KeinUnterstuetzungsbedarf,
    /// SH: social problems come first, so the Arbeitsangebot is *not* intact.
    ArbeitsangebotIntakt,
    /// SH: the social service confirms it takes over integral case management.
    FallfuehrungNichtBestaetigt,
    /// Same institution type on both sides: no target group of chapter 4.
    GleicheInstitution,
}

impl Kriterium {
    pub fn text(self) -> &'static str {
        match self {
            Kriterium::ArbeitsangebotNichtIntakt => "Arbeitsangebot ist nicht intakt",
            Kriterium::ArbeitsausfallUeber80 => "anrechenbarer Arbeitsausfall über 80 %",
            Kriterium::IvOffen => {
                "IV-Abklärung, IV-Massnahme, Rentenfrage oder Rechtsmittelverfahren offen"
            }
            Kriterium::GesundheitsschadenIv => {
                "Verdacht auf IV-relevanten Gesundheitsschaden (normale IV-Anmeldung nötig)"
            }
            Kriterium::KeinUnterstuetzungsbedarf => {
                "kein hoher Unterstützungsbedarf bei der Arbeitsvermittlung bzw. kein gesundheitsbedingt erschwerter Zugang zum Arbeitsmarkt erklärt"
            }
            Kriterium::IvAblehnungUnter12Monate => {
                "frühere IV-Ablehnung liegt weniger als 12 Monate zurück"
            }
            Kriterium::ArbeitsangebotIntakt => {
                "Arbeitsangebot ist intakt (Sozialhilfe übernimmt nur bei nicht intaktem)"
            }
            Kriterium::FallfuehrungNichtBestaetigt => {
                "Sozialdienst hat die integrale Fallführung nicht bestätigt"
            }
            Kriterium::GleicheInstitution => {
                "gleicher Institutionstyp auf beiden Seiten (keine Zielgruppe)"
            }
        }
    }
}

/// A hint that is shown but never blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hinweis {
    /// Recorded by earlier versions (attached to RAV → SH by mistake); kept readable.
    RavAbmeldungUeber6Monate,
    /// SH → RAV: the person was registered at the RAV within the last 6 months (evaluation,
    /// reference line 416–420: the situation has hardly changed).
    RavKuerzlichAngemeldet,
}

impl Hinweis {
    pub fn text(self) -> &'static str {
        match self {
            Hinweis::RavAbmeldungUeber6Monate => {
                "Abmeldung beim RAV liegt mehr als 6 Monate zurück"
            }
            Hinweis::RavKuerzlichAngemeldet => {
                "Die Person war in den letzten 6 Monaten beim RAV angemeldet – Sozialdienste überweisen solche Fälle in der Regel nicht ans RAV (die Situation hat sich kaum verändert)"
            }
        }
    }
}

fn ist_falsch(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Antrag {
    pub von: Institution,
    pub an: Institution,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub von_stelle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub an_stelle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallfuehrer: Option<String>,
    /// Pseudonym of the person record in the erasable person store.
    pub person: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geburtsjahr: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geschlecht: Option<Geschlecht>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wohngemeinde: Option<String>,
    #[serde(default)]
    pub bezug: Vec<Bezug>,
    pub arbeitsangebot: Arbeitsangebot,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arbeitsausfall: Option<u8>,
    #[serde(default, skip_serializing_if = "ist_falsch")]
    pub iv_offen: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iv_ablehnung: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "ist_falsch")]
    pub gesundheitsschaden_iv: bool,
    /// To the IV: the person has a high need of support in finding work, health-impeded
    /// access to the labour market, or needs support at the start of a new job (concept
    /// 1702–1704). `None` in applications recorded before the rule and to other offices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unterstuetzungsbedarf: Option<bool>,
    /// The Roundtable this application arose from (`antrag --aus-roundtable`), whose
    /// journal records the OPTIMA case in turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aus_roundtable: Option<String>,
    #[serde(default, skip_serializing_if = "ist_falsch")]
    pub fallfuehrung_bestaetigt: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rav_abmeldung: Option<NaiveDate>,
    pub einverstaendnis: bool,
    pub dauer: u8,
    pub ziel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bemerkung: Option<String>,
    /// Derived by `regeln::vorpruefung` and stored, so that the record shows what was
    /// decided at the time.
    pub zielgruppe: Option<Zielgruppe>,
    #[serde(default)]
    pub kriterien: Vec<Kriterium>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hinweise: Vec<Hinweis>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Annahme {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub berater: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abweichung: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ablehnung {
    pub grund: Ablehnungsgrund,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bemerkung: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uebergabe {
    pub naechstes_gespraech: NaiveDate,
    pub strategie: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub massnahmen: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teilnehmer: Vec<String>,
    pub zustimmung: bool,
    #[serde(default, skip_serializing_if = "ist_falsch")]
    pub arbeitsfaehig_erklaert: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub befreiung_bis: Option<NaiveDate>,
    /// The duration fixed at the handover meeting (3 or 6 months; concept 3.1: "nach einer
    /// bestimmten, im Übergabegespräch festzulegenden Dauer"); none: as applied for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dauer: Option<u8>,
    /// To the RAV: the day the person registered at the RAV (evaluation: "die Person muss
    /// sich beim zuständigen RAV anmelden"); none: still due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rav_anmeldung: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standort {
    pub naechstes_gespraech: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub massnahmen: Option<String>,
    /// A justified extension of the case management beyond the planned 3/6 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verlaengern_bis: Option<NaiveDate>,
    /// A change of the advisor (Fallführung) at the receiving institution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub berater: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KgsBeantragt {
    pub nr: u32,
    pub massnahme: String,
    pub anbieter: String,
    pub betrag: Rappen,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zeitraum: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KgsBewilligt {
    pub nr: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unterzeichnet: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KgsAbgelehnt {
    pub nr: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grund: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KgsAbgerechnet {
    pub nr: u32,
    pub betrag: Rappen,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abweichung: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Abschluss {
    pub grund: Abschlussgrund,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anlass: Option<Anlass>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bemerkung: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Anonymisiert {}
