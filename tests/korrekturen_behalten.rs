//! Corrections that keep what is not changed, numbers that stay (spec §13, issue #22 items
//! 1–2): `--ersetzt NR` starts from event NR, `--ohne FELD` removes an optional field, a
//! void leaves a gap in the numbers and names what depends on it.

use crate::common::*;
use serde_json::Value;

fn verlauf(r: &Reg, id: &str) -> Vec<Value> {
    r.json(&["zeige", id, "--verlauf"])["verlauf"]
        .as_array()
        .unwrap()
        .clone()
}

fn nr_von(r: &Reg, id: &str, typ: &str, welches: usize) -> String {
    verlauf(r, id)
        .iter()
        .filter(|v| v["typ"] == typ)
        .nth(welches)
        .unwrap()["nr"]
        .to_string()
}

/// The README's correction: only the reason changes, the recorded occasion stays.
#[test]
fn readme_korrektur_behaelt_den_anlass() {
    let r = Reg::neu();
    let id = r.laufend("rav", "sh", 1);
    r.lauf(&[
        "abschluss",
        &id,
        "--grund",
        "erfolgreich",
        "--anlass",
        "ziel-erreicht",
        "--bemerkung",
        "Stelle gefunden",
        "--datum",
        "2024-05-01",
    ])
    .ok();
    let nr = nr_von(&r, &id, "abschluss", 0);
    r.lauf(&[
        "abschluss",
        &id,
        "--grund",
        "teilweise",
        "--ersetzt",
        &nr,
        "--begruendung",
        "Stelle befristet",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["abschluss"]["grund"], "teilweise");
    assert_eq!(z["abschluss"]["anlass"], "ziel-erreicht");
    assert_eq!(z["abschluss"]["bemerkung"], "Stelle gefunden");
    assert_eq!(z["abschluss_datum"], "2024-05-01");
    let bericht = r.json(&["report", "--nach", "anlass"]);
    let text = bericht.to_string();
    assert!(text.contains("ziel-erreicht"), "{text}");
    assert!(!text.contains("ohne Anlass"), "{text}");

    // --ohne removes an optional field; everything else stays again.
    let nr = nr_von(&r, &id, "ersatz", 0);
    r.lauf(&[
        "abschluss",
        &id,
        "--ersetzt",
        &nr,
        "--ohne",
        "bemerkung",
        "--begruendung",
        "Bemerkung gehört nicht hierher",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["abschluss"]["grund"], "teilweise");
    assert_eq!(z["abschluss"]["anlass"], "ziel-erreicht");
    assert!(z["abschluss"]["bemerkung"].is_null(), "{z}");

    // Refusals write nothing: an --ohne the event has no such field for, a field given and
    // removed at once, a replacement of another kind.
    for (args, code, meldung) in [
        (
            vec!["--ohne", "grund"],
            2,
            "keine weglassbare Angabe von Ereignis Nr.",
        ),
        (
            vec!["--anlass", "ziel-erreicht", "--ohne", "anlass"],
            2,
            "widersprechen sich",
        ),
    ] {
        let vorher = r.schnappschuss();
        let mut a = vec!["abschluss", &id, "--ersetzt", &nr, "--begruendung", "x"];
        a.extend(args);
        let l = r.lauf(&a);
        assert_eq!(l.code, code, "{a:?}: {}", l.stderr);
        assert!(l.stderr.contains(meldung), "{a:?}: {}", l.stderr);
        assert!(vorher == r.schnappschuss(), "{a:?}: Register verändert");
    }
}

#[test]
fn doppelte_kostengutsprache_storniert_die_dritte_behaelt_nr_3() {
    let r = Reg::neu();
    let id = r.laufend("sh", "rav", 2);
    let beantragen = |massnahme: &str, datum: &str| {
        r.lauf(&[
            "kostengutsprache",
            &id,
            "beantragen",
            "--massnahme",
            massnahme,
            "--anbieter",
            "Kursanbieter",
            "--betrag",
            "1800",
            "--datum",
            datum,
        ])
        .ok()
        .stdout
    };
    assert_eq!(nummer(&beantragen("Coaching", "2024-02-05")), "1");
    assert_eq!(nummer(&beantragen("Coaching", "2024-02-05")), "2");
    assert_eq!(nummer(&beantragen("Deutschkurs", "2024-02-10")), "3");
    r.lauf(&[
        "kostengutsprache",
        &id,
        "bewilligen",
        "2",
        "--unterzeichnet",
        "M. Meier",
        "--datum",
        "2024-02-12",
    ])
    .ok();
    let doppelt = nr_von(&r, &id, "kgs_beantragt", 1);
    // The grant of Nr. 2 depends on it: named, nothing written.
    let vorher = r.schnappschuss();
    let l = r.lauf(&[
        "stornieren",
        &id,
        "--ereignis",
        &doppelt,
        "--begruendung",
        "doppelt erfasst",
    ]);
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(
        l.stderr.contains("hängen ab: Nr.") && l.stderr.contains("Kostengutsprache bewilligt"),
        "{}",
        l.stderr
    );
    assert!(l.stderr.contains("--mit-folgen"), "{}", l.stderr);
    assert!(vorher == r.schnappschuss(), "Register verändert");
    // With --mit-folgen both go; the third keeps its number.
    r.lauf(&[
        "stornieren",
        &id,
        "--ereignis",
        &doppelt,
        "--mit-folgen",
        "--begruendung",
        "doppelt erfasst",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    let nummern: Vec<u64> = z["kostengutsprachen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["nr"].as_u64().unwrap())
        .collect();
    assert_eq!(nummern, vec![1, 3]);
    // A void leaves a gap: the next request is Nr. 4, never the voided 2.
    assert_eq!(nummer(&beantragen("Bewerbungstraining", "2024-02-20")), "4");
    r.lauf(&["pruefen"]).ok();
    // Voiding the newest and requesting again does not give its number out a second time.
    let neueste = nr_von(&r, &id, "kgs_beantragt", 3);
    r.lauf(&[
        "stornieren",
        &id,
        "--ereignis",
        &neueste,
        "--begruendung",
        "falsch",
    ])
    .ok();
    assert_eq!(nummer(&beantragen("Bewerbungstraining", "2024-02-21")), "5");
}

#[test]
fn korrigierte_kostengutsprache_behaelt_nummer_und_angaben() {
    let r = Reg::neu();
    let id = r.laufend("sh", "rav", 3);
    for m in ["Coaching", "Kurs"] {
        r.lauf(&[
            "kostengutsprache",
            &id,
            "beantragen",
            "--massnahme",
            m,
            "--anbieter",
            "A",
            "--betrag",
            "1'800.50",
            "--zeitraum",
            "März",
            "--datum",
            "2024-02-05",
        ])
        .ok();
    }
    let erste = nr_von(&r, &id, "kgs_beantragt", 0);
    r.lauf(&[
        "kostengutsprache",
        &id,
        "beantragen",
        "--betrag",
        "2000",
        "--ersetzt",
        &erste,
        "--begruendung",
        "Offerte angepasst",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    let k = &z["kostengutsprachen"][0];
    assert_eq!(k["nr"], 1);
    assert_eq!(k["massnahme"], "Coaching");
    assert_eq!(k["betrag"], 200_000);
    assert_eq!(k["zeitraum"], "März");
    assert_eq!(z["kostengutsprachen"][1]["betrag"], 180_050);
}

/// A Roundtable meeting corrected (the revised plan): number, tasks and everything not given
/// stay; `zeige --verlauf` shows what replaced what.
#[test]
fn rt_gespraech_wird_korrigiert() {
    let r = Reg::neu();
    let id = r.rt_anmeldung(4, "2024-03-01");
    let gespraech = |datum: &str, aufgabe: &str| {
        r.lauf(&[
            "rt",
            "gespraech",
            &id,
            "--teilnehmer",
            "IV Luzern",
            "--teilnehmer",
            "RAV Emmen",
            "--analyse",
            "Analyse",
            "--ziele",
            "Ziele",
            "--aufgabe",
            aufgabe,
            "--fallfuehrung",
            "rav",
            "--naechstes-gespraech",
            "2024-07-01",
            "--datum",
            datum,
        ])
        .ok()
        .stdout
    };
    assert_eq!(
        nummer(&gespraech("2024-03-10", "Arbeitsversuch|RAV|2024-06-30")),
        "1"
    );
    assert_eq!(
        nummer(&gespraech("2024-04-10", "Abklärung|IV|2024-06-30")),
        "2"
    );
    let erstes = nr_von(&r, &id, "gespraech", 0);
    let l = r
        .lauf(&[
            "rt",
            "gespraech",
            &id,
            "--ziele",
            "Arbeitsversuch im 1. Arbeitsmarkt, 50 %",
            "--ersetzt",
            &erstes,
            "--begruendung",
            "Plan überarbeitet",
        ])
        .ok();
    assert_eq!(l.nr(), "1", "the meeting keeps its number");
    let z = r.json(&["zeige", &id]);
    let g = &z["gespraeche"];
    assert_eq!(g.as_array().unwrap().len(), 2, "{z}");
    assert_eq!(g[0]["nr"], 1);
    assert_eq!(g[0]["ziele"], "Arbeitsversuch im 1. Arbeitsmarkt, 50 %");
    assert_eq!(g[0]["analyse"], "Analyse");
    assert_eq!(g[0]["teilnehmer"].as_array().unwrap().len(), 2);
    assert_eq!(g[0]["datum"], "2024-03-10");
    let aufgaben: Vec<(u64, String)> = z["aufgaben"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["nr"].as_u64().unwrap(), t["was"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        aufgaben,
        vec![(1, "Arbeitsversuch".into()), (2, "Abklärung".into())]
    );
    let v = verlauf(&r, &id);
    let alt = v
        .iter()
        .find(|e| e["nr"].as_u64() == erstes.parse().ok())
        .unwrap();
    let neu = v.last().unwrap();
    assert_eq!(alt["ersetzt_durch"], neu["nr"]);
    assert_eq!(neu["typ"], "ersatz");
    assert_eq!(neu["daten"]["ereignis"]["daten"]["nr"], 1);
    let text = r.lauf(&["zeige", &id, "--verlauf"]).ok().stdout;
    assert!(text.contains("ersetzt durch"), "{text}");
    // Voiding the second meeting leaves a gap: the next one is Nr. 3, its task Nr. 3.
    let zweites = nr_von(&r, &id, "gespraech", 1);
    r.lauf(&[
        "stornieren",
        &id,
        "--ereignis",
        &zweites,
        "--begruendung",
        "gehört zu einem anderen Fall",
    ])
    .ok();
    assert_eq!(nummer(&gespraech("2024-05-10", "Neu|RAV|2024-07-30")), "3");
    let z = r.json(&["zeige", &id]);
    let nummern: Vec<u64> = z["aufgaben"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["nr"].as_u64().unwrap())
        .collect();
    assert_eq!(nummern, vec![1, 3]);
    r.lauf(&[
        "rt",
        "aufgabe",
        &id,
        "3",
        "--erledigt",
        "--datum",
        "2024-05-20",
    ])
    .ok();
    r.lauf(&["pruefen"]).ok();
}

/// A case recorded by mistake and voided: its person's data can be erased at once and are
/// due for erasure 30 days after the void (`pendenzen`, `anonymisieren --faellige`).
#[test]
fn stornierter_fall_wird_geloescht_und_nach_30_tagen_faellig() {
    let r = Reg::neu();
    let id = r.antrag("sh", "rav", 9, "2024-01-10");
    let offen = r.antrag("rav", "iv", 10, "2024-01-10");
    for f in [&id, &offen] {
        r.lauf(&[
            "stornieren",
            f,
            "--begruendung",
            "irrtümlich erfasst",
            "--datum",
            "2024-01-12",
        ])
        .ok();
    }
    // Not yet due 29 days after, due on the 30th.
    let p = r.json(&[
        "pendenzen",
        "--stichtag",
        "2024-02-10",
        "--art",
        "loeschfrist",
    ]);
    assert_eq!(p.as_array().map(Vec::len), Some(0), "{p}");
    let p = r.json(&[
        "pendenzen",
        "--stichtag",
        "2024-02-11",
        "--art",
        "loeschfrist",
    ]);
    let faelle: Vec<&str> = p
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["fall"].as_str().unwrap())
        .collect();
    assert_eq!(faelle.len(), 2, "{p}");
    assert!(faelle.contains(&id.as_str()) && faelle.contains(&offen.as_str()));
    // Erased by hand (the case was still only applied for), and the other when due.
    r.lauf(&["anonymisieren", &id, "--datum", "2024-01-15"])
        .ok();
    assert!(r.json(&["zeige", &id])["person"].is_null());
    let l = r.lauf(&["anonymisieren", &id]);
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(l.stderr.contains("bereits gelöscht"), "{}", l.stderr);
    r.lauf(&[
        "anonymisieren",
        "--faellige",
        "--stichtag",
        "2024-02-11",
        "--ja",
    ])
    .ok();
    assert!(r.json(&["zeige", &offen])["person"].is_null());
    let suche = r.lauf(&["suche", &ahv(10)]);
    assert!(!suche.stdout.contains(&offen), "{}", suche.stdout);
    let p = r.json(&["pendenzen", "--art", "loeschfrist"]);
    assert_eq!(p.as_array().map(Vec::len), Some(0), "{p}");
    // The register holds: the erasure of a voided case is no rule finding.
    r.lauf(&["pruefen"]).ok();
}

/// `antrag --ersetzt FALL` and `rt anmeldung --ersetzt FALL` need only the changed fields:
/// the person (name, AHV number, date of birth) and every other field stay.
#[test]
fn erster_eintrag_wird_mit_einer_angabe_korrigiert() {
    let r = Reg::neu();
    let id = r.antrag("sh", "rav", 11, "2024-01-10");
    let vorher = r.json(&["zeige", &id]);
    r.lauf(&[
        "antrag",
        "--ersetzt",
        &id,
        "--an-stelle",
        "RAV Wolhusen",
        "--begruendung",
        "aufnehmende Stelle genauer",
        "--no-input",
    ])
    .ok();
    let z = r.json(&["zeige", &id]);
    assert_eq!(z["antrag"]["an_stelle"], "RAV Wolhusen");
    for feld in ["name", "vorname", "ahv", "geburtsdatum"] {
        assert_eq!(z["person"][feld], vorher["person"][feld], "person: {feld}");
    }
    for feld in [
        "von",
        "an",
        "arbeitsangebot",
        "ziel",
        "dauer",
        "geburtsjahr",
        "bezug",
    ] {
        assert_eq!(z["antrag"][feld], vorher["antrag"][feld], "{feld}");
    }
    assert_eq!(z["antrag_datum"], vorher["antrag_datum"]);
    // The AHV number still finds the case (the person record was written anew).
    let s = r.lauf(&["suche", &ahv(11)]).ok().stdout;
    assert!(s.contains(&id), "{s}");
    // --ohne takes an optional field away.
    r.lauf(&[
        "antrag",
        "--ersetzt",
        &id,
        "--ohne",
        "an-stelle",
        "--begruendung",
        "doch nicht",
        "--no-input",
    ])
    .ok();
    assert!(r.json(&["zeige", &id])["antrag"]["an_stelle"].is_null());
    r.lauf(&["pruefen"]).ok();

    let rt = r.rt_anmeldung(12, "2024-03-01");
    let vorher = r.json(&["zeige", &rt]);
    r.lauf(&[
        "rt",
        "anmeldung",
        "--ersetzt",
        &rt,
        "--anliegen",
        "Koordination IV und RAV",
        "--begruendung",
        "Anliegen präzisiert",
        "--no-input",
    ])
    .ok();
    let z = r.json(&["zeige", &rt]);
    assert_eq!(z["anmeldung"]["anliegen"], "Koordination IV und RAV");
    for feld in ["name", "vorname", "ahv"] {
        assert_eq!(z["person"][feld], vorher["person"][feld], "person: {feld}");
    }
    assert_eq!(
        z["anmeldung"]["beteiligte"],
        vorher["anmeldung"]["beteiligte"]
    );
    assert_eq!(
        z["anmeldung"]["anmeldende_stelle"],
        vorher["anmeldung"]["anmeldende_stelle"]
    );
    r.lauf(&["pruefen"]).ok();
}
