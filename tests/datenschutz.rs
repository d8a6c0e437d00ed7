//! Personal data: never in journals or reports; erasable without changing any report.

use crate::common::*;

fn alle_dateien_text(r: &Reg) -> String {
    r.schnappschuss()
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn journale_ohne_name_ahv_geburtsdatum() {
    let r = Reg::neu();
    let a = ahv(424_242);
    r.lauf_v(&antrag_args(&[
        ("--von", "rav"),
        ("--an", "sh"),
        ("--name", "Zumbrunnen"),
        ("--vorname", "Ottilie"),
        ("--ahv", &a),
        ("--geburtsdatum", "1971-09-23"),
        ("--geschlecht", "w"),
        ("--wohngemeinde", "Emmen"),
        ("--arbeitsangebot", "nicht-intakt"),
        ("--fallfuehrung-bestaetigt", ""),
        ("--ziel", "Wohnung finden"),
    ]))
    .ok();
    r.lauf(&["annehmen", "OPT-2024-001", "--datum", "2024-01-11"])
        .ok();
    let j = r.journale();
    assert!(
        j.contains("\"geburtsjahr\":1971"),
        "year of birth stays for statistics"
    );
    for verboten in [
        "Zumbrunnen",
        "Ottilie",
        a.as_str(),
        &a.replace('.', ""),
        "1971-09-23",
        "23.09.1971",
    ] {
        assert!(!j.contains(verboten), "{verboten} im Journal");
    }
    let personen = alle_dateien_text(&r);
    assert!(
        personen.contains("Zumbrunnen"),
        "the person store holds the name"
    );
    for args in [
        vec!["report", "--format", "json"],
        vec!["report"],
        vec!["report", "--format", "csv"],
        vec!["liste"],
    ] {
        let out = r.lauf(&args).ok().stdout;
        assert!(!out.contains("Zumbrunnen") && !out.contains(&a), "{args:?}");
    }
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["person"]["name"], "Zumbrunnen");
    assert_eq!(z["person_geloescht"], false);
}

#[test]
fn anonymisieren_loescht_person_und_laesst_reports_gleich() {
    let r = Reg::neu();
    let a = ahv(515_151);
    r.lauf_v(&antrag_args(&[
        ("--an", "iv"),
        ("--unterstuetzungsbedarf", ""),
        ("--name", "Zumbrunnen"),
        ("--vorname", "Ottilie"),
        ("--ahv", &a),
        ("--geburtsdatum", "1971-09-23"),
        ("--ziel", "Eingliederung"),
    ]))
    .ok();
    let id = "OPT-2024-001";
    r.lauf(&["annehmen", id, "--datum", "2024-01-11"]).ok();
    r.lauf(&[
        "uebergabe",
        id,
        "--naechstes-gespraech",
        "2024-03-01",
        "--strategie",
        "x",
        "--zustimmung",
        "--arbeitsfaehig-erklaert",
        "--datum",
        "2024-01-20",
    ])
    .ok();
    let offen = r.lauf(&["anonymisieren", id, "--datum", "2024-02-01"]);
    assert_eq!(offen.code, 3);
    r.lauf(&[
        "abschluss",
        id,
        "--grund",
        "teilweise",
        "--datum",
        "2024-03-01",
    ])
    .ok();
    let reports = |r: &Reg| {
        [
            vec!["report"],
            vec!["report", "--format", "json"],
            vec!["report", "--format", "csv"],
            vec![
                "report",
                "--von",
                "2024-01-15",
                "--bis",
                "2024-02-15",
                "--format",
                "json",
            ],
        ]
        .iter()
        .map(|a| r.lauf(a).ok().stdout)
        .collect::<Vec<_>>()
    };
    let vorher = reports(&r);
    r.lauf(&["anonymisieren", id, "--datum", "2024-06-01"]).ok();
    assert_eq!(vorher, reports(&r), "reports changed by erasure");
    let alles = alle_dateien_text(&r);
    for verboten in ["Zumbrunnen", "Ottilie", a.as_str(), "1971-09-23"] {
        assert!(!alles.contains(verboten), "{verboten} noch im Register");
    }
    let z = r.json(&["zeige", id]);
    assert_eq!(z["person_geloescht"], true);
    assert!(z["person"].is_null());
    let t = r.lauf(&["zeige", id]).ok().stdout;
    assert!(t.contains("Personendaten gelöscht"), "{t}");
    assert_eq!(r.lauf(&["anonymisieren", id]).code, 3, "only once");
    r.lauf(&["pruefen"]).ok();
    // The same person may apply again later.
    r.lauf_v(&antrag_args(&[
        ("--an", "iv"),
        ("--unterstuetzungsbedarf", ""),
        ("--name", "Zumbrunnen"),
        ("--vorname", "Ottilie"),
        ("--ahv", &a),
        ("--ziel", "Eingliederung"),
        ("--datum", "2024-07-01"),
    ]))
    .ok();
}

/// In an import the erasures are written once per shard at the batch's end; meanwhile the
/// batch no longer finds the erased persons, and the same person may apply again in it.
#[test]
fn anonymisieren_im_import_loescht_am_ende_und_sofort_fuer_den_stapel() {
    let r = Reg::neu();
    let mut zeilen = String::new();
    for i in 0..12u64 {
        let z = serde_json::json!({"op":"antrag","ref":format!("f{i}"),"von":"sh","an":"rav",
            "name":format!("Stapelname{i}"),"vorname":"Imke","ahv":ahv(515_200 + i),
            "geburtsdatum":"1980-02-02","arbeitsangebot":"intakt","einverstaendnis":true,
            "ziel":"Arbeit","datum":"2024-02-01"});
        zeilen.push_str(&format!("{z}\n"));
    }
    for i in 0..12u64 {
        zeilen.push_str(&format!(
            "{{\"op\":\"annehmen\",\"fall\":\"@f{i}\",\"ablehnen\":\"keine-kapazitaet\",\"datum\":\"2024-02-02\"}}\n"
        ));
    }
    // Every second one erased, then the first person applies again in the same batch.
    for i in (0..12u64).step_by(2) {
        zeilen.push_str(&format!(
            "{{\"op\":\"anonymisieren\",\"fall\":\"@f{i}\",\"datum\":\"2024-03-01\"}}\n"
        ));
    }
    let z = serde_json::json!({"op":"antrag","von":"sh","an":"rav","name":"Wiederkehr",
        "vorname":"Imke","ahv":ahv(515_200),"arbeitsangebot":"intakt","einverstaendnis":true,
        "ziel":"Arbeit","datum":"2024-04-01"});
    zeilen.push_str(&format!("{z}\n"));
    // Erasing the same case twice in one batch: refused the second time, as outside.
    zeilen.push_str("{\"op\":\"anonymisieren\",\"fall\":\"@f0\",\"datum\":\"2024-05-01\"}\n");
    let out = r.lauf_mit(&["import", "-"], &zeilen);
    assert_eq!(out.code, 3, "{}", out.stdout);
    let ergebnisse: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ergebnisse.len(), 32);
    assert!(
        ergebnisse[..31].iter().all(|e| e["ok"] == true),
        "{}",
        out.stdout
    );
    assert_eq!(ergebnisse[30]["fall"], "OPT-2024-013");
    assert_eq!(ergebnisse[31]["ok"], false);
    let alles = alle_dateien_text(&r);
    for i in 0..12u64 {
        let name = format!("Stapelname{i}\"");
        assert_eq!(alles.contains(&name), i % 2 == 1, "{name}");
        assert_eq!(
            alles.contains(&ahv(515_200 + i)),
            i % 2 == 1 || i == 0,
            "{i}"
        );
    }
    assert!(alles.contains("Wiederkehr"));
    // Only the living persons are found; the name index knows nothing of the erased.
    let gesucht = r.json(&["suche", "Imke"]);
    assert_eq!(gesucht.as_array().map(Vec::len), Some(7), "{gesucht}");
    assert_eq!(r.json(&["zeige", "OPT-2024-001"])["person_geloescht"], true);
    assert!(!r.pfad().join("personen/schwebend.jsonl").exists());
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn abgebrochene_personenzeile_wird_uebersprungen_und_beim_loeschen_entfernt() {
    let r = Reg::neu();
    let a = ahv(616_161);
    r.lauf_v(&antrag_args(&[
        ("--name", "Zumbrunnen"),
        ("--vorname", "Ottilie"),
        ("--ahv", &a),
        ("--ziel", "x"),
    ]))
    .ok();
    // A crash in the middle of the next record's write, in every shard and index shard.
    let mut shards = Vec::new();
    for dir in [
        r.pfad().join("personen"),
        r.pfad().join("personen").join("index"),
    ] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "jsonl") {
                let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
                std::io::Write::write_all(
                    &mut f,
                    b"\n{\"pseudonym\":\"P-0\",\"name\":\"Abgebrochen\",\"ah",
                )
                .unwrap();
                shards.push(p);
            }
        }
    }
    assert_eq!(shards.len(), 2);
    assert_eq!(
        r.json(&["zeige", "OPT-2024-001"])["person"]["name"],
        "Zumbrunnen"
    );
    // A torn line may hold part of a person: reported (where, never what), not kept quiet.
    let p = r.lauf(&["pruefen"]);
    assert_eq!(p.code, 5, "{}", p.stderr);
    assert_eq!(
        p.stdout.matches("unvollständige Zeile").count(),
        2,
        "{}",
        p.stdout
    );
    assert!(!p.stdout.contains("Abgebrochen") && !p.stderr.contains("Abgebrochen"));
    // The same person cannot apply twice; the torn line does not hide the open case.
    assert_eq!(
        r.lauf_v(&antrag_args(&[
            ("--name", "Zumbrunnen"),
            ("--vorname", "Ottilie"),
            ("--ahv", &a),
            ("--ziel", "x"),
            ("--datum", "2024-01-11")
        ]))
        .code,
        3
    );
    r.lauf(&[
        "annehmen",
        "OPT-2024-001",
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-01-12",
    ])
    .ok();
    r.lauf(&["anonymisieren", "OPT-2024-001", "--datum", "2024-01-13"])
        .ok();
    for p in shards {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        assert!(
            !text.contains("Zumbrunnen") && !text.contains("Abgebrochen"),
            "{}: {text}",
            p.display()
        );
    }
}

/// Every display of person data is logged (who, when, which case, which command); the log
/// names no person; what cannot be logged is not shown.
#[test]
fn zugriffsprotokoll_nennt_jede_anzeige() {
    let r = Reg::neu();
    let a = ahv(818_181);
    let id = r
        .lauf_v(&antrag_args(&[("--name", "Zumbrunnen"), ("--ahv", &a)]))
        .ok()
        .fall();
    let rt = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "sh",
            "--name",
            "Rohrer",
            "--vorname",
            "Rita",
            "--ahv",
            &ahv(818_182),
            "--beteiligte",
            "iv,rav",
            "--anliegen",
            "Koordination",
            "--einverstaendnis",
            "--datum",
            "2024-02-01",
        ])
        .ok()
        .fall();
    r.lauf(&[
        "rt",
        "gespraech",
        &rt,
        "--teilnehmer",
        "IV Luzern",
        "--analyse",
        "A",
        "--ziele",
        "Z",
        "--aufgabe",
        "Arbeitsversuch|RAV|2024-06-30",
        "--fallfuehrung",
        "rav",
        "--naechstes-gespraech",
        "2024-07-01",
        "--datum",
        "2024-02-10",
    ])
    .ok();
    // Writing and statistics show no person: nothing logged.
    for args in [
        vec!["report"],
        vec!["liste"],
        vec!["pendenzen", "--stichtag", "2024-02-15"],
        vec!["rt", "report"],
    ] {
        r.lauf(&args).ok();
    }
    assert_eq!(r.json(&["zugriffe"]), serde_json::json!([]));
    r.lauf(&["zeige", &id]).ok();
    r.lauf(&["zeige", &id, "--format", "json"]).ok();
    r.lauf(&["suche", "Zumbrunnen"]).ok();
    r.lauf(&["suche", &a]).ok();
    r.lauf(&["suche", "Niemand"]).ok();
    r.lauf(&["rt", "dokument", &rt, "--format", "md"]).ok();
    let log = r.json(&["zugriffe"]);
    let zeilen: Vec<(String, String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|z| {
            (
                z["benutzer"].as_str().unwrap().into(),
                z["fall"].as_str().unwrap().into(),
                z["befehl"].as_str().unwrap().into(),
            )
        })
        .collect();
    let t = |f: &str, b: &str| ("test".to_string(), f.to_string(), b.to_string());
    assert_eq!(
        zeilen,
        vec![
            t(&id, "zeige"),
            t(&id, "zeige"),
            t(&id, "suche"),
            t(&id, "suche"),
            t(&rt, "rt dokument")
        ]
    );
    assert!(log[0]["zeit"].as_str().unwrap().ends_with('Z'), "UTC");
    // A due list that shows a task's free text is a display of that case too.
    let p = r
        .lauf(&["pendenzen", "--stichtag", "2024-07-15"])
        .ok()
        .stdout;
    assert!(p.contains("Arbeitsversuch"), "{p}");
    let log = r.json(&["zugriffe"]);
    assert_eq!(log.as_array().unwrap().len(), 6);
    assert_eq!(log[5]["fall"], rt.as_str());
    assert_eq!(log[5]["befehl"], "pendenzen");
    // Filters: by case, by day.
    assert_eq!(
        r.json(&["zugriffe", "--fall", &rt])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        r.json(&["zugriffe", "--fall", &id])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        r.json(&["zugriffe", "--bis", "2000-01-01"]),
        serde_json::json!([])
    );
    assert_eq!(
        r.lauf(&["zugriffe", "--von", "2024-02-02", "--bis", "2024-02-01"])
            .code,
        2
    );
    let csv = r.lauf(&["zugriffe", "--format", "csv"]).ok().stdout;
    assert!(
        csv.starts_with("zeit,benutzer,konto,fall,befehl\n"),
        "{csv}"
    );
    let tab = r.lauf(&["zugriffe"]).ok().stdout;
    assert!(tab.contains("rt dokument") && tab.contains(&id), "{tab}");
    // The log itself names no person.
    let text = std::fs::read_to_string(r.pfad().join("zugriffe.jsonl")).unwrap();
    for verboten in ["Zumbrunnen", "Rohrer", "Rita", &a, "Niemand"] {
        assert!(!text.contains(verboten), "{verboten} im Protokoll");
    }
    // Erased: nothing shown, nothing logged.
    r.lauf(&[
        "annehmen",
        &id,
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-01-12",
    ])
    .ok();
    r.lauf(&["anonymisieren", &id, "--datum", "2024-01-13"])
        .ok();
    r.lauf(&["zeige", &id]).ok();
    assert_eq!(r.json(&["zugriffe"]).as_array().unwrap().len(), 6);
}

#[test]
fn ohne_protokoll_keine_anzeige() {
    let r = Reg::neu();
    let id = r
        .lauf_v(&antrag_args(&[("--name", "Zumbrunnen")]))
        .ok()
        .fall();
    // The log cannot be written (a directory stands in its place).
    std::fs::create_dir(r.pfad().join("zugriffe.jsonl")).unwrap();
    for args in [vec!["zeige", id.as_str()], vec!["suche", "Zumbrunnen"]] {
        let l = r.lauf(&args);
        assert_ne!(l.code, 0, "{args:?}");
        assert!(
            !l.stdout.contains("Zumbrunnen"),
            "{args:?} showed the person"
        );
        assert!(!l.stderr.contains("Zumbrunnen"));
    }
}

#[test]
fn zugriffsprotokoll_feindlich() {
    let r = Reg::neu();
    r.lauf_v(&antrag_args(&[])).ok();
    // A line planted with an escape sequence and a torn last line.
    std::fs::write(
        r.pfad().join("zugriffe.jsonl"),
        "{\"zeit\":\"2026-01-01T10:00:00Z\",\"benutzer\":\"x\\u001b]0;pwn\\u0007\",\"fall\":\"OPT-2024-001\",\"befehl\":\"zeige\"}\n{\"zeit\":\"2026-",
    )
    .unwrap();
    let t = r.lauf(&["zugriffe"]).ok().stdout;
    assert!(!t.contains('\u{1b}') && !t.contains('\u{7}'), "{t:?}");
    assert_eq!(r.json(&["zugriffe"]).as_array().unwrap().len(), 1);
    // The next display is logged on a line of its own, after the torn one.
    r.lauf(&["zeige", "OPT-2024-001"]).ok();
    assert_eq!(r.json(&["zugriffe"]).as_array().unwrap().len(), 2);
}

fn abgelehnt(r: &Reg, name: &str, serie: u64, datum: &str) -> String {
    let id = r
        .lauf_v(&antrag_args(&[
            ("--name", name),
            ("--ahv", &ahv(serie)),
            ("--datum", "2024-03-01"),
        ]))
        .ok()
        .fall();
    r.lauf(&[
        "annehmen",
        &id,
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        datum,
    ])
    .ok();
    id
}

fn loeschfristen(r: &Reg, stichtag: &str) -> Vec<String> {
    r.json(&["pendenzen", "--stichtag", stichtag])
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["art"] == "loeschfrist")
        .map(|p| p["fall"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn loeschfrist_am_stichtag_und_faellige_loeschen() {
    let r = Reg::neu();
    let a = abgelehnt(&r, "Fristerin", 919_001, "2024-03-10");
    let b = abgelehnt(&r, "Spaeterin", 919_002, "2024-03-11");
    let offen = r.antrag("sh", "rav", 919_003, "2024-03-01");
    // Default: 10 years after the end, due on the anniversary itself.
    assert!(loeschfristen(&r, "2034-03-09").is_empty());
    assert_eq!(loeschfristen(&r, "2034-03-10"), vec![a.clone()]);
    assert_eq!(loeschfristen(&r, "2034-03-11"), vec![a.clone(), b.clone()]);
    // Set in the data directory.
    std::fs::write(
        r.pfad().join("einstellungen.json"),
        "{\"loeschfrist_jahre\": 1}\n",
    )
    .unwrap();
    assert!(loeschfristen(&r, "2025-03-09").is_empty());
    assert_eq!(loeschfristen(&r, "2025-03-10"), vec![a.clone()]);
    let t = r
        .lauf(&["pendenzen", "--stichtag", "2025-03-10"])
        .ok()
        .stdout;
    assert!(
        t.contains("Löschfrist 1 Jahre") && t.contains(&format!("iiz anonymisieren {a}")),
        "{t}"
    );
    assert!(!t.contains("Fristerin"), "no name in the due list");
    // Without a terminal and without --ja: nothing erased.
    let vorher = r.schnappschuss();
    let reports: Vec<String> = [
        vec!["report", "--format", "json"],
        vec!["report", "--format", "csv"],
        vec!["liste", "--format", "json"],
    ]
    .iter()
    .map(|a| r.lauf(a).ok().stdout)
    .collect();
    let l = r.lauf(&["anonymisieren", "--faellige", "--stichtag", "2025-03-10"]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(
        l.stderr.contains("--ja") && l.stderr.contains(&a),
        "{}",
        l.stderr
    );
    assert!(vorher == r.schnappschuss(), "nothing written");
    // Never a day ahead.
    assert_eq!(
        r.lauf(&[
            "anonymisieren",
            "--faellige",
            "--stichtag",
            "2999-01-01",
            "--ja"
        ])
        .code,
        2
    );
    assert!(vorher == r.schnappschuss());
    // The boundary day: the day before erases nothing, the day itself exactly the due case.
    let l = r
        .lauf(&[
            "anonymisieren",
            "--faellige",
            "--stichtag",
            "2025-03-09",
            "--ja",
            "--format",
            "json",
        ])
        .ok();
    assert_eq!(l.stdout.trim(), "[]");
    assert!(vorher == r.schnappschuss());
    let l = r
        .lauf(&[
            "anonymisieren",
            "--faellige",
            "--stichtag",
            "2025-03-10",
            "--ja",
            "--datum",
            "2025-03-10",
        ])
        .ok();
    assert_eq!(l.stdout.trim(), format!("{a} anonymisiert"));
    assert_eq!(r.json(&["zeige", &a])["person_geloescht"], true);
    assert_eq!(r.json(&["zeige", &b])["person"]["name"], "Spaeterin");
    assert_eq!(r.json(&["zeige", &offen])["person_geloescht"], false);
    let text = alle_dateien_text(&r);
    assert!(!text.contains("Fristerin") && !text.contains(&ahv(919_001)));
    let nachher: Vec<String> = [
        vec!["report", "--format", "json"],
        vec!["report", "--format", "csv"],
        vec!["liste", "--format", "json"],
    ]
    .iter()
    .map(|a| r.lauf(a).ok().stdout)
    .collect();
    assert_eq!(reports, nachher, "reports byte-identical");
    assert!(
        loeschfristen(&r, "2025-03-10").is_empty(),
        "erased: no longer due"
    );
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn einstellungen_werden_streng_gelesen() {
    let r = Reg::neu();
    abgelehnt(&r, "Fristerin", 919_011, "2024-03-10");
    for (inhalt, erwartet) in [
        ("{\"loeschfrist_jahre\": 0}", "zwischen 1 und 100"),
        ("{\"loeschfrist_jahre\": \"zehn\"}", "ungültig"),
        ("{\"loeschfrist\": 5}", "ungültig"),
        ("nicht json", "ungültig"),
    ] {
        std::fs::write(r.pfad().join("einstellungen.json"), inhalt).unwrap();
        for args in [
            vec!["pendenzen"],
            vec!["anonymisieren", "--faellige", "--ja"],
        ] {
            let l = r.lauf(&args);
            assert_eq!(l.code, 2, "{inhalt}: {}", l.stderr);
            assert!(
                l.stderr.contains("einstellungen.json") && l.stderr.contains(erwartet),
                "{inhalt}: {}",
                l.stderr
            );
        }
    }
}

#[test]
fn faellige_nicht_im_import() {
    let r = Reg::neu();
    abgelehnt(&r, "Fristerin", 919_021, "2024-03-10");
    let l = r.lauf_mit(
        &["import", "-"],
        "{\"op\":\"anonymisieren\",\"faellige\":true,\"ja\":true}\n",
    );
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(l.stdout.contains("nur als eigener Befehl"), "{}", l.stdout);
    assert!(alle_dateien_text(&r).contains("Fristerin"));
}

/// Free text is stored encrypted with the case's key: readable in the case sheet while the
/// person is there, gone from every file after `anonymisieren`, with every hash of the
/// journal intact and every report byte-identical.
#[test]
fn freitext_ist_nach_dem_loeschen_unlesbar() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 929_001);
    let texte = [
        "Suchtberatung Frauenhaus",
        "Klinik Zuflucht",
        "Anbieterin Geheim AG",
        "Rückfall im März",
        "Bemerkung zur Tochter",
        "Tippfehler in der Massnahme",
    ];
    r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-04-01",
        "--stand",
        texte[3],
        "--datum",
        "2024-03-01",
    ])
    .ok();
    r.lauf(&[
        "kostengutsprache",
        &id,
        "beantragen",
        "--massnahme",
        texte[1],
        "--anbieter",
        texte[2],
        "--betrag",
        "500",
        "--datum",
        "2024-03-02",
    ])
    .ok();
    r.lauf(&[
        "uebergabe",
        &id,
        "--ersetzt",
        "3",
        "--begruendung",
        texte[5],
        "--naechstes-gespraech",
        "2024-03-01",
        "--strategie",
        texte[0],
        "--teilnehmer",
        "A. Muster",
        "--zustimmung",
        "--arbeitsfaehig-erklaert",
        "--datum",
        "2024-02-01",
    ])
    .ok();
    r.lauf(&[
        "kostengutsprache",
        &id,
        "ablehnen",
        "1",
        "--grund",
        "Rückfall im März",
        "--datum",
        "2024-03-05",
    ])
    .ok();
    r.lauf(&[
        "abschluss",
        &id,
        "--grund",
        "erfolgreich",
        "--anlass",
        "ziel-erreicht",
        "--bemerkung",
        texte[4],
        "--datum",
        "2024-05-01",
    ])
    .ok();
    let rt = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "sh",
            "--name",
            "Rohrer",
            "--vorname",
            "Rita",
            "--ahv",
            &ahv(929_002),
            "--beteiligte",
            "iv,rav",
            "--anliegen",
            "Gewalt in der Familie",
            "--einverstaendnis",
            "--datum",
            "2024-02-01",
        ])
        .ok()
        .fall();
    r.lauf(&[
        "rt",
        "gespraech",
        &rt,
        "--teilnehmer",
        "Bruder Rohrer",
        "--analyse",
        "Schulden und Sucht",
        "--ziele",
        "Entzug",
        "--aufgabe",
        "Therapieplatz suchen|Hausarzt Dr. Weiss|2024-06-30",
        "--fallfuehrung",
        "rav",
        "--naechstes-gespraech",
        "2024-07-01",
        "--datum",
        "2024-02-10",
    ])
    .ok();
    r.lauf(&[
        "rt",
        "begleitung",
        &rt,
        "--notiz",
        "Anruf der Schwester",
        "--datum",
        "2024-02-20",
    ])
    .ok();
    r.lauf(&[
        "rt",
        "abschluss",
        &rt,
        "--grund",
        "loesung",
        "--loesung",
        "iv-rente",
        "--bemerkung",
        "Rente wegen Sucht",
        "--datum",
        "2024-05-01",
    ])
    .ok();
    let rt_texte = [
        "Gewalt in der Familie",
        "Bruder Rohrer",
        "Schulden und Sucht",
        "Entzug",
        "Therapieplatz suchen",
        "Hausarzt Dr. Weiss",
        "Anruf der Schwester",
        "Rente wegen Sucht",
    ];
    // Never in a journal in the clear; in the case sheet and the document while the person is there.
    let j = r.journale();
    for t in texte
        .iter()
        .chain(rt_texte.iter())
        .chain(["A. Muster"].iter())
    {
        assert!(!j.contains(t), "{t} im Journal");
    }
    let z = r.lauf(&["zeige", &id, "--verlauf"]).ok().stdout;
    for t in [
        texte[0],
        texte[1],
        texte[2],
        texte[3],
        texte[4],
        texte[5],
        "A. Muster",
    ] {
        assert!(z.contains(t), "{t} fehlt in zeige: {z}");
    }
    let zj = r.json(&["zeige", &id]);
    assert!(zj.to_string().contains(texte[0]));
    let d = r
        .lauf(&["rt", "dokument", &rt, "--format", "md"])
        .ok()
        .stdout;
    for t in [
        "Bruder Rohrer",
        "Schulden und Sucht",
        "Entzug",
        "Therapieplatz suchen",
        "Hausarzt Dr. Weiss",
    ] {
        assert!(d.contains(t), "{t} fehlt im Dokument: {d}");
    }
    let zr = r.lauf(&["zeige", &rt]).ok().stdout;
    for t in rt_texte {
        assert!(zr.contains(t), "{t} fehlt in zeige {rt}: {zr}");
    }
    let reports: Vec<String> = [
        vec!["report", "--format", "json"],
        vec!["report", "--format", "csv"],
        vec!["rt", "report", "--format", "json"],
        vec!["liste", "--format", "json"],
    ]
    .iter()
    .map(|a| r.lauf(a).ok().stdout)
    .collect();
    let journale_vorher = r.schnappschuss();
    r.lauf(&["anonymisieren", &id, "--datum", "2024-06-01"])
        .ok();
    r.lauf(&["anonymisieren", &rt, "--datum", "2024-06-01"])
        .ok();
    // Every earlier line unchanged (byte for byte), the chain verifies.
    for (p, b) in &journale_vorher {
        if p.starts_with("faelle") {
            let jetzt = std::fs::read(r.pfad().join(p)).unwrap();
            assert!(jetzt.starts_with(b), "{p:?} changed");
        }
    }
    r.lauf(&["pruefen"]).ok();
    let alles = alle_dateien_text(&r);
    // Name, AHV number and birth date of both persons are gone from every file too.
    for t in [
        ahv(929_001),
        ahv(929_002),
        "1985-04-12".to_string(),
        "Beispiel".to_string(),
    ] {
        assert!(
            !alles.contains(&t),
            "{t} nach dem Löschen noch in einer Datei"
        );
    }
    for t in texte
        .iter()
        .chain(rt_texte.iter())
        .chain(["A. Muster", "Rohrer", "Zumbrunnen"].iter())
    {
        assert!(
            !alles.contains(t),
            "{t} nach dem Löschen noch in einer Datei"
        );
    }
    let z = r.lauf(&["zeige", &id, "--verlauf"]).ok().stdout;
    assert!(z.contains("(gelöscht)") && !z.contains("iiz:v1:"), "{z}");
    let zr = r.json(&["zeige", &rt]);
    assert!(zr.to_string().contains("(gelöscht)") && !zr.to_string().contains("iiz:v1:"));
    let nachher: Vec<String> = [
        vec!["report", "--format", "json"],
        vec!["report", "--format", "csv"],
        vec!["rt", "report", "--format", "json"],
        vec!["liste", "--format", "json"],
    ]
    .iter()
    .map(|a| r.lauf(a).ok().stdout)
    .collect();
    assert_eq!(reports, nachher, "reports byte-identical");
    // No more free text on an erased case: refused, nothing written.
    let vorher = r.schnappschuss();
    let l = r.lauf(&[
        "stornieren",
        &id,
        "--ereignis",
        "4",
        "--begruendung",
        "doch nicht",
    ]);
    assert_ne!(l.code, 0);
    assert!(vorher == r.schnappschuss());
}

/// Issue 26, item 12: free text that begins like ciphertext (`iiz:v1:`) is still what a
/// person typed: encrypted like any other, and gone with the person's data.
#[test]
fn freitext_wie_geheimtext_wird_trotzdem_verschluesselt() {
    let r = Reg::neu();
    let ziel = "iiz:v1:Suchtberatung Frauenhaus";
    let id = r
        .lauf_v(&antrag_args(&[("--ahv", &ahv(515_200)), ("--ziel", ziel)]))
        .ok()
        .fall();
    assert!(
        !r.journale().contains("Suchtberatung"),
        "stored in the clear"
    );
    // The person at the terminal sees what was typed.
    let z = r.json(&["zeige", &id]);
    assert!(z.to_string().contains(ziel), "{z}");
    r.lauf(&["stornieren", &id, "--begruendung", "Test"]).ok();
    r.lauf(&["anonymisieren", &id]).ok();
    let z = r.json(&["zeige", &id]).to_string();
    assert!(!z.contains("Suchtberatung"), "survived the erasure: {z}");
    assert!(!r.journale().contains("Suchtberatung"));
}
