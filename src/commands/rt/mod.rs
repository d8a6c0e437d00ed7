//! `iiz rt …`: the Roundtable commands, thin like the OPTIMA ones: args → event →
//! `vorgang` → output.

pub mod abschluss;
pub mod anmeldung;
pub mod aufgabe;
pub mod begleitung;
pub mod dokument;
pub mod gespraech;
pub mod kein_prozess;
pub mod report;

use super::{Erfasst, Umgebung, Zeige};
use crate::cli::RtErfassung;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::roundtable::{Ereignis, Fall, Roundtable};
use crate::vorgang;
use chrono::NaiveDate;

/// Runs one recording Roundtable command (typed, or an `import` line `rt-…`).
pub fn erfassen_befehl(u: &Umgebung, e: RtErfassung) -> Result<(Erfasst, Zeige), Fehler> {
    Ok(match e {
        RtErfassung::Anmeldung(a) => (anmeldung::ausfuehren(u, a)?, Zeige::Fall),
        RtErfassung::KeinProzess(a) => (kein_prozess::ausfuehren(u, a)?, Zeige::Status),
        RtErfassung::Gespraech(a) => (gespraech::ausfuehren(u, a)?, Zeige::Nr),
        RtErfassung::Begleitung(a) => (begleitung::ausfuehren(u, a)?, Zeige::Nichts),
        RtErfassung::Aufgabe(a) => (aufgabe::ausfuehren(u, a)?, Zeige::Nichts),
        RtErfassung::Abschluss(a) => (abschluss::ausfuehren(u, a)?, Zeige::Status),
    })
}

/// Records one Roundtable event (the write sequence of `vorgang`).
fn erfassen(
    u: &Umgebung,
    id: &str,
    datum: Option<NaiveDate>,
    korrektur: Option<vorgang::Korrektur>,
    n: &Nachfrage,
    bauen: impl FnOnce(&Fall, &vorgang::Vergeben<'_, Roundtable>) -> Result<Ereignis, Fehler>,
) -> Result<(crate::prozess::Uebersicht, Ereignis), Fehler> {
    vorgang::erfassen::<Roundtable>(u, id, datum, korrektur, n, bauen, zusammenfassung)
}

/// What a Roundtable event records, for the confirmation.
fn zusammenfassung(e: &Ereignis) -> Vec<(String, String)> {
    crate::ausgabe::zusammenfassung::zusammenfassung(e.bezeichnung(), e)
}

/// `--ersetzt NR` of a Roundtable command: the event it starts from.
fn vorlage(
    u: &Umgebung,
    id: &str,
    korrektur: &mut Option<vorgang::Korrektur>,
    ohne: &[String],
    n: &mut Nachfrage,
) -> Result<Option<(Ereignis, super::Vorlage)>, Fehler> {
    super::vorlage::<Roundtable>(u, id, korrektur, ohne, n, zusammenfassung)
}

/// Reads one Roundtable case (the replay of `vorgang`).
fn fall_lesen(u: &Umgebung, id: &str) -> Result<Fall, Fehler> {
    vorgang::fall_lesen::<Roundtable>(u, id)
}
