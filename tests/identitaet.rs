//! Identities that cannot be mixed up (spec §13, issue #22 item 4): an AHV number stored with
//! another name, first name or birth date is refused as a likely typing error, unless
//! `--namensaenderung` says it is the same person with a new name.

use crate::common::*;

fn anna(r: &Reg, nr: &str) -> String {
    r.lauf(&[
        "antrag",
        "--von",
        "rav",
        "--an",
        "sh",
        "--name",
        "Muster",
        "--vorname",
        "Anna",
        "--ahv",
        nr,
        "--geburtsdatum",
        "1985-04-12",
        "--arbeitsangebot",
        "nicht-intakt",
        "--fallfuehrung-bestaetigt",
        "--einverstaendnis",
        "--ziel",
        "Stabilisierung",
        "--datum",
        "2026-01-10",
    ])
    .ok()
    .fall()
}

fn beat(nr: &str, extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = [
        "rt",
        "anmeldung",
        "--anmeldende-stelle",
        "iv",
        "--name",
        "Muster",
        "--vorname",
        "Beat",
        "--ahv",
        nr,
        "--beteiligte",
        "rav,sh",
        "--anliegen",
        "Koordination",
        "--einverstaendnis",
        "--datum",
        "2026-02-01",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

#[test]
fn gleiche_ahv_nummer_anderer_name_wird_abgelehnt() {
    let r = Reg::neu();
    let nr = ahv(21);
    let opt = anna(&r, &nr);
    // Beat Muster with Anna's number: refused, naming the case, nothing written, and no
    // person data in the message.
    let vorher = r.schnappschuss();
    let l = r.lauf_v(&beat(&nr, &[]));
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(l.stderr.contains(&format!("in Fall {opt}")), "{}", l.stderr);
    assert!(l.stderr.contains("Tippfehler?"), "{}", l.stderr);
    assert!(l.stderr.contains("--namensaenderung"), "{}", l.stderr);
    assert!(!l.stderr.contains("Anna"), "{}", l.stderr);
    assert!(!l.stderr.contains(&nr), "{}", l.stderr);
    assert!(vorher == r.schnappschuss(), "Register verändert");
    // The same with separators written otherwise, and for another OPTIMA case.
    let ohne_punkte = nr.replace('.', " ");
    let l = r.lauf_v(&beat(&ohne_punkte, &[]));
    assert_eq!(l.code, 3, "{}", l.stderr);
    // Another birth date is a mismatch too.
    let l = r.lauf(&[
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
        "--geburtsdatum",
        "1986-04-12",
        "--beteiligte",
        "rav,sh",
        "--anliegen",
        "x",
        "--einverstaendnis",
        "--datum",
        "2026-02-01",
    ]);
    assert_eq!(l.code, 3, "{}", l.stderr);
    assert!(l.stderr.contains("Geburtsdatum"), "{}", l.stderr);
    // Anna herself (another spelling of the case) gets her Roundtable.
    let l = r.lauf(&[
        "rt",
        "anmeldung",
        "--anmeldende-stelle",
        "iv",
        "--name",
        "MUSTER",
        "--vorname",
        " Anna ",
        "--ahv",
        &nr,
        "--beteiligte",
        "rav,sh",
        "--anliegen",
        "x",
        "--einverstaendnis",
        "--datum",
        "2026-02-01",
    ]);
    assert_eq!(l.code, 0, "{}", l.stderr);
    // A new name of the same person, said so: accepted.
    r.lauf(&[
        "stornieren",
        &l.fall(),
        "--begruendung",
        "Test",
        "--datum",
        "2026-02-02",
    ])
    .ok();
    r.lauf_v(&beat(&nr, &["--namensaenderung"])).ok();
    r.lauf(&["pruefen"]).ok();
}

#[test]
fn stornierter_fall_und_eigener_fall_zaehlen_nicht() {
    let r = Reg::neu();
    let nr = ahv(22);
    let opt = anna(&r, &nr);
    // The application itself corrected (a typo in the first name): its own record does not
    // count against it.
    r.lauf(&[
        "antrag",
        "--ersetzt",
        &opt,
        "--vorname",
        "Anne",
        "--begruendung",
        "Tippfehler im Vornamen",
    ])
    .ok();
    assert_eq!(r.json(&["zeige", &opt])["person"]["vorname"], "Anne");
    // Recorded by mistake for the wrong person and voided: no longer in the way.
    r.lauf(&[
        "stornieren",
        &opt,
        "--begruendung",
        "falsche Person",
        "--datum",
        "2026-01-11",
    ])
    .ok();
    r.lauf_v(&beat(&nr, &[])).ok();
}

/// `suche` with several words, any spelling of an umlaut and prefixes (spec §13).
#[test]
fn suche_mit_mehreren_woertern_umlauten_und_anfaengen() {
    let r = Reg::neu();
    let id = r
        .lauf(&[
            "antrag",
            "--von",
            "rav",
            "--an",
            "iv",
            "--name",
            "Bürgi",
            "--vorname",
            "Jürg",
            "--ahv",
            &ahv(23),
            "--arbeitsangebot",
            "intakt",
            "--einverstaendnis",
            "--ziel",
            "Stelle",
            "--datum",
            "2026-01-10",
        ])
        .ok()
        .fall();
    anna(&r, &ahv(24));
    for suche in [
        vec!["Buergi"],
        vec!["Bue"],
        vec!["Jürg", "Bürgi"],
        vec!["juerg buergi"],
        vec!["Burgi"],
    ] {
        let mut a = vec!["suche"];
        a.extend(&suche);
        let l = r.lauf(&a).ok();
        assert!(l.stdout.contains(&id), "{suche:?}: {}", l.stdout);
        assert!(!l.stdout.contains("Anna"), "{suche:?}: {}", l.stdout);
    }
    let l = r.lauf(&["suche", "Jürg", "Muster"]).ok();
    assert!(!l.stdout.contains(&id), "{}", l.stdout);
    let l = r.lauf(&["suche", "B"]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    let l = r.lauf(&["suche", "Jürg", "B"]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(l.stderr.contains("zwei Buchstaben"), "{}", l.stderr);
    // An AHV number with spaces, as several arguments.
    let nr = ahv(23).replace('.', " ");
    let mut a = vec!["suche"];
    a.extend(nr.split(' '));
    let l = r.lauf(&a).ok();
    assert!(l.stdout.contains(&id), "{}", l.stdout);
}
