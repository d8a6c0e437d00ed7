//! `liste` filters for daily use at scale: each filter is checked against the unfiltered list
//! of the same register, so a filter that drops or keeps the wrong rows fails.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

fn register(datei: &str) -> Reg {
    let r = Reg::neu();
    let l = r.lauf(&["import", datei]);
    assert_eq!(l.code, 0, "{}", l.stderr);
    assert!(Path::new(datei).exists());
    r
}

fn faelle(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|z| z["fall"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn filter_stimmen_mit_der_ganzen_liste_ueberein() {
    let r = register("examples/pilot-2018-2022.jsonl");
    let alle = r.json(&["liste"]);
    let zeilen = alle.as_array().unwrap();
    assert!(zeilen.len() > 20);
    let erwartet = |f: &dyn Fn(&Value) -> bool| -> Vec<String> {
        zeilen
            .iter()
            .filter(|z| f(z))
            .map(|z| z["fall"].as_str().unwrap().to_string())
            .collect()
    };

    let jahr = erwartet(&|z| z["antrag"].as_str().unwrap().starts_with("2020-"));
    assert!(!jahr.is_empty());
    assert_eq!(faelle(&r.json(&["liste", "--jahr", "2020"])), jahr);

    let iv = erwartet(&|z| z["von"] == "iv" || z["an"] == "iv");
    assert!(!iv.is_empty() && iv.len() < zeilen.len());
    assert_eq!(faelle(&r.json(&["liste", "--stelle", "iv"])), iv);

    let offen_status = ["beantragt", "angenommen", "laufend"];
    let offen = erwartet(&|z| offen_status.contains(&z["status"].as_str().unwrap()));
    assert!(!offen.is_empty() && offen.len() < zeilen.len());
    assert_eq!(faelle(&r.json(&["liste", "--offen"])), offen);

    // --limit keeps the newest N, in the same order.
    let fuenf = faelle(&r.json(&["liste", "--limit", "5"]));
    assert_eq!(fuenf, faelle(&alle)[..5].to_vec());
    let l = r.lauf(&["liste", "--limit", "5"]).ok();
    assert!(
        l.stderr
            .contains(&format!("{} weitere Fälle nicht gezeigt", zeilen.len() - 5)),
        "{}",
        l.stderr
    );
    // Filters combine.
    let beide = erwartet(&|z| {
        z["antrag"].as_str().unwrap().starts_with("2020-") && (z["von"] == "iv" || z["an"] == "iv")
    });
    assert_eq!(
        faelle(&r.json(&["liste", "--jahr", "2020", "--stelle", "iv"])),
        beide
    );
}

#[test]
fn berater_filtert_optima_und_roundtable() {
    let r = register("examples/roundtable-zu-optima.jsonl");
    // The same social worker is Berater:in of the OPTIMA case and leads the Roundtable.
    assert_eq!(
        faelle(&r.json(&["liste", "--berater", "sd emmen"])),
        vec!["OPT-2024-001", "RT-2024-001"]
    );
    assert!(faelle(&r.json(&["liste", "--berater", "niemand"])).is_empty());
    let r = register("examples/roundtable-2023.jsonl");
    let keller = faelle(&r.json(&["liste", "--berater", "KELLER"]));
    assert!(!keller.is_empty());
    assert!(keller.iter().all(|f| f.starts_with("RT-")));
    assert!(keller.len() < r.json(&["liste"]).as_array().unwrap().len());
}

#[test]
fn falsche_filterwerte_werden_deutsch_abgelehnt() {
    let r = register("examples/roundtable-zu-optima.jsonl");
    for (args, text) in [
        (
            &["liste", "--jahr", "1999"][..],
            "ein Jahr mit vier Ziffern",
        ),
        (
            &["liste", "--jahr", "zwanzig"][..],
            "ein Jahr mit vier Ziffern",
        ),
        (&["liste", "--limit", "0"][..], "eine ganze Zahl ab 1"),
        (
            &["liste", "--offen", "--status", "laufend"][..],
            "schliessen sich aus",
        ),
    ] {
        let l = r.lauf(args);
        assert_eq!(l.code, 2, "{args:?}");
        assert!(l.stderr.contains(text), "{args:?}: {}", l.stderr);
        assert!(l.stdout.is_empty());
    }
}
