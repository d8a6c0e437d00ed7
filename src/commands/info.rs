//! `iiz info`: which register this is — the data directory in use, its format version, the
//! cases by service and status, and when a journal was last written. Says so when the data
//! directory does not exist (exit 4) or is incomplete (exit 5).

use super::Umgebung;
use crate::ausgabe::{self, Format, tabelle};
use crate::fehler::Fehler;
use crate::vorgang;
use crate::vorgang::FORMAT_VERSION;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Info {
    datenverzeichnis: String,
    format_version: u32,
    faelle: BTreeMap<String, BTreeMap<String, u64>>,
    total: u64,
    letzte_aenderung: Option<chrono::DateTime<chrono::Utc>>,
    /// The hash of the register log's last line (`pruefen --stand`).
    registerstand: Option<String>,
}

pub fn ausfuehren(u: &Umgebung) -> Result<(), Fehler> {
    let reg = u.register_vorhanden()?;
    let teile = vorgang::alle_akten(u, None, true, BTreeMap::new, |m, f, storniert| {
        let z = f.uebersicht();
        let angebot = serde_json::to_value(z.angebot)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let status = if storniert.is_some() {
            "storniert".into()
        } else {
            z.status
        };
        *m.entry(angebot)
            .or_insert_with(BTreeMap::new)
            .entry(status)
            .or_insert(0) += 1;
    })?;
    let mut faelle: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for teil in teile {
        for (angebot, stati) in teil {
            for (status, n) in stati {
                *faelle
                    .entry(angebot.clone())
                    .or_default()
                    .entry(status)
                    .or_insert(0) += n;
            }
        }
    }
    let info = Info {
        datenverzeichnis: u.data_dir.display().to_string(),
        // The version on disk (an older one is migrated by the next write).
        format_version: match reg {
            Some(r) => r.version()?,
            None => FORMAT_VERSION,
        },
        total: faelle.values().flat_map(|s| s.values()).sum(),
        faelle,
        letzte_aenderung: match reg {
            Some(r) => r
                .letzte_aenderung()?
                .map(chrono::DateTime::<chrono::Utc>::from),
            None => None,
        },
        registerstand: u.registerstand()?,
    };
    match u.format {
        Format::Json => ausgabe::json(&info),
        Format::Csv => {
            #[derive(Serialize)]
            struct Zeile<'a> {
                angebot: &'a str,
                status: &'a str,
                anzahl: u64,
            }
            let zeilen: Vec<Zeile> = info
                .faelle
                .iter()
                .flat_map(|(a, s)| {
                    s.iter().map(move |(st, n)| Zeile {
                        angebot: a,
                        status: st,
                        anzahl: *n,
                    })
                })
                .collect();
            ausgabe::csv(&["angebot", "status", "anzahl"], &zeilen)
        }
        Format::Table => {
            let mut t = tabelle(&[]);
            t.add_row(vec![
                "Datenverzeichnis".to_string(),
                info.datenverzeichnis.clone(),
            ]);
            t.add_row(vec![
                "Format-Version".to_string(),
                if reg.is_some() {
                    info.format_version.to_string()
                } else {
                    "– (noch kein Fall erfasst)".into()
                },
            ]);
            t.add_row(vec!["Fälle".to_string(), info.total.to_string()]);
            for (angebot, stati) in &info.faelle {
                let text: Vec<String> = stati.iter().map(|(s, n)| format!("{s} {n}")).collect();
                t.add_row(vec![format!("  {angebot}"), text.join(" · ")]);
            }
            t.add_row(vec![
                "Registerstand".to_string(),
                info.registerstand.clone().unwrap_or_else(|| "–".into()),
            ]);
            t.add_row(vec![
                "Letzter Schreibvorgang".to_string(),
                info.letzte_aenderung
                    .map(|d| {
                        d.with_timezone(&chrono::Local)
                            .format("%d.%m.%Y %H:%M")
                            .to_string()
                    })
                    .unwrap_or_else(|| "–".into()),
            ]);
            ausgabe::zeile(t)
        }
    }
}
