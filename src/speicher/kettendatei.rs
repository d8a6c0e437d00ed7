//! A small chained file beside the journals (the office directory `stellen.jsonl`): lines in
//! the journal envelope ([`super::kette::Eintrag`]), each carrying the hash of the one
//! before, appended under the register lock. Knows no content: the event is any
//! serializable value.
//!
//! Opened like a journal: a regular file only, no link followed, never blocking on a FIFO,
//! and bounded in size, so that a hostile entry in the data directory cannot hang or flood a
//! command.

use super::datei::{modus_setzen, privat, regulaer, sicher};
use super::fehler::{SpeicherFehler, anzeige, io_fehler, oeffnen_fehler};
use super::journal::{Register, Sperre, zeile_bauen};
use super::kette::Inhalt;
use super::{absturz, datei};
use chrono::NaiveDate;
use serde::Serialize;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::PathBuf;

type Ergebnis<T> = Result<T, SpeicherFehler>;

/// Larger than any office directory a canton keeps (a line is about 300 bytes).
pub const HOECHSTENS: u64 = 16 * 1024 * 1024;

fn pfad(reg: &Register, name: &str) -> PathBuf {
    reg.wurzel().join(name)
}

fn oeffnen(reg: &Register, name: &str, schreiben: bool) -> Ergebnis<Option<(File, Inhalt)>> {
    let p = pfad(reg, name);
    let mut o = OpenOptions::new();
    o.read(true);
    if schreiben {
        o.append(true);
    }
    let mut f = match sicher(&mut o).open(&p) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(oeffnen_fehler(&p, e)),
    };
    regulaer(&f, &p)?;
    let laenge = f.metadata().map_err(io_fehler(&p))?.len();
    if laenge > HOECHSTENS {
        return Err(SpeicherFehler::Format(format!(
            "{} ist mit {laenge} Bytes viel grösser als ein Verzeichnis sein kann – 'iiz pruefen' ausführen, die Datei aus der Datensicherung zurückholen.",
            anzeige(&p)
        )));
    }
    let mut bytes = Vec::new();
    (&mut f)
        .take(HOECHSTENS)
        .read_to_end(&mut bytes)
        .map_err(io_fehler(&p))?;
    Ok(Some((f, Inhalt::aus_bytes(bytes))))
}

/// The file's lines (empty when there is none yet). A torn last line (a write cut short)
/// is in [`Inhalt::rest`], never among the lines.
pub fn lesen(reg: &Register, name: &str) -> Ergebnis<Inhalt> {
    Ok(oeffnen(reg, name, false)?.map_or_else(Inhalt::default, |(_, i)| i))
}

/// Appends one event after the lines the caller checked (`erwartet`: the content it decided
/// on, read under the same lock). A torn tail of a killed write was never acknowledged: it
/// is cut off before the new line, so the new line never glues onto half a line.
pub fn anhaengen<E: Serialize>(
    reg: &Register,
    _sperre: &Sperre,
    name: &str,
    erwartet: &Inhalt,
    datum: NaiveDate,
    benutzer: &str,
    ereignis: &E,
) -> Ergebnis<()> {
    let p = pfad(reg, name);
    let (f, inhalt, neu) = match oeffnen(reg, name, true)? {
        Some((f, i)) => (f, i, false),
        None => {
            absturz::schreiben().map_err(io_fehler(&p))?;
            let f = privat(sicher(
                OpenOptions::new().read(true).append(true).create_new(true),
            ))
            .open(&p)
            .map_err(io_fehler(&p))?;
            modus_setzen(&f, &p)?;
            (f, Inhalt::default(), true)
        }
    };
    if inhalt.zeilen().ne(erwartet.zeilen()) {
        // Only possible when the lock was bypassed: decide again rather than append blind.
        return Err(SpeicherFehler::Format(format!(
            "{} hat sich während des Befehls geändert – den Befehl wiederholen.",
            anzeige(&p)
        )));
    }
    let zeile = zeile_bauen(&inhalt, datum, benutzer, None, ereignis)?;
    let mut f = f;
    if inhalt.ist_zerrissen() {
        absturz::schreiben().map_err(io_fehler(&p))?;
        f.set_len(inhalt.bytes().len() as u64 - inhalt.rest().len() as u64)
            .map_err(io_fehler(&p))?;
    }
    absturz::schreiben().map_err(io_fehler(&p))?;
    f.write_all(&zeile).map_err(io_fehler(&p))?;
    absturz::schreiben().map_err(io_fehler(&p))?;
    f.sync_data().map_err(io_fehler(&p))?;
    if neu {
        datei::verzeichnis_sync(reg.wurzel())?;
    }
    Ok(())
}
