//! Errors as the user sees them, and their exit codes (spec §4).

use crate::speicher::journal::SpeicherFehler;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum Fehler {
    /// Missing or invalid flag or value: exit 2.
    #[error("{0}")]
    Nutzung(String),
    /// A hard rule of a process: exit 3. The sentence comes from the process's rules.
    #[error("{0}")]
    Regel(String),
    /// Rules refused part of a batch: exit 3.
    #[error("{0}")]
    Teilweise(String),
    /// Unknown case: exit 4.
    #[error("{0}")]
    NichtGefunden(String),
    /// Damaged journal: exit 5.
    #[error("{0}")]
    Beschaedigt(String),
    /// The person said no at a prompt ("So erfassen?"): nothing written, not an error of
    /// anyone's – said without "Fehler:", exit 2 like a missing answer.
    #[error("{0}")]
    Verneint(String),
    /// Anything else (I/O): exit 1.
    #[error("{0}")]
    Intern(String),
    /// The reader of our output went away (`iiz liste | head -1`): nothing more to say,
    /// exit 0 quietly, as `cat` would.
    #[error("Ausgabe geschlossen")]
    AusgabeGeschlossen,
}

impl From<SpeicherFehler> for Fehler {
    fn from(e: SpeicherFehler) -> Fehler {
        match e {
            SpeicherFehler::NichtGefunden(_) | SpeicherFehler::UngueltigeId(_) => {
                Fehler::NichtGefunden(e.to_string())
            }
            SpeicherFehler::Beschaedigt(_)
            | SpeicherFehler::KeineDatei(..)
            | SpeicherFehler::OhneFormat(_) => Fehler::Beschaedigt(e.to_string()),
            SpeicherFehler::Format(_)
            | SpeicherFehler::Io { .. }
            | SpeicherFehler::Voll(_)
            | SpeicherFehler::Verweigert(_) => Fehler::Intern(e.to_string()),
        }
    }
}

impl Fehler {
    pub fn exit_code(&self) -> i32 {
        match self {
            Fehler::Intern(_) => 1,
            Fehler::Nutzung(_) | Fehler::Verneint(_) => 2,
            Fehler::Regel(_) | Fehler::Teilweise(_) => 3,
            Fehler::NichtGefunden(_) => 4,
            Fehler::Beschaedigt(_) => 5,
            Fehler::AusgabeGeschlossen => 0,
        }
    }
}
