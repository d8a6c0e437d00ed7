//! Every command example in `README.md` and `docs/` runs (spec §13): a documented command
//! cannot silently stop working.
//!
//! The `iiz` lines of each file's `sh` blocks run in order, as a person following the text
//! would, each on a copy of the register as the examples before left it: one that succeeds
//! carries the story on; one that shows an alternative (accept *or* reject the same
//! application) may be refused by the rules only where listed in [`ALTERNATIVEN`], with the
//! reason. A comment `# → X` is checked against the output. Years: the examples are written
//! for 2026 (case ids, dates); they are shifted to the year the test runs in, so that the
//! story keeps its order against "today". Other programs (`cargo`, `jq`, `tar`, …) are not
//! run; the JSON import example of `docs/datenformat.md` is imported.

use crate::common::*;
use std::path::{Path, PathBuf};

/// Examples that may end other than with success, and why. (file, start of the command,
/// exit code)
const ALTERNATIVEN: &[(&str, &str, i32, &str)] = &[
    // Alternatives to the acceptance just shown (the case is accepted already).
    (
        "docs/anleitung.md",
        "iiz annehmen OPT-2026-001 --abweichung",
        3,
        "Alternative zur Annahme",
    ),
    (
        "docs/anleitung.md",
        "iiz annehmen OPT-2026-001 --ablehnen",
        3,
        "Alternative zur Annahme",
    ),
    (
        "docs/anleitung.md",
        "iiz kostengutsprache OPT-2026-001 ablehnen 1",
        3,
        "Alternative zur Bewilligung",
    ),
    // Voiding event 5 once; the second line shows the same with --mit-folgen.
    (
        "docs/anleitung.md",
        "iiz stornieren OPT-2026-001 --ereignis 5 --begruendung",
        3,
        "hängt davon ab: zeigt, dass --mit-folgen nötig ist",
    ),
    // Voiding a case recorded by mistake; the story records only one case.
    (
        "README.md",
        "iiz stornieren OPT-2026-002",
        4,
        "ein zweiter Fall, den der Text nicht anlegt",
    ),
    (
        "docs/anleitung.md",
        "iiz stornieren OPT-2026-002",
        4,
        "ein zweiter Fall, den der Text nicht anlegt",
    ),
    // Paths of another machine (a restored backup, registers of two cantons, a group).
    (
        "docs/anleitung.md",
        "iiz --data-dir ~/iiz-neu pruefen",
        4,
        "die Sicherung wird mit tar ausgepackt (nicht ausgeführt)",
    ),
    (
        "docs/anleitung.md",
        "iiz --gruppe iiz info",
        2,
        "die Gruppe legt die Informatik an (sudo, nicht ausgeführt)",
    ),
    (
        "docs/datenformat.md",
        "iiz --data-dir /register/",
        4,
        "Register eines anderen Rechners",
    ),
];

/// One example: where it stands, the command as written, and what it should print.
#[derive(Debug)]
struct Beispiel {
    datei: &'static str,
    zeile: usize,
    text: String,
    woerter: Vec<String>,
    ausgabe_in: Option<String>,
    erwartet: Option<String>,
}

/// The command lines of the `sh` blocks of a Markdown file: continuation lines joined,
/// comments split off, `&&` chains split.
fn beispiele(datei: &'static str) -> Vec<Beispiel> {
    let text = std::fs::read_to_string(datei).unwrap();
    let mut aus = Vec::new();
    let mut im_block = false;
    let mut zeilen = text.lines().enumerate().peekable();
    while let Some((nr, z)) = zeilen.next() {
        if z.starts_with("```") {
            im_block = !im_block && z.trim() == "```sh";
            continue;
        }
        if !im_block {
            continue;
        }
        let mut ganz = z.to_string();
        while ganz.trim_end().ends_with('\\') {
            let ohne = ganz.trim_end().trim_end_matches('\\').to_string();
            let (_, weiter) = zeilen.next().unwrap();
            ganz = format!("{ohne} {}", weiter.trim());
        }
        let (befehl, kommentar) = kommentar_ab(&ganz);
        let erwartet = kommentar
            .and_then(|k| k.trim().strip_prefix("→ ").map(|s| s.trim().to_string()))
            .map(|s| s.split_whitespace().next().unwrap_or_default().to_string());
        for teil in befehl.split("&&") {
            let teil = teil.trim();
            if !teil.starts_with("iiz ") && teil != "iiz" {
                continue;
            }
            let (woerter, ausgabe_in) = woerter(teil);
            aus.push(Beispiel {
                datei,
                zeile: nr + 1,
                text: teil.to_string(),
                woerter,
                ausgabe_in,
                erwartet: erwartet.clone(),
            });
        }
    }
    aus
}

/// The line before its comment (a `#` outside quotes after a space), and the comment.
fn kommentar_ab(z: &str) -> (String, Option<String>) {
    let mut in_anf = None;
    let mut vorher = ' ';
    for (i, c) in z.char_indices() {
        match (c, in_anf) {
            ('"' | '\'', None) => in_anf = Some(c),
            (c, Some(q)) if c == q => in_anf = None,
            ('#', None) if vorher.is_whitespace() => {
                return (z[..i].to_string(), Some(z[i + 1..].to_string()));
            }
            _ => {}
        }
        vorher = c;
    }
    (z.to_string(), None)
}

/// Shell words (quotes, `~`, the date of `$(date +%F)`) and a `> datei` redirect.
fn woerter(befehl: &str) -> (Vec<String>, Option<String>) {
    let befehl = befehl.replace("$(date +%F)", "2026-11-30");
    let mut w = Vec::new();
    let mut aktuell = String::new();
    let mut hat = false;
    let mut anf: Option<char> = None;
    for c in befehl.chars() {
        match (c, anf) {
            ('"' | '\'', None) => {
                anf = Some(c);
                hat = true;
            }
            (c, Some(q)) if c == q => anf = None,
            (c, None) if c.is_whitespace() => {
                if hat {
                    w.push(std::mem::take(&mut aktuell));
                    hat = false;
                }
            }
            (c, _) => {
                aktuell.push(c);
                hat = true;
            }
        }
    }
    if hat {
        w.push(aktuell);
    }
    let mut ausgabe = None;
    if let Some(i) = w.iter().position(|x| x == ">") {
        ausgabe = w.get(i + 1).cloned();
        w.truncate(i);
    }
    (w, ausgabe)
}

/// The examples' years moved to the year the test runs in (2026 → this year, 2027 → next).
fn verschoben(s: &str, jahr: i32) -> String {
    s.replace("2027", &(jahr + 1).to_string())
        .replace("2026", &jahr.to_string())
}

fn heim(home: &Path, s: &str) -> String {
    let s = s.replace("$(date +%F)", "2026-11-30");
    match s.strip_prefix("~/") {
        Some(rest) => home.join(rest).display().to_string(),
        None => s,
    }
}

/// The entry of [`ALTERNATIVEN`] that allows this outcome.
fn erlaubt(b: &Beispiel, code: i32) -> Option<usize> {
    ALTERNATIVEN
        .iter()
        .position(|(d, anfang, c, _)| *d == b.datei && b.text.starts_with(anfang) && *c == code)
}

/// The `json` block of `docs/datenformat.md` that shows import lines.
fn import_beispiel(doku: &str) -> String {
    doku.split("```json\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or_default())
        .find(|b| b.contains("\"op\""))
        .expect("Import-Beispiel in docs/datenformat.md")
        .to_string()
}

/// Runs the examples of one file as a story; returns what went wrong.
fn geschichte(datei: &'static str) -> Vec<String> {
    let jahr = chrono::Datelike::year(&chrono::Local::now().date_naive());
    let home = tempfile::tempdir().unwrap();
    for d in [
        ".local/share/bash-completion/completions",
        ".local/share/man/man1",
        ".zfunc",
        ".config/fish/completions",
        "sicherungen",
    ] {
        std::fs::create_dir_all(home.path().join(d)).unwrap();
    }
    let arbeit = tempfile::tempdir().unwrap();
    // What the examples name: the import example and CASEnet data.
    let doku = std::fs::read_to_string("docs/datenformat.md").unwrap();
    let import = import_beispiel(&doku);
    std::fs::write(arbeit.path().join("vorgaenge.jsonl"), &import).unwrap();
    std::fs::copy(
        "examples/altbestand/casenet-2009-2022.csv",
        arbeit.path().join("casenet.csv"),
    )
    .unwrap();
    let mut register = Reg::neu();
    // The registration file the intake example takes over, where a web form would put it.
    let eingang = doku
        .split("```json\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or_default())
        .find(|b| b.contains("\"art\""))
        .expect("Eingang-Beispiel in docs/datenformat.md");
    std::fs::create_dir_all(register.pfad().join("eingang")).unwrap();
    std::fs::write(
        register
            .pfad()
            .join("eingang")
            .join(verschoben("2026-11-30-0912-online.json", jahr)),
        verschoben(eingang, jahr),
    )
    .unwrap();
    let mut fehler = Vec::new();
    let mut gelaufen = 0;
    let mut genutzt = Vec::new();
    for b in beispiele(datei) {
        let probe = register.kopie();
        let mut c = probe.cmd();
        c.current_dir(arbeit.path())
            .env("HOME", home.path())
            .arg("--no-input");
        let args: Vec<String> = b.woerter[1..]
            .iter()
            .map(|w| heim(home.path(), &verschoben(w, jahr)))
            .collect();
        assert!(
            !args.iter().any(|a| a == "…" || a == "..."),
            "{}:{}: Platzhalter im Beispiel: {}",
            b.datei,
            b.zeile,
            b.text
        );
        let out = c.args(&args).output().unwrap();
        gelaufen += 1;
        let code = out.status.code().unwrap_or(-1);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if code == 0 {
            if let Some(e) = &b.erwartet {
                let e = verschoben(e, jahr);
                if !stdout.contains(&e) {
                    fehler.push(format!(
                        "{}:{}: {} – erwartet '{e}' in: {stdout}",
                        b.datei, b.zeile, b.text
                    ));
                }
            }
            if let Some(ziel) = &b.ausgabe_in {
                let ziel = PathBuf::from(heim(home.path(), ziel));
                let ziel = if ziel.is_absolute() {
                    ziel
                } else {
                    arbeit.path().join(ziel)
                };
                std::fs::write(ziel, &out.stdout).unwrap();
            }
            register = probe;
        } else if let Some(i) = erlaubt(&b, code) {
            genutzt.push(i);
        } else {
            fehler.push(format!(
                "{}:{}: {} – Exit {code}: {}",
                b.datei,
                b.zeile,
                b.text,
                stderr.trim()
            ));
        }
    }
    assert!(gelaufen > 0, "{datei}: keine Beispiele gefunden");
    // An exception no example needs any more is stale: it would hide the next failure.
    for (i, (d, anfang, code, _)) in ALTERNATIVEN.iter().enumerate() {
        if *d == datei && !genutzt.contains(&i) {
            fehler.push(format!(
                "{d}: Ausnahme '{anfang}' (Exit {code}) wird nicht mehr gebraucht"
            ));
        }
    }
    fehler
}

#[test]
fn readme_beispiele_laufen() {
    let f = geschichte("README.md");
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn anleitung_beispiele_laufen() {
    let f = geschichte("docs/anleitung.md");
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn datenformat_beispiele_laufen() {
    let f = geschichte("docs/datenformat.md");
    assert!(f.is_empty(), "{}", f.join("\n"));
    // The import example, as written, on a fresh register: every line applied.
    let doku = std::fs::read_to_string("docs/datenformat.md").unwrap();
    let import = import_beispiel(&doku);
    let import = import.as_str();
    let r = Reg::neu();
    let l = r.lauf_mit(&["import"], import);
    assert_eq!(l.code, 0, "{}\n{}", l.stdout, l.stderr);
    assert_eq!(l.stdout.lines().count(), import.lines().count());
    assert!(
        l.stdout.lines().all(|z| z.contains("\"ok\":true")),
        "{}",
        l.stdout
    );
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["status"], "abgeschlossen");
}

#[test]
fn datenschutz_beispiele_laufen() {
    let f = geschichte("docs/datenschutz.md");
    assert!(f.is_empty(), "{}", f.join("\n"));
}

/// `cargo test --test NAME` in the docs names a test target that exists (one integration
/// binary since the suite was merged).
#[test]
fn cargo_test_ziele_in_der_doku_gibt_es() {
    let cargo = std::fs::read_to_string("Cargo.toml").unwrap();
    let mut dateien: Vec<PathBuf> = std::fs::read_dir("docs")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    dateien.push("README.md".into());
    let mut gesehen = 0;
    for d in dateien {
        let text = std::fs::read_to_string(&d).unwrap();
        for (i, _) in text.match_indices("cargo test --test ") {
            let name: String = text[i + 18..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            gesehen += 1;
            assert!(
                cargo.contains(&format!("name = \"{name}\"")),
                "{}: 'cargo test --test {name}' – dieses Testziel gibt es nicht",
                d.display()
            );
        }
    }
    assert!(gesehen > 0);
}

/// Every line of a block is found: a parser that silently skipped examples would pass.
#[test]
fn beispiele_werden_gefunden() {
    let alle: Vec<Beispiel> = [
        "README.md",
        "docs/anleitung.md",
        "docs/datenformat.md",
        "docs/datenschutz.md",
    ]
    .into_iter()
    .flat_map(beispiele)
    .collect();
    assert!(alle.len() >= 70, "{} Beispiele", alle.len());
    let (w, aus) = woerter(r#"iiz report --format csv > report.csv"#);
    assert_eq!(w, ["iiz", "report", "--format", "csv"]);
    assert_eq!(aus.as_deref(), Some("report.csv"));
    let (b, k) = kommentar_ab(r#"iiz suche "a # b"   # Kommentar"#);
    assert_eq!(b.trim(), r#"iiz suche "a # b""#);
    assert_eq!(k.as_deref(), Some(" Kommentar"));
    assert_eq!(
        verschoben("OPT-2026-001 2027-01-15", 2030),
        "OPT-2030-001 2031-01-15"
    );
}
