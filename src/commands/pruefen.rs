//! `iiz pruefen [--reparieren]`: named checks over every journal (hledger's `check`):
//! - `kette`: lines parse, numbers run without gaps, the hash chain holds;
//! - `abspielen`: the journal replays (what every reader needs);
//! - `regeln`: the recorded history passes today's rules (reported only: a rule made
//!   stricter later never makes an old case unreadable);
//! - `personen`: each person record exists unless erased.
//!
//! `--reparieren` fixes only a torn last line; everything else is reported, never "fixed".
//! Exit 5 while any problem remains.

use super::Umgebung;
use crate::ausgabe;
use crate::ausgabe::Format;
use crate::cli::PruefenArgs;
use crate::fehler::Fehler;
use crate::prozess::{self, Angebot, MitProzess, Prozess};
use crate::speicher::journal::{self, Befund, Inhalt, SpeicherFehler};
use crate::speicher::personen::Personen;
use crate::vorgang;
use std::collections::HashSet;

/// One journal through every check, in order; a check that fails makes the later ones moot.
fn pruefen<P: Prozess>(personen: &HashSet<String>, id: &str, inhalt: &Inhalt) -> Vec<Befund> {
    let befund = |pruefung: &'static str, zeile: usize, problem: String| Befund {
        fall: id.to_string(),
        zeile,
        problem,
        pruefung,
    };
    let kette = journal::kette_pruefen(id, inhalt);
    let kette_ok = kette.is_empty() || (kette.len() == 1 && inhalt.ist_zerrissen());
    if !kette_ok {
        return kette;
    }
    let mut befunde = kette;
    let eintraege = match inhalt.eintraege::<P::Ereignis>() {
        Ok(e) => e,
        Err((zeile, e)) => {
            befunde.push(befund("abspielen", zeile, format!("Zeile unlesbar ({e})")));
            return befunde;
        }
    };
    // One pass: replay and the rules check together.
    let (regeln, fall) = prozess::nachpruefen::<P>(id, &eintraege);
    for (zeile, problem) in regeln {
        befunde.push(befund(
            "regeln",
            zeile,
            format!("verletzt eine heutige Regel: {problem}"),
        ));
    }
    let fall = match fall {
        Ok(Some(f)) => f,
        Ok(None) => return befunde,
        Err((zeile, f)) => {
            befunde.push(befund("abspielen", zeile, f.0));
            return befunde;
        }
    };
    if let Some(p) = P::person(&fall)
        && !personen.contains(p)
    {
        befunde.push(befund(
            "personen",
            1,
            "Personendatensatz fehlt (nicht anonymisiert) – 'iiz anonymisieren' abschliessen oder Sicherung zurückspielen".into(),
        ));
    }
    befunde
}

pub fn ausfuehren(u: &Umgebung, a: PruefenArgs) -> Result<(), Fehler> {
    let Some(reg) = u.register_vorhanden()? else {
        eprintln!(
            "Kein Register in {} – nichts zu prüfen.",
            u.data_dir.display()
        );
        return Ok(());
    };
    let ids = reg.ids()?;
    let mut repariert = Vec::new();
    if a.reparieren {
        for id in &ids {
            match reg.reparieren(id) {
                Ok(Some(sicherung)) => repariert.push((id.clone(), sicherung)),
                Ok(None) => {}
                // Not a journal at all (a FIFO, a link …): reported below, never touched.
                Err(SpeicherFehler::KeineDatei(..)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    // Every pseudonym once, instead of a shard read per case.
    let personen = Personen::neu(reg).pseudonyme()?;
    let teile = vorgang::alle_journale(
        u,
        None,
        Vec::new,
        |b, id, inhalt| {
            struct Pruefung<'a>(&'a HashSet<String>, &'a str, &'a Inhalt);
            impl MitProzess for Pruefung<'_> {
                type Aus = Vec<Befund>;
                fn mit<P: Prozess>(self) -> Vec<Befund> {
                    pruefen::<P>(self.0, self.1, self.2)
                }
            }
            match Angebot::von_id(id) {
            Some(a) => b.extend(a.mit(Pruefung(&personen, id, inhalt))),
            None => b.push(Befund {
                fall: id.to_string(),
                zeile: 0,
                problem:
                    "Journal gehört zu keinem bekannten Angebot (unbekanntes Kürzel der Fallnummer)"
                        .into(),
                pruefung: "abspielen",
            }),
        }
            Ok(())
        },
        |b, id, e| {
            b.push(Befund {
                fall: id.to_string(),
                zeile: 0,
                problem: e.to_string(),
                pruefung: "datei",
            })
        },
    )?;
    let mut befunde: Vec<Befund> = teile.into_iter().flatten().collect();
    befunde.sort_by(|x, y| (&x.fall, x.zeile).cmp(&(&y.fall, y.zeile)));
    for (id, s) in &repariert {
        eprintln!(
            "Repariert: Fall {id} – unvollständige letzte Zeile gesichert in {}",
            s.display()
        );
    }
    match u.format {
        Format::Table => {
            for b in &befunde {
                if b.zeile == 0 {
                    ausgabe::zeile(format_args!("{}: {}", b.fall, b.problem))?;
                } else {
                    ausgabe::zeile(format_args!("{} Zeile {}: {}", b.fall, b.zeile, b.problem))?;
                }
            }
            if befunde.is_empty() {
                eprintln!("{} Journale geprüft – keine Probleme.", ids.len());
            }
        }
        Format::Csv => ausgabe::csv(&["fall", "zeile", "problem", "pruefung"], &befunde)?,
        Format::Json => ausgabe::json(&befunde)?,
    }
    if befunde.is_empty() {
        Ok(())
    } else {
        Err(Fehler::Beschaedigt(format!(
            "{} Problem(e) in den Journalen gefunden – Einzelheiten oben; unvollständige letzte Zeilen behebt 'iiz pruefen --reparieren', alles andere aus der Datensicherung.",
            befunde.len()
        )))
    }
}
