//! Operating the register: what `info`, `sicherung`, `zugriffe` and `suche` need from
//! storage, with storage's errors turned into the user's.

use std::path::Path;

use super::Umgebung;
use crate::fehler::Fehler;
use crate::speicher::fehler::SpeicherFehler;
use crate::speicher::personen::{Person, Personen};
use crate::speicher::{protokoll, sicherung, zugriffe};

pub use crate::speicher::journal::FORMAT_VERSION;
pub use crate::speicher::sicherung::Gesichert;
pub use crate::speicher::zugriffe::Zugriff;

impl Umgebung {
    /// The register's state (the head of the register log), if there is a register.
    pub fn registerstand(&self) -> Result<Option<String>, Fehler> {
        match self.register_lesend()? {
            Some(r) => Ok(protokoll::stand(r.wurzel())?),
            None => Ok(None),
        }
    }

    /// A backup of the whole register into `ziel` (under the register lock).
    pub fn sichern(&self, ziel: &Path) -> Result<Gesichert, Fehler> {
        let reg = self.register_vorhanden()?.ok_or_else(|| {
            Fehler::NichtGefunden(format!(
                "In {} gibt es noch kein Register – nichts zu sichern.",
                self.data_dir.display()
            ))
        })?;
        sicherung::schreiben(reg, ziel).map_err(|e| match e {
            SpeicherFehler::Io { pfad, quelle } => Fehler::Intern(format!(
                "Sicherung {} nicht schreibbar ({quelle}) – Pfad und Platz prüfen.",
                pfad.display()
            )),
            e => e.into(),
        })
    }

    /// Every entry of the access log (none without a register).
    pub fn zugriffe_lesen(&self) -> Result<Vec<Zugriff>, Fehler> {
        match self.register_lesend()? {
            Some(reg) => Ok(zugriffe::lesen(reg)?),
            None => Ok(Vec::new()),
        }
    }

    /// The persons with this AHV number in cases of the given id prefixes.
    pub fn personen_mit_ahv(&self, ahv: &str, praefixe: &[&str]) -> Result<Vec<Person>, Fehler> {
        match self.register_vorhanden()? {
            Some(reg) => Ok(Personen::neu(reg).suchen_ahv(ahv, praefixe)?),
            None => Ok(Vec::new()),
        }
    }

    /// The persons whose name or first name matches `text`. The name index of an older
    /// register is built at the first search: under the register lock.
    pub fn personen_mit_namen(&self, text: &str) -> Result<Vec<Person>, Fehler> {
        // Prefixes are indexed from two letters: a shorter word would find nothing.
        if let Some(w) = Personen::tokens(text)
            .iter()
            .find(|w| w.chars().count() < 2)
        {
            return Err(Fehler::Nutzung(format!(
                "'{}' ist zu kurz – jedes Suchwort braucht mindestens zwei Buchstaben.",
                crate::ausgabe::sicher(w)
            )));
        }
        match self.register_vorhanden()? {
            Some(reg) => {
                let sperre = reg.sperre()?;
                Ok(Personen::neu(reg).suchen_name(&sperre, text)?)
            }
            None => Ok(Vec::new()),
        }
    }
}
