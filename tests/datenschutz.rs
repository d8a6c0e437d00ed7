//! Personal data: never in journals or reports; erasable without changing any report.

mod common;
use common::*;

fn alle_dateien_text(r: &Reg) -> String {
    r.schnappschuss()
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn journale_ohne_name_ahv_geburtsdatum() {
    let r = Reg::neu();
    let a = ahv(424_242);
    r.lauf_v(&antrag_args(&[
        ("--von", "rav"),
        ("--an", "sh"),
        ("--name", "Zumbrunnen"),
        ("--vorname", "Ottilie"),
        ("--ahv", &a),
        ("--geburtsdatum", "1971-09-23"),
        ("--geschlecht", "w"),
        ("--wohngemeinde", "Emmen"),
        ("--arbeitsangebot", "nicht-intakt"),
        ("--fallfuehrung-bestaetigt", ""),
        ("--ziel", "Wohnung finden"),
    ]))
    .ok();
    r.lauf(&["annehmen", "OPT-2024-001", "--datum", "2024-01-11"])
        .ok();
    let j = r.journale();
    assert!(
        j.contains("\"geburtsjahr\":1971"),
        "year of birth stays for statistics"
    );
    for verboten in [
        "Zumbrunnen",
        "Ottilie",
        a.as_str(),
        &a.replace('.', ""),
        "1971-09-23",
        "23.09.1971",
    ] {
        assert!(!j.contains(verboten), "{verboten} im Journal");
    }
    let personen = alle_dateien_text(&r);
    assert!(
        personen.contains("Zumbrunnen"),
        "the person store holds the name"
    );
    for args in [
        vec!["report", "--format", "json"],
        vec!["report"],
        vec!["report", "--format", "csv"],
        vec!["liste"],
    ] {
        let out = r.lauf(&args).ok().stdout;
        assert!(!out.contains("Zumbrunnen") && !out.contains(&a), "{args:?}");
    }
    let z = r.json(&["zeige", "OPT-2024-001"]);
    assert_eq!(z["person"]["name"], "Zumbrunnen");
    assert_eq!(z["person_geloescht"], false);
}

#[test]
fn anonymisieren_loescht_person_und_laesst_reports_gleich() {
    let r = Reg::neu();
    let a = ahv(515_151);
    r.lauf_v(&antrag_args(&[
        ("--an", "iv"),
        ("--name", "Zumbrunnen"),
        ("--vorname", "Ottilie"),
        ("--ahv", &a),
        ("--geburtsdatum", "1971-09-23"),
        ("--ziel", "Eingliederung"),
    ]))
    .ok();
    let id = "OPT-2024-001";
    r.lauf(&["annehmen", id, "--datum", "2024-01-11"]).ok();
    r.lauf(&[
        "uebergabe",
        id,
        "--naechstes-gespraech",
        "2024-03-01",
        "--strategie",
        "x",
        "--zustimmung",
        "--arbeitsfaehig-erklaert",
        "--datum",
        "2024-01-20",
    ])
    .ok();
    let offen = r.lauf(&["anonymisieren", id, "--datum", "2024-02-01"]);
    assert_eq!(offen.code, 3);
    r.lauf(&[
        "abschluss",
        id,
        "--grund",
        "teilweise",
        "--datum",
        "2024-03-01",
    ])
    .ok();
    let reports = |r: &Reg| {
        [
            vec!["report"],
            vec!["report", "--format", "json"],
            vec!["report", "--format", "csv"],
            vec![
                "report",
                "--von",
                "2024-01-15",
                "--bis",
                "2024-02-15",
                "--format",
                "json",
            ],
        ]
        .iter()
        .map(|a| r.lauf(a).ok().stdout)
        .collect::<Vec<_>>()
    };
    let vorher = reports(&r);
    r.lauf(&["anonymisieren", id, "--datum", "2024-06-01"]).ok();
    assert_eq!(vorher, reports(&r), "reports changed by erasure");
    let alles = alle_dateien_text(&r);
    for verboten in ["Zumbrunnen", "Ottilie", a.as_str(), "1971-09-23"] {
        assert!(!alles.contains(verboten), "{verboten} noch im Register");
    }
    let z = r.json(&["zeige", id]);
    assert_eq!(z["person_geloescht"], true);
    assert!(z["person"].is_null());
    let t = r.lauf(&["zeige", id]).ok().stdout;
    assert!(t.contains("Personendaten gelöscht"), "{t}");
    assert_eq!(r.lauf(&["anonymisieren", id]).code, 3, "only once");
    r.lauf(&["pruefen"]).ok();
    // The same person may apply again later.
    r.lauf_v(&antrag_args(&[
        ("--an", "iv"),
        ("--name", "Zumbrunnen"),
        ("--vorname", "Ottilie"),
        ("--ahv", &a),
        ("--ziel", "Eingliederung"),
        ("--datum", "2024-07-01"),
    ]))
    .ok();
}

#[test]
fn abgebrochene_personenzeile_wird_uebersprungen_und_beim_loeschen_entfernt() {
    let r = Reg::neu();
    let a = ahv(616_161);
    r.lauf_v(&antrag_args(&[
        ("--name", "Zumbrunnen"),
        ("--vorname", "Ottilie"),
        ("--ahv", &a),
        ("--ziel", "x"),
    ]))
    .ok();
    // A crash in the middle of the next record's write, in every shard and index shard.
    let mut shards = Vec::new();
    for dir in [
        r.pfad().join("personen"),
        r.pfad().join("personen").join("index"),
    ] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "jsonl") {
                let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
                std::io::Write::write_all(
                    &mut f,
                    b"\n{\"pseudonym\":\"P-0\",\"name\":\"Abgebrochen\",\"ah",
                )
                .unwrap();
                shards.push(p);
            }
        }
    }
    assert_eq!(shards.len(), 2);
    assert_eq!(
        r.json(&["zeige", "OPT-2024-001"])["person"]["name"],
        "Zumbrunnen"
    );
    // A torn line may hold part of a person: reported (where, never what), not kept quiet.
    let p = r.lauf(&["pruefen"]);
    assert_eq!(p.code, 5, "{}", p.stderr);
    assert_eq!(
        p.stdout.matches("unvollständige Zeile").count(),
        2,
        "{}",
        p.stdout
    );
    assert!(!p.stdout.contains("Abgebrochen") && !p.stderr.contains("Abgebrochen"));
    // The same person cannot apply twice; the torn line does not hide the open case.
    assert_eq!(
        r.lauf_v(&antrag_args(&[
            ("--name", "Zumbrunnen"),
            ("--vorname", "Ottilie"),
            ("--ahv", &a),
            ("--ziel", "x"),
            ("--datum", "2024-01-11")
        ]))
        .code,
        3
    );
    r.lauf(&[
        "annehmen",
        "OPT-2024-001",
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-01-12",
    ])
    .ok();
    r.lauf(&["anonymisieren", "OPT-2024-001", "--datum", "2024-01-13"])
        .ok();
    for p in shards {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        assert!(
            !text.contains("Zumbrunnen") && !text.contains("Abgebrochen"),
            "{}: {text}",
            p.display()
        );
    }
}
