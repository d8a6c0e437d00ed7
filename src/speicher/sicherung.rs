//! `iiz sicherung DATEI`: a consistent, private archive of the register (spec §12), as a
//! plain tar file that any system restores (`tar -xf DATEI -C VERZEICHNIS`).
//!
//! Consistent: taken under the register lock (no new case, no erasure meanwhile). Appends to
//! existing cases go on; the archive shows the register as of its log: the register log is
//! read first, and of each journal only the lines the log knows are archived (a line
//! written meanwhile belongs to the next backup). So `pruefen` of a restored archive passes
//! and its Registerstand is the one printed here.

use super::datei::{atomar_abschliessen, atomar_datei, reste_daneben_entfernen};
use super::fehler::{Ergebnis, SpeicherFehler, io_fehler};
use super::journal::Register;
use super::protokoll;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

pub struct Gesichert {
    pub faelle: usize,
    pub registerstand: Option<String>,
}

/// Entries of the data directory that are never archived: the lock, old backups inside it,
/// half-made files of a writer.
fn ausgeschlossen(rel: &Path) -> bool {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    rel == Path::new(".sperre")
        || name.starts_with(".pruefen-")
        || rel.starts_with("sicherung")
        || name.ends_with(".tmp")
        || name.ends_with(".neu")
}

fn kopf(modus: u32, laenge: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_mode(modus);
    h.set_size(laenge);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    h
}

pub fn schreiben(reg: &Register, ziel: &Path) -> Ergebnis<Gesichert> {
    let wurzel = reg.wurzel().to_path_buf();
    let sperre = reg.sperre()?;
    // The log first: it decides which journal lines belong to this state. Read line by
    // line (never whole: 100 MB at 100'000 cases); the archive gets exactly the part read,
    // so the state printed is the archive's even while appends go on.
    let log_pfad = wurzel.join(protokoll::DATEI);
    let mut bekannt: HashMap<String, Vec<u64>> = HashMap::new();
    let log = protokoll::lesen_mit(&wurzel, None, |fall, zeile, _| {
        bekannt.entry(fall.to_string()).or_default().push(zeile)
    })?;
    // Per case, how many of its first lines the log knows (in any order, each once).
    let bekannt: HashMap<String, usize> = bekannt
        .into_iter()
        .map(|(fall, mut zeilen)| {
            zeilen.sort_unstable();
            zeilen.dedup();
            let n = zeilen
                .iter()
                .enumerate()
                .take_while(|(i, z)| **z == *i as u64 + 1)
                .count();
            (fall, n)
        })
        .collect();
    let stand = log.stand.clone();
    // A backup killed half way left a partial copy of personal data beside the target.
    reste_daneben_entfernen(ziel);
    let (mut f, tmp) = atomar_datei(ziel)?;
    let ergebnis = (|| {
        let mut tar = tar::Builder::new(&mut f);
        let mut datei = |rel: &Path, laenge: u64, inhalt: &mut dyn std::io::Read| -> Ergebnis<()> {
            let mut h = kopf(0o600, laenge);
            tar.append_data(&mut h, rel, inhalt)
                .map_err(|e| SpeicherFehler::Format(format!("Sicherung nicht schreibbar: {e}")))
        };
        let mut faelle = 0;
        for id in reg.ids()? {
            let inhalt = reg.lesen(&id)?;
            let mut teil = Vec::new();
            let n = bekannt.get(&id).copied().unwrap_or(0);
            for (i, z) in inhalt.zeilen().enumerate() {
                if log.vorhanden && i >= n {
                    break;
                }
                teil.extend_from_slice(z);
                teil.push(b'\n');
            }
            if !teil.is_empty() {
                datei(
                    &Path::new("faelle").join(format!("{id}.jsonl")),
                    teil.len() as u64,
                    &mut teil.as_slice(),
                )?;
                faelle += 1;
            }
        }
        if log.vorhanden {
            let f = fs::File::open(&log_pfad).map_err(io_fehler(&log_pfad))?;
            datei(
                Path::new(protokoll::DATEI),
                log.laenge,
                &mut std::io::Read::take(f, log.laenge),
            )?;
        }
        // Everything else as it is: format, settings, person store, counters, access log.
        let mut stapel: Vec<PathBuf> = vec![PathBuf::new()];
        while let Some(rel) = stapel.pop() {
            let voll = wurzel.join(&rel);
            let mut eintraege: Vec<_> = fs::read_dir(&voll)
                .map_err(io_fehler(&voll))?
                .collect::<Result<_, _>>()
                .map_err(io_fehler(&voll))?;
            eintraege.sort_by_key(|e| e.file_name());
            for e in eintraege {
                let r = rel.join(e.file_name());
                if ausgeschlossen(&r) || r.starts_with("faelle") || r == Path::new(protokoll::DATEI)
                {
                    continue;
                }
                let art = e.file_type().map_err(io_fehler(&e.path()))?;
                if art.is_dir() {
                    stapel.push(r);
                } else if art.is_file() {
                    let inhalt = fs::read(e.path()).map_err(io_fehler(&e.path()))?;
                    datei(&r, inhalt.len() as u64, &mut inhalt.as_slice())?;
                }
            }
        }
        // An empty `faelle/` still belongs to a register.
        let mut h = kopf(0o700, 0);
        h.set_entry_type(tar::EntryType::Directory);
        tar.append_data(&mut h, "faelle/", std::io::empty())
            .map_err(|e| SpeicherFehler::Format(format!("Sicherung nicht schreibbar: {e}")))?;
        tar.finish()
            .map_err(|e| SpeicherFehler::Format(format!("Sicherung nicht schreibbar: {e}")))?;
        Ok(faelle)
    })();
    drop(sperre);
    let faelle = match ergebnis {
        Ok(n) => n,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    atomar_abschliessen(f, &tmp, ziel)?;
    Ok(Gesichert {
        faelle,
        registerstand: stand,
    })
}
