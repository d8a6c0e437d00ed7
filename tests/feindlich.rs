//! Hostile entries in the data directory (issue 14): a FIFO, a directory, a symbolic link or
//! an unreadable file named like a journal. No command hangs or follows a link; readers name
//! the entry and go on with the others; writes and `pruefen` refuse with exit 5; nothing
//! outside the data directory is ever written.
#![cfg(target_os = "linux")]

use crate::common::*;
use std::path::Path;

fn faelle(r: &Reg) -> std::path::PathBuf {
    r.pfad().join("faelle")
}

#[test]
fn fifo_verzeichnis_und_link_haengen_nichts_auf_und_werden_gemeldet() {
    let r = Reg::neu();
    let gut = r.laufend("sh", "iv", 1);
    // A FIFO, a directory and a link to a file outside the register, named like journals.
    let fifo = faelle(&r).join("OPT-2024-901.jsonl");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::create_dir(faelle(&r).join("OPT-2024-902.jsonl")).unwrap();
    let draussen = tempfile::tempdir().unwrap();
    let ziel = draussen.path().join("fremd.txt");
    std::fs::write(&ziel, "fremde Daten ohne Zeilenende").unwrap();
    std::os::unix::fs::symlink(&ziel, faelle(&r).join("OPT-2024-903.jsonl")).unwrap();

    // Readers go on with the good case and name every hostile entry.
    let l = r.lauf(&["liste", "--format", "json"]).ok();
    let liste: serde_json::Value = serde_json::from_str(&l.stdout).unwrap();
    let gesund: Vec<&serde_json::Value> = liste
        .as_array()
        .unwrap()
        .iter()
        .filter(|z| z["status"] != "beschädigt")
        .collect();
    assert_eq!(gesund.len(), 1);
    assert_eq!(gesund[0]["fall"], gut.as_str());
    for id in ["OPT-2024-901", "OPT-2024-902", "OPT-2024-903"] {
        assert!(l.stderr.contains(id), "{id}: {}", l.stderr);
        assert!(
            liste
                .as_array()
                .unwrap()
                .iter()
                .any(|z| z["fall"] == id && z["status"] == "beschädigt"),
            "{id} named in the JSON"
        );
    }
    let k = r.json(&["report"]);
    assert_eq!(k["auftraege"]["anmeldungen"], 1);
    r.lauf(&["pendenzen", "--stichtag", "2030-01-01"]).ok();

    // zeige and writes refuse, as for a damaged journal.
    for args in [
        vec!["zeige", "OPT-2024-901"],
        vec!["zeige", "OPT-2024-903"],
        vec![
            "standort",
            "OPT-2024-903",
            "--naechstes-gespraech",
            "2024-06-01",
            "--datum",
            "2024-03-01",
        ],
        vec![
            "standort",
            "OPT-2024-901",
            "--naechstes-gespraech",
            "2024-06-01",
            "--datum",
            "2024-03-01",
        ],
    ] {
        let l = r.lauf(&args);
        assert_eq!(l.code, 5, "{args:?}: {}", l.stderr);
        assert!(l.stderr.contains("keine gewöhnliche Datei"), "{}", l.stderr);
    }
    // pruefen reports each, and --reparieren touches nothing outside the register.
    let p = r.lauf(&["pruefen", "--reparieren", "--format", "json"]);
    assert_eq!(p.code, 5);
    let befunde: serde_json::Value = serde_json::from_str(&p.stdout).unwrap();
    for id in ["OPT-2024-901", "OPT-2024-902", "OPT-2024-903"] {
        assert!(
            befunde.as_array().unwrap().iter().any(|b| b["fall"] == id),
            "{id}: {befunde}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&ziel).unwrap(),
        "fremde Daten ohne Zeilenende"
    );
    assert!(!Path::new(&draussen.path().join("fremd.txt.neu")).exists());
}

#[test]
fn unlesbares_journal_bricht_den_report_nicht_ab() {
    let r = Reg::neu();
    r.laufend("sh", "iv", 2);
    let zweiter = r.antrag("rav", "iv", 3, "2024-01-12");
    let pfad = faelle(&r).join(format!("{zweiter}.jsonl"));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pfad, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: the test is only meaningful for an ordinary account.
    if std::fs::read(&pfad).is_ok() {
        eprintln!("ÜBERSPRUNGEN: als root sind auch Dateien ohne Leserecht lesbar.");
        return;
    }
    let l = r.lauf(&["report", "--format", "json"]).ok();
    assert!(l.stderr.contains(&zweiter), "{}", l.stderr);
}

#[test]
fn escape_sequenzen_erreichen_das_terminal_nie() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 4);
    // Typed: refused, and the message does not echo the sequence raw.
    for args in [
        vec![
            "standort",
            id.as_str(),
            "--naechstes-gespraech",
            "2024-06-01",
            "--stand",
            "a\u{1b}]0;gekapert\u{7}b",
        ],
        vec![
            "standort",
            id.as_str(),
            "--naechstes-gespraech",
            "2024-06-01",
            "--stand",
            "rechts\u{202e}links",
        ],
        vec![
            "standort",
            id.as_str(),
            "--naechstes-gespraech",
            "2024-06-01",
            "--stand",
            "null\u{200b}breite",
        ],
        // Issue 26, item 13: a line separator and a soft hyphen are no text either.
        vec![
            "standort",
            id.as_str(),
            "--naechstes-gespraech",
            "2024-06-01",
            "--stand",
            "zeile\u{2028}umbruch",
        ],
        vec![
            "standort",
            id.as_str(),
            "--naechstes-gespraech",
            "2024-06-01",
            "--stand",
            "weich\u{ad}trennung",
        ],
        vec!["--\u{1b}[2Jtippfehler"],
        vec!["zeige", "\u{1b}[31mOPT-2024-001"],
    ] {
        let l = r.lauf(&args);
        assert_ne!(l.code, 0, "{args:?}");
        assert!(!l.stderr.contains('\u{1b}'), "{args:?}: {:?}", l.stderr);
        assert!(!l.stderr.contains('\u{202e}'), "{args:?}");
    }
    // Stored (a journal edited by hand): shown escaped, not executed.
    let pfad = faelle(&r).join(format!("{id}.jsonl"));
    let text = feld_setzen(
        &std::fs::read_to_string(&pfad).unwrap(),
        "strategie",
        "\\u001b[2J\\u202eCoaching",
    );
    std::fs::write(&pfad, text).unwrap();
    let z = r.lauf(&["zeige", &id]);
    assert!(
        !z.stdout.contains('\u{1b}') && !z.stdout.contains('\u{202e}'),
        "{}",
        z.stdout
    );
    assert!(z.stdout.contains("\\u{1b}[2J"), "{}", z.stdout);
}

/// Waits for a child, or kills it after a generous bound: a hang here is a deadlock.
fn warten_oder_toeten(k: &mut std::process::Child, name: &str) -> std::process::ExitStatus {
    let bis = std::time::Instant::now() + std::time::Duration::from_secs(120); // ok: a deadlock detector, not a speed assert
    loop {
        if let Some(s) = k.try_wait().unwrap() {
            return s;
        }
        if std::time::Instant::now() > bis {
            let _ = k.kill();
            panic!("{name} hängt (Verklemmung)");
        }
        std::thread::sleep(std::time::Duration::from_millis(20)); // ok: polling a child's exit
    }
}

#[test]
fn import_und_anonymisieren_oder_antrag_verklemmen_sich_nie() {
    let r = Reg::neu();
    // X: an open case the import keeps writing to; Z: a closed case to erase.
    let x = r.laufend("sh", "iv", 10);
    let z = r.antrag("rav", "iv", 11, "2024-01-10");
    r.lauf(&[
        "annehmen",
        &z,
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-01-11",
    ])
    .ok();
    let mut text = String::new();
    for i in 0..300u64 {
        text.push_str(&format!(
            "{}\n",
            serde_json::json!({"op":"standort","fall":x,"naechstes_gespraech":"2024-09-01","stand":format!("S{i}"),"datum":"2024-03-01"})
        ));
        text.push_str(&format!(
            "{}\n",
            serde_json::json!({"op":"antrag","von":"rav","an":"iv","name":"Lock","vorname":"L","ahv":ahv(20_000 + i),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"2024-03-01"})
        ));
    }
    let datei = r
        .pfad()
        .join("..")
        .join(format!("lock-{}.jsonl", std::process::id()));
    std::fs::write(&datei, text).unwrap();
    let starten = |args: &[&str]| {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("iiz"));
        c.env("IIZ_DATA_DIR", r.pfad())
            .env("IIZ_BENUTZER", "test")
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c.spawn().unwrap()
    };
    let mut import = starten(&["import", datei.to_str().unwrap()]);
    // Meanwhile: applications for X's person (register lock, then X's journal) and the
    // erasure of Z (register lock, then Z's journal), again and again.
    let mut andere = Vec::new();
    for i in 0..20 {
        if i % 2 == 0 {
            andere.push(starten(&[
                "antrag",
                "--von",
                "sh",
                "--an",
                "iv",
                "--name",
                "B",
                "--vorname",
                "X",
                "--ahv",
                &ahv(10),
                "--arbeitsangebot",
                "intakt",
                "--einverstaendnis",
                "--ziel",
                "x",
                "--datum",
                "2024-03-01",
                "--no-input",
            ]));
        } else {
            andere.push(starten(&["anonymisieren", &z, "--datum", "2024-03-01"]));
        }
    }
    let s = warten_oder_toeten(&mut import, "import");
    assert!(s.success(), "import: {s:?}");
    for (i, mut k) in andere.into_iter().enumerate() {
        warten_oder_toeten(&mut k, &format!("Befehl {i}"));
    }
    std::fs::remove_file(&datei).unwrap();
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn verdorbener_zaehler_vergibt_die_naechste_freie_nummer() {
    let r = Reg::neu();
    let a = r.antrag("sh", "iv", 30, "2024-01-10");
    assert_eq!(a, "OPT-2024-001");
    let zaehler = r.pfad().join("zaehler").join("OPT-2024");
    for verdorben in ["99999999999", "0", "kaputt", "-5", "999"] {
        std::fs::write(&zaehler, verdorben).unwrap();
        let l = r
            .lauf_v(&antrag_args(&[
                ("--ahv", &ahv(31 + verdorben.len() as u64)),
                ("--datum", "2024-01-11"),
            ]))
            .ok();
        let id = l.fall();
        assert!(
            id.starts_with("OPT-2024-00") && id.len() == 12,
            "{verdorben}: {id}"
        );
    }
    let ids: Vec<String> = r
        .json(&["liste"])
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fall"].as_str().unwrap().to_string())
        .collect();
    let mut sortiert = ids.clone();
    sortiert.sort();
    sortiert.dedup();
    assert_eq!(sortiert.len(), 6, "no id used twice: {ids:?}");
    assert_eq!(sortiert.last().unwrap(), "OPT-2024-006", "no gap: {ids:?}");
}

#[test]
fn reparieren_behaelt_ein_ganzes_letztes_ereignis_ohne_zeilenende() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 40);
    let pfad = faelle(&r).join(format!("{id}.jsonl"));
    let voll = std::fs::read(&pfad).unwrap();
    std::fs::write(&pfad, &voll[..voll.len() - 1]).unwrap();
    assert_eq!(r.lauf(&["pruefen"]).code, 5, "torn tail is reported");
    r.lauf(&["pruefen", "--reparieren"]).ok();
    assert_eq!(
        std::fs::read(&pfad).unwrap(),
        voll,
        "the acknowledged event stays"
    );
    assert!(
        !r.pfad().join("reparatur").exists()
            || std::fs::read_dir(r.pfad().join("reparatur"))
                .unwrap()
                .next()
                .is_none()
    );
    assert_eq!(r.json(&["zeige", &id])["status"], "laufend");
}

#[test]
fn jeder_leser_prueft_die_kette() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 50);
    r.lauf(&[
        "kostengutsprache",
        &id,
        "beantragen",
        "--massnahme",
        "Kurs",
        "--anbieter",
        "A",
        "--betrag",
        "1'800",
        "--datum",
        "2024-02-05",
    ])
    .ok();
    r.lauf(&[
        "kostengutsprache",
        &id,
        "bewilligen",
        "1",
        "--unterzeichnet",
        "M",
        "--datum",
        "2024-02-06",
    ])
    .ok();
    let andere = r.laufend("rav", "iv", 51);
    assert_eq!(
        r.json(&["report"])["massnahmenkosten_rappen"]["bewilligt"]["total"],
        180_000
    );
    // The requested amount forged from 1'800 to 9'800 in a middle line.
    let pfad = faelle(&r).join(format!("{id}.jsonl"));
    let text = std::fs::read_to_string(&pfad).unwrap();
    assert!(text.contains("\"betrag\":180000"));
    std::fs::write(
        &pfad,
        text.replace("\"betrag\":180000", "\"betrag\":980000"),
    )
    .unwrap();
    // report: the forged case counts nowhere, and is named.
    let l = r.lauf(&["report", "--format", "json"]).ok();
    let k: serde_json::Value = serde_json::from_str(&l.stdout).unwrap();
    assert_eq!(k["massnahmenkosten_rappen"]["bewilligt"]["total"], 0);
    assert_eq!(k["auftraege"]["anmeldungen"], 1);
    assert!(l.stderr.contains(&id), "{}", l.stderr);
    // liste: the other case only, the damaged one named.
    let l = r.lauf(&["liste", "--format", "json"]).ok();
    let liste: serde_json::Value = serde_json::from_str(&l.stdout).unwrap();
    assert_eq!(liste.as_array().unwrap().len(), 2);
    assert_eq!(liste[0]["fall"], andere.as_str());
    assert_eq!(liste[1]["fall"], id.as_str());
    assert_eq!(liste[1]["status"], "beschädigt");
    assert!(l.stderr.contains(&id));
    // zeige and writes refuse.
    assert_eq!(r.lauf(&["zeige", &id]).code, 5);
    let vorher = r.schnappschuss();
    let w = r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-09-01",
        "--datum",
        "2024-03-01",
    ]);
    assert_eq!(w.code, 5, "{}", w.stderr);
    assert!(
        vorher == r.schnappschuss(),
        "nothing appended to a broken chain"
    );
    assert_eq!(r.lauf(&["pruefen"]).code, 5);
}

#[test]
fn streng_macht_ein_beschaedigtes_journal_zum_fehler() {
    let r = Reg::neu();
    let a = r.antrag("sh", "rav", 61, "2024-01-10");
    let b = r.antrag("rav", "sh", 62, "2024-01-11");
    r.lauf(&["annehmen", &b, "--datum", "2024-01-12"]).ok();
    for befehl in [
        &["liste"][..],
        &["report"],
        &["pendenzen"],
        &["rt", "report"],
    ] {
        let mut args = befehl.to_vec();
        args.push("--streng");
        let l = r.lauf(&args);
        assert_eq!(
            l.code, 0,
            "{befehl:?} auf einem heilen Register: {}",
            l.stderr
        );
    }
    // A value in the first of two lines forged: the chain no longer holds.
    let pfad = faelle(&r).join(format!("{b}.jsonl"));
    let text = std::fs::read_to_string(&pfad).unwrap();
    std::fs::write(&pfad, text.replacen("\"rav\"", "\"iv\"", 1)).unwrap();
    let vorher = r.schnappschuss();
    for befehl in [&["liste"][..], &["report"], &["pendenzen"]] {
        let l = r.lauf(befehl);
        assert_eq!(l.code, 0, "{befehl:?} ohne --streng: {}", l.stderr);
        assert!(l.stderr.contains(&b), "{befehl:?}: {}", l.stderr);
        let mut args = befehl.to_vec();
        args.push("--streng");
        let l = r.lauf(&args);
        assert_eq!(l.code, 5, "{befehl:?} --streng: {}", l.stderr);
        assert!(
            l.stderr.contains(&b) && l.stderr.contains("beschädigt"),
            "{}",
            l.stderr
        );
    }
    // The intact case is still listed; the damaged one is named in the JSON too (a row with
    // status "beschädigt"; in the reports a "warnungen" list); nothing was written.
    let liste = r.json(&["liste"]);
    let zeilen = liste.as_array().unwrap();
    assert!(
        zeilen
            .iter()
            .any(|z| z["fall"] == a.as_str() && z["status"] != "beschädigt")
    );
    assert!(
        zeilen.iter().any(|z| z["fall"] == b.as_str()
            && z["status"] == "beschädigt"
            && z["warnung"].as_str().is_some_and(|w| w.contains("pruefen"))),
        "{liste}"
    );
    let p = r.json(&["pendenzen"]);
    assert!(
        p.as_array()
            .unwrap()
            .iter()
            .any(|z| z["fall"] == b.as_str() && z["status"] == "beschädigt"),
        "{p}"
    );
    let rep = r.json(&["report"]);
    assert_eq!(rep["warnungen"][0]["fall"], b.as_str(), "{rep}");
    // An intact register keeps the usual shape: no "warnungen" key at all.
    let heil = Reg::neu();
    heil.antrag("sh", "rav", 63, "2024-01-10");
    assert!(heil.json(&["report"]).get("warnungen").is_none());
    assert_eq!(r.schnappschuss(), vorher);
}

/// Issue 26, item 13: temp files of a killed writer (`<name>.<pid>.tmp` of a process that is
/// gone) in `zaehler/` and `personen/` – the salt's holds a secret – are reported by
/// `pruefen` and removed by `pruefen --reparieren`; a live writer's are left alone.
#[test]
fn reste_abgebrochener_schreibvorgaenge_werden_gemeldet_und_entfernt() {
    let r = Reg::neu();
    r.antrag("sh", "rav", 990_100, "2024-01-10");
    // The pid of a process that has ended.
    let mut kind = std::process::Command::new("true").spawn().unwrap();
    let tot = kind.id();
    kind.wait().unwrap();
    let zaehler = r.pfad().join("zaehler").join(format!("OPT-2024.{tot}.tmp"));
    let salz = r.pfad().join("personen").join(format!("salz.{tot}.tmp"));
    let lebt = r
        .pfad()
        .join("zaehler")
        .join(format!("OPT-2024.{}.tmp", std::process::id()));
    for p in [&zaehler, &salz, &lebt] {
        std::fs::write(p, "7").unwrap();
    }
    let p = r.lauf(&["pruefen"]);
    assert_eq!(p.code, 5, "{}", p.stderr);
    let alles = format!("{}{}", p.stdout, p.stderr);
    assert!(alles.contains(&format!("salz.{tot}.tmp")), "{alles}");
    assert!(alles.contains(&format!("OPT-2024.{tot}.tmp")), "{alles}");
    assert!(
        !alles.contains(&format!("OPT-2024.{}.tmp", std::process::id())),
        "{alles}"
    );
    r.lauf(&["pruefen", "--reparieren"]).ok();
    assert!(!zaehler.exists() && !salz.exists());
    assert!(lebt.exists(), "a live writer's temp file was removed");
    std::fs::remove_file(&lebt).unwrap();
    r.lauf(&["pruefen"]).ok();
}
