//! The access log `<data-dir>/zugriffe.jsonl`: one line per display of a person's data —
//! who (the display name and the operating-system account), when (UTC), which case, which
//! command. Append-only like a journal, one
//! `write` per display, synced before the data is shown: what cannot be logged is not shown.
//! It names no person (the case id is the link; after erasure it leads nowhere).

use super::fehler::{SpeicherFehler, io_fehler};
use super::journal::Register;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io;

pub use super::datei::ZUGRIFFE_DATEI as DATEI;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zugriff {
    pub zeit: DateTime<Utc>,
    pub benutzer: String,
    /// The operating-system account of the process (absent in lines written before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub konto: Option<String>,
    pub fall: String,
    pub befehl: String,
}

/// Logs one display of the persons of `faelle` (one line each, one write for all).
pub fn protokollieren(
    reg: &Register,
    benutzer: &str,
    faelle: &[&str],
    befehl: &str,
) -> Result<(), SpeicherFehler> {
    if faelle.is_empty() {
        return Ok(());
    }
    let zeit = Utc::now();
    let zeilen: Vec<String> = faelle
        .iter()
        .map(|f| {
            serde_json::to_string(&Zugriff {
                zeit,
                benutzer: benutzer.to_string(),
                konto: Some(super::plattform::konto()),
                fall: f.to_string(),
                befehl: befehl.to_string(),
            })
            .unwrap_or_default()
        })
        .collect();
    reg.zeile_anfuegen(&reg.wurzel().join(DATEI), zeilen.join("\n").as_bytes())
}

/// Every complete line of the log, oldest first (a torn last line is skipped).
pub fn lesen(reg: &Register) -> Result<Vec<Zugriff>, SpeicherFehler> {
    let pfad = reg.wurzel().join(DATEI);
    let bytes = match std::fs::read(&pfad) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_fehler(&pfad)(e)),
    };
    Ok(bytes
        .split(|b| *b == b'\n')
        .filter_map(|z| serde_json::from_slice(z).ok())
        .collect())
}
