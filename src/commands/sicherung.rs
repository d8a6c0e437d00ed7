//! `iiz sicherung DATEI`: the register as one private tar archive, consistent under the
//! register lock (`Umgebung::sichern`).

use super::Umgebung;
use crate::ausgabe::{self, Format};
use crate::cli::SicherungArgs;
use crate::fehler::Fehler;

pub fn ausfuehren(u: &Umgebung, a: SicherungArgs) -> Result<(), Fehler> {
    let Some(reg) = u.register_vorhanden()? else {
        return Err(Fehler::NichtGefunden(format!(
            "In {} gibt es noch kein Register – nichts zu sichern.",
            u.data_dir.display()
        )));
    };
    // Only in place of a regular file: never a device, a FIFO or a link (exit 2).
    crate::ausgabe::datei::ziel_pruefen(&a.datei)?;
    // Inside the data directory the archive would be in the next one, and lie beside the
    // data it should protect from loss.
    let ordner = a
        .datei
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let ordner = ordner.canonicalize().map_err(|e| {
        Fehler::Nutzung(format!(
            "Ordner für {} nicht gefunden ({e}) – einen bestehenden Ordner angeben.",
            a.datei.display()
        ))
    })?;
    if let Ok(wurzel) = reg.wurzel().canonicalize()
        && ordner.starts_with(&wurzel)
    {
        return Err(Fehler::Nutzung(
            "Die Sicherung gehört ausserhalb des Datenverzeichnisses – einen anderen Ordner angeben.".into(),
        ));
    }
    let g = u.sichern(&a.datei)?;
    #[derive(serde::Serialize)]
    struct Aus<'a> {
        datei: String,
        faelle: usize,
        registerstand: &'a Option<String>,
    }
    let aus = Aus {
        datei: a.datei.display().to_string(),
        faelle: g.faelle,
        registerstand: &g.registerstand,
    };
    match u.format {
        Format::Json => ausgabe::json(&aus),
        Format::Csv => ausgabe::csv(&["datei", "faelle", "registerstand"], &[aus]),
        Format::Table => ausgabe::zeile(format_args!(
            "Sicherung {}: {} Fälle, Registerstand {}",
            aus.datei,
            aus.faelle,
            g.registerstand.as_deref().unwrap_or("–")
        )),
    }
}
