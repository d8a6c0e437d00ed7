//! The office directory (spec §15, issue 24 item 1): `stelle neu|liste|zeige|aendern|
//! zusammenfuehren`, hints for unknown offices, `report/rt report --nach stelle`.

use crate::common::*;

fn verzeichnis(r: &Reg) {
    r.lauf(&[
        "stelle",
        "neu",
        "--typ",
        "sh",
        "--name",
        "Sozialdienst Emmen",
        "--region",
        "Luzern-Land",
        "--kontakt",
        "Petra Beispiel|Sozialarbeiterin|041 000 00 00|petra.beispiel@example.ch",
    ])
    .ok();
    r.lauf(&["stelle", "neu", "--typ", "rav", "--name", "RAV Luzern"])
        .ok();
    r.lauf(&["stelle", "neu", "--typ", "iv", "--name", "IV-Stelle Luzern"])
        .ok();
}

#[test]
fn verzeichnis_aufnehmen_zeigen_aendern() {
    let r = Reg::neu();
    verzeichnis(&r);
    let l = r.json(&["stelle", "liste"]);
    let namen: Vec<&str> = l
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        namen,
        ["Sozialdienst Emmen", "RAV Luzern", "IV-Stelle Luzern"]
    );
    assert_eq!(l[0]["institution"], "sh");
    assert_eq!(l[0]["kontakte"][0]["email"], "petra.beispiel@example.ch");
    let rav = r.json(&["stelle", "liste", "--typ", "rav"]);
    assert_eq!(rav.as_array().unwrap().len(), 1);
    // Any spelling finds the entry.
    let z = r
        .lauf(&["stelle", "zeige", "sozialdienst  EMMEN"])
        .ok()
        .stdout;
    assert!(z.contains("Petra Beispiel, Sozialarbeiterin"), "{z}");
    // A rename keeps the old name as a spelling (cases recorded it).
    let a = r
        .lauf(&[
            "stelle",
            "aendern",
            "RAV Luzern",
            "--name",
            "RAV Luzern-Stadt",
            "--kontakt",
            "Max Muster|Berater",
        ])
        .ok();
    assert!(
        a.stdout.contains("Stelle 'RAV Luzern-Stadt' geändert"),
        "{}",
        a.stdout
    );
    let s = r.json(&["stelle", "zeige", "RAV Luzern"]);
    assert_eq!(s["name"], "RAV Luzern-Stadt");
    assert_eq!(s["auch"][0], "RAV Luzern");
    assert_eq!(s["kontakte"][0]["funktion"], "Berater");
    let csv = r.lauf(&["stelle", "liste", "--format", "csv"]).ok().stdout;
    assert!(
        csv.starts_with("name,typ,region,kontakte,auch,seit\n"),
        "{csv}"
    );
    // The directory is a chained journal of its own.
    let zeilen = std::fs::read_to_string(r.pfad().join("stellen.jsonl")).unwrap();
    assert_eq!(zeilen.lines().count(), 4);
    assert!(zeilen.lines().nth(1).unwrap().contains("\"vorher\":\""));
    assert_eq!(r.lauf(&["pruefen"]).code, 0);
}

#[test]
fn falsche_angaben_schreiben_nichts() {
    let r = Reg::neu();
    verzeichnis(&r);
    let vorher = r.schnappschuss();
    for (args, code, text) in [
        (
            vec![
                "stelle",
                "neu",
                "--typ",
                "sh",
                "--name",
                "SOZIALDIENST EMMEN",
            ],
            3,
            "schon im Verzeichnis",
        ),
        (
            vec![
                "stelle",
                "neu",
                "--typ",
                "sh",
                "--name",
                "Sozial\u{1b}[31mdienst",
            ],
            3,
            "Steuer",
        ),
        (vec!["stelle", "neu", "--typ", "xy", "--name", "A"], 2, ""),
        (
            vec![
                "stelle",
                "neu",
                "--typ",
                "sh",
                "--name",
                "A",
                "--kontakt",
                "|Leiterin",
            ],
            2,
            "braucht einen Namen",
        ),
        (
            vec![
                "stelle",
                "neu",
                "--typ",
                "sh",
                "--name",
                "A",
                "--kontakt",
                "A|B|C|keine-mail",
            ],
            2,
            "keine E-Mail-Adresse",
        ),
        (
            vec!["stelle", "aendern", "RAV Luzern"],
            3,
            "Nichts zu ändern",
        ),
        (
            vec!["stelle", "aendern", "SD Emen", "--region", "X"],
            3,
            "gemeint ist wohl 'Sozialdienst Emmen'",
        ),
        (
            vec![
                "stelle",
                "aendern",
                "RAV Luzern",
                "--name",
                "IV-Stelle Luzern",
            ],
            3,
            "schon im Verzeichnis",
        ),
        (
            vec![
                "stelle",
                "zusammenfuehren",
                "SD Emmen",
                "Sozialdienst Kriens",
            ],
            3,
            "nicht im Verzeichnis",
        ),
        (
            vec![
                "stelle",
                "zusammenfuehren",
                "sozialdienst emmen",
                "Sozialdienst Emmen",
            ],
            3,
            "schon",
        ),
        (
            vec!["stelle", "zeige", "Frauenhaus"],
            4,
            "gibt es im Verzeichnis nicht",
        ),
    ] {
        let l = r.lauf(&args);
        assert_eq!(l.code, code, "{args:?}: {}", l.stderr);
        assert!(l.stderr.contains(text), "{args:?}: {}", l.stderr);
        assert!(!l.stderr.contains('\u{1b}'), "{args:?}: escape echoed");
        assert_eq!(r.schnappschuss(), vorher, "{args:?} wrote something");
    }
}

#[test]
fn erster_antrag_ohne_datenverzeichnis_ohne_warnung() {
    let r = Reg::neu();
    let neu = r.pfad().join("neu");
    let mut args = antrag_args(&[("--von-stelle", "SD Emmen")]);
    args.insert(0, "--data-dir".into());
    args.insert(1, neu.display().to_string());
    let l = r.lauf_v(&args);
    assert_eq!(l.code, 0, "{}", l.stderr);
    assert!(!l.stderr.contains("Warnung"), "{}", l.stderr);
    let d = neu.display().to_string();
    let liste = r
        .lauf(&["--data-dir", &d, "stelle", "liste", "--format", "json"])
        .ok();
    assert_eq!(liste.stdout.trim(), "[]");
}

#[test]
fn unbekannte_stelle_wird_erfasst_mit_hinweis() {
    let r = Reg::neu();
    // Without a directory no hint: the office has not started one.
    let ohne = r.lauf_v(&antrag_args(&[("--von-stelle", "SD Emmen")])).ok();
    assert!(
        !ohne.stderr.contains("Stellenverzeichnis"),
        "{}",
        ohne.stderr
    );
    verzeichnis(&r);
    let l = r
        .lauf_v(&antrag_args(&[
            ("--von-stelle", "SD Emmen"),
            ("--an-stelle", "RAV Luzern"),
            ("--ahv", &ahv(2)),
        ]))
        .ok();
    assert!(
        l.stderr.contains(
            "Hinweis: Stelle 'SD Emmen' ist nicht im Stellenverzeichnis – gemeint ist wohl 'Sozialdienst Emmen'?"
        ),
        "{}",
        l.stderr
    );
    // The known office draws no hint; the case is recorded as typed.
    assert_eq!(
        l.stderr.matches("Hinweis: Stelle").count(),
        1,
        "{}",
        l.stderr
    );
    let z = r.json(&["zeige", &l.fall()]);
    assert!(z.to_string().contains("SD Emmen"), "{z}");
    // JSON carries it for scripts.
    let j = r.lauf_v(&{
        let mut v = antrag_args(&[("--von-stelle", "Sozialdienst Emen"), ("--ahv", &ahv(3))]);
        v.extend(["--format".into(), "json".into()]);
        v
    });
    let j: serde_json::Value = serde_json::from_str(&j.ok().stdout).unwrap();
    assert!(
        j["hinweise"][0]
            .as_str()
            .unwrap()
            .contains("Sozialdienst Emmen"),
        "{j}"
    );
    // Roundtable: the registering office.
    let rt = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "andere",
            "--anmeldende-stelle-text",
            "Case Management KTG",
            "--name",
            "Beispiel",
            "--vorname",
            "Rita",
            "--ahv",
            &ahv(4),
            "--beteiligte",
            "iv,rav",
            "--anliegen",
            "Rückkehr an den Arbeitsplatz",
            "--einverstaendnis",
            "--datum",
            "2024-02-01",
        ])
        .ok();
    assert!(
        rt.stderr
            .contains("Stelle 'Case Management KTG' ist nicht im Stellenverzeichnis"),
        "{}",
        rt.stderr
    );
}

#[test]
fn report_nach_stelle_zaehlt_je_stelle_des_verzeichnisses() {
    let r = Reg::neu();
    verzeichnis(&r);
    let mut serie = 10;
    for (von, n) in [
        ("SD Emmen", 1),
        ("Sozialdienst Emmen", 2),
        ("SoBZ Hochdorf", 1),
    ] {
        for _ in 0..n {
            serie += 1;
            r.lauf_v(&antrag_args(&[
                ("--von-stelle", von),
                ("--an-stelle", "RAV Luzern"),
                ("--ahv", &ahv(serie)),
            ]))
            .ok();
        }
    }
    r.lauf_v(&antrag_args(&[("--ahv", &ahv(99))])).ok();
    let zaehlen = |r: &Reg, nach: &str| -> std::collections::BTreeMap<String, u64> {
        let j = r.json(&["report", "--nach", nach]);
        j["gruppen"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(g, k)| (g.clone(), k["auftraege"]["anmeldungen"].as_u64().unwrap()))
            .collect()
    };
    let vorher = zaehlen(&r, "stelle");
    // Offices are institutions: counts of one are shown exactly, never "< 3".
    assert_eq!(vorher["SD Emmen"], 1, "{vorher:?}");
    assert_eq!(vorher["Sozialdienst Emmen"], 2);
    assert_eq!(vorher["SoBZ Hochdorf"], 1);
    assert_eq!(vorher["Sozialhilfe (ohne Name)"], 1);
    let journale = r.journale();
    r.lauf(&[
        "stelle",
        "zusammenfuehren",
        "SD Emmen",
        "Sozialdienst Emmen",
    ])
    .ok();
    let nachher = zaehlen(&r, "stelle");
    assert_eq!(nachher["Sozialdienst Emmen"], 3, "{nachher:?}");
    assert!(!nachher.contains_key("SD Emmen"));
    // The journals are untouched: the mapping lives in the directory.
    assert_eq!(r.journale(), journale);
    let an = zaehlen(&r, "auftragnehmer");
    assert_eq!(an["RAV Luzern"], 4, "{an:?}");
    // The table names the group; CSV carries it.
    let t = r.lauf(&["report", "--nach", "stelle"]).ok().stdout;
    assert!(t.contains("══ stelle = Sozialdienst Emmen ══"), "{t}");
    // Roundtable by registering office; a Roundtable has no receiving office.
    let rt = r.lauf(&["rt", "report", "--nach", "auftragnehmer"]);
    assert_eq!(rt.code, 2, "{}", rt.stderr);
    assert!(
        rt.stderr.contains("rt report --nach stelle"),
        "{}",
        rt.stderr
    );
    assert_eq!(r.lauf(&["rt", "report", "--nach", "stelle"]).code, 0);
}

#[test]
fn beschaedigtes_oder_feindliches_verzeichnis() {
    let r = Reg::neu();
    verzeichnis(&r);
    let pfad = r.pfad().join("stellen.jsonl");
    let gut = std::fs::read_to_string(&pfad).unwrap();
    // An edited past line breaks the chain: pruefen finds it, writes refuse (exit 5),
    // reports warn and count the offices as recorded.
    std::fs::write(&pfad, gut.replacen("RAV Luzern", "RAV Kriens", 1)).unwrap();
    let p = r.lauf(&["pruefen"]);
    assert_eq!(p.code, 5, "{}", p.stderr);
    assert!(p.stdout.contains("Stellenverzeichnis") || p.stderr.contains("Stellenverzeichnis"));
    let vorher = r.schnappschuss();
    let l = r.lauf(&["stelle", "neu", "--typ", "sh", "--name", "SoBZ Hochdorf"]);
    assert_eq!(l.code, 5, "{}", l.stderr);
    assert_eq!(r.schnappschuss(), vorher);
    let rep = r.lauf(&["report", "--nach", "stelle"]);
    assert_eq!(rep.code, 0);
    assert!(
        rep.stderr.contains("Warnung: Das Stellenverzeichnis"),
        "{}",
        rep.stderr
    );
    // A killed write leaves half a line: never acknowledged, cut off by the next write.
    std::fs::write(&pfad, format!("{gut}{{\"nr\":4,\"da")).unwrap();
    assert_eq!(r.json(&["stelle", "liste"]).as_array().unwrap().len(), 3);
    r.lauf(&["stelle", "neu", "--typ", "sh", "--name", "SoBZ Hochdorf"])
        .ok();
    assert_eq!(r.lauf(&["pruefen"]).code, 0);
    // A FIFO or a link in its place is refused, never waited on or followed.
    #[cfg(unix)]
    {
        std::fs::remove_file(&pfad).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(&pfad)
            .status()
            .unwrap();
        assert!(fifo.success());
        let l = r.lauf(&["stelle", "liste"]);
        assert_eq!(l.code, 5, "{}", l.stderr);
        assert!(l.stderr.contains("keine gewöhnliche Datei"), "{}", l.stderr);
        std::fs::remove_file(&pfad).unwrap();
        let draussen = r
            .pfad()
            .parent()
            .unwrap()
            .join(format!("draussen-{}", std::process::id()));
        std::fs::write(&draussen, gut.as_bytes()).unwrap();
        std::os::unix::fs::symlink(&draussen, &pfad).unwrap();
        let l = r.lauf(&["stelle", "neu", "--typ", "sh", "--name", "SoBZ Willisau"]);
        assert_eq!(l.code, 5, "{}", l.stderr);
        assert_eq!(std::fs::read_to_string(&draussen).unwrap(), gut);
        let _ = std::fs::remove_file(&draussen);
    }
}
