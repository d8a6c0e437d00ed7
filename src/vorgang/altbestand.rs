//! Writing the cases of the old tool (`import --altbestand`): ordinary journals, written by
//! the user `altbestand` with an empty person, under the register lock for the whole file
//! (a second run of the same file waits, then finds every row applied; no other writer sees
//! the history half loaded). Every line carries the key `altbestand:<file hash>:<row>`, so
//! that a re-run writes nothing twice and a case a killed run left incomplete is completed.
//!
//! The rows are checked by the command before anything is written, and every case again
//! here, by the service's rules for the old tool's cases (`Prozess::altbestand`: the shared
//! frame and the order of the steps, none of today's requirements of content); `pruefen`
//! holds these journals to the same rules.

use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

use super::{Stapel, Umgebung};
use crate::fehler::Fehler;
use crate::prozess::Prozess;
use crate::speicher::journal::{
    Register, Sperre, hash, import_bekannt, import_schluessel_lesen, import_vermerken,
};
use crate::speicher::personen::Personen;

pub use crate::prozess::ALTBESTAND as BENUTZER;

/// A file of the old tool being written: the register lock, and the keys already applied.
pub struct Altbestand<'u> {
    // Dropped in this order on an early return: the lock first, since finishing the batch
    // takes it itself.
    sperre: Option<Sperre<'u>>,
    stapel: Option<Stapel<'u>>,
    reg: &'u Register,
    heute: NaiveDate,
    kennung: String,
    angewandt: HashMap<String, String>,
}

impl Umgebung {
    /// Begins writing the file `eingabe`: takes the register lock, completes what a killed
    /// writer left half done, notes the file (or finds the keys a former run applied), and
    /// begins one batch.
    pub fn altbestand_beginnen(&self, eingabe: &[u8]) -> Result<Altbestand<'_>, Fehler> {
        let kennung = hash(eingabe)[..16].to_string();
        let reg = self.register()?;
        let sperre = reg.sperre()?;
        Personen::neu(reg).wiederherstellen(&sperre)?;
        let angewandt = if import_bekannt(reg, &kennung)? {
            import_schluessel_lesen(reg)?
        } else {
            import_vermerken(reg, &kennung)?;
            HashMap::new()
        };
        let stapel = self.stapel_beginnen()?;
        Ok(Altbestand {
            stapel: Some(stapel),
            reg,
            heute: self.heute,
            sperre: Some(sperre),
            kennung,
            angewandt,
        })
    }
}

impl Altbestand<'_> {
    /// Writes the case of row `zeile` (or completes it after a killed run): its events,
    /// each with the row's key. Returns its id and whether it was complete already.
    pub fn fall<P: Prozess>(
        &self,
        zeile: usize,
        ereignisse: &[(NaiveDate, P::Ereignis)],
    ) -> Result<(String, bool), Fehler> {
        let (Some(sperre), Some(erstes)) = (&self.sperre, ereignisse.first()) else {
            return Err(Fehler::Intern("Altbestand: Fall ohne Ereignis".into()));
        };
        let schluessel = format!("altbestand:{}:{zeile}", self.kennung);
        let vorhanden = self.angewandt.get(&schluessel);
        let reg = self.reg;
        // Decided before anything of the case is written; a journal a killed run left holds
        // a beginning of these same events (found by their key).
        let id_fuer_regeln = vorhanden.map_or(P::PRAEFIX, String::as_str);
        crate::prozess::altbestand_entscheiden::<P>(id_fuer_regeln, ereignisse, self.heute)?;
        reg.import_schluessel_setzen(Some(schluessel));
        let wert = |e: &P::Ereignis| {
            serde_json::to_value(e)
                .map_err(|e| Fehler::Intern(format!("Ereignis nicht speicherbar: {e}")))
        };
        let ergebnis = (|| {
            // Lock order: the register (held), then the journal.
            let personen = Personen::neu(reg);
            let (id, mut j, schon) = match vorhanden {
                Some(id) => {
                    let j = reg.sperren(id)?;
                    let n = j.inhalt().anzahl();
                    if n < ereignisse.len() {
                        personen.fall_ankuendigen(sperre, id)?;
                    }
                    (id.clone(), j, n)
                }
                None => {
                    let (d, e) = erstes;
                    let id = reg.naechste_id(sperre, P::PRAEFIX, d.year())?;
                    personen.fall_ankuendigen(sperre, &id)?;
                    let j = reg.anlegen(sperre, &id, *d, BENUTZER, &wert(e)?)?;
                    (id, j, 1)
                }
            };
            for (d, e) in ereignisse.iter().skip(schon) {
                j.anhaengen(reg, *d, BENUTZER, &wert(e)?)?;
            }
            Ok::<_, Fehler>((id, vorhanden.is_some() && schon >= ereignisse.len()))
        })();
        reg.import_schluessel_setzen(None);
        ergebnis
    }

    /// Ends the batch: every write durable, the lock released (the batch's end takes the
    /// register lock itself, so it is let go first).
    pub fn abschliessen(mut self) -> Result<(), Fehler> {
        drop(self.sperre.take());
        match self.stapel.take() {
            Some(s) => s.abschliessen(),
            None => Ok(()),
        }
    }
}
