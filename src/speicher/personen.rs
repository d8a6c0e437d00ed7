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

use crate::speicher::datei;
use crate::speicher::fehler::{SpeicherFehler, io_fehler};
use crate::speicher::freitext::Schluessel;
use crate::speicher::journal::{Register, Sperre};
use crate::speicher::kette::hash;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
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

/// What `verwaist` found: a person record, index line, name line or temp file that no case
/// stands behind. Says where, never who.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verwaist {
    pub datei: String,
    pub was: &'static str,
    /// The case the orphan claims (none for a temp file or name line).
    pub fall: Option<String>,
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

/// The name index is complete (and built the current way: folded spellings, prefixes).
/// An index of an earlier version has another marker and is rebuilt at the first search.
const NAMEN_FERTIG: &str = "fertig-4";

/// A name as it is searched: lower case, umlauts folded (`ü` = `ue` = `u`, also `ä`/`ae`,
/// `ö`/`oe`), accents dropped, `ß` = `ss`. Both the index and the query are folded the same
/// way, so any of these spellings finds the others.
pub fn falten(wort: &str) -> String {
    let klein = wort.to_lowercase();
    let mut aus = String::with_capacity(klein.len());
    let mut zeichen = klein.chars().peekable();
    while let Some(c) = zeichen.next() {
        match c {
            'a' | 'o' | 'u' if zeichen.peek() == Some(&'e') => {
                zeichen.next();
                aus.push(c);
            }
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => aus.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' => aus.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => aus.push('u'),
            'é' | 'è' | 'ê' | 'ë' => aus.push('e'),
            'ï' | 'î' | 'í' | 'ì' => aus.push('i'),
            'ç' => aus.push('c'),
            'ñ' => aus.push('n'),
            'ß' => aus.push_str("ss"),
            c => aus.push(c),
        }
    }
    aus
}

/// The salt, read once per process: an import asks for every application.
static SALZ: std::sync::Mutex<Option<(PathBuf, String)>> = std::sync::Mutex::new(None);

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

    /// Whether this process has read (or made) the store's salt already: then it exists
    /// (a salt is never removed), and an import need not ask the file system per line.
    fn salz_bekannt(&self) -> bool {
        SALZ.lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|(dir, _)| *dir == self.dir)
    }

    fn salz(&self) -> Ergebnis<String> {
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
                datei::verzeichnis_anlegen(&self.dir.join("index"))?;
                // A new store keeps its name index complete from the first person on.
                datei::verzeichnis_anlegen(&self.dir.join("namen"))?;
                datei::atomar_schreiben(&self.dir.join("namen").join(NAMEN_FERTIG), b"1\n", true)?;
                let s = zufall()?;
                datei::atomar_schreiben(&pfad, s.as_bytes(), true)?;
                datei::verzeichnis_sync(&self.dir)?;
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
        let key = hash(text.as_bytes())[..32].to_string();
        let pfad = self.dir.join("index").join(format!("{}.jsonl", &key[..2]));
        Ok((key, pfad))
    }

    /// The salted key of a name token, and the name-index shard that holds it.
    fn namens_schluessel(&self, token: &str) -> Ergebnis<(String, PathBuf)> {
        let salz = self.salz()?;
        let key = hash(format!("{salz}:name:{token}").as_bytes())[..32].to_string();
        let pfad = self.dir.join("namen").join(format!("{}.jsonl", &key[..2]));
        Ok((key, pfad))
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

    /// What the name index holds of a person: every word of name and first name, folded.
    fn person_tokens(p: &Person) -> Vec<String> {
        let mut t = Self::namenswoerter(p);
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
        let fertig = self.dir.join("namen").join(NAMEN_FERTIG);
        super::absturz::schritt();
        match fs::remove_file(&fertig) {
            Ok(()) => {
                datei::verzeichnis_sync(&self.dir.join("namen"))?;
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
            datei::atomar_schreiben(&self.dir.join("namen").join(NAMEN_FERTIG), b"1\n", false)?;
        }
        Ok(())
    }

    /// Builds the name index once for a register that predates it or holds an index of an
    /// earlier version (marker [`NAMEN_FERTIG`]): the old shards go first, so that no line
    /// of an erased person stays behind under an old key.
    fn namensindex_sicherstellen(&self, sperre: &Sperre) -> Ergebnis<()> {
        let fertig = self.dir.join("namen").join(NAMEN_FERTIG);
        if fertig.exists() || !self.dir.join("salz").exists() {
            return Ok(());
        }
        let _ = sperre;
        let namen = self.dir.join("namen");
        datei::verzeichnis_anlegen(&namen)?;
        for e in fs::read_dir(&namen).map_err(io_fehler(&namen))? {
            let pfad = e.map_err(io_fehler(&namen))?.path();
            let alte_marke = pfad
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("fertig"));
            if pfad.extension().is_some_and(|x| x == "jsonl") || alte_marke {
                fs::remove_file(&pfad).map_err(io_fehler(&pfad))?;
            }
        }
        datei::verzeichnis_sync(&namen)?;
        for i in 0..=255u8 {
            let text = Self::lesen_text(&self.dir.join(format!("{i:02x}.jsonl")))?;
            for z in text.lines() {
                if let Ok(p) = serde_json::from_str::<Person>(z) {
                    self.namen_eintragen(&p)?;
                }
            }
        }
        datei::atomar_schreiben(&fertig, b"1\n", true)
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
        // The index of an earlier version goes (its lines would outlive an erasure).
        self.namensindex_sicherstellen(sperre)?;
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
        self.vormerken(
            sperre,
            &Schwebend {
                fall: person.fall.clone(),
                person: Some(pseudonym.clone()),
                loeschen: ersetzt.map(String::from),
                pid: Some(std::process::id()),
            },
        )?;
        let mut eintrag = person.clone();
        eintrag.pseudonym = pseudonym.clone();
        eintrag.schluessel = Some(freitext.text());
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
        dateien.sort_by_key(|(pfad, _)| self.art_von(pfad) == "person");
        for (pfad, weg) in dateien {
            let art = self.art_von(&pfad);
            self.umschreiben(&pfad, |z| {
                Self::zeile_person(art, z).is_some_and(|(p, _)| !weg.contains(&p))
            })?;
        }
        Ok(())
    }

    /// The kind of lines a shard of this store holds, by its directory.
    fn art_von(&self, pfad: &Path) -> &'static str {
        match pfad.parent() {
            Some(d) if d == self.dir.join("index") => "index",
            Some(d) if d == self.dir.join("namen") => "namen",
            _ => "person",
        }
    }

    /// The shards that hold lines of a person (record, AHV index, name index), existing
    /// ones only; none once the record is gone.
    fn dateien_der_person(&self, pseudonym: &str) -> Ergebnis<Vec<(PathBuf, &'static str)>> {
        let Some(person) = self.lesen(pseudonym)? else {
            return Ok(Vec::new());
        };
        let praefix = person.fall.split('-').next().unwrap_or_default();
        let (_, index_pfad) = self.schluessel(praefix, &person.ahv)?;
        let mut dateien = vec![(index_pfad, "index")];
        // The name index: every shard one of the person's tokens lives in.
        let nadel = format!("\"person\":\"{pseudonym}\"");
        for token in Self::person_tokens(&person) {
            let (_, pfad) = self.namens_schluessel(&token)?;
            if dateien.iter().any(|(p, _)| *p == pfad) {
                continue;
            }
            // Lines a batch has not written yet (the person was recorded in the same batch).
            self.register.abgeleitet_entfernen(&pfad, &nadel);
            if pfad.exists() {
                dateien.push((pfad, "namen"));
            }
        }
        // The record last: it is what finds the others.
        dateien.push((self.personen_pfad(pseudonym), "person"));
        Ok(dateien)
    }

    /// Announces a change of the person store before it is made (synced outside a batch).
    fn vormerken(&self, _sperre: &Sperre, e: &Schwebend) -> Ergebnis<()> {
        let zeile = serde_json::to_vec(e).unwrap_or_default();
        self.register
            .zeile_anfuegen(&self.dir.join(SCHWEBEND), &zeile)
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
        super::absturz::schritt();
        match fs::remove_file(&pfad) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_fehler(&pfad)(e)),
            _ => Ok(()),
        }
    }

    /// Whether the complete lines of a case's journal name a pseudonym (a torn last line
    /// was never acknowledged). An id that is no case id names nothing.
    fn journal_nennt(&self, fall: &str, pseudonym: &str) -> bool {
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
        super::absturz::schritt();
        match fs::remove_file(&pfad) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_fehler(&pfad)(e)),
            _ => Ok(()),
        }
    }

    /// The directories of the store whose shards are rewritten.
    fn shard_verzeichnisse(&self) -> [PathBuf; 3] {
        [
            self.dir.clone(),
            self.dir.join("index"),
            self.dir.join("namen"),
        ]
    }

    /// Temp copies of shards (`xx.jsonl.<pid>.tmp`) left by a killed rewrite: they hold
    /// other persons' records.
    fn reste(&self) -> Ergebnis<Vec<PathBuf>> {
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

    fn reste_entfernen(&self) -> Ergebnis<()> {
        for pfad in self.reste()? {
            super::absturz::schritt();
            match fs::remove_file(&pfad) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_fehler(&pfad)(e)),
                _ => {}
            }
        }
        Ok(())
    }

    /// Every shard file of the store, with what kind of lines it holds.
    fn shards(&self) -> Vec<(PathBuf, &'static str)> {
        let mut alle = Vec::new();
        for (dir, art) in self
            .shard_verzeichnisse()
            .into_iter()
            .zip(["person", "index", "namen"])
        {
            for i in 0..=255u8 {
                alle.push((dir.join(format!("{i:02x}.jsonl")), art));
            }
        }
        alle
    }

    /// The pseudonym a line of a shard belongs to; `None` for a line that does not parse
    /// (cut short by a crash or a full disk: it may still hold part of a person).
    fn zeile_person(art: &str, z: &str) -> Option<(String, Option<String>)> {
        /// Only what identifies the line's owner, borrowed (no copy of the person's data).
        #[derive(Deserialize)]
        struct Kopf<'a> {
            #[serde(borrow, default)]
            pseudonym: Option<std::borrow::Cow<'a, str>>,
            #[serde(borrow, default)]
            person: Option<std::borrow::Cow<'a, str>>,
            #[serde(borrow, default)]
            fall: Option<std::borrow::Cow<'a, str>>,
            #[serde(borrow, default)]
            name: Option<std::borrow::Cow<'a, str>>,
            #[serde(borrow, default)]
            schluessel: Option<std::borrow::Cow<'a, str>>,
        }
        let k: Kopf = serde_json::from_str(z).ok()?;
        match art {
            // A record is complete with its name; an index line with its key and case.
            "person" => Some((k.pseudonym?.into_owned(), Some(k.fall?.into_owned())))
                .filter(|_| k.name.is_some()),
            "index" => Some((k.person?.into_owned(), Some(k.fall?.into_owned())))
                .filter(|_| k.schluessel.is_some()),
            _ => Some((k.person?.into_owned(), None)),
        }
    }

    /// Everything in the store no case stands behind: records, index and name lines whose
    /// pseudonym no journal names as its person (`in_gebrauch`), torn lines, temp copies.
    /// `bekannt`: the cases the caller replayed; a record of a case made since (the caller
    /// did not hold the register lock) counts when its journal names it.
    pub fn verwaist(
        &self,
        in_gebrauch: &HashSet<String>,
        bekannt: &HashSet<String>,
    ) -> Ergebnis<Vec<Verwaist>> {
        // Records come first (`shards`): one of a case made since the caller's replay joins
        // `in_gebrauch` there, so that its index and name lines count as used too.
        let mut neu_in_gebrauch: HashSet<String> = HashSet::new();
        let wurzel = self.register.wurzel();
        let relativ = |p: &Path| {
            p.strip_prefix(wurzel)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        };
        let mut funde = Vec::new();
        for (pfad, art) in self.shards() {
            let text = Self::lesen_text(&pfad)?;
            for z in text.split('\n').filter(|z| !z.trim().is_empty()) {
                let (was, fall) = match Self::zeile_person(art, z) {
                    Some((p, _)) if in_gebrauch.contains(&p) || neu_in_gebrauch.contains(&p) => {
                        continue;
                    }
                    Some((p, Some(f)))
                        if art == "person"
                            && !bekannt.contains(&f)
                            && self.journal_nennt(&f, &p) =>
                    {
                        neu_in_gebrauch.insert(p);
                        continue;
                    }
                    Some((_, fall)) => (
                        match art {
                            "person" => "Personendatensatz ohne Fall",
                            "index" => "AHV-Indexzeile ohne Fall",
                            _ => "Namensindex-Zeile ohne Fall",
                        },
                        fall,
                    ),
                    None => ("unvollständige Zeile", None),
                };
                funde.push(Verwaist {
                    datei: relativ(&pfad),
                    was,
                    fall,
                });
            }
        }
        for pfad in self.reste()? {
            funde.push(Verwaist {
                datei: relativ(&pfad),
                was: "temporäre Kopie eines Teils (Absturz beim Umschreiben)",
                fall: None,
            });
        }
        Ok(funde)
    }

    /// Removes everything `verwaist` finds, under the register lock (no new person can
    /// appear meanwhile). Nothing is moved aside: it is personal data without a case.
    pub fn aufraeumen(&self, sperre: &Sperre, in_gebrauch: &HashSet<String>) -> Ergebnis<usize> {
        self.register.personen_geprueft_zuruecksetzen();
        self.wiederherstellen(sperre)?;
        let mut entfernt = 0;
        for (pfad, art) in self.shards() {
            let text = Self::lesen_text(&pfad)?;
            let weg = text
                .split('\n')
                .filter(|z| !z.trim().is_empty())
                .filter(|z| {
                    Self::zeile_person(art, z).is_none_or(|(p, _)| !in_gebrauch.contains(&p))
                })
                .count();
            if weg > 0 {
                self.umschreiben(&pfad, |z| {
                    Self::zeile_person(art, z).is_some_and(|(p, _)| in_gebrauch.contains(&p))
                })?;
                entfernt += weg;
            }
        }
        entfernt += self.reste()?.len();
        self.reste_entfernen()?;
        Ok(entfernt)
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
        // Nor a line of the name index (every prefix key) under its pseudonym.
        assert!(
            !text.contains(&a),
            "a name-index line of the erased person is left"
        );
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

    /// A register whose name index was built by an earlier version (marker `fertig`, keys
    /// of unfolded whole words) is rebuilt at the first search, old shards removed.
    #[test]
    fn alter_namensindex_wird_neu_gebaut() {
        let dir = tempfile::tempdir().unwrap();
        let reg = Register::oeffnen(&dir.path().join("reg")).unwrap();
        let p = Personen::neu(&reg);
        let sperre = reg.sperre().unwrap();
        let (a, _) = p
            .erfassen(
                &sperre,
                &person("Bürgi", "756.0009.9000.13", "OPT-2024-001"),
                None,
            )
            .unwrap();
        p.abschliessen(Some(&sperre)).unwrap();
        let namen = dir.path().join("reg/personen/namen");
        // As an earlier version left it: its marker and a shard with a stale line.
        std::fs::remove_file(namen.join(NAMEN_FERTIG)).unwrap();
        std::fs::write(namen.join("fertig"), "1\n").unwrap();
        for e in std::fs::read_dir(&namen).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "jsonl") {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        std::fs::write(
            namen.join("ff.jsonl"),
            "{\"schluessel\":\"alt\",\"person\":\"P-weg\"}\n",
        )
        .unwrap();
        assert_eq!(p.suchen_name(&sperre, "Buergi").unwrap().len(), 1);
        assert!(namen.join(NAMEN_FERTIG).exists());
        assert!(!namen.join("fertig").exists());
        let alles: String = std::fs::read_dir(&namen)
            .unwrap()
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect();
        assert!(!alles.contains("P-weg") && alles.contains(&a));
    }
}
