//! `iiz rt report`: the Roundtable statistics in the layout of the annual report 2023,
//! section 2.1 (Eingang, Wirkungen, Leistungen), as table, JSON (keys of spec §9) or CSV
//! (long format `abschnitt,kennzahl,institution,wert`).

use super::super::Umgebung;
use super::super::report::{Faltung, csv_ausgeben, falten, nach_ausgeben, nach_berechnen};
use crate::ausgabe::bericht::{self, Zeile, Zeilen};
use crate::ausgabe::{self, Format};
use crate::cli::ReportArgs;
use crate::fehler::Fehler;
use crate::prozess::roundtable::kennzahlen::{Kennzahlen, Zaehler};
use crate::prozess::roundtable::{Grund, Stelle};
use chrono::NaiveDate;

pub fn ausfuehren(u: &Umgebung, a: ReportArgs) -> Result<(), Fehler> {
    if let (Some(v), Some(b)) = (a.von, a.bis)
        && v > b
    {
        return Err(Fehler::Nutzung(format!(
            "--von {v} liegt nach --bis {b} – Zeitraum prüfen."
        )));
    }
    if let Some(nach) = a.nach {
        if nach == crate::prozess::gruppen::Nach::Auftragnehmer {
            return Err(Fehler::Nutzung(
                "Ein Roundtable hat keinen Auftragnehmer – 'rt report --nach stelle' zählt je anmeldende Stelle.".into(),
            ));
        }
        let (gruppen, gesamt) = nach_berechnen::<Zaehler>(u, a.von, a.bis, nach)?;
        return nach_ausgeben::<Zaehler>(u, nach, &gruppen, &gesamt, a.alle_zellen);
    }
    let k = berechnen(u, a.von, a.bis)?;
    match u.format {
        Format::Json => crate::commands::json_mit_warnungen(u, &k),
        Format::Csv => csv_ausgeben(&k, &["rav", "iv", "sh", "andere"]),
        Format::Table => ausgabe::seite(&tabelle(&k)),
    }
}

/// Folds every Roundtable journal; damaged ones are named on stderr and left out.
pub fn berechnen(
    u: &Umgebung,
    von: Option<NaiveDate>,
    bis: Option<NaiveDate>,
) -> Result<Kennzahlen, Fehler> {
    falten::<Zaehler>(u, von, bis)
}

fn datum(d: Option<NaiveDate>) -> String {
    d.map_or("–".into(), |d| d.format("%d.%m.%Y").to_string())
}

/// The rows of the annual report's table (2023, section 2.1): Eingang, Wirkungen, Leistungen.
pub fn standard_zeilen(k: &Kennzahlen) -> Vec<Zeile> {
    zeilen(k, false)
}

/// The rows; `voll`: every label as the annual report prints it (the terminal table
/// shortens the longest).
fn zeilen(k: &Kennzahlen, voll: bool) -> Vec<Zeile> {
    let mut z = Zeilen::default();
    z.abschnitt("Eingang");
    z.wert(0, "Anmeldungen", k.eingang.anmeldungen);
    z.wert(0, "Kein Prozess gestartet", k.eingang.kein_prozess);
    z.wert(0, "Anmeldende IIZ-Institution", "");
    for s in Stelle::ALLE {
        z.wert(
            1,
            format!("• {}", s.bezeichnung()),
            k.eingang.anmeldende_institution.get(s),
        );
    }
    z.abschnitt("Wirkungen");
    z.wert(0, "Abgeschlossene Prozesse", k.wirkungen.abgeschlossen);
    z.wert(0, "Abschlussgründe", "");
    for g in Grund::ALLE {
        let text = match g {
            Grund::Loesung if !voll => "Erfolgreich einer Lösung zugeführt",
            g => g.bezeichnung(),
        };
        z.wert(1, format!("• {text}"), k.wirkungen.abschlussgruende.get(g));
    }
    z.abschnitt("Leistungen");
    z.wert(
        0,
        "Anzahl begleitete Prozesse",
        k.leistungen.begleitete_prozesse,
    );
    z.wert(
        0,
        "Anzahl Roundtable-Standortgespräche",
        k.leistungen.gespraeche,
    );
    z.0
}

/// The table as the annual report prints it.
pub fn tabelle(k: &Kennzahlen) -> String {
    format!(
        "Roundtable-Statistik vom {} bis {}\n\n{}",
        datum(k.zeitraum.von),
        datum(k.zeitraum.bis),
        bericht::text(&standard_zeilen(k))
    )
}

impl Faltung for Zaehler {
    type K = Kennzahlen;
    const INSTITUTIONEN: &'static [&'static str] = &["rav", "iv", "sh", "andere"];
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
        k.eingang.anmeldungen
    }
    fn tabelle(k: &Kennzahlen) -> String {
        tabelle(k)
    }
    fn zeilen(k: &Kennzahlen) -> Vec<Zeile> {
        standard_zeilen(k)
    }
}

/// Roundtable's part of the annual report (2.1): the year's table, the charts of the
/// breakdowns since the first Roundtable, the cumulative table.
pub static JAHRESTEIL: super::super::jahresbericht::Teilart<Zaehler> =
    super::super::jahresbericht::Teilart {
        beginn: None,
        teil: jahresteil,
        faltung: std::marker::PhantomData,
    };

fn jahresteil(
    a: &super::super::jahresbericht::Abschnitt<Kennzahlen>,
    j: i32,
    alle_zellen: bool,
) -> super::super::jahresbericht::Teil {
    use super::super::jahresbericht::{Block, Teil, erstes_jahr, reihen, tabelle};
    let erstes = erstes_jahr(&a.nach, j);
    let mut jahr = zeilen(&a.jahr, true);
    // "Andere *)" and the footnote naming them, as the published report has it.
    let andere = &a.jahr.eingang.andere_stellen;
    if !andere.is_empty() {
        // The first "Andere" is the registering institution's (a closing reason has one too).
        if let Some(Zeile::Wert { text, .. }) = jahr.iter_mut().find(|z| {
            matches!(z, Zeile::Wert { text, .. } if *text == format!("• {}", Stelle::Andere.bezeichnung()))
        }) {
            text.push_str(" *)");
        }
    }
    let mut rt = vec![tabelle(format!("Roundtable {j}"), jahr)];
    if !andere.is_empty() {
        let mut namen: Vec<&str> = andere.iter().map(String::as_str).take(12).collect();
        if andere.len() > namen.len() {
            namen.push("u. a.");
        }
        rt.push(Block::Fussnote(format!("*) Andere: {}", namen.join(", "))));
    }
    rt.extend([Block::Ueberschrift(format!(
        "Roundtable-Statistik; kumuliert {erstes} – {j} (N = {})",
        a.kumuliert.eingang.anmeldungen
    ))]);
    let institution = |c: &str| -> Option<String> {
        let stelle = match c {
            "iv" => Stelle::Iv,
            "rav" => Stelle::Rav,
            "sh" => Stelle::Sh,
            "andere" => Stelle::Andere,
            _ => return None,
        };
        Some(stelle.bezeichnung().to_string())
    };
    rt.extend(reihen(
        &a.nach,
        "Anmeldende Institutionen",
        &institution,
        alle_zellen,
    ));
    rt.push(tabelle(
        format!("Roundtable kumuliert {erstes} – {j}"),
        zeilen(&a.kumuliert, true),
    ));
    Teil {
        titel: "2.1 Roundtable".into(),
        bloecke: rt,
    }
}
