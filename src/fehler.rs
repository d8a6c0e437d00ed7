//! Errors as the user sees them, and their exit codes (spec §4).

use crate::journal::SpeicherFehler;
use crate::rules::Regelverletzung;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum Fehler {
    /// Missing or invalid flag or value: exit 2.
    #[error("{0}")]
    Nutzung(String),
    /// A hard rule: exit 3.
    #[error(transparent)]
    Regel(#[from] Regelverletzung),
    /// Rules refused part of a batch: exit 3.
    #[error("{0}")]
    Teilweise(String),
    /// Unknown case: exit 4.
    #[error("{0}")]
    NichtGefunden(String),
    /// Damaged journal: exit 5.
    #[error("{0}")]
    Beschaedigt(String),
    /// Anything else (I/O): exit 1.
    #[error("{0}")]
    Intern(String),
}

impl From<SpeicherFehler> for Fehler {
    fn from(e: SpeicherFehler) -> Fehler {
        match e {
            SpeicherFehler::NichtGefunden(_) | SpeicherFehler::UngueltigeId(_) => {
                Fehler::NichtGefunden(e.to_string())
            }
            SpeicherFehler::Beschaedigt(_) => Fehler::Beschaedigt(e.to_string()),
            SpeicherFehler::Format(_) | SpeicherFehler::Io { .. } => Fehler::Intern(e.to_string()),
        }
    }
}

impl Fehler {
    pub fn exit_code(&self) -> i32 {
        match self {
            Fehler::Intern(_) => 1,
            Fehler::Nutzung(_) => 2,
            Fehler::Regel(_) | Fehler::Teilweise(_) => 3,
            Fehler::NichtGefunden(_) => 4,
            Fehler::Beschaedigt(_) => 5,
        }
    }
}
