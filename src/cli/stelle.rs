//! `iiz stelle …`: the office directory (spec §15).

use crate::prozess::stellen::{Kontakt, Typ};
use clap::{Args, Subcommand};

fn kontakt_parsen(s: &str) -> Result<Kontakt, String> {
    Kontakt::parsen(s)
}

#[derive(Subcommand, Debug)]
pub enum StelleBefehl {
    /// Eine Stelle ins Verzeichnis aufnehmen (Typ, Name, Region, Kontaktpersonen)
    #[command(
        after_help = "Beispiel:\n  iiz stelle neu --typ sh --name \"Sozialdienst Emmen\" --region Luzern-Land \\\n    --kontakt \"Petra Beispiel|Sozialarbeiterin|041 000 00 00|petra.beispiel@emmen.ch\"\n\n\
        --kontakt kann mehrmals stehen; nach dem Namen ist alles freiwillig (\"Name||Telefon\")."
    )]
    Neu(StelleNeuArgs),
    /// Alle Stellen des Verzeichnisses mit Typ, Region und Kontakten
    #[command(
        after_help = "Beispiel:\n  iiz stelle liste --typ rav\n  iiz stelle liste --format csv"
    )]
    Liste(StelleListeArgs),
    /// Eine Stelle mit allen Kontakten und den Schreibweisen, die ihr zugeordnet sind
    #[command(after_help = "Beispiel:\n  iiz stelle zeige \"Sozialdienst Emmen\"")]
    Zeige(StelleZeigeArgs),
    /// Name, Typ, Region oder Kontakte einer Stelle ändern (der alte Name bleibt ihr zugeordnet)
    #[command(
        after_help = "Beispiel:\n  iiz stelle aendern \"RAV Luzern\" --kontakt \"Max Muster|Berater\" --ohne-kontakt \"Petra Beispiel\""
    )]
    Aendern(StelleAendernArgs),
    /// Eine früher erfasste Schreibweise (oder eine zweite Stelle) einer Stelle zuordnen – in jedem Report
    #[command(
        after_help = "Beispiel:\n  iiz stelle zusammenfuehren \"SD Emmen\" \"Sozialdienst Emmen\"\n\n\
        ALT ist der Text, wie er in Fällen steht; NEU eine Stelle des Verzeichnisses. Die Fälle\n\
        bleiben unverändert, die Reports (report/rt report --nach stelle) zählen sie bei NEU."
    )]
    #[command(alias = "zusammenführen")]
    Zusammenfuehren(StelleZusammenArgs),
}

#[derive(Args, Debug)]
pub struct StelleNeuArgs {
    /// Art der Institution
    #[arg(long, value_enum)]
    pub typ: Typ,
    /// Name, wie ihn die Stelle selbst führt
    #[arg(long)]
    pub name: String,
    /// Wahlkreis (z. B. Luzern-Land)
    #[arg(long, value_name = "WAHLKREIS")]
    pub region: Option<String>,
    /// Kontaktperson: "Name|Funktion|Telefon|E-Mail" (mehrmals möglich)
    #[arg(long, value_name = "NAME|FUNKTION|TELEFON|E-MAIL", value_parser = kontakt_parsen)]
    pub kontakt: Vec<Kontakt>,
}

#[derive(Args, Debug)]
pub struct StelleListeArgs {
    /// Nur Stellen dieser Art
    #[arg(long, value_enum)]
    pub typ: Option<Typ>,
}

#[derive(Args, Debug)]
pub struct StelleZeigeArgs {
    /// Name der Stelle (oder eine ihr zugeordnete Schreibweise)
    pub name: String,
}

#[derive(Args, Debug)]
pub struct StelleAendernArgs {
    /// Name der Stelle
    pub stelle: String,
    /// Neuer Name
    #[arg(long)]
    pub name: Option<String>,
    /// Neue Art der Institution
    #[arg(long, value_enum)]
    pub typ: Option<Typ>,
    /// Neue Region (Wahlkreis)
    #[arg(long, value_name = "WAHLKREIS")]
    pub region: Option<String>,
    /// Kontaktperson hinzufügen: "Name|Funktion|Telefon|E-Mail" (mehrmals möglich)
    #[arg(long, value_name = "NAME|FUNKTION|TELEFON|E-MAIL", value_parser = kontakt_parsen)]
    pub kontakt: Vec<Kontakt>,
    /// Kontaktperson entfernen (ihr Name; mehrmals möglich)
    #[arg(long, value_name = "NAME")]
    pub ohne_kontakt: Vec<String>,
}

#[derive(Args, Debug)]
pub struct StelleZusammenArgs {
    /// Die Schreibweise, wie sie in Fällen steht (oder eine zweite Stelle des Verzeichnisses)
    pub alt: String,
    /// Die Stelle des Verzeichnisses, zu der sie gehört
    pub neu: String,
}
