//! `iiz jahresbericht`: the statistics part of the IIZ annual report (spec §11, Jahresbericht
//! 2023 sections 2.1 and 2.2): per service the year's report, the cumulative report and the
//! breakdowns behind the charts. One pass over each service's journals: every case goes into
//! the year's fold, the cumulative fold and its groups, so the groups add up to the
//! cumulative registrations by construction.

use super::Umgebung;
use super::faltung::Faltung;
use crate::ausgabe::bericht::Zeile;
use crate::ausgabe::dokument::VERDECKT;
pub(crate) use crate::ausgabe::jahresbericht::{Block, Teil};
use crate::ausgabe::jahresbericht::{Dokument, Reihe, Zelle};
use crate::ausgabe::{self, Format};
use crate::cli::{Format as CliFormat, JahresberichtArgs};
use crate::fehler::Fehler;
use crate::prozess::Prozess;
use crate::prozess::gruppen::{self, KLEIN, Nach, Regionen};
use crate::vorgang;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The breakdowns behind the charts, in the order of the published report.
pub const MERKMALE: [&str; 5] = [
    "jahr",
    "region",
    "geschlecht",
    "altersgruppe",
    "anmeldende_institution",
];

/// One service's part: the year's report, the cumulative one, and per breakdown each group's
/// count of registrations (cumulative).
#[derive(Serialize)]
pub struct Abschnitt<K> {
    pub jahr: K,
    pub kumuliert: K,
    pub nach: BTreeMap<&'static str, Vec<(String, u64)>>,
}

/// One service's part of the annual report, registered in [`super::JAHRESTEILE`] (a new
/// service adds its part there and in its own folder; this file knows no service): where
/// its cumulative count begins, and how its figures read in the document.
pub trait Jahresteil: Sync {
    /// The service's name, the key of its part in the JSON (`Prozess::NAME`).
    fn name(&self) -> &'static str;
    /// Folds the service's journals for `jahr`.
    fn berechnen(
        &self,
        u: &Umgebung,
        jahr: i32,
        regionen: &Regionen,
    ) -> Result<Box<dyn Berechnet>, Fehler>;
}

/// A service's part, computed: as JSON (spec §11) and as a part of the document.
pub trait Berechnet {
    fn json(&self, alle_zellen: bool) -> serde_json::Value;
    fn teil(&self, jahr: i32, alle_zellen: bool) -> Teil;
}

/// The part of a service whose fold is `F`: the cumulative count from `beginn` (the whole
/// register when `None`), the document part from `teil`.
pub struct Teilart<F: Faltung> {
    pub beginn: Option<(i32, u32, u32)>,
    pub teil: fn(&Abschnitt<F::K>, i32, bool) -> Teil,
    pub faltung: std::marker::PhantomData<fn() -> F>,
}

struct Fertig<K> {
    abschnitt: Abschnitt<K>,
    teil: fn(&Abschnitt<K>, i32, bool) -> Teil,
}

impl<K: Serialize> Berechnet for Fertig<K> {
    fn json(&self, alle_zellen: bool) -> serde_json::Value {
        serde_json::json!({
            "jahr": self.abschnitt.jahr,
            "kumuliert": self.abschnitt.kumuliert,
            "nach": nach_json(&self.abschnitt.nach, alle_zellen),
        })
    }

    fn teil(&self, jahr: i32, alle_zellen: bool) -> Teil {
        (self.teil)(&self.abschnitt, jahr, alle_zellen)
    }
}

impl<F: Faltung + 'static> Jahresteil for Teilart<F>
where
    F::K: 'static,
{
    fn name(&self) -> &'static str {
        <F::P as Prozess>::NAME
    }

    fn berechnen(
        &self,
        u: &Umgebung,
        jahr: i32,
        regionen: &Regionen,
    ) -> Result<Box<dyn Berechnet>, Fehler> {
        let beginn = self
            .beginn
            .and_then(|(j, m, t)| NaiveDate::from_ymd_opt(j, m, t));
        Ok(Box::new(Fertig {
            abschnitt: abschnitt::<F>(u, jahr, beginn, regionen)?,
            teil: self.teil,
        }))
    }
}

/// The statistics part of the annual report: every registered service's part, in the
/// order of the published report.
pub struct Jahresbericht {
    pub jahr: i32,
    pub teile: Vec<(&'static str, Box<dyn Berechnet>)>,
}

/// The fold of one service: year, cumulative, groups.
struct Sammler<F> {
    jahr: F,
    kumuliert: F,
    nach: HashMap<(&'static str, String), u64>,
}

fn abschnitt<F: Faltung>(
    u: &Umgebung,
    jahr: i32,
    beginn: Option<NaiveDate>,
    regionen: &Regionen,
) -> Result<Abschnitt<F::K>, Fehler> {
    let von = NaiveDate::from_ymd_opt(jahr, 1, 1);
    let bis = NaiveDate::from_ymd_opt(jahr, 12, 31);
    let neu = || Sammler {
        jahr: F::neu(von, bis),
        kumuliert: F::neu(beginn, bis),
        nach: HashMap::new(),
    };
    let teile = vorgang::alle::<F::P, _>(u, "im Jahresbericht", neu, |s, id, e| {
        // One replay feeds the year's and the cumulative fold (both end with the year) and
        // gives the case as of the year's end for its groups.
        let Some(fall) =
            crate::prozess::falten(&mut [&mut s.jahr, &mut s.kumuliert], id, e)?.map(F::P::akte)
        else {
            return Ok(());
        };
        // Counted where the cumulative report counts the registration.
        let merkmale = fall.merkmale();
        let d = merkmale.anmeldedatum;
        if beginn.is_none_or(|b| d >= b) {
            for m in MERKMALE {
                let nach = |n| gruppen::gruppe_von(&merkmale, n, regionen);
                let g = match m {
                    "jahr" => nach(Nach::Jahr),
                    "region" => nach(Nach::Region),
                    "geschlecht" => nach(Nach::Geschlecht),
                    "altersgruppe" => nach(Nach::Altersgruppe),
                    _ => merkmale.von.clone(),
                };
                *s.nach.entry((m, g)).or_default() += 1;
            }
        }
        Ok(())
    })?;
    let mut gesamt = neu();
    for t in teile {
        gesamt.jahr.vereinen(t.jahr);
        gesamt.kumuliert.vereinen(t.kumuliert);
        for (k, n) in t.nach {
            *gesamt.nach.entry(k).or_default() += n;
        }
    }
    let mut nach: BTreeMap<&'static str, Vec<(String, u64)>> = BTreeMap::new();
    for ((m, g), n) in gesamt.nach {
        nach.entry(m).or_default().push((g, n));
    }
    for m in MERKMALE {
        let gruppen = nach.entry(m).or_default();
        ordnen(m, gruppen, jahr);
    }
    Ok(Abschnitt {
        jahr: gesamt.jahr.ergebnis(),
        kumuliert: gesamt.kumuliert.ergebnis(),
        nach,
    })
}

/// The order of the published charts: years ascending without gaps, age bands youngest
/// first, codes in their fixed order, "unbekannt" last.
fn ordnen(merkmal: &str, gruppen: &mut Vec<(String, u64)>, bis_jahr: i32) {
    if merkmal == "jahr" {
        let jahre: Vec<i32> = gruppen.iter().filter_map(|(g, _)| g.parse().ok()).collect();
        if let Some(erstes) = jahre.iter().min() {
            for j in *erstes..=bis_jahr {
                if !gruppen.iter().any(|(g, _)| *g == j.to_string()) {
                    gruppen.push((j.to_string(), 0));
                }
            }
        }
    }
    let fest: &[&str] = match merkmal {
        "altersgruppe" => &["<25", "25-34", "35-44", "45-54", "55+"],
        "geschlecht" => &["w", "m", "d"],
        "anmeldende_institution" => &["iv", "rav", "sh", "andere"],
        _ => &[],
    };
    gruppen.sort_by_key(|(g, _)| {
        let rang = fest.iter().position(|f| f == g).unwrap_or(fest.len());
        (g == "unbekannt", rang, g.clone())
    });
}

pub fn berechnen(u: &Umgebung, jahr: i32) -> Result<Jahresbericht, Fehler> {
    let regionen = Regionen::laden(&u.data_dir);
    let mut teile = Vec::new();
    for t in super::JAHRESTEILE {
        teile.push((t.name(), t.berechnen(u, jahr, &regionen)?));
    }
    Ok(Jahresbericht { jahr, teile })
}

/// A breakdown's counts as published: the personal breakdowns (gender, age band, region)
/// with small groups and the groups covering them hidden unless every cell is asked for;
/// registrations per year and per registering institution exact, as the published report
/// prints them (spec §15).
fn zellen(merkmal: &str, gruppen: &[(String, u64)], alle_zellen: bool) -> Vec<Zelle> {
    let persoenlich = matches!(merkmal, "geschlecht" | "altersgruppe" | "region");
    let werte: Vec<u64> = gruppen.iter().map(|(_, n)| *n).collect();
    Zelle::reihe(&werte, persoenlich && !alle_zellen)
}

fn nach_json(
    nach: &BTreeMap<&'static str, Vec<(String, u64)>>,
    alle_zellen: bool,
) -> serde_json::Value {
    let mut aussen = serde_json::Map::new();
    for m in MERKMALE {
        let mut innen = serde_json::Map::new();
        let gruppen = nach.get(m).map(Vec::as_slice).unwrap_or_default();
        for ((g, _), z) in gruppen.iter().zip(zellen(m, gruppen, alle_zellen)) {
            innen.insert(g.clone(), serde_json::to_value(z).unwrap_or_default());
        }
        aussen.insert(m.to_string(), innen.into());
    }
    aussen.into()
}

/// The JSON of spec §11: the year, then each service's part under its name.
pub fn json(b: &Jahresbericht, alle_zellen: bool) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("jahr".into(), b.jahr.into());
    for (name, t) in &b.teile {
        m.insert((*name).into(), t.json(alle_zellen));
    }
    m.into()
}

/// How a group is named in a chart or table; a registering institution as the service
/// names it (`institution`).
fn bezeichnung(merkmal: &str, g: &str, institution: &dyn Fn(&str) -> Option<String>) -> String {
    let s = match (merkmal, g) {
        ("geschlecht", "w") => "Frauen",
        ("geschlecht", "m") => "Männer",
        ("geschlecht", "d") => "divers",
        ("altersgruppe", "<25") => "unter 25",
        ("altersgruppe", "55+") => "55 und älter",
        ("anmeldende_institution", c) => {
            return institution(c).unwrap_or_else(|| g.to_string());
        }
        _ => g,
    };
    s.to_string()
}

/// The charts of a service's breakdowns; `wer` titles the chart of the registering
/// institutions, `institution` names them.
pub(crate) fn reihen(
    nach: &BTreeMap<&'static str, Vec<(String, u64)>>,
    wer: &str,
    institution: &dyn Fn(&str) -> Option<String>,
    alle_zellen: bool,
) -> Vec<Block> {
    let titel = |m: &str| match m {
        "jahr" => "Anmeldungen",
        "region" => "Wohnregion",
        "geschlecht" => "Geschlecht",
        "altersgruppe" => "Alter",
        _ => wer,
    };
    MERKMALE
        .iter()
        .map(|m| {
            let gruppen = nach.get(m).map(Vec::as_slice).unwrap_or_default();
            Block::Reihe(Reihe {
                titel: titel(m).to_string(),
                spalte: if *m == "jahr" { "Jahr" } else { "Gruppe" }.to_string(),
                werte: gruppen
                    .iter()
                    .zip(zellen(m, gruppen, alle_zellen))
                    .map(|((g, _), z)| (bezeichnung(m, g, institution), z))
                    .collect(),
            })
        })
        .collect()
}

pub(crate) fn erstes_jahr(nach: &BTreeMap<&'static str, Vec<(String, u64)>>, sonst: i32) -> i32 {
    nach.get("jahr")
        .into_iter()
        .flatten()
        .filter_map(|(g, _)| g.parse().ok())
        .min()
        .unwrap_or(sonst)
}

pub(crate) fn tabelle(titel: String, zeilen: Vec<Zeile>) -> Block {
    Block::Tabelle { titel, zeilen }
}

/// The document: each service's part in the order of the published report (2.1
/// Roundtable, 2.2 Optima).
pub fn dokument(b: &Jahresbericht, alle_zellen: bool) -> Dokument {
    let j = b.jahr;
    let mut hinweis = String::from(
        "Zahlen aus dem Fallregister iiz; Anmeldungen nach Datum der Anmeldung, stornierte Fälle nicht gezählt.",
    );
    if !alle_zellen {
        hinweis.push_str(&format!(
            " Bei Geschlecht, Alter und Wohnregion sind Gruppen mit weniger als {KLEIN} Anmeldungen als „< {KLEIN}“ ausgewiesen und, wo sie sonst aus dem Total errechnet werden könnten, weitere als „{VERDECKT}“ verdeckt, damit niemand erkennbar wird; Totale und Institutionen sind exakt."
        ));
    }
    Dokument {
        titel: format!("2. IIZ-Kennzahlen {j}"),
        jahr: j,
        teile: b
            .teile
            .iter()
            .map(|(_, t)| t.teil(j, alle_zellen))
            .collect(),
        hinweis,
    }
}

pub fn ausfuehren(u: &Umgebung, a: JahresberichtArgs, format: CliFormat) -> Result<(), Fehler> {
    let jahr = a.jahr.unwrap_or(u.heute.year() - 1);
    if let Some(pfad) = &a.ausgabe {
        super::ausserhalb_des_registers(u, pfad, "Der Jahresbericht")?;
    }
    let b = berechnen(u, jahr)?;
    let text = match (format, u.format) {
        (_, Format::Json) => {
            if a.ausgabe.is_none() {
                return super::json_mit_warnungen(u, &json(&b, a.alle_zellen));
            }
            serde_json::to_string_pretty(&json(&b, a.alle_zellen))
                .map_err(|e| Fehler::Intern(e.to_string()))?
                + "\n"
        }
        (CliFormat::Html, _) => ausgabe::jahresbericht::html_seite(
            dokument(&b, a.alle_zellen),
            vorgang::briefkopf(u)?.as_deref(),
        ),
        // A person at a terminal reads tables, not Markdown source; a file or pipe gets
        // the Markdown.
        _ if a.ausgabe.is_none() && ausgabe::am_terminal() => {
            ausgabe::jahresbericht::terminal(dokument(&b, a.alle_zellen))
        }
        _ => ausgabe::jahresbericht::markdown(dokument(&b, a.alle_zellen)),
    };
    match &a.ausgabe {
        Some(pfad) => {
            crate::ausgabe::datei::schreiben(pfad, text.as_bytes())?;
            ausgabe::meldung(format_args!(
                "Jahresbericht {jahr} geschrieben: {}",
                pfad.display()
            ));
            Ok(())
        }
        // Long Markdown at a terminal goes through the pager, like the reports.
        None if format == CliFormat::Html => ausgabe::text(&text),
        None => ausgabe::seite(&text),
    }
}
