//! `iiz stornieren FALL [--ereignis NR] --begruendung TEXT`: voids one event (the history
//! left must pass the rules) or a whole case recorded by mistake (it then counts in no
//! statistic and `liste` hides it unless `--storniert`). The journal keeps every line.

use super::{Erfasst, Umgebung, texte_pruefen};
use crate::cli::StornierenArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, mut a: StornierenArgs) -> Result<Erfasst, Fehler> {
    let mut n = Nachfrage::neu(u.interaktiv);
    n.text(&mut a.begruendung, "--begruendung", "Warum wird storniert?")?;
    n.fertig()?;
    texte_pruefen(&[("--begruendung", a.begruendung.as_deref())])?;
    let begruendung = a.begruendung.unwrap_or_default().trim().to_string();
    if u.interaktiv {
        let was = match a.ereignis {
            Some(nr) if a.mit_folgen => {
                let folgen = vorgang::folgen_lesen(u, &a.fall, nr, a.datum.am)?;
                for (z, was) in &folgen {
                    crate::ausgabe::meldung(format_args!("  mit Nr. {z}: {was}"));
                }
                format!(
                    "Ereignis Nr. {nr} von Fall {} stornieren{}?",
                    a.fall,
                    match folgen.len() {
                        0 => String::new(),
                        1 => " – mit dem Ereignis oben, das davon abhängt".to_string(),
                        n => format!(" – mit den {n} Ereignissen oben, die davon abhängen"),
                    }
                )
            }
            Some(nr) => format!("Ereignis Nr. {nr} von Fall {} stornieren?", a.fall),
            None => format!(
                "Den ganzen Fall {} stornieren? Er zählt dann in keiner Statistik mehr.",
                a.fall
            ),
        };
        let mut ja = false;
        n.bestaetigen(&mut ja, &was)?;
        if !ja {
            return Err(Fehler::Verneint("Abgebrochen – nichts gespeichert.".into()));
        }
    }
    let fall = vorgang::stornieren_akte(
        u,
        &a.fall,
        a.ereignis,
        a.mit_folgen,
        begruendung,
        a.datum.am,
    )?;
    let mut erfasst = Erfasst::aus(&fall.uebersicht());
    if a.ereignis.is_none() {
        erfasst.status = "storniert".into();
    }
    Ok(erfasst)
}
