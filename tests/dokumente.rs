//! The papers the office hands out (spec §14): `iiz dokument`, `iiz versand`,
//! `iiz dokument --pruefen`, the one document model behind `rt dokument`, and how they look
//! on paper (headless Chromium, then the page as pixels).

use crate::common::*;
use std::path::Path;

/// The example case SH → IV with a handover, a cost approval, a progress meeting and the
/// closure (`examples/sh-an-iv-massnahme.jsonl`).
fn beispiel() -> (Reg, String) {
    let r = Reg::neu();
    let l = r
        .lauf(&["import", "examples/sh-an-iv-massnahme.jsonl"])
        .ok();
    let id = serde_json::from_str::<serde_json::Value>(l.stdout.lines().next().unwrap())
        .unwrap()["fall"]
        .as_str()
        .unwrap()
        .to_string();
    (r, id)
}

fn md(r: &Reg, args: &[&str]) -> String {
    let mut a = vec!["dokument"];
    a.extend(args);
    a.extend(["--format", "md"]);
    r.lauf(&a).ok().stdout
}

#[test]
fn die_papiere_eines_optima_falls() {
    let (r, id) = beispiel();
    let uebergabe = md(&r, &[&id, "uebergabe"]);
    for erwartet in [
        "# Gesprächsnotiz Übergabegespräch",
        "- Person: Reto Beispiel",
        "- Beginn der Fallarbeit: 16.04.2024",
        "- Nächstes Standortgespräch: 03.06.2024",
        "Arbeitsversuch im ersten Arbeitsmarkt",
        "dass sie arbeiten kann und arbeiten will",
        "Alle Teilnehmenden haben den Inhalten dieser Gesprächsnotiz",
        "wird nicht unterschrieben",
    ] {
        assert!(uebergabe.contains(erwartet), "{erwartet}: {uebergabe}");
    }
    let kgs = md(&r, &[&id, "kostengutsprache", "1"]);
    for erwartet in [
        "# Kostengutsprache Nr. 1",
        "Sozialdienst Kriens (Sozialhilfe)",
        "- AHV-Nummer: 756.0009.0000.41",
        "- Massnahme: Job-Coaching",
        "- Dauer: Mai–Juli 2024",
        "CHF 3'600.00",
        "- Anbieter: Coaching Zentralschweiz",
        "Es werden keine zusätzlichen Spesen übernommen.",
        "innerhalb von 10 Tagen",
        "Sozialdienst Kriens: Vorname, Name, Datum, Unterschrift: ___",
        "- Dossier",
    ] {
        assert!(kgs.contains(erwartet), "{erwartet}: {kgs}");
    }
    let standort = md(&r, &[&id, "standort", "1"]);
    assert!(standort.contains("Arbeitsversuch läuft gut"), "{standort}");
    assert!(standort.contains("- Nächstes Standortgespräch: 05.08.2024"));
    assert!(standort.contains("Die Fallarbeit wird weitergeführt."));
    let abschluss = md(
        &r,
        &[&id, "abschluss", "--beilage", "Kopie des Arbeitsvertrags"],
    );
    for erwartet in [
        "# Gesprächsnotiz Abschlussgespräch",
        "- Ergebnis: ",
        "- Anlass: das Ziel ist erreicht",
        "Festanstellung 80 %",
        "- Kopie des Arbeitsvertrags",
        "kein Abschlussbericht",
        "abgerechnet, CHF 3'420.50",
    ] {
        assert!(abschluss.contains(erwartet), "{erwartet}: {abschluss}");
    }
    // Dated with the events, never with today.
    let heute = chrono::Local::now().format("%d.%m.%Y").to_string();
    for d in [&uebergabe, &kgs, &standort, &abschluss] {
        assert!(!d.contains(&heute), "{d}");
    }
    // Every display of the person is in the access log.
    let zugriffe = r.json(&["zugriffe"]);
    let befehle: Vec<&str> = zugriffe
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|z| z["befehl"].as_str())
        .collect();
    assert_eq!(
        befehle.iter().filter(|b| **b == "dokument").count(),
        4,
        "{zugriffe}"
    );
}

#[test]
fn gleiche_bytes_fuer_dasselbe_journal_und_fassung_2_nach_korrektur() {
    let (r, id) = beispiel();
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.html");
    let b = dir.path().join("b.html");
    for p in [&a, &b] {
        r.lauf(&[
            "dokument",
            &id,
            "uebergabe",
            "--ausgabe",
            p.to_str().unwrap(),
        ])
        .ok();
    }
    let erstes = std::fs::read(&a).unwrap();
    assert_eq!(
        erstes,
        std::fs::read(&b).unwrap(),
        "same journal, same bytes"
    );
    let html = String::from_utf8(erstes).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("Fassung"));
    assert!(!html.contains("http"), "self-contained");
    // The handover corrected (line 3): the note says which version it is.
    r.lauf(&[
        "uebergabe",
        &id,
        "--ersetzt",
        "3",
        "--strategie",
        "Arbeitsversuch mit Job-Coaching",
        "--begruendung",
        "Strategie genauer",
    ])
    .ok();
    let neu = md(&r, &[&id, "uebergabe"]);
    let heute = chrono::Local::now().format("%d.%m.%Y").to_string();
    assert!(
        neu.contains(&format!("Fassung 2 vom {heute}, ersetzt Fassung 1")),
        "{neu}"
    );
    assert!(neu.contains("Arbeitsversuch mit Job-Coaching"));
    assert!(
        neu.contains("- Gespräch vom: 16.04.2024"),
        "the event's date stays"
    );
}

#[test]
fn falsche_wahl_sagt_was_zu_tun_ist_und_schreibt_nichts() {
    let (r, id) = beispiel();
    let dir = tempfile::tempdir().unwrap();
    let ziel = dir.path().join("x.html");
    let z = ziel.to_str().unwrap();
    for (args, code, text) in [
        (
            vec!["dokument", &id, "kostengutsprache"],
            2,
            "Welche Nummer?",
        ),
        (
            vec!["dokument", &id, "uebergabe", "2"],
            2,
            "hat keine Nummer",
        ),
        (
            vec!["dokument", &id, "kostengutsprache", "7"],
            3,
            "keine Kostengutsprache Nr. 7",
        ),
        (
            vec!["dokument", &id, "standort", "2"],
            3,
            "kein Standortgespräch Nr. 2",
        ),
        (vec!["dokument", &id, "befreiung"], 3, "RAV → Sozialhilfe"),
        (
            vec!["dokument", &id, "uebergabe", "--beilage", "x"],
            2,
            "--beilage gehört zur Abschlussnotiz",
        ),
        (
            vec!["dokument", "RT-2024-001", "uebergabe"],
            4,
            "gehört zu einem anderen Angebot",
        ),
        (vec!["dokument", &id], 2, ""),
    ] {
        let mut a = args.clone();
        a.extend(["--ausgabe", z]);
        let vorher = r.schnappschuss();
        let l = r.lauf(&a);
        assert_eq!(l.code, code, "{args:?}: {}", l.stderr);
        assert!(l.stderr.contains(text), "{args:?}: {}", l.stderr);
        assert!(!ziel.exists(), "{args:?}: a file was written");
        assert!(
            vorher == r.schnappschuss(),
            "{args:?}: the register changed"
        );
    }
    // A case not yet handed over has no handover note.
    let neu = r.antrag("sh", "rav", 50, "2024-05-02");
    let l = r.lauf(&["dokument", &neu, "uebergabe"]);
    assert_eq!(l.code, 3);
    assert!(
        l.stderr.contains("noch kein Übergabegespräch"),
        "{}",
        l.stderr
    );
}

#[test]
fn befreiung_bei_rav_an_sozialhilfe() {
    let r = Reg::neu();
    let id = r.laufend("rav", "sh", 51);
    let v = md(&r, &[&id, "befreiung"]);
    for erwartet in [
        "# Vereinbarung / ALV",
        &format!("- SV-Nr.: {}", ahv(51)),
        "- Befreiung: vom 01.02.2024 bis 31.07.2024",
        "von der Kontrollpflicht bzw. von der Stellensuche befreit",
        "keine Reisekosten oder Spesen",
        "Angaben der versicherten Person",
        "Datum und Unterschrift der versicherten Person: ___",
    ] {
        assert!(v.contains(erwartet), "{erwartet}: {v}");
    }
}

#[test]
fn versand_festhalten_zeigen_und_datei_wiedererkennen() {
    let (r, id) = beispiel();
    let dir = tempfile::tempdir().unwrap();
    let kgs = dir.path().join("kgs-1.html");
    r.lauf(&[
        "dokument",
        &id,
        "kostengutsprache",
        "1",
        "--ausgabe",
        kgs.to_str().unwrap(),
    ])
    .ok();
    let l = r
        .lauf(&[
            "versand",
            &id,
            "--dokument",
            "kostengutsprache:1",
            "--an",
            "Frau Versandprobe, Sozialdienst Kriens",
            "--datum",
            "2024-04-23",
        ])
        .ok();
    assert!(
        l.stdout.contains("Versand von kostengutsprache:1"),
        "{}",
        l.stdout
    );
    r.lauf(&[
        "versand",
        &id,
        "--dokument",
        "uebergabe",
        "--an",
        "Sozialdienst Kriens",
        "--an",
        "IV Luzern",
        "--datum",
        "2024-04-24",
    ])
    .ok();
    // The recipients are the case's free text: not in the journal in clear.
    assert!(
        !r.journale()
            .contains("Frau Versandprobe, Sozialdienst Kriens")
    );
    let z = r.json(&["zeige", &id]);
    let versand = z["versand"].as_array().unwrap();
    assert_eq!(versand.len(), 2, "{z}");
    assert_eq!(versand[0]["dokument"], "kostengutsprache:1");
    assert_eq!(
        versand[0]["an"][0],
        "Frau Versandprobe, Sozialdienst Kriens"
    );
    assert_eq!(versand[1]["an"][1], "IV Luzern");
    assert_eq!(versand[0]["datum"], "2024-04-23");
    let text = r.lauf(&["zeige", &id]).ok().stdout;
    assert!(
        text.contains("Versand") && text.contains("IV Luzern"),
        "{text}"
    );
    // The file handed out is recognised …
    let l = r
        .lauf(&["dokument", "--pruefen", kgs.to_str().unwrap()])
        .ok();
    assert!(
        l.stdout.contains(&format!(
            "ist das Dokument kostengutsprache:1 von Fall {id}, versandt am 23.04.2024"
        )),
        "{}",
        l.stdout
    );
    let j = r.json(&["dokument", "--pruefen", kgs.to_str().unwrap()]);
    assert_eq!(j["versand"][0]["fall"], id.as_str());
    // … a changed one is not (exit 3), nor a file never sent.
    let mut geaendert = std::fs::read_to_string(&kgs).unwrap();
    geaendert = geaendert.replace("Job-Coaching", "Job-Coaching und Kurs");
    assert!(geaendert.contains("und Kurs"));
    let falsch = dir.path().join("falsch.html");
    std::fs::write(&falsch, geaendert).unwrap();
    let l = r.lauf(&["dokument", "--pruefen", falsch.to_str().unwrap()]);
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(l.stderr.contains("gehört zu keinem erfassten Versand"));
    // A dispatch before the document's date, or in the future: refused, nothing written.
    let vorher = r.schnappschuss();
    for datum in ["2024-04-21", "2099-01-01"] {
        let l = r.lauf(&[
            "versand",
            &id,
            "--dokument",
            "kostengutsprache:1",
            "--an",
            "x",
            "--datum",
            datum,
        ]);
        assert_eq!(l.code, 3, "{datum}: {}", l.stderr);
    }
    for (dokument, an) in [
        ("plan:1", "x"),
        ("kostengutsprache:x", "x"),
        ("brief", "x"),
        ("uebergabe", " "),
    ] {
        let l = r.lauf(&["versand", &id, "--dokument", dokument, "--an", an]);
        assert_eq!(l.code, 2, "{dokument}: {}", l.stderr);
    }
    assert!(vorher == r.schnappschuss());
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn versand_des_roundtable_plans() {
    let r = Reg::neu();
    let id = r.rt_anmeldung(52, "2024-03-01");
    r.lauf(&[
        "rt",
        "gespraech",
        &id,
        "--teilnehmer",
        "IV Luzern",
        "--analyse",
        "a",
        "--ziele",
        "z",
        "--aufgabe",
        "Abklären|IV|2024-04-30",
        "--fallfuehrung",
        "iv",
        "--datum",
        "2024-03-20",
    ])
    .ok();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.html");
    r.lauf(&["rt", "dokument", &id, "--ausgabe", plan.to_str().unwrap()])
        .ok();
    let html = std::fs::read_to_string(&plan).unwrap();
    // Dated with the meeting, not the day it was printed.
    assert!(html.contains("Nr. 1 vom 20.03.2024"));
    assert!(!html.contains(&chrono::Local::now().format("%d.%m.%Y").to_string()));
    r.lauf(&[
        "versand",
        &id,
        "--dokument",
        "plan:1",
        "--an",
        "IV Luzern",
        "--datum",
        "2024-03-21",
    ])
    .ok();
    let l = r
        .lauf(&["dokument", "--pruefen", plan.to_str().unwrap()])
        .ok();
    assert!(
        l.stdout.contains(&format!("plan:1 von Fall {id}")),
        "{}",
        l.stdout
    );
    let l = r.lauf(&["versand", &id, "--dokument", "uebergabe", "--an", "x"]);
    assert_eq!(l.code, 2, "an OPTIMA paper of a Roundtable");
}

#[test]
fn pruefen_wartet_nicht_auf_eine_fifo_und_liest_kein_verzeichnis() {
    let (r, _) = beispiel();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.html");
    #[cfg(unix)]
    {
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            let l = r.lauf(&["dokument", "--pruefen", fifo.to_str().unwrap()]);
            assert_eq!(l.code, 2, "{}", l.stderr);
            assert!(l.stderr.contains("keine gewöhnliche Datei"));
        }
    }
    let l = r.lauf(&["dokument", "--pruefen", dir.path().to_str().unwrap()]);
    assert_eq!(l.code, 2);
}

/// Gray pixels of page 1 of a PDF (`pdftoppm -gray`, PGM): width, height, bytes.
fn seite_als_pixel(pdf: &Path, dpi: u32) -> Option<(usize, usize, Vec<u8>)> {
    let aus = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .ok()?;
    let b = aus.stdout;
    // "P5\n<w> <h>\n255\n" then the pixels.
    let mut teile = Vec::new();
    let mut i = 0;
    while teile.len() < 4 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !b[i].is_ascii_whitespace() {
            i += 1;
        }
        teile.push(String::from_utf8_lossy(&b[start..i]).into_owned());
    }
    assert_eq!(teile[0], "P5");
    let (w, h): (usize, usize) = (teile[1].parse().ok()?, teile[2].parse().ok()?);
    Some((w, h, b[i + 1..].to_vec()))
}

/// Documents as a person sees them: each typical paper on one A4 page, nothing drawn in the
/// page margins (no table border or text cut off at the edge).
#[test]
fn auf_papier_eine_seite_und_nichts_im_rand() {
    let Some(browser) = chromium() else {
        werkzeug_fehlt(
            "kein Chromium installiert (Debian-Paket 'chromium') – die Dokumente wurden nicht im Browser geprüft.",
        );
        return;
    };
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        werkzeug_fehlt(
            "kein pdftoppm (Debian-Paket 'poppler-utils') – die Seitenränder wurden nicht geprüft.",
        );
        return;
    }
    let (r, id) = beispiel();
    let rt = r.rt_anmeldung(53, "2024-03-01");
    r.lauf(&[
        "rt",
        "gespraech",
        &rt,
        "--teilnehmer",
        "IV Luzern",
        "--analyse",
        "Arbeitsunfähigkeit 50 % im angestammten Beruf; der Arbeitsplatz ist nicht mehr geeignet.",
        "--ziele",
        "Neue Stelle mit angepasstem Pensum",
        "--aufgabe",
        "Eine sehr lange Aufgabenbeschreibung, die in der Tabelle umbrechen muss, statt über den rechten Rand hinaus zu laufen: Frühintervention prüfen, Arbeitgeber kontaktieren, Arztzeugnis einholen|IV-Eingliederungsfachperson der IV-Stelle Luzern|2024-04-30",
        "--fallfuehrung",
        "iv",
        "--datum",
        "2024-03-20",
    ])
    .ok();
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("uebergabe", vec!["dokument", id.as_str(), "uebergabe"]),
        (
            "kgs",
            vec!["dokument", id.as_str(), "kostengutsprache", "1"],
        ),
        ("abschluss", vec!["dokument", id.as_str(), "abschluss"]),
        ("plan", vec!["rt", "dokument", rt.as_str()]),
    ] {
        let html = dir.path().join(format!("{name}.html"));
        let pdf = dir.path().join(format!("{name}.pdf"));
        let mut a = args.clone();
        a.extend(["--ausgabe", html.to_str().unwrap()]);
        r.lauf(&a).ok();
        chromium_lauf(
            &browser,
            &dir.path().join("profil"),
            &format!("--print-to-pdf={}", pdf.display()),
            &html,
        );
        let bytes = std::fs::read(&pdf).unwrap();
        assert_eq!(pdf_seiten(&bytes), 1, "{name}: one A4 page");
        let (w, h, px) = seite_als_pixel(&pdf, 50).expect("pdftoppm");
        // A4 at 50 dpi: 413 × 585 pixels; the margins are 18–20 mm (35–39 px). Nothing may
        // be drawn in the outer 12 mm (24 px) on any side.
        assert!(
            (400..430).contains(&w) && (570..600).contains(&h),
            "{w}×{h}"
        );
        let rand = 24;
        for y in 0..h {
            for x in 0..w {
                if x < rand || x >= w - rand || y < rand || y >= h - rand {
                    assert!(
                        px[y * w + x] > 200,
                        "{name}: drawn in the margin at ({x}, {y}) of {w}×{h}"
                    );
                }
            }
        }
        // And something is on the page.
        assert!(
            px.iter().filter(|p| **p < 128).count() > 500,
            "{name}: empty page"
        );
    }
}

/// The Roundtable plan cycle (spec §14): goals and open tasks carried forward, done tasks
/// marked, the agreement of the binding plan recorded (`--vereinbart`) and shown.
#[test]
fn roundtable_plan_traegt_ziele_und_aufgaben_weiter() {
    let r = Reg::neu();
    let id = r.rt_anmeldung(54, "2024-03-01");
    r.lauf(&[
        "rt",
        "gespraech",
        &id,
        "--teilnehmer",
        "IV Luzern",
        "--teilnehmer",
        "RAV Emmen",
        "--analyse",
        "a",
        "--ziele",
        "Arbeitsversuch 50 %",
        "--aufgabe",
        "Arztzeugnis einholen|IV|2024-04-15",
        "--aufgabe",
        "Einsatzbetrieb suchen|RAV|2024-05-31",
        "--fallfuehrung",
        "iv",
        "--vereinbart",
        "--datum",
        "2024-03-20",
    ])
    .ok();
    r.lauf(&[
        "rt",
        "aufgabe",
        &id,
        "1",
        "--erledigt",
        "--datum",
        "2024-04-10",
    ])
    .ok();
    r.lauf(&[
        "rt",
        "gespraech",
        &id,
        "--teilnehmer",
        "IV Luzern",
        "--aufgabe",
        "Arbeitsvertrag prüfen|IV|2024-07-15",
        "--datum",
        "2024-05-02",
    ])
    .ok();
    let erstes = r
        .lauf(&["rt", "dokument", &id, "--gespraech", "1", "--format", "md"])
        .ok()
        .stdout;
    assert!(
        erstes.contains("**Vereinbart am 20.03.2024 von: IV Luzern, RAV Emmen**"),
        "{erstes}"
    );
    let zweites = r
        .lauf(&["rt", "dokument", &id, "--format", "md"])
        .ok()
        .stdout;
    for erwartet in [
        "Arbeitsversuch 50 %",
        "(weiter gültig, vereinbart im Gespräch Nr. 1 vom 20.03.2024)",
        "| 3 | Arbeitsvertrag prüfen | IV | 15.07.2024 | neu |",
        "| 2 | Einsatzbetrieb suchen | RAV | 31.05.2024 | offen (aus Gespräch Nr. 1) |",
        "| 1 | Arztzeugnis einholen | IV | 15.04.2024 | erledigt am 10.04.2024 |",
        "Vereinbart am ………",
    ] {
        assert!(zweites.contains(erwartet), "{erwartet}: {zweites}");
    }
    // The meeting's agreement is on the case sheet and kept by a correction.
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["gespraeche"][0]["vereinbart"], true, "{z}");
    assert!(z["gespraeche"][1].get("vereinbart").is_none());
    r.lauf(&[
        "rt",
        "gespraech",
        &id,
        "--ersetzt",
        "2",
        "--analyse",
        "genauer",
        "--begruendung",
        "Analyse ergänzt",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["gespraeche"][0]["vereinbart"], true, "kept: {z}");
    assert!(
        r.lauf(&["zeige", &id])
            .ok()
            .stdout
            .contains("Plan vereinbart")
    );
}

/// The office's header (`briefkopf.html`) heads every document, the annual report too; a
/// header that is no regular file is refused before anything is written.
#[test]
fn briefkopf_fuer_alle_dokumente() {
    let (r, id) = beispiel();
    std::fs::write(
        r.pfad().join("briefkopf.html"),
        "<strong>Sozialdienst Beispielhausen</strong>",
    )
    .unwrap();
    let html = r.lauf(&["dokument", &id, "uebergabe"]).ok().stdout;
    assert!(html.contains("<header><strong>Sozialdienst Beispielhausen</strong></header>"));
    let jb = r
        .lauf(&["jahresbericht", "--jahr", "2024", "--format", "html"])
        .ok()
        .stdout;
    assert!(jb.contains("Sozialdienst Beispielhausen"));
    std::fs::remove_file(r.pfad().join("briefkopf.html")).unwrap();
    std::fs::create_dir(r.pfad().join("briefkopf.html")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ziel = dir.path().join("u.html");
    let l = r.lauf(&[
        "dokument",
        &id,
        "uebergabe",
        "--ausgabe",
        ziel.to_str().unwrap(),
    ]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(l.stderr.contains("keine gewöhnliche Datei"), "{}", l.stderr);
    assert!(!ziel.exists());
}
