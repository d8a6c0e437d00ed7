//! The annual report (issue 13, spec §11): `jahresbericht`, `import --altbestand`.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

const ALTBESTAND: &str = "examples/altbestand/casenet-2009-2022.csv";
const KOPF: &str = "angebot,anmeldedatum,anmeldende_stelle,aufnehmende_stelle,geschlecht,geburtsjahr,wohngemeinde,abschlussdatum,abschlussgrund";

fn laden(r: &Reg, datei: &str) {
    r.lauf(&["import", datei]).ok();
}

/// The history of the old tool and the Roundtables of 2022–2023, as in the annual report.
fn register_2023() -> Reg {
    let r = Reg::neu();
    r.lauf(&["import", "--altbestand", ALTBESTAND]).ok();
    laden(&r, "examples/roundtable-2023.jsonl");
    r
}

fn summe(gruppen: &Value) -> u64 {
    gruppen
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().expect("a number with --alle-zellen"))
        .sum()
}

#[test]
fn roundtable_2023_wie_veroeffentlicht_und_n_323() {
    let r = register_2023();
    let j = r.json(&["jahresbericht", "--jahr", "2023"]);
    assert_eq!(j["jahr"], 2023);
    let rt = &j["roundtable"];
    // Annual report 2023, section 2.1.
    rt_2023_wie_veroeffentlicht(&rt["jahr"]);
    // "Roundtable-Statistik; kumuliert 2009 – 2023 (N = 323)".
    assert_eq!(rt["kumuliert"]["eingang"]["anmeldungen"], 323);
    let jahre = rt["nach"]["jahr"].as_object().unwrap();
    assert_eq!(jahre.keys().next().unwrap(), "2009");
    assert_eq!(jahre.len(), 15, "2009 to 2023 without gaps");
    assert_eq!(jahre["2023"], 7);
    // The same numbers in the year's `rt report`.
    let rt_report = r.json(&["rt", "report", "--von", "2023-01-01", "--bis", "2023-12-31"]);
    assert_eq!(rt["jahr"], rt_report);
    let kum = r.json(&["rt", "report", "--bis", "2023-12-31"]);
    assert_eq!(rt["kumuliert"], kum);
}

#[test]
fn jede_aufschluesselung_ergibt_das_total() {
    let r = register_2023();
    for f in [
        "examples/pilot-2018-2022.jsonl",
        "examples/frauenhaus.jsonl",
    ] {
        laden(&r, f);
    }
    let j = r.json(&["jahresbericht", "--jahr", "2023", "--alle-zellen"]);
    for (angebot, n) in [
        (
            "roundtable",
            &j["roundtable"]["kumuliert"]["eingang"]["anmeldungen"],
        ),
        (
            "optima",
            &j["optima"]["kumuliert"]["auftraege"]["anmeldungen"],
        ),
    ] {
        let n = n.as_u64().unwrap();
        assert!(n > 0);
        for m in [
            "jahr",
            "region",
            "geschlecht",
            "altersgruppe",
            "anmeldende_institution",
        ] {
            assert_eq!(summe(&j[angebot]["nach"][m]), n, "{angebot} nach {m}");
        }
    }
    // Optima's cumulative table starts with the pilot on 1 October 2018.
    assert_eq!(
        j["optima"]["kumuliert"]["zeitraum"]["von"], "2018-10-01",
        "{}",
        j["optima"]["kumuliert"]["zeitraum"]
    );
}

#[test]
fn kleine_gruppen_nur_mit_alle_zellen() {
    let r = register_2023();
    let j = r.json(&["jahresbericht", "--jahr", "2023"]);
    // One person of gender "d" in the invented history: not shown.
    assert_eq!(j["roundtable"]["nach"]["geschlecht"]["d"], "< 3");
    let alle = r.json(&["jahresbericht", "--jahr", "2023", "--alle-zellen"]);
    let d = alle["roundtable"]["nach"]["geschlecht"]["d"]
        .as_u64()
        .unwrap();
    assert!((1..3).contains(&d));
    // Registrations per year are totals: always exact.
    assert_eq!(
        j["roundtable"]["nach"]["jahr"],
        alle["roundtable"]["nach"]["jahr"]
    );
    let md = r.lauf(&["jahresbericht", "--jahr", "2023"]).ok().stdout;
    assert!(
        md.contains("| divers | < 3 |  |"),
        "no bar for a small group: {md}"
    );
    let html = r
        .lauf(&["jahresbericht", "--jahr", "2023", "--format", "html"])
        .ok()
        .stdout;
    assert!(html.contains("<td>&lt; 3</td>"));
}

/// An attacker with the published report: the exact total, the groups shown, "< 3" (1 or
/// 2) and "X" (a covering group, at least 3 – the rule is public). Every hidden group of a
/// personal breakdown must keep at least two possible counts; institutions stay exact.
#[test]
fn keine_verborgene_zelle_aus_dem_total_errechenbar() {
    let r = register_2023();
    for f in [
        "examples/pilot-2018-2022.jsonl",
        "examples/frauenhaus.jsonl",
    ] {
        laden(&r, f);
    }
    let j = r.json(&["jahresbericht", "--jahr", "2023"]);
    let alle = r.json(&["jahresbericht", "--jahr", "2023", "--alle-zellen"]);
    let mut verborgen_gesehen = 0;
    let mut verdeckt_gesehen = 0;
    for angebot in ["roundtable", "optima"] {
        let nach = &j[angebot]["nach"];
        // Registrations per year are exact: their sum is the total everybody knows.
        let total = summe(&nach["jahr"]);
        assert_eq!(
            nach["anmeldende_institution"],
            alle[angebot]["nach"]["anmeldende_institution"]
        );
        for m in ["region", "geschlecht", "altersgruppe"] {
            let gruppen = nach[m].as_object().unwrap();
            let mut gezeigt = 0u64;
            let mut grenzen = Vec::new();
            for (g, v) in gruppen {
                match (v.as_u64(), v.as_str()) {
                    (Some(n), _) => gezeigt += n,
                    (_, Some("< 3")) => grenzen.push((g.clone(), 1u64, 2u64)),
                    (_, Some("X")) => grenzen.push((g.clone(), 3, total)),
                    _ => panic!("{angebot} {m} {g}: {v}"),
                }
            }
            verborgen_gesehen += grenzen.len();
            verdeckt_gesehen += grenzen.iter().filter(|(_, u, _)| *u == 3).count();
            let rest = total - gezeigt;
            let unten: u64 = grenzen.iter().map(|(_, u, _)| u).sum();
            let oben: u64 = grenzen.iter().map(|(_, _, o)| o).sum();
            for (g, u, o) in &grenzen {
                let min = (*u).max(rest.saturating_sub(oben - o));
                let max = (*o).min(rest - (unten - u));
                assert!(
                    min < max,
                    "{angebot} nach {m}: Gruppe {g} errechenbar ({min}) – {}",
                    nach[m]
                );
                let wahr = alle[angebot]["nach"][m][g].as_u64().unwrap();
                assert!((min..=max).contains(&wahr), "{angebot} {m} {g}");
            }
        }
    }
    assert!(verborgen_gesehen > 0 && verdeckt_gesehen > 0, "{j}");
}

#[test]
fn markdown_und_html_in_der_reihenfolge_des_berichts() {
    let r = register_2023();
    let md = r
        .lauf(&["jahresbericht", "--jahr", "2023", "--format", "md"])
        .ok()
        .stdout;
    let stellen: Vec<usize> = [
        "## 2.1 Roundtable",
        "### Roundtable 2023",
        "### Roundtable-Statistik; kumuliert 2009 – 2023 (N = 323)",
        "#### Anmeldungen",
        "#### Wohnregion",
        "#### Geschlecht",
        "#### Alter",
        "#### Anmeldende Institutionen",
        "## 2.2 Optima",
        "### Optima-Statistik; kumuliert 2018 – 2023 (N = 0)",
    ]
    .iter()
    .map(|t| md.find(t).unwrap_or_else(|| panic!("{t} fehlt in\n{md}")))
    .collect();
    assert!(stellen.windows(2).all(|w| w[0] < w[1]), "{stellen:?}");
    // 2022 has the most registrations (28): the longest text bar; 2009 (14) half of it.
    assert!(
        md.contains(&format!("| 2022 | 28 | {} |", "█".repeat(30))),
        "{md}"
    );
    assert!(
        md.contains(&format!("| 2009 | 14 | {} |", "█".repeat(15))),
        "{md}"
    );
    let html = r
        .lauf(&["jahresbericht", "--jahr", "2023", "--format", "html"])
        .ok()
        .stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Ten breakdowns (five per service), each a table, with a chart where there are cases.
    assert_eq!(
        html.matches("<svg ").count(),
        5,
        "no Optima case: no Optima charts"
    );
    assert_eq!(html.matches("<figure").count(), 10);
    let ohne_ns = html.replace("http://www.w3.org/2000/svg", "");
    assert!(!ohne_ns.contains("http"), "nothing from the network");
}

#[test]
fn falsches_format_und_ziel_schreiben_nichts() {
    let r = register_2023();
    let vorher = r.schnappschuss();
    let l = r.lauf(&["jahresbericht", "--jahr", "2023", "--format", "csv"]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(l.stderr.contains("html, md oder json"), "{}", l.stderr);
    for jahr in ["1999", "abc", "20233"] {
        let l = r.lauf(&["jahresbericht", "--jahr", jahr]);
        assert_eq!(l.code, 2, "{}", l.stderr);
        assert!(
            l.stderr.contains("ein Jahr mit vier Ziffern"),
            "{}",
            l.stderr
        );
        assert!(!l.stderr.contains("is not in") && !l.stderr.contains("invalid"));
    }
    let dir = tempfile::tempdir().unwrap();
    let ziel = dir.path().join("fehlt").join("bericht.html");
    let l = r.lauf(&[
        "jahresbericht",
        "--jahr",
        "2023",
        "--format",
        "html",
        "--ausgabe",
        ziel.to_str().unwrap(),
    ]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(
        l.stderr.contains("kann nicht geschrieben werden"),
        "{}",
        l.stderr
    );
    assert!(!ziel.exists());
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    assert!(vorher == r.schnappschuss(), "register changed");
    // A report reads; it writes nothing into the register.
    let ziel = dir.path().join("bericht.json");
    r.lauf(&[
        "jahresbericht",
        "--jahr",
        "2023",
        "--format",
        "json",
        "--ausgabe",
        ziel.to_str().unwrap(),
    ])
    .ok();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&ziel).unwrap()).unwrap();
    assert_eq!(v["roundtable"]["kumuliert"]["eingang"]["anmeldungen"], 323);
    assert!(vorher == r.schnappschuss(), "register changed");
}

#[test]
fn jahresbericht_im_browser_als_pdf_und_bild() {
    let Some(programm) = chromium() else {
        werkzeug_fehlt(
            "kein Chromium installiert (Debian-Paket 'chromium') – die Darstellung des Jahresberichts wurde nicht im Browser geprüft.",
        );
        return;
    };
    let r = register_2023();
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("jahresbericht.html");
    r.lauf(&[
        "jahresbericht",
        "--jahr",
        "2023",
        "--format",
        "html",
        "--ausgabe",
        html.to_str().unwrap(),
    ])
    .ok();
    let pdf = dir.path().join("jahresbericht.pdf");
    let png = dir.path().join("jahresbericht.png");
    chromium_lauf(
        &programm,
        &dir.path().join("p1"),
        &format!("--print-to-pdf={}", pdf.display()),
        &html,
    );
    chromium_lauf(
        &programm,
        &dir.path().join("p2"),
        &format!("--screenshot={}", png.display()),
        &html,
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let seiten = pdf_seiten(&bytes);
    // Two sections, each starting on a new page, ten charts with tables: a few A4 pages.
    assert!((3..=12).contains(&seiten), "{seiten} pages");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/MediaBox [0 0 594.9"), "A4 pages");
    let bild = std::fs::read(&png).unwrap();
    assert!(bild.starts_with(b"\x89PNG"), "a PNG");
    assert!(
        bild.len() > 20_000,
        "screenshot too small: {} bytes",
        bild.len()
    );
    if let Ok(ziel) = std::env::var("IIZ_SCREENSHOT") {
        std::fs::copy(&png, ziel).unwrap();
    }
    // No heading is the last line of a page (it would stand apart from its table or chart).
    let html_text = std::fs::read_to_string(&html).unwrap();
    let ueberschriften: Vec<String> = ["<h2", "<h3>", "<figcaption>"]
        .iter()
        .flat_map(|tag| html_text.split(tag).skip(1))
        .filter_map(|rest| {
            let start = rest.find('>')? + 1;
            let ende = rest[start..].find('<')? + start;
            Some(rest[start..ende].trim().to_string())
        })
        .collect();
    assert!(ueberschriften.len() >= 10, "{ueberschriften:?}");
    let Ok(_) = std::process::Command::new("pdftotext").arg("-v").output() else {
        werkzeug_fehlt(
            "kein pdftotext (Debian-Paket 'poppler-utils') – Überschriften am Seitenende nicht geprüft.",
        );
        return;
    };
    for seite in 1..=seiten {
        let aus = std::process::Command::new("pdftotext")
            .args([
                "-layout",
                "-f",
                &seite.to_string(),
                "-l",
                &seite.to_string(),
            ])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&aus.stdout);
        let letzte = text
            .lines()
            .map(str::trim)
            .rfind(|z| !z.is_empty() && !z.starts_with('\u{c}'))
            .unwrap_or_default()
            .to_string();
        assert!(
            !ueberschriften.contains(&letzte),
            "page {seite} ends with the heading '{letzte}'"
        );
    }
}

/// The annual report as published (spec §14): "2. IIZ-Kennzahlen JJJJ", the Optima table
/// as the matrix Total | IV | RAV/ALV | Sozialhilfe, the "Andere" footnote, full labels.
#[test]
fn jahresbericht_wie_veroeffentlicht_gesetzt() {
    let r = register_2023();
    let md = r
        .lauf(&["jahresbericht", "--jahr", "2023", "--format", "md"])
        .ok()
        .stdout;
    for erwartet in [
        "# 2. IIZ-Kennzahlen 2023",
        "## 2.1 Roundtable",
        "## 2.2 Optima",
        "| | Total | IV | RAV/ALV | Sozialhilfe |",
        "| Auftraggeber | ",
        "| Auftragnehmer | ",
        "| Abgeschlossene Optima-Fälle | ",
        "&nbsp;&nbsp;Auftrag erfolgreich umgesetzt | ",
        "• Andere \\*) | 3 |",
        "\\*) Andere: ",
        "Erfolgreich einer Lösung zugeführt (Weiterbegleitung in Regelstruktur oder IV-Rente)",
    ] {
        assert!(md.contains(erwartet), "{erwartet}: {md}");
    }
    // Each matrix row adds up: Total = IV + RAV/ALV + Sozialhilfe.
    let mut geprueft = 0;
    for z in md.lines().filter(|z| z.matches('|').count() == 6) {
        let zellen: Vec<&str> = z.split('|').map(str::trim).collect();
        let zahlen: Vec<u64> = zellen[2..6].iter().filter_map(|c| c.parse().ok()).collect();
        if zahlen.len() == 4 {
            assert_eq!(zahlen[0], zahlen[1] + zahlen[2] + zahlen[3], "{z}");
            geprueft += 1;
        }
    }
    assert!(geprueft >= 10, "{geprueft} matrix rows: {md}");
}

// ---- import --altbestand ----

#[test]
fn altbestand_zaehlt_ueberall_und_hat_keine_personendaten() {
    let r = Reg::neu();
    let l = r.lauf(&["import", "--altbestand", ALTBESTAND]).ok();
    assert!(l.stdout.contains("305 Fälle übernommen"), "{}", l.stdout);
    assert_eq!(r.json(&["rt", "report"])["eingang"]["anmeldungen"], 305);
    let liste = r.lauf(&["liste", "--format", "csv"]).ok().stdout;
    assert_eq!(liste.lines().count(), 306);
    // No person store; pruefen is content (no rule of today's steps applies).
    assert!(
        !r.pfad().join("personen").exists()
            || std::fs::read_dir(r.pfad().join("personen"))
                .unwrap()
                .all(|e| {
                    let n = e.unwrap().file_name();
                    let n = n.to_string_lossy();
                    !n.ends_with(".jsonl")
                })
    );
    r.lauf(&["pruefen"]).ok();
    let z = r.lauf(&["zeige", "RT-2009-001"]).ok().stdout;
    assert!(z.contains("Altbestand"), "{z}");
    assert!(z.contains("altbestand"), "recorded by 'altbestand': {z}");
    // Nothing due for erasure: there is nothing personal.
    let p = r.lauf(&["pendenzen", "--format", "json"]).ok().stdout;
    assert!(!p.contains("loesch"), "{p}");
}

#[test]
fn altbestand_zweimal_eingelesen_zaehlt_einmal() {
    let r = Reg::neu();
    r.lauf(&["import", "--altbestand", ALTBESTAND]).ok();
    let vorher = r.schnappschuss();
    let l = r
        .lauf(&["import", "--altbestand", ALTBESTAND, "--format", "json"])
        .ok();
    let v: Value = serde_json::from_str(&l.stdout).unwrap();
    assert_eq!(v["neu"], 0);
    assert_eq!(v["bereits"], 305);
    assert!(vorher == r.schnappschuss(), "nothing written");
}

/// Good rows of both services and every way a case ends.
const BEISPIEL: [&str; 4] = [
    "roundtable,2012-03-01,sh,,w,1970,Emmen,2012-09-30,loesung",
    "roundtable,2013-01-10,andere,,,,,2013-02-01,kein-prozess",
    "optima,2019-01-15,sh,iv,m,1975,Kriens,2019-08-01,erfolgreich",
    "optima,2019-02-15,rav,sh,,,,2019-03-01,abgelehnt",
];

fn csv_datei(dir: &Path, zeilen: &[&str]) -> String {
    let p = dir.join("alt.csv");
    std::fs::write(&p, format!("{KOPF}\n{}\n", zeilen.join("\n"))).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn eine_falsche_zeile_und_nichts_ist_geschrieben() {
    let dir = tempfile::tempdir().unwrap();
    let datei = csv_datei(
        dir.path(),
        &[
            "roundtable,2012-03-01,sh,,w,1970,Emmen,2012-09-30,loesung",
            "roundtable,2012-03-01,sh,,w,1970,Emmen,2012-09-30,erfolgreich",
            "optima,2019-01-15,sh,iv,m,1975,Kriens,2019-08-01,erfolgreich",
            "optima,2019-13-15,sh,iv,m,1975,Kriens,,",
        ],
    );
    // Into an empty register: not even the data directory appears.
    let r = Reg::neu();
    let l = r.lauf(&["import", "--altbestand", &datei]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(
        l.stderr.contains("Zeile 3: abschlussgrund 'erfolgreich'"),
        "{}",
        l.stderr
    );
    assert!(
        l.stderr.contains("Zeile 5: anmeldedatum '2019-13-15'"),
        "{}",
        l.stderr
    );
    assert!(
        l.stderr
            .contains("2 Zeile(n) fehlerhaft – nichts gespeichert")
    );
    assert!(r.schnappschuss().is_empty(), "nothing written");
    // Into a register with cases: byte-identical afterwards.
    laden(&r, "examples/roundtable-2023.jsonl");
    let vorher = r.schnappschuss();
    assert_eq!(r.lauf(&["import", "--altbestand", &datei]).code, 2);
    assert!(vorher == r.schnappschuss());
    // The dry run says the same and writes nothing either; a good file: counted.
    let gut = csv_datei(
        dir.path(),
        &["optima,2019-01-15,sh,iv,m,1975,Kriens,2019-08-01,erfolgreich"],
    );
    let l = r.lauf(&["import", "--altbestand", &gut, "--pruefen"]).ok();
    assert!(l.stdout.contains("1 Fälle fehlerfrei"), "{}", l.stdout);
    assert!(vorher == r.schnappschuss());
}

#[test]
fn feindliche_altbestand_dateien() {
    let dir = tempfile::tempdir().unwrap();
    let r = Reg::neu();
    for (inhalt, erwartet) in [
        (
            "angebot;anmeldedatum\n".to_string(),
            "Zeile 1: die Kopfzeile",
        ),
        (
            format!("{KOPF}\nroundtable,2012-03-01,sh,,w,1970,\"Em\x1b[31mmen\",,\n"),
            "Zeile 2: wohngemeinde enthält Steuerzeichen",
        ),
        (
            format!("{KOPF}\nroundtable,2012-03-01,sh,,w,1970\n"),
            "Zeile 2: 6 Spalten statt 9",
        ),
        (
            format!("{KOPF}\nroundtable,2012-03-01,sh,,w,99999999999,,,\n"),
            "Zeile 2: geburtsjahr",
        ),
        (
            format!("{KOPF}\nroundtable,0000-01-01,sh,,w,,,,\n"),
            "Zeile 2: anmeldedatum",
        ),
        (
            format!("{KOPF}\n\u{feff}x\u{202e},2012-03-01,sh,,w,,,,\n"),
            "Zeile 2:",
        ),
    ] {
        let p = dir.path().join("f.csv");
        std::fs::write(&p, &inhalt).unwrap();
        let l = r.lauf(&["import", "--altbestand", p.to_str().unwrap()]);
        assert_eq!(l.code, 2, "{inhalt:?}: {}", l.stderr);
        assert!(l.stderr.contains(erwartet), "{inhalt:?}: {}", l.stderr);
        assert!(!l.stderr.contains('\x1b'), "no escape sequence echoed");
        assert!(r.schnappschuss().is_empty(), "nothing written");
    }
}

/// Runs with a crash before the `n`-th change; `true` when the process was killed.
fn mit_absturz(r: &Reg, args: &[&str], n: usize) -> bool {
    let out = r
        .cmd()
        .env("IIZ_TEST_ABSTURZ", n.to_string())
        .args(args)
        .output()
        .unwrap();
    match out.status.code() {
        Some(c) => {
            assert_eq!(c, 0, "{}", String::from_utf8_lossy(&out.stderr));
            false
        }
        None => true,
    }
}

#[test]
fn altbestand_nach_absturz_an_jeder_stelle_genau_einmal() {
    let dir = tempfile::tempdir().unwrap();
    let datei = csv_datei(dir.path(), &BEISPIEL);
    let ganz = Reg::neu();
    ganz.lauf(&["import", "--altbestand", &datei]).ok();
    let soll = (
        ganz.json(&["report"]),
        ganz.json(&["rt", "report"]),
        ganz.json(&["liste"]),
    );
    let mut kills = 0;
    for n in (1..).step_by(schrittweite()) {
        let r = Reg::neu();
        if !mit_absturz(&r, &["import", "--altbestand", &datei], n) {
            break;
        }
        kills += 1;
        // The next run completes what was begun, and applies nothing twice.
        r.lauf(&["import", "--altbestand", &datei]).ok();
        r.lauf(&["pruefen"]).ok();
        assert_eq!(r.json(&["report"]), soll.0, "kill at {n}");
        assert_eq!(r.json(&["rt", "report"]), soll.1, "kill at {n}");
        assert_eq!(r.json(&["liste"]), soll.2, "kill at {n}");
    }
    assert!(kills * schrittweite() >= 8, "only {kills} kill points");
}

#[test]
fn altbestand_zweimal_gleichzeitig_zaehlt_einmal() {
    let r = Reg::neu();
    // Something in the register already, so that both start on an existing register.
    laden(&r, "examples/roundtable-2023.jsonl");
    let starten = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("iiz"))
            .env("IIZ_DATA_DIR", r.pfad())
            .env("IIZ_BENUTZER", "test")
            .args(["import", "--altbestand", ALTBESTAND])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (starten(), starten());
    for p in [a, b] {
        let out = p.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        r.json(&["rt", "report", "--bis", "2023-12-31"])["eingang"]["anmeldungen"],
        323,
        "each row exactly once"
    );
    r.lauf(&["pruefen"]).ok();
}

/// A full disk at any write of `import --altbestand`: a German message, and the same run
/// repeated with space again completes exactly what the uninterrupted run gives.
#[test]
fn altbestand_bei_voller_platte_und_danach() {
    let dir = tempfile::tempdir().unwrap();
    let datei = csv_datei(dir.path(), &BEISPIEL);
    let ganz = Reg::neu();
    ganz.lauf(&["import", "--altbestand", &datei]).ok();
    let soll = (ganz.json(&["report"]), ganz.json(&["rt", "report"]));
    let mut voll = 0;
    for n in (1..).step_by(schrittweite()) {
        let r = Reg::neu();
        laden(&r, "examples/roundtable-kein-prozess.jsonl");
        let vorher = (r.json(&["report"]), r.json(&["rt", "report"]));
        let out = r
            .cmd()
            .env("IIZ_TEST_VOLL", n.to_string())
            .args(["import", "--altbestand", &datei])
            .output()
            .unwrap();
        if out.status.success() {
            break;
        }
        voll += 1;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("Kein Platz mehr"), "{n}: {stderr}");
        r.lauf(&["import", "--altbestand", &datei]).ok();
        r.lauf(&["pruefen"]).ok();
        let nachher = (r.json(&["report"]), r.json(&["rt", "report"]));
        // What the example had plus exactly the two rows.
        assert_eq!(
            nachher.0["auftraege"]["anmeldungen"].as_u64().unwrap(),
            vorher.0["auftraege"]["anmeldungen"].as_u64().unwrap()
                + soll.0["auftraege"]["anmeldungen"].as_u64().unwrap(),
            "full at {n}"
        );
        assert_eq!(
            nachher.1["eingang"]["anmeldungen"].as_u64().unwrap(),
            vorher.1["eingang"]["anmeldungen"].as_u64().unwrap()
                + soll.1["eingang"]["anmeldungen"].as_u64().unwrap(),
            "full at {n}"
        );
    }
    assert!(voll * schrittweite() >= 5, "only {voll} failure points");
}
