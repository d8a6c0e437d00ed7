//! What the documents need of the register (spec §14): which version of an event a document
//! shows ("Fassung 2 vom …"), the record that a document was sent (`iiz versand`), and the
//! dispatch a file is (`iiz dokument --pruefen`). The documents themselves are drawn by
//! `ausgabe`; here only the journal is read and written.

use super::{Umgebung, beschaedigt, eintraege, fall_aus, passt};
use crate::fehler::Fehler;
use crate::prozess::{self, Prozess, Zeile, korrektur};
use crate::speicher::journal::{Eintrag, SpeicherFehler};
use chrono::NaiveDate;
use serde::Serialize;

/// Which version of an event a document shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fassung {
    /// 1 for an event never corrected, then one more per replacement.
    pub nr: u32,
    /// The day the version was recorded (the replacement's, or the event's own date).
    pub vom: NaiveDate,
}

/// The effective events of case `id`, in order, each with its version.
pub fn fassungen<P: Prozess>(
    u: &Umgebung,
    id: &str,
) -> Result<Vec<(Fassung, P::Ereignis)>, Fehler> {
    passt::<P>(id)?;
    let reg = u
        .register_vorhanden()?
        .ok_or_else(|| Fehler::from(SpeicherFehler::NichtGefunden(id.into())))?;
    let inhalt = u.inhalt(reg, id)?;
    let eintraege = eintraege::<P>(id, &inhalt)?;
    let g = korrektur::geschichte::<P>(&eintraege).map_err(|(z, f)| beschaedigt(id, z, f))?;
    Ok(g.ereignisse
        .iter()
        .map(|w| {
            let nr = korrektur::fassung(&g.staende, w.zeile);
            let vom = if nr > 1 {
                eintraege[w.zeile as usize - 1].erfasst.date_naive()
            } else {
                w.datum
            };
            (Fassung { nr, vom }, w.ereignis.clone())
        })
        .collect())
}

/// Records that a document of case `id` was sent (a kernel line, no event of the service):
/// dated `datum` (today without), not before `frueh` (the document's own date) and not in
/// the future. The recipients are stored as the case's free text.
pub fn versand_erfassen<P: Prozess>(
    u: &Umgebung,
    id: &str,
    datum: Option<NaiveDate>,
    frueh: NaiveDate,
    versand: korrektur::Versand,
) -> Result<(), Fehler> {
    passt::<P>(id)?;
    let reg = u.register()?;
    let mut journal = reg.sperren(id)?;
    let fall = fall_aus::<P>(id, journal.inhalt())?;
    let datum = datum.unwrap_or(u.heute);
    prozess::grundregeln::nicht_in_zukunft(datum, u.heute)
        .map_err(|r| Fehler::Regel(r.to_string()))?;
    if datum < frueh {
        return Err(Fehler::Regel(format!(
            "Das Dokument ist vom {} – ein Versand am {} liegt davor; ein Datum ab {} angeben.",
            crate::text::datum_text(Some(frueh)),
            crate::text::datum_text(Some(datum)),
            frueh
        )));
    }
    let zeile = Zeile::<P::Ereignis>::Versand(versand);
    let gespeichert = u.gespeichert::<P>(reg, id, P::person(&fall), &zeile)?;
    journal.anhaengen(reg, datum, &u.benutzer, &gespeichert)?;
    Ok(())
}

/// A recorded dispatch, as `dokument --pruefen` names it (no recipients: they are the
/// case's free text).
#[derive(Debug, Clone, Serialize)]
pub struct Versendet {
    pub fall: String,
    /// The journal line that records it.
    pub nr: u64,
    pub datum: NaiveDate,
    pub dokument: String,
}

/// Every dispatch in the register whose document has the SHA-256 `sha256` (one pass over
/// the journals; a journal is parsed only when its bytes hold the hash).
pub fn versand_suchen(u: &Umgebung, sha256: &str) -> Result<Vec<Versendet>, Fehler> {
    let teile = super::lesen::alle_journale(
        u,
        None,
        Vec::new,
        |funde: &mut Vec<Versendet>, id, inhalt| {
            if memchr::memmem::find(inhalt.bytes(), sha256.as_bytes()).is_none() {
                return Ok(());
            }
            for z in inhalt.zeilen() {
                let Ok(e) = serde_json::from_slice::<Eintrag<serde_json::Value>>(z) else {
                    continue;
                };
                let v = &e.ereignis;
                if v.get("typ").and_then(|t| t.as_str()) == Some("versand")
                    && v.pointer("/daten/sha256").and_then(|h| h.as_str()) == Some(sha256)
                {
                    funde.push(Versendet {
                        fall: id.to_string(),
                        nr: e.nr,
                        datum: e.datum,
                        dokument: v
                            .pointer("/daten/dokument")
                            .and_then(|d| d.as_str())
                            .unwrap_or_default()
                            .to_string(),
                    });
                }
            }
            Ok(())
        },
        |_, _, _| {},
    )?;
    let mut alle: Vec<Versendet> = teile.into_iter().flatten().collect();
    alle.sort_by(|a, b| (&a.fall, a.nr).cmp(&(&b.fall, b.nr)));
    Ok(alle)
}

/// The office's header for every document: `briefkopf.html` in the data directory (or, as
/// earlier versions named it, `rt-briefkopf.html`) – a regular file of at most 64 KiB, the
/// office's own HTML; `None` for the standard header.
pub fn briefkopf(u: &Umgebung) -> Result<Option<String>, Fehler> {
    use std::io::Read;
    const MAX: u64 = 64 * 1024;
    for name in ["briefkopf.html", "rt-briefkopf.html"] {
        let pfad = u.data_dir.join(name);
        // Not followed if it is a link; a FIFO is refused before it is opened.
        let Ok(meta) = std::fs::symlink_metadata(&pfad) else {
            continue;
        };
        if !meta.is_file() || meta.len() > MAX {
            return Err(Fehler::Nutzung(format!(
                "{} ist keine gewöhnliche Datei bis 64 KiB – Briefkopf als HTML-Datei ablegen oder entfernen.",
                pfad.display()
            )));
        }
        let mut text = String::new();
        std::fs::File::open(&pfad)
            .and_then(|f| f.take(MAX).read_to_string(&mut text))
            .map_err(|e| {
                Fehler::Nutzung(format!(
                    "{} ist nicht lesbar ({e}) – als UTF-8-Text speichern.",
                    pfad.display()
                ))
            })?;
        return Ok(Some(text));
    }
    Ok(None)
}
