//! Pending changes and recovery (`personen/schwebend.jsonl`): every change of the store is
//! announced before it is made, so that a crash in between is undone or finished by the
//! next writer.

use super::{Ergebnis, Personen};
use crate::speicher::datei;
use crate::speicher::fehler::io_fehler;
use crate::speicher::journal::Sperre;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::PathBuf;

/// A change of the person store not yet matched by its journal (`schwebend.jsonl`): names
/// only a case id and pseudonyms, never a person.
#[derive(Debug, Serialize, Deserialize)]
struct Schwebend {
    fall: String,
    /// A new record, valid once the case's journal names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    person: Option<String>,
    /// A record to erase (an erasure, or the record `person` replaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    loeschen: Option<String>,
    /// The announcing process: while it lives (a batch between two lines), its
    /// announcements are no crash to undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pid: Option<u32>,
}

const SCHWEBEND: &str = "schwebend.jsonl";

impl<'r> Personen<'r> {
    /// Announces a change of the person store before it is made (synced outside a batch).
    fn vormerken(&self, _sperre: &Sperre, e: &Schwebend) -> Ergebnis<()> {
        let zeile = serde_json::to_vec(e).unwrap_or_default();
        self.register
            .zeile_anfuegen(&self.dir.join(SCHWEBEND), &zeile)
    }

    /// Announces a new record (`pseudonym`, of case `fall`) before it is written; `ersetzt`:
    /// the record it replaces, erased once the journal names the new one.
    pub(super) fn neu_vormerken(
        &self,
        sperre: &Sperre,
        fall: &str,
        pseudonym: &str,
        ersetzt: Option<&str>,
    ) -> Ergebnis<()> {
        self.vormerken(
            sperre,
            &Schwebend {
                fall: fall.to_string(),
                person: Some(pseudonym.to_string()),
                loeschen: ersetzt.map(String::from),
                pid: Some(std::process::id()),
            },
        )
    }

    /// Removes the name index an earlier version kept (`personen/namen/`: salted hashes of
    /// name words with pseudonyms). Nothing reads it any more; kept, it would be one more
    /// place every erasure must find a person's traces in.
    pub(super) fn namensindex_entfernen(&self, _sperre: &Sperre) -> Ergebnis<()> {
        let namen = self.dir.join("namen");
        // Not followed if it is a link: only the link goes.
        match fs::symlink_metadata(&namen) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_fehler(&namen)(e)),
            Ok(m) => {
                crate::speicher::absturz::schritt();
                let weg = if m.is_dir() {
                    fs::remove_dir_all(&namen)
                } else {
                    fs::remove_file(&namen)
                };
                weg.map_err(io_fehler(&namen))?;
                datei::verzeichnis_sync(&self.dir)
            }
        }
    }

    /// Announces a new case without a person (altbestand), so that a crash between its
    /// journal and its register-log line is completed by the next writer.
    pub fn fall_ankuendigen(&self, sperre: &Sperre, fall: &str) -> Ergebnis<()> {
        self.vormerken(
            sperre,
            &Schwebend {
                fall: fall.to_string(),
                person: None,
                loeschen: None,
                pid: Some(std::process::id()),
            },
        )
    }

    /// Erases the person of a case being anonymised: announced first, so that a crash in the
    /// middle of rewriting the shards is finished by the next writer instead of leaving
    /// copies of them behind.
    pub fn loeschen_vorgemerkt(
        &self,
        sperre: &Sperre,
        fall: &str,
        pseudonym: &str,
    ) -> Ergebnis<()> {
        self.vormerken(
            sperre,
            &Schwebend {
                fall: fall.to_string(),
                person: None,
                loeschen: Some(pseudonym.to_string()),
                pid: Some(std::process::id()),
            },
        )?;
        self.loeschen_angekuendigt(sperre, pseudonym)
    }

    /// The announced changes are matched by their journals (durable now, or at the end of
    /// the batch, which calls this after its sync).
    pub fn abschliessen(&self, sperre: Option<&Sperre>) -> Ergebnis<()> {
        if self.register.im_batch() {
            return Ok(());
        }
        // Under the register lock (a batch's end takes it here): only this process's
        // announcements go; another running batch's stay.
        let eigene;
        let _sperre = match sperre {
            Some(s) => s,
            None => {
                eigene = self.register.sperre()?;
                &eigene
            }
        };
        let pfad = self.dir.join(SCHWEBEND);
        let text = Self::lesen_text(&pfad)?;
        let fremde: Vec<&str> = text
            .lines()
            .filter(|z| {
                serde_json::from_str::<Schwebend>(z)
                    .is_ok_and(|e| e.pid.is_some_and(datei::prozess_lebt))
            })
            .collect();
        if !fremde.is_empty() {
            let rest: String = fremde.iter().map(|z| format!("{z}\n")).collect();
            return datei::atomar_schreiben(&pfad, rest.as_bytes(), true);
        }
        crate::speicher::absturz::schritt();
        match fs::remove_file(&pfad) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_fehler(&pfad)(e)),
            _ => Ok(()),
        }
    }

    /// Whether the complete lines of a case's journal name a pseudonym (a torn last line
    /// was never acknowledged). An id that is no case id names nothing.
    pub(super) fn journal_nennt(&self, fall: &str, pseudonym: &str) -> bool {
        self.register.lesen(fall).is_ok_and(|inhalt| {
            inhalt
                .zeilen()
                .any(|z| memchr::memmem::find(z, pseudonym.as_bytes()).is_some())
        })
    }

    /// Undoes what a crashed writer left half done, under the register lock, once per
    /// process (a batch's own announcements are not a crash): a new record its journal does
    /// not name goes; an erasure that was started is finished; temp copies of shards go.
    pub fn wiederherstellen(&self, sperre: &Sperre) -> Ergebnis<()> {
        if self.register.personen_geprueft() {
            return Ok(());
        }
        self.namensindex_entfernen(sperre)?;
        let pfad = self.dir.join(SCHWEBEND);
        let text = Self::lesen_text(&pfad)?;
        if text.is_empty() && !pfad.exists() {
            return Ok(());
        }
        let mut lebende: Vec<&str> = Vec::new();
        let mut faelle: Vec<String> = Vec::new();
        for z in text.lines() {
            let Ok(e) = serde_json::from_str::<Schwebend>(z) else {
                continue;
            };
            // Another process's batch between two lines: not a crash, left as it is.
            if e.pid.is_some_and(datei::prozess_lebt) {
                lebende.push(z);
                continue;
            }
            faelle.push(e.fall.clone());
            let gilt = e.person.as_deref().map(|p| self.journal_nennt(&e.fall, p));
            match (&e.person, gilt) {
                (Some(p), Some(false)) => self.loeschen(sperre, p)?,
                _ => {
                    if let Some(alt) = &e.loeschen {
                        self.loeschen(sperre, alt)?;
                    }
                }
            }
        }
        // The journals of announced cases in the register log (a crash may have come
        // between the journal and its log line).
        self.register.protokoll_ergaenzen(&faelle)?;
        self.reste_entfernen()?;
        // A new journal half made (created aside, not yet or already linked into place).
        for rest in self.register.reste()? {
            self.register.rest_entfernen(sperre, &rest)?;
        }
        if !lebende.is_empty() {
            // Only the living process's announcements stay (under the register lock it
            // cannot append meanwhile).
            let rest: String = lebende.iter().map(|z| format!("{z}\n")).collect();
            return datei::atomar_schreiben(&pfad, rest.as_bytes(), true);
        }
        crate::speicher::absturz::schritt();
        match fs::remove_file(&pfad) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_fehler(&pfad)(e)),
            _ => Ok(()),
        }
    }

    /// Temp copies of shards (`xx.jsonl.<pid>.tmp`) left by a killed rewrite: they hold
    /// other persons' records.
    pub(super) fn reste(&self) -> Ergebnis<Vec<PathBuf>> {
        let mut reste = Vec::new();
        for dir in self.shard_verzeichnisse() {
            let Ok(it) = fs::read_dir(&dir) else {
                continue;
            };
            for e in it {
                let e = e.map_err(io_fehler(&dir))?;
                let name = e.file_name();
                let name = name.to_string_lossy();
                let shard = name.len() > 9
                    && name.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit)
                    && name[2..].starts_with(".jsonl.");
                if shard && name.ends_with(".tmp") {
                    reste.push(e.path());
                }
            }
        }
        Ok(reste)
    }

    pub(super) fn reste_entfernen(&self) -> Ergebnis<()> {
        for pfad in self.reste()? {
            crate::speicher::absturz::schritt();
            match fs::remove_file(&pfad) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_fehler(&pfad)(e)),
                _ => {}
            }
        }
        Ok(())
    }
}
