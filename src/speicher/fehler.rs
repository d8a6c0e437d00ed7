//! What can go wrong in storage, said in German with what to do; the application layer
//! maps each kind to an exit code (`crate::fehler`).

use std::io;
use std::path::{Path, PathBuf};
use thiserror::Error;

use super::plattform;

#[derive(Debug, Error)]
pub enum SpeicherFehler {
    #[error("Fall {0} gibt es nicht – die Fälle zeigt 'iiz liste'.")]
    NichtGefunden(String),
    #[error(
        "Das Journal von Fall {0} ist beschädigt (unvollständige letzte Zeile) – zuerst 'iiz pruefen --reparieren' ausführen."
    )]
    Beschaedigt(String),
    #[error("'{0}' ist keine Fallnummer (Form OPT-2024-007) – die Fälle zeigt 'iiz liste'.")]
    UngueltigeId(String),
    #[error(
        "Im Register liegt unter {0} keine gewöhnliche Datei ({1}) – 'iiz pruefen' zeigt es; die Datei aus der Datensicherung zurückholen oder entfernen."
    )]
    KeineDatei(String, &'static str),
    #[error(
        "In {0} liegen Fälle, aber die Formatdatei iiz-format.json fehlt – das Register ist unvollständig (z. B. unvollständig zurückgespielt); die Datensicherung vollständig zurückspielen."
    )]
    OhneFormat(String),
    #[error("{0}")]
    Format(String),
    #[error("Dateifehler bei {pfad}: {}", io_deutsch(quelle))]
    Io { pfad: PathBuf, quelle: io::Error },
    #[error(
        "Kein Platz mehr auf dem Datenträger ({0}) – Platz schaffen und den Befehl wiederholen; was halb geschrieben ist, bereinigt der nächste Schreibvorgang oder 'iiz pruefen --reparieren'."
    )]
    Voll(PathBuf),
    #[error(
        "Keine Berechtigung für {0} – das Register gehört einem anderen Konto oder einer Gruppe, in der dieses Konto nicht ist (docs/anleitung.md, 'Im Team')."
    )]
    Verweigert(PathBuf),
}

pub type Ergebnis<T> = Result<T, SpeicherFehler>;

pub fn io_fehler(pfad: &Path) -> impl FnOnce(io::Error) -> SpeicherFehler + '_ {
    move |quelle| {
        // ENOSPC, EDQUOT: said in words, with what to do.
        if matches!(quelle.raw_os_error(), Some(28 | 122)) {
            return SpeicherFehler::Voll(pfad.to_path_buf());
        }
        if quelle.kind() == io::ErrorKind::PermissionDenied {
            return SpeicherFehler::Verweigert(pfad.to_path_buf());
        }
        SpeicherFehler::Io {
            pfad: pfad.to_path_buf(),
            quelle,
        }
    }
}

/// The name a file is known by, for messages (never the whole path: it may name a person's
/// directory on a shared drive).
pub(crate) fn anzeige(pfad: &Path) -> String {
    pfad.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// An `open` that met a link, a directory or a FIFO (see `plattform::keine_datei`): said as
/// what it is.
pub(crate) fn oeffnen_fehler(pfad: &Path, e: io::Error) -> SpeicherFehler {
    match plattform::keine_datei(&e) {
        Some(was) => SpeicherFehler::KeineDatei(anzeige(pfad), was),
        None => io_fehler(pfad)(e),
    }
}

/// An I/O error in German, without the operating system's English text and number.
pub fn io_deutsch(e: &io::Error) -> String {
    use io::ErrorKind::*;
    match e.kind() {
        NotFound => "nicht gefunden".into(),
        PermissionDenied => "keine Berechtigung".into(),
        AlreadyExists => "existiert schon".into(),
        IsADirectory => "ist ein Verzeichnis".into(),
        NotADirectory => "ein Teil des Pfads ist kein Verzeichnis".into(),
        StorageFull => "kein Platz mehr auf dem Datenträger".into(),
        ReadOnlyFilesystem => "Datenträger nur lesbar".into(),
        InvalidData => "kein gültiger Text (UTF-8)".into(),
        Interrupted => "unterbrochen".into(),
        WouldBlock => "nicht bereit (FIFO oder Gerät?)".into(),
        _ => format!(
            "Systemfehler {}",
            e.raw_os_error()
                .map_or_else(|| e.kind().to_string(), |n| n.to_string())
        ),
    }
}
