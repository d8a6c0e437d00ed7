//! The command line (spec §4). The argument structs also deserialize `import` lines, so a
//! batch passes through exactly the same fields and rules as a typed command.
//! Required values are `Option` here: a missing one is asked for on a terminal, or named in
//! an error (exit 2) otherwise.

use crate::prozess::optima::*;
use crate::prozess::roundtable;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

pub mod eingabe;
pub mod eingang;
pub mod stelle;
use clap::error::{ContextKind, ContextValue, ErrorKind};

#[derive(Parser, Debug)]
#[command(
    name = "iiz",
    version,
    about = "Fallregister OPTIMA und Roundtable der IIZ-Koordinationsstelle Kanton Luzern",
    long_about = "Fallregister OPTIMA und Roundtable der IIZ-Koordinationsstelle Kanton Luzern.\n\n\
        Dokumentiert OPTIMA-Fälle vom Antrag bis zum Abschluss und Roundtables von der Anmeldung \
        bis zum Abschluss, prüft jede Eingabe gegen die Regeln der Quellen und erstellt das \
        Standardreporting und die Roundtable-Statistik.",
    after_help = "Ablauf eines Falls:\n  \
        iiz antrag … → iiz annehmen FALL → iiz uebergabe FALL … → iiz standort FALL … → iiz abschluss FALL …\n\n\
        Ausführliche Anleitung: docs/anleitung.md",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Datenverzeichnis des Registers
    #[arg(long, global = true, env = "IIZ_DATA_DIR", value_name = "VERZEICHNIS")]
    pub data_dir: Option<PathBuf>,
    /// Wer erfasst (wird in jedem Ereignis gespeichert); Standard: Benutzer des Systems
    #[arg(long, global = true, env = "IIZ_BENUTZER", value_name = "NAME", value_parser = nicht_leer)]
    pub benutzer: Option<String>,
    /// Ausgabeformat
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Nie nachfragen: fehlende Angaben sind ein Fehler (Exit 2)
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Beschädigte Journale sind ein Fehler (Exit 5), nicht nur eine Warnung (für Skripte)
    #[arg(long, global = true)]
    pub streng: bool,
    /// Beim Anlegen: das Register gehört dieser Gruppe (Verzeichnisse 2770, Dateien 0660),
    /// damit ein Team es gemeinsam führt
    #[arg(long, global = true, value_name = "GRUPPE")]
    pub gruppe: Option<String>,
    #[command(subcommand)]
    pub befehl: Befehl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    /// nur für Dokumente (rt dokument, jahresbericht)
    Html,
    /// nur für Dokumente (rt dokument, jahresbericht)
    Md,
    /// nur für export: JSON-Zeilen statt CSV
    Jsonl,
}

#[derive(Subcommand, Debug)]
pub enum Befehl {
    #[command(flatten)]
    Erfassen(Box<Erfassung>),
    /// Standardreporting Optima für einen Zeitraum
    #[command(
        after_help = "Beispiele:\n  iiz report --von 2024-01-01 --bis 2024-12-31\n  \
        iiz report --format csv > report.csv"
    )]
    Report(ReportArgs),
    /// Statistikteil des Jahresberichts: Roundtable und Optima, Jahr und kumuliert, mit Diagrammen
    #[command(
        after_help = "Beispiele:\n  iiz jahresbericht --jahr 2023 --format html --ausgabe jahresbericht-2023.html\n  \
        iiz jahresbericht --jahr 2023 --format md > jahresbericht-2023.md\n  \
        iiz jahresbericht --jahr 2023 --format json\n\n\
        html ist eine Datei ohne Verweise nach aussen (Diagramme eingebettet, für A4 gesetzt);\n\
        jedes Diagramm steht auch als Tabelle da. Ohne --format: Markdown."
    )]
    Jahresbericht(JahresberichtArgs),
    /// Anonymisierter Export aller Fälle und Ereignisse (CSV oder JSON-Zeilen) für DuckDB, pandas, R
    #[command(
        after_help = "Beispiele:\n  iiz export --ausgabe export-2024\n  iiz export --format jsonl --ausgabe export-2024\n\n\
        Schreibt faelle.csv (ein Fall je Zeile) und ereignisse.csv (ein Ereignis je Zeile):\n\
        keine Namen, AHV-Nummern, Geburtsdaten, Gemeinden oder Freitexte; jeder Fall erhält je\n\
        Export einen neuen Zufallsschlüssel. Schema und DuckDB-Abfragen: docs/datenformat.md."
    )]
    Export(ExportArgs),
    /// Fälle auflisten, neueste zuerst
    #[command(after_help = "Beispiel:\n  iiz liste --status laufend --an rav")]
    Liste(ListeArgs),
    /// Einen Fall vollständig anzeigen (Falldatenblatt)
    #[command(after_help = "Beispiel:\n  iiz zeige OPT-2024-007")]
    Zeige(ZeigeArgs),
    /// Dokument eines Optima-Falls: Gesprächsnotiz, Kostengutsprache, Vereinbarung (HTML für A4 oder Markdown)
    #[command(
        after_help = "Beispiele:\n  iiz dokument OPT-2024-007 uebergabe --ausgabe uebergabe.html\n  iiz dokument OPT-2024-007 kostengutsprache 1 --ausgabe kgs-1.html\n  iiz dokument OPT-2024-007 standort 2 --format md\n  iiz dokument OPT-2024-007 abschluss --beilage \"Kopie des Arbeitsvertrags\"\n  iiz dokument --pruefen kgs-1.html\n\n\
        Arten: uebergabe (Gesprächsnotiz des Übergabegesprächs), kostengutsprache NR (Formular zum\n\
        Unterzeichnen), befreiung (Vereinbarung / ALV bei RAV → Sozialhilfe), standort NR (Notiz des\n\
        NR-ten Standortgesprächs), abschluss (Notiz des Abschlussgesprächs). Das Dokument trägt das\n\
        Datum seines Ereignisses und ist für dasselbe Journal Byte für Byte gleich; nach einer\n\
        Korrektur steht darauf \"Fassung 2 vom …, ersetzt Fassung 1\". Roundtable: 'iiz rt dokument'.\n\
        Briefkopf: eine HTML-Datei briefkopf.html im Datenverzeichnis ersetzt den Standard."
    )]
    Dokument(DokumentArgs),
    /// Festhalten, dass ein Dokument versandt wurde: an wen, mit der SHA-256-Prüfsumme seines HTML
    #[command(
        after_help = "Beispiele:\n  iiz versand OPT-2024-007 --dokument kostengutsprache:1 --an \"Sozialdienst Emmen\"\n  iiz versand RT-2024-003 --dokument plan:1 --an \"IV Luzern\" --an \"RAV Emmen\" --datum 2024-04-02\n\n\
        --dokument: uebergabe, kostengutsprache:NR, befreiung, standort:NR, abschluss (Optima),\n\
        plan:NR (Roundtable, das Dokument von Gespräch NR). Die Prüfsumme gilt für das HTML, das\n\
        'iiz dokument' bzw. 'iiz rt dokument' jetzt erzeugt; 'iiz dokument --pruefen DATEI' nennt\n\
        später den Versand, zu dem eine Datei gehört. 'iiz zeige FALL' listet die Versände."
    )]
    Versand(VersandArgs),
    /// Was fällig ist: Gespräche, Kostengutsprachen, Anträge, Befreiungen
    #[command(after_help = "Beispiel:\n  iiz pendenzen --stichtag 2024-06-30")]
    Pendenzen(PendenzenArgs),
    /// Vorgänge als JSON-Zeilen einlesen (Datei oder Standardeingabe)
    #[command(after_help = "Beispiel:\n  iiz import vorgaenge.jsonl\n\n\
        Jede Zeile ist ein Vorgang, z. B.:\n  \
        {\"op\": \"annehmen\", \"fall\": \"OPT-2024-007\", \"datum\": \"2024-03-01\"}\n\
        Format: docs/datenformat.md")]
    Import(ImportArgs),
    /// Alle Journale prüfen (Exit 5 bei Problemen)
    #[command(after_help = "Beispiele:\n  iiz pruefen --reparieren\n  iiz pruefen kette register")]
    #[command(alias = "prüfen")]
    Pruefen(PruefenArgs),
    /// Datenverzeichnis, Format-Version, Fälle nach Angebot und Status, letzter Schreibvorgang
    #[command(after_help = "Beispiel:\n  iiz info\n  iiz info --format json")]
    Info,
    /// Fälle einer Person finden: nach Name, Vorname oder AHV-Nummer
    #[command(
        after_help = "Beispiele:\n  iiz suche Muster\n  iiz suche \"Anna Muster\"\n  iiz suche 756.1234.5678.97   (auch 7561234567897 oder 756 1234 5678 97)\n\n\
        Ganze Wörter aus Name und Vorname; mehrere Wörter müssen alle passen."
    )]
    Suche(SucheArgs),
    /// Das Register sichern: ein privates Archiv (tar, 0600), in sich stimmig
    #[command(
        after_help = "Beispiel:\n  iiz sicherung ~/sicherungen/iiz-$(date +%F).tar\n\n\
        Zurückspielen in ein neues, leeres Verzeichnis und prüfen:\n  \
        mkdir neu && tar -xf iiz-2026-11-30.tar -C neu && iiz --data-dir neu pruefen\n\n\
        Die Sicherung enthält Personendaten: so schützen wie das Register (docs/datenschutz.md)."
    )]
    Sicherung(SicherungArgs),
    /// Zugriffsprotokoll: wer wann die Personendaten welches Falls angezeigt hat
    #[command(
        after_help = "Beispiele:\n  iiz zugriffe --fall OPT-2024-007\n  iiz zugriffe --von 2026-01-01 --bis 2026-03-31 --format csv\n\n\
        Protokolliert werden zeige, suche und rt dokument, wenn sie Personendaten zeigen. Das\n\
        Protokoll nennt Benutzer, Zeit, Fall und Befehl, nie eine Person."
    )]
    Zugriffe(ZugriffeArgs),
    /// Stellenverzeichnis: Institutionen mit Typ, Region und Kontaktpersonen
    #[command(
        subcommand,
        after_help = "Beispiele:\n  iiz stelle neu --typ sh --name \"Sozialdienst Emmen\" --region Luzern-Land\n  iiz stelle liste\n  iiz stelle zusammenfuehren \"SD Emmen\" \"Sozialdienst Emmen\"\n\n\
        Die Fälle nennen ihre Stellen als Text; was nicht im Verzeichnis steht, wird so erfasst und\n\
        mit einem Hinweis auf die ähnlichste Stelle quittiert. report --nach stelle und\n\
        rt report --nach stelle zählen je Stelle des Verzeichnisses."
    )]
    Stelle(Box<stelle::StelleBefehl>),
    /// Eingang: Anmeldungen aus dem Online-Schalter oder per Mail übernehmen, ohne abzutippen
    #[command(
        after_help = "Beispiele:\n  iiz eingang\n  iiz eingang uebernehmen 2026-11-30-0912-online.json\n  iiz eingang ablehnen 2026-11-30-0912-online.json --grund \"doppelt\"\n\n\
        Ein Webformular oder ein Mail-Gateway legt je Anmeldung eine JSON-Datei in <Datenverzeichnis>/eingang/\n\
        (Aufbau: docs/datenformat.md, \"Eingang\")."
    )]
    Eingang(eingang::EingangArgs),
    /// Roundtable: Anmeldung, Gespräche, Begleitung, Abschluss, Dokument, Statistik
    #[command(
        subcommand,
        after_help = "Ablauf eines Roundtables:\n  iiz rt anmeldung … → iiz rt gespraech FALL … → (iiz rt begleitung FALL …, iiz rt aufgabe FALL NR --erledigt) → iiz rt abschluss FALL …\n  oder: iiz rt anmeldung … → iiz rt kein-prozess FALL --grund …"
    )]
    Rt(Box<RtBefehl>),
    /// Beispieldaten in ein temporäres Register laden und das Reporting zeigen
    Demo,
    /// Shell-Ergänzungen ausgeben (bash, zsh, fish)
    #[command(
        after_help = "Beispiel:\n  iiz completions bash > ~/.local/share/bash-completion/completions/iiz"
    )]
    Completions(CompletionsArgs),
    /// Die Handbuchseite (man page) ausgeben
    #[command(
        after_help = "Beispiel:\n  iiz man > ~/.local/share/man/man1/iiz.1 && man iiz\n  iiz man | man -l -"
    )]
    Man,
    /// Die Exit-Codes von iiz (für Skripte); auch: iiz help exitcodes
    #[command(after_help = crate::fehler::EXIT_CODES)]
    Exitcodes,
}

/// The commands that record an event: the same on the command line and as `import` lines
/// (`{"op": "<name>", …}`), parsed by the same clap definitions.
#[derive(Subcommand, Debug)]
pub enum Erfassung {
    /// Neuen OPTIMA-Antrag erfassen (zuweisende Stelle)
    #[command(
        after_help = "Beispiel:\n  iiz antrag --von rav --an sh --name Muster --vorname Anna \
        --ahv 756.1234.5678.97 --arbeitsangebot nicht-intakt --fallfuehrung-bestaetigt \
        --einverstaendnis --ziel \"Wohnsituation stabilisieren\""
    )]
    Antrag(AntragArgs),
    /// Antrag annehmen oder mit --ablehnen GRUND ablehnen (aufnehmende Stelle)
    #[command(
        after_help = "Beispiele:\n  iiz annehmen OPT-2024-007 --berater \"R. Keller\"\n  \
        iiz annehmen OPT-2024-007 --ablehnen keine-kapazitaet"
    )]
    Annehmen(AnnehmenArgs),
    /// Übergabegespräch erfassen: ab jetzt führt die aufnehmende Stelle den Fall
    #[command(
        after_help = "Beispiel:\n  iiz uebergabe OPT-2024-007 --naechstes-gespraech 2024-05-02 \
        --strategie \"Stellensuche mit Coaching\" --zustimmung --arbeitsfaehig-erklaert"
    )]
    #[command(alias = "übergabe")]
    Uebergabe(UebergabeArgs),
    /// Standortgespräch erfassen
    #[command(
        after_help = "Beispiel:\n  iiz standort OPT-2024-007 --naechstes-gespraech 2024-08-01 \
        --stand \"Bewerbungen laufen\""
    )]
    Standort(StandortArgs),
    /// Kostengutsprache beantragen, bewilligen, ablehnen oder abrechnen
    #[command(
        after_help = "Beispiele:\n  iiz kostengutsprache OPT-2024-007 beantragen --massnahme Bewerbungstraining \
        --anbieter \"Anbieter AG\" --betrag \"1'200\"\n  iiz kostengutsprache OPT-2024-007 bewilligen 1 \
        --unterzeichnet \"M. Meier\"\n  iiz kostengutsprache OPT-2024-007 abrechnen 1 --betrag \"1'150.40\""
    )]
    Kostengutsprache(KgsArgs),
    /// Fall abschliessen (Abschlussgespräch = letztes Standortgespräch)
    #[command(
        after_help = "Beispiel:\n  iiz abschluss OPT-2024-007 --grund erfolgreich --anlass ziel-erreicht"
    )]
    Abschluss(AbschlussArgs),
    /// Personendaten eines abgeschlossenen oder abgelehnten Falls löschen
    #[command(
        after_help = "Beispiele:\n  iiz anonymisieren OPT-2024-007\n  iiz anonymisieren --faellige          (alle mit abgelaufener Löschfrist, nach Rückfrage)\n  iiz anonymisieren --faellige --ja     (für Skripte)\n\n\
        Die Löschfrist (Standard 10 Jahre nach Abschluss oder Ablehnung) steht in\n\
        einstellungen.json im Datenverzeichnis, z. B. {\"loeschfrist_jahre\": 10}."
    )]
    Anonymisieren(AnonymisierenArgs),
    /// Ein Ereignis oder einen irrtümlich erfassten Fall stornieren (das Journal behält alles)
    #[command(
        after_help = "Beispiele:\n  iiz stornieren OPT-2024-007 --ereignis 5 --begruendung \"doppelt erfasst\"\n  \
        iiz stornieren OPT-2024-008 --begruendung \"irrtümlich erfasst\"\n\n\
        Ein stornierter Fall zählt in keiner Statistik; 'iiz liste --storniert' zeigt ihn."
    )]
    Stornieren(StornierenArgs),
}

/// `iiz rt …`: the Roundtable commands.
#[derive(Subcommand, Debug)]
pub enum RtBefehl {
    #[command(flatten)]
    Erfassen(Box<RtErfassung>),
    /// Standortanalyse und Ziel- und Handlungsplan eines Gesprächs für die Teilnehmenden
    #[command(
        after_help = "Beispiele:\n  iiz rt dokument RT-2024-003 --format html --ausgabe plan.html\n  iiz rt dokument RT-2024-003 --gespraech 1 --format md\n\n\
        Briefkopf: eine HTML-Datei rt-briefkopf.html im Datenverzeichnis ersetzt den Standard."
    )]
    Dokument(RtDokumentArgs),
    /// Roundtable-Statistik (Eingang, Wirkungen, Leistungen) für einen Zeitraum
    #[command(after_help = "Beispiel:\n  iiz rt report --von 2023-01-01 --bis 2023-12-31")]
    Report(ReportArgs),
}

/// The Roundtable commands that record an event; also `import` ops `rt-<name>`.
#[derive(Subcommand, Debug)]
pub enum RtErfassung {
    /// Roundtable anmelden (gibt die neue Fallnummer RT-… aus)
    #[command(
        after_help = "Beispiel:\n  iiz rt anmeldung --anmeldende-stelle andere --anmeldende-stelle-text \"Case Management KTG\" \
        --name Muster --vorname Anna --ahv 756.1234.5678.97 --beteiligte iv,rav \
        --anliegen \"Klärung der Zuständigkeit\" --einverstaendnis"
    )]
    Anmeldung(RtAnmeldungArgs),
    /// Anmeldung ohne Prozess beenden (nur vor dem ersten Gespräch und jeder Begleitung)
    #[command(
        after_help = "Beispiel:\n  iiz rt kein-prozess RT-2024-003 --grund \"Anliegen telefonisch geklärt\""
    )]
    KeinProzess(RtKeinProzessArgs),
    /// Roundtable-Gespräch erfassen (gibt die Nummer des Gesprächs aus)
    #[command(
        after_help = "Beispiel:\n  iiz rt gespraech RT-2024-003 --teilnehmer \"IV Luzern\" --teilnehmer \"RAV Emmen\" \
        --analyse \"…\" --ziele \"Arbeitsversuch\" --aufgabe \"Arbeitsversuch organisieren|RAV|2024-05-31\" \
        --fallfuehrung rav --naechstes-gespraech 2024-06-15\n\n\
        Das erste Gespräch braucht --analyse, --ziele, mindestens eine --aufgabe und --fallfuehrung."
    )]
    #[command(alias = "gespräch")]
    Gespraech(RtGespraechArgs),
    /// Begleitung zwischen den Gesprächen festhalten
    #[command(
        after_help = "Beispiel:\n  iiz rt begleitung RT-2024-003 --notiz \"Telefon mit der Beiständin\""
    )]
    Begleitung(RtBegleitungArgs),
    /// Aufgabe des Handlungsplans als erledigt erfassen
    #[command(after_help = "Beispiel:\n  iiz rt aufgabe RT-2024-003 1 --erledigt")]
    Aufgabe(RtAufgabeArgs),
    /// Roundtable abschliessen
    #[command(
        after_help = "Beispiel:\n  iiz rt abschluss RT-2024-003 --grund loesung --loesung regelstruktur"
    )]
    Abschluss(RtAbschlussArgs),
}

#[derive(Args, Debug, Default)]
pub struct RtAnmeldungArgs {
    /// Anmeldende Stelle
    #[arg(long, value_enum)]
    pub anmeldende_stelle: Option<roundtable::Stelle>,
    /// Bezeichnung der anmeldenden Stelle (Pflicht bei andere), z. B. "Mandatszentrum Luzern-Land"
    #[arg(long, value_name = "TEXT")]
    pub anmeldende_stelle_text: Option<String>,
    /// Anmeldende Person
    #[arg(long, value_name = "TEXT")]
    pub anmelder: Option<String>,
    /// Name der Person (nur im löschbaren Personenspeicher)
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Vorname der Person (nur im löschbaren Personenspeicher)
    #[arg(long, value_name = "TEXT")]
    pub vorname: Option<String>,
    /// AHV-Nummer 756.dddd.dddd.dd (nur im löschbaren Personenspeicher)
    #[arg(long, value_name = "756.XXXX.XXXX.XX")]
    pub ahv: Option<String>,
    /// Geburtsdatum (im Journal steht nur das Jahr)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub geburtsdatum: Option<NaiveDate>,
    /// Geschlecht (bleibt für die Statistik im Journal)
    #[arg(long, value_enum)]
    pub geschlecht: Option<Geschlecht>,
    /// Wohngemeinde (bleibt für die Statistik im Journal)
    #[arg(long, value_name = "TEXT")]
    pub wohngemeinde: Option<String>,
    /// Beteiligte Stellen, durch Komma getrennt
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LISTE")]
    pub beteiligte: Vec<roundtable::Beteiligte>,
    /// Weitere Beteiligte als Text (z. B. Beiständin, Hausarzt)
    #[arg(long, value_name = "TEXT")]
    pub beteiligte_text: Option<String>,
    /// Anliegen der Anmeldung
    #[arg(long, value_name = "TEXT")]
    pub anliegen: Option<String>,
    /// Die Person ist einverstanden (Pflicht)
    #[arg(long)]
    pub einverstaendnis: bool,
    /// Wie die Anmeldung kam
    #[arg(long, value_enum)]
    pub kanal: Option<roundtable::Kanal>,
    #[command(flatten)]
    pub datum: Datum,
    /// Die AHV-Nummer ist schon mit einem anderen Namen erfasst, und es ist dieselbe Person (Heirat, Namensänderung) – kein Tippfehler
    #[arg(long)]
    pub namensaenderung: bool,
    #[command(flatten)]
    pub ersatz: ErsatzArgs,
}

#[derive(Args, Debug, Default)]
pub struct RtKeinProzessArgs {
    /// Fallnummer, z. B. RT-2024-003
    pub fall: String,
    /// Warum kein Prozess gestartet wird
    #[arg(long, value_name = "TEXT")]
    pub grund: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

/// `--aufgabe "WAS|WER|BIS"`: one task of the action plan.
pub fn aufgabe_parsen(s: &str) -> Result<roundtable::Aufgabe, String> {
    let teile: Vec<&str> = s.split('|').map(str::trim).collect();
    match teile.as_slice() {
        [was, wer, bis] if !was.is_empty() && !wer.is_empty() => Ok(roundtable::Aufgabe {
            was: was.to_string(),
            wer: wer.to_string(),
            bis: datum_parsen(bis)?,
            nr: None,
        }),
        _ => Err(format!(
            "Aufgabe '{s}' – Form \"WAS|WER|BIS\", z. B. \"Arbeitsversuch organisieren|RAV|2024-05-31\""
        )),
    }
}

#[derive(Args, Debug, Default)]
pub struct RtGespraechArgs {
    /// Fallnummer, z. B. RT-2024-003
    pub fall: String,
    /// Teilnehmende (mehrfach möglich)
    #[arg(long, value_name = "TEXT")]
    pub teilnehmer: Vec<String>,
    /// Standortanalyse
    #[arg(long, value_name = "TEXT")]
    pub analyse: Option<String>,
    /// Ziele
    #[arg(long, value_name = "TEXT")]
    pub ziele: Option<String>,
    /// Aufgabe des Handlungsplans "WAS|WER|BIS" (mehrfach möglich)
    #[arg(long, value_name = "WAS|WER|BIS", value_parser = aufgabe_parsen)]
    pub aufgabe: Vec<roundtable::Aufgabe>,
    /// Welche Stelle den Fall führt
    #[arg(long, value_enum)]
    pub fallfuehrung: Option<roundtable::Stelle>,
    /// Fallführende Person
    #[arg(long, value_name = "TEXT")]
    pub fallfuehrung_person: Option<String>,
    /// Termin des nächsten Gesprächs
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub naechstes_gespraech: Option<NaiveDate>,
    /// Die Teilnehmenden haben den Ziel- und Handlungsplan als verbindlich vereinbart (steht im Dokument)
    #[arg(long)]
    pub vereinbart: bool,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct RtBegleitungArgs {
    /// Fallnummer, z. B. RT-2024-003
    pub fall: String,
    /// Was geschah (Telefon, Abklärung, Vermittlung …)
    #[arg(long, value_name = "TEXT")]
    pub notiz: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct RtAufgabeArgs {
    /// Fallnummer, z. B. RT-2024-003
    pub fall: String,
    /// Nummer der Aufgabe im Fall (1, 2, …; zeigt 'iiz zeige FALL')
    pub nr: u32,
    /// Die Aufgabe ist erledigt (Pflicht)
    #[arg(long)]
    pub erledigt: bool,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct RtAbschlussArgs {
    /// Fallnummer, z. B. RT-2024-003
    pub fall: String,
    /// Abschlussgrund (wie in der Statistik des Jahresberichts)
    #[arg(long, value_enum)]
    pub grund: Option<roundtable::Grund>,
    /// Welche Lösung (bei --grund loesung)
    #[arg(long, value_enum)]
    pub loesung: Option<roundtable::Loesung>,
    /// Bemerkung zum Abschluss
    #[arg(long, value_name = "TEXT")]
    pub bemerkung: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct RtDokumentArgs {
    /// Fallnummer, z. B. RT-2024-003
    pub fall: String,
    /// Nummer des Gesprächs (Standard: das letzte)
    #[arg(long, value_name = "NR")]
    pub gespraech: Option<u32>,
    /// In diese Datei schreiben statt auf die Standardausgabe
    #[arg(long, value_name = "DATEI")]
    pub ausgabe: Option<PathBuf>,
}

/// What `import` lines can be: every recording command, Roundtable's as `rt-<name>`.
#[derive(Subcommand, Debug)]
pub enum ImportVorgang {
    #[command(flatten)]
    Optima(Box<Erfassung>),
    #[command(subcommand)]
    Rt(Box<RtErfassung>),
}

impl ImportVorgang {
    /// The case the command names (`None` for one that makes a new case): an import line
    /// that names it by reference (`"fall": "@r"`) gets the id here once it is known.
    pub fn fall_mut(&mut self) -> Option<&mut String> {
        match self {
            ImportVorgang::Optima(e) => match e.as_mut() {
                Erfassung::Antrag(_) => None,
                Erfassung::Annehmen(a) => Some(&mut a.fall),
                Erfassung::Uebergabe(a) => Some(&mut a.fall),
                Erfassung::Standort(a) => Some(&mut a.fall),
                Erfassung::Kostengutsprache(a) => Some(&mut a.fall),
                Erfassung::Abschluss(a) => Some(&mut a.fall),
                Erfassung::Anonymisieren(a) => a.fall.as_mut(),
                Erfassung::Stornieren(a) => Some(&mut a.fall),
            },
            ImportVorgang::Rt(e) => match e.as_mut() {
                RtErfassung::Anmeldung(_) => None,
                RtErfassung::KeinProzess(a) => Some(&mut a.fall),
                RtErfassung::Gespraech(a) => Some(&mut a.fall),
                RtErfassung::Begleitung(a) => Some(&mut a.fall),
                RtErfassung::Aufgabe(a) => Some(&mut a.fall),
                RtErfassung::Abschluss(a) => Some(&mut a.fall),
            },
        }
    }
}

/// `--ersetzt NR --begruendung TEXT` (spec §10): the event recorded now replaces event NR of
/// the case; the journal keeps both.
#[derive(Args, Debug, Default, Clone)]
pub struct KorrekturArgs {
    /// Korrektur: ersetzt Ereignis Nr. NR des Falls (die Nummern zeigt 'iiz zeige FALL --verlauf')
    #[arg(long, value_name = "NR", requires = "begruendung")]
    pub ersetzt: Option<u64>,
    /// Begründung der Korrektur (Pflicht mit --ersetzt)
    #[arg(long, value_name = "TEXT", requires = "ersetzt")]
    pub begruendung: Option<String>,
    /// Mit --ersetzt: diese Angabe des ersetzten Ereignisses weglassen (z. B. --ohne anlass; mehrfach möglich). Alles nicht Genannte bleibt, wie es war.
    #[arg(long, value_name = "FELD", requires = "ersetzt")]
    pub ohne: Vec<String>,
}

impl KorrekturArgs {
    pub fn korrektur(&self) -> Result<Option<crate::vorgang::Korrektur>, crate::fehler::Fehler> {
        Ok(
            begruendet(self.ersetzt, &self.begruendung)?.map(|(ersetzt, begruendung)| {
                crate::vorgang::Korrektur {
                    ersetzt,
                    begruendung,
                    ..Default::default()
                }
            }),
        )
    }
}

/// `--ersetzt FALL --begruendung TEXT` of the commands that open a case (`antrag`,
/// `rt anmeldung`): the new record replaces the case's first one, the case id stays.
#[derive(Args, Debug, Default, Clone)]
pub struct ErsatzArgs {
    /// Korrektur: ersetzt Antrag bzw. Anmeldung dieses Falls, die Fallnummer bleibt (mit --begruendung); nur die geänderten Angaben nennen
    #[arg(long, value_name = "FALL", requires = "begruendung")]
    pub ersetzt: Option<String>,
    /// Begründung der Korrektur (Pflicht mit --ersetzt)
    #[arg(long, value_name = "TEXT", requires = "ersetzt")]
    pub begruendung: Option<String>,
    /// Mit --ersetzt: diese Angabe weglassen (z. B. --ohne wohngemeinde; mehrfach möglich). Alles nicht Genannte bleibt, wie es war.
    #[arg(long, value_name = "FELD", requires = "ersetzt")]
    pub ohne: Vec<String>,
}

impl ErsatzArgs {
    /// The case to replace and the reason, if this is a replacement.
    pub fn ersatz(&self) -> Result<Option<(String, String)>, crate::fehler::Fehler> {
        begruendet(self.ersetzt.clone(), &self.begruendung)
    }
}

/// A correction names what it replaces and says why: the pair, checked and trimmed.
fn begruendet<T>(
    ersetzt: Option<T>,
    begruendung: &Option<String>,
) -> Result<Option<(T, String)>, crate::fehler::Fehler> {
    eingabe::text_pruefen("--begruendung", begruendung.as_deref())?;
    match (ersetzt, begruendung) {
        (Some(x), Some(b)) if !b.trim().is_empty() => Ok(Some((x, b.trim().to_string()))),
        (Some(_), _) => Err(crate::fehler::Fehler::Nutzung(
            "Eine Korrektur braucht --begruendung \"…\" – kurz sagen, was falsch war.".into(),
        )),
        (None, _) => Ok(None),
    }
}

/// `iiz suche TEXT`.
#[derive(Args, Debug, Default)]
pub struct SucheArgs {
    /// Name, Vorname oder AHV-Nummer; mehrere Wörter müssen alle passen, Anfänge ab zwei Buchstaben genügen, ü = ue = u
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
}

/// `iiz stornieren FALL [--ereignis NR] --begruendung TEXT`.
#[derive(Args, Debug, Default)]
pub struct StornierenArgs {
    /// Fallnummer, z. B. OPT-2024-007 oder RT-2024-003
    pub fall: String,
    /// Nur dieses Ereignis stornieren (ohne: den ganzen Fall, irrtümlich erfasst)
    #[arg(long, value_name = "NR")]
    pub ereignis: Option<u64>,
    /// Mit --ereignis: auch die späteren Ereignisse stornieren, die davon abhängen (z. B. die Bewilligung einer doppelt beantragten Kostengutsprache); ohne diese Angabe werden sie genannt und nichts gespeichert
    #[arg(long, requires = "ereignis")]
    pub mit_folgen: bool,
    /// Warum storniert wird
    #[arg(long, value_name = "TEXT")]
    pub begruendung: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
}

/// `--datum` of every recording command, defined once (one help text, one parser).
#[derive(Args, Debug, Default, Clone, Copy)]
pub struct Datum {
    /// Datum des Ereignisses, 2024-03-15 oder 15.03.2024 (Standard: heute; eine Korrektur behält das Datum des ersetzten Ereignisses)
    #[arg(long = "datum", value_name = "DATUM", value_parser = datum_parsen)]
    pub am: Option<NaiveDate>,
}

/// `--datum`: ISO (2024-03-15) or Swiss (15.03.2024).
pub fn datum_parsen(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    // A four-digit year only: "1.6.24" must not become the year 24.
    let vierstellig = t.len() >= 8
        && (t
            .get(..4)
            .is_some_and(|j| j.chars().all(|c| c.is_ascii_digit()))
            || t.rsplit('.').next().is_some_and(|j| j.len() == 4));
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .ok()
        .filter(|d| vierstellig && (1900..=2999).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| format!("kein gültiges Datum '{s}' – Format JJJJ-MM-TT, z. B. 2024-03-15"))
}

fn dauer_parsen(s: &str) -> Result<u8, String> {
    match s.trim() {
        "3" => Ok(3),
        "6" => Ok(6),
        _ => Err(format!("Dauer '{s}' – erlaubt sind 3 oder 6 Monate")),
    }
}

#[derive(Args, Debug, Default)]
pub struct AntragArgs {
    /// Zuweisende Stelle (Auftraggeber)
    #[arg(long, value_enum)]
    pub von: Option<Institution>,
    /// Aufnehmende Stelle (Auftragnehmer, OPTIMA-Stelle)
    #[arg(long, value_enum)]
    pub an: Option<Institution>,
    /// Konkrete zuweisende Stelle, z. B. "Sozialdienst Emmen"
    #[arg(long, value_name = "TEXT")]
    pub von_stelle: Option<String>,
    /// Konkrete aufnehmende Stelle, z. B. "RAV Wolhusen"
    #[arg(long, value_name = "TEXT")]
    pub an_stelle: Option<String>,
    /// Bisherige fallführende Person
    #[arg(long, value_name = "TEXT")]
    pub fallfuehrer: Option<String>,
    /// Name der Person (nur im löschbaren Personenspeicher)
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Vorname der Person (nur im löschbaren Personenspeicher)
    #[arg(long, value_name = "TEXT")]
    pub vorname: Option<String>,
    /// AHV-Nummer 756.dddd.dddd.dd (nur im löschbaren Personenspeicher)
    #[arg(long, value_name = "756.XXXX.XXXX.XX")]
    pub ahv: Option<String>,
    /// Geburtsdatum (im Journal steht nur das Jahr)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub geburtsdatum: Option<NaiveDate>,
    /// Geschlecht (bleibt für die Statistik im Journal)
    #[arg(long, value_enum)]
    pub geschlecht: Option<Geschlecht>,
    /// Wohngemeinde (bleibt für die Statistik im Journal)
    #[arg(long, value_name = "TEXT")]
    pub wohngemeinde: Option<String>,
    /// Bezüge/Status der Person, durch Komma getrennt
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LISTE")]
    pub bezug: Vec<Bezug>,
    /// Arbeitsangebot (Konzept 3.2.1)
    #[arg(long, value_enum)]
    pub arbeitsangebot: Option<Arbeitsangebot>,
    /// Anrechenbarer Arbeitsausfall in Prozent
    #[arg(long, value_name = "PROZENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub arbeitsausfall: Option<u8>,
    /// IV-Abklärung, -Massnahme, Rentenfrage oder Rechtsmittelverfahren offen
    #[arg(long)]
    pub iv_offen: bool,
    /// Datum einer früheren IV-Ablehnung
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub iv_ablehnung: Option<NaiveDate>,
    /// Verdacht auf IV-relevanten Gesundheitsschaden
    #[arg(long)]
    pub gesundheitsschaden_iv: bool,
    /// Der Antrag geht aus diesem Roundtable hervor (RT-JJJJ-NNN derselben Person); beide
    /// Falldatenblätter zeigen die Verbindung
    #[arg(long, value_name = "RT-FALL")]
    pub aus_roundtable: Option<String>,
    /// An die IV: hoher Unterstützungsbedarf bei der Arbeitsvermittlung bzw. gesundheitsbedingt
    /// erschwerter Zugang zum Arbeitsmarkt oder Begleitung zu Beginn einer neuen Stelle
    #[arg(long)]
    pub unterstuetzungsbedarf: bool,
    /// Sozialdienst bestätigt die Übernahme der integralen Fallführung
    #[arg(long)]
    pub fallfuehrung_bestaetigt: bool,
    /// Datum der Abmeldung beim RAV
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub rav_abmeldung: Option<NaiveDate>,
    /// Die Person ist einverstanden (Pflicht)
    #[arg(long)]
    pub einverstaendnis: bool,
    /// Geplante Dauer in Monaten: 3 oder 6 (Standard 6)
    #[arg(long, value_name = "3|6", value_parser = dauer_parsen)]
    pub dauer: Option<u8>,
    /// Ziel des Auftrags
    #[arg(long, value_name = "TEXT")]
    pub ziel: Option<String>,
    /// Bemerkung zum Antrag
    #[arg(long, value_name = "TEXT")]
    pub bemerkung: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    /// Die AHV-Nummer ist schon mit einem anderen Namen erfasst, und es ist dieselbe Person (Heirat, Namensänderung) – kein Tippfehler
    #[arg(long)]
    pub namensaenderung: bool,
    #[command(flatten)]
    pub ersatz: ErsatzArgs,
}

#[derive(Args, Debug, Default)]
pub struct AnnehmenArgs {
    /// Fallnummer, z. B. OPT-2024-007
    pub fall: String,
    /// Künftige fallführende Person der aufnehmenden Stelle
    #[arg(long, value_name = "TEXT")]
    pub berater: Option<String>,
    /// Begründete Abweichung von einem Aufnahmekriterium
    #[arg(long, value_name = "TEXT", conflicts_with = "ablehnen")]
    pub abweichung: Option<String>,
    /// Antrag ablehnen, mit Grund
    #[arg(long, value_enum, value_name = "GRUND")]
    pub ablehnen: Option<Ablehnungsgrund>,
    /// Bemerkung (bei --ablehnen sonstige Pflicht)
    #[arg(long, value_name = "TEXT")]
    pub bemerkung: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct UebergabeArgs {
    pub fall: String,
    /// Termin des ersten Standortgesprächs
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub naechstes_gespraech: Option<NaiveDate>,
    /// Eingliederungsstrategie
    #[arg(long, value_name = "TEXT")]
    pub strategie: Option<String>,
    /// Geplante Massnahmen
    #[arg(long, value_name = "TEXT")]
    pub massnahmen: Option<String>,
    /// Teilnehmende (mehrfach möglich)
    #[arg(long, value_name = "TEXT")]
    pub teilnehmer: Vec<String>,
    /// Alle Teilnehmenden stimmen der Gesprächsnotiz zu (Pflicht)
    #[arg(long)]
    pub zustimmung: bool,
    /// Die Person erklärt ausdrücklich, arbeiten zu können und zu wollen (Pflicht bei Übergabe an das RAV oder die IV)
    #[arg(long)]
    pub arbeitsfaehig_erklaert: bool,
    /// Befreiung von den Arbeitsbemühungen bis (bei RAV → SH Pflicht)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub befreiung_bis: Option<NaiveDate>,
    /// Dauer der Fallführung in Monaten, im Übergabegespräch festgelegt (Standard: wie beantragt)
    #[arg(long, value_name = "3|6", value_parser = dauer_parsen)]
    pub dauer: Option<u8>,
    /// Bei Übergabe an das RAV: Tag, an dem sich die Person beim RAV angemeldet hat (sonst eine Pendenz)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub rav_anmeldung: Option<NaiveDate>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct StandortArgs {
    pub fall: String,
    /// Termin des nächsten Standortgesprächs
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub naechstes_gespraech: Option<NaiveDate>,
    /// Stand der Arbeiten
    #[arg(long, value_name = "TEXT")]
    pub stand: Option<String>,
    /// Weitere Massnahmen
    #[arg(long, value_name = "TEXT")]
    pub massnahmen: Option<String>,
    /// Fallführung begründet über die geplante Dauer hinaus verlängern bis (Begründung in --stand)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub verlaengern_bis: Option<NaiveDate>,
    /// Neue fallführende Person der aufnehmenden Stelle
    #[arg(long, value_name = "TEXT")]
    pub berater: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug)]
pub struct KgsArgs {
    pub fall: String,
    #[command(subcommand)]
    pub aktion: KgsAktion,
}

#[derive(Subcommand, Debug)]
pub enum KgsAktion {
    /// Kostengutsprache bei der zuweisenden Stelle beantragen; gibt ihre Nummer aus
    Beantragen(KgsBeantragenArgs),
    /// Pendente Kostengutsprache als bewilligt (unterzeichnet) erfassen
    Bewilligen(KgsBewilligenArgs),
    /// Pendente Kostengutsprache als abgelehnt erfassen
    Ablehnen(KgsAblehnenArgs),
    /// Rechnung des Anbieters zu einer bewilligten Kostengutsprache erfassen
    Abrechnen(KgsAbrechnenArgs),
}

#[derive(Args, Debug, Default)]
pub struct KgsBeantragenArgs {
    /// Massnahme, z. B. Bewerbungstraining
    #[arg(long, value_name = "TEXT")]
    pub massnahme: Option<String>,
    /// Anbieter der Massnahme
    #[arg(long, value_name = "TEXT")]
    pub anbieter: Option<String>,
    /// Betrag in CHF, z. B. 1'250.50
    #[arg(long, value_name = "CHF", allow_hyphen_values = true)]
    pub betrag: Option<String>,
    /// Zeitraum der Massnahme
    #[arg(long, value_name = "TEXT")]
    pub zeitraum: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct KgsBewilligenArgs {
    /// Nummer der Kostengutsprache im Fall (1, 2, …)
    pub nr: u32,
    /// Wer bei der zuweisenden Stelle unterzeichnet hat
    #[arg(long, value_name = "TEXT")]
    pub unterzeichnet: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct KgsAblehnenArgs {
    pub nr: u32,
    /// Grund der Ablehnung
    #[arg(long, value_name = "TEXT")]
    pub grund: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct KgsAbrechnenArgs {
    pub nr: u32,
    /// Rechnungsbetrag in CHF
    #[arg(long, value_name = "CHF", allow_hyphen_values = true)]
    pub betrag: Option<String>,
    /// Begründung, wenn die Rechnung die Kostengutsprache übersteigt
    #[arg(long, value_name = "TEXT")]
    pub abweichung: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct AbschlussArgs {
    pub fall: String,
    /// Abschlussgrund (wie im Standardreporting)
    #[arg(long, value_enum)]
    pub grund: Option<Abschlussgrund>,
    /// Anlass des Abschlusses
    #[arg(long, value_enum)]
    pub anlass: Option<Anlass>,
    /// Bemerkung zum Abschluss
    #[arg(long, value_name = "TEXT")]
    pub bemerkung: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    #[command(flatten)]
    pub korrektur: KorrekturArgs,
}

#[derive(Args, Debug, Default)]
pub struct AnonymisierenArgs {
    /// Der Fall (abgeschlossen oder abgelehnt)
    #[arg(required_unless_present = "faellige", conflicts_with = "faellige")]
    pub fall: Option<String>,
    #[command(flatten)]
    pub datum: Datum,
    /// Alle Fälle, deren Löschfrist abgelaufen ist (wie 'iiz pendenzen' sie zeigt), nach einer Rückfrage
    #[arg(long)]
    pub faellige: bool,
    /// Mit --faellige: fällig bis zu diesem Tag (Standard: heute; nie später als heute)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen, requires = "faellige")]
    pub stichtag: Option<NaiveDate>,
    /// Mit --faellige: ohne Rückfrage löschen (für Skripte; ohne Terminal nötig)
    #[arg(long, requires = "faellige")]
    pub ja: bool,
}

#[derive(Args, Debug, Default)]
pub struct ReportArgs {
    /// Erster Tag des Zeitraums (Standard: alles)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub von: Option<NaiveDate>,
    /// Letzter Tag des Zeitraums, inklusive (Standard: alles)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub bis: Option<NaiveDate>,
    /// Aufgeschlüsselt nach Jahr der Anmeldung, Geschlecht, Altersgruppe, Region (Wahlkreis),
    /// Zielgruppe, Abschlussanlass, Stelle (Auftraggeber bzw. anmeldende Stelle, wie das
    /// Stellenverzeichnis sie nennt) oder Auftragnehmer (nur Optima); die Gruppen ergeben
    /// zusammen das Total
    #[arg(long, value_enum, value_name = "MERKMAL")]
    pub nach: Option<crate::prozess::gruppen::Nach>,
    /// Mit --nach: auch Gruppen mit weniger als 3 Anmeldungen zeigen (nur intern – kleine
    /// Gruppen können eine Person erkennbar machen; Stellen sind immer genau)
    #[arg(long, requires = "nach")]
    pub alle_zellen: bool,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Verzeichnis für faelle.csv und ereignisse.csv (wird angelegt; vorhandene Dateien
    /// gleichen Namens werden ersetzt)
    #[arg(long, value_name = "VERZEICHNIS")]
    pub ausgabe: PathBuf,
}

#[derive(Args, Debug, Default)]
pub struct JahresberichtArgs {
    /// Berichtsjahr (Standard: das Vorjahr)
    #[arg(long, value_name = "JJJJ", value_parser = jahr_parsen)]
    pub jahr: Option<i32>,
    /// In diese Datei schreiben statt auf die Standardausgabe
    #[arg(long, value_name = "DATEI")]
    pub ausgabe: Option<PathBuf>,
    /// Auch Gruppen mit weniger als 3 Anmeldungen zeigen (nur intern – kleine Gruppen können
    /// eine Person erkennbar machen)
    #[arg(long)]
    pub alle_zellen: bool,
}

#[derive(Args, Debug, Default)]
pub struct ListeArgs {
    /// Nur Fälle in diesem Status
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// Nur Fälle dieses Angebots
    #[arg(long, value_enum)]
    pub angebot: Option<crate::prozess::Angebot>,
    /// Auch stornierte Fälle zeigen
    #[arg(long)]
    pub storniert: bool,
    /// Nur Fälle dieser zuweisenden Stelle
    #[arg(long, value_enum)]
    pub von: Option<Institution>,
    /// Nur Fälle dieser aufnehmenden Stelle
    #[arg(long, value_enum)]
    pub an: Option<Institution>,
    /// Nur Fälle, an denen diese Stelle beteiligt ist (zuweisend oder aufnehmend)
    #[arg(long, value_enum)]
    pub stelle: Option<Institution>,
    /// Nur offene Fälle (weder abgeschlossen noch abgelehnt oder zurückgezogen)
    #[arg(long, conflicts_with = "status")]
    pub offen: bool,
    /// Nur Fälle mit Antrag bzw. Anmeldung in diesem Jahr
    #[arg(long, value_name = "JJJJ", value_parser = jahr_parsen)]
    pub jahr: Option<i32>,
    /// Nur Fälle dieser Berater:in bzw. Fallführung (Teil des Namens genügt, ohne Gross-/Kleinschreibung)
    #[arg(long, value_name = "NAME")]
    pub berater: Option<String>,
    /// Höchstens so viele Fälle zeigen (die neuesten)
    #[arg(long, value_name = "N", value_parser = limit_parsen)]
    pub limit: Option<u64>,
}

fn jahr_parsen(s: &str) -> Result<i32, String> {
    match s.trim().parse::<i32>() {
        Ok(j) if (2000..=2100).contains(&j) => Ok(j),
        _ => Err("ein Jahr mit vier Ziffern, z. B. 2024".into()),
    }
}

fn limit_parsen(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("eine ganze Zahl ab 1, z. B. 20".into()),
    }
}

/// The statuses of every process, for `liste --status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// OPTIMA: beantragt
    Beantragt,
    /// OPTIMA: angenommen
    Angenommen,
    /// OPTIMA: übergeben; Roundtable: begleitet
    Laufend,
    /// beide: abgeschlossen
    Abgeschlossen,
    /// OPTIMA: abgelehnt
    Abgelehnt,
    /// Roundtable: angemeldet, noch ohne Gespräch und Begleitung
    Angemeldet,
    /// Roundtable: ohne Prozess beendet
    KeinProzess,
}

impl std::fmt::Display for StatusFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to_possible_value() {
            Some(v) => f.write_str(v.get_name()),
            None => Ok(()),
        }
    }
}

#[derive(Args, Debug)]
pub struct ZeigeArgs {
    pub fall: String,
    /// Jedes Ereignis, wie es erfasst wurde: Nummer, Datum, wer und wann, was es ersetzt oder storniert hat
    #[arg(long)]
    pub verlauf: bool,
}

/// The papers of an OPTIMA case (spec §14).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DokumentArt {
    /// Gesprächsnotiz des Übergabegesprächs
    Uebergabe,
    /// Formular der Kostengutsprache NR, zum Unterzeichnen
    Kostengutsprache,
    /// Vereinbarung / ALV (Befreiung von der Stellensuche, RAV → Sozialhilfe)
    Befreiung,
    /// Gesprächsnotiz des NR-ten Standortgesprächs
    Standort,
    /// Gesprächsnotiz des Abschlussgesprächs
    Abschluss,
}

#[derive(Args, Debug, Default)]
pub struct DokumentArgs {
    /// Fallnummer, z. B. OPT-2024-007
    #[arg(required_unless_present = "pruefen")]
    pub fall: Option<String>,
    /// Welches Dokument (siehe unten)
    #[arg(value_enum, required_unless_present = "pruefen")]
    pub art: Option<DokumentArt>,
    /// Nummer der Kostengutsprache bzw. des Standortgesprächs
    pub nr: Option<u32>,
    /// Beim Abschluss: ein der zuweisenden Stelle übergebenes Falldokument (mehrmals möglich)
    #[arg(long, value_name = "TEXT")]
    pub beilage: Vec<String>,
    /// In diese Datei schreiben statt auf die Standardausgabe
    #[arg(long, value_name = "DATEI")]
    pub ausgabe: Option<PathBuf>,
    /// Prüfen, zu welchem erfassten Versand diese Datei gehört (statt ein Dokument zu erstellen)
    #[arg(long, value_name = "DATEI", conflicts_with_all = ["fall", "art", "nr", "beilage", "ausgabe"])]
    pub pruefen: Option<PathBuf>,
}

#[derive(Args, Debug, Default)]
pub struct VersandArgs {
    /// Fallnummer, z. B. OPT-2024-007 oder RT-2024-003
    pub fall: String,
    /// Welches Dokument: uebergabe, kostengutsprache:NR, befreiung, standort:NR, abschluss, plan:NR
    #[arg(long, value_name = "ART[:NR]")]
    pub dokument: String,
    /// Empfänger:in (mehrmals möglich), z. B. "Sozialdienst Emmen, Frau Beispiel"
    #[arg(long, value_name = "TEXT", required = true)]
    pub an: Vec<String>,
    /// Beim Abschluss: die Beilagen, mit denen das Dokument erstellt wurde
    #[arg(long, value_name = "TEXT")]
    pub beilage: Vec<String>,
    /// Datum des Versands, 2024-03-15 oder 15.03.2024 (Standard: heute)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub datum: Option<NaiveDate>,
}

#[derive(Args, Debug)]
pub struct SicherungArgs {
    /// Die Archivdatei (wird ersetzt, wenn es sie gibt; nicht im Datenverzeichnis)
    pub datei: std::path::PathBuf,
}

#[derive(Args, Debug, Default)]
pub struct ZugriffeArgs {
    /// Nur Zugriffe auf diesen Fall
    #[arg(long, value_name = "FALL")]
    pub fall: Option<String>,
    /// Nur Zugriffe dieses Betriebssystem-Kontos (z. B. mmeier)
    #[arg(long, value_name = "KONTO")]
    pub konto: Option<String>,
    /// Erster Tag (Ortszeit, Standard: alles)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub von: Option<NaiveDate>,
    /// Letzter Tag, inklusive (Ortszeit, Standard: alles)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub bis: Option<NaiveDate>,
}

#[derive(Args, Debug, Default)]
pub struct PendenzenArgs {
    /// Stichtag (Standard: heute)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub stichtag: Option<NaiveDate>,
    /// Auch was bis zu diesem Datum fällig wird (Vorschau; ab Stichtag)
    #[arg(long, value_name = "DATUM", value_parser = datum_parsen)]
    pub bis: Option<NaiveDate>,
    /// Nur Fälle dieser Berater:in bzw. Fallführung (Teil des Namens genügt)
    #[arg(long, value_name = "NAME")]
    pub berater: Option<String>,
    /// Nur Fälle, an denen diese Stelle beteiligt ist (zuweisend oder aufnehmend)
    #[arg(long, value_enum)]
    pub stelle: Option<Institution>,
    /// Nur diese Art: antrag, uebergabe, gespraech, dauer, befreiung, kostengutsprache,
    /// anmeldung, aufgabe, loeschfrist
    #[arg(long, value_name = "ART", value_parser = pendenz_art_parsen)]
    pub art: Option<&'static str>,
    /// Nur dieser Fall
    #[arg(long, value_name = "FALL")]
    pub fall: Option<String>,
    /// Höchstens so viele (die zuerst fälligen)
    #[arg(long, value_name = "N", value_parser = limit_parsen)]
    pub limit: Option<u64>,
}

/// A kind of due item (`prozess::PENDENZ_ARTEN`, defined once).
fn pendenz_art_parsen(s: &str) -> Result<&'static str, String> {
    crate::prozess::PENDENZ_ARTEN
        .iter()
        .find(|a| **a == s.trim())
        .copied()
        .ok_or_else(|| {
            format!(
                "unbekannte Art – möglich: {}",
                crate::prozess::PENDENZ_ARTEN.join(", ")
            )
        })
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// JSON-Zeilen-Datei; ohne Angabe oder mit - die Standardeingabe
    pub datei: Option<PathBuf>,
    /// Probelauf: jede Zeile wird geprüft wie beim Import (auch Regeln, die frühere Zeilen
    /// voraussetzen), das Register bleibt unverändert
    #[arg(long)]
    pub pruefen: bool,
    /// Die Datei ist Altbestand aus CASEnet (CSV, eine Zeile je Fall, ohne Personendaten;
    /// Spalten in docs/datenformat.md): erst alle Zeilen prüfen, dann alle übernehmen
    #[arg(long)]
    pub altbestand: bool,
}

#[derive(Args, Debug)]
pub struct PruefenArgs {
    /// Nur diese Prüfungen (ohne Angabe: alle): kette (Zeilen, Laufnummern,
    /// Prüfsummenkette), abspielen (der Fall lässt sich lesen), regeln (heutige Regeln),
    /// register (Registerprotokoll), personen (Personenspeicher), datei (Dateien in faelle/)
    #[arg(value_name = "PRUEFUNG", value_parser = pruefung_parsen)]
    pub pruefungen: Vec<crate::vorgang::Pruefung>,
    /// Unvollständige letzte Zeilen sichern und entfernen, Reste ohne Fall aus dem
    /// Personenspeicher entfernen, nach einem Absturz fehlende Einträge im Registerprotokoll
    /// nachtragen (nur diese)
    #[arg(long)]
    pub reparieren: bool,
    /// Zeigen, dass das Register einen früher notierten Registerstand fortsetzt (nichts davor
    /// wurde umgeschrieben)
    #[arg(long, value_name = "HASH", value_parser = nicht_leer)]
    pub stand: Option<String>,
}

/// A value that must say something: blank is refused (exit 2), not taken as a name or hash.
fn nicht_leer(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("darf nicht leer sein".into())
    } else {
        Ok(s.trim().to_string())
    }
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// Shell, für die die Ergänzungen ausgegeben werden (ergänzt Befehle, Angaben, Werte und
    /// die Fallnummern des Registers)
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A named check of `pruefen` (the names come from `vorgang::Pruefung`, defined once).
fn pruefung_parsen(s: &str) -> Result<crate::vorgang::Pruefung, String> {
    crate::vorgang::Pruefung::von_name(s.trim()).ok_or_else(|| {
        let namen: Vec<&str> = crate::vorgang::Pruefung::ALLE
            .iter()
            .map(|p| p.name())
            .collect();
        format!("unbekannte Prüfung – möglich: {}", namen.join(", "))
    })
}

/// clap's own errors, said in German (exit 2); help and version print as they are.
pub fn nutzungsfehler(e: clap::Error) -> ExitCode {
    match meldung(&e) {
        Some(m) => {
            eprintln!("Fehler: {}", crate::ausgabe::sicher(&m));
            ExitCode::from(2)
        }
        None => {
            let _ = e.print();
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(2),
            }
        }
    }
}

/// The German sentence for a clap error; `None` where clap prints help or the version.
pub fn meldung(e: &clap::Error) -> Option<String> {
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
        ErrorKind::MissingSubcommand => {
            let was = text(ContextKind::InvalidSubcommand);
            let erlaubt = text(ContextKind::ValidSubcommand);
            format!(
                "Nach '{was}' fehlt, was zu tun ist – erlaubt: {erlaubt}; Hilfe mit '{was} --help'."
            )
        }
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => {
            let vorschlag = text(ContextKind::SuggestedArg);
            if vorschlag.is_empty() {
                format!("Unbekannte Angabe '{arg}' – {hilfe}.")
            } else {
                format!("Unbekannte Angabe '{arg}' – gemeint ist wohl '{vorschlag}'; {hilfe}.")
            }
        }
        ErrorKind::InvalidSubcommand => {
            let name = text(ContextKind::InvalidSubcommand);
            let vorschlag = text(ContextKind::SuggestedSubcommand);
            if vorschlag.is_empty() {
                format!("Unbekannter Befehl '{name}' – 'iiz --help' zeigt alle Befehle.")
            } else {
                format!(
                    "Unbekannter Befehl '{name}' – gemeint ist wohl '{vorschlag}'; 'iiz --help' zeigt alle Befehle."
                )
            }
        }
        ErrorKind::InvalidValue => format!(
            "Ungültiger Wert '{wert}' für {arg} – erlaubt: {}.",
            text(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => {
            let grund = std::error::Error::source(e)
                .map(|s| grund_deutsch(&s.to_string()))
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
    Some(meldung)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_ist_konsistent() {
        Cli::command().debug_assert();
    }
}

#[cfg(test)]
mod datum_tests {
    use super::datum_parsen;

    #[test]
    fn datum_iso_und_schweizerisch() {
        assert_eq!(
            datum_parsen("2024-03-15").unwrap().to_string(),
            "2024-03-15"
        );
        assert_eq!(
            datum_parsen("15.03.2024").unwrap().to_string(),
            "2024-03-15"
        );
        assert_eq!(datum_parsen("1.6.2024").unwrap().to_string(), "2024-06-01");
        for s in [
            "1.6.24",
            "2024-02-30",
            "24-03-15",
            "",
            "morgen",
            "0024-06-01",
            "2024-3-5x",
        ] {
            assert!(datum_parsen(s).is_err(), "{s}");
        }
    }
}

/// The reasons the standard library and clap's number parsers give, in German (they are
/// the only English a refusal could carry).
fn grund_deutsch(grund: &str) -> String {
    match grund {
        "invalid digit found in string" => "keine ganze Zahl".into(),
        "cannot parse integer from empty string" => "leer – eine ganze Zahl angeben".into(),
        "number too large to fit in target type" => "zu gross".into(),
        "number too small to fit in target type" => "zu klein".into(),
        g => match g.split_once(" is not in ") {
            // clap's range check: "101 is not in 0..=100".
            Some((_, bereich)) => match bereich.split_once("..=") {
                Some((von, bis)) => format!("muss zwischen {von} und {bis} liegen"),
                None => format!("ausserhalb von {bereich}"),
            },
            None => g.to_string(),
        },
    }
}

/// Words people type that clap would not take as they are: `iiz help [BEFEHL]` is the help
/// of that command, and the action of a cost approval may come before the case
/// (`kostengutsprache beantragen OPT-…`, the order shell completion suggests).
pub fn argumente_ordnen(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    // The first word that is no global option or its value (`iiz --data-dir X help antrag`).
    const MIT_WERT: [&str; 3] = ["--data-dir", "--benutzer", "--format"];
    let mut i = 1;
    while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
        if MIT_WERT.contains(&a) {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            break;
        }
    }
    if args.get(i).is_some_and(|a| a == "help") {
        args.remove(i);
        args.push("--help".into());
    }
    const AKTIONEN: [&str; 4] = ["beantragen", "bewilligen", "ablehnen", "abrechnen"];
    if let Some(i) = args.iter().position(|a| a == "kostengutsprache")
        && let (Some(aktion), Some(fall)) = (args.get(i + 1), args.get(i + 2))
        && AKTIONEN.iter().any(|x| aktion == x)
        && !fall.to_string_lossy().starts_with('-')
        && !AKTIONEN.iter().any(|x| fall == x)
    {
        args.swap(i + 1, i + 2);
    }
    args
}

/// The command line with German headings and help texts (clap's own are English).
pub fn befehl() -> clap::Command {
    use clap::CommandFactory;
    use clap_complete::engine::ArgValueCandidates;
    let cmd = fall_ergaenzen(deutsch(Cli::command(), true));
    // `kostengutsprache bewilligen <Tab>` (action first, as the shell offers it): the word
    // clap takes for NR is where the case goes (`argumente_ordnen` swaps them back).
    cmd.mut_subcommand("kostengutsprache", |k| {
        ["bewilligen", "ablehnen", "abrechnen"]
            .into_iter()
            .fold(k, |k, a| {
                k.mut_subcommand(a, |s| {
                    s.mut_arg("nr", |x| x.add(ArgValueCandidates::new(nr_oder_fall)))
                })
            })
    })
}

/// Completion of a cost approval's NR: case ids when the action came first.
fn nr_oder_fall() -> Vec<clap_complete::engine::CompletionCandidate> {
    const AKTIONEN: [&str; 4] = ["beantragen", "bewilligen", "ablehnen", "abrechnen"];
    let args: Vec<String> = std::env::args().collect();
    let aktion_zuerst = args
        .windows(2)
        .any(|w| w[0] == "kostengutsprache" && AKTIONEN.contains(&w[1].as_str()));
    if aktion_zuerst {
        fallnummern()
    } else {
        Vec::new()
    }
}

/// The data directory when neither `--data-dir` nor `IIZ_DATA_DIR` names one.
pub fn standard_datenverzeichnis() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("ch", "IIZ Luzern", "iiz").map(|p| p.data_dir().to_path_buf())
}

/// Every `FALL` argument completes to the case ids of the register (shell completion through
/// `iiz completions SHELL`); one place instead of one annotation per command.
fn fall_ergaenzen(cmd: clap::Command) -> clap::Command {
    use clap_complete::engine::ArgValueCandidates;
    let cmd = if cmd.get_arguments().any(|a| a.get_id() == "fall") {
        // `mut_arg` re-inserts the argument, which would move a positional `FALL` behind the
        // others (`rt aufgabe NR FALL`): every positional keeps its place explicitly.
        let positionen: Vec<String> = cmd
            .get_positionals()
            .map(|a| a.get_id().to_string())
            .collect();
        let cmd = cmd.mut_arg("fall", |a| {
            a.add(ArgValueCandidates::new(fallnummern))
                .value_parser(fall_parsen)
        });
        positionen
            .iter()
            .enumerate()
            .fold(cmd, |c, (i, id)| c.mut_arg(id, |a| a.index(i + 1)))
    } else {
        cmd
    };
    // `--ersetzt FALL` of the commands that open a case.
    let ersetzt_fall = cmd.get_arguments().any(|a| {
        a.get_id() == "ersetzt"
            && a.get_value_names()
                .is_some_and(|v| v.iter().any(|n| n == "FALL"))
    });
    let cmd = if ersetzt_fall {
        cmd.mut_arg("ersetzt", |a| a.value_parser(fall_parsen))
    } else {
        cmd
    };
    let namen: Vec<String> = cmd
        .get_subcommands()
        .map(|b| b.get_name().to_string())
        .collect();
    namen
        .into_iter()
        .fold(cmd, |c, n| c.mut_subcommand(n, fall_ergaenzen))
}

/// A case id as typed: any case, the number without its leading zeros (`opt-2026-2` is
/// `OPT-2026-002`); anything else is passed on unchanged, for the command to refuse with
/// its own message.
pub fn fall_parsen(s: &str) -> Result<String, String> {
    Ok(fall_normalisieren(s))
}

pub fn fall_normalisieren(s: &str) -> String {
    let t = s.trim();
    let teile: Vec<&str> = t.split('-').collect();
    if let [praefix, jahr, nr] = teile[..]
        && !praefix.is_empty()
        && praefix.len() <= 8
        && praefix.chars().all(|c| c.is_ascii_alphabetic())
        && jahr.len() == 4
        && jahr.chars().all(|c| c.is_ascii_digit())
        && (1..=9).contains(&nr.len())
        && nr.chars().all(|c| c.is_ascii_digit())
        && let Ok(n) = nr.parse::<u64>()
    {
        return format!("{}-{jahr}-{n:03}", praefix.to_ascii_uppercase());
    }
    t.to_string()
}

/// The case ids of the register, read without lock: a completion only suggests. The
/// register's own listing keeps out names that are not case ids (a hostile
/// `OPT-1\x1b[2J.jsonl` is never offered).
fn fallnummern() -> Vec<clap_complete::engine::CompletionCandidate> {
    let dir = std::env::var_os("IIZ_DATA_DIR")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(standard_datenverzeichnis);
    let ids = dir
        .and_then(|d| {
            crate::speicher::journal::Register::lesend(&d)
                .ok()
                .flatten()
        })
        .and_then(|r| r.ids().ok())
        .unwrap_or_default();
    ids.into_iter()
        .rev()
        .map(clap_complete::engine::CompletionCandidate::new)
        .collect()
}

/// The recording commands alone, as `import` parses its lines (no binary name; the first
/// word is the `op`).
pub fn erfassung_befehl() -> clap::Command {
    let cmd = clap::Command::new("import")
        .no_binary_name(true)
        .subcommand_required(true);
    deutsch(ImportVorgang::augment_subcommands(cmd), false)
}

/// Help for arguments that many commands share, and clap's bracketed notes in German.
fn uebersetzen(mut a: clap::Arg) -> clap::Arg {
    let mut hilfe = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    if hilfe.is_empty() {
        hilfe = match a.get_id().as_str() {
            "fall" => "Fallnummer, z. B. OPT-2024-007",
            "datum" => "Datum des Ereignisses, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)",
            "nr" => "Nummer der Kostengutsprache im Fall (1, 2, …)",
            _ => "",
        }
        .to_string();
    }
    let mut zusatz = Vec::new();
    if a.get_action().takes_values() && !a.is_hide_possible_values_set() {
        let werte: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !werte.is_empty() {
            zusatz.push(format!("Werte: {}", werte.join(", ")));
            a = a.hide_possible_values(true);
        }
    }
    if let Some(d) = a.get_default_values().first()
        && a.get_action().takes_values()
    {
        zusatz.push(format!("Standard: {}", d.to_string_lossy()));
        a = a.hide_default_value(true);
    }
    if let Some(e) = a.get_env() {
        zusatz.push(format!("Umgebungsvariable: {}", e.to_string_lossy()));
        a = a.hide_env(true);
    }
    if !zusatz.is_empty() {
        hilfe = format!("{hilfe} [{}]", zusatz.join("; "));
    }
    a.help(hilfe)
}

fn deutsch(cmd: clap::Command, oben: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let mut cmd = cmd
        .help_template("{about-with-newline}\nAufruf: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Befehle")
        .subcommand_value_name("BEFEHL")
        .disable_help_flag(true)
        .arg(
            Arg::new("hilfe")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Hilfe anzeigen")
                .help_heading("Allgemeine Optionen"),
        )
        .mut_args(|a| {
            let a = uebersetzen(a);
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("Argumente")
            } else if a.is_global_set() {
                a.help_heading("Allgemeine Optionen")
            } else {
                a.help_heading("Optionen")
            }
        });
    if oben {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Version anzeigen")
                .help_heading("Allgemeine Optionen"),
        );
    }
    let namen: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for n in namen {
        cmd = cmd.mut_subcommand(n, |s| deutsch(s, false));
    }
    cmd
}

#[cfg(test)]
mod hilfe_tests {
    #[test]
    fn jede_angabe_hat_einen_hilfetext() {
        fn pruefe(cmd: &clap::Command, pfad: &str, fehlt: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                if a.get_help().is_none_or(|h| {
                    h.to_string().trim().starts_with('[') || h.to_string().trim().is_empty()
                }) {
                    fehlt.push(format!("{pfad} {}", a.get_id()));
                }
            }
            for s in cmd.get_subcommands() {
                pruefe(s, &format!("{pfad} {}", s.get_name()), fehlt);
            }
        }
        let mut fehlt = Vec::new();
        pruefe(&super::befehl(), "iiz", &mut fehlt);
        assert!(fehlt.is_empty(), "ohne Hilfetext: {fehlt:?}");
    }
}
