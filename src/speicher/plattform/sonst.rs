//! Other systems (Windows): no file modes, no groups, no signals; files are synced one by
//! one. The register works; what Unix adds (private modes, team mode) is absent, and the
//! docs say so.

use std::fs::{DirBuilder, File, Metadata, OpenOptions};
use std::io;
use std::path::Path;

/// No groups: `--gruppe` is refused with a message.
pub const GRUPPEN: bool = false;

pub fn ohne_link_ohne_warten(o: &mut OpenOptions) -> &mut OpenOptions {
    o
}

pub fn ohne_link(o: &mut OpenOptions) -> &mut OpenOptions {
    o
}

pub fn mit_modus(o: &mut OpenOptions, _modus: u32) -> &mut OpenOptions {
    o
}

pub fn verzeichnis_mit_modus(b: &mut DirBuilder, _modus: u32) -> &mut DirBuilder {
    b
}

pub fn modus(_m: &Metadata) -> u32 {
    0o600
}

pub fn datei_modus_setzen(_f: &File, _modus: u32) -> io::Result<()> {
    Ok(())
}

pub fn modus_setzen(_pfad: &Path, _modus: u32) -> io::Result<()> {
    Ok(())
}

pub fn setgid(_m: &Metadata) -> bool {
    false
}

pub fn gruppe_von(_m: &Metadata) -> Option<u32> {
    None
}

pub fn gruppe_suchen(_name: &str) -> Option<u32> {
    None
}

pub fn gruppe_geben(_pfad: &Path, _gid: u32) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "Gruppen gibt es nur unter Unix",
    ))
}

pub fn verzeichnis_sync(_pfad: &Path) -> io::Result<()> {
    Ok(())
}

pub fn syncfs(_d: &File) -> io::Result<bool> {
    Ok(false)
}

pub fn prozess_lebt(_pid: u32) -> bool {
    false
}

pub fn keine_datei(_e: &io::Error) -> Option<&'static str> {
    None
}

/// No inode: the modification time and length stand in for the file's identity.
pub fn identitaet(m: &Metadata) -> (u64, u64) {
    let t = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    (t, 0)
}

pub fn sofort_beenden() -> ! {
    std::process::abort()
}

pub struct Sigint;

pub fn sigint_ignorieren() -> Sigint {
    Sigint
}

pub fn sigint_zuruecksetzen(_vorher: Sigint) {}

pub fn sigint_abbruch(_text: &'static [u8]) {}

/// The account this process runs as: without a Unix user database, the system's account
/// name from the environment, else a fixed word.
pub fn konto() -> String {
    std::env::var("USERNAME")
        .ok()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "konto:unbekannt".into())
}
