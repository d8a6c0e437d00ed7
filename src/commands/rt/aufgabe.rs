//! `iiz rt aufgabe FALL NR --erledigt`: a task of the action plan is done.

use super::super::{Erfasst, Umgebung};
use super::{erfassen, vorlage};
use crate::cli::RtAufgabeArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::roundtable::{AufgabeErledigt, Ereignis};

pub fn ausfuehren(u: &Umgebung, mut a: RtAufgabeArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    if let Some((alt, v)) = vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)? {
        let Ereignis::AufgabeErledigt(alt) = alt else {
            return Err(v.andere_art(alt.bezeichnung()));
        };
        a.erledigt |= alt.erledigt;
        v.fertig()?;
    }
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
    let (fall, _) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |_, _| Ok(e))?;
    Ok(Erfasst::aus(&fall))
}
