//! OPTIMA (spec part 1): one institution hands a person's case management for 3–6 months to
//! the institution most competent for the problem.
//!
//! - `modell`, `ereignis`, `fall`: the vocabulary, the events a journal records, the state;
//! - `regeln`: **decide** — may this event be recorded now? The only place a rule refuses;
//! - `anwenden`: **apply** — what a recorded event does to the state;
//! - `fristen`: what is due (Pendenzen); `kennzahlen`: the Standardreporting fold.

mod ereignis;
mod fall;
pub mod kennzahlen;
mod modell;
pub mod regeln;

#[cfg(test)]
mod modell_tests;

pub use ereignis::*;
pub use fall::*;
pub use modell::*;
