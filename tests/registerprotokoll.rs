//! The register log (issue 14): whole-file tampering a journal's own chain cannot show is
//! found by `pruefen`; `--stand HASH` proves the register still extends a state noted
//! earlier; a crash between a journal line and its log line is repaired, a copied journal
//! never blessed.

mod common;
use common::*;
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
        let r = Reg::neu();
        for (p, b) in vorlage.schnappschuss() {
            let z = r.pfad().join(&p);
            std::fs::create_dir_all(z.parent().unwrap()).unwrap();
            std::fs::write(&z, b).unwrap();
        }
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
