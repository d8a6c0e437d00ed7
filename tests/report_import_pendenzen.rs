//! `report` over periods that cut through cases, its JSON/CSV contract; `import` with
//! references and failing lines; every kind of due item and its absence once resolved.

use crate::common::*;
use serde_json::{Value, json};

/// Cases spread over 2021–2023 (see the comments for what each period must count).
fn mehrjahres_register() -> Reg {
    let r = Reg::neu();
    let zeilen = [
        // A: SH -> RAV, applied 2021, accepted and handed over 2022, closed 2023.
        json!({"op":"antrag","ref":"a","von":"sh","an":"rav","name":"Beispiel","vorname":"A","ahv":ahv(1),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"Stelle","datum":"2021-12-20"}),
        json!({"op":"annehmen","fall":"@a","datum":"2022-01-05"}),
        json!({"op":"uebergabe","fall":"@a","naechstes_gespraech":"2022-03-01","strategie":"x","zustimmung":true,"arbeitsfaehig_erklaert":true,"datum":"2022-01-20"}),
        json!({"op":"kostengutsprache","fall":"@a","aktion":"beantragen","massnahme":"Kurs","anbieter":"A","betrag":"1'000","datum":"2022-02-01"}),
        json!({"op":"kostengutsprache","fall":"@a","aktion":"bewilligen","nr":1,"unterzeichnet":"M. Meier","datum":"2022-02-10"}),
        json!({"op":"kostengutsprache","fall":"@a","aktion":"abrechnen","nr":1,"betrag":800,"datum":"2022-06-01"}),
        json!({"op":"abschluss","fall":"@a","grund":"erfolgreich","datum":"2023-01-10"}),
        // B: RAV -> IV, applied and rejected 2022.
        json!({"op":"antrag","ref":"b","von":"rav","an":"iv","name":"Beispiel","vorname":"B","ahv":ahv(2),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"2022-03-01"}),
        json!({"op":"annehmen","fall":"@b","ablehnen":"keine-kapazitaet","datum":"2022-03-10"}),
        // C: IV -> SH, applied 2022, accepted and handed over 2023, still running.
        json!({"op":"antrag","ref":"c","von":"iv","an":"sh","name":"Beispiel","vorname":"C","ahv":ahv(3),"arbeitsangebot":"nicht-intakt","fallfuehrung_bestaetigt":true,"einverstaendnis":true,"ziel":"x","datum":"2022-11-15"}),
        json!({"op":"annehmen","fall":"@c","datum":"2023-01-02"}),
        json!({"op":"uebergabe","fall":"@c","naechstes_gespraech":"2023-03-01","strategie":"x","zustimmung":true,"datum":"2023-01-15"}),
        // D: SH -> IV, applied 2023, undecided.
        json!({"op":"antrag","ref":"d","von":"sh","an":"iv","name":"Beispiel","vorname":"D","ahv":ahv(4),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"2023-05-01"}),
    ];
    let text: String = zeilen.iter().map(|z| format!("{z}\n")).collect();
    let l = r.lauf_mit(&["import"], &text);
    assert_eq!(l.code, 0, "{}{}", l.stdout, l.stderr);
    r
}

#[test]
fn report_zaehlt_nur_ereignisse_im_zeitraum() {
    let r = mehrjahres_register();
    let k = r.json(&["report", "--von", "2022-01-01", "--bis", "2022-12-31"]);
    assert_eq!(
        k["zeitraum"],
        json!({"von": "2022-01-01", "bis": "2022-12-31"})
    );
    assert_eq!(k["auftraege"]["anmeldungen"], 2, "A was applied in 2021");
    assert_eq!(
        k["auftraege"]["auftraggeber"],
        json!({"iv": 1, "rav": 1, "sh": 0})
    );
    assert_eq!(
        k["auftraege"]["auftragnehmer"],
        json!({"iv": 1, "rav": 0, "sh": 1})
    );
    assert_eq!(k["prozess"]["angenommen"], 1, "C was accepted in 2023");
    assert_eq!(k["prozess"]["abgelehnt"]["keine_kapazitaet"], 1);
    assert_eq!(
        k["kostengutsprachen"]["beantragt"],
        json!({"total": 1, "iv": 0, "rav": 1, "sh": 0})
    );
    assert_eq!(k["kostengutsprachen"]["bewilligt"]["rav"], 1);
    assert_eq!(
        k["wirkungen"]["abgeschlossen"]["total"], 0,
        "A closed in 2023"
    );
    assert_eq!(
        k["offene_faelle"],
        json!({"stichtag": "2022-12-31", "total": 2, "beantragt": 1, "angenommen": 0, "laufend": 1})
    );
    assert_eq!(
        k["massnahmenkosten_rappen"]["bewilligt"]["sh"], 100_000,
        "paid by the Auftraggeber"
    );
    assert_eq!(k["massnahmenkosten_rappen"]["abgerechnet"]["sh"], 80_000);
    // A led by the RAV from 20.1.2022 for its planned 6 months (concept 5.1: the flat rate
    // runs for the planned duration unless closed earlier): 181 days = 5.95 months at 125 CHF.
    assert_eq!(k["personalkosten"]["rappen"]["rav"], 74_300);
    assert_eq!(k["personalkosten"]["fallmonate"]["rav"], 5.9);
    assert_eq!(
        k["median_tage"]["antrag_bis_entscheid"], 12.5,
        "16 and 9 days"
    );

    let k = r.json(&["report", "--von", "2023-01-01", "--bis", "2023-12-31"]);
    assert_eq!(k["auftraege"]["anmeldungen"], 1);
    assert_eq!(k["prozess"]["angenommen"], 1);
    assert_eq!(k["prozess"]["abgelehnt"]["total"], 0);
    assert_eq!(k["kostengutsprachen"]["beantragt"]["total"], 0);
    assert_eq!(
        k["wirkungen"]["abgeschlossen"],
        json!({"total": 1, "iv": 0, "rav": 1, "sh": 0})
    );
    assert_eq!(k["wirkungen"]["abschlussgruende"]["erfolgreich"]["rav"], 1);
    assert_eq!(k["offene_faelle"]["total"], 2);
    assert_eq!(k["zielgruppen"]["E"], 1);
    assert_eq!(k["median_tage"]["uebergabe_bis_abschluss"], 355.0);

    let alles = r.json(&["report"]);
    assert_eq!(
        alles["zeitraum"],
        json!({"von": "2021-12-20", "bis": "2023-05-01"})
    );
    assert_eq!(alles["auftraege"]["anmeldungen"], 4);
    assert_eq!(
        r.lauf(&["report", "--von", "2023-01-01", "--bis", "2022-01-01"])
            .code,
        2
    );
}

#[test]
fn report_json_hat_genau_die_schluessel_der_spezifikation() {
    let r = mehrjahres_register();
    let k = r.json(&["report"]);
    let schluessel = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        schluessel(&k)[..5],
        [
            "zeitraum",
            "auftraege",
            "prozess",
            "kostengutsprachen",
            "wirkungen"
        ]
    );
    let inst = ["total", "iv", "rav", "sh"];
    assert_eq!(schluessel(&k["zeitraum"]), ["von", "bis"]);
    assert_eq!(
        schluessel(&k["auftraege"]),
        ["anmeldungen", "auftraggeber", "auftragnehmer"]
    );
    assert_eq!(
        schluessel(&k["auftraege"]["auftraggeber"]),
        ["iv", "rav", "sh"]
    );
    assert_eq!(
        schluessel(&k["auftraege"]["auftragnehmer"]),
        ["iv", "rav", "sh"]
    );
    assert_eq!(schluessel(&k["prozess"]), ["angenommen", "abgelehnt"]);
    assert_eq!(
        schluessel(&k["prozess"]["abgelehnt"]),
        [
            "total",
            "iv_ablehnung",
            "kein_arbeitsangebot",
            "keine_kapazitaet",
            "ziel_nicht_realisierbar",
            "sonstige"
        ]
    );
    assert_eq!(
        schluessel(&k["kostengutsprachen"]),
        ["beantragt", "bewilligt", "abgelehnt"]
    );
    for x in ["beantragt", "bewilligt", "abgelehnt"] {
        assert_eq!(schluessel(&k["kostengutsprachen"][x]), inst);
    }
    assert_eq!(
        schluessel(&k["wirkungen"]),
        ["abgeschlossen", "abschlussgruende"]
    );
    assert_eq!(schluessel(&k["wirkungen"]["abgeschlossen"]), inst);
    assert_eq!(
        schluessel(&k["wirkungen"]["abschlussgruende"]),
        ["erfolgreich", "teilweise", "nicht_umgesetzt", "sonstige"]
    );
    for x in ["erfolgreich", "teilweise", "nicht_umgesetzt", "sonstige"] {
        assert_eq!(schluessel(&k["wirkungen"]["abschlussgruende"][x]), inst);
    }
}

#[test]
fn report_csv_laesst_sich_zuruecklesen() {
    let r = mehrjahres_register();
    let j = r.json(&["report", "--von", "2023-01-01"]);
    let csv_text = r
        .lauf(&["report", "--von", "2023-01-01", "--format", "csv"])
        .ok()
        .stdout;
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        rd.headers().unwrap(),
        vec!["abschnitt", "kennzahl", "institution", "wert", "datum"]
    );
    let zeilen: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let finde = |a: &str, k: &str, i: &str| {
        zeilen
            .iter()
            .find(|z| z[0] == a && z[1] == k && z[2] == i)
            .map(|z| z[3].clone())
            .unwrap_or_else(|| panic!("{a},{k},{i} fehlt"))
    };
    assert_eq!(
        finde("auftraege", "anmeldungen", "total"),
        j["auftraege"]["anmeldungen"].to_string()
    );
    assert_eq!(
        finde("wirkungen", "abschlussgruende.erfolgreich", "rav"),
        "1"
    );
    assert_eq!(finde("prozess", "abgelehnt.keine_kapazitaet", "total"), "0");
    // A date is not a figure: `wert` stays numeric, the date has its own column.
    assert_eq!(finde("zeitraum", "von", "total"), "");
    let von = zeilen.iter().find(|z| z[0] == "zeitraum" && z[1] == "von");
    assert_eq!(von.unwrap()[4], "2023-01-01");
    for z in &zeilen {
        assert!(
            z[3].is_empty() || z[3].parse::<f64>().is_ok(),
            "wert nicht numerisch: {z:?}"
        );
    }
    // Every numeric leaf of the JSON is one CSV row.
    fn blaetter(v: &Value) -> usize {
        match v {
            Value::Object(m) => m.values().map(blaetter).sum(),
            _ => 1,
        }
    }
    assert_eq!(zeilen.len(), blaetter(&j));
}

#[test]
fn import_mit_referenzen_und_fehlerhaften_zeilen() {
    let r = Reg::neu();
    let mut text = String::new();
    for z in [
        json!({"op":"antrag","ref":"x","von":"sh","an":"rav","name":"Beispiel","vorname":"X","ahv":ahv(11),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"Stelle","datum":"2024-01-10"}),
        json!({"op":"annehmen","fall":"@x","datum":"2024-01-12"}),
        json!({"op":"uebergabe","fall":"@x","naechstes_gespraech":"2024-03-01","strategie":"x","arbeitsfaehig_erklaert":true,"datum":"2024-01-20"}),
        json!({"op":"uebergabe","fall":"@x","naechstes_gespraech":"2024-03-01","strategie":"x","zustimmung":true,"arbeitsfaehig_erklaert":true,"datum":"2024-01-20"}),
    ] {
        text.push_str(&format!("{z}\n"));
    }
    text.push_str("kein json\n");
    text.push_str("{\"op\":\"loeschen\",\"fall\":\"@x\"}\n");
    text.push_str("{\"op\":\"standort\",\"fall\":\"@y\",\"naechstes_gespraech\":\"2024-05-01\"}\n");
    text.push_str("{\"op\":\"standort\",\"fall\":\"@x\",\"naechstes_gespraech\":\"2024-05-01\",\"tippfehler\":1}\n");
    text.push('\n');
    text.push_str("{\"op\":\"standort\",\"fall\":\"@x\",\"naechstes_gespraech\":\"2024-05-01\",\"datum\":\"2024-03-01\"}\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"{\"op\":\"standort\",\"fall\":\"@x\",\"stand\":\"\xff\"}\n");
    let out = r.cmd().arg("import").write_stdin(bytes).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let ergebnisse: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ok: Vec<(u64, bool)> = ergebnisse
        .iter()
        .map(|e| (e["zeile"].as_u64().unwrap(), e["ok"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        ok,
        vec![
            (1, true),
            (2, true),
            (3, false),
            (4, true),
            (5, false),
            (6, false),
            (7, false),
            (8, false),
            (10, true),
            (11, false)
        ]
    );
    let fehler = |zeile: u64| {
        ergebnisse.iter().find(|e| e["zeile"] == zeile).unwrap()["fehler"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(fehler(3).contains("Zustimmung"), "{}", fehler(3));
    assert!(fehler(5).contains("kein gültiges JSON"));
    assert!(fehler(6).contains("unbekannter Vorgang"));
    assert!(fehler(7).contains("@y"));
    assert!(fehler(8).contains("tippfehler"));
    assert!(fehler(11).contains("UTF-8"));
    assert_eq!(ergebnisse[0]["fall"], "OPT-2024-001");
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["status"], "laufend");
    assert_eq!(z["naechstes_gespraech"], "2024-05-01");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Zeile(n) nicht übernommen"));
    // Import from a file gives the same, and a missing file is a usage error.
    assert_eq!(r.lauf(&["import", "/gibt/es/nicht.jsonl"]).code, 2);
}

/// More lines than the parsing thread hands over at once (256), with references reaching
/// back across those blocks, and a reference whose application failed: every line answers
/// in order, as if read one by one.
#[test]
fn import_viele_zeilen_mit_referenzen_ueber_bloecke() {
    let r = Reg::neu();
    let mut text = String::new();
    let n = 600u64;
    for i in 0..n {
        // Every 100th application is refused (no consent): its reference stays unknown.
        let z = json!({"op":"antrag","ref":format!("a{i}"),"von":"sh","an":"rav","name":format!("Block{i}"),
            "vorname":"B","ahv":ahv(900_000 + i),"arbeitsangebot":"intakt","einverstaendnis": i % 100 != 7,
            "ziel":"Stelle","datum":"2024-01-10"});
        text.push_str(&format!("{z}\n"));
    }
    for i in (0..n).rev() {
        text.push_str(&format!(
            "{{\"op\":\"annehmen\",\"fall\":\"@a{i}\",\"datum\":\"2024-01-12\"}}\n"
        ));
    }
    let out = r.lauf_mit(&["import", "-"], &text);
    assert_eq!(out.code, 3, "{}", out.stderr);
    let ergebnisse: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ergebnisse.len(), 2 * n as usize);
    let mut faelle = std::collections::HashMap::new();
    let mut nr = 0;
    for (k, e) in ergebnisse.iter().enumerate() {
        assert_eq!(e["zeile"], k + 1);
        let i = if k < n as usize {
            k as u64
        } else {
            2 * n - 1 - k as u64
        };
        let abgelehnt = i % 100 == 7;
        assert_eq!(e["ok"], !abgelehnt, "{e}");
        if k < n as usize && !abgelehnt {
            nr += 1;
            assert_eq!(e["fall"], format!("OPT-2024-{nr:03}"));
            faelle.insert(i, e["fall"].clone());
        }
        if k >= n as usize {
            if abgelehnt {
                assert!(
                    e["fehler"].as_str().unwrap().contains(&format!("@a{i}")),
                    "{e}"
                );
            } else {
                assert_eq!(e["fall"], faelle[&i], "line {}", k + 1);
            }
        }
    }
    let liste = r.json(&["liste", "--status", "angenommen"]);
    assert_eq!(liste.as_array().unwrap().len(), 594);
}

#[test]
fn import_ist_dieselbe_regelpruefung_wie_die_kommandozeile() {
    // The same refused operation, once typed and once imported: same message.
    let r = Reg::neu();
    let id = r.antrag("sh", "rav", 21, "2024-01-10");
    let typ = r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-05-01",
        "--datum",
        "2024-02-01",
    ]);
    let imp = r.lauf_mit(&["import"], &format!("{}\n", json!({"op":"standort","fall":id,"naechstes_gespraech":"2024-05-01","datum":"2024-02-01"})));
    let e: Value = serde_json::from_str(imp.stdout.trim()).unwrap();
    assert_eq!(
        format!("Fehler: {}", e["fehler"].as_str().unwrap()),
        typ.stderr.trim()
    );
}

fn pendenzen(r: &Reg, stichtag: &str) -> Vec<(String, String)> {
    let v = r.json(&["pendenzen", "--stichtag", stichtag]);
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["fall"].as_str().unwrap().into(),
                p["art"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn pendenzen_jeder_art_und_ihr_verschwinden() {
    let r = Reg::neu();
    // Undecided application.
    let a = r.antrag("sh", "rav", 31, "2024-01-01");
    assert!(
        pendenzen(&r, "2024-01-15").is_empty(),
        "14 days are allowed"
    );
    assert_eq!(
        pendenzen(&r, "2024-01-16"),
        vec![(a.clone(), "antrag".into())]
    );
    r.lauf(&["annehmen", &a, "--datum", "2024-01-20"]).ok();
    assert!(pendenzen(&r, "2024-01-21").is_empty());
    assert_eq!(
        pendenzen(&r, "2024-01-16"),
        vec![(a.clone(), "antrag".into())],
        "as it was that day"
    );
    // Accepted, but no handover meeting within 14 days.
    assert!(pendenzen(&r, "2024-02-03").is_empty());
    assert_eq!(
        pendenzen(&r, "2024-02-04"),
        vec![(a.clone(), "uebergabe".into())]
    );
    r.lauf(&[
        "abschluss",
        &a,
        "--grund",
        "sonstige",
        "--anlass",
        "keine-einigung",
        "--datum",
        "2024-02-04",
    ])
    .ok();

    // Meeting due, cost approval pending, duration exceeded, exemption ending.
    let b = r.antrag("rav", "sh", 32, "2024-01-01");
    r.lauf(&["annehmen", &b, "--datum", "2024-01-02"]).ok();
    r.lauf(&[
        "uebergabe",
        &b,
        "--naechstes-gespraech",
        "2024-03-01",
        "--strategie",
        "x",
        "--zustimmung",
        "--befreiung-bis",
        "2024-06-30",
        "--datum",
        "2024-02-01",
    ])
    .ok();
    r.lauf(&[
        "kostengutsprache",
        &b,
        "beantragen",
        "--massnahme",
        "Kurs",
        "--anbieter",
        "A",
        "--betrag",
        "100",
        "--datum",
        "2024-02-01",
    ])
    .ok();
    let p = pendenzen(&r, "2024-02-11");
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(
        pendenzen(&r, "2024-02-12"),
        vec![(b.clone(), "kostengutsprache".into())]
    );
    r.lauf(&[
        "kostengutsprache",
        &b,
        "bewilligen",
        "1",
        "--unterzeichnet",
        "M. Meier",
        "--datum",
        "2024-02-20",
    ])
    .ok();
    assert_eq!(
        pendenzen(&r, "2024-02-23"),
        vec![(b.clone(), "gespraech".into())],
        "due within 7 days"
    );
    assert_eq!(
        pendenzen(&r, "2024-03-05"),
        vec![(b.clone(), "gespraech".into())],
        "overdue"
    );
    r.lauf(&[
        "standort",
        &b,
        "--naechstes-gespraech",
        "2024-09-01",
        "--datum",
        "2024-03-04",
    ])
    .ok();
    assert!(pendenzen(&r, "2024-03-05").is_empty());
    assert_eq!(
        pendenzen(&r, "2024-06-20"),
        vec![(b.clone(), "befreiung".into())]
    );
    assert_eq!(
        pendenzen(&r, "2024-08-05"),
        vec![(b.clone(), "dauer".into())],
        "6 months from 1.2. end on 1.8."
    );
    let t = r
        .lauf(&["pendenzen", "--stichtag", "2024-08-05"])
        .ok()
        .stdout;
    assert!(t.contains("Geplante Dauer von 6 Monaten"), "{t}");
    // Sorted by due date.
    let c = r.antrag("sh", "iv", 33, "2024-07-01");
    let p = pendenzen(&r, "2024-08-05");
    assert_eq!(
        p,
        vec![(c.clone(), "antrag".into()), (b.clone(), "dauer".into())]
    );
    // Closed cases never appear.
    r.lauf(&[
        "abschluss",
        &b,
        "--grund",
        "teilweise",
        "--datum",
        "2024-08-05",
    ])
    .ok();
    r.lauf(&[
        "annehmen",
        &c,
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-08-05",
    ])
    .ok();
    assert!(pendenzen(&r, "2024-12-31").is_empty());
}

#[test]
fn import_anonymisiert_im_selben_batch() {
    // Erasing a person created earlier in the same batch: the deferred sync must not trip
    // over the deleted record.
    let r = Reg::neu();
    let text = [
        json!({"op":"antrag","ref":"a","von":"sh","an":"rav","name":"Beispiel","vorname":"A","ahv":ahv(71),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"2024-01-10"}),
        json!({"op":"annehmen","fall":"@a","ablehnen":"keine-kapazitaet","datum":"2024-01-11"}),
        json!({"op":"anonymisieren","fall":"@a","datum":"2024-01-12"}),
    ]
    .iter()
    .map(|z| format!("{z}\n"))
    .collect::<String>();
    let l = r.lauf_mit(&["import"], &text);
    assert_eq!(l.code, 0, "{}{}", l.stdout, l.stderr);
    assert_eq!(r.json(&["zeige", "OPT-2024-001"])["person_geloescht"], true);
}

#[test]
fn csv_ausgabe_aller_befehle() {
    let r = Reg::neu();
    let l = r.lauf_v(&antrag_args(&[
        ("--vorname", "C"),
        ("--ahv", &ahv(81)),
        ("--ziel", "x"),
        ("--datum", "2024-01-01"),
        ("--format", "csv"),
    ]));
    assert_eq!(l.code, 0, "{}", l.stderr);
    assert_eq!(
        l.stdout,
        "fall,status,nr,zielgruppe\nOPT-2024-001,beantragt,,H\n"
    );
    let lesen = |args: &[&str]| {
        let out = r.lauf(args).ok().stdout;
        let mut rd = csv::Reader::from_reader(out.as_bytes());
        let kopf: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
        let zeilen: Vec<Vec<String>> = rd
            .records()
            .map(|z| z.unwrap().iter().map(String::from).collect())
            .collect();
        (kopf, zeilen)
    };
    let (kopf, zeilen) = lesen(&["liste", "--format", "csv"]);
    assert_eq!(kopf[0], "fall");
    assert_eq!(zeilen[0][0], "OPT-2024-001");
    let (kopf, zeilen) = lesen(&["pendenzen", "--stichtag", "2024-02-01", "--format", "csv"]);
    assert_eq!(kopf, ["fall", "art", "faellig", "text"]);
    assert_eq!(zeilen[0][1], "antrag");
    assert_eq!(
        r.lauf(&["zeige", "OPT-2024-001", "--format", "csv"]).code,
        2
    );
}

#[test]
fn pendenzen_vor_dem_antrag_nennen_keinen_fall_beschaedigt() {
    let r = Reg::neu();
    r.antrag("sh", "rav", 41, "2024-05-01");
    let l = r
        .lauf(&["pendenzen", "--stichtag", "2024-01-01", "--format", "json"])
        .ok();
    assert_eq!(l.stdout.trim(), "[]");
    assert!(l.stderr.is_empty(), "{}", l.stderr);
}

#[test]
fn verlaengerung_und_beraterwechsel_im_falldatenblatt() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 42);
    r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-10-01",
        "--stand",
        "Arbeitsversuch verlängert",
        "--verlaengern-bis",
        "2024-11-30",
        "--berater",
        "B. Neu",
        "--datum",
        "2024-07-15",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["geplantes_ende"], "2024-11-30");
    assert_eq!(z["verlaengert_bis"], "2024-11-30");
    assert_eq!(z["berater"], "B. Neu");
    assert_eq!(z["standorte"][0]["stand"], "Arbeitsversuch verlängert");
    // The planned duration is exceeded only after the extension.
    let p = pendenzen(&r, "2024-09-01");
    assert!(!p.iter().any(|(_, art)| art == "dauer"), "{p:?}");
    let p = pendenzen(&r, "2024-12-02");
    assert!(p.iter().any(|(_, art)| art == "dauer"), "{p:?}");
    // Without a reason, an extension is refused.
    let l = r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-12-01",
        "--verlaengern-bis",
        "2025-01-31",
        "--datum",
        "2024-08-01",
        "--no-input",
    ]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(l.stderr.contains("--stand"));
}

fn importzeilen(schluessel: bool) -> String {
    let k = |s: &str| {
        if schluessel {
            format!(",\"schluessel\":\"lauf-1:{s}\"")
        } else {
            String::new()
        }
    };
    let antrag = format!(
        "{{\"op\":\"antrag\",\"ref\":\"a\",\"von\":\"sh\",\"an\":\"rav\",\"name\":\"Probe\",\"vorname\":\"P\",\"ahv\":\"{}\",\"arbeitsangebot\":\"intakt\",\"einverstaendnis\":true,\"ziel\":\"Arbeit\",\"datum\":\"2024-02-01\"{}}}",
        ahv(969_001),
        k("1")
    );
    let zweite = format!(
        "{{\"op\":\"annehmen\",\"fall\":\"@a\",\"datum\":\"2024-02-02\"{}}}",
        k("2")
    );
    let dritte = format!(
        "{{\"op\":\"annehmen\",\"fall\":\"@a\",\"datum\":\"2024-02-03\"{}}}",
        k("3")
    );
    format!("{antrag}\n{zweite}\n{dritte}\n")
}

/// `import --pruefen`: every line checked as a real import would (the third line fails
/// only because of the second), nothing written, no copy left behind.
#[test]
fn import_probelauf_schreibt_nichts() {
    let r = Reg::neu();
    r.antrag("sh", "rav", 969_000, "2024-01-10");
    let vorher = r.schnappschuss();
    let l = r.lauf_mit(&["import", "--pruefen", "-"], &importzeilen(false));
    assert_eq!(l.code, 3, "{}", l.stderr);
    let erg: Vec<serde_json::Value> = l
        .stdout
        .lines()
        .map(|z| serde_json::from_str(z).unwrap())
        .collect();
    assert_eq!(erg[0]["ok"], true);
    assert_eq!(erg[0]["fall"], "OPT-2024-002");
    assert_eq!(erg[1]["ok"], true);
    assert_eq!(
        erg[2]["ok"], false,
        "a second acceptance is refused, as in a real run"
    );
    assert!(
        l.stderr.contains("Probelauf") && l.stderr.contains("nichts gespeichert"),
        "{}",
        l.stderr
    );
    assert!(vorher == r.schnappschuss(), "the register is untouched");
    assert!(
        std::fs::read_dir(r.pfad())
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().contains(".pruefen-"))
    );
    // Without a register: nothing created either.
    let leer = tempfile::tempdir().unwrap();
    let ziel = leer.path().join("neu");
    let l = assert_cmd::Command::cargo_bin("iiz")
        .unwrap()
        .env("IIZ_DATA_DIR", &ziel)
        .args(["import", "--pruefen", "-"])
        .write_stdin(importzeilen(false).lines().next().unwrap().to_string() + "\n")
        .output()
        .unwrap();
    assert!(l.status.success(), "{}", String::from_utf8_lossy(&l.stderr));
    assert_eq!(
        std::fs::read_dir(leer.path()).unwrap().count(),
        0,
        "nothing created"
    );
}

/// `"schluessel"`: a re-run batch applies each line exactly once; a line already applied
/// answers ok with its case and writes nothing; later lines still find the case by ref.
#[test]
fn import_schluessel_macht_wiederholung_unschaedlich() {
    let r = Reg::neu();
    let zeilen = importzeilen(true);
    let erste: Vec<String> = zeilen.lines().take(2).map(String::from).collect();
    let l = r
        .lauf_mit(&["import", "-"], &(erste.join("\n") + "\n"))
        .ok();
    assert_eq!(l.stdout.lines().count(), 2);
    let nach_erstem = r.schnappschuss();
    // The whole file again (as after a kill): the first two are skipped, the third applied.
    let l = r.lauf_mit(&["import", "-"], &zeilen);
    let erg: Vec<serde_json::Value> = l
        .stdout
        .lines()
        .map(|z| serde_json::from_str(z).unwrap())
        .collect();
    assert_eq!(erg[0]["bereits"], true, "{erg:?}");
    assert_eq!(erg[0]["fall"], "OPT-2024-001");
    assert_eq!(erg[1]["bereits"], true);
    assert_eq!(
        erg[2]["ok"], false,
        "the third line is applied (and refused by the rules)"
    );
    assert_eq!(
        r.json(&["liste"]).as_array().unwrap().len(),
        1,
        "no second case for the person"
    );
    let j = std::fs::read_to_string(r.pfad().join("faelle/OPT-2024-001.jsonl")).unwrap();
    assert_eq!(j.lines().count(), 2);
    assert!(j.contains("\"schluessel\":\"lauf-1:1\"") && j.contains("\"schluessel\":\"lauf-1:2\""));
    // And once more: nothing written at all.
    r.lauf_mit(&["import", "-"], &(erste.join("\n") + "\n"))
        .ok();
    let jetzt = r.schnappschuss();
    for (p, b) in &nach_erstem {
        if p.starts_with("faelle") || p.starts_with("personen") {
            assert_eq!(jetzt.get(p), Some(b), "{p:?}");
        }
    }
    r.lauf(&["pruefen"]).ok();
    // A key is a short text.
    let l = r.lauf_mit(
        &["import", "-"],
        "{\"op\":\"annehmen\",\"fall\":\"OPT-2024-001\",\"schluessel\":5}\n",
    );
    assert!(l.stdout.contains("schluessel"), "{}", l.stdout);
}

/// The same batch saved with CRLF line ends, a byte order mark or spaces around its lines
/// is the same input: a second run applies nothing (no second case for the same person).
#[test]
fn dieselbe_eingabe_mit_crlf_und_bom_wird_nicht_zweimal_angewandt() {
    let r = Reg::neu();
    let lf = format!(
        "{}\n{}\n",
        antrag_zeile(930_001, "2024-01-10"),
        antrag_zeile(930_002, "2024-01-11")
    );
    r.lauf_mit(&["import", "-"], &lf).ok();
    let vorher = r.schnappschuss();
    let crlf = lf.replace('\n', "\r\n");
    for variante in [
        crlf.clone(),
        format!("\u{feff}{crlf}"),
        lf.replace('\n', "  \n"),
    ] {
        let l = r.lauf_mit(&["import", "-"], &variante).ok();
        assert_eq!(
            l.stdout.matches("\"bereits\":true").count(),
            2,
            "{variante:?}: {}",
            l.stdout
        );
        assert!(
            vorher == r.schnappschuss(),
            "{variante:?}: register changed"
        );
    }
    assert_eq!(r.json(&["liste"]).as_array().unwrap().len(), 2);
}

/// An import line as `iiz import` reads it: a complete application.
fn antrag_zeile(serie: u64, datum: &str) -> String {
    serde_json::json!({
        "op": "antrag", "von": "rav", "an": "sh", "von_stelle": "RAV Emmen",
        "an_stelle": "Sozialdienst Emmen", "name": "Zeile", "vorname": format!("Nr{serie}"),
        "ahv": ahv(serie), "bezug": ["ale"], "arbeitsangebot": "nicht-intakt",
        "fallfuehrung_bestaetigt": true, "einverstaendnis": true, "ziel": "Test",
        "datum": datum,
    })
    .to_string()
}

/// `pendenzen` takes the filters of `liste` (spec §13): Berater:in, Stelle, Art, Fall, a
/// horizon and a limit; every kind of due item the services give is a known `--art`.
#[test]
fn pendenzen_mit_den_filtern_von_liste() {
    let r = Reg::neu();
    for datei in [
        "examples/pilot-2018-2022.jsonl",
        "examples/roundtable-2023.jsonl",
    ] {
        r.lauf(&["import", datei]).ok();
    }
    let p = |extra: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec!["pendenzen", "--stichtag", "2023-06-30"];
        args.extend_from_slice(extra);
        r.json(&args).as_array().unwrap().clone()
    };
    let alle = p(&[]);
    assert!(alle.len() > 5, "{}", alle.len());
    for x in &alle {
        let art = x["art"].as_str().unwrap();
        assert!(iiz::prozess::PENDENZ_ARTEN.contains(&art), "{art}");
    }
    // By kind.
    let gespraeche = p(&["--art", "gespraech"]);
    assert!(!gespraeche.is_empty() && gespraeche.len() < alle.len());
    assert!(gespraeche.iter().all(|x| x["art"] == "gespraech"));
    // By case, in any spelling.
    let fall = alle[0]["fall"].as_str().unwrap().to_string();
    let klein = fall.to_lowercase();
    let nur = p(&["--fall", &klein]);
    assert!(!nur.is_empty() && nur.iter().all(|x| x["fall"] == fall.as_str()));
    // By office: only cases the IV is part of.
    let iv = p(&["--stelle", "iv"]);
    assert!(iv.len() < alle.len());
    let liste_iv: Vec<String> = r
        .json(&["liste", "--stelle", "iv"])
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["fall"].as_str().unwrap().to_string())
        .collect();
    assert!(
        iv.iter()
            .all(|x| liste_iv.contains(&x["fall"].as_str().unwrap().to_string()))
    );
    // A limit keeps the first due, and says the rest on stderr (table).
    let zwei = p(&["--limit", "2"]);
    assert_eq!(zwei, alle[..2].to_vec());
    let l = r
        .lauf(&["pendenzen", "--stichtag", "2023-06-30", "--limit", "2"])
        .ok();
    assert!(l.stderr.contains("nicht gezeigt (--limit)"), "{}", l.stderr);
    // A horizon shows what falls due up to then, and never less than the day itself.
    let spaeter = p(&["--bis", "2023-12-31"]);
    assert!(spaeter.len() >= alle.len());
    // A Berater:in nobody is: nothing.
    assert!(p(&["--berater", "Niemand Sonst"]).is_empty());
    // Wrong values: German, exit 2, nothing written.
    let vorher = r.schnappschuss();
    for args in [
        vec!["pendenzen", "--art", "foo"],
        vec![
            "pendenzen",
            "--stichtag",
            "2023-06-30",
            "--bis",
            "2023-01-01",
        ],
        vec!["pendenzen", "--limit", "0"],
    ] {
        let l = r.lauf(&args);
        assert_eq!(l.code, 2, "{args:?}: {}", l.stderr);
        assert!(l.stderr.starts_with("Fehler: "), "{}", l.stderr);
    }
    assert!(vorher == r.schnappschuss());
}
