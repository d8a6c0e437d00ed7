//! `iiz zugriffe [--fall FALL] [--von DATUM] [--bis DATUM]`: the access log — who displayed
//! the person data of which case, when and with which command (spec §12). Dates are local
//! days; JSON keeps the UTC time as logged.

use super::Umgebung;
use crate::ausgabe::{self, Format, tabelle};
use crate::cli::ZugriffeArgs;
use crate::fehler::Fehler;
use crate::vorgang::Zugriff;
use chrono::Local;

const KOPF: [&str; 4] = ["zeit", "benutzer", "fall", "befehl"];

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
            let tag = z.zeit.with_timezone(&Local).date_naive();
            a.von.is_none_or(|v| tag >= v) && a.bis.is_none_or(|b| tag <= b)
        })
        .collect();
    match u.format {
        Format::Json => ausgabe::json(&liste),
        Format::Csv => ausgabe::csv(&KOPF, &liste),
        Format::Table => {
            if liste.is_empty() {
                ausgabe::meldung(format_args!(
                    "Keine Zugriffe protokolliert (für diese Auswahl)."
                ));
                return Ok(());
            }
            let mut t = tabelle(&["Zeit", "Benutzer", "Fall", "Befehl"]);
            for z in &liste {
                t.add_row(vec![
                    z.zeit
                        .with_timezone(&Local)
                        .format("%d.%m.%Y %H:%M:%S")
                        .to_string(),
                    z.benutzer.clone(),
                    z.fall.clone(),
                    z.befehl.clone(),
                ]);
            }
            ausgabe::seite(&format!("{t}\n"))
        }
    }
}
