//! `iiz anonymisieren FALL`: erases the identifying person data of a closed or rejected
//! case. The person record goes first, then the journal records that it happened; a crash
//! in between leaves a case whose record is gone, which `pruefen` reports and a second run
//! completes. Reports do not change: they never read the person store.

use super::{Erfasst, Umgebung, fall_laden};
use crate::cli::AnonymisierenArgs;
use crate::fehler::Fehler;
use crate::prozess::optima::regeln::{self, Kontext};
use crate::prozess::optima::*;
use crate::speicher::personen::Personen;

pub fn ausfuehren(u: &Umgebung, a: AnonymisierenArgs) -> Result<Erfasst, Fehler> {
    let reg = u.register()?;
    let sperre = reg.sperre()?;
    let mut journal = reg.sperren(&a.fall)?;
    let fall = fall_laden(&a.fall, journal.inhalt(), None)?;
    let datum = a.datum.unwrap_or(u.heute);
    let ereignis = Ereignis::Anonymisiert(Anonymisiert {});
    let ctx = Kontext {
        heute: u.heute,
        offene_faelle: Vec::new(),
    };
    let pseudonym = fall.antrag.person.clone();
    let neu = regeln::anwenden(Some(fall), &a.fall, datum, &u.benutzer, &ereignis, &ctx)?;
    Personen::neu(reg).loeschen(&sperre, &pseudonym)?;
    journal.anhaengen(datum, &u.benutzer, &ereignis)?;
    Ok(Erfasst::aus(&neu))
}
