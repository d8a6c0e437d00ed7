//! `iiz rt aufgabe FALL NR --erledigt`: a task of the action plan is done.

use super::super::{Erfasst, Umgebung};
use super::erfassen;
use crate::cli::RtAufgabeArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::roundtable::{AufgabeErledigt, Ereignis};

pub fn ausfuehren(u: &Umgebung, mut a: RtAufgabeArgs) -> Result<Erfasst, Fehler> {
    let korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    n.bestaetigen(
        &mut a.erledigt,
        &format!("Ist Aufgabe Nr. {} erledigt?", a.nr),
    )?;
    if !a.erledigt {
        return Err(Fehler::Nutzung(
            "Es fehlt --erledigt – 'iiz rt aufgabe FALL NR --erledigt' hält fest, dass die Aufgabe erledigt ist.".into(),
        ));
    }
    let e = Ereignis::AufgabeErledigt(AufgabeErledigt {
        nr: a.nr,
        erledigt: true,
    });
    let (fall, _) = erfassen(u, &a.fall, a.datum, korrektur, &n, |_| Ok(e))?;
    Ok(Erfasst::aus(&fall))
}
