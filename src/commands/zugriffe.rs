//! `iiz zugriffe [--fall FALL] [--konto KONTO] [--von DATUM] [--bis DATUM]`: the access
//! log — who (display name and operating-system account) displayed the person data of
//! which case, when and with which command (spec §12, §16). Dates are local
//! days; JSON keeps the UTC time as logged.

use super::Umgebung;
use crate::ausgabe::{self, Format, tabelle};
use crate::cli::ZugriffeArgs;
use crate::fehler::Fehler;
use crate::vorgang::Zugriff;
use chrono::Local;

const KOPF: [&str; 5] = ["zeit", "benutzer", "konto", "fall", "befehl"];

pub fn ausfuehren(u: &Umgebung, a: ZugriffeArgs) -> Result<(), Fehler> {
    if let (Some(von), Some(bis)) = (a.von, a.bis)
        && von > bis
    {
        return Err(Fehler::Nutzung(format!(
            "--von {von} liegt nach --bis {bis} – Zeitraum prüfen."
        )));
    }
    let alle = u.zugriffe_lesen()?;
    let liste: Vec<Zugriff> = alle
        .into_iter()
        .filter(|z| a.fall.as_deref().is_none_or(|f| z.fall == f))
        .filter(|z| {
            a.konto
                .as_deref()
                .is_none_or(|k| z.konto.as_deref() == Some(k))
        })
        .filter(|z| {
            let tag = z.zeit.with_timezone(&Local).date_naive();
            a.von.is_none_or(|v| tag >= v) && a.bis.is_none_or(|b| tag <= b)
        })
        .collect();
    match u.format {
        Format::Json => ausgabe::json(&liste),
        Format::Csv => {
            // Every column in every row (the JSON leaves out an account never recorded).
            #[derive(serde::Serialize)]
            struct Zeile<'a> {
                zeit: &'a chrono::DateTime<chrono::Utc>,
                benutzer: &'a str,
                konto: &'a str,
                fall: &'a str,
                befehl: &'a str,
            }
            let zeilen: Vec<Zeile> = liste
                .iter()
                .map(|z| Zeile {
                    zeit: &z.zeit,
                    benutzer: &z.benutzer,
                    konto: z.konto.as_deref().unwrap_or(""),
                    fall: &z.fall,
                    befehl: &z.befehl,
                })
                .collect();
            ausgabe::csv(&KOPF, &zeilen)
        }
        Format::Table => {
            if liste.is_empty() {
                ausgabe::meldung(format_args!(
                    "Keine Zugriffe protokolliert (für diese Auswahl)."
                ));
                return Ok(());
            }
            let mut t = tabelle(&["Zeit", "Benutzer", "Konto", "Fall", "Befehl"]);
            for z in &liste {
                t.add_row(vec![
                    z.zeit
                        .with_timezone(&Local)
                        .format("%d.%m.%Y %H:%M:%S")
                        .to_string(),
                    z.benutzer.clone(),
                    z.konto.clone().unwrap_or_else(|| "–".into()),
                    z.fall.clone(),
                    z.befehl.clone(),
                ]);
            }
            ausgabe::seite(&format!("{t}\n"))
        }
    }
}
