//! The JSON contract of the reading commands, as documented in docs/datenformat.md: the test
//! reads the table there and compares it with real output of both services, so neither the
//! documentation nor the output can drift alone.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// The backticked keys in the table row whose first cell starts with `zeile`.
fn dokumentiert(zeile: &str) -> BTreeSet<String> {
    let doc = std::fs::read_to_string("docs/datenformat.md").unwrap();
    let z = doc
        .lines()
        .find(|l| l.starts_with(&format!("| {zeile}")))
        .unwrap_or_else(|| panic!("Zeile '{zeile}' fehlt in docs/datenformat.md"));
    let schluessel = z.split('|').nth(2).unwrap();
    schluessel
        .split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

fn schluessel(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn register() -> Reg {
    let r = Reg::neu();
    r.lauf(&["import", "examples/roundtable-zu-optima.jsonl"])
        .ok();
    r
}

#[test]
fn liste_und_pendenzen_haben_genau_die_dokumentierten_schluessel() {
    let r = register();
    let liste = r.json(&["liste"]);
    let zeilen = liste.as_array().unwrap();
    assert_eq!(zeilen.len(), 2, "ein OPTIMA- und ein Roundtable-Fall");
    for z in zeilen {
        assert_eq!(schluessel(z), dokumentiert("`liste`"), "{z}");
    }
    let p = r.json(&["pendenzen", "--stichtag", "2024-06-30"]);
    let p = p.as_array().unwrap();
    assert!(!p.is_empty());
    for z in p {
        assert_eq!(schluessel(z), dokumentiert("`pendenzen`"), "{z}");
        let art = z["art"].as_str().unwrap();
        let doc = std::fs::read_to_string("docs/datenformat.md").unwrap();
        assert!(
            doc.contains(&format!("`{art}`")),
            "art {art} undokumentiert"
        );
    }
}

#[test]
fn zeige_hat_genau_die_dokumentierten_schluessel_beider_angebote() {
    let r = register();
    let gemeinsam = dokumentiert("`zeige` (beide");
    for (fall, eigene) in [
        ("OPT-2024-001", dokumentiert("`zeige` OPTIMA")),
        ("RT-2024-001", dokumentiert("`zeige` Roundtable")),
    ] {
        let z = r.json(&["zeige", fall]);
        let erwartet: BTreeSet<String> = gemeinsam.union(&eigene).cloned().collect();
        assert_eq!(schluessel(&z), erwartet, "{fall}");
        let verlauf = z["verlauf"].as_array().unwrap();
        assert!(!verlauf.is_empty());
        for e in verlauf {
            assert_eq!(schluessel(e), dokumentiert("`zeige` `verlauf[]`"), "{fall}");
        }
    }
    // After erasure the keys stay; `person` is null.
    r.lauf(&["--no-input", "anonymisieren", "RT-2024-001"]).ok();
    let z = r.json(&["zeige", "RT-2024-001"]);
    assert!(z["person"].is_null());
    assert_eq!(z["person_geloescht"], true);
}
