//! Hostile entries in the data directory (issue 14): a FIFO, a directory, a symbolic link or
//! an unreadable file named like a journal. No command hangs or follows a link; readers name
//! the entry and go on with the others; writes and `pruefen` refuse with exit 5; nothing
//! outside the data directory is ever written.
#![cfg(target_os = "linux")]

mod common;
use common::*;
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
    assert_eq!(liste.as_array().unwrap().len(), 1);
    assert_eq!(liste[0]["fall"], gut.as_str());
    for id in ["OPT-2024-901", "OPT-2024-902", "OPT-2024-903"] {
        assert!(l.stderr.contains(id), "{id}: {}", l.stderr);
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
    let text = std::fs::read_to_string(&pfad).unwrap().replace(
        "\"strategie\":\"Coaching\"",
        "\"strategie\":\"\\u001b[2J\\u202eCoaching\"",
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
