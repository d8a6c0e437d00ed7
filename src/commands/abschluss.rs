//! `iiz abschluss FALL`: the closing meeting, the last Standortgespräch (concept 3.2.1,
//! "Fallabschluss OPTIMA"), with one of the reported outcomes.

use super::{Erfasst, Umgebung, erfassen, texte_pruefen};
use crate::cli::AbschlussArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::optima::*;

pub fn ausfuehren(u: &Umgebung, mut a: AbschlussArgs) -> Result<Erfasst, Fehler> {
    let korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    n.auswahl(&mut a.grund, "--grund", "Abschlussgrund")?;
    n.fertig()?;
    if u.interaktiv && a.anlass.is_none() {
        n.auswahl(&mut a.anlass, "--anlass", "Anlass des Abschlusses")?;
    }
    texte_pruefen(&[("--bemerkung", a.bemerkung.as_deref())])?;
    let Some(grund) = a.grund else {
        return Err(Fehler::Nutzung("Es fehlt --grund.".into()));
    };
    let ereignis = Ereignis::Abschluss(Abschluss {
        grund,
        anlass: a.anlass,
        bemerkung: a.bemerkung,
    });
    let (fall, _) = erfassen(u, &a.fall, a.datum, korrektur, &n, |_| Ok(ereignis))?;
    Ok(Erfasst::aus(&fall))
}
