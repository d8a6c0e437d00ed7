//! `iiz jahresbericht`: the statistics part of the IIZ annual report (spec §11, Jahresbericht
//! 2023 sections 2.1 and 2.2): per service the year's report, the cumulative report and the
//! breakdowns behind the charts. One pass over each service's journals: every case goes into
//! the year's fold, the cumulative fold and its groups, so the groups add up to the
//! cumulative registrations by construction.

use super::Umgebung;
use super::report::Faltung;
use crate::ausgabe::bericht::Zeile;
use crate::ausgabe::jahresbericht::{Block, Dokument, Reihe, Teil, Zelle};
use crate::ausgabe::{self, Format};
use crate::cli::{Format as CliFormat, JahresberichtArgs};
use crate::fehler::Fehler;
use crate::prozess::gruppen::{self, KLEIN, Nach, Regionen};
use crate::prozess::{Prozess, optima, roundtable};
use crate::vorgang;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Optima began as a pilot on 1 October 2018; its cumulative table starts there.
pub const OPTIMA_BEGINN: (i32, u32, u32) = (2018, 10, 1);

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

pub struct Jahresbericht {
    pub jahr: i32,
    pub roundtable: Abschnitt<roundtable::kennzahlen::Kennzahlen>,
    pub optima: Abschnitt<optima::kennzahlen::Kennzahlen>,
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
    let (j, m, t) = OPTIMA_BEGINN;
    Ok(Jahresbericht {
        jahr,
        roundtable: abschnitt::<roundtable::kennzahlen::Zaehler>(u, jahr, None, &regionen)?,
        optima: abschnitt::<optima::kennzahlen::Zaehler>(
            u,
            jahr,
            NaiveDate::from_ymd_opt(j, m, t),
            &regionen,
        )?,
    })
}

/// A group's count as published: "< 3" for a small group of a personal breakdown unless
/// every cell is asked for. Registrations per year are totals, always exact.
fn zelle(merkmal: &str, n: u64, alle_zellen: bool) -> Zelle {
    if !alle_zellen && merkmal != "jahr" && n > 0 && n < KLEIN {
        Zelle::Klein
    } else {
        Zelle::Zahl(n)
    }
}

fn nach_json(
    nach: &BTreeMap<&'static str, Vec<(String, u64)>>,
    alle_zellen: bool,
) -> serde_json::Value {
    let mut aussen = serde_json::Map::new();
    for m in MERKMALE {
        let mut innen = serde_json::Map::new();
        for (g, n) in nach.get(m).into_iter().flatten() {
            innen.insert(
                g.clone(),
                serde_json::to_value(zelle(m, *n, alle_zellen)).unwrap_or_default(),
            );
        }
        aussen.insert(m.to_string(), innen.into());
    }
    aussen.into()
}

/// The JSON of spec §11.
pub fn json(b: &Jahresbericht, alle_zellen: bool) -> serde_json::Value {
    serde_json::json!({
        "jahr": b.jahr,
        "roundtable": {
            "jahr": b.roundtable.jahr,
            "kumuliert": b.roundtable.kumuliert,
            "nach": nach_json(&b.roundtable.nach, alle_zellen),
        },
        "optima": {
            "jahr": b.optima.jahr,
            "kumuliert": b.optima.kumuliert,
            "nach": nach_json(&b.optima.nach, alle_zellen),
        },
    })
}

/// How a group is named in a chart or table.
fn bezeichnung(merkmal: &str, g: &str, optima: bool) -> String {
    let s = match (merkmal, g) {
        ("geschlecht", "w") => "Frauen",
        ("geschlecht", "m") => "Männer",
        ("geschlecht", "d") => "divers",
        ("altersgruppe", "<25") => "unter 25",
        ("altersgruppe", "55+") => "55 und älter",
        ("anmeldende_institution", "iv") if optima => "IV",
        ("anmeldende_institution", "rav") if optima => "RAV/ALV",
        ("anmeldende_institution", "sh") if optima => "Sozialhilfe",
        ("anmeldende_institution", c) => {
            let stelle = match c {
                "iv" => Some(roundtable::Stelle::Iv),
                "rav" => Some(roundtable::Stelle::Rav),
                "sh" => Some(roundtable::Stelle::Sh),
                "andere" => Some(roundtable::Stelle::Andere),
                _ => None,
            };
            return stelle.map_or_else(|| g.to_string(), |s| s.bezeichnung().to_string());
        }
        _ => g,
    };
    s.to_string()
}

fn reihen(
    nach: &BTreeMap<&'static str, Vec<(String, u64)>>,
    optima: bool,
    alle_zellen: bool,
) -> Vec<Block> {
    let titel = |m: &str| match m {
        "jahr" => "Anmeldungen",
        "region" => "Wohnregion",
        "geschlecht" => "Geschlecht",
        "altersgruppe" => "Alter",
        _ => {
            if optima {
                "Auftraggeber (zuweisende Institution)"
            } else {
                "Anmeldende Institutionen"
            }
        }
    };
    MERKMALE
        .iter()
        .map(|m| {
            Block::Reihe(Reihe {
                titel: titel(m).to_string(),
                spalte: if *m == "jahr" { "Jahr" } else { "Gruppe" }.to_string(),
                werte: nach
                    .get(m)
                    .into_iter()
                    .flatten()
                    .map(|(g, n)| (bezeichnung(m, g, optima), zelle(m, *n, alle_zellen)))
                    .collect(),
            })
        })
        .collect()
}

fn erstes_jahr(nach: &BTreeMap<&'static str, Vec<(String, u64)>>, sonst: i32) -> i32 {
    nach.get("jahr")
        .into_iter()
        .flatten()
        .filter_map(|(g, _)| g.parse().ok())
        .min()
        .unwrap_or(sonst)
}

fn tabelle(titel: String, zeilen: Vec<Zeile>) -> Block {
    Block::Tabelle { titel, zeilen }
}

/// The document: 2.1 Roundtable (year, cumulative charts), 2.2 Optima (cumulative table,
/// year, charts), as in the published report.
pub fn dokument(b: &Jahresbericht, alle_zellen: bool) -> Dokument {
    use super::report::standard_zeilen;
    use super::rt::report::standard_zeilen as rt_zeilen;
    let j = b.jahr;
    let rt_erstes = erstes_jahr(&b.roundtable.nach, j);
    let mut rt = vec![tabelle(
        format!("Roundtable {j}"),
        rt_zeilen(&b.roundtable.jahr),
    )];
    rt.push(Block::Ueberschrift(format!(
        "Roundtable-Statistik; kumuliert {rt_erstes} – {j} (N = {})",
        b.roundtable.kumuliert.eingang.anmeldungen
    )));
    rt.extend(reihen(&b.roundtable.nach, false, alle_zellen));
    rt.push(tabelle(
        format!("Roundtable kumuliert {rt_erstes} – {j}"),
        rt_zeilen(&b.roundtable.kumuliert),
    ));
    let op_erstes = OPTIMA_BEGINN.0;
    let mut op = vec![tabelle(
        format!(
            "Optima-Statistik; kumuliert {op_erstes} – {j} (N = {})",
            b.optima.kumuliert.auftraege.anmeldungen
        ),
        standard_zeilen(&b.optima.kumuliert),
    )];
    op.push(tabelle(
        format!("Optima {j}"),
        standard_zeilen(&b.optima.jahr),
    ));
    op.push(Block::Ueberschrift(format!(
        "Optima; kumuliert {op_erstes} – {j}"
    )));
    op.extend(reihen(&b.optima.nach, true, alle_zellen));
    let mut hinweis = String::from(
        "Zahlen aus dem Fallregister iiz; Anmeldungen nach Datum der Anmeldung, stornierte Fälle nicht gezählt.",
    );
    if !alle_zellen {
        hinweis.push_str(&format!(
            " Gruppen mit weniger als {KLEIN} Anmeldungen sind als „< {KLEIN}“ ausgewiesen, damit niemand erkennbar wird; die Totale sind exakt."
        ));
    }
    Dokument {
        titel: format!("IIZ Kanton Luzern – Jahresbericht {j}: Statistik"),
        teile: vec![
            Teil {
                titel: "2.1 Roundtable".into(),
                bloecke: rt,
            },
            Teil {
                titel: "2.2 Optima".into(),
                bloecke: op,
            },
        ],
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
        (CliFormat::Html, _) => ausgabe::jahresbericht::html_seite(&dokument(&b, a.alle_zellen)),
        _ => ausgabe::jahresbericht::markdown(&dokument(&b, a.alle_zellen)),
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
