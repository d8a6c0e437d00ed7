//! The register log (issue 14): whole-file tampering a journal's own chain cannot show is
//! found by `pruefen`; `--stand HASH` proves the register still extends a state noted
//! earlier; a crash between a journal line and its log line is repaired, a copied journal
//! never blessed.

use crate::common::*;
use std::path::PathBuf;

fn journal(r: &Reg, id: &str) -> PathBuf {
    r.pfad().join("faelle").join(format!("{id}.jsonl"))
}

/// A register with three cases of a few lines each.
fn register() -> (Reg, Vec<String>) {
    let r = Reg::neu();
    let ids = vec![
        r.laufend("sh", "iv", 949_001),
        r.laufend("iv", "rav", 949_002),
        r.antrag("sh", "rav", 949_003, "2024-01-20"),
    ];
    r.lauf(&["pruefen"]).ok();
    (r, ids)
}

/// Runs `pruefen --format json`: its exit code and (case, line, check) of each finding.
fn befunde(r: &Reg, extra: &[&str]) -> (i32, Vec<(String, u64, String)>) {
    let mut args = vec!["pruefen", "--format", "json"];
    args.extend(extra);
    let l = r.lauf(&args);
    let v: serde_json::Value =
        serde_json::from_str(&l.stdout).unwrap_or_else(|_| panic!("{}", l.stdout));
    (
        l.code,
        v.as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["fall"].as_str().unwrap().to_string(),
                    b["zeile"].as_u64().unwrap(),
                    b["problem"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
    )
}

fn zeilen(r: &Reg, id: &str) -> Vec<String> {
    std::fs::read_to_string(journal(r, id))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn ganze_dateien_manipuliert_wird_gefunden() {
    type Manipulation = Box<dyn Fn(&Reg, &[String])>;
    let faelle: Vec<(&str, Manipulation, &str)> = vec![
        (
            "Journal gelöscht",
            Box::new(|r, ids| std::fs::remove_file(journal(r, &ids[1])).unwrap()),
            "Journal fehlt",
        ),
        (
            "Journal umbenannt",
            Box::new(|r, ids| {
                std::fs::rename(journal(r, &ids[1]), journal(r, "OPT-2024-009")).unwrap()
            }),
            "nicht im Registerprotokoll",
        ),
        (
            "zwei Journale vertauscht",
            Box::new(|r, ids| {
                let tmp = r.pfad().join("tmp");
                std::fs::rename(journal(r, &ids[0]), &tmp).unwrap();
                std::fs::rename(journal(r, &ids[1]), journal(r, &ids[0])).unwrap();
                std::fs::rename(&tmp, journal(r, &ids[1])).unwrap();
            }),
            "passt nicht zum Registerprotokoll",
        ),
        (
            "Journal kopiert",
            Box::new(|r, ids| {
                std::fs::copy(journal(r, &ids[0]), journal(r, "OPT-2024-010")).unwrap();
            }),
            "nicht im Registerprotokoll",
        ),
        (
            "letzte Zeile entfernt",
            Box::new(|r, ids| {
                let z = zeilen(r, &ids[0]);
                std::fs::write(journal(r, &ids[0]), z[..z.len() - 1].join("\n") + "\n").unwrap();
            }),
            "letzte(n) 1 Zeile(n) fehlen",
        ),
        (
            "letzte zwei Zeilen entfernt",
            Box::new(|r, ids| {
                let z = zeilen(r, &ids[0]);
                std::fs::write(journal(r, &ids[0]), z[..z.len() - 2].join("\n") + "\n").unwrap();
            }),
            "letzte(n) 2 Zeile(n) fehlen",
        ),
        (
            "Registerprotokoll gelöscht",
            Box::new(|r, _| std::fs::remove_file(r.pfad().join("register.jsonl")).unwrap()),
            "Registerprotokoll fehlt",
        ),
        (
            "Registerprotokoll: Eintrag verändert",
            Box::new(|r, _| {
                let p = r.pfad().join("register.jsonl");
                let t = std::fs::read_to_string(&p).unwrap();
                let mut z: Vec<String> = t.lines().map(String::from).collect();
                z[1] = feld_setzen(&z[1], "hash", &"0".repeat(64));
                std::fs::write(&p, z.join("\n") + "\n").unwrap();
            }),
            "Registerprotokoll",
        ),
        (
            "Registerprotokoll: letzter Eintrag entfernt",
            Box::new(|r, _| {
                let p = r.pfad().join("register.jsonl");
                let t = std::fs::read_to_string(&p).unwrap();
                let z: Vec<&str> = t.lines().collect();
                std::fs::write(&p, z[..z.len() - 1].join("\n") + "\n").unwrap();
            }),
            "nicht im Registerprotokoll",
        ),
    ];
    let mut gefunden = 0;
    for (name, manipulieren, erwartet) in &faelle {
        let (r, ids) = register();
        manipulieren(&r, &ids);
        let (code, b) = befunde(&r, &[]);
        assert_eq!(code, 5, "{name}: {b:?}");
        assert!(
            b.iter().any(|(_, _, p)| p.contains(erwartet)),
            "{name}: {b:?}"
        );
        // A repair never blesses what it did not write.
        let vorher = r.schnappschuss();
        r.lauf(&["pruefen", "--reparieren"]);
        if !name.contains("letzter Eintrag entfernt") {
            assert_eq!(
                befunde(&r, &[]).0,
                5,
                "{name}: still reported after --reparieren"
            );
            assert!(
                vorher
                    .iter()
                    .all(|(p, b)| !p.starts_with("faelle") || r.schnappschuss().get(p) == Some(b)),
                "{name}: --reparieren changed a journal"
            );
        }
        gefunden += 1;
    }
    eprintln!(
        "register log: {gefunden} of {} whole-file tamper kinds found",
        faelle.len()
    );
}

#[test]
fn registerstand_beweist_dass_nichts_umgeschrieben_wurde() {
    let (r, ids) = register();
    let stand = r.json(&["info"])["registerstand"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(stand.len(), 64);
    let t = r.lauf(&["pruefen"]).ok();
    assert!(
        t.stderr.contains(&format!("Registerstand: {stand}")),
        "{}",
        t.stderr
    );
    // Later writes extend it.
    r.lauf(&[
        "standort",
        &ids[0],
        "--naechstes-gespraech",
        "2024-04-01",
        "--datum",
        "2024-03-01",
    ])
    .ok();
    assert_eq!(befunde(&r, &["--stand", &stand]).0, 0);
    // A complete rewrite (journal chain and register log computed anew) passes every other
    // check but not the noted state.
    let mut z = zeilen(&r, &ids[0]);
    z[2] = feld_setzen(&z[2], "strategie", "umgeschrieben");
    let mut vorher: Option<String> = None;
    let mut neu = Vec::new();
    for zeile in &z {
        let mut v: serde_json::Value = serde_json::from_str(zeile).unwrap();
        v["vorher"] = vorher.clone().map_or(serde_json::Value::Null, Into::into);
        let s = serde_json::to_string(&v).unwrap();
        vorher = Some(iiz::speicher::journal::hash(s.as_bytes()));
        neu.push(s);
    }
    std::fs::write(journal(&r, &ids[0]), neu.join("\n") + "\n").unwrap();
    let mut eintraege = Vec::new();
    for e in std::fs::read_dir(r.pfad().join("faelle"))
        .unwrap()
        .flatten()
    {
        let id = e.path().file_stem().unwrap().to_string_lossy().to_string();
        for (i, l) in std::fs::read_to_string(e.path())
            .unwrap()
            .lines()
            .enumerate()
        {
            eintraege.push((id.clone(), i as u64 + 1, l.as_bytes().to_vec()));
        }
    }
    eintraege.sort();
    iiz::speicher::protokoll::neu_schreiben(r.pfad(), &eintraege).unwrap();
    assert_eq!(
        befunde(&r, &[]).0,
        0,
        "a full rewrite is invisible without a noted state"
    );
    let (code, b) = befunde(&r, &["--stand", &stand]);
    assert_eq!(code, 5);
    assert!(
        b.iter().any(|(_, _, p)| p.contains("umgeschrieben")),
        "{b:?}"
    );
}

#[test]
fn absturz_zwischen_journal_und_protokoll_wird_nachgetragen() {
    let (vorlage, ids) = register();
    // The kill point after the journal line, before its log line.
    let mut n = 1;
    loop {
        let r = vorlage.kopie();
        let out = r
            .cmd()
            .env("IIZ_TEST_ABSTURZ", n.to_string())
            .args([
                "standort",
                &ids[0],
                "--naechstes-gespraech",
                "2024-04-01",
                "--datum",
                "2024-03-01",
            ])
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "no kill point between journal and log found"
        );
        if zeilen(&r, &ids[0]).len() > zeilen(&vorlage, &ids[0]).len() {
            let (code, b) = befunde(&r, &[]);
            assert_eq!(code, 5);
            assert!(
                b.iter()
                    .any(|(_, _, p)| p.contains("nicht im Registerprotokoll (Absturz")),
                "{b:?}"
            );
            let rep = r.lauf(&["pruefen", "--reparieren"]).ok();
            assert!(
                rep.stderr.contains("Nachgetragen: 1 Zeile(n)"),
                "{}",
                rep.stderr
            );
            assert_eq!(befunde(&r, &[]).0, 0);
            // Later lines go on normally.
            r.lauf(&[
                "standort",
                &ids[0],
                "--naechstes-gespraech",
                "2024-05-01",
                "--datum",
                "2024-04-01",
            ])
            .ok();
            r.lauf(&["pruefen"]).ok();
            break;
        }
        n += 1;
        assert!(n < 100);
    }
}

/// The tamper catalogue (issue 14): every kind is applied to a fresh register and must be
/// found by `pruefen` (exit 5) – or, for a complete rewrite, by `pruefen --stand`.
#[test]
fn manipulationskatalog() {
    type Art = (&'static str, fn(&Reg, &[String]));
    fn zeilen_setzen(r: &Reg, id: &str, z: &[String]) {
        std::fs::write(journal(r, id), z.join("\n") + "\n").unwrap();
    }
    fn log(r: &Reg) -> Vec<String> {
        std::fs::read_to_string(r.pfad().join("register.jsonl"))
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }
    fn log_setzen(r: &Reg, z: &[String]) {
        std::fs::write(r.pfad().join("register.jsonl"), z.join("\n") + "\n").unwrap();
    }
    fn neu_verkettet(z: &[String]) -> Vec<String> {
        let mut vorher: Option<String> = None;
        z.iter()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["vorher"] = vorher.clone().map_or(serde_json::Value::Null, Into::into);
                let s = serde_json::to_string(&v).unwrap();
                vorher = Some(iiz::speicher::journal::hash(s.as_bytes()));
                s
            })
            .collect()
    }
    let arten: Vec<Art> = vec![
        ("Wert in mittlerer Zeile", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z[1] = z[1].replacen("2024-01-15", "2024-01-16", 1);
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Wert in letzter Zeile", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            let n = z.len() - 1;
            z[n] = z[n].replacen("2024-02-01", "2024-02-02", 1);
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Wert in erster Zeile", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z[0] = z[0].replacen("\"sh\"", "\"iv\"", 1);
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("mittlere Zeile gelöscht", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z.remove(1);
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("erste Zeile gelöscht", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z.remove(0);
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("zwei Zeilen vertauscht", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z.swap(1, 2);
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Zeile verdoppelt", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            let d = z[1].clone();
            z.insert(2, d);
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Zeile mit gültiger Kette angehängt", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            let mut v: serde_json::Value = serde_json::from_str(&z[z.len() - 1]).unwrap();
            v["nr"] = (z.len() as u64 + 1).into();
            v["vorher"] = iiz::speicher::journal::hash(z[z.len() - 1].as_bytes()).into();
            z.push(serde_json::to_string(&v).unwrap());
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Kette eines Journals neu berechnet", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z[1] = z[1].replacen("2024-01-15", "2024-01-14", 1);
            zeilen_setzen(r, &ids[0], &neu_verkettet(&z))
        }),
        ("Laufnummer geändert", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z[1] = z[1].replacen("\"nr\":2", "\"nr\":7", 1);
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Prüfsumme geändert", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z[1] = feld_setzen(&z[1], "vorher", &"a".repeat(64));
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Erfassungszeit geändert", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z[1] = feld_setzen(&z[1], "erfasst", "2020-01-01T00:00:00Z");
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Benutzer geändert", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z[1] = feld_setzen(&z[1], "benutzer", "jemand");
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("Ereignistyp geändert", |r, ids| {
            let mut z = zeilen(r, &ids[0]);
            z[1] = feld_setzen(&z[1], "typ", "ablehnung");
            zeilen_setzen(r, &ids[0], &z)
        }),
        ("letzte Zeile halb abgeschnitten", |r, ids| {
            let t = std::fs::read(journal(r, &ids[0])).unwrap();
            std::fs::write(journal(r, &ids[0]), &t[..t.len() - 30]).unwrap()
        }),
        ("Müll angehängt", |r, ids| {
            let mut t = std::fs::read(journal(r, &ids[0])).unwrap();
            t.extend_from_slice(b"{kaputt\n");
            std::fs::write(journal(r, &ids[0]), t).unwrap()
        }),
        ("Journal geleert", |r, ids| {
            std::fs::write(journal(r, &ids[0]), b"").unwrap()
        }),
        ("Inhalt eines anderen Falls", |r, ids| {
            std::fs::copy(journal(r, &ids[1]), journal(r, &ids[0])).unwrap();
        }),
        ("Journal gelöscht", |r, ids| {
            std::fs::remove_file(journal(r, &ids[1])).unwrap()
        }),
        ("Journal umbenannt", |r, ids| {
            std::fs::rename(journal(r, &ids[1]), journal(r, "OPT-2024-009")).unwrap()
        }),
        ("zwei Journale vertauscht", |r, ids| {
            let t = r.pfad().join("t");
            std::fs::rename(journal(r, &ids[0]), &t).unwrap();
            std::fs::rename(journal(r, &ids[1]), journal(r, &ids[0])).unwrap();
            std::fs::rename(&t, journal(r, &ids[1])).unwrap();
        }),
        ("Journal kopiert", |r, ids| {
            std::fs::copy(journal(r, &ids[0]), journal(r, "OPT-2024-010")).unwrap();
        }),
        ("letzte Zeile entfernt", |r, ids| {
            let z = zeilen(r, &ids[0]);
            zeilen_setzen(r, &ids[0], &z[..z.len() - 1])
        }),
        ("letzte zwei Zeilen entfernt", |r, ids| {
            let z = zeilen(r, &ids[0]);
            zeilen_setzen(r, &ids[0], &z[..z.len() - 2])
        }),
        ("Registerprotokoll gelöscht", |r, _| {
            std::fs::remove_file(r.pfad().join("register.jsonl")).unwrap()
        }),
        ("Protokolleintrag verändert", |r, _| {
            let mut z = log(r);
            z[1] = feld_setzen(&z[1], "hash", &"0".repeat(64));
            log_setzen(r, &z)
        }),
        ("Protokolleintrag gelöscht", |r, _| {
            let mut z = log(r);
            z.remove(1);
            log_setzen(r, &z)
        }),
        ("Protokolleinträge vertauscht", |r, _| {
            let mut z = log(r);
            z.swap(1, 2);
            log_setzen(r, &z)
        }),
        ("Protokolleintrag verdoppelt", |r, _| {
            let mut z = log(r);
            let d = z[1].clone();
            z.insert(2, d);
            log_setzen(r, &z)
        }),
        ("letzter Protokolleintrag entfernt", |r, _| {
            let z = log(r);
            log_setzen(r, &z[..z.len() - 1])
        }),
        ("Personendatensatz gelöscht", |r, _| {
            for e in std::fs::read_dir(r.pfad().join("personen"))
                .unwrap()
                .flatten()
            {
                if e.path().extension().is_some_and(|x| x == "jsonl")
                    && e.file_name() != "schwebend.jsonl"
                {
                    std::fs::write(e.path(), b"").unwrap();
                }
            }
        }),
        ("Personendatensatz ohne Fall eingefügt", |r, _| {
            let p = r.pfad().join("personen").join("ab.jsonl");
            let mut t = std::fs::read(&p).unwrap_or_default();
            t.extend_from_slice(b"{\"pseudonym\":\"P-ab000000000000000000000000000000\",\"name\":\"X\",\"vorname\":\"Y\",\"ahv\":\"756.0000.0000.02\",\"fall\":\"OPT-2024-099\"}\n");
            std::fs::write(&p, t).unwrap();
        }),
        ("Formatdatei gelöscht", |r, _| {
            std::fs::remove_file(r.pfad().join("iiz-format.json")).unwrap()
        }),
        ("Journal durch Verzeichnis ersetzt", |r, ids| {
            std::fs::remove_file(journal(r, &ids[1])).unwrap();
            std::fs::create_dir(journal(r, &ids[1])).unwrap();
        }),
        ("Journal durch Link nach draussen ersetzt", |r, ids| {
            std::fs::remove_file(journal(r, &ids[1])).unwrap();
            std::os::unix::fs::symlink("/etc/hostname", journal(r, &ids[1])).unwrap();
        }),
        ("Zeile mit fremder Fallnummer im Protokoll", |r, _| {
            let mut z = log(r);
            z[0] = z[0].replacen("OPT-2024-001", "OPT-2024-077", 1);
            log_setzen(r, &z)
        }),
    ];
    let mut gefunden = Vec::new();
    for (name, manipulieren) in &arten {
        let (r, ids) = register();
        manipulieren(&r, &ids);
        let l = r.lauf(&["pruefen"]);
        assert_ne!(l.code, 0, "{name}: not found: {}{}", l.stdout, l.stderr);
        gefunden.push(*name);
    }
    // The complete rewrite: chains and log computed anew, found by the noted state only.
    let (r, ids) = register();
    let stand = r.json(&["info"])["registerstand"]
        .as_str()
        .unwrap()
        .to_string();
    let mut z = zeilen(&r, &ids[0]);
    z[1] = z[1].replacen("2024-01-15", "2024-01-14", 1);
    zeilen_setzen(&r, &ids[0], &neu_verkettet(&z));
    let mut eintraege = Vec::new();
    for id in &ids {
        for (i, l) in zeilen(&r, id).iter().enumerate() {
            eintraege.push((id.clone(), i as u64 + 1, l.as_bytes().to_vec()));
        }
    }
    iiz::speicher::protokoll::neu_schreiben(r.pfad(), &eintraege).unwrap();
    assert_eq!(r.lauf(&["pruefen"]).code, 0);
    assert_eq!(r.lauf(&["pruefen", "--stand", &stand]).code, 5);
    eprintln!(
        "tamper catalogue: {} of {} kinds found by pruefen, plus the complete rewrite by --stand",
        gefunden.len(),
        arten.len()
    );
    assert!(arten.len() >= 36);
}

/// `iiz pruefen PRUEFUNG…` counts only the named checks' findings (and exits by them).
#[test]
fn pruefen_nur_die_genannten_pruefungen() {
    let r = Reg::neu();
    let a = r.laufend("sh", "iv", 950_001);
    let b = r.laufend("rav", "sh", 950_002);
    // Case a: a past line edited (the chain breaks). Case b: its last line removed (the
    // chain holds, the register log misses it).
    let pa = r.pfad().join(format!("faelle/{a}.jsonl"));
    let text = std::fs::read_to_string(&pa).unwrap();
    std::fs::write(
        &pa,
        text.replacen("\"datum\":\"2024-", "\"datum\":\"2023-", 1),
    )
    .unwrap();
    let pb = r.pfad().join(format!("faelle/{b}.jsonl"));
    let text = std::fs::read_to_string(&pb).unwrap();
    let mut zeilen: Vec<&str> = text.lines().collect();
    zeilen.pop();
    std::fs::write(&pb, zeilen.join("\n") + "\n").unwrap();
    let alle = r.lauf(&["pruefen", "--format", "json"]);
    assert_eq!(alle.code, 5);
    let namen = |l: &Lauf| -> Vec<(String, String)> {
        serde_json::from_str::<serde_json::Value>(&l.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["fall"].as_str().unwrap().to_string(),
                    b["pruefung"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let n = namen(&alle);
    assert!(n.contains(&(a.clone(), "kette".into())), "{n:?}");
    assert!(n.contains(&(b.clone(), "register".into())), "{n:?}");
    let kette = r.lauf(&["pruefen", "kette", "--format", "json"]);
    assert_eq!(kette.code, 5);
    assert!(namen(&kette).iter().all(|(f, p)| f == &a && p == "kette"));
    let register = r.lauf(&["pruefen", "register", "--format", "json"]);
    assert_eq!(register.code, 5);
    assert!(
        namen(&register)
            .iter()
            .all(|(f, p)| f == &b && p == "register")
    );
    let regeln = r.lauf(&["pruefen", "regeln", "personen", "--format", "json"]);
    assert_eq!(regeln.code, 0, "{}", regeln.stdout);
    assert_eq!(r.lauf(&["pruefen", "ketten"]).code, 2);
}
