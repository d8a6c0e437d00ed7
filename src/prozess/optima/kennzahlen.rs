//! The Standardreporting Optima (spec §5; concept line 3430 ff. and chapter 6.2): a fold of
//! events into figures. Every count is of events dated within the period; "by institution"
//! is by Auftragnehmer except the Auftraggeber block and the measure costs (paid by the
//! Auftraggeber). Never reads the person store, so erasure cannot change a report.
//! Rendering lives in `commands/report.rs`.

use crate::prozess::Zaehlt;
use crate::prozess::optima::*;
use chrono::NaiveDate;
use serde::Serialize;

/// Flat rates per case-month of case management (concept 5.1: CHF 12'500 monthly full cost
/// of an advisor over 55 cases at the IV, 100 at the RAV and in social services), by the
/// leading institution.
pub fn pauschale_chf(an: Institution) -> f64 {
    match an {
        Institution::Iv => 227.0,
        Institution::Rav | Institution::Sh => 125.0,
    }
}

const TAGE_PRO_MONAT: f64 = 365.25 / 12.0;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NachInstitution {
    pub iv: u64,
    pub rav: u64,
    pub sh: u64,
}

impl NachInstitution {
    fn plus(&mut self, i: Institution, n: u64) {
        match i {
            Institution::Iv => self.iv += n,
            Institution::Rav => self.rav += n,
            Institution::Sh => self.sh += n,
        }
    }
    fn vereinen(&mut self, o: &Self) {
        self.iv += o.iv;
        self.rav += o.rav;
        self.sh += o.sh;
    }
    pub fn get(&self, i: Institution) -> u64 {
        match i {
            Institution::Iv => self.iv,
            Institution::Rav => self.rav,
            Institution::Sh => self.sh,
        }
    }
}

/// A count with its split by institution: `{"total", "iv", "rav", "sh"}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct MitTotal {
    pub total: u64,
    #[serde(flatten)]
    pub nach: NachInstitution,
}

impl MitTotal {
    fn plus(&mut self, i: Institution, n: u64) {
        self.total += n;
        self.nach.plus(i, n);
    }
    fn vereinen(&mut self, o: &Self) {
        self.total += o.total;
        self.nach.vereinen(&o.nach);
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ablehnungen {
    pub total: u64,
    pub iv_ablehnung: u64,
    pub kein_arbeitsangebot: u64,
    pub keine_kapazitaet: u64,
    pub ziel_nicht_realisierbar: u64,
    pub sonstige: u64,
}

impl Ablehnungen {
    pub fn get(&self, g: Ablehnungsgrund) -> u64 {
        match g {
            Ablehnungsgrund::IvAblehnung => self.iv_ablehnung,
            Ablehnungsgrund::KeinArbeitsangebot => self.kein_arbeitsangebot,
            Ablehnungsgrund::KeineKapazitaet => self.keine_kapazitaet,
            Ablehnungsgrund::ZielNichtRealisierbar => self.ziel_nicht_realisierbar,
            Ablehnungsgrund::Sonstige => self.sonstige,
        }
    }
    fn plus(&mut self, g: Ablehnungsgrund) {
        self.total += 1;
        *match g {
            Ablehnungsgrund::IvAblehnung => &mut self.iv_ablehnung,
            Ablehnungsgrund::KeinArbeitsangebot => &mut self.kein_arbeitsangebot,
            Ablehnungsgrund::KeineKapazitaet => &mut self.keine_kapazitaet,
            Ablehnungsgrund::ZielNichtRealisierbar => &mut self.ziel_nicht_realisierbar,
            Ablehnungsgrund::Sonstige => &mut self.sonstige,
        } += 1;
    }
    fn vereinen(&mut self, o: &Self) {
        self.total += o.total;
        self.iv_ablehnung += o.iv_ablehnung;
        self.kein_arbeitsangebot += o.kein_arbeitsangebot;
        self.keine_kapazitaet += o.keine_kapazitaet;
        self.ziel_nicht_realisierbar += o.ziel_nicht_realisierbar;
        self.sonstige += o.sonstige;
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Abschlussgruende {
    pub erfolgreich: MitTotal,
    pub teilweise: MitTotal,
    pub nicht_umgesetzt: MitTotal,
    pub sonstige: MitTotal,
}

impl Abschlussgruende {
    pub fn get(&self, g: Abschlussgrund) -> &MitTotal {
        match g {
            Abschlussgrund::Erfolgreich => &self.erfolgreich,
            Abschlussgrund::Teilweise => &self.teilweise,
            Abschlussgrund::NichtUmgesetzt => &self.nicht_umgesetzt,
            Abschlussgrund::Sonstige => &self.sonstige,
        }
    }
    fn get_mut(&mut self, g: Abschlussgrund) -> &mut MitTotal {
        match g {
            Abschlussgrund::Erfolgreich => &mut self.erfolgreich,
            Abschlussgrund::Teilweise => &mut self.teilweise,
            Abschlussgrund::NichtUmgesetzt => &mut self.nicht_umgesetzt,
            Abschlussgrund::Sonstige => &mut self.sonstige,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Zeitraum {
    pub von: Option<NaiveDate>,
    pub bis: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Auftraege {
    pub anmeldungen: u64,
    pub auftraggeber: NachInstitution,
    pub auftragnehmer: NachInstitution,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prozess {
    pub angenommen: u64,
    pub abgelehnt: Ablehnungen,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kostengutsprachen {
    pub beantragt: MitTotal,
    pub bewilligt: MitTotal,
    pub abgelehnt: MitTotal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Wirkungen {
    pub abgeschlossen: MitTotal,
    pub abschlussgruende: Abschlussgruende,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Zielgruppen {
    #[serde(rename = "A")]
    pub a: u64,
    #[serde(rename = "B")]
    pub b: u64,
    #[serde(rename = "C")]
    pub c: u64,
    #[serde(rename = "D")]
    pub d: u64,
    #[serde(rename = "E")]
    pub e: u64,
    #[serde(rename = "F")]
    pub f: u64,
    #[serde(rename = "G")]
    pub g: u64,
    #[serde(rename = "H")]
    pub h: u64,
    #[serde(rename = "I")]
    pub i: u64,
    pub keine: u64,
}

impl Zielgruppen {
    fn feld(&mut self, z: Option<Zielgruppe>) -> &mut u64 {
        match z {
            Some(Zielgruppe::A) => &mut self.a,
            Some(Zielgruppe::B) => &mut self.b,
            Some(Zielgruppe::C) => &mut self.c,
            Some(Zielgruppe::D) => &mut self.d,
            Some(Zielgruppe::E) => &mut self.e,
            Some(Zielgruppe::F) => &mut self.f,
            Some(Zielgruppe::G) => &mut self.g,
            Some(Zielgruppe::H) => &mut self.h,
            Some(Zielgruppe::I) => &mut self.i,
            None => &mut self.keine,
        }
    }
    pub fn get(&self, z: Option<Zielgruppe>) -> u64 {
        match z {
            Some(Zielgruppe::A) => self.a,
            Some(Zielgruppe::B) => self.b,
            Some(Zielgruppe::C) => self.c,
            Some(Zielgruppe::D) => self.d,
            Some(Zielgruppe::E) => self.e,
            Some(Zielgruppe::F) => self.f,
            Some(Zielgruppe::G) => self.g,
            Some(Zielgruppe::H) => self.h,
            Some(Zielgruppe::I) => self.i,
            None => self.keine,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OffeneFaelle {
    pub stichtag: Option<NaiveDate>,
    pub total: u64,
    pub beantragt: u64,
    pub angenommen: u64,
    pub laufend: u64,
}

/// Money in all JSON is integer Rappen (as in the journal and `zeige`), so that scripts never
/// meet a binary float; the table shows CHF.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Betraege {
    pub total: u64,
    pub iv: u64,
    pub rav: u64,
    pub sh: u64,
}

impl Betraege {
    fn aus(r: &[u64; 3]) -> Betraege {
        Betraege {
            total: r.iter().sum(),
            iv: r[0],
            rav: r[1],
            sh: r[2],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Fallmonate {
    pub total: f64,
    pub iv: f64,
    pub rav: f64,
    pub sh: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Massnahmenkosten {
    /// By paying institution (Auftraggeber).
    pub bewilligt: Betraege,
    pub abgerechnet: Betraege,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Personalkosten {
    /// By leading institution (Auftragnehmer), rounded to whole francs, given in Rappen.
    pub rappen: Betraege,
    pub fallmonate: Fallmonate,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Abweichungen {
    pub annahme: u64,
    pub abrechnung: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MedianTage {
    pub antrag_bis_entscheid: Option<f64>,
    pub uebergabe_bis_abschluss: Option<f64>,
}

/// Closures by occasion (`--anlass`, concept 3.2.1 "Fallabschluss OPTIMA").
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Anlaesse {
    pub ziel_erreicht: u64,
    pub ziel_nicht_erreichbar: u64,
    pub widerruf: u64,
    pub kgs_verweigert: u64,
    pub parallele_fallfuehrung: u64,
    pub keine_einigung: u64,
    pub andere: u64,
    /// Closures recorded without an occasion.
    pub ohne: u64,
}

impl Anlaesse {
    fn feld(&mut self, a: Option<Anlass>) -> &mut u64 {
        match a {
            Some(Anlass::ZielErreicht) => &mut self.ziel_erreicht,
            Some(Anlass::ZielNichtErreichbar) => &mut self.ziel_nicht_erreichbar,
            Some(Anlass::Widerruf) => &mut self.widerruf,
            Some(Anlass::KgsVerweigert) => &mut self.kgs_verweigert,
            Some(Anlass::ParalleleFallfuehrung) => &mut self.parallele_fallfuehrung,
            Some(Anlass::KeineEinigung) => &mut self.keine_einigung,
            Some(Anlass::Andere) => &mut self.andere,
            None => &mut self.ohne,
        }
    }

    fn vereinen(&mut self, o: &Self) {
        self.ziel_erreicht += o.ziel_erreicht;
        self.ziel_nicht_erreichbar += o.ziel_nicht_erreichbar;
        self.widerruf += o.widerruf;
        self.kgs_verweigert += o.kgs_verweigert;
        self.parallele_fallfuehrung += o.parallele_fallfuehrung;
        self.keine_einigung += o.keine_einigung;
        self.andere += o.andere;
        self.ohne += o.ohne;
    }
}

/// Whether the receiving institution bills the flat rate for a case (concept 5.1, model A):
/// the IV for cases without a running IV procedure, social services for persons without
/// personal social assistance before, the RAV for persons not registered there before.
pub fn pauschale_verrechnet(a: &Antrag) -> bool {
    match a.an {
        Institution::Iv => {
            !(a.iv_offen
                || a.bezug.contains(&Bezug::IvVerfahren)
                || a.bezug.contains(&Bezug::IvEingliederung))
        }
        Institution::Sh => !a.bezug.contains(&Bezug::Sozialberatung),
        Institution::Rav => !(a.bezug.contains(&Bezug::Rav) || a.bezug.contains(&Bezug::Ale)),
    }
}

/// The report. Field order is the JSON contract of spec §5: the four published blocks
/// first, then the figures chapter 6.2 asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kennzahlen {
    pub zeitraum: Zeitraum,
    pub auftraege: Auftraege,
    pub prozess: Prozess,
    pub kostengutsprachen: Kostengutsprachen,
    pub wirkungen: Wirkungen,
    pub zielgruppen: Zielgruppen,
    pub offene_faelle: OffeneFaelle,
    pub massnahmenkosten_rappen: Massnahmenkosten,
    pub personalkosten: Personalkosten,
    pub abweichungen: Abweichungen,
    pub median_tage: MedianTage,
    pub abschlussanlaesse: Anlaesse,
    pub bilanz: Bilanz,
}

/// Cases handed over and taken per institution type in the period, by the day of the
/// handover meeting (concept 5.1, model C, lines 2935–2965 and 3353–3359: each office bears
/// its own cost while given and taken cases roughly balance; otherwise flat rates are
/// billed). `differenz` = taken − given.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bilanz {
    pub iv: Saldo,
    pub rav: Saldo,
    pub sh: Saldo,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Saldo {
    pub abgegeben: u64,
    pub aufgenommen: u64,
    pub differenz: i64,
}

impl Bilanz {
    pub fn get(&self, i: Institution) -> &Saldo {
        match i {
            Institution::Iv => &self.iv,
            Institution::Rav => &self.rav,
            Institution::Sh => &self.sh,
        }
    }
    fn feld(&mut self, i: Institution) -> &mut Saldo {
        match i {
            Institution::Iv => &mut self.iv,
            Institution::Rav => &mut self.rav,
            Institution::Sh => &mut self.sh,
        }
    }
}

/// Accumulates cases one by one (and can be split across threads and merged).
#[derive(Debug, Default, Clone)]
pub struct Zaehler {
    von: Option<NaiveDate>,
    bis: Option<NaiveDate>,
    k: Kennzahlen,
    kgs_bewilligt_rappen: [u64; 3],
    kgs_abgerechnet_rappen: [u64; 3],
    fallmonate: [f64; 3],
    tage_entscheid: Vec<i64>,
    tage_laufzeit: Vec<i64>,
    /// Cases still running with no `bis` given: they run to the last event of the register.
    offen_ohne_ende: Vec<(Institution, NaiveDate)>,
    erstes: Option<NaiveDate>,
    letztes: Option<NaiveDate>,
}

fn idx(i: Institution) -> usize {
    match i {
        Institution::Iv => 0,
        Institution::Rav => 1,
        Institution::Sh => 2,
    }
}

fn median(v: &mut [i64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m] as f64
    } else {
        (v[m - 1] + v[m]) as f64 / 2.0
    })
}

impl Zaehlt for Zaehler {
    type P = Optima;
    fn bis(&self) -> Option<NaiveDate> {
        self.bis
    }

    /// What the case as of `bis` adds: open cases, flat-rate months.
    fn abschliessen(&mut self, fall: &Fall) {
        let an = fall.antrag.an;
        if fall.status.ist_offen() {
            let o = &mut self.k.offene_faelle;
            o.total += 1;
            match fall.status {
                Status::Beantragt => o.beantragt += 1,
                Status::Angenommen => o.angenommen += 1,
                _ => o.laufend += 1,
            }
        }
        // Case management billed by flat rate (concept 5.1): from the handover for the
        // planned duration (with a justified extension), unless closed earlier; within the
        // period; only for cases without a prior claim at the receiving institution.
        if let Some(start) = fall.uebergabe_datum
            && pauschale_verrechnet(&fall.antrag)
        {
            let ende = [fall.abschluss_datum, fall.geplantes_ende()]
                .into_iter()
                .flatten()
                .min();
            self.fall_monate(an, start, ende);
        }
    }

    /// Counts one event dated in the period; `fall` is the state it led to.
    fn ereignis(&mut self, d: NaiveDate, e: &Ereignis, fall: &Fall) {
        // The erasure is bookkeeping, not case work: it must not move the period.
        if !matches!(e, Ereignis::Anonymisiert(_)) {
            self.erstes = Some(self.erstes.map_or(d, |x| x.min(d)));
            self.letztes = Some(self.letztes.map_or(d, |x| x.max(d)));
        }
        if !self.drin(d) {
            return;
        }
        let (von, an) = (fall.antrag.von, fall.antrag.an);
        let k = &mut self.k;
        match e {
            Ereignis::Antrag(a) => {
                k.auftraege.anmeldungen += 1;
                k.auftraege.auftraggeber.plus(von, 1);
                k.auftraege.auftragnehmer.plus(an, 1);
                *k.zielgruppen.feld(a.zielgruppe) += 1;
            }
            Ereignis::Annahme(_) => {
                k.prozess.angenommen += 1;
                // As the case records it: only a deviation from a violated criterion counts.
                if fall.abweichung.is_some() {
                    k.abweichungen.annahme += 1;
                }
                self.tage_entscheid.push((d - fall.antrag_datum).num_days());
            }
            Ereignis::Ablehnung(a) => {
                k.prozess.abgelehnt.plus(a.grund);
                self.tage_entscheid.push((d - fall.antrag_datum).num_days());
            }
            Ereignis::KgsBeantragt(_) => k.kostengutsprachen.beantragt.plus(an, 1),
            Ereignis::KgsBewilligt(b) => {
                k.kostengutsprachen.bewilligt.plus(an, 1);
                let betrag = fall.kgs(b.nr).map_or(0, |g| g.betrag.0);
                self.kgs_bewilligt_rappen[idx(von)] += betrag;
            }
            Ereignis::KgsAbgelehnt(_) => k.kostengutsprachen.abgelehnt.plus(an, 1),
            Ereignis::KgsAbgerechnet(r) => {
                self.kgs_abgerechnet_rappen[idx(von)] += r.betrag.0;
                let bewilligt = fall.kgs(r.nr).map_or(Rappen(0), |g| g.betrag);
                if r.abweichung.is_some() && r.betrag > bewilligt {
                    k.abweichungen.abrechnung += 1;
                }
            }
            Ereignis::Abschluss(a) => {
                *k.abschlussanlaesse.feld(a.anlass) += 1;
                k.wirkungen.abgeschlossen.plus(an, 1);
                k.wirkungen.abschlussgruende.get_mut(a.grund).plus(an, 1);
                if let Some(u) = fall.uebergabe_datum {
                    self.tage_laufzeit.push((d - u).num_days());
                }
            }
            Ereignis::Uebergabe(_) => {
                k.bilanz.feld(von).abgegeben += 1;
                k.bilanz.feld(an).aufgenommen += 1;
            }
            Ereignis::Standort(_) | Ereignis::Anonymisiert(_) => {}
        }
    }
}

impl Zaehler {
    /// `von`/`bis` inclusive; `None` is open. An open `bis` ends at the last event found.
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

    fn fall_monate(&mut self, an: Institution, start: NaiveDate, ende: Option<NaiveDate>) {
        let start = self.von.map_or(start, |v| start.max(v));
        // Open cases run to `bis`; without one, to the last event (settled in `ergebnis`).
        let ende = match (ende, self.bis) {
            (Some(e), Some(b)) => Some(e.min(b)),
            (Some(e), None) => Some(e),
            (None, b) => b,
        };
        match ende {
            Some(e) if e > start => {
                self.fallmonate[idx(an)] += (e - start).num_days() as f64 / TAGE_PRO_MONAT
            }
            Some(_) => {}
            None => self.offen_ohne_ende.push((an, start)),
        }
    }

    pub fn vereinen(&mut self, o: Zaehler) {
        let k = &mut self.k;
        k.auftraege.anmeldungen += o.k.auftraege.anmeldungen;
        k.auftraege
            .auftraggeber
            .vereinen(&o.k.auftraege.auftraggeber);
        k.auftraege
            .auftragnehmer
            .vereinen(&o.k.auftraege.auftragnehmer);
        k.prozess.angenommen += o.k.prozess.angenommen;
        k.prozess.abgelehnt.vereinen(&o.k.prozess.abgelehnt);
        let kg = &o.k.kostengutsprachen;
        k.kostengutsprachen.beantragt.vereinen(&kg.beantragt);
        k.kostengutsprachen.bewilligt.vereinen(&kg.bewilligt);
        k.kostengutsprachen.abgelehnt.vereinen(&kg.abgelehnt);
        k.wirkungen
            .abgeschlossen
            .vereinen(&o.k.wirkungen.abgeschlossen);
        for g in Abschlussgrund::ALLE {
            let x = *o.k.wirkungen.abschlussgruende.get(g);
            k.wirkungen.abschlussgruende.get_mut(g).vereinen(&x);
        }
        let z = &o.k.zielgruppen;
        for (ziel, n) in Zielgruppe::ALLE
            .iter()
            .map(|g| (Some(*g), z.get(Some(*g))))
            .chain([(None, z.keine)])
        {
            *k.zielgruppen.feld(ziel) += n;
        }
        k.offene_faelle.total += o.k.offene_faelle.total;
        k.offene_faelle.beantragt += o.k.offene_faelle.beantragt;
        k.offene_faelle.angenommen += o.k.offene_faelle.angenommen;
        k.offene_faelle.laufend += o.k.offene_faelle.laufend;
        k.abschlussanlaesse.vereinen(&o.k.abschlussanlaesse);
        for i in Institution::ALLE {
            let (x, y) = (k.bilanz.feld(i), o.k.bilanz.get(i));
            x.abgegeben += y.abgegeben;
            x.aufgenommen += y.aufgenommen;
        }
        k.abweichungen.annahme += o.k.abweichungen.annahme;
        k.abweichungen.abrechnung += o.k.abweichungen.abrechnung;
        for i in 0..3 {
            self.kgs_bewilligt_rappen[i] += o.kgs_bewilligt_rappen[i];
            self.kgs_abgerechnet_rappen[i] += o.kgs_abgerechnet_rappen[i];
            self.fallmonate[i] += o.fallmonate[i];
        }
        self.offen_ohne_ende.extend(o.offen_ohne_ende);
        self.tage_entscheid.extend(o.tage_entscheid);
        self.tage_laufzeit.extend(o.tage_laufzeit);
        self.erstes = [self.erstes, o.erstes].into_iter().flatten().min();
        self.letztes = [self.letztes, o.letztes].into_iter().flatten().max();
    }

    pub fn ergebnis(mut self) -> Kennzahlen {
        let bis = self.bis.or(self.letztes);
        for (an, start) in std::mem::take(&mut self.offen_ohne_ende) {
            if let Some(e) = bis.filter(|e| *e > start) {
                self.fallmonate[idx(an)] += (e - start).num_days() as f64 / TAGE_PRO_MONAT;
            }
        }
        let mut k = self.k;
        k.zeitraum = Zeitraum {
            von: self.von.or(self.erstes),
            bis,
        };
        for i in Institution::ALLE {
            let s = k.bilanz.feld(i);
            s.differenz = s.aufgenommen as i64 - s.abgegeben as i64;
        }
        k.offene_faelle.stichtag = bis;
        k.massnahmenkosten_rappen = Massnahmenkosten {
            bewilligt: Betraege::aus(&self.kgs_bewilligt_rappen),
            abgerechnet: Betraege::aus(&self.kgs_abgerechnet_rappen),
        };
        let runden1 = |x: f64| (x * 10.0).round() / 10.0;
        let mut rappen = [0u64; 3];
        for i in Institution::ALLE {
            let franken = (self.fallmonate[idx(i)] * pauschale_chf(i)).round();
            rappen[idx(i)] = franken.max(0.0) as u64 * 100;
        }
        k.personalkosten = Personalkosten {
            rappen: Betraege::aus(&rappen),
            fallmonate: Fallmonate {
                total: runden1(self.fallmonate.iter().sum()),
                iv: runden1(self.fallmonate[0]),
                rav: runden1(self.fallmonate[1]),
                sh: runden1(self.fallmonate[2]),
            },
        };
        k.median_tage = MedianTage {
            antrag_bis_entscheid: median(&mut self.tage_entscheid),
            uebergabe_bis_abschluss: median(&mut self.tage_laufzeit),
        };
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prozess::optima::regeln::tests::{antrag_beispiel, beispiel_uebergabe};
    use crate::speicher::journal::Eintrag;
    use chrono::{TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A journal as recorded: RAV → SH, accepted, handed over, a cost approval of CHF
    /// 1'800 approved and invoiced, closed successfully.
    fn journal() -> Vec<Eintrag<crate::prozess::Zeile<Ereignis>>> {
        let e = |nr: u64, datum: &str, ereignis: Ereignis| Eintrag {
            schluessel: None,
            nr,
            datum: d(datum),
            erfasst: Utc.with_ymd_and_hms(2024, 6, 1, 8, 0, 0).unwrap(),
            benutzer: "t".into(),
            konto: None,
            vorher: None,
            ereignis: ereignis.into(),
        };
        vec![
            e(1, "2024-01-10", Ereignis::Antrag(antrag_beispiel())),
            e(2, "2024-01-14", Ereignis::Annahme(Annahme::default())),
            e(3, "2024-02-01", Ereignis::Uebergabe(beispiel_uebergabe())),
            e(
                4,
                "2024-02-05",
                Ereignis::KgsBeantragt(KgsBeantragt {
                    nr: 1,
                    massnahme: "Coaching".into(),
                    anbieter: "A".into(),
                    betrag: Rappen(180_000),
                    zeitraum: None,
                }),
            ),
            e(
                5,
                "2024-02-08",
                Ereignis::KgsBewilligt(KgsBewilligt {
                    nr: 1,
                    unterzeichnet: Some("M. Meier".into()),
                }),
            ),
            e(
                6,
                "2024-04-02",
                Ereignis::KgsAbgerechnet(KgsAbgerechnet {
                    nr: 1,
                    betrag: Rappen(175_000),
                    abweichung: None,
                }),
            ),
            e(
                7,
                "2024-05-01",
                Ereignis::Abschluss(Abschluss {
                    grund: Abschlussgrund::Erfolgreich,
                    anlass: Some(Anlass::ZielErreicht),
                    bemerkung: None,
                }),
            ),
        ]
    }

    fn bericht(von: Option<&str>, bis: Option<&str>) -> Kennzahlen {
        let mut z = Zaehler::neu(von.map(d), bis.map(d));
        z.fall("OPT-2024-001", &journal()).unwrap();
        z.ergebnis()
    }

    #[test]
    fn ganzer_fall_zaehlt_jedes_ereignis_einmal() {
        let k = bericht(None, None);
        assert_eq!(k.auftraege.anmeldungen, 1);
        assert_eq!(k.auftraege.auftraggeber.rav, 1);
        assert_eq!(k.auftraege.auftragnehmer.sh, 1);
        assert_eq!(k.prozess.angenommen, 1);
        assert_eq!(k.kostengutsprachen.beantragt.nach.sh, 1);
        assert_eq!(k.kostengutsprachen.bewilligt.total, 1);
        assert_eq!(k.wirkungen.abgeschlossen.nach.sh, 1);
        assert_eq!(k.wirkungen.abschlussgruende.erfolgreich.total, 1);
        // Paid by the handing institution (RAV), at the approved and the invoiced amount.
        assert_eq!(k.massnahmenkosten_rappen.bewilligt.rav, 180_000);
        assert_eq!(k.massnahmenkosten_rappen.abgerechnet.rav, 175_000);
        assert_eq!(k.offene_faelle.total, 0);
        assert_eq!(k.median_tage.antrag_bis_entscheid, Some(4.0));
        assert_eq!(k.median_tage.uebergabe_bis_abschluss, Some(90.0));
        assert_eq!(k.zeitraum.von, Some(d("2024-01-10")));
        assert_eq!(k.zeitraum.bis, Some(d("2024-05-01")));
        // The handover RAV → SH: given by the RAV, taken by the social service.
        assert_eq!(
            (
                k.bilanz.rav.abgegeben,
                k.bilanz.rav.aufgenommen,
                k.bilanz.rav.differenz
            ),
            (1, 0, -1)
        );
        assert_eq!(
            (
                k.bilanz.sh.abgegeben,
                k.bilanz.sh.aufgenommen,
                k.bilanz.sh.differenz
            ),
            (0, 1, 1)
        );
        assert_eq!(k.bilanz.iv, Saldo::default());
        // Counted on the day of the handover: not in a period that ends before it.
        let k = bericht(Some("2024-01-01"), Some("2024-01-31"));
        assert_eq!(k.bilanz, Bilanz::default());
    }

    #[test]
    fn zeitraum_zaehlt_nur_ereignisse_darin_und_den_stand_am_ende() {
        // Until February: applied, accepted, handed over, approved; still running.
        let k = bericht(Some("2024-01-01"), Some("2024-02-29"));
        assert_eq!(k.auftraege.anmeldungen, 1);
        assert_eq!(k.wirkungen.abgeschlossen.total, 0);
        assert_eq!(k.offene_faelle.laufend, 1);
        assert_eq!(k.massnahmenkosten_rappen.abgerechnet.total, 0);
        // From March: only the invoice and the closure.
        let k = bericht(Some("2024-03-01"), Some("2024-12-31"));
        assert_eq!(k.auftraege.anmeldungen, 0);
        assert_eq!(k.prozess.angenommen, 0);
        assert_eq!(k.kostengutsprachen.bewilligt.total, 0);
        assert_eq!(k.wirkungen.abgeschlossen.total, 1);
        assert_eq!(k.massnahmenkosten_rappen.abgerechnet.rav, 175_000);
        // Before the application the case does not exist.
        let k = bericht(Some("2023-01-01"), Some("2023-12-31"));
        assert_eq!(k, {
            let mut leer = Zaehler::neu(Some(d("2023-01-01")), Some(d("2023-12-31"))).ergebnis();
            leer.zeitraum = k.zeitraum.clone();
            leer
        });
    }

    #[test]
    fn pauschale_nur_ohne_vorbestehenden_anspruch_und_hoechstens_fuer_die_geplante_dauer() {
        let k = bericht(None, None);
        // Handover 2024-02-01 to closure 2024-05-01: 90 days, about 3 case months at 125 CHF.
        assert_eq!(k.personalkosten.fallmonate.sh, 3.0);
        assert_eq!(k.personalkosten.rappen.sh, 37_000);
        assert_eq!(k.abschlussanlaesse.ziel_erreicht, 1);
        // A person who already received personal social assistance: no flat rate (5.1).
        let mut j = journal();
        if let crate::prozess::Zeile::Ereignis(Ereignis::Antrag(a)) = &mut j[0].ereignis {
            a.bezug = vec![Bezug::Sozialberatung];
        }
        let mut z = Zaehler::neu(None, None);
        z.fall("OPT-2024-001", &j).unwrap();
        assert_eq!(z.ergebnis().personalkosten.rappen.total, 0);
        // Still running a year later: counted for the planned 6 months only.
        let mut j = journal();
        j.pop();
        let mut z = Zaehler::neu(None, Some(d("2025-02-01")));
        z.fall("OPT-2024-001", &j).unwrap();
        assert_eq!(z.ergebnis().personalkosten.fallmonate.sh, 6.0);
    }

    #[test]
    fn teile_vereint_gleich_wie_am_stueck() {
        let mut a = Zaehler::neu(None, None);
        a.fall("OPT-2024-001", &journal()).unwrap();
        let mut b = Zaehler::neu(None, None);
        b.fall("OPT-2024-002", &journal()).unwrap();
        a.vereinen(b);
        let mut c = Zaehler::neu(None, None);
        c.fall("OPT-2024-001", &journal()).unwrap();
        c.fall("OPT-2024-002", &journal()).unwrap();
        assert_eq!(a.ergebnis(), c.ergebnis());
    }

    #[test]
    fn unmoegliches_journal_wird_gemeldet() {
        let mut j = journal();
        j.remove(0);
        let mut z = Zaehler::neu(None, None);
        assert_eq!(z.fall("OPT-2024-001", &j).unwrap_err().0, 1);
    }
}
