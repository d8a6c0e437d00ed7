//! `iiz sicherung DATEI`: a consistent, private archive of the register (spec §12), as a
//! plain tar file that any system restores (`tar -xf DATEI -C VERZEICHNIS`).
//!
//! Consistent: taken under the register lock (no new case, no erasure meanwhile). Appends to
//! existing cases go on; the archive shows the register as of its log: the register log is
//! read first, and of each journal only the lines the log knows are archived (a line
//! written meanwhile belongs to the next backup). So `pruefen` of a restored archive passes
//! and its Registerstand is the one printed here.

use super::datei::{atomar_abschliessen, atomar_datei, ausgabe_schuetzen, reste_daneben_entfernen};
use super::fehler::{Ergebnis, SpeicherFehler, io_fehler};
use super::journal::Register;
use super::plattform;
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

/// The header of an entry as it is in the register: its permission bits and its time of
/// last change, so that a restored register has the modes it had (0600/0700, in team mode
/// 0660/2770) and `info` names its real last write.
fn kopf(meta: &fs::Metadata, laenge: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    let bits = if meta.is_dir() { 0o7777 } else { 0o777 };
    h.set_mode(plattform::modus(meta) & bits);
    h.set_size(laenge);
    let zeit = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    h.set_mtime(zeit);
    h.set_uid(0);
    h.set_gid(0);
    if meta.is_dir() {
        h.set_entry_type(tar::EntryType::Directory);
    }
    h
}

fn nicht_schreibbar(e: std::io::Error) -> SpeicherFehler {
    SpeicherFehler::Format(format!(
        "Sicherung nicht schreibbar: {}",
        super::fehler::io_deutsch(&e)
    ))
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
    // The archive holds every person's data: private, in team mode readable by the group
    // (a member restores it), nobody else.
    if let Err(e) = ausgabe_schuetzen(&f, &tmp) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    let ergebnis = (|| {
        let mut tar = tar::Builder::new(&mut f);
        let meta = |p: &Path| fs::metadata(p).map_err(io_fehler(p));
        // Directories first, so that an unpacking tar creates them with their modes.
        let faelle_meta = meta(&wurzel.join("faelle"))?;
        tar.append_data(&mut kopf(&faelle_meta, 0), "faelle/", std::io::empty())
            .map_err(nicht_schreibbar)?;
        let mut datei = |rel: &Path,
                         m: &fs::Metadata,
                         laenge: u64,
                         inhalt: &mut dyn std::io::Read|
         -> Ergebnis<()> {
            let mut h = kopf(m, laenge);
            if m.is_dir() {
                let mut name = rel.as_os_str().to_os_string();
                name.push("/");
                return tar
                    .append_data(&mut h, Path::new(&name), std::io::empty())
                    .map_err(nicht_schreibbar);
            }
            tar.append_data(&mut h, rel, inhalt)
                .map_err(nicht_schreibbar)
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
                let rel = Path::new("faelle").join(format!("{id}.jsonl"));
                let m = meta(&wurzel.join(&rel))?;
                datei(&rel, &m, teil.len() as u64, &mut teil.as_slice())?;
                faelle += 1;
            }
        }
        if log.vorhanden {
            let f = fs::File::open(&log_pfad).map_err(io_fehler(&log_pfad))?;
            let m = f.metadata().map_err(io_fehler(&log_pfad))?;
            datei(
                Path::new(protokoll::DATEI),
                &m,
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
                    let m = meta(&e.path())?;
                    datei(&r, &m, 0, &mut std::io::empty())?;
                    stapel.push(r);
                } else if art.is_file() {
                    let m = meta(&e.path())?;
                    let inhalt = fs::read(e.path()).map_err(io_fehler(&e.path()))?;
                    datei(&r, &m, inhalt.len() as u64, &mut inhalt.as_slice())?;
                }
            }
        }
        tar.finish().map_err(nicht_schreibbar)?;
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
