//! The first minutes with iiz: help in German, unknown commands named with a suggestion,
//! words with umlauts, the cost-approval action before or after the case.

use crate::common::*;

#[test]
fn hilfe_auf_deutsch_auch_als_befehl() {
    let r = Reg::neu();
    let l = r.lauf(&["help"]).ok();
    assert!(l.stdout.contains("Befehle:"), "{}", l.stdout);
    assert!(l.stdout.contains("Roundtable"));
    let l = r.lauf(&["help", "antrag"]).ok();
    assert!(
        l.stdout.contains("Neuen OPTIMA-Antrag erfassen"),
        "{}",
        l.stdout
    );
    assert!(l.stdout.contains("Beispiel:"));
    let l = r.lauf(&["help", "rt", "gespraech"]).ok();
    assert!(l.stdout.contains("WAS|WER|BIS"), "{}", l.stdout);
}

#[test]
fn ohne_argumente_die_kurze_hilfe() {
    let r = Reg::neu();
    let l = r.lauf(&[]);
    assert_eq!(l.code, 2);
    assert!(
        l.stdout.contains("Befehle:") && l.stdout.contains("antrag"),
        "{}",
        l.stdout
    );
    assert!(l.stdout.contains("--help"), "{}", l.stdout);
    assert!(
        !l.stdout.contains("Usage") && !l.stdout.contains("Options:"),
        "{}",
        l.stdout
    );
}

#[test]
fn unbekannter_befehl_mit_vorschlag() {
    let r = Reg::neu();
    let l = r.lauf(&["antarg"]);
    assert_eq!(l.code, 2);
    assert_eq!(
        l.stderr.trim(),
        "Fehler: Unbekannter Befehl 'antarg' – gemeint ist wohl 'antrag'; 'iiz --help' zeigt alle Befehle."
    );
    let l = r.lauf(&["kostengutsprache", "OPT-2024-001"]);
    assert_eq!(l.code, 2);
    assert!(
        l.stderr
            .contains("beantragen, bewilligen, ablehnen, abrechnen"),
        "{}",
        l.stderr
    );
    assert!(!l.stderr.contains("error:"), "{}", l.stderr);
}

#[test]
fn umlaute_und_beide_reihenfolgen() {
    let r = Reg::neu();
    r.laufend("sh", "iv", 1);
    r.lauf(&["prüfen"]).ok();
    let id = r.antrag("rav", "sh", 2, "2024-01-10");
    r.lauf(&["annehmen", &id, "--datum", "2024-01-11"]).ok();
    r.lauf(&[
        "übergabe",
        &id,
        "--naechstes-gespraech",
        "2024-03-01",
        "--strategie",
        "x",
        "--zustimmung",
        "--befreiung-bis",
        "2024-06-30",
        "--datum",
        "2024-01-12",
    ])
    .ok();
    // The action before the case, as shell completion suggests it.
    let nr = r
        .lauf(&[
            "kostengutsprache",
            "beantragen",
            &id,
            "--massnahme",
            "Kurs",
            "--anbieter",
            "A",
            "--betrag",
            "500",
            "--datum",
            "2024-01-15",
        ])
        .ok();
    assert_eq!(nr.nr(), "1");
    r.lauf(&[
        "kostengutsprache",
        "bewilligen",
        &id,
        "1",
        "--unterzeichnet",
        "M. Meier",
        "--datum",
        "2024-01-16",
    ])
    .ok();
    assert_eq!(
        r.json(&["zeige", &id])["kostengutsprachen"][0]["status"],
        "bewilligt"
    );
}

#[test]
fn info_nennt_register_und_faelle() {
    let r = Reg::neu();
    r.laufend("sh", "iv", 3);
    r.antrag("rav", "iv", 4, "2024-01-12");
    r.lauf(&[
        "rt",
        "anmeldung",
        "--anmeldende-stelle",
        "sh",
        "--name",
        "B",
        "--vorname",
        "C",
        "--ahv",
        &ahv(5),
        "--beteiligte",
        "iv,rav",
        "--anliegen",
        "x",
        "--einverstaendnis",
        "--datum",
        "2024-02-01",
    ])
    .ok();
    let i = r.json(&["info"]);
    assert_eq!(i["datenverzeichnis"], r.pfad().display().to_string());
    assert_eq!(i["format_version"], 2);
    assert_eq!(i["total"], 3);
    assert_eq!(i["faelle"]["optima"]["laufend"], 1);
    assert_eq!(i["faelle"]["optima"]["beantragt"], 1);
    assert_eq!(i["faelle"]["roundtable"]["angemeldet"], 1);
    assert!(i["letzte_aenderung"].is_string());
    let t = r.lauf(&["info"]).ok().stdout;
    assert!(
        t.contains("Datenverzeichnis") && t.contains("Letzter Schreibvorgang"),
        "{t}"
    );
}

#[test]
fn fehlendes_oder_unvollstaendiges_datenverzeichnis_wird_gesagt() {
    let r = Reg::neu();
    let nirgends = r.pfad().join("gibt-es-nicht");
    for args in [
        vec!["liste"],
        vec!["report"],
        vec!["pendenzen"],
        vec!["pruefen"],
        vec!["info"],
    ] {
        let mut c = r.cmd();
        c.env("IIZ_DATA_DIR", &nirgends).args(&args);
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("gibt es nicht"));
    }
    assert!(!nirgends.exists(), "reading creates nothing");
    // Case files without the format file (an incomplete restore): damaged, never taken over.
    let halb = r.pfad().join("halb");
    std::fs::create_dir_all(halb.join("faelle")).unwrap();
    std::fs::write(halb.join("faelle").join("OPT-2024-001.jsonl"), "").unwrap();
    for args in [vec!["liste"], vec!["pruefen"]] {
        let mut c = r.cmd();
        c.env("IIZ_DATA_DIR", &halb).args(&args);
        assert_eq!(c.output().unwrap().status.code(), Some(5), "{args:?}");
    }
    let mut c = r.cmd();
    c.env("IIZ_DATA_DIR", &halb).args(antrag_args(&[]));
    assert_eq!(c.output().unwrap().status.code(), Some(5));
    assert!(!halb.join("iiz-format.json").exists());
    // An existing empty directory is an empty register.
    let leer = r.pfad().join("leer");
    std::fs::create_dir(&leer).unwrap();
    let mut c = r.cmd();
    c.env("IIZ_DATA_DIR", &leer)
        .args(["liste", "--format", "json"]);
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

#[test]
fn import_mit_bom_strich_fuer_stdin_und_schweizer_datum() {
    let r = Reg::neu();
    let zeile = serde_json::json!({"op":"antrag","von":"sh","an":"iv","name":"Bom","vorname":"B","ahv":ahv(7),"arbeitsangebot":"intakt","einverstaendnis":true,"ziel":"x","datum":"10.01.2024"});
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(format!("{zeile}\n").into_bytes());
    let out = r
        .cmd()
        .args(["import", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["antrag_datum"], "2024-01-10");
}

#[test]
fn man_seite_aus_denselben_definitionen_wie_die_hilfe() {
    let r = Reg::neu();
    let l = r.lauf(&["man"]).ok();
    assert!(l.stdout.contains(".TH iiz 1"), "{}", &l.stdout[..200]);
    for befehl in [
        "ANTRAG",
        "KOSTENGUTSPRACHE",
        "RT",
        "LISTE",
        "IMPORT",
        "STORNIEREN",
    ] {
        assert!(
            l.stdout.contains(&format!(".SH \"IIZ {befehl}\"")),
            "{befehl} fehlt"
        );
    }
    // An option of `liste` appears with its German help text.
    assert!(l.stdout.contains("\\-\\-limit"));
    assert!(l.stdout.contains("Höchstens so viele Fälle zeigen"));
    // Rendered where man is installed; said when skipped.
    let man = std::process::Command::new("man")
        .args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    match man {
        Ok(mut kind) => {
            use std::io::Write;
            kind.stdin
                .take()
                .unwrap()
                .write_all(l.stdout.as_bytes())
                .unwrap();
            let out = kind.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("IIZ LISTE"), "{text}");
        }
        Err(_) => eprintln!("übersprungen: 'man' ist nicht installiert"),
    }
}

/// A directory that holds other things but no register is said so (exit 4), never read as
/// an empty register – a script would publish zeros – and no register is made inside it;
/// the register next to it is named.
#[test]
fn verzeichnis_ohne_register_wird_gesagt_und_das_register_daneben_genannt() {
    let r = Reg::neu();
    r.laufend("sh", "iv", 960_001);
    let faelle = r.pfad().join("faelle");
    let vorher = r.schnappschuss();
    let aus = tempfile::tempdir().unwrap();
    let ziel = aus.path().join("x");
    let ziel = ziel.to_str().unwrap();
    for args in [
        vec!["liste"],
        vec!["report"],
        vec!["rt", "report"],
        vec!["pendenzen"],
        vec!["jahresbericht", "--jahr", "2024"],
        vec!["export", "--ausgabe", ziel],
        vec!["pruefen"],
        vec!["suche", "Muster"],
    ] {
        let mut c = r.cmd();
        let out = c.env("IIZ_DATA_DIR", &faelle).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {stderr}");
        assert!(stderr.contains("liegt kein Register"), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("gemeint ist wohl {}", r.pfad().display())),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: no zeros for a script");
    }
    // A write is refused too: no register inside another one's faelle/.
    let mut c = r.cmd();
    let out = c
        .env("IIZ_DATA_DIR", &faelle)
        .args(antrag_args(&[]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(vorher == r.schnappschuss(), "nothing written");
    // Any other folder: said so, and no register to name.
    let andere = tempfile::tempdir().unwrap();
    std::fs::write(andere.path().join("notizen.txt"), "x").unwrap();
    let mut c = r.cmd();
    let out = c
        .env("IIZ_DATA_DIR", andere.path())
        .args(["liste"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("gemeint"));
    // An empty directory stays an empty register.
    let leer = tempfile::tempdir().unwrap();
    let mut c = r.cmd();
    let out = c
        .env("IIZ_DATA_DIR", leer.path())
        .args(["liste"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
