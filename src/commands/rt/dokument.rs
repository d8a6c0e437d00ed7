//! `iiz rt dokument FALL`: the Standortanalyse and Ziel- und Handlungsplan of a meeting, as
//! the document the office sends to the participants (HTML for print, or Markdown), drawn by
//! the one document model (`commands::dokument`). The office header comes from
//! `briefkopf.html` (or `rt-briefkopf.html`) in the data directory when present.

use super::super::Umgebung;
use super::super::dokument::{Wahl, ausgeben, erstellen};
use crate::cli::{Format as CliFormat, RtDokumentArgs};
use crate::fehler::Fehler;

pub fn ausfuehren(u: &Umgebung, a: RtDokumentArgs, format: CliFormat) -> Result<(), Fehler> {
    if let Some(pfad) = &a.ausgabe {
        super::super::ausserhalb_des_registers(u, pfad, "Das Dokument")?;
    }
    // A command of one process naming a case of another is refused by the read.
    let e = erstellen(u, &a.fall, &Wahl::Plan(a.gespraech), &[])?;
    ausgeben(u, &a.fall, "rt dokument", &e, format, a.ausgabe.as_deref())
}
