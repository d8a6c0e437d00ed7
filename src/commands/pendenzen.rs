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
    let heute = a.stichtag.unwrap_or(u.heute);
    // A look ahead: what is due by `--bis`, as that day will see it.
    let stichtag = match a.bis {
        Some(b) if b < heute => {
            return Err(Fehler::Nutzung(format!(
                "--bis {b} liegt vor dem Stichtag {heute} – ein späteres Datum angeben."
            )));
        }
        Some(b) => b,
        None => heute,
    };
    let berater = a.berater.as_deref().map(|b| b.trim().to_lowercase());
    let passt = |z: &crate::prozess::Uebersicht| {
        a.fall.as_deref().is_none_or(|f| z.fall == f)
            && a.stelle
                .is_none_or(|s| s.to_string() == z.von || s.to_string() == z.an)
            && berater.as_ref().is_none_or(|b| {
                z.berater
                    .as_deref()
                    .is_some_and(|x| x.to_lowercase().contains(b.as_str()))
            })
    };
    let jahre = u.loeschfrist_jahre()?;
    // One replay per case: its due items, and the pseudonym of a case whose items show
    // free text (for its key below).
    let mut alle: Vec<Pendenz> = Vec::new();
    let mut personen: std::collections::HashMap<String, String> = Default::default();
    for (p, m) in vorgang::alle_akten(
        u,
        Some(stichtag),
        true,
        || (Vec::new(), Vec::new()),
        |(p, m), f, storniert| {
            if !passt(&f.uebersicht()) {
                return;
            }
            // A voided case has no deadlines, only the erasure of its person data.
            let mut neu = match storniert {
                Some(_) => Vec::new(),
                None => f.pendenzen(stichtag),
            };
            neu.extend(loeschfrist::faellig(&f, storniert, stichtag, jahre));
            neu.retain(|x| a.art.is_none_or(|art| x.art == art));
            let vorher = p.len();
            p.extend(neu);
            if let Some(person) = f.person()
                && p[vorher..]
                    .iter()
                    .any(|x: &Pendenz| vorgang::hat_freitext(&x.text))
            {
                m.push((f.uebersicht().fall, person.to_string()));
            }
        },
    )? {
        alle.extend(p);
        personen.extend(m);
    }
    alle.sort_by(|x, y| (x.faellig, &x.fall).cmp(&(y.faellig, &y.fall)));
    let weitere = match a.limit {
        Some(n) if alle.len() as u64 > n => {
            let w = alle.len() - n as usize;
            alle.truncate(n as usize);
            w
        }
        _ => 0,
    };
    if weitere > 0 && u.format == Format::Table {
        ausgabe::meldung(format_args!(
            "{weitere} weitere Pendenz(en) nicht gezeigt (--limit)."
        ));
    }
    // A due task or measure names its free text: decrypted for this list, and logged as a
    // display of that case's data.
    let mut gezeigt: Vec<String> = Vec::new();
    for p in alle.iter_mut().filter(|p| vorgang::hat_freitext(&p.text)) {
        let fall = p.fall.clone();
        let blick = u.person_lesen(&fall, personen.get(&fall).map(String::as_str))?;
        blick.klartext(&mut p.text);
        if blick.liest_freitext() && !gezeigt.contains(&fall) {
            gezeigt.push(fall);
        }
    }
    let faelle: Vec<&str> = gezeigt.iter().map(String::as_str).collect();
    u.zugriff(&faelle, "pendenzen")?;
    match u.format {
        Format::Table => {
            if alle.is_empty() {
                ausgabe::meldung(format_args!(
                    "Keine Pendenzen am {}.",
                    datum_text(Some(stichtag))
                ));
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
        Format::Json => super::json_mit_warnungen(u, &alle),
        Format::Csv => ausgabe::csv(&["fall", "art", "faellig", "text"], &alle),
    }
}
