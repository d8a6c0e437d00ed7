//! Deadlines of a Roundtable (spec §9): tasks of the action plan past their date, meetings
//! due (within 7 days) or overdue, registrations without a meeting for more than 30 days.
//! Closed cases and those ended without a process never appear.

use super::*;
use crate::prozess::Pendenz;
use crate::text::datum_text;
use chrono::{Days, NaiveDate};

/// Days a registration may wait for its first meeting before it is due.
pub const ANMELDUNG_OHNE_GESPRAECH_TAGE: u64 = 30;

pub fn pendenzen(f: &Fall, stichtag: NaiveDate) -> Vec<Pendenz> {
    let mut p = Vec::new();
    if !f.status.ist_offen() {
        return p;
    }
    let mut neu = |art, faellig, text: String| {
        p.push(Pendenz {
            fall: f.fall.clone(),
            art,
            faellig,
            text,
        })
    };
    if f.gespraeche.is_empty() {
        let frist = f.anmelde_datum + Days::new(ANMELDUNG_OHNE_GESPRAECH_TAGE);
        if stichtag > frist {
            neu(
                "anmeldung",
                frist,
                format!(
                    "Anmeldung vom {} seit mehr als {ANMELDUNG_OHNE_GESPRAECH_TAGE} Tagen ohne Roundtable-Gespräch",
                    datum_text(Some(f.anmelde_datum))
                ),
            );
        }
    }
    if let Some(t) = f
        .naechstes_gespraech
        .filter(|t| *t <= stichtag + Days::new(7))
    {
        let text = if t < stichtag {
            format!(
                "Roundtable-Gespräch überfällig (geplant {})",
                datum_text(Some(t))
            )
        } else {
            format!("Roundtable-Gespräch fällig am {}", datum_text(Some(t)))
        };
        neu("gespraech", t, text);
    }
    for a in f
        .aufgaben
        .iter()
        .filter(|a| a.erledigt.is_none() && a.bis < stichtag)
    {
        neu(
            "aufgabe",
            a.bis,
            format!("Aufgabe Nr. {} überfällig: {} ({})", a.nr, a.was, a.wer),
        );
    }
    p
}
