//! The AHV index (`personen/index/<xx>.jsonl`) and the store's salt: "one open case per
//! person and process" reads one shard.

use super::{Ergebnis, Person, Personen, zeile_um, zufall};
use crate::speicher::datei;
use crate::speicher::fehler::io_fehler;
use crate::speicher::journal::Sperre;
use crate::speicher::kette::hash;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::PathBuf;

#[derive(Debug, Serialize, Deserialize)]
struct IndexZeile {
    schluessel: String,
    fall: String,
    person: String,
}

impl<'r> Personen<'r> {
    /// Whether this process has read (or made) the store's salt already: then it exists
    /// (a salt is never removed), and an import need not ask the file system per line.
    pub(super) fn salz_bekannt(&self) -> bool {
        self.register.salz().get().is_some()
    }

    /// The store's salt, made with the first person (under the register lock, which every
    /// caller of a first `erfassen` holds). Kept by the register for the process: an import
    /// asks for it for every application, and a salt never changes.
    fn salz(&self) -> Ergebnis<String> {
        if let Some(s) = self.register.salz().get() {
            return Ok(s.clone());
        }
        let pfad = self.dir.join("salz");
        let s = match fs::read_to_string(&pfad) {
            Ok(s) => s.trim().to_string(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                datei::verzeichnis_anlegen(&self.dir.join("index"))?;
                let s = zufall()?;
                datei::atomar_schreiben(&pfad, s.as_bytes(), true)?;
                datei::verzeichnis_sync(&self.dir)?;
                s
            }
            Err(e) => return Err(io_fehler(&pfad)(e)),
        };
        Ok(self.register.salz().get_or_init(|| s).clone())
    }

    /// The salted key of an AHV number within one kind of case (the id prefix: one open case
    /// per person *and* process), and the index shard that holds it. OPTIMA keys keep the
    /// form they had before other processes existed, so existing indexes stay valid.
    pub(super) fn schluessel(&self, praefix: &str, ahv: &str) -> Ergebnis<(String, PathBuf)> {
        let salz = self.salz()?;
        let text = if praefix == "OPT" {
            format!("{salz}:{ahv}")
        } else {
            format!("{salz}:{praefix}:{ahv}")
        };
        let key = hash(text.as_bytes())[..32].to_string();
        let pfad = self.dir.join("index").join(format!("{}.jsonl", &key[..2]));
        Ok((key, pfad))
    }

    /// Every case of a person by AHV number, of every process (from the AHV index).
    pub fn suchen_ahv(&self, ahv: &str, praefixe: &[&str]) -> Ergebnis<Vec<Person>> {
        if !self.dir.join("salz").exists() {
            return Ok(Vec::new());
        }
        let mut personen = Vec::new();
        for praefix in praefixe {
            let (key, pfad) = self.schluessel(praefix, ahv)?;
            let nadel = format!("\"schluessel\":\"{key}\"");
            for z in Self::lesen_text(&pfad)?
                .lines()
                .filter(|z| z.contains(&nadel))
            {
                if let Ok(i) = serde_json::from_str::<IndexZeile>(z)
                    && let Some(p) = self.lesen(&i.person)?
                {
                    personen.push(p);
                }
            }
        }
        Ok(personen)
    }

    /// The person's cases of a process (`praefix`) with their pseudonyms, newest first.
    /// Only the latest real one can still be open; the caller checks each against its
    /// journal, so that a line left by a crash never blocks the person or points to
    /// someone else's case.
    pub fn faelle_von(
        &self,
        _sperre: &Sperre,
        praefix: &str,
        ahv: &str,
    ) -> Ergebnis<Vec<(String, String)>> {
        // No salt yet means no person yet; do not create one on a mere look-up.
        if !self.salz_bekannt() && !self.dir.join("salz").exists() {
            return Ok(Vec::new());
        }
        let (key, pfad) = self.schluessel(praefix, ahv)?;
        let nadel = format!("\"schluessel\":\"{key}\"");
        // One forward search over the shard (vectorised, unlike a search from the end),
        // then newest first.
        self.register.klein_lesen(&pfad, |text| {
            let mut faelle = Vec::new();
            for i in memchr::memmem::find_iter(text.as_bytes(), nadel.as_bytes()) {
                if let Ok(z) = serde_json::from_str::<IndexZeile>(zeile_um(text, i))
                    && !self.register.entfernen_vorgemerkt(&z.person)
                {
                    faelle.push((z.fall, z.person));
                }
            }
            faelle.reverse();
            faelle
        })
    }

    /// Appends the AHV-index line of a new record.
    pub(super) fn index_anfuegen(
        &self,
        pfad: &std::path::Path,
        schluessel: String,
        fall: &str,
        pseudonym: &str,
    ) -> Ergebnis<()> {
        let index = IndexZeile {
            schluessel,
            fall: fall.to_string(),
            person: pseudonym.to_string(),
        };
        self.register
            .zeile_anfuegen(pfad, &serde_json::to_vec(&index).unwrap_or_default())
    }
}
