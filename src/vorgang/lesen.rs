//! Whole-register reads: every journal, spread over the cores, replayed, with damaged ones
//! said through the environment's warnings and left out. Every reader of the whole register
//! (`liste`, `pendenzen`, `info`, `report`, `rt report`, `jahresbericht`, `export`,
//! `pruefen`) goes through here.

use super::{Umgebung, Warnungen, akte_aus, beschaedigt};
use crate::fehler::Fehler;
use crate::prozess::{self, Fall as Akte, Prozess};
use crate::speicher::journal::{Inhalt, SpeicherFehler};
use chrono::NaiveDate;

/// Every case of every process as it stood at `bis`, folded by `f` (one accumulator per
/// thread); voided cases only when asked for, with the day they were voided. Damaged journals are said
/// through the environment's warnings and skipped, never hidden.
pub fn alle_akten<A: Send>(
    u: &Umgebung,
    bis: Option<NaiveDate>,
    mit_stornierten: bool,
    neu: impl Fn() -> A + Sync,
    f: impl Fn(&mut A, Akte, Option<NaiveDate>) + Sync,
) -> Result<Vec<A>, Fehler> {
    let w = &u.warnungen;
    alle_journale(
        u,
        None,
        neu,
        |a, id, inhalt| {
            w.wenn_zerrissen(id, inhalt);
            match akte_aus(id, inhalt, bis) {
                Ok(Some((fall, storniert))) => {
                    if mit_stornierten || storniert.is_none() {
                        f(a, fall, storniert)
                    }
                }
                // Not yet registered at `bis`.
                Ok(None) if bis.is_some() && inhalt.anzahl() > 0 => {}
                Ok(None) => w.melden(id, beschaedigt(id, 0, "keine Einträge")),
                Err(Fehler::Beschaedigt(m)) => w.melden(id, m),
                Err(Fehler::NichtGefunden(_)) => w.melden(
                    id,
                    format_args!(
                        "Journal {id} gehört zu keinem bekannten Angebot – 'iiz pruefen' ausführen."
                    ),
                ),
                Err(e) => return Err(e),
            }
            Ok(())
        },
        |_, id, e| unlesbar(w, id, e),
    )
}

/// The one whole-register read of a service: every journal of `P`, spread over the cores,
/// parsed with its chain checked, handed to `schritt` as entries (which replays them into
/// whatever it folds). Nothing is hidden: a torn last line is said and the complete part
/// read; a journal that cannot be opened, a line that does not parse or breaks the chain,
/// and whatever `schritt` refuses (`Lesen::Auslassen`, a replay that fails) are said – the
/// latter with "der Fall fehlt {fehlt_in}" – and the case is left out. Returns one
/// accumulator per thread, for the caller to merge; nothing is kept per case beyond what
/// `schritt` keeps.
pub fn alle<P: Prozess, A: Send>(
    u: &Umgebung,
    fehlt_in: &str,
    neu: impl Fn() -> A + Sync,
    schritt: impl Fn(&mut A, &str, &prozess::Zeilen<P>) -> Result<(), Lesen> + Sync,
) -> Result<Vec<A>, Fehler> {
    let w = &u.warnungen;
    alle_journale(
        u,
        Some(P::PRAEFIX),
        neu,
        |a, id, inhalt| {
            w.wenn_zerrissen(id, inhalt);
            let ergebnis = match inhalt.eintraege::<prozess::Zeile<P::Ereignis>>() {
                Ok(e) => schritt(a, id, &e),
                Err((zeile, was)) => Err(Lesen::Auslassen(zeile, was)),
            };
            match ergebnis {
                Ok(()) => Ok(()),
                Err(Lesen::Auslassen(zeile, was)) => {
                    w.melden(
                        id,
                        format_args!(
                            "Journal von Fall {id}, Zeile {zeile}: {was}; der Fall fehlt {fehlt_in} – 'iiz pruefen' ausführen."
                        ),
                    );
                    Ok(())
                }
                Err(Lesen::Abbruch(e)) => Err(e),
            }
        },
        |_, id, e| unlesbar(w, id, e),
    )
}

/// What the step of a whole-register read says about one case.
pub enum Lesen {
    /// The case cannot be counted (line, why): said, left out, the others read on.
    Auslassen(usize, String),
    /// The whole read stops (e.g. no random source for the export's keys).
    Abbruch(Fehler),
}

impl From<Fehler> for Lesen {
    fn from(e: Fehler) -> Lesen {
        Lesen::Abbruch(e)
    }
}

impl<F: std::fmt::Display> From<(usize, F)> for Lesen {
    /// A replay that failed at a line (`prozess::abspielen`, `Zaehlt::fall`).
    fn from((zeile, f): (usize, F)) -> Lesen {
        Lesen::Auslassen(zeile, f.to_string())
    }
}

/// A journal that cannot be read at all is named, never hidden, and the others are read on.
fn unlesbar(w: &Warnungen, id: &str, e: &Fehler) {
    w.melden(id, format_args!("Fall {id}: {e}"));
}

/// Visits every journal (of one id prefix, or all), spread over the cores. A journal that
/// cannot be opened as one (a FIFO, a directory, a link, unreadable) goes to `fehler`.
pub fn alle_journale<A: Send>(
    u: &Umgebung,
    praefix: Option<&str>,
    neu: impl Fn() -> A + Sync,
    schritt: impl Fn(&mut A, &str, &Inhalt) -> Result<(), Fehler> + Sync,
    fehler: impl Fn(&mut A, &str, &Fehler) + Sync,
) -> Result<Vec<A>, Fehler> {
    u.loslassen();
    let Some(reg) = u.register_vorhanden()? else {
        return Ok(vec![neu()]);
    };
    let praefix = praefix.map(|p| format!("{p}-"));
    let ids: Vec<String> = reg
        .ids()?
        .into_iter()
        .filter(|id| praefix.as_ref().is_none_or(|p| id.starts_with(p)))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(16);
    let stueck = ids.len().div_ceil(threads).max(1);
    let (neu, schritt, fehler) = (&neu, &schritt, &fehler);
    let teile: Vec<Result<A, Fehler>> = std::thread::scope(|s| {
        let handles: Vec<_> = ids
            .chunks(stueck)
            .map(|teil| {
                s.spawn(move || {
                    let mut a = neu();
                    for id in teil {
                        match reg.lesen(id) {
                            Ok(inhalt) => schritt(&mut a, id, &inhalt)?,
                            Err(
                                e @ (SpeicherFehler::KeineDatei(..) | SpeicherFehler::Io { .. }),
                            ) => fehler(&mut a, id, &e.into()),
                            // Removed since the directory was listed.
                            Err(SpeicherFehler::NichtGefunden(_)) => {}
                            Err(e) => return Err(e.into()),
                        }
                    }
                    Ok(a)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Fehler::Intern("Auswertung abgebrochen".into())))
            })
            .collect()
    });
    let mut alle: Vec<A> = teile.into_iter().collect::<Result<_, _>>()?;
    if alle.is_empty() {
        alle.push(neu());
    }
    Ok(alle)
}
