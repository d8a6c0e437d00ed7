//! The integration tests as one binary (as ripgrep and cargo do): one link after a change
//! in `src/`, and the modules run in parallel on every core instead of one binary after
//! another. Each module is one area of the product; `common` is the shared plumbing.

mod common;

mod absturz;
mod angebote;
mod ausgabe;
mod datenformat;
mod datenschutz;
mod dokumentation;
mod dokumente;
mod eingang;
mod erster_kontakt;
mod exitcodes;
mod export;
mod feindlich;
mod fuzz;
mod identitaet;
mod jahresbericht;
mod korrekturen;
mod korrekturen_behalten;
mod lebenszyklus;
mod liste;
mod migration;
mod nach;
mod registerprotokoll;
mod report_import_pendenzen;
mod roundtable;
mod sicherung;
mod stellen;
mod szenarien;
mod team;
mod terminal;
mod uebergabe_regeln;
mod verweigerungen;
mod zuverlaessigkeit;
