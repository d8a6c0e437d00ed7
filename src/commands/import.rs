//! `iiz import [DATEI]`: one operation per JSON line, deserialized into the very argument
//! structs of the command line and passed to the very same commands, so every line meets
//! exactly the same rules. `"ref"` names a new case for later lines (`"fall": "@ref"`).
//! Lines are applied one by one (a failing line changes nothing); the whole batch is made
//! durable with one sync per touched file at the end.

use super::{
    Umgebung, abschluss, annehmen, anonymisieren, antrag, kostengutsprache, standort, uebergabe,
};
use crate::cli::{ImportArgs, ImportZeile};
use crate::fehler::Fehler;
use serde_json::json;
use std::collections::HashMap;
use std::io::{Read, Write};

fn zeile_lesen(bytes: &[u8]) -> Result<ImportZeile, Fehler> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Fehler::Nutzung("Zeile ist kein gültiges UTF-8 – Datei als UTF-8 speichern.".into())
    })?;
    let wert: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Fehler::Nutzung(format!(
            "kein gültiges JSON (Fehler bei Zeichen {}) – eine JSON-Zeile pro Vorgang.",
            e.column()
        ))
    })?;
    let erlaubt = ImportZeile::OPS.join(", ");
    match wert.get("op").and_then(|o| o.as_str()) {
        None => {
            return Err(Fehler::Nutzung(format!(
                "\"op\" fehlt – z. B. {{\"op\": \"antrag\", …}}; erlaubt: {erlaubt}."
            )));
        }
        Some(op) if !ImportZeile::OPS.contains(&op) => {
            return Err(Fehler::Nutzung(format!(
                "unbekannter Vorgang \"op\": \"{}\" – erlaubt: {erlaubt}.",
                op.chars().take(40).collect::<String>()
            )));
        }
        Some(_) => {}
    }
    serde_json::from_value(wert).map_err(|e| Fehler::Nutzung(serde_deutsch(&e.to_string())))
}

/// serde's messages in German, with what to do (they name the field or value).
fn serde_deutsch(m: &str) -> String {
    let m = m.split(" at line ").next().unwrap_or(m);
    let typen = |t: &str| {
        t.replace(", expected a boolean", ", erwartet true oder false")
            .replace(", expected a string", ", erwartet Text")
            .replace(", expected u32", ", erwartet eine ganze Zahl ab 0")
            .replace(", expected u8", ", erwartet eine ganze Zahl ab 0")
            .replace(", expected a sequence", ", erwartet eine Liste [\"…\", …]")
            .replace("string ", "Text ")
            .replace("integer ", "Zahl ")
            .replace("floating point ", "Zahl ")
            .replace("boolean ", "Wahrheitswert ")
    };
    let liste = |rest: &str| rest.replace('`', "").replace(" or ", ", ");
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let (feld, erwartet) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let erwartet = erwartet.trim_start_matches("one of ");
        format!(
            "unbekanntes Feld {} – erlaubt: {} (die Optionen des Befehls, mit _ statt -).",
            feld.replace('`', "\""),
            liste(erwartet)
        )
    } else if let Some(rest) = m.strip_prefix("missing field ") {
        format!("Feld {} fehlt – bitte angeben.", rest.replace('`', "\""))
    } else if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (wert, erwartet) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let erwartet = erwartet.trim_start_matches("one of ");
        format!(
            "unbekannter Wert {} – erlaubt: {}.",
            wert.replace('`', "\""),
            liste(erwartet)
        )
    } else if let Some(rest) = m.strip_prefix("invalid type: ") {
        format!(
            "falscher Typ: {} – Wert wie im Format beschrieben angeben.",
            typen(rest)
        )
    } else if let Some(rest) = m.strip_prefix("invalid value: ") {
        format!("ungültiger Wert: {} – Wert korrigieren.", typen(rest))
    } else if [
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is out of range",
        "input is not enough",
    ]
    .iter()
    .any(|x| m.contains(x))
    {
        "ungültiges Datum – Format JJJJ-MM-TT, z. B. 2024-03-15.".into()
    } else {
        format!("ungültige Angabe ({m}) – Format in docs/datenformat.md.")
    }
}

/// Replaces `@ref` by the case id an earlier line created.
fn fall_aufloesen(fall: &mut String, refs: &HashMap<String, String>) -> Result<(), Fehler> {
    if let Some(r) = fall.strip_prefix('@') {
        *fall = refs.get(r).cloned().ok_or_else(|| {
            Fehler::Nutzung(format!(
                "unbekannte Referenz @{r} – kein früherer Antrag mit \"ref\": \"{r}\"."
            ))
        })?;
    }
    Ok(())
}

fn ausfuehren_zeile(
    u: &Umgebung,
    z: ImportZeile,
    refs: &mut HashMap<String, String>,
) -> Result<String, Fehler> {
    Ok(match z {
        ImportZeile::Antrag(mut a) => {
            let referenz = a.referenz.take();
            if let Some(r) = &referenz
                && refs.contains_key(r)
            {
                return Err(Fehler::Nutzung(format!(
                    "Referenz \"{r}\" ist bereits vergeben."
                )));
            }
            let e = antrag::ausfuehren(u, a)?;
            if let Some(r) = referenz {
                refs.insert(r, e.fall.clone());
            }
            e.fall
        }
        ImportZeile::Annehmen(mut a) => {
            fall_aufloesen(&mut a.fall, refs)?;
            annehmen::ausfuehren(u, a)?.fall
        }
        ImportZeile::Uebergabe(mut a) => {
            fall_aufloesen(&mut a.fall, refs)?;
            uebergabe::ausfuehren(u, a)?.fall
        }
        ImportZeile::Standort(mut a) => {
            fall_aufloesen(&mut a.fall, refs)?;
            standort::ausfuehren(u, a)?.fall
        }
        ImportZeile::Kostengutsprache(mut a) => {
            fall_aufloesen(&mut a.fall, refs)?;
            kostengutsprache::ausfuehren(u, a)?.fall
        }
        ImportZeile::Abschluss(mut a) => {
            fall_aufloesen(&mut a.fall, refs)?;
            abschluss::ausfuehren(u, a)?.fall
        }
        ImportZeile::Anonymisieren(mut a) => {
            fall_aufloesen(&mut a.fall, refs)?;
            anonymisieren::ausfuehren(u, a)?.fall
        }
    })
}

/// Runs a batch; returns how many lines failed. Results go to `out`, one JSON line each.
pub fn einlesen(u: &Umgebung, eingabe: &[u8], out: &mut impl Write) -> Result<usize, Fehler> {
    let schreibfehler = |e: std::io::Error| Fehler::Intern(format!("Ausgabe nicht möglich: {e}"));
    let mut refs = HashMap::new();
    let mut fehler = 0;
    let mut batch = false;
    for (i, roh) in eingabe.split(|b| *b == b'\n').enumerate() {
        let roh = roh.strip_suffix(b"\r").unwrap_or(roh);
        if roh.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !batch {
            u.stapel_beginnen()?;
            batch = true;
        }
        let ergebnis = zeile_lesen(roh).and_then(|z| ausfuehren_zeile(u, z, &mut refs));
        let zeile = match ergebnis {
            Ok(fall) => json!({"zeile": i + 1, "ok": true, "fall": fall}),
            Err(e) => {
                fehler += 1;
                json!({"zeile": i + 1, "ok": false, "fehler": e.to_string()})
            }
        };
        writeln!(out, "{zeile}").map_err(schreibfehler)?;
        // Now and then, so that a follower (or a killed run) sees progress.
        if i % 256 == 255 {
            out.flush().map_err(schreibfehler)?;
        }
    }
    if batch {
        u.stapel_abschliessen()?;
    }
    Ok(fehler)
}

pub fn ausfuehren(u: &Umgebung, a: ImportArgs) -> Result<(), Fehler> {
    let mut eingabe = Vec::new();
    match &a.datei {
        Some(p) => {
            eingabe = std::fs::read(p).map_err(|e| {
                Fehler::Nutzung(format!(
                    "Datei {} nicht lesbar: {e} – Pfad prüfen.",
                    p.display()
                ))
            })?
        }
        None => {
            std::io::stdin()
                .read_to_end(&mut eingabe)
                .map_err(|e| Fehler::Intern(format!("Standardeingabe nicht lesbar: {e}")))?;
        }
    }
    // Results are written as operations are applied (buffered, so half a million lines are
    // not half a million system calls); durability (the sync) comes with the exit.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let fehler = einlesen(u, &eingabe, &mut out)?;
    out.flush().map_err(|e| Fehler::Intern(e.to_string()))?;
    if fehler > 0 {
        return Err(Fehler::Teilweise(format!(
            "{fehler} Zeile(n) nicht übernommen – die übrigen sind gespeichert; Gründe in den Ergebniszeilen mit \"ok\": false."
        )));
    }
    Ok(())
}
