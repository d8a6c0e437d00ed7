//! `iiz pendenzen`: what is due at a date, over every case (deadlines: the processes'
//! `fristen`; erasures due under the retention period: `loeschfrist`).

use super::Umgebung;
use crate::ausgabe::Format;
use crate::ausgabe::{self, datum_text, tabelle};
use crate::cli::PendenzenArgs;
use crate::fehler::Fehler;
use crate::prozess::{Pendenz, loeschfrist};
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, a: PendenzenArgs) -> Result<(), Fehler> {
    let stichtag = a.stichtag.unwrap_or(u.heute);
    let jahre = u.loeschfrist_jahre()?;
    let mut alle: Vec<Pendenz> =
        vorgang::alle_akten(u, Some(stichtag), false, Vec::new, |p, f, _| {
            p.extend(f.pendenzen(stichtag));
            p.extend(loeschfrist::pendenz(&f, stichtag, jahre));
        })?
        .into_iter()
        .flatten()
        .collect();
    alle.sort_by(|x, y| (x.faellig, &x.fall).cmp(&(y.faellig, &y.fall)));
    match u.format {
        Format::Table => {
            if alle.is_empty() {
                eprintln!("Keine Pendenzen am {}.", datum_text(Some(stichtag)));
                return Ok(());
            }
            let mut t = tabelle(&["Fällig", "Fall", "Was"]);
            for p in &alle {
                t.add_row(vec![
                    datum_text(Some(p.faellig)),
                    p.fall.clone(),
                    p.text.clone(),
                ]);
            }
            ausgabe::seite(&format!("{t}\n"))
        }
        Format::Json => ausgabe::json(&alle),
        Format::Csv => ausgabe::csv(&["fall", "art", "faellig", "text"], &alle),
    }
}
