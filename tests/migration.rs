//! Format 1 → 2 (issue 15): a register written before free text was encrypted is read as it
//! is, and migrated with a backup at the first write: afterwards no free text stands in a
//! journal in the clear, every chain verifies, reports are byte-identical, the text of an
//! already erased case is unreadable, and a kill at any point of the migration is finished
//! by the next run.

use crate::common::*;
use iiz::speicher::freitext::{PRAEFIX, Schluessel};
use iiz::speicher::journal::hash;
use std::path::Path;

/// Turns a register of this version into what format 1 wrote: free text in the clear (a
/// text whose key is gone becomes `ersatz`), no keys in the person records, version 1.
fn auf_format_1(r: &Reg, ersatz: &str) {
    let personen = r.pfad().join("personen");
    let mut schluessel: Vec<(String, Schluessel)> = Vec::new();
    for e in std::fs::read_dir(&personen).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "jsonl") || p.file_name().unwrap() == "schwebend.jsonl"
        {
            continue;
        }
        let mut neu = String::new();
        for z in std::fs::read_to_string(&p)
            .unwrap()
            .lines()
            .filter(|z| !z.trim().is_empty())
        {
            let mut v: serde_json::Value = serde_json::from_str(z).unwrap();
            let k = Schluessel::aus_text(v["schluessel"].as_str().unwrap()).unwrap();
            schluessel.push((v["fall"].as_str().unwrap().to_string(), k));
            v.as_object_mut().unwrap().remove("schluessel");
            neu.push_str(&format!("{v}\n"));
        }
        std::fs::write(&p, neu).unwrap();
    }
    for e in std::fs::read_dir(r.pfad().join("faelle")).unwrap() {
        let p = e.unwrap().path();
        let id = p.file_stem().unwrap().to_string_lossy().to_string();
        let k = schluessel
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, k)| k.clone());
        let mut neu = String::new();
        let mut vorher: Option<String> = None;
        for z in std::fs::read_to_string(&p).unwrap().lines() {
            let mut text = z.to_string();
            while let Some(i) = text.find(PRAEFIX) {
                let ende = i + text[i..].find('"').unwrap();
                let klar = k
                    .as_ref()
                    .and_then(|k| k.entschluesseln(&id, &text[i..ende]))
                    .unwrap_or_else(|| ersatz.to_string());
                text.replace_range(i..ende, &klar);
            }
            let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
            v["vorher"] = vorher.clone().map_or(serde_json::Value::Null, Into::into);
            let zeile = serde_json::to_string(&v).unwrap();
            vorher = Some(hash(zeile.as_bytes()));
            neu.push_str(&zeile);
            neu.push('\n');
        }
        std::fs::write(&p, neu).unwrap();
    }
    std::fs::write(
        r.pfad().join("iiz-format.json"),
        "{\"format\": \"iiz-register\", \"version\": 1}\n",
    )
    .unwrap();
}

fn text_in(dir: &Path) -> String {
    let mut s = String::new();
    let Ok(it) = std::fs::read_dir(dir) else {
        return s;
    };
    for e in it.flatten() {
        let p = e.path();
        if p.is_dir() {
            s.push_str(&text_in(&p));
        } else {
            s.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
        }
    }
    s
}

/// A register with free text in an open case, a Roundtable and an erased case.
fn register_mit_freitext() -> (Reg, String, String, String) {
    let r = Reg::neu();
    let offen = r.laufend("sh", "iv", 939_001);
    r.lauf(&[
        "standort",
        &offen,
        "--naechstes-gespraech",
        "2024-04-01",
        "--stand",
        "Wohnung gefunden",
        "--datum",
        "2024-03-01",
    ])
    .ok();
    let rt = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "sh",
            "--name",
            "Rohrer",
            "--vorname",
            "Rita",
            "--ahv",
            &ahv(939_002),
            "--beteiligte",
            "iv,rav",
            "--anliegen",
            "Schulden und Sucht",
            "--einverstaendnis",
            "--datum",
            "2024-02-01",
        ])
        .ok()
        .fall();
    let weg = r.laufend("rav", "iv", 939_003);
    r.lauf(&[
        "abschluss",
        &weg,
        "--grund",
        "erfolgreich",
        "--anlass",
        "ziel-erreicht",
        "--bemerkung",
        "wird gelöscht",
        "--datum",
        "2024-05-01",
    ])
    .ok();
    r.lauf(&["anonymisieren", &weg, "--datum", "2024-06-01"])
        .ok();
    auf_format_1(&r, "Alte Notiz zur Person");
    (r, offen, rt, weg)
}

fn berichte(r: &Reg) -> Vec<String> {
    [
        vec!["report", "--format", "json"],
        vec!["rt", "report", "--format", "json"],
        vec!["liste", "--format", "json"],
    ]
    .iter()
    .map(|a| r.lauf(a).ok().stdout)
    .collect()
}

#[test]
fn format_1_wird_gelesen_und_beim_ersten_schreiben_migriert() {
    let (r, offen, rt, weg) = register_mit_freitext();
    let faelle = r.pfad().join("faelle");
    assert!(
        text_in(&faelle).contains("Wohnung gefunden"),
        "format 1 has text in the clear"
    );
    assert!(text_in(&faelle).contains("Alte Notiz zur Person"));
    // Read as it is: no migration by a reader.
    r.lauf(&["pruefen"]).ok();
    assert!(
        r.lauf(&["zeige", &offen])
            .ok()
            .stdout
            .contains("Wohnung gefunden")
    );
    assert_eq!(
        r.json(&["info"])["format_version"].as_u64(),
        Some(1),
        "the version on disk"
    );
    assert!(
        std::fs::read_to_string(r.pfad().join("iiz-format.json"))
            .unwrap()
            .contains("\"version\": 1")
    );
    let vorher = berichte(&r);
    // The first write migrates.
    let l = r
        .lauf(&[
            "standort",
            &offen,
            "--naechstes-gespraech",
            "2024-05-01",
            "--stand",
            "Arbeit begonnen",
            "--datum",
            "2024-04-01",
        ])
        .ok();
    assert!(
        l.stderr.contains("Format 2") && l.stderr.contains("sicherung"),
        "{}",
        l.stderr
    );
    assert!(
        std::fs::read_to_string(r.pfad().join("iiz-format.json"))
            .unwrap()
            .contains("\"version\": 2")
    );
    assert_eq!(r.json(&["info"])["format_version"].as_u64(), Some(2));
    let jetzt = text_in(&faelle);
    for t in [
        "Wohnung gefunden",
        "Arbeit begonnen",
        "Schulden und Sucht",
        "Alte Notiz zur Person",
        "Coaching",
    ] {
        assert!(!jetzt.contains(t), "{t} still in the clear");
    }
    // The backup holds the old state.
    let sicherung: Vec<_> = std::fs::read_dir(r.pfad().join("sicherung"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(sicherung.len(), 1);
    assert!(
        sicherung[0]
            .file_name()
            .to_string_lossy()
            .starts_with("format-1-")
    );
    assert!(text_in(&sicherung[0].path()).contains("Wohnung gefunden"));
    // Readable where the person is, erased where it is not; chains verify; reports equal.
    r.lauf(&["pruefen"]).ok();
    let z = r.lauf(&["zeige", &offen]).ok().stdout;
    assert!(
        z.contains("Wohnung gefunden") && z.contains("Arbeit begonnen"),
        "{z}"
    );
    assert!(
        r.lauf(&["zeige", &rt])
            .ok()
            .stdout
            .contains("Schulden und Sucht")
    );
    let zw = r.json(&["zeige", &weg]).to_string();
    assert!(
        zw.contains("(gelöscht)") && !zw.contains("Alte Notiz"),
        "{zw}"
    );
    let nachher = berichte(&r);
    // The standort added since changes `liste` (next meeting), not the reports.
    assert_eq!(vorher[0], nachher[0]);
    assert_eq!(vorher[1], nachher[1]);
    // Once only.
    let l = r
        .lauf(&[
            "standort",
            &offen,
            "--naechstes-gespraech",
            "2024-06-01",
            "--datum",
            "2024-05-01",
        ])
        .ok();
    assert!(!l.stderr.contains("Format 2"), "{}", l.stderr);
}

#[test]
fn verletzte_kette_bleibt_unveraendert() {
    let (r, offen, _, _) = register_mit_freitext();
    let pfad = r.pfad().join("faelle").join(format!("{offen}.jsonl"));
    let mut zeilen: Vec<String> = std::fs::read_to_string(&pfad)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    zeilen[2] = feld_setzen(&zeilen[2], "strategie", "von Hand");
    let text = zeilen.join("\n") + "\n";
    std::fs::write(&pfad, &text).unwrap();
    let l = r.lauf_v(&antrag_args(&[("--ahv", &ahv(939_009))]));
    assert_eq!(l.code, 0, "{}", l.stderr);
    assert!(
        l.stderr.contains(&offen) && l.stderr.contains("unverändert"),
        "{}",
        l.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&pfad).unwrap(),
        text,
        "damage is not hidden by a rewrite"
    );
    assert_eq!(r.lauf(&["pruefen"]).code, 5);
}

#[test]
fn abgebrochene_migration_wird_beendet() {
    let (vorlage, offen, rt, _) = register_mit_freitext();
    let mut n = 1;
    loop {
        let r = Reg::neu();
        kopieren(vorlage.pfad(), r.pfad());
        let out = r
            .cmd()
            .env("IIZ_TEST_ABSTURZ", n.to_string())
            .args([
                "standort",
                &offen,
                "--naechstes-gespraech",
                "2024-05-01",
                "--datum",
                "2024-04-01",
            ])
            .output()
            .unwrap();
        if out.status.success() {
            break;
        }
        assert_eq!(
            out.status.code(),
            None,
            "step {n}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The next write finishes the migration; everything verifies and reads.
        r.lauf(&[
            "standort",
            &offen,
            "--naechstes-gespraech",
            "2024-05-01",
            "--datum",
            "2024-04-01",
        ])
        .ok();
        let p = r.lauf(&["pruefen", "--reparieren"]);
        assert!(p.code == 0 || p.code == 5, "step {n}");
        r.lauf(&["pruefen"]).ok();
        assert!(
            r.lauf(&["zeige", &offen])
                .ok()
                .stdout
                .contains("Wohnung gefunden"),
            "step {n}"
        );
        assert!(
            r.lauf(&["zeige", &rt])
                .ok()
                .stdout
                .contains("Schulden und Sucht"),
            "step {n}"
        );
        assert!(
            !text_in(&r.pfad().join("faelle")).contains("Wohnung gefunden"),
            "step {n}"
        );
        n += schrittweite();
        assert!(n < 500, "never completed");
    }
    eprintln!("migration: {} kills", n - 1);
    assert!(n > 20);
}
