//! Errors as the user sees them, and their exit codes (spec §4).

use crate::speicher::journal::SpeicherFehler;
use thiserror::Error;

/// The exit codes, written once: `iiz exitcodes` (and `iiz help exitcodes`) prints this
/// table, the README carries it word for word (a test compares them), and a test ends a
/// run with each code.
pub const EXIT_CODES: &str = "\
| Exit | Bedeutung |
|---|---|
| 0 | erfolgreich (auch wenn der Leser der Ausgabe vorzeitig aufhört, z. B. `head`) |
| 1 | Datei- oder Systemfehler (Datenträger voll, keine Berechtigung) oder unerwarteter Fehler – nichts halb gespeichert |
| 2 | Aufruf falsch: fehlende Angabe, unbekannte Option, Wert in falscher Form (Datum, Auswahl, Text zu lang); auch „nein“ auf eine Rückfrage (ohne „Fehler:“, nichts gespeichert) |
| 3 | eine Regel lehnt ab, auch eine Angabe, die die Regeln nicht zulassen (AHV-Prüfziffer, Betrag, Datum in der Zukunft) – nichts gespeichert; beim Import: mindestens eine Zeile abgelehnt |
| 4 | nicht gefunden: Fall, Datenverzeichnis oder Register (auch ein Verzeichnis ohne Register) |
| 5 | Journal oder Register beschädigt – `iiz pruefen` zeigt, was und wo |
| 130 | mit Strg-C abgebrochen – nichts gespeichert |
";

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
