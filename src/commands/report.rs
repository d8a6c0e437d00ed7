//! `iiz report`: the Standardreporting Optima as table (the published layout), JSON (the
//! keys of spec §5) or CSV (long format `abschnitt,kennzahl,institution,wert`).

use super::Umgebung;
use crate::ausgabe;
use crate::ausgabe::Format;
use crate::ausgabe::bericht::{self, Zeile, Zeilen};
use crate::ausgabe::dokument::VERDECKT;
use crate::cli::ReportArgs;
use crate::fehler::Fehler;
use crate::prozess::gruppen::{KLEIN, Nach, Regionen, Sichtbarkeit, gruppe, unterdruecken};
use crate::prozess::optima::kennzahlen::{Kennzahlen, MitTotal, NachInstitution, Zaehler};
use crate::prozess::optima::*;
use crate::prozess::{self, Prozess};
use crate::vorgang;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt::Write as _;

pub fn ausfuehren(u: &Umgebung, a: ReportArgs) -> Result<(), Fehler> {
    if let (Some(v), Some(b)) = (a.von, a.bis)
        && v > b
    {
        return Err(Fehler::Nutzung(format!(
            "--von {v} liegt nach --bis {b} – Zeitraum prüfen."
        )));
    }
    if let Some(nach) = a.nach {
        let (gruppen, gesamt) = nach_berechnen::<Zaehler>(u, a.von, a.bis, nach)?;
        return nach_ausgeben::<Zaehler>(u, nach, &gruppen, &gesamt, a.alle_zellen);
    }
    let k = berechnen(u, a.von, a.bis)?;
    match u.format {
        Format::Json => super::json_mit_warnungen(u, &k),
        Format::Csv => csv_ausgeben(&k, &["total", "iv", "rav", "sh"]),
        Format::Table => {
            ausgabe::seite(&tabelle(&k))?;
            Ok(())
        }
    }
}

/// Folds every OPTIMA journal of the register, cases spread over all cores; damaged
/// journals are named on stderr and left out (`iiz pruefen` says why).
pub fn berechnen(
    u: &Umgebung,
    von: Option<NaiveDate>,
    bis: Option<NaiveDate>,
) -> Result<Kennzahlen, Fehler> {
    falten::<Zaehler>(u, von, bis)
}

/// The one fold of a report over every journal of its process (`report`, `rt report`).
pub fn falten<F: Faltung>(
    u: &Umgebung,
    von: Option<NaiveDate>,
    bis: Option<NaiveDate>,
) -> Result<F::K, Fehler> {
    let teile = vorgang::alle::<F::P, _>(
        u,
        "im Reporting",
        || F::neu(von, bis),
        |z, id, e| Ok(z.fall(id, e)?),
    )?;
    let mut gesamt = F::neu(von, bis);
    for t in teile {
        gesamt.vereinen(t);
    }
    Ok(gesamt.ergebnis())
}

fn datum(d: Option<NaiveDate>) -> String {
    d.map_or("–".into(), |d| d.format("%d.%m.%Y").to_string())
}

fn institutionen(z: &mut Zeilen, stufe: usize, n: &NachInstitution) {
    for i in Institution::ALLE {
        z.wert(stufe, format!("• {}", i.bezeichnung()), n.get(i));
    }
}

fn mit_total(z: &mut Zeilen, stufe: usize, text: &str, m: &MitTotal) {
    z.wert(stufe, format!("{text}; davon"), m.total);
    institutionen(z, stufe + 1, &m.nach);
}

/// The published layout of the Standardreporting: Aufträge, Prozess, Anträge und
/// Massnahmen, Wirkungen (the table of the annual report).
pub fn standard_zeilen(k: &Kennzahlen) -> Vec<Zeile> {
    let mut z = Zeilen::default();
    z.abschnitt("Aufträge");
    z.wert(0, "Anzahl Anmeldungen", k.auftraege.anmeldungen);
    z.wert(0, "Auftraggeber, davon", "");
    institutionen(&mut z, 1, &k.auftraege.auftraggeber);
    z.wert(0, "Auftragnehmer, davon", "");
    institutionen(&mut z, 1, &k.auftraege.auftragnehmer);
    z.abschnitt("Prozess");
    z.wert(0, "Angenommene Aufträge", k.prozess.angenommen);
    z.wert(0, "Abgelehnte Aufträge, davon", k.prozess.abgelehnt.total);
    for g in Ablehnungsgrund::ALLE {
        z.wert(
            1,
            format!("• {}", g.bezeichnung()),
            k.prozess.abgelehnt.get(g),
        );
    }
    z.abschnitt("Anträge und Massnahmen");
    let kg = &k.kostengutsprachen;
    mit_total(
        &mut z,
        0,
        "Anzahl Anträge auf Kostengutsprache",
        &kg.beantragt,
    );
    mit_total(
        &mut z,
        0,
        "Anzahl bewilligte Kostengutsprachen",
        &kg.bewilligt,
    );
    mit_total(
        &mut z,
        0,
        "Anzahl abgelehnte Kostengutsprachen",
        &kg.abgelehnt,
    );
    z.abschnitt("Wirkungen");
    mit_total(
        &mut z,
        0,
        "Abgeschlossene Optima-Fälle",
        &k.wirkungen.abgeschlossen,
    );
    z.wert(0, "Abschlussgründe", "");
    for g in Abschlussgrund::ALLE {
        mit_total(
            &mut z,
            1,
            &format!("• {}", g.bezeichnung()),
            k.wirkungen.abschlussgruende.get(g),
        );
    }
    z.0
}

/// The published layout, then the further figures of chapter 6.2.
pub fn tabelle(k: &Kennzahlen) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Standardreporting Optima vom {} bis {}\n",
        datum(k.zeitraum.von),
        datum(k.zeitraum.bis)
    );
    o.push_str(&bericht::text(&standard_zeilen(k)));
    let _ = writeln!(o, "\nWeitere Kennzahlen (Konzept 6.2)");
    let zg: Vec<String> = Zielgruppe::ALLE
        .iter()
        .map(|z| format!("{z} {}", k.zielgruppen.get(Some(*z))))
        .chain([format!("keine {}", k.zielgruppen.keine)])
        .collect();
    let _ = writeln!(o, "  Anmeldungen nach Zielgruppe: {}", zg.join(" · "));
    let of = &k.offene_faelle;
    let _ = writeln!(
        o,
        "  Offene Fälle am {}: {} (beantragt {}, angenommen {}, laufend {})",
        datum(of.stichtag),
        of.total,
        of.beantragt,
        of.angenommen,
        of.laufend
    );
    let chf = |f: &crate::prozess::optima::kennzahlen::Betraege| {
        let c = |r: u64| crate::prozess::optima::Rappen(r).to_string();
        format!(
            "{} (IV {} · RAV/ALV {} · Sozialhilfe {})",
            c(f.total),
            c(f.iv),
            c(f.rav),
            c(f.sh)
        )
    };
    let _ = writeln!(
        o,
        "  Massnahmenkosten bewilligt CHF:  {}",
        chf(&k.massnahmenkosten_rappen.bewilligt)
    );
    let _ = writeln!(
        o,
        "  Massnahmenkosten abgerechnet CHF: {}",
        chf(&k.massnahmenkosten_rappen.abgerechnet)
    );
    let p = &k.personalkosten;
    let _ = writeln!(
        o,
        "  Personalaufwand (Pauschale) CHF: {} (IV {} · RAV/ALV {} · Sozialhilfe {}) für {:.1} Fallmonate",
        p.rappen.total / 100,
        p.rappen.iv / 100,
        p.rappen.rav / 100,
        p.rappen.sh / 100,
        p.fallmonate.total
    );
    let _ = writeln!(
        o,
        "  Begründete Abweichungen: {} bei Annahme, {} bei Abrechnung",
        k.abweichungen.annahme, k.abweichungen.abrechnung
    );
    // Concept 5.1, model C: flat rates are billed when given and taken are far from even.
    let saldo = |i: Institution| {
        let s = k.bilanz.get(i);
        format!(
            "{} {} aufgenommen / {} abgegeben ({:+})",
            i.bezeichnung(),
            s.aufgenommen,
            s.abgegeben,
            s.differenz
        )
    };
    let _ = writeln!(
        o,
        "  Bilanz der Übergaben: {}",
        Institution::ALLE
            .iter()
            .map(|i| saldo(*i))
            .collect::<Vec<_>>()
            .join(" · ")
    );
    let a = &k.abschlussanlaesse;
    let _ = writeln!(
        o,
        "  Abschlussanlässe: Ziel erreicht {} · nicht erreichbar {} · Widerruf {} · KGS verweigert {} · parallele Fallführung {} · keine Einigung {} · andere {} · ohne Angabe {}",
        a.ziel_erreicht,
        a.ziel_nicht_erreichbar,
        a.widerruf,
        a.kgs_verweigert,
        a.parallele_fallfuehrung,
        a.keine_einigung,
        a.andere,
        a.ohne
    );
    let tage = |t: Option<f64>| t.map_or("–".into(), |t| format!("{t} Tage"));
    let _ = writeln!(
        o,
        "  Median Antrag → Entscheid: {} · Übergabe → Abschluss: {}",
        tage(k.median_tage.antrag_bis_entscheid),
        tage(k.median_tage.uebergabe_bis_abschluss)
    );
    o
}

/// Long format, derived from the JSON tree so that both always carry the same figures.
/// CSV long format `abschnitt,kennzahl,institution,wert,datum`: one row per figure; the last key
/// is the institution where it is one of `institutionen`, else the row is a `total`. `wert` is
/// always a number (or empty); a date goes to `datum`, so a script can sum `wert` as it is.
pub fn csv_ausgeben<T: serde::Serialize>(k: &T, institutionen: &[&str]) -> Result<(), Fehler> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fehler = |e: csv::Error| Fehler::Intern(e.to_string());
    w.write_record(["abschnitt", "kennzahl", "institution", "wert", "datum"])
        .map_err(fehler)?;
    for z in csv_zeilen(k, institutionen)? {
        w.write_record(&z).map_err(fehler)?;
    }
    let bytes = w.into_inner().map_err(|e| Fehler::Intern(e.to_string()))?;
    ausgabe::text(&String::from_utf8_lossy(&bytes))
}

/// The long-format rows `abschnitt,kennzahl,institution,wert,datum` of a report.
pub fn csv_zeilen<T: serde::Serialize>(
    k: &T,
    institutionen: &[&str],
) -> Result<Vec<[String; 5]>, Fehler> {
    let wert = serde_json::to_value(k).map_err(|e| Fehler::Intern(e.to_string()))?;
    let mut zeilen = Vec::new();
    blaetter(&wert, &mut Vec::new(), &mut zeilen);
    Ok(zeilen
        .into_iter()
        .map(|(pfad, v)| {
            let (abschnitt, rest) = pfad
                .split_first()
                .map_or(("", &[][..]), |(a, r)| (a.as_str(), r));
            let (kennzahl, institution) = match rest.split_last() {
                Some((last, vorne)) if institutionen.contains(&last.as_str()) => {
                    (vorne.join("."), last.clone())
                }
                _ => (rest.join("."), "total".to_string()),
            };
            let (zahl, datum) = match v {
                Blatt::Zahl(z) => (z, String::new()),
                Blatt::Text(t) => (String::new(), t),
            };
            [abschnitt.to_string(), kennzahl, institution, zahl, datum]
        })
        .collect())
}

pub use super::faltung::Faltung;

impl Faltung for Zaehler {
    type K = Kennzahlen;
    const INSTITUTIONEN: &'static [&'static str] = &["total", "iv", "rav", "sh"];
    fn neu(von: Option<NaiveDate>, bis: Option<NaiveDate>) -> Self {
        Zaehler::neu(von, bis)
    }
    fn vereinen(&mut self, o: Self) {
        Zaehler::vereinen(self, o)
    }
    fn ergebnis(self) -> Kennzahlen {
        Zaehler::ergebnis(self)
    }
    fn anmeldungen(k: &Kennzahlen) -> u64 {
        k.auftraege.anmeldungen
    }
    fn tabelle(k: &Kennzahlen) -> String {
        tabelle(k)
    }
    fn zeilen(k: &Kennzahlen) -> Vec<Zeile> {
        standard_zeilen(k)
    }
}

/// The reports of the groups, and the total.
pub type Gruppiert<K> = (std::collections::BTreeMap<String, K>, K);

/// The report of every group of `nach`, and the exact total.
pub fn nach_berechnen<F: Faltung>(
    u: &Umgebung,
    von: Option<NaiveDate>,
    bis: Option<NaiveDate>,
    nach: Nach,
) -> Result<Gruppiert<F::K>, Fehler> {
    let regionen = Regionen::laden(&u.data_dir);
    // One pass: each case into its group's fold and into the total's.
    // One replay per case, into a counter of its own, which also gives the case as it stood
    // at the end of the period; only a case replayed to its end goes into its group and the
    // total, so that the groups add up to the total.
    let teile = vorgang::alle::<F::P, _>(
        u,
        "im Reporting",
        || (HashMap::<String, F>::new(), F::neu(von, bis)),
        |(m, total), id, e| {
            let mut einzeln = F::neu(von, bis);
            let Some(fall) = prozess::falten(&mut [&mut einzeln], id, e)? else {
                return Ok(());
            };
            total.vereinen(einzeln.clone());
            let g = gruppe(&F::P::akte(fall), nach, &regionen);
            match m.entry(g) {
                std::collections::hash_map::Entry::Occupied(mut z) => z.get_mut().vereinen(einzeln),
                std::collections::hash_map::Entry::Vacant(z) => {
                    z.insert(einzeln);
                }
            }
            Ok(())
        },
    )?;
    let mut gruppen: std::collections::BTreeMap<String, F> = Default::default();
    let mut gesamt = F::neu(von, bis);
    // Offices as the directory names them: every spelling mapped onto an entry counts there.
    let stellen = nach
        .nach_stelle()
        .then(|| vorgang::stellen::lesen_oder_warnen(u));
    for (teil, total) in teile {
        gesamt.vereinen(total);
        for (g, z) in teil {
            let g = match &stellen {
                Some(v) => v.kanonisch(&g),
                None => g,
            };
            gruppen
                .entry(g)
                .or_insert_with(|| F::neu(von, bis))
                .vereinen(z);
        }
    }
    let mut ergebnisse = std::collections::BTreeMap::new();
    for (g, z) in gruppen {
        ergebnisse.insert(g, z.ergebnis());
    }
    Ok((ergebnisse, gesamt.ergebnis()))
}

/// `--nach` output: per group the report (small groups as "< 3", groups covering them as
/// "X" unless `alle_zellen`),
/// then the total. JSON `{"nach", "gruppen": {…}, "gesamt": …}`; CSV long format with the
/// group in front; table one report per group.
pub fn nach_ausgeben<F: Faltung>(
    u: &Umgebung,
    nach: Nach,
    gruppen: &std::collections::BTreeMap<String, F::K>,
    gesamt: &F::K,
    alle_zellen: bool,
) -> Result<(), Fehler> {
    // Small groups hidden, and as many more as keep them from being computed back from the
    // total (complementary suppression, spec §15).
    let werte: Vec<u64> = gruppen.values().map(|k| F::anmeldungen(k)).collect();
    // Offices are institutions, not persons: their counts are exact (spec §15).
    let sichtbar: HashMap<&String, Sichtbarkeit> = if alle_zellen || nach.nach_stelle() {
        HashMap::new()
    } else {
        gruppen.keys().zip(unterdruecken(&werte)).collect()
    };
    let verborgen = |g: &String| {
        sichtbar
            .get(g)
            .copied()
            .filter(|s| *s != Sichtbarkeit::Genau)
    };
    let zeichen = |s: Sichtbarkeit| match s {
        Sichtbarkeit::Verdeckt => VERDECKT.to_string(),
        _ => format!("< {KLEIN}"),
    };
    match u.format {
        Format::Json => {
            let mut m = serde_json::Map::new();
            for (g, k) in gruppen {
                let v = if let Some(s) = verborgen(g) {
                    serde_json::json!({"unterdrueckt": true, "anmeldungen": zeichen(s)})
                } else {
                    serde_json::to_value(k).map_err(|e| Fehler::Intern(e.to_string()))?
                };
                m.insert(g.clone(), v);
            }
            super::json_mit_warnungen(
                u,
                &serde_json::json!({
                    "nach": nach.name(),
                    "gruppen": m,
                    "gesamt": gesamt,
                }),
            )
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let fehler = |e: csv::Error| Fehler::Intern(e.to_string());
            w.write_record([
                "nach",
                "gruppe",
                "abschnitt",
                "kennzahl",
                "institution",
                "wert",
                "datum",
            ])
            .map_err(fehler)?;
            for (g, k) in gruppen {
                if let Some(s) = verborgen(g) {
                    // No figure of a hidden group; the row says it is there.
                    w.write_record([
                        nach.name(),
                        g,
                        "unterdrueckt",
                        if s == Sichtbarkeit::Verdeckt {
                            "verdeckt"
                        } else {
                            "weniger_als_3"
                        },
                        "total",
                        "",
                        "",
                    ])
                    .map_err(fehler)?;
                    continue;
                }
                for z in csv_zeilen(k, F::INSTITUTIONEN)? {
                    w.write_record([nach.name(), g.as_str(), &z[0], &z[1], &z[2], &z[3], &z[4]])
                        .map_err(fehler)?;
                }
            }
            for z in csv_zeilen(gesamt, F::INSTITUTIONEN)? {
                w.write_record([nach.name(), "gesamt", &z[0], &z[1], &z[2], &z[3], &z[4]])
                    .map_err(fehler)?;
            }
            let bytes = w.into_inner().map_err(|e| Fehler::Intern(e.to_string()))?;
            ausgabe::text(&String::from_utf8_lossy(&bytes))
        }
        Format::Table => {
            let mut o = String::new();
            for (g, k) in gruppen {
                let _ = writeln!(o, "══ {} = {g} ══", nach.name());
                if let Some(s) = verborgen(g) {
                    let _ = writeln!(
                        o,
                        "{} – nicht gezeigt, damit niemand erkennbar wird (--alle-zellen zeigt sie, nur intern)\n",
                        if s == Sichtbarkeit::Verdeckt {
                            "verdeckt, sonst liesse sich eine kleine Gruppe aus dem Total errechnen"
                        } else {
                            "weniger als 3 Anmeldungen"
                        }
                    );
                } else {
                    let _ = writeln!(o, "{}", F::tabelle(k));
                }
            }
            let _ = writeln!(o, "══ gesamt ══\n{}", F::tabelle(gesamt));
            ausgabe::seite(&o)
        }
    }
}

/// A leaf of the report tree: figures are numbers; the only strings are dates.
enum Blatt {
    Zahl(String),
    Text(String),
}

fn blaetter(v: &serde_json::Value, pfad: &mut Vec<String>, out: &mut Vec<(Vec<String>, Blatt)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                pfad.push(k.clone());
                blaetter(x, pfad, out);
                pfad.pop();
            }
        }
        serde_json::Value::Null => out.push((pfad.clone(), Blatt::Zahl(String::new()))),
        serde_json::Value::String(s) => out.push((pfad.clone(), Blatt::Text(s.clone()))),
        x => out.push((pfad.clone(), Blatt::Zahl(x.to_string()))),
    }
}

/// OPTIMA's part of the annual report (2.2): the cumulative table since the pilot began on
/// 1 October 2018, the year's table, the charts of the breakdowns.
pub static JAHRESTEIL: super::jahresbericht::Teilart<Zaehler> = super::jahresbericht::Teilart {
    beginn: Some((2018, 10, 1)),
    teil: jahresteil,
    faltung: std::marker::PhantomData,
};

fn jahresteil(
    a: &super::jahresbericht::Abschnitt<Kennzahlen>,
    j: i32,
    alle_zellen: bool,
) -> super::jahresbericht::Teil {
    use super::jahresbericht::{Block, Teil, reihen};
    let erstes = JAHRESTEIL.beginn.map_or(j, |(jahr, _, _)| jahr);
    // As published: the rows with their split by institution as one matrix row.
    let matrix = |titel: String, zeilen| Block::Matrix { titel, zeilen };
    let mut op = vec![
        matrix(
            format!(
                "Optima-Statistik; kumuliert {erstes} – {j} (N = {})",
                a.kumuliert.auftraege.anmeldungen
            ),
            standard_zeilen(&a.kumuliert),
        ),
        matrix(format!("Optima {j}"), standard_zeilen(&a.jahr)),
        Block::Ueberschrift(format!("Optima; kumuliert {erstes} – {j}")),
    ];
    let institution = |c: &str| -> Option<String> {
        Some(
            match c {
                "iv" => "IV",
                "rav" => "RAV/ALV",
                "sh" => "Sozialhilfe",
                _ => return None,
            }
            .to_string(),
        )
    };
    op.extend(reihen(
        &a.nach,
        "Auftraggeber (zuweisende Institution)",
        &institution,
        alle_zellen,
    ));
    Teil {
        titel: "2.2 Optima".into(),
        bloecke: op,
    }
}
