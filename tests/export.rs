//! `iiz export` (issue 13, spec §11): anonymised facts; the DuckDB queries of `docs/duckdb/`
//! reproduce `report` and `rt report` from the exports of two registers combined.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn laden(r: &Reg, datei: &str) {
    r.lauf(&["import", datei]).ok();
}

/// Two registers, as two cantons would have them.
fn zwei_register() -> (Reg, Reg) {
    let a = Reg::neu();
    for f in [
        "examples/pilot-2018-2022.jsonl",
        "examples/roundtable-2023.jsonl",
        "examples/korrektur-abschluss.jsonl",
        "examples/storno-antrag.jsonl",
    ] {
        laden(&a, f);
    }
    let b = Reg::neu();
    for f in [
        "examples/frauenhaus.jsonl",
        "examples/kgs-verweigert.jsonl",
        "examples/sh-an-iv-massnahme.jsonl",
        "examples/roundtable-kein-prozess.jsonl",
        "examples/roundtable-zu-optima.jsonl",
    ] {
        laden(&b, f);
    }
    b.lauf(&[
        "import",
        "--altbestand",
        "examples/altbestand/casenet-2009-2022.csv",
    ])
    .ok();
    (a, b)
}

fn exportieren(r: &Reg, ziel: &Path, format: &str) {
    let l = r.lauf(&[
        "export",
        "--format",
        format,
        "--ausgabe",
        ziel.to_str().unwrap(),
    ]);
    assert_eq!(l.code, 0, "{}", l.stderr);
}

/// A Python with the `duckdb` module: `IIZ_DUCKDB_PYTHON`, the venv `.ci/run` makes, or
/// the system's `python3` if it has the module.
fn duckdb_python() -> Option<PathBuf> {
    let kandidaten = [
        std::env::var_os("IIZ_DUCKDB_PYTHON").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/duckdb-venv/bin/python")),
        Some(PathBuf::from("python3")),
    ];
    kandidaten.into_iter().flatten().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import duckdb"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn abfrage(python: &Path, dir: &Path, sql: &str) -> Value {
    let sql = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/duckdb")
        .join(sql);
    let out = std::process::Command::new(python)
        .current_dir(dir)
        .args([
            "-c",
            "import duckdb, json, sys\n\
             c = duckdb.connect()\n\
             cur = c.execute(open(sys.argv[1]).read())\n\
             print(json.dumps(dict(zip([d[0] for d in cur.description], cur.fetchone()))))",
        ])
        .arg(&sql)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn summe(a: &Value, b: &Value, pfad: &[&str]) -> u64 {
    let wert = |v: &Value| {
        pfad.iter()
            .fold(v, |v, k| &v[*k])
            .as_u64()
            .unwrap_or_else(|| panic!("{pfad:?}"))
    };
    wert(a) + wert(b)
}

#[test]
fn duckdb_gibt_report_und_rt_report_zweier_register_wieder() {
    let Some(python) = duckdb_python() else {
        werkzeug_fehlt(
            "kein DuckDB (Python-Modul 'duckdb'; .ci/run installiert es von PyPI) – die Abfragen in docs/duckdb/ wurden nicht gegen iiz geprüft.",
        );
        return;
    };
    let (a, b) = zwei_register();
    let dir = tempfile::tempdir().unwrap();
    exportieren(&a, &dir.path().join("exporte/luzern"), "csv");
    exportieren(&b, &dir.path().join("exporte/aargau"), "csv");
    let (ra, rb) = (a.json(&["report"]), b.json(&["report"]));
    let d = abfrage(&python, dir.path(), "optima.sql");
    for (spalte, pfad) in [
        ("anmeldungen", &["auftraege", "anmeldungen"][..]),
        ("auftraggeber_iv", &["auftraege", "auftraggeber", "iv"]),
        ("auftraggeber_rav", &["auftraege", "auftraggeber", "rav"]),
        ("auftraggeber_sh", &["auftraege", "auftraggeber", "sh"]),
        ("auftragnehmer_iv", &["auftraege", "auftragnehmer", "iv"]),
        ("auftragnehmer_rav", &["auftraege", "auftragnehmer", "rav"]),
        ("auftragnehmer_sh", &["auftraege", "auftragnehmer", "sh"]),
        ("angenommen", &["prozess", "angenommen"]),
        ("abgelehnt", &["prozess", "abgelehnt", "total"]),
        (
            "kgs_beantragt",
            &["kostengutsprachen", "beantragt", "total"],
        ),
        (
            "kgs_bewilligt",
            &["kostengutsprachen", "bewilligt", "total"],
        ),
        (
            "kgs_abgelehnt",
            &["kostengutsprachen", "abgelehnt", "total"],
        ),
        ("abgeschlossen", &["wirkungen", "abgeschlossen", "total"]),
        ("abgeschlossen_iv", &["wirkungen", "abgeschlossen", "iv"]),
        ("abgeschlossen_rav", &["wirkungen", "abgeschlossen", "rav"]),
        ("abgeschlossen_sh", &["wirkungen", "abgeschlossen", "sh"]),
        (
            "erfolgreich",
            &["wirkungen", "abschlussgruende", "erfolgreich", "total"],
        ),
        (
            "teilweise",
            &["wirkungen", "abschlussgruende", "teilweise", "total"],
        ),
        (
            "nicht_umgesetzt",
            &["wirkungen", "abschlussgruende", "nicht_umgesetzt", "total"],
        ),
        (
            "sonstige",
            &["wirkungen", "abschlussgruende", "sonstige", "total"],
        ),
    ] {
        assert_eq!(d[spalte], summe(&ra, &rb, pfad), "optima {spalte}");
    }
    assert!(d["anmeldungen"].as_u64().unwrap() > 50);
    let (ra, rb) = (a.json(&["rt", "report"]), b.json(&["rt", "report"]));
    let d = abfrage(&python, dir.path(), "roundtable.sql");
    for (spalte, pfad) in [
        ("anmeldungen", &["eingang", "anmeldungen"][..]),
        ("kein_prozess", &["eingang", "kein_prozess"]),
        (
            "anmeldend_rav",
            &["eingang", "anmeldende_institution", "rav"],
        ),
        ("anmeldend_iv", &["eingang", "anmeldende_institution", "iv"]),
        ("anmeldend_sh", &["eingang", "anmeldende_institution", "sh"]),
        (
            "anmeldend_andere",
            &["eingang", "anmeldende_institution", "andere"],
        ),
        ("abgeschlossen", &["wirkungen", "abgeschlossen"]),
        (
            "arbeitsmarkt",
            &["wirkungen", "abschlussgruende", "arbeitsmarkt"],
        ),
        ("loesung", &["wirkungen", "abschlussgruende", "loesung"]),
        ("abbruch", &["wirkungen", "abschlussgruende", "abbruch"]),
        ("andere", &["wirkungen", "abschlussgruende", "andere"]),
        ("gespraeche", &["leistungen", "gespraeche"]),
        (
            "begleitete_prozesse",
            &["leistungen", "begleitete_prozesse"],
        ),
    ] {
        assert_eq!(d[spalte], summe(&ra, &rb, pfad), "roundtable {spalte}");
    }
    assert!(d["anmeldungen"].as_u64().unwrap() > 300);
}

#[test]
fn export_ist_anonym_und_nicht_verknuepfbar() {
    let (a, _) = zwei_register();
    let dir = tempfile::tempdir().unwrap();
    exportieren(&a, &dir.path().join("eins"), "csv");
    exportieren(&a, &dir.path().join("zwei"), "csv");
    let faelle = std::fs::read_to_string(dir.path().join("eins/faelle.csv")).unwrap();
    let ereignisse = std::fs::read_to_string(dir.path().join("eins/ereignisse.csv")).unwrap();
    assert!(faelle.starts_with("fall,angebot,anmeldedatum,anmeldejahr,status,von,an,"));
    assert!(ereignisse.starts_with("fall,nr,datum,typ,grund,anlass,kgs_nr,betrag_rappen\n"));
    // Every value a person was entered with in these examples: none in the export.
    let mut eingaben: Vec<String> = Vec::new();
    for f in [
        "examples/pilot-2018-2022.jsonl",
        "examples/roundtable-2023.jsonl",
        "examples/korrektur-abschluss.jsonl",
        "examples/storno-antrag.jsonl",
    ] {
        for z in std::fs::read_to_string(f).unwrap().lines() {
            let v: Value = serde_json::from_str(z).unwrap();
            for k in [
                "name",
                "vorname",
                "ahv",
                "geburtsdatum",
                "wohngemeinde",
                "ziel",
                "anliegen",
                "bemerkung",
                "notiz",
                "analyse",
            ] {
                if let Some(s) = v[k].as_str()
                    && s.len() > 3
                {
                    eingaben.push(s.to_string());
                }
            }
        }
    }
    assert!(eingaben.len() > 100);
    // The region column aside (a Wahlkreis may bear its main municipality's name), no
    // entered value anywhere.
    let ohne_region: String = faelle
        .lines()
        .map(|z| {
            let mut f: Vec<&str> = z.split(',').collect();
            f.remove(10);
            f.join(",") + "\n"
        })
        .collect();
    for e in &eingaben {
        for (name, text) in [("faelle", &ohne_region), ("ereignisse", &ereignisse)] {
            assert!(!text.contains(e.as_str()), "'{e}' in {name}.csv");
        }
    }
    // No free text, not even encrypted (the reason of a Roundtable without process is free
    // text): `grund` and `anlass` hold codes only.
    assert!(ereignisse.contains("kein_prozess,"), "the example has one");
    for z in ereignisse.lines().skip(1) {
        let f: Vec<&str> = z.split(',').collect();
        for code in [f[4], f[5]] {
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'_'),
                "{z}"
            );
        }
    }
    // No pseudonym, no case id.
    for verboten in ["P-", "OPT-", "RT-"] {
        for z in faelle.lines().chain(ereignisse.lines()) {
            assert!(!z.contains(verboten), "{verboten} in: {z}");
        }
    }
    // A new random key per export: no key of the first export in the second.
    let schluessel = |t: &str| -> std::collections::BTreeSet<String> {
        t.lines()
            .skip(1)
            .map(|z| z.split(',').next().unwrap().to_string())
            .collect()
    };
    let zwei = std::fs::read_to_string(dir.path().join("zwei/faelle.csv")).unwrap();
    let (s1, s2) = (schluessel(&faelle), schluessel(&zwei));
    assert_eq!(s1.len(), faelle.lines().count() - 1, "one key per case");
    assert!(s1.is_disjoint(&s2));
    // Otherwise the same facts.
    let ohne = |t: &str| -> Vec<String> {
        let mut v: Vec<String> = t
            .lines()
            .map(|z| z.split_once(',').map_or(z, |x| x.1).to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(ohne(&faelle), ohne(&zwei));
    // The voided case of storno-antrag is not exported; the register has one case more.
    let liste = a.json(&["liste", "--storniert"]);
    assert_eq!(
        liste.as_array().map(|l| l.len()).unwrap_or(0),
        faelle.lines().count(),
        "{liste}"
    );
}

#[test]
fn export_jsonl_und_fehler() {
    let (a, _) = zwei_register();
    let dir = tempfile::tempdir().unwrap();
    exportieren(&a, &dir.path().join("j"), "jsonl");
    let f = std::fs::read_to_string(dir.path().join("j/faelle.jsonl")).unwrap();
    let erste: Value = serde_json::from_str(f.lines().next().unwrap()).unwrap();
    assert!(erste["fall"].as_str().unwrap().len() == 16);
    assert!(erste["anmeldejahr"].is_number());
    let vorher = a.schnappschuss();
    // A file where the directory should be; a format the export does not have.
    let datei = dir.path().join("datei");
    std::fs::write(&datei, "x").unwrap();
    let l = a.lauf(&["export", "--ausgabe", datei.to_str().unwrap()]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(l.stderr.contains("kein Verzeichnis"), "{}", l.stderr);
    assert_eq!(std::fs::read_to_string(&datei).unwrap(), "x");
    let l = a.lauf(&[
        "export",
        "--format",
        "json",
        "--ausgabe",
        dir.path().join("k").to_str().unwrap(),
    ]);
    assert_eq!(l.code, 2);
    assert!(l.stderr.contains("csv oder jsonl"), "{}", l.stderr);
    assert!(!dir.path().join("k").exists());
    let l = a.lauf(&["liste", "--format", "jsonl"]);
    assert_eq!(l.code, 2);
    assert!(
        vorher == a.schnappschuss(),
        "an export writes nothing into the register"
    );
}

#[cfg(unix)]
#[test]
fn nichts_ins_datenverzeichnis_schreiben() {
    let r = Reg::neu();
    laden(&r, "examples/roundtable-2023.jsonl");
    let vorher = r.schnappschuss();
    let innen = r.pfad().join("auswertung");
    let bericht = r.pfad().join("faelle").join("bericht.html");
    for (args, was) in [
        (
            vec!["export", "--ausgabe", innen.to_str().unwrap()],
            "Der Export",
        ),
        (
            vec![
                "jahresbericht",
                "--jahr",
                "2023",
                "--format",
                "html",
                "--ausgabe",
                bericht.to_str().unwrap(),
            ],
            "Der Jahresbericht",
        ),
        (
            vec![
                "rt",
                "dokument",
                "RT-2023-001",
                "--format",
                "html",
                "--ausgabe",
                bericht.to_str().unwrap(),
            ],
            "Das Dokument",
        ),
    ] {
        let l = r.lauf(&args);
        assert_eq!(l.code, 2, "{args:?}: {}", l.stderr);
        assert!(
            l.stderr
                .contains(&format!("{was} gehört nicht ins Datenverzeichnis")),
            "{}",
            l.stderr
        );
    }
    assert!(
        vorher == r.schnappschuss(),
        "nothing written into the register"
    );
    // Through a link into the register: the same.
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("reg");
    std::os::unix::fs::symlink(r.pfad(), &link).unwrap();
    let l = r.lauf(&["export", "--ausgabe", link.join("x").to_str().unwrap()]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(vorher == r.schnappschuss());
}

/// A full disk at any write of an export: the previous export's pair stays as it was, no
/// half file is left, and the message says what to do.
#[test]
fn volle_platte_beim_export_laesst_das_alte_paar() {
    let (a, _) = zwei_register();
    let dir = tempfile::tempdir().unwrap();
    let ziel = dir.path().join("export");
    exportieren(&a, &ziel, "csv");
    let vorher: Vec<(String, Vec<u8>)> = ["faelle.csv", "ereignisse.csv"]
        .iter()
        .map(|n| (n.to_string(), std::fs::read(ziel.join(n)).unwrap()))
        .collect();
    let mut fehlschlaege = 0;
    for n in 1.. {
        let out = a
            .cmd()
            .env("IIZ_TEST_VOLL", n.to_string())
            .args(["export", "--ausgabe", ziel.to_str().unwrap()])
            .output()
            .unwrap();
        if out.status.success() {
            break;
        }
        fehlschlaege += 1;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("Kein Platz mehr"), "{stderr}");
        for (name, bytes) in &vorher {
            assert!(
                std::fs::read(ziel.join(name)).unwrap() == *bytes,
                "{name} changed at {n}"
            );
        }
        let namen: Vec<String> = std::fs::read_dir(&ziel)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(namen.len(), 2, "a rest left at {n}: {namen:?}");
    }
    assert!(fehlschlaege >= 4, "only {fehlschlaege} failure points");
    // The successful run wrote a new pair: new keys in both.
    let neu = std::fs::read(ziel.join("faelle.csv")).unwrap();
    assert!(neu != vorher[0].1);
}

/// An export is private (directory 0700, files 0600), and `--ausgabe -` is refused instead
/// of making a directory named `-` (issue #25 item 2).
#[cfg(unix)]
#[test]
fn export_ist_privat_und_kein_strom() {
    use std::os::unix::fs::PermissionsExt;
    let r = Reg::neu();
    r.antrag("sh", "rav", 959_031, "2024-01-10");
    let aussen = tempfile::tempdir().unwrap();
    let ziel = aussen.path().join("export");
    r.lauf(&["export", "--ausgabe", ziel.to_str().unwrap()])
        .ok();
    let modus = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(modus(&ziel), 0o700);
    for f in ["faelle.csv", "ereignisse.csv"] {
        assert_eq!(modus(&ziel.join(f)), 0o600, "{f}");
    }
    let l = r
        .cmd()
        .current_dir(aussen.path())
        .args(["export", "--ausgabe", "-"])
        .output()
        .unwrap();
    assert_eq!(l.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&l.stderr).contains("Verzeichnis angeben"));
    assert!(!aussen.path().join("-").exists());
}
