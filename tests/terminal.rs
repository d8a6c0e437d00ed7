//! The terminal experience: prompts for missing values through a real pseudo-terminal,
//! errors without one, completions, help.
#![cfg(unix)]

use crate::common::*;
use rexpect::session::spawn_command;

fn iiz_im_terminal(r: &Reg, args: &[&str]) -> rexpect::session::PtySession {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("iiz"));
    c.args(args)
        .env("IIZ_DATA_DIR", r.pfad())
        .env("IIZ_BENUTZER", "test")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_command(c, Some(10_000)).unwrap()
}

const RUNTER: &str = "\x1b[B";

#[test]
fn antrag_fragt_fehlende_angaben_nach() {
    let r = Reg::neu();
    let mut p = iiz_im_terminal(&r, &["antrag", "--datum", "2024-03-01"]);
    p.exp_string("Zuweisende Stelle").unwrap();
    p.send(&format!("{RUNTER}\r")).unwrap(); // rav
    p.flush().unwrap();
    p.exp_string("Aufnehmende Stelle").unwrap();
    p.send(&format!("{RUNTER}{RUNTER}\r")).unwrap(); // sh
    p.flush().unwrap();
    p.exp_string("Name der Person").unwrap();
    p.send("Muster\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Vorname der Person").unwrap();
    p.send("Anna\r").unwrap();
    p.flush().unwrap();
    p.exp_string("AHV-Nummer").unwrap();
    // A wrong check digit is refused as typed, then asked again.
    p.send("756.1234.5678.90\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Fehler: Die AHV-Nummer ist ung").unwrap();
    p.send(&format!("{}\r", ahv(123))).unwrap();
    p.flush().unwrap();
    p.exp_string("Arbeitsangebot").unwrap();
    p.send(&format!("{RUNTER}\r")).unwrap(); // nicht-intakt
    p.flush().unwrap();
    p.exp_string("Ziel des Auftrags").unwrap();
    p.send("Wohnung finden\r").unwrap();
    p.flush().unwrap();
    p.exp_string("integralen Fallf").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("einverstanden").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen?").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("OPT-2024-001").unwrap();
    p.exp_eof().unwrap();
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["antrag"]["von"], "rav");
    assert_eq!(z["antrag"]["an"], "sh");
    assert_eq!(z["antrag"]["arbeitsangebot"], "nicht-intakt");
    assert_eq!(z["person"]["vorname"], "Anna");
    assert_eq!(z["zielgruppe"], "G");
    assert_eq!(z["antrag"]["fallfuehrung_bestaetigt"], true);
    assert_eq!(z["antrag"]["kriterien"], serde_json::json!([]));
}

#[test]
fn abbruch_bei_der_zusammenfassung_schreibt_nichts() {
    let r = Reg::neu();
    let id = r.antrag("sh", "rav", 7, "2024-01-10");
    let vorher = r.schnappschuss();
    let mut p = iiz_im_terminal(&r, &["abschluss", &id, "--datum", "2024-01-11"]);
    p.exp_string("Abschlussgrund").unwrap();
    p.send(&format!("{RUNTER}{RUNTER}{RUNTER}\r")).unwrap(); // sonstige
    p.flush().unwrap();
    p.exp_string("Anlass").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    // The case is only applied for: the rules refuse, nothing is written.
    p.exp_string("noch nicht angenommen").unwrap();
    p.exp_eof().unwrap();
    assert!(vorher == r.schnappschuss());

    let mut p = iiz_im_terminal(
        &r,
        &[
            "antrag",
            "--von",
            "sh",
            "--an",
            "rav",
            "--arbeitsangebot",
            "intakt",
            "--einverstaendnis",
            "--ziel",
            "x",
            "--datum",
            "2024-03-01",
        ],
    );
    p.exp_string("Name der Person").unwrap();
    p.send("Muster\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Vorname der Person").unwrap();
    p.send("Max\r").unwrap();
    p.flush().unwrap();
    p.exp_string("AHV-Nummer").unwrap();
    p.send(&format!("{}\r", ahv(124))).unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen?").unwrap();
    p.send("nein\r").unwrap();
    p.flush().unwrap();
    // Declining is no error message (spec §13): said plainly.
    let vorher_text = p.exp_string("Nicht erfasst").unwrap();
    assert!(!vorher_text.contains("Fehler"), "{vorher_text:?}");
    p.exp_string("nichts gespeichert").unwrap();
    p.exp_eof().unwrap();
    assert!(vorher == r.schnappschuss());
}

#[test]
fn ohne_terminal_fehlen_angaben_mit_exit_2() {
    let r = Reg::neu();
    // assert_cmd gives no terminal on stdin.
    let l = r.lauf(&["uebergabe", "OPT-2024-001"]);
    assert_eq!(l.code, 2);
    assert!(
        l.stderr.contains("--naechstes-gespraech, --strategie"),
        "{}",
        l.stderr
    );
}

#[test]
fn hilfe_auf_deutsch_mit_beispiel_und_completions() {
    let r = Reg::neu();
    for befehl in [
        "antrag",
        "annehmen",
        "uebergabe",
        "standort",
        "kostengutsprache",
        "abschluss",
        "report",
        "liste",
        "zeige",
        "pendenzen",
        "import",
        "pruefen",
        "anonymisieren",
    ] {
        let l = r.lauf(&[befehl, "--help"]).ok();
        assert!(l.stdout.contains("Beispiel"), "{befehl}: {}", l.stdout);
    }
    let l = r.lauf(&["--help"]).ok();
    assert!(l.stdout.contains("Fallregister OPTIMA"));
    for shell in ["bash", "zsh", "fish"] {
        // The registration calls back into iiz, which answers from the live definitions.
        let l = r.lauf(&["completions", shell]).ok();
        assert!(
            l.stdout.contains("COMPLETE=") || l.stdout.contains("COMPLETE\""),
            "{shell}"
        );
    }
    let l = r
        .cmd()
        .env("COMPLETE", "fish")
        .args(["--", "iiz", "kosten"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&l.stdout).starts_with("kostengutsprache"));
    // No colour codes when not on a terminal.
    r.antrag("sh", "rav", 9, "2024-01-10");
    let l = r.lauf(&["liste"]).ok();
    assert!(!l.stdout.contains('\x1b'));
}

#[test]
fn annehmen_bei_verletztem_kriterium_fuehrt_zur_ablehnung_mit_grund() {
    let r = Reg::neu();
    let l = r.lauf_v(&antrag_args(&[
        ("--vorname", "Lea"),
        ("--ahv", &ahv(31)),
        ("--arbeitsangebot", "nicht-intakt"),
        ("--ziel", "Stelle"),
    ]));
    assert_eq!(l.code, 0, "{}", l.stderr);
    let mut p = iiz_im_terminal(&r, &["annehmen", "OPT-2024-001", "--datum", "2024-01-12"]);
    p.exp_string("Verletzte Aufnahmekriterien").unwrap();
    p.exp_string("Wie weiter?").unwrap();
    p.send(&format!("{RUNTER}\r")).unwrap(); // ablehnen
    p.flush().unwrap();
    p.exp_string("Ablehnungsgrund").unwrap();
    p.send(&format!("{RUNTER}{RUNTER}{RUNTER}{RUNTER}\r"))
        .unwrap(); // sonstige
    p.flush().unwrap();
    p.exp_string("Bemerkung zur Ablehnung").unwrap();
    p.send("Wegzug in einen anderen Kanton\r").unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen?").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("abgelehnt").unwrap();
    p.exp_eof().unwrap();
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["status"], "abgelehnt");
    assert_eq!(z["ablehnung"]["grund"], "sonstige");
    assert_eq!(
        z["ablehnung"]["bemerkung"],
        "Wegzug in einen anderen Kanton"
    );
}

#[test]
fn waehrend_der_rueckfrage_ist_der_fall_nicht_gesperrt() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 41);
    let mut p = iiz_im_terminal(&r, &["standort", &id, "--datum", "2024-03-01"]);
    p.exp_string("Termin des n").unwrap();
    p.send("2024-05-01\r").unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen?").unwrap();
    // The open prompt holds no lock on the journal (a non-blocking attempt to take it
    // succeeds at once), so someone else can record on the same case meanwhile.
    let journal = std::fs::File::open(r.pfad().join("faelle").join(format!("{id}.jsonl"))).unwrap();
    journal
        .try_lock()
        .expect("the journal is locked while the prompt is open");
    journal.unlock().unwrap();
    r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-06-01",
        "--datum",
        "2024-03-02",
    ])
    .ok();
    let vorher = r.schnappschuss();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("anderswo ge").unwrap();
    p.exp_eof().unwrap();
    assert!(
        vorher == r.schnappschuss(),
        "nothing written after a concurrent change"
    );
}

#[test]
fn rt_gespraech_fragt_analyse_plan_und_fallfuehrung_nach() {
    let r = Reg::neu();
    let id = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "sh",
            "--name",
            "Beispiel",
            "--vorname",
            "Rita",
            "--ahv",
            &ahv(321),
            "--beteiligte",
            "iv,rav",
            "--anliegen",
            "Koordination",
            "--einverstaendnis",
            "--datum",
            "2024-03-01",
        ])
        .ok()
        .fall();
    let mut p = iiz_im_terminal(&r, &["rt", "gespraech", &id, "--datum", "2024-03-20"]);
    p.exp_string("Teilnehmende 1").unwrap();
    p.send("IV Luzern\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Teilnehmende 2").unwrap();
    p.send("RAV Emmen\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Teilnehmende 3").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Standortanalyse").unwrap();
    p.send("Stellensuche blockiert\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Ziele").unwrap();
    p.send("Arbeitsversuch\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Aufgabe WAS|WER|BIS 1").unwrap();
    // A task without its date is refused as typed, then asked again.
    p.send("Arbeitsversuch organisieren|RAV\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Form").unwrap();
    p.send("\x15Arbeitsversuch organisieren|RAV|2024-05-31\r")
        .unwrap();
    p.flush().unwrap();
    p.exp_string("Aufgabe WAS|WER|BIS 2").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Wer f").unwrap();
    p.send(&format!("{RUNTER}\r")).unwrap(); // iv
    p.flush().unwrap();
    p.exp_string("chstes Gespr").unwrap();
    p.send("2024-06-15\r").unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen?").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("1").unwrap();
    p.exp_eof().unwrap();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["gespraeche"][0]["teilnehmer"][1], "RAV Emmen");
    assert_eq!(z["aufgaben"][0]["bis"], "2024-05-31");
    assert_eq!(z["fallfuehrung"], "iv");
    assert_eq!(z["naechstes_gespraech"], "2024-06-15");
}

#[test]
fn ja_nein_auf_deutsch_und_nie_durch_eine_fremde_taste() {
    let r = Reg::neu();
    let id = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "sh",
            "--name",
            "B",
            "--vorname",
            "C",
            "--ahv",
            &ahv(322),
            "--beteiligte",
            "iv,rav",
            "--anliegen",
            "x",
            "--einverstaendnis",
            "--datum",
            "2024-03-01",
        ])
        .ok()
        .fall();
    r.lauf(&[
        "rt",
        "gespraech",
        &id,
        "--teilnehmer",
        "IV",
        "--analyse",
        "A",
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
    let mut p = iiz_im_terminal(&r, &["rt", "aufgabe", &id, "1", "--datum", "2024-04-01"]);
    p.exp_string("erledigt? [j/n]").unwrap();
    p.send("x\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Bitte ja oder nein").unwrap();
    p.send("\x15j\r").unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen? [J/n]").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        r.json(&["zeige", &id])["aufgaben"][0]["erledigt"],
        "2024-04-01"
    );
}

#[test]
fn strg_c_in_einer_auswahl_zeigt_den_cursor_wieder() {
    let r = Reg::neu();
    let mut p = iiz_im_terminal(&r, &["antrag", "--datum", "2024-03-01"]);
    p.exp_string("Zuweisende Stelle").unwrap();
    p.send("\x03").unwrap();
    p.flush().unwrap();
    p.exp_string("\x1b[?25h").unwrap();
    p.exp_string("Abgebrochen").unwrap();
    p.exp_eof().unwrap();
    // Exit 130, as the table says (`iiz exitcodes`).
    let status = p.process().wait().unwrap();
    assert!(format!("{status:?}").ends_with(", 130)"), "{status:?}");
    assert!(r.schnappschuss().is_empty(), "nothing written");
}

#[test]
fn gleicher_typ_fragt_nach_den_beiden_stellen() {
    let r = Reg::neu();
    let mut p = iiz_im_terminal(
        &r,
        &[
            "antrag",
            "--von",
            "sh",
            "--an",
            "sh",
            "--name",
            "B",
            "--vorname",
            "C",
            "--ahv",
            &ahv(330),
            "--arbeitsangebot",
            "nicht-intakt",
            "--ziel",
            "x",
            "--fallfuehrung-bestaetigt",
            "--einverstaendnis",
            "--datum",
            "2024-03-01",
        ],
    );
    p.exp_string("Zuweisende Stelle (Name)").unwrap();
    p.send("Sozialdienst Ruswil\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Aufnehmende Stelle (Name)").unwrap();
    p.send("SoBZ Willisau\r").unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen?").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("OPT-2024-001").unwrap();
    p.exp_eof().unwrap();
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["antrag"]["an_stelle"], "SoBZ Willisau");
}

#[test]
fn anonymisieren_fragt_vor_dem_loeschen() {
    let r = Reg::neu();
    let id = r.antrag("rav", "iv", 331, "2024-01-10");
    r.lauf(&[
        "annehmen",
        &id,
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-01-11",
    ])
    .ok();
    let vorher = r.schnappschuss();
    let mut p = iiz_im_terminal(&r, &["anonymisieren", &id, "--datum", "2024-01-12"]);
    p.exp_string("unwiderruflich").unwrap();
    p.send("nein\r").unwrap();
    p.flush().unwrap();
    p.exp_string("nichts gespeichert").unwrap();
    p.exp_eof().unwrap();
    assert!(vorher == r.schnappschuss());
}

#[test]
fn faellige_loeschen_zeigt_die_liste_und_fragt_einmal() {
    let r = Reg::neu();
    let mut ids = Vec::new();
    for i in 0..2 {
        let id = r.antrag("rav", "iv", 332 + i, "2024-01-10");
        r.lauf(&[
            "annehmen",
            &id,
            "--ablehnen",
            "keine-kapazitaet",
            "--datum",
            "2024-01-11",
        ])
        .ok();
        ids.push(id);
    }
    std::fs::write(
        r.pfad().join("einstellungen.json"),
        "{\"loeschfrist_jahre\": 1}",
    )
    .unwrap();
    let vorher = r.schnappschuss();
    let mut p = iiz_im_terminal(&r, &["anonymisieren", "--faellige"]);
    p.exp_string(&ids[0]).unwrap();
    p.exp_string(&ids[1]).unwrap();
    p.exp_string("Personendaten von 2 Fall").unwrap();
    p.send("n\r").unwrap();
    p.flush().unwrap();
    p.exp_string("nichts gespeichert").unwrap();
    p.exp_eof().unwrap();
    assert!(vorher == r.schnappschuss());
    let mut p = iiz_im_terminal(&r, &["anonymisieren", "--faellige"]);
    p.exp_string("unwiderruflich").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string(&format!("{} anonymisiert", ids[1])).unwrap();
    p.exp_eof().unwrap();
    for id in &ids {
        assert_eq!(r.json(&["zeige", id])["person_geloescht"], true);
    }
}

fn iiz_mit_pager(r: &Reg, args: &[&str]) -> rexpect::session::PtySession {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("iiz"));
    c.args(args)
        .env("IIZ_DATA_DIR", r.pfad())
        .env("IIZ_BENUTZER", "test")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        // A pager that marks every line it shows; LINES stands in for a pty without a size.
        .env("IIZ_PAGER", "sed 's/^/SEITE:/'")
        .env("LINES", "10");
    spawn_command(c, Some(10_000)).unwrap()
}

#[test]
fn lange_liste_geht_am_terminal_durch_den_pager() {
    let r = Reg::neu();
    r.lauf(&["import", "examples/pilot-2018-2022.jsonl"]).ok();
    let mut p = iiz_mit_pager(&r, &["liste"]);
    // (rexpect reads bytes as Latin-1, so only ASCII is matched.)
    let alles = p.exp_eof().unwrap();
    let zeilen: Vec<&str> = alles.lines().collect();
    assert!(zeilen.len() > 50, "{alles}");
    assert!(zeilen.iter().all(|z| z.starts_with("SEITE:")), "{alles}");
    assert!(alles.contains("OPT-2018-001"), "{alles}");
    // Into a pipe the same command never pages.
    let l = r
        .cmd()
        .env("IIZ_PAGER", "sed 's/^/SEITE:/'")
        .env("LINES", "10")
        .arg("liste")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&l.stdout);
    assert!(out.contains("│ OPT-") && !out.contains("SEITE:"), "{out}");
}

#[test]
fn kurze_ausgabe_am_terminal_ohne_pager() {
    let r = Reg::neu();
    r.antrag("rav", "sh", 1, "2024-03-01");
    let mut p = iiz_mit_pager(&r, &["liste"]);
    let vorher = p.exp_string("OPT-2024-001").unwrap();
    assert!(!vorher.contains("SEITE:"), "{vorher}");
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("SEITE:"), "{rest}");
}

/// What the shell gets for a Tab after `words` (the fish protocol: one candidate per line).
fn ergaenzt(r: &Reg, words: &[&str]) -> Vec<String> {
    let out = r
        .cmd()
        .env("COMPLETE", "fish")
        .arg("--")
        .arg("iiz")
        .args(words)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn tab_ergaenzt_die_fallnummern_des_registers() {
    let r = Reg::neu();
    r.lauf(&["import", "examples/roundtable-zu-optima.jsonl"])
        .ok();
    // A hostile file name with an escape sequence is never offered.
    std::fs::write(r.pfad().join("faelle/OPT-2024-002\x1b[2J.jsonl"), "").unwrap();
    for befehl in [
        &["zeige"][..],
        &["abschluss"],
        &["rt", "aufgabe"],
        &["stornieren"],
    ] {
        let mut w = befehl.to_vec();
        w.push("");
        let k = ergaenzt(&r, &w);
        assert!(k.contains(&"OPT-2024-001".to_string()), "{befehl:?}: {k:?}");
        assert!(k.contains(&"RT-2024-001".to_string()), "{befehl:?}: {k:?}");
        assert!(!k.iter().any(|x| x.contains('\x1b')), "{k:?}");
    }
    assert_eq!(ergaenzt(&r, &["zeige", "RT"]), vec!["RT-2024-001"]);
    assert_eq!(
        ergaenzt(&r, &["kostengutsprache", "OPT"]),
        vec!["OPT-2024-001"]
    );
    // Action first, as the shell offers the actions: the case is completed where it goes.
    for aktion in ["bewilligen", "ablehnen", "abrechnen"] {
        assert_eq!(
            ergaenzt(&r, &["kostengutsprache", aktion, "OPT"]),
            vec!["OPT-2024-001"],
            "{aktion}"
        );
    }
    // Case first: the number after the action is no case.
    assert!(
        !ergaenzt(&r, &["kostengutsprache", "OPT-2024-001", "bewilligen", ""])
            .iter()
            .any(|x| x.starts_with("OPT"))
    );
    // The positional order is untouched: case first, then the task number.
    r.lauf(&["rt", "aufgabe", "--help"])
        .ok()
        .stdout
        .contains("<FALL> <NR>")
        .then_some(())
        .expect("rt aufgabe <FALL> <NR>");
    // Without a register there is simply nothing to offer.
    let leer = Reg::neu();
    assert!(
        !ergaenzt(&leer, &["zeige", ""])
            .iter()
            .any(|x| x.contains("-20"))
    );
}

/// A correction at a terminal asks nothing that the replaced event holds, shows what changes
/// against what it was, and writes only after the confirmation (spec §13).
#[test]
fn korrektur_fragt_nur_was_sich_aendert_und_zeigt_den_unterschied() {
    let r = Reg::neu();
    let id = r.laufend("sh", "rav", 8);
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
    let nr = r.json(&["zeige", &id])["verlauf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["typ"] == "abschluss")
        .unwrap()["nr"]
        .to_string();
    let vorher = r.schnappschuss();
    let args = [
        "abschluss",
        id.as_str(),
        "--grund",
        "teilweise",
        "--ersetzt",
        nr.as_str(),
        "--begruendung",
        "Stelle befristet",
    ];
    let mut p = iiz_im_terminal(&r, &args);
    // No question for the occasion (it is kept); the summary says what changes.
    let bis_frage = p.exp_string("So erfassen?").unwrap();
    assert!(!bis_frage.contains("Anlass des Abschlusses"), "{bis_frage}");
    assert!(bis_frage.contains("bisher: erfolgreich"), "{bis_frage}");
    assert!(bis_frage.contains("Ersetzt Ereignis"), "{bis_frage}");
    p.send("nein\r").unwrap();
    p.flush().unwrap();
    p.exp_string("nichts gespeichert").unwrap();
    p.exp_eof().unwrap();
    assert!(vorher == r.schnappschuss(), "declined: nothing written");

    let mut p = iiz_im_terminal(&r, &args);
    p.exp_string("So erfassen?").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["abschluss"]["grund"], "teilweise");
    assert_eq!(z["abschluss"]["anlass"], "ziel-erreicht");
}

/// `stornieren --mit-folgen` at a terminal lists what goes with the event before asking.
#[test]
fn storno_mit_folgen_nennt_sie_vor_der_frage() {
    let r = Reg::neu();
    let id = r.laufend("sh", "rav", 9);
    r.lauf(&[
        "kostengutsprache",
        &id,
        "beantragen",
        "--massnahme",
        "Kurs",
        "--anbieter",
        "A",
        "--betrag",
        "500",
        "--datum",
        "2024-02-05",
    ])
    .ok();
    r.lauf(&[
        "kostengutsprache",
        &id,
        "bewilligen",
        "1",
        "--unterzeichnet",
        "M. Meier",
        "--datum",
        "2024-02-06",
    ])
    .ok();
    let vorher = r.schnappschuss();
    let args = [
        "stornieren",
        id.as_str(),
        "--ereignis",
        "4",
        "--mit-folgen",
        "--begruendung",
        "doppelt",
    ];
    let mut p = iiz_im_terminal(&r, &args);
    let bis = p.exp_string("stornieren").unwrap();
    let frage = p.exp_string("?").unwrap();
    let text = format!("{bis}{frage}");
    assert!(
        text.contains("mit Nr. 5: Kostengutsprache bewilligt"),
        "{text}"
    );
    p.send("nein\r").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    assert!(vorher == r.schnappschuss(), "declined: nothing written");
    let mut p = iiz_im_terminal(&r, &args);
    p.exp_string("Ereignis oben").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    assert!(
        r.json(&["zeige", &id])["kostengutsprachen"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// At a terminal the stored person of an AHV number is shown (and the display logged) with
/// the question whether it is the same person with a new name: no writes nothing, yes
/// records as with `--namensaenderung` (spec §13).
#[test]
fn gleiche_ahv_nummer_fragt_nach_der_namensaenderung() {
    let r = Reg::neu();
    let nr = ahv(41);
    let anna = r
        .lauf(&[
            "rt",
            "anmeldung",
            "--anmeldende-stelle",
            "iv",
            "--name",
            "Muster",
            "--vorname",
            "Anna",
            "--ahv",
            &nr,
            "--beteiligte",
            "rav,sh",
            "--anliegen",
            "x",
            "--einverstaendnis",
            "--datum",
            "2024-03-01",
        ])
        .ok()
        .fall();
    r.lauf(&[
        "rt",
        "kein-prozess",
        &anna,
        "--grund",
        "geklärt",
        "--datum",
        "2024-03-02",
    ])
    .ok();
    let args = [
        "rt",
        "anmeldung",
        "--anmeldende-stelle",
        "iv",
        "--name",
        "Keller",
        "--vorname",
        "Anna",
        "--ahv",
        nr.as_str(),
        "--beteiligte",
        "rav,sh",
        "--anliegen",
        "x",
        "--einverstaendnis",
        "--datum",
        "2024-05-01",
    ];
    let journale = r.journale();
    let mut p = iiz_im_terminal(&r, &args);
    p.exp_string("Anna Muster").unwrap();
    p.exp_string("Namens").unwrap();
    p.send("nein\r").unwrap();
    p.flush().unwrap();
    let rest = p.exp_string("nichts gespeichert").unwrap();
    assert!(!rest.contains("Fehler"), "{rest}");
    p.exp_eof().unwrap();
    assert_eq!(journale, r.journale(), "declined: no journal written");
    // The display of the stored person is in the access log.
    let z = r.json(&["zugriffe", "--fall", &anna]);
    assert!(z.to_string().contains("identitaet"), "{z}");

    let mut p = iiz_im_terminal(&r, &args);
    p.exp_string("Namens").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("angemeldet").unwrap();
    p.exp_eof().unwrap();
    let neu = r.json(&["liste", "--angebot", "roundtable"]);
    assert_eq!(neu.as_array().unwrap().len(), 2, "{neu}");
}

/// The annual report at a terminal: tables drawn, never Markdown source (`&nbsp;`, `|---|`);
/// into a pipe the Markdown for a file.
#[test]
fn jahresbericht_am_terminal_als_tabellen() {
    let r = Reg::neu();
    r.lauf(&["import", "examples/roundtable-2023.jsonl"]).ok();
    r.lauf(&["import", "examples/pilot-2018-2022.jsonl"]).ok();
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("iiz"));
    c.args(["jahresbericht", "--jahr", "2023", "--format", "md"])
        .env("IIZ_DATA_DIR", r.pfad())
        .env("IIZ_BENUTZER", "test")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("IIZ_PAGER", "cat");
    let mut p = spawn_command(c, Some(10_000)).unwrap();
    let alles = p.exp_eof().unwrap();
    assert!(alles.contains("2. IIZ-Kennzahlen 2023"), "{alles}");
    assert!(
        alles.contains("Total") && alles.contains("RAV/ALV"),
        "{alles}"
    );
    for roh in ["&nbsp;", "|---|", "**"] {
        assert!(!alles.contains(roh), "{roh} at the terminal: {alles}");
    }
    let l = r
        .lauf(&["jahresbericht", "--jahr", "2023", "--format", "md"])
        .ok();
    assert!(l.stdout.contains("|---|") && l.stdout.starts_with("# 2. IIZ-Kennzahlen 2023"));
}

/// At a terminal the office prompt completes from the office directory with Tab (spec §15).
#[test]
fn stelle_mit_tab_aus_dem_verzeichnis() {
    let r = Reg::neu();
    for name in ["Sozialdienst Emmen", "Sozialdienst Kriens"] {
        r.lauf(&["stelle", "neu", "--typ", "sh", "--name", name])
            .ok();
    }
    let mut p = iiz_im_terminal(
        &r,
        &[
            "antrag",
            "--von",
            "sh",
            "--an",
            "sh",
            "--an-stelle",
            "Sozialdienst Kriens",
            "--name",
            "Beispiel",
            "--vorname",
            "Erika",
            "--ahv",
            &ahv(125),
            "--arbeitsangebot",
            "nicht-intakt",
            "--fallfuehrung-bestaetigt",
            "--einverstaendnis",
            "--ziel",
            "x",
            "--datum",
            "2024-03-01",
        ],
    );
    p.exp_string("aus dem Stellenverzeichnis").unwrap();
    // "sozialdienst e" + Tab: the one name beginning so.
    p.send("sozialdienst e\t\r").unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen?").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("OPT-2024-001").unwrap();
    p.exp_eof().unwrap();
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert!(z.to_string().contains("\"Sozialdienst Emmen\""), "{z}");
}

/// Intake at a terminal: what the file holds is not asked again, only what is missing.
#[test]
fn eingang_fragt_nur_was_fehlt() {
    let r = Reg::neu();
    let dir = r.pfad().join("eingang");
    std::fs::create_dir_all(&dir).unwrap();
    r.lauf(&["stelle", "neu", "--typ", "iv", "--name", "IV Luzern"])
        .ok();
    std::fs::write(
        dir.join("ohne-anliegen.json"),
        format!(
            r#"{{"art": "rt-anmeldung", "angaben": {{"anmeldende_stelle": "iv", "name": "Beispiel",
               "vorname": "Rita", "ahv": "{}", "beteiligte": ["iv", "rav"], "einverstaendnis": true,
               "datum": "2024-05-02"}}}}"#,
            ahv(126)
        ),
    )
    .unwrap();
    let mut p = iiz_im_terminal(&r, &["eingang", "uebernehmen", "ohne-anliegen.json"]);
    let davor = p.exp_string("Anliegen").unwrap();
    assert!(!davor.contains("Name der Person"), "{davor:?}");
    p.send("Tagesstruktur finden\r").unwrap();
    p.flush().unwrap();
    p.exp_string("So erfassen?").unwrap();
    p.send("ja\r").unwrap();
    p.flush().unwrap();
    p.exp_string("RT-2024-001").unwrap();
    p.exp_eof().unwrap();
    assert!(!dir.join("ohne-anliegen.json").exists());
}
