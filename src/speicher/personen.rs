//! The erasable person store under `<data-dir>/personen/`: the only place that holds a
//! name, first name, AHV number or birth date.
//!
//! - `personen/<xx>.jsonl`: one record per case, one line each, in 256 shards chosen by the
//!   first byte of the record's pseudonym. The journal names only the pseudonym, which is
//!   random, so that nothing links an erased case back to a person.
//! - `personen/index/<xx>.jsonl`: lines `(key, case, pseudonym)`, sharded by a salted hash of
//!   the AHV number. A new application needs every earlier case of the person closed, so only
//!   the person's *latest* case can be open: "one open case per person" reads one shard.
//!
//! Appends are one `write` of a line under the register lock; erasure rewrites the two
//! shards without the person's lines (temp file, sync, rename), so no trace remains in any
//! file. A line cut short by a crash is an unacknowledged record: readers skip it, and the
//! next rewrite of its shard drops it.

use crate::speicher::journal::{self, Register, SpeicherFehler, Sperre, io_fehler};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Serialize, Deserialize)]
struct IndexZeile {
    schluessel: String,
    fall: String,
    person: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Set by `erfassen`.
    #[serde(default)]
    pub pseudonym: String,
    pub name: String,
    pub vorname: String,
    pub ahv: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geburtsdatum: Option<NaiveDate>,
    pub fall: String,
}

/// Whether this process removed the name index's completeness marker for a batch.
static ENTFERNT: AtomicBool = AtomicBool::new(false);

pub struct Personen<'r> {
    register: &'r Register,
    dir: PathBuf,
}

type Ergebnis<T> = Result<T, SpeicherFehler>;

/// 16 random bytes from the operating system, as hex. Without a random source no
/// pseudonym can be made: an error, never a weaker value.
fn zufall() -> Ergebnis<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| {
        SpeicherFehler::Format(format!(
            "Keine Zufallszahlen vom Betriebssystem ({e}) – iiz kann keinen Pseudonym bilden."
        ))
    })?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// The whole line of `text` around byte `i`.
fn zeile_um(text: &str, i: usize) -> &str {
    let anfang = text[..i].rfind('\n').map_or(0, |a| a + 1);
    let ende = text[i..].find('\n').map_or(text.len(), |e| e + i);
    &text[anfang..ende]
}

/// A pseudonym is valid only in the form this store hands out (it names a file).
fn pseudonym_gueltig(p: &str) -> bool {
    p.strip_prefix("P-")
        .is_some_and(|h| h.len() == 32 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

impl<'r> Personen<'r> {
    pub fn neu(register: &'r Register) -> Personen<'r> {
        Personen {
            register,
            dir: register.wurzel().join("personen"),
        }
    }

    fn salz(&self) -> Ergebnis<String> {
        // Read once per process: an import asks for every application.
        static SALZ: std::sync::Mutex<Option<(PathBuf, String)>> = std::sync::Mutex::new(None);
        let mut gemerkt = SALZ.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((dir, s)) = gemerkt.as_ref()
            && *dir == self.dir
        {
            return Ok(s.clone());
        }
        let pfad = self.dir.join("salz");
        let s = match fs::read_to_string(&pfad) {
            Ok(s) => s.trim().to_string(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                journal::verzeichnis_anlegen(&self.dir.join("index"))?;
                // A new store keeps its name index complete from the first person on.
                journal::verzeichnis_anlegen(&self.dir.join("namen"))?;
                journal::atomar_schreiben(&self.dir.join("namen").join("fertig"), b"1\n", true)?;
                let s = zufall()?;
                journal::atomar_schreiben(&pfad, s.as_bytes(), true)?;
                journal::verzeichnis_sync(&self.dir)?;
                s
            }
            Err(e) => return Err(io_fehler(&pfad)(e)),
        };
        *gemerkt = Some((self.dir.clone(), s.clone()));
        Ok(s)
    }

    /// The salted key of an AHV number within one kind of case (the id prefix: one open case
    /// per person *and* process), and the index shard that holds it. OPTIMA keys keep the
    /// form they had before other processes existed, so existing indexes stay valid.
    fn schluessel(&self, praefix: &str, ahv: &str) -> Ergebnis<(String, PathBuf)> {
        let salz = self.salz()?;
        let text = if praefix == "OPT" {
            format!("{salz}:{ahv}")
        } else {
            format!("{salz}:{praefix}:{ahv}")
        };
        let key = journal::hash(text.as_bytes())[..32].to_string();
        let pfad = self.dir.join("index").join(format!("{}.jsonl", &key[..2]));
        Ok((key, pfad))
    }

    /// The salted key of a name token, and the name-index shard that holds it.
    fn namens_schluessel(&self, token: &str) -> Ergebnis<(String, PathBuf)> {
        let salz = self.salz()?;
        let key = journal::hash(format!("{salz}:name:{token}").as_bytes())[..32].to_string();
        let pfad = self.dir.join("namen").join(format!("{}.jsonl", &key[..2]));
        Ok((key, pfad))
    }

    /// The searchable tokens of a name: lower case, split at spaces and hyphens.
    pub fn tokens(text: &str) -> Vec<String> {
        let mut t: Vec<String> = text
            .to_lowercase()
            .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
        t.sort();
        t.dedup();
        t
    }

    fn person_tokens(p: &Person) -> Vec<String> {
        let mut t = Self::tokens(&p.name);
        t.extend(Self::tokens(&p.vorname));
        t.sort();
        t.dedup();
        t
    }

    /// Adds a person's name tokens to the name index.
    /// In a batch the lines are written at its end; until then the index is marked
    /// incomplete (marker removed, durably), so that a crash in between leads the next
    /// search to rebuild it instead of missing persons.
    fn namen_eintragen(&self, p: &Person) -> Ergebnis<()> {
        for token in Self::person_tokens(p) {
            let (key, pfad) = self.namens_schluessel(&token)?;
            let zeile = serde_json::json!({"schluessel": key, "person": p.pseudonym});
            if self
                .register
                .abgeleitet_anfuegen(&pfad, zeile.to_string().as_bytes())?
            {
                self.unvollstaendig_markieren()?;
            }
        }
        Ok(())
    }

    /// Removes the "index complete" marker (once per batch) until the batch's end.
    fn unvollstaendig_markieren(&self) -> Ergebnis<()> {
        if ENTFERNT.load(Ordering::SeqCst) {
            return Ok(());
        }
        let fertig = self.dir.join("namen").join("fertig");
        match fs::remove_file(&fertig) {
            Ok(()) => {
                journal::verzeichnis_sync(&self.dir.join("namen"))?;
                ENTFERNT.store(true, Ordering::SeqCst);
            }
            // Absent already (an older register, or a batch that crashed): the next search
            // rebuilds the index, whatever this batch does.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_fehler(&fertig)(e)),
        }
        Ok(())
    }

    /// Marks the name index complete again after a batch wrote its deferred lines (only if
    /// this batch was what made it incomplete).
    pub fn namensindex_abschliessen(&self) -> Ergebnis<()> {
        if ENTFERNT.swap(false, Ordering::SeqCst) {
            journal::atomar_schreiben(&self.dir.join("namen").join("fertig"), b"1\n", false)?;
        }
        Ok(())
    }

    /// Builds the name index once for a register that predates it (marker `namen/fertig`).
    fn namensindex_sicherstellen(&self, sperre: &Sperre) -> Ergebnis<()> {
        let fertig = self.dir.join("namen").join("fertig");
        if fertig.exists() || !self.dir.join("salz").exists() {
            return Ok(());
        }
        let _ = sperre;
        journal::verzeichnis_anlegen(&self.dir.join("namen"))?;
        for i in 0..=255u8 {
            let text = Self::lesen_text(&self.dir.join(format!("{i:02x}.jsonl")))?;
            for z in text.lines() {
                if let Ok(p) = serde_json::from_str::<Person>(z) {
                    self.namen_eintragen(&p)?;
                }
            }
        }
        journal::atomar_schreiben(&fertig, b"1\n", true)
    }

    /// Persons whose name and first name hold every token of `text` (from the name index,
    /// not by reading every record).
    pub fn suchen_name(&self, sperre: &Sperre, text: &str) -> Ergebnis<Vec<Person>> {
        if !self.dir.join("salz").exists() {
            return Ok(Vec::new());
        }
        self.namensindex_sicherstellen(sperre)?;
        let mut treffer: Option<std::collections::BTreeSet<String>> = None;
        for token in Self::tokens(text) {
            let (key, pfad) = self.namens_schluessel(&token)?;
            let nadel = format!("\"schluessel\":\"{key}\"");
            let inhalt = Self::lesen_text(&pfad)?;
            let hier: std::collections::BTreeSet<String> = inhalt
                .lines()
                .filter(|z| z.contains(&nadel))
                .filter_map(|z| serde_json::from_str::<serde_json::Value>(z).ok())
                .filter_map(|v| v["person"].as_str().map(String::from))
                .collect();
            treffer = Some(match treffer {
                None => hier,
                Some(t) => t.intersection(&hier).cloned().collect(),
            });
        }
        let mut personen = Vec::new();
        for p in treffer.unwrap_or_default() {
            if let Some(p) = self.lesen(&p)? {
                personen.push(p);
            }
        }
        Ok(personen)
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

    fn personen_pfad(&self, pseudonym: &str) -> PathBuf {
        self.dir.join(format!("{}.jsonl", &pseudonym[2..4]))
    }

    fn lesen_text(pfad: &Path) -> Ergebnis<String> {
        match fs::read(pfad) {
            // Only complete lines parse; a torn one is skipped by the callers.
            Ok(b) => Ok(String::from_utf8(b)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(io_fehler(pfad)(e)),
        }
    }

    /// The person's latest case of a process (`praefix`), the only one that can still be
    /// open.
    pub fn letzter_fall(
        &self,
        _sperre: &Sperre,
        praefix: &str,
        ahv: &str,
    ) -> Ergebnis<Option<String>> {
        // No salt yet means no person yet; do not create one on a mere look-up.
        if !self.dir.join("salz").exists() {
            return Ok(None);
        }
        let (key, pfad) = self.schluessel(praefix, ahv)?;
        let nadel = format!("\"schluessel\":\"{key}\"");
        // The last complete line of this key (one search over the shard, from the end).
        self.register.klein_lesen(&pfad, |text| {
            let mut ende = text.len();
            while let Some(i) = memchr::memmem::rfind(&text.as_bytes()[..ende], nadel.as_bytes()) {
                if let Ok(z) = serde_json::from_str::<IndexZeile>(zeile_um(text, i)) {
                    return Some(z.fall);
                }
                ende = i;
            }
            None
        })
    }

    /// Stores the person of a new case and returns the pseudonym for its journal.
    /// Written before the journal, so that a crash leaves at most an unused record.
    pub fn erfassen(&self, _sperre: &Sperre, person: &Person) -> Ergebnis<String> {
        let praefix = person.fall.split('-').next().unwrap_or_default();
        let (key, index_pfad) = self.schluessel(praefix, &person.ahv)?;
        let pseudonym = format!("P-{}", zufall()?);
        let mut eintrag = person.clone();
        eintrag.pseudonym = pseudonym.clone();
        let zeile = serde_json::to_vec(&eintrag).unwrap_or_default();
        self.register
            .zeile_anfuegen(&self.personen_pfad(&pseudonym), &zeile)?;
        let index = IndexZeile {
            schluessel: key,
            fall: person.fall.clone(),
            person: pseudonym.clone(),
        };
        self.register
            .zeile_anfuegen(&index_pfad, &serde_json::to_vec(&index).unwrap_or_default())?;
        self.namen_eintragen(&eintrag)?;
        Ok(pseudonym)
    }

    /// The person behind a pseudonym; `None` once erased.
    pub fn lesen(&self, pseudonym: &str) -> Ergebnis<Option<Person>> {
        if !pseudonym_gueltig(pseudonym) {
            return Ok(None);
        }
        let nadel = format!("\"pseudonym\":\"{pseudonym}\"");
        let text = Self::lesen_text(&self.personen_pfad(pseudonym))?;
        let mut start = 0;
        while let Some(i) = text[start..].find(&nadel).map(|i| i + start) {
            if let Ok(p) = serde_json::from_str::<Person>(zeile_um(&text, i)) {
                return Ok(Some(p));
            }
            start = i + nadel.len();
        }
        Ok(None)
    }

    /// Every pseudonym with a record (one pass over the shards, for `pruefen`).
    pub fn pseudonyme(&self) -> Ergebnis<std::collections::HashSet<String>> {
        let mut alle = std::collections::HashSet::new();
        for i in 0..=255u8 {
            let text = Self::lesen_text(&self.dir.join(format!("{i:02x}.jsonl")))?;
            for z in text.lines() {
                if let Ok(p) = serde_json::from_str::<Person>(z) {
                    alle.insert(p.pseudonym);
                }
            }
        }
        Ok(alle)
    }

    /// Rewrites a shard keeping only the complete lines `behalten` accepts.
    fn umschreiben(&self, pfad: &Path, behalten: impl Fn(&str) -> bool) -> Ergebnis<()> {
        let text = Self::lesen_text(pfad)?;
        let rest: String = text
            .lines()
            .filter(|z| !z.trim().is_empty() && behalten(z))
            .map(|z| format!("{z}\n"))
            .collect();
        self.register.ersetzen(pfad, rest.as_bytes())
    }

    /// Erases the person of one case from both shards. Tolerates a record already gone (a
    /// crash after erasing, before the journal recorded it).
    pub fn loeschen(&self, _sperre: &Sperre, pseudonym: &str) -> Ergebnis<()> {
        let Some(person) = self.lesen(pseudonym)? else {
            return Ok(());
        };
        let praefix = person.fall.split('-').next().unwrap_or_default();
        let (_, index_pfad) = self.schluessel(praefix, &person.ahv)?;
        self.umschreiben(&index_pfad, |z| {
            serde_json::from_str::<IndexZeile>(z).is_ok_and(|i| i.person != pseudonym)
        })?;
        // The name index: every shard one of the person's tokens lives in.
        let mut shards: Vec<PathBuf> = Vec::new();
        for token in Self::person_tokens(&person) {
            let (_, pfad) = self.namens_schluessel(&token)?;
            if !shards.contains(&pfad) {
                shards.push(pfad);
            }
        }
        let nadel = format!("\"person\":\"{pseudonym}\"");
        for pfad in shards.iter().filter(|p| p.exists()) {
            self.umschreiben(pfad, |z| !z.contains(&nadel))?;
        }
        self.umschreiben(&self.personen_pfad(pseudonym), |z| {
            serde_json::from_str::<Person>(z).is_ok_and(|p| p.pseudonym != pseudonym)
        })
    }
}
