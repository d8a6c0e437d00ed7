//! `iiz liste`: one row per case of every process, newest first, filterable by status,
//! institution, year, Berater:in and openness, optionally limited to the newest N.
//! No names here: the list is for overview and may be pasted anywhere.

use super::Umgebung;
use crate::ausgabe::Format;
use crate::ausgabe::{self, datum_text};
use crate::cli::ListeArgs;
use crate::fehler::Fehler;
use crate::prozess::Uebersicht;
use crate::vorgang;

const KOPF: [&str; 8] = [
    "fall",
    "status",
    "von",
    "an",
    "zielgruppe",
    "antrag",
    "naechstes_gespraech",
    "angebot",
];

pub fn ausfuehren(u: &Umgebung, a: ListeArgs) -> Result<(), Fehler> {
    let berater = a.berater.as_deref().map(|b| b.trim().to_lowercase());
    let passt = |z: &Uebersicht| {
        a.status.is_none_or(|s| s.to_string() == z.status)
            && a.angebot.is_none_or(|x| x == z.angebot)
            && a.von.is_none_or(|v| v.to_string() == z.von)
            && a.an.is_none_or(|v| v.to_string() == z.an)
            && a.stelle
                .is_none_or(|v| v.to_string() == z.von || v.to_string() == z.an)
            && (!a.offen || z.offen)
            && a.jahr
                .is_none_or(|j| chrono::Datelike::year(&z.antrag) == j)
            && berater.as_ref().is_none_or(|b| {
                z.berater
                    .as_deref()
                    .is_some_and(|x| x.to_lowercase().contains(b.as_str()))
            })
    };
    if u.format == Format::Table {
        return tabelle_ausgeben(u, &a, &passt);
    }
    let mut zeilen = zeilen(u, &a, &passt, |z| z)?;
    zeilen.sort_by(|x, y| (y.antrag, &y.fall).cmp(&(x.antrag, &x.fall)));
    kuerzen(&mut zeilen, a.limit);
    match u.format {
        Format::Csv => ausgabe::csv(&KOPF, &zeilen),
        _ => super::json_mit_warnungen(u, &zeilen),
    }
}

/// The rows of every case that passes the filter, made by `machen` from its overview (a
/// voided case shows as "storniert"); a case's full state is dropped as soon as its row is
/// made.
fn zeilen<T: Send>(
    u: &Umgebung,
    a: &ListeArgs,
    passt: &(impl Fn(&Uebersicht) -> bool + Sync),
    machen: impl Fn(Uebersicht) -> T + Sync,
) -> Result<Vec<T>, Fehler> {
    Ok(
        vorgang::alle_akten(u, None, a.storniert, Vec::new, |z, f, storniert| {
            let mut zeile = f.uebersicht();
            if storniert.is_some() {
                zeile.status = "storniert".into();
                zeile.offen = false;
            }
            if passt(&zeile) {
                z.push(machen(zeile));
            }
        })?
        .into_iter()
        .flatten()
        .collect(),
    )
}

/// Keeps the newest `limit` rows; how many were dropped.
fn kuerzen<T>(zeilen: &mut Vec<T>, limit: Option<u64>) -> usize {
    match limit {
        Some(n) if zeilen.len() as u64 > n => {
            let w = zeilen.len() - n as usize;
            zeilen.truncate(n as usize);
            w
        }
        _ => 0,
    }
}

/// A row of the table: what it sorts by, and the cells as shown.
struct Tabellenzeile {
    antrag: chrono::NaiveDate,
    fall: String,
    zellen: [String; 6],
}

/// The table for a person: only the cells shown are kept per case (the whole row of every
/// case took 270 MB at 100'000 cases).
fn tabelle_ausgeben(
    u: &Umgebung,
    a: &ListeArgs,
    passt: &(impl Fn(&Uebersicht) -> bool + Sync),
) -> Result<(), Fehler> {
    let mut zeilen = zeilen(u, a, passt, |zeile| Tabellenzeile {
        antrag: zeile.antrag,
        zellen: [
            zeile.status,
            zeile.von.to_uppercase(),
            zeile.an.to_uppercase(),
            zeile.zielgruppe.unwrap_or_else(|| "–".into()),
            datum_text(Some(zeile.antrag)),
            datum_text(zeile.naechstes_gespraech),
        ],
        fall: zeile.fall,
    })?;
    zeilen.sort_by(|x, y| (y.antrag, &y.fall).cmp(&(x.antrag, &x.fall)));
    let weitere = kuerzen(&mut zeilen, a.limit);
    if weitere > 0 {
        // On stderr so that the table itself stays clean for copying.
        let faelle = if weitere == 1 {
            "weiterer Fall"
        } else {
            "weitere Fälle"
        };
        ausgabe::meldung(format_args!("{weitere} {faelle} nicht gezeigt (--limit)."));
    }
    if zeilen.is_empty() {
        ausgabe::meldung(format_args!("Keine Fälle gefunden."));
        return Ok(());
    }
    let zeilen: Vec<Vec<String>> = zeilen
        .into_iter()
        .map(|z| {
            let [status, von, an, zielgruppe, antrag, gespraech] = z.zellen;
            vec![z.fall, status, von, an, zielgruppe, antrag, gespraech]
        })
        .collect();
    ausgabe::seite(&ausgabe::tabelle_text(
        &[
            "Fall",
            "Status",
            "Von",
            "An",
            "Zielgruppe",
            "Antrag",
            "Nächstes Gespräch",
        ],
        zeilen,
    ))
}
