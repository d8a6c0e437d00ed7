//! The OPTIMA vocabulary: institutions, target groups, statuses, reasons, amounts.
//! Names follow the sources (concept chapters 3–5); serialized values are the CLI values.

use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Derives `Display` from the value name clap and serde share, so that a value prints
/// exactly as it is typed.
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

/// The three institution types taking part in OPTIMA.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Institution {
    /// IV-Stelle (WAS IV Luzern)
    Iv,
    /// Regionales Arbeitsvermittlungszentrum (ALV)
    Rav,
    /// Sozialdienst / Sozialberatungszentrum (SoBZ)
    Sh,
}

impl Institution {
    pub const ALLE: [Institution; 3] = [Institution::Iv, Institution::Rav, Institution::Sh];

    /// The label of the published report.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Institution::Iv => "IV",
            Institution::Rav => "RAV/ALV",
            Institution::Sh => "Sozialhilfe",
        }
    }
}

/// The nine target groups of concept chapter 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Zielgruppe {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
    I,
}

impl Zielgruppe {
    pub const ALLE: [Zielgruppe; 9] = [
        Zielgruppe::A,
        Zielgruppe::B,
        Zielgruppe::C,
        Zielgruppe::D,
        Zielgruppe::E,
        Zielgruppe::F,
        Zielgruppe::G,
        Zielgruppe::H,
        Zielgruppe::I,
    ];
}

impl fmt::Display for Zielgruppe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Beantragt,
    Angenommen,
    Laufend,
    Abgeschlossen,
    Abgelehnt,
}

impl Status {
    /// Open cases count for "one open case per person" and for the due items.
    pub fn ist_offen(self) -> bool {
        matches!(
            self,
            Status::Beantragt | Status::Angenommen | Status::Laufend
        )
    }
}

/// What the person receives at application time (form field "Status").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Bezug {
    /// Arbeitslosenentschädigung
    Ale,
    /// wirtschaftliche Sozialhilfe
    Wsh,
    /// persönliche Sozialhilfe / Sozialberatung
    Sozialberatung,
    /// beim RAV angemeldet
    Rav,
    /// laufendes IV-Verfahren
    IvVerfahren,
    /// IV-Eingliederungsmassnahme
    IvEingliederung,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Arbeitsangebot {
    Intakt,
    NichtIntakt,
}

pub use crate::prozess::Geschlecht;

/// Reasons for rejecting an application, as in the published report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Ablehnungsgrund {
    /// IV-Ablehnung liegt weniger als ein Jahr zurück
    IvAblehnung,
    /// kein intaktes Arbeitsangebot
    KeinArbeitsangebot,
    /// keine Kapazität
    KeineKapazitaet,
    /// Zielsetzung nicht realisierbar
    ZielNichtRealisierbar,
    /// sonstiger Grund (Bemerkung nötig)
    Sonstige,
}

impl Ablehnungsgrund {
    pub const ALLE: [Ablehnungsgrund; 5] = [
        Ablehnungsgrund::IvAblehnung,
        Ablehnungsgrund::KeinArbeitsangebot,
        Ablehnungsgrund::KeineKapazitaet,
        Ablehnungsgrund::ZielNichtRealisierbar,
        Ablehnungsgrund::Sonstige,
    ];

    pub fn bezeichnung(self) -> &'static str {
        match self {
            Ablehnungsgrund::IvAblehnung => "IV-Ablehnung < 1 Jahr zurück",
            Ablehnungsgrund::KeinArbeitsangebot => "Kein intaktes Arbeitsangebot",
            Ablehnungsgrund::KeineKapazitaet => "Keine Kapazität",
            Ablehnungsgrund::ZielNichtRealisierbar => "Zielsetzung nicht realisierbar",
            Ablehnungsgrund::Sonstige => "Sonstige",
        }
    }
}

/// Closure outcomes of the published report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Abschlussgrund {
    /// Auftrag erfolgreich umgesetzt
    Erfolgreich,
    /// Auftrag teilweise umgesetzt
    Teilweise,
    /// Auftrag nicht umgesetzt
    NichtUmgesetzt,
    /// Sonstige (auch: keine Einigung beim Übergabegespräch)
    Sonstige,
}

impl Abschlussgrund {
    pub const ALLE: [Abschlussgrund; 4] = [
        Abschlussgrund::Erfolgreich,
        Abschlussgrund::Teilweise,
        Abschlussgrund::NichtUmgesetzt,
        Abschlussgrund::Sonstige,
    ];

    pub fn bezeichnung(self) -> &'static str {
        match self {
            Abschlussgrund::Erfolgreich => "Auftrag erfolgreich umgesetzt",
            Abschlussgrund::Teilweise => "Auftrag teilweise umgesetzt",
            Abschlussgrund::NichtUmgesetzt => "Auftrag nicht umgesetzt",
            Abschlussgrund::Sonstige => "Sonstige",
        }
    }
}

/// What led to the closure (concept 3.2.1, "Fallabschluss OPTIMA").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Anlass {
    /// das Ziel ist erreicht
    ZielErreicht,
    /// das Ziel lässt sich nicht erreichen
    ZielNichtErreichbar,
    /// die zuweisende Stelle widerruft den Auftrag
    Widerruf,
    /// die zuweisende Stelle verweigert Kostengutsprachen
    KgsVerweigert,
    /// die zuweisende Stelle führt den Fall parallel weiter
    ParalleleFallfuehrung,
    /// keine Einigung beim Übergabegespräch
    KeineEinigung,
    /// anderer Anlass
    Andere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum KgsStatus {
    Beantragt,
    Bewilligt,
    Abgelehnt,
    Abgerechnet,
}

wie_getippt!(
    Institution,
    Status,
    Bezug,
    Arbeitsangebot,
    Ablehnungsgrund,
    Abschlussgrund,
    Anlass,
    KgsStatus
);

/// An amount in Rappen (CHF 1 = 100 Rappen); integer so that sums are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Rappen(pub u64);

impl fmt::Display for Rappen {
    /// Swiss notation: `1'234.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let franken = (self.0 / 100).to_string();
        let mut gruppiert = String::new();
        for (i, c) in franken.chars().enumerate() {
            if i > 0 && (franken.len() - i).is_multiple_of(3) {
                gruppiert.push('\'');
            }
            gruppiert.push(c);
        }
        write!(f, "{gruppiert}.{:02}", self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rappen_schweizer_schreibweise() {
        assert_eq!(Rappen(123_456_789).to_string(), "1'234'567.89");
        assert_eq!(Rappen(5).to_string(), "0.05");
        assert_eq!(Rappen(100_000).to_string(), "1'000.00");
    }

    #[test]
    fn werte_wie_getippt() {
        assert_eq!(Ablehnungsgrund::IvAblehnung.to_string(), "iv-ablehnung");
        assert_eq!(Institution::Sh.to_string(), "sh");
        assert_eq!(
            serde_json::to_string(&Abschlussgrund::NichtUmgesetzt).unwrap(),
            "\"nicht-umgesetzt\""
        );
    }
}
