//! The Roundtable vocabulary (annual report 2023, section 2.1; concept 2.3): who registers,
//! who sits at the table, how a process ends.

use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! wie_getippt {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.to_possible_value() {
                    Some(v) => f.write_str(v.get_name()),
                    None => Ok(()),
                }
            }
        }
    )*};
}

/// The registering institution (annual report: "Anmeldende IIZ-Institution").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stelle {
    /// WAS wira RAV
    Rav,
    /// WAS IV Luzern
    Iv,
    /// Sozialhilfe / SoBZ
    Sh,
    /// Andere (Mandatszentrum, Krankentaggeldversicherer, Case Managerin …; mit Text)
    Andere,
}

impl Stelle {
    pub const ALLE: [Stelle; 4] = [Stelle::Rav, Stelle::Iv, Stelle::Sh, Stelle::Andere];

    /// The label of the published statistics.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Stelle::Rav => "WAS wira RAV",
            Stelle::Iv => "WAS IV Luzern",
            Stelle::Sh => "Sozialhilfe / SoBZ",
            Stelle::Andere => "Andere",
        }
    }
}

/// Parties at the table besides the registering institution.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Beteiligte {
    /// IV-Stelle
    Iv,
    /// RAV
    Rav,
    /// Sozialdienst / SoBZ
    Sh,
    /// Berufsberatung
    Berufsberatung,
    /// Integrationsangebot / Fachstelle Integration
    Integration,
    /// Krankentaggeldversicherer
    Ktg,
    /// Andere (mit --beteiligte-text)
    Andere,
}

/// How the registration came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Kanal {
    /// Online-Schalter der Koordinationsstelle
    OnlineSchalter,
    Mail,
    Telefon,
    Andere,
}

/// Closure reasons of the published statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Grund {
    /// Erfolgreich im 1. Arbeitsmarkt integriert
    Arbeitsmarkt,
    /// Erfolgreich einer Lösung zugeführt (Weiterbegleitung in Regelstruktur oder IV-Rente)
    Loesung,
    /// Prozess abgebrochen
    Abbruch,
    /// anderer Grund
    Andere,
}

impl Grund {
    pub const ALLE: [Grund; 4] = [
        Grund::Arbeitsmarkt,
        Grund::Loesung,
        Grund::Abbruch,
        Grund::Andere,
    ];

    pub fn bezeichnung(self) -> &'static str {
        match self {
            Grund::Arbeitsmarkt => "Erfolgreich im 1. Arbeitsmarkt integriert",
            Grund::Loesung => {
                "Erfolgreich einer Lösung zugeführt (Weiterbegleitung in Regelstruktur oder IV-Rente)"
            }
            Grund::Abbruch => "Abgebrochen",
            Grund::Andere => "Andere",
        }
    }
}

/// Which solution a process led to (with `--grund loesung`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Loesung {
    /// Weiterbegleitung in der Regelstruktur
    Regelstruktur,
    /// IV-Rente
    IvRente,
    Andere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// angemeldet, noch kein Gespräch und keine Begleitung
    Angemeldet,
    /// begleitet: mindestens ein Gespräch oder eine Begleitung
    Laufend,
    /// ohne Prozess beendet
    KeinProzess,
    Abgeschlossen,
}

impl Status {
    pub fn ist_offen(self) -> bool {
        matches!(self, Status::Angemeldet | Status::Laufend)
    }
}

wie_getippt!(Stelle, Beteiligte, Kanal, Grund, Loesung, Status);
