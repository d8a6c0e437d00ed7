//! `iiz rt abschluss FALL`: the process ends, with the reason the annual report counts.

use super::super::{Erfasst, Umgebung, texte_pruefen};
use super::{erfassen, vorlage};
use crate::cli::RtAbschlussArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::roundtable::{Abschluss, Ereignis, Grund};

pub fn ausfuehren(u: &Umgebung, mut a: RtAbschlussArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    if let Some((alt, mut v)) = vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)? {
        let Ereignis::Abschluss(alt) = alt else {
            return Err(v.andere_art(alt.bezeichnung()));
        };
        v.pflicht(&mut a.grund, alt.grund);
        v.feld("loesung", &mut a.loesung, alt.loesung);
        v.feld("bemerkung", &mut a.bemerkung, alt.bemerkung);
        v.fertig()?;
    }
    n.auswahl(&mut a.grund, "--grund", "Abschlussgrund")?;
    n.fertig()?;
    if u.interaktiv && a.grund == Some(Grund::Loesung) {
        n.auswahl(&mut a.loesung, "--loesung", "Welche Lösung?")?;
    }
    texte_pruefen(&[("--bemerkung", a.bemerkung.as_deref())])?;
    let Some(grund) = a.grund else {
        return Err(Fehler::Nutzung("Es fehlt --grund.".into()));
    };
    let e = Ereignis::Abschluss(Abschluss {
        grund,
        loesung: a.loesung,
        bemerkung: a.bemerkung,
    });
    let (fall, _) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |_, _| Ok(e))?;
    Ok(Erfasst::aus(&fall))
}
