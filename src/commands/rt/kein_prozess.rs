//! `iiz rt kein-prozess FALL`: a registration ends without a process (only before any
//! meeting or follow-up); counted as "Kein Prozess gestartet".

use super::super::{Erfasst, Umgebung, texte_pruefen};
use super::{erfassen, vorlage};
use crate::cli::RtKeinProzessArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::roundtable::{Ereignis, KeinProzess};

pub fn ausfuehren(u: &Umgebung, mut a: RtKeinProzessArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    if let Some((alt, v)) = vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)? {
        let Ereignis::KeinProzess(alt) = alt else {
            return Err(v.andere_art(alt.bezeichnung()));
        };
        a.grund.get_or_insert(alt.grund);
        v.fertig()?;
    }
    n.text(
        &mut a.grund,
        "--grund",
        "Warum wird kein Prozess gestartet?",
    )?;
    n.fertig()?;
    texte_pruefen(&[("--grund", a.grund.as_deref())])?;
    let e = Ereignis::KeinProzess(KeinProzess {
        grund: a.grund.unwrap_or_default(),
    });
    let (fall, _) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |_, _| Ok(e))?;
    Ok(Erfasst::aus(&fall))
}
