//! The Roundtable statistics of the annual report (2023, section 2.1: Eingang, Wirkungen,
//! Leistungen): a fold over the same replay every reader uses. Counts are events dated in
//! the period; `begleitete_prozesse` are cases registered on or before `bis`, not marked
//! `kein-prozess` on or before `bis`, and not closed before `von`.

use super::*;
use crate::prozess::Zaehlt;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NachStelle {
    pub rav: u64,
    pub iv: u64,
    pub sh: u64,
    pub andere: u64,
}

impl NachStelle {
    fn plus(&mut self, s: Stelle) {
        *match s {
            Stelle::Rav => &mut self.rav,
            Stelle::Iv => &mut self.iv,
            Stelle::Sh => &mut self.sh,
            Stelle::Andere => &mut self.andere,
        } += 1;
    }
    pub fn get(&self, s: Stelle) -> u64 {
        match s {
            Stelle::Rav => self.rav,
            Stelle::Iv => self.iv,
            Stelle::Sh => self.sh,
            Stelle::Andere => self.andere,
        }
    }
    fn vereinen(&mut self, o: &Self) {
        self.rav += o.rav;
        self.iv += o.iv;
        self.sh += o.sh;
        self.andere += o.andere;
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Abschlussgruende {
    pub arbeitsmarkt: u64,
    pub loesung: u64,
    pub abbruch: u64,
    pub andere: u64,
}

impl Abschlussgruende {
    fn feld(&mut self, g: Grund) -> &mut u64 {
        match g {
            Grund::Arbeitsmarkt => &mut self.arbeitsmarkt,
            Grund::Loesung => &mut self.loesung,
            Grund::Abbruch => &mut self.abbruch,
            Grund::Andere => &mut self.andere,
        }
    }
    pub fn get(&self, g: Grund) -> u64 {
        match g {
            Grund::Arbeitsmarkt => self.arbeitsmarkt,
            Grund::Loesung => self.loesung,
            Grund::Abbruch => self.abbruch,
            Grund::Andere => self.andere,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Zeitraum {
    pub von: Option<NaiveDate>,
    pub bis: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Eingang {
    pub anmeldungen: u64,
    pub kein_prozess: u64,
    pub anmeldende_institution: NachStelle,
    /// The offices registered as "andere" (`--anmeldende-stelle-text`), for the annual
    /// report's footnote; not a published figure.
    #[serde(skip)]
    pub andere_stellen: std::collections::BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Wirkungen {
    pub abgeschlossen: u64,
    pub abschlussgruende: Abschlussgruende,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Leistungen {
    pub begleitete_prozesse: u64,
    pub gespraeche: u64,
    /// OPTIMA applications that arose from a Roundtable, on the day the Roundtable recorded
    /// them (the application's day unless the Roundtable had a later event already).
    pub optima_auftraege: u64,
}

/// `rt report`: the keys of spec §9, in that order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kennzahlen {
    pub zeitraum: Zeitraum,
    pub eingang: Eingang,
    pub wirkungen: Wirkungen,
    pub leistungen: Leistungen,
}

/// Accumulates cases one by one (split across threads and merged).
#[derive(Debug, Default, Clone)]
pub struct Zaehler {
    von: Option<NaiveDate>,
    bis: Option<NaiveDate>,
    k: Kennzahlen,
    erstes: Option<NaiveDate>,
    letztes: Option<NaiveDate>,
}

impl Zaehlt for Zaehler {
    type P = Roundtable;
    fn bis(&self) -> Option<NaiveDate> {
        self.bis
    }

    /// What the case as of `bis` adds: whether it was accompanied in the period.
    fn abschliessen(&mut self, fall: &Fall) {
        // Accompanied on at least one day of the period: registered by `bis` (the replay
        // stopped there), not ended without a process, not closed before `von`.
        let begleitet = match fall.status {
            Status::KeinProzess => false,
            Status::Abgeschlossen => self
                .von
                .is_none_or(|v| fall.ende_datum.is_some_and(|e| e >= v)),
            Status::Angemeldet | Status::Laufend => true,
        };
        if begleitet {
            self.k.leistungen.begleitete_prozesse += 1;
        }
    }

    fn ereignis(&mut self, d: NaiveDate, e: &Ereignis, _fall: &Fall) {
        if !matches!(e, Ereignis::Anonymisiert(_)) {
            self.erstes = Some(self.erstes.map_or(d, |x| x.min(d)));
            self.letztes = Some(self.letztes.map_or(d, |x| x.max(d)));
        }
        if !self.drin(d) {
            return;
        }
        let k = &mut self.k;
        match e {
            Ereignis::Anmeldung(a) => {
                k.eingang.anmeldungen += 1;
                k.eingang.anmeldende_institution.plus(a.anmeldende_stelle);
                if a.anmeldende_stelle == Stelle::Andere
                    && let Some(t) = a
                        .anmeldende_stelle_text
                        .as_deref()
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                {
                    k.eingang.andere_stellen.insert(t.to_string());
                }
            }
            Ereignis::KeinProzess(_) => k.eingang.kein_prozess += 1,
            Ereignis::Gespraech(_) => k.leistungen.gespraeche += 1,
            Ereignis::Abschluss(a) => {
                k.wirkungen.abgeschlossen += 1;
                *k.wirkungen.abschlussgruende.feld(a.grund) += 1;
            }
            // By the line's day: the application's, or the Roundtable's last event when
            // that was later (a journal never goes back in time).
            Ereignis::OptimaAuftrag(_) => k.leistungen.optima_auftraege += 1,
            Ereignis::Begleitung(_) | Ereignis::AufgabeErledigt(_) | Ereignis::Anonymisiert(_) => {}
        }
    }
}

impl Zaehler {
    pub fn neu(von: Option<NaiveDate>, bis: Option<NaiveDate>) -> Zaehler {
        Zaehler {
            von,
            bis,
            ..Zaehler::default()
        }
    }

    fn drin(&self, d: NaiveDate) -> bool {
        self.von.is_none_or(|v| d >= v) && self.bis.is_none_or(|b| d <= b)
    }

    pub fn vereinen(&mut self, o: Zaehler) {
        let k = &mut self.k;
        k.eingang.anmeldungen += o.k.eingang.anmeldungen;
        k.eingang.kein_prozess += o.k.eingang.kein_prozess;
        k.eingang
            .anmeldende_institution
            .vereinen(&o.k.eingang.anmeldende_institution);
        k.eingang.andere_stellen.extend(o.k.eingang.andere_stellen);
        k.wirkungen.abgeschlossen += o.k.wirkungen.abgeschlossen;
        for g in Grund::ALLE {
            *k.wirkungen.abschlussgruende.feld(g) += o.k.wirkungen.abschlussgruende.get(g);
        }
        k.leistungen.begleitete_prozesse += o.k.leistungen.begleitete_prozesse;
        k.leistungen.gespraeche += o.k.leistungen.gespraeche;
        k.leistungen.optima_auftraege += o.k.leistungen.optima_auftraege;
        self.erstes = [self.erstes, o.erstes].into_iter().flatten().min();
        self.letztes = [self.letztes, o.letztes].into_iter().flatten().max();
    }

    pub fn ergebnis(self) -> Kennzahlen {
        let mut k = self.k;
        k.zeitraum = Zeitraum {
            von: self.von.or(self.erstes),
            bis: self.bis.or(self.letztes),
        };
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prozess::roundtable::anwenden::anwenden;
    use crate::prozess::roundtable::regeln::tests::{anmeldung, gespraech};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Folds one case's events (dated) into `z`, as the replay does.
    fn falten(z: &mut Zaehler, schritte: &[(&str, Ereignis)]) {
        let mut f = None;
        for (datum, e) in schritte {
            let datum = d(datum);
            if z.bis().is_some_and(|b| datum > b) {
                break;
            }
            let neu = anwenden(f, "RT-2024-001", datum, "t", e).unwrap();
            z.ereignis(datum, e, &neu);
            f = Some(neu);
        }
        if let Some(f) = f {
            z.abschliessen(&f);
        }
    }

    fn abschluss(grund: Grund, am: &'static str) -> (&'static str, Ereignis) {
        (
            am,
            Ereignis::Abschluss(Abschluss {
                grund,
                loesung: None,
                bemerkung: None,
            }),
        )
    }

    #[test]
    fn eingang_wirkungen_leistungen_im_zeitraum() {
        let mut z = Zaehler::neu(Some(d("2024-01-01")), Some(d("2024-12-31")));
        // Registered 2023, accompanied into 2024, closed 2024 with a solution.
        falten(
            &mut z,
            &[
                ("2023-11-01", Ereignis::Anmeldung(anmeldung())),
                ("2023-11-20", Ereignis::Gespraech(gespraech(1))),
                ("2024-02-01", Ereignis::Gespraech(gespraech(2))),
                abschluss(Grund::Loesung, "2024-06-30"),
            ],
        );
        // Registered 2024 by the IV, ended without a process.
        let mut iv = anmeldung();
        iv.anmeldende_stelle = Stelle::Iv;
        falten(
            &mut z,
            &[
                ("2024-03-01", Ereignis::Anmeldung(iv)),
                (
                    "2024-03-10",
                    Ereignis::KeinProzess(KeinProzess { grund: "x".into() }),
                ),
            ],
        );
        // Closed before the period: counts nowhere in 2024.
        falten(
            &mut z,
            &[
                ("2023-01-10", Ereignis::Anmeldung(anmeldung())),
                ("2023-02-01", Ereignis::Gespraech(gespraech(1))),
                abschluss(Grund::Abbruch, "2023-12-31"),
            ],
        );
        // Registered after the period: the replay stops at `bis`, nothing counts.
        falten(&mut z, &[("2025-01-02", Ereignis::Anmeldung(anmeldung()))]);
        let k = z.ergebnis();
        assert_eq!(k.eingang.anmeldungen, 1);
        assert_eq!(k.eingang.kein_prozess, 1);
        assert_eq!(k.eingang.anmeldende_institution.iv, 1);
        assert_eq!(k.eingang.anmeldende_institution.andere, 0);
        assert_eq!(k.wirkungen.abgeschlossen, 1);
        assert_eq!(k.wirkungen.abschlussgruende.loesung, 1);
        assert_eq!(k.wirkungen.abschlussgruende.abbruch, 0);
        assert_eq!(k.leistungen.gespraeche, 1);
        assert_eq!(k.leistungen.begleitete_prozesse, 1);
        assert_eq!(k.zeitraum.von, Some(d("2024-01-01")));
    }

    #[test]
    fn vereinen_ist_die_summe() {
        let schritte = [
            ("2024-03-01", Ereignis::Anmeldung(anmeldung())),
            ("2024-03-20", Ereignis::Gespraech(gespraech(1))),
            abschluss(Grund::Arbeitsmarkt, "2024-05-01"),
        ];
        let mut a = Zaehler::neu(None, None);
        falten(&mut a, &schritte);
        let mut b = Zaehler::neu(None, None);
        falten(&mut b, &schritte);
        falten(&mut b, &schritte[..1]);
        let mut ganz = Zaehler::neu(None, None);
        for _ in 0..2 {
            falten(&mut ganz, &schritte);
        }
        falten(&mut ganz, &schritte[..1]);
        a.vereinen(b);
        let (a, ganz) = (a.ergebnis(), ganz.ergebnis());
        assert_eq!(a, ganz);
        assert_eq!(a.eingang.anmeldungen, 3);
        assert_eq!(a.wirkungen.abschlussgruende.arbeitsmarkt, 2);
        // Without a period every case counts as accompanied (none ended without process).
        assert_eq!(a.leistungen.begleitete_prozesse, 3);
        // Without a period: from the first to the last event.
        assert_eq!(a.zeitraum.von, Some(d("2024-03-01")));
        assert_eq!(a.zeitraum.bis, Some(d("2024-05-01")));
    }
}
