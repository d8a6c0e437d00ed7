//! `iiz eingang …`: registration files in `<data>/eingang/` (spec §15).

use clap::{Args, Subcommand};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EingangArgs {
    #[command(subcommand)]
    pub befehl: Option<EingangBefehl>,
}

#[derive(Subcommand, Debug)]
pub enum EingangBefehl {
    /// Die wartenden Anmeldungen (Standard ohne Unterbefehl)
    Liste,
    /// Eine Anmeldung erfassen (Antrag oder Roundtable-Anmeldung) und die Datei entfernen
    #[command(
        after_help = "Beispiel:\n  iiz eingang uebernehmen 2026-11-30-0912-online.json\n\n\
        Was die Datei enthält, wird nicht noch einmal gefragt; am Terminal fragt iiz nur, was fehlt.\n\
        Danach liegen die Personendaten nur noch im Personenspeicher: die Datei wird entfernt,\n\
        eingang.jsonl hält fest, zu welchem Fall sie wurde (ohne Personendaten)."
    )]
    #[command(alias = "übernehmen")]
    Uebernehmen(EingangDateiArgs),
    /// Eine Anmeldung nicht erfassen: die Datei entfernen, den Grund festhalten
    #[command(
        after_help = "Beispiel:\n  iiz eingang ablehnen 2026-11-30-0912-online.json --grund \"doppelt eingereicht\"\n\n\
        Den Grund ohne Personendaten formulieren: er bleibt in eingang.jsonl."
    )]
    Ablehnen(EingangAblehnenArgs),
}

#[derive(Args, Debug)]
pub struct EingangDateiArgs {
    /// Name der Datei im Eingang (wie 'iiz eingang' ihn zeigt)
    pub datei: String,
}

#[derive(Args, Debug)]
pub struct EingangAblehnenArgs {
    /// Name der Datei im Eingang
    pub datei: String,
    /// Warum die Anmeldung nicht erfasst wird (ohne Personendaten)
    #[arg(long)]
    pub grund: String,
}
