//! `iiz pendenzen`: what is due at a date — progress meetings due (within 7 days) or
//! overdue, cost approvals pending more than 10 days (the form asks for the signature
//! within 10 days, concept 3.2.1), applications undecided more than 14 days, planned
//! duration exceeded, exemptions from job-search duties ending within 14 days.
//! Closed and rejected cases never appear.

use super::{Umgebung, alle_faelle};
use crate::ausgabe::{self, datum_text, tabelle};
use crate::cli::{Format, PendenzenArgs};
use crate::fehler::Fehler;
use crate::prozess::optima::*;
use chrono::{Days, NaiveDate};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Pendenz {
    pub fall: String,
    pub art: &'static str,
    pub faellig: NaiveDate,
    pub text: String,
}

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

pub fn ausfuehren(u: &Umgebung, a: PendenzenArgs) -> Result<(), Fehler> {
    let stichtag = a.stichtag.unwrap_or(u.heute);
    let mut alle: Vec<Pendenz> = alle_faelle(u, Some(stichtag))?
        .iter()
        .flat_map(|f| pendenzen(f, stichtag))
        .collect();
    alle.sort_by(|x, y| (x.faellig, &x.fall).cmp(&(y.faellig, &y.fall)));
    match u.format {
        Format::Table => {
            if alle.is_empty() {
                eprintln!("Keine Pendenzen am {}.", datum_text(Some(stichtag)));
                return Ok(());
            }
            let mut t = tabelle(&["Fällig", "Fall", "Was"]);
            for p in &alle {
                t.add_row(vec![
                    datum_text(Some(p.faellig)),
                    p.fall.clone(),
                    p.text.clone(),
                ]);
            }
            ausgabe::zeile(t)
        }
        Format::Json => ausgabe::json(&alle),
        Format::Csv => ausgabe::csv(&["fall", "art", "faellig", "text"], &alle),
    }
}
