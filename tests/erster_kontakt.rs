//! The first minutes with iiz: help in German, unknown commands named with a suggestion,
//! words with umlauts, the cost-approval action before or after the case.

mod common;
use common::*;

#[test]
fn hilfe_auf_deutsch_auch_als_befehl() {
    let r = Reg::neu();
    let l = r.lauf(&["help"]).ok();
    assert!(l.stdout.contains("Befehle:"), "{}", l.stdout);
    assert!(l.stdout.contains("Roundtable"));
    let l = r.lauf(&["help", "antrag"]).ok();
    assert!(
        l.stdout.contains("Neuen OPTIMA-Antrag erfassen"),
        "{}",
        l.stdout
    );
    assert!(l.stdout.contains("Beispiel:"));
    let l = r.lauf(&["help", "rt", "gespraech"]).ok();
    assert!(l.stdout.contains("WAS|WER|BIS"), "{}", l.stdout);
}

#[test]
fn unbekannter_befehl_mit_vorschlag() {
    let r = Reg::neu();
    let l = r.lauf(&["antarg"]);
    assert_eq!(l.code, 2);
    assert_eq!(
        l.stderr.trim(),
        "Fehler: Unbekannter Befehl 'antarg' – gemeint ist wohl 'antrag'; 'iiz --help' zeigt alle Befehle."
    );
    let l = r.lauf(&["kostengutsprache", "OPT-2024-001"]);
    assert_eq!(l.code, 2);
    assert!(
        l.stderr
            .contains("beantragen, bewilligen, ablehnen, abrechnen"),
        "{}",
        l.stderr
    );
    assert!(!l.stderr.contains("error:"), "{}", l.stderr);
}

#[test]
fn umlaute_und_beide_reihenfolgen() {
    let r = Reg::neu();
    r.laufend("sh", "iv", 1);
    r.lauf(&["prüfen"]).ok();
    let id = r.antrag("rav", "sh", 2, "2024-01-10");
    r.lauf(&["annehmen", &id, "--datum", "2024-01-11"]).ok();
    r.lauf(&[
        "übergabe",
        &id,
        "--naechstes-gespraech",
        "2024-03-01",
        "--strategie",
        "x",
        "--zustimmung",
        "--befreiung-bis",
        "2024-06-30",
        "--datum",
        "2024-01-12",
    ])
    .ok();
    // The action before the case, as shell completion suggests it.
    let nr = r
        .lauf(&[
            "kostengutsprache",
            "beantragen",
            &id,
            "--massnahme",
            "Kurs",
            "--anbieter",
            "A",
            "--betrag",
            "500",
            "--datum",
            "2024-01-15",
        ])
        .ok();
    assert_eq!(nr.stdout.trim(), "1");
    r.lauf(&[
        "kostengutsprache",
        "bewilligen",
        &id,
        "1",
        "--unterzeichnet",
        "M. Meier",
        "--datum",
        "2024-01-16",
    ])
    .ok();
    assert_eq!(
        r.json(&["zeige", &id])["kostengutsprachen"][0]["status"],
        "bewilligt"
    );
}
