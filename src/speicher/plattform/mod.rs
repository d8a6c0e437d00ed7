//! Everything that differs between operating systems, in one place: one file per family
//! (`unix`, `sonst`), the same functions in each, so that no other module carries a
//! `#[cfg]` and a port is one new file. Storage uses most of it; the terminal code (pager,
//! Ctrl-C during a prompt) uses the signal functions. Everything here is plain system
//! plumbing and knows no register.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;

#[cfg(not(unix))]
mod sonst;
#[cfg(not(unix))]
pub use sonst::*;

/// Whether `syncfs` commits a whole file system in one call here (Linux): then a batch
/// need not keep the paths it wrote.
pub const SYNCFS: bool = cfg!(target_os = "linux");
