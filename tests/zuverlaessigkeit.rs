//! Reliability: tampering and torn tails are detected, repair touches only the torn tail,
//! concurrent writers lose nothing, SIGKILL at any moment leaves a consistent register,
//! and bad input of every kind is refused without writing.

use crate::common::*;
use serde_json::json;
use std::path::PathBuf;
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

fn journal(r: &Reg, id: &str) -> PathBuf {
    r.pfad().join("faelle").join(format!("{id}.jsonl"))
}

/// A case with five journal lines.
fn fall_mit_fuenf_zeilen(r: &Reg) -> String {
    let id = r.laufend("sh", "rav", 1);
    r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-04-01",
        "--datum",
        "2024-03-01",
    ])
    .ok();
    r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-05-01",
        "--datum",
        "2024-04-01",
    ])
    .ok();
    id
}

fn zeilen(r: &Reg, id: &str) -> Vec<String> {
    std::fs::read_to_string(journal(r, id))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn schreiben(r: &Reg, id: &str, z: &[String]) {
    std::fs::write(
        journal(r, id),
        z.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
}

fn befunde(r: &Reg) -> (i32, Vec<(String, u64)>) {
    let l = r.lauf(&["pruefen", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&l.stdout).unwrap();
    let b = v
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["fall"].as_str().unwrap().to_string(),
                b["zeile"].as_u64().unwrap(),
            )
        })
        .collect();
    (l.code, b)
}

#[test]
fn veraenderte_mittlere_zeile_wird_gefunden() {
    let r = Reg::neu();
    let id = fall_mit_fuenf_zeilen(&r);
    let mut z = zeilen(&r, &id);
    assert_eq!(z.len(), 5);
    z[2] = feld_setzen(&z[2], "strategie", "Geändert");
    schreiben(&r, &id, &z);
    let (code, b) = befunde(&r);
    assert_eq!(code, 5);
    assert_eq!(b, vec![(id.clone(), 3)]);
    let t = r.lauf(&["pruefen"]);
    assert!(t.stdout.contains(&format!("{id} Zeile 3:")), "{}", t.stdout);
    // pruefen --reparieren never "fixes" an edit.
    let vorher = r.schnappschuss();
    assert_eq!(r.lauf(&["pruefen", "--reparieren"]).code, 5);
    assert!(vorher == r.schnappschuss());
    // Writing on a case whose replay still works stays possible, but the chain stays broken.
}

#[test]
fn geloeschte_und_vertauschte_zeilen_werden_gefunden() {
    let r = Reg::neu();
    let id = fall_mit_fuenf_zeilen(&r);
    let id2 = r.laufend("iv", "rav", 2);
    r.lauf(&[
        "standort",
        &id2,
        "--naechstes-gespraech",
        "2024-04-01",
        "--datum",
        "2024-03-01",
    ])
    .ok();
    let mut z = zeilen(&r, &id);
    z.remove(3);
    schreiben(&r, &id, &z);
    let mut z2 = zeilen(&r, &id2);
    z2.swap(1, 2);
    schreiben(&r, &id2, &z2);
    let (code, b) = befunde(&r);
    assert_eq!(code, 5);
    // Deleted line 4: line 4 now carries number 5; its hash no longer matches line 3's successor.
    assert!(b.contains(&(id.clone(), 4)), "{b:?}");
    assert!(b.iter().all(|(f, z)| f != &id || *z >= 3), "{b:?}");
    // Swapped lines 2 and 3.
    assert!(
        b.contains(&(id2.clone(), 2)) && b.contains(&(id2.clone(), 3)),
        "{b:?}"
    );
}

#[test]
fn zerrissene_letzte_zeile_lesen_warnt_schreiben_verweigert_reparieren_sichert() {
    let r = Reg::neu();
    let id = fall_mit_fuenf_zeilen(&r);
    let ganz = std::fs::read(journal(&r, &id)).unwrap();
    let rest = br#"{"nr":6,"datum":"2024-05-01","erfasst":"2024-05-01T10:00:00Z","benut"#;
    let mut kaputt = ganz.clone();
    kaputt.extend_from_slice(rest);
    std::fs::write(journal(&r, &id), &kaputt).unwrap();

    let (code, b) = befunde(&r);
    assert_eq!((code, b), (5, vec![(id.clone(), 6)]));
    let z = r.lauf(&["zeige", &id]).ok();
    assert!(
        z.stderr.contains("unvollständige letzte Zeile"),
        "{}",
        z.stderr
    );
    let rep = r.lauf(&["report"]).ok();
    assert!(rep.stderr.contains(&id));
    let vorher = r.schnappschuss();
    let w = r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-07-01",
        "--datum",
        "2024-05-02",
    ]);
    assert_eq!(w.code, 5);
    assert!(
        w.stderr.contains("iiz pruefen --reparieren"),
        "{}",
        w.stderr
    );
    assert!(
        vorher == r.schnappschuss(),
        "nothing glued onto a torn line"
    );

    let rep = r.lauf(&["pruefen", "--reparieren"]).ok();
    assert!(rep.stderr.contains("Repariert"), "{}", rep.stderr);
    assert_eq!(
        std::fs::read(journal(&r, &id)).unwrap(),
        ganz,
        "complete lines untouched"
    );
    let sicherungen: Vec<_> = std::fs::read_dir(r.pfad().join("reparatur"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sicherungen.len(), 1);
    assert!(
        sicherungen[0]
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(&id)
    );
    assert_eq!(
        std::fs::read(&sicherungen[0]).unwrap(),
        rest,
        "nothing dropped silently"
    );
    r.lauf(&["pruefen"]).ok();
    r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-07-01",
        "--datum",
        "2024-05-02",
    ])
    .ok();
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn regelwidrige_zeile_und_fehlende_person_werden_gefunden() {
    let r = Reg::neu();
    let id = fall_mit_fuenf_zeilen(&r);
    // A consistent chain whose content the rules refuse: a second handover appended by hand.
    let z = zeilen(&r, &id);
    let letzte = z.last().unwrap().as_bytes().to_vec();
    let h = {
        use std::fmt::Write;
        let d = <sha2::Sha256 as sha2::Digest>::digest(&letzte);
        d.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    };
    let neu = json!({"nr":6,"datum":"2024-04-02","erfasst":"2024-04-02T10:00:00Z","benutzer":"x","vorher":h,"typ":"uebergabe","daten":{"naechstes_gespraech":"2024-06-01","strategie":"x","zustimmung":true,"arbeitsfaehig_erklaert":true}});
    let mut z2 = z.clone();
    z2.push(neu.to_string());
    schreiben(&r, &id, &z2);
    let l = r.lauf(&["pruefen"]);
    assert_eq!(l.code, 5);
    assert!(
        l.stdout.contains(&id) && l.stdout.contains("Zeile 6"),
        "{}",
        l.stdout
    );
    schreiben(&r, &id, &z);
    r.lauf(&["pruefen"]).ok();
    // The person records removed behind iiz's back.
    for e in std::fs::read_dir(r.pfad().join("personen")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "jsonl") {
            std::fs::remove_file(p).unwrap();
        }
    }
    let l = r.lauf(&["pruefen"]);
    assert_eq!(l.code, 5);
    assert!(l.stdout.contains("Personendatensatz fehlt"), "{}", l.stdout);
}

fn iiz_befehl(r: &Reg) -> StdCommand {
    let mut c = StdCommand::new(assert_cmd::cargo::cargo_bin("iiz"));
    c.env("IIZ_DATA_DIR", r.pfad())
        .env("IIZ_BENUTZER", "test")
        .stdin(Stdio::null());
    c
}

#[test]
fn gleichzeitige_antraege_und_schreibvorgaenge() {
    let r = Reg::neu();
    let eingaben = tempfile::tempdir().unwrap();
    // 8 processes × 25 applications, all at once, on a register none of them has created yet.
    let mut kinder = Vec::new();
    for p in 0..8u64 {
        let text: String = (0..25u64)
            .map(|i| {
                format!("{}\n", json!({"op":"antrag","von":"sh","an":"rav","name":"Parallel","vorname":"P","ahv":ahv(1000 + p * 100 + i),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"2024-03-01"}))
            })
            .collect();
        let pfad = eingaben.path().join(format!("batch-{p}.jsonl"));
        std::fs::write(&pfad, text).unwrap();
        kinder.push(
            iiz_befehl(&r)
                .arg("import")
                .arg(&pfad)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    let mut ids = Vec::new();
    for k in kinder {
        let out = k.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        for l in String::from_utf8(out.stdout).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["ok"], true, "{l}");
            ids.push(v["fall"].as_str().unwrap().to_string());
        }
    }
    ids.sort();
    let erwartet: Vec<String> = (1..=200).map(|n| format!("OPT-2024-{n:03}")).collect();
    assert_eq!(ids, erwartet, "unique ids without gaps");

    // 16 simultaneous writes to one case.
    let id = "OPT-2024-001";
    r.lauf(&["annehmen", id, "--datum", "2024-03-02"]).ok();
    r.lauf(&[
        "uebergabe",
        id,
        "--naechstes-gespraech",
        "2024-04-01",
        "--strategie",
        "x",
        "--zustimmung",
        "--arbeitsfaehig-erklaert",
        "--datum",
        "2024-03-03",
    ])
    .ok();
    let kinder: Vec<_> = (0..16)
        .map(|i| {
            iiz_befehl(&r)
                .args([
                    "kostengutsprache",
                    id,
                    "beantragen",
                    "--massnahme",
                    &format!("M{i}"),
                    "--anbieter",
                    "A",
                    "--betrag",
                    "100",
                    "--datum",
                    "2024-03-04",
                ])
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut nummern: Vec<u32> = kinder
        .into_iter()
        .map(|k| {
            let out = k.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            nummer(&String::from_utf8(out.stdout).unwrap())
                .parse()
                .unwrap()
        })
        .collect();
    nummern.sort();
    assert_eq!(nummern, (1..=16).collect::<Vec<_>>());
    assert_eq!(zeilen(&r, id).len(), 3 + 16);
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn sigkill_zu_zufaelligen_zeitpunkten() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 1);
    let mut bestaetigt = 0;
    let mut getoetet = 0;
    // A cheap deterministic sequence of delays from 0 to ~12 ms.
    let mut x: u64 = 0x9e37_79b9;
    let mut i = 0;
    while getoetet < 50 {
        i += 1;
        assert!(i < 1000, "could not kill 50 processes mid-flight");
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let warte = Duration::from_micros(x % 6_000);
        let mut k = iiz_befehl(&r)
            .args([
                "kostengutsprache",
                &id,
                "beantragen",
                "--massnahme",
                &format!("K{i}"),
                "--anbieter",
                "A",
                "--betrag",
                "10",
                "--datum",
                "2024-03-01",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(warte); // ok: a random kill point, not a wait for an event
        let _ = k.kill();
        let out = k.wait_with_output().unwrap();
        match out.status.code() {
            Some(0) => bestaetigt += 1,
            None => getoetet += 1,
            Some(c) => panic!("exit {c}: {}", String::from_utf8_lossy(&out.stderr)),
        }
    }
    // A killed import too: killed once it has acknowledged something (its first result
    // line has been read), whatever the machine's speed.
    let text: String = (0..20_000u64)
        .map(|i| format!("{}\n", json!({"op":"antrag","von":"rav","an":"iv","name":"Kill","vorname":"K","ahv":ahv(50_000 + i),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"2024-03-01"})))
        .collect();
    let eingaben = tempfile::tempdir().unwrap();
    let pfad = eingaben.path().join("gross.jsonl");
    std::fs::write(&pfad, text).unwrap();
    let mut imp = iiz_befehl(&r)
        .arg("import")
        .arg(&pfad)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = imp.stdout.take().unwrap();
    let mut gelesen = Vec::new();
    let mut puffer = [0u8; 4096];
    while !gelesen.contains(&b'\n') {
        let n = std::io::Read::read(&mut stdout, &mut puffer).unwrap();
        assert!(n > 0, "the import ended without a result line");
        gelesen.extend_from_slice(&puffer[..n]);
    }
    let _ = imp.kill();
    std::io::Read::read_to_end(&mut stdout, &mut gelesen).unwrap();
    imp.wait().unwrap();
    let bestaetigte_faelle: Vec<String> = String::from_utf8_lossy(&gelesen)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["ok"] == true)
        .map(|v| v["fall"].as_str().unwrap().to_string())
        .collect();
    let importiert = bestaetigte_faelle.len();

    r.lauf(&["pruefen", "--reparieren"]);
    r.lauf(&["pruefen"]).ok();
    let z = r.json(&["zeige", &id]);
    let kgs = z["kostengutsprachen"].as_array().unwrap().len();
    assert!(kgs >= bestaetigt, "{kgs} < {bestaetigt} acknowledged");
    assert!(kgs <= i);
    let liste = r.json(&["liste"]);
    let vorhanden: Vec<&str> = liste
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fall"].as_str().unwrap())
        .collect();
    for f in &bestaetigte_faelle {
        assert!(vorhanden.contains(&f.as_str()), "acknowledged {f} missing");
    }
    assert!(
        importiert > 0,
        "the import was killed before it did anything"
    );
    assert!(importiert < 20_000, "the import finished before the kill");
    eprintln!("kills: {getoetet} killed, {bestaetigt} completed; import acknowledged {importiert}");
    assert_eq!(getoetet + bestaetigt, i);
}

#[test]
fn schlechte_eingaben() {
    let r = Reg::neu();
    let id = r.laufend("sh", "rav", 1);
    let lang = "x".repeat(10_001);
    let mut faelle: Vec<(Vec<String>, i32, &str)> = vec![
        (
            vec![
                "standort".into(),
                id.clone(),
                "--naechstes-gespraech".into(),
                "2024-06-01".into(),
                "--stand".into(),
                lang.clone(),
            ],
            2,
            "zu lang",
        ),
        (
            vec![
                "standort".into(),
                id.clone(),
                "--naechstes-gespraech".into(),
                "2024-06-01".into(),
                "--stand".into(),
                "Zeile\nZeile".into(),
            ],
            2,
            "Steuerzeichen",
        ),
        (
            vec![
                "standort".into(),
                id.clone(),
                "--naechstes-gespraech".into(),
                "2024-06-01".into(),
                "--stand".into(),
                "Escape \u{1b}[31m".into(),
            ],
            2,
            "Steuerzeichen",
        ),
        (
            vec![
                "standort".into(),
                id.clone(),
                "--naechstes-gespraech".into(),
                "1.6.24".into(),
            ],
            2,
            "kein gültiges Datum",
        ),
        (
            vec![
                "standort".into(),
                id.clone(),
                "--naechstes-gespraech".into(),
                "2024-00-10".into(),
            ],
            2,
            "kein gültiges Datum",
        ),
        (
            vec!["report".into(), "--bis".into(), "gestern".into()],
            2,
            "kein gültiges Datum",
        ),
        (
            vec!["liste".into(), "--status".into(), "offen".into()],
            2,
            "erlaubt",
        ),
        (
            vec!["report".into(), "--format".into(), "xml".into()],
            2,
            "erlaubt",
        ),
        (
            vec![
                "pendenzen".into(),
                "--stichtag".into(),
                "2024-02-29x".into(),
            ],
            2,
            "kein gültiges Datum",
        ),
        (
            vec!["zeige".into(), "OPT-2024-001/../../x".into()],
            4,
            "keine Fallnummer",
        ),
        (
            vec!["zeige".into(), "OPT-2024-".into()],
            4,
            "keine Fallnummer",
        ),
        (
            vec!["zeige".into(), "opt_2024_001".into()],
            4,
            "keine Fallnummer",
        ),
        (
            vec!["--benutzer".into(), "a\u{7}".into(), "liste".into()],
            2,
            "Steuerzeichen",
        ),
        (
            vec!["import".into(), "/gibt/es/nicht".into()],
            2,
            "nicht lesbar",
        ),
    ];
    let a = ahv(99);
    for (flag, wert) in [
        ("--ahv", "7561234567890"),
        ("--ahv", "756.1234.5678.9"),
        ("--ahv", "abc"),
        ("--ahv", "756.1234.5678.971"),
    ] {
        faelle.push((
            [
                "antrag",
                "--von",
                "sh",
                "--an",
                "rav",
                "--name",
                "N",
                "--vorname",
                "V",
                flag,
                wert,
                "--arbeitsangebot",
                "intakt",
                "--einverstaendnis",
                "--ziel",
                "x",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            3,
            "AHV-Nummer",
        ));
    }
    faelle.push((
        [
            "antrag",
            "--von",
            "sh",
            "--an",
            "rav",
            "--name",
            &lang,
            "--vorname",
            "V",
            "--ahv",
            &a,
            "--arbeitsangebot",
            "intakt",
            "--einverstaendnis",
            "--ziel",
            "x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        2,
        "zu lang",
    ));
    for (name, args, code, meldung) in faelle.iter().map(|(a, c, m)| (a.join(" "), a, c, m)) {
        let vorher = r.schnappschuss();
        let a: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        let l = r.lauf(&a);
        assert_eq!(
            l.code,
            *code,
            "{}: {}",
            &name[..name.len().min(80)],
            l.stderr
        );
        assert!(
            l.stderr.starts_with("Fehler: ") && l.stderr.contains(meldung),
            "{}: {}",
            &name[..name.len().min(80)],
            l.stderr
        );
        assert!(vorher == r.schnappschuss());
    }
    // Invalid UTF-8 in an argument.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let vorher = r.schnappschuss();
        let out = r
            .cmd()
            .args([
                "standort",
                &id,
                "--naechstes-gespraech",
                "2024-06-01",
                "--stand",
            ])
            .arg(std::ffi::OsStr::from_bytes(b"\xff\xfe"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("UTF-8"));
        assert!(vorher == r.schnappschuss());
    }
    // Bad import lines: each refused with a German reason, the register unchanged.
    let vorher = r.schnappschuss();
    let zeilen = [
        "{\"op\":\"antrag\"".to_string(),
        "[1,2,3]".into(),
        "{\"fall\":\"x\"}".into(),
        "{\"op\":\"ANTRAG\"}".into(),
        "{\"op\":\"standort\",\"fall\":\"../x\",\"naechstes_gespraech\":\"2024-06-01\"}".into(),
        format!("{{\"op\":\"standort\",\"fall\":\"{id}\",\"naechstes_gespraech\":\"2024-13-01\"}}"),
        format!(
            "{{\"op\":\"standort\",\"fall\":\"{id}\",\"naechstes_gespraech\":\"2024-06-01\",\"stand\":\"{}\"}}",
            "y".repeat(10_001)
        ),
        format!(
            "{{\"op\":\"kostengutsprache\",\"fall\":\"{id}\",\"aktion\":\"verdoppeln\",\"nr\":1}}"
        ),
        format!(
            "{{\"op\":\"kostengutsprache\",\"fall\":\"{id}\",\"aktion\":\"beantragen\",\"massnahme\":\"K\",\"anbieter\":\"A\",\"betrag\":-3}}"
        ),
        format!(
            "{{\"op\":\"kostengutsprache\",\"fall\":\"{id}\",\"aktion\":\"beantragen\",\"massnahme\":\"K\",\"anbieter\":\"A\",\"betrag\":\"1.234\"}}"
        ),
        format!(
            "{{\"op\":\"kostengutsprache\",\"fall\":\"{id}\",\"aktion\":\"beantragen\",\"massnahme\":\"K\",\"anbieter\":\"A\",\"betrag\":true}}"
        ),
        format!("{{\"op\":\"abschluss\",\"fall\":\"{id}\",\"grund\":\"super\"}}"),
        format!("{{\"op\":\"uebergabe\",\"fall\":\"{id}\",\"zustimmung\":\"ja\"}}"),
    ];
    let text: String = zeilen.iter().map(|z| format!("{z}\n")).collect();
    let l = r.lauf_mit(&["import"], &text);
    assert_eq!(l.code, 3);
    let ergebnisse: Vec<serde_json::Value> = l
        .stdout
        .lines()
        .map(|z| serde_json::from_str(z).unwrap())
        .collect();
    assert_eq!(ergebnisse.len(), zeilen.len());
    assert!(
        ergebnisse
            .iter()
            .all(|e| e["ok"] == false && !e["fehler"].as_str().unwrap().is_empty()),
        "{}",
        l.stdout
    );
    // Said in German, with no English parser wording left over.
    for e in &ergebnisse {
        let f = e["fehler"].as_str().unwrap();
        for englisch in [
            "expected", "unknown", "missing", "invalid", "at line", "EOF",
        ] {
            assert!(!f.contains(englisch), "{f}");
        }
    }
    assert!(vorher == r.schnappschuss());
    eprintln!(
        "bad inputs: {} invocations + {} import lines",
        faelle.len() + 1,
        zeilen.len()
    );
}

/// The same input imported by two processes at once (a script started twice): every line
/// applied once; the second run waits for the first and answers `"bereits": true`.
#[test]
fn dieselbe_eingabe_zweimal_gleichzeitig_genau_einmal() {
    let r = Reg::neu();
    let starten = || {
        iiz_befehl(&r)
            .args(["import", "examples/pilot-2018-2022.jsonl"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (starten(), starten());
    let mut bereits = 0;
    for p in [a, b] {
        let out = p.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("\"ok\":false"), "{text}");
        bereits += text.matches("\"bereits\":true").count();
    }
    let zeilen = std::fs::read_to_string("examples/pilot-2018-2022.jsonl")
        .unwrap()
        .lines()
        .filter(|z| !z.trim().is_empty())
        .count();
    assert_eq!(
        bereits, zeilen,
        "one run applied, the other found every line"
    );
    assert_eq!(r.json(&["report"])["auftraege"]["anmeldungen"], 55);
    r.lauf(&["pruefen"]).ok();
}
