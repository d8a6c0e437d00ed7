//! The handover rules from the sources still missing before (spec §15): the duration fixed
//! at the handover, the registration at the RAV (or a due item), the SECO hint for RAV → IV,
//! an exemption past the planned end.

use crate::common::*;

#[test]
fn dauer_rav_anmeldung_und_hinweise_an_der_kommandozeile() {
    let r = Reg::neu();
    let id = r.antrag("sh", "rav", 60, "2024-01-10");
    r.lauf(&["annehmen", &id, "--datum", "2024-01-15"]).ok();
    let l = r
        .lauf(&[
            "uebergabe",
            &id,
            "--naechstes-gespraech",
            "2024-03-01",
            "--strategie",
            "Stellensuche",
            "--zustimmung",
            "--arbeitsfaehig-erklaert",
            "--dauer",
            "3",
            "--datum",
            "2024-02-01",
        ])
        .ok();
    assert!(
        l.stderr
            .contains("Hinweis: Die Anmeldung der Person beim RAV ist nicht erfasst"),
        "{}",
        l.stderr
    );
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["antrag"]["dauer"], 3);
    assert_eq!(z["geplantes_ende"], "2024-05-01");
    let p = r.json(&[
        "pendenzen",
        "--stichtag",
        "2024-02-10",
        "--art",
        "rav-anmeldung",
    ]);
    assert_eq!(p.as_array().unwrap().len(), 1, "{p}");
    // Recorded later by a correction of the handover: the due item goes, the rest stays.
    r.lauf(&[
        "uebergabe",
        &id,
        "--ersetzt",
        "3",
        "--rav-anmeldung",
        "2024-01-25",
        "--begruendung",
        "Anmeldung nachgetragen",
    ])
    .ok();
    let p = r.json(&[
        "pendenzen",
        "--stichtag",
        "2024-02-10",
        "--art",
        "rav-anmeldung",
    ]);
    assert!(p.as_array().unwrap().is_empty(), "{p}");
    assert_eq!(
        r.json(&["zeige", &id])["antrag"]["dauer"],
        3,
        "kept by the correction"
    );
    // Refused, nothing written: another duration; a registration for a handover elsewhere.
    let vorher = r.schnappschuss();
    let l = r.lauf(&[
        "uebergabe",
        &id,
        "--ersetzt",
        "3",
        "--dauer",
        "4",
        "--begruendung",
        "x",
    ]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(vorher == r.schnappschuss());
    let iv = r.antrag("rav", "iv", 61, "2024-01-10");
    r.lauf(&["annehmen", &iv, "--datum", "2024-01-15"]).ok();
    let mut uebergabe = vec![
        "uebergabe",
        &iv,
        "--naechstes-gespraech",
        "2024-03-01",
        "--strategie",
        "Abklärung",
        "--zustimmung",
        "--arbeitsfaehig-erklaert",
        "--datum",
        "2024-02-01",
    ];
    let vorher = r.schnappschuss();
    let mut falsch = uebergabe.clone();
    falsch.extend(["--rav-anmeldung", "2024-01-20"]);
    let l = r.lauf(&falsch);
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(
        l.stderr.contains("nur bei einer Übergabe an das RAV"),
        "{}",
        l.stderr
    );
    assert!(vorher == r.schnappschuss());
    // RAV → IV without an exemption: the SECO hint, in JSON too.
    uebergabe.extend(["--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&r.lauf(&uebergabe).ok().stdout).unwrap();
    assert!(j["hinweise"][0].as_str().unwrap().contains("SECO"), "{j}");
}
