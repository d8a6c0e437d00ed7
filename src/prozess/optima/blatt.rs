//! How an OPTIMA case is shown: its row in `iiz liste` and its sheet in `iiz zeige`.

use super::*;
use crate::prozess::{Angebot, Blatt, Uebersicht};
use crate::text::datum_text;

impl Fall {
    pub fn uebersicht(&self) -> Uebersicht {
        Uebersicht {
            fall: self.fall.clone(),
            status: self.status.to_string(),
            von: self.antrag.von.to_string(),
            an: self.antrag.an.to_string(),
            zielgruppe: self.zielgruppe.map(|z| z.to_string()),
            antrag: self.antrag_datum,
            naechstes_gespraech: self.naechstes_gespraech,
            angebot: Angebot::Optima,
            offen: self.status.ist_offen(),
            berater: self.berater.clone(),
        }
    }

    /// The sheet: parties, target group, criteria check, dates, what is due, the timeline
    /// and the cost approvals.
    pub fn blatt(&self, heute: chrono::NaiveDate) -> Blatt {
        let f = self;
        let a = &f.antrag;
        let stelle = |i: Institution, s: &Option<String>| match s {
            Some(s) => format!("{} ({s})", i.bezeichnung()),
            None => i.bezeichnung().to_string(),
        };
        let kriterien: Vec<&'static str> = a.kriterien.iter().map(|k| k.text()).collect();
        let pendenzen = fristen::pendenzen(f, heute);
        let mut zeilen = vec![
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
        if let Some(rt) = &a.aus_roundtable {
            zeilen.push(("Aus Roundtable", rt.clone()));
        }
        if let Some(x) = &a.fallfuehrer {
            zeilen.push(("Bisherige Fallführung", x.clone()));
        }
        if let Some(x) = &f.berater {
            zeilen.push(("Fallführung OPTIMA", x.clone()));
        }
        zeilen.push((
            "Aufnahmekriterien",
            if kriterien.is_empty() {
                "alle erfüllt".to_string()
            } else {
                kriterien.join("; ")
            },
        ));
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
        if let Some(u) = &f.uebergabe {
            zeilen.push(("Strategie", u.strategie.clone()));
            if let Some(m) = &u.massnahmen {
                zeilen.push(("Massnahmen", m.clone()));
            }
            if !u.teilnehmer.is_empty() {
                zeilen.push(("Teilnehmende Übergabe", u.teilnehmer.join(", ")));
            }
            if u.arbeitsfaehig_erklaert {
                zeilen.push((
                    "Erklärung",
                    "Die Person erklärt, arbeiten zu können und zu wollen".to_string(),
                ));
            }
        }
        if let Some(x) = &f.abschluss {
            zeilen.push(("Abschluss", x.grund.bezeichnung().to_string()));
            if let Some(a) = x.anlass {
                zeilen.push(("Anlass", a.to_string()));
            }
            if let Some(b) = &x.bemerkung {
                zeilen.push(("Bemerkung", b.clone()));
            }
        }
        if let Some(d) = f.naechstes_gespraech {
            zeilen.push(("Nächstes Gespräch", datum_text(Some(d))));
        }
        if let Some(d) = f.befreiung_bis {
            zeilen.push(("Befreiung bis", datum_text(Some(d))));
        }
        if let Some(d) = f.geplantes_ende() {
            let text = if f.verlaengert_bis.is_some() {
                format!("{} (verlängert)", datum_text(Some(d)))
            } else {
                datum_text(Some(d))
            };
            zeilen.push(("Geplantes Ende", text));
        }
        for p in &pendenzen {
            zeilen.push((
                "Fällig",
                format!("{} – {}", datum_text(Some(p.faellig)), p.text),
            ));
        }
        let mut tabellen = vec![(
            "Verlauf".to_string(),
            vec!["Datum".into(), "Ereignis".into(), "Erfasst von".into()],
            f.verlauf
                .iter()
                .map(|s| {
                    vec![
                        datum_text(Some(s.datum)),
                        s.ereignis.to_string(),
                        s.benutzer.clone(),
                    ]
                })
                .collect(),
        )];
        if !f.standorte.is_empty() {
            tabellen.push((
                "Standortgespräche".to_string(),
                ["Datum", "Stand", "Massnahmen", "Nächstes Gespräch"]
                    .map(String::from)
                    .to_vec(),
                f.standorte
                    .iter()
                    .map(|s| {
                        vec![
                            datum_text(Some(s.datum)),
                            s.stand.clone().unwrap_or_default(),
                            s.massnahmen.clone().unwrap_or_default(),
                            datum_text(Some(s.naechstes_gespraech)),
                        ]
                    })
                    .collect(),
            ));
        }
        if !f.kostengutsprachen.is_empty() {
            tabellen.push((
                "Kostengutsprachen".to_string(),
                [
                    "Nr",
                    "Massnahme",
                    "Anbieter",
                    "Betrag CHF",
                    "Status",
                    "Unterzeichnet / Grund",
                    "Abgerechnet CHF",
                ]
                .map(String::from)
                .to_vec(),
                f.kostengutsprachen
                    .iter()
                    .map(|g| {
                        vec![
                            g.nr.to_string(),
                            g.massnahme.clone(),
                            g.anbieter.clone(),
                            g.betrag.to_string(),
                            g.status.to_string(),
                            g.unterzeichnet
                                .clone()
                                .or_else(|| g.ablehnungsgrund.clone())
                                .unwrap_or_default(),
                            match (&g.abgerechnet, &g.abweichung) {
                                (Some(r), Some(a)) => format!("{r} (Abweichung: {a})"),
                                (Some(r), None) => r.to_string(),
                                _ => String::new(),
                            },
                        ]
                    })
                    .collect(),
            ));
        }
        let mut json = serde_json::to_value(f).unwrap_or_default();
        if let serde_json::Value::Object(m) = &mut json {
            m.insert("kriterien_verletzt".into(), serde_json::json!(kriterien));
            if let Some(e) = f.geplantes_ende() {
                m.insert("geplantes_ende".into(), serde_json::json!(e));
            }
            m.insert("pendenzen".into(), serde_json::json!(pendenzen));
        }
        Blatt {
            titel: format!("Fall {} – {}", f.fall, f.status),
            felder: zeilen
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            tabellen,
            json,
        }
    }
}
