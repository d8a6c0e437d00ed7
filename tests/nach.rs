//! `report --nach` and `rt report --nach` (spec §11, issue 13 item 2) with small cells
//! (spec §12, issue 15 item 5): every breakdown adds up to the total; groups of fewer than
//! 3 registrations are shown as "< 3" unless `--alle-zellen`.

use crate::common::*;
use serde_json::Value;

/// The bundled examples: 61 OPTIMA and 22 Roundtable cases over several years.
fn register() -> Reg {
    let r = Reg::neu();
    for e in std::fs::read_dir("examples").unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "jsonl") {
            r.lauf(&["import", e.path().to_str().unwrap()]);
        }
    }
    r
}

/// Every integer leaf under `pfad` (the additive counts of a report section).
fn zahlen(v: &Value, pfad: &str, out: &mut Vec<(String, i64)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                zahlen(x, &format!("{pfad}.{k}"), out);
            }
        }
        Value::Number(n) if n.is_i64() => out.push((pfad.to_string(), n.as_i64().unwrap())),
        _ => {}
    }
}

const MERKMALE: [&str; 6] = [
    "jahr",
    "geschlecht",
    "altersgruppe",
    "region",
    "zielgruppe",
    "anlass",
];

#[test]
fn jede_aufschluesselung_ergibt_das_total() {
    let r = register();
    for (befehl, abschnitte) in [
        (
            vec!["report"],
            vec!["auftraege", "prozess", "kostengutsprachen"],
        ),
        (
            vec!["rt", "report"],
            vec!["eingang", "wirkungen", "leistungen"],
        ),
    ] {
        let total = r.json(&befehl);
        for nach in MERKMALE {
            let mut args = befehl.clone();
            args.extend(["--nach", nach, "--alle-zellen"]);
            let j = r.json(&args);
            assert_eq!(j["nach"], nach);
            assert_eq!(
                j["gesamt"], total,
                "{befehl:?} {nach}: the total is the report"
            );
            let gruppen = j["gruppen"].as_object().unwrap();
            assert!(!gruppen.is_empty());
            for abschnitt in &abschnitte {
                let mut soll = Vec::new();
                zahlen(&total[abschnitt], abschnitt, &mut soll);
                for (pfad, wert) in soll {
                    let summe: i64 = gruppen
                        .values()
                        .map(|g| {
                            let mut z = Vec::new();
                            zahlen(&g[abschnitt], abschnitt, &mut z);
                            z.into_iter()
                                .find(|(p, _)| *p == pfad)
                                .map_or(0, |(_, w)| w)
                        })
                        .sum();
                    assert_eq!(summe, wert, "{befehl:?} --nach {nach}: {pfad}");
                }
            }
        }
    }
}

#[test]
fn kleine_gruppen_werden_nicht_gezeigt() {
    let r = register();
    let j = r.json(&["report", "--nach", "region"]);
    let gruppen = j["gruppen"].as_object().unwrap();
    let alle = r.json(&["report", "--nach", "region", "--alle-zellen"]);
    let mut unterdrueckt = 0;
    let mut verdeckt = Vec::new();
    let mut gezeigt = 0;
    for (g, v) in gruppen {
        let n = alle["gruppen"][g]["auftraege"]["anmeldungen"]
            .as_u64()
            .unwrap();
        if n < 3 {
            unterdrueckt += 1;
            assert_eq!(
                v,
                &serde_json::json!({"unterdrueckt": true, "anmeldungen": "< 3"}),
                "{g}"
            );
        } else if v["unterdrueckt"] == true {
            // A group covering the small ones (complementary suppression).
            assert_eq!(
                v,
                &serde_json::json!({"unterdrueckt": true, "anmeldungen": "X"})
            );
            verdeckt.push(n);
        } else {
            assert_eq!(v, &alle["gruppen"][g], "{g}");
            gezeigt += n;
        }
    }
    assert!(
        unterdrueckt > 0,
        "the examples have small regions: {gruppen:?}"
    );
    // What the hidden groups hold together is never just the small ones' sum alone: with
    // one small group (1 or 2) and nothing else hidden, the total would give it away.
    let total = j["gesamt"]["auftraege"]["anmeldungen"].as_u64().unwrap();
    assert!(
        unterdrueckt + verdeckt.len() >= 2,
        "one hidden group alone is total − shown = {}",
        total - gezeigt
    );
    // Totals stay exact.
    assert_eq!(j["gesamt"], alle["gesamt"]);
    // CSV: a small group has a row that says so and no figure; the header names the group.
    let csv = r
        .lauf(&["report", "--nach", "region", "--format", "csv"])
        .ok()
        .stdout;
    assert!(
        csv.starts_with("nach,gruppe,abschnitt,kennzahl,institution,wert,datum\n"),
        "{csv}"
    );
    assert!(
        csv.contains("region,Sursee,unterdrueckt,weniger_als_3,total,,"),
        "{csv}"
    );
    assert!(!csv.contains("region,Sursee,auftraege"), "{csv}");
    let t = r.lauf(&["report", "--nach", "region"]).ok().stdout;
    assert!(t.contains("weniger als 3 Anmeldungen"), "{t}");
    // --alle-zellen only with --nach.
    assert_eq!(r.lauf(&["report", "--alle-zellen"]).code, 2);
}

#[test]
fn regionen_aus_dem_datenverzeichnis() {
    let r = register();
    let vorher = r.json(&["report", "--nach", "region", "--alle-zellen"]);
    assert!(vorher["gruppen"]["Sursee"].is_object());
    // A table of the data directory replaces the shipped one; what it does not know is
    // "unbekannt", never dropped.
    std::fs::write(
        r.pfad().join("wahlkreise.csv"),
        "gemeinde,region\nSursee,Region Mitte\n",
    )
    .unwrap();
    let j = r.json(&["report", "--nach", "region", "--alle-zellen"]);
    assert!(j["gruppen"]["Region Mitte"].is_object(), "{j}");
    assert!(j["gruppen"].get("Sursee").is_none());
    let summe: u64 = j["gruppen"]
        .as_object()
        .unwrap()
        .values()
        .map(|g| g["auftraege"]["anmeldungen"].as_u64().unwrap())
        .sum();
    assert_eq!(
        summe,
        j["gesamt"]["auftraege"]["anmeldungen"].as_u64().unwrap()
    );
}
