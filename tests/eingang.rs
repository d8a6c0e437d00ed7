//! Intake (spec §15, issue 24 item 3): registration files in `<data>/eingang/`, listed,
//! taken over without typing them again, or refused – hostile and malformed files refused
//! with the field named and nothing written; no copy of personal data left outside the
//! person store; a crash never records one twice.

use crate::common::*;
use std::path::PathBuf;

const RT: &str = r#"{"art": "rt-anmeldung", "eingegangen": "2024-11-30T09:12:00+01:00", "quelle": "Online-Schalter",
 "angaben": {"anmeldende_stelle": "andere", "anmeldende_stelle_text": "Case Management KTG",
   "name": "Beispiel", "vorname": "Rita", "ahv": "AHV", "geburtsdatum": "1980-05-04",
   "beteiligte": ["iv", "rav"], "anliegen": "Rückkehr an den Arbeitsplatz", "einverstaendnis": true}}"#;

fn rt_datei(serie: u64) -> String {
    RT.replace("AHV", &ahv(serie))
}

fn ablegen(r: &Reg, name: &str, inhalt: &str) -> PathBuf {
    let dir = r.pfad().join("eingang");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, inhalt).unwrap();
    p
}

/// A register that exists (the intake belongs to one).
fn register() -> Reg {
    let r = Reg::neu();
    r.lauf(&["stelle", "neu", "--typ", "iv", "--name", "IV Luzern"])
        .ok();
    r
}

#[test]
fn anmeldung_uebernehmen_ohne_abzutippen() {
    let r = register();
    let p = ablegen(&r, "2024-11-30-0912-online.json", &rt_datei(200));
    let l = r.json(&["eingang"]);
    assert_eq!(l[0]["datei"], "2024-11-30-0912-online.json");
    assert_eq!(l[0]["art"], "rt-anmeldung");
    assert_eq!(l[0]["quelle"], "Online-Schalter");
    assert!(l[0]["fehler"].is_null(), "{l}");
    let u = r
        .lauf(&["eingang", "uebernehmen", "2024-11-30-0912-online.json"])
        .ok();
    assert!(u.stdout.contains("RT-2024-001"), "{}", u.stdout);
    assert!(
        u.stdout.contains("aus dem Eingang übernommen und entfernt"),
        "{}",
        u.stdout
    );
    // Everything the file held is in the case; the day is the day it came in.
    let z = r.json(&["zeige", "RT-2024-001"]);
    let text = z.to_string();
    for erwartet in [
        "Rita",
        "Case Management KTG",
        "Rückkehr an den Arbeitsplatz",
        "2024-11-30",
    ] {
        assert!(text.contains(erwartet), "{erwartet}: {z}");
    }
    // No copy of the person left outside the person store: the file is gone, the intake
    // log names file, hash and case only, and the free text is encrypted in the journal.
    assert!(!p.exists());
    let log = std::fs::read_to_string(r.pfad().join("eingang.jsonl")).unwrap();
    assert!(log.contains("\"fall\":\"RT-2024-001\""), "{log}");
    for person in ["Rita", "Beispiel", &ahv(200), "1980-05-04", "Rückkehr"] {
        assert!(!log.contains(person), "{person} in {log}");
        assert!(
            !r.journale().contains(person),
            "{person} in a journal in the clear"
        );
    }
    assert_eq!(r.json(&["eingang"]), serde_json::json!([]));
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn antrag_und_ablehnen() {
    let r = register();
    ablegen(
        &r,
        "antrag.json",
        &format!(
            r#"{{"art": "antrag", "eingegangen": "2024-03-01T10:00:00+01:00",
               "angaben": {{"von": "sh", "an": "rav", "von_stelle": "Sozialdienst Emmen",
               "name": "Beispiel", "vorname": "Erika", "ahv": "{}", "arbeitsangebot": "intakt",
               "einverstaendnis": true, "ziel": "Arbeitsintegration"}}}}"#,
            ahv(201)
        ),
    );
    let u = r
        .lauf(&["eingang", "uebernehmen", "antrag.json", "--format", "json"])
        .ok();
    let j: serde_json::Value = serde_json::from_str(&u.stdout).unwrap();
    assert_eq!(j["fall"], "OPT-2024-001", "{j}");
    assert_eq!(
        r.json(&["zeige", "OPT-2024-001"])["antrag_datum"],
        "2024-03-01"
    );
    ablegen(&r, "doppelt.json", &rt_datei(202));
    let a = r
        .lauf(&[
            "eingang",
            "ablehnen",
            "doppelt.json",
            "--grund",
            "doppelt eingereicht",
        ])
        .ok();
    assert!(a.stdout.contains("abgelehnt"), "{}", a.stdout);
    assert!(!r.pfad().join("eingang/doppelt.json").exists());
    let log = std::fs::read_to_string(r.pfad().join("eingang.jsonl")).unwrap();
    assert!(
        log.contains("\"was\":\"abgelehnt\",\"grund\":\"doppelt eingereicht\""),
        "{log}"
    );
    assert!(!log.contains("Rita"));
    // Nothing to refuse without a reason.
    ablegen(&r, "x.json", &rt_datei(203));
    assert_eq!(
        r.lauf(&["eingang", "ablehnen", "x.json", "--grund", " "])
            .code,
        2
    );
    assert!(r.pfad().join("eingang/x.json").exists());
}

#[test]
fn fehlerhafte_und_feindliche_dateien_schreiben_nichts() {
    let r = register();
    let gross = format!(
        "{{\"art\": \"antrag\", \"angaben\": {{\"bemerkung\": \"{}\"}}}}",
        "x".repeat(70_000)
    );
    let faelle: Vec<(&str, String, i32, &str)> = vec![
        ("a.json", "nicht json".into(), 2, "kein gültiges JSON"),
        ("b.json", "[1,2]".into(), 2, "kein JSON-Objekt"),
        (
            "c.json",
            RT.replace("\"art\": \"rt-anmeldung\"", "\"art\": \"kaffee\""),
            2,
            "Feld \"art\" ist 'kaffee'",
        ),
        (
            "d.json",
            r#"{"art": "antrag"}"#.into(),
            2,
            "Feld \"angaben\" fehlt",
        ),
        (
            "e.json",
            RT.replace("\"quelle\"", "\"farbe\""),
            2,
            "unbekanntes Feld \"farbe\"",
        ),
        (
            "f.json",
            rt_datei(210).replace(
                "\"einverstaendnis\"",
                "\"schluessel\": \"x\", \"einverstaendnis\"",
            ),
            2,
            "angaben.schluessel",
        ),
        (
            "g.json",
            rt_datei(211).replace("\"beteiligte\"", "\"lieblingsfarbe\": 1, \"beteiligte\""),
            2,
            "unbekanntes Feld \"lieblingsfarbe\"",
        ),
        ("h.json", RT.replace("AHV", "756.1234.5678.90"), 3, "AHV"),
        (
            "i.json",
            RT.replace("2024-11-30T09:12:00+01:00", "gestern"),
            2,
            "Feld \"eingegangen\"",
        ),
        (
            "j.json",
            rt_datei(212).replace("Rita", "Ri\\u001b[31mta"),
            2,
            "Steuerzeichen",
        ),
        ("k.json", gross, 2, "höchstens"),
    ];
    for (name, inhalt, _, _) in &faelle {
        ablegen(&r, name, inhalt);
    }
    std::fs::write(
        r.pfad().join("eingang/l.json"),
        b"{\"art\": \"antrag\xff\"}",
    )
    .unwrap();
    let vorher = r.schnappschuss();
    for (name, _, code, text) in &faelle {
        let l = r.lauf(&["eingang", "uebernehmen", name]);
        assert_eq!(l.code, *code, "{name}: {}", l.stderr);
        assert!(l.stderr.contains(text), "{name}: {}", l.stderr);
        assert!(!l.stderr.contains('\u{1b}'), "{name}: escape echoed");
        assert_eq!(r.schnappschuss(), vorher, "{name} wrote something");
    }
    let l = r.lauf(&["eingang", "uebernehmen", "l.json"]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(l.stderr.contains("UTF-8"), "{}", l.stderr);
    // Names are names in the folder, never paths.
    for name in ["../iiz-format.json", "/etc/passwd", ".versteckt", ""] {
        let l = r.lauf(&["eingang", "uebernehmen", name]);
        assert_eq!(l.code, 2, "{name}: {}", l.stderr);
        let l = r.lauf(&["eingang", "ablehnen", name, "--grund", "x"]);
        assert_eq!(l.code, 2, "{name}: {}", l.stderr);
    }
    assert_eq!(r.schnappschuss(), vorher);
    // The list shows every file with what is wrong, the field named.
    let liste = r.json(&["eingang"]);
    assert_eq!(liste.as_array().unwrap().len(), faelle.len() + 1);
    assert!(
        liste.to_string().contains("unbekanntes Feld \\\"farbe\\\""),
        "{liste}"
    );
}

#[cfg(unix)]
#[test]
fn fifo_links_und_verlinkter_ordner() {
    let r = register();
    let dir = r.pfad().join("eingang");
    std::fs::create_dir_all(&dir).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(dir.join("fifo.json"))
            .status()
            .unwrap()
            .success()
    );
    let draussen = tempfile::tempdir().unwrap();
    let fremd = draussen.path().join("fremd.json");
    std::fs::write(&fremd, rt_datei(220)).unwrap();
    std::os::unix::fs::symlink(&fremd, dir.join("link.json")).unwrap();
    // (No snapshot here: reading the FIFO would block the test itself.)
    let faelle = || r.json(&["liste"]);
    let vorher = faelle();
    for name in ["fifo.json", "link.json"] {
        let l = r.lauf(&["eingang", "uebernehmen", name]);
        assert_eq!(l.code, 2, "{name}: {}", l.stderr);
        assert!(
            l.stderr.contains("keine gewöhnliche Datei"),
            "{name}: {}",
            l.stderr
        );
        assert_eq!(
            r.lauf(&["eingang", "ablehnen", name, "--grund", "x"]).code,
            2
        );
    }
    assert_eq!(r.json(&["eingang"]).as_array().unwrap().len(), 2);
    assert_eq!(faelle(), vorher);
    assert!(!r.pfad().join("eingang.jsonl").exists());
    assert!(fremd.exists());
    // The folder itself a link to elsewhere: nothing read, nothing removed there.
    std::fs::remove_file(dir.join("fifo.json")).unwrap();
    std::fs::remove_file(dir.join("link.json")).unwrap();
    std::fs::remove_dir(&dir).unwrap();
    std::os::unix::fs::symlink(draussen.path(), &dir).unwrap();
    let l = r.lauf(&["eingang", "ablehnen", "fremd.json", "--grund", "x"]);
    assert_ne!(l.code, 0, "{}", l.stderr);
    assert!(
        fremd.exists(),
        "a file outside the data directory was removed"
    );
    assert_ne!(r.lauf(&["eingang"]).code, 0);
}

#[test]
fn ohne_terminal_fehlt_was_die_datei_nicht_hat() {
    let r = register();
    ablegen(
        &r,
        "ohne.json",
        &rt_datei(230).replace("\"anliegen\": \"Rückkehr an den Arbeitsplatz\", ", ""),
    );
    let vorher = r.schnappschuss();
    let l = r.lauf(&["eingang", "uebernehmen", "ohne.json"]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(l.stderr.contains("--anliegen"), "{}", l.stderr);
    assert_eq!(r.schnappschuss(), vorher);
}

/// A kill at any write of a take-over: the next run records the registration once and
/// removes the file.
#[test]
fn nach_absturz_an_jeder_stelle_genau_einmal() {
    let mut kills = 0;
    for n in (1..).step_by(schrittweite()) {
        let r = register();
        ablegen(&r, "a.json", &rt_datei(240));
        let out = r
            .cmd()
            .env("IIZ_TEST_ABSTURZ", n.to_string())
            .args(["eingang", "uebernehmen", "a.json"])
            .output()
            .unwrap();
        if out.status.code() == Some(0) {
            break;
        }
        assert_eq!(
            out.status.code(),
            None,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        kills += 1;
        r.lauf(&["pruefen", "--reparieren"]);
        if r.pfad().join("eingang/a.json").exists() {
            r.lauf(&["eingang", "uebernehmen", "a.json"]).ok();
        }
        assert!(!r.pfad().join("eingang/a.json").exists(), "kill at {n}");
        let liste = r.json(&["liste"]);
        assert_eq!(liste.as_array().unwrap().len(), 1, "kill at {n}: {liste}");
        r.lauf(&["pruefen"]).ok();
    }
    assert!(kills * schrittweite() >= 5, "only {kills} kill points");
}
