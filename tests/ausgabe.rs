//! Output for scripts and pipes: a closed pipe ends a command quietly with exit 0 (as
//! `iiz liste | head -1` does), CSV always has its header row.

use crate::common::*;
use std::process::{Command, Stdio};

/// Runs iiz with its standard output already closed by the reader: every write fails with
/// EPIPE, exactly what `| head -1` leaves once head has its line.
fn mit_geschlossener_ausgabe(r: &Reg, args: &[&str]) -> (Option<i32>, String) {
    let mut k = Command::new(assert_cmd::cargo::cargo_bin("iiz"))
        .env("IIZ_DATA_DIR", r.pfad())
        .env("IIZ_BENUTZER", "test")
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(k.stdout.take());
    let out = k.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn geschlossene_pipe_endet_still_mit_exit_0() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 1);
    r.antrag("rav", "sh", 2, "2024-01-12");
    for args in [
        vec!["liste"],
        vec!["liste", "--format", "json"],
        vec!["liste", "--format", "csv"],
        vec!["zeige", &id, "--format", "json"],
        vec!["zeige", &id],
        vec!["report"],
        vec!["report", "--format", "csv"],
        vec!["pendenzen", "--stichtag", "2030-01-01"],
        vec!["pruefen", "--format", "json"],
        vec!["completions", "bash"],
        vec!["jahresbericht", "--jahr", "2024"],
        vec!["jahresbericht", "--jahr", "2024", "--format", "html"],
        vec!["jahresbericht", "--jahr", "2024", "--format", "json"],
        vec!["report", "--nach", "region"],
    ] {
        let (code, stderr) = mit_geschlossener_ausgabe(&r, &args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn import_mit_geschlossener_ausgabe_macht_das_angewandte_dauerhaft() {
    let r = Reg::neu();
    // More lines than the parsing thread hands over at once: it stops with the batch.
    let zeilen: String = (0..1500u64)
        .map(|i| {
            let z = serde_json::json!({"op":"antrag","von":"rav","an":"iv","name":"Pipe","vorname":"P","ahv":ahv(7 + i),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"2024-03-01"});
            format!("{z}\n")
        })
        .collect();
    let mut k = Command::new(assert_cmd::cargo::cargo_bin("iiz"))
        .env("IIZ_DATA_DIR", r.pfad())
        .env("IIZ_BENUTZER", "test")
        .arg("import")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(k.stdout.take());
    std::io::Write::write_all(&mut k.stdin.take().unwrap(), zeilen.as_bytes()).unwrap();
    let out = k.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    // The first line was applied before its result could not be written; it stays, and
    // nothing after it was applied.
    let liste = r.json(&["liste"]);
    assert_eq!(liste.as_array().unwrap().len(), 1);
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn csv_ohne_zeilen_hat_kopfzeile() {
    let r = Reg::neu();
    let l = r.lauf(&["liste", "--format", "csv"]).ok();
    assert_eq!(
        l.stdout,
        "fall,status,von,an,zielgruppe,antrag,naechstes_gespraech,angebot\n"
    );
    let p = r
        .lauf(&["pendenzen", "--format", "csv", "--stichtag", "2024-01-01"])
        .ok();
    assert_eq!(p.stdout, "fall,art,faellig,text\n");
    r.laufend("sh", "iv", 3);
    let p = r.lauf(&["pruefen", "--format", "csv"]).ok();
    assert_eq!(p.stdout, "fall,zeile,problem,pruefung\n");
}

/// Reports, documents and exports replace only a regular file: a link, a FIFO or a
/// directory at the target is refused (exit 2) and left as it was – as root, a
/// `--ausgabe /dev/null` would otherwise have swapped the device for a regular file.
#[cfg(unix)]
#[test]
fn ausgabedatei_ersetzt_nur_eine_gewoehnliche_datei() {
    let r = Reg::neu();
    r.laufend("sh", "iv", 3);
    let dir = tempfile::tempdir().unwrap();
    let fremd = dir.path().join("fremd.txt");
    std::fs::write(&fremd, "bleibt").unwrap();
    let link = dir.path().join("link.html");
    std::os::unix::fs::symlink(&fremd, &link).unwrap();
    let fifo = dir.path().join("fifo.html");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let ordner = dir.path().join("ordner.html");
    std::fs::create_dir(&ordner).unwrap();
    for ziel in [&link, &fifo, &ordner] {
        let z = ziel.to_str().unwrap();
        for args in [
            vec!["jahresbericht", "--jahr", "2024", "--ausgabe", z],
            vec![
                "jahresbericht",
                "--jahr",
                "2024",
                "--format",
                "html",
                "--ausgabe",
                z,
            ],
        ] {
            let l = r.lauf(&args);
            assert_eq!(l.code, 2, "{args:?}: {}", l.stderr);
            assert!(
                l.stderr.contains("keine gewöhnliche Datei"),
                "{args:?}: {}",
                l.stderr
            );
        }
    }
    assert_eq!(std::fs::read_to_string(&fremd).unwrap(), "bleibt");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(ordner.is_dir());
    // A regular file is replaced as before.
    let datei = dir.path().join("bericht.md");
    std::fs::write(&datei, "alt").unwrap();
    r.lauf(&[
        "jahresbericht",
        "--jahr",
        "2024",
        "--ausgabe",
        datei.to_str().unwrap(),
    ])
    .ok();
    assert!(
        std::fs::read_to_string(&datei)
            .unwrap()
            .contains("IIZ-Kennzahlen 2024")
    );
}

/// A path with an escape sequence is said made safe, never sent to the terminal raw.
#[test]
fn pfad_mit_steuerzeichen_wird_sicher_genannt() {
    let r = Reg::neu();
    r.laufend("sh", "iv", 4);
    let dir = tempfile::tempdir().unwrap();
    let ziel = dir.path().join("rot\x1b[31mexport");
    let l = r
        .lauf(&["export", "--ausgabe", ziel.to_str().unwrap()])
        .ok();
    assert!(l.stderr.contains("Export:"), "{}", l.stderr);
    assert!(!l.stderr.contains('\x1b'), "{:?}", l.stderr);
    assert!(l.stderr.contains("\\u{1b}"), "{:?}", l.stderr);
}
