//! `iiz stelle neu|liste|zeige|aendern|zusammenfuehren`: the office directory (spec §15).

use super::Umgebung;
use crate::ausgabe::{self, Format, tabelle};
use crate::cli::stelle::*;
use crate::fehler::Fehler;
use crate::prozess::stellen::{Ereignis, Stelle, Verzeichnis};
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, b: StelleBefehl) -> Result<(), Fehler> {
    match b {
        StelleBefehl::Neu(a) => {
            let name = a.name.trim().to_string();
            let v = vorgang::stellen::erfassen(
                u,
                &Ereignis::StelleNeu {
                    institution: a.typ,
                    name: name.clone(),
                    region: a.region.map(|r| r.trim().to_string()),
                    kontakte: a.kontakt,
                },
            )?;
            gemeldet(
                u,
                &v,
                &name,
                format!("Stelle '{name}' ins Verzeichnis aufgenommen"),
            )
        }
        StelleBefehl::Aendern(a) => {
            let v = vorgang::stellen::erfassen(
                u,
                &Ereignis::StelleAendern {
                    stelle: a.stelle.clone(),
                    neuer_name: a.name.as_ref().map(|n| n.trim().to_string()),
                    institution: a.typ,
                    region: a.region.map(|r| r.trim().to_string()),
                    kontakte_neu: a.kontakt,
                    kontakte_weg: a.ohne_kontakt,
                },
            )?;
            let name = a.name.unwrap_or(a.stelle);
            let jetzt = v.kanonisch(&name);
            gemeldet(u, &v, &name, format!("Stelle '{jetzt}' geändert"))
        }
        StelleBefehl::Zusammenfuehren(a) => {
            let v = vorgang::stellen::erfassen(
                u,
                &Ereignis::Zusammenfuehren {
                    alt: a.alt.trim().to_string(),
                    neu: a.neu.clone(),
                },
            )?;
            let ziel = v.kanonisch(&a.neu);
            gemeldet(
                u,
                &v,
                &a.neu,
                format!(
                    "'{}' gehört jetzt zu Stelle '{ziel}' – die Reports zählen die Fälle dort",
                    a.alt.trim()
                ),
            )
        }
        StelleBefehl::Liste(a) => {
            let v = vorgang::stellen::lesen(u)?;
            let stellen: Vec<&Stelle> = v
                .stellen
                .iter()
                .filter(|s| a.typ.is_none_or(|t| s.institution == t))
                .collect();
            liste(u, &stellen)
        }
        StelleBefehl::Zeige(a) => {
            let v = vorgang::stellen::lesen(u)?;
            let s = v.finden(&a.name).ok_or_else(|| unbekannt(&v, &a.name))?;
            zeige(u, s)
        }
    }
}

fn unbekannt(v: &Verzeichnis, name: &str) -> Fehler {
    let n: String = name.chars().filter(|c| !c.is_control()).take(60).collect();
    Fehler::NichtGefunden(match v.naechste(name) {
        Some(s) => format!(
            "Stelle '{n}' gibt es im Verzeichnis nicht – gemeint ist wohl '{}'? ('iiz stelle liste')",
            s.name
        ),
        None => format!("Stelle '{n}' gibt es im Verzeichnis nicht – 'iiz stelle liste' zeigt es."),
    })
}

/// The line of a recorded step; JSON `{"meldung", "stelle"}`.
fn gemeldet(u: &Umgebung, v: &Verzeichnis, name: &str, text: String) -> Result<(), Fehler> {
    let s = v.finden(name);
    match u.format {
        Format::Json => ausgabe::json(&serde_json::json!({
            "meldung": format!("{text}."),
            "stelle": s,
        })),
        _ => {
            let mut zeile = text;
            if let Some(s) = s {
                let k = s.kontakte.len();
                zeile.push_str(&format!(
                    " ({}{}, {k} {}).",
                    s.institution.bezeichnung(),
                    s.region
                        .as_ref()
                        .map(|r| format!(", {r}"))
                        .unwrap_or_default(),
                    if k == 1 { "Kontakt" } else { "Kontakte" }
                ));
            } else {
                zeile.push('.');
            }
            ausgabe::zeile(zeile)
        }
    }
}

fn liste(u: &Umgebung, stellen: &[&Stelle]) -> Result<(), Fehler> {
    match u.format {
        Format::Json => ausgabe::json(&stellen),
        Format::Csv => {
            #[derive(serde::Serialize)]
            struct Zeile<'a> {
                name: &'a str,
                typ: &'a str,
                region: &'a str,
                kontakte: String,
                auch: String,
                seit: chrono::NaiveDate,
            }
            let zeilen: Vec<Zeile> = stellen
                .iter()
                .map(|s| Zeile {
                    name: &s.name,
                    typ: s.institution.code(),
                    region: s.region.as_deref().unwrap_or(""),
                    kontakte: s
                        .kontakte
                        .iter()
                        .map(|k| k.text())
                        .collect::<Vec<_>>()
                        .join("; "),
                    auch: s.auch.join("; "),
                    seit: s.seit,
                })
                .collect();
            ausgabe::csv(
                &["name", "typ", "region", "kontakte", "auch", "seit"],
                &zeilen,
            )
        }
        Format::Table => {
            if stellen.is_empty() {
                ausgabe::meldung(
                    "Keine Stellen im Verzeichnis (für diese Auswahl) – 'iiz stelle neu --typ … --name …' nimmt eine auf.",
                );
                return Ok(());
            }
            let mut t = tabelle(&["Stelle", "Typ", "Region", "Kontakt", "auch erfasst als"]);
            for s in stellen {
                t.add_row(vec![
                    s.name.clone(),
                    s.institution.bezeichnung().to_string(),
                    s.region.clone().unwrap_or_else(|| "–".into()),
                    s.kontakte
                        .iter()
                        .map(|k| k.text())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    s.auch.join(", "),
                ]);
            }
            ausgabe::seite(&format!("{t}\n"))
        }
    }
}

fn zeige(u: &Umgebung, s: &Stelle) -> Result<(), Fehler> {
    match u.format {
        Format::Json => ausgabe::json(s),
        Format::Csv => liste(u, &[s]),
        Format::Table => {
            let mut t = tabelle(&["", ""]);
            t.add_row(vec!["Stelle".to_string(), s.name.clone()]);
            t.add_row(vec![
                "Typ".to_string(),
                s.institution.bezeichnung().to_string(),
            ]);
            t.add_row(vec![
                "Region".into(),
                s.region.clone().unwrap_or_else(|| "–".into()),
            ]);
            t.add_row(vec![
                "Im Verzeichnis seit".into(),
                crate::text::datum_text(Some(s.seit)),
            ]);
            t.add_row(vec![
                "Auch erfasst als".into(),
                if s.auch.is_empty() {
                    "–".into()
                } else {
                    s.auch.join(", ")
                },
            ]);
            if s.kontakte.is_empty() {
                t.add_row(vec![
                    "Kontakt".to_string(),
                    "– (iiz stelle aendern … --kontakt …)".to_string(),
                ]);
            }
            for k in &s.kontakte {
                t.add_row(vec!["Kontakt".into(), k.text()]);
            }
            ausgabe::seite(&format!("{t}\n"))
        }
    }
}
