//! `iiz pruefen [--reparieren]`: named checks over every journal (hledger's `check`):
//! - `kette`: lines parse, numbers run without gaps, the hash chain holds;
//! - `abspielen`: the journal replays (what every reader needs);
//! - `regeln`: the recorded history passes today's rules (reported only: a rule made
//!   stricter later never makes an old case unreadable);
//! - `personen`: each person record exists unless erased, and the person store holds
//!   nothing no case stands behind (records, index lines, temp copies left by a crash).
//!
//! `--reparieren` fixes a torn last line (moved to `reparatur/`) and removes what the person
//! store holds without a case (personal data: removed, never kept aside); everything else is
//! reported, never "fixed". Exit 5 while any problem remains.

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
/// What one journal gives: its findings and the pseudonyms its person record may have.
type Ergebnis = (Vec<Befund>, Vec<String>);

/// Every pseudonym a journal mentions anywhere: a journal that does not replay keeps every
/// record it might need (a damaged case is restored from a backup, not stripped).
fn erwaehnt(inhalt: &Inhalt) -> Vec<String> {
    let mut alle = Vec::new();
    for z in inhalt.zeilen() {
        let mut rest = z;
        while let Some(i) = memchr::memmem::find(rest, b"\"P-") {
            let p = &rest[i + 1..];
            if p.len() > 34 && p[2..34].iter().all(u8::is_ascii_hexdigit) && p[34] == b'"' {
                alle.push(String::from_utf8_lossy(&p[..34]).into_owned());
            }
            rest = &rest[i + 3..];
        }
    }
    alle
}

fn pruefen<P: Prozess>(personen: &HashSet<String>, id: &str, inhalt: &Inhalt) -> Ergebnis {
    let befund = |pruefung: &'static str, zeile: usize, problem: String| Befund {
        fall: id.to_string(),
        zeile,
        problem,
        pruefung,
    };
    let kette = journal::kette_pruefen(id, inhalt);
    let kette_ok = kette.is_empty() || (kette.len() == 1 && inhalt.ist_zerrissen());
    if !kette_ok {
        return (kette, erwaehnt(inhalt));
    }
    let mut befunde = kette;
    let eintraege = match inhalt.eintraege::<P::Ereignis>() {
        Ok(e) => e,
        Err((zeile, e)) => {
            befunde.push(befund("abspielen", zeile, format!("Zeile unlesbar ({e})")));
            return (befunde, erwaehnt(inhalt));
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
        Ok(None) => return (befunde, Vec::new()),
        Err((zeile, f)) => {
            befunde.push(befund("abspielen", zeile, f.0));
            return (befunde, erwaehnt(inhalt));
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
    (
        befunde,
        P::person(&fall).map(String::from).into_iter().collect(),
    )
}

pub fn ausfuehren(u: &Umgebung, a: PruefenArgs) -> Result<(), Fehler> {
    let Some(reg) = u.register_vorhanden()? else {
        eprintln!(
            "Kein Register in {} – nichts zu prüfen.",
            u.data_dir.display()
        );
        return Ok(());
    };
    // A repair holds the register lock throughout: no new person appears while the store is
    // compared with the journals, so nothing that belongs to a case is taken for a rest.
    let sperre = if a.reparieren {
        Some(reg.sperre()?)
    } else {
        None
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
        || (Vec::new(), HashSet::new(), HashSet::new()),
        |(b, genannt, _), id, inhalt| {
            struct Pruefung<'a>(&'a HashSet<String>, &'a str, &'a Inhalt);
            impl MitProzess for Pruefung<'_> {
                type Aus = Ergebnis;
                fn mit<P: Prozess>(self) -> Ergebnis {
                    pruefen::<P>(self.0, self.1, self.2)
                }
            }
            match Angebot::von_id(id) {
            Some(a) => {
                let (befunde, person) = a.mit(Pruefung(&personen, id, inhalt));
                b.extend(befunde);
                genannt.extend(person);
            }
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
        |(b, _, unlesbar), id, e| {
            unlesbar.insert(id.to_string());
            b.push(Befund {
                fall: id.to_string(),
                zeile: 0,
                problem: e.to_string(),
                pruefung: "datei",
            })
        },
    )?;
    let mut befunde = Vec::new();
    let mut genannt = HashSet::new();
    let mut unlesbar = HashSet::new();
    for (b, g, u) in teile {
        befunde.extend(b);
        genannt.extend(g);
        unlesbar.extend(u);
    }
    let personen = Personen::neu(reg);
    genannt.extend(personen.pseudonyme_der_faelle(&unlesbar)?);
    let mut entfernt = 0;
    if let Some(sperre) = &sperre {
        entfernt = personen.aufraeumen(sperre, &genannt)?;
        for rest in reg.reste()? {
            reg.rest_entfernen(sperre, &rest)?;
            entfernt += 1;
        }
    }
    // Without the lock a case may have been made since the replay: `verwaist` checks such
    // records against their journals instead of calling them orphans.
    let bekannt: HashSet<String> = ids.iter().cloned().collect();
    for v in personen.verwaist(&genannt, &bekannt)? {
        befunde.push(Befund {
            fall: v.fall.unwrap_or_else(|| v.datei.clone()),
            zeile: 0,
            problem: format!(
                "{} ({}) – 'iiz pruefen --reparieren' entfernt es",
                v.was, v.datei
            ),
            pruefung: "personen",
        });
    }
    for rest in reg.reste()? {
        let datei = rest
            .strip_prefix(reg.wurzel())
            .unwrap_or(&rest)
            .display()
            .to_string();
        befunde.push(Befund {
            fall: datei.clone(),
            zeile: 0,
            problem: format!(
                "halb angelegtes Journal eines abgebrochenen Antrags ({datei}) – 'iiz pruefen --reparieren' entfernt es"
            ),
            pruefung: "datei",
        });
    }
    drop(sperre);
    befunde.sort_by(|x, y| (&x.fall, x.zeile).cmp(&(&y.fall, y.zeile)));
    if entfernt > 0 {
        eprintln!(
            "Entfernt: {entfernt} Rest(e) ohne Fall im Personenspeicher und in faelle/ (Personendaten: nicht aufbewahrt)."
        );
    }
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
