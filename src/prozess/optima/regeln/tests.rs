//! Unit tests: every rule, valid and invalid.

#[cfg(test)]
use super::*;
use crate::prozess::grundregeln::Grundregel;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ctx() -> Kontext {
    Kontext {
        heute: d("2024-12-31"),
        offene_faelle: vec![],
    }
}

fn antrag_daten(von: Institution, an: Institution) -> Antrag {
    let mut a = Antrag {
        von,
        an,
        von_stelle: None,
        an_stelle: None,
        fallfuehrer: None,
        person: "P-test".into(),
        geburtsjahr: Some(1980),
        geschlecht: None,
        wohngemeinde: None,
        bezug: vec![],
        arbeitsangebot: if an == Institution::Sh {
            Arbeitsangebot::NichtIntakt
        } else {
            Arbeitsangebot::Intakt
        },
        arbeitsausfall: None,
        iv_offen: false,
        iv_ablehnung: None,
        gesundheitsschaden_iv: false,
        unterstuetzungsbedarf: None,
        aus_roundtable: None,
        fallfuehrung_bestaetigt: an == Institution::Sh,
        rav_abmeldung: None,
        einverstaendnis: true,
        dauer: 6,
        ziel: "Stelle im ersten Arbeitsmarkt".into(),
        bemerkung: None,
        zielgruppe: None,
        kriterien: vec![],
        hinweise: vec![],
    };
    vorpruefen(&mut a);
    a
}

fn vorpruefen(a: &mut Antrag) {
    let (z, k, h) = vorpruefung(a, d("2024-01-10"));
    a.zielgruppe = z;
    a.kriterien = k;
    a.hinweise = h;
}

/// Shared with the tests of the other OPTIMA modules: a test application RAV → SH and the
/// events of a typical case.
pub(crate) fn antrag_beispiel() -> Antrag {
    antrag_daten(Institution::Rav, Institution::Sh)
}

pub(crate) fn beispiel_uebergabe() -> Uebergabe {
    uebergabe()
}

pub(super) fn antrag_fall() -> Fall {
    neu(&antrag_daten(Institution::Rav, Institution::Iv))
}

fn neu(a: &Antrag) -> Fall {
    schritt(
        None,
        "OPT-2024-001",
        d("2024-01-10"),
        "t",
        &Ereignis::Antrag(a.clone()),
        &ctx(),
    )
    .unwrap()
}

fn weiter(f: Fall, datum: &str, e: Ereignis) -> Ergebnis<Fall> {
    schritt(Some(f), "OPT-2024-001", d(datum), "t", &e, &ctx())
}

fn annahme() -> Ereignis {
    Ereignis::Annahme(Annahme::default())
}

fn uebergabe() -> Uebergabe {
    Uebergabe {
        naechstes_gespraech: d("2024-03-01"),
        strategie: "Bewerbungen".into(),
        massnahmen: None,
        teilnehmer: vec![],
        zustimmung: true,
        arbeitsfaehig_erklaert: true,
        befreiung_bis: Some(d("2024-06-30")),
        dauer: None,
        rav_anmeldung: None,
    }
}

fn laufend(von: Institution, an: Institution) -> Fall {
    let f = neu(&antrag_daten(von, an));
    let f = weiter(f, "2024-01-15", annahme()).unwrap();
    weiter(f, "2024-02-01", Ereignis::Uebergabe(uebergabe())).unwrap()
}

fn kgs(nr: u32, rappen: u64) -> Ereignis {
    Ereignis::KgsBeantragt(KgsBeantragt {
        nr,
        massnahme: "Bewerbungstraining".into(),
        anbieter: "Anbieter AG".into(),
        betrag: Rappen(rappen),
        zeitraum: None,
    })
}

fn abschluss(grund: Abschlussgrund, anlass: Option<Anlass>) -> Ereignis {
    Ereignis::Abschluss(Abschluss {
        grund,
        anlass,
        bemerkung: None,
    })
}

// --- AHV numbers and amounts ---------------------------------------------------------

#[test]
fn betraege_gueltig() {
    assert_eq!(betrag_parsen("1200").unwrap(), Rappen(120_000));
    assert_eq!(betrag_parsen("1'200.5").unwrap(), Rappen(120_050));
    assert_eq!(betrag_parsen("0.05").unwrap(), Rappen(5));
    assert_eq!(betrag_parsen("CHF 1'000'000").unwrap(), Rappen(100_000_000));
    assert_eq!(betrag_parsen(" 99.99 ").unwrap(), Rappen(9_999));
}

#[test]
fn betraege_ungueltig() {
    for s in [
        "0",
        "0.00",
        "-5",
        "1'000'000.01",
        "12.345",
        "12,50",
        "1e3",
        "abc",
        "",
        "12'00",
        "1.",
        ".5",
        "'100",
        "9999999999999",
    ] {
        assert!(
            matches!(
                betrag_parsen(s),
                Err(Regelverletzung::UngueltigerBetrag { .. })
            ),
            "{s}"
        );
    }
}

// --- target groups (chapter 4) -------------------------------------------------------

#[test]
fn zielgruppen_tabelle() {
    use Institution::*;
    use Zielgruppe::*;
    let faelle: [(Institution, Institution, &[Bezug], bool, Zielgruppe); 12] = [
        (Iv, Rav, &[Bezug::Ale], false, B),
        (Iv, Rav, &[], false, A),
        (Rav, Iv, &[Bezug::IvVerfahren], false, B),
        (Rav, Iv, &[], true, B),
        (Rav, Iv, &[Bezug::Ale], false, F),
        (Iv, Sh, &[Bezug::Wsh], false, D),
        (Iv, Sh, &[], false, C),
        (Sh, Iv, &[Bezug::IvEingliederung], false, D),
        (Sh, Iv, &[Bezug::Wsh], false, E),
        (Rav, Sh, &[Bezug::Sozialberatung], false, I),
        (Rav, Sh, &[Bezug::Ale], false, G),
        (Sh, Rav, &[], false, H),
    ];
    for (von, an, bezug, iv_offen, erwartet) in faelle {
        assert_eq!(
            zielgruppe(von, an, bezug, iv_offen),
            Some(erwartet),
            "{von}->{an} {bezug:?}"
        );
    }
    assert_eq!(zielgruppe(Sh, Rav, &[Bezug::Ale], false), Some(I));
    assert_eq!(zielgruppe(Sh, Sh, &[Bezug::Wsh], false), None);
}

// --- acceptance criteria (3.2) -------------------------------------------------------

#[test]
fn kriterien_rav() {
    let mut a = antrag_daten(Institution::Iv, Institution::Rav);
    assert!(a.kriterien.is_empty());
    a.arbeitsangebot = Arbeitsangebot::NichtIntakt;
    a.arbeitsausfall = Some(81);
    a.iv_offen = true;
    vorpruefen(&mut a);
    assert_eq!(
        a.kriterien,
        vec![
            Kriterium::ArbeitsangebotNichtIntakt,
            Kriterium::ArbeitsausfallUeber80,
            Kriterium::IvOffen
        ]
    );
    a.arbeitsausfall = Some(80);
    vorpruefen(&mut a);
    assert!(!a.kriterien.contains(&Kriterium::ArbeitsausfallUeber80));
}

#[test]
fn kriterien_iv() {
    let mut a = antrag_daten(Institution::Sh, Institution::Iv);
    a.iv_ablehnung = Some(d("2023-02-01"));
    a.gesundheitsschaden_iv = true;
    vorpruefen(&mut a);
    assert_eq!(
        a.kriterien,
        vec![
            Kriterium::GesundheitsschadenIv,
            Kriterium::IvAblehnungUnter12Monate
        ]
    );
    a.iv_ablehnung = Some(d("2023-01-09"));
    a.gesundheitsschaden_iv = false;
    vorpruefen(&mut a);
    assert!(a.kriterien.is_empty(), "more than 12 months back");
}

/// Concept 1702–1704: to the IV the person has a high need of support or health-impeded
/// access to the labour market – declared, else a violated criterion. Applications recorded
/// before the rule (`None`) and to other offices are not judged by it.
#[test]
fn kriterium_iv_unterstuetzungsbedarf() {
    let mut a = antrag_daten(Institution::Sh, Institution::Iv);
    a.unterstuetzungsbedarf = Some(false);
    vorpruefen(&mut a);
    assert_eq!(a.kriterien, vec![Kriterium::KeinUnterstuetzungsbedarf]);
    a.unterstuetzungsbedarf = Some(true);
    vorpruefen(&mut a);
    assert!(a.kriterien.is_empty());
    a.unterstuetzungsbedarf = None;
    vorpruefen(&mut a);
    assert!(a.kriterien.is_empty(), "recorded before the rule");
    let mut r = antrag_daten(Institution::Sh, Institution::Rav);
    r.unterstuetzungsbedarf = Some(false);
    vorpruefen(&mut r);
    assert!(r.kriterien.is_empty(), "only the IV asks for it");
}

#[test]
fn kriterien_sh_und_hinweis() {
    let mut a = antrag_daten(Institution::Rav, Institution::Sh);
    assert!(a.kriterien.is_empty());
    a.arbeitsangebot = Arbeitsangebot::Intakt;
    a.fallfuehrung_bestaetigt = false;
    a.rav_abmeldung = Some(d("2023-06-01"));
    vorpruefen(&mut a);
    assert_eq!(
        a.kriterien,
        vec![
            Kriterium::ArbeitsangebotIntakt,
            Kriterium::FallfuehrungNichtBestaetigt
        ]
    );
    assert!(
        a.hinweise.is_empty(),
        "the six-month hint belongs to SH → RAV"
    );
}

#[test]
fn hinweis_sh_an_rav_bei_rav_anmeldung_innert_6_monaten() {
    // Application on 2024-01-10: deregistered from the RAV on 2023-09-01, within 6 months.
    let mut a = antrag_daten(Institution::Sh, Institution::Rav);
    a.rav_abmeldung = Some(d("2023-09-01"));
    vorpruefen(&mut a);
    assert_eq!(a.hinweise, vec![Hinweis::RavKuerzlichAngemeldet]);
    assert!(a.kriterien.is_empty(), "a hint, never a criterion");
    // Longer ago: no hint.
    let mut a = antrag_daten(Institution::Sh, Institution::Rav);
    a.rav_abmeldung = Some(d("2023-06-01"));
    vorpruefen(&mut a);
    assert!(a.hinweise.is_empty());
    // Not for other pairs.
    let mut a = antrag_daten(Institution::Iv, Institution::Rav);
    a.rav_abmeldung = Some(d("2023-12-01"));
    vorpruefen(&mut a);
    assert!(a.hinweise.is_empty());
}

#[test]
fn gleicher_typ_ist_kriterium_und_braucht_zwei_stellen() {
    let mut a = antrag_daten(Institution::Sh, Institution::Sh);
    assert_eq!(
        schritt(
            None,
            "X",
            d("2024-01-10"),
            "t",
            &Ereignis::Antrag(a.clone()),
            &ctx()
        ),
        Err(Regelverletzung::GleicheStelle("Sozialhilfe".into()))
    );
    a.von_stelle = Some("Sozialdienst Emmen".into());
    a.an_stelle = Some("sozialdienst emmen ".into());
    assert!(matches!(
        schritt(
            None,
            "X",
            d("2024-01-10"),
            "t",
            &Ereignis::Antrag(a.clone()),
            &ctx()
        ),
        Err(Regelverletzung::GleicheStelle(_))
    ));
    a.an_stelle = Some("SoBZ Hochdorf".into());
    vorpruefen(&mut a);
    assert_eq!(a.zielgruppe, None);
    assert!(a.kriterien.contains(&Kriterium::GleicheInstitution));
    let f = neu(&a);
    assert!(matches!(
        weiter(f.clone(), "2024-01-11", annahme()),
        Err(Regelverletzung::KriterienVerletzt { .. })
    ));
    let f = weiter(
        f,
        "2024-01-11",
        Ereignis::Annahme(Annahme {
            berater: None,
            abweichung: Some("regionales SoBZ zuständig".into()),
        }),
    )
    .unwrap();
    assert_eq!(f.status, Status::Angenommen);
    assert!(f.abweichung.is_some());
}

// --- antrag --------------------------------------------------------------------------

#[test]
fn antrag_gueltig() {
    let f = neu(&antrag_daten(Institution::Iv, Institution::Rav));
    assert_eq!(f.status, Status::Beantragt);
    assert_eq!(f.zielgruppe, Some(Zielgruppe::A));
}

#[test]
fn antrag_harte_regeln() {
    let basis = antrag_daten(Institution::Rav, Institution::Iv);
    let versuch =
        |a: Antrag, c: &Kontext| schritt(None, "X", d("2024-01-10"), "t", &Ereignis::Antrag(a), c);
    let mut a = basis.clone();
    a.einverstaendnis = false;
    assert_eq!(
        versuch(a, &ctx()),
        Err(Regelverletzung::OhneEinverstaendnis)
    );
    let c = Kontext {
        offene_faelle: vec!["OPT-2023-004".into()],
        ..ctx()
    };
    assert_eq!(
        versuch(basis.clone(), &c),
        Err(Regelverletzung::OffenerFall("OPT-2023-004".into()))
    );
    let mut a = basis.clone();
    a.dauer = 4;
    assert!(matches!(
        versuch(a, &ctx()),
        Err(Regelverletzung::UngueltigerWert {
            feld: "--dauer",
            ..
        })
    ));
    let mut a = basis.clone();
    a.arbeitsausfall = Some(101);
    assert!(matches!(
        versuch(a, &ctx()),
        Err(Regelverletzung::UngueltigerWert { .. })
    ));
    let mut a = basis.clone();
    a.iv_ablehnung = Some(d("2024-02-01"));
    assert!(matches!(
        versuch(a, &ctx()),
        Err(Regelverletzung::DatumNachAntrag { .. })
    ));
    let mut a = basis.clone();
    a.ziel = "  ".into();
    assert!(matches!(
        versuch(a, &ctx()),
        Err(Regelverletzung::UngueltigerWert { feld: "--ziel", .. })
    ));
    let c = Kontext {
        heute: d("2024-01-09"),
        ..ctx()
    };
    assert_eq!(
        versuch(basis, &c),
        Err(Regelverletzung::Grund(Grundregel::DatumInZukunft(d(
            "2024-01-10"
        ))))
    );
}

#[test]
fn nur_ein_antrag_pro_fall() {
    let a = antrag_daten(Institution::Rav, Institution::Iv);
    let f = neu(&a);
    assert!(matches!(
        weiter(f, "2024-01-11", Ereignis::Antrag(a)),
        Err(Regelverletzung::Grund(Grundregel::ZweiteEroeffnung { .. }))
    ));
    assert!(matches!(
        schritt(None, "X", d("2024-01-10"), "t", &annahme(), &ctx()),
        Err(Regelverletzung::Grund(Grundregel::OhneEroeffnung { .. }))
    ));
}

// --- annehmen / ablehnen -------------------------------------------------------------

#[test]
fn annehmen_und_ablehnen() {
    let f = neu(&antrag_daten(Institution::Sh, Institution::Rav));
    let a = weiter(f.clone(), "2024-01-12", annahme()).unwrap();
    assert_eq!(
        (a.status, a.entscheid_datum),
        (Status::Angenommen, Some(d("2024-01-12")))
    );
    assert!(matches!(
        weiter(a, "2024-01-13", annahme()),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    let abl = |grund, bemerkung: Option<&str>| {
        Ereignis::Ablehnung(Ablehnung {
            grund,
            bemerkung: bemerkung.map(String::from),
        })
    };
    assert_eq!(
        weiter(
            f.clone(),
            "2024-01-12",
            abl(Ablehnungsgrund::Sonstige, None)
        ),
        Err(Regelverletzung::BemerkungFehlt)
    );
    let r = weiter(
        f.clone(),
        "2024-01-12",
        abl(Ablehnungsgrund::Sonstige, Some("Wegzug")),
    )
    .unwrap();
    assert_eq!(r.status, Status::Abgelehnt);
    let r = weiter(f, "2024-01-12", abl(Ablehnungsgrund::KeineKapazitaet, None)).unwrap();
    assert!(matches!(
        weiter(r, "2024-01-13", annahme()),
        Err(Regelverletzung::FalscherStatus(_))
    ));
}

#[test]
fn annehmen_trotz_kriterium_nur_mit_abweichung() {
    let mut a = antrag_daten(Institution::Rav, Institution::Iv);
    a.iv_ablehnung = Some(d("2023-09-01"));
    vorpruefen(&mut a);
    let f = neu(&a);
    let err = weiter(f.clone(), "2024-01-11", annahme()).unwrap_err();
    assert!(err.to_string().contains("--abweichung"), "{err}");
    let leer = Ereignis::Annahme(Annahme {
        berater: None,
        abweichung: Some(" ".into()),
    });
    assert!(weiter(f.clone(), "2024-01-11", leer).is_err());
    let mit = Ereignis::Annahme(Annahme {
        berater: None,
        abweichung: Some("Neue Diagnose".into()),
    });
    assert_eq!(
        weiter(f, "2024-01-11", mit).unwrap().status,
        Status::Angenommen
    );
}

// --- dates ---------------------------------------------------------------------------

#[test]
fn datum_nicht_vor_letztem_und_nicht_in_zukunft() {
    let f = neu(&antrag_daten(Institution::Sh, Institution::Rav));
    assert!(matches!(
        weiter(f.clone(), "2024-01-09", annahme()),
        Err(Regelverletzung::Grund(Grundregel::DatumVorLetztem { .. }))
    ));
    assert!(
        weiter(f.clone(), "2024-01-10", annahme()).is_ok(),
        "same day is fine"
    );
    assert_eq!(
        weiter(f, "2025-01-01", annahme()),
        Err(Regelverletzung::Grund(Grundregel::DatumInZukunft(d(
            "2025-01-01"
        ))))
    );
}

// --- uebergabe -----------------------------------------------------------------------

#[test]
fn uebergabe_regeln() {
    let angenommen =
        |von, an| weiter(neu(&antrag_daten(von, an)), "2024-01-15", annahme()).unwrap();
    let f = angenommen(Institution::Sh, Institution::Rav);
    let mut u = uebergabe();
    u.zustimmung = false;
    assert!(matches!(
        weiter(f.clone(), "2024-02-01", Ereignis::Uebergabe(u)),
        Err(Regelverletzung::OhneZustimmung(_))
    ));
    let mut u = uebergabe();
    u.arbeitsfaehig_erklaert = false;
    assert_eq!(
        weiter(f.clone(), "2024-02-01", Ereignis::Uebergabe(u.clone())),
        Err(Regelverletzung::OhneArbeitsfaehigErklaert)
    );
    // Needed too when the IV takes over (concept 3.2.2, target groups E/F/H) …
    let iv = angenommen(Institution::Sh, Institution::Iv);
    assert_eq!(
        weiter(iv.clone(), "2024-02-01", Ereignis::Uebergabe(u.clone())),
        Err(Regelverletzung::OhneArbeitsfaehigErklaert)
    );
    let mut mit = u.clone();
    mit.arbeitsfaehig_erklaert = true;
    assert!(weiter(iv, "2024-02-01", Ereignis::Uebergabe(mit)).is_ok());
    // … but not when social services take over (the Arbeitsangebot is not intact there).
    let sh = angenommen(Institution::Iv, Institution::Sh);
    assert!(weiter(sh, "2024-02-01", Ereignis::Uebergabe(u)).is_ok());
    let rav_sh = angenommen(Institution::Rav, Institution::Sh);
    let mut u = uebergabe();
    u.befreiung_bis = None;
    assert_eq!(
        weiter(rav_sh.clone(), "2024-02-01", Ereignis::Uebergabe(u)),
        Err(Regelverletzung::OhneBefreiung)
    );
    let mut u = uebergabe();
    u.befreiung_bis = Some(d("2024-02-01"));
    assert!(matches!(
        weiter(rav_sh, "2024-02-01", Ereignis::Uebergabe(u)),
        Err(Regelverletzung::TerminZuFrueh { .. })
    ));
    let mut u = uebergabe();
    u.naechstes_gespraech = d("2024-01-31");
    assert!(matches!(
        weiter(f.clone(), "2024-02-01", Ereignis::Uebergabe(u)),
        Err(Regelverletzung::TerminZuFrueh { .. })
    ));
    let l = weiter(f, "2024-02-01", Ereignis::Uebergabe(uebergabe())).unwrap();
    assert_eq!(l.status, Status::Laufend);
    assert_eq!(l.geplantes_ende(), Some(d("2024-08-01")));
    assert!(matches!(
        weiter(l, "2024-02-02", Ereignis::Uebergabe(uebergabe())),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    let beantragt = neu(&antrag_daten(Institution::Sh, Institution::Rav));
    let err = weiter(beantragt, "2024-02-01", Ereignis::Uebergabe(uebergabe())).unwrap_err();
    assert!(
        err.to_string().contains("iiz annehmen OPT-2024-001"),
        "{err}"
    );
}

// --- standort ------------------------------------------------------------------------

#[test]
fn standort_nur_laufend() {
    let st = |t| {
        Ereignis::Standort(Standort {
            naechstes_gespraech: d(t),
            stand: None,
            massnahmen: None,
            verlaengern_bis: None,
            berater: None,
        })
    };
    let angenommen = weiter(
        neu(&antrag_daten(Institution::Sh, Institution::Rav)),
        "2024-01-15",
        annahme(),
    )
    .unwrap();
    let err = weiter(angenommen, "2024-02-01", st("2024-03-01")).unwrap_err();
    assert!(err.to_string().contains("noch nicht übergeben"), "{err}");
    let l = laufend(Institution::Sh, Institution::Rav);
    assert!(matches!(
        weiter(l.clone(), "2024-03-01", st("2024-03-01")),
        Err(Regelverletzung::TerminZuFrueh { .. })
    ));
    let l = weiter(l, "2024-03-01", st("2024-04-15")).unwrap();
    assert_eq!(l.naechstes_gespraech, Some(d("2024-04-15")));
}

// --- kostengutsprachen ---------------------------------------------------------------

#[test]
fn kgs_beantragen_wann() {
    let angenommen =
        |von, an| weiter(neu(&antrag_daten(von, an)), "2024-01-15", annahme()).unwrap();
    // At the handover meeting, but not when the IV takes over (3.2.2).
    assert!(
        weiter(
            angenommen(Institution::Sh, Institution::Rav),
            "2024-01-20",
            kgs(1, 100)
        )
        .is_ok()
    );
    assert_eq!(
        weiter(
            angenommen(Institution::Sh, Institution::Iv),
            "2024-01-20",
            kgs(1, 100)
        ),
        Err(Regelverletzung::KgsBeiIvUebergabe)
    );
    assert!(
        weiter(
            laufend(Institution::Sh, Institution::Iv),
            "2024-02-20",
            kgs(1, 100)
        )
        .is_ok()
    );
    let beantragt = neu(&antrag_daten(Institution::Sh, Institution::Rav));
    assert!(matches!(
        weiter(beantragt, "2024-01-20", kgs(1, 100)),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    // Numbers are identities: a gap (a voided request) is fine, a number given twice or 0
    // is not.
    assert!(
        weiter(
            laufend(Institution::Sh, Institution::Iv),
            "2024-02-20",
            kgs(2, 100)
        )
        .is_ok()
    );
    let mit_eins = weiter(
        laufend(Institution::Sh, Institution::Iv),
        "2024-02-20",
        kgs(1, 100),
    )
    .unwrap();
    for nr in [0, 1] {
        assert!(matches!(
            weiter(mit_eins.clone(), "2024-02-21", kgs(nr, 100)),
            Err(Regelverletzung::Inkonsistent(_))
        ));
    }
    assert!(matches!(
        weiter(
            laufend(Institution::Sh, Institution::Iv),
            "2024-02-20",
            kgs(1, BETRAG_MAX + 1)
        ),
        Err(Regelverletzung::UngueltigerBetrag { .. })
    ));
}

#[test]
fn kgs_bewilligen_ablehnen_abrechnen() {
    let l = weiter(
        laufend(Institution::Iv, Institution::Rav),
        "2024-02-05",
        kgs(1, 150_000),
    )
    .unwrap();
    let bew = |nr| {
        Ereignis::KgsBewilligt(KgsBewilligt {
            nr,
            unterzeichnet: Some("M. Meier".into()),
        })
    };
    let abr = |nr, r, abw: Option<&str>| {
        Ereignis::KgsAbgerechnet(KgsAbgerechnet {
            nr,
            betrag: Rappen(r),
            abweichung: abw.map(String::from),
        })
    };
    assert!(matches!(
        weiter(l.clone(), "2024-02-06", bew(2)),
        Err(Regelverletzung::KgsUnbekannt { nr: 2, .. })
    ));
    assert!(matches!(
        weiter(l.clone(), "2024-02-06", abr(1, 100, None)),
        Err(Regelverletzung::KgsFalscherStatus { .. })
    ));
    let b = weiter(l.clone(), "2024-02-06", bew(1)).unwrap();
    assert_eq!(b.kgs(1).unwrap().status, KgsStatus::Bewilligt);
    assert!(matches!(
        weiter(b.clone(), "2024-02-07", bew(1)),
        Err(Regelverletzung::KgsFalscherStatus { .. })
    ));
    assert!(matches!(
        weiter(b.clone(), "2024-03-01", abr(1, 150_001, None)),
        Err(Regelverletzung::BetragUeberBewilligt { .. })
    ));
    let mehr = weiter(
        b.clone(),
        "2024-03-01",
        abr(1, 150_001, Some("Zusatzmodul vereinbart")),
    )
    .unwrap();
    assert_eq!(mehr.kgs(1).unwrap().abgerechnet, Some(Rappen(150_001)));
    let r = weiter(b, "2024-03-01", abr(1, 120_000, None)).unwrap();
    assert_eq!(r.kgs(1).unwrap().status, KgsStatus::Abgerechnet);
    assert!(matches!(
        weiter(r, "2024-03-02", abr(1, 1, None)),
        Err(Regelverletzung::KgsFalscherStatus { .. })
    ));
    let abgelehnt = weiter(
        l,
        "2024-02-06",
        Ereignis::KgsAbgelehnt(KgsAbgelehnt { nr: 1, grund: None }),
    )
    .unwrap();
    assert_eq!(abgelehnt.kgs(1).unwrap().status, KgsStatus::Abgelehnt);
}

// --- abschluss -----------------------------------------------------------------------

#[test]
fn abschluss_regeln() {
    use Abschlussgrund::*;
    let l = laufend(Institution::Sh, Institution::Rav);
    let ok = weiter(
        l.clone(),
        "2024-05-01",
        abschluss(Erfolgreich, Some(Anlass::ZielErreicht)),
    )
    .unwrap();
    assert_eq!(ok.status, Status::Abgeschlossen);
    assert!(matches!(
        weiter(ok, "2024-05-02", abschluss(Sonstige, None)),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    assert_eq!(
        weiter(
            l.clone(),
            "2024-05-01",
            abschluss(NichtUmgesetzt, Some(Anlass::ZielErreicht))
        ),
        Err(Regelverletzung::ZielErreichtNichtUmgesetzt)
    );
    assert!(matches!(
        weiter(
            l.clone(),
            "2024-05-01",
            abschluss(NichtUmgesetzt, Some(Anlass::KgsVerweigert))
        ),
        Err(Regelverletzung::KeineVerweigerteKgs(_))
    ));
    let pendent = weiter(l.clone(), "2024-04-01", kgs(1, 500)).unwrap();
    assert!(matches!(
        weiter(pendent.clone(), "2024-05-01", abschluss(Teilweise, None)),
        Err(Regelverletzung::KgsPendent { nr: 1, .. })
    ));
    let verweigert = weiter(
        pendent,
        "2024-04-10",
        Ereignis::KgsAbgelehnt(KgsAbgelehnt { nr: 1, grund: None }),
    )
    .unwrap();
    assert!(
        weiter(
            verweigert,
            "2024-05-01",
            abschluss(NichtUmgesetzt, Some(Anlass::KgsVerweigert))
        )
        .is_ok()
    );
    // Without a handover: only "sonstige" (no agreement at the handover meeting).
    let angenommen = weiter(
        neu(&antrag_daten(Institution::Sh, Institution::Rav)),
        "2024-01-15",
        annahme(),
    )
    .unwrap();
    assert!(matches!(
        weiter(
            angenommen.clone(),
            "2024-01-20",
            abschluss(Erfolgreich, None)
        ),
        Err(Regelverletzung::AbschlussOhneUebergabe(_))
    ));
    assert!(
        weiter(
            angenommen,
            "2024-01-20",
            abschluss(Sonstige, Some(Anlass::KeineEinigung))
        )
        .is_ok()
    );
    let beantragt = neu(&antrag_daten(Institution::Sh, Institution::Rav));
    assert!(matches!(
        weiter(beantragt, "2024-01-20", abschluss(Sonstige, None)),
        Err(Regelverletzung::FalscherStatus(_))
    ));
}

#[test]
fn abrechnen_nach_abschluss_erlaubt() {
    let l = weiter(
        laufend(Institution::Sh, Institution::Iv),
        "2024-02-05",
        kgs(1, 1000),
    )
    .unwrap();
    let l = weiter(
        l,
        "2024-02-06",
        Ereignis::KgsBewilligt(KgsBewilligt {
            nr: 1,
            unterzeichnet: Some("M. Meier".into()),
        }),
    )
    .unwrap();
    let a = weiter(
        l,
        "2024-05-01",
        abschluss(Abschlussgrund::Erfolgreich, None),
    )
    .unwrap();
    let r = weiter(
        a,
        "2024-05-20",
        Ereignis::KgsAbgerechnet(KgsAbgerechnet {
            nr: 1,
            betrag: Rappen(900),
            abweichung: None,
        }),
    )
    .unwrap();
    assert_eq!(r.status, Status::Abgeschlossen);
}

// --- anonymisieren -------------------------------------------------------------------

#[test]
fn anonymisieren_nur_geschlossen_und_einmal() {
    let l = laufend(Institution::Sh, Institution::Rav);
    let an = Ereignis::Anonymisiert(Anonymisiert {});
    assert!(matches!(
        weiter(l.clone(), "2024-05-01", an.clone()),
        Err(Regelverletzung::FalscherStatus(_))
    ));
    let a = weiter(l, "2024-05-01", abschluss(Abschlussgrund::Teilweise, None)).unwrap();
    let a = weiter(a, "2024-05-02", an.clone()).unwrap();
    assert!(a.anonymisiert);
    assert!(matches!(
        weiter(a, "2024-05-03", an),
        Err(Regelverletzung::BereitsAnonymisiert(_))
    ));
}

#[test]
fn bewilligung_braucht_unterschrift() {
    let f = weiter(
        laufend(Institution::Sh, Institution::Iv),
        "2024-02-05",
        kgs(1, 100_000),
    )
    .unwrap();
    let ohne = Ereignis::KgsBewilligt(KgsBewilligt {
        nr: 1,
        unterzeichnet: None,
    });
    assert_eq!(
        weiter(f.clone(), "2024-02-06", ohne),
        Err(Regelverletzung::OhneUnterschrift)
    );
    let leer = Ereignis::KgsBewilligt(KgsBewilligt {
        nr: 1,
        unterzeichnet: Some("  ".into()),
    });
    assert_eq!(
        weiter(f.clone(), "2024-02-06", leer),
        Err(Regelverletzung::OhneUnterschrift)
    );
    let mit = Ereignis::KgsBewilligt(KgsBewilligt {
        nr: 1,
        unterzeichnet: Some("Leitung Sozialdienst".into()),
    });
    assert!(weiter(f, "2024-02-06", mit).is_ok());
}

#[test]
fn abweichung_nur_wo_etwas_abweicht() {
    // No violated criterion: a deviation is refused.
    let f = neu(&antrag_daten(Institution::Rav, Institution::Iv));
    assert!(f.antrag.kriterien.is_empty());
    let mit = Ereignis::Annahme(Annahme {
        berater: None,
        abweichung: Some("ohne Anlass".into()),
    });
    assert!(matches!(
        weiter(f.clone(), "2024-01-15", mit),
        Err(Regelverletzung::AbweichungOhneKriterium(_))
    ));
    assert!(weiter(f, "2024-01-15", annahme()).is_ok());
    // An invoice within the approval: a deviation is refused; above it, required.
    let l = weiter(
        laufend(Institution::Sh, Institution::Iv),
        "2024-02-05",
        kgs(1, 100_000),
    )
    .unwrap();
    let l = weiter(
        l,
        "2024-02-06",
        Ereignis::KgsBewilligt(KgsBewilligt {
            nr: 1,
            unterzeichnet: Some("M. Meier".into()),
        }),
    )
    .unwrap();
    let abr = |rappen, abw: Option<&str>| {
        Ereignis::KgsAbgerechnet(KgsAbgerechnet {
            nr: 1,
            betrag: Rappen(rappen),
            abweichung: abw.map(String::from),
        })
    };
    assert!(matches!(
        weiter(l.clone(), "2024-03-01", abr(90_000, Some("x"))),
        Err(Regelverletzung::AbweichungOhneUeberschreitung { .. })
    ));
    assert!(weiter(l.clone(), "2024-03-01", abr(90_000, None)).is_ok());
    assert!(weiter(l, "2024-03-01", abr(110_000, Some("Mehrkosten"))).is_ok());
}

#[test]
fn verlaengerung_und_beraterwechsel_am_standort() {
    // Handed over 2024-02-01 for 6 months: planned end 2024-08-01.
    let f = laufend(Institution::Sh, Institution::Iv);
    let standort = |bis: Option<&str>, stand: Option<&str>, berater: Option<&str>| {
        Ereignis::Standort(Standort {
            naechstes_gespraech: d("2024-10-01"),
            stand: stand.map(String::from),
            massnahmen: None,
            verlaengern_bis: bis.map(d),
            berater: berater.map(String::from),
        })
    };
    let neu = weiter(
        f.clone(),
        "2024-07-15",
        standort(
            Some("2024-11-30"),
            Some("Arbeitsversuch läuft noch"),
            Some("B. Neu"),
        ),
    )
    .unwrap();
    assert_eq!(neu.geplantes_ende(), Some(d("2024-11-30")));
    assert_eq!(neu.berater.as_deref(), Some("B. Neu"));
    assert!(matches!(
        weiter(
            f.clone(),
            "2024-07-15",
            standort(Some("2024-07-31"), Some("x"), None)
        ),
        Err(Regelverletzung::KeineVerlaengerung { .. })
    ));
    assert_eq!(
        weiter(
            f.clone(),
            "2024-07-15",
            standort(Some("2024-11-30"), None, None)
        ),
        Err(Regelverletzung::VerlaengerungOhneBegruendung)
    );
    assert!(matches!(
        weiter(
            f,
            "2024-07-15",
            standort(Some("2024-07-10"), Some("x"), None)
        ),
        Err(Regelverletzung::TerminZuFrueh { .. })
    ));
}

/// The old tool's cases (`import --altbestand`): decided by `altbestand`, not today's rules.
#[test]
fn altbestand_gueltig_und_ungueltig() {
    use crate::prozess::{altbestand_entscheiden, optima::Optima};
    let heute = d("2024-12-31");
    let mut alt = antrag_daten(Institution::Sh, Institution::Sh);
    // What the old tool recorded: no person, no goal, no declaration.
    alt.person = String::new();
    alt.ziel = String::new();
    alt.fallfuehrung_bestaetigt = false;
    let abschluss = Ereignis::Abschluss(Abschluss {
        grund: Abschlussgrund::Erfolgreich,
        anlass: None,
        bemerkung: None,
    });
    let ablehnung = Ereignis::Ablehnung(Ablehnung {
        grund: Ablehnungsgrund::Sonstige,
        bemerkung: None,
    });
    // Valid: SH → SH, accepted and closed without a handover; refused without a remark.
    let geschlossen = [
        (d("2019-01-15"), Ereignis::Antrag(alt.clone())),
        (d("2019-01-15"), annahme()),
        (d("2019-08-01"), abschluss.clone()),
    ];
    let f = altbestand_entscheiden::<Optima>("OPT-2019-001", &geschlossen, heute).unwrap();
    assert_eq!(f.status, Status::Abgeschlossen);
    // Today's rules refuse the same history (no goal; a closure without handover).
    assert!(
        entscheiden(
            None,
            "OPT-2019-001",
            d("2019-01-15"),
            &geschlossen[0].1,
            &ctx()
        )
        .is_err()
    );
    let abgelehnt = [
        (d("2019-01-15"), Ereignis::Antrag(alt.clone())),
        (d("2019-03-01"), ablehnung.clone()),
    ];
    assert!(altbestand_entscheiden::<Optima>("OPT-2019-002", &abgelehnt, heute).is_ok());
    // Invalid: closure before the application, in the future, the same institution type
    // (other than SH), an implausible birth year, a step the old tool never recorded, a
    // closure of a refused case.
    let fehler = |e: &[(NaiveDate, Ereignis)]| {
        altbestand_entscheiden::<Optima>("OPT-2019-003", e, heute)
            .unwrap_err()
            .to_string()
    };
    let mut zu_frueh = geschlossen.clone();
    zu_frueh[2].0 = d("2019-01-01");
    assert!(fehler(&zu_frueh).contains("vor dem letzten Ereignis"));
    let mut zukunft = geschlossen.clone();
    zukunft[2].0 = d("2025-01-01");
    assert!(fehler(&zukunft).contains("in der Zukunft"));
    let mut rav = alt.clone();
    rav.von = Institution::Rav;
    rav.an = Institution::Rav;
    assert!(fehler(&[(d("2019-01-15"), Ereignis::Antrag(rav))]).contains("beide"));
    let mut jung = alt.clone();
    jung.geburtsjahr = Some(2010);
    assert!(fehler(&[(d("2019-01-15"), Ereignis::Antrag(jung))]).contains("Geburtsjahr 2010"));
    let standort = Ereignis::Standort(Standort {
        naechstes_gespraech: d("2019-03-01"),
        stand: None,
        massnahmen: None,
        verlaengern_bis: None,
        berater: None,
    });
    let mut mit_standort = geschlossen[..2].to_vec();
    mit_standort.push((d("2019-02-01"), standort));
    assert!(fehler(&mit_standort).contains("gibt es im Altbestand nicht"));
    let mut abgelehnt_geschlossen = abgelehnt.to_vec();
    abgelehnt_geschlossen.push((d("2019-04-01"), abschluss));
    assert!(!fehler(&abgelehnt_geschlossen).is_empty());
}

/// Spec §15: the duration fixed at the handover, the registration at the RAV, and the hints
/// a handover gives (SECO for RAV → IV without an exemption, an exemption past the end).
#[test]
fn uebergabe_dauer_rav_anmeldung_und_hinweise() {
    // Valid: 3 months fixed at the handover; the planned end counts from it.
    let f = weiter(
        weiter(
            neu(&antrag_daten(Institution::Sh, Institution::Rav)),
            "2024-01-15",
            annahme(),
        )
        .unwrap(),
        "2024-02-01",
        Ereignis::Uebergabe(Uebergabe {
            dauer: Some(3),
            befreiung_bis: None,
            ..uebergabe()
        }),
    )
    .unwrap();
    assert_eq!(f.antrag.dauer, 3);
    assert_eq!(f.geplantes_ende(), Some(d("2024-05-01")));
    // To the RAV without a registration: a hint and a due item.
    let h = uebergabe_hinweise(&f);
    assert!(
        h.iter()
            .any(|t| t.contains("Anmeldung der Person beim RAV")),
        "{h:?}"
    );
    let p = crate::prozess::optima::fristen::pendenzen(&f, d("2024-02-02"));
    assert!(
        p.iter()
            .any(|p| p.art == "rav-anmeldung" && p.faellig == d("2024-02-01"))
    );
    // Recorded: neither.
    let angenommen = weiter(
        neu(&antrag_daten(Institution::Sh, Institution::Rav)),
        "2024-01-15",
        annahme(),
    )
    .unwrap();
    let mit = weiter(
        angenommen.clone(),
        "2024-02-01",
        Ereignis::Uebergabe(Uebergabe {
            rav_anmeldung: Some(d("2024-01-20")),
            befreiung_bis: None,
            ..uebergabe()
        }),
    )
    .unwrap();
    assert!(uebergabe_hinweise(&mit).is_empty());
    assert!(
        crate::prozess::optima::fristen::pendenzen(&mit, d("2024-02-02"))
            .iter()
            .all(|p| p.art != "rav-anmeldung")
    );
    // Invalid: another duration, a registration after the meeting, one not to the RAV.
    for (u, feld) in [
        (
            Uebergabe {
                dauer: Some(4),
                ..uebergabe()
            },
            "--dauer",
        ),
        (
            Uebergabe {
                rav_anmeldung: Some(d("2024-02-02")),
                befreiung_bis: None,
                ..uebergabe()
            },
            "--rav-anmeldung",
        ),
    ] {
        match weiter(angenommen.clone(), "2024-02-01", Ereignis::Uebergabe(u)) {
            Err(Regelverletzung::UngueltigerWert { feld: f, .. }) => assert_eq!(f, feld),
            x => panic!("{feld}: {x:?}"),
        }
    }
    let iv = weiter(
        neu(&antrag_daten(Institution::Rav, Institution::Iv)),
        "2024-01-15",
        annahme(),
    )
    .unwrap();
    assert!(matches!(
        weiter(
            iv.clone(),
            "2024-02-01",
            Ereignis::Uebergabe(Uebergabe {
                rav_anmeldung: Some(d("2024-01-20")),
                ..uebergabe()
            })
        ),
        Err(Regelverletzung::UngueltigerWert {
            feld: "--rav-anmeldung",
            ..
        })
    ));
    // RAV → IV without an exemption: the SECO hint; with one, none.
    let ohne = weiter(
        iv.clone(),
        "2024-02-01",
        Ereignis::Uebergabe(Uebergabe {
            befreiung_bis: None,
            ..uebergabe()
        }),
    )
    .unwrap();
    assert!(uebergabe_hinweise(&ohne).iter().any(|t| t.contains("SECO")));
    let mit = weiter(iv.clone(), "2024-02-01", Ereignis::Uebergabe(uebergabe())).unwrap();
    assert!(!uebergabe_hinweise(&mit).iter().any(|t| t.contains("SECO")));
    // An exemption more than a month past the planned end (6 months from 1 Feb: 1 Aug).
    let lang = weiter(
        iv,
        "2024-02-01",
        Ereignis::Uebergabe(Uebergabe {
            befreiung_bis: Some(d("2024-09-15")),
            ..uebergabe()
        }),
    )
    .unwrap();
    assert!(
        uebergabe_hinweise(&lang)
            .iter()
            .any(|t| t.contains("mehr als einen Monat über das geplante Ende")),
        "{:?}",
        uebergabe_hinweise(&lang)
    );
    assert!(
        !uebergabe_hinweise(&mit)
            .iter()
            .any(|t| t.contains("geplante Ende"))
    );
}
