//! The office directory's door (spec §15): read (chain checked, replayed) and write (under
//! the register lock: read, check, decide, append, sync) — the same sequence as a case.

use super::Umgebung;
use crate::fehler::Fehler;
use crate::prozess::stellen::{DATEI, Ereignis, Verzeichnis};
use crate::speicher::kette::{Inhalt, kette_pruefen};
use crate::speicher::kettendatei;

/// What is wrong with the directory's file, if anything (for `pruefen` and every reader).
pub fn befunde(inhalt: &Inhalt) -> Vec<crate::speicher::kette::Befund> {
    // No directory yet (or a first write killed before its line): nothing to check.
    if inhalt.bytes().is_empty() {
        return Vec::new();
    }
    // A torn last line is a killed write, never acknowledged: readers skip it and the next
    // change cuts it off, so only the complete lines are checked.
    let ganz =
        Inhalt::aus_bytes(inhalt.bytes()[..inhalt.bytes().len() - inhalt.rest().len()].to_vec());
    let inhalt = &ganz;
    let mut b = kette_pruefen("Stellenverzeichnis", inhalt);
    if b.is_empty()
        && let Err((zeile, problem)) = inhalt.eintraege_ohne_kette::<Ereignis>()
    {
        b.push(crate::speicher::kette::Befund {
            fall: "Stellenverzeichnis".into(),
            zeile,
            problem,
            pruefung: "kette",
        });
    }
    b
}

fn beschaedigt(b: &[crate::speicher::kette::Befund]) -> Fehler {
    let erste = &b[0];
    Fehler::Beschaedigt(format!(
        "Das Stellenverzeichnis ({DATEI}) ist beschädigt (Zeile {}: {}) – 'iiz pruefen' zeigt es; die Datei aus der Datensicherung zurückholen.",
        erste.zeile, erste.problem
    ))
}

fn aus(inhalt: &Inhalt) -> Result<Verzeichnis, Fehler> {
    let b = befunde(inhalt);
    if !b.is_empty() {
        return Err(beschaedigt(&b));
    }
    let eintraege = inhalt
        .eintraege_ohne_kette::<Ereignis>()
        .map_err(|(z, p)| {
            beschaedigt(&[crate::speicher::kette::Befund {
                fall: "Stellenverzeichnis".into(),
                zeile: z,
                problem: p,
                pruefung: "kette",
            }])
        })?;
    Ok(Verzeichnis::aus(&eintraege))
}

/// The directory; a damaged one is an error (exit 5) – for the commands about it.
pub fn lesen(u: &Umgebung) -> Result<Verzeichnis, Fehler> {
    // No register yet (the first application creates it): an empty directory.
    match u.register_lesend()? {
        None => Ok(Verzeichnis::default()),
        Some(reg) => aus(&kettendatei::lesen(reg, DATEI)?),
    }
}

/// The directory for a report or a hint: a damaged or unreadable one is said as a warning
/// and left out (the figures fall back to the offices as recorded).
pub fn lesen_oder_warnen(u: &Umgebung) -> &Verzeichnis {
    u.stellen.get_or_init(|| match lesen(u) {
        Ok(v) => v,
        Err(e) => {
            u.warnungen.melden(
                "Stellenverzeichnis",
                format!("{e} Stellen wie erfasst gezählt."),
            );
            Verzeichnis::default()
        }
    })
}

/// Records one step of the directory, decided on the directory as it is under the lock.
pub fn erfassen(u: &Umgebung, e: &Ereignis) -> Result<Verzeichnis, Fehler> {
    let reg = u.register()?;
    let sperre = reg.sperre()?;
    let inhalt = kettendatei::lesen(reg, DATEI)?;
    let mut v = aus(&inhalt)?;
    v.entscheiden(e).map_err(Fehler::Regel)?;
    kettendatei::anhaengen(reg, &sperre, DATEI, &inhalt, u.heute, &u.benutzer, e)?;
    v.anwenden(e, u.heute);
    Ok(v)
}
