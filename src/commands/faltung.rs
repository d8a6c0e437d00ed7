//! The fold of a service's report, one case after the other (`report`, `rt report`,
//! `--nach`, the annual report): below both the reports and the annual report, so that
//! neither needs the other for it.

use crate::ausgabe::bericht::Zeile;
use crate::prozess::Zaehlt;
use chrono::NaiveDate;

/// A report that folds cases one by one, for `--nach`: one fold per group.
pub trait Faltung: Zaehlt + Send + Sized + Clone {
    type K: serde::Serialize;
    const INSTITUTIONEN: &'static [&'static str];
    fn neu(von: Option<NaiveDate>, bis: Option<NaiveDate>) -> Self;
    fn vereinen(&mut self, o: Self);
    fn ergebnis(self) -> Self::K;
    fn anmeldungen(k: &Self::K) -> u64;
    fn tabelle(k: &Self::K) -> String;
    /// The published table of the report, as rows.
    fn zeilen(k: &Self::K) -> Vec<Zeile>;
}
