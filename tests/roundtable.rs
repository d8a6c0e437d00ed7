//! Roundtable through the binary: a whole process, the document, and every refusal (exit
//! code, one German line on stderr, nothing on stdout, every register file unchanged).

use crate::common::*;

fn gespraech(r: &Reg, id: &str, datum: &str) {
    r.lauf(&[
        "rt",
        "gespraech",
        id,
        "--teilnehmer",
        "IV Luzern",
        "--teilnehmer",
        "RAV Emmen",
        "--analyse",
        "Analyse",
        "--ziele",
        "Ziele",
        "--aufgabe",
        "Arbeitsversuch organisieren|RAV|2024-06-30",
        "--fallfuehrung",
        "rav",
        "--naechstes-gespraech",
        "2024-07-01",
        "--datum",
        datum,
    ])
    .ok();
}

#[test]
fn ein_roundtable_von_der_anmeldung_bis_zum_abschluss() {
    let r = Reg::neu();
    let id = r.rt_anmeldung(1, "2024-03-01");
    assert_eq!(id, "RT-2024-001");
    gespraech(&r, &id, "2024-03-20");
    let nr = r
        .lauf(&[
            "rt",
            "gespraech",
            &id,
            "--teilnehmer",
            "IV",
            "--datum",
            "2024-04-20",
        ])
        .ok()
        .stdout;
    assert_eq!(nummer(&nr), "2", "the meeting's number");
    r.lauf(&[
        "rt",
        "aufgabe",
        &id,
        "1",
        "--erledigt",
        "--datum",
        "2024-04-21",
    ])
    .ok();
    r.lauf(&[
        "rt",
        "begleitung",
        &id,
        "--notiz",
        "Telefon",
        "--datum",
        "2024-04-22",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["status"], "laufend");
    assert_eq!(z["aufgaben"][0]["erledigt"], "2024-04-21");
    assert_eq!(z["begleitungen"][0]["notiz"], "Telefon");
    let status = r
        .lauf(&[
            "rt",
            "abschluss",
            &id,
            "--grund",
            "loesung",
            "--loesung",
            "iv-rente",
            "--datum",
            "2024-05-01",
        ])
        .ok()
        .stdout;
    assert!(status.contains("abgeschlossen"), "{status}");
    let k = r.json(&["rt", "report", "--von", "2024-01-01", "--bis", "2024-12-31"]);
    assert_eq!(k["eingang"]["anmeldungen"], 1);
    assert_eq!(k["eingang"]["anmeldende_institution"]["sh"], 1);
    assert_eq!(k["wirkungen"]["abschlussgruende"]["loesung"], 1);
    assert_eq!(k["leistungen"]["gespraeche"], 2);
    assert_eq!(k["leistungen"]["begleitete_prozesse"], 1);
    // Erasure reaches Roundtable cases too; the statistics stay the same.
    r.lauf(&["anonymisieren", &id, "--datum", "2024-05-02"])
        .ok();
    assert!(!r.journale().contains("Rita"));
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["person_geloescht"], true);
    assert_eq!(
        r.json(&["rt", "report", "--von", "2024-01-01", "--bis", "2024-12-31"]),
        k
    );
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn warnung_bei_weniger_als_drei_parteien_und_json() {
    let r = Reg::neu();
    let l = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "iv",
            "--name",
            "B",
            "--vorname",
            "C",
            "--ahv",
            &ahv(3),
            "--beteiligte",
            "iv",
            "--anliegen",
            "x",
            "--einverstaendnis",
            "--datum",
            "2024-03-01",
            "--format",
            "json",
        ])
        .ok();
    let j: serde_json::Value = serde_json::from_str(&l.stdout).unwrap();
    assert_eq!(j["fall"], "RT-2024-001");
    assert!(j["warnungen"][0].as_str().unwrap().contains("Nur 1 Partei"));
}

#[test]
fn offener_optima_fall_blockiert_keinen_roundtable_und_umgekehrt() {
    let r = Reg::neu();
    let opt = r.antrag("sh", "rav", 9, "2024-01-10");
    let rt = r.rt_anmeldung_von("Erika", 9, "2024-01-11");
    assert!(opt.starts_with("OPT-") && rt.starts_with("RT-"));
    // A second open Roundtable for the same person is refused.
    let l = r.lauf(&[
        "rt",
        "anmeldung",
        "--anmeldende-stelle",
        "rav",
        "--name",
        "Beispiel",
        "--vorname",
        "Erika",
        "--ahv",
        &ahv(9),
        "--beteiligte",
        "iv,sh",
        "--anliegen",
        "x",
        "--einverstaendnis",
        "--datum",
        "2024-01-12",
    ]);
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(l.stderr.contains(&rt));
}

#[test]
fn dokument_html_und_markdown() {
    let r = Reg::neu();
    let id = r.rt_anmeldung(4, "2024-03-01");
    gespraech(&r, &id, "2024-03-20");
    let md = r
        .lauf(&["rt", "dokument", &id, "--format", "md"])
        .ok()
        .stdout;
    assert!(md.starts_with("# Roundtable – Standortanalyse und Ziel- und Handlungsplan"));
    assert!(md.contains("| 1 | Arbeitsversuch organisieren | RAV | 30.06.2024 |"));
    assert!(md.contains("Person: Rita Beispiel"));
    let html = r
        .lauf(&["rt", "dokument", &id, "--format", "html"])
        .ok()
        .stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "self-contained"
    );
    // The office's header from the data directory.
    std::fs::write(
        r.pfad().join("rt-briefkopf.html"),
        "<b>Koordinationsstelle Test</b>",
    )
    .unwrap();
    let ziel = r
        .pfad()
        .join("..")
        .join(format!("plan-{}.html", std::process::id()));
    r.lauf(&[
        "rt",
        "dokument",
        &id,
        "--format",
        "html",
        "--ausgabe",
        ziel.to_str().unwrap(),
    ])
    .ok();
    let datei = std::fs::read_to_string(&ziel).unwrap();
    assert!(datei.contains("<b>Koordinationsstelle Test</b>"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let modus = std::fs::metadata(&ziel).unwrap().permissions().mode() & 0o777;
        assert_eq!(modus, 0o600, "the document names the person");
    }
    std::fs::remove_file(&ziel).unwrap();
}

#[test]
fn text_im_dokument_wird_maskiert() {
    let r = Reg::neu();
    let id = r.rt_anmeldung(5, "2024-03-01");
    r.lauf(&[
        "rt",
        "gespraech",
        &id,
        "--teilnehmer",
        "<script>alert(1)</script>",
        "--analyse",
        "A & B < C",
        "--ziele",
        "Z",
        "--aufgabe",
        "x|y|2024-06-30",
        "--fallfuehrung",
        "iv",
        "--datum",
        "2024-03-20",
    ])
    .ok();
    let html = r
        .lauf(&["rt", "dokument", &id, "--format", "html"])
        .ok()
        .stdout;
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("A &amp; B &lt; C"));
}

fn s(a: &[&str]) -> Vec<String> {
    a.iter().map(|x| x.to_string()).collect()
}

#[test]
fn verweigerungen() {
    let r = Reg::neu();
    let angemeldet = r.rt_anmeldung(11, "2024-03-01");
    let laufend = r.rt_anmeldung(12, "2024-03-01");
    gespraech(&r, &laufend, "2024-03-20");
    let kein = r.rt_anmeldung(13, "2024-03-01");
    r.lauf(&[
        "rt",
        "kein-prozess",
        &kein,
        "--grund",
        "geklärt",
        "--datum",
        "2024-03-02",
    ])
    .ok();
    let zu = r.rt_anmeldung(14, "2024-03-01");
    r.lauf(&[
        "rt",
        "abschluss",
        &zu,
        "--grund",
        "abbruch",
        "--datum",
        "2024-03-05",
    ])
    .ok();
    let opt = r.antrag("sh", "rav", 15, "2024-01-10");
    let neu = |extra: &[&str]| {
        let mut v = s(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "rav",
            "--name",
            "B",
            "--vorname",
            "C",
            "--ahv",
            &ahv(20),
            "--beteiligte",
            "iv,sh",
            "--anliegen",
            "x",
            "--einverstaendnis",
        ]);
        v.extend(s(extra));
        v
    };
    let ohne = |flag: &str| -> Vec<String> {
        let mut v = neu(&[]);
        if let Some(i) = v.iter().position(|x| x == flag) {
            v.remove(i);
            if !flag.ends_with("einverstaendnis") {
                v.remove(i);
            }
        }
        v
    };
    let g = |id: &str, extra: &[&str]| {
        let mut v = s(&["rt", "gespraech", id, "--teilnehmer", "IV"]);
        v.extend(s(extra));
        v
    };
    let faelle: Vec<(&str, Vec<String>, i32, &str)> = vec![
        (
            "ohne Einverständnis",
            ohne("--einverstaendnis"),
            3,
            "Einverständnis",
        ),
        (
            "ohne anmeldende Stelle",
            ohne("--anmeldende-stelle"),
            2,
            "--anmeldende-stelle",
        ),
        ("ohne Beteiligte", ohne("--beteiligte"), 2, "--beteiligte"),
        ("ohne Anliegen", ohne("--anliegen"), 2, "--anliegen"),
        ("ohne AHV", ohne("--ahv"), 2, "--ahv"),
        (
            "falsche AHV",
            {
                let mut v = ohne("--ahv");
                v.extend(s(&["--ahv", "756.1234.5678.90"]));
                v
            },
            3,
            "AHV-Nummer",
        ),
        (
            "andere ohne Text",
            {
                let mut v = ohne("--anmeldende-stelle");
                v.extend(s(&["--anmeldende-stelle", "andere"]));
                v
            },
            2,
            "--anmeldende-stelle-text",
        ),
        (
            "unbekannte Stelle",
            {
                let mut v = ohne("--anmeldende-stelle");
                v.extend(s(&["--anmeldende-stelle", "gemeinde"]));
                v
            },
            2,
            "erlaubt",
        ),
        (
            "unbekannte Beteiligte",
            {
                let mut v = ohne("--beteiligte");
                v.extend(s(&["--beteiligte", "polizei"]));
                v
            },
            2,
            "erlaubt",
        ),
        ("unbekannter Kanal", neu(&["--kanal", "fax"]), 2, "erlaubt"),
        (
            "Datum in der Zukunft",
            neu(&["--datum", "2999-01-01"]),
            3,
            "Zukunft",
        ),
        (
            "ungültiges Datum",
            neu(&["--datum", "2024-02-30"]),
            2,
            "kein gültiges Datum",
        ),
        (
            "Geburtsdatum nach Anmeldung",
            neu(&["--datum", "2024-03-01", "--geburtsdatum", "2024-05-01"]),
            3,
            "Geburtsdatum",
        ),
        (
            "zweiter offener Roundtable",
            {
                let mut v = ohne("--ahv");
                v.extend(s(&["--ahv", &ahv(11)]));
                for (flag, wert) in [("--name", "Beispiel"), ("--vorname", "Rita")] {
                    let i = v.iter().position(|x| x == flag).unwrap();
                    v[i + 1] = wert.into();
                }
                v
            },
            3,
            &angemeldet,
        ),
        (
            "gleiche AHV-Nummer, andere Person",
            {
                let mut v = ohne("--ahv");
                v.extend(s(&["--ahv", &ahv(11)]));
                v
            },
            3,
            "mit anderem Name und Vorname erfasst",
        ),
        (
            "Steuerzeichen im Anliegen",
            {
                let mut v = ohne("--anliegen");
                v.extend(s(&["--anliegen", "a\u{1b}[31mb"]));
                v
            },
            2,
            "--anliegen",
        ),
        (
            "erstes Gespräch ohne Analyse",
            g(
                &angemeldet,
                &[
                    "--ziele",
                    "Z",
                    "--aufgabe",
                    "x|y|2024-06-30",
                    "--fallfuehrung",
                    "iv",
                    "--datum",
                    "2024-03-10",
                ],
            ),
            3,
            "--analyse",
        ),
        (
            "erstes Gespräch ohne Aufgabe",
            g(
                &angemeldet,
                &[
                    "--analyse",
                    "A",
                    "--ziele",
                    "Z",
                    "--fallfuehrung",
                    "iv",
                    "--datum",
                    "2024-03-10",
                ],
            ),
            3,
            "--aufgabe",
        ),
        (
            "erstes Gespräch ohne Fallführung",
            g(
                &angemeldet,
                &[
                    "--analyse",
                    "A",
                    "--ziele",
                    "Z",
                    "--aufgabe",
                    "x|y|2024-06-30",
                    "--datum",
                    "2024-03-10",
                ],
            ),
            3,
            "--fallfuehrung",
        ),
        (
            "Aufgabe ohne Frist",
            g(&laufend, &["--aufgabe", "nur was", "--datum", "2024-04-01"]),
            2,
            "WAS|WER|BIS",
        ),
        (
            "Aufgabe mit falschem Datum",
            g(
                &laufend,
                &["--aufgabe", "x|y|morgen", "--datum", "2024-04-01"],
            ),
            2,
            "kein gültiges Datum",
        ),
        (
            "Frist vor dem Gespräch",
            g(
                &laufend,
                &["--aufgabe", "x|y|2024-03-31", "--datum", "2024-04-01"],
            ),
            3,
            "Frist",
        ),
        (
            "nächstes Gespräch am selben Tag",
            g(
                &laufend,
                &[
                    "--naechstes-gespraech",
                    "2024-04-01",
                    "--datum",
                    "2024-04-01",
                ],
            ),
            3,
            "nächste Gespräch",
        ),
        (
            "Gespräch vor dem letzten Ereignis",
            g(&laufend, &["--datum", "2024-03-10"]),
            3,
            "vor dem letzten Ereignis",
        ),
        (
            "Gespräch ohne Teilnehmende",
            s(&["rt", "gespraech", &laufend, "--datum", "2024-04-01"]),
            2,
            "--teilnehmer",
        ),
        (
            "Gespräch nach kein-prozess",
            g(&kein, &["--datum", "2024-04-01"]),
            3,
            "ohne Prozess",
        ),
        (
            "Gespräch nach Abschluss",
            g(&zu, &["--datum", "2024-04-01"]),
            3,
            "abgeschlossen",
        ),
        (
            "kein-prozess nach Gespräch",
            s(&[
                "rt",
                "kein-prozess",
                &laufend,
                "--grund",
                "x",
                "--datum",
                "2024-04-01",
            ]),
            3,
            "nur vorher",
        ),
        (
            "kein-prozess ohne Grund",
            s(&["rt", "kein-prozess", &angemeldet]),
            2,
            "--grund",
        ),
        (
            "Abschluss nach kein-prozess",
            s(&[
                "rt",
                "abschluss",
                &kein,
                "--grund",
                "andere",
                "--datum",
                "2024-04-01",
            ]),
            3,
            "ohne Prozess",
        ),
        (
            "Abschluss zweimal",
            s(&[
                "rt",
                "abschluss",
                &zu,
                "--grund",
                "andere",
                "--datum",
                "2024-04-01",
            ]),
            3,
            "abgeschlossen",
        ),
        (
            "Lösung ohne Grund Lösung",
            s(&[
                "rt",
                "abschluss",
                &laufend,
                "--grund",
                "arbeitsmarkt",
                "--loesung",
                "iv-rente",
                "--datum",
                "2024-04-01",
            ]),
            3,
            "--loesung",
        ),
        (
            "unbekannter Abschlussgrund",
            s(&["rt", "abschluss", &laufend, "--grund", "super"]),
            2,
            "erlaubt",
        ),
        (
            "unbekannte Aufgabe",
            s(&[
                "rt",
                "aufgabe",
                &laufend,
                "9",
                "--erledigt",
                "--datum",
                "2024-04-01",
            ]),
            3,
            "keine Aufgabe Nr. 9",
        ),
        (
            "Aufgabe ohne --erledigt",
            s(&["rt", "aufgabe", &laufend, "1"]),
            2,
            "--erledigt",
        ),
        (
            "Begleitung ohne Notiz",
            s(&["rt", "begleitung", &laufend]),
            2,
            "--notiz",
        ),
        (
            "Begleitung nach Abschluss",
            s(&[
                "rt",
                "begleitung",
                &zu,
                "--notiz",
                "x",
                "--datum",
                "2024-04-01",
            ]),
            3,
            "abgeschlossen",
        ),
        (
            "Roundtable-Befehl für OPTIMA-Fall",
            s(&["rt", "begleitung", &opt, "--notiz", "x"]),
            4,
            "anderen Angebot",
        ),
        (
            "OPTIMA-Befehl für Roundtable",
            s(&["annehmen", &angemeldet]),
            4,
            "Fälle OPT-",
        ),
        (
            "unbekannter Roundtable",
            s(&["rt", "begleitung", "RT-2024-099", "--notiz", "x"]),
            4,
            "gibt es nicht",
        ),
        (
            "Dokument ohne Gespräch",
            s(&["rt", "dokument", &angemeldet, "--format", "html"]),
            3,
            "noch kein Gespräch",
        ),
        (
            "Dokument für fehlendes Gespräch",
            s(&[
                "rt",
                "dokument",
                &laufend,
                "--gespraech",
                "7",
                "--format",
                "md",
            ]),
            3,
            "kein Gespräch Nr. 7",
        ),
        (
            "Dokument als csv",
            s(&["rt", "dokument", &laufend, "--format", "csv"]),
            2,
            "html oder md",
        ),
        (
            "html für die Liste",
            s(&["liste", "--format", "html"]),
            2,
            "nur für Dokumente",
        ),
        (
            "Anonymisieren eines offenen Roundtables",
            s(&["anonymisieren", &laufend]),
            3,
            "noch offen",
        ),
        (
            "rt report von nach bis",
            s(&["rt", "report", "--von", "2024-02-01", "--bis", "2024-01-01"]),
            2,
            "liegt nach",
        ),
    ];
    assert!(faelle.len() >= 25, "{} Fälle", faelle.len());
    for (name, args, code, meldung) in &faelle {
        let vorher = r.schnappschuss();
        let mut c = r.cmd();
        c.args(args).arg("--no-input");
        let out = c.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(*code), "{name}: stderr {stderr}");
        assert!(stderr.starts_with("Fehler: "), "{name}: {stderr}");
        assert!(
            stderr.contains(meldung),
            "{name}: erwartet '{meldung}' in {stderr}"
        );
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "{name}: eine Zeile: {stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "{name}: stdout {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(vorher == r.schnappschuss(), "{name}: Register verändert");
    }
}

#[test]
fn dokument_im_browser_ist_eine_a4_seite() {
    let Some(browser) = chromium() else {
        werkzeug_fehlt(
            "kein Chromium installiert (Debian-Paket 'chromium') – die Darstellung von 'rt dokument' wurde nicht im Browser geprüft.",
        );
        return;
    };
    let r = Reg::neu();
    let id = r.rt_anmeldung(6, "2024-03-01");
    r.lauf(&[
        "rt",
        "gespraech",
        &id,
        "--teilnehmer",
        "Klientin",
        "--teilnehmer",
        "Case Managerin KTG",
        "--teilnehmer",
        "IV Luzern",
        "--teilnehmer",
        "RAV Luzern",
        "--analyse",
        "Arbeitsunfähigkeit 50 % im angestammten Beruf; der Arbeitsplatz ist nicht mehr geeignet. Taggeld endet im Dezember.",
        "--ziele",
        "Neue Stelle mit angepasstem Pensum; finanzielle Überbrückung gesichert.",
        "--aufgabe",
        "Frühintervention prüfen|IV Luzern|2024-04-30",
        "--aufgabe",
        "Anmeldung zur Stellensuche|Klientin|2024-04-15",
        "--aufgabe",
        "Stellensuche mit Job-Coach|RAV Luzern|2024-06-30",
        "--fallfuehrung",
        "iv",
        "--fallfuehrung-person",
        "IV-Eingliederungsfachperson",
        "--naechstes-gespraech",
        "2024-07-01",
        "--datum",
        "2024-03-20",
    ])
    .ok();
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("plan.html");
    let pdf = dir.path().join("plan.pdf");
    r.lauf(&[
        "rt",
        "dokument",
        &id,
        "--format",
        "html",
        "--ausgabe",
        html.to_str().unwrap(),
    ])
    .ok();
    chromium_lauf(
        &browser,
        &dir.path().join("profil"),
        &format!("--print-to-pdf={}", pdf.display()),
        &html,
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "no PDF written");
    assert!(bytes.len() > 5_000, "PDF too small: {} bytes", bytes.len());
    assert_eq!(pdf_seiten(&bytes), 1, "a typical plan fits one A4 page");
    // A4 is 595 x 842 points (Chromium writes "/MediaBox [0 0 594.95996 841.91998]").
    let text = String::from_utf8_lossy(&bytes);
    let media = text
        .split("/MediaBox [")
        .nth(1)
        .and_then(|r| r.split(']').next())
        .unwrap_or_default();
    let masse: Vec<f64> = media
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    assert_eq!(masse.len(), 4, "MediaBox: {media}");
    assert!(
        (masse[2] - 595.0).abs() < 1.0 && (masse[3] - 842.0).abs() < 1.0,
        "not A4: {media}"
    );
}
