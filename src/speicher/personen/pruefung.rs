//! The store's own check: every record and index line some case stands behind, nothing
//! left by a crash (`pruefen`, `pruefen --reparieren`).

use super::{Art, Ergebnis, Personen};
use crate::speicher::journal::Sperre;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What `verwaist` found: a person record, index line or temp file that no case
/// stands behind. Says where, never who.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verwaist {
    pub datei: String,
    pub was: &'static str,
    /// The case the orphan claims (none for a temp file or a torn line).
    pub fall: Option<String>,
}

impl<'r> Personen<'r> {
    /// The directories of the store whose shards are rewritten.
    pub(super) fn shard_verzeichnisse(&self) -> [PathBuf; 2] {
        [self.dir.clone(), self.dir.join("index")]
    }

    /// Every shard file of the store, with what kind of lines it holds.
    fn shards(&self) -> Vec<(PathBuf, Art)> {
        let mut alle = Vec::new();
        for (dir, art) in self
            .shard_verzeichnisse()
            .into_iter()
            .zip([Art::Datensatz, Art::Index])
        {
            for i in 0..=255u8 {
                alle.push((dir.join(format!("{i:02x}.jsonl")), art));
            }
        }
        alle
    }

    /// The pseudonym a line of a shard belongs to; `None` for a line that does not parse
    /// (cut short by a crash or a full disk: it may still hold part of a person).
    pub(super) fn zeile_person(art: Art, z: &str) -> Option<(String, Option<String>)> {
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
            Art::Datensatz => Some((k.pseudonym?.into_owned(), Some(k.fall?.into_owned())))
                .filter(|_| k.name.is_some()),
            Art::Index => Some((k.person?.into_owned(), Some(k.fall?.into_owned())))
                .filter(|_| k.schluessel.is_some()),
        }
    }

    /// Everything in the store no case stands behind: records and index lines whose
    /// pseudonym no journal names as its person (`in_gebrauch`), torn lines, temp copies.
    /// `bekannt`: the cases the caller replayed; a record of a case made since (the caller
    /// did not hold the register lock) counts when its journal names it.
    pub fn verwaist(
        &self,
        in_gebrauch: &HashSet<String>,
        bekannt: &HashSet<String>,
    ) -> Ergebnis<Vec<Verwaist>> {
        // Records come first (`shards`): one of a case made since the caller's replay joins
        // `in_gebrauch` there, so that its index lines count as used too.
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
                        if art == Art::Datensatz
                            && !bekannt.contains(&f)
                            && self.journal_nennt(&f, &p) =>
                    {
                        neu_in_gebrauch.insert(p);
                        continue;
                    }
                    Some((_, fall)) => (
                        match art {
                            Art::Datensatz => "Personendatensatz ohne Fall",
                            Art::Index => "AHV-Indexzeile ohne Fall",
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
