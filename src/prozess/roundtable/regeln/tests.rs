//! Unit tests: every Roundtable rule, valid and invalid.

#[cfg(test)]
use super::*;
use crate::prozess::grundregeln::Grundregel;
use crate::prozess::roundtable::anwenden::anwenden;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ctx() -> Kontext {
    Kontext {
        heute: d("2024-12-31"),
        offene_faelle: vec![],
    }
}

pub(crate) fn anmeldung() -> Anmeldung {
    Anmeldung {
        anmeldende_stelle: Stelle::Andere,
        anmeldende_stelle_text: Some("Case Managerin Krankentaggeldversicherer".into()),
        anmelder: Some("C. Beispiel".into()),
        person: "P-test".into(),
        geburtsjahr: Some(1985),
        geschlecht: None,
        wohngemeinde: Some("Emmen".into()),
        beteiligte: vec![Beteiligte::Iv, Beteiligte::Rav],
        beteiligte_text: None,
        anliegen: "Klärung der Zuständigkeit".into(),
        einverstaendnis: true,
        kanal: Some(Kanal::OnlineSchalter),
    }
}

/// Decide, then apply, as the write path does.
fn schritt(f: Option<Fall>, datum: &str, e: Ereignis) -> Result<Fall, Regelverletzung> {
    entscheiden(f.as_ref(), "RT-2024-001", d(datum), &e, &ctx())?;
    Ok(anwenden(f, "RT-2024-001", d(datum), "t", &e).unwrap())
}

pub(crate) fn gespraech(nr: u32) -> Gespraech {
    Gespraech {
        nr,
        teilnehmer: vec!["IV".into(), "RAV".into(), "Person".into()],
        analyse: Some("Gesundheitliche Einschränkung, Stellensuche blockiert".into()),
        ziele: Some("Arbeitsversuch im 1. Arbeitsmarkt".into()),
        aufgaben: vec![Aufgabe {
            was: "Arbeitsversuch organisieren".into(),
            wer: "RAV".into(),
            bis: d("2024-04-30"),
            nr: None,
        }],
        fallfuehrung: Some(Stelle::Rav),
        fallfuehrung_person: Some("R. Muster".into()),
        naechstes_gespraech: Some(d("2024-05-15")),
        vereinbart: true,
    }
}

fn angemeldet() -> Fall {
    schritt(None, "2024-03-01", Ereignis::Anmeldung(anmeldung())).unwrap()
}

fn begleitet() -> Fall {
    schritt(
        Some(angemeldet()),
        "2024-03-20",
        Ereignis::Gespraech(gespraech(1)),
    )
    .unwrap()
}

fn abschluss(grund: Grund, loesung: Option<Loesung>) -> Ereignis {
    Ereignis::Abschluss(Abschluss {
        grund,
        loesung,
        bemerkung: None,
    })
}

#[test]
fn einverstaendnis_ist_pflicht() {
    let mut a = anmeldung();
    a.einverstaendnis = false;
    assert_eq!(
        schritt(None, "2024-03-01", Ereignis::Anmeldung(a)).unwrap_err(),
        Regelverletzung::OhneEinverstaendnis
    );
    assert!(schritt(None, "2024-03-01", Ereignis::Anmeldung(anmeldung())).is_ok());
}

#[test]
fn andere_stelle_braucht_text() {
    let mut a = anmeldung();
    a.anmeldende_stelle_text = None;
    assert_eq!(
        schritt(None, "2024-03-01", Ereignis::Anmeldung(a.clone())).unwrap_err(),
        Regelverletzung::AndereOhneText
    );
    a.anmeldende_stelle = Stelle::Sh;
    assert!(schritt(None, "2024-03-01", Ereignis::Anmeldung(a)).is_ok());
}

#[test]
fn weniger_als_drei_parteien_ist_eine_warnung() {
    // Case Managerin + IV + RAV: three parties, no warning.
    assert!(warnungen(&anmeldung()).is_empty());
    let mut a = anmeldung();
    a.anmeldende_stelle = Stelle::Iv;
    a.anmeldende_stelle_text = None;
    // IV registers, IV and RAV at the table: two parties.
    assert_eq!(warnungen(&a).len(), 1);
    assert!(warnungen(&a)[0].contains("Nur 2 Partei"));
    // A warning, not a refusal.
    assert!(schritt(None, "2024-03-01", Ereignis::Anmeldung(a)).is_ok());
}

#[test]
fn eine_offene_anmeldung_pro_person() {
    let c = Kontext {
        heute: d("2024-12-31"),
        offene_faelle: vec!["RT-2024-001".into()],
    };
    let e = Ereignis::Anmeldung(anmeldung());
    assert_eq!(
        entscheiden(None, "RT-2024-002", d("2024-03-01"), &e, &c).unwrap_err(),
        Regelverletzung::OffenerFall("RT-2024-001".into())
    );
}

#[test]
fn pflichtangaben_der_anmeldung() {
    let mut a = anmeldung();
    a.beteiligte.clear();
    assert!(matches!(
        schritt(None, "2024-03-01", Ereignis::Anmeldung(a)),
        Err(Regelverletzung::UngueltigerWert {
            feld: "--beteiligte",
            ..
        })
    ));
    let mut a = anmeldung();
    a.anliegen = "  ".into();
    assert!(matches!(
        schritt(None, "2024-03-01", Ereignis::Anmeldung(a)),
        Err(Regelverletzung::UngueltigerWert {
            feld: "--anliegen",
            ..
        })
    ));
}

#[test]
fn daten_nicht_in_zukunft_und_nicht_vor_dem_letzten() {
    assert_eq!(
        schritt(None, "2025-01-01", Ereignis::Anmeldung(anmeldung())).unwrap_err(),
        Regelverletzung::Grund(Grundregel::DatumInZukunft(d("2025-01-01")))
    );
    let f = angemeldet();
    assert!(matches!(
        schritt(Some(f), "2024-02-28", Ereignis::Gespraech(gespraech(1))),
        Err(Regelverletzung::Grund(Grundregel::DatumVorLetztem { .. }))
    ));
}

#[test]
fn erstes_gespraech_braucht_analyse_ziele_aufgabe_und_fallfuehrung() {
    let mut g = gespraech(1);
    g.analyse = None;
    g.aufgaben.clear();
    g.fallfuehrung = None;
    let e = schritt(Some(angemeldet()), "2024-03-20", Ereignis::Gespraech(g)).unwrap_err();
    match e {
        Regelverletzung::ErstesGespraechUnvollstaendig { fehlt, .. } => {
            assert!(fehlt.contains("--analyse"));
            assert!(fehlt.contains("--aufgabe"));
            assert!(fehlt.contains("--fallfuehrung"));
            assert!(!fehlt.contains("--ziele"));
        }
        x => panic!("{x:?}"),
    }
    // A later meeting may be short.
    let kurz = Gespraech {
        nr: 2,
        teilnehmer: vec!["IV".into()],
        analyse: None,
        ziele: None,
        aufgaben: vec![],
        fallfuehrung: None,
        fallfuehrung_person: None,
        naechstes_gespraech: None,
        vereinbart: false,
    };
    let f = schritt(Some(begleitet()), "2024-05-15", Ereignis::Gespraech(kurz)).unwrap();
    assert_eq!(f.gespraeche.len(), 2);
    assert_eq!(
        f.fallfuehrung,
        Some(Stelle::Rav),
        "kept from the first meeting"
    );
}

#[test]
fn termine_und_fristen_nach_dem_gespraech() {
    let mut g = gespraech(1);
    g.naechstes_gespraech = Some(d("2024-03-20"));
    assert!(matches!(
        schritt(Some(angemeldet()), "2024-03-20", Ereignis::Gespraech(g)),
        Err(Regelverletzung::TerminZuFrueh { .. })
    ));
    let mut g = gespraech(1);
    g.aufgaben[0].bis = d("2024-03-19");
    assert!(matches!(
        schritt(Some(angemeldet()), "2024-03-20", Ereignis::Gespraech(g)),
        Err(Regelverletzung::TerminZuFrueh { .. })
    ));
    let mut g = gespraech(1);
    g.teilnehmer = vec![" ".into()];
    assert!(matches!(
        schritt(Some(angemeldet()), "2024-03-20", Ereignis::Gespraech(g)),
        Err(Regelverletzung::UngueltigerWert {
            feld: "--teilnehmer",
            ..
        })
    ));
}

#[test]
fn kein_prozess_nur_vor_jedem_gespraech_und_jeder_begleitung() {
    let k = || {
        Ereignis::KeinProzess(KeinProzess {
            grund: "Person zieht Anmeldung zurück".into(),
        })
    };
    let f = schritt(Some(angemeldet()), "2024-03-05", k()).unwrap();
    assert_eq!(f.status, Status::KeinProzess);
    assert!(matches!(
        schritt(Some(begleitet()), "2024-03-25", k()),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    let b = schritt(
        Some(angemeldet()),
        "2024-03-05",
        Ereignis::Begleitung(Begleitung {
            notiz: "Telefon mit der Beiständin".into(),
        }),
    )
    .unwrap();
    assert!(matches!(
        schritt(Some(b), "2024-03-06", k()),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    assert!(matches!(
        schritt(
            Some(angemeldet()),
            "2024-03-05",
            Ereignis::KeinProzess(KeinProzess { grund: "".into() })
        ),
        Err(Regelverletzung::UngueltigerWert {
            feld: "--grund",
            ..
        })
    ));
}

#[test]
fn abschluss_aus_angemeldet_oder_begleitet_nie_nach_kein_prozess() {
    assert!(
        schritt(
            Some(angemeldet()),
            "2024-03-05",
            abschluss(Grund::Abbruch, None)
        )
        .is_ok()
    );
    let f = schritt(
        Some(begleitet()),
        "2024-06-01",
        abschluss(Grund::Loesung, Some(Loesung::IvRente)),
    )
    .unwrap();
    assert_eq!(f.status, Status::Abgeschlossen);
    assert!(matches!(
        schritt(Some(f), "2024-06-02", abschluss(Grund::Andere, None)),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    let ohne = schritt(
        Some(angemeldet()),
        "2024-03-05",
        Ereignis::KeinProzess(KeinProzess { grund: "x".into() }),
    )
    .unwrap();
    assert!(matches!(
        schritt(Some(ohne), "2024-03-06", abschluss(Grund::Andere, None)),
        Err(Regelverletzung::FalscherStatus(_))
    ));
}

#[test]
fn loesung_nur_mit_grund_loesung() {
    assert_eq!(
        schritt(
            Some(begleitet()),
            "2024-06-01",
            abschluss(Grund::Arbeitsmarkt, Some(Loesung::Regelstruktur))
        )
        .unwrap_err(),
        Regelverletzung::LoesungOhneGrund
    );
}

#[test]
fn aufgaben_erledigen() {
    let f = begleitet();
    let erledigt = |nr| Ereignis::AufgabeErledigt(AufgabeErledigt { nr, erledigt: true });
    assert!(matches!(
        schritt(Some(f.clone()), "2024-04-01", erledigt(2)),
        Err(Regelverletzung::AufgabeUnbekannt { nr: 2, .. })
    ));
    let f = schritt(Some(f), "2024-04-01", erledigt(1)).unwrap();
    assert_eq!(f.aufgaben[0].erledigt, Some(d("2024-04-01")));
    assert!(matches!(
        schritt(Some(f), "2024-04-02", erledigt(1)),
        Err(Regelverletzung::AufgabeErledigt { nr: 1, .. })
    ));
}

#[test]
fn anonymisieren_nur_wenn_beendet() {
    let a = || Ereignis::Anonymisiert(Anonymisiert {});
    assert!(matches!(
        schritt(Some(begleitet()), "2024-06-01", a()),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    let f = schritt(
        Some(begleitet()),
        "2024-06-01",
        abschluss(Grund::Abbruch, None),
    )
    .unwrap();
    let f = schritt(Some(f), "2024-06-02", a()).unwrap();
    assert!(matches!(
        schritt(Some(f), "2024-06-03", a()),
        Err(Regelverletzung::BereitsAnonymisiert(_))
    ));
}

/// The old tool's cases (`import --altbestand`): decided by `altbestand`, not today's rules.
#[test]
fn altbestand_gueltig_und_ungueltig() {
    use crate::prozess::{altbestand_entscheiden, roundtable::Roundtable};
    let heute = d("2024-12-31");
    let mut alt = anmeldung();
    // What the old tool recorded: no person, parties, concern or text of "andere".
    alt.person = String::new();
    alt.anmeldende_stelle_text = None;
    alt.beteiligte = Vec::new();
    alt.anliegen = String::new();
    let kein = Ereignis::KeinProzess(KeinProzess {
        grund: String::new(),
    });
    let abschluss = Ereignis::Abschluss(Abschluss {
        grund: Grund::Loesung,
        loesung: None,
        bemerkung: None,
    });
    let ok = [
        (d("2013-01-10"), Ereignis::Anmeldung(alt.clone())),
        (d("2013-02-01"), kein.clone()),
    ];
    let f = altbestand_entscheiden::<Roundtable>("RT-2013-001", &ok, heute).unwrap();
    assert_eq!(f.status, Status::KeinProzess);
    // Today's rules refuse the same registration ("andere" without its text).
    assert!(entscheiden(None, "RT-2013-001", d("2013-01-10"), &ok[0].1, &ctx()).is_err());
    let fehler = |e: &[(NaiveDate, Ereignis)]| {
        altbestand_entscheiden::<Roundtable>("RT-2013-002", e, heute)
            .unwrap_err()
            .to_string()
    };
    // Invalid: closed twice, closed before the registration, a meeting, a young person.
    let mut zweimal = ok.to_vec();
    zweimal.push((d("2013-03-01"), abschluss.clone()));
    assert!(fehler(&zweimal).contains("ohne Prozess beendet"));
    let frueh = [
        (d("2013-01-10"), Ereignis::Anmeldung(alt.clone())),
        (d("2013-01-01"), abschluss),
    ];
    assert!(fehler(&frueh).contains("vor dem letzten Ereignis"));
    let begleitung = [
        (d("2013-01-10"), Ereignis::Anmeldung(alt.clone())),
        (
            d("2013-02-01"),
            Ereignis::Begleitung(Begleitung {
                notiz: String::new(),
            }),
        ),
    ];
    assert!(fehler(&begleitung).contains("gibt es im Altbestand nicht"));
    let mut jung = alt;
    jung.geburtsjahr = Some(2005);
    assert!(fehler(&[(d("2013-01-10"), Ereignis::Anmeldung(jung))]).contains("Geburtsjahr"));
}

/// `antrag --aus-roundtable`: the link is recorded in any state but erased, once per case.
#[test]
fn optima_auftrag_einmal_auch_nach_dem_ende() {
    let auftrag = |f: &str| {
        Ereignis::OptimaAuftrag(OptimaAuftrag {
            fall: f.into(),
            antrag_datum: d("2024-06-01"),
        })
    };
    let f = schritt(Some(angemeldet()), "2024-06-01", auftrag("OPT-2024-001")).unwrap();
    assert_eq!(
        f.optima_auftraege,
        vec![("OPT-2024-001".into(), d("2024-06-01"))]
    );
    assert!(matches!(
        schritt(Some(f.clone()), "2024-06-02", auftrag("OPT-2024-001")),
        Err(Regelverletzung::Inkonsistent(_))
    ));
    let f = schritt(Some(f), "2024-06-03", abschluss(Grund::Abbruch, None)).unwrap();
    let f = schritt(Some(f), "2024-06-04", auftrag("OPT-2024-002")).unwrap();
    assert_eq!(f.optima_auftraege.len(), 2);
    let f = schritt(
        Some(f),
        "2024-06-05",
        Ereignis::Anonymisiert(Anonymisiert {}),
    )
    .unwrap();
    assert!(matches!(
        schritt(Some(f), "2024-06-06", auftrag("OPT-2024-003")),
        Err(Regelverletzung::BereitsAnonymisiert(_))
    ));
}
