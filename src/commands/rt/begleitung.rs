//! `iiz rt begleitung FALL`: the coordination office accompanies the process between the
//! meetings (a call, a clarification); recorded as a note.

use super::super::{Erfasst, Umgebung, texte_pruefen};
use super::{erfassen, vorlage};
use crate::cli::RtBegleitungArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::roundtable::{Begleitung, Ereignis};

pub fn ausfuehren(u: &Umgebung, mut a: RtBegleitungArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    if let Some((alt, v)) = vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)? {
        let Ereignis::Begleitung(alt) = alt else {
            return Err(v.andere_art(alt.bezeichnung()));
        };
        a.notiz.get_or_insert(alt.notiz);
        v.fertig()?;
    }
    n.text(&mut a.notiz, "--notiz", "Notiz")?;
    n.fertig()?;
    texte_pruefen(&[("--notiz", a.notiz.as_deref())])?;
    let e = Ereignis::Begleitung(Begleitung {
        notiz: a.notiz.unwrap_or_default(),
    });
    let (fall, _) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |_, _| Ok(e))?;
    Ok(Erfasst::aus(&fall))
}
