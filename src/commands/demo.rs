//! `iiz demo`: loads the bundled example scenarios into a fresh temporary register (never
//! the user's), prints its Standardreporting and the Roundtable statistics of 2023, and
//! removes the register again.

use super::{Umgebung, import, report, rt};
use crate::ausgabe;
use crate::ausgabe::Format;
use crate::cli::ReportArgs;
use crate::fehler::Fehler;
use std::path::PathBuf;

/// The scenarios of `examples/`, compiled in so that the demo needs no files. The two small
/// Roundtable illustrations (case manager, no process) are left out: their cases are already
/// part of `roundtable-2023`, whose 2023 figures the demo shows as published.
/// Invented Roundtable history 2009–2022, as exported from the old tool.
pub const ALTBESTAND: &str = include_str!("../../examples/altbestand/casenet-2009-2022.csv");

pub const SZENARIEN: &[(&str, &str)] = &[
    (
        "frauenhaus",
        include_str!("../../examples/frauenhaus.jsonl"),
    ),
    (
        "iv-ablehnung",
        include_str!("../../examples/iv-ablehnung.jsonl"),
    ),
    (
        "kgs-verweigert",
        include_str!("../../examples/kgs-verweigert.jsonl"),
    ),
    (
        "sh-an-iv-massnahme",
        include_str!("../../examples/sh-an-iv-massnahme.jsonl"),
    ),
    (
        "sozialdienst-an-sobz",
        include_str!("../../examples/sozialdienst-an-sobz.jsonl"),
    ),
    (
        "pilot-2018-2022",
        include_str!("../../examples/pilot-2018-2022.jsonl"),
    ),
    (
        "roundtable-2023",
        include_str!("../../examples/roundtable-2023.jsonl"),
    ),
    (
        "roundtable-zu-optima",
        include_str!("../../examples/roundtable-zu-optima.jsonl"),
    ),
];

/// Removes the temporary register however the demo ends.
struct Aufraeumen(PathBuf);

impl Drop for Aufraeumen {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn ausfuehren(u: &Umgebung) -> Result<(), Fehler> {
    let stempel = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("iiz-demo-{}-{stempel}", std::process::id()));
    let _weg = Aufraeumen(dir.clone());
    let demo = Umgebung::neu(dir.clone(), "demo".into(), u.format, false, u.heute);
    let mut fehler = 0;
    for (name, text) in SZENARIEN {
        let mut ergebnisse = Vec::new();
        fehler += import::einlesen(&demo, text.as_bytes(), &mut ergebnisse)?;
        if u.format == Format::Table {
            let n = text.lines().filter(|l| !l.trim().is_empty()).count();
            ausgabe::meldung(format_args!("Beispiel {name}: {n} Vorgänge geladen"));
        }
    }
    // Fifteen years of Roundtable history from the old tool, for the annual report's charts.
    super::altbestand::einlesen_still(&demo, ALTBESTAND.as_bytes())?;
    if u.format == Format::Table {
        ausgabe::meldung(format_args!(
            "Altbestand CASEnet 2009–2022: {} Roundtables geladen",
            ALTBESTAND.lines().count() - 1
        ));
    }
    if fehler > 0 {
        return Err(Fehler::Intern(format!(
            "{fehler} Vorgänge der Beispieldaten wurden abgelehnt – bitte melden, die Beispiele müssen vollständig laden."
        )));
    }
    if u.format == Format::Table {
        ausgabe::meldung(format_args!(
            "Temporäres Register: {} (wird danach gelöscht)\n",
            dir.display()
        ));
    }
    // The year of the published Roundtable figures (annual report 2023, section 2.1).
    let jahr = (
        chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
        chrono::NaiveDate::from_ymd_opt(2023, 12, 31),
    );
    if u.format == Format::Json {
        let mut j = serde_json::to_value(report::berechnen(&demo, None, None)?)
            .map_err(|e| Fehler::Intern(e.to_string()))?;
        let rt = rt::report::berechnen(&demo, jahr.0, jahr.1)?;
        let bericht = super::jahresbericht::berechnen(&demo, 2023)?;
        if let serde_json::Value::Object(m) = &mut j {
            m.insert(
                "roundtable".into(),
                serde_json::to_value(rt).map_err(|e| Fehler::Intern(e.to_string()))?,
            );
            m.insert(
                "jahresbericht".into(),
                super::jahresbericht::json(&bericht, false),
            );
        }
        return crate::ausgabe::json(&j);
    }
    report::ausfuehren(&demo, ReportArgs::default())?;
    if u.format == Format::Table {
        crate::ausgabe::zeile("")?;
    }
    rt::report::ausfuehren(
        &demo,
        ReportArgs {
            von: jahr.0,
            bis: jahr.1,
            ..ReportArgs::default()
        },
    )?;
    if u.format == Format::Table {
        crate::ausgabe::zeile(
            "\n──── Jahresbericht 2023 (Statistikteil; als HTML mit Diagrammen: iiz jahresbericht --jahr 2023 --format html --ausgabe bericht.html) ────\n",
        )?;
        let b = super::jahresbericht::berechnen(&demo, 2023)?;
        let d = super::jahresbericht::dokument(&b, false);
        crate::ausgabe::text(&if crate::ausgabe::am_terminal() {
            crate::ausgabe::jahresbericht::terminal(d)
        } else {
            crate::ausgabe::jahresbericht::markdown(d)
        })?;
    }
    Ok(())
}
