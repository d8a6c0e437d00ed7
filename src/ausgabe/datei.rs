//! Files the register hands out (reports, documents, exports): written whole or not at
//! all, synced, and only ever in place of a regular file – a device, a FIFO or a link at
//! the target is refused, never replaced (`--ausgabe /dev/null` as root would otherwise
//! swap the device for a regular file).

use std::path::{Path, PathBuf};

use crate::fehler::Fehler;
use crate::speicher::{absturz, datei, fehler::SpeicherFehler, fehler::io_fehler};

/// Refuses a target that exists and is not a regular file (checked without following a
/// link).
pub(crate) fn ziel_pruefen(pfad: &Path) -> Result<(), Fehler> {
    match std::fs::symlink_metadata(pfad) {
        Ok(m) if !m.file_type().is_file() => Err(Fehler::Nutzung(format!(
            "{} ist keine gewöhnliche Datei (Verzeichnis, Link oder Gerät) – einen anderen Dateinamen angeben.",
            crate::ausgabe::sicher(&pfad.display().to_string())
        ))),
        _ => Ok(()),
    }
}

/// Writes a report or document file (temp file beside it, synced, renamed into place); a
/// path that cannot be written is the user's to correct (exit 2), said with the reason.
pub fn schreiben(pfad: &Path, inhalt: &[u8]) -> Result<(), Fehler> {
    ziel_pruefen(pfad)?;
    datei::atomar_schreiben(pfad, inhalt, true).map_err(|e| match e {
        SpeicherFehler::Io { pfad, quelle } => Fehler::Nutzung(format!(
            "{} kann nicht geschrieben werden ({quelle}) – Pfad prüfen.",
            crate::ausgabe::sicher(&pfad.display().to_string())
        )),
        e => e.into(),
    })
}

/// A new file, written and synced (full disk and the like said in German).
fn beiseite_schreiben(pfad: &Path, inhalt: &[u8]) -> Result<(), Fehler> {
    use std::io::Write as _;
    let fehler = |e: std::io::Error| -> Fehler { io_fehler(pfad)(e).into() };
    absturz::schreiben().map_err(fehler)?;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    let mut f = crate::speicher::plattform::mit_modus(&mut o, datei::ausgabe_modus())
        .open(pfad)
        .map_err(fehler)?;
    datei::ausgabe_schuetzen(&f, pfad)?;
    absturz::schreiben().map_err(fehler)?;
    f.write_all(inhalt).map_err(fehler)?;
    f.sync_all().map_err(fehler)
}

/// Several files in `dir`, all or none: each is written aside and synced, and only then
/// are all renamed into place (an export's two files share keys that join only within the
/// same export). The files are private (0600, 0640 in team mode: `speicher::datei`).
pub fn alle_oder_keine(dir: &Path, dateien: &[(String, &[u8])]) -> Result<(), Fehler> {
    for (name, _) in dateien {
        ziel_pruefen(&dir.join(name))?;
    }
    let mut bereit: Vec<(PathBuf, PathBuf)> = Vec::new();
    let aufraeumen = |bereit: &[(PathBuf, PathBuf)]| {
        for (t, _) in bereit {
            let _ = std::fs::remove_file(t);
        }
    };
    for (name, bytes) in dateien {
        let ziel = dir.join(name);
        let neben = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        if let Err(e) = beiseite_schreiben(&neben, bytes) {
            aufraeumen(&bereit);
            let _ = std::fs::remove_file(&neben);
            return Err(e);
        }
        bereit.push((neben, ziel));
    }
    for (neben, ziel) in &bereit {
        if let Err(e) = std::fs::rename(neben, ziel) {
            aufraeumen(&bereit);
            return Err(Fehler::Nutzung(format!(
                "{} kann nicht geschrieben werden ({}) – Pfad prüfen.",
                crate::ausgabe::sicher(&ziel.display().to_string()),
                crate::speicher::fehler::io_deutsch(&e)
            )));
        }
    }
    Ok(())
}

/// A file a person hands in to be checked (`dokument --pruefen`): a regular file (a link to
/// one is followed; a FIFO or device is refused before it is opened, so nothing waits),
/// at most `max` bytes.
pub fn lesen_begrenzt(pfad: &Path, max: u64) -> Result<Vec<u8>, Fehler> {
    use std::io::Read as _;
    let name = || crate::ausgabe::sicher(&pfad.display().to_string()).into_owned();
    let m = std::fs::metadata(pfad).map_err(|e| {
        Fehler::Nutzung(format!(
            "{} ist nicht lesbar ({}) – Pfad prüfen.",
            name(),
            crate::speicher::fehler::io_deutsch(&e)
        ))
    })?;
    if !m.is_file() {
        return Err(Fehler::Nutzung(format!(
            "{} ist keine gewöhnliche Datei – die Datei des Dokuments angeben.",
            name()
        )));
    }
    if m.len() > max {
        return Err(Fehler::Nutzung(format!(
            "{} ist grösser als {} MiB – kein Dokument von iiz.",
            name(),
            max / 1024 / 1024
        )));
    }
    let mut inhalt = Vec::new();
    std::fs::File::open(pfad)
        .and_then(|f| f.take(max + 1).read_to_end(&mut inhalt))
        .map_err(|e| {
            Fehler::Nutzung(format!(
                "{} ist nicht lesbar ({}).",
                name(),
                crate::speicher::fehler::io_deutsch(&e)
            ))
        })?;
    Ok(inhalt)
}

/// The SHA-256 of bytes, as hex (what a dispatch records of its document).
pub fn sha256(bytes: &[u8]) -> String {
    crate::speicher::kette::hash(bytes)
}
