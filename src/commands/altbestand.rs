//! `iiz import --altbestand DATEI.csv` (spec §11): cases of earlier years from the old tool
//! (CASEnet), one row per case, without any person data. Every row is checked first; one bad
//! row (named with its line number) and nothing is written. The cases become ordinary
//! journals, written by the user `altbestand` with an empty person, so that they count in
//! every statistic and no person store, retention or erasure concerns them.
//!
//! Re-running the same file (after a kill, or by mistake) writes nothing twice: every line
//! of a case carries the key `altbestand:<hash of the file>:<row>`, and a case found
//! incomplete is completed.

use super::Umgebung;
use crate::ausgabe;
use crate::fehler::Fehler;
use crate::prozess::{self, Geschlecht, Prozess, optima, roundtable};
use chrono::{Datelike, NaiveDate};
use clap::ValueEnum;
use serde::Serialize;

/// The columns of the file, in this order (spec §11).
pub const SPALTEN: [&str; 9] = [
    "angebot",
    "anmeldedatum",
    "anmeldende_stelle",
    "aufnehmende_stelle",
    "geschlecht",
    "geburtsjahr",
    "wohngemeinde",
    "abschlussdatum",
    "abschlussgrund",
];

/// What one row becomes: the events of one case, in order.
#[derive(Debug)]
pub enum Plan {
    Optima(Vec<(NaiveDate, optima::Ereignis)>),
    Roundtable(Vec<(NaiveDate, roundtable::Ereignis)>),
}

fn wert<T: ValueEnum>(spalte: &str, s: &str) -> Result<T, String> {
    T::from_str(s, true).map_err(|_| {
        let erlaubt: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!(
            "{spalte} '{}' gibt es nicht – erlaubt: {}",
            ausgabe::sicher(s),
            erlaubt.join(", ")
        )
    })
}

fn datum(spalte: &str, s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| d.year() >= 1990)
        .ok_or_else(|| {
            format!(
                "{spalte} '{}' ist kein Datum – Form JJJJ-MM-TT, z. B. 2015-03-01",
                ausgabe::sicher(s)
            )
        })
}

/// The case a row's events make, decided by the service's rules for the old tool's cases
/// (`Prozess::altbestand`) – the same decision the write makes again.
fn entscheiden<P: Prozess>(
    ereignisse: &[(NaiveDate, P::Ereignis)],
    heute: NaiveDate,
) -> Result<(), String> {
    prozess::altbestand_entscheiden::<P>("dieser Zeile", ereignisse, heute)
        .map(|_| ())
        .map_err(|f| f.to_string())
}

/// One row checked and turned into its events.
pub fn zeile_planen(z: &csv::StringRecord, heute: NaiveDate) -> Result<Plan, String> {
    let f = |i: usize| z.get(i).unwrap_or("").trim();
    for (i, spalte) in SPALTEN.iter().enumerate() {
        if f(i)
            .chars()
            .any(|c| c.is_control() || ausgabe::unsichtbar(c))
        {
            return Err(format!("{spalte} enthält Steuerzeichen"));
        }
    }
    let anmeldung = datum("anmeldedatum", f(1))?;
    let geschlecht: Option<Geschlecht> = match f(4) {
        "" => None,
        s => Some(wert("geschlecht", s)?),
    };
    let geburtsjahr = match f(5) {
        "" => None,
        s => {
            let j: i32 = s.parse().map_err(|_| {
                format!("geburtsjahr '{}' ist keine Jahreszahl", ausgabe::sicher(s))
            })?;
            Some(j)
        }
    };
    let wohngemeinde = match f(6) {
        "" => None,
        s if s.chars().count() > 60 => {
            return Err("wohngemeinde ist länger als 60 Zeichen".into());
        }
        s => Some(s.to_string()),
    };
    let abschluss = match (f(7), f(8)) {
        ("", "") => None,
        ("", _) => return Err("abschlussgrund ohne abschlussdatum – beide oder keines".into()),
        (_, "") => return Err("abschlussdatum ohne abschlussgrund – beide oder keines".into()),
        (d, g) => Some((datum("abschlussdatum", d)?, g)),
    };
    match f(0) {
        "roundtable" => {
            if !f(3).is_empty() {
                return Err("aufnehmende_stelle bleibt bei Roundtable leer".into());
            }
            let stelle: roundtable::Stelle = wert("anmeldende_stelle", f(2))?;
            let mut e = vec![(
                anmeldung,
                roundtable::Ereignis::Anmeldung(roundtable::Anmeldung {
                    anmeldende_stelle: stelle,
                    anmeldende_stelle_text: None,
                    anmelder: None,
                    person: String::new(),
                    geburtsjahr,
                    geschlecht,
                    wohngemeinde,
                    beteiligte: Vec::new(),
                    beteiligte_text: None,
                    anliegen: String::new(),
                    einverstaendnis: true,
                    kanal: None,
                }),
            )];
            if let Some((d, g)) = abschluss {
                e.push((
                    d,
                    if g == "kein-prozess" {
                        roundtable::Ereignis::KeinProzess(roundtable::KeinProzess {
                            grund: String::new(),
                        })
                    } else {
                        let grund: roundtable::Grund =
                            wert("abschlussgrund", g).map_err(|m| format!("{m}, kein-prozess"))?;
                        roundtable::Ereignis::Abschluss(roundtable::Abschluss {
                            grund,
                            loesung: None,
                            bemerkung: None,
                        })
                    },
                ));
            }
            entscheiden::<roundtable::Roundtable>(&e, heute)?;
            Ok(Plan::Roundtable(e))
        }
        "optima" => {
            let von: optima::Institution = wert("anmeldende_stelle", f(2))?;
            let an: optima::Institution = wert("aufnehmende_stelle", f(3))?;
            let antrag = optima::Antrag {
                von,
                an,
                von_stelle: None,
                an_stelle: None,
                fallfuehrer: None,
                person: String::new(),
                geburtsjahr,
                geschlecht,
                wohngemeinde,
                bezug: Vec::new(),
                arbeitsangebot: optima::Arbeitsangebot::Intakt,
                arbeitsausfall: None,
                iv_offen: false,
                iv_ablehnung: None,
                gesundheitsschaden_iv: false,
                unterstuetzungsbedarf: None,
                aus_roundtable: None,
                fallfuehrung_bestaetigt: false,
                rav_abmeldung: None,
                einverstaendnis: true,
                dauer: 6,
                ziel: String::new(),
                bemerkung: None,
                zielgruppe: None,
                kriterien: Vec::new(),
                hinweise: Vec::new(),
            };
            let mut e = vec![(anmeldung, optima::Ereignis::Antrag(antrag))];
            match abschluss {
                Some((d, "abgelehnt")) => e.push((
                    d,
                    optima::Ereignis::Ablehnung(optima::Ablehnung {
                        grund: optima::Ablehnungsgrund::Sonstige,
                        bemerkung: None,
                    }),
                )),
                Some((d, g)) => {
                    let grund: optima::Abschlussgrund =
                        wert("abschlussgrund", g).map_err(|m| format!("{m}, abgelehnt"))?;
                    e.push((anmeldung, optima::Ereignis::Annahme(Default::default())));
                    e.push((
                        d,
                        optima::Ereignis::Abschluss(optima::Abschluss {
                            grund,
                            anlass: None,
                            bemerkung: None,
                        }),
                    ));
                }
                None => e.push((anmeldung, optima::Ereignis::Annahme(Default::default()))),
            }
            entscheiden::<optima::Optima>(&e, heute)?;
            Ok(Plan::Optima(e))
        }
        s => Err(format!(
            "angebot '{}' gibt es nicht – erlaubt: optima, roundtable",
            ausgabe::sicher(s)
        )),
    }
}

/// Every row checked; the plans, or every error with its line number (line 1 is the header).
pub fn lesen(eingabe: &[u8], heute: NaiveDate) -> Result<Vec<(usize, Plan)>, Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(eingabe);
    let kopf: Vec<String> = match r.headers() {
        Ok(k) => k.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(vec![format!("Zeile 1: Kopfzeile nicht lesbar ({e})")]),
    };
    if kopf != SPALTEN {
        return Err(vec![format!(
            "Zeile 1: die Kopfzeile muss genau lauten: {} (gefunden: {})",
            SPALTEN.join(","),
            ausgabe::sicher(&kopf.join(","))
        )]);
    }
    let mut plaene = Vec::new();
    let mut fehler = Vec::new();
    for z in r.records() {
        let z = match z {
            Ok(z) => z,
            Err(e) => {
                let zeile = e.position().map_or(0, |p| p.line());
                fehler.push(format!("Zeile {zeile}: nicht lesbar ({e})"));
                continue;
            }
        };
        let zeile = z.position().map_or(0, |p| p.line()) as usize;
        if z.iter().all(|s| s.trim().is_empty()) {
            continue;
        }
        if z.len() != SPALTEN.len() {
            fehler.push(format!(
                "Zeile {zeile}: {} Spalten statt {}",
                z.len(),
                SPALTEN.len()
            ));
            continue;
        }
        match zeile_planen(&z, heute) {
            Ok(p) => plaene.push((zeile, p)),
            Err(m) => fehler.push(format!("Zeile {zeile}: {m}")),
        }
    }
    if fehler.is_empty() {
        Ok(plaene)
    } else {
        Err(fehler)
    }
}

#[derive(Serialize)]
struct Ergebnis {
    zeile: usize,
    fall: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    bereits: bool,
}

/// Loads a file known to be good (the demo's), without output.
pub fn einlesen_still(u: &Umgebung, eingabe: &[u8]) -> Result<(), Fehler> {
    let plaene = lesen(eingabe, u.heute)
        .map_err(|f| Fehler::Intern(format!("Altbestand der Beispieldaten: {}", f.join("; "))))?;
    schreiben_alle(u, eingabe, &plaene).map(|_| ())
}

/// Writes every planned case (completing those a killed run left); per row its case.
fn schreiben_alle(
    u: &Umgebung,
    eingabe: &[u8],
    plaene: &[(usize, Plan)],
) -> Result<Vec<Ergebnis>, Fehler> {
    let alt = u.altbestand_beginnen(eingabe)?;
    let mut ergebnisse = Vec::new();
    for (zeile, p) in plaene {
        let (fall, bereits) = match p {
            Plan::Optima(e) => alt.fall::<optima::Optima>(*zeile, e),
            Plan::Roundtable(e) => alt.fall::<roundtable::Roundtable>(*zeile, e),
        }?;
        ergebnisse.push(Ergebnis {
            zeile: *zeile,
            fall,
            bereits,
        });
    }
    alt.abschliessen()?;
    Ok(ergebnisse)
}

/// Reads the file, checks every row, then (unless `pruefen`) writes the cases.
pub fn ausfuehren(u: &Umgebung, eingabe: &[u8], pruefen: bool) -> Result<(), Fehler> {
    let plaene = lesen(eingabe, u.heute).map_err(|f| {
        let n = f.len();
        let mut text = f.into_iter().take(50).collect::<Vec<_>>().join("\n");
        if n > 50 {
            text.push_str(&format!("\n… und {} weitere", n - 50));
        }
        Fehler::Nutzung(format!(
            "{text}\n{n} Zeile(n) fehlerhaft – nichts gespeichert; die Datei korrigieren und erneut einlesen."
        ))
    })?;
    let (mut rt, mut op) = (0, 0);
    for (_, p) in &plaene {
        match p {
            Plan::Optima(_) => op += 1,
            Plan::Roundtable(_) => rt += 1,
        }
    }
    if pruefen {
        if u.format == ausgabe::Format::Json {
            return ausgabe::json(&serde_json::json!({
                "ok": true, "faelle": plaene.len(), "optima": op, "roundtable": rt,
            }));
        }
        return ausgabe::zeile(format!(
            "Probelauf: {} Fälle fehlerfrei (Optima {op}, Roundtable {rt}) – nichts gespeichert.",
            plaene.len()
        ));
    }
    if plaene.is_empty() {
        return ausgabe::zeile("Keine Fälle in der Datei – nichts gespeichert.");
    }
    let ergebnisse = schreiben_alle(u, eingabe, &plaene)?;
    let neu = ergebnisse.iter().filter(|e| !e.bereits).count();
    match u.format {
        ausgabe::Format::Json => ausgabe::json(&serde_json::json!({
            "ok": true, "neu": neu, "bereits": plaene.len() - neu, "faelle": ergebnisse,
        })),
        _ => ausgabe::zeile(format!(
            "Altbestand: {neu} Fälle übernommen (Optima {op}, Roundtable {rt}){}.",
            if neu < plaene.len() {
                format!(", {} waren schon im Register", plaene.len() - neu)
            } else {
                String::new()
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heute() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn datei(zeilen: &[&str]) -> Vec<u8> {
        let mut s = SPALTEN.join(",");
        for z in zeilen {
            s.push('\n');
            s.push_str(z);
        }
        s.into_bytes()
    }

    #[test]
    fn gueltige_zeilen_werden_zu_ereignissen() {
        let p = lesen(
            &datei(&[
                "roundtable,2012-03-01,sh,,w,1970,Emmen,2012-09-30,loesung",
                "roundtable,2013-01-10,andere,,,,,2013-02-01,kein-prozess",
                "roundtable,2014-05-05,iv,,m,1980,Sursee,,",
                "optima,2019-01-15,sh,iv,m,1975,Kriens,2019-08-01,erfolgreich",
                "optima,2019-02-15,rav,sh,,,,2019-03-01,abgelehnt",
                "optima,2020-02-15,sh,sh,d,1990,,,",
            ]),
            heute(),
        )
        .unwrap();
        assert_eq!(p.len(), 6);
        assert_eq!(p[0].0, 2, "line numbers count the header as line 1");
        let Plan::Roundtable(e) = &p[1].1 else {
            panic!()
        };
        assert!(matches!(e[1].1, roundtable::Ereignis::KeinProzess(_)));
        let Plan::Optima(e) = &p[3].1 else { panic!() };
        assert_eq!(e.len(), 3);
        assert!(matches!(e[2].1, optima::Ereignis::Abschluss(_)));
        let Plan::Optima(e) = &p[4].1 else { panic!() };
        assert!(matches!(e[1].1, optima::Ereignis::Ablehnung(_)));
    }

    #[test]
    fn jede_falsche_zeile_mit_nummer() {
        let f = lesen(
            &datei(&[
                "roundtable,2012-03-01,sh,,w,1970,Emmen,2012-09-30,loesung",
                "roundtable,2012-13-01,sh,,w,1970,Emmen,,",
                "roundtable,2012-03-01,xx,,w,1970,Emmen,,",
                "roundtable,2012-03-01,sh,rav,w,1970,Emmen,,",
                "optima,2012-03-01,rav,rav,w,1970,Emmen,,",
                "optima,2012-03-01,rav,sh,w,1970,Emmen,2012-01-01,erfolgreich",
                "optima,2012-03-01,rav,sh,w,1970,Emmen,2013-01-01,",
                "optima,2012-03-01,rav,sh,x,1970,Emmen,,",
                "optima,2012-03-01,rav,sh,w,2010,Emmen,,",
                "optima,2030-03-01,rav,sh,w,1970,Emmen,,",
                "roundtable,2012-03-01,sh,,w,1970,Emmen,2012-09-30,erfolgreich",
                "kurs,2012-03-01,sh,,w,1970,Emmen,,",
                "roundtable,2012-03-01,sh",
            ]),
            heute(),
        )
        .unwrap_err();
        assert_eq!(f.len(), 12, "{f:#?}");
        for (i, m) in f.iter().enumerate() {
            assert!(m.starts_with(&format!("Zeile {}:", i + 3)), "{m}");
        }
        assert!(f[1].contains("erlaubt: iv, rav, sh, andere") || f[1].contains("erlaubt:"));
    }

    #[test]
    fn falsche_kopfzeile() {
        let f = lesen(b"angebot,datum\noptima,2019-01-01", heute()).unwrap_err();
        assert!(f[0].starts_with("Zeile 1: die Kopfzeile muss genau lauten"));
    }
}
