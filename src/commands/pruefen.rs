//! `iiz pruefen [--reparieren] [--stand STAND]`: the named checks over the whole register
//! (`vorgang::pruefen`), said here: findings on stdout, what was repaired and the register
//! state on stderr; exit 5 while any problem remains.

use super::Umgebung;
use crate::ausgabe;
use crate::ausgabe::Format;
use crate::cli::PruefenArgs;
use crate::fehler::Fehler;
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, a: PruefenArgs) -> Result<(), Fehler> {
    let Some(b) = vorgang::register_pruefen(u, a.reparieren, a.stand.as_deref(), &a.pruefungen)?
    else {
        ausgabe::meldung(format_args!(
            "Kein Register in {} – nichts zu prüfen.",
            u.data_dir.display()
        ));
        return Ok(());
    };
    if b.nachgetragen > 0 {
        ausgabe::meldung(format_args!(
            "Nachgetragen: {} Zeile(n) im Registerprotokoll (nach einem Absturz).",
            b.nachgetragen
        ));
    }
    for name in &b.probelaeufe_entfernt {
        ausgabe::meldung(format_args!(
            "Entfernt: {name} (Kopie eines abgebrochenen Probelaufs)."
        ));
    }
    if u.format == Format::Table
        && let Some(stand) = &b.stand
    {
        ausgabe::meldung(format_args!(
            "Registerstand: {stand} – notieren (z. B. im Jahresbericht); 'iiz pruefen --stand {stand}' zeigt später, dass seither nichts umgeschrieben wurde."
        ));
    }
    if b.entfernt > 0 {
        ausgabe::meldung(format_args!(
            "Entfernt: {} Rest(e) ohne Fall im Personenspeicher und in faelle/ (Personendaten: nicht aufbewahrt).",
            b.entfernt
        ));
    }
    for (id, s) in &b.repariert {
        ausgabe::meldung(format_args!(
            "Repariert: Fall {id} – unvollständige letzte Zeile gesichert in {}",
            s.display()
        ));
    }
    let befunde = &b.befunde;
    match u.format {
        Format::Table => {
            for b in befunde {
                if b.zeile == 0 {
                    ausgabe::zeile(format_args!("{}: {}", b.fall, b.problem))?;
                } else {
                    ausgabe::zeile(format_args!("{} Zeile {}: {}", b.fall, b.zeile, b.problem))?;
                }
            }
            if befunde.is_empty() {
                ausgabe::meldung(format_args!(
                    "{} Journale geprüft – keine Probleme.",
                    b.journale
                ));
            }
        }
        Format::Csv => ausgabe::csv(&["fall", "zeile", "problem", "pruefung"], befunde)?,
        Format::Json => ausgabe::json(befunde)?,
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
