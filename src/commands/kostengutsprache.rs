//! `iiz kostengutsprache FALL beantragen|bewilligen|ablehnen|abrechnen`: no measure without
//! the paying institution's signed cost approval (concept 3.2.1 and 5.2: "keine
//! Vorfinanzierung auf Zusehen hin").

use super::{Erfasst, Umgebung, erfassen, optima_vorlage, texte_pruefen};
use crate::cli::eingabe::Nachfrage;
use crate::cli::{KgsAktion, KgsArgs};
use crate::fehler::Fehler;
use crate::prozess::optima::regeln;
use crate::prozess::optima::*;

/// Builds the event from the case state and the numbers given so far (the next approval
/// number needs them).
type Bauen =
    Box<dyn FnOnce(&Fall, &crate::vorgang::Vergeben<'_, Optima>) -> Result<Ereignis, Fehler>>;

pub fn ausfuehren(u: &Umgebung, a: KgsArgs) -> Result<Erfasst, Fehler> {
    let mut n = Nachfrage::neu(u.interaktiv);
    let (datum, korrektur, bauen): (_, _, Bauen) = match a.aktion {
        KgsAktion::Beantragen(mut b) => {
            let mut k = b.korrektur.korrektur()?;
            // A replaced request keeps its number; a new one takes the next never given.
            let mut nr = None;
            if let Some((alt, mut v)) =
                optima_vorlage(u, &a.fall, &mut k, &b.korrektur.ohne, &mut n)?
            {
                let Ereignis::KgsBeantragt(alt) = alt else {
                    return Err(v.andere_art(alt.bezeichnung()));
                };
                nr = Some(alt.nr);
                v.pflicht(&mut b.massnahme, alt.massnahme);
                v.pflicht(&mut b.anbieter, alt.anbieter);
                v.pflicht(&mut b.betrag, alt.betrag.to_string());
                v.feld("zeitraum", &mut b.zeitraum, alt.zeitraum);
                v.fertig()?;
            }
            n.text(&mut b.massnahme, "--massnahme", "Massnahme")?;
            n.text(&mut b.anbieter, "--anbieter", "Anbieter")?;
            n.betrag(&mut b.betrag, "--betrag", "Betrag")?;
            n.fertig()?;
            texte_pruefen(&[
                ("--massnahme", b.massnahme.as_deref()),
                ("--anbieter", b.anbieter.as_deref()),
                ("--zeitraum", b.zeitraum.as_deref()),
            ])?;
            let betrag = regeln::betrag_parsen(b.betrag.as_deref().unwrap_or_default())?;
            (
                b.datum.am,
                k,
                Box::new(
                    move |fall: &Fall, vergeben: &crate::vorgang::Vergeben<'_, Optima>| {
                        Ok(Ereignis::KgsBeantragt(KgsBeantragt {
                            nr: nr.unwrap_or_else(|| {
                                let im_fall = fall.kostengutsprachen.iter().map(|k| k.nr).max();
                                vergeben
                                    .hoechste("kostengutsprache")
                                    .max(im_fall.unwrap_or(0))
                                    + 1
                            }),
                            massnahme: b.massnahme.unwrap_or_default(),
                            anbieter: b.anbieter.unwrap_or_default(),
                            betrag,
                            zeitraum: b.zeitraum,
                        }))
                    },
                ),
            )
        }
        KgsAktion::Bewilligen(mut b) => {
            let mut k = b.korrektur.korrektur()?;
            if let Some((alt, mut v)) =
                optima_vorlage(u, &a.fall, &mut k, &b.korrektur.ohne, &mut n)?
            {
                let Ereignis::KgsBewilligt(alt) = alt else {
                    return Err(v.andere_art(alt.bezeichnung()));
                };
                v.feld("unterzeichnet", &mut b.unterzeichnet, alt.unterzeichnet);
                v.fertig()?;
            }
            // No measure without a signed approval (concept 3.2.1, 5.2).
            n.text(
                &mut b.unterzeichnet,
                "--unterzeichnet",
                "Wer hat bei der zuweisenden Stelle unterzeichnet?",
            )?;
            n.fertig()?;
            texte_pruefen(&[("--unterzeichnet", b.unterzeichnet.as_deref())])?;
            let e = Ereignis::KgsBewilligt(KgsBewilligt {
                nr: b.nr,
                unterzeichnet: b.unterzeichnet,
            });
            (
                b.datum.am,
                k,
                Box::new(move |_: &Fall, _: &crate::vorgang::Vergeben<'_, Optima>| Ok(e)),
            )
        }
        KgsAktion::Ablehnen(mut b) => {
            let mut k = b.korrektur.korrektur()?;
            if let Some((alt, mut v)) =
                optima_vorlage(u, &a.fall, &mut k, &b.korrektur.ohne, &mut n)?
            {
                let Ereignis::KgsAbgelehnt(alt) = alt else {
                    return Err(v.andere_art(alt.bezeichnung()));
                };
                v.feld("grund", &mut b.grund, alt.grund);
                v.fertig()?;
            }
            texte_pruefen(&[("--grund", b.grund.as_deref())])?;
            let e = Ereignis::KgsAbgelehnt(KgsAbgelehnt {
                nr: b.nr,
                grund: b.grund,
            });
            (
                b.datum.am,
                k,
                Box::new(move |_: &Fall, _: &crate::vorgang::Vergeben<'_, Optima>| Ok(e)),
            )
        }
        KgsAktion::Abrechnen(mut b) => {
            let mut k = b.korrektur.korrektur()?;
            if let Some((alt, mut v)) =
                optima_vorlage(u, &a.fall, &mut k, &b.korrektur.ohne, &mut n)?
            {
                let Ereignis::KgsAbgerechnet(alt) = alt else {
                    return Err(v.andere_art(alt.bezeichnung()));
                };
                v.pflicht(&mut b.betrag, alt.betrag.to_string());
                v.feld("abweichung", &mut b.abweichung, alt.abweichung);
                v.fertig()?;
            }
            n.betrag(&mut b.betrag, "--betrag", "Rechnungsbetrag")?;
            n.fertig()?;
            texte_pruefen(&[("--abweichung", b.abweichung.as_deref())])?;
            let e = Ereignis::KgsAbgerechnet(KgsAbgerechnet {
                nr: b.nr,
                betrag: regeln::betrag_parsen(b.betrag.as_deref().unwrap_or_default())?,
                abweichung: b.abweichung,
            });
            (
                b.datum.am,
                k,
                Box::new(move |_: &Fall, _: &crate::vorgang::Vergeben<'_, Optima>| Ok(e)),
            )
        }
    };
    let (fall, ereignis) = erfassen(u, &a.fall, datum, korrektur, &n, bauen)?;
    let mut erfasst = Erfasst::aus(&fall);
    erfasst.nr = match ereignis {
        Ereignis::KgsBeantragt(k) => Some(k.nr),
        _ => None,
    };
    Ok(erfasst)
}
