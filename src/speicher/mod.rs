//! Storage: journals, locks, the person store. Knows no process: an event is any
//! serializable value, an id any `<PREFIX>-<year>-<NNN>`.

pub mod absturz;
pub mod datei;
pub mod eingang;
pub mod einstellungen;
pub mod fehler;
pub mod freitext;
pub mod journal;
pub mod kette;
pub mod kettendatei;
pub mod personen;
pub mod plattform;
pub mod protokoll;
pub mod sicherung;
pub mod stapel;
pub mod zugriffe;
