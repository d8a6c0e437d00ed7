//! Deadlines: what is due in an OPTIMA case at a date — progress meetings due (within 7 days) or
//! overdue, cost approvals pending more than 10 days (the form asks for the signature
//! within 10 days, concept 3.2.1), applications undecided more than 14 days, planned
//! duration exceeded, exemptions from job-search duties ending within 14 days.
//! Closed and rejected cases never appear.

use super::*;
use crate::prozess::Pendenz;
use crate::text::datum_text;
use chrono::{Days, NaiveDate};

/// The due items of one case at `stichtag`.
pub fn pendenzen(f: &Fall, stichtag: NaiveDate) -> Vec<Pendenz> {
    let mut p = Vec::new();
    let mut neu = |art, faellig, text: String| {
        p.push(Pendenz {
            fall: f.fall.clone(),
            art,
            faellig,
            text,
        })
    };
    if !f.status.ist_offen() {
        return p;
    }
    if f.status == Status::Beantragt {
        let frist = f.antrag_datum + Days::new(14);
        if stichtag > frist {
            neu(
                "antrag",
                frist,
                format!(
                    "Antrag vom {} ist seit mehr als 14 Tagen unentschieden",
                    datum_text(Some(f.antrag_datum))
                ),
            );
        }
    }
    if f.status == Status::Angenommen
        && let Some(entscheid) = f.entscheid_datum
    {
        let frist = entscheid + Days::new(14);
        if stichtag > frist {
            neu(
                "uebergabe",
                frist,
                format!(
                    "Angenommen am {}, seit mehr als 14 Tagen ohne Übergabegespräch",
                    datum_text(Some(entscheid))
                ),
            );
        }
    }
    if f.status == Status::Laufend {
        if let Some(t) = f
            .naechstes_gespraech
            .filter(|t| *t <= stichtag + Days::new(7))
        {
            let text = if t < stichtag {
                format!(
                    "Standortgespräch überfällig (geplant {})",
                    datum_text(Some(t))
                )
            } else {
                format!("Standortgespräch fällig am {}", datum_text(Some(t)))
            };
            neu("gespraech", t, text);
        }
        if let Some(e) = f.geplantes_ende().filter(|e| *e < stichtag) {
            neu(
                "dauer",
                e,
                format!(
                    "Geplante Dauer von {} Monaten am {} überschritten",
                    f.antrag.dauer,
                    datum_text(Some(e))
                ),
            );
        }
        // To the RAV: the person's registration there, until it is recorded.
        if f.antrag.an == Institution::Rav
            && let (Some(u), Some(seit)) = (&f.uebergabe, f.uebergabe_datum)
            && u.rav_anmeldung.is_none()
            && seit <= stichtag
        {
            neu(
                "rav-anmeldung",
                seit,
                "Anmeldung der Person beim RAV nicht erfasst – nachtragen mit 'iiz uebergabe FALL --ersetzt NR --rav-anmeldung DATUM'".to_string(),
            );
        }
        if let Some(b) = f
            .befreiung_bis
            .filter(|b| *b >= stichtag && *b <= stichtag + Days::new(14))
        {
            neu(
                "befreiung",
                b,
                format!(
                    "Befreiung von den Arbeitsbemühungen endet am {}",
                    datum_text(Some(b))
                ),
            );
        }
    }
    for k in f
        .kostengutsprachen
        .iter()
        .filter(|k| k.status == KgsStatus::Beantragt)
    {
        let frist = k.beantragt_am + Days::new(10);
        if stichtag > frist {
            neu(
                "kostengutsprache",
                frist,
                format!(
                    "Kostengutsprache Nr. {} ({}) seit mehr als 10 Tagen nicht unterzeichnet",
                    k.nr, k.massnahme
                ),
            );
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prozess::optima::regeln::tests::{antrag_beispiel, beispiel_uebergabe};
    use crate::prozess::optima::regeln::{Kontext, schritt};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn weiter(f: Option<Fall>, datum: &str, e: Ereignis) -> Fall {
        let ctx = Kontext {
            heute: d("2030-01-01"),
            offene_faelle: vec![],
        };
        schritt(f, "OPT-2024-001", d(datum), "t", &e, &ctx).unwrap()
    }

    fn arten(f: &Fall, stichtag: &str) -> Vec<&'static str> {
        pendenzen(f, d(stichtag)).iter().map(|p| p.art).collect()
    }

    #[test]
    fn unentschiedener_antrag_nach_14_tagen() {
        let f = weiter(None, "2024-01-10", Ereignis::Antrag(antrag_beispiel()));
        assert!(arten(&f, "2024-01-24").is_empty(), "day 14: not yet");
        assert_eq!(arten(&f, "2024-01-25"), ["antrag"]);
    }

    #[test]
    fn laufender_fall_gespraech_dauer_befreiung_und_kostengutsprache() {
        let f = weiter(None, "2024-01-10", Ereignis::Antrag(antrag_beispiel()));
        let f = weiter(Some(f), "2024-01-12", Ereignis::Annahme(Annahme::default()));
        // Next meeting 2024-03-01, exemption until 2024-06-30, planned 6 months.
        let f = weiter(
            Some(f),
            "2024-02-01",
            Ereignis::Uebergabe(beispiel_uebergabe()),
        );
        assert!(arten(&f, "2024-02-20").is_empty());
        assert_eq!(arten(&f, "2024-02-23"), ["gespraech"], "within 7 days");
        assert_eq!(
            pendenzen(&f, d("2024-03-05"))[0].text,
            "Standortgespräch überfällig (geplant 01.03.2024)"
        );
        let f = weiter(
            Some(f),
            "2024-03-01",
            Ereignis::Standort(Standort {
                naechstes_gespraech: d("2024-09-01"),
                stand: None,
                massnahmen: None,
                verlaengern_bis: None,
                berater: None,
            }),
        );
        assert_eq!(
            arten(&f, "2024-06-20"),
            ["befreiung"],
            "ends within 14 days"
        );
        assert!(
            arten(&f, "2024-07-01").is_empty(),
            "exemption over, 6 months not yet"
        );
        assert_eq!(arten(&f, "2024-08-02"), ["dauer"]);
        let f = weiter(
            Some(f),
            "2024-03-05",
            Ereignis::KgsBeantragt(KgsBeantragt {
                nr: 1,
                massnahme: "Coaching".into(),
                anbieter: "A".into(),
                betrag: Rappen(100_000),
                zeitraum: None,
            }),
        );
        assert!(arten(&f, "2024-03-15").is_empty(), "day 10: not yet");
        assert_eq!(arten(&f, "2024-03-16"), ["kostengutsprache"]);
    }

    #[test]
    fn angenommen_ohne_uebergabe_nach_14_tagen() {
        let f = weiter(None, "2024-01-10", Ereignis::Antrag(antrag_beispiel()));
        let f = weiter(Some(f), "2024-01-12", Ereignis::Annahme(Annahme::default()));
        assert!(arten(&f, "2024-01-26").is_empty(), "day 14: not yet");
        assert_eq!(arten(&f, "2024-01-27"), ["uebergabe"]);
    }

    #[test]
    fn abgeschlossene_faelle_haben_nichts_faellig() {
        let f = weiter(None, "2024-01-10", Ereignis::Antrag(antrag_beispiel()));
        let f = weiter(
            Some(f),
            "2024-01-12",
            Ereignis::Ablehnung(Ablehnung {
                grund: Ablehnungsgrund::KeineKapazitaet,
                bemerkung: None,
            }),
        );
        assert!(arten(&f, "2025-01-01").is_empty());
    }
}
