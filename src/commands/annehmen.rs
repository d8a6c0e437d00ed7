//! `iiz annehmen FALL`: the aufnehmende Stelle accepts, or rejects with `--ablehnen GRUND`
//! (concept 3.2, "Aufnahmeprozess"). Accepting despite a violated criterion needs
//! `--abweichung "Begründung"`.

use super::{Erfasst, Umgebung, erfassen, texte_pruefen};
use crate::cli::AnnehmenArgs;
use crate::domain::*;
use crate::fehler::Fehler;

pub fn ausfuehren(u: &Umgebung, a: AnnehmenArgs) -> Result<Erfasst, Fehler> {
    texte_pruefen(&[
        ("--berater", a.berater.as_deref()),
        ("--abweichung", a.abweichung.as_deref()),
        ("--bemerkung", a.bemerkung.as_deref()),
    ])?;
    let ereignis = match a.ablehnen {
        Some(grund) => {
            if a.abweichung.is_some() || a.berater.is_some() {
                return Err(Fehler::Nutzung(
                    "--abweichung und --berater gehören zur Annahme, nicht zu --ablehnen – weglassen.".into(),
                ));
            }
            Ereignis::Ablehnung(Ablehnung {
                grund,
                bemerkung: a.bemerkung,
            })
        }
        None => {
            if a.bemerkung.is_some() {
                return Err(Fehler::Nutzung(
                    "--bemerkung gehört zu --ablehnen – für eine Annahme weglassen.".into(),
                ));
            }
            Ereignis::Annahme(Annahme {
                berater: a.berater,
                abweichung: a.abweichung,
            })
        }
    };
    let (fall, _) = erfassen(u, &a.fall, a.datum, |_| Ok(ereignis))?;
    Ok(Erfasst::aus(&fall))
}
