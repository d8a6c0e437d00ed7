//! `iiz suche TEXT`: finds the cases of a person who phones in, by name, first name or AHV
//! number (any common spelling), from the person store's indexes — no journal holds a name.
//! The hit list shows case, service, status and date.

use super::Umgebung;
use crate::ausgabe::{self, Format, datum_text, tabelle};
use crate::cli::SucheArgs;
use crate::cli::eingabe;
use crate::fehler::Fehler;
use crate::prozess::person::ahv_pruefen;
use crate::prozess::{ANGEBOTE, Angebot};
use crate::vorgang;
use crate::vorgang::Person;
use serde::Serialize;

#[derive(Serialize)]
struct Treffer {
    fall: String,
    angebot: Option<Angebot>,
    status: String,
    datum: Option<chrono::NaiveDate>,
    vorname: String,
    name: String,
}

const KOPF: [&str; 6] = ["fall", "angebot", "status", "datum", "vorname", "name"];

/// An AHV number in any common spelling (dots, spaces, hyphens or none), normalized.
fn als_ahv(text: &str) -> Option<String> {
    let ziffern: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let nur_ahv_zeichen = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ' ' | '-'));
    (nur_ahv_zeichen && ziffern.len() == 13 && ziffern.starts_with("756"))
        .then(|| ahv_pruefen(&ziffern).ok())
        .flatten()
}

pub fn ausfuehren(u: &Umgebung, a: SucheArgs) -> Result<(), Fehler> {
    let text = a.text.join(" ");
    eingabe::text_pruefen("TEXT", Some(&text))?;
    let text = text.trim();
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return Err(Fehler::Nutzung(
            "Bitte mindestens zwei Zeichen suchen – einen Namen, Vornamen oder eine AHV-Nummer."
                .into(),
        ));
    }
    let mut treffer: Vec<Treffer> = Vec::new();
    {
        let gefunden: Vec<Person> = match als_ahv(text) {
            Some(ahv) => {
                let praefixe: Vec<&str> = ANGEBOTE.iter().map(|(p, _)| *p).collect();
                u.personen_mit_ahv(&ahv, &praefixe)?
            }
            None if text.chars().any(|c| c.is_ascii_digit()) => {
                return Err(Fehler::Nutzung(format!(
                    "'{}' ist weder ein Name noch eine gültige AHV-Nummer (756.dddd.dddd.dd) – Eingabe prüfen.",
                    text.chars().take(40).collect::<String>()
                )));
            }
            None => u.personen_mit_namen(text)?,
        };
        for p in gefunden {
            let (status, datum) = match vorgang::akte_lesen(u, &p.fall) {
                // A record the case does not name (left by a crash) is nobody's case.
                Ok((akte, _)) if akte.person() != Some(p.pseudonym.as_str()) => continue,
                Ok((akte, storniert)) => {
                    let z = akte.uebersicht();
                    (
                        if storniert.is_some() {
                            "storniert".into()
                        } else {
                            z.status
                        },
                        Some(z.antrag),
                    )
                }
                Err(Fehler::Beschaedigt(_)) => ("beschädigt".into(), None),
                Err(Fehler::NichtGefunden(_)) => continue,
                Err(e) => return Err(e),
            };
            treffer.push(Treffer {
                angebot: Angebot::von_id(&p.fall),
                fall: p.fall,
                status,
                datum,
                vorname: p.vorname,
                name: p.name,
            });
        }
    }
    treffer.sort_by(|x, y| (y.datum, &y.fall).cmp(&(x.datum, &x.fall)));
    let faelle: Vec<&str> = treffer.iter().map(|t| t.fall.as_str()).collect();
    u.zugriff(&faelle, "suche")?;
    match u.format {
        Format::Json => ausgabe::json(&treffer),
        Format::Csv => ausgabe::csv(&KOPF, &treffer),
        Format::Table => {
            if treffer.is_empty() {
                ausgabe::meldung(format_args!(
                    "Keine Person gefunden – ganze Wörter des Namens oder die AHV-Nummer eingeben."
                ));
                return Ok(());
            }
            let mut t = tabelle(&["Fall", "Angebot", "Status", "Datum", "Person"]);
            for z in &treffer {
                t.add_row(vec![
                    z.fall.clone(),
                    z.angebot.map(|a| format!("{a:?}")).unwrap_or_default(),
                    z.status.clone(),
                    datum_text(z.datum),
                    format!("{} {}", z.vorname, z.name),
                ]);
            }
            ausgabe::zeile(t)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::als_ahv;

    #[test]
    fn ahv_in_jeder_schreibweise() {
        let soll = Some("756.1234.5678.97".to_string());
        for s in [
            "756.1234.5678.97",
            "7561234567897",
            "756 1234 5678 97",
            "756-1234-5678-97",
        ] {
            assert_eq!(als_ahv(s), soll, "{s}");
        }
        assert_eq!(als_ahv("756.1234.5678.90"), None, "check digit");
        assert_eq!(als_ahv("Muster"), None);
    }
}
