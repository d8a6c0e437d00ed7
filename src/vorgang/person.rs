//! The person behind a case, read for one display, and the case's free text in clear for
//! that display only (`zeige`, `pendenzen`, `rt dokument`): commands never open the person
//! store or the key themselves.

use super::Umgebung;
use crate::fehler::Fehler;
use crate::speicher::freitext::{self, Schluessel};
use crate::speicher::personen::{Person, Personen};

/// The person of one case (or none: erased, Altbestand, a record that is missing) and the
/// key to the case's free text.
pub struct Personenblick {
    pub person: Option<Person>,
    fall: String,
    schluessel: Option<Schluessel>,
}

impl Personenblick {
    /// Nobody: the free text reads "(gelöscht)".
    pub fn leer(fall: &str) -> Personenblick {
        Personenblick {
            person: None,
            fall: fall.to_string(),
            schluessel: None,
        }
    }

    /// Whether the free text can be read (the key is there): a display of it is logged.
    pub fn liest_freitext(&self) -> bool {
        self.schluessel.is_some()
    }

    fn klar(&self, t: &str) -> Option<String> {
        self.schluessel
            .as_ref()
            .and_then(|k| k.entschluesseln(&self.fall, t))
    }

    /// Every stored free text in `s` in clear, or "(gelöscht)" without the key.
    pub fn klartext(&self, s: &mut String) {
        if let std::borrow::Cow::Owned(n) = freitext::ersetzen(s, &|t| self.klar(t)) {
            *s = n;
        }
    }

    /// The same over every string of a JSON value.
    pub fn klartext_json(&self, v: &mut serde_json::Value) {
        freitext::ersetzen_json(v, &|t| self.klar(t));
    }
}

/// Whether a text holds stored (encrypted) free text.
pub fn hat_freitext(s: &str) -> bool {
    s.contains(freitext::PRAEFIX)
}

impl Umgebung {
    /// The person record `pseudonym` of case `fall` and its key; nobody without a register
    /// or a pseudonym.
    pub fn person_lesen(
        &self,
        fall: &str,
        pseudonym: Option<&str>,
    ) -> Result<Personenblick, Fehler> {
        let (Some(p), Some(reg)) = (pseudonym, self.register_lesend()?) else {
            return Ok(Personenblick::leer(fall));
        };
        let person = Personen::neu(reg).lesen(p)?;
        let schluessel = person.as_ref().and_then(|p| p.freitext_schluessel());
        Ok(Personenblick {
            person,
            fall: fall.to_string(),
            schluessel,
        })
    }
}
