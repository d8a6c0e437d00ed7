//! `iiz standort FALL`: a progress meeting (Standortgespräch, concept 3.2.1), organised by
//! the aufnehmende Stelle; sets the date of the next one.

use super::{Erfasst, Umgebung, erfassen, texte_pruefen};
use crate::cli::StandortArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::optima::*;

pub fn ausfuehren(u: &Umgebung, mut a: StandortArgs) -> Result<Erfasst, Fehler> {
    let korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    n.datum(
        &mut a.naechstes_gespraech,
        "--naechstes-gespraech",
        "Termin des nächsten Standortgesprächs",
    )?;
    n.fertig()?;
    if a.verlaengern_bis.is_some() {
        n.text(
            &mut a.stand,
            "--stand",
            "Begründung der Verlängerung (Stand)",
        )?;
        n.fertig()?;
    }
    texte_pruefen(&[
        ("--stand", a.stand.as_deref()),
        ("--massnahmen", a.massnahmen.as_deref()),
        ("--berater", a.berater.as_deref()),
    ])?;
    let ereignis = Ereignis::Standort(Standort {
        naechstes_gespraech: a.naechstes_gespraech.unwrap_or(u.heute),
        stand: a.stand,
        massnahmen: a.massnahmen,
        verlaengern_bis: a.verlaengern_bis,
        berater: a.berater,
    });
    let (fall, _) = erfassen(u, &a.fall, a.datum, korrektur, &n, |_| Ok(ereignis))?;
    Ok(Erfasst::aus(&fall))
}
