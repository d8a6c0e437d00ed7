//! Property test: random operation sequences are accepted by `regeln::anwenden` exactly when
//! a small, independently written reference model accepts them; and replaying the journal
//! the accepted events were written to reproduces the state.

#[cfg(test)]
use crate::prozess::optima::regeln::{self, Kontext};
use crate::prozess::optima::*;
use crate::speicher::journal::Register;
use crate::vorgang::fall_aus;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Annahme {
        abweichung: bool,
    },
    Ablehnung {
        sonstige: bool,
        bemerkung: bool,
    },
    Uebergabe {
        zustimmung: bool,
        arbeitsfaehig: bool,
        befreiung: bool,
    },
    Standort,
    KgsBeantragen,
    KgsBewilligen(u32),
    KgsAblehnen(u32),
    KgsAbrechnen {
        nr: u32,
        ueber: bool,
        abweichung: bool,
    },
    Abschluss {
        grund: Abschlussgrund,
        anlass: Option<Anlass>,
    },
    Anonymisieren,
}

fn op() -> impl Strategy<Value = Op> {
    let grund = prop_oneof![
        Just(Abschlussgrund::Erfolgreich),
        Just(Abschlussgrund::Teilweise),
        Just(Abschlussgrund::NichtUmgesetzt),
        Just(Abschlussgrund::Sonstige)
    ];
    let anlass = prop_oneof![
        Just(None),
        Just(Some(Anlass::ZielErreicht)),
        Just(Some(Anlass::KgsVerweigert)),
        Just(Some(Anlass::Widerruf))
    ];
    prop_oneof![
        3 => any::<bool>().prop_map(|abweichung| Op::Annahme { abweichung }),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(sonstige, bemerkung)| Op::Ablehnung { sonstige, bemerkung }),
        3 => (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(zustimmung, arbeitsfaehig, befreiung)| Op::Uebergabe { zustimmung, arbeitsfaehig, befreiung }),
        2 => Just(Op::Standort),
        2 => Just(Op::KgsBeantragen),
        2 => (1u32..4).prop_map(Op::KgsBewilligen),
        1 => (1u32..4).prop_map(Op::KgsAblehnen),
        2 => (1u32..4, any::<bool>(), any::<bool>()).prop_map(|(nr, ueber, abweichung)| Op::KgsAbrechnen { nr, ueber, abweichung }),
        2 => (grund, anlass).prop_map(|(grund, anlass)| Op::Abschluss { grund, anlass }),
        1 => Just(Op::Anonymisieren),
    ]
}

/// The reference model: the lifecycle of spec §2–§3, written without looking at rules.rs.
#[derive(Debug)]
struct Modell {
    von: Institution,
    an: Institution,
    kriterium_verletzt: bool,
    status: Status,
    kgs: Vec<KgsStatus>,
    anonym: bool,
}

impl Modell {
    fn erlaubt(&self, op: &Op, tage: i64) -> bool {
        use Status::*;
        if tage < 0 {
            return false;
        }
        let kgs = |nr: u32| self.kgs.get(nr as usize - 1).copied();
        match op {
            Op::Annahme { abweichung } => {
                // A deviation exactly when a criterion is violated.
                self.status == Beantragt && self.kriterium_verletzt == *abweichung
            }
            Op::Ablehnung {
                sonstige,
                bemerkung,
            } => self.status == Beantragt && (!sonstige || *bemerkung),
            Op::Uebergabe {
                zustimmung,
                arbeitsfaehig,
                befreiung,
            } => {
                self.status == Angenommen
                    && *zustimmung
                    && (!matches!(self.an, Institution::Rav | Institution::Iv) || *arbeitsfaehig)
                    && (!(self.von == Institution::Rav && self.an == Institution::Sh) || *befreiung)
            }
            Op::Standort => self.status == Laufend,
            Op::KgsBeantragen => {
                self.status == Laufend || (self.status == Angenommen && self.an != Institution::Iv)
            }
            Op::KgsBewilligen(nr) | Op::KgsAblehnen(nr) => {
                matches!(self.status, Angenommen | Laufend)
                    && kgs(*nr) == Some(KgsStatus::Beantragt)
            }
            Op::KgsAbrechnen {
                nr,
                ueber,
                abweichung,
            } => {
                matches!(self.status, Angenommen | Laufend | Abgeschlossen)
                    && kgs(*nr) == Some(KgsStatus::Bewilligt)
                    && ueber == abweichung
            }
            Op::Abschluss { grund, anlass } => {
                (self.status == Laufend
                    || (self.status == Angenommen && *grund == Abschlussgrund::Sonstige))
                    && !self.kgs.contains(&KgsStatus::Beantragt)
                    && (*anlass != Some(Anlass::KgsVerweigert)
                        || self.kgs.contains(&KgsStatus::Abgelehnt))
                    && !(*anlass == Some(Anlass::ZielErreicht)
                        && *grund == Abschlussgrund::NichtUmgesetzt)
            }
            Op::Anonymisieren => matches!(self.status, Abgelehnt | Abgeschlossen) && !self.anonym,
        }
    }

    fn anwenden(&mut self, op: &Op) {
        use Status::*;
        match op {
            Op::Annahme { .. } => self.status = Angenommen,
            Op::Ablehnung { .. } => self.status = Abgelehnt,
            Op::Uebergabe { .. } => self.status = Laufend,
            Op::Standort => {}
            Op::KgsBeantragen => self.kgs.push(KgsStatus::Beantragt),
            Op::KgsBewilligen(nr) => self.kgs[*nr as usize - 1] = KgsStatus::Bewilligt,
            Op::KgsAblehnen(nr) => self.kgs[*nr as usize - 1] = KgsStatus::Abgelehnt,
            Op::KgsAbrechnen { nr, .. } => self.kgs[*nr as usize - 1] = KgsStatus::Abgerechnet,
            Op::Abschluss { .. } => self.status = Abgeschlossen,
            Op::Anonymisieren => self.anonym = true,
        }
    }
}

fn ereignis(op: &Op, datum: NaiveDate, fall: &Fall) -> Ereignis {
    let text = |b: bool| b.then(|| "Begründung".to_string());
    match op {
        Op::Annahme { abweichung } => Ereignis::Annahme(Annahme {
            berater: None,
            abweichung: text(*abweichung),
        }),
        Op::Ablehnung {
            sonstige,
            bemerkung,
        } => Ereignis::Ablehnung(Ablehnung {
            grund: if *sonstige {
                Ablehnungsgrund::Sonstige
            } else {
                Ablehnungsgrund::KeineKapazitaet
            },
            bemerkung: text(*bemerkung),
        }),
        Op::Uebergabe {
            zustimmung,
            arbeitsfaehig,
            befreiung,
        } => Ereignis::Uebergabe(Uebergabe {
            naechstes_gespraech: datum + Days::new(30),
            strategie: "Strategie".into(),
            massnahmen: None,
            teilnehmer: vec![],
            zustimmung: *zustimmung,
            arbeitsfaehig_erklaert: *arbeitsfaehig,
            befreiung_bis: befreiung.then(|| datum + Days::new(60)),
            dauer: None,
            rav_anmeldung: None,
        }),
        Op::Standort => Ereignis::Standort(Standort {
            naechstes_gespraech: datum + Days::new(30),
            stand: None,
            massnahmen: None,
            verlaengern_bis: None,
            berater: None,
        }),
        Op::KgsBeantragen => Ereignis::KgsBeantragt(KgsBeantragt {
            nr: fall.kostengutsprachen.len() as u32 + 1,
            massnahme: "Kurs".into(),
            anbieter: "Anbieter".into(),
            betrag: Rappen(1000),
            zeitraum: None,
        }),
        Op::KgsBewilligen(nr) => Ereignis::KgsBewilligt(KgsBewilligt {
            nr: *nr,
            unterzeichnet: Some("Leitung".into()),
        }),
        Op::KgsAblehnen(nr) => Ereignis::KgsAbgelehnt(KgsAbgelehnt {
            nr: *nr,
            grund: None,
        }),
        Op::KgsAbrechnen {
            nr,
            ueber,
            abweichung,
        } => Ereignis::KgsAbgerechnet(KgsAbgerechnet {
            nr: *nr,
            betrag: Rappen(if *ueber { 1001 } else { 900 }),
            abweichung: text(*abweichung),
        }),
        Op::Abschluss { grund, anlass } => Ereignis::Abschluss(Abschluss {
            grund: *grund,
            anlass: *anlass,
            bemerkung: None,
        }),
        Op::Anonymisieren => Ereignis::Anonymisiert(Anonymisiert {}),
    }
}

const PAARE: [(Institution, Institution); 7] = [
    (Institution::Iv, Institution::Rav),
    (Institution::Rav, Institution::Iv),
    (Institution::Iv, Institution::Sh),
    (Institution::Sh, Institution::Iv),
    (Institution::Rav, Institution::Sh),
    (Institution::Sh, Institution::Rav),
    (Institution::Sh, Institution::Sh),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn regeln_wie_modell_und_replay_wie_zustand(
        paar in 0usize..7,
        intakt in any::<bool>(),
        ops in prop::collection::vec((op(), prop_oneof![1 => Just(-1i64), 3 => Just(0i64), 6 => 1i64..20]), 1..30),
    ) {
        let (von, an) = PAARE[paar];
        let start = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
        let ctx = Kontext { heute: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(), offene_faelle: vec![] };
        let mut antrag = Antrag {
            von, an,
            von_stelle: Some("Stelle A".into()), an_stelle: Some("Stelle B".into()), fallfuehrer: None,
            person: "P-0".into(), geburtsjahr: None, geschlecht: None, wohngemeinde: None, bezug: vec![],
            arbeitsangebot: if intakt { Arbeitsangebot::Intakt } else { Arbeitsangebot::NichtIntakt },
            arbeitsausfall: None, iv_offen: false, iv_ablehnung: None, gesundheitsschaden_iv: false, unterstuetzungsbedarf: None, aus_roundtable: None,
            fallfuehrung_bestaetigt: true, rav_abmeldung: None, einverstaendnis: true, dauer: 6,
            ziel: "Ziel".into(), bemerkung: None, zielgruppe: None, kriterien: vec![], hinweise: vec![],
        };
        let (z, k, h) = regeln::vorpruefung(&antrag, start);
        antrag.zielgruppe = z;
        antrag.kriterien = k;
        antrag.hinweise = h;
        let mut modell = Modell {
            von, an,
            kriterium_verletzt: von == an || (an == Institution::Sh) == intakt,
            status: Status::Beantragt, kgs: vec![], anonym: false,
        };
        let id = "OPT-2024-001";
        let erster = Ereignis::Antrag(antrag);
        let mut fall = regeln::schritt(None, id, start, "t", &erster, &ctx).unwrap();
        let mut angenommen = vec![(start, erster)];
        let mut datum = start;
        for (op, tage) in &ops {
            let d = if *tage < 0 { datum - Days::new(1) } else { datum + Days::new(*tage as u64) };
            let e = ereignis(op, d, &fall);
            let erwartet = modell.erlaubt(op, *tage);
            let ist = regeln::schritt(Some(fall.clone()), id, d, "t", &e, &ctx);
            prop_assert_eq!(erwartet, ist.is_ok(), "{:?} nach {:?}: {:?}", op, modell, ist);
            if let Ok(neu) = ist {
                modell.anwenden(op);
                prop_assert_eq!(neu.status, modell.status);
                fall = neu;
                datum = d;
                angenommen.push((d, e));
            }
        }
        // Write what was accepted to a real journal and replay it.
        let dir = tempfile::tempdir().unwrap();
        let reg = Register::oeffnen(dir.path()).unwrap();
        reg.batch_beginnen();
        let sperre = reg.sperre().unwrap();
        {
            let mut j = reg.anlegen(&sperre, id, angenommen[0].0, "t", &angenommen[0].1).unwrap();
            for (d, e) in &angenommen[1..] {
                j.anhaengen(&reg, *d, "t", e).unwrap();
            }
        }
        let wieder = fall_aus::<Optima>(id, &reg.lesen(id).unwrap()).unwrap();
        prop_assert_eq!(wieder, fall);
        prop_assert!(crate::speicher::journal::kette_pruefen(id, &reg.lesen(id).unwrap()).is_empty());
    }
}
