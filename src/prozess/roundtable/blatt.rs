//! How a Roundtable case is shown: its row in `iiz liste` and its sheet in `iiz zeige`
//! (analysis, goals, tasks with who/until/done, case management, meetings).

use super::*;
use crate::prozess::{Angebot, Blatt, Uebersicht};
use crate::text::datum_text;

impl Fall {
    pub fn uebersicht(&self) -> Uebersicht {
        Uebersicht {
            fall: self.fall.clone(),
            status: self.status.to_string(),
            von: self.anmeldung.anmeldende_stelle.to_string(),
            an: String::new(),
            zielgruppe: None,
            antrag: self.anmelde_datum,
            naechstes_gespraech: self.naechstes_gespraech,
            angebot: Angebot::Roundtable,
            offen: self.status.ist_offen(),
            berater: self.fallfuehrung_person.clone(),
        }
    }

    pub fn blatt(&self, heute: chrono::NaiveDate) -> Blatt {
        let f = self;
        let a = &f.anmeldung;
        let mut zeilen: Vec<(String, String)> = Vec::new();
        let mut neu = |k: &str, v: String| zeilen.push((k.to_string(), v));
        neu(
            "Anmeldende Stelle",
            match &a.anmeldende_stelle_text {
                Some(t) => format!("{} ({t})", a.anmeldende_stelle.bezeichnung()),
                None => a.anmeldende_stelle.bezeichnung().to_string(),
            },
        );
        if let Some(x) = &a.anmelder {
            neu("Angemeldet durch", x.clone());
        }
        let mut beteiligte: Vec<String> = a.beteiligte.iter().map(|b| b.to_string()).collect();
        if let Some(t) = &a.beteiligte_text {
            beteiligte.push(t.clone());
        }
        neu("Beteiligte", beteiligte.join(", "));
        neu("Anliegen", a.anliegen.clone());
        if let Some(k) = a.kanal {
            neu("Kanal", k.to_string());
        }
        if !f.optima_auftraege.is_empty() {
            neu(
                "Optima-Aufträge",
                f.optima_auftraege
                    .iter()
                    .map(|(id, d)| format!("{id} (Antrag vom {})", datum_text(Some(*d))))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if let Some(s) = f.fallfuehrung {
            let person = f
                .fallfuehrung_person
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            neu("Fallführung", format!("{}{person}", s.bezeichnung()));
        }
        if let Some(g) = f.gespraeche.iter().rev().find(|g| g.analyse.is_some()) {
            neu("Standortanalyse", g.analyse.clone().unwrap_or_default());
        }
        if let Some(g) = f.gespraeche.iter().rev().find(|g| g.ziele.is_some()) {
            neu("Ziele", g.ziele.clone().unwrap_or_default());
        }
        if let Some(d) = f.naechstes_gespraech {
            neu("Nächstes Gespräch", datum_text(Some(d)));
        }
        if let Some(k) = &f.kein_prozess {
            neu("Kein Prozess", k.grund.clone());
        }
        if let Some(x) = &f.abschluss {
            let loesung = x.loesung.map(|l| format!(" ({l})")).unwrap_or_default();
            neu("Abschluss", format!("{}{loesung}", x.grund.bezeichnung()));
            if let Some(b) = &x.bemerkung {
                neu("Bemerkung", b.clone());
            }
        }
        let pendenzen = fristen::pendenzen(f, heute);
        for p in &pendenzen {
            neu(
                "Fällig",
                format!("{} – {}", datum_text(Some(p.faellig)), p.text),
            );
        }
        let mut tabellen = Vec::new();
        if !f.gespraeche.is_empty() {
            tabellen.push((
                "Roundtable-Gespräche".to_string(),
                [
                    "Nr",
                    "Datum",
                    "Teilnehmende",
                    "Plan vereinbart",
                    "Nächstes Gespräch",
                ]
                .map(String::from)
                .to_vec(),
                f.gespraeche
                    .iter()
                    .map(|g| {
                        vec![
                            g.nr.to_string(),
                            datum_text(Some(g.datum)),
                            g.teilnehmer.join(", "),
                            if g.vereinbart { "ja" } else { "–" }.to_string(),
                            datum_text(g.naechstes_gespraech),
                        ]
                    })
                    .collect(),
            ));
        }
        if !f.aufgaben.is_empty() {
            tabellen.push((
                "Ziel- und Handlungsplan".to_string(),
                ["Nr", "Was", "Wer", "Bis", "Erledigt"]
                    .map(String::from)
                    .to_vec(),
                f.aufgaben
                    .iter()
                    .map(|t| {
                        vec![
                            t.nr.to_string(),
                            t.was.clone(),
                            t.wer.clone(),
                            datum_text(Some(t.bis)),
                            t.erledigt
                                .map_or_else(|| "offen".to_string(), |d| datum_text(Some(d))),
                        ]
                    })
                    .collect(),
            ));
        }
        if !f.begleitungen.is_empty() {
            tabellen.push((
                "Begleitung".to_string(),
                ["Datum", "Notiz"].map(String::from).to_vec(),
                f.begleitungen
                    .iter()
                    .map(|b| vec![datum_text(Some(b.datum)), b.notiz.clone()])
                    .collect(),
            ));
        }
        tabellen.push((
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
        ));
        let mut json = serde_json::to_value(f).unwrap_or_default();
        if let serde_json::Value::Object(m) = &mut json {
            m.insert("angebot".into(), serde_json::json!("roundtable"));
            m.insert("pendenzen".into(), serde_json::json!(pendenzen));
        }
        Blatt {
            titel: format!("Roundtable {} – {}", f.fall, f.status),
            felder: zeilen,
            tabellen,
            json,
        }
    }
}
