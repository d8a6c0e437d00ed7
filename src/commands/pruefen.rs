//! `iiz pruefen [--reparieren]`: checks every journal — lines parse, numbers run without
//! gaps, the hash chain holds, the rules accept the replay, each person record exists
//! (unless erased). `--reparieren` fixes only a torn last line; everything else is
//! reported, never "fixed". Exit 5 while any problem remains.

use super::{Umgebung, fall_laden};
use crate::ausgabe;
use crate::cli::{Format, PruefenArgs};
use crate::fehler::Fehler;
use crate::speicher::journal::{self, Befund};
use crate::speicher::personen::Personen;

pub fn ausfuehren(u: &Umgebung, a: PruefenArgs) -> Result<(), Fehler> {
    let Some(reg) = u.register_lesend()? else {
        eprintln!(
            "Kein Register in {} – nichts zu prüfen.",
            u.data_dir.display()
        );
        return Ok(());
    };
    let mut befunde: Vec<Befund> = Vec::new();
    let mut repariert = Vec::new();
    let ids = reg.ids()?;
    for id in &ids {
        if a.reparieren
            && let Some(sicherung) = reg.reparieren(id)?
        {
            repariert.push((id.clone(), sicherung));
        }
        let inhalt = reg.lesen(id)?;
        let kette = journal::kette_pruefen(id, &inhalt);
        let kette_ok = kette.is_empty() || (kette.len() == 1 && inhalt.ist_zerrissen());
        befunde.extend(kette);
        if !kette_ok {
            continue;
        }
        match fall_laden(id, &inhalt, None) {
            Ok(f) if !f.anonymisiert => {
                if Personen::neu(reg).lesen(&f.antrag.person)?.is_none() {
                    befunde.push(Befund {
                        fall: id.clone(),
                        zeile: 1,
                        problem: "Personendatensatz fehlt (nicht anonymisiert) – 'iiz anonymisieren' abschliessen oder Sicherung zurückspielen".into(),
                    });
                }
            }
            Ok(_) => {}
            Err(e) => befunde.push(Befund {
                fall: id.clone(),
                zeile: 0,
                problem: e.to_string(),
            }),
        }
    }
    for (id, s) in &repariert {
        eprintln!(
            "Repariert: Fall {id} – unvollständige letzte Zeile gesichert in {}",
            s.display()
        );
    }
    if u.format == Format::Table {
        for b in &befunde {
            ausgabe::zeile(format_args!("{} Zeile {}: {}", b.fall, b.zeile, b.problem))?;
        }
        if befunde.is_empty() {
            eprintln!("{} Journale geprüft – keine Probleme.", ids.len());
        }
    } else if u.format == Format::Csv {
        ausgabe::csv(&["fall", "zeile", "problem"], &befunde)?;
    } else {
        ausgabe::json(&befunde)?;
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
