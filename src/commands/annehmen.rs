//! `iiz annehmen FALL`: the aufnehmende Stelle accepts, or rejects with `--ablehnen GRUND`
//! (concept 3.2, "Aufnahmeprozess"). Accepting despite a violated criterion needs
//! `--abweichung "Begründung"`.

use super::{Erfasst, Umgebung, erfassen, fall_lesen, optima_vorlage, texte_pruefen};
use crate::ausgabe;
use crate::cli::AnnehmenArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::optima::*;

pub fn ausfuehren(u: &Umgebung, mut a: AnnehmenArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    if let Some((alt, mut v)) =
        optima_vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)?
    {
        match alt {
            // An acceptance replaced by a rejection (or the other way round) is another kind
            // of event: the rules refuse it below, with the message for that.
            Ereignis::Annahme(alt) if a.ablehnen.is_none() => {
                v.feld("berater", &mut a.berater, alt.berater);
                v.feld("abweichung", &mut a.abweichung, alt.abweichung);
            }
            Ereignis::Ablehnung(alt) if a.berater.is_none() && a.abweichung.is_none() => {
                v.pflicht(&mut a.ablehnen, alt.grund);
                v.feld("bemerkung", &mut a.bemerkung, alt.bemerkung);
            }
            Ereignis::Annahme(_) | Ereignis::Ablehnung(_) => {}
            alt => return Err(v.andere_art(alt.bezeichnung())),
        }
        v.fertig()?;
    }
    if u.interaktiv && a.ablehnen.is_none() && a.abweichung.is_none() {
        // On a terminal, a violated criterion leads to the two ways the rules allow.
        let fall = fall_lesen(u, &a.fall)?;
        if fall.status == Status::Beantragt && !fall.antrag.kriterien.is_empty() {
            ausgabe::meldung(format_args!(
                "Verletzte Aufnahmekriterien von Fall {}:",
                fall.fall
            ));
            for k in &fall.antrag.kriterien {
                ausgabe::meldung(format_args!("  - {}", k.text()));
            }
            let wahl = n.wahl(
                "Wie weiter?",
                &["Mit begründeter Abweichung annehmen", "Antrag ablehnen"],
            )?;
            if wahl == 0 {
                n.text(
                    &mut a.abweichung,
                    "--abweichung",
                    "Begründung der Abweichung",
                )?;
            } else {
                n.auswahl(&mut a.ablehnen, "--ablehnen", "Ablehnungsgrund")?;
                if a.ablehnen == Some(Ablehnungsgrund::Sonstige) {
                    n.text(&mut a.bemerkung, "--bemerkung", "Bemerkung zur Ablehnung")?;
                }
            }
        }
    }
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
    let (fall, _) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |_, _| Ok(ereignis))?;
    Ok(Erfasst::aus(&fall))
}
