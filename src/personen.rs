//! The erasable person store under `<data-dir>/personen/`: the only place that holds a
//! name, first name, AHV number or birth date.
//!
//! - `personen/<pseudonym>.json`: one record per case; the journal names only the pseudonym,
//!   which is random, so that nothing links an erased case back to a person.
//! - `personen/index/<key>.json`: a hard link to the record of the person's *latest* case,
//!   keyed by a salted hash of the AHV number. A new application needs every earlier case of
//!   the person closed, so only the latest one can be open: "one open case per person" reads
//!   one file, and the index costs no file of its own.

use crate::journal::{self, Register, SpeicherFehler, Sperre, io_fehler};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub vorname: String,
    pub ahv: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geburtsdatum: Option<NaiveDate>,
    pub fall: String,
}

pub struct Personen<'r> {
    register: &'r Register,
    dir: PathBuf,
}

type Ergebnis<T> = Result<T, SpeicherFehler>;

/// 16 random bytes as hex, from the OS-seeded hasher keys of std (no extra crate needed),
/// mixed through SHA-256 with the time and process id.
fn zufall() -> String {
    let mut h = Sha256::new();
    let jetzt = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    h.update(jetzt.to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    for i in 0u8..4 {
        let mut s = std::collections::hash_map::RandomState::new().build_hasher();
        s.write_u8(i);
        h.update(s.finish().to_le_bytes());
    }
    journal::hash(&h.finalize())[..32].to_string()
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
                let s = zufall();
                journal::atomar_schreiben(&pfad, s.as_bytes(), true)?;
                journal::verzeichnis_sync(&self.dir)?;
                s
            }
            Err(e) => return Err(io_fehler(&pfad)(e)),
        };
        *gemerkt = Some((self.dir.clone(), s.clone()));
        Ok(s)
    }

    fn index_pfad(&self, ahv: &str) -> Ergebnis<PathBuf> {
        let salz = self.salz()?;
        let key = journal::hash(format!("{salz}:{ahv}").as_bytes());
        Ok(self.dir.join("index").join(format!("{}.json", &key[..32])))
    }

    fn datei_lesen(pfad: &Path) -> Ergebnis<Option<Person>> {
        match fs::read(pfad) {
            Ok(b) => serde_json::from_slice(&b).map(Some).map_err(|_| {
                SpeicherFehler::Format(format!(
                    "Personendatensatz {} ist unlesbar – 'iiz pruefen' ausführen.",
                    pfad.display()
                ))
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_fehler(pfad)(e)),
        }
    }

    /// The person's latest case, the only one that can still be open.
    pub fn letzter_fall(&self, _sperre: &Sperre, ahv: &str) -> Ergebnis<Option<String>> {
        // No salt yet means no person yet; do not create one on a mere look-up.
        if !self.dir.join("salz").exists() {
            return Ok(None);
        }
        Ok(Self::datei_lesen(&self.index_pfad(ahv)?)?.map(|p| p.fall))
    }

    /// Stores the person of a new case and returns the pseudonym for its journal.
    /// Written before the journal, so that a crash leaves at most an unused record.
    pub fn erfassen(&self, _sperre: &Sperre, person: &Person) -> Ergebnis<String> {
        journal::verzeichnis_anlegen(&self.dir)?;
        let index_pfad = self.index_pfad(&person.ahv)?;
        let pseudonym = format!("P-{}", zufall());
        let pfad = self.dir.join(format!("{pseudonym}.json"));
        let text = serde_json::to_vec(person).unwrap_or_default();
        if !self.register.neu_schreiben(&pfad, &text)? {
            return Err(SpeicherFehler::Format(format!(
                "Pseudonym {pseudonym} ist bereits vergeben – Befehl wiederholen."
            )));
        }
        self.register.verknuepfen(&pfad, &index_pfad)?;
        Ok(pseudonym)
    }

    /// The person behind a pseudonym; `None` once erased.
    pub fn lesen(&self, pseudonym: &str) -> Ergebnis<Option<Person>> {
        if !pseudonym_gueltig(pseudonym) {
            return Ok(None);
        }
        Self::datei_lesen(&self.dir.join(format!("{pseudonym}.json")))
    }

    /// Erases the person of one case: the record, and the index when it names this case.
    /// Tolerates a record already gone (a crash after erasing, before the journal recorded
    /// it).
    pub fn loeschen(&self, _sperre: &Sperre, pseudonym: &str) -> Ergebnis<()> {
        let Some(person) = self.lesen(pseudonym)? else {
            return Ok(());
        };
        let index_pfad = self.index_pfad(&person.ahv)?;
        if Self::datei_lesen(&index_pfad)?.is_some_and(|p| p.fall == person.fall) {
            fs::remove_file(&index_pfad).map_err(io_fehler(&index_pfad))?;
        }
        let pfad = self.dir.join(format!("{pseudonym}.json"));
        fs::remove_file(&pfad).map_err(io_fehler(&pfad))?;
        journal::verzeichnis_sync(&self.dir.join("index"))?;
        journal::verzeichnis_sync(&self.dir)
    }
}
