//! `iiz zeige FALL`: the case sheet of any process — the person (or that it was erased),
//! then what the process lays out (`Blatt`): parties, dates, what is due, timeline, tables.

use super::Umgebung;
use crate::ausgabe::Format;
use crate::ausgabe::{self, tabelle};
use crate::cli::ZeigeArgs;
use crate::fehler::Fehler;
use crate::speicher::personen::Personen;
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, a: ZeigeArgs) -> Result<(), Fehler> {
    if u.format == Format::Csv {
        return Err(Fehler::Nutzung(
            "Ein Falldatenblatt gibt es als Tabelle oder JSON – --format table oder --format json angeben.".into(),
        ));
    }
    let fall = vorgang::akte_lesen(u, &a.fall)?;
    let person = match (u.register_lesend()?, fall.person()) {
        (Some(r), Some(p)) => Personen::neu(r).lesen(p)?,
        _ => None,
    };
    let blatt = fall.blatt(u.heute);
    if u.format == Format::Json {
        let mut json = blatt.json;
        if let serde_json::Value::Object(m) = &mut json {
            m.insert("person".into(), serde_json::json!(person));
            m.insert(
                "person_geloescht".into(),
                serde_json::json!(person.is_none()),
            );
        }
        return ausgabe::json(&json);
    }
    ausgabe::zeile(&blatt.titel)?;
    let mut t = tabelle(&[]);
    t.add_row(vec![
        "Person".to_string(),
        match &person {
            Some(p) => format!("{} {}, AHV {}", p.vorname, p.name, p.ahv),
            None if fall.anonymisiert() => "Personendaten gelöscht (anonymisiert)".into(),
            None => "Personendatensatz fehlt – 'iiz pruefen' ausführen".into(),
        },
    ]);
    for (k, v) in blatt.felder {
        t.add_row(vec![k, v]);
    }
    ausgabe::zeile(t)?;
    for (titel, kopf, zeilen) in blatt.tabellen {
        let kopf: Vec<&str> = kopf.iter().map(String::as_str).collect();
        let mut t = tabelle(&kopf);
        for z in zeilen {
            t.add_row(z);
        }
        ausgabe::zeile(format_args!("{titel}\n{t}"))?;
    }
    Ok(())
}
