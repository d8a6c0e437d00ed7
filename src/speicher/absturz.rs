//! A crash on demand, for the tests that prove "a kill at any instruction leaves a
//! consistent register": with `IIZ_TEST_ABSTURZ=N` the process kills itself (SIGKILL, no
//! cleanup, no destructors) just before its N-th change to the file system. A test runs a
//! command with N = 1, 2, … until it completes, and so visits every point between two system
//! calls a real kill could hit. Unset (always, in normal use), each step costs one atomic
//! increment.
//!
//! `IIZ_TEST_VOLL=N` is a full disk instead: from the N-th change on, every write, create,
//! sync, rename and link fails with ENOSPC (removals still work, as on a real full disk).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

static ZAEHLER: AtomicU64 = AtomicU64::new(0);

fn grenze() -> Option<u64> {
    static GRENZE: OnceLock<Option<u64>> = OnceLock::new();
    *GRENZE.get_or_init(|| {
        std::env::var("IIZ_TEST_ABSTURZ")
            .ok()
            .and_then(|s| s.parse().ok())
    })
}

fn voll_ab() -> Option<u64> {
    static VOLL: OnceLock<Option<u64>> = OnceLock::new();
    *VOLL.get_or_init(|| {
        std::env::var("IIZ_TEST_VOLL")
            .ok()
            .and_then(|s| s.parse().ok())
    })
}

/// Called before every change that needs space (create, write, sync, rename, link): a
/// step, and under `IIZ_TEST_VOLL` the error a full disk gives.
pub fn schreiben() -> std::io::Result<()> {
    schritt();
    match voll_ab() {
        Some(v) if ZAEHLER.load(Ordering::Relaxed) >= v => {
            Err(std::io::Error::from_raw_os_error(28)) // ENOSPC
        }
        _ => Ok(()),
    }
}

/// Called before every create, write, sync, rename, link and removal.
pub fn schritt() {
    let n = ZAEHLER.fetch_add(1, Ordering::Relaxed) + 1;
    if grenze() == Some(n) {
        super::plattform::sofort_beenden();
    }
}
