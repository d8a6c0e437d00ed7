//! `iiz anonymisieren FALL`: erases the identifying person data of a closed or rejected
//! case, of any process. The person record goes first, then the journal records that it happened; a crash
//! in between leaves a case whose record is gone, which `pruefen` reports and a second run
//! completes. Reports do not change: they never read the person store.

use super::{Erfasst, Umgebung};
use crate::cli::AnonymisierenArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, a: AnonymisierenArgs) -> Result<Erfasst, Fehler> {
    Nachfrage::neu(u.interaktiv).sicher_fragen(&format!(
        "Name, AHV-Nummer und Geburtsdatum zu Fall {} unwiderruflich löschen?",
        a.fall
    ))?;
    let fall = vorgang::anonymisieren_akte(u, &a.fall, a.datum)?;
    Ok(Erfasst::aus(&fall.uebersicht()))
}
