//! Test plumbing: a temporary register, running the binary, snapshots of every file.
#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How many cases an expensive sweep (fuzzing, random histories) tries: the full count where
/// `.ci/run` asks for it with `IIZ_TEST_GRUENDLICH=1`, a tenth otherwise, so that a
/// developer's `cargo test` stays quick and CI still runs the whole sweep.
pub fn umfang(voll: u32) -> u32 {
    if gruendlich() {
        voll
    } else {
        (voll / 10).max(1)
    }
}

/// The step between two kill points of a sweep "at every point": every point where
/// `.ci/run` asks for it (`IIZ_TEST_GRUENDLICH=1`), every third otherwise (the first point
/// and the completing run are always among them).
pub fn schrittweite() -> usize {
    if gruendlich() { 1 } else { 3 }
}

fn gruendlich() -> bool {
    std::env::var_os("IIZ_TEST_GRUENDLICH").is_some_and(|v| !v.is_empty())
}

pub struct Reg {
    pub dir: tempfile::TempDir,
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Lauf {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Lauf {
    /// The case id a recording command names in its confirmation line.
    pub fn fall(&self) -> String {
        fallnummer(&self.stdout)
    }

    /// The number ("Nr. 3") a confirmation line names first.
    pub fn nr(&self) -> String {
        nummer(&self.stdout)
    }

    pub fn ok(self) -> Lauf {
        assert_eq!(
            self.code, 0,
            "erwartet Erfolg, stderr: {}\nstdout: {}",
            self.stderr, self.stdout
        );
        self
    }
}

/// The first case id in a text (a recording command's confirmation line).
pub fn fallnummer(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '\'' | ',' | '.' | ':'))
        .find(|w| {
            let t: Vec<&str> = w.split('-').collect();
            t.len() == 3
                && matches!(t[0], "OPT" | "RT")
                && t[1].len() == 4
                && t[2].len() == 3
                && t[1..].iter().all(|x| x.chars().all(|c| c.is_ascii_digit()))
        })
        .unwrap_or_else(|| panic!("keine Fallnummer in: {text}"))
        .to_string()
}

/// The first number ("Nr. 3") in a text.
pub fn nummer(text: &str) -> String {
    let i = text
        .find("Nr. ")
        .unwrap_or_else(|| panic!("keine Nummer in: {text}"));
    text[i + 4..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect()
}

/// A valid-format AHV number with a correct EAN-13 check digit, from a 9-digit serial.
pub fn ahv(serie: u64) -> String {
    let z = format!("756{serie:09}");
    let summe: u32 = z
        .chars()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).unwrap() * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    let p = (10 - summe % 10) % 10;
    format!(
        "{}.{}.{}.{}{}",
        &z[0..3],
        &z[3..7],
        &z[7..11],
        &z[11..12],
        p
    )
}

impl Reg {
    pub fn neu() -> Reg {
        Reg {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn pfad(&self) -> &Path {
        self.dir.path()
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("iiz").unwrap();
        c.env("IIZ_DATA_DIR", self.dir.path())
            .env("IIZ_BENUTZER", "test")
            .env("NO_COLOR", "1")
            .env_remove("USER");
        c
    }

    pub fn lauf(&self, args: &[&str]) -> Lauf {
        self.lauf_mit(args, "")
    }

    pub fn lauf_mit(&self, args: &[&str], stdin: &str) -> Lauf {
        let out = self.cmd().args(args).write_stdin(stdin).output().unwrap();
        Lauf {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Every file under the register with its bytes (the lock file is only ever empty).
    pub fn schnappschuss(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn gehe(d: &Path, basis: &Path, m: &mut BTreeMap<PathBuf, Vec<u8>>) {
            let Ok(it) = std::fs::read_dir(d) else { return };
            for e in it.flatten() {
                let p = e.path();
                if p.is_dir() {
                    gehe(&p, basis, m);
                } else {
                    m.insert(
                        p.strip_prefix(basis).unwrap().to_path_buf(),
                        std::fs::read(&p).unwrap(),
                    );
                }
            }
        }
        let mut m = BTreeMap::new();
        gehe(self.dir.path(), self.dir.path(), &mut m);
        m
    }

    /// All journal text, concatenated.
    pub fn journale(&self) -> String {
        let mut s = String::new();
        for (p, b) in self.schnappschuss() {
            if p.starts_with("faelle") {
                s.push_str(&String::from_utf8_lossy(&b));
            }
        }
        s
    }

    /// Files an application for the pair with everything the criteria want; returns the id.
    pub fn antrag(&self, von: &str, an: &str, serie: u64, datum: &str) -> String {
        let nr = ahv(serie);
        let mut aenderungen = vec![
            ("--von", von),
            ("--an", an),
            ("--ahv", nr.as_str()),
            ("--datum", datum),
            ("--geburtsdatum", "1985-04-12"),
        ];
        if an == "sh" {
            aenderungen.extend([
                ("--arbeitsangebot", "nicht-intakt"),
                ("--fallfuehrung-bestaetigt", ""),
            ]);
        }
        if an == "iv" {
            aenderungen.push(("--unterstuetzungsbedarf", ""));
        }
        let l = self.lauf_v(&antrag_args(&aenderungen)).ok();
        l.fall()
    }

    /// A Roundtable registration (Rita Beispiel, AHV number from `serie`); its case id.
    pub fn rt_anmeldung(&self, serie: u64, datum: &str) -> String {
        self.rt_anmeldung_von("Rita", serie, datum)
    }

    /// A Roundtable registration of `vorname` Beispiel (the name `antrag` uses is Erika).
    pub fn rt_anmeldung_von(&self, vorname: &str, serie: u64, datum: &str) -> String {
        self.lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "sh",
            "--name",
            "Beispiel",
            "--vorname",
            vorname,
            "--ahv",
            &ahv(serie),
            "--beteiligte",
            "iv,rav",
            "--anliegen",
            "Koordination",
            "--einverstaendnis",
            "--datum",
            datum,
        ])
        .ok()
        .fall()
    }

    /// Accepts and hands over a case, with whatever the pair needs.
    pub fn laufend(&self, von: &str, an: &str, serie: u64) -> String {
        let id = self.antrag(von, an, serie, "2024-01-10");
        self.lauf(&["annehmen", &id, "--datum", "2024-01-15"]).ok();
        let mut args = vec![
            "uebergabe",
            id.as_str(),
            "--naechstes-gespraech",
            "2024-03-01",
            "--strategie",
            "Coaching",
            "--zustimmung",
            "--datum",
            "2024-02-01",
        ];
        if an == "rav" || an == "iv" {
            args.push("--arbeitsfaehig-erklaert");
        }
        if von == "rav" && an == "sh" {
            args.extend(["--befreiung-bis", "2024-07-31"]);
        }
        self.lauf(&args).ok();
        id
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let l = self.lauf(&a).ok();
        serde_json::from_str(&l.stdout).unwrap_or_else(|e| panic!("kein JSON ({e}): {}", l.stdout))
    }
}

/// Arguments of a valid application (SH → RAV), with flags replaced, added (`""` for a
/// switch) or removed (`"-"`) by `aenderungen`.
pub fn antrag_args(aenderungen: &[(&str, &str)]) -> Vec<String> {
    let erste = ahv(1);
    let mut paare: Vec<(&str, &str)> = vec![
        ("--von", "sh"),
        ("--an", "rav"),
        ("--name", "Beispiel"),
        ("--vorname", "Erika"),
        ("--ahv", &erste),
        ("--arbeitsangebot", "intakt"),
        ("--einverstaendnis", ""),
        ("--ziel", "Arbeitsintegration"),
        ("--datum", "2024-01-10"),
    ];
    for (flag, wert) in aenderungen {
        match paare.iter().position(|(f, _)| f == flag) {
            Some(i) if *wert == "-" => {
                paare.remove(i);
            }
            Some(i) => paare[i].1 = wert,
            None => paare.push((flag, wert)),
        }
    }
    let mut v = vec!["antrag".to_string()];
    for (f, w) in paare {
        v.push(f.to_string());
        if !w.is_empty() {
            v.push(w.to_string());
        }
    }
    v
}

impl Reg {
    pub fn lauf_v(&self, args: &[String]) -> Lauf {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        self.lauf(&a)
    }
}

/// A journal line with the string value of `feld` replaced by `roh` (JSON text, without
/// quotes): hand edits of stored lines, whatever the stored value (free text is encrypted).
pub fn feld_setzen(zeile: &str, feld: &str, roh: &str) -> String {
    let nadel = format!("\"{feld}\":\"");
    let i = zeile.find(&nadel).expect("field present") + nadel.len();
    let ende = i + zeile[i..].find('"').expect("closing quote");
    format!("{}{roh}{}", &zeile[..i], &zeile[ende..])
}

/// Copies a directory tree (modes of directories kept), e.g. a register template.
pub fn kopieren(von: &Path, nach: &Path) {
    std::fs::create_dir_all(nach).unwrap();
    for e in std::fs::read_dir(von).unwrap().flatten() {
        let ziel = nach.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            kopieren(&e.path(), &ziel);
            std::fs::set_permissions(&ziel, std::fs::metadata(e.path()).unwrap().permissions())
                .unwrap();
        } else {
            std::fs::copy(e.path(), &ziel).unwrap();
        }
    }
}

impl Reg {
    /// A fresh register with the same files (each kill of a test starts from the same state).
    pub fn kopie(&self) -> Reg {
        let r = Reg::neu();
        kopieren(self.pfad(), r.pfad());
        r
    }
}

/// A browser to render with, where one is installed (Debian package `chromium`).
pub fn chromium() -> Option<PathBuf> {
    let pfad = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|n| std::env::split_paths(&pfad).map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

/// A test that needs a tool the machine lacks (Chromium, DuckDB): locally it says so and
/// skips; under `CI=true` it fails, because `.ci/run` installs the tool and a skip there
/// would hide a check that never ran.
pub fn werkzeug_fehlt(was: &str) {
    let meldung = format!("ÜBERSPRUNGEN: {was}");
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{meldung} – in CI ist das ein Fehler ('.ci/run' installiert das Werkzeug).");
    }
    eprintln!("{meldung}");
}

/// Pages of a PDF as Chromium writes it (page objects are not compressed).
pub fn pdf_seiten(pdf: &[u8]) -> usize {
    let nadel = b"/Type /Page";
    pdf.windows(nadel.len() + 1)
        .filter(|w| &w[..nadel.len()] == nadel && w[nadel.len()] != b's')
        .count()
}

/// Runs headless Chromium on a local HTML file with one action (`--print-to-pdf=…`,
/// `--screenshot=…`), offline and with a fresh profile.
pub fn chromium_lauf(programm: &Path, profil: &Path, aktion: &str, html: &Path) {
    let status = std::process::Command::new(programm)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--window-size=1000,1400",
        ])
        .arg(format!("--user-data-dir={}", profil.display()))
        .arg(aktion)
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

/// The Roundtable figures of 2023 as the annual report publishes them (section 2.1,
/// reference iiz-jahresbericht-2023.txt lines 120–137), given `rt report` JSON of the year.
pub fn rt_2023_wie_veroeffentlicht(jahr: &serde_json::Value) {
    use serde_json::json;
    assert_eq!(
        jahr["eingang"],
        json!({"anmeldungen": 7, "kein_prozess": 1, "anmeldende_institution": {"rav": 1, "iv": 1, "sh": 2, "andere": 3}})
    );
    assert_eq!(
        jahr["wirkungen"],
        json!({"abgeschlossen": 5, "abschlussgruende": {"arbeitsmarkt": 1, "loesung": 4, "abbruch": 0, "andere": 0}})
    );
    assert_eq!(
        jahr["leistungen"],
        json!({"begleitete_prozesse": 15, "gespraeche": 3, "optima_auftraege": 0})
    );
}
