//! Storage: one append-only JSON-lines journal per case, chained by SHA-256.
//!
//! Knows nothing of OPTIMA: an entry is an envelope around any serializable event, and ids
//! are `<prefix>-<year>-<NNN>` for whatever prefix the caller names (`OPT`, later `RT`).
//! Guarantees (see docs/zuverlaessigkeit.md): an append is lock → read → one write → fsync;
//! a torn last line is never extended; nothing is dropped silently.

use chrono::{NaiveDate, Utc};
use serde::Serialize;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::absturz;
use super::datei::syncfs;
use super::datei::{
    FORMAT_DATEI, modus_setzen, modus_uebernehmen, neu_anlegen, privat, regulaer, sicher,
    verzeichnis_anlegen, verzeichnis_modus,
};
pub use super::datei::{
    atomar_abschliessen, atomar_datei, atomar_schreiben, datei_modus, gruppe_einrichten,
    prozess_lebt, reste_daneben_entfernen, team, verzeichnis_sync,
};
use super::fehler::oeffnen_fehler;
pub use super::fehler::{Ergebnis, SpeicherFehler, io_fehler};
pub use super::kette::{Befund, Eintrag, Inhalt, hash, hash_roh, kette_pruefen};
use super::plattform;
use super::stapel::{Stand, Stapel};
use std::collections::{BTreeMap, HashSet};
use std::sync::MutexGuard;

/// 2: free text encrypted (`speicher::freitext`); a version-1 register is read as it is and
/// migrated at the first write (`vorgang::migrieren`), after a backup.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest version this one reads (and migrates).
pub const FORMAT_AELTESTE: u32 = 1;
const SICHERUNG: &str = "sicherung";
const IMPORTE: &str = "importe.jsonl";
const FAELLE: &str = "faelle";
const ZAEHLER: &str = "zaehler";
const REPARATUR: &str = "reparatur";
const SPERRE: &str = ".sperre";

/// Whether an input (by its hash) was imported before (`importe.jsonl`).
pub fn import_bekannt(reg: &Register, kennung: &str) -> Ergebnis<bool> {
    let pfad = reg.wurzel().join(IMPORTE);
    let nadel = format!("\"eingabe\":\"{kennung}\"");
    match fs::read(&pfad) {
        Ok(b) => Ok(memchr::memmem::find(&b, nadel.as_bytes()).is_some()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_fehler(&pfad)(e)),
    }
}

/// Notes an input in `importe.jsonl` before its first line is applied (synced outside a
/// batch, else with it: a kill keeps the order of writes). Returns how to undo it.
pub fn import_vermerken(reg: &Register, kennung: &str) -> Ergebnis<ImportNotiz> {
    let pfad = reg.wurzel().join(IMPORTE);
    let laenge = fs::metadata(&pfad).ok().map(|m| m.len());
    let zeile = serde_json::json!({"eingabe": kennung, "zeit": Utc::now()}).to_string();
    reg.zeile_anfuegen(&pfad, zeile.as_bytes())?;
    Ok(ImportNotiz { laenge, zeile })
}

/// What `import_vermerken` appended, to take it back.
pub struct ImportNotiz {
    laenge: Option<u64>,
    zeile: String,
}

/// Takes an input's note out again (nothing of it was applied): the file as it was, byte
/// for byte – unless someone appended since, then the note stays (it only costs a search).
pub fn import_vergessen(reg: &Register, notiz: &ImportNotiz) -> Ergebnis<()> {
    let pfad = reg.wurzel().join(IMPORTE);
    let Ok(jetzt) = fs::read(&pfad) else {
        return Ok(());
    };
    let vorher = notiz.laenge.unwrap_or(0) as usize;
    let angehaengt = jetzt.get(vorher..).unwrap_or_default();
    let unsere = angehaengt
        .strip_prefix(b"\n")
        .and_then(|r| r.strip_suffix(b"\n"))
        .is_some_and(|z| z == notiz.zeile.as_bytes());
    if !unsere {
        return Ok(());
    }
    absturz::schritt();
    match notiz.laenge {
        None => match fs::remove_file(&pfad) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_fehler(&pfad)(e)),
            _ => Ok(()),
        },
        Some(n) => OpenOptions::new()
            .write(true)
            .open(&pfad)
            .and_then(|f| f.set_len(n).and_then(|()| f.sync_all()))
            .map_err(io_fehler(&pfad)),
    }
}

/// Every import key already in the register, with its case (one pass over the raw bytes,
/// only when a batch uses keys).
pub fn import_schluessel_lesen(
    reg: &Register,
) -> Ergebnis<std::collections::HashMap<String, String>> {
    let mut alle = std::collections::HashMap::new();
    for id in reg.ids()? {
        let Ok(inhalt) = reg.lesen(&id) else {
            continue;
        };
        if memchr::memmem::find(inhalt.bytes(), b"\"schluessel\":").is_none() {
            continue;
        }
        for z in inhalt.zeilen() {
            if let Ok(e) = serde_json::from_slice::<Eintrag<serde::de::IgnoredAny>>(z)
                && let Some(k) = e.schluessel
            {
                alle.insert(k, id.clone());
            }
        }
    }
    Ok(alle)
}

/// A case id names a file: only `<PREFIX>-<year>-<digits>`, never a path.
pub fn id_gueltig(id: &str) -> bool {
    let teile: Vec<&str> = id.split('-').collect();
    teile.len() == 3
        && !teile[0].is_empty()
        && teile[0].len() <= 8
        && teile[0].chars().all(|c| c.is_ascii_uppercase())
        && teile[1].len() == 4
        && teile[1].chars().all(|c| c.is_ascii_digit())
        && (3..=9).contains(&teile[2].len())
        && teile[2].chars().all(|c| c.is_ascii_digit())
}

// --- a locked journal ------------------------------------------------------------------

/// A case journal held under an exclusive lock (released when dropped), with what it
/// contains. Owned, so that a batch can keep it across lines about the same case.
pub struct Journal {
    id: String,
    pfad: PathBuf,
    datei: File,
    inhalt: Inhalt,
}

impl Journal {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn inhalt(&self) -> &Inhalt {
        &self.inhalt
    }

    /// Appends one event as one line: one `write`, then `fsync` (or, in a batch, at the
    /// batch's end).
    pub fn anhaengen<E: Serialize>(
        &mut self,
        register: &Register,
        datum: NaiveDate,
        benutzer: &str,
        ereignis: &E,
    ) -> Ergebnis<()> {
        let schluessel = register.import_schluessel();
        let zeile = zeile_bauen(&self.inhalt, datum, benutzer, schluessel, ereignis)?;
        absturz::schreiben().map_err(io_fehler(&self.pfad))?;
        self.datei
            .write_all(&zeile)
            .map_err(io_fehler(&self.pfad))?;
        register.dauerhaft(&self.datei, &self.pfad)?;
        // Durable first, then noted in the register log.
        register.protokollieren(
            &self.id,
            self.inhalt.anzahl() as u64 + 1,
            &zeile[..zeile.len() - 1],
        )?;
        self.inhalt.zeile_angehaengt(&zeile);
        Ok(())
    }
}

pub(crate) fn zeile_bauen<E: Serialize>(
    inhalt: &Inhalt,
    datum: NaiveDate,
    benutzer: &str,
    schluessel: Option<String>,
    ereignis: &E,
) -> Ergebnis<Vec<u8>> {
    let eintrag = Eintrag {
        schluessel,
        nr: inhalt.anzahl() as u64 + 1,
        datum,
        erfasst: Utc::now(),
        benutzer: benutzer.to_string(),
        konto: Some(super::plattform::konto()),
        vorher: inhalt.letzte_zeile().map(hash),
        ereignis,
    };
    let mut zeile = serde_json::to_vec(&eintrag)
        .map_err(|e| SpeicherFehler::Format(format!("Ereignis nicht speicherbar: {e}")))?;
    zeile.push(b'\n');
    Ok(zeile)
}

/// Held while allocating ids and updating the person index (both span several files);
/// released when dropped.
pub struct Sperre<'r>(&'r File);

impl Drop for Sperre<'_> {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

// --- the register ----------------------------------------------------------------------

/// Whether a directory without a format file holds something no register of ours would
/// (another folder, or a part of a register such as its `faelle/`). What a register itself
/// keeps there – also the rests of a first write killed before the format file – and the
/// files an office may put in beforehand (regions, letterhead) do not count.
pub fn fremd_belegt(wurzel: &Path) -> bool {
    let Ok(eintraege) = fs::read_dir(wurzel) else {
        return false;
    };
    eintraege
        .flatten()
        .any(|e| !eigener_eintrag(&e.file_name().to_string_lossy()))
}

/// What a register keeps in its directory (also the rests of a first write killed before
/// the format file, and a dry run's private copy) and the files an office may put there
/// beforehand (regions, letterhead, the intake folder of a web form): the one list both
/// [`fremd_belegt`] and the first write go by.
fn eigener_eintrag(name: &str) -> bool {
    const EIGENE: &[&str] = &[
        SPERRE,
        FAELLE,
        ZAEHLER,
        REPARATUR,
        SICHERUNG,
        IMPORTE,
        "personen",
        super::protokoll::DATEI,
        super::datei::ZUGRIFFE_DATEI,
        super::einstellungen::DATEI,
        "wahlkreise.csv",
        "rt-briefkopf.html",
        "briefkopf.html",
        "stellen.jsonl",
        super::datei::EINGANG_ORDNER,
        super::datei::EINGANG_PROTOKOLL,
    ];
    EIGENE.contains(&name)
        || name.starts_with("iiz-format")
        || name.starts_with(".pruefen-")
        || name.ends_with(".tmp")
}

/// A register next to `wurzel`: the directory above it, or one directly below it, holds
/// a format file (`--data-dir <register>/faelle`, or the folder that holds the register).
pub fn register_in_der_naehe(wurzel: &Path) -> Option<PathBuf> {
    let ist_register = |p: &Path| p.join(FORMAT_DATEI).is_file();
    let oben = wurzel.parent().filter(|p| ist_register(p));
    if let Some(p) = oben {
        return Some(p.to_path_buf());
    }
    let mut unten: Vec<PathBuf> = fs::read_dir(wurzel)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && ist_register(p))
        .collect();
    unten.sort();
    unten.into_iter().next()
}

pub struct Register {
    wurzel: PathBuf,
    /// The running batch (`speicher::stapel`), if any.
    stapel: Mutex<Option<Stapel>>,
    sperrdatei: std::sync::OnceLock<File>,
    /// The person store's recovery ran in this process (it runs once, at the first write).
    personen_geprueft: std::sync::atomic::AtomicBool,
    /// Whether this process removed the temp files of killed writers yet (once, at its
    /// first register lock: the next writer of any kind finishes what a kill left).
    reste_entfernt: std::sync::atomic::AtomicBool,
    /// What this process knows of the register log's end.
    protokoll: Mutex<super::protokoll::Zustand>,
    /// The person store's salt once read: it never changes, and an import asks for it for
    /// every application.
    salz: std::sync::OnceLock<String>,
}

impl Register {
    /// Opens the data directory for writing, creating it (0700, with its format version)
    /// when it is new or empty.
    pub fn oeffnen(wurzel: &Path) -> Ergebnis<Register> {
        let format = wurzel.join(FORMAT_DATEI);
        if !format.exists() {
            // Only iiz's own entries may be there: never take over a foreign directory.
            match fs::read_dir(wurzel) {
                Ok(it) => {
                    for e in it {
                        let e = e.map_err(io_fehler(wurzel))?;
                        if !eigener_eintrag(&e.file_name().to_string_lossy()) {
                            return Err(SpeicherFehler::Format(format!(
                                "{} ist kein iiz-Datenverzeichnis (es fehlt {FORMAT_DATEI}) – ein leeres oder neues Verzeichnis mit --data-dir angeben.",
                                wurzel.display()
                            )));
                        }
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_fehler(wurzel)(e)),
            }
            verzeichnis_anlegen(wurzel)?;
            // A directory prepared for a team (setgid group) keeps that mode.
            modus_uebernehmen(wurzel);
            // Several first commands may start at once: one initializes, the others wait.
            let sperrdatei = Self::sperrdatei_oeffnen(wurzel)?;
            sperrdatei.lock().map_err(io_fehler(wurzel))?;
            if !format.exists() {
                // Journals without the format file: an incomplete restore, never taken over.
                let faelle = wurzel.join(FAELLE);
                if fs::read_dir(&faelle).is_ok_and(|mut d| d.next().is_some()) {
                    return Err(SpeicherFehler::OhneFormat(wurzel.display().to_string()));
                }
                // An existing empty directory is taken over with the register's own mode
                // (it may have been created 0777 by hand).
                plattform::modus_setzen(wurzel, verzeichnis_modus()).map_err(io_fehler(wurzel))?;
                for sub in [FAELLE, ZAEHLER] {
                    verzeichnis_anlegen(&wurzel.join(sub))?;
                }
                let text =
                    format!("{{\"format\": \"iiz-register\", \"version\": {FORMAT_VERSION}}}\n");
                atomar_schreiben(&format, text.as_bytes(), true)?;
                verzeichnis_sync(wurzel)?;
            }
        }
        Self::lesend(wurzel)?
            .ok_or_else(|| SpeicherFehler::Format(format!("{} fehlt", wurzel.display())))
    }

    /// Opens the data directory for reading; `None` when there is none yet (an empty
    /// register). Reading never creates anything.
    pub fn lesend(wurzel: &Path) -> Ergebnis<Option<Register>> {
        let format = wurzel.join(FORMAT_DATEI);
        let text = match fs::read_to_string(&format) {
            Ok(t) => t,
            // Case files without the format file: a restore that missed it, or a foreign
            // directory – never read as an empty register. An empty `faelle/` is a first
            // command killed before it wrote the format file: no register yet.
            Err(e)
                if e.kind() == io::ErrorKind::NotFound
                    && fs::read_dir(wurzel.join(FAELLE)).is_ok_and(|mut d| d.next().is_some()) =>
            {
                return Err(SpeicherFehler::OhneFormat(wurzel.display().to_string()));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_fehler(&format)(e)),
        };
        let v: serde_json::Value = serde_json::from_str(&text)
            .map_err(|_| SpeicherFehler::Format(format!("{} ist unlesbar.", format.display())))?;
        modus_uebernehmen(wurzel);
        let version = v.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if !(u64::from(FORMAT_AELTESTE)..=u64::from(FORMAT_VERSION)).contains(&version) {
            return Err(SpeicherFehler::Format(format!(
                "Das Datenverzeichnis hat Format-Version {version}, diese iiz-Version kennt {FORMAT_AELTESTE} bis {FORMAT_VERSION} – passende iiz-Version verwenden."
            )));
        }
        Ok(Some(Register {
            wurzel: wurzel.to_path_buf(),
            stapel: Mutex::new(None),
            sperrdatei: std::sync::OnceLock::new(),
            personen_geprueft: Default::default(),
            reste_entfernt: Default::default(),
            protokoll: Default::default(),
            salz: Default::default(),
        }))
    }

    /// The key of the import line about to be applied (`None` after it).
    /// Only in a batch: an import's lines are applied in one.
    pub fn import_schluessel_setzen(&self, k: Option<String>) {
        if let Some(s) = self.stapel().as_mut() {
            s.import_schluessel = k;
        }
    }

    fn import_schluessel(&self) -> Option<String> {
        self.stapel()
            .as_ref()
            .and_then(|s| s.import_schluessel.clone())
    }

    pub(super) fn stapel_zelle(&self) -> &Mutex<Option<Stapel>> {
        &self.stapel
    }

    /// Where the person store keeps its salt for this process.
    pub fn salz(&self) -> &std::sync::OnceLock<String> {
        &self.salz
    }

    pub fn wurzel(&self) -> &Path {
        &self.wurzel
    }

    /// The format version on disk now (read afresh: another process may have migrated).
    pub fn version(&self) -> Ergebnis<u32> {
        let format = self.wurzel.join(FORMAT_DATEI);
        let text = fs::read_to_string(&format).map_err(io_fehler(&format))?;
        let v: serde_json::Value = serde_json::from_str(&text)
            .map_err(|_| SpeicherFehler::Format(format!("{} ist unlesbar.", format.display())))?;
        Ok(v.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32)
    }

    /// Records the format version, as the last step of a migration.
    pub fn version_setzen(&self, _sperre: &Sperre, version: u32) -> Ergebnis<()> {
        let text = format!("{{\"format\": \"iiz-register\", \"version\": {version}}}\n");
        atomar_schreiben(&self.wurzel.join(FORMAT_DATEI), text.as_bytes(), true)?;
        verzeichnis_sync(&self.wurzel)
    }

    /// A copy of journals, person store and counters under `sicherung/format-<v>-<time>/`
    /// before a migration changes them (made aside, then renamed: complete or absent). A
    /// complete one from an interrupted earlier run is used again.
    pub fn migration_sichern(&self, _sperre: &Sperre, von: u32) -> Ergebnis<PathBuf> {
        let dir = self.wurzel.join(SICHERUNG);
        verzeichnis_anlegen(&dir)?;
        let praefix = format!("format-{von}-");
        for e in fs::read_dir(&dir).map_err(io_fehler(&dir))? {
            let e = e.map_err(io_fehler(&dir))?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&praefix) && !name.ends_with(".neu") {
                return Ok(e.path());
            }
            if name.ends_with(".neu") {
                // An interrupted copy: started again below.
                let _ = fs::remove_dir_all(e.path());
            }
        }
        let stempel = Utc::now().format("%Y%m%dT%H%M%SZ");
        let ziel = dir.join(format!("{praefix}{stempel}"));
        let tmp = dir.join(format!("{praefix}{stempel}.neu"));
        fn kopieren(von: &Path, nach: &Path) -> Ergebnis<()> {
            verzeichnis_anlegen(nach)?;
            let Ok(it) = fs::read_dir(von) else {
                return Ok(());
            };
            for e in it {
                let e = e.map_err(io_fehler(von))?;
                let art = e.file_type().map_err(io_fehler(von))?;
                let z = nach.join(e.file_name());
                if art.is_dir() {
                    kopieren(&e.path(), &z)?;
                } else if art.is_file() {
                    let inhalt = fs::read(e.path()).map_err(io_fehler(&e.path()))?;
                    absturz::schritt();
                    let mut f = neu_anlegen(&z, false)?;
                    modus_setzen(&f, &z)?;
                    absturz::schritt();
                    f.write_all(&inhalt).map_err(io_fehler(&z))?;
                    absturz::schritt();
                    f.sync_data().map_err(io_fehler(&z))?;
                }
            }
            verzeichnis_sync(nach)
        }
        for sub in [FAELLE, "personen", ZAEHLER, FORMAT_DATEI] {
            let quelle = self.wurzel.join(sub);
            if quelle.is_dir() {
                kopieren(&quelle, &tmp.join(sub))?;
            } else if quelle.is_file() {
                verzeichnis_anlegen(&tmp)?;
                let inhalt = fs::read(&quelle).map_err(io_fehler(&quelle))?;
                atomar_schreiben(&tmp.join(sub), &inhalt, true)?;
            }
        }
        absturz::schritt();
        fs::rename(&tmp, &ziel).map_err(io_fehler(&ziel))?;
        verzeichnis_sync(&dir)?;
        Ok(ziel)
    }

    /// Replaces a whole journal (a migration only, under the register lock and the
    /// journal's own): written aside, synced, renamed into place.
    pub fn journal_ersetzen(&self, _sperre: &Sperre, id: &str, inhalt: &[u8]) -> Ergebnis<()> {
        let j = self.sperren_auch_zerrissen(id)?;
        atomar_schreiben(&j.pfad, inhalt, true)?;
        drop(j);
        Ok(())
    }

    /// The time of the last write to any journal (the newest modification time).
    pub fn letzte_aenderung(&self) -> Ergebnis<Option<std::time::SystemTime>> {
        let mut letzte = None;
        for id in self.ids()? {
            if let Ok(m) = fs::symlink_metadata(self.pfad(&id)).and_then(|m| m.modified()) {
                letzte = letzte.max(Some(m));
            }
        }
        Ok(letzte)
    }

    fn pfad(&self, id: &str) -> PathBuf {
        self.wurzel.join(FAELLE).join(format!("{id}.jsonl"))
    }

    /// Notes journal lines in the register log (`speicher::protokoll`): durable now, or
    /// with the batch's sync.
    pub fn protokollieren_alle(&self, eintraege: &[(&str, u64, &[u8])]) -> Ergebnis<()> {
        if self.im_batch() {
            // A batch notes its lines a few thousand at a time (one lock, one write): a
            // crash in between leaves lines the log does not know yet, as any crash between
            // a journal line and its entry does (the next writer or `pruefen --reparieren`
            // adds them).
            let voll = self.stapel().as_mut().is_some_and(|s| {
                s.protokoll.extend(
                    eintraege
                        .iter()
                        .map(|(f, n, z)| (f.to_string(), *n, z.to_vec())),
                );
                s.protokoll.len() >= 4096
            });
            if voll {
                self.protokoll_schreiben()?;
            }
            return Ok(());
        }
        let mut z = self.protokoll.lock().unwrap_or_else(|e| e.into_inner());
        super::protokoll::anfuegen(&self.wurzel, &mut z, eintraege, true)
    }

    /// Writes a batch's pending log entries (synced with the batch).
    pub(super) fn protokoll_schreiben(&self) -> Ergebnis<()> {
        let puffer = self
            .stapel()
            .as_mut()
            .map(|s| std::mem::take(&mut s.protokoll))
            .unwrap_or_default();
        if puffer.is_empty() {
            return Ok(());
        }
        let eintraege: Vec<(&str, u64, &[u8])> = puffer
            .iter()
            .map(|(f, n, z)| (f.as_str(), *n, z.as_slice()))
            .collect();
        let mut z = self.protokoll.lock().unwrap_or_else(|e| e.into_inner());
        super::protokoll::anfuegen(&self.wurzel, &mut z, &eintraege, false)?;
        drop(z);
        self.vormerken(&self.wurzel.join(super::protokoll::DATEI));
        Ok(())
    }

    /// Notes in the register log every line of these journals it does not know yet (after
    /// a crash; reads the whole log, so only then).
    pub fn protokoll_ergaenzen(&self, faelle: &[String]) -> Ergebnis<()> {
        if faelle.is_empty() {
            return Ok(());
        }
        // What this batch noted but has not written yet counts as known.
        self.protokoll_schreiben()?;
        let gesucht: std::collections::HashSet<&str> = faelle.iter().map(String::as_str).collect();
        let mut bekannt: std::collections::HashSet<(String, u64)> = Default::default();
        super::protokoll::lesen_mit(&self.wurzel, None, |fall, zeile, _| {
            if gesucht.contains(fall) {
                bekannt.insert((fall.to_string(), zeile));
            }
        })?;
        let mut neu: Vec<(String, u64, Vec<u8>)> = Vec::new();
        // A case may be announced more than once (recorded, then erased in one batch).
        let mut faelle = faelle.to_vec();
        faelle.sort();
        faelle.dedup();
        for id in &faelle {
            let Ok(inhalt) = self.lesen(id) else {
                continue;
            };
            for (i, z) in inhalt.zeilen().enumerate() {
                if !bekannt.contains(&(id.clone(), i as u64 + 1)) {
                    neu.push((id.clone(), i as u64 + 1, z.to_vec()));
                }
            }
        }
        let eintraege: Vec<(&str, u64, &[u8])> = neu
            .iter()
            .map(|(f, n, z)| (f.as_str(), *n, z.as_slice()))
            .collect();
        self.protokollieren_alle(&eintraege)
    }

    fn protokollieren(&self, id: &str, nr: u64, zeile: &[u8]) -> Ergebnis<()> {
        self.protokollieren_alle(&[(id, nr, zeile)])
    }

    /// `true` from the second call on: what a process recovers, it recovers once.
    pub fn personen_geprueft(&self) -> bool {
        self.personen_geprueft
            .swap(true, std::sync::atomic::Ordering::SeqCst)
    }

    pub fn personen_geprueft_zuruecksetzen(&self) {
        self.personen_geprueft
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// Syncs a written file now, or notes it for the batch's end.
    pub fn dauerhaft(&self, datei: &File, pfad: &Path) -> Ergebnis<()> {
        if self.vormerken(pfad) {
            return Ok(());
        }
        absturz::schreiben().map_err(io_fehler(pfad))?;
        datei.sync_data().map_err(io_fehler(pfad))
    }

    /// Syncs a directory now (a new name in it), or notes it for the batch's end.
    pub fn verzeichnis_dauerhaft(&self, pfad: &Path) -> Ergebnis<()> {
        if self.vormerken(pfad) {
            return Ok(());
        }
        verzeichnis_sync(pfad)
    }

    /// Replaces a small file atomically (temp file, rename); durable now, or at the batch's
    /// end.
    pub fn ersetzen(&self, pfad: &Path, inhalt: &[u8]) -> Ergebnis<()> {
        self.klein_vergessen(pfad);
        let batch = self.im_batch();
        atomar_schreiben(pfad, inhalt, !batch)?;
        self.vormerken(pfad);
        match pfad.parent() {
            Some(dir) => self.verzeichnis_dauerhaft(dir),
            None => Ok(()),
        }
    }

    /// Appends one line to a small append-only file (created 0600 when new), in one
    /// `write`; durable now, or at the batch's end. The line is framed by newlines, so a line
    /// cut short by a crash stays a line of its own that readers skip.
    pub fn zeile_anfuegen(&self, pfad: &Path, zeile: &[u8]) -> Ergebnis<()> {
        // O_NOFOLLOW refuses a link; a directory (EISDIR) or a FIFO without reader (ENXIO)
        // cannot be opened for appending at all: no extra check needed on this hot path.
        let (mut f, neu) = match sicher(OpenOptions::new().append(true)).open(pfad) {
            Ok(f) => (f, false),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = pfad.parent() {
                    verzeichnis_anlegen(dir)?;
                }
                absturz::schreiben().map_err(io_fehler(pfad))?;
                let f = privat(sicher(OpenOptions::new().append(true).create(true)))
                    .open(pfad)
                    .map_err(io_fehler(pfad))?;
                modus_setzen(&f, pfad)?;
                (f, true)
            }
            Err(e) => return Err(oeffnen_fehler(pfad, e)),
        };
        let mut puffer = Vec::with_capacity(zeile.len() + 2);
        puffer.push(b'\n');
        puffer.extend_from_slice(zeile);
        puffer.push(b'\n');
        absturz::schreiben().map_err(io_fehler(pfad))?;
        f.write_all(&puffer).map_err(io_fehler(pfad))?;
        self.klein_angefuegt(pfad, &puffer, neu);
        self.dauerhaft(&f, pfad)?;
        match pfad.parent() {
            Some(dir) if neu => self.verzeichnis_dauerhaft(dir),
            _ => Ok(()),
        }
    }

    /// The register-wide lock for id allocation and cross-case indexes.
    pub fn sperre(&self) -> Ergebnis<Sperre<'_>> {
        // Opened once per process: an import takes the lock for every application.
        let f = match self.sperrdatei.get() {
            Some(f) => f,
            None => {
                let f = Self::sperrdatei_oeffnen(&self.wurzel)?;
                self.sperrdatei.get_or_init(|| f)
            }
        };
        f.lock().map_err(io_fehler(&self.wurzel.join(SPERRE)))?;
        if !self
            .reste_entfernt
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            // Dead writers' temp files: never read, so removing them is always safe.
            for p in self.tmp_reste().unwrap_or_default() {
                let _ = fs::remove_file(p);
            }
        }
        Ok(Sperre(f))
    }

    /// The import lock, held by an import for its whole run until the returned handle is
    /// dropped: a second run of the same input waits and then finds every line applied
    /// (instead of both applying the lines neither has seen yet). A lock on the data
    /// directory itself, so that taking it writes nothing (a refused import leaves the
    /// register byte for byte as it was). Taken before the register lock, never while
    /// holding it. Where a directory cannot be opened as a file (not on Unix): none.
    pub fn import_sperre(&self) -> Ergebnis<Option<File>> {
        let Ok(f) = File::open(&self.wurzel) else {
            return Ok(None);
        };
        f.lock().map_err(io_fehler(&self.wurzel))?;
        Ok(Some(f))
    }

    fn sperrdatei_oeffnen(wurzel: &Path) -> Ergebnis<File> {
        let pfad = wurzel.join(SPERRE);
        let f = privat(OpenOptions::new().write(true).create(true).truncate(false))
            .open(&pfad)
            .map_err(io_fehler(&pfad))?;
        // Under umask 0277 it would be created 0400, and the next process could not open
        // it for writing: the register would lock its owner out.
        modus_setzen(&f, &pfad)?;
        Ok(f)
    }

    /// All case ids, sorted.
    pub fn ids(&self) -> Ergebnis<Vec<String>> {
        let dir = self.wurzel.join(FAELLE);
        let mut ids = Vec::new();
        for e in fs::read_dir(&dir).map_err(io_fehler(&dir))? {
            let e = e.map_err(io_fehler(&dir))?;
            let name = e.file_name();
            if let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".jsonl"))
                && id_gueltig(id)
            {
                ids.push(id.to_string());
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Half-made new journals (`faelle/<id>.neu`) a killed writer left: never acknowledged,
    /// but they hold a first event. Only a caller holding the register lock may remove them.
    pub fn reste(&self) -> Ergebnis<Vec<PathBuf>> {
        let dir = self.wurzel.join(FAELLE);
        let mut reste = Vec::new();
        for e in fs::read_dir(&dir).map_err(io_fehler(&dir))? {
            let e = e.map_err(io_fehler(&dir))?;
            if let Some(id) = e.file_name().to_str().and_then(|n| n.strip_suffix(".neu"))
                && id_gueltig(id)
            {
                reste.push(e.path());
            }
        }
        reste.sort();
        Ok(reste)
    }

    /// Temp files `<name>.<pid>.tmp` a killed writer left (counters, indexes, the salt, the
    /// format file), whose process is gone: never read, but the salt's holds a secret.
    pub fn tmp_reste(&self) -> Ergebnis<Vec<PathBuf>> {
        let mut reste = Vec::new();
        for dir in [
            self.wurzel.clone(),
            self.wurzel.join(ZAEHLER),
            self.wurzel.join("personen"),
            self.wurzel.join("personen").join("index"),
        ] {
            let Ok(it) = fs::read_dir(&dir) else {
                continue;
            };
            for e in it.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let tot = name
                    .strip_suffix(".tmp")
                    .and_then(|r| r.rsplit_once('.'))
                    .and_then(|(_, pid)| pid.parse::<u32>().ok())
                    .is_some_and(|pid| !prozess_lebt(pid));
                if tot && e.file_type().is_ok_and(|t| t.is_file()) {
                    reste.push(e.path());
                }
            }
        }
        reste.sort();
        Ok(reste)
    }

    pub fn rest_entfernen(&self, _sperre: &Sperre, pfad: &Path) -> Ergebnis<()> {
        absturz::schritt();
        match fs::remove_file(pfad) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_fehler(pfad)(e)),
            _ => Ok(()),
        }
    }

    fn id_pruefen(id: &str) -> Ergebnis<()> {
        if id_gueltig(id) {
            Ok(())
        } else {
            Err(SpeicherFehler::UngueltigeId(
                id.chars().filter(|c| !c.is_control()).take(40).collect(),
            ))
        }
    }

    /// Reads a journal under a shared lock, so that a write in progress is never seen half.
    pub fn lesen(&self, id: &str) -> Ergebnis<Inhalt> {
        Self::id_pruefen(id)?;
        let pfad = self.pfad(id);
        let mut f = match sicher(OpenOptions::new().read(true)).open(&pfad) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(SpeicherFehler::NichtGefunden(id.to_string()));
            }
            Err(e) => return Err(oeffnen_fehler(&pfad, e)),
        };
        regulaer(&f, &pfad)?;
        f.lock_shared().map_err(io_fehler(&pfad))?;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).map_err(io_fehler(&pfad))?;
        Ok(Inhalt::neu(bytes))
    }

    /// Locks a journal exclusively for an append. Refuses a torn one: a new line is never
    /// glued onto an incomplete one.
    pub fn sperren(&self, id: &str) -> Ergebnis<Journal> {
        let j = self.sperren_auch_zerrissen(id)?;
        if j.inhalt().ist_zerrissen() {
            return Err(SpeicherFehler::Beschaedigt(id.to_string()));
        }
        Ok(j)
    }

    fn sperren_auch_zerrissen(&self, id: &str) -> Ergebnis<Journal> {
        Self::id_pruefen(id)?;
        let pfad = self.pfad(id);
        let mut datei = match sicher(OpenOptions::new().read(true).append(true)).open(&pfad) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(SpeicherFehler::NichtGefunden(id.to_string()));
            }
            Err(e) => return Err(oeffnen_fehler(&pfad, e)),
        };
        regulaer(&datei, &pfad)?;
        datei.lock().map_err(io_fehler(&pfad))?;
        let mut bytes = Vec::new();
        datei.read_to_end(&mut bytes).map_err(io_fehler(&pfad))?;
        Ok(Journal {
            id: id.to_string(),
            pfad,
            datei,
            inhalt: Inhalt::neu(bytes),
        })
    }

    /// The next free id `<prefix>-<year>-<NNN>` (sequence from 001 each year). Only under
    /// the register lock; the counter is a hint, the files decide, so ids are never reused.
    pub fn naechste_id(&self, _sperre: &Sperre, praefix: &str, jahr: i32) -> Ergebnis<String> {
        let name = format!("{praefix}-{jahr}");
        let gemerkt = self
            .stapel()
            .as_ref()
            .and_then(|s| s.zaehler.get(&name).copied());
        let mut n: u64 = gemerkt.unwrap_or_else(|| {
            fs::read_to_string(self.wurzel.join(ZAEHLER).join(&name))
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(0)
        });
        // A counter that points past the last case (a corrupt or edited file) would skip
        // numbers or overflow the id's digits: then the files decide, by one scan.
        // (A number this process allocated names a case it made: no need to look.)
        if gemerkt.is_none() && n > 0 && !self.pfad(&format!("{praefix}-{jahr}-{n:03}")).exists() {
            let vorsatz = format!("{name}-");
            n = self
                .ids()?
                .iter()
                .filter_map(|id| id.strip_prefix(&vorsatz)?.parse::<u64>().ok())
                .max()
                .unwrap_or(0);
        }
        loop {
            n += 1;
            let id = format!("{praefix}-{jahr}-{n:03}");
            // Checked before anything of the case is written (the person record comes
            // first): a number past the id's digits, a year outside 1000–9999.
            Self::id_pruefen(&id)?;
            if !self.pfad(&id).exists() {
                return Ok(id);
            }
        }
    }

    /// Creates the journal of a new case with its first event. The file appears complete
    /// or not at all (written aside, synced, then linked into place).
    pub fn anlegen<E: Serialize>(
        &self,
        _sperre: &Sperre,
        id: &str,
        datum: NaiveDate,
        benutzer: &str,
        ereignis: &E,
    ) -> Ergebnis<Journal> {
        Self::id_pruefen(id)?;
        let zeile = zeile_bauen(
            &Inhalt::default(),
            datum,
            benutzer,
            self.import_schluessel(),
            ereignis,
        )?;
        let ziel = self.pfad(id);
        let tmp = ziel.with_extension("neu");
        // A leftover of a crash (or anything placed there) is removed, never written through.
        absturz::schritt();
        let _ = fs::remove_file(&tmp);
        absturz::schreiben().map_err(io_fehler(&tmp))?;
        let mut f = privat(sicher(
            OpenOptions::new().read(true).write(true).create_new(true),
        ))
        .open(&tmp)
        .map_err(io_fehler(&tmp))?;
        // Locked before it has a name, so nobody sees it unlocked.
        f.lock().map_err(io_fehler(&tmp))?;
        modus_setzen(&f, &tmp)?;
        absturz::schreiben().map_err(io_fehler(&tmp))?;
        f.write_all(&zeile).map_err(io_fehler(&tmp))?;
        self.dauerhaft(&f, &ziel)?;
        let verknuepft = absturz::schreiben().and_then(|()| fs::hard_link(&tmp, &ziel));
        absturz::schritt();
        let _ = fs::remove_file(&tmp);
        verknuepft.map_err(io_fehler(&ziel))?;
        self.verzeichnis_dauerhaft(&self.wurzel.join(FAELLE))?;
        self.protokollieren(id, 1, &zeile[..zeile.len() - 1])?;
        if let Some((name, nr)) = id.rsplit_once('-')
            && let Ok(nr) = nr.parse::<u64>()
        {
            let im_stapel = self.stapel().as_mut().map(|s| {
                s.zaehler.insert(name.to_string(), nr);
            });
            if im_stapel.is_none() {
                // The case is stored and durable: a counter that cannot be written now (a
                // full disk) is only a hint and must not turn the success into a failure.
                let _ = self.zaehler_schreiben(_sperre, [(name.to_string(), nr)].into());
            }
        }
        // Still locked: the caller may append more (a batch keeps it for the next line).
        Ok(Journal {
            id: id.to_string(),
            pfad: ziel,
            datei: f,
            inhalt: Inhalt::neu(zeile),
        })
    }

    /// Writes the id counters, under the register lock (the caller holds it) and only ever
    /// forward. A lost counter only costs a few probes next time (the files decide), so no
    /// sync is needed.
    pub(super) fn zaehler_schreiben(
        &self,
        _sperre: &Sperre,
        zaehler: std::collections::BTreeMap<String, u64>,
    ) -> Ergebnis<()> {
        for (name, nr) in zaehler {
            let pfad = self.wurzel.join(ZAEHLER).join(name);
            let bisher: u64 = fs::read_to_string(&pfad)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(0);
            if nr > bisher {
                atomar_schreiben(&pfad, nr.to_string().as_bytes(), false)?;
            }
        }
        Ok(())
    }

    /// Moves a torn tail to `reparatur/<id>-<time>` and truncates the journal to its last
    /// complete line. Returns the backup's path, or `None` when there was nothing to do.
    pub fn reparieren(&self, id: &str) -> Ergebnis<Option<PathBuf>> {
        let mut j = self.sperren_auch_zerrissen(id)?;
        if !j.inhalt.ist_zerrissen() {
            return Ok(None);
        }
        // A complete, correctly chained last event that only lacks its newline was written
        // whole: it is kept and closed, never moved away.
        if let Ok(e) = serde_json::from_slice::<Eintrag<serde_json::Value>>(j.inhalt.rest())
            && e.nr == j.inhalt.anzahl() as u64 + 1
            && e.vorher == j.inhalt.letzte_zeile().map(hash)
        {
            absturz::schritt();
            j.datei.write_all(b"\n").map_err(io_fehler(&j.pfad))?;
            absturz::schritt();
            j.datei.sync_all().map_err(io_fehler(&j.pfad))?;
            return Ok(None);
        }
        let dir = self.wurzel.join(REPARATUR);
        verzeichnis_anlegen(&dir)?;
        let stempel = Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
        let sicherung = dir.join(format!("{id}-{stempel}"));
        {
            absturz::schritt();
            let mut f = privat(OpenOptions::new().write(true).create_new(true))
                .open(&sicherung)
                .map_err(io_fehler(&sicherung))?;
            modus_setzen(&f, &sicherung)?;
            absturz::schritt();
            f.write_all(j.inhalt.rest())
                .map_err(io_fehler(&sicherung))?;
            absturz::schritt();
            f.sync_all().map_err(io_fehler(&sicherung))?;
        }
        verzeichnis_sync(&dir)?;
        absturz::schritt();
        j.datei
            .set_len(j.inhalt.ganz() as u64)
            .map_err(io_fehler(&j.pfad))?;
        absturz::schritt();
        j.datei.sync_all().map_err(io_fehler(&j.pfad))?;
        Ok(Some(sicherung))
    }
}

// --- the batch (its value is `stapel::Stapel`) ------------------------------------------

impl Register {
    /// The batch, if one is running. A poisoned lock only means another thread panicked;
    /// the value itself is intact.
    pub(super) fn stapel(&self) -> MutexGuard<'_, Option<Stapel>> {
        self.stapel_zelle()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    pub fn im_batch(&self) -> bool {
        self.stapel().is_some()
    }

    /// From now on appends are synced once, by `batch_abschliessen`.
    pub fn batch_beginnen(&self) {
        *self.stapel() = Some(Stapel::default());
    }

    /// Notes a written file for the batch's end; `false` when not in a batch. With syncfs
    /// the paths need not be kept: one call covers them all.
    pub(super) fn vormerken(&self, pfad: &Path) -> bool {
        match self.stapel().as_mut() {
            Some(s) => {
                if plattform::SYNCFS {
                    if s.aufgeschoben.is_empty() {
                        s.aufgeschoben.insert(PathBuf::new());
                    }
                } else {
                    s.aufgeschoben.insert(pfad.to_path_buf());
                }
                true
            }
            None => false,
        }
    }

    /// Reads a small append-only file (empty when absent) and hands its text to `f`; in a
    /// batch from memory while the file is still the one read, with only this process's
    /// appends since (one `stat` instead of a read per line; another process may write
    /// between two lines of a batch).
    pub fn klein_lesen<R>(&self, pfad: &Path, f: impl FnOnce(&str) -> R) -> Ergebnis<R> {
        if self.im_batch() {
            let jetzt = Stand::von(pfad);
            // Taken out for the call (no copy): `f` may ask the register again, and the
            // batch's lock is not held across it.
            let gemerkt = self
                .stapel()
                .as_mut()
                .and_then(|s| s.klein.remove(pfad))
                .filter(|(_, stand)| *stand == jetzt);
            if let Some((text, stand)) = gemerkt {
                let r = f(&text);
                if let Some(s) = self.stapel().as_mut() {
                    s.klein.insert(pfad.to_path_buf(), (text, stand));
                }
                return Ok(r);
            }
        }
        let (text, len) = match fs::read(pfad) {
            // Only complete lines parse; a torn one is skipped by the callers.
            Ok(b) => {
                let len = b.len() as u64;
                let text = String::from_utf8(b)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                (text, len)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => (String::new(), 0),
            Err(e) => return Err(io_fehler(pfad)(e)),
        };
        let r = f(&text);
        if let Some(s) = self.stapel().as_mut() {
            // The state of the bytes as read (an append since is seen next time).
            let stand = Stand {
                len,
                ..Stand::von(pfad)
            };
            s.klein.insert(pfad.to_path_buf(), (text, stand));
        }
        Ok(r)
    }

    /// Keeps the batch's copy of a small file in step with an append of this process
    /// (`neu`: the file was created by it, read again next time).
    pub(super) fn klein_angefuegt(&self, pfad: &Path, puffer: &[u8], neu: bool) {
        if let Some(s) = self.stapel().as_mut() {
            if neu {
                s.klein.remove(pfad);
            } else if let Some((t, stand)) = s.klein.get_mut(pfad) {
                t.push_str(&String::from_utf8_lossy(puffer));
                stand.len += puffer.len() as u64;
            }
        }
    }

    /// Forgets the batch's copy of a file being replaced.
    pub(super) fn klein_vergessen(&self, pfad: &Path) {
        if let Some(s) = self.stapel().as_mut() {
            s.klein.remove(pfad);
        }
    }

    /// In a batch, notes that the lines of `besitzer` go from `pfad` at the batch's end
    /// (`true`); outside a batch nothing is noted (`false`: the caller rewrites now).
    pub fn spaeter_entfernen(&self, pfad: &Path, besitzer: &str) -> bool {
        match self.stapel().as_mut() {
            Some(s) => {
                s.entfernen
                    .entry(pfad.to_path_buf())
                    .or_default()
                    .insert(besitzer.to_string());
                true
            }
            None => false,
        }
    }

    /// Whether this batch has noted `besitzer`'s lines for removal (from any file).
    pub fn entfernen_vorgemerkt(&self, besitzer: &str) -> bool {
        self.stapel()
            .as_ref()
            .is_some_and(|s| s.entfernen.values().any(|b| b.contains(besitzer)))
    }

    /// The removals noted in this batch, taken (the caller rewrites each file once).
    pub fn entfernen_nehmen(&self) -> BTreeMap<PathBuf, HashSet<String>> {
        self.stapel()
            .as_mut()
            .map(|s| std::mem::take(&mut s.entfernen))
            .unwrap_or_default()
    }

    /// Makes every append of the batch durable: one sync per touched file and directory,
    /// or one syncfs. Ends the batch.
    pub fn batch_abschliessen(&self) -> Ergebnis<()> {
        self.protokoll_schreiben()?;
        let Some(stapel) = self.stapel().take() else {
            return Ok(());
        };
        if !stapel.zaehler.is_empty() {
            let sperre = self.sperre()?;
            self.zaehler_schreiben(&sperre, stapel.zaehler)?;
        }
        let liste = stapel.aufgeschoben;
        if liste.is_empty() || syncfs(self.wurzel())? {
            return Ok(());
        }
        // Without syncfs: files first, then the directories that name them.
        let (dirs, dateien): (Vec<_>, Vec<_>) = liste
            .into_iter()
            .filter(|p| !p.as_os_str().is_empty())
            .partition(|p| p.is_dir());
        for pfad in dateien {
            absturz::schreiben().map_err(io_fehler(&pfad))?;
            match File::open(&pfad).and_then(|f| f.sync_data()) {
                // Removed later in the same batch (an erased person): its directory is synced.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                r => r.map_err(io_fehler(&pfad))?,
            }
        }
        for pfad in dirs {
            verzeichnis_sync(&pfad)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(id_gueltig("OPT-2024-007"));
        assert!(id_gueltig("RT-2025-1234"));
        for s in [
            "../etc/passwd",
            "OPT-2024-7",
            "OPT-24-007",
            "opt-2024-007",
            "OPT-2024-007/x",
            "OPT-2024-00a",
            "",
        ] {
            assert!(!id_gueltig(s), "{s}");
        }
    }

    /// In a batch a shard is read once; what another process appends or rewrites between
    /// two lines is still seen, and this process's own appends are kept in step.
    #[test]
    fn stapel_liest_klein_neu_wenn_ein_anderer_schrieb() {
        let dir = tempfile::tempdir().unwrap();
        let reg = Register::oeffnen(&dir.path().join("r")).unwrap();
        let pfad = reg.wurzel().join("klein.jsonl");
        let lesen = |reg: &Register| reg.klein_lesen(&pfad, |t| t.to_string()).unwrap();
        reg.batch_beginnen();
        assert_eq!(lesen(&reg), "");
        reg.zeile_anfuegen(&pfad, b"eigen1").unwrap();
        assert_eq!(lesen(&reg), "\neigen1\n");
        reg.zeile_anfuegen(&pfad, b"eigen2").unwrap();
        assert_eq!(lesen(&reg), "\neigen1\n\neigen2\n");
        // Another process appends (same length as one of ours would be: no guess).
        let mut f = OpenOptions::new().append(true).open(&pfad).unwrap();
        f.write_all(b"\nfremd1\n").unwrap();
        assert_eq!(lesen(&reg), "\neigen1\n\neigen2\n\nfremd1\n");
        reg.zeile_anfuegen(&pfad, b"eigen3").unwrap();
        assert!(lesen(&reg).ends_with("\nfremd1\n\neigen3\n"));
        // Another process rewrites the file to the same length: another file, read again.
        let anders = "\nanders\n".repeat(4) + "\nxxx\n";
        let laenge = lesen(&reg).len();
        let ersatz: String = anders.chars().cycle().take(laenge).collect();
        atomar_schreiben(&pfad, ersatz.as_bytes(), false).unwrap();
        assert_eq!(lesen(&reg), ersatz);
        // The file removed: empty, as outside a batch.
        fs::remove_file(&pfad).unwrap();
        assert_eq!(lesen(&reg), "");
        reg.batch_abschliessen().unwrap();
    }

    #[test]
    fn inhalt_erkennt_zerrissenen_rest() {
        let i = Inhalt::neu(b"a\nb\nc".to_vec());
        assert_eq!(i.zeilen().collect::<Vec<_>>(), vec![&b"a"[..], b"b"]);
        assert_eq!(i.rest(), b"c");
        assert!(i.ist_zerrissen());
        assert_eq!(i.letzte_zeile(), Some(&b"b"[..]));
        let leer = Inhalt::neu(Vec::new());
        assert_eq!(leer.anzahl(), 0);
        assert!(!leer.ist_zerrissen());
    }

    #[test]
    fn anhaengen_kettet_und_pruefen_findet_aenderung() {
        let dir = tempfile::tempdir().unwrap();
        let r = Register::oeffnen(dir.path()).unwrap();
        let s = r.sperre().unwrap();
        let id = r.naechste_id(&s, "RT", 2025).unwrap();
        assert_eq!(id, "RT-2025-001");
        let d = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        drop(
            r.anlegen(&s, &id, d, "t", &serde_json::json!({"typ": "x"}))
                .unwrap(),
        );
        assert_eq!(r.naechste_id(&s, "RT", 2025).unwrap(), "RT-2025-002");
        {
            let mut j = r.sperren(&id).unwrap();
            j.anhaengen(&r, d, "t", &serde_json::json!({"typ": "y"}))
                .unwrap();
            j.anhaengen(&r, d, "t", &serde_json::json!({"typ": "z"}))
                .unwrap();
        }
        let inhalt = r.lesen(&id).unwrap();
        assert_eq!(inhalt.anzahl(), 3);
        assert!(kette_pruefen(&id, &inhalt).is_empty());
        let pfad = r.pfad(&id);
        let text = fs::read_to_string(&pfad).unwrap().replace("\"y\"", "\"Y\"");
        fs::write(&pfad, text).unwrap();
        let befunde = kette_pruefen(&id, &r.lesen(&id).unwrap());
        assert_eq!(befunde.len(), 1);
        assert_eq!(befunde[0].zeile, 2, "the edited line itself");
    }
}
