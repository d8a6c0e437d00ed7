//! Full lifecycles for each of the six (von, an) pairs, through the binary.

use crate::common::*;

const PAARE: [(&str, &str, &str); 6] = [
    ("iv", "rav", "A"),
    ("rav", "iv", "F"),
    ("iv", "sh", "C"),
    ("sh", "iv", "E"),
    ("rav", "sh", "G"),
    ("sh", "rav", "H"),
];

#[test]
fn jedes_paar_vom_antrag_bis_zum_abschluss() {
    let r = Reg::neu();
    for (i, (von, an, ziel)) in PAARE.iter().enumerate() {
        let id = r.antrag(von, an, 100 + i as u64, "2024-01-10");
        assert_eq!(id, format!("OPT-2024-{:03}", i + 1));
        let z = r.json(&["zeige", &id]);
        assert_eq!(z["status"], "beantragt");
        assert_eq!(z["zielgruppe"], *ziel, "{von}->{an}");
        let l = r.lauf(&["annehmen", &id, "--datum", "2024-01-15"]).ok();
        assert!(
            l.stdout.starts_with(&format!("Fall {id} angenommen")),
            "{}",
            l.stdout
        );
        let mut u = vec![
            "uebergabe",
            id.as_str(),
            "--naechstes-gespraech",
            "2024-03-01",
            "--strategie",
            "Coaching",
            "--zustimmung",
            "--datum",
            "2024-02-01",
            "--teilnehmer",
            "A. Fallführerin",
            "--teilnehmer",
            "B. Berater",
        ];
        if *an == "rav" || *an == "iv" {
            u.push("--arbeitsfaehig-erklaert");
        }
        if *von == "rav" && *an == "sh" {
            u.extend(["--befreiung-bis", "2024-07-31"]);
        }
        assert!(r.lauf(&u).ok().stdout.contains("Übergabegespräch zu Fall"));
        r.lauf(&[
            "standort",
            &id,
            "--naechstes-gespraech",
            "2024-05-01",
            "--stand",
            "gut unterwegs",
            "--datum",
            "2024-03-01",
        ])
        .ok();
        let nr = r
            .lauf(&[
                "kostengutsprache",
                &id,
                "beantragen",
                "--massnahme",
                "Kurs",
                "--anbieter",
                "Anbieter AG",
                "--betrag",
                "1'500",
                "--datum",
                "2024-03-02",
            ])
            .ok();
        assert_eq!(nr.nr(), "1");
        r.lauf(&[
            "kostengutsprache",
            &id,
            "bewilligen",
            "1",
            "--unterzeichnet",
            "M. Meier",
            "--datum",
            "2024-03-05",
        ])
        .ok();
        r.lauf(&[
            "kostengutsprache",
            &id,
            "abrechnen",
            "1",
            "--betrag",
            "1450.50",
            "--datum",
            "2024-04-20",
        ])
        .ok();
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
        let z = r.json(&["zeige", &id]);
        assert_eq!(z["status"], "abgeschlossen");
        assert_eq!(z["kostengutsprachen"][0]["status"], "abgerechnet");
        assert_eq!(z["kostengutsprachen"][0]["abgerechnet"], 145_050);
        assert_eq!(z["verlauf"].as_array().unwrap().len(), 8);
        assert_eq!(z["person"]["ahv"], ahv(100 + i as u64));
    }
    let l = r.json(&["liste", "--status", "abgeschlossen"]);
    assert_eq!(l.as_array().unwrap().len(), 6);
    let k = r.json(&["report"]);
    assert_eq!(k["wirkungen"]["abgeschlossen"]["total"], 6);
    assert_eq!(k["kostengutsprachen"]["bewilligt"]["total"], 6);
    // The register checks clean afterwards.
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn ablehnung_und_json_ausgabe_von_antrag() {
    let r = Reg::neu();
    let a = ahv(7);
    let out = r.json(&[
        "antrag",
        "--von",
        "sh",
        "--an",
        "iv",
        "--name",
        "Beispiel",
        "--vorname",
        "Max",
        "--ahv",
        &a,
        "--arbeitsangebot",
        "intakt",
        "--iv-ablehnung",
        "2023-10-01",
        "--unterstuetzungsbedarf",
        "--einverstaendnis",
        "--ziel",
        "Eingliederung",
        "--datum",
        "2024-02-01",
    ]);
    assert_eq!(out["fall"], "OPT-2024-001");
    assert_eq!(out["zielgruppe"], "E");
    assert_eq!(out["warnungen"].as_array().unwrap().len(), 1);
    let l = r
        .lauf(&[
            "annehmen",
            "OPT-2024-001",
            "--ablehnen",
            "iv-ablehnung",
            "--datum",
            "2024-02-05",
        ])
        .ok();
    assert!(l.stdout.contains("abgelehnt"), "{}", l.stdout);
    // Rejected: the person may apply again.
    let l = r
        .lauf(&[
            "antrag",
            "--von",
            "sh",
            "--an",
            "iv",
            "--name",
            "Beispiel",
            "--vorname",
            "Max",
            "--ahv",
            &a,
            "--arbeitsangebot",
            "intakt",
            "--einverstaendnis",
            "--ziel",
            "Eingliederung",
            "--datum",
            "2024-02-06",
        ])
        .ok();
    assert_eq!(l.fall(), "OPT-2024-002");
}

#[test]
fn warnungen_bei_antrag_und_annahme_mit_abweichung() {
    let r = Reg::neu();
    let a = ahv(8);
    let l = r
        .lauf(&[
            "antrag",
            "--von",
            "sh",
            "--an",
            "rav",
            "--name",
            "Beispiel",
            "--vorname",
            "Max",
            "--ahv",
            &a,
            "--arbeitsangebot",
            "intakt",
            "--arbeitsausfall",
            "90",
            "--iv-offen",
            "--einverstaendnis",
            "--ziel",
            "Stelle",
            "--datum",
            "2024-02-01",
        ])
        .ok();
    assert!(
        l.stderr.contains(
            "Warnung: Aufnahmekriterium verletzt: anrechenbarer Arbeitsausfall über 80 %"
        ),
        "{}",
        l.stderr
    );
    assert!(l.stderr.contains("IV-Abklärung"), "{}", l.stderr);
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(
        z["antrag"]["kriterien"],
        serde_json::json!(["arbeitsausfall-ueber80", "iv-offen"])
    );
    r.lauf(&[
        "annehmen",
        "OPT-2024-001",
        "--abweichung",
        "Rente rechtskräftig, nur Formalität offen",
        "--datum",
        "2024-02-03",
    ])
    .ok();
    let k = r.json(&["report"]);
    assert_eq!(k["abweichungen"]["annahme"], 1);
}

#[test]
fn fallnummern_laufen_pro_jahr() {
    let r = Reg::neu();
    assert_eq!(r.antrag("sh", "rav", 1, "2023-12-30"), "OPT-2023-001");
    assert_eq!(r.antrag("sh", "rav", 2, "2024-01-02"), "OPT-2024-001");
    assert_eq!(r.antrag("sh", "rav", 3, "2023-12-31"), "OPT-2023-002");
    assert_eq!(r.antrag("sh", "rav", 4, "2024-01-03"), "OPT-2024-002");
}

#[test]
fn dateirechte_privat() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let r = Reg::neu();
        let sub = r.pfad().join("neu");
        // Whatever the umask: one that would take owner bits away (first, so that it creates
        // the lock file, which came out 0400 before), then the usual one.
        for (i, umask) in ["0277", "022"].iter().enumerate() {
            let serie = ahv(5 + i as u64);
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
                .arg(assert_cmd::cargo::cargo_bin("iiz"))
                .args([
                    "antrag",
                    "--von",
                    "sh",
                    "--an",
                    "rav",
                    "--name",
                    "B",
                    "--vorname",
                    "E",
                ])
                .args([
                    "--ahv",
                    &serie,
                    "--arbeitsangebot",
                    "intakt",
                    "--einverstaendnis",
                ])
                .args(["--ziel", "x", "--datum", "2024-01-01"])
                .env("IIZ_DATA_DIR", &sub)
                .env("IIZ_BENUTZER", "t")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let mut pruefe = vec![sub.clone()];
        while let Some(p) = pruefe.pop() {
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            if p.is_dir() {
                assert_eq!(mode, 0o700, "{}", p.display());
                pruefe.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            } else {
                assert_eq!(mode, 0o600, "{}", p.display());
            }
        }
    }
}

#[test]
fn leeres_verzeichnis_mit_0777_wird_privat_uebernommen() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let r = Reg::neu();
        std::fs::set_permissions(r.pfad(), std::fs::Permissions::from_mode(0o777)).unwrap();
        r.antrag("sh", "rav", 1, "2024-01-10");
        let mode = std::fs::metadata(r.pfad()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        // A refused first command takes nothing over: a foreign directory keeps its mode.
        let fremd = tempfile::tempdir().unwrap();
        std::fs::write(fremd.path().join("notizen.txt"), "x").unwrap();
        std::fs::set_permissions(fremd.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let l = r
            .cmd()
            .env("IIZ_DATA_DIR", fremd.path())
            .args(antrag_args(&[]))
            .output()
            .unwrap();
        assert!(!l.status.success());
        let mode = std::fs::metadata(fremd.path())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o755);
    }
}

/// AHV numbers with spaces or hyphens and case ids in any case, without leading zeros, are
/// understood (spec §13); the number is stored in its one form.
#[test]
fn ahv_mit_leerzeichen_und_fallnummer_klein_und_ohne_nullen() {
    let r = Reg::neu();
    let mit_leerzeichen = ahv(940_001).replace('.', " ");
    let args = antrag_args(&[("--ahv", &mit_leerzeichen)]);
    let id = r.lauf_v(&args).ok().fall();
    assert_eq!(id, "OPT-2024-001");
    let gesucht = r.json(&["suche", &ahv(940_001).replace('.', "-")]);
    assert_eq!(gesucht.as_array().unwrap().len(), 1, "{gesucht}");
    // The register holds the number in its one form only.
    let alles: String = r
        .schnappschuss()
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(alles.contains(&ahv(940_001)) && !alles.contains(&mit_leerzeichen));
    for geschrieben in ["opt-2024-1", "OPT-2024-0001", "Opt-2024-001"] {
        let z = r.json(&["zeige", geschrieben]);
        assert_eq!(z["fall"], "OPT-2024-001", "{geschrieben}");
    }
    r.lauf(&[
        "annehmen",
        "opt-2024-1",
        "--berater",
        "S. Keller",
        "--datum",
        "2024-01-20",
    ])
    .ok();
    assert_eq!(r.json(&["zeige", "OPT-2024-001"])["status"], "angenommen");
    // Not a case id at all: refused as before (exit 4), nothing written.
    let vorher = r.schnappschuss();
    assert_eq!(r.lauf(&["zeige", "opt-x"]).code, 4);
    assert_eq!(r.lauf(&["annehmen", "2024-1", "--berater", "X"]).code, 4);
    assert!(vorher == r.schnappschuss());
}

/// Every recording command says in one German line what it recorded, for which case and
/// what is next (spec §13); `--format json` carries the same facts and the line.
#[test]
fn jeder_erfassende_befehl_sagt_eine_zeile() {
    let r = Reg::neu();
    let id = r.antrag("sh", "rav", 31, "2024-01-10");
    let schritte: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["annehmen", &id, "--datum", "2024-01-12"],
            "angenommen – weiter",
        ),
        (
            vec![
                "uebergabe",
                &id,
                "--naechstes-gespraech",
                "2024-03-01",
                "--strategie",
                "Coaching",
                "--zustimmung",
                "--arbeitsfaehig-erklaert",
                "--datum",
                "2024-01-20",
            ],
            "nächstes Standortgespräch am 01.03.2024",
        ),
        (
            vec![
                "standort",
                &id,
                "--naechstes-gespraech",
                "2024-04-01",
                "--datum",
                "2024-03-01",
            ],
            "Standortgespräch zu Fall",
        ),
        (
            vec![
                "kostengutsprache",
                &id,
                "beantragen",
                "--massnahme",
                "Kurs",
                "--anbieter",
                "A",
                "--betrag",
                "800",
                "--datum",
                "2024-03-02",
            ],
            "Kostengutsprache Nr. 1 zu Fall",
        ),
        (
            vec![
                "kostengutsprache",
                &id,
                "bewilligen",
                "1",
                "--unterzeichnet",
                "M. Meier",
                "--datum",
                "2024-03-03",
            ],
            "Nr. 1 zu Fall",
        ),
        (
            vec![
                "kostengutsprache",
                &id,
                "abrechnen",
                "1",
                "--betrag",
                "800",
                "--datum",
                "2024-03-20",
            ],
            "abgerechnet",
        ),
        (
            vec![
                "abschluss",
                &id,
                "--grund",
                "erfolgreich",
                "--anlass",
                "ziel-erreicht",
                "--datum",
                "2024-04-01",
            ],
            "abgeschlossen",
        ),
        (
            vec![
                "abschluss",
                &id,
                "--grund",
                "teilweise",
                "--ersetzt",
                "8",
                "--begruendung",
                "befristet",
            ],
            "(Korrektur: ersetzt Ereignis Nr. 8)",
        ),
        (
            vec!["anonymisieren", &id, "--datum", "2024-04-02"],
            "gelöscht",
        ),
    ];
    for (args, erwartet) in &schritte {
        let l = r.lauf(args).ok();
        assert_eq!(l.stdout.lines().count(), 1, "{args:?}: {}", l.stdout);
        assert!(l.stdout.contains(&id), "{args:?}: {}", l.stdout);
        assert!(l.stdout.contains(erwartet), "{args:?}: {}", l.stdout);
    }
    let rt = r.rt_anmeldung(32, "2024-03-01");
    let l = r
        .lauf(&[
            "rt",
            "begleitung",
            &rt,
            "--notiz",
            "Telefon",
            "--datum",
            "2024-03-02",
            "--format",
            "json",
        ])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&l.stdout).unwrap();
    assert_eq!(v["fall"], rt.as_str());
    assert!(
        v["meldung"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Begleitung zu Roundtable {rt}")),
        "{v}"
    );
}
