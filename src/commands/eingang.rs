//! `iiz eingang [liste]`, `iiz eingang uebernehmen DATEI`, `iiz eingang ablehnen DATEI
//! --grund TEXT`: registrations a web form or mail gateway saved in `<data>/eingang/`
//! (spec §15), recorded without typing them again.
//!
//! A file is `{"art": "antrag"|"rt-anmeldung", "eingegangen"?, "quelle"?, "angaben": {…}}`;
//! `angaben` holds the fields of the import line of that command (`docs/datenformat.md`).
//! Taking one over runs exactly that command – the same checks, at a terminal the prompts
//! for what is missing – with a key derived from the file, so that a crash between the
//! record and the file's removal never records it twice.

use super::Umgebung;
use crate::ausgabe::{self, Format, tabelle};
use crate::cli::eingang::{EingangArgs, EingangBefehl};
use crate::fehler::Fehler;
use crate::vorgang::{self, eingang::Erledigt};
use chrono::{DateTime, FixedOffset, Local};
use serde_json::{Map, Value};

pub fn ausfuehren(u: &Umgebung, a: EingangArgs) -> Result<(), Fehler> {
    match a.befehl.unwrap_or(EingangBefehl::Liste) {
        EingangBefehl::Liste => liste(u),
        EingangBefehl::Uebernehmen(d) => uebernehmen(u, &d.datei),
        EingangBefehl::Ablehnen(d) => ablehnen(u, &d.datei, &d.grund),
    }
}

/// A registration file, read and checked.
struct Anmeldung {
    art: &'static str,
    eingegangen: Option<DateTime<FixedOffset>>,
    quelle: Option<String>,
    /// The import line: `angaben` with `"op"` and, where missing, the day it came in.
    zeile: Map<String, Value>,
}

fn falsch(text: String) -> Fehler {
    Fehler::Nutzung(format!("Anmeldung fehlerhaft: {text}"))
}

/// A text for a message: no control or invisible characters, short.
fn kurz(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_control() && !crate::text::unsichtbar(*c))
        .take(40)
        .collect()
}

fn parsen(bytes: &[u8]) -> Result<Anmeldung, Fehler> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|_| falsch("die Datei ist kein UTF-8-Text.".into()))?;
    let wert: Value = serde_json::from_str(text).map_err(|e| {
        falsch(format!(
            "kein gültiges JSON (Zeile {}, Zeichen {}).",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(mut m) = wert else {
        return Err(falsch(
            "kein JSON-Objekt – Form {\"art\": …, \"angaben\": {…}}.".into(),
        ));
    };
    for k in m.keys() {
        if !matches!(k.as_str(), "art" | "eingegangen" | "quelle" | "angaben") {
            return Err(falsch(format!(
                "unbekanntes Feld \"{}\" – erlaubt: art, eingegangen, quelle, angaben.",
                kurz(k)
            )));
        }
    }
    let art = match m.get("art") {
        Some(Value::String(a)) if a == "antrag" => "antrag",
        Some(Value::String(a)) if a == "rt-anmeldung" => "rt-anmeldung",
        Some(Value::String(a)) => {
            return Err(falsch(format!(
                "Feld \"art\" ist '{}' – erlaubt: antrag, rt-anmeldung.",
                kurz(a)
            )));
        }
        Some(_) => return Err(falsch("Feld \"art\" ist kein Text.".into())),
        None => {
            return Err(falsch(
                "Feld \"art\" fehlt (antrag oder rt-anmeldung).".into(),
            ));
        }
    };
    let eingegangen = match m.get("eingegangen") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => Some(DateTime::parse_from_rfc3339(t).map_err(|_| {
            falsch(format!(
                "Feld \"eingegangen\" ist '{}' – ein Zeitpunkt wie 2026-11-30T09:12:00+01:00.",
                kurz(t)
            ))
        })?),
        Some(_) => return Err(falsch("Feld \"eingegangen\" ist kein Text.".into())),
    };
    let quelle = match m.get("quelle") {
        None | Some(Value::Null) => None,
        Some(Value::String(q))
            if q.chars().count() <= 100
                && !q
                    .chars()
                    .any(|c| c.is_control() || crate::text::unsichtbar(c)) =>
        {
            Some(q.trim().to_string())
        }
        Some(_) => {
            return Err(falsch(
                "Feld \"quelle\" ist kein kurzer Text ohne Steuerzeichen (z. B. \"Online-Schalter\")."
                    .into(),
            ));
        }
    };
    let mut zeile = match m.remove("angaben") {
        Some(Value::Object(a)) => a,
        Some(_) => return Err(falsch("Feld \"angaben\" ist kein JSON-Objekt.".into())),
        None => return Err(falsch("Feld \"angaben\" fehlt.".into())),
    };
    // What only the office decides, never a form: which case, corrections, keys.
    for k in ["op", "ref", "fall", "schluessel", "ersetzt", "begruendung"] {
        if zeile.contains_key(k) {
            return Err(falsch(format!(
                "Feld \"angaben.{k}\" gehört nicht in eine Anmeldung."
            )));
        }
    }
    zeile.insert("op".into(), art.into());
    if !zeile.contains_key("datum")
        && let Some(e) = eingegangen
    {
        let tag = e.with_timezone(&Local).date_naive();
        zeile.insert("datum".into(), tag.to_string().into());
    }
    Ok(Anmeldung {
        art,
        eingegangen,
        quelle,
        zeile,
    })
}

use vorgang::eingang::pruefsumme;

fn uebernehmen(u: &Umgebung, datei: &str) -> Result<(), Fehler> {
    let bytes = vorgang::eingang::lesen(u, datei)?;
    let sha = pruefsumme(&bytes);
    let schluessel = format!("eingang:{}", &sha[..32]);
    let a = parsen(&bytes)?;
    // Taken over before, and the file outlived a crash: only remove it now.
    let ahv = a
        .zeile
        .get("ahv")
        .and_then(Value::as_str)
        .and_then(|s| crate::prozess::person::ahv_pruefen(s).ok());
    let praefix = if a.art == "antrag" {
        <crate::prozess::optima::Optima as crate::prozess::Prozess>::PRAEFIX
    } else {
        <crate::prozess::roundtable::Roundtable as crate::prozess::Prozess>::PRAEFIX
    };
    if let Some(fall) =
        vorgang::eingang::schon_uebernommen(u, &schluessel, praefix, ahv.as_deref())?
    {
        vorgang::eingang::erledigen(u, datei, &sha, Erledigt::Uebernommen { fall: fall.clone() })?;
        let text = format!(
            "'{datei}' war schon als Fall {fall} übernommen – Datei aus dem Eingang entfernt."
        );
        return match u.format {
            Format::Json => ausgabe::json(&serde_json::json!({"fall": fall, "meldung": text})),
            _ => ausgabe::zeile(text),
        };
    }
    let befehl = super::import::als_vorgang(&a.zeile)
        .map_err(|e| falsch(format!("{e}").replace("--", "angaben.")))?;
    // The key rides on the journal line only within a batch; the batch is finished (synced)
    // before the file is removed.
    let stapel = u.stapel_beginnen()?;
    u.import_schluessel(Some(schluessel))?;
    let erfasst = super::import_befehl(u, befehl);
    u.import_schluessel(None)?;
    stapel.abschliessen()?;
    let mut erfasst = erfasst?;
    vorgang::eingang::erledigen(
        u,
        datei,
        &sha,
        Erledigt::Uebernommen {
            fall: erfasst.fall.clone(),
        },
    )?;
    erfasst.meldung.push_str(&format!(
        " Datei '{datei}' aus dem Eingang übernommen und entfernt."
    ));
    erfasst.drucken(u.format)
}

fn ablehnen(u: &Umgebung, datei: &str, grund: &str) -> Result<(), Fehler> {
    let grund = grund.trim();
    crate::cli::eingabe::text_pruefen("--grund", Some(grund))?;
    if grund.is_empty() {
        return Err(Fehler::Nutzung(
            "--grund ist leer – sagen, warum die Anmeldung nicht erfasst wird.".into(),
        ));
    }
    // Read first: a name that is no file of the intake is said, not silently accepted.
    let bytes = vorgang::eingang::lesen(u, datei)?;
    let sha = pruefsumme(&bytes);
    vorgang::eingang::erledigen(
        u,
        datei,
        &sha,
        Erledigt::Abgelehnt {
            grund: grund.to_string(),
        },
    )?;
    let text = format!("Anmeldung '{datei}' abgelehnt und aus dem Eingang entfernt.");
    match u.format {
        Format::Json => ausgabe::json(&serde_json::json!({"datei": datei, "meldung": text})),
        _ => ausgabe::zeile(text),
    }
}

fn liste(u: &Umgebung) -> Result<(), Fehler> {
    #[derive(serde::Serialize)]
    struct Zeile {
        datei: String,
        art: Option<&'static str>,
        eingegangen: Option<DateTime<FixedOffset>>,
        quelle: Option<String>,
        /// `null` when the file reads; else what is wrong (German, naming the field).
        fehler: Option<String>,
    }
    let zeilen: Vec<Zeile> = vorgang::eingang::liste(u)?
        .into_iter()
        .map(|w| {
            let gelesen = w.inhalt.and_then(|b| {
                let a = parsen(&b)?;
                super::import::als_vorgang(&a.zeile)
                    .map_err(|e| falsch(format!("{e}").replace("--", "angaben.")))?;
                Ok(a)
            });
            match gelesen {
                Ok(a) => Zeile {
                    datei: w.datei,
                    art: Some(a.art),
                    eingegangen: a.eingegangen,
                    quelle: a.quelle,
                    fehler: None,
                },
                Err(e) => Zeile {
                    datei: w.datei,
                    art: None,
                    eingegangen: None,
                    quelle: None,
                    fehler: Some(e.to_string()),
                },
            }
        })
        .collect();
    match u.format {
        Format::Json => ausgabe::json(&zeilen),
        Format::Csv => {
            #[derive(serde::Serialize)]
            struct Csv<'a> {
                datei: &'a str,
                art: &'a str,
                eingegangen: String,
                quelle: &'a str,
                fehler: &'a str,
            }
            let csv: Vec<Csv> = zeilen
                .iter()
                .map(|z| Csv {
                    datei: &z.datei,
                    art: z.art.unwrap_or(""),
                    eingegangen: z.eingegangen.map(|e| e.to_rfc3339()).unwrap_or_default(),
                    quelle: z.quelle.as_deref().unwrap_or(""),
                    fehler: z.fehler.as_deref().unwrap_or(""),
                })
                .collect();
            ausgabe::csv(&["datei", "art", "eingegangen", "quelle", "fehler"], &csv)
        }
        Format::Table => {
            if zeilen.is_empty() {
                ausgabe::meldung("Keine Anmeldungen im Eingang.");
                return Ok(());
            }
            let mut t = tabelle(&["Datei", "Art", "Eingegangen", "Quelle", "Zustand"]);
            for z in &zeilen {
                t.add_row(vec![
                    z.datei.clone(),
                    match z.art {
                        Some("antrag") => "Optima-Antrag".to_string(),
                        Some(_) => "Roundtable-Anmeldung".to_string(),
                        None => "–".to_string(),
                    },
                    z.eingegangen
                        .map(|e| e.with_timezone(&Local).format("%d.%m.%Y %H:%M").to_string())
                        .unwrap_or_else(|| "–".into()),
                    z.quelle.clone().unwrap_or_else(|| "–".into()),
                    // The first clause; `uebernehmen` says it whole.
                    z.fehler
                        .as_deref()
                        .map(|f| f.split(" – ").next().unwrap_or(f).to_string())
                        .unwrap_or_else(|| "bereit (iiz eingang uebernehmen DATEI)".into()),
                ]);
            }
            ausgabe::seite(&format!("{t}\n"))
        }
    }
}
