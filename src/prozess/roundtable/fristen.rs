//! Deadlines of a Roundtable (spec §9): tasks of the action plan past their date, meetings
//! due (within 7 days) or overdue, registrations without a meeting for more than 30 days.
//! Closed cases and those ended without a process never appear.

use super::*;
use crate::prozess::Pendenz;
use crate::text::datum_text;
use chrono::{Days, NaiveDate};

/// Days a registration may wait for its first meeting before it is due.
pub const ANMELDUNG_OHNE_GESPRAECH_TAGE: u64 = 30;

pub fn pendenzen(f: &Fall, stichtag: NaiveDate) -> Vec<Pendenz> {
    let mut p = Vec::new();
    if !f.status.ist_offen() {
        return p;
    }
    let mut neu = |art, faellig, text: String| {
        p.push(Pendenz {
            fall: f.fall.clone(),
            art,
            faellig,
            text,
        })
    };
    if f.gespraeche.is_empty() {
        let frist = f.anmelde_datum + Days::new(ANMELDUNG_OHNE_GESPRAECH_TAGE);
        if stichtag > frist {
            neu(
                "anmeldung",
                frist,
                format!(
                    "Anmeldung vom {} seit mehr als {ANMELDUNG_OHNE_GESPRAECH_TAGE} Tagen ohne Roundtable-Gespräch",
                    datum_text(Some(f.anmelde_datum))
                ),
            );
        }
    }
    if let Some(t) = f
        .naechstes_gespraech
        .filter(|t| *t <= stichtag + Days::new(7))
    {
        let text = if t < stichtag {
            format!(
                "Roundtable-Gespräch überfällig (geplant {})",
                datum_text(Some(t))
            )
        } else {
            format!("Roundtable-Gespräch fällig am {}", datum_text(Some(t)))
        };
        neu("gespraech", t, text);
    }
    for a in f
        .aufgaben
        .iter()
        .filter(|a| a.erledigt.is_none() && a.bis < stichtag)
    {
        neu(
            "aufgabe",
            a.bis,
            format!("Aufgabe Nr. {} überfällig: {} ({})", a.nr, a.was, a.wer),
        );
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prozess::roundtable::anwenden::anwenden;
    use crate::prozess::roundtable::regeln::tests::{anmeldung, gespraech};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fall(schritte: &[(&str, Ereignis)]) -> Fall {
        let mut f = None;
        for (datum, e) in schritte {
            f = Some(anwenden(f, "RT-2024-001", d(datum), "t", e).unwrap());
        }
        f.unwrap()
    }

    fn arten(f: &Fall, stichtag: &str) -> Vec<(&'static str, NaiveDate)> {
        pendenzen(f, d(stichtag))
            .into_iter()
            .map(|p| (p.art, p.faellig))
            .collect()
    }

    #[test]
    fn anmeldung_ohne_gespraech_nach_30_tagen() {
        let f = fall(&[("2024-03-01", Ereignis::Anmeldung(anmeldung()))]);
        assert!(arten(&f, "2024-03-31").is_empty(), "30 days: not yet");
        assert_eq!(arten(&f, "2024-04-01"), [("anmeldung", d("2024-03-31"))]);
    }

    #[test]
    fn gespraech_faellig_ueberfaellig_und_aufgaben() {
        // Next meeting 2024-05-15, one task until 2024-04-30.
        let f = fall(&[
            ("2024-03-01", Ereignis::Anmeldung(anmeldung())),
            ("2024-03-20", Ereignis::Gespraech(gespraech(1))),
        ]);
        assert!(arten(&f, "2024-04-30").is_empty());
        assert_eq!(arten(&f, "2024-05-01"), [("aufgabe", d("2024-04-30"))]);
        // Within 7 days of the meeting: due; after it: overdue.
        let am_8 = arten(&f, "2024-05-08");
        assert!(am_8.contains(&("gespraech", d("2024-05-15"))), "{am_8:?}");
        let p = pendenzen(&f, d("2024-05-16"));
        let g = p.iter().find(|p| p.art == "gespraech").unwrap();
        assert!(g.text.contains("überfällig"), "{}", g.text);
        // A task done is no longer due.
        let f = fall(&[
            ("2024-03-01", Ereignis::Anmeldung(anmeldung())),
            ("2024-03-20", Ereignis::Gespraech(gespraech(1))),
            (
                "2024-04-10",
                Ereignis::AufgabeErledigt(AufgabeErledigt {
                    nr: 1,
                    erledigt: true,
                }),
            ),
        ]);
        assert!(!arten(&f, "2024-05-01").iter().any(|(a, _)| *a == "aufgabe"));
    }

    #[test]
    fn beendete_faelle_haben_keine_pendenzen() {
        let kein = fall(&[
            ("2024-03-01", Ereignis::Anmeldung(anmeldung())),
            (
                "2024-03-05",
                Ereignis::KeinProzess(KeinProzess {
                    grund: "andere Lösung".into(),
                }),
            ),
        ]);
        assert!(arten(&kein, "2025-01-01").is_empty());
        let zu = fall(&[
            ("2024-03-01", Ereignis::Anmeldung(anmeldung())),
            ("2024-03-20", Ereignis::Gespraech(gespraech(1))),
            (
                "2024-06-01",
                Ereignis::Abschluss(Abschluss {
                    grund: Grund::Loesung,
                    loesung: None,
                    bemerkung: None,
                }),
            ),
        ]);
        assert!(arten(&zu, "2025-01-01").is_empty());
    }
}
