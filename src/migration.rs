//! Format migrations of a data directory, run by the first writing command of a newer iiz
//! (under the register lock, so that concurrent writers wait and then see the new format).
//!
//! 1 → 2: free text becomes erasable (`speicher::freitext`) and the register gets its log
//! (`speicher::protokoll`). Every person record gets a key; every journal line's free-text
//! fields are encrypted with its case's key, and the hash chain is computed anew over the
//! new lines; then the register log is written from every journal line. The free text of a case whose person was
//! already erased is encrypted with a key that is thrown away: unreadable, as erasure
//! promises. A journal whose chain does not verify is left exactly as it is (rewriting it
//! would hide the damage) and named. Before anything changes, journals, person store and
//! counters are copied to `sicherung/format-1-<time>/`.

use crate::fehler::Fehler;
use crate::prozess::{Angebot, MitProzess, Prozess};
use crate::speicher::freitext::{self, Schluessel};
use crate::speicher::journal::{self, FORMAT_VERSION, Inhalt, Register};
use crate::speicher::personen::Personen;
use std::collections::HashMap;

struct Felder;
impl MitProzess for Felder {
    type Aus = &'static [(&'static str, &'static str)];
    fn mit<P: Prozess>(self) -> Self::Aus {
        P::FREITEXT
    }
}

/// The journal with its free text encrypted and its chain computed anew; `None` when
/// nothing changes.
fn umschreiben(
    id: &str,
    inhalt: &Inhalt,
    felder: &[(&str, &str)],
    k: &Schluessel,
) -> Result<Option<Vec<u8>>, Fehler> {
    let mut neu = Vec::new();
    let mut vorher: Option<Vec<u8>> = None;
    for z in inhalt.zeilen() {
        let mut v: serde_json::Value = serde_json::from_slice(z)
            .map_err(|e| Fehler::Intern(format!("{id}: Zeile unlesbar ({e})")))?;
        freitext::verschluesseln(&mut v, felder, k, id)?;
        if let Some(m) = v.as_object_mut() {
            m.insert(
                "vorher".into(),
                vorher
                    .as_deref()
                    .map_or(serde_json::Value::Null, |b| journal::hash(b).into()),
            );
        }
        let zeile = serde_json::to_vec(&v)
            .map_err(|e| Fehler::Intern(format!("{id}: Zeile nicht speicherbar ({e})")))?;
        neu.extend_from_slice(&zeile);
        neu.push(b'\n');
        vorher = Some(zeile);
    }
    // A torn last line stays as it is, for `pruefen --reparieren` to deal with.
    neu.extend_from_slice(inhalt.rest());
    Ok((neu != inhalt.bytes()).then_some(neu))
}

/// Brings the register to the current format; a no-op when it is there already. Returns
/// what the person should know (where the old state lies, which journals stayed as they
/// were), for the caller to say: this module does not print.
pub fn migrieren(reg: &Register) -> Result<Vec<String>, Fehler> {
    if reg.version()? >= FORMAT_VERSION {
        return Ok(Vec::new());
    }
    let sperre = reg.sperre()?;
    // Another process may have migrated while this one waited for the lock.
    let von = reg.version()?;
    if von >= FORMAT_VERSION {
        return Ok(Vec::new());
    }
    let sicherung = reg.migration_sichern(&sperre, von)?;
    let personen = Personen::neu(reg);
    // Each case's key: the record of the person its journal names (the latest one, after a
    // replaced first event).
    let mut kandidaten: HashMap<String, Vec<(String, Schluessel)>> = HashMap::new();
    for (fall, pseudonym, k) in personen.schluessel_ergaenzen(&sperre)? {
        kandidaten.entry(fall).or_default().push((pseudonym, k));
    }
    let mut unveraendert = Vec::new();
    for id in reg.ids()? {
        let Some(angebot) = Angebot::von_id(&id) else {
            continue;
        };
        let inhalt = match reg.lesen(&id) {
            Ok(i) => i,
            Err(_) => {
                unveraendert.push(id);
                continue;
            }
        };
        let kette = journal::kette_pruefen(&id, &inhalt);
        if !(kette.is_empty() || (kette.len() == 1 && inhalt.ist_zerrissen())) {
            unveraendert.push(id);
            continue;
        }
        let text = inhalt.bytes();
        let k = kandidaten
            .get(&id)
            .and_then(|ks| {
                ks.iter()
                    .filter_map(|(p, k)| memchr::memmem::rfind(text, p.as_bytes()).map(|i| (i, k)))
                    .max_by_key(|(i, _)| *i)
                    .map(|(_, k)| k.clone())
            })
            // Erased (or never had a person): a key nobody keeps.
            .map_or_else(Schluessel::neu, Ok)?;
        if let Some(neu) = umschreiben(&id, &inhalt, angebot.mit(Felder), &k)? {
            reg.journal_ersetzen(&sperre, &id, &neu)?;
        }
    }
    // The register log, from the journals as they are now (in case order).
    let mut eintraege = Vec::new();
    for id in reg.ids()? {
        if let Ok(inhalt) = reg.lesen(&id) {
            for (i, z) in inhalt.zeilen().enumerate() {
                eintraege.push((id.clone(), i as u64 + 1, z.to_vec()));
            }
        }
    }
    crate::speicher::protokoll::neu_schreiben(reg.wurzel(), &eintraege)?;
    reg.version_setzen(&sperre, FORMAT_VERSION)?;
    let mut saetze = vec![format!(
        "Register auf Format {FORMAT_VERSION} umgestellt (Freitext verschlüsselt, löschbar). Der alte Stand liegt in {} – er enthält Personendaten im Klartext: nach 'iiz pruefen' löschen.",
        sicherung.display()
    )];
    if !unveraendert.is_empty() {
        saetze.push(format!(
            "{} Journal(e) mit verletzter Prüfsummenkette unverändert gelassen (Freitext unverschlüsselt): {} – 'iiz pruefen' zeigt die Einzelheiten.",
            unveraendert.len(),
            unveraendert.join(", ")
        ));
    }
    Ok(saetze)
}
