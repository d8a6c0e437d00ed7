//! `iiz`: parse, dispatch, map errors to exit codes — nothing else.

mod cli;
mod commands;
mod domain;
mod eingabe;
mod fehler;
mod journal;
mod personen;
mod report;
mod rules;

#[cfg(test)]
mod modell_tests;

use clap::FromArgMatches;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use cli::{Befehl, Cli};
use commands::{Umgebung, Zeige};
use fehler::Fehler;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::befehl()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => return nutzungsfehler(e),
    };
    match ausfuehren(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn ausfuehren(cli: Cli) -> Result<(), Fehler> {
    let data_dir = match cli.data_dir {
        Some(d) => d,
        None => directories::ProjectDirs::from("ch", "IIZ Luzern", "iiz")
            .map(|p| p.data_dir().to_path_buf())
            .ok_or_else(|| {
                Fehler::Nutzung(
                    "Kein Datenverzeichnis gefunden – mit --data-dir oder IIZ_DATA_DIR angeben."
                        .into(),
                )
            })?,
    };
    let benutzer = cli
        .benutzer
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| "unbekannt".into());
    eingabe::text_pruefen("--benutzer", Some(&benutzer))?;
    // Import reads its own input and never prompts.
    let interaktiv =
        !cli.no_input && std::io::stdin().is_terminal() && !matches!(cli.befehl, Befehl::Import(_));
    let heute = chrono::Local::now().date_naive();
    let u = Umgebung::neu(data_dir, benutzer, cli.format, interaktiv, heute);
    let f = u.format;
    match cli.befehl {
        Befehl::Antrag(a) => commands::antrag::ausfuehren(&u, a)?.drucken(f, Zeige::Fall),
        Befehl::Annehmen(a) => commands::annehmen::ausfuehren(&u, a)?.drucken(f, Zeige::Status),
        Befehl::Uebergabe(a) => commands::uebergabe::ausfuehren(&u, a)?.drucken(f, Zeige::Status),
        Befehl::Standort(a) => commands::standort::ausfuehren(&u, a)?.drucken(f, Zeige::Nichts),
        Befehl::Kostengutsprache(a) => {
            let zeige = match a.aktion {
                cli::KgsAktion::Beantragen(_) => Zeige::Nr,
                _ => Zeige::Nichts,
            };
            commands::kostengutsprache::ausfuehren(&u, a)?.drucken(f, zeige)
        }
        Befehl::Abschluss(a) => commands::abschluss::ausfuehren(&u, a)?.drucken(f, Zeige::Nichts),
        Befehl::Anonymisieren(a) => {
            commands::anonymisieren::ausfuehren(&u, a)?.drucken(f, Zeige::Nichts)
        }
        Befehl::Report(a) => commands::report::ausfuehren(&u, a),
        Befehl::Liste(a) => commands::liste::ausfuehren(&u, a),
        Befehl::Zeige(a) => commands::zeige::ausfuehren(&u, a),
        Befehl::Pendenzen(a) => commands::pendenzen::ausfuehren(&u, a),
        Befehl::Import(a) => commands::import::ausfuehren(&u, a),
        Befehl::Pruefen(a) => commands::pruefen::ausfuehren(&u, a),
        Befehl::Demo => commands::demo::ausfuehren(&u),
        Befehl::Completions(a) => {
            clap_complete::generate(a.shell, &mut cli::befehl(), "iiz", &mut std::io::stdout());
            Ok(())
        }
    }
}

/// clap's own errors, said in German (exit 2); help and version print as they are.
fn nutzungsfehler(e: clap::Error) -> ExitCode {
    let text = |k| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let wert = text(ContextKind::InvalidValue);
    let hilfe = "'iiz --help' bzw. 'iiz BEFEHL --help' zeigt alle Angaben";
    let meldung = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        ErrorKind::UnknownArgument => {
            let vorschlag = text(ContextKind::SuggestedArg);
            if vorschlag.is_empty() {
                format!("Unbekannte Angabe '{arg}' – {hilfe}.")
            } else {
                format!("Unbekannte Angabe '{arg}' – gemeint ist wohl '{vorschlag}'; {hilfe}.")
            }
        }
        ErrorKind::InvalidSubcommand => {
            format!("Unbekannter Befehl '{arg}' – 'iiz --help' zeigt alle Befehle.")
        }
        ErrorKind::InvalidValue => format!(
            "Ungültiger Wert '{wert}' für {arg} – erlaubt: {}.",
            text(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => {
            let grund = std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("Ungültiger Wert '{wert}' für {arg}: {grund}.")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("Es fehlen Angaben: {arg} – {hilfe}.")
        }
        ErrorKind::ArgumentConflict => {
            let vorher = text(ContextKind::PriorArg);
            if vorher == arg || vorher.is_empty() {
                format!("{arg} ist mehrfach angegeben – nur einmal angeben.")
            } else {
                format!("{arg} und {vorher} schliessen sich aus – nur eines angeben.")
            }
        }
        ErrorKind::InvalidUtf8 => {
            "Eine Angabe ist kein gültiges UTF-8 – Zeichensatz des Terminals prüfen.".to_string()
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("Zu viele oder falsche Werte bei {arg} – {hilfe}.")
        }
        _ => format!("Ungültiger Aufruf – {hilfe}."),
    };
    eprintln!("Fehler: {meldung}");
    ExitCode::from(2)
}
