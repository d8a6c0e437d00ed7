//! A batch (`import`, `import --altbestand`): many writes, one sync at its end. What a batch
//! holds between its lines is one value, [`Stapel`], kept by the register from
//! `batch_beginnen` to `batch_abschliessen` (the application layer hands the import a guard
//! that ends it); every write below asks it whether to sync now or note the file.
//!
//! A crash inside a batch loses only what was not yet acknowledged: each line's result is
//! printed after its journal line, and the next writer completes the register log and the
//! person store from the journals (`personen::schwebend`, `protokoll_ergaenzen`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::MutexGuard;

use super::absturz;
use super::datei::{syncfs, verzeichnis_sync};
use super::fehler::{Ergebnis, io_fehler};
use super::journal::Register;
use super::plattform;

/// What a batch has noted so far.
#[derive(Default)]
pub struct Stapel {
    /// Files (and directories) to sync once at the end instead of after each append; with
    /// syncfs only a marker that something was written.
    aufgeschoben: BTreeSet<PathBuf>,
    /// Small append-only files (person store, indexes) as read, kept in step with this
    /// process's appends, so that a batch reads each shard once, not once per line. With
    /// each text the file's identity and length it belongs to: another process's append or
    /// rewrite (between two lines of the batch) makes it stale, and it is read again.
    klein: HashMap<PathBuf, (String, Stand)>,
    /// Last id number per `<prefix>-<year>` allocated, written at the end.
    pub(super) zaehler: BTreeMap<String, u64>,
    /// Per small file, the owners whose lines go at the end (erasures already announced,
    /// so that a crash before then is finished by the next writer). One rewrite per file
    /// and batch instead of one per erasure.
    entfernen: BTreeMap<PathBuf, HashSet<String>>,
    /// Register-log entries not yet written (a few thousand at a time, and at the end).
    pub(super) protokoll: Vec<(String, u64, Vec<u8>)>,
    /// The `"schluessel"` of the import line being applied (set around each line), written
    /// into the journal line it produces.
    pub(super) import_schluessel: Option<String>,
}

/// What a file looked like when read: its identity (device, inode) and length. The content
/// of an append-only file is still the whole file (an append changes the length, a
/// rewrite the file). An absent file is the empty state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Stand {
    datei: (u64, u64),
    len: u64,
}

impl Stand {
    fn von(pfad: &Path) -> Stand {
        match fs::metadata(pfad) {
            Ok(m) => Stand {
                datei: plattform::identitaet(&m),
                len: m.len(),
            },
            Err(_) => Stand::default(),
        }
    }
}

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
