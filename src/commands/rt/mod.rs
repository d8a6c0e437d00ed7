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

use super::{Erfasst, Satz, Umgebung};
use crate::cli::RtErfassung;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::roundtable::{Ereignis, Fall, Roundtable};
use crate::vorgang;
use chrono::NaiveDate;

/// Runs one recording Roundtable command (typed, or an `import` line `rt-…`) and words
/// what it recorded.
pub fn erfassen_befehl(u: &Umgebung, e: RtErfassung) -> Result<Erfasst, Fehler> {
    let korrektur =
        |k: &crate::cli::KorrekturArgs| k.ersetzt.map(|nr| format!("Ereignis Nr. {nr}"));
    let (erfasst, satz, ersetzt): (Erfasst, Satz, Option<String>) = match e {
        RtErfassung::Anmeldung(a) => {
            let ersetzt = a
                .ersatz
                .ersetzt
                .as_ref()
                .map(|_| "die Anmeldung".to_string());
            (
                anmeldung::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| match e.status.as_str() {
                    "angemeldet" => format!(
                        "Roundtable {} angemeldet – weiter: erstes Gespräch ('iiz rt gespraech {}').",
                        e.fall, e.fall
                    ),
                    s => format!("Anmeldung von Roundtable {} erfasst – Status: {s}.", e.fall),
                }),
                ersetzt,
            )
        }
        RtErfassung::KeinProzess(a) => {
            let ersetzt = korrektur(&a.korrektur);
            (
                kein_prozess::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| format!("Roundtable {} ohne Prozess beendet.", e.fall)),
                ersetzt,
            )
        }
        RtErfassung::Gespraech(a) => {
            let ersetzt = korrektur(&a.korrektur);
            (
                gespraech::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| {
                    format!(
                        "Roundtable-Gespräch Nr. {} zu {} erfasst{}.",
                        e.nr.unwrap_or(0),
                        e.fall,
                        e.naechstes("Gespräch")
                    )
                }),
                ersetzt,
            )
        }
        RtErfassung::Begleitung(a) => {
            let ersetzt = korrektur(&a.korrektur);
            (
                begleitung::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| {
                    format!("Begleitung zu Roundtable {} festgehalten.", e.fall)
                }),
                ersetzt,
            )
        }
        RtErfassung::Aufgabe(a) => {
            let (ersetzt, nr) = (korrektur(&a.korrektur), a.nr);
            (
                aufgabe::ausfuehren(u, a)?,
                Box::new(move |e: &Erfasst| {
                    format!("Aufgabe Nr. {nr} von Roundtable {} erledigt.", e.fall)
                }),
                ersetzt,
            )
        }
        RtErfassung::Abschluss(a) => {
            let ersetzt = korrektur(&a.korrektur);
            (
                abschluss::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| format!("Roundtable {} abgeschlossen.", e.fall)),
                ersetzt,
            )
        }
    };
    Ok(erfasst.melden(&satz, ersetzt))
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
