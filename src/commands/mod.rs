//! One file per subcommand, each thin: args → event → `vorgang` (decide, journal) → output.
//! This module holds the one dispatch table (the command line and `import` both go through
//! [`ausfuehren`]) and how a recording command reports what it recorded.

pub mod abschluss;
pub mod altbestand;
pub mod annehmen;
pub mod anonymisieren;
pub mod antrag;
pub mod demo;
pub mod dokument;
pub mod eingang;
pub mod export;
pub mod faltung;
pub mod import;
pub mod info;
pub mod jahresbericht;
pub mod kostengutsprache;
pub mod liste;
pub mod pendenzen;
pub mod pruefen;
pub mod report;
pub mod rt;
pub mod sicherung;
pub mod standort;
pub mod stelle;
pub mod stornieren;
pub mod suche;
pub mod uebergabe;
pub mod versand;
pub mod zeige;
pub mod zugriffe;

use crate::ausgabe;
use crate::ausgabe::Format;
use crate::cli::eingabe::{self, Nachfrage};
use crate::cli::{Befehl, Cli, Erfassung, Format as CliFormat, KgsAktion, RtBefehl};
use crate::fehler::Fehler;
use crate::prozess::Uebersicht;
use crate::prozess::optima::{Ereignis, Fall, Optima};
use crate::vorgang;
use chrono::NaiveDate;
use clap::ValueEnum as _;
use serde::Serialize;
use std::io::IsTerminal;

pub use crate::vorgang::Umgebung;

/// Every service's part of the annual report, in the order of the published report: the
/// one place a new service registers its part (a test fails when a registered service is
/// missing from the annual report).
pub(crate) static JAHRESTEILE: &[&dyn jahresbericht::Jahresteil] =
    &[&rt::report::JAHRESTEIL, &report::JAHRESTEIL];

/// Records one OPTIMA event (the write sequence of `vorgang`).
fn erfassen(
    u: &Umgebung,
    id: &str,
    datum: Option<NaiveDate>,
    korrektur: Option<vorgang::Korrektur>,
    n: &Nachfrage,
    bauen: impl FnOnce(&Fall, &vorgang::Vergeben<'_, Optima>) -> Result<Ereignis, Fehler>,
) -> Result<(crate::prozess::Uebersicht, Ereignis), Fehler> {
    vorgang::erfassen::<Optima>(u, id, datum, korrektur, n, bauen, zusammenfassung)
}

/// What an OPTIMA event records, for the confirmation.
fn zusammenfassung(e: &Ereignis) -> Vec<(String, String)> {
    ausgabe::zusammenfassung::zusammenfassung(e.bezeichnung(), e)
}

/// `--ersetzt NR` of an OPTIMA command: the event it starts from (see [`vorlage`]).
fn optima_vorlage(
    u: &Umgebung,
    id: &str,
    korrektur: &mut Option<vorgang::Korrektur>,
    ohne: &[String],
    n: &mut Nachfrage,
) -> Result<Option<(Ereignis, Vorlage)>, Fehler> {
    vorlage::<Optima>(u, id, korrektur, ohne, n, zusammenfassung)
}

/// Reads one OPTIMA case (the replay of `vorgang`).
fn fall_lesen(u: &Umgebung, id: &str) -> Result<Fall, Fehler> {
    vorgang::fall_lesen::<Optima>(u, id)
}

/// What a confirmation shows: a label and a value per row.
pub(crate) type Zusammenfassung = Vec<(String, String)>;

/// `--ersetzt NR`: the event NR holds now, for the command to start from, and the
/// [`Vorlage`] that fills what the command line leaves open (spec §13: a correction changes
/// only what is given). `None` without a correction.
pub(crate) fn vorlage<P: crate::prozess::Prozess>(
    u: &Umgebung,
    id: &str,
    korrektur: &mut Option<vorgang::Korrektur>,
    ohne: &[String],
    n: &mut Nachfrage,
    zusammenfassung: impl Fn(&P::Ereignis) -> Vec<(String, String)>,
) -> Result<Option<(P::Ereignis, Vorlage)>, Fehler> {
    let Some(k) = korrektur else {
        return Ok(None);
    };
    let alt = vorgang::ersetztes::<P>(u, id, k)?;
    k.bisher = zusammenfassung(&alt);
    // At a terminal a correction always shows what changes before anything is written.
    n.zeigen();
    Ok(Some((alt, Vorlage::neu(k.ersetzt, ohne))))
}

/// Fills a correcting command's arguments from the event it replaces: what is given stays,
/// what is named in `--ohne` goes, everything else is taken over.
pub(crate) struct Vorlage {
    nr: u64,
    ohne: Vec<String>,
    /// The optional fields of this kind of event (what `--ohne` may name).
    moeglich: Vec<&'static str>,
    fehler: Option<Fehler>,
}

impl Vorlage {
    /// For a correction of event `nr`, with the fields named by `--ohne`.
    pub fn neu(nr: u64, ohne: &[String]) -> Vorlage {
        Vorlage {
            nr,
            ohne: ohne
                .iter()
                .map(|o| o.trim().trim_start_matches("--").replace('_', "-"))
                .collect(),
            moeglich: Vec::new(),
            fehler: None,
        }
    }

    /// Whether `--ohne` names `name`.
    pub fn ohne(&self, name: &str) -> bool {
        self.ohne.iter().any(|o| o == name)
    }

    fn weg(&mut self, name: &'static str, gegeben: bool) -> bool {
        self.moeglich.push(name);
        let weg = self.ohne.iter().any(|o| o == name);
        if weg && gegeben && self.fehler.is_none() {
            self.fehler = Some(Fehler::Nutzung(format!(
                "--{name} und --ohne {name} widersprechen sich – eines weglassen."
            )));
        }
        weg
    }

    /// An optional field.
    pub fn feld<T>(&mut self, name: &'static str, wert: &mut Option<T>, alt: Option<T>) {
        if self.weg(name, wert.is_some()) {
            *wert = None;
        } else if wert.is_none() {
            *wert = alt;
        }
    }

    /// A list (given: replaces the old one whole).
    pub fn liste<T>(&mut self, name: &'static str, wert: &mut Vec<T>, alt: Vec<T>) {
        if self.weg(name, !wert.is_empty()) {
            wert.clear();
        } else if wert.is_empty() {
            *wert = alt;
        }
    }

    /// A switch (given: on; `--ohne` turns it off).
    pub fn schalter(&mut self, name: &'static str, wert: &mut bool, alt: bool) {
        if self.weg(name, *wert) {
            *wert = false;
        } else {
            *wert |= alt;
        }
    }

    /// The person of an opening event (`antrag`, `rt anmeldung`) from its record: name,
    /// first name and AHV number kept unless given, the birth date optional. An erased
    /// person fills nothing (the command asks or refuses as for a new case).
    pub fn person(
        &mut self,
        p: Option<&vorgang::Person>,
        name: &mut Option<String>,
        vorname: &mut Option<String>,
        ahv: &mut Option<String>,
        geburtsdatum: &mut Option<NaiveDate>,
    ) {
        if let Some(p) = p {
            self.pflicht(name, p.name.clone());
            self.pflicht(vorname, p.vorname.clone());
            self.pflicht(ahv, p.ahv.clone());
            self.feld("geburtsdatum", geburtsdatum, p.geburtsdatum);
        }
    }

    /// The year of birth of the replaced opening event, kept when no birth date is known
    /// (cases taken over from CASEnet have only the year) and none is given or removed.
    pub fn geburtsjahr(&self, geburtsdatum: Option<NaiveDate>, alt: Option<i32>) -> Option<i32> {
        (geburtsdatum.is_none() && !self.ohne("geburtsdatum"))
            .then_some(alt)
            .flatten()
    }

    /// A field every event of the kind has: it cannot be removed.
    pub fn pflicht<T>(&mut self, wert: &mut Option<T>, alt: T) {
        if wert.is_none() {
            *wert = Some(alt);
        }
    }

    /// Refuses an `--ohne` this kind of event has no optional field for.
    pub fn fertig(self) -> Result<(), Fehler> {
        if let Some(f) = self.fehler {
            return Err(f);
        }
        if let Some(o) = self
            .ohne
            .iter()
            .find(|o| !self.moeglich.contains(&o.as_str()))
        {
            let moeglich = if self.moeglich.is_empty() {
                "dieses Ereignis hat keine weglassbare Angabe".to_string()
            } else {
                format!("möglich: {}", self.moeglich.join(", "))
            };
            return Err(Fehler::Nutzung(format!(
                "--ohne {}: keine weglassbare Angabe von Ereignis Nr. {} – {moeglich}.",
                crate::ausgabe::sicher(o),
                self.nr
            )));
        }
        Ok(())
    }

    /// The replaced event is of another kind than this command records.
    pub fn andere_art(&self, ist: &str) -> Fehler {
        Fehler::Regel(format!(
            "Ereignis Nr. {nr} ist von anderer Art («{ist}») – ersetzen kann es nur der Befehl, der es erfasst hat (mit --ersetzt {nr}).",
            nr = self.nr
        ))
    }
}

/// Checks every text field of a command against the input limits.
pub fn texte_pruefen(felder: &[(&str, Option<&str>)]) -> Result<(), Fehler> {
    for (flag, wert) in felder {
        eingabe::text_pruefen(flag, *wert)?;
    }
    Ok(())
}

/// What a recording command reports back (also each `import` result): the facts, and the
/// one German line the table format prints (spec §13: what was recorded, for which case,
/// what is next).
#[derive(Debug, Serialize)]
pub struct Erfasst {
    pub fall: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nr: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zielgruppe: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naechstes_gespraech: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnungen: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hinweise: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub meldung: String,
}

/// How a recording command words what it did, from its result.
pub(crate) type Satz = Box<dyn Fn(&Erfasst) -> String>;

impl Erfasst {
    pub fn aus(fall: &Uebersicht) -> Erfasst {
        Erfasst {
            fall: fall.fall.clone(),
            status: fall.status.clone(),
            nr: None,
            zielgruppe: fall.zielgruppe.clone(),
            naechstes_gespraech: fall.naechstes_gespraech,
            warnungen: Vec::new(),
            hinweise: Vec::new(),
            meldung: String::new(),
        }
    }

    /// " – nächstes Gespräch am 01.03.2026" where one is planned.
    pub(crate) fn naechstes(&self, was: &str) -> String {
        self.naechstes_gespraech
            .map(|d| format!(" – nächstes {was} am {}", ausgabe::datum_text(Some(d))))
            .unwrap_or_default()
    }

    /// Words the result with `satz`; a correction says so.
    pub(crate) fn melden(mut self, satz: &Satz, ersetzt: Option<String>) -> Erfasst {
        let mut m = satz(&self);
        if let Some(nr) = ersetzt {
            m.push_str(&format!(" (Korrektur: ersetzt {nr})"));
        }
        self.meldung = m;
        self
    }

    pub fn drucken(&self, format: Format) -> Result<(), Fehler> {
        match format {
            Format::Json => return ausgabe::json(self),
            Format::Csv => {
                #[derive(Serialize)]
                struct Zeile<'a> {
                    fall: &'a str,
                    status: &'a str,
                    nr: Option<u32>,
                    zielgruppe: Option<&'a str>,
                }
                return ausgabe::csv(
                    &["fall", "status", "nr", "zielgruppe"],
                    &[Zeile {
                        fall: &self.fall,
                        status: &self.status,
                        nr: self.nr,
                        zielgruppe: self.zielgruppe.as_deref(),
                    }],
                );
            }
            Format::Table => {}
        }
        for w in &self.warnungen {
            ausgabe::meldung(format_args!("Warnung: {w}"));
        }
        for h in &self.hinweise {
            ausgabe::meldung(format_args!("Hinweis: {h}"));
        }
        ausgabe::zeile(&self.meldung)
    }
}

/// Runs one recording command (typed, or an `import` line) and words what it recorded.
pub fn erfassen_befehl(u: &Umgebung, e: Erfassung) -> Result<Erfasst, Fehler> {
    let korrektur =
        |k: &crate::cli::KorrekturArgs| k.ersetzt.map(|nr| format!("Ereignis Nr. {nr}"));
    let (erfasst, satz, ersetzt): (Erfasst, Satz, Option<String>) = match e {
        Erfassung::Antrag(a) => {
            let ersetzt = a.ersatz.ersetzt.as_ref().map(|_| "den Antrag".to_string());
            (
                antrag::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| {
                    let zg = e
                        .zielgruppe
                        .as_ref()
                        .map(|z| format!(" (Zielgruppe {z})"))
                        .unwrap_or_default();
                    match e.status.as_str() {
                        "beantragt" => format!(
                            "Antrag {}{zg} erfasst – weiter: die aufnehmende Stelle nimmt an ('iiz annehmen {}').",
                            e.fall, e.fall
                        ),
                        s => format!("Antrag von Fall {}{zg} erfasst – Status: {s}.", e.fall),
                    }
                }),
                ersetzt,
            )
        }
        Erfassung::Annehmen(a) => {
            let ersetzt = korrektur(&a.korrektur);
            (
                annehmen::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| match e.status.as_str() {
                    "abgelehnt" => format!("Antrag {} abgelehnt.", e.fall),
                    "angenommen" => format!(
                        "Fall {} angenommen – weiter: Übergabegespräch ('iiz uebergabe {}').",
                        e.fall, e.fall
                    ),
                    s => format!("Annahme von Fall {} erfasst – Status: {s}.", e.fall),
                }),
                ersetzt,
            )
        }
        Erfassung::Uebergabe(a) => {
            let ersetzt = korrektur(&a.korrektur);
            (
                uebergabe::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| {
                    format!(
                        "Übergabegespräch zu Fall {} erfasst{}.",
                        e.fall,
                        e.naechstes("Standortgespräch")
                    )
                }),
                ersetzt,
            )
        }
        Erfassung::Standort(a) => {
            let ersetzt = korrektur(&a.korrektur);
            (
                standort::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| {
                    format!(
                        "Standortgespräch zu Fall {} erfasst{}.",
                        e.fall,
                        e.naechstes("Standortgespräch")
                    )
                }),
                ersetzt,
            )
        }
        Erfassung::Kostengutsprache(a) => {
            let (satz, ersetzt): (Satz, _) = match &a.aktion {
                KgsAktion::Beantragen(b) => (
                    Box::new(|e: &Erfasst| {
                        let nr = e.nr.unwrap_or(0);
                        format!(
                            "Kostengutsprache Nr. {nr} zu Fall {} beantragt – unterzeichnet zurück: 'iiz kostengutsprache {} bewilligen {nr} --unterzeichnet …'.",
                            e.fall, e.fall
                        )
                    }),
                    korrektur(&b.korrektur),
                ),
                KgsAktion::Bewilligen(b) => {
                    let nr = b.nr;
                    (
                        Box::new(move |e: &Erfasst| {
                            format!(
                                "Kostengutsprache Nr. {nr} zu Fall {} bewilligt – nach der Rechnung: 'iiz kostengutsprache {} abrechnen {nr} --betrag …'.",
                                e.fall, e.fall
                            )
                        }),
                        korrektur(&b.korrektur),
                    )
                }
                KgsAktion::Ablehnen(b) => {
                    let nr = b.nr;
                    (
                        Box::new(move |e: &Erfasst| {
                            format!("Kostengutsprache Nr. {nr} zu Fall {} abgelehnt.", e.fall)
                        }),
                        korrektur(&b.korrektur),
                    )
                }
                KgsAktion::Abrechnen(b) => {
                    let nr = b.nr;
                    (
                        Box::new(move |e: &Erfasst| {
                            format!("Kostengutsprache Nr. {nr} zu Fall {} abgerechnet.", e.fall)
                        }),
                        korrektur(&b.korrektur),
                    )
                }
            };
            (kostengutsprache::ausfuehren(u, a)?, satz, ersetzt)
        }
        Erfassung::Abschluss(a) => {
            let ersetzt = korrektur(&a.korrektur);
            (
                abschluss::ausfuehren(u, a)?,
                Box::new(|e: &Erfasst| {
                    format!("Fall {} abgeschlossen (Abschlussgespräch erfasst).", e.fall)
                }),
                ersetzt,
            )
        }
        Erfassung::Anonymisieren(a) => (
            anonymisieren::ausfuehren(u, a)?,
            Box::new(|e: &Erfasst| {
                format!(
                    "Personendaten zu Fall {} gelöscht (Name, AHV-Nummer, Geburtsdatum, Freitext); die Zahlen bleiben.",
                    e.fall
                )
            }),
            None,
        ),
        Erfassung::Stornieren(a) => {
            let (nr, folgen) = (a.ereignis, a.mit_folgen);
            (
                stornieren::ausfuehren(u, a)?,
                Box::new(move |e: &Erfasst| match nr {
                    Some(nr) => format!(
                        "Ereignis Nr. {nr}{} von Fall {} storniert – Status: {}.",
                        if folgen { " samt Folgen" } else { "" },
                        e.fall,
                        e.status
                    ),
                    None => format!(
                        "Fall {} storniert – er zählt in keiner Statistik mehr.",
                        e.fall
                    ),
                }),
                None,
            )
        }
    };
    Ok(erfasst.melden(&satz, ersetzt))
}

/// Runs one `import` line's command, of whichever service (the one dispatch of import
/// lines, beside the command line's).
pub fn import_befehl(u: &Umgebung, e: crate::cli::ImportVorgang) -> Result<Erfasst, Fehler> {
    match e {
        crate::cli::ImportVorgang::Optima(e) => erfassen_befehl(u, *e),
        crate::cli::ImportVorgang::Rt(e) => rt::erfassen_befehl(u, *e),
    }
}

/// A report, document or export written into the data directory would lie among the
/// register's files (and in its next backup): refused before anything is computed.
pub(crate) fn ausserhalb_des_registers(
    u: &Umgebung,
    ziel: &std::path::Path,
    was: &str,
) -> Result<(), Fehler> {
    // The nearest part of the path that exists decides where it would land.
    let mut ort = if ziel.is_absolute() {
        ziel.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(ziel)
    };
    while !ort.exists() {
        if !ort.pop() {
            return Ok(());
        }
    }
    if let (Ok(ort), Ok(wurzel)) = (ort.canonicalize(), u.data_dir.canonicalize())
        && ort.starts_with(&wurzel)
    {
        return Err(Fehler::Nutzung(format!(
            "{was} gehört nicht ins Datenverzeichnis {} – einen Pfad ausserhalb angeben.",
            u.data_dir.display()
        )));
    }
    Ok(())
}

/// A reader's JSON, with the damaged journals it went past (`Warnungen::in_json`); without
/// any, the value goes out as it is (no copy as a JSON tree of 100'000 rows).
pub fn json_mit_warnungen(u: &Umgebung, wert: &impl Serialize) -> Result<(), Fehler> {
    if u.warnungen.anzahl() == 0 {
        return ausgabe::json(wert);
    }
    ausgabe::json(&u.warnungen.in_json(wert))
}

/// Runs one parsed command line (cargo's `exec`): the single dispatch table.
pub fn ausfuehren(cli: Cli) -> Result<(), Fehler> {
    let data_dir = match cli.data_dir {
        Some(d) => d,
        None => crate::cli::standard_datenverzeichnis().ok_or_else(|| {
            Fehler::Nutzung(
                "Kein Datenverzeichnis gefunden – mit --data-dir oder IIZ_DATA_DIR angeben.".into(),
            )
        })?,
    };
    if let Some(g) = &cli.gruppe {
        vorgang::gruppe_einrichten(&data_dir, g)?;
    }
    let benutzer = cli
        .benutzer
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|b| !b.trim().is_empty())
        // Never "unbekannt": the account the system knows.
        .unwrap_or_else(vorgang::konto);
    eingabe::text_pruefen("--benutzer", Some(&benutzer))?;
    // Import reads its own input and never prompts.
    let interaktiv =
        !cli.no_input && std::io::stdin().is_terminal() && !matches!(cli.befehl, Befehl::Import(_));
    let cli_format = cli.format;
    // html and md are document formats: only the document commands take them.
    let jahresbericht = matches!(&cli.befehl, Befehl::Jahresbericht(_));
    let dokument = jahresbericht
        || matches!(&cli.befehl, Befehl::Rt(b) if matches!(**b, RtBefehl::Dokument(_)))
        || matches!(&cli.befehl, Befehl::Dokument(a) if a.pruefen.is_none());
    let export = matches!(&cli.befehl, Befehl::Export(_));
    let format = match (cli.format, dokument) {
        (CliFormat::Table | CliFormat::Csv | CliFormat::Jsonl, _) if export => Format::Table,
        (f, _) if export => {
            return Err(Fehler::Nutzung(format!(
                "Den Export gibt es als csv oder jsonl, nicht als {} – --format csv oder --format jsonl angeben.",
                f.to_possible_value()
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default()
            )));
        }
        (CliFormat::Jsonl, _) => {
            return Err(Fehler::Nutzung(
                "--format jsonl gibt es nur für 'iiz export' – hier table, json oder csv angeben."
                    .into(),
            ));
        }
        (CliFormat::Json, _) if jahresbericht => Format::Json,
        (CliFormat::Csv, _) if jahresbericht => {
            return Err(Fehler::Nutzung(
                "Den Jahresbericht gibt es als html, md oder json – für CSV 'iiz report --nach …' oder 'iiz export' verwenden.".into(),
            ));
        }
        (CliFormat::Table, _) => Format::Table,
        (CliFormat::Json, false) => Format::Json,
        (CliFormat::Csv, false) => Format::Csv,
        (CliFormat::Html | CliFormat::Md, true) => Format::Table,
        (f, true) => {
            return Err(Fehler::Nutzung(format!(
                "Ein Dokument gibt es als html oder md, nicht als {} – --format html oder --format md angeben.",
                f.to_possible_value()
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default()
            )));
        }
        (f, false) => {
            return Err(Fehler::Nutzung(format!(
                "--format {} gibt es nur für Dokumente ('iiz rt dokument') – hier table, json oder csv angeben.",
                f.to_possible_value()
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default()
            )));
        }
    };
    let heute = chrono::Local::now().date_naive();
    let u = Umgebung::neu(data_dir, benutzer, format, interaktiv, heute)
        .mit_melder(std::sync::Arc::new(ausgabe::warnung));
    let streng = cli.streng;
    let ergebnis = befehl_ausfuehren(&u, cli.befehl, cli_format);
    let n = u.warnungen.anzahl();
    if streng && n > 0 && ergebnis.is_ok() {
        return Err(Fehler::Beschaedigt(format!(
            "{n} Journal(e) beschädigt oder übersprungen (siehe Warnungen) – 'iiz pruefen' ausführen."
        )));
    }
    ergebnis
}

fn befehl_ausfuehren(u: &Umgebung, befehl: Befehl, cli_format: CliFormat) -> Result<(), Fehler> {
    match befehl {
        Befehl::Erfassen(e) if matches!(&*e, Erfassung::Anonymisieren(a) if a.faellige) => {
            let Erfassung::Anonymisieren(a) = *e else {
                unreachable!("matched above")
            };
            anonymisieren::alle_faelligen(u, a)
        }
        Befehl::Erfassen(e) => erfassen_befehl(u, *e)?.drucken(u.format),
        Befehl::Rt(b) => match *b {
            RtBefehl::Erfassen(e) => rt::erfassen_befehl(u, *e)?.drucken(u.format),
            RtBefehl::Dokument(a) => rt::dokument::ausfuehren(u, a, cli_format),
            RtBefehl::Report(a) => rt::report::ausfuehren(u, a),
        },
        Befehl::Suche(a) => suche::ausfuehren(u, a),
        Befehl::Info => info::ausfuehren(u),
        Befehl::Report(a) => report::ausfuehren(u, a),
        Befehl::Jahresbericht(a) => jahresbericht::ausfuehren(u, a, cli_format),
        Befehl::Export(a) => export::ausfuehren(u, a, cli_format == CliFormat::Jsonl),
        Befehl::Liste(a) => liste::ausfuehren(u, a),
        Befehl::Zeige(a) => zeige::ausfuehren(u, a),
        Befehl::Dokument(a) => dokument::ausfuehren(u, a, cli_format),
        Befehl::Versand(a) => versand::ausfuehren(u, a),
        Befehl::Zugriffe(a) => zugriffe::ausfuehren(u, a),
        Befehl::Stelle(b) => stelle::ausfuehren(u, *b),
        Befehl::Eingang(a) => eingang::ausfuehren(u, a),
        Befehl::Sicherung(a) => sicherung::ausfuehren(u, a),
        Befehl::Pendenzen(a) => pendenzen::ausfuehren(u, a),
        Befehl::Import(a) => import::ausfuehren(u, a),
        Befehl::Pruefen(a) => pruefen::ausfuehren(u, a),
        Befehl::Demo => demo::ausfuehren(u),
        Befehl::Exitcodes => ausgabe::text(crate::fehler::EXIT_CODES),
        Befehl::Completions(a) => {
            // The registration calls back into `iiz` (`COMPLETE=<shell> iiz -- …`), so that
            // case ids come from the register at the moment of the Tab.
            use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
            let shell: &dyn EnvCompleter = match a.shell {
                clap_complete::Shell::Bash => &Bash,
                clap_complete::Shell::Zsh => &Zsh,
                clap_complete::Shell::Fish => &Fish,
                clap_complete::Shell::Elvish => &Elvish,
                clap_complete::Shell::PowerShell => &Powershell,
                _ => &Bash,
            };
            let mut text = Vec::new();
            shell
                .write_registration("COMPLETE", "iiz", "iiz", "iiz", &mut text)
                .map_err(|e| Fehler::Intern(e.to_string()))?;
            ausgabe::text(&String::from_utf8_lossy(&text))
        }
        Befehl::Man => {
            // One page for the binary with every subcommand, from the same definitions as
            // `--help`, so that the two never disagree.
            let mut text = Vec::new();
            clap_mangen::Man::new(crate::cli::befehl())
                .render(&mut text)
                .and_then(|_| {
                    use std::io::Write;
                    for b in crate::cli::befehl().get_subcommands() {
                        if b.is_hide_set() {
                            continue;
                        }
                        let about = b.get_about().map(|a| a.to_string()).unwrap_or_default();
                        writeln!(text, ".SH \"IIZ {}\"", b.get_name().to_uppercase())?;
                        writeln!(text, "{}", about.replace('\\', "\\\\"))?;
                        clap_mangen::Man::new(b.clone()).render_options_section(&mut text)?;
                    }
                    Ok(())
                })
                .map_err(|e| Fehler::Intern(e.to_string()))?;
            ausgabe::text(&String::from_utf8_lossy(&text))
        }
    }
}
