//! `iiz abschluss FALL`: the closing meeting, the last Standortgespräch (concept 3.2.1,
//! "Fallabschluss OPTIMA"), with one of the reported outcomes.

use super::{Erfasst, Umgebung, erfassen, optima_vorlage, texte_pruefen};
use crate::cli::AbschlussArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::optima::*;

pub fn ausfuehren(u: &Umgebung, mut a: AbschlussArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    if let Some((alt, mut v)) =
        optima_vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)?
    {
        let Ereignis::Abschluss(alt) = alt else {
            return Err(v.andere_art(alt.bezeichnung()));
        };
        v.pflicht(&mut a.grund, alt.grund);
        v.feld("anlass", &mut a.anlass, alt.anlass);
        v.feld("bemerkung", &mut a.bemerkung, alt.bemerkung);
        v.fertig()?;
    }
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
    let (fall, _) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |_, _| Ok(ereignis))?;
    Ok(Erfasst::aus(&fall))
}
