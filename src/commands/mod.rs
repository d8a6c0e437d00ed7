//! One file per subcommand: args → event → rules → journal → output.
//! This module holds the plumbing they share: the environment, loading a case by replaying
//! its journal through the rules, recording one event, and printing what was recorded.

pub mod abschluss;
pub mod annehmen;
pub mod anonymisieren;
pub mod antrag;
pub mod demo;
pub mod import;
pub mod kostengutsprache;
pub mod liste;
pub mod pendenzen;
pub mod pruefen;
pub mod report;
pub mod standort;
pub mod uebergabe;
pub mod zeige;

use crate::ausgabe::{self, datum_text};
use crate::cli::eingabe::{self, Nachfrage};
use crate::cli::{Befehl, Cli, Format};
use crate::fehler::Fehler;
use crate::prozess::optima::regeln::{self, Kontext};
use crate::prozess::optima::{Ereignis, Fall, Status, Zielgruppe};
use crate::speicher::journal::{Eintrag, Inhalt, Register, SpeicherFehler};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::cell::OnceCell;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Prefix of OPTIMA case ids; Roundtable will bring its own.
pub const PRAEFIX: &str = "OPT";

/// What every command knows about its invocation.
pub struct Umgebung {
    pub data_dir: PathBuf,
    pub benutzer: String,
    pub format: Format,
    pub interaktiv: bool,
    pub heute: NaiveDate,
    register: OnceCell<Register>,
}

impl Umgebung {
    pub fn neu(
        data_dir: PathBuf,
        benutzer: String,
        format: Format,
        interaktiv: bool,
        heute: NaiveDate,
    ) -> Umgebung {
        Umgebung {
            data_dir,
            benutzer,
            format,
            interaktiv,
            heute,
            register: OnceCell::new(),
        }
    }

    /// The register for writing, created on first use: commands call it only once their
    /// input is checked, so that a refused command leaves no trace.
    pub fn register(&self) -> Result<&Register, Fehler> {
        if let Some(r) = self.register.get() {
            return Ok(r);
        }
        let r = Register::oeffnen(&self.data_dir)?;
        Ok(self.register.get_or_init(|| r))
    }

    /// The register for reading; `None` when there is none yet.
    pub fn register_lesend(&self) -> Result<Option<&Register>, Fehler> {
        if let Some(r) = self.register.get() {
            return Ok(Some(r));
        }
        match Register::lesend(&self.data_dir)? {
            Some(r) => Ok(Some(self.register.get_or_init(|| r))),
            None => Ok(None),
        }
    }
}

/// Replays a journal through the rules. A line the rules refuse means the journal was
/// changed behind iiz's back: damaged (exit 5). `bis` stops before later events.
pub fn fall_laden(id: &str, inhalt: &Inhalt, bis: Option<NaiveDate>) -> Result<Fall, Fehler> {
    let beschaedigt = |zeile: usize, was: String| {
        Fehler::Beschaedigt(format!(
            "Journal von Fall {id}, Zeile {zeile}: {was} – 'iiz pruefen' zeigt die Einzelheiten."
        ))
    };
    let mut fall: Option<Fall> = None;
    for (i, z) in inhalt.zeilen().enumerate() {
        let e: Eintrag<Ereignis> =
            serde_json::from_slice(z).map_err(|e| beschaedigt(i + 1, format!("unlesbar ({e})")))?;
        if bis.is_some_and(|b| e.datum > b) {
            break;
        }
        // At replay "today" is the day it was recorded; local time may be a day ahead of UTC.
        let ctx = Kontext {
            heute: e.erfasst.date_naive() + Days::new(1),
            offene_faelle: Vec::new(),
        };
        fall = Some(
            regeln::anwenden(fall, id, e.datum, &e.benutzer, &e.ereignis, &ctx)
                .map_err(|r| beschaedigt(i + 1, r.to_string()))?,
        );
    }
    fall.ok_or_else(|| beschaedigt(0, "keine Einträge".into()))
}

/// Records one event on an existing case: lock, replay, check the rules, append, sync.
/// `bauen` turns the current state into the event (e.g. the next cost-approval number).
/// After prompts, the summary is confirmed first, on a read and without holding the lock
/// (a person may take their time); the write then checks that nobody changed the case.
pub fn erfassen(
    u: &Umgebung,
    id: &str,
    datum: Option<NaiveDate>,
    n: &Nachfrage,
    bauen: impl FnOnce(&Fall) -> Result<Ereignis, Fehler>,
) -> Result<(Fall, Ereignis), Fehler> {
    let reg = u.register()?;
    let datum = datum.unwrap_or(u.heute);
    let ctx = Kontext {
        heute: u.heute,
        offene_faelle: Vec::new(),
    };
    let mut bauen = Some(bauen);
    let mut bestaetigt: Option<(Ereignis, usize)> = None;
    if n.hat_gefragt() {
        let inhalt = reg.lesen(id)?;
        if inhalt.ist_zerrissen() {
            return Err(SpeicherFehler::Beschaedigt(id.to_string()).into());
        }
        let fall = fall_laden(id, &inhalt, None)?;
        let ereignis = match bauen.take() {
            Some(b) => b(&fall)?,
            None => return Err(Fehler::Intern("Ereignis fehlt".into())),
        };
        regeln::anwenden(Some(fall), id, datum, &u.benutzer, &ereignis, &ctx)?;
        n.zusammenfassung(&zusammenfassung(id, datum, &ereignis))?;
        bestaetigt = Some((ereignis, inhalt.anzahl()));
    }
    let mut journal = reg.sperren(id)?;
    if let Some((_, zeilen)) = &bestaetigt
        && journal.inhalt().anzahl() != *zeilen
    {
        return Err(Fehler::Intern(format!(
            "Fall {id} wurde während der Eingabe anderswo geändert – nichts gespeichert; Befehl wiederholen."
        )));
    }
    // In a batch the state replayed for the previous line of the same case is still exact.
    let fall = match journal.memo::<Fall>() {
        Some(f) => f.clone(),
        None => fall_laden(id, journal.inhalt(), None)?,
    };
    let ereignis = match (bestaetigt, bauen.take()) {
        (Some((e, _)), _) => e,
        (None, Some(b)) => b(&fall)?,
        (None, None) => return Err(Fehler::Intern("Ereignis fehlt".into())),
    };
    let neu = regeln::anwenden(Some(fall), id, datum, &u.benutzer, &ereignis, &ctx)?;
    journal.anhaengen(datum, &u.benutzer, &ereignis)?;
    journal.memo_setzen(neu.clone());
    Ok((neu, ereignis))
}

/// What an event will record, as lines for the confirmation after prompts.
fn zusammenfassung(id: &str, datum: NaiveDate, e: &Ereignis) -> Vec<(String, String)> {
    let mut zeilen = vec![
        ("Fall".to_string(), id.to_string()),
        ("Ereignis".to_string(), e.bezeichnung().to_string()),
        ("Datum".to_string(), datum_text(Some(datum))),
    ];
    if let Ok(serde_json::Value::Object(m)) = serde_json::to_value(e)
        && let Some(serde_json::Value::Object(daten)) = m.get("daten")
    {
        for (k, v) in daten {
            let wert = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map_or(x.to_string(), String::from))
                    .collect::<Vec<_>>()
                    .join(", "),
                x => x.to_string(),
            };
            zeilen.push((k.replace('_', " "), wert));
        }
    }
    zeilen
}

/// Reads one case for display. A torn tail is reported, the complete part shown.
pub fn fall_lesen(u: &Umgebung, id: &str, bis: Option<NaiveDate>) -> Result<Fall, Fehler> {
    let reg = u.register_lesend()?.ok_or_else(|| {
        Fehler::from(crate::speicher::journal::SpeicherFehler::NichtGefunden(
            id.into(),
        ))
    })?;
    let inhalt = reg.lesen(id)?;
    warnen_wenn_zerrissen(id, &inhalt);
    fall_laden(id, &inhalt, bis)
}

pub fn warnen_wenn_zerrissen(id: &str, inhalt: &Inhalt) {
    if inhalt.ist_zerrissen() {
        eprintln!(
            "Warnung: Das Journal von Fall {id} hat eine unvollständige letzte Zeile; angezeigt wird der vollständige Teil – 'iiz pruefen --reparieren' ausführen."
        );
    }
}

/// Every case of the register (for lists and due items); damaged ones are reported on
/// stderr and skipped, never hidden.
pub fn alle_faelle(u: &Umgebung, bis: Option<NaiveDate>) -> Result<Vec<Fall>, Fehler> {
    let Some(reg) = u.register_lesend()? else {
        return Ok(Vec::new());
    };
    let mut faelle = Vec::new();
    for id in reg.ids()? {
        let inhalt = reg.lesen(&id)?;
        warnen_wenn_zerrissen(&id, &inhalt);
        match fall_laden(&id, &inhalt, bis) {
            Ok(f) => faelle.push(f),
            // Never hidden: reported, and left for 'iiz pruefen'.
            Err(Fehler::Beschaedigt(m)) => eprintln!("Warnung: {m}"),
            Err(e) => return Err(e),
        }
    }
    Ok(faelle)
}

/// Checks every text field of a command against the input limits.
pub fn texte_pruefen(felder: &[(&str, Option<&str>)]) -> Result<(), Fehler> {
    for (flag, wert) in felder {
        eingabe::text_pruefen(flag, *wert)?;
    }
    Ok(())
}

/// What a recording command reports back (also each `import` result).
#[derive(Debug, Serialize)]
pub struct Erfasst {
    pub fall: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nr: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zielgruppe: Option<Zielgruppe>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnungen: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hinweise: Vec<String>,
}

/// Which part of the result the table format prints (spec §4, "prints").
pub enum Zeige {
    Fall,
    Status,
    Nr,
    Nichts,
}

impl Erfasst {
    pub fn aus(fall: &Fall) -> Erfasst {
        Erfasst {
            fall: fall.fall.clone(),
            status: fall.status,
            nr: None,
            zielgruppe: fall.zielgruppe,
            warnungen: Vec::new(),
            hinweise: Vec::new(),
        }
    }

    pub fn drucken(&self, format: Format, zeige: Zeige) -> Result<(), Fehler> {
        match format {
            Format::Json => return ausgabe::json(self),
            Format::Csv => {
                #[derive(Serialize)]
                struct Zeile<'a> {
                    fall: &'a str,
                    status: Status,
                    nr: Option<u32>,
                    zielgruppe: Option<Zielgruppe>,
                }
                return ausgabe::csv(
                    &["fall", "status", "nr", "zielgruppe"],
                    &[Zeile {
                        fall: &self.fall,
                        status: self.status,
                        nr: self.nr,
                        zielgruppe: self.zielgruppe,
                    }],
                );
            }
            Format::Table => {}
        }
        for w in &self.warnungen {
            eprintln!("Warnung: {w}");
        }
        for h in &self.hinweise {
            eprintln!("Hinweis: {h}");
        }
        match zeige {
            Zeige::Fall => ausgabe::zeile(&self.fall),
            Zeige::Status => ausgabe::zeile(self.status),
            Zeige::Nr => ausgabe::zeile(self.nr.unwrap_or(0)),
            Zeige::Nichts => Ok(()),
        }
    }
}

/// Runs one parsed command line (cargo's `exec`): the single dispatch table.
pub fn ausfuehren(cli: Cli) -> Result<(), Fehler> {
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
        Befehl::Antrag(a) => antrag::ausfuehren(&u, a)?.drucken(f, Zeige::Fall),
        Befehl::Annehmen(a) => annehmen::ausfuehren(&u, a)?.drucken(f, Zeige::Status),
        Befehl::Uebergabe(a) => uebergabe::ausfuehren(&u, a)?.drucken(f, Zeige::Status),
        Befehl::Standort(a) => standort::ausfuehren(&u, a)?.drucken(f, Zeige::Nichts),
        Befehl::Kostengutsprache(a) => {
            let zeige = match a.aktion {
                crate::cli::KgsAktion::Beantragen(_) => Zeige::Nr,
                _ => Zeige::Nichts,
            };
            kostengutsprache::ausfuehren(&u, a)?.drucken(f, zeige)
        }
        Befehl::Abschluss(a) => abschluss::ausfuehren(&u, a)?.drucken(f, Zeige::Nichts),
        Befehl::Anonymisieren(a) => anonymisieren::ausfuehren(&u, a)?.drucken(f, Zeige::Nichts),
        Befehl::Report(a) => report::ausfuehren(&u, a),
        Befehl::Liste(a) => liste::ausfuehren(&u, a),
        Befehl::Zeige(a) => zeige::ausfuehren(&u, a),
        Befehl::Pendenzen(a) => pendenzen::ausfuehren(&u, a),
        Befehl::Import(a) => import::ausfuehren(&u, a),
        Befehl::Pruefen(a) => pruefen::ausfuehren(&u, a),
        Befehl::Demo => demo::ausfuehren(&u),
        Befehl::Completions(a) => {
            clap_complete::generate(
                a.shell,
                &mut crate::cli::befehl(),
                "iiz",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}
