//! `<data-dir>/einstellungen.json`: the register's settings, edited by hand (documented in
//! `docs/datenschutz.md`). Absent means every default. Read strictly: an unknown key or a
//! wrong value is an error that names the file, never silently ignored.

use super::fehler::{SpeicherFehler, io_fehler};
use serde::Deserialize;
use std::io::Read;
use std::path::Path;

pub const DATEI: &str = "einstellungen.json";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Einstellungen {
    /// Years after a case ended until its person data are due for erasure.
    pub loeschfrist_jahre: Option<u32>,
}

pub fn lesen(wurzel: &Path) -> Result<Einstellungen, SpeicherFehler> {
    let pfad = wurzel.join(DATEI);
    let f = match std::fs::File::open(&pfad) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Einstellungen::default()),
        Err(e) => return Err(io_fehler(&pfad)(e)),
    };
    let mut text = String::new();
    // A settings file is a few lines; anything larger is not one.
    f.take(64 * 1024)
        .read_to_string(&mut text)
        .map_err(io_fehler(&pfad))?;
    let e: Einstellungen = serde_json::from_str(&text).map_err(|e| {
        SpeicherFehler::Format(format!(
            "{} ist ungültig ({e}) – erlaubt ist z. B. {{\"loeschfrist_jahre\": 10}}.",
            pfad.display()
        ))
    })?;
    if let Some(j) = e.loeschfrist_jahre
        && !(1..=100).contains(&j)
    {
        return Err(SpeicherFehler::Format(format!(
            "{}: loeschfrist_jahre muss zwischen 1 und 100 liegen, nicht {j}.",
            pfad.display()
        )));
    }
    Ok(e)
}
