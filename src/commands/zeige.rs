//! `iiz zeige FALL`: the case sheet — person (or that it was erased), parties, target
//! group, criteria check, timeline, cost approvals, next due date.

use super::{Umgebung, fall_lesen};
use crate::ausgabe::{self, datum_text, tabelle};
use crate::cli::{Format, ZeigeArgs};
use crate::fehler::Fehler;
use crate::prozess::Pendenz;
use crate::prozess::optima::fristen::pendenzen;
use crate::prozess::optima::*;
use crate::speicher::personen::{Person, Personen};
use serde::Serialize;

#[derive(Serialize)]
struct Blatt<'a> {
    #[serde(flatten)]
    fall: &'a Fall,
    person: Option<Person>,
    person_geloescht: bool,
    kriterien_verletzt: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geplantes_ende: Option<chrono::NaiveDate>,
    /// What is due in this case today (as `iiz pendenzen`).
    pendenzen: Vec<Pendenz>,
}

pub fn ausfuehren(u: &Umgebung, a: ZeigeArgs) -> Result<(), Fehler> {
    if u.format == Format::Csv {
        return Err(Fehler::Nutzung(
            "Ein Falldatenblatt gibt es als Tabelle oder JSON – --format table oder --format json angeben.".into(),
        ));
    }
    let fall = fall_lesen(u, &a.fall)?;
    let reg = u.register_lesend()?;
    let person = match (reg, fall.anonymisiert) {
        (Some(r), false) => Personen::neu(r).lesen(&fall.antrag.person)?,
        _ => None,
    };
    let blatt = Blatt {
        fall: &fall,
        person_geloescht: person.is_none(),
        person,
        kriterien_verletzt: fall.antrag.kriterien.iter().map(|k| k.text()).collect(),
        geplantes_ende: fall.geplantes_ende(),
        pendenzen: pendenzen(&fall, u.heute),
    };
    if u.format != Format::Table {
        return ausgabe::json(&blatt);
    }
    drucken(&blatt)
}

fn drucken(b: &Blatt) -> Result<(), Fehler> {
    let f = b.fall;
    let a = &f.antrag;
    ausgabe::zeile(format_args!("Fall {} – {}", f.fall, f.status))?;
    let mut t = tabelle(&[]);
    let person = match &b.person {
        Some(p) => format!("{} {}, AHV {}", p.vorname, p.name, p.ahv),
        None if f.anonymisiert => "Personendaten gelöscht (anonymisiert)".into(),
        None => "Personendatensatz fehlt – 'iiz pruefen' ausführen".into(),
    };
    let stelle = |i: Institution, s: &Option<String>| match s {
        Some(s) => format!("{} ({s})", i.bezeichnung()),
        None => i.bezeichnung().to_string(),
    };
    let mut zeilen = vec![
        ("Person", person),
        ("Zuweisende Stelle", stelle(a.von, &a.von_stelle)),
        ("Aufnehmende Stelle", stelle(a.an, &a.an_stelle)),
        (
            "Zielgruppe",
            f.zielgruppe
                .map_or("keine (gleicher Institutionstyp)".into(), |z| z.to_string()),
        ),
        ("Ziel", a.ziel.clone()),
        ("Dauer", format!("{} Monate", a.dauer)),
    ];
    if let Some(x) = &a.fallfuehrer {
        zeilen.push(("Bisherige Fallführung", x.clone()));
    }
    if let Some(x) = &f.berater {
        zeilen.push(("Fallführung OPTIMA", x.clone()));
    }
    let kriterien = if b.kriterien_verletzt.is_empty() {
        "alle erfüllt".to_string()
    } else {
        b.kriterien_verletzt.join("; ")
    };
    zeilen.push(("Aufnahmekriterien", kriterien));
    if let Some(x) = &f.abweichung {
        zeilen.push(("Abweichung", x.clone()));
    }
    for h in &a.hinweise {
        zeilen.push(("Hinweis", h.text().to_string()));
    }
    if let Some(x) = &f.ablehnung {
        zeilen.push((
            "Ablehnung",
            format!(
                "{} {}",
                x.grund.bezeichnung(),
                x.bemerkung.clone().unwrap_or_default()
            ),
        ));
    }
    if let Some(x) = &f.abschluss {
        zeilen.push(("Abschluss", x.grund.bezeichnung().to_string()));
    }
    if let Some(d) = f.naechstes_gespraech {
        zeilen.push(("Nächstes Gespräch", datum_text(Some(d))));
    }
    if let Some(d) = f.befreiung_bis {
        zeilen.push(("Befreiung bis", datum_text(Some(d))));
    }
    if let Some(d) = b.geplantes_ende {
        zeilen.push(("Geplantes Ende", datum_text(Some(d))));
    }
    for p in &b.pendenzen {
        zeilen.push((
            "Fällig",
            format!("{} – {}", datum_text(Some(p.faellig)), p.text),
        ));
    }
    for (k, v) in zeilen {
        t.add_row(vec![k.to_string(), v]);
    }
    ausgabe::zeile(t)?;
    let mut v = tabelle(&["Datum", "Ereignis", "Erfasst von"]);
    for s in &f.verlauf {
        v.add_row(vec![
            datum_text(Some(s.datum)),
            s.ereignis.to_string(),
            s.benutzer.clone(),
        ]);
    }
    ausgabe::zeile(format_args!("Verlauf\n{v}"))?;
    if !f.kostengutsprachen.is_empty() {
        let mut k = tabelle(&[
            "Nr",
            "Massnahme",
            "Anbieter",
            "Betrag CHF",
            "Status",
            "Abgerechnet CHF",
        ]);
        for g in &f.kostengutsprachen {
            k.add_row(vec![
                g.nr.to_string(),
                g.massnahme.clone(),
                g.anbieter.clone(),
                g.betrag.to_string(),
                g.status.to_string(),
                g.abgerechnet.map(|r| r.to_string()).unwrap_or_default(),
            ]);
        }
        ausgabe::zeile(format_args!("Kostengutsprachen\n{k}"))?;
    }
    Ok(())
}
