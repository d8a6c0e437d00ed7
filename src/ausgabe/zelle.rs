//! A published count and how small groups are hidden in it (spec §12, §15); used by the
//! document model and the charts.

use serde::{Serialize, Serializer};

/// A published count: exact, a small group shown as "< 3", or a group hidden so that the
/// small ones cannot be computed back from the total ("X", as the Federal Statistical
/// Office marks a figure withheld for data protection).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zelle {
    Zahl(u64),
    Klein,
    Verdeckt,
}

/// The mark of a hidden covering group.
pub const VERDECKT: &str = "X";

impl Zelle {
    pub fn text(self) -> String {
        match self {
            Zelle::Zahl(n) => n.to_string(),
            Zelle::Klein => format!("< {}", crate::prozess::gruppen::KLEIN),
            Zelle::Verdeckt => VERDECKT.to_string(),
        }
    }

    /// The count when it is shown.
    pub fn zahl(self) -> Option<u64> {
        match self {
            Zelle::Zahl(n) => Some(n),
            _ => None,
        }
    }

    /// The cells of one breakdown as published: exact, or with small groups and the groups
    /// covering them hidden ([`crate::prozess::gruppen::unterdruecken`]).
    pub fn reihe(werte: &[u64], schuetzen: bool) -> Vec<Zelle> {
        use crate::prozess::gruppen::{Sichtbarkeit, unterdruecken};
        if !schuetzen {
            return werte.iter().map(|n| Zelle::Zahl(*n)).collect();
        }
        unterdruecken(werte)
            .into_iter()
            .zip(werte)
            .map(|(s, n)| match s {
                Sichtbarkeit::Genau => Zelle::Zahl(*n),
                Sichtbarkeit::Klein => Zelle::Klein,
                Sichtbarkeit::Verdeckt => Zelle::Verdeckt,
            })
            .collect()
    }
}

impl Serialize for Zelle {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Zelle::Zahl(n) => s.serialize_u64(*n),
            _ => s.serialize_str(&self.text()),
        }
    }
}
