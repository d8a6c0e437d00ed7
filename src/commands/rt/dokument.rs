//! `iiz rt dokument FALL`: the Standortanalyse and Ziel- und Handlungsplan of a meeting, as
//! the document the office sends to the participants (HTML for print, or Markdown).
//! The office header comes from `rt-briefkopf.html` in the data directory when present.

use super::super::Umgebung;
use super::fall_lesen;
use crate::ausgabe;
use crate::ausgabe::rt_dokument::{self as dokument, Rahmen};
use crate::cli::{Format as CliFormat, RtDokumentArgs};
use crate::fehler::Fehler;
use std::io::Read;

/// The header file, if the office placed one (a regular file, at most 64 KiB).
const BRIEFKOPF: &str = "rt-briefkopf.html";
const BRIEFKOPF_MAX: u64 = 64 * 1024;

fn briefkopf(u: &Umgebung) -> Result<Option<String>, Fehler> {
    let pfad = u.data_dir.join(BRIEFKOPF);
    let Ok(meta) = std::fs::symlink_metadata(&pfad) else {
        return Ok(None);
    };
    if !meta.is_file() || meta.len() > BRIEFKOPF_MAX {
        return Err(Fehler::Nutzung(format!(
            "{} ist keine gewöhnliche Datei bis 64 KiB – Briefkopf als HTML-Datei ablegen oder entfernen.",
            pfad.display()
        )));
    }
    let mut text = String::new();
    std::fs::File::open(&pfad)
        .and_then(|mut f| f.read_to_string(&mut text))
        .map_err(|e| {
            Fehler::Nutzung(format!(
                "{} ist nicht lesbar ({e}) – als UTF-8-Text speichern.",
                pfad.display()
            ))
        })?;
    Ok(Some(text))
}

pub fn ausfuehren(u: &Umgebung, a: RtDokumentArgs, format: CliFormat) -> Result<(), Fehler> {
    if let Some(pfad) = &a.ausgabe {
        super::super::ausserhalb_des_registers(u, pfad, "Das Dokument")?;
    }
    let mut fall = fall_lesen(u, &a.fall)?;
    let Some(nr) = a.gespraech.or(fall.gespraeche.last().map(|g| g.nr)) else {
        return Err(Fehler::Regel(format!(
            "Roundtable {} hat noch kein Gespräch – zuerst 'iiz rt gespraech {} …' erfassen.",
            fall.fall, fall.fall
        )));
    };
    let blick = if fall.anonymisiert {
        crate::vorgang::Personenblick::leer(&fall.fall)
    } else {
        u.person_lesen(&fall.fall, Some(&fall.anmeldung.person))?
    };
    // The free text in clear for the document ("(gelöscht)" without the key); escaped by
    // the renderer like any other text.
    for t in fall.texte_mut() {
        blick.klartext(t);
    }
    let person = blick.person.map(|p| format!("{} {}", p.vorname, p.name));
    let zeigt_person = person.is_some();
    let kopf = briefkopf(u)?;
    let rahmen = Rahmen {
        person,
        briefkopf: kopf.as_deref(),
        erstellt: u.heute,
    };
    let text = match format {
        CliFormat::Md => dokument::markdown(&fall, nr, &rahmen),
        _ => dokument::html_seite(&fall, nr, &rahmen),
    }
    .ok_or_else(|| {
        Fehler::Regel(format!(
            "Roundtable {} hat kein Gespräch Nr. {nr} – die Gespräche zeigt 'iiz zeige {}'.",
            fall.fall, fall.fall
        ))
    })?;
    // Logged once the document exists, before anyone sees it.
    if zeigt_person {
        u.zugriff(&[&fall.fall], "rt dokument")?;
    }
    match &a.ausgabe {
        Some(pfad) => {
            // Private like the register: the document names the person.
            crate::ausgabe::datei::schreiben(pfad, text.as_bytes())?;
            ausgabe::meldung(format_args!("Dokument geschrieben: {}", pfad.display()));
            Ok(())
        }
        None => ausgabe::text(&text),
    }
}
