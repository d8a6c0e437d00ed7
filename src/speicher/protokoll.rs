//! The register log `<data-dir>/register.jsonl` (issue 14): one line per journal line ever
//! appended, `{"nr", "fall", "zeile", "hash", "vorher"}` — the case, its line number, the
//! SHA-256 of the journal line, and the hash of the log's previous line. What a journal's own
//! chain cannot show, this does: a deleted, renamed, swapped or copied journal and removed
//! last lines (`pruefen`). The hash of the last line is the register's state
//! ("Registerstand"); noted somewhere else (the annual report), `pruefen --stand HASH`
//! proves later that the register still extends it, so that even a rewrite of everything
//! is seen.
//!
//! Written after the journal line is durable (a crash in between leaves lines the log does
//! not know yet, which `pruefen --reparieren` adds), under a lock of its own that is always
//! taken last (register → journal → log), so it never closes a cycle.

use super::absturz;
use super::datei::{atomar_schreiben, datei_modus, modus_setzen};
use super::fehler::{Ergebnis, SpeicherFehler, io_fehler};
use super::kette::hash;
use super::plattform;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const DATEI: &str = "register.jsonl";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProtokollZeile {
    pub nr: u64,
    pub fall: String,
    pub zeile: u64,
    pub hash: String,
    pub vorher: Option<String>,
}

/// What this process knows of the log's end, so that an append does not reread it.
#[derive(Default)]
pub struct Zustand {
    datei: Option<File>,
    laenge: u64,
    nr: u64,
    letzter: Option<String>,
}

/// The last complete line of the log's tail and whether the file ends with a newline.
fn ende_lesen(f: &mut File, laenge: u64) -> Ergebnis<(u64, Option<String>, bool)> {
    if laenge == 0 {
        return Ok((0, None, true));
    }
    let mut start = laenge.saturating_sub(64 * 1024);
    loop {
        let mut puffer = Vec::new();
        f.seek(SeekFrom::Start(start))
            .and_then(|_| f.take(laenge - start).read_to_end(&mut puffer))
            .map_err(|e| SpeicherFehler::Format(format!("Registerprotokoll nicht lesbar: {e}")))?;
        let ganz = puffer.last() == Some(&b'\n');
        let zeilen: Vec<&[u8]> = puffer
            .split(|b| *b == b'\n')
            .filter(|z| !z.is_empty())
            .collect();
        // From the end: the last line that parses (a torn one does not).
        let mut kandidaten = zeilen.iter().rev();
        if !ganz {
            kandidaten.next();
        }
        for z in kandidaten {
            if let Ok(p) = serde_json::from_slice::<ProtokollZeile>(z) {
                return Ok((p.nr, Some(hash(z)), ganz));
            }
        }
        if start == 0 {
            return Ok((0, None, ganz));
        }
        start = start.saturating_sub(1024 * 1024);
    }
}

/// Appends one log line per `(case, line number, journal line)`, in one write, under the
/// log's lock. `sync`: made durable now (outside a batch).
pub fn anfuegen(
    wurzel: &Path,
    zustand: &mut Zustand,
    eintraege: &[(&str, u64, &[u8])],
    sync: bool,
) -> Ergebnis<()> {
    if eintraege.is_empty() {
        return Ok(());
    }
    let pfad = wurzel.join(DATEI);
    if zustand.datei.is_none() {
        absturz::schreiben().map_err(io_fehler(&pfad))?;
        let mut o = OpenOptions::new();
        o.read(true).append(true).create(true);
        plattform::ohne_link(plattform::mit_modus(&mut o, datei_modus()));
        let f = o.open(&pfad).map_err(io_fehler(&pfad))?;
        // Created under a strict umask: still the register's own mode.
        modus_setzen(&f, &pfad)?;
        zustand.datei = Some(f);
    }
    let Some(f) = zustand.datei.as_mut() else {
        return Ok(());
    };
    f.lock().map_err(io_fehler(&pfad))?;
    let ergebnis = (|| {
        let laenge = f.metadata().map_err(io_fehler(&pfad))?.len();
        let mut rahmen = false;
        if laenge != zustand.laenge || (laenge > 0 && zustand.letzter.is_none()) {
            // Another process appended since (or this is the first append here).
            let (nr, letzter, ganz) = ende_lesen(f, laenge)?;
            zustand.nr = nr;
            zustand.letzter = letzter;
            rahmen = !ganz;
        }
        let mut puffer = Vec::new();
        if rahmen {
            // A line torn by a crash stays a line of its own.
            puffer.push(b'\n');
        }
        let (nr, letzter) = zeilen_bauen(
            eintraege.iter().map(|(f, n, z)| (*f, *n, *z)),
            zustand.nr,
            zustand.letzter.clone(),
            &mut puffer,
        );
        absturz::schreiben().map_err(io_fehler(&pfad))?;
        f.write_all(&puffer).map_err(io_fehler(&pfad))?;
        if sync {
            absturz::schreiben().map_err(io_fehler(&pfad))?;
            f.sync_data().map_err(io_fehler(&pfad))?;
        }
        zustand.nr = nr;
        zustand.letzter = letzter;
        zustand.laenge = laenge + puffer.len() as u64;
        Ok(())
    })();
    let _ = f.unlock();
    if ergebnis.is_err() {
        // Unknown what reached the file: read it again next time.
        zustand.laenge = u64::MAX;
    }
    ergebnis
}

/// One line of the log, borrowed from the line being read.
#[derive(Deserialize)]
struct Gelesene<'a> {
    nr: u64,
    #[serde(borrow)]
    fall: std::borrow::Cow<'a, str>,
    zeile: u64,
    #[serde(borrow)]
    hash: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    vorher: Option<std::borrow::Cow<'a, str>>,
}

/// What reading the log found: the findings of its own chain (line number, problem), the
/// hash of its last line (the Registerstand), whether it exists, and whether a state asked
/// for (`--stand`) is among the states it passed through.
pub struct Gelesen {
    pub befunde: Vec<(usize, String)>,
    pub stand: Option<String>,
    pub vorhanden: bool,
    pub gesucht_gefunden: bool,
    pub eintraege: u64,
    /// Bytes up to the end of the last complete line read: the part of the log that the
    /// state (`stand`) describes, also when appends go on meanwhile.
    pub laenge: u64,
}

/// The 32 bytes of a hex hash (a malformed one gives zeros, which match no line).
pub fn hash_bytes(hex: &str) -> [u8; 32] {
    let mut b = [0u8; 32];
    if hex.len() == 64 {
        for (i, x) in b.iter_mut().enumerate() {
            *x = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0);
        }
    }
    b
}

/// Reads the log line by line (never whole into memory), checking its chain, and hands each
/// entry (case, line number, journal line hash) to `f`. A torn last line is skipped.
pub fn lesen_mit(
    wurzel: &Path,
    gesucht: Option<&str>,
    mut f: impl FnMut(&str, u64, [u8; 32]),
) -> Ergebnis<Gelesen> {
    use std::io::BufRead;
    let pfad: PathBuf = wurzel.join(DATEI);
    let mut g = Gelesen {
        befunde: Vec::new(),
        stand: None,
        vorhanden: false,
        gesucht_gefunden: false,
        eintraege: 0,
        laenge: 0,
    };
    let datei = match File::open(&pfad) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(g),
        Err(e) => return Err(io_fehler(&pfad)(e)),
    };
    g.vorhanden = true;
    let mut leser = std::io::BufReader::with_capacity(1 << 16, datei);
    let mut zeile = Vec::new();
    let mut nr = 0usize;
    loop {
        zeile.clear();
        let n = leser
            .read_until(b'\n', &mut zeile)
            .map_err(io_fehler(&pfad))?;
        if n == 0 {
            break;
        }
        nr += 1;
        let ganz = zeile.last() == Some(&b'\n');
        if ganz {
            g.laenge += n as u64;
        }
        let z = zeile.strip_suffix(b"\n").unwrap_or(&zeile);
        if z.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Gelesene>(z) {
            Ok(p) => {
                if p.nr != g.eintraege + 1 {
                    g.befunde.push((
                        nr,
                        format!(
                            "Registerprotokoll: Eintrag {} statt {} – Einträge fehlen oder sind vertauscht",
                            p.nr,
                            g.eintraege + 1
                        ),
                    ));
                }
                if p.vorher.as_deref() != g.stand.as_deref() {
                    g.befunde.push((
                        nr,
                        "Registerprotokoll: Prüfsumme passt nicht zum vorigen Eintrag – verändert, gelöscht oder vertauscht".into(),
                    ));
                }
                let h = hash(z);
                if gesucht == Some(h.as_str()) {
                    g.gesucht_gefunden = true;
                }
                f(&p.fall, p.zeile, hash_bytes(&p.hash));
                g.stand = Some(h);
                g.eintraege += 1;
            }
            // A torn last line: a crash while appending, nothing acknowledged depends on it.
            Err(_) if !ganz => {}
            Err(_) => g
                .befunde
                .push((nr, "Registerprotokoll: Eintrag unlesbar".into())),
        }
    }
    Ok(g)
}

/// The Registerstand alone.
pub fn stand(wurzel: &Path) -> Ergebnis<Option<String>> {
    Ok(lesen_mit(wurzel, None, |_, _, _| {})?.stand)
}

/// Writes the log anew from every journal line (a migration, or a register that predates
/// the log): written aside, synced, renamed into place.
pub fn neu_schreiben(wurzel: &Path, eintraege: &[(String, u64, Vec<u8>)]) -> Ergebnis<()> {
    let mut puffer = Vec::new();
    zeilen_bauen(
        eintraege
            .iter()
            .map(|(f, n, z)| (f.as_str(), *n, z.as_slice())),
        0,
        None,
        &mut puffer,
    );
    atomar_schreiben(&wurzel.join(DATEI), &puffer, true)
}

/// Log lines for journal lines, chained on from entry `nr` with hash `letzter`; returns
/// the new last number and hash.
fn zeilen_bauen<'a>(
    eintraege: impl Iterator<Item = (&'a str, u64, &'a [u8])>,
    mut nr: u64,
    mut letzter: Option<String>,
    puffer: &mut Vec<u8>,
) -> (u64, Option<String>) {
    for (fall, zeile, inhalt) in eintraege {
        nr += 1;
        let z = serde_json::to_vec(&ProtokollZeile {
            nr,
            fall: fall.to_string(),
            zeile,
            hash: hash(inhalt),
            vorher: letzter.take(),
        })
        .unwrap_or_default();
        letzter = Some(hash(&z));
        puffer.extend_from_slice(&z);
        puffer.push(b'\n');
    }
    (nr, letzter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eintraege() -> Vec<(String, u64, Vec<u8>)> {
        vec![
            ("OPT-2024-001".into(), 1, b"{\"a\":1}".to_vec()),
            ("OPT-2024-001".into(), 2, b"{\"a\":2}".to_vec()),
            ("RT-2024-001".into(), 1, b"{\"b\":1}".to_vec()),
        ]
    }

    fn gelesen(wurzel: &Path) -> (Gelesen, Vec<(String, u64)>) {
        let mut alle = Vec::new();
        let g = lesen_mit(wurzel, None, |f, z, _| alle.push((f.to_string(), z))).unwrap();
        (g, alle)
    }

    #[test]
    fn neu_geschrieben_gelesen_mit_stand_und_laenge() {
        let dir = tempfile::tempdir().unwrap();
        neu_schreiben(dir.path(), &eintraege()).unwrap();
        let (g, alle) = gelesen(dir.path());
        assert!(g.vorhanden && g.befunde.is_empty(), "{:?}", g.befunde);
        assert_eq!(g.eintraege, 3);
        assert_eq!(alle[2], ("RT-2024-001".to_string(), 1));
        let bytes = std::fs::read(dir.path().join(DATEI)).unwrap();
        assert_eq!(g.laenge, bytes.len() as u64);
        let letzte = bytes[..bytes.len() - 1]
            .rsplit(|b| *b == b'\n')
            .next()
            .unwrap();
        assert_eq!(g.stand.as_deref(), Some(hash(letzte).as_str()));
        // A state passed through is found, one never passed is not.
        let zweite = bytes.split(|b| *b == b'\n').nth(1).unwrap();
        let h = hash(zweite);
        assert!(
            lesen_mit(dir.path(), Some(&h), |_, _, _| {})
                .unwrap()
                .gesucht_gefunden
        );
        assert!(
            !lesen_mit(dir.path(), Some("0"), |_, _, _| {})
                .unwrap()
                .gesucht_gefunden
        );
        // No log at all: nothing found, nothing there.
        let leer = tempfile::tempdir().unwrap();
        let (g, _) = gelesen(leer.path());
        assert!(!g.vorhanden && g.stand.is_none() && g.laenge == 0);
    }

    #[test]
    fn zerrissene_letzte_zeile_zaehlt_nicht_veraenderte_wird_gefunden() {
        let dir = tempfile::tempdir().unwrap();
        neu_schreiben(dir.path(), &eintraege()).unwrap();
        let pfad = dir.path().join(DATEI);
        let ganz = std::fs::read(&pfad).unwrap();
        let (vorher, _) = gelesen(dir.path());
        // A torn last line (a crash while appending): skipped, not a finding; the state
        // and the length are those of the complete part.
        let mut zerrissen = ganz.clone();
        zerrissen.extend_from_slice(b"{\"nr\":4,\"fa");
        std::fs::write(&pfad, &zerrissen).unwrap();
        let (g, _) = gelesen(dir.path());
        assert!(g.befunde.is_empty(), "{:?}", g.befunde);
        assert_eq!((g.stand, g.laenge), (vorher.stand, ganz.len() as u64));
        // A middle entry removed: the chain says so.
        let zeilen: Vec<&[u8]> = ganz
            .split(|b| *b == b'\n')
            .filter(|z| !z.is_empty())
            .collect();
        let mut ohne = [zeilen[0], zeilen[2]].join(&b'\n');
        ohne.push(b'\n');
        std::fs::write(&pfad, ohne).unwrap();
        let (g, _) = gelesen(dir.path());
        assert_eq!(g.befunde.len(), 2, "{:?}", g.befunde);
    }
}
