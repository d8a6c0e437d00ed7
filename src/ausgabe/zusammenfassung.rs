//! The summary a person confirms before a prompted step is written ("So erfassen?"):
//! what the event records, in the office's words.

use chrono::NaiveDate;
use serde::Serialize;

/// The German label of every field an event records (its JSON key). Written out, not
/// derived from the key: "dauer" is "Dauer", not "Daür".
pub const BEZEICHNUNGEN: &[(&str, &str)] = &[
    ("abweichung", "Abweichung"),
    ("an", "An"),
    ("an_stelle", "Aufnehmende Stelle"),
    ("analyse", "Analyse"),
    ("anbieter", "Anbieter"),
    ("anlass", "Anlass"),
    ("anliegen", "Anliegen"),
    ("anmeldende_stelle", "Anmeldende Stelle"),
    ("anmeldende_stelle_text", "Anmeldende Stelle"),
    ("anmelder", "Anmelder"),
    ("arbeitsangebot", "Arbeitsangebot"),
    ("arbeitsausfall", "Arbeitsausfall"),
    ("arbeitsfaehig_erklaert", "Arbeitsfähig erklärt"),
    ("aufgaben", "Aufgaben"),
    ("befreiung_bis", "Befreiung bis"),
    ("rav_anmeldung", "Anmeldung beim RAV"),
    ("begruendung", "Begründung"),
    ("bemerkung", "Bemerkung"),
    ("berater", "Berater"),
    ("beteiligte", "Beteiligte"),
    ("beteiligte_text", "Beteiligte"),
    ("betrag", "Betrag"),
    ("bezug", "Bezug"),
    ("bis", "Bis"),
    ("dauer", "Dauer"),
    ("einverstaendnis", "Einverständnis"),
    ("ereignis", "Ereignis"),
    ("erledigt", "Erledigt"),
    ("ersetzt", "Ersetzt Ereignis"),
    ("fallfuehrer", "Fallführer"),
    ("fallfuehrung", "Fallführung"),
    ("fallfuehrung_bestaetigt", "Fallführung bestätigt"),
    ("fallfuehrung_person", "Fallführung (Person)"),
    ("geburtsjahr", "Geburtsjahr"),
    ("geschlecht", "Geschlecht"),
    ("gesundheitsschaden_iv", "Gesundheitsschaden (IV)"),
    ("unterstuetzungsbedarf", "Hoher Unterstützungsbedarf (IV)"),
    ("aus_roundtable", "Aus Roundtable"),
    ("antrag_datum", "Antrag vom"),
    ("fall", "Fall"),
    ("grund", "Grund"),
    ("hinweise", "Hinweise"),
    ("iv_ablehnung", "IV-Ablehnung"),
    ("iv_offen", "IV-Verfahren offen"),
    ("kanal", "Kanal"),
    ("kriterien", "Kriterien"),
    ("loesung", "Lösung"),
    ("massnahme", "Massnahme"),
    ("massnahmen", "Massnahmen"),
    ("naechstes_gespraech", "Nächstes Gespräch"),
    ("notiz", "Notiz"),
    ("nr", "Nr."),
    ("person", "Person"),
    ("rav_abmeldung", "RAV-Abmeldung"),
    ("stand", "Stand"),
    ("strategie", "Strategie"),
    ("teilnehmer", "Teilnehmende"),
    ("unterzeichnet", "Unterzeichnet"),
    ("verlaengern_bis", "Verlängert bis"),
    ("von", "Von"),
    ("von_stelle", "Zuweisende Stelle"),
    ("was", "Was"),
    ("wer", "Wer"),
    ("wohngemeinde", "Wohngemeinde"),
    ("zeitraum", "Zeitraum"),
    ("ziel", "Ziel"),
    ("ziele", "Ziele"),
    ("zielgruppe", "Zielgruppe"),
    ("zustimmung", "Zustimmung"),
];

/// The label of a field; a key not in the table (a field added without a label) is shown
/// as written, first letter capital, never with guessed umlauts.
pub fn bezeichnung_von(k: &str) -> String {
    if let Some((_, l)) = BEZEICHNUNGEN.iter().find(|(key, _)| *key == k) {
        return (*l).to_string();
    }
    let mut label = k.replace('_', " ");
    if let Some(erster) = label.get(..1) {
        label = erster.to_uppercase() + &label[1..];
    }
    label
}

/// What an event will record, as German lines for the confirmation after prompts: labels
/// instead of keys (from `BEZEICHNUNGEN`), dates as 15.03.2024, amounts in CHF (they are
/// stored in Rappen).
pub fn zusammenfassung<E: Serialize>(bezeichnung: &str, e: &E) -> Vec<(String, String)> {
    fn datum(s: &str) -> Option<String> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(|d| d.format("%d.%m.%Y").to_string())
    }
    fn wert(k: &str, v: &serde_json::Value) -> String {
        match v {
            // An institution as the list shows it (IV, RAV, SH), not as its key.
            serde_json::Value::String(s)
                if matches!(k, "von" | "an" | "fallfuehrung" | "anmeldende_stelle")
                    && matches!(s.as_str(), "iv" | "rav" | "sh") =>
            {
                s.to_uppercase()
            }
            serde_json::Value::String(s) if k == "fallfuehrung" && s == "andere" => {
                "andere Stelle".into()
            }
            serde_json::Value::String(s) => datum(s).unwrap_or_else(|| s.clone()),
            serde_json::Value::Number(n) if k == "betrag" => {
                format!(
                    "{} CHF",
                    crate::prozess::optima::Rappen(n.as_u64().unwrap_or(0))
                )
            }
            serde_json::Value::Bool(b) => if *b { "ja" } else { "nein" }.into(),
            serde_json::Value::Array(a) => a
                .iter()
                .map(|x| match x {
                    // A task: what | who | until, as it is typed.
                    serde_json::Value::Object(m) => m
                        .iter()
                        .map(|(k, v)| wert(k, v))
                        .collect::<Vec<_>>()
                        .join("|"),
                    x => wert(k, x),
                })
                .collect::<Vec<_>>()
                .join("; "),
            x => x.to_string(),
        }
    }
    let mut zeilen = vec![("Ereignis".to_string(), bezeichnung.to_string())];
    if let Ok(serde_json::Value::Object(m)) = serde_json::to_value(e)
        && let Some(serde_json::Value::Object(daten)) = m.get("daten")
    {
        for (k, v) in daten {
            zeilen.push((bezeichnung_von(k), wert(k, v)));
        }
    }
    zeilen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zusammenfassung_mit_deutschen_bezeichnungen_datum_und_chf() {
        let e = serde_json::json!({"typ": "x", "daten": {
            "naechstes_gespraech": "2024-07-01",
            "betrag": 180050,
            "zustimmung": true,
            "befreiung_bis": "2024-09-30",
            "fallfuehrung": "iv",
        }});
        let z = zusammenfassung("Übergabe", &e);
        let hat = |l: &str, w: &str| z.iter().any(|(a, b)| a == l && b == w);
        assert!(hat("Ereignis", "Übergabe"), "{z:?}");
        assert!(hat("Nächstes Gespräch", "01.07.2024"), "{z:?}");
        assert!(hat("Betrag", "1'800.50 CHF"), "{z:?}");
        assert!(hat("Zustimmung", "ja"), "{z:?}");
        assert!(hat("Befreiung bis", "30.09.2024"), "{z:?}");
        assert!(hat("Fallführung", "IV"), "{z:?}");
        assert!(!z.iter().any(|(a, _)| a.contains('_')), "{z:?}");
    }

    #[test]
    fn jede_bezeichnung_ohne_erratene_umlaute() {
        assert_eq!(bezeichnung_von("dauer"), "Dauer");
        assert_eq!(bezeichnung_von("einverstaendnis"), "Einverständnis");
        assert_eq!(bezeichnung_von("loesung"), "Lösung");
        assert_eq!(bezeichnung_von("neues_feld"), "Neues feld");
        for (k, l) in BEZEICHNUNGEN {
            assert!(!l.contains('_') && !l.is_empty(), "{k}");
        }
    }

    /// Every field of every event the examples record (both services) has a label.
    #[test]
    fn jedes_feld_hat_eine_bezeichnung() {
        let dir = tempfile::tempdir().unwrap();
        let u = crate::vorgang::Umgebung::neu(
            dir.path().join("reg"),
            "test".into(),
            crate::ausgabe::Format::Json,
            false,
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        );
        let beispiele = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        for datei in std::fs::read_dir(beispiele).unwrap().flatten() {
            if datei.path().extension().is_some_and(|x| x == "jsonl") {
                let text = std::fs::read(datei.path()).unwrap();
                crate::commands::import::einlesen(&u, &text, &mut Vec::new()).unwrap();
            }
        }
        let mut geprueft = 0;
        let mut fehlt = std::collections::BTreeSet::new();
        for j in std::fs::read_dir(dir.path().join("reg/faelle"))
            .unwrap()
            .flatten()
        {
            for zeile in std::fs::read_to_string(j.path()).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(zeile).unwrap();
                let Some(serde_json::Value::Object(daten)) = v.get("daten") else {
                    continue;
                };
                for k in daten.keys() {
                    geprueft += 1;
                    if !BEZEICHNUNGEN.iter().any(|(b, _)| b == k) {
                        fehlt.insert(format!("{k} ({})", v["typ"]));
                    }
                }
            }
        }
        assert!(fehlt.is_empty(), "ohne Bezeichnung: {fehlt:?}");
        assert!(geprueft > 100, "{geprueft}");
    }
}
