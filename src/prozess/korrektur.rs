//! Corrections (spec §10): the journal stays append-only; a correction is a new line that
//! names the line it corrects. A replacement (`--ersetzt NR`) takes the place of event NR in
//! the history, a void (`stornieren --ereignis NR`) removes it, a void without a number
//! voids the whole case (recorded by mistake: it counts nowhere).
//!
//! Every reader replays the *effective* history computed here, so that a corrected case
//! reads exactly like a case written correctly in the first place (a property test proves
//! it). The original lines stay, with their hashes.

use crate::prozess::{Prozess, Strukturfehler};
use crate::speicher::journal::Eintrag;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A replacement: the event that takes the place of line `ersetzt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ersatz<E> {
    pub ersetzt: u64,
    pub begruendung: String,
    pub ereignis: Box<E>,
}

/// A void: of line `ereignis`, or of the whole case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Storno {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ereignis: Option<u64>,
    pub begruendung: String,
}

/// What a journal line is to the history.
pub enum Art<'a, E> {
    Ereignis(&'a E),
    Ersatz(&'a Ersatz<E>),
    Storno(&'a Storno),
}

/// One event of the effective history.
#[derive(Debug)]
pub struct Wirksam<'a, E> {
    /// The line that holds the event now (the original, or its latest replacement).
    pub zeile: u64,
    pub datum: NaiveDate,
    pub benutzer: &'a str,
    pub ereignis: &'a E,
}

impl<E> Clone for Wirksam<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for Wirksam<'_, E> {}

/// What became of each recorded line (for `zeige --verlauf`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stand {
    pub ersetzt_durch: Option<u64>,
    pub storniert: bool,
}

/// The effective history of a journal and the fate of each line; `storniert` when the whole
/// case was voided.
pub struct Geschichte<'a, E> {
    pub ereignisse: Vec<Wirksam<'a, E>>,
    pub staende: Vec<Stand>,
    pub storniert: bool,
}

/// Whether the journal holds any correction (the fast path replays the lines as they are).
pub fn hat_korrekturen<P: Prozess>(eintraege: &[Eintrag<P::Ereignis>]) -> bool {
    eintraege
        .iter()
        .any(|e| !matches!(P::art(&e.ereignis), Art::Ereignis(_)))
}

/// Computes the effective history. Fails on a correction that names no event it may
/// correct (only a hand edit produces one; the write path refuses it first).
pub fn geschichte<P: Prozess>(
    eintraege: &[Eintrag<P::Ereignis>],
) -> Result<Geschichte<'_, P::Ereignis>, (usize, Strukturfehler)> {
    // Slots in the order of the original events; each line points to the slot it fills.
    let mut slots: Vec<Option<Wirksam<'_, P::Ereignis>>> = Vec::new();
    let mut slot_von: Vec<Option<usize>> = Vec::with_capacity(eintraege.len());
    let mut staende = vec![Stand::default(); eintraege.len()];
    let mut storniert = false;
    let fehler = |i: usize, was: String| (i + 1, Strukturfehler(was));
    for (i, e) in eintraege.iter().enumerate() {
        let zeile = i as u64 + 1;
        // The slot a correction names: by any line that holds or held an event.
        let ziel = |slots: &[Option<Wirksam<'_, P::Ereignis>>],
                    slot_von: &[Option<usize>],
                    nr: u64|
         -> Result<usize, (usize, Strukturfehler)> {
            let slot = (nr >= 1 && nr < zeile)
                .then(|| slot_von[nr as usize - 1])
                .flatten()
                .ok_or_else(|| {
                    fehler(
                        i,
                        format!("Zeile {nr} ist kein Ereignis, das korrigiert werden kann"),
                    )
                })?;
            if slots[slot].is_none() {
                return Err(fehler(
                    i,
                    format!("Ereignis in Zeile {nr} ist bereits storniert"),
                ));
            }
            Ok(slot)
        };
        match P::art(&e.ereignis) {
            Art::Ereignis(x) => {
                slot_von.push(Some(slots.len()));
                slots.push(Some(Wirksam {
                    zeile,
                    datum: e.datum,
                    benutzer: &e.benutzer,
                    ereignis: x,
                }));
            }
            Art::Ersatz(x) => {
                let slot = ziel(&slots, &slot_von, x.ersetzt)?;
                if let Some(alt) = slots[slot] {
                    staende[alt.zeile as usize - 1].ersetzt_durch = Some(zeile);
                    if !P::gleiche_art(alt.ereignis, &x.ereignis) {
                        return Err(fehler(
                            i,
                            format!(
                                "Ereignis Nr. {} ist von anderer Art – ersetzen kann es nur derselbe Befehl mit --ersetzt {}",
                                x.ersetzt, x.ersetzt
                            ),
                        ));
                    }
                }
                slots[slot] = Some(Wirksam {
                    zeile,
                    datum: e.datum,
                    benutzer: &e.benutzer,
                    ereignis: &x.ereignis,
                });
                slot_von.push(Some(slot));
            }
            Art::Storno(s) => {
                slot_von.push(None);
                match s.ereignis {
                    Some(nr) => {
                        let slot = ziel(&slots, &slot_von, nr)?;
                        if let Some(alt) = slots[slot].take() {
                            staende[alt.zeile as usize - 1].storniert = true;
                        }
                    }
                    None => storniert = true,
                }
            }
        }
    }
    Ok(Geschichte {
        ereignisse: slots.into_iter().flatten().collect(),
        staende,
        storniert,
    })
}

/// One recorded line as `zeige --verlauf` shows it (spec §10, JSON `verlauf`).
#[derive(Debug, Clone, Serialize)]
pub struct VerlaufZeile {
    pub nr: u64,
    pub datum: NaiveDate,
    pub typ: String,
    pub daten: serde_json::Value,
    pub ersetzt_durch: Option<u64>,
    pub storniert: bool,
    pub erfasst: chrono::DateTime<chrono::Utc>,
    pub benutzer: String,
}

/// Every line of a journal with what became of it.
pub fn verlauf<P: Prozess>(
    eintraege: &[Eintrag<P::Ereignis>],
) -> Result<Vec<VerlaufZeile>, (usize, Strukturfehler)> {
    let g = geschichte::<P>(eintraege)?;
    Ok(eintraege
        .iter()
        .zip(&g.staende)
        .map(|(e, stand)| {
            let wert = serde_json::to_value(&e.ereignis).unwrap_or_default();
            VerlaufZeile {
                nr: e.nr,
                datum: e.datum,
                typ: wert
                    .get("typ")
                    .and_then(|t| t.as_str())
                    .unwrap_or_default()
                    .to_string(),
                daten: wert.get("daten").cloned().unwrap_or_default(),
                ersetzt_durch: stand.ersetzt_durch,
                storniert: stand.storniert,
                erfasst: e.erfasst,
                benutzer: e.benutzer.clone(),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prozess::Zaehlt;
    use crate::prozess::optima::{Abschluss, Abschlussgrund, Annahme, Ereignis, Optima};
    use chrono::{TimeZone, Utc};

    fn eintrag(nr: u64, datum: &str, e: Ereignis) -> Eintrag<Ereignis> {
        Eintrag {
            schluessel: None,
            nr,
            datum: NaiveDate::parse_from_str(datum, "%Y-%m-%d").unwrap(),
            erfasst: Utc.with_ymd_and_hms(2024, 6, 1, 8, 0, 0).unwrap(),
            benutzer: "t".into(),
            vorher: None,
            ereignis: e,
        }
    }

    fn abschluss(grund: Abschlussgrund) -> Ereignis {
        Ereignis::Abschluss(Abschluss {
            grund,
            anlass: None,
            bemerkung: None,
        })
    }

    #[test]
    fn ersatz_nimmt_den_platz_ein_storno_entfernt() {
        let j = vec![
            eintrag(1, "2024-01-10", Ereignis::Annahme(Annahme::default())),
            eintrag(2, "2024-02-01", abschluss(Abschlussgrund::Erfolgreich)),
            eintrag(
                3,
                "2024-02-01",
                Ereignis::Ersatz(Ersatz {
                    ersetzt: 2,
                    begruendung: "falscher Grund".into(),
                    ereignis: Box::new(abschluss(Abschlussgrund::Teilweise)),
                }),
            ),
        ];
        let g = geschichte::<Optima>(&j).unwrap();
        assert_eq!(g.ereignisse.len(), 2);
        assert_eq!(g.ereignisse[1].zeile, 3);
        assert_eq!(
            *g.ereignisse[1].ereignis,
            abschluss(Abschlussgrund::Teilweise)
        );
        assert_eq!(g.staende[1].ersetzt_durch, Some(3));
        // Voiding the replacement (named by either line) removes the closure.
        let mut j2 = j.clone();
        j2.push(eintrag(
            4,
            "2024-02-02",
            Ereignis::Storno(Storno {
                ereignis: Some(2),
                begruendung: "irrtümlich".into(),
            }),
        ));
        let g = geschichte::<Optima>(&j2).unwrap();
        assert_eq!(g.ereignisse.len(), 1);
        assert!(g.staende[2].storniert);
        assert!(!g.storniert);
        // A second void of the same event, a correction of a void: structural errors.
        let mut j3 = j2.clone();
        j3.push(eintrag(
            5,
            "2024-02-03",
            Ereignis::Storno(Storno {
                ereignis: Some(3),
                begruendung: "x".into(),
            }),
        ));
        assert_eq!(geschichte::<Optima>(&j3).err().unwrap().0, 5);
        let mut j4 = j2;
        j4.push(eintrag(
            5,
            "2024-02-03",
            Ereignis::Storno(Storno {
                ereignis: Some(4),
                begruendung: "x".into(),
            }),
        ));
        assert!(geschichte::<Optima>(&j4).is_err());
    }

    #[test]
    fn ersatz_muss_von_gleicher_art_sein() {
        let j = vec![
            eintrag(1, "2024-01-10", Ereignis::Annahme(Annahme::default())),
            eintrag(
                2,
                "2024-01-11",
                Ereignis::Ersatz(Ersatz {
                    ersetzt: 1,
                    begruendung: "x".into(),
                    ereignis: Box::new(abschluss(Abschlussgrund::Sonstige)),
                }),
            ),
        ];
        assert!(geschichte::<Optima>(&j).is_err());
    }

    #[test]
    fn ganzer_fall_storniert() {
        let j = vec![
            eintrag(1, "2024-01-10", Ereignis::Annahme(Annahme::default())),
            eintrag(
                2,
                "2024-01-11",
                Ereignis::Storno(Storno {
                    ereignis: None,
                    begruendung: "irrtümlich erfasst".into(),
                }),
            ),
        ];
        let g = geschichte::<Optima>(&j).unwrap();
        assert!(g.storniert);
        assert_eq!(g.ereignisse.len(), 1);
    }

    mod eigenschaft {
        use super::*;
        use crate::prozess::abspielen;
        use crate::prozess::optima::regeln::tests::{antrag_beispiel, beispiel_uebergabe};
        use crate::prozess::optima::*;
        use proptest::prelude::*;

        /// A valid history: RAV → SH, accepted, handed over, `standorte` progress meetings,
        /// optionally a cost approval, closed with `grund`.
        fn richtig(standorte: usize, kgs: bool, grund: Abschlussgrund) -> Vec<(String, Ereignis)> {
            let mut d = NaiveDate::parse_from_str("2024-01-10", "%Y-%m-%d").unwrap();
            let mut tag = |n: u64| {
                d = d + chrono::Days::new(n);
                d.to_string()
            };
            let mut h = vec![
                (tag(0), Ereignis::Antrag(antrag_beispiel())),
                (tag(2), Ereignis::Annahme(Annahme::default())),
                (tag(10), Ereignis::Uebergabe(beispiel_uebergabe())),
            ];
            for i in 0..standorte {
                let datum = tag(20);
                h.push((
                    datum.clone(),
                    Ereignis::Standort(Standort {
                        naechstes_gespraech: NaiveDate::parse_from_str(&datum, "%Y-%m-%d").unwrap()
                            + chrono::Days::new(30),
                        stand: Some(format!("Stand {i}")),
                        massnahmen: None,
                        verlaengern_bis: None,
                        berater: None,
                    }),
                ));
            }
            if kgs {
                h.push((
                    tag(3),
                    Ereignis::KgsBeantragt(KgsBeantragt {
                        nr: 1,
                        massnahme: "Kurs".into(),
                        anbieter: "A".into(),
                        betrag: Rappen(50_000),
                        zeitraum: None,
                    }),
                ));
                h.push((
                    tag(3),
                    Ereignis::KgsBewilligt(KgsBewilligt {
                        nr: 1,
                        unterzeichnet: Some("M".into()),
                    }),
                ));
            }
            h.push((
                tag(5),
                Ereignis::Abschluss(Abschluss {
                    grund,
                    anlass: None,
                    bemerkung: None,
                }),
            ));
            h
        }

        /// The wrong first version of an event (same kind, other content).
        fn falsch(e: &Ereignis) -> Ereignis {
            match e {
                Ereignis::Standort(s) => Ereignis::Standort(Standort {
                    stand: Some("falsch erfasst".into()),
                    ..s.clone()
                }),
                Ereignis::Abschluss(a) => Ereignis::Abschluss(Abschluss {
                    grund: match a.grund {
                        Abschlussgrund::Erfolgreich => Abschlussgrund::Teilweise,
                        _ => Abschlussgrund::Erfolgreich,
                    },
                    ..a.clone()
                }),
                Ereignis::Annahme(a) => Ereignis::Annahme(Annahme {
                    berater: Some("falsche Person".into()),
                    ..a.clone()
                }),
                x => x.clone(),
            }
        }

        fn journal(zeilen: &[(String, Ereignis)]) -> Vec<Eintrag<Ereignis>> {
            zeilen
                .iter()
                .enumerate()
                .map(|(i, (d, e))| eintrag(i as u64 + 1, d, e.clone()))
                .collect()
        }

        fn grund() -> impl Strategy<Value = Abschlussgrund> {
            prop_oneof![
                Just(Abschlussgrund::Erfolgreich),
                Just(Abschlussgrund::Teilweise),
                Just(Abschlussgrund::NichtUmgesetzt),
                Just(Abschlussgrund::Sonstige),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            /// Spec §10 / issue: replaying a corrected journal equals replaying the journal
            /// written correctly in the first place.
            #[test]
            fn korrigiert_gleich_richtig(
                standorte in 0usize..5,
                kgs in any::<bool>(),
                g in grund(),
                // For each event after the application: 0 as is, 1 wrong then replaced at
                // once, 2 wrong then replaced at the end, 3 preceded by a voided stray copy.
                plan in proptest::collection::vec(0u8..4, 12),
            ) {
                let soll = richtig(standorte, kgs, g);
                let mut zeilen: Vec<(String, Ereignis)> = Vec::new();
                let mut spaeter: Vec<(String, Ereignis)> = Vec::new();
                for (i, (d, e)) in soll.iter().enumerate() {
                    let art = if i == 0 { 0 } else { plan[i % plan.len()] };
                    match art {
                        1 | 2 => {
                            zeilen.push((d.clone(), falsch(e)));
                            let ersatz = Ereignis::Ersatz(Ersatz {
                                ersetzt: zeilen.len() as u64,
                                begruendung: "korrigiert".into(),
                                ereignis: Box::new(e.clone()),
                            });
                            if art == 1 {
                                zeilen.push((d.clone(), ersatz));
                            } else {
                                spaeter.push((d.clone(), ersatz));
                            }
                        }
                        3 if matches!(e, Ereignis::Standort(_)) => {
                            zeilen.push((d.clone(), falsch(e)));
                            let nr = zeilen.len() as u64;
                            zeilen.push((d.clone(), Ereignis::Storno(Storno {
                                ereignis: Some(nr),
                                begruendung: "doppelt".into(),
                            })));
                            zeilen.push((d.clone(), e.clone()));
                        }
                        _ => zeilen.push((d.clone(), e.clone())),
                    }
                }
                zeilen.extend(spaeter);
                let id = "OPT-2024-001";
                let richtig = abspielen::<Optima>(id, &journal(&soll), None, |_, _, _| {}).unwrap();
                let korrigiert =
                    abspielen::<Optima>(id, &journal(&zeilen), None, |_, _, _| {}).unwrap();
                prop_assert_eq!(korrigiert, richtig);
                // And the report fold sees the same history.
                let bericht = |z: &[(String, Ereignis)]| {
                    let mut k = kennzahlen::Zaehler::neu(None, None);
                    k.fall(id, &journal(z)).unwrap();
                    k.ergebnis()
                };
                prop_assert_eq!(bericht(&zeilen), bericht(&soll));
            }
        }
    }
}
