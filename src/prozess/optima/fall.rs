//! The state of one case, as replayed from its journal by `regeln::anwenden`.

use super::*;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kostengutsprache {
    pub nr: u32,
    pub status: KgsStatus,
    pub massnahme: String,
    pub anbieter: String,
    pub betrag: Rappen,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zeitraum: Option<String>,
    pub beantragt_am: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entschieden_am: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abgerechnet: Option<Rappen>,
    /// Who signed the approval at the paying institution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unterzeichnet: Option<String>,
    /// Why it was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ablehnungsgrund: Option<String>,
    /// Justification of an invoice above the approved amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abweichung: Option<String>,
}

/// One progress meeting as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandortStand {
    pub datum: NaiveDate,
    pub naechstes_gespraech: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stand: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub massnahmen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verlaengern_bis: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berater: Option<String>,
}

pub use crate::prozess::Schritt;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fall {
    pub fall: String,
    pub status: Status,
    pub zielgruppe: Option<Zielgruppe>,
    pub antrag: Antrag,
    pub antrag_datum: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entscheid_datum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abweichung: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berater: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ablehnung: Option<Ablehnung>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uebergabe_datum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naechstes_gespraech: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub befreiung_bis: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abschluss_datum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abschluss: Option<Abschluss>,
    pub kostengutsprachen: Vec<Kostengutsprache>,
    /// What the handover meeting agreed (strategy, measures, participants).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uebergabe: Option<Uebergabe>,
    pub standorte: Vec<StandortStand>,
    /// A justified extension beyond the planned duration (at a progress meeting).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verlaengert_bis: Option<NaiveDate>,
    pub anonymisiert: bool,
    /// Date of the latest event: no later event may be dated before it.
    pub letztes_datum: NaiveDate,
    pub verlauf: Vec<Schritt>,
}

impl Fall {
    /// Every free-text string of the case (the fields of `Optima::FREITEXT`), for a
    /// document to put the decrypted text in place.
    pub fn texte_mut(&mut self) -> Vec<&mut String> {
        let mut t: Vec<&mut String> = vec![&mut self.antrag.ziel];
        t.extend(self.antrag.bemerkung.iter_mut());
        t.extend(self.abweichung.iter_mut());
        if let Some(a) = &mut self.ablehnung {
            t.extend(a.bemerkung.iter_mut());
        }
        if let Some(u) = &mut self.uebergabe {
            t.push(&mut u.strategie);
            t.extend(u.massnahmen.iter_mut());
            t.extend(u.teilnehmer.iter_mut());
        }
        for s in &mut self.standorte {
            t.extend(s.stand.iter_mut());
            t.extend(s.massnahmen.iter_mut());
        }
        for k in &mut self.kostengutsprachen {
            t.push(&mut k.massnahme);
            t.push(&mut k.anbieter);
            t.extend(k.zeitraum.iter_mut());
            t.extend(k.ablehnungsgrund.iter_mut());
            t.extend(k.abweichung.iter_mut());
        }
        if let Some(a) = &mut self.abschluss {
            t.extend(a.bemerkung.iter_mut());
        }
        t
    }

    pub fn kgs(&self, nr: u32) -> Option<&Kostengutsprache> {
        self.kostengutsprachen.iter().find(|k| k.nr == nr)
    }

    /// End of the planned duration (3 or 6 months from the handover).
    pub fn geplantes_ende(&self) -> Option<NaiveDate> {
        let start = self.uebergabe_datum?;
        self.verlaengert_bis
            .or_else(|| start.checked_add_months(chrono::Months::new(u32::from(self.antrag.dauer))))
    }
}

impl crate::prozess::grundregeln::Stand for Fall {
    fn fall_id(&self) -> &str {
        &self.fall
    }
    fn letztes_datum(&self) -> NaiveDate {
        self.letztes_datum
    }
}
