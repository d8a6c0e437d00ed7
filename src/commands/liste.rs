//! `iiz liste`: one row per case, newest first, filterable by status and institutions.
//! No names here: the list is for overview and may be pasted anywhere.

use super::Umgebung;
use crate::ausgabe::{self, datum_text, tabelle};
use crate::cli::{Format, ListeArgs};
use crate::fehler::Fehler;
use crate::prozess::optima::Optima;
use crate::vorgang;
use serde::Serialize;

const KOPF: [&str; 7] = [
    "fall",
    "status",
    "von",
    "an",
    "zielgruppe",
    "antrag",
    "naechstes_gespraech",
];

#[derive(Serialize)]
struct Zeile {
    fall: String,
    status: String,
    von: String,
    an: String,
    zielgruppe: Option<String>,
    antrag: chrono::NaiveDate,
    naechstes_gespraech: Option<chrono::NaiveDate>,
}

pub fn ausfuehren(u: &Umgebung, a: ListeArgs) -> Result<(), Fehler> {
    // Rows only: a case's full state is dropped as soon as its row is made.
    let mut zeilen: Vec<Zeile> = vorgang::alle_faelle::<Optima, _>(u, None, Vec::new, |z, f| {
        if a.status.is_none_or(|s| f.status == s)
            && a.von.is_none_or(|v| f.antrag.von == v)
            && a.an.is_none_or(|v| f.antrag.an == v)
        {
            z.push(Zeile {
                status: f.status.to_string(),
                von: f.antrag.von.to_string(),
                an: f.antrag.an.to_string(),
                zielgruppe: f.zielgruppe.map(|z| z.to_string()),
                antrag: f.antrag_datum,
                naechstes_gespraech: f.naechstes_gespraech,
                fall: f.fall,
            });
        }
    })?
    .into_iter()
    .flatten()
    .collect();
    zeilen.sort_by(|x, y| (y.antrag, &y.fall).cmp(&(x.antrag, &x.fall)));
    match u.format {
        Format::Json => ausgabe::json(&zeilen),
        Format::Csv => ausgabe::csv(&KOPF, &zeilen),
        Format::Table => {
            if zeilen.is_empty() {
                eprintln!("Keine Fälle gefunden.");
                return Ok(());
            }
            let mut t = tabelle(&[
                "Fall",
                "Status",
                "Von",
                "An",
                "Zielgruppe",
                "Antrag",
                "Nächstes Gespräch",
            ]);
            for z in &zeilen {
                t.add_row(vec![
                    z.fall.clone(),
                    z.status.clone(),
                    z.von.to_uppercase(),
                    z.an.to_uppercase(),
                    z.zielgruppe.clone().unwrap_or_else(|| "–".into()),
                    datum_text(Some(z.antrag)),
                    datum_text(z.naechstes_gespraech),
                ]);
            }
            ausgabe::zeile(t)
        }
    }
}
