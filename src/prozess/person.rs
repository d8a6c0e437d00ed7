//! Values about a person that every service checks the same way: the AHV number (form and
//! check digit) and the birth date. Written once here; OPTIMA and Roundtable both use it.

use chrono::NaiveDate;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Personenwert {
    #[error(
        "Die AHV-Nummer ist ungültig ({0}) – sie hat die Form 756.dddd.dddd.dd mit gültiger Prüfziffer."
    )]
    UngueltigeAhv(&'static str),
    #[error("Das Geburtsdatum ({wert}) liegt nach dem {eroeffnung} {datum} – Datum prüfen.")]
    GeburtsdatumNach {
        wert: NaiveDate,
        eroeffnung: &'static str,
        datum: NaiveDate,
    },
}

impl From<Personenwert> for crate::fehler::Fehler {
    fn from(e: Personenwert) -> Self {
        crate::fehler::Fehler::Regel(e.to_string())
    }
}

/// AHV number `756.dddd.dddd.dd` with its EAN-13 check digit, written with dots, spaces,
/// hyphens or none (`756 1234 5678 97`, `756-1234-5678-97`, `7561234567897`); returns it
/// normalized with dots.
pub fn ahv_pruefen(eingabe: &str) -> Result<String, Personenwert> {
    let s = eingabe.trim();
    let ziffern: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    let nur_trenner = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ' ' | '-'));
    if !nur_trenner || ziffern.len() != 13 {
        return Err(Personenwert::UngueltigeAhv("falsches Format"));
    }
    if ziffern[..3] != [7, 5, 6] {
        return Err(Personenwert::UngueltigeAhv("beginnt nicht mit 756"));
    }
    let summe: u32 = ziffern[..12]
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    if (10 - summe % 10) % 10 != ziffern[12] {
        return Err(Personenwert::UngueltigeAhv("Prüfziffer stimmt nicht"));
    }
    let z: String = ziffern
        .iter()
        .map(|d| char::from(b'0' + *d as u8))
        .collect();
    Ok(format!(
        "{}.{}.{}.{}",
        &z[0..3],
        &z[3..7],
        &z[7..11],
        &z[11..13]
    ))
}

/// A birth date lies before the day the case was opened (`eroeffnung`: "Antragsdatum",
/// "Anmeldedatum").
pub fn geburtsdatum_pruefen(
    geburtsdatum: NaiveDate,
    datum: NaiveDate,
    eroeffnung: &'static str,
) -> Result<(), Personenwert> {
    if geburtsdatum >= datum {
        return Err(Personenwert::GeburtsdatumNach {
            wert: geburtsdatum,
            eroeffnung,
            datum,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ahv_gueltig_mit_punkten_leerzeichen_strichen_oder_ohne() {
        for s in [
            "756.1234.5678.97",
            "7561234567897",
            "756 1234 5678 97",
            "756-1234-5678-97",
            " 756.1234 5678-97 ",
        ] {
            assert_eq!(ahv_pruefen(s).unwrap(), "756.1234.5678.97", "{s}");
        }
    }

    #[test]
    fn ahv_ungueltig() {
        for s in [
            "756.1234.5678.90",
            "123.1234.5678.97",
            "756.1234.5678",
            "756.1234.5678.977",
            "756_1234_5678_97",
            "",
            "756.12a4.5678.97",
        ] {
            assert!(
                matches!(ahv_pruefen(s), Err(Personenwert::UngueltigeAhv(_))),
                "{s}"
            );
        }
    }

    #[test]
    fn geburtsdatum_vor_der_eroeffnung() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(geburtsdatum_pruefen(d("1980-01-01"), d("2024-01-01"), "Antragsdatum").is_ok());
        let e = geburtsdatum_pruefen(d("2024-01-01"), d("2024-01-01"), "Anmeldedatum").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Das Geburtsdatum (2024-01-01) liegt nach dem Anmeldedatum 2024-01-01 – Datum prüfen."
        );
    }
}
