//! `iiz`, the case register of the IIZ coordination office of the Canton of Lucerne, as a
//! library: everything but `main` lives here, so that the rules, the replay and the reports
//! are testable without the binary. The layers and the data flow: `docs/architektur.md`.

// Every `unsafe` block says why it is sound; all of them live in `speicher::plattform`.
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod ausgabe;
pub mod cli;
pub mod commands;
pub mod fehler;
pub mod migration;
pub mod prozess;
pub mod speicher;
pub mod text;
pub mod vorgang;
