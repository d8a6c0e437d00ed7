//! `iiz rt kein-prozess FALL`: a registration ends without a process (only before any
//! meeting or follow-up); counted as "Kein Prozess gestartet".

use super::super::{Erfasst, Umgebung, texte_pruefen};
use super::erfassen;
use crate::cli::RtKeinProzessArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::roundtable::{Ereignis, KeinProzess};

pub fn ausfuehren(u: &Umgebung, mut a: RtKeinProzessArgs) -> Result<Erfasst, Fehler> {
    let korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
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
    let (fall, _) = erfassen(u, &a.fall, a.datum, korrektur, &n, |_| Ok(e))?;
    Ok(Erfasst::aus(&fall))
}
