//! `iiz kostengutsprache FALL beantragen|bewilligen|ablehnen|abrechnen`: no measure without
//! the paying institution's signed cost approval (concept 3.2.1 and 5.2: "keine
//! Vorfinanzierung auf Zusehen hin").

use super::{Erfasst, Umgebung, erfassen, texte_pruefen};
use crate::cli::eingabe::Nachfrage;
use crate::cli::{KgsAktion, KgsArgs};
use crate::fehler::Fehler;
use crate::prozess::optima::regeln;
use crate::prozess::optima::*;

/// Builds the event from the case state (the next approval number needs it).
type Bauen = Box<dyn FnOnce(&Fall) -> Result<Ereignis, Fehler>>;

pub fn ausfuehren(u: &Umgebung, a: KgsArgs) -> Result<Erfasst, Fehler> {
    let mut n = Nachfrage::neu(u.interaktiv);
    let (datum, korrektur, bauen): (_, _, Bauen) = match a.aktion {
        KgsAktion::Beantragen(mut b) => {
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
                b.datum,
                b.korrektur.korrektur()?,
                Box::new(move |fall: &Fall| {
                    Ok(Ereignis::KgsBeantragt(KgsBeantragt {
                        nr: fall.kostengutsprachen.len() as u32 + 1,
                        massnahme: b.massnahme.unwrap_or_default(),
                        anbieter: b.anbieter.unwrap_or_default(),
                        betrag,
                        zeitraum: b.zeitraum,
                    }))
                }),
            )
        }
        KgsAktion::Bewilligen(mut b) => {
            let k = b.korrektur.korrektur()?;
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
            (b.datum, k, Box::new(move |_: &Fall| Ok(e)))
        }
        KgsAktion::Ablehnen(b) => {
            let k = b.korrektur.korrektur()?;
            texte_pruefen(&[("--grund", b.grund.as_deref())])?;
            let e = Ereignis::KgsAbgelehnt(KgsAbgelehnt {
                nr: b.nr,
                grund: b.grund,
            });
            (b.datum, k, Box::new(move |_: &Fall| Ok(e)))
        }
        KgsAktion::Abrechnen(mut b) => {
            let k = b.korrektur.korrektur()?;
            n.betrag(&mut b.betrag, "--betrag", "Rechnungsbetrag")?;
            n.fertig()?;
            texte_pruefen(&[("--abweichung", b.abweichung.as_deref())])?;
            let e = Ereignis::KgsAbgerechnet(KgsAbgerechnet {
                nr: b.nr,
                betrag: regeln::betrag_parsen(b.betrag.as_deref().unwrap_or_default())?,
                abweichung: b.abweichung,
            });
            (b.datum, k, Box::new(move |_: &Fall| Ok(e)))
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
