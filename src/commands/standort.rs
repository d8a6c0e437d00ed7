//! `iiz standort FALL`: a progress meeting (Standortgespräch, concept 3.2.1), organised by
//! the aufnehmende Stelle; sets the date of the next one.

use super::{Erfasst, Umgebung, erfassen, optima_vorlage, texte_pruefen};
use crate::cli::StandortArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::optima::*;

pub fn ausfuehren(u: &Umgebung, mut a: StandortArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    if let Some((alt, mut v)) =
        optima_vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)?
    {
        let Ereignis::Standort(alt) = alt else {
            return Err(v.andere_art(alt.bezeichnung()));
        };
        v.pflicht(&mut a.naechstes_gespraech, alt.naechstes_gespraech);
        v.feld("stand", &mut a.stand, alt.stand);
        v.feld("massnahmen", &mut a.massnahmen, alt.massnahmen);
        v.feld(
            "verlaengern-bis",
            &mut a.verlaengern_bis,
            alt.verlaengern_bis,
        );
        v.feld("berater", &mut a.berater, alt.berater);
        v.fertig()?;
    }
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
    let (fall, _) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |_, _| Ok(ereignis))?;
    Ok(Erfasst::aus(&fall))
}
