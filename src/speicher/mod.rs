//! Storage: journals, locks, the person store. Knows no process: an event is any
//! serializable value, an id any `<PREFIX>-<year>-<NNN>`.

pub mod absturz;
pub mod einstellungen;
pub mod freitext;
pub mod journal;
pub mod personen;
pub mod protokoll;
pub mod sicherung;
pub mod zugriffe;
