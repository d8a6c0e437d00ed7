//! Deadlines: what is due in an OPTIMA case at a date — progress meetings due (within 7 days) or
//! overdue, cost approvals pending more than 10 days (the form asks for the signature
//! within 10 days, concept 3.2.1), applications undecided more than 14 days, planned
//! duration exceeded, exemptions from job-search duties ending within 14 days.
//! Closed and rejected cases never appear.

use super::*;
use crate::ausgabe::datum_text;
use crate::prozess::Pendenz;
use chrono::{Days, NaiveDate};

/// The due items of one case at `stichtag`.
pub fn pendenzen(f: &Fall, stichtag: NaiveDate) -> Vec<Pendenz> {
    let mut p = Vec::new();
    let mut neu = |art, faellig, text: String| {
        p.push(Pendenz {
            fall: f.fall.clone(),
            art,
            faellig,
            text,
        })
    };
    if !f.status.ist_offen() {
        return p;
    }
    if f.status == Status::Beantragt {
        let frist = f.antrag_datum + Days::new(14);
        if stichtag > frist {
            neu(
                "antrag",
                frist,
                format!(
                    "Antrag vom {} ist seit mehr als 14 Tagen unentschieden",
                    datum_text(Some(f.antrag_datum))
                ),
            );
        }
    }
    if f.status == Status::Laufend {
        if let Some(t) = f
            .naechstes_gespraech
            .filter(|t| *t <= stichtag + Days::new(7))
        {
            let text = if t < stichtag {
                format!(
                    "Standortgespräch überfällig (geplant {})",
                    datum_text(Some(t))
                )
            } else {
                format!("Standortgespräch fällig am {}", datum_text(Some(t)))
            };
            neu("gespraech", t, text);
        }
        if let Some(e) = f.geplantes_ende().filter(|e| *e < stichtag) {
            neu(
                "dauer",
                e,
                format!(
                    "Geplante Dauer von {} Monaten am {} überschritten",
                    f.antrag.dauer,
                    datum_text(Some(e))
                ),
            );
        }
        if let Some(b) = f
            .befreiung_bis
            .filter(|b| *b >= stichtag && *b <= stichtag + Days::new(14))
        {
            neu(
                "befreiung",
                b,
                format!(
                    "Befreiung von den Arbeitsbemühungen endet am {}",
                    datum_text(Some(b))
                ),
            );
        }
    }
    for k in f
        .kostengutsprachen
        .iter()
        .filter(|k| k.status == KgsStatus::Beantragt)
    {
        let frist = k.beantragt_am + Days::new(10);
        if stichtag > frist {
            neu(
                "kostengutsprache",
                frist,
                format!(
                    "Kostengutsprache Nr. {} ({}) seit mehr als 10 Tagen nicht unterzeichnet",
                    k.nr, k.massnahme
                ),
            );
        }
    }
    p
}
