//! `iiz zeige FALL [--verlauf]`: the case sheet of any process — the person (or that it was
//! erased), then what the process lays out (`Blatt`): parties, dates, what is due, timeline,
//! tables. `--verlauf` lists every event as recorded, with who recorded it when and what
//! replaced or voided it; the JSON always carries that `verlauf` (spec §10).

use super::Umgebung;
use crate::ausgabe::{self, Format, datum_text, tabelle};
use crate::cli::ZeigeArgs;
use crate::fehler::Fehler;
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, a: ZeigeArgs) -> Result<(), Fehler> {
    if u.format == Format::Csv {
        return Err(Fehler::Nutzung(
            "Ein Falldatenblatt gibt es als Tabelle oder JSON – --format table oder --format json angeben.".into(),
        ));
    }
    let (fall, storniert) = vorgang::akte_lesen(u, &a.fall)?;
    let mut verlauf = vorgang::verlauf_lesen(u, &a.fall)?;
    let id = fall.uebersicht().fall;
    let blick = u.person_lesen(&id, fall.person())?;
    let person = &blick.person;
    if person.is_some() {
        u.zugriff(&[&a.fall], "zeige")?;
    }
    let mut blatt = fall.blatt(u.heute);
    // Free text in clear for this display only; "(gelöscht)" once the key went with the
    // person.
    let ersetzt = |s: &mut String| blick.klartext(s);
    ersetzt(&mut blatt.titel);
    for (k, v) in &mut blatt.felder {
        ersetzt(k);
        ersetzt(v);
    }
    for (titel, kopf, zeilen) in &mut blatt.tabellen {
        ersetzt(titel);
        kopf.iter_mut().for_each(ersetzt);
        zeilen.iter_mut().flatten().for_each(ersetzt);
    }
    blick.klartext_json(&mut blatt.json);
    for z in &mut verlauf {
        blick.klartext_json(&mut z.daten);
    }
    if u.format == Format::Json {
        let mut json = blatt.json;
        if let serde_json::Value::Object(m) = &mut json {
            m.insert("person".into(), serde_json::json!(person));
            m.insert(
                "person_geloescht".into(),
                serde_json::json!(person.is_none()),
            );
            m.insert("storniert".into(), serde_json::json!(storniert.is_some()));
            if let Some(am) = storniert {
                m.insert("storniert_am".into(), serde_json::json!(am));
            }
            m.insert("verlauf".into(), serde_json::json!(verlauf));
            m.insert("versand".into(), serde_json::json!(versaende(&verlauf)));
        }
        return ausgabe::json(&json);
    }
    if storniert.is_some() {
        ausgabe::zeile(format_args!(
            "{} – STORNIERT (zählt in keiner Statistik)",
            blatt.titel
        ))?;
    } else {
        ausgabe::zeile(&blatt.titel)?;
    }
    let mut t = tabelle(&[]);
    t.add_row(vec![
        "Person".to_string(),
        match &person {
            Some(p) => format!("{} {}, AHV {}", p.vorname, p.name, p.ahv),
            None if fall.anonymisiert() => "Personendaten gelöscht (anonymisiert)".into(),
            None if fall.person().is_none() => {
                "keine – Altbestand aus CASEnet, ohne Personendaten übernommen".into()
            }
            None => "Personendatensatz fehlt – 'iiz pruefen' ausführen".into(),
        },
    ]);
    for (k, v) in blatt.felder {
        t.add_row(vec![k, v]);
    }
    ausgabe::zeile(t)?;
    for (titel, kopf, zeilen) in blatt.tabellen {
        if a.verlauf && titel == "Verlauf" {
            continue;
        }
        let kopf: Vec<&str> = kopf.iter().map(String::as_str).collect();
        let mut t = tabelle(&kopf);
        for z in zeilen {
            t.add_row(z);
        }
        ausgabe::zeile(format_args!("{titel}\n{t}"))?;
    }
    let versand = versaende(&verlauf);
    if !versand.is_empty() {
        let mut t = tabelle(&["Nr", "Versandt am", "Dokument", "An", "SHA-256"]);
        for v in &versand {
            t.add_row(vec![
                v["nr"].to_string(),
                v["datum"]
                    .as_str()
                    .and_then(|d| d.parse().ok())
                    .map(|d| datum_text(Some(d)))
                    .unwrap_or_default(),
                v["dokument"].as_str().unwrap_or_default().to_string(),
                v["an"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
                v["sha256"]
                    .as_str()
                    .map(|h| format!("{}…", &h[..h.len().min(16)]))
                    .unwrap_or_default(),
            ]);
        }
        ausgabe::zeile(format_args!("Versand\n{t}"))?;
    }
    if a.verlauf {
        let mut t = tabelle(&[
            "Nr",
            "Datum",
            "Ereignis",
            "Erfasst von",
            "Erfasst am",
            "Korrektur",
        ]);
        for z in &verlauf {
            let mut korrektur = Vec::new();
            if let Some(n) = z.ersetzt_durch {
                korrektur.push(format!("ersetzt durch Nr. {n}"));
            }
            if z.storniert {
                korrektur.push("storniert".to_string());
            }
            for (feld, was) in [("ersetzt", "ersetzt Nr."), ("ereignis", "storniert Nr.")] {
                if let Some(n) = z.daten.get(feld).and_then(|v| v.as_u64()) {
                    korrektur.push(format!("{was} {n}"));
                }
            }
            if z.typ == "storno" && z.daten.get("ereignis").is_none() {
                korrektur.push("storniert den ganzen Fall".into());
            }
            if let Some(b) = z.daten.get("begruendung").and_then(|v| v.as_str()) {
                korrektur.push(format!("Begründung: {b}"));
            }
            t.add_row(vec![
                z.nr.to_string(),
                datum_text(Some(z.datum)),
                ereignis_text(&z.typ, &z.daten),
                match &z.konto {
                    Some(k) if *k != z.benutzer => format!("{} (Konto {k})", z.benutzer),
                    _ => z.benutzer.clone(),
                },
                z.erfasst.format("%d.%m.%Y %H:%M UTC").to_string(),
                korrektur.join("; "),
            ]);
        }
        ausgabe::zeile(format_args!("Verlauf (wie erfasst)\n{t}"))?;
    }
    Ok(())
}

/// The dispatches of a case (`iiz versand`), from its lines as recorded: line, date,
/// document, recipients (in clear for this display), SHA-256.
fn versaende(verlauf: &[crate::prozess::korrektur::VerlaufZeile]) -> Vec<serde_json::Value> {
    verlauf
        .iter()
        .filter(|z| z.typ == "versand")
        .map(|z| {
            serde_json::json!({
                "nr": z.nr,
                "datum": z.datum,
                "dokument": z.daten.get("dokument"),
                "an": z.daten.get("an"),
                "sha256": z.daten.get("sha256"),
            })
        })
        .collect()
}

/// The recorded event in a few words: its type and what it recorded.
fn ereignis_text(typ: &str, daten: &serde_json::Value) -> String {
    let (typ, daten) = match (typ, daten.get("ereignis")) {
        ("ersatz", Some(e)) => (
            e.get("typ").and_then(|t| t.as_str()).unwrap_or(typ),
            e.get("daten").unwrap_or(daten),
        ),
        _ => (typ, daten),
    };
    let mut teile = vec![typ.replace('_', " ")];
    if let serde_json::Value::Object(m) = daten {
        for (k, v) in m {
            if matches!(
                k.as_str(),
                "person" | "begruendung" | "ersetzt" | "ereignis"
            ) {
                continue;
            }
            let wert = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map_or(x.to_string(), String::from))
                    .collect::<Vec<_>>()
                    .join(", "),
                x => x.to_string(),
            };
            teile.push(format!("{k}: {wert}"));
        }
    }
    let text = teile.join("; ");
    if text.chars().count() > 70 {
        format!("{}…", text.chars().take(69).collect::<String>())
    } else {
        text
    }
}
