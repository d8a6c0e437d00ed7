//! A batch (`import`, `import --altbestand`): many writes, one sync at its end. What a batch
//! holds between its lines is one value, [`Stapel`], kept by the register from
//! `batch_beginnen` to `batch_abschliessen` (the application layer hands the import a guard
//! that ends it); every write below asks it whether to sync now or note the file. The value
//! is here; what the register does with it is in `journal` (so that this layer imports
//! nothing above it).
//!
//! A crash inside a batch loses only what was not yet acknowledged: each line's result is
//! printed after its journal line, and the next writer completes the register log and the
//! person store from the journals (`personen::schwebend`, `protokoll_ergaenzen`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::plattform;

/// What a batch has noted so far.
#[derive(Default)]
pub struct Stapel {
    /// Files (and directories) to sync once at the end instead of after each append; with
    /// syncfs only a marker that something was written.
    pub(super) aufgeschoben: BTreeSet<PathBuf>,
    /// Small append-only files (person store, indexes) as read, kept in step with this
    /// process's appends, so that a batch reads each shard once, not once per line. With
    /// each text the file's identity and length it belongs to: another process's append or
    /// rewrite (between two lines of the batch) makes it stale, and it is read again.
    pub(super) klein: HashMap<PathBuf, (String, Stand)>,
    /// Last id number per `<prefix>-<year>` allocated, written at the end.
    pub(super) zaehler: BTreeMap<String, u64>,
    /// Per small file, the owners whose lines go at the end (erasures already announced,
    /// so that a crash before then is finished by the next writer). One rewrite per file
    /// and batch instead of one per erasure.
    pub(super) entfernen: BTreeMap<PathBuf, HashSet<String>>,
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
pub(super) struct Stand {
    pub(super) datei: (u64, u64),
    pub(super) len: u64,
}

impl Stand {
    pub(super) fn von(pfad: &Path) -> Stand {
        match fs::metadata(pfad) {
            Ok(m) => Stand {
                datei: plattform::identitaet(&m),
                len: m.len(),
            },
            Err(_) => Stand::default(),
        }
    }
}
