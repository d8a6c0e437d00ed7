//! The erasable person store under `<data-dir>/personen/`: the only place that holds a
//! name, first name, AHV number or birth date.
//!
//! - `personen/<pseudonym>.json`: one record per case; the journal names only the pseudonym,
//!   which is random, so that nothing links an erased case back to a person.
//! - `personen/index/<key>.json`: the cases of one person, keyed by a salted hash of the AHV
//!   number, so that "one open case per person" reads a few files, not the whole register.

use crate::journal::{self, Register, SpeicherFehler, Sperre};
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

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    faelle: Vec<String>,
}

pub struct Personen<'r> {
    register: &'r Register,
    dir: PathBuf,
}

type Ergebnis<T> = Result<T, SpeicherFehler>;

fn io_fehler(pfad: &Path) -> impl FnOnce(io::Error) -> SpeicherFehler + '_ {
    move |quelle| SpeicherFehler::Io {
        pfad: pfad.to_path_buf(),
        quelle,
    }
}

/// 16 random bytes as hex, from the OS-seeded hasher keys of std (no extra crate needed),
/// mixed through SHA-256 with the time and process id.
fn zufall() -> String {
    let mut h = Sha256::new();
    for _ in 0..4 {
        let mut s = std::collections::hash_map::RandomState::new().build_hasher();
        s.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        s.write_u32(std::process::id());
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
        let pfad = self.dir.join("salz");
        match fs::read_to_string(&pfad) {
            Ok(s) => Ok(s.trim().to_string()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                journal::verzeichnis_anlegen(&self.dir.join("index"))?;
                let s = zufall();
                journal::atomar_schreiben(&pfad, s.as_bytes(), true)?;
                journal::verzeichnis_sync(&self.dir)?;
                Ok(s)
            }
            Err(e) => Err(io_fehler(&pfad)(e)),
        }
    }

    fn index_pfad(&self, ahv: &str) -> Ergebnis<PathBuf> {
        let salz = self.salz()?;
        let key = journal::hash(format!("{salz}:{ahv}").as_bytes());
        Ok(self.dir.join("index").join(format!("{}.json", &key[..32])))
    }

    fn index_lesen(pfad: &Path) -> Ergebnis<Index> {
        match fs::read(pfad) {
            Ok(b) => serde_json::from_slice(&b).map_err(|_| {
                SpeicherFehler::Format(format!(
                    "Personenindex {} ist unlesbar – 'iiz pruefen' ausführen.",
                    pfad.display()
                ))
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Index::default()),
            Err(e) => Err(io_fehler(pfad)(e)),
        }
    }

    fn index_schreiben(&self, pfad: &Path, index: &Index) -> Ergebnis<()> {
        if index.faelle.is_empty() {
            return match fs::remove_file(pfad) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_fehler(pfad)(e)),
                _ => self.register.verzeichnis_dauerhaft(&self.dir.join("index")),
            };
        }
        let text = serde_json::to_vec(index).unwrap_or_default();
        self.register.datei_schreiben(pfad, &text)
    }

    /// The cases recorded for this AHV number (any status); the caller checks which are open.
    pub fn faelle(&self, _sperre: &Sperre, ahv: &str) -> Ergebnis<Vec<String>> {
        // No salt yet means no person yet; do not create one on a mere look-up.
        if !self.dir.join("salz").exists() {
            return Ok(Vec::new());
        }
        Ok(Self::index_lesen(&self.index_pfad(ahv)?)?.faelle)
    }

    /// Stores the person of a new case and returns the pseudonym for its journal.
    /// Written before the journal, so that a crash leaves at most an unused record.
    pub fn erfassen(&self, _sperre: &Sperre, person: &Person) -> Ergebnis<String> {
        journal::verzeichnis_anlegen(&self.dir)?;
        let index_pfad = self.index_pfad(&person.ahv)?;
        let pseudonym = format!("P-{}", zufall());
        let pfad = self.dir.join(format!("{pseudonym}.json"));
        let text = serde_json::to_vec(person).unwrap_or_default();
        self.register.datei_schreiben(&pfad, &text)?;
        let mut index = Self::index_lesen(&index_pfad)?;
        if !index.faelle.contains(&person.fall) {
            index.faelle.push(person.fall.clone());
        }
        self.index_schreiben(&index_pfad, &index)?;
        Ok(pseudonym)
    }

    /// The person behind a pseudonym; `None` once erased.
    pub fn lesen(&self, pseudonym: &str) -> Ergebnis<Option<Person>> {
        if !pseudonym_gueltig(pseudonym) {
            return Ok(None);
        }
        let pfad = self.dir.join(format!("{pseudonym}.json"));
        match fs::read(&pfad) {
            Ok(b) => serde_json::from_slice(&b).map(Some).map_err(|_| {
                SpeicherFehler::Format(format!(
                    "Personendatensatz {} ist unlesbar – 'iiz pruefen' ausführen.",
                    pfad.display()
                ))
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_fehler(&pfad)(e)),
        }
    }

    /// Erases the person of one case: the case leaves the person's index, the record is
    /// deleted. Tolerates a record already gone (a crash after erasing, before the journal
    /// recorded it).
    pub fn loeschen(&self, _sperre: &Sperre, pseudonym: &str) -> Ergebnis<()> {
        let Some(person) = self.lesen(pseudonym)? else {
            return Ok(());
        };
        let index_pfad = self.index_pfad(&person.ahv)?;
        let mut index = Self::index_lesen(&index_pfad)?;
        index.faelle.retain(|f| *f != person.fall);
        self.index_schreiben(&index_pfad, &index)?;
        let pfad = self.dir.join(format!("{pseudonym}.json"));
        fs::remove_file(&pfad).map_err(io_fehler(&pfad))?;
        journal::verzeichnis_sync(&self.dir)
    }
}
