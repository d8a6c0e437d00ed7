//! Corrections (spec §10) through the binary: a wrong closure reason corrected, an event and
//! a whole case voided, refusals that write nothing, the complete record in `zeige`.

use crate::common::*;
use serde_json::Value;

fn abschluss_erfolgreich(r: &Reg) -> String {
    let id = r.laufend("sh", "iv", 1);
    r.lauf(&[
        "abschluss",
        &id,
        "--grund",
        "erfolgreich",
        "--anlass",
        "ziel-erreicht",
        "--datum",
        "2024-05-01",
    ])
    .ok();
    id
}

fn nr_des_abschlusses(r: &Reg, id: &str) -> u64 {
    let z = r.json(&["zeige", id]);
    z["verlauf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["typ"] == "abschluss")
        .unwrap()["nr"]
        .as_u64()
        .unwrap()
}

#[test]
fn falscher_abschlussgrund_wird_korrigiert_und_der_report_folgt() {
    let r = Reg::neu();
    let id = abschluss_erfolgreich(&r);
    let vorher = r.json(&["report"]);
    assert_eq!(
        vorher["wirkungen"]["abschlussgruende"]["erfolgreich"]["total"],
        1
    );
    let nr = nr_des_abschlusses(&r, &id);
    let journal_vorher = r.journale();
    r.lauf(&[
        "abschluss",
        &id,
        "--grund",
        "teilweise",
        "--ersetzt",
        &nr.to_string(),
        "--begruendung",
        "Ziel nur teilweise erreicht",
    ])
    .ok();
    let nachher = r.json(&["report"]);
    assert_eq!(
        nachher["wirkungen"]["abschlussgruende"]["erfolgreich"]["total"],
        0
    );
    assert_eq!(
        nachher["wirkungen"]["abschlussgruende"]["teilweise"]["total"],
        1
    );
    assert_eq!(nachher["wirkungen"]["abgeschlossen"]["total"], 1);
    // Append-only: every original line stays, byte for byte; the chain holds.
    assert!(r.journale().starts_with(&journal_vorher));
    r.lauf(&["pruefen"]).ok();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["abschluss"]["grund"], "teilweise");
    // The replacement keeps the closure's date.
    assert_eq!(z["abschluss_datum"], "2024-05-01");
    let v = z["verlauf"].as_array().unwrap();
    let alt = v.iter().find(|e| e["nr"] == nr).unwrap();
    let neu = v.last().unwrap();
    assert_eq!(alt["ersetzt_durch"], neu["nr"]);
    assert_eq!(alt["storniert"], false);
    assert_eq!(neu["typ"], "ersatz");
    assert_eq!(neu["daten"]["ersetzt"], nr);
    assert_eq!(neu["daten"]["begruendung"], "Ziel nur teilweise erreicht");
    for e in v {
        for k in ["nr", "datum", "typ", "daten", "ersetzt_durch", "storniert"] {
            assert!(e.get(k).is_some(), "{k} fehlt in {e}");
        }
    }
    let tabelle = r.lauf(&["zeige", &id, "--verlauf"]).ok().stdout;
    assert!(
        tabelle.contains(&format!("ersetzt durch Nr. {}", neu["nr"])),
        "{tabelle}"
    );
    assert!(tabelle.contains("Begründung: Ziel nur teilweise erreicht"));
}

#[test]
fn stornierter_antrag_verschwindet_aus_jeder_zahl() {
    let r = Reg::neu();
    let id = r.antrag("rav", "iv", 2, "2024-02-01");
    let bleibt = r.antrag("sh", "iv", 3, "2024-02-02");
    assert_eq!(r.json(&["report"])["auftraege"]["anmeldungen"], 2);
    let s = r
        .lauf(&["stornieren", &id, "--begruendung", "irrtümlich erfasst"])
        .ok();
    assert!(s.stdout.contains("storniert"), "{}", s.stdout);
    assert_eq!(r.json(&["report"])["auftraege"]["anmeldungen"], 1);
    let liste = r.json(&["liste"]);
    assert_eq!(liste.as_array().unwrap().len(), 1);
    assert_eq!(liste[0]["fall"], bleibt.as_str());
    let alle = r.json(&["liste", "--storniert"]);
    assert_eq!(alle.as_array().unwrap().len(), 2);
    assert!(
        alle.as_array()
            .unwrap()
            .iter()
            .any(|f| f["status"] == "storniert")
    );
    assert!(
        r.json(&["pendenzen", "--stichtag", "2024-12-31"])
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["fall"] != id.as_str())
    );
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["storniert"], true);
    // Nothing more can be recorded on it; the journal is intact.
    let l = r.lauf(&["annehmen", &id]);
    assert_eq!(l.code, 3);
    assert!(l.stderr.contains("storniert"));
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn einzelnes_ereignis_stornieren_oeffnet_den_fall_wieder() {
    let r = Reg::neu();
    let id = abschluss_erfolgreich(&r);
    let nr = nr_des_abschlusses(&r, &id);
    r.lauf(&[
        "stornieren",
        &id,
        "--ereignis",
        &nr.to_string(),
        "--begruendung",
        "verfrüht",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["status"], "laufend");
    assert_eq!(
        r.json(&["report"])["wirkungen"]["abgeschlossen"]["total"],
        0
    );
    r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-09-01",
        "--datum",
        "2024-06-01",
    ])
    .ok();
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn korrektur_die_die_geschichte_bricht_wird_abgelehnt_und_nichts_geschrieben() {
    let r = Reg::neu();
    let id = abschluss_erfolgreich(&r);
    let z = r.json(&["zeige", &id]);
    let nr = |typ: &str| -> String {
        z["verlauf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["typ"] == typ)
            .unwrap()["nr"]
            .to_string()
    };
    let faelle: Vec<(Vec<String>, i32, &str)> = vec![
        // Voiding the handover leaves a closure of a case never handed over with a success:
        // the closure depends on it and is named (without --mit-folgen nothing is written).
        (
            vec![
                "stornieren".into(),
                id.clone(),
                "--ereignis".into(),
                nr("uebergabe"),
                "--begruendung".into(),
                "x".into(),
            ],
            3,
            "hängen ab: Nr. 4 (Abschlussgespräch)",
        ),
        // Voiding the application: the whole case must be voided instead.
        (
            vec![
                "stornieren".into(),
                id.clone(),
                "--ereignis".into(),
                "1".into(),
                "--begruendung".into(),
                "x".into(),
            ],
            3,
            "stornieren",
        ),
        // A replacement of another kind.
        (
            vec![
                "standort".into(),
                id.clone(),
                "--naechstes-gespraech".into(),
                "2024-09-01".into(),
                "--ersetzt".into(),
                nr("abschluss"),
                "--begruendung".into(),
                "x".into(),
            ],
            3,
            "anderer Art",
        ),
        // An event that does not exist.
        (
            vec![
                "abschluss".into(),
                id.clone(),
                "--grund".into(),
                "teilweise".into(),
                "--ersetzt".into(),
                "99".into(),
                "--begruendung".into(),
                "x".into(),
            ],
            3,
            "kein Ereignis Nr. 99",
        ),
        // A replacement that breaks a rule on its own.
        (
            vec![
                "abschluss".into(),
                id.clone(),
                "--grund".into(),
                "nicht-umgesetzt".into(),
                "--anlass".into(),
                "ziel-erreicht".into(),
                "--ersetzt".into(),
                nr("abschluss"),
                "--begruendung".into(),
                "x".into(),
            ],
            3,
            "ziel-erreicht",
        ),
        // --ersetzt without a reason, and a reason without --ersetzt.
        (
            vec![
                "abschluss".into(),
                id.clone(),
                "--grund".into(),
                "teilweise".into(),
                "--ersetzt".into(),
                nr("abschluss"),
            ],
            2,
            "--begruendung",
        ),
        (vec!["stornieren".into(), id.clone()], 2, "--begruendung"),
        (
            vec![
                "stornieren".into(),
                "OPT-2024-099".into(),
                "--begruendung".into(),
                "x".into(),
            ],
            4,
            "gibt es nicht",
        ),
    ];
    for (args, code, meldung) in &faelle {
        let vorher = r.schnappschuss();
        let mut c = r.cmd();
        c.args(args).arg("--no-input");
        let out = c.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {stderr}");
        assert!(
            stderr.contains(meldung),
            "{args:?}: erwartet '{meldung}' in {stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        assert!(vorher == r.schnappschuss(), "{args:?}: Register verändert");
    }
}

#[test]
fn roundtable_korrekturen_und_import() {
    let r = Reg::neu();
    let zeilen = [
        serde_json::json!({"op":"rt-anmeldung","ref":"a","anmeldende_stelle":"iv","name":"B","vorname":"K","ahv":ahv(7),"beteiligte":["rav","sh"],"anliegen":"x","einverstaendnis":true,"datum":"2024-03-01"}),
        serde_json::json!({"op":"rt-abschluss","fall":"@a","grund":"arbeitsmarkt","datum":"2024-06-01"}),
        serde_json::json!({"op":"rt-abschluss","fall":"@a","grund":"loesung","loesung":"regelstruktur","ersetzt":2,"begruendung":"falscher Grund"}),
    ];
    let text: String = zeilen.iter().map(|z| format!("{z}\n")).collect();
    let l = r.lauf_mit(&["import"], &text);
    assert_eq!(l.code, 0, "{}", l.stdout);
    let k: Value = r.json(&["rt", "report"]);
    assert_eq!(k["wirkungen"]["abschlussgruende"]["arbeitsmarkt"], 0);
    assert_eq!(k["wirkungen"]["abschlussgruende"]["loesung"], 1);
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn suche_nach_name_vorname_und_ahv() {
    let r = Reg::neu();
    // The helper registers "Beispiel"-persons; two more with distinct names.
    let opt = r
        .lauf_v(&antrag_args(&[
            ("--name", "Zürcher-Meier"),
            ("--vorname", "Anna Lena"),
            ("--ahv", &ahv(901)),
        ]))
        .ok()
        .fall();
    let rt = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "sh",
            "--name",
            "Zürcher-Meier",
            "--vorname",
            "Anna Lena",
            "--ahv",
            &ahv(901),
            "--beteiligte",
            "iv,rav",
            "--anliegen",
            "x",
            "--einverstaendnis",
            "--datum",
            "2024-02-01",
        ])
        .ok()
        .fall();
    r.lauf_v(&antrag_args(&[
        ("--name", "Meier"),
        ("--vorname", "Hans"),
        ("--ahv", &ahv(902)),
    ]))
    .ok();
    let faelle = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["suche"];
        a.extend(args);
        r.json(&a)
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["fall"].as_str().unwrap().to_string())
            .collect()
    };
    let mut beide = vec![opt.clone(), rt.clone()];
    beide.sort();
    let sortiert = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sortiert(faelle(&["Zürcher-Meier"])), beide);
    assert_eq!(sortiert(faelle(&["lena"])), beide, "any word, any case");
    assert_eq!(faelle(&["Meier"]).len(), 3, "two persons share the word");
    assert_eq!(faelle(&["Hans Meier"]).len(), 1, "all words must match");
    let a = ahv(901);
    let ohne_punkte: String = a.chars().filter(|c| *c != '.').collect();
    let mit_leer = a.replace('.', " ");
    for s in [a.as_str(), ohne_punkte.as_str(), mit_leer.as_str()] {
        assert_eq!(sortiert(faelle(&[s])), beide, "{s}");
    }
    assert!(faelle(&["Unbekannt"]).is_empty());
    // After erasure the person is no longer found, by name or number.
    r.lauf(&[
        "annehmen",
        &opt,
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-01-12",
    ])
    .ok();
    r.lauf(&["anonymisieren", &opt, "--datum", "2024-01-13"])
        .ok();
    assert_eq!(faelle(&["Zürcher-Meier"]), vec![rt.clone()]);
    assert_eq!(faelle(&[a.as_str()]), vec![rt]);
    // A wrong AHV number is said so.
    let l = r.lauf(&["suche", "756.1234.5678.90"]);
    assert_eq!(l.code, 2);
}

#[test]
fn suche_entfernt_den_namensindex_eines_aelteren_registers() {
    let r = Reg::neu();
    let id = r
        .lauf_v(&antrag_args(&[
            ("--name", "Altbestand"),
            ("--ahv", &ahv(903)),
        ]))
        .ok()
        .fall();
    // A register an earlier version wrote: with a name index (salted hashes of name words).
    let namen = r.pfad().join("personen").join("namen");
    assert!(!namen.exists());
    std::fs::create_dir(&namen).unwrap();
    std::fs::write(namen.join("fertig-4"), "1\n").unwrap();
    std::fs::write(
        namen.join("0a.jsonl"),
        "{\"schluessel\":\"0a1b\",\"person\":\"P-0123456789abcdef0123456789abcdef\"}\n",
    )
    .unwrap();
    let t = r.json(&["suche", "altbestand"]);
    assert_eq!(t[0]["fall"], id.as_str());
    assert!(!namen.exists(), "the search removed the unused index");
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn antrag_ersetzen_behaelt_die_fallnummer() {
    let r = Reg::neu();
    // Recorded with the wrong receiving institution and a typo in the name.
    let id = r
        .lauf_v(&antrag_args(&[
            ("--von", "sh"),
            ("--an", "iv"),
            ("--name", "Mustre"),
            ("--ahv", &ahv(904)),
            ("--datum", "2024-03-04"),
        ]))
        .ok()
        .fall();
    assert_eq!(r.json(&["report"])["auftraege"]["auftragnehmer"]["iv"], 1);
    let mut args = antrag_args(&[
        ("--von", "sh"),
        ("--an", "rav"),
        ("--name", "Muster"),
        ("--ahv", &ahv(904)),
        ("--datum", "-"),
    ]);
    args.extend([
        "--ersetzt".into(),
        id.clone(),
        "--begruendung".into(),
        "falsche Stelle erfasst".into(),
    ]);
    let l = r.lauf_v(&args).ok();
    assert_eq!(l.fall(), id, "same case id");
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["antrag"]["an"], "rav");
    assert_eq!(z["antrag_datum"], "2024-03-04", "the original date is kept");
    assert_eq!(z["person"]["name"], "Muster");
    assert_eq!(z["verlauf"][0]["ersetzt_durch"], 2);
    let k = r.json(&["report"]);
    assert_eq!(k["auftraege"]["anmeldungen"], 1);
    assert_eq!(k["auftraege"]["auftragnehmer"]["iv"], 0);
    assert_eq!(k["auftraege"]["auftragnehmer"]["rav"], 1);
    // The old person record is gone: the misspelt name is nowhere in the register.
    for (pfad, bytes) in r.schnappschuss() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Mustre"),
            "{}",
            pfad.display()
        );
    }
    assert_eq!(r.json(&["suche", "Muster"])[0]["fall"], id.as_str());
    r.lauf(&["pruefen"]).ok();
    // A replacement once the case moved on must still fit its history.
    r.lauf(&["annehmen", &id, "--datum", "2024-03-05"]).ok();
    let mut spaeter = antrag_args(&[
        ("--von", "sh"),
        ("--an", "rav"),
        ("--name", "Muster"),
        ("--ahv", &ahv(904)),
        ("--datum", "2024-03-06"),
    ]);
    spaeter.extend([
        "--ersetzt".into(),
        id.clone(),
        "--begruendung".into(),
        "x".into(),
    ]);
    let vorher = r.schnappschuss();
    let l = r.lauf_v(&spaeter);
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(
        l.stderr.contains("vor dem letzten Ereignis"),
        "{}",
        l.stderr
    );
    assert!(vorher == r.schnappschuss());
}

#[test]
fn suche_findet_personen_aus_einem_import() {
    let r = Reg::neu();
    let zeilen = [
        serde_json::json!({"op":"antrag","von":"sh","an":"iv","name":"Imfeld","vorname":"Ursina","ahv":ahv(905),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"2024-01-10"}),
        serde_json::json!({"op":"rt-anmeldung","anmeldende_stelle":"iv","name":"Imfeld","vorname":"Beat","ahv":ahv(906),"beteiligte":["rav","sh"],"anliegen":"x","einverstaendnis":true,"datum":"2024-01-11"}),
    ];
    let text: String = zeilen.iter().map(|z| format!("{z}\n")).collect();
    r.lauf_mit(&["import"], &text).ok();
    // No name index: the search reads the records.
    assert!(!r.pfad().join("personen").join("namen").exists());
    assert_eq!(r.json(&["suche", "Imfeld"]).as_array().unwrap().len(), 2);
    assert_eq!(
        r.json(&["suche", "ursina imfeld"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
