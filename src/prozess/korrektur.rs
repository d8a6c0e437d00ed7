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

/// A document sent (spec §14, `iiz versand`): which one, to whom, and the SHA-256 of the
/// exact HTML, so that `iiz dokument --pruefen DATEI` can name the dispatch a file is. No
/// event of the service: it changes no state and no figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Versand {
    /// `uebergabe`, `kostengutsprache:2`, `plan:1`, … (`ART[:NR]` as `iiz dokument` takes it).
    pub dokument: String,
    /// The recipients (free text, stored encrypted with the case's key).
    pub an: Vec<String>,
    pub sha256: String,
}

/// The free-text fields of the lines the kernel adds to every service (encrypted like the
/// services' own, [`crate::prozess::Prozess::FREITEXT`]).
pub const FREITEXT: &[(&str, &str)] = &[("versand", "an")];

/// What a journal line holds: an event of the service, a correction of one, or a record that
/// a document was sent. The corrections wrap any service's events, so a service's own event
/// type knows nothing of them. On disk all look alike (`"typ": …, "daten": {…}`, with
/// `ersatz`, `storno` and `versand` as the kernel's types), as they did when each service
/// listed the corrections itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Zeile<E> {
    Ereignis(E),
    Ersatz(Ersatz<E>),
    Storno(Storno),
    Versand(Versand),
}

impl<E> From<E> for Zeile<E> {
    fn from(e: E) -> Self {
        Zeile::Ereignis(e)
    }
}

impl<E> Zeile<E> {
    /// The service's event the line records: its own, or the one a replacement puts in
    /// place of an earlier; a void records none.
    pub fn ereignis(&self) -> Option<&E> {
        match self {
            Zeile::Ereignis(e) => Some(e),
            Zeile::Ersatz(x) => Some(&x.ereignis),
            Zeile::Storno(_) | Zeile::Versand(_) => None,
        }
    }

    /// As [`Zeile::ereignis`], by value.
    pub fn into_ereignis(self) -> Option<E> {
        match self {
            Zeile::Ereignis(e) => Some(e),
            Zeile::Ersatz(x) => Some(*x.ereignis),
            Zeile::Storno(_) | Zeile::Versand(_) => None,
        }
    }
}

/// The correction types on disk, adjacently tagged as the services' events are.
#[derive(Serialize)]
#[serde(tag = "typ", content = "daten", rename_all = "snake_case")]
enum KorrekturRef<'a, E> {
    Ersatz(&'a Ersatz<E>),
    Storno(&'a Storno),
    Versand(&'a Versand),
}

#[derive(Deserialize)]
#[serde(tag = "typ", content = "daten", rename_all = "snake_case")]
enum KorrekturBesitz<E> {
    Ersatz(Ersatz<E>),
    Storno(Storno),
    Versand(Versand),
}

impl<E: Serialize> Serialize for Zeile<E> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Zeile::Ereignis(e) => e.serialize(s),
            Zeile::Ersatz(x) => KorrekturRef::Ersatz(x).serialize(s),
            Zeile::Storno(x) => KorrekturRef::<E>::Storno(x).serialize(s),
            Zeile::Versand(x) => KorrekturRef::<E>::Versand(x).serialize(s),
        }
    }
}

impl<'de, E: serde::de::DeserializeOwned> Deserialize<'de> for Zeile<E> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ZeileBesucher(std::marker::PhantomData))
    }
}

/// Reads the `typ` first (the writer always puts it first) and hands the rest of the map,
/// `typ` put back in front, to the service's event or to the correction: one pass, no
/// buffering. A line with `daten` before `typ` (only a hand edit writes one) is read through
/// a buffer instead.
struct ZeileBesucher<E>(std::marker::PhantomData<E>);

impl<'de, E: serde::de::DeserializeOwned> serde::de::Visitor<'de> for ZeileBesucher<E> {
    type Value = Zeile<E>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("ein Ereignis mit \"typ\" und \"daten\"")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Zeile<E>, A::Error> {
        use serde::de::{Error, value::MapAccessDeserializer};
        let Some(erster) = map.next_key::<String>()? else {
            return Err(A::Error::missing_field("typ"));
        };
        if erster != "typ" {
            // Buffered: the whole object, then the same path as a well-ordered line.
            let mut objekt = serde_json::Map::new();
            objekt.insert(erster, map.next_value::<serde_json::Value>()?);
            while let Some(k) = map.next_key::<String>()? {
                let v = map.next_value::<serde_json::Value>()?;
                objekt.insert(k, v);
            }
            let Some(typ) = objekt.remove("typ") else {
                return Err(A::Error::missing_field("typ"));
            };
            let mut geordnet = serde_json::Map::new();
            geordnet.insert("typ".into(), typ);
            geordnet.extend(objekt);
            return serde_json::from_value::<Zeile<E>>(serde_json::Value::Object(geordnet))
                .map_err(A::Error::custom);
        }
        let typ: String = map.next_value()?;
        let rest = Vorn {
            typ: Some(typ.clone()),
            wert: None,
            map,
        };
        let d = MapAccessDeserializer::new(rest);
        Ok(match typ.as_str() {
            "ersatz" | "storno" | "versand" => match KorrekturBesitz::<E>::deserialize(d)? {
                KorrekturBesitz::Ersatz(x) => Zeile::Ersatz(x),
                KorrekturBesitz::Storno(x) => Zeile::Storno(x),
                KorrekturBesitz::Versand(x) => Zeile::Versand(x),
            },
            _ => Zeile::Ereignis(E::deserialize(d)?),
        })
    }
}

/// A map whose first entry (`typ`) was already read: it is given again, then the rest.
struct Vorn<A> {
    typ: Option<String>,
    wert: Option<String>,
    map: A,
}

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for Vorn<A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use serde::de::IntoDeserializer;
        if let Some(typ) = self.typ.take() {
            self.wert = Some(typ);
            return seed.deserialize("typ".into_deserializer()).map(Some);
        }
        self.map.next_key_seed(seed)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        use serde::de::IntoDeserializer;
        match self.wert.take() {
            Some(typ) => seed.deserialize(typ.into_deserializer()),
            None => self.map.next_value_seed(seed),
        }
    }
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

/// The effective history of a journal and the fate of each line; `storniert`: the day the
/// whole case was voided.
pub struct Geschichte<'a, E> {
    pub ereignisse: Vec<Wirksam<'a, E>>,
    pub staende: Vec<Stand>,
    pub storniert: Option<NaiveDate>,
}

/// Whether the journal holds any correction (the fast path replays the lines as they are).
pub fn hat_korrekturen<E>(eintraege: &[Eintrag<Zeile<E>>]) -> bool {
    eintraege
        .iter()
        .any(|e| !matches!(e.ereignis, Zeile::Ereignis(_)))
}

/// Computes the effective history. Fails on a correction that names no event it may
/// correct (only a hand edit produces one; the write path refuses it first).
pub fn geschichte<P: Prozess>(
    eintraege: &[Eintrag<Zeile<P::Ereignis>>],
) -> Result<Geschichte<'_, P::Ereignis>, (usize, Strukturfehler)> {
    // Slots in the order of the original events; each line points to the slot it fills.
    let mut slots: Vec<Option<Wirksam<'_, P::Ereignis>>> = Vec::new();
    let mut slot_von: Vec<Option<usize>> = Vec::with_capacity(eintraege.len());
    let mut staende = vec![Stand::default(); eintraege.len()];
    let mut storniert = None;
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
        match &e.ereignis {
            Zeile::Ereignis(x) => {
                slot_von.push(Some(slots.len()));
                slots.push(Some(Wirksam {
                    zeile,
                    datum: e.datum,
                    benutzer: &e.benutzer,
                    ereignis: x,
                }));
            }
            Zeile::Ersatz(x) => {
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
            // A dispatch holds no event: nothing to replay, nothing a correction names.
            Zeile::Versand(_) => slot_von.push(None),
            Zeile::Storno(s) => {
                slot_von.push(None);
                match s.ereignis {
                    Some(nr) => {
                        let slot = ziel(&slots, &slot_von, nr)?;
                        if let Some(alt) = slots[slot].take() {
                            staende[alt.zeile as usize - 1].storniert = true;
                        }
                    }
                    None => storniert = storniert.or(Some(e.datum)),
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

/// How many versions the event now at line `zeile` has: 1 when it was never replaced, one
/// more for every replacement before it.
pub fn fassung(staende: &[Stand], zeile: u64) -> u32 {
    let mut n = 1;
    let mut z = zeile;
    while let Some(vorher) = staende.iter().position(|s| s.ersetzt_durch == Some(z)) {
        n += 1;
        z = vorher as u64 + 1;
    }
    n
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
    /// The operating-system account that wrote the line (none before it was recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub konto: Option<String>,
}

/// Every line of a journal with what became of it.
pub fn verlauf<P: Prozess>(
    eintraege: &[Eintrag<Zeile<P::Ereignis>>],
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
                konto: e.konto.clone(),
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

    fn eintrag(nr: u64, datum: &str, e: impl Into<Zeile<Ereignis>>) -> Eintrag<Zeile<Ereignis>> {
        Eintrag {
            schluessel: None,
            nr,
            datum: NaiveDate::parse_from_str(datum, "%Y-%m-%d").unwrap(),
            erfasst: Utc.with_ymd_and_hms(2024, 6, 1, 8, 0, 0).unwrap(),
            benutzer: "t".into(),
            konto: None,
            vorher: None,
            ereignis: e.into(),
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
                Zeile::Ersatz(Ersatz {
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
            Zeile::Storno(Storno {
                ereignis: Some(2),
                begruendung: "irrtümlich".into(),
            }),
        ));
        let g = geschichte::<Optima>(&j2).unwrap();
        assert_eq!(g.ereignisse.len(), 1);
        assert!(g.staende[2].storniert);
        assert!(g.storniert.is_none());
        // A second void of the same event, a correction of a void: structural errors.
        let mut j3 = j2.clone();
        j3.push(eintrag(
            5,
            "2024-02-03",
            Zeile::Storno(Storno {
                ereignis: Some(3),
                begruendung: "x".into(),
            }),
        ));
        assert_eq!(geschichte::<Optima>(&j3).err().unwrap().0, 5);
        let mut j4 = j2;
        j4.push(eintrag(
            5,
            "2024-02-03",
            Zeile::Storno(Storno {
                ereignis: Some(4),
                begruendung: "x".into(),
            }),
        ));
        assert!(geschichte::<Optima>(&j4).is_err());
    }

    /// The wrapper writes exactly what the services wrote when each listed the corrections
    /// itself (the journals on disk and `examples/*.expected.json` depend on it), and reads
    /// it back: as written, with `daten` before `typ`, and inside a journal envelope.
    #[test]
    fn zeile_auf_der_platte_wie_zuvor() {
        let z: Vec<(Zeile<Ereignis>, &str)> = vec![
            (
                abschluss(Abschlussgrund::Teilweise).into(),
                r#"{"typ":"abschluss","daten":{"grund":"teilweise"}}"#,
            ),
            (
                Zeile::Ersatz(Ersatz {
                    ersetzt: 8,
                    begruendung: "Stelle befristet".into(),
                    ereignis: Box::new(abschluss(Abschlussgrund::Teilweise)),
                }),
                r#"{"typ":"ersatz","daten":{"ersetzt":8,"begruendung":"Stelle befristet","ereignis":{"typ":"abschluss","daten":{"grund":"teilweise"}}}}"#,
            ),
            (
                Zeile::Storno(Storno {
                    ereignis: Some(5),
                    begruendung: "doppelt".into(),
                }),
                r#"{"typ":"storno","daten":{"ereignis":5,"begruendung":"doppelt"}}"#,
            ),
            (
                Zeile::Storno(Storno {
                    ereignis: None,
                    begruendung: "irrtümlich".into(),
                }),
                r#"{"typ":"storno","daten":{"begruendung":"irrtümlich"}}"#,
            ),
        ];
        for (zeile, json) in &z {
            assert_eq!(serde_json::to_string(zeile).unwrap(), *json);
            assert_eq!(
                &serde_json::from_str::<Zeile<Ereignis>>(json).unwrap(),
                zeile
            );
            // Hand-ordered: `daten` first.
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            let umgekehrt = format!(r#"{{"daten":{},"typ":{}}}"#, v["daten"], v["typ"]);
            assert_eq!(
                &serde_json::from_str::<Zeile<Ereignis>>(&umgekehrt).unwrap(),
                zeile
            );
            // In a journal line (the envelope flattens the event).
            let e = eintrag(1, "2024-02-01", zeile.clone());
            let zeile_json = serde_json::to_string(&e).unwrap();
            let zurueck: Eintrag<Zeile<Ereignis>> = serde_json::from_str(&zeile_json).unwrap();
            assert_eq!(&zurueck.ereignis, zeile);
        }
        // What no service knows, and a correction of a correction, are not read.
        for falsch in [
            r#"{"typ":"unbekannt","daten":{}}"#,
            r#"{"daten":{}}"#,
            r#"{"typ":"ersatz","daten":{"ersetzt":1,"begruendung":"x","ereignis":{"typ":"storno","daten":{"begruendung":"x"}}}}"#,
        ] {
            assert!(
                serde_json::from_str::<Zeile<Ereignis>>(falsch).is_err(),
                "{falsch}"
            );
        }
    }

    #[test]
    fn ersatz_muss_von_gleicher_art_sein() {
        let j = vec![
            eintrag(1, "2024-01-10", Ereignis::Annahme(Annahme::default())),
            eintrag(
                2,
                "2024-01-11",
                Zeile::Ersatz(Ersatz {
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
                Zeile::Storno(Storno {
                    ereignis: None,
                    begruendung: "irrtümlich erfasst".into(),
                }),
            ),
        ];
        let g = geschichte::<Optima>(&j).unwrap();
        assert_eq!(
            g.storniert,
            Some(NaiveDate::from_ymd_opt(2024, 1, 11).unwrap())
        );
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
        pub(super) fn richtig(
            standorte: usize,
            kgs: bool,
            grund: Abschlussgrund,
        ) -> Vec<(String, Ereignis)> {
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

        fn journal<Z: Clone + Into<Zeile<Ereignis>>>(
            zeilen: &[(String, Z)],
        ) -> Vec<Eintrag<Zeile<Ereignis>>> {
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
                let mut zeilen: Vec<(String, Zeile<Ereignis>)> = Vec::new();
                let mut spaeter: Vec<(String, Zeile<Ereignis>)> = Vec::new();
                for (i, (d, e)) in soll.iter().enumerate() {
                    let art = if i == 0 { 0 } else { plan[i % plan.len()] };
                    match art {
                        1 | 2 => {
                            zeilen.push((d.clone(), falsch(e).into()));
                            let ersatz = Zeile::Ersatz(Ersatz {
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
                            zeilen.push((d.clone(), falsch(e).into()));
                            let nr = zeilen.len() as u64;
                            zeilen.push((d.clone(), Zeile::Storno(Storno {
                                ereignis: Some(nr),
                                begruendung: "doppelt".into(),
                            })));
                            zeilen.push((d.clone(), e.clone().into()));
                        }
                        _ => zeilen.push((d.clone(), e.clone().into())),
                    }
                }
                zeilen.extend(spaeter);
                let id = "OPT-2024-001";
                let richtig = abspielen::<Optima>(id, &journal(&soll), None, |_, _, _| {}).unwrap();
                let korrigiert =
                    abspielen::<Optima>(id, &journal(&zeilen), None, |_, _, _| {}).unwrap();
                prop_assert_eq!(korrigiert, richtig);
                // And the report fold sees the same history.
                let bericht = |j: &[Eintrag<Zeile<Ereignis>>]| {
                    let mut k = kennzahlen::Zaehler::neu(None, None);
                    k.fall(id, j).unwrap();
                    k.ergebnis()
                };
                prop_assert_eq!(bericht(&journal(&zeilen)), bericht(&journal(&soll)));
            }
        }
    }

    /// Issue #22: the same property for Roundtable, and single voids for both services —
    /// any void either leaves a history equal to one written without the event in the first
    /// place (the rules accept it as such), or the rules refuse it.
    mod eigenschaft_beide {
        use super::*;
        use crate::prozess::roundtable::regeln::tests::anmeldung;
        use crate::prozess::roundtable::{
            self as rt, Aufgabe, AufgabeErledigt, Begleitung, Gespraech, Grund, Roundtable,
        };
        use crate::prozess::{Kontext, Prozess, abspielen, geschichte_entscheiden};
        use proptest::prelude::*;

        type RtE = rt::Ereignis;

        fn tag(n: u64) -> String {
            (NaiveDate::from_ymd_opt(2024, 3, 1).unwrap() + chrono::Days::new(n)).to_string()
        }

        /// A valid Roundtable: registered, `gespraeche` meetings with one task each (numbers
        /// as the command gives them), `notizen` notes, the first task done, closed.
        fn richtig_rt(gespraeche: u32, notizen: usize, grund: Grund) -> Vec<(String, RtE)> {
            let mut h = vec![(tag(0), RtE::Anmeldung(anmeldung()))];
            let mut t = 1;
            for nr in 1..=gespraeche {
                h.push((
                    tag(t),
                    RtE::Gespraech(Gespraech {
                        nr,
                        teilnehmer: vec!["IV".into(), "RAV".into(), "Person".into()],
                        analyse: Some(format!("Analyse {nr}")),
                        ziele: Some(format!("Ziele {nr}")),
                        aufgaben: vec![Aufgabe {
                            was: format!("Aufgabe {nr}"),
                            wer: "RAV".into(),
                            bis: NaiveDate::from_ymd_opt(2024, 12, 1).unwrap(),
                            nr: Some(nr),
                        }],
                        fallfuehrung: Some(rt::Stelle::Rav),
                        fallfuehrung_person: None,
                        naechstes_gespraech: None,
                        vereinbart: nr % 2 == 0,
                    }),
                ));
                t += 7;
            }
            for i in 0..notizen {
                h.push((
                    tag(t),
                    RtE::Begleitung(Begleitung {
                        notiz: format!("Notiz {i}"),
                    }),
                ));
                t += 3;
            }
            if gespraeche > 0 {
                h.push((
                    tag(t),
                    RtE::AufgabeErledigt(AufgabeErledigt {
                        nr: 1,
                        erledigt: true,
                    }),
                ));
                t += 1;
            }
            h.push((
                tag(t),
                RtE::Abschluss(rt::Abschluss {
                    grund,
                    loesung: None,
                    bemerkung: None,
                }),
            ));
            h
        }

        fn falsch_rt(e: &RtE) -> RtE {
            match e {
                RtE::Gespraech(g) => RtE::Gespraech(Gespraech {
                    ziele: Some("falsch erfasst".into()),
                    teilnehmer: vec!["falsch".into()],
                    ..g.clone()
                }),
                RtE::Begleitung(_) => RtE::Begleitung(Begleitung {
                    notiz: "falsch".into(),
                }),
                RtE::Abschluss(a) => RtE::Abschluss(rt::Abschluss {
                    grund: match a.grund {
                        Grund::Arbeitsmarkt => Grund::Abbruch,
                        _ => Grund::Arbeitsmarkt,
                    },
                    ..a.clone()
                }),
                x => x.clone(),
            }
        }

        fn journal<E: Clone, Z: Clone + Into<Zeile<E>>>(
            zeilen: &[(String, Z)],
        ) -> Vec<Eintrag<Zeile<E>>> {
            zeilen
                .iter()
                .enumerate()
                .map(|(i, (d, e))| Eintrag {
                    schluessel: None,
                    nr: i as u64 + 1,
                    datum: NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(),
                    erfasst: chrono::Utc.with_ymd_and_hms(2024, 12, 1, 8, 0, 0).unwrap(),
                    benutzer: "t".into(),
                    konto: None,
                    vorher: None,
                    ereignis: e.clone().into(),
                })
                .collect()
        }

        fn ctx() -> Kontext {
            Kontext {
                heute: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
                offene_faelle: Vec::new(),
            }
        }

        /// Voids line `nr` of `soll`: refused by the rules, or equal to `soll` without it,
        /// which the rules accept as written in the first place.
        fn storno_gleich_ohne<P: Prozess>(
            id: &str,
            soll: &[(String, P::Ereignis)],
            nr: usize,
        ) -> Result<(), TestCaseError>
        where
            P::Fall: PartialEq + std::fmt::Debug,
            P::Ereignis: std::fmt::Debug,
        {
            let mut zeilen: Vec<(String, Zeile<P::Ereignis>)> = soll
                .iter()
                .map(|(d, e)| (d.clone(), Zeile::Ereignis(e.clone())))
                .collect();
            let letzter = soll.last().unwrap().0.clone();
            zeilen.push((
                letzter,
                Zeile::Storno(Storno {
                    ereignis: Some(nr as u64),
                    begruendung: "x".into(),
                }),
            ));
            let j = journal::<P::Ereignis, _>(&zeilen);
            let g = geschichte::<P>(&j).unwrap();
            let ohne: Vec<(String, P::Ereignis)> = soll
                .iter()
                .enumerate()
                .filter(|(i, _)| i + 1 != nr)
                .map(|(_, x)| x.clone())
                .collect();
            let j_ohne = journal::<P::Ereignis, _>(&ohne);
            let g_ohne = geschichte::<P>(&j_ohne).unwrap();
            // Refused: the write path writes nothing (tested through the binary).
            // Accepted: as if the event had never been written.
            if let Ok(fall) = geschichte_entscheiden::<P>(id, &g, &ctx()) {
                let direkt = geschichte_entscheiden::<P>(id, &g_ohne, &ctx());
                prop_assert!(direkt.is_ok(), "{:?}", direkt.err().map(|e| e.0));
                prop_assert_eq!(&fall, &direkt.ok().unwrap());
                let a = abspielen::<P>(id, &j, None, |_, _, _| {}).unwrap();
                let b = abspielen::<P>(id, &j_ohne, None, |_, _, _| {}).unwrap();
                prop_assert_eq!(a, b);
            }
            Ok(())
        }

        fn grund() -> impl Strategy<Value = Grund> {
            prop_oneof![Just(Grund::Arbeitsmarkt), Just(Grund::Abbruch)]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            #[test]
            fn rt_korrigiert_gleich_richtig(
                gespraeche in 0u32..4,
                notizen in 0usize..3,
                g in grund(),
                plan in proptest::collection::vec(0u8..3, 12),
            ) {
                let soll = richtig_rt(gespraeche, notizen, g);
                let mut zeilen: Vec<(String, Zeile<RtE>)> = Vec::new();
                let mut spaeter: Vec<(String, Zeile<RtE>)> = Vec::new();
                for (i, (d, e)) in soll.iter().enumerate() {
                    let art = if i == 0 { 0 } else { plan[i % plan.len()] };
                    if art == 0 || falsch_rt(e) == *e {
                        zeilen.push((d.clone(), e.clone().into()));
                        continue;
                    }
                    zeilen.push((d.clone(), falsch_rt(e).into()));
                    let ersatz = Zeile::Ersatz(Ersatz {
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
                zeilen.extend(spaeter);
                let id = "RT-2024-001";
                let j = journal::<RtE, _>(&zeilen);
                let j_soll = journal::<RtE, _>(&soll);
                prop_assert_eq!(
                    abspielen::<Roundtable>(id, &j, None, |_, _, _| {}).unwrap(),
                    abspielen::<Roundtable>(id, &j_soll, None, |_, _, _| {}).unwrap()
                );
                // The corrected history passes the rules as the right one does.
                let g = geschichte::<Roundtable>(&j).unwrap();
                prop_assert!(geschichte_entscheiden::<Roundtable>(id, &g, &ctx()).is_ok());
                let bericht = |j: &[Eintrag<Zeile<RtE>>]| {
                    let mut k = rt::kennzahlen::Zaehler::neu(None, None);
                    k.fall(id, j).unwrap();
                    k.ergebnis()
                };
                prop_assert_eq!(bericht(&j), bericht(&j_soll));
            }

            #[test]
            fn rt_storno_gleich_ohne(
                gespraeche in 0u32..4,
                notizen in 0usize..3,
                g in grund(),
                wahl in 2usize..20,
            ) {
                let soll = richtig_rt(gespraeche, notizen, g);
                let nr = 2 + wahl % (soll.len() - 1);
                storno_gleich_ohne::<Roundtable>("RT-2024-001", &soll, nr)?;
            }

            #[test]
            fn optima_storno_gleich_ohne(
                standorte in 0usize..4,
                kgs in any::<bool>(),
                wahl in 2usize..20,
            ) {
                let soll = super::eigenschaft::richtig(standorte, kgs, Abschlussgrund::Erfolgreich);
                let nr = 2 + wahl % (soll.len() - 1);
                storno_gleich_ohne::<Optima>("OPT-2024-001", &soll, nr)?;
            }
        }
    }
}
