//! Retention (spec §12): the person data of a closed or rejected case are due for erasure a
//! number of years after the case ended (default 10; `loeschfrist_jahre` in
//! `einstellungen.json` of the data directory). Due on the anniversary itself: a case
//! closed on 10.03.2024 with 1 year is due on 10.03.2025, not the day before. A 29 February
//! falls on the 28th in a year without one.

use super::{Fall, Pendenz};
use chrono::{Months, NaiveDate};

pub const STANDARD_JAHRE: u32 = 10;
pub const ART: &str = "loeschfrist";
/// A case voided as recorded by mistake counts nowhere and has no purpose to keep its
/// person's data for: due for erasure this many days after the void (spec §13; the days
/// leave room to notice a void made in error).
pub const STORNO_TAGE: u64 = 30;

/// The day the person data of a case that ended on `ende` are due for erasure.
pub fn faellig_am(ende: NaiveDate, jahre: u32) -> Option<NaiveDate> {
    ende.checked_add_months(Months::new(jahre.checked_mul(12)?))
}

/// The erasure due at `stichtag`, if any: a case that ended and still has its person data.
pub fn pendenz(f: &Fall, stichtag: NaiveDate, jahre: u32) -> Option<Pendenz> {
    let ende = f.beendet()?;
    f.person()?;
    let faellig = faellig_am(ende, jahre)?;
    (faellig <= stichtag).then(|| {
        let fall = f.uebersicht().fall;
        Pendenz {
            text: format!(
                "Personendaten löschen: Löschfrist {jahre} Jahre nach Ende am {} – iiz anonymisieren {fall}",
                ende.format("%d.%m.%Y")
            ),
            fall,
            art: ART,
            faellig,
        }
    })
}

/// The erasure due at `stichtag` of a case voided on `storniert_am`, while it still has its
/// person data.
pub fn pendenz_storniert(
    f: &Fall,
    storniert_am: NaiveDate,
    stichtag: NaiveDate,
) -> Option<Pendenz> {
    f.person()?;
    let faellig = storniert_am.checked_add_days(chrono::Days::new(STORNO_TAGE))?;
    (faellig <= stichtag).then(|| {
        let fall = f.uebersicht().fall;
        Pendenz {
            text: format!(
                "Personendaten löschen: Fall am {} storniert (irrtümlich erfasst), {STORNO_TAGE} Tage danach – iiz anonymisieren {fall}",
                storniert_am.format("%d.%m.%Y")
            ),
            fall,
            art: ART,
            faellig,
        }
    })
}

/// The erasure due at `stichtag` of any case: a voided one 30 days after the void, any
/// other `jahre` after it ended.
pub fn faellig(
    f: &Fall,
    storniert_am: Option<NaiveDate>,
    stichtag: NaiveDate,
    jahre: u32,
) -> Option<Pendenz> {
    match storniert_am {
        Some(am) => pendenz_storniert(f, am, stichtag),
        None => pendenz(f, stichtag, jahre),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn faellig_am_jahrestag() {
        assert_eq!(faellig_am(d("2024-03-10"), 10), Some(d("2034-03-10")));
        assert_eq!(faellig_am(d("2024-03-10"), 1), Some(d("2025-03-10")));
        // 29 February: the last day of February.
        assert_eq!(faellig_am(d("2024-02-29"), 1), Some(d("2025-02-28")));
        assert_eq!(faellig_am(d("2024-02-29"), 4), Some(d("2028-02-29")));
        // Out of range: never due rather than a wrong day.
        assert_eq!(faellig_am(d("2024-02-29"), u32::MAX), None);
    }
}
