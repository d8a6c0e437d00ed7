//! Every refusal: the exit code, one German message on stderr, and every file of the
//! register byte-for-byte unchanged.

use crate::common::*;

struct Faelle {
    beantragt: String,
    beantragt_kriterium: String,
    angenommen_sh_rav: String,
    angenommen_rav_sh: String,
    angenommen_sh_iv: String,
    laufend: String,
    kgs_pendent: String,
    kgs_bewilligt: String,
    abgeschlossen: String,
    abgelehnt: String,
}

fn aufbauen(r: &Reg) -> Faelle {
    let beantragt = r.antrag("sh", "rav", 1, "2024-01-10");
    let l = r
        .lauf(&[
            "antrag",
            "--von",
            "sh",
            "--an",
            "rav",
            "--name",
            "Beispiel",
            "--vorname",
            "Lea",
            "--ahv",
            &ahv(2),
            "--arbeitsangebot",
            "intakt",
            "--arbeitsausfall",
            "90",
            "--einverstaendnis",
            "--ziel",
            "Stelle",
            "--datum",
            "2024-01-10",
        ])
        .ok();
    let beantragt_kriterium = l.fall();
    let angenommen = |von: &str, an: &str, serie| {
        let id = r.antrag(von, an, serie, "2024-01-10");
        r.lauf(&["annehmen", &id, "--datum", "2024-01-12"]).ok();
        id
    };
    let angenommen_sh_rav = angenommen("sh", "rav", 3);
    let angenommen_rav_sh = angenommen("rav", "sh", 4);
    let angenommen_sh_iv = angenommen("sh", "iv", 5);
    let laufend = r.laufend("iv", "rav", 6);
    let kgs_pendent = r.laufend("sh", "rav", 7);
    r.lauf(&[
        "kostengutsprache",
        &kgs_pendent,
        "beantragen",
        "--massnahme",
        "Kurs",
        "--anbieter",
        "A",
        "--betrag",
        "500",
        "--datum",
        "2024-02-02",
    ])
    .ok();
    let kgs_bewilligt = r.laufend("rav", "iv", 8);
    r.lauf(&[
        "kostengutsprache",
        &kgs_bewilligt,
        "beantragen",
        "--massnahme",
        "Kurs",
        "--anbieter",
        "A",
        "--betrag",
        "1000",
        "--datum",
        "2024-02-02",
    ])
    .ok();
    r.lauf(&[
        "kostengutsprache",
        &kgs_bewilligt,
        "bewilligen",
        "1",
        "--unterzeichnet",
        "M. Meier",
        "--datum",
        "2024-02-03",
    ])
    .ok();
    let abgeschlossen = r.laufend("sh", "iv", 9);
    r.lauf(&[
        "abschluss",
        &abgeschlossen,
        "--grund",
        "teilweise",
        "--datum",
        "2024-04-01",
    ])
    .ok();
    let abgelehnt = r.antrag("iv", "sh", 10, "2024-01-10");
    r.lauf(&[
        "annehmen",
        &abgelehnt,
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-01-11",
    ])
    .ok();
    Faelle {
        beantragt,
        beantragt_kriterium,
        angenommen_sh_rav,
        angenommen_rav_sh,
        angenommen_sh_iv,
        laufend,
        kgs_pendent,
        kgs_bewilligt,
        abgeschlossen,
        abgelehnt,
    }
}

/// A valid application (dated 2024-02-01) with `extra` flags (`flag [value]`) replacing
/// the defaults; `--ohne-einverstaendnis` drops the consent.
fn antrag(serie: u64, extra: &[&str]) -> Vec<String> {
    let nr = ahv(serie);
    let mut aenderungen = vec![
        ("--name", "Neu"),
        ("--vorname", "Nina"),
        ("--ziel", "Stelle"),
        ("--datum", "2024-02-01"),
        ("--ahv", nr.as_str()),
    ];
    let mut i = 0;
    while i < extra.len() {
        let wert = extra.get(i + 1).filter(|w| !w.starts_with("--"));
        match (extra[i], wert) {
            ("--ohne-einverstaendnis", _) => aenderungen.push(("--einverstaendnis", "-")),
            (flag, Some(w)) => aenderungen.push((flag, w)),
            (flag, None) => aenderungen.push((flag, "")),
        }
        i += if wert.is_some() { 2 } else { 1 };
    }
    antrag_args(&aenderungen)
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn jede_verweigerung_laesst_das_register_unveraendert() {
    let r = Reg::neu();
    let f = aufbauen(&r);
    let besetzte_ahv = ahv(1);
    let faelle: Vec<(&str, Vec<String>, i32, &str)> = vec![
        // --- antrag: hard rules (exit 3)
        (
            "ohne Einverständnis",
            antrag(50, &["--ohne-einverstaendnis"]),
            3,
            "Einverständnis",
        ),
        (
            "AHV Prüfziffer falsch",
            antrag(50, &["--ahv", "756.1234.5678.90"]),
            3,
            "Prüfziffer",
        ),
        (
            "AHV falsches Land",
            antrag(50, &["--ahv", "123.1234.5678.97"]),
            3,
            "756",
        ),
        (
            "AHV Format",
            antrag(50, &["--ahv", "756_1234_5678_97"]),
            3,
            "Format",
        ),
        (
            "zweiter offener Fall",
            antrag(
                50,
                &[
                    "--ahv",
                    &besetzte_ahv,
                    "--name",
                    "Beispiel",
                    "--vorname",
                    "Erika",
                ],
            ),
            3,
            "bereits der Fall",
        ),
        (
            "gleiche AHV-Nummer, anderer Name (Tippfehler?)",
            antrag(50, &["--ahv", &besetzte_ahv]),
            3,
            "Tippfehler?",
        ),
        (
            "Datum in der Zukunft",
            antrag(51, &["--datum", "2999-01-01"]),
            3,
            "Zukunft",
        ),
        (
            "gleiche Institution ohne Stellen",
            s(&[
                "antrag",
                "--von",
                "sh",
                "--an",
                "sh",
                "--name",
                "N",
                "--vorname",
                "V",
                "--ahv",
                &ahv(52),
                "--arbeitsangebot",
                "nicht-intakt",
                "--einverstaendnis",
                "--ziel",
                "x",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "verschiedene Stellen",
        ),
        (
            "gleiche Stelle zweimal",
            s(&[
                "antrag",
                "--von",
                "sh",
                "--an",
                "sh",
                "--von-stelle",
                "SoBZ Hochdorf",
                "--an-stelle",
                "sobz hochdorf",
                "--name",
                "N",
                "--vorname",
                "V",
                "--ahv",
                &ahv(52),
                "--arbeitsangebot",
                "nicht-intakt",
                "--einverstaendnis",
                "--ziel",
                "x",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "verschiedene Stellen",
        ),
        (
            "Geburtsdatum nach Antrag",
            antrag(53, &["--geburtsdatum", "2024-05-01"]),
            3,
            "Geburtsdatum",
        ),
        (
            "IV-Ablehnung nach Antrag",
            antrag(53, &["--iv-ablehnung", "2024-03-01"]),
            3,
            "IV-Ablehnung",
        ),
        ("leeres Ziel", antrag(53, &["--ziel", "   "]), 2, "--ziel"),
        // --- antrag: usage (exit 2)
        (
            "fehlende Pflichtangaben",
            s(&["antrag", "--von", "sh", "--no-input"]),
            2,
            "--an, --name, --vorname, --ahv, --arbeitsangebot, --ziel",
        ),
        (
            "unbekannte Institution",
            antrag(54, &["--an", "ahv"]),
            2,
            "erlaubt: iv, rav, sh",
        ),
        ("Dauer 4", antrag(54, &["--dauer", "4"]), 2, "3 oder 6"),
        (
            "Arbeitsausfall 120",
            antrag(54, &["--arbeitsausfall", "120"]),
            2,
            "--arbeitsausfall",
        ),
        (
            "unmögliches Datum",
            antrag(54, &["--datum", "2024-02-30"]),
            2,
            "kein gültiges Datum",
        ),
        (
            "unbekannter Bezug",
            antrag(54, &["--bezug", "ale,lotto"]),
            2,
            "lotto",
        ),
        (
            "unbekannte Option",
            antrag(54, &["--nmae", "x"]),
            2,
            "Unbekannte Angabe",
        ),
        (
            "Text mit Steuerzeichen",
            antrag(54, &["--bemerkung", "a\u{7}b"]),
            2,
            "Steuerzeichen",
        ),
        // --- annehmen
        (
            "annehmen trotz Kriterium",
            s(&["annehmen", &f.beantragt_kriterium, "--datum", "2024-01-12"]),
            3,
            "--abweichung",
        ),
        (
            "annehmen zweimal",
            s(&["annehmen", &f.angenommen_sh_rav, "--datum", "2024-01-13"]),
            3,
            "noch nicht übergeben",
        ),
        (
            "annehmen abgeschlossen",
            s(&["annehmen", &f.abgeschlossen, "--datum", "2024-05-01"]),
            3,
            "bereits abgeschlossen",
        ),
        (
            "annehmen vor Antrag",
            s(&["annehmen", &f.beantragt, "--datum", "2024-01-09"]),
            3,
            "vor dem letzten Ereignis",
        ),
        (
            "ablehnen sonstige ohne Bemerkung",
            s(&[
                "annehmen",
                &f.beantragt,
                "--ablehnen",
                "sonstige",
                "--datum",
                "2024-01-12",
            ]),
            3,
            "--bemerkung",
        ),
        (
            "ablehnen unbekannter Grund",
            s(&["annehmen", &f.beantragt, "--ablehnen", "keine-lust"]),
            2,
            "erlaubt",
        ),
        (
            "ablehnen mit Abweichung",
            s(&[
                "annehmen",
                &f.beantragt,
                "--ablehnen",
                "sonstige",
                "--abweichung",
                "x",
            ]),
            2,
            "schliessen sich aus",
        ),
        (
            "abgelehnten Fall annehmen",
            s(&["annehmen", &f.abgelehnt, "--datum", "2024-01-12"]),
            3,
            "abgelehnt",
        ),
        // --- uebergabe
        (
            "übergabe ohne Annahme",
            s(&[
                "uebergabe",
                &f.beantragt,
                "--naechstes-gespraech",
                "2024-03-01",
                "--strategie",
                "x",
                "--zustimmung",
                "--arbeitsfaehig-erklaert",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "iiz annehmen",
        ),
        (
            "übergabe ohne Zustimmung",
            s(&[
                "uebergabe",
                &f.angenommen_sh_rav,
                "--naechstes-gespraech",
                "2024-03-01",
                "--strategie",
                "x",
                "--arbeitsfaehig-erklaert",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "Zustimmung",
        ),
        (
            "übergabe an RAV ohne Erklärung",
            s(&[
                "uebergabe",
                &f.angenommen_sh_rav,
                "--naechstes-gespraech",
                "2024-03-01",
                "--strategie",
                "x",
                "--zustimmung",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "arbeiten kann und will",
        ),
        (
            "übergabe RAV→SH ohne Befreiung",
            s(&[
                "uebergabe",
                &f.angenommen_rav_sh,
                "--naechstes-gespraech",
                "2024-03-01",
                "--strategie",
                "x",
                "--zustimmung",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "--befreiung-bis",
        ),
        (
            "übergabe Termin vor Datum",
            s(&[
                "uebergabe",
                &f.angenommen_sh_iv,
                "--naechstes-gespraech",
                "2024-01-20",
                "--strategie",
                "x",
                "--zustimmung",
                "--datum",
                "2024-02-01",
                "--arbeitsfaehig-erklaert",
            ]),
            3,
            "nach dem Ereignisdatum",
        ),
        (
            "übergabe ohne Strategie",
            s(&[
                "uebergabe",
                &f.angenommen_sh_iv,
                "--naechstes-gespraech",
                "2024-03-01",
                "--zustimmung",
                "--no-input",
                "--arbeitsfaehig-erklaert",
            ]),
            2,
            "--strategie",
        ),
        (
            "übergabe zweimal",
            s(&[
                "uebergabe",
                &f.laufend,
                "--naechstes-gespraech",
                "2024-04-01",
                "--strategie",
                "x",
                "--zustimmung",
                "--arbeitsfaehig-erklaert",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "läuft bereits",
        ),
        // --- standort
        (
            "standort vor Übergabe",
            s(&[
                "standort",
                &f.angenommen_sh_iv,
                "--naechstes-gespraech",
                "2024-04-01",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "noch nicht übergeben",
        ),
        (
            "standort Termin gleich Datum",
            s(&[
                "standort",
                &f.laufend,
                "--naechstes-gespraech",
                "2024-03-01",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "nach dem Ereignisdatum",
        ),
        (
            "standort abgeschlossen",
            s(&[
                "standort",
                &f.abgeschlossen,
                "--naechstes-gespraech",
                "2024-06-01",
                "--datum",
                "2024-05-01",
            ]),
            3,
            "abgeschlossen",
        ),
        // --- kostengutsprache
        (
            "KGS bei Übergabe an IV",
            s(&[
                "kostengutsprache",
                &f.angenommen_sh_iv,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "100",
                "--datum",
                "2024-01-20",
            ]),
            3,
            "3.2.2",
        ),
        (
            "KGS vor Annahme",
            s(&[
                "kostengutsprache",
                &f.beantragt,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "100",
                "--datum",
                "2024-01-20",
            ]),
            3,
            "noch nicht angenommen",
        ),
        (
            "Betrag 0",
            s(&[
                "kostengutsprache",
                &f.laufend,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "0",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "grösser als 0",
        ),
        (
            "Betrag negativ",
            s(&[
                "kostengutsprache",
                &f.laufend,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "-50",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "grösser als 0",
        ),
        (
            "Betrag drei Nachkommastellen",
            s(&[
                "kostengutsprache",
                &f.laufend,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "12.345",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "zwei Nachkommastellen",
        ),
        (
            "Betrag mit Komma",
            s(&[
                "kostengutsprache",
                &f.laufend,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "12,50",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "Ungültiger Betrag",
        ),
        (
            "Betrag über Million",
            s(&[
                "kostengutsprache",
                &f.laufend,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "1'000'000.01",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "1'000'000",
        ),
        (
            "Betrag Text",
            s(&[
                "kostengutsprache",
                &f.laufend,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "viel",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "Ungültiger Betrag",
        ),
        (
            "Betrag Exponent",
            s(&[
                "kostengutsprache",
                &f.laufend,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "1e3",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "Ungültiger Betrag",
        ),
        (
            "Tausender falsch",
            s(&[
                "kostengutsprache",
                &f.laufend,
                "beantragen",
                "--massnahme",
                "K",
                "--anbieter",
                "A",
                "--betrag",
                "12'00",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "Tausendertrennzeichen",
        ),
        (
            "bewilligen unbekannte Nr",
            s(&[
                "kostengutsprache",
                &f.kgs_pendent,
                "bewilligen",
                "2",
                "--unterzeichnet",
                "M. Meier",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "keine Kostengutsprache Nr. 2",
        ),
        (
            "bewilligen ohne Unterschrift",
            s(&[
                "kostengutsprache",
                &f.kgs_pendent,
                "bewilligen",
                "1",
                "--datum",
                "2024-03-01",
            ]),
            2,
            "--unterzeichnet",
        ),
        (
            "bewilligen zweimal",
            s(&[
                "kostengutsprache",
                &f.kgs_bewilligt,
                "bewilligen",
                "1",
                "--unterzeichnet",
                "M. Meier",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "nicht pendent",
        ),
        (
            "abrechnen pendente",
            s(&[
                "kostengutsprache",
                &f.kgs_pendent,
                "abrechnen",
                "1",
                "--betrag",
                "100",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "nicht bewilligt",
        ),
        (
            "abrechnen mit Abweichung ohne Überschreitung",
            s(&[
                "kostengutsprache",
                &f.kgs_bewilligt,
                "abrechnen",
                "1",
                "--betrag",
                "900",
                "--abweichung",
                "x",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "nicht – --abweichung weglassen",
        ),
        (
            "annehmen mit Abweichung ohne verletztes Kriterium",
            s(&[
                "annehmen",
                &f.beantragt,
                "--abweichung",
                "ohne Anlass",
                "--datum",
                "2024-01-12",
            ]),
            3,
            "kein Aufnahmekriterium",
        ),
        (
            "abrechnen über Bewilligung",
            s(&[
                "kostengutsprache",
                &f.kgs_bewilligt,
                "abrechnen",
                "1",
                "--betrag",
                "1000.05",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "übersteigt",
        ),
        (
            "abrechnen ohne Betrag",
            s(&[
                "kostengutsprache",
                &f.kgs_bewilligt,
                "abrechnen",
                "1",
                "--no-input",
            ]),
            2,
            "--betrag",
        ),
        (
            "KGS Nr keine Zahl",
            s(&["kostengutsprache", &f.kgs_bewilligt, "bewilligen", "eins"]),
            2,
            "Ungültiger Wert",
        ),
        // --- abschluss
        (
            "abschluss bei pendenter KGS",
            s(&[
                "abschluss",
                &f.kgs_pendent,
                "--grund",
                "teilweise",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "noch pendent",
        ),
        (
            "abschluss kgs-verweigert ohne Ablehnung",
            s(&[
                "abschluss",
                &f.laufend,
                "--grund",
                "nicht-umgesetzt",
                "--anlass",
                "kgs-verweigert",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "abgelehnte Kostengutsprache",
        ),
        (
            "abschluss Widerspruch",
            s(&[
                "abschluss",
                &f.laufend,
                "--grund",
                "nicht-umgesetzt",
                "--anlass",
                "ziel-erreicht",
                "--datum",
                "2024-03-01",
            ]),
            3,
            "widerspricht",
        ),
        (
            "abschluss ohne Übergabe erfolgreich",
            s(&[
                "abschluss",
                &f.angenommen_sh_iv,
                "--grund",
                "erfolgreich",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "--grund sonstige",
        ),
        (
            "abschluss beantragt",
            s(&[
                "abschluss",
                &f.beantragt,
                "--grund",
                "sonstige",
                "--datum",
                "2024-02-01",
            ]),
            3,
            "noch nicht angenommen",
        ),
        (
            "abschluss zweimal",
            s(&[
                "abschluss",
                &f.abgeschlossen,
                "--grund",
                "sonstige",
                "--datum",
                "2024-05-01",
            ]),
            3,
            "bereits abgeschlossen",
        ),
        (
            "abschluss ohne Grund",
            s(&["abschluss", &f.laufend, "--no-input"]),
            2,
            "--grund",
        ),
        (
            "abschluss vor letztem Ereignis",
            s(&[
                "abschluss",
                &f.laufend,
                "--grund",
                "teilweise",
                "--datum",
                "2024-01-31",
            ]),
            3,
            "vor dem letzten Ereignis",
        ),
        // --- anonymisieren
        (
            "anonymisieren offener Fall",
            s(&["anonymisieren", &f.laufend, "--datum", "2024-05-01"]),
            3,
            "noch offen",
        ),
        // --- unknown and malformed cases (exit 4)
        (
            "unbekannter Fall",
            s(&["annehmen", "OPT-2024-999", "--datum", "2024-03-01"]),
            4,
            "gibt es nicht",
        ),
        (
            "Fall als Pfad",
            s(&["annehmen", "../../etc/passwd"]),
            4,
            "keine Fallnummer",
        ),
        (
            "Fall als absoluter Pfad",
            s(&["zeige", "/etc/passwd"]),
            4,
            "keine Fallnummer",
        ),
        (
            "Fall mit Punkt",
            s(&[
                "standort",
                "OPT-2024-001.jsonl",
                "--naechstes-gespraech",
                "2024-06-01",
            ]),
            4,
            "keine Fallnummer",
        ),
        (
            "unbekannter Befehl",
            s(&["loeschen", "OPT-2024-001"]),
            2,
            "Unbekannter Befehl",
        ),
    ];
    assert!(faelle.len() >= 40, "{} Fälle", faelle.len());
    for (name, args, code, meldung) in &faelle {
        let vorher = r.schnappschuss();
        let a: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        let l = r.lauf(&a);
        assert_eq!(l.code, *code, "{name}: stderr {}", l.stderr);
        assert!(l.stderr.starts_with("Fehler: "), "{name}: {}", l.stderr);
        assert!(
            l.stderr.contains(meldung),
            "{name}: erwartet '{meldung}' in {}",
            l.stderr
        );
        assert_eq!(
            l.stderr.trim().lines().count(),
            1,
            "{name}: eine Zeile erwartet: {}",
            l.stderr
        );
        assert!(l.stdout.is_empty(), "{name}: stdout {}", l.stdout);
        assert!(vorher == r.schnappschuss(), "{name}: Register verändert");
    }
}

#[test]
fn nichts_geschrieben_wenn_register_neu_und_befehl_scheitert() {
    let r = Reg::neu();
    let sub = r.pfad().join("neu");
    let mut c = r.cmd();
    c.env("IIZ_DATA_DIR", &sub).args([
        "antrag",
        "--von",
        "sh",
        "--an",
        "rav",
        "--name",
        "B",
        "--vorname",
        "E",
        "--ahv",
        &ahv(5),
        "--arbeitsangebot",
        "intakt",
        "--ziel",
        "x",
    ]);
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(!sub.exists(), "Datenverzeichnis wurde angelegt");
}

/// Issue 26, item 13: blank values say nothing and are refused (exit 2), written nothing;
/// `help` after global options is the help of the command named.
#[test]
fn leere_werte_und_help_nach_globalen_optionen() {
    let r = Reg::neu();
    r.antrag("sh", "rav", 990_001, "2024-01-10");
    let vorher = r.schnappschuss();
    for args in [
        vec![
            "--benutzer",
            "",
            "stornieren",
            "OPT-2024-001",
            "--begruendung",
            "x",
        ],
        vec!["--benutzer", "  ", "liste"],
        vec!["pruefen", "--stand", ""],
        vec!["pruefen", "--stand", " "],
    ] {
        let l = r.lauf(&args);
        assert_eq!(l.code, 2, "{args:?}: {}", l.stderr);
        assert!(
            l.stderr.contains("darf nicht leer sein"),
            "{args:?}: {}",
            l.stderr
        );
        assert_eq!(r.schnappschuss(), vorher, "{args:?}");
    }
    // The reasons of the number parsers and of the system in German, never in English.
    let fremd = tempfile::tempdir().unwrap();
    let ordner = fremd.path().display().to_string();
    for (args, text) in [
        (
            vec!["antrag", "--arbeitsausfall", "101"],
            "muss zwischen 0 und 100 liegen",
        ),
        (
            vec!["antrag", "--arbeitsausfall", "abc"],
            "keine ganze Zahl",
        ),
        (
            vec!["rt", "aufgabe", "RT-2024-001", "99999999999999999999"],
            "zu gross",
        ),
        (vec!["import", ordner.as_str()], "ist ein Verzeichnis"),
    ] {
        let l = r.lauf(&args);
        assert_eq!(l.code, 2, "{args:?}: {}", l.stderr);
        assert!(l.stderr.contains(text), "{args:?}: {}", l.stderr);
        for englisch in ["invalid digit", "is not in", "os error", "too large"] {
            assert!(!l.stderr.contains(englisch), "{args:?}: {}", l.stderr);
        }
        assert_eq!(r.schnappschuss(), vorher, "{args:?}");
    }
    let d = r.pfad().display().to_string();
    for args in [
        vec!["--data-dir", d.as_str(), "help", "antrag"],
        vec!["--no-input", "help", "antrag"],
        vec!["help", "antrag"],
    ] {
        let l = r.lauf(&args);
        assert_eq!(l.code, 0, "{args:?}: {}", l.stderr);
        assert!(
            l.stdout.contains("Neuen OPTIMA-Antrag erfassen"),
            "{args:?}: {}",
            l.stdout
        );
    }
}
