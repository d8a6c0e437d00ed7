//! Breakdowns (`report --nach`, `rt report --nach`, spec §11): which group a case belongs
//! to, by year of registration, gender, age band, region (Wahlkreis of the municipality),
//! target group or cause of closure. Every case is in exactly one group ("unbekannt" where
//! the datum is missing), so the groups add up to the total.
//!
//! Small cells (spec §12, issue 15): with about ten cases a year, a group of one or two can
//! single out a person in a published table. Groups with fewer than `KLEIN` registrations
//! are therefore shown only as "< 3" unless `--alle-zellen` asks for everything (internal
//! use); totals stay exact.

use super::Fall;
use chrono::Datelike;
use std::collections::HashMap;
use std::path::Path;

/// Smallest group shown by default.
pub const KLEIN: u64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Nach {
    Jahr,
    Geschlecht,
    Altersgruppe,
    Region,
    Zielgruppe,
    Anlass,
}

impl Nach {
    pub fn name(self) -> &'static str {
        match self {
            Nach::Jahr => "jahr",
            Nach::Geschlecht => "geschlecht",
            Nach::Altersgruppe => "altersgruppe",
            Nach::Region => "region",
            Nach::Zielgruppe => "zielgruppe",
            Nach::Anlass => "anlass",
        }
    }
}

/// The municipalities of the Canton of Lucerne by Wahlkreis, shipped with iiz (source and
/// how to replace it: `docs/datenformat.md`, "Regionen").
const WAHLKREISE: &str = include_str!("../../daten/wahlkreise-luzern.csv");

/// Municipality (lower case) → region.
pub struct Regionen(HashMap<String, String>);

impl Regionen {
    fn aus_csv(text: &str) -> Regionen {
        let mut m = HashMap::new();
        for z in text.lines().skip(1) {
            if let Some((g, w)) = z.split_once(',') {
                let g = g.trim().to_lowercase();
                // A region name goes into published tables and terminals: a row with control
                // or invisible characters (a hostile file in the data directory) is ignored.
                let sauber = |t: &str| {
                    !t.chars()
                        .any(|c| c.is_control() || crate::text::unsichtbar(c) || c == '<')
                };
                if !g.is_empty() && !w.trim().is_empty() && sauber(&g) && sauber(w) {
                    m.insert(g, w.trim().to_string());
                }
            }
        }
        Regionen(m)
    }

    /// The shipped table, or `wahlkreise.csv` of the data directory (same columns
    /// `gemeinde,region`) when there is one.
    pub fn laden(datenverzeichnis: &Path) -> Regionen {
        match std::fs::read_to_string(datenverzeichnis.join("wahlkreise.csv")) {
            Ok(t) => Regionen::aus_csv(&t),
            Err(_) => Regionen::aus_csv(WAHLKREISE),
        }
    }

    pub fn von(&self, gemeinde: Option<&str>) -> String {
        gemeinde
            .and_then(|g| self.0.get(&g.trim().to_lowercase()))
            .cloned()
            .unwrap_or_else(|| "unbekannt".into())
    }
}

/// Age band at registration from the birth year.
pub fn altersgruppe(alter: Option<i32>) -> &'static str {
    match alter {
        None => "unbekannt",
        Some(a) if a < 25 => "<25",
        Some(a) if a < 35 => "25-34",
        Some(a) if a < 45 => "35-44",
        Some(a) if a < 55 => "45-54",
        Some(_) => "55+",
    }
}

/// A code as it is written in the journal (`ziel-erreicht`).
pub fn wort(x: impl serde::Serialize) -> String {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| "unbekannt".into())
}

/// The group of a case.
pub fn gruppe(fall: &Fall, nach: Nach, regionen: &Regionen) -> String {
    gruppe_von(&fall.merkmale(), nach, regionen)
}

/// The group of a case by its features (one `merkmale` for several groups).
pub fn gruppe_von(m: &crate::prozess::Merkmale, nach: Nach, regionen: &Regionen) -> String {
    let oder_unbekannt = |x: &Option<String>| x.clone().unwrap_or_else(|| "unbekannt".into());
    match nach {
        Nach::Jahr => m.anmeldedatum.year().to_string(),
        Nach::Geschlecht => oder_unbekannt(&m.geschlecht),
        Nach::Altersgruppe => {
            altersgruppe(m.geburtsjahr.map(|j| m.anmeldedatum.year() - j)).to_string()
        }
        Nach::Region => regionen.von(m.wohngemeinde.as_deref()),
        Nach::Zielgruppe => oder_unbekannt(&m.zielgruppe),
        Nach::Anlass => oder_unbekannt(&m.anlass),
    }
}

/// The day a case was registered (the application or registration event).
pub fn anmeldedatum(fall: &Fall) -> chrono::NaiveDate {
    fall.merkmale().anmeldedatum
}

/// The registering institution as it is written in the journal (`iv`, `rav`, `sh`,
/// `andere`): for OPTIMA the handing institution (Auftraggeber).
pub fn anmeldende_institution(fall: &Fall) -> String {
    fall.merkmale().von
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feindliche_regionen_werden_ignoriert() {
        let r = Regionen::aus_csv(
            "gemeinde,region\nEmmen,\u{1b}[31mRot\nKriens,Luzern\u{202e}Land\nHorw,<b>X</b>\nSursee,Sursee\n",
        );
        assert_eq!(r.von(Some("Emmen")), "unbekannt");
        assert_eq!(r.von(Some("Kriens")), "unbekannt");
        assert_eq!(r.von(Some("Horw")), "unbekannt");
        assert_eq!(r.von(Some("Sursee")), "Sursee");
    }

    #[test]
    fn altersbaender_an_den_grenzen() {
        assert_eq!(altersgruppe(Some(24)), "<25");
        assert_eq!(altersgruppe(Some(25)), "25-34");
        assert_eq!(altersgruppe(Some(34)), "25-34");
        assert_eq!(altersgruppe(Some(35)), "35-44");
        assert_eq!(altersgruppe(Some(54)), "45-54");
        assert_eq!(altersgruppe(Some(55)), "55+");
        assert_eq!(altersgruppe(None), "unbekannt");
    }

    #[test]
    fn regionen_aus_der_tabelle_unbekannt_sonst() {
        let r = Regionen::aus_csv(WAHLKREISE);
        assert_eq!(r.von(Some("Luzern")), "Luzern-Stadt");
        assert_eq!(r.von(Some("emmen")), "Luzern-Land");
        assert_eq!(r.von(Some("Escholzmatt-Marbach")), "Entlebuch");
        assert_eq!(r.von(Some("Sursee")), "Sursee");
        assert_eq!(r.von(Some("Zürich")), "unbekannt");
        assert_eq!(r.von(None), "unbekannt");
        // Every municipality in exactly one of the six Wahlkreise.
        let wahlkreise: std::collections::BTreeSet<&String> = r.0.values().collect();
        assert_eq!(wahlkreise.len(), 6, "{wahlkreise:?}");
    }
}
