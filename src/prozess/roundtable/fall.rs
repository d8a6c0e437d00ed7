//! The state of one Roundtable case, as replayed from its journal.

use super::*;
use crate::prozess::Schritt;
use chrono::NaiveDate;
use serde::Serialize;

/// A task of the action plan as it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AufgabeStand {
    pub nr: u32,
    /// The meeting that agreed it.
    pub gespraech: u32,
    pub was: String,
    pub wer: String,
    pub bis: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erledigt: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GespraechStand {
    pub nr: u32,
    pub datum: NaiveDate,
    pub teilnehmer: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyse: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ziele: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naechstes_gespraech: Option<NaiveDate>,
    /// Who led the case as of this meeting (agreed here or earlier).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallfuehrung: Option<Stelle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallfuehrung_person: Option<String>,
    /// The participants agreed the plan as binding (`rt gespraech --vereinbart`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub vereinbart: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notiz {
    pub datum: NaiveDate,
    pub notiz: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fall {
    pub fall: String,
    pub status: Status,
    pub anmeldung: Anmeldung,
    pub anmelde_datum: NaiveDate,
    pub gespraeche: Vec<GespraechStand>,
    pub aufgaben: Vec<AufgabeStand>,
    pub begleitungen: Vec<Notiz>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallfuehrung: Option<Stelle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallfuehrung_person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naechstes_gespraech: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kein_prozess: Option<KeinProzess>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abschluss: Option<Abschluss>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ende_datum: Option<NaiveDate>,
    pub anonymisiert: bool,
    /// OPTIMA cases that arose from this Roundtable, with the day of their application.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub optima_auftraege: Vec<(String, NaiveDate)>,
    /// Date of the latest event: no later event may be dated before it.
    pub letztes_datum: NaiveDate,
    pub verlauf: Vec<Schritt>,
}

impl Fall {
    /// Every free-text string of the case (the fields of `Roundtable::FREITEXT`), for a
    /// display to put the decrypted text in place.
    pub fn texte_mut(&mut self) -> Vec<&mut String> {
        let mut t: Vec<&mut String> = vec![&mut self.anmeldung.anliegen];
        for g in &mut self.gespraeche {
            t.extend(g.teilnehmer.iter_mut());
            t.extend(g.analyse.iter_mut());
            t.extend(g.ziele.iter_mut());
        }
        for a in &mut self.aufgaben {
            t.push(&mut a.was);
            t.push(&mut a.wer);
        }
        t.extend(self.begleitungen.iter_mut().map(|n| &mut n.notiz));
        if let Some(k) = &mut self.kein_prozess {
            t.push(&mut k.grund);
        }
        if let Some(a) = &mut self.abschluss {
            t.extend(a.bemerkung.iter_mut());
        }
        t
    }

    pub fn gespraech(&self, nr: u32) -> Option<&GespraechStand> {
        self.gespraeche.iter().find(|g| g.nr == nr)
    }

    /// The parties involved: the registering institution and the others at the table,
    /// each counted once.
    pub fn parteien(a: &Anmeldung) -> usize {
        let mut p: Vec<String> = a.beteiligte.iter().map(|b| b.to_string()).collect();
        let anmelder = a.anmeldende_stelle.to_string();
        if a.anmeldende_stelle == Stelle::Andere || !p.contains(&anmelder) {
            p.push(format!("anmeldend:{anmelder}"));
        }
        p.len()
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
