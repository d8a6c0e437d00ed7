//! `iiz rt report`: the Roundtable statistics in the layout of the annual report 2023,
//! section 2.1 (Eingang, Wirkungen, Leistungen), as table, JSON (keys of spec §9) or CSV
//! (long format `abschnitt,kennzahl,institution,wert`).

use super::super::Umgebung;
use super::super::report::{Faltung, csv_ausgeben, falten, nach_ausgeben, nach_berechnen, zeile};
use crate::ausgabe::{self, Format};
use crate::cli::ReportArgs;
use crate::fehler::Fehler;
use crate::prozess::Strukturfehler;
use crate::prozess::roundtable::kennzahlen::{Kennzahlen, Zaehler};
use crate::prozess::roundtable::{Ereignis, Grund, Roundtable, Stelle};
use crate::speicher::journal::Eintrag;
use crate::vorgang;
use chrono::NaiveDate;
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
        Format::Json => vorgang::json_mit_warnungen(&k),
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

/// The table as the annual report prints it.
pub fn tabelle(k: &Kennzahlen) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Roundtable-Statistik vom {} bis {}\n",
        datum(k.zeitraum.von),
        datum(k.zeitraum.bis)
    );
    let _ = writeln!(out, "Eingang");
    zeile(&mut out, 2, "Anmeldungen", k.eingang.anmeldungen);
    zeile(
        &mut out,
        2,
        "Kein Prozess gestartet",
        k.eingang.kein_prozess,
    );
    zeile(&mut out, 2, "Anmeldende IIZ-Institution", "");
    for s in Stelle::ALLE {
        zeile(
            &mut out,
            4,
            &format!("• {}", s.bezeichnung()),
            k.eingang.anmeldende_institution.get(s),
        );
    }
    let _ = writeln!(out, "\nWirkungen");
    zeile(
        &mut out,
        2,
        "Abgeschlossene Prozesse",
        k.wirkungen.abgeschlossen,
    );
    zeile(&mut out, 2, "Abschlussgründe", "");
    for g in Grund::ALLE {
        let text = match g {
            Grund::Loesung => "Erfolgreich einer Lösung zugeführt",
            g => g.bezeichnung(),
        };
        zeile(
            &mut out,
            4,
            &format!("• {text}"),
            k.wirkungen.abschlussgruende.get(g),
        );
    }
    let _ = writeln!(out, "\nLeistungen");
    zeile(
        &mut out,
        2,
        "Anzahl begleitete Prozesse",
        k.leistungen.begleitete_prozesse,
    );
    zeile(
        &mut out,
        2,
        "Anzahl Roundtable-Standortgespräche",
        k.leistungen.gespraeche,
    );
    out
}

impl Faltung for Zaehler {
    type P = Roundtable;
    type K = Kennzahlen;
    const INSTITUTIONEN: &'static [&'static str] = &["rav", "iv", "sh", "andere"];
    fn neu(von: Option<NaiveDate>, bis: Option<NaiveDate>) -> Self {
        Zaehler::neu(von, bis)
    }
    fn fall(&mut self, id: &str, e: &[Eintrag<Ereignis>]) -> Result<(), (usize, Strukturfehler)> {
        Zaehler::fall(self, id, e)
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
}
