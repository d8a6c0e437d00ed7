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
//! - `personen/schwebend.jsonl`: changes announced before they are made (`schwebend`).
//!
//! The store is split by concern: the records here, the AHV index and salt in `ahv`, the
//! pending changes and crash recovery in `schwebend`, the store's own check in `pruefung`.
//! Earlier versions kept a name index (`personen/namen/`); `suche` reads the records
//! themselves, so the first writer removes it.
//!
//! Appends are one `write` of a line under the register lock; erasure rewrites the two
//! shards without the person's lines (temp file, sync, rename), so no trace remains in any
//! file. A line cut short by a crash is an unacknowledged record: readers skip it, and the
//! next rewrite of its shard drops it.

use crate::speicher::fehler::{SpeicherFehler, io_fehler};
use crate::speicher::freitext::Schluessel;
use crate::speicher::journal::{Register, Sperre};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

mod ahv;
mod pruefung;
mod schwebend;

pub use pruefung::Verwaist;

/// What kind of lines a shard holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Art {
    /// A person record (`personen/<xx>.jsonl`).
    Datensatz,
    /// An AHV-index line (`personen/index/<xx>.jsonl`).
    Index,
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
    /// The case's key for its free text (`speicher::freitext`), set by `erfassen`: erased
    /// with the record, which makes the text unreadable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schluessel: Option<String>,
}

impl Person {
    pub fn freitext_schluessel(&self) -> Option<Schluessel> {
        self.schluessel.as_deref().and_then(Schluessel::aus_text)
    }
}

pub use crate::text::falten;

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

    /// The searchable words of a name or a query: split at spaces, hyphens and commas,
    /// folded ([`falten`]).
    pub fn tokens(text: &str) -> Vec<String> {
        let mut t: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
            .filter(|w| !w.is_empty())
            .map(falten)
            .collect();
        t.sort();
        t.dedup();
        t
    }

    /// The folded words of a person's name and first name.
    fn namenswoerter(p: &Person) -> Vec<String> {
        let mut t = Self::tokens(&p.name);
        t.extend(Self::tokens(&p.vorname));
        t
    }

    /// Persons whose name or first name has a word starting with each word of `text`
    /// (folded: `Bue` finds Bürgi). Read from the records themselves: a salted hash of a
    /// whole word cannot find a beginning or another spelling, and an index of every
    /// beginning made some keys hold nearly every person (and an import several times
    /// slower). One pass over the store – a search at the telephone, not a report.
    pub fn suchen_name(&self, sperre: &Sperre, text: &str) -> Ergebnis<Vec<Person>> {
        let woerter = Self::tokens(text);
        if woerter.is_empty() || !self.dir.join("salz").exists() {
            return Ok(Vec::new());
        }
        // An earlier version's name index goes (its lines would outlive an erasure).
        self.namensindex_entfernen(sperre)?;
        let mut personen = Vec::new();
        for i in 0..=255u8 {
            let text = Self::lesen_text(&self.dir.join(format!("{i:02x}.jsonl")))?;
            for z in text.lines() {
                let Ok(p) = serde_json::from_str::<Person>(z) else {
                    continue;
                };
                let namen = Self::namenswoerter(&p);
                if woerter
                    .iter()
                    .all(|w| namen.iter().any(|n| n.starts_with(w.as_str())))
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

    /// Stores the person of a new case and returns the pseudonym for its journal. Written
    /// before the journal, announced first in `schwebend.jsonl`: until the journal names the
    /// pseudonym and `abschliessen` runs, a crash is undone by `wiederherstellen` (the record
    /// goes), so no person stays without its case. `ersetzt`: the person record this one
    /// replaces (`--ersetzt`), erased once the journal names the new one.
    pub fn erfassen(
        &self,
        sperre: &Sperre,
        person: &Person,
        ersetzt: Option<&str>,
    ) -> Ergebnis<(String, Schluessel)> {
        let praefix = person.fall.split('-').next().unwrap_or_default();
        let (key, index_pfad) = self.schluessel(praefix, &person.ahv)?;
        let pseudonym = format!("P-{}", zufall()?);
        // A replacement (`--ersetzt`) keeps the case's key: its earlier text stays readable.
        let freitext = match person.freitext_schluessel() {
            Some(k) => k,
            None => Schluessel::neu()?,
        };
        self.neu_vormerken(sperre, &person.fall, &pseudonym, ersetzt)?;
        let mut eintrag = person.clone();
        eintrag.pseudonym = pseudonym.clone();
        eintrag.schluessel = Some(freitext.text());
        let zeile = serde_json::to_vec(&eintrag).unwrap_or_default();
        self.register
            .zeile_anfuegen(&self.personen_pfad(&pseudonym), &zeile)?;
        self.index_anfuegen(&index_pfad, key, &person.fall, &pseudonym)?;
        Ok((pseudonym, freitext))
    }

    /// The person behind a pseudonym; `None` once erased.
    pub fn lesen(&self, pseudonym: &str) -> Ergebnis<Option<Person>> {
        // Erased earlier in this batch (its lines go at the batch's end).
        if !pseudonym_gueltig(pseudonym) || self.register.entfernen_vorgemerkt(pseudonym) {
            return Ok(None);
        }
        let nadel = format!("\"pseudonym\":\"{pseudonym}\"");
        // Through the register's cache: in a batch each shard is read once.
        self.register
            .klein_lesen(&self.personen_pfad(pseudonym), |text| {
                let mut start = 0;
                while let Some(i) = text[start..].find(&nadel).map(|i| i + start) {
                    if let Ok(p) = serde_json::from_str::<Person>(zeile_um(text, i)) {
                        return Some(p);
                    }
                    start = i + nadel.len();
                }
                None
            })
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

    /// The pseudonyms of the records that claim one of `faelle` (cases a check could not
    /// read: their records are kept until the journal is readable again).
    pub fn pseudonyme_der_faelle(&self, faelle: &HashSet<String>) -> Ergebnis<HashSet<String>> {
        let mut alle = HashSet::new();
        if faelle.is_empty() {
            return Ok(alle);
        }
        for i in 0..=255u8 {
            let text = Self::lesen_text(&self.dir.join(format!("{i:02x}.jsonl")))?;
            for z in text.lines() {
                if let Ok(p) = serde_json::from_str::<Person>(z)
                    && faelle.contains(&p.fall)
                {
                    alle.insert(p.pseudonym);
                }
            }
        }
        Ok(alle)
    }

    /// Gives every record without a free-text key one (a migration from format 1); returns
    /// every record's case, pseudonym and key.
    pub fn schluessel_ergaenzen(
        &self,
        _sperre: &Sperre,
    ) -> Ergebnis<Vec<(String, String, Schluessel)>> {
        let mut alle = Vec::new();
        for i in 0..=255u8 {
            let pfad = self.dir.join(format!("{i:02x}.jsonl"));
            let text = Self::lesen_text(&pfad)?;
            if text.is_empty() {
                continue;
            }
            let mut neu = String::new();
            let mut geaendert = false;
            for z in text.lines().filter(|z| !z.trim().is_empty()) {
                match serde_json::from_str::<Person>(z) {
                    Ok(mut p) => {
                        let k = match p.freitext_schluessel() {
                            Some(k) => k,
                            None => {
                                let k = Schluessel::neu()?;
                                p.schluessel = Some(k.text());
                                geaendert = true;
                                k
                            }
                        };
                        neu.push_str(&serde_json::to_string(&p).unwrap_or_default());
                        neu.push('\n');
                        alle.push((p.fall, p.pseudonym, k));
                    }
                    // A torn line: dropped like any rewrite drops it.
                    Err(_) => geaendert = true,
                }
            }
            if geaendert {
                self.register.ersetzen(&pfad, neu.as_bytes())?;
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
        for (pfad, art) in self.dateien_der_person(pseudonym)? {
            self.umschreiben(&pfad, |z| {
                Self::zeile_person(art, z).is_some_and(|(p, _)| p != pseudonym)
            })?;
        }
        Ok(())
    }

    /// Erases an announced person: now, or in a batch once per shard at its end
    /// (`loeschungen_ausfuehren`), so that a batch with many erasures does not rewrite the
    /// same shards over and over. Until then the batch no longer finds the person.
    fn loeschen_angekuendigt(&self, sperre: &Sperre, pseudonym: &str) -> Ergebnis<()> {
        if !self.register.im_batch() {
            return self.loeschen(sperre, pseudonym);
        }
        for (pfad, _) in self.dateien_der_person(pseudonym)? {
            self.register.spaeter_entfernen(&pfad, pseudonym);
        }
        Ok(())
    }

    /// Erases the record a replacement (`--ersetzt`) was announced to replace, once the
    /// journal names the new one.
    pub fn ersetzte_loeschen(&self, sperre: &Sperre, pseudonym: &str) -> Ergebnis<()> {
        self.loeschen_angekuendigt(sperre, pseudonym)
    }

    /// Rewrites each shard with erasures noted in this batch once, before its sync (under
    /// the register lock, like every rewrite of a shard).
    pub fn loeschungen_ausfuehren(&self, _sperre: &Sperre) -> Ergebnis<()> {
        let mut dateien: Vec<_> = self.register.entfernen_nehmen().into_iter().collect();
        // Records last, as in `loeschen`: a crash in between leaves records that still
        // find their index lines.
        dateien.sort_by_key(|(pfad, _)| self.art_von(pfad) == Art::Datensatz);
        for (pfad, weg) in dateien {
            let art = self.art_von(&pfad);
            self.umschreiben(&pfad, |z| {
                Self::zeile_person(art, z).is_some_and(|(p, _)| !weg.contains(&p))
            })?;
        }
        Ok(())
    }

    /// The kind of lines a shard of this store holds, by its directory.
    fn art_von(&self, pfad: &Path) -> Art {
        match pfad.parent() {
            Some(d) if d == self.dir.join("index") => Art::Index,
            _ => Art::Datensatz,
        }
    }

    /// The shards that hold lines of a person (AHV index, record), existing ones only; none
    /// once the record is gone.
    fn dateien_der_person(&self, pseudonym: &str) -> Ergebnis<Vec<(PathBuf, Art)>> {
        let Some(person) = self.lesen(pseudonym)? else {
            return Ok(Vec::new());
        };
        let praefix = person.fall.split('-').next().unwrap_or_default();
        let (_, index_pfad) = self.schluessel(praefix, &person.ahv)?;
        let mut dateien = vec![(index_pfad, Art::Index)];
        // The record last: it is what finds the others.
        dateien.push((self.personen_pfad(pseudonym), Art::Datensatz));
        Ok(dateien)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speicher::journal::Register;

    fn person(name: &str, ahv: &str, fall: &str) -> Person {
        Person {
            pseudonym: String::new(),
            name: name.into(),
            vorname: "Test".into(),
            ahv: ahv.into(),
            geburtsdatum: None,
            fall: fall.into(),
            schluessel: None,
        }
    }

    #[test]
    fn erfassen_lesen_suchen_loeschen() {
        let dir = tempfile::tempdir().unwrap();
        let reg = Register::oeffnen(&dir.path().join("reg")).unwrap();
        let p = Personen::neu(&reg);
        let sperre = reg.sperre().unwrap();
        let (a, schluessel) = p
            .erfassen(
                &sperre,
                &person("Bürgi", "756.0009.9000.13", "OPT-2024-001"),
                None,
            )
            .unwrap();
        let (b, _) = p
            .erfassen(
                &sperre,
                &person("Muster", "756.0007.0000.05", "RT-2024-001"),
                None,
            )
            .unwrap();
        p.abschliessen(Some(&sperre)).unwrap();
        assert_ne!(a, b);
        let gelesen = p.lesen(&a).unwrap().unwrap();
        assert_eq!(
            (gelesen.name.as_str(), gelesen.fall.as_str()),
            ("Bürgi", "OPT-2024-001")
        );
        assert_eq!(
            gelesen.freitext_schluessel().map(|k| k.text()),
            Some(schluessel.text())
        );
        // By AHV number, within the prefixes asked for.
        let ahv = |praefixe: &[&str]| -> Vec<String> {
            p.suchen_ahv("756.0009.9000.13", praefixe)
                .unwrap()
                .into_iter()
                .map(|x| x.fall)
                .collect()
        };
        assert_eq!(ahv(&["OPT", "RT"]), ["OPT-2024-001"]);
        assert!(ahv(&["RT"]).is_empty());
        // By name (no journal holds one): found, and not found for another name.
        let namen = p.suchen_name(&sperre, "Bürgi").unwrap();
        assert_eq!(namen.len(), 1);
        assert!(p.suchen_name(&sperre, "Niemand").unwrap().is_empty());
        // Any spelling of the umlaut, prefixes from two letters, every word must match.
        for suche in [
            "Buergi",
            "burgi",
            "BÜRGI",
            "Bue",
            "bü",
            "Bürgi Test",
            "te bü",
        ] {
            let t = p.suchen_name(&sperre, suche).unwrap();
            assert_eq!(t.len(), 1, "{suche}");
            assert_eq!(t[0].pseudonym, a, "{suche}");
        }
        for suche in ["Bürgi Niemand", "Bürgis", "ürgi"] {
            assert!(p.suchen_name(&sperre, suche).unwrap().is_empty(), "{suche}");
        }
        assert_eq!(p.pseudonyme().unwrap().len(), 2);
        // Erased: unreadable, not found, and no byte of it left in the store.
        p.loeschen(&sperre, &a).unwrap();
        p.loeschungen_ausfuehren(&sperre).unwrap();
        assert!(p.lesen(&a).unwrap().is_none());
        assert!(p.suchen_name(&sperre, "Bürgi").unwrap().is_empty());
        assert!(p.lesen(&b).unwrap().is_some());
        let mut alles = Vec::new();
        let mut stapel = vec![dir.path().join("reg/personen")];
        while let Some(d) = stapel.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                if e.path().is_dir() {
                    stapel.push(e.path());
                } else {
                    alles.extend(std::fs::read(e.path()).unwrap());
                }
            }
        }
        let text = String::from_utf8_lossy(&alles);
        assert!(!text.contains("Bürgi") && !text.contains("756.0009.9000.13"));
        // Nor any line under its pseudonym.
        assert!(!text.contains(&a), "a line of the erased person is left");
        assert!(text.contains("Muster"));
    }

    #[test]
    fn falten_macht_schreibweisen_gleich() {
        for (a, b) in [
            ("Bürgi", "Buergi"),
            ("Bürgi", "BURGI"),
            ("Jürg", "Juerg"),
            ("Mäder", "Maeder"),
            ("Schönenberger", "Schoenenberger"),
            ("Strauß", "Strauss"),
            ("Rénée", "Renee"),
        ] {
            assert_eq!(falten(a), falten(b), "{a} ~ {b}");
        }
        assert_ne!(falten("Bürgi"), falten("Bergi"));
    }

    /// The name index an earlier version kept (`personen/namen/`) is removed by the first
    /// writer and by a search; a link in its place goes, not what it points to.
    #[test]
    fn alter_namensindex_wird_entfernt() {
        let dir = tempfile::tempdir().unwrap();
        let reg = Register::oeffnen(&dir.path().join("reg")).unwrap();
        let p = Personen::neu(&reg);
        let sperre = reg.sperre().unwrap();
        p.erfassen(
            &sperre,
            &person("Bürgi", "756.0009.9000.13", "OPT-2024-001"),
            None,
        )
        .unwrap();
        p.abschliessen(Some(&sperre)).unwrap();
        let namen = dir.path().join("reg/personen/namen");
        assert!(!namen.exists(), "no name index is written any more");
        std::fs::create_dir_all(&namen).unwrap();
        std::fs::write(namen.join("fertig-4"), "1\n").unwrap();
        std::fs::write(
            namen.join("ff.jsonl"),
            "{\"schluessel\":\"alt\",\"person\":\"P-x\"}\n",
        )
        .unwrap();
        assert_eq!(p.suchen_name(&sperre, "Buergi").unwrap().len(), 1);
        assert!(!namen.exists());
        // A link in its place: the link goes, its target stays.
        let draussen = dir.path().join("draussen");
        std::fs::create_dir(&draussen).unwrap();
        std::fs::write(draussen.join("x"), "bleibt").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&draussen, &namen).unwrap();
            reg.personen_geprueft_zuruecksetzen();
            p.wiederherstellen(&sperre).unwrap();
            assert!(std::fs::symlink_metadata(&namen).is_err());
            assert!(draussen.join("x").exists());
        }
    }
}
