//! The rules every service shares, written once: no event dated in the future, none before
//! the case's last event, the case opened by its own first event and only once. Each
//! service's `entscheiden` starts with `rahmen` and then decides its own rules.

use chrono::NaiveDate;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Grundregel {
    #[error(
        "Das Datum {0} liegt in der Zukunft – Ereignisse erst erfassen, wenn sie stattgefunden haben."
    )]
    DatumInZukunft(NaiveDate),
    #[error(
        "Das Datum {datum} liegt vor dem letzten Ereignis des Falls {fall} ({letztes}) – ein Datum ab {letztes} angeben."
    )]
    DatumVorLetztem {
        fall: String,
        datum: NaiveDate,
        letztes: NaiveDate,
    },
    /// Only a journal made by hand begins otherwise.
    #[error("Das Journal passt nicht zu den Regeln: Fall {fall} beginnt nicht mit {}", .eroeffnung.unbestimmt)]
    OhneEroeffnung {
        fall: String,
        eroeffnung: Eroeffnung,
    },
    #[error("Das Journal passt nicht zu den Regeln: Fall {fall} hat bereits {}", .eroeffnung.bestimmt)]
    ZweiteEroeffnung {
        fall: String,
        eroeffnung: Eroeffnung,
    },
    #[error(
        "Das Geburtsjahr {jahr} passt nicht zu einer Anmeldung am {datum} – möglich sind 1900 bis {bis}."
    )]
    GeburtsjahrUnplausibel {
        jahr: i32,
        datum: NaiveDate,
        bis: i32,
    },
    /// A case of the old tool holds only its opening, acceptance and outcome.
    #[error(
        "Fall {fall}: {schritt} gibt es im Altbestand nicht – er kennt nur Anmeldung, Annahme, Ablehnung und Abschluss."
    )]
    NichtImAltbestand { fall: String, schritt: &'static str },
}

/// How a service's opening event is named in a sentence ("mit einem Antrag", "bereits
/// einen Antrag").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eroeffnung {
    pub unbestimmt: &'static str,
    pub bestimmt: &'static str,
}

/// No event may be dated after today.
pub fn nicht_in_zukunft(datum: NaiveDate, heute: NaiveDate) -> Result<(), Grundregel> {
    if datum > heute {
        return Err(Grundregel::DatumInZukunft(datum));
    }
    Ok(())
}

/// A birth year recorded without a birth date (the old tool's records): from 1900, and the
/// person at least 14 in the year of the registration.
pub fn geburtsjahr_plausibel(jahr: i32, datum: NaiveDate) -> Result<(), Grundregel> {
    let bis = chrono::Datelike::year(&datum) - 14;
    if !(1900..=bis).contains(&jahr) {
        return Err(Grundregel::GeburtsjahrUnplausibel { jahr, datum, bis });
    }
    Ok(())
}

/// What a case must tell the shared rules: its id and the date of its last event.
pub trait Stand {
    fn fall_id(&self) -> &str;
    fn letztes_datum(&self) -> NaiveDate;
}

/// The shared frame of every decision: the date is not in the future; a new case begins
/// with its opening event (`eroeffnet`), an existing one gets no second; no event before
/// the case's last. `Ok(None)`: the opening event of a new case, for the service to decide;
/// `Ok(Some(fall))`: a step on an existing case, for the service's own rules.
pub fn rahmen<'f, F: Stand>(
    fall: Option<&'f F>,
    id: &str,
    datum: NaiveDate,
    heute: NaiveDate,
    eroeffnet: bool,
    eroeffnung: Eroeffnung,
) -> Result<Option<&'f F>, Grundregel> {
    nicht_in_zukunft(datum, heute)?;
    let fall = match (fall, eroeffnet) {
        (None, true) => return Ok(None),
        (None, false) => {
            return Err(Grundregel::OhneEroeffnung {
                fall: id.to_string(),
                eroeffnung,
            });
        }
        (Some(f), true) => {
            return Err(Grundregel::ZweiteEroeffnung {
                fall: f.fall_id().to_string(),
                eroeffnung,
            });
        }
        (Some(f), false) => f,
    };
    if datum < fall.letztes_datum() {
        return Err(Grundregel::DatumVorLetztem {
            fall: fall.fall_id().to_string(),
            datum,
            letztes: fall.letztes_datum(),
        });
    }
    Ok(Some(fall))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct F(NaiveDate);
    impl Stand for F {
        fn fall_id(&self) -> &str {
            "X-2024-001"
        }
        fn letztes_datum(&self) -> NaiveDate {
            self.0
        }
    }

    const E: Eroeffnung = Eroeffnung {
        unbestimmt: "einem Antrag",
        bestimmt: "einen Antrag",
    };

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn gueltig_und_ungueltig() {
        let heute = d("2024-06-30");
        let f = F(d("2024-03-01"));
        // Valid: the opener of a new case, a later step, a step on the last event's day.
        assert_eq!(
            rahmen::<F>(None, "X-2024-001", heute, heute, true, E),
            Ok(None)
        );
        assert!(
            rahmen(Some(&f), "X-2024-001", d("2024-03-01"), heute, false, E)
                .unwrap()
                .is_some()
        );
        // Invalid: future, before the last event, no opener, a second opener.
        assert_eq!(
            rahmen(Some(&f), "X-2024-001", d("2024-07-01"), heute, false, E),
            Err(Grundregel::DatumInZukunft(d("2024-07-01")))
        );
        assert!(matches!(
            rahmen(Some(&f), "X-2024-001", d("2024-02-28"), heute, false, E),
            Err(Grundregel::DatumVorLetztem { .. })
        ));
        let ohne = rahmen::<F>(None, "X-2024-009", heute, heute, false, E).unwrap_err();
        assert_eq!(
            ohne.to_string(),
            "Das Journal passt nicht zu den Regeln: Fall X-2024-009 beginnt nicht mit einem Antrag"
        );
        let zweite = rahmen(Some(&f), "X-2024-001", heute, heute, true, E).unwrap_err();
        assert_eq!(
            zweite.to_string(),
            "Das Journal passt nicht zu den Regeln: Fall X-2024-001 hat bereits einen Antrag"
        );
    }

    #[test]
    fn geburtsjahr_gueltig_und_ungueltig() {
        let d = d("2012-03-01");
        assert!(geburtsjahr_plausibel(1900, d).is_ok());
        assert!(geburtsjahr_plausibel(1998, d).is_ok());
        assert_eq!(
            geburtsjahr_plausibel(1999, d),
            Err(Grundregel::GeburtsjahrUnplausibel {
                jahr: 1999,
                datum: d,
                bis: 1998
            })
        );
        assert!(geburtsjahr_plausibel(1899, d).is_err());
    }
}
