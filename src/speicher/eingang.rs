//! The intake folder `<data>/eingang/` (spec §15): registration files a web form or a mail
//! gateway saves, one JSON file each, read until they are taken over or refused, then
//! removed. Knows no content: a file is bytes with a name.
//!
//! Opened like a journal: regular files only, no link followed, never blocking on a FIFO,
//! at most [`HOECHSTENS`] bytes – the folder is written by other programs and must be
//! treated as hostile.

use super::absturz;
use super::datei::{regulaer, sicher, verzeichnis_sync};
use super::fehler::{SpeicherFehler, anzeige, io_fehler, oeffnen_fehler};
use super::journal::Register;
use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::PathBuf;

type Ergebnis<T> = Result<T, SpeicherFehler>;

pub use super::datei::EINGANG_ORDNER as ORDNER;
/// What became of each file (taken over into which case, or refused and why), one line
/// each; no personal data.
pub use super::datei::EINGANG_PROTOKOLL as PROTOKOLL;
/// A registration is a few hundred bytes; anything much larger is not one.
pub const HOECHSTENS: u64 = 64 * 1024;

/// A file's name is a name in the folder, never a path.
pub fn name_gueltig(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.chars().any(|c| c.is_control())
}

fn ordner(reg: &Register) -> PathBuf {
    reg.wurzel().join(ORDNER)
}

/// The folder itself must be a directory of the register, not a link: through a linked
/// folder a removal would reach files outside the data directory. `false`: no folder yet.
fn ordner_pruefen(reg: &Register) -> Ergebnis<bool> {
    let dir = ordner(reg);
    match fs::symlink_metadata(&dir) {
        Ok(m) if m.is_dir() => Ok(true),
        Ok(m) => Err(SpeicherFehler::KeineDatei(
            anzeige(&dir),
            if m.file_type().is_symlink() {
                "symbolischer Link statt Ordner"
            } else {
                "kein Ordner"
            },
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_fehler(&dir)(e)),
    }
}

/// The names of the files waiting, sorted; the folder need not exist. Hidden files (a
/// gateway writing `.tmp` first) are not yet registrations.
pub fn namen(reg: &Register) -> Ergebnis<Vec<String>> {
    if !ordner_pruefen(reg)? {
        return Ok(Vec::new());
    }
    let dir = ordner(reg);
    let eintraege = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_fehler(&dir)(e)),
    };
    let mut namen = Vec::new();
    for e in eintraege {
        let e = e.map_err(io_fehler(&dir))?;
        if let Some(n) = e.file_name().to_str()
            && name_gueltig(n)
        {
            namen.push(n.to_string());
        }
    }
    namen.sort();
    Ok(namen)
}

/// A file's bytes (bounded), refused when it is no regular file or too large.
pub fn lesen(reg: &Register, name: &str) -> Ergebnis<Vec<u8>> {
    if !name_gueltig(name) {
        return Err(SpeicherFehler::Format(format!(
            "'{}' ist kein Dateiname im Eingang – nur den Namen angeben, wie 'iiz eingang' ihn zeigt.",
            name.chars()
                .filter(|c| !c.is_control())
                .take(60)
                .collect::<String>()
        )));
    }
    ordner_pruefen(reg)?;
    let p = ordner(reg).join(name);
    let mut f = match sicher(OpenOptions::new().read(true)).open(&p) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(SpeicherFehler::Format(format!(
                "Im Eingang liegt keine Datei '{name}' – 'iiz eingang' zeigt, was da ist."
            )));
        }
        Err(e) => return Err(oeffnen_fehler(&p, e)),
    };
    regulaer(&f, &p)?;
    let laenge = f.metadata().map_err(io_fehler(&p))?.len();
    if laenge > HOECHSTENS {
        return Err(SpeicherFehler::Format(format!(
            "{} ist {laenge} Bytes gross – eine Anmeldung hat höchstens {HOECHSTENS}; die Datei prüfen und mit 'iiz eingang ablehnen' entfernen.",
            anzeige(&p)
        )));
    }
    let mut bytes = Vec::new();
    (&mut f)
        .take(HOECHSTENS + 1)
        .read_to_end(&mut bytes)
        .map_err(io_fehler(&p))?;
    Ok(bytes)
}

/// Removes a file taken over or refused, durably (its personal data now lives only in the
/// person store, or nowhere). A file already gone is fine: a second remover lost the race.
pub fn entfernen(reg: &Register, name: &str) -> Ergebnis<()> {
    if !name_gueltig(name) || !ordner_pruefen(reg)? {
        return Ok(());
    }
    let dir = ordner(reg);
    let p = dir.join(name);
    absturz::schreiben().map_err(io_fehler(&p))?;
    match fs::remove_file(&p) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_fehler(&p)(e)),
        _ => {}
    }
    verzeichnis_sync(&dir)
}
