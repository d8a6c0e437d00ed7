//! The example scenarios: each loads on a fresh register without a refused line and its
//! report equals the expected file. The pilot reproduces the published figures.

use crate::common::*;
use serde_json::{Value, json};
use std::path::Path;

fn laden(r: &Reg, datei: &Path) {
    let l = r.lauf(&["import", datei.to_str().unwrap()]);
    assert_eq!(l.code, 0, "{}: {}\n{}", datei.display(), l.stderr, l.stdout);
    assert!(!l.stdout.contains("\"ok\":false"), "{}", l.stdout);
}

#[test]
fn jedes_szenario_ergibt_sein_erwartetes_reporting() {
    let mut namen = Vec::new();
    for e in std::fs::read_dir("examples").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "jsonl") {
            let name = p.file_stem().unwrap().to_str().unwrap().to_string();
            let r = Reg::neu();
            laden(&r, &p);
            let ist = r.json(&["report"]);
            let erwartet: Value = serde_json::from_str(
                &std::fs::read_to_string(format!("examples/{name}.expected.json")).unwrap(),
            )
            .unwrap();
            assert_eq!(ist, erwartet, "Szenario {name}");
            let rt = format!("examples/{name}.rt.expected.json");
            if Path::new(&rt).exists() {
                let erwartet: Value =
                    serde_json::from_str(&std::fs::read_to_string(&rt).unwrap()).unwrap();
                assert_eq!(
                    r.json(&["rt", "report"]),
                    erwartet,
                    "Szenario {name} (rt report)"
                );
            }
            assert!(
                Path::new(&format!("examples/{name}.md")).exists(),
                "{name}.md fehlt"
            );
            r.lauf(&["pruefen"]).ok();
            namen.push(name);
        }
    }
    namen.sort();
    assert!(namen.len() >= 10, "{namen:?}");
}

#[test]
fn pilot_gibt_das_veroeffentlichte_reporting_wieder() {
    let r = Reg::neu();
    laden(&r, Path::new("examples/pilot-2018-2022.jsonl"));
    // "In der Praxis gaben die RAV bislang keine Fälle an die IV ab" (evaluation 399–400).
    let liste = r.lauf(&["liste", "--format", "csv"]).ok().stdout;
    let paare: Vec<(&str, &str)> = liste
        .lines()
        .skip(1)
        .map(|z| {
            let f: Vec<&str> = z.split(',').collect();
            (f[2], f[3])
        })
        .collect();
    assert!(paare.len() > 50, "{liste}");
    assert!(
        !paare.contains(&("rav", "iv")),
        "RAV → IV in the pilot: {liste}"
    );
    let k = r.json(&["report", "--von", "2018-10-01", "--bis", "2022-11-29"]);
    let n = |iv: u64, rav: u64, sh: u64| json!({"iv": iv, "rav": rav, "sh": sh});
    let t = |total: u64, iv: u64, rav: u64, sh: u64| json!({"total": total, "iv": iv, "rav": rav, "sh": sh});
    assert_eq!(
        k["zeitraum"],
        json!({"von": "2018-10-01", "bis": "2022-11-29"})
    );
    assert_eq!(k["auftraege"]["anmeldungen"], 52);
    assert_eq!(k["auftraege"]["auftraggeber"], n(1, 12, 39));
    assert_eq!(k["auftraege"]["auftragnehmer"], n(21, 17, 14));
    assert_eq!(k["prozess"]["angenommen"], 38);
    assert_eq!(
        k["prozess"]["abgelehnt"],
        json!({"total": 12, "iv_ablehnung": 3, "kein_arbeitsangebot": 0, "keine_kapazitaet": 0, "ziel_nicht_realisierbar": 0, "sonstige": 9})
    );
    assert_eq!(k["kostengutsprachen"]["beantragt"], t(1, 1, 0, 0));
    assert_eq!(k["kostengutsprachen"]["bewilligt"], t(1, 1, 0, 0));
    assert_eq!(k["kostengutsprachen"]["abgelehnt"], t(0, 0, 0, 0));
    assert_eq!(k["wirkungen"]["abgeschlossen"], t(35, 17, 9, 9));
    let g = &k["wirkungen"]["abschlussgruende"];
    assert_eq!(g["erfolgreich"], t(13, 4, 2, 7));
    assert_eq!(g["teilweise"], t(7, 0, 5, 2));
    assert_eq!(g["nicht_umgesetzt"], t(12, 12, 0, 0));
    assert_eq!(g["sonstige"], t(3, 1, 2, 0));
    assert_eq!(
        k["zielgruppen"]["keine"], 2,
        "two handovers between social services (Sozialdienst to SoBZ)"
    );
    let tabelle = r
        .lauf(&["report", "--von", "2018-10-01", "--bis", "2022-11-29"])
        .ok()
        .stdout;
    assert!(
        tabelle.starts_with("Standardreporting Optima vom 01.10.2018 bis 29.11.2022"),
        "{tabelle}"
    );
}

#[test]
fn demo_zeigt_das_reporting_und_laesst_nichts_zurueck() {
    let r = Reg::neu();
    let l = r.lauf(&["demo"]).ok();
    assert!(
        l.stdout.contains("Standardreporting Optima vom 01.10.2018"),
        "{}",
        l.stdout
    );
    assert!(l.stdout.contains("Anzahl Anmeldungen"));
    let pfad = l
        .stderr
        .lines()
        .find_map(|z| z.strip_prefix("Temporäres Register: "))
        .unwrap();
    let pfad = pfad.split(" (").next().unwrap();
    assert!(!Path::new(pfad).exists(), "temporary register left behind");
    assert!(
        r.schnappschuss().is_empty(),
        "the user's register was touched"
    );
    assert!(
        l.stdout
            .contains("Roundtable-Statistik vom 01.01.2023 bis 31.12.2023"),
        "{}",
        l.stdout
    );
    let j = r.json(&["demo"]);
    assert_eq!(j["auftraege"]["anmeldungen"], 61);
    assert_eq!(j["roundtable"]["eingang"]["anmeldungen"], 7);
    assert_eq!(j["roundtable"]["leistungen"]["begleitete_prozesse"], 15);
    assert!(
        l.stdout
            .contains("Roundtable-Statistik; kumuliert 2009 – 2023 (N = 323)")
    );
    assert!(
        l.stdout
            .contains("Optima-Statistik; kumuliert 2018 – 2023 (N = 56)")
    );
}

/// The annual report 2023 out of the examples built through import lines (the command
/// line's own parsers): section 2.1 and "Optima-Statistik; kumuliert 2018 – 2023 (N = 56)"
/// as published (reference: iiz-jahresbericht-2023.txt, lines 120–215).
#[test]
fn jahresbericht_2023_der_beispiele_wie_veroeffentlicht() {
    let r = Reg::neu();
    let j = r.json(&["demo"]);
    let b = &j["jahresbericht"];
    assert_eq!(b["jahr"], 2023);
    let n = |iv: u64, rav: u64, sh: u64| json!({"iv": iv, "rav": rav, "sh": sh});
    let t = |total: u64, iv: u64, rav: u64, sh: u64| json!({"total": total, "iv": iv, "rav": rav, "sh": sh});
    let k = &b["optima"]["kumuliert"];
    assert_eq!(
        k["zeitraum"],
        json!({"von": "2018-10-01", "bis": "2023-12-31"})
    );
    assert_eq!(k["auftraege"]["anmeldungen"], 56);
    assert_eq!(k["auftraege"]["auftraggeber"], n(1, 13, 42));
    assert_eq!(k["auftraege"]["auftragnehmer"], n(23, 18, 15));
    assert_eq!(k["wirkungen"]["abgeschlossen"], t(43, 18, 12, 13));
    let g = &k["wirkungen"]["abschlussgruende"];
    assert_eq!(g["erfolgreich"], t(18, 5, 2, 11));
    assert_eq!(g["teilweise"], t(8, 0, 6, 2));
    assert_eq!(g["nicht_umgesetzt"], t(13, 12, 1, 0));
    assert_eq!(g["sonstige"], t(4, 1, 3, 0));
    let rt = &b["roundtable"];
    rt_2023_wie_veroeffentlicht(&rt["jahr"]);
    assert_eq!(rt["kumuliert"]["eingang"]["anmeldungen"], 323);
    assert_eq!(rt["nach"]["jahr"].as_object().unwrap().len(), 15);
}

#[test]
fn roundtable_2023_gibt_die_veroeffentlichten_zahlen_wieder() {
    let r = Reg::neu();
    laden(&r, Path::new("examples/roundtable-2023.jsonl"));
    let k = r.json(&["rt", "report", "--von", "2023-01-01", "--bis", "2023-12-31"]);
    // Annual report 2023, section 2.1 (reference line 120 ff.).
    assert_eq!(
        k,
        json!({
            "zeitraum": {"von": "2023-01-01", "bis": "2023-12-31"},
            "eingang": {"anmeldungen": 7, "kein_prozess": 1,
                        "anmeldende_institution": {"rav": 1, "iv": 1, "sh": 2, "andere": 3}},
            "wirkungen": {"abgeschlossen": 5,
                          "abschlussgruende": {"arbeitsmarkt": 1, "loesung": 4, "abbruch": 0, "andere": 0}},
            "leistungen": {"begleitete_prozesse": 15, "gespraeche": 3, "optima_auftraege": 0}
        })
    );
    let tabelle = r
        .lauf(&["rt", "report", "--von", "2023-01-01", "--bis", "2023-12-31"])
        .ok()
        .stdout;
    for zeile in [
        "Roundtable-Statistik vom 01.01.2023 bis 31.12.2023",
        "Anmeldungen                                              7",
        "• Andere                                               3",
        "Anzahl begleitete Prozesse                              15",
        "Anzahl Roundtable-Standortgespräche                      3",
    ] {
        assert!(tabelle.contains(zeile), "{zeile}\n{tabelle}");
    }
    // CSV long format: one row per figure, with the header.
    let csv = r
        .lauf(&[
            "rt",
            "report",
            "--von",
            "2023-01-01",
            "--bis",
            "2023-12-31",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert!(
        csv.starts_with("abschnitt,kennzahl,institution,wert,datum\n"),
        "{csv}"
    );
    assert!(
        csv.contains("eingang,anmeldende_institution,andere,3,\n"),
        "{csv}"
    );
    assert!(
        csv.contains("leistungen,begleitete_prozesse,total,15,\n"),
        "{csv}"
    );
    assert!(csv.contains("zeitraum,bis,total,,2023-12-31\n"), "{csv}");
    // The OPTIMA report is untouched by Roundtable cases.
    assert_eq!(r.json(&["report"])["auftraege"]["anmeldungen"], 0);
}

#[test]
fn roundtable_und_optima_fuer_dieselbe_person() {
    let r = Reg::neu();
    laden(&r, Path::new("examples/roundtable-zu-optima.jsonl"));
    let alle = r.json(&["liste"]);
    assert_eq!(alle.as_array().unwrap().len(), 2);
    let rt = r.json(&["liste", "--angebot", "roundtable"]);
    assert_eq!(rt[0]["fall"], "RT-2024-001");
    assert_eq!(rt[0]["status"], "abgeschlossen");
    let opt = r.json(&["liste", "--angebot", "optima"]);
    assert_eq!(opt[0]["fall"], "OPT-2024-001");
    assert_eq!(opt[0]["status"], "laufend");
    assert_eq!(opt[0]["zielgruppe"], "G");
}

#[test]
fn case_managerin_fall_zeigt_plan_und_fallfuehrung() {
    let r = Reg::neu();
    laden(&r, Path::new("examples/roundtable-case-managerin.jsonl"));
    let z = r.json(&["zeige", "RT-2023-001"]);
    assert_eq!(z["status"], "abgeschlossen");
    assert_eq!(z["fallfuehrung"], "iv");
    assert_eq!(z["anmeldung"]["anmeldende_stelle"], "andere");
    assert_eq!(z["aufgaben"].as_array().unwrap().len(), 4);
    assert_eq!(z["aufgaben"][0]["erledigt"], "2023-10-30");
    assert!(z["aufgaben"][2].get("erledigt").is_none());
    assert_eq!(z["gespraeche"][0]["teilnehmer"][2], "IV Luzern");
    assert_eq!(z["person"]["vorname"], "Corinne");
}

#[test]
fn korrigierter_abschluss_stornierter_antrag_und_verlaengerung() {
    let r = Reg::neu();
    laden(&r, Path::new("examples/korrektur-abschluss.jsonl"));
    let g = &r.json(&["report"])["wirkungen"]["abschlussgruende"];
    assert_eq!(g["erfolgreich"]["total"], 0);
    assert_eq!(g["teilweise"]["total"], 1);
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["verlauf"][4]["ersetzt_durch"], 6);
    r.lauf(&["pruefen"]).ok();

    let r = Reg::neu();
    laden(&r, Path::new("examples/storno-antrag.jsonl"));
    assert_eq!(r.json(&["report"])["auftraege"]["anmeldungen"], 1);
    assert_eq!(r.json(&["liste"]).as_array().unwrap().len(), 1);

    let r = Reg::neu();
    laden(&r, Path::new("examples/verlaengerung.jsonl"));
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["verlaengert_bis"], "2024-07-17");
    assert_eq!(z["berater"], "Sozialarbeiter B");
}
