//! `iiz`: parse, dispatch, map errors to exit codes — nothing else.

use clap::FromArgMatches;
use iiz::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Shell completion calls back with COMPLETE=<shell>; otherwise this returns at once.
    clap_complete::CompleteEnv::with_factory(cli::befehl).complete();
    let args = cli::argumente_ordnen(std::env::args_os().collect());
    // `iiz` alone: the short help (what there is to do), as a usage error for scripts.
    if args.len() == 1 {
        let _ = cli::befehl().print_help();
        return ExitCode::from(2);
    }
    let cli = match cli::befehl()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => return cli::nutzungsfehler(e),
    };
    match iiz::commands::ausfuehren(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => iiz::ausgabe::melden(&e),
    }
}

// The import parses on one thread and applies on another: an allocator that frees across
// threads without taking the other thread's lock.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
