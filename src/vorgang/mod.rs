//! The application layer (cargo's `ops`): the one write sequence — lock → replay → decide →
//! append → sync — and the one read — replay — for every command and every process.
//!
//! Lock order, everywhere: the register lock before any journal lock. A batch (`import`)
//! keeps the journal it wrote last, locked, with its replayed state, so that the next line
//! about the same case needs neither reopening nor replay; it is let go before anything
//! takes the register lock or opens another journal.

mod altbestand;
mod betrieb;
mod dokument;
pub mod eingang;
mod import;
mod lesen;
mod person;
mod pruefen;
pub mod stellen;
mod warnungen;

#[cfg(test)]
mod tests;

pub use crate::speicher::personen::Person;
pub use altbestand::{Altbestand, BENUTZER as ALTBESTAND};
pub use betrieb::{FORMAT_VERSION, Gesichert, Zugriff};
pub use dokument::{Fassung, Versendet, briefkopf, fassungen, versand_erfassen, versand_suchen};
pub use import::{Importsperre, Vermerk, eingabe_kennung, probelauf};
pub use lesen::{Lesen, alle, alle_akten, alle_journale};
pub use person::{Personenblick, hat_freitext};
pub use pruefen::{Befund, Pruefbericht, Pruefung, register_pruefen};

/// `--gruppe NAME`: the data directory made ready for a team before its register is created
/// (storage does it; a wrong group is the user's to correct, exit 2).
pub fn gruppe_einrichten(data_dir: &std::path::Path, gruppe: &str) -> Result<(), Fehler> {
    crate::speicher::datei::gruppe_einrichten(data_dir, gruppe)
        .map_err(|e| Fehler::Nutzung(e.to_string()))
}
pub use crate::speicher::fehler::io_deutsch;
pub use warnungen::{Melder, Warnung, Warnungen};

/// A directory for handed-out files (an export): private, in team mode the group's.
pub fn ausgabe_verzeichnis(pfad: &std::path::Path) -> Result<(), SpeicherFehler> {
    crate::speicher::datei::ausgabe_verzeichnis(pfad)
}

use crate::ausgabe::Format;
use crate::fehler::Fehler;
use crate::prozess::{self, Angebot, Fall as Akte, Kontext, MitProzess, Prozess, Zeile, korrektur};
use crate::speicher::freitext::{self, Schluessel};
use crate::speicher::journal::{self, Eintrag, Inhalt, Journal, Register, SpeicherFehler, Sperre};
use crate::speicher::personen::Personen;
use chrono::{Datelike, NaiveDate};
use std::any::Any;
use std::cell::{OnceCell, RefCell};
use std::path::PathBuf;

/// What a write needs from the person at the terminal, as a parameter (cargo's `ops` take a
/// `Shell` the same way): the application layer knows no terminal. Scripts and `import`
/// pass an answer that never asks.
pub trait Rueckfrage {
    /// Whether anything was asked at a prompt: then a summary is confirmed before writing.
    fn hat_gefragt(&self) -> bool;
    /// Shows what will be recorded and asks "So erfassen?"; declining is an error that
    /// writes nothing.
    fn bestaetigen(&self, zeilen: &[(&str, String)]) -> Result<(), Fehler>;
    /// A yes/no question to the person at the terminal; `None` where nobody can answer
    /// (scripts, `--no-input`, import).
    fn frage(&self, frage: &str) -> Result<Option<bool>, Fehler>;
}

/// The operating-system account of this process: recorded with every journal line and
/// access, and the display name where none is given.
pub fn konto() -> String {
    crate::speicher::plattform::konto()
}

/// What every command knows about its invocation.
pub struct Umgebung {
    pub data_dir: PathBuf,
    pub benutzer: String,
    pub format: Format,
    pub interaktiv: bool,
    pub heute: NaiveDate,
    register: OnceCell<Register>,
    gehalten: RefCell<Option<Gehalten>>,
    /// Free-text keys by pseudonym, read or made in this process (an import appends to
    /// many cases).
    schluessel: RefCell<std::collections::HashMap<String, Schluessel>>,
    migriert: std::cell::Cell<bool>,
    /// Damaged journals readers went past, and where they are said.
    pub warnungen: Warnungen,
    /// The office directory as read once for hints (an import names offices on every
    /// application; `stelle` commands, which change it, read it themselves).
    stellen: OnceCell<crate::prozess::stellen::Verzeichnis>,
}

/// In a batch: the journal written last, still locked, and its state after that write.
struct Gehalten {
    journal: Journal,
    fall: Box<dyn Any>,
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
            gehalten: RefCell::new(None),
            schluessel: RefCell::new(std::collections::HashMap::new()),
            migriert: std::cell::Cell::new(false),
            warnungen: Warnungen::default(),
            stellen: OnceCell::new(),
        }
    }

    /// Where warnings are said as they happen (the command line: stderr).
    pub fn mit_melder(mut self, melder: Melder) -> Umgebung {
        self.warnungen = Warnungen::neu(melder);
        self
    }

    /// The register for writing, created on first use: commands call it only once their
    /// input is checked, so that a refused command leaves no trace.
    pub fn register(&self) -> Result<&Register, Fehler> {
        let r = match self.register.get() {
            Some(r) => r,
            None => {
                // A new register only in a new or empty directory: never inside another
                // register's `faelle/` or in a folder that holds other things.
                if !self
                    .data_dir
                    .join(crate::speicher::datei::FORMAT_DATEI)
                    .exists()
                    && journal::fremd_belegt(&self.data_dir)
                {
                    return Err(self.kein_register());
                }
                let r = Register::oeffnen(&self.data_dir)?;
                self.register.get_or_init(|| r)
            }
        };
        // Once per process, before its first write: an older format is migrated.
        if !self.migriert.get() {
            // Said through the sink like a warning: the old state in clear is to be deleted.
            let melder = self.warnungen.melder();
            for satz in crate::migration::migrieren(r)? {
                melder(&satz);
            }
            self.migriert.set(true);
        }
        Ok(r)
    }

    /// The register for a command that only reads: a data directory that does not exist is
    /// said so (exit 4) instead of reading as an empty register (a mistyped `--data-dir`
    /// would otherwise show "no cases"); an existing empty one is an empty register.
    pub fn register_vorhanden(&self) -> Result<Option<&Register>, Fehler> {
        if !self.data_dir.exists() {
            return Err(Fehler::NichtGefunden(format!(
                "Das Datenverzeichnis {} gibt es nicht – mit --data-dir oder IIZ_DATA_DIR das richtige angeben (ein neues entsteht mit dem ersten Antrag).",
                self.data_dir.display()
            )));
        }
        let reg = self.register_lesend()?;
        // A folder that holds other things is not an empty register: a reader must not
        // answer "no cases" (a script would publish zeros) for the wrong directory.
        if reg.is_none() && journal::fremd_belegt(&self.data_dir) {
            return Err(self.kein_register());
        }
        Ok(reg)
    }

    /// The data directory exists and holds other things, but no register (exit 4), with
    /// the register next to it if there is one.
    fn kein_register(&self) -> Fehler {
        let gemeint = journal::register_in_der_naehe(&self.data_dir)
            .map(|r| format!(" – gemeint ist wohl {}", r.display()))
            .unwrap_or_default();
        Fehler::NichtGefunden(format!(
            "In {} liegt kein Register{gemeint}; mit --data-dir oder IIZ_DATA_DIR das Datenverzeichnis angeben (ein neues Register entsteht nur in einem neuen oder leeren Verzeichnis).",
            self.data_dir.display()
        ))
    }

    /// The key of a case's free text, from its person record.
    fn freitext_schluessel(
        &self,
        reg: &Register,
        id: &str,
        person: Option<&str>,
    ) -> Result<Schluessel, Fehler> {
        let gemerkt = person.and_then(|p| self.schluessel.borrow().get(p).cloned());
        if let Some(k) = gemerkt {
            return Ok(k);
        }
        let gelesen = match person {
            Some(p) => Personen::neu(reg).lesen(p)?,
            None => None,
        };
        match (person, gelesen.and_then(|p| p.freitext_schluessel())) {
            (Some(p), Some(k)) => {
                self.schluessel
                    .borrow_mut()
                    .insert(p.to_string(), k.clone());
                Ok(k)
            }
            _ => Err(Fehler::Regel(format!(
                "Fall {id}: die Personendaten sind gelöscht – Freitext kann nicht mehr gespeichert werden; ohne Freitext erfassen."
            ))),
        }
    }

    /// An event as stored: its free text encrypted with the case's key (only read when
    /// there is text).
    fn gespeichert<P: Prozess>(
        &self,
        reg: &Register,
        id: &str,
        person: Option<&str>,
        e: &Zeile<P::Ereignis>,
    ) -> Result<serde_json::Value, Fehler> {
        let mut v = serde_json::to_value(e)
            .map_err(|e| Fehler::Intern(format!("Ereignis nicht speicherbar: {e}")))?;
        // The service's free-text fields and those of the kernel's own lines (`versand`).
        let felder: Vec<(&str, &str)> = P::FREITEXT
            .iter()
            .chain(korrektur::FREITEXT)
            .copied()
            .collect();
        // Everything typed is plain text, whatever it begins with (issue 26, item 12).
        let mut text = false;
        freitext::felder_bearbeiten(&mut v, &felder, &mut |s: &mut String| {
            text |= !s.is_empty();
            Ok(())
        })?;
        if text {
            let k = self.freitext_schluessel(reg, id, person)?;
            freitext::verschluesseln_neu(&mut v, &felder, &k, id)?;
        }
        Ok(v)
    }

    /// The retention period in years (`einstellungen.json`, else the default).
    pub fn loeschfrist_jahre(&self) -> Result<u32, Fehler> {
        let Some(reg) = self.register_lesend()? else {
            return Ok(prozess::loeschfrist::STANDARD_JAHRE);
        };
        let e = crate::speicher::einstellungen::lesen(reg.wurzel()).map_err(|e| match e {
            SpeicherFehler::Format(m) => Fehler::Nutzung(m),
            e => e.into(),
        })?;
        Ok(e.loeschfrist_jahre
            .unwrap_or(prozess::loeschfrist::STANDARD_JAHRE))
    }

    /// Logs a display of the persons of `faelle` in the access log, before it happens:
    /// what cannot be logged is not shown.
    pub fn zugriff(&self, faelle: &[&str], befehl: &str) -> Result<(), Fehler> {
        if let Some(reg) = self.register_lesend()? {
            crate::speicher::zugriffe::protokollieren(reg, &self.benutzer, faelle, befehl)?;
        }
        Ok(())
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

    /// Begins a batch: from now on appends are synced once, when the returned value is
    /// finished ([`Stapel::abschliessen`]) or dropped. The import owns it for its run.
    pub fn stapel_beginnen(&self) -> Result<Stapel<'_>, Fehler> {
        self.register()?.batch_beginnen();
        Ok(Stapel {
            u: self,
            offen: true,
        })
    }

    /// Makes every write of the batch durable and lets go of the journal held.
    fn stapel_abschliessen(&self) -> Result<(), Fehler> {
        self.loslassen();
        if let Some(r) = self.register.get() {
            let personen = Personen::neu(r);
            // The batch's erasures, one rewrite per shard, synced with the rest.
            personen.loeschungen_ausfuehren(&r.sperre()?)?;
            r.batch_abschliessen()?;
            // Every new case of the batch is durable now: its announcements are done.
            personen.abschliessen(None)?;
        }
        Ok(())
    }

    fn loslassen(&self) {
        self.gehalten.borrow_mut().take();
    }

    /// The journal of `id` and its state, if this batch holds it.
    fn nehmen<P: Prozess>(&self, id: &str) -> Option<(Journal, P::Fall)> {
        let mut g = self.gehalten.borrow_mut();
        if g.as_ref().is_some_and(|h| h.journal.id() == id) {
            let h = g.take()?;
            let fall = h.fall.downcast::<P::Fall>().ok()?;
            return Some((h.journal, *fall));
        }
        // Another case now: let go of the one held, before any other lock is taken.
        g.take();
        None
    }

    fn halten<P: Prozess>(&self, journal: Journal, fall: P::Fall) {
        if self.register.get().is_some_and(|r| r.im_batch()) {
            *self.gehalten.borrow_mut() = Some(Gehalten {
                journal,
                fall: Box::new(fall),
            });
        }
    }

    /// A journal's content; the batch's own held journal is read from memory (a second
    /// lock from this process on it would wait for ever).
    fn inhalt(&self, reg: &Register, id: &str) -> Result<Inhalt, Fehler> {
        if let Some(h) = self.gehalten.borrow().as_ref()
            && h.journal.id() == id
        {
            return Ok(h.journal.inhalt().clone());
        }
        Ok(reg.lesen(id)?)
    }
}

/// A running batch (`import`, `import --altbestand`), owned by the import: many writes, one
/// sync. Finished by [`Stapel::abschliessen`]; dropped on an early return it is finished
/// all the same (what was written becomes durable), its error then unsaid – the error that
/// ended the import is the one to report.
#[must_use = "ein Stapel wird mit abschliessen() beendet"]
pub struct Stapel<'u> {
    u: &'u Umgebung,
    offen: bool,
}

impl Stapel<'_> {
    /// Makes every write of the batch durable and ends it.
    pub fn abschliessen(mut self) -> Result<(), Fehler> {
        self.offen = false;
        self.u.stapel_abschliessen()
    }
}

impl Drop for Stapel<'_> {
    fn drop(&mut self) {
        if self.offen {
            let _ = self.u.stapel_abschliessen();
        }
    }
}

/// A command of one process named a case of another (`iiz annehmen RT-…`).
fn passt<P: Prozess>(id: &str) -> Result<(), Fehler> {
    if id.starts_with(&format!("{}-", P::PRAEFIX)) || Angebot::von_id(id).is_none() {
        return Ok(());
    }
    Err(Fehler::NichtGefunden(format!(
        "Fall {} gehört zu einem anderen Angebot – dieser Befehl gilt für Fälle {}-…; 'iiz --help' zeigt die Befehle.",
        id.chars().take(40).collect::<String>(),
        P::PRAEFIX
    )))
}

fn beschaedigt(id: &str, zeile: usize, was: impl std::fmt::Display) -> Fehler {
    // A parser's message may quote the damaged line: never raw into a terminal.
    let was = crate::ausgabe::sicher(&was.to_string()).into_owned();
    Fehler::Beschaedigt(format!(
        "Journal von Fall {id}, Zeile {zeile}: {was} – 'iiz pruefen' zeigt die Einzelheiten."
    ))
}

/// A journal's entries, its chain checked; a line that does not parse or breaks the chain
/// is damage (exit 5).
fn eintraege<P: Prozess>(
    id: &str,
    inhalt: &Inhalt,
) -> Result<Vec<Eintrag<prozess::Zeile<P::Ereignis>>>, Fehler> {
    inhalt
        .eintraege::<prozess::Zeile<P::Ereignis>>()
        .map_err(|(z, e)| beschaedigt(id, z, format!("unlesbar ({e})")))
}

/// Parses and replays a journal up to `bis`: the one read every command uses. `None` when
/// no event is dated up to `bis` (the case did not exist yet).
pub fn abspielen<P: Prozess>(
    id: &str,
    inhalt: &Inhalt,
    bis: Option<NaiveDate>,
) -> Result<Option<P::Fall>, Fehler> {
    let eintraege = eintraege::<P>(id, inhalt)?;
    prozess::abspielen::<P>(id, &eintraege, bis, |_, _, _| {})
        .map_err(|(z, f)| beschaedigt(id, z, f))
}

/// A whole case that can still be worked on; an empty journal is damage, a voided case is
/// closed to every step.
pub fn fall_aus<P: Prozess>(id: &str, inhalt: &Inhalt) -> Result<P::Fall, Fehler> {
    match abspielen_mit_storno::<P>(id, inhalt, None)? {
        (Some(_), Some(_)) => Err(Fehler::Regel(format!(
            "Fall {id} ist storniert – es können keine Schritte mehr erfasst werden."
        ))),
        (Some(f), None) => Ok(f),
        (None, _) => Err(beschaedigt(id, 0, "keine Einträge")),
    }
}

/// Parses and replays a journal, a voided case included (said so).
pub fn abspielen_mit_storno<P: Prozess>(
    id: &str,
    inhalt: &Inhalt,
    bis: Option<NaiveDate>,
) -> Result<(Option<P::Fall>, Option<NaiveDate>), Fehler> {
    let eintraege = eintraege::<P>(id, inhalt)?;
    prozess::abspielen_mit_storno::<P>(id, &eintraege, bis, |_, _, _| {})
        .map_err(|(z, f)| beschaedigt(id, z, f))
}

/// Reads one case for display. A torn tail is reported, the complete part shown.
pub fn fall_lesen<P: Prozess>(u: &Umgebung, id: &str) -> Result<P::Fall, Fehler> {
    passt::<P>(id)?;
    let reg = u
        .register_vorhanden()?
        .ok_or_else(|| Fehler::from(SpeicherFehler::NichtGefunden(id.into())))?;
    let inhalt = u.inhalt(reg, id)?;
    u.warnungen.wenn_zerrissen(id, &inhalt);
    fall_aus::<P>(id, &inhalt)
}

/// The process of a case id, or "no such case".
pub fn angebot(id: &str) -> Result<Angebot, Fehler> {
    Angebot::von_id(id)
        .ok_or_else(|| SpeicherFehler::UngueltigeId(id.chars().take(40).collect()).into())
}

/// Replays a journal of any process (chosen by the id's prefix) up to `bis`; a voided case
/// comes with the day it was voided.
pub fn akte_aus(
    id: &str,
    inhalt: &Inhalt,
    bis: Option<NaiveDate>,
) -> Result<Option<(Akte, Option<NaiveDate>)>, Fehler> {
    struct Lesen<'a>(&'a str, &'a Inhalt, Option<NaiveDate>);
    impl MitProzess for Lesen<'_> {
        type Aus = Result<Option<(Akte, Option<NaiveDate>)>, Fehler>;
        fn mit<P: Prozess>(self) -> Self::Aus {
            let (fall, storniert) = abspielen_mit_storno::<P>(self.0, self.1, self.2)?;
            Ok(fall.map(|f| (P::akte(f), storniert)))
        }
    }
    angebot(id)?.mit(Lesen(id, inhalt, bis))
}

/// Reads one case of any process for display (a voided one too, said so). A torn tail is
/// reported, the complete part shown.
pub fn akte_lesen(u: &Umgebung, id: &str) -> Result<(Akte, Option<NaiveDate>), Fehler> {
    angebot(id)?;
    let reg = u
        .register_vorhanden()?
        .ok_or_else(|| Fehler::from(SpeicherFehler::NichtGefunden(id.into())))?;
    let inhalt = u.inhalt(reg, id)?;
    u.warnungen.wenn_zerrissen(id, &inhalt);
    akte_aus(id, &inhalt, None)?.ok_or_else(|| beschaedigt(id, 0, "keine Einträge"))
}

/// Every event of a case as recorded, with what became of it (`zeige --verlauf`).
pub fn verlauf_lesen(u: &Umgebung, id: &str) -> Result<Vec<korrektur::VerlaufZeile>, Fehler> {
    struct Lesen<'a>(&'a str, &'a Inhalt);
    impl MitProzess for Lesen<'_> {
        type Aus = Result<Vec<korrektur::VerlaufZeile>, Fehler>;
        fn mit<P: Prozess>(self) -> Self::Aus {
            let eintraege = eintraege::<P>(self.0, self.1)?;
            korrektur::verlauf::<P>(&eintraege).map_err(|(z, f)| beschaedigt(self.0, z, f))
        }
    }
    let reg = u
        .register_vorhanden()?
        .ok_or_else(|| Fehler::from(SpeicherFehler::NichtGefunden(id.into())))?;
    let inhalt = u.inhalt(reg, id)?;
    angebot(id)?.mit(Lesen(id, &inhalt))
}

/// A correction recorded with the event: it replaces line `ersetzt` (`--ersetzt NR
/// --begruendung TEXT`).
#[derive(Debug, Clone, Default)]
pub struct Korrektur {
    pub ersetzt: u64,
    pub begruendung: String,
    /// The journal's length when the replaced event was read ([`ersetztes`]): the write
    /// refuses when the case changed in between (the correction started from another state).
    pub stand: Option<usize>,
    /// The replaced event as the confirmation shows it, so that a person sees what changes.
    pub bisher: Vec<(String, String)>,
}

/// The event that line `k.ersetzt` of case `id` holds now (its latest replacement, in clear):
/// a correction starts from it and changes only what is given (spec §13). Notes the
/// journal's length in `k.stand`.
pub fn ersetztes<P: Prozess>(
    u: &Umgebung,
    id: &str,
    k: &mut Korrektur,
) -> Result<P::Ereignis, Fehler> {
    passt::<P>(id)?;
    // Only read: a correction of a case that does not exist leaves no register behind.
    let reg = u
        .register_vorhanden()?
        .ok_or_else(|| Fehler::from(SpeicherFehler::NichtGefunden(id.into())))?;
    let inhalt = u.inhalt(reg, id)?;
    let eintraege = eintraege::<P>(id, &inhalt)?;
    let verlauf = format!("die Nummern zeigt 'iiz zeige {id} --verlauf'");
    let g = korrektur::geschichte::<P>(&eintraege).map_err(|(z, f)| beschaedigt(id, z, f))?;
    let mut zeile = k.ersetzt;
    let kein = || {
        Fehler::Regel(format!(
            "Fall {id} hat kein Ereignis Nr. {} – {verlauf}.",
            k.ersetzt
        ))
    };
    if zeile == 0 || zeile as usize > eintraege.len() {
        return Err(kein());
    }
    while let Some(neuer) = g.staende[zeile as usize - 1].ersetzt_durch {
        zeile = neuer;
    }
    if g.staende[zeile as usize - 1].storniert {
        return Err(Fehler::Regel(format!(
            "Ereignis Nr. {} von Fall {id} ist storniert – es kann nicht mehr ersetzt werden; neu erfassen.",
            k.ersetzt
        )));
    }
    let Some(ereignis) = eintraege[zeile as usize - 1].ereignis.ereignis() else {
        return Err(Fehler::Regel(format!(
            "Zeile {} von Fall {id} ist ein Storno, kein Ereignis – {verlauf}.",
            k.ersetzt
        )));
    };
    // The free text in clear: the correction stores it anew, with the case's key.
    let mut wert = serde_json::to_value(ereignis)
        .map_err(|e| Fehler::Intern(format!("Ereignis nicht lesbar: {e}")))?;
    if person::hat_freitext(&wert.to_string()) {
        let fall = fall_aus::<P>(id, &inhalt)?;
        u.person_lesen(id, P::person(&fall))?
            .klartext_json(&mut wert);
    }
    let ereignis = serde_json::from_value(wert)
        .map_err(|e| beschaedigt(id, zeile as usize, format!("unlesbar ({e})")))?;
    k.stand = Some(inhalt.anzahl());
    Ok(ereignis)
}

/// The first event of case `id` as it stands (in clear) and its person record, for
/// `antrag`/`rt anmeldung --ersetzt FALL` to start from (spec §13: only the changed fields
/// are given). No person when the data were erased.
pub fn erstes_lesen<P: Prozess>(
    u: &Umgebung,
    id: &str,
) -> Result<(P::Ereignis, Option<Person>), Fehler> {
    let mut k = Korrektur {
        ersetzt: 1,
        ..Default::default()
    };
    let ereignis = ersetztes::<P>(u, id, &mut k)?;
    let reg = u
        .register_vorhanden()?
        .ok_or_else(|| Fehler::from(SpeicherFehler::NichtGefunden(id.into())))?;
    let fall = fall_aus::<P>(id, &u.inhalt(reg, id)?)?;
    let person = u.person_lesen(id, P::person(&fall))?.person;
    Ok((ereignis, person))
}

/// The confirmation of a correction: each changed row says what it was.
pub fn mit_bisher(
    zeilen: Vec<(String, String)>,
    bisher: &[(String, String)],
) -> Vec<(String, String)> {
    let mut aus: Vec<(String, String)> = zeilen
        .iter()
        .map(|(k, v)| match bisher.iter().find(|(b, _)| b == k) {
            Some((_, alt)) if alt != v => (k.clone(), format!("{v}  (bisher: {alt})")),
            None if !bisher.is_empty() => (k.clone(), format!("{v}  (bisher: –)")),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    for (k, alt) in bisher {
        if !zeilen.iter().any(|(z, _)| z == k) {
            aus.push((k.clone(), format!("–  (bisher: {alt})")));
        }
    }
    aus
}

/// The line to write and the date it carries: a correction defaults to the date of the
/// event it replaces (a wrong closure reason keeps its closure date).
fn zeile_bilden<P: Prozess>(
    u: &Umgebung,
    inhalt: &Inhalt,
    datum: Option<NaiveDate>,
    korrektur: &Option<Korrektur>,
    ereignis: P::Ereignis,
) -> Result<(NaiveDate, Zeile<P::Ereignis>), Fehler> {
    let Some(k) = korrektur else {
        return Ok((datum.unwrap_or(u.heute), Zeile::Ereignis(ereignis)));
    };
    let alt = inhalt
        .eintraege::<prozess::Zeile<P::Ereignis>>()
        .ok()
        .and_then(|e| e.into_iter().nth((k.ersetzt as usize).wrapping_sub(1)));
    let Some(alt) = alt else {
        return Err(Fehler::Regel(format!(
            "Der Fall hat kein Ereignis Nr. {} – die Nummern zeigt 'iiz zeige FALL --verlauf'.",
            k.ersetzt
        )));
    };
    Ok((
        datum.unwrap_or(alt.datum),
        Zeile::Ersatz(korrektur::Ersatz {
            ersetzt: k.ersetzt,
            begruendung: k.begruendung.clone(),
            ereignis: Box::new(ereignis),
        }),
    ))
}

/// Decides a line on a case and returns the state it leads to. An ordinary event is decided
/// on the current state; a correction on the whole history it leaves (spec §10: the history
/// with the correction must pass the rules).
fn entscheiden_und_anwenden<P: Prozess>(
    u: &Umgebung,
    id: &str,
    inhalt: &Inhalt,
    fall: P::Fall,
    datum: NaiveDate,
    zeile: &Zeile<P::Ereignis>,
) -> Result<P::Fall, Fehler> {
    let ctx = Kontext {
        heute: u.heute,
        offene_faelle: Vec::new(),
    };
    if let Zeile::Ereignis(ereignis) = zeile {
        P::entscheiden(Some(&fall), id, datum, ereignis, &ctx).map_err(Into::into)?;
        return P::anwenden(Some(fall), id, datum, &u.benutzer, ereignis)
            .map_err(|f| beschaedigt(id, inhalt.anzahl() + 1, f));
    }
    prozess::grundregeln::nicht_in_zukunft(datum, u.heute)
        .map_err(|r| Fehler::Regel(r.to_string()))?;
    let mut eintraege = eintraege::<P>(id, inhalt)?;
    eintraege.push(Eintrag {
        schluessel: None,
        nr: eintraege.len() as u64 + 1,
        datum,
        erfasst: chrono::Utc::now(),
        benutzer: u.benutzer.clone(),
        konto: None,
        vorher: None,
        ereignis: zeile.clone(),
    });
    let g = korrektur::geschichte::<P>(&eintraege).map_err(|(_, f)| {
        Fehler::Regel(format!(
            "{f} – die Nummern zeigt 'iiz zeige {id} --verlauf'."
        ))
    })?;
    match prozess::geschichte_entscheiden::<P>(id, &g, &ctx) {
        Ok(Some(neu)) => Ok(neu),
        Ok(None) => Err(Fehler::Regel(format!(
            "Ohne das erste Ereignis bleibt von Fall {id} nichts – den ganzen Fall mit 'iiz stornieren {id} --begruendung …' stornieren."
        ))),
        Err((zeile, Ok(r))) => Err(Fehler::Regel(format!(
            "Nach dieser Korrektur verletzt Ereignis Nr. {zeile} eine Regel (nichts gespeichert): {r}"
        ))),
        Err((zeile, Err(f))) => Err(Fehler::Regel(format!(
            "Nach dieser Korrektur passt Ereignis Nr. {zeile} nicht mehr: {f} – nichts gespeichert."
        ))),
    }
}

/// The numbers a case gave out so far, over every line it recorded (a voided or replaced
/// event's too): a new cost approval, meeting or task takes the next, never a used one.
pub struct Vergeben<'a, P> {
    inhalt: &'a Inhalt,
    prozess: std::marker::PhantomData<P>,
}

impl<P: Prozess> Vergeben<'_, P> {
    /// The highest number of kind `art` given in this case by an event that is no longer
    /// in its state (voided or replaced); 0 when there is none. The caller takes the higher
    /// of this and its state's own numbers.
    pub fn hoechste(&self, art: &str) -> u32 {
        // Without a correction every event is in the state: nothing to parse (an import
        // asks for every cost approval).
        let bytes = self.inhalt.bytes();
        let korrigiert = [&b"\"typ\":\"storno\""[..], &b"\"typ\":\"ersatz\""[..]]
            .iter()
            .any(|n| memchr::memmem::find(bytes, n).is_some());
        if !korrigiert {
            return 0;
        }
        self.inhalt
            .eintraege_ohne_kette::<Zeile<P::Ereignis>>()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e.ereignis.ereignis())
            .flat_map(P::nummern)
            .filter(|(a, _)| *a == art)
            .map(|(_, nr)| nr)
            .max()
            .unwrap_or(0)
    }
}

/// Records one event on an existing case: lock, replay, decide, append, sync.
/// `bauen` turns the current state into the event (e.g. the next cost-approval number).
/// After prompts, the summary is confirmed first, on a read and without holding the lock
/// (a person may take their time); the write then checks that nobody changed the case.
pub fn erfassen<P: Prozess>(
    u: &Umgebung,
    id: &str,
    datum: Option<NaiveDate>,
    korrektur: Option<Korrektur>,
    n: &dyn Rueckfrage,
    bauen: impl FnOnce(&P::Fall, &Vergeben<'_, P>) -> Result<P::Ereignis, Fehler>,
    zusammenfassung: impl Fn(&P::Ereignis) -> Vec<(String, String)>,
) -> Result<(prozess::Uebersicht, P::Ereignis), Fehler> {
    passt::<P>(id)?;
    let reg = u.register()?;
    let mut bauen = Some(bauen);
    let mut bestaetigt: Option<(NaiveDate, Zeile<P::Ereignis>, usize)> = None;
    if n.hat_gefragt() {
        let inhalt = u.inhalt(reg, id)?;
        if inhalt.ist_zerrissen() {
            return Err(SpeicherFehler::Beschaedigt(id.to_string()).into());
        }
        let fall = fall_aus::<P>(id, &inhalt)?;
        let vergeben = Vergeben {
            inhalt: &inhalt,
            prozess: std::marker::PhantomData,
        };
        let ereignis = match bauen.take() {
            Some(b) => b(&fall, &vergeben)?,
            None => return Err(Fehler::Intern("Ereignis fehlt".into())),
        };
        let (datum, zeile) = zeile_bilden::<P>(u, &inhalt, datum, &korrektur, ereignis)?;
        entscheiden_und_anwenden::<P>(u, id, &inhalt, fall, datum, &zeile)?;
        let mut zeilen = vec![
            ("Fall".to_string(), id.to_string()),
            ("Datum".to_string(), crate::ausgabe::datum_text(Some(datum))),
        ];
        if let Some(k) = &korrektur {
            zeilen.push(("Ersetzt Ereignis".to_string(), k.ersetzt.to_string()));
        }
        if let Some(e) = zeile.ereignis() {
            let neu = zusammenfassung(e);
            match &korrektur {
                Some(k) => zeilen.extend(mit_bisher(neu, &k.bisher)),
                None => zeilen.extend(neu),
            }
        }
        let zeilen: Vec<(&str, String)> = zeilen
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        n.bestaetigen(&zeilen)?;
        bestaetigt = Some((datum, zeile, inhalt.anzahl()));
    }
    let (mut journal, fall) = match u.nehmen::<P>(id) {
        Some(h) => h,
        None => {
            let journal = reg.sperren(id)?;
            let fall = fall_aus::<P>(id, journal.inhalt())?;
            (journal, fall)
        }
    };
    let gelesen = bestaetigt
        .as_ref()
        .map(|(_, _, zeilen)| *zeilen)
        .or(korrektur.as_ref().and_then(|k| k.stand));
    if let Some(zeilen) = gelesen
        && journal.inhalt().anzahl() != zeilen
    {
        return Err(Fehler::Intern(format!(
            "Fall {id} wurde während der Eingabe anderswo geändert – nichts gespeichert; Befehl wiederholen."
        )));
    }
    let (datum, ereignis) = match (bestaetigt, bauen.take()) {
        (Some((d, e, _)), _) => (d, e),
        (None, Some(b)) => {
            let vergeben = Vergeben {
                inhalt: journal.inhalt(),
                prozess: std::marker::PhantomData,
            };
            let e = b(&fall, &vergeben)?;
            zeile_bilden::<P>(u, journal.inhalt(), datum, &korrektur, e)?
        }
        (None, None) => return Err(Fehler::Intern("Ereignis fehlt".into())),
    };
    let person = P::person(&fall).map(String::from);
    let neu = entscheiden_und_anwenden::<P>(u, id, journal.inhalt(), fall, datum, &ereignis)?;
    let gespeichert = u.gespeichert::<P>(reg, id, person.as_deref(), &ereignis)?;
    journal.anhaengen(reg, datum, &u.benutzer, &gespeichert)?;
    // The state moves into the batch's hold uncopied: a clone per append would make a long
    // journal quadratic.
    let uebersicht = P::uebersicht(&neu);
    u.halten::<P>(journal, neu);
    let ereignis = ereignis
        .into_ereignis()
        .ok_or_else(|| Fehler::Intern("Ereignis fehlt".into()))?;
    Ok((uebersicht, ereignis))
}

/// Voids one event (the history left must pass the rules) or, without a number, the whole
/// case (recorded by mistake: it then counts in no statistic). Later events that depend on
/// the voided one (a cost approval's grant, the closure of a case whose handover goes) are
/// named and nothing is written, unless `mit_folgen`: then they are voided too, the latest
/// first, so that a crash between two lines leaves a history that passes the rules.
pub fn stornieren<P: Prozess>(
    u: &Umgebung,
    id: &str,
    ereignis: Option<u64>,
    mit_folgen: bool,
    begruendung: String,
    datum: Option<NaiveDate>,
) -> Result<P::Fall, Fehler> {
    passt::<P>(id)?;
    let reg = u.register()?;
    let (mut journal, fall) = match u.nehmen::<P>(id) {
        Some(h) => h,
        None => {
            let journal = reg.sperren(id)?;
            let fall = fall_aus::<P>(id, journal.inhalt())?;
            (journal, fall)
        }
    };
    let datum = datum.unwrap_or(u.heute);
    prozess::grundregeln::nicht_in_zukunft(datum, u.heute)
        .map_err(|r| Fehler::Regel(r.to_string()))?;
    let person = P::person(&fall).map(String::from);
    let Some(nr) = ereignis else {
        let zeile = Zeile::Storno(korrektur::Storno {
            ereignis: None,
            begruendung,
        });
        let gespeichert = u.gespeichert::<P>(reg, id, person.as_deref(), &zeile)?;
        journal.anhaengen(reg, datum, &u.benutzer, &gespeichert)?;
        return Ok(fall);
    };
    if nr == 1 {
        return Err(Fehler::Regel(format!(
            "Ereignis Nr. 1 eröffnet den Fall – den ganzen Fall stornieren: 'iiz stornieren {id} --begruendung …' (ohne --ereignis)."
        )));
    }
    let (weg, neu) = folgen::<P>(u, id, journal.inhalt(), datum, nr)?;
    if weg.len() > 1 && !mit_folgen {
        let liste: Vec<String> = weg[1..]
            .iter()
            .map(|(z, was)| format!("Nr. {z} ({was})"))
            .collect();
        return Err(Fehler::Regel(format!(
            "Von Ereignis Nr. {nr} hängen ab: {} – mit --mit-folgen werden sie mitstorniert, sonst zuerst sie korrigieren; nichts gespeichert.",
            liste.join(", ")
        )));
    }
    let mut zeilen: Vec<u64> = weg.iter().map(|(z, _)| *z).collect();
    zeilen.sort_unstable_by(|a, b| b.cmp(a));
    for z in zeilen {
        let zeile = Zeile::Storno(korrektur::Storno {
            ereignis: Some(z),
            begruendung: begruendung.clone(),
        });
        let gespeichert = u.gespeichert::<P>(reg, id, person.as_deref(), &zeile)?;
        journal.anhaengen(reg, datum, &u.benutzer, &gespeichert)?;
    }
    u.halten::<P>(journal, neu.clone());
    Ok(neu)
}

/// A line a void takes with it, and what it records.
pub type Folge = (u64, &'static str);

/// What voiding event `nr` of case `id` would take with it (the later events that depend on
/// it), read without a lock: for the confirmation before `stornieren --mit-folgen` (spec
/// §13: "listed before confirming"). The write decides again under the lock.
pub fn folgen_lesen(
    u: &Umgebung,
    id: &str,
    nr: u64,
    datum: Option<NaiveDate>,
) -> Result<Vec<Folge>, Fehler> {
    struct Lesen<'a>(&'a Umgebung, &'a str, u64, NaiveDate);
    impl MitProzess for Lesen<'_> {
        type Aus = Result<Vec<Folge>, Fehler>;
        fn mit<P: Prozess>(self) -> Self::Aus {
            let Lesen(u, id, nr, datum) = self;
            let reg = u
                .register_vorhanden()?
                .ok_or_else(|| Fehler::from(SpeicherFehler::NichtGefunden(id.into())))?;
            let inhalt = u.inhalt(reg, id)?;
            let (weg, _) = folgen::<P>(u, id, &inhalt, datum, nr)?;
            Ok(weg.into_iter().skip(1).collect())
        }
    }
    angebot(id)?.mit(Lesen(u, id, nr, datum.unwrap_or(u.heute)))
}

/// What voiding event `nr` takes with it: `nr` first, then each later event the history
/// breaks at without it (found by voiding and replaying until the history passes), with
/// their names; and the state the history leaves.
fn folgen<P: Prozess>(
    u: &Umgebung,
    id: &str,
    inhalt: &Inhalt,
    datum: NaiveDate,
    nr: u64,
) -> Result<(Vec<Folge>, P::Fall), Fehler> {
    let basis = eintraege::<P>(id, inhalt)?;
    let ctx = Kontext {
        heute: u.heute,
        offene_faelle: Vec::new(),
    };
    let name = |z: u64| {
        basis
            .get(z as usize - 1)
            .and_then(|e| e.ereignis.ereignis())
            .map_or("Ereignis", P::bezeichnung)
    };
    let mut weg: Vec<u64> = vec![nr];
    loop {
        let mut e = basis.clone();
        for z in &weg {
            e.push(Eintrag {
                schluessel: None,
                nr: e.len() as u64 + 1,
                datum,
                erfasst: chrono::Utc::now(),
                benutzer: u.benutzer.clone(),
                konto: None,
                vorher: None,
                ereignis: Zeile::Storno(korrektur::Storno {
                    ereignis: Some(*z),
                    begruendung: String::new(),
                }),
            });
        }
        let g = korrektur::geschichte::<P>(&e).map_err(|(_, f)| {
            Fehler::Regel(format!(
                "{f} – die Nummern zeigt 'iiz zeige {id} --verlauf'."
            ))
        })?;
        match prozess::geschichte_entscheiden::<P>(id, &g, &ctx) {
            Ok(Some(neu)) => {
                return Ok((weg.iter().map(|z| (*z, name(*z))).collect(), neu));
            }
            Ok(None) => {
                return Err(Fehler::Regel(format!(
                    "Ohne das erste Ereignis bleibt von Fall {id} nichts – den ganzen Fall mit 'iiz stornieren {id} --begruendung …' stornieren."
                )));
            }
            // A later event that no longer fits: it goes with the voided one (never the
            // event that opens the case, never one twice).
            Err((zeile, _))
                if zeile > 1 && !weg.contains(&zeile) && zeile as usize <= basis.len() =>
            {
                weg.push(zeile);
            }
            Err((zeile, Ok(r))) => {
                return Err(Fehler::Regel(format!(
                    "Nach diesem Storno verletzt Ereignis Nr. {zeile} eine Regel (nichts gespeichert): {r}"
                )));
            }
            Err((zeile, Err(f))) => {
                return Err(Fehler::Regel(format!(
                    "Nach diesem Storno passt Ereignis Nr. {zeile} nicht mehr: {f} – nichts gespeichert."
                )));
            }
        }
    }
}

/// The cases an AHV number has in the AHV index of each service, as (case, pseudonym),
/// newest first: looked up once per new case and shared by the identity check and the
/// open-case check (an import asks for every application; the shards are cached).
type AhvTreffer = Vec<(&'static str, Vec<(String, String)>)>;

fn ahv_treffer(sperre: &Sperre, personen: &Personen, ahv: &str) -> Result<AhvTreffer, Fehler> {
    let mut t = Vec::new();
    for (praefix, _) in prozess::ANGEBOTE {
        t.push((*praefix, personen.faelle_von(sperre, praefix, ahv)?));
    }
    Ok(t)
}

/// The person's open case of process `P` (other than `ausser`), from the AHV index. Each
/// index line is checked against its journal: a line left by a crash (a case that was never
/// written, an id that is none, a case that names another person) is passed over.
fn offener_fall<P: Prozess>(
    reg: &Register,
    treffer: &AhvTreffer,
    ausser: Option<&str>,
) -> Result<Option<String>, Fehler> {
    let eigene = treffer
        .iter()
        .filter(|(praefix, _)| *praefix == P::PRAEFIX)
        .flat_map(|(_, faelle)| faelle.iter().cloned());
    for (fall, person) in eigene {
        if Some(fall.as_str()) == ausser
            || !fall.starts_with(&format!("{}-", P::PRAEFIX))
            || !journal::id_gueltig(&fall)
        {
            continue;
        }
        let inhalt = match reg.lesen(&fall) {
            Ok(inhalt) => inhalt,
            Err(SpeicherFehler::NichtGefunden(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        match abspielen_mit_storno::<P>(&fall, &inhalt, None)? {
            (Some(f), storniert) if P::person(&f) == Some(person.as_str()) => {
                // The person's latest real case decides: only it can be open.
                return Ok((storniert.is_none() && P::ist_offen(&f)).then_some(fall));
            }
            _ => continue,
        }
    }
    Ok(None)
}

/// A new case: its first event and the person it is about.
pub struct Neu<P: Prozess> {
    pub datum: NaiveDate,
    pub ereignis: P::Ereignis,
    pub person: Person,
    /// Puts the person store's pseudonym into the first event.
    pub pseudonym_setzen: fn(&mut P::Ereignis, String),
    /// The same person now has another name (`--namensaenderung`): an AHV number stored
    /// with another name is no typing error.
    pub namensaenderung: bool,
}

/// Whether two spellings of a name are the same (case and surrounding spaces aside).
fn gleicher_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The first stored person with this AHV number whose name, first name or birth date
/// differ from `neu` (a case voided as recorded by mistake does not count), and what
/// differs.
fn abweichung(
    reg: &Register,
    personen: &Personen,
    neu: &Person,
    ausser: Option<&str>,
    treffer: &AhvTreffer,
) -> Result<Option<(Person, Vec<&'static str>)>, Fehler> {
    let mut gefunden = Vec::new();
    for (_, faelle) in treffer {
        for (fall, pseudonym) in faelle {
            if Some(fall.as_str()) != ausser
                && let Some(p) = personen.lesen(pseudonym)?
            {
                gefunden.push(p);
            }
        }
    }
    for p in gefunden {
        let mut anders = Vec::new();
        if !gleicher_name(&p.name, &neu.name) {
            anders.push("Name");
        }
        if !gleicher_name(&p.vorname, &neu.vorname) {
            anders.push("Vorname");
        }
        if p.geburtsdatum.is_some()
            && neu.geburtsdatum.is_some()
            && p.geburtsdatum != neu.geburtsdatum
        {
            anders.push("Geburtsdatum");
        }
        if anders.is_empty() {
            continue;
        }
        let storniert = match reg.lesen(&p.fall) {
            Ok(inhalt) => matches!(akte_aus(&p.fall, &inhalt, None), Ok(Some((_, Some(_))))),
            Err(SpeicherFehler::NichtGefunden(_)) => true,
            Err(e) => return Err(e.into()),
        };
        if !storniert {
            return Ok(Some((p, anders)));
        }
    }
    Ok(None)
}

/// An AHV number stored with another name, first name or birth date is most likely a typing
/// error (spec §13): refused unless the person now has another name. The refusal names the
/// stored case and what differs, not the stored values: person data never go into an error
/// message. At a terminal [`identitaet_fragen`] has shown the stored person (logged) and
/// asked before.
fn identitaet_pruefen(
    reg: &Register,
    personen: &Personen,
    neu: &Person,
    ausser: Option<&str>,
    namensaenderung: bool,
    treffer: &AhvTreffer,
) -> Result<(), Fehler> {
    if namensaenderung {
        return Ok(());
    }
    match abweichung(reg, personen, neu, ausser, treffer)? {
        Some((p, anders)) => Err(Fehler::Regel(format!(
            "Diese AHV-Nummer ist in Fall {fall} mit anderem {was} erfasst – Tippfehler? AHV-Nummer und Angaben prüfen ('iiz zeige {fall}' zeigt die Person); heisst dieselbe Person jetzt anders, mit --namensaenderung erfassen.",
            fall = p.fall,
            was = anders.join(" und ")
        ))),
        None => Ok(()),
    }
}

/// At a terminal, before anything is locked: the stored person of the AHV number is shown
/// (a display of person data, logged in the access log) with the question whether this is
/// the same person with a new name. Yes counts as `--namensaenderung`; no writes nothing.
/// Without a terminal nothing is asked: the check under the lock refuses.
fn identitaet_fragen(
    u: &Umgebung,
    neu: &Person,
    namensaenderung: &mut bool,
    ausser: Option<&str>,
    n: &dyn Rueckfrage,
) -> Result<(), Fehler> {
    let Some(reg) = u.register_lesend()? else {
        return Ok(());
    };
    if *namensaenderung || !u.interaktiv {
        return Ok(());
    }
    // Under the register lock for the look-up only; the question is asked without it.
    let gefunden = {
        let sperre = reg.sperre()?;
        let personen = Personen::neu(reg);
        let treffer = ahv_treffer(&sperre, &personen, &neu.ahv)?;
        abweichung(reg, &personen, neu, ausser, &treffer)?
    };
    let Some((p, _)) = gefunden else {
        return Ok(());
    };
    u.zugriff(&[p.fall.as_str()], "identitaet")?;
    let geboren = p
        .geburtsdatum
        .map(|g| format!(", geboren {}", crate::ausgabe::datum_text(Some(g))))
        .unwrap_or_default();
    let frage = format!(
        "Die AHV-Nummer ist in Fall {} für {} {}{geboren} erfasst. Ist es dieselbe Person mit neuem Namen (Namensänderung)?",
        p.fall,
        crate::ausgabe::sicher(&p.vorname),
        crate::ausgabe::sicher(&p.name)
    );
    match n.frage(&frage)? {
        Some(true) => *namensaenderung = true,
        Some(false) => {
            return Err(Fehler::Verneint(
                "Nicht erfasst – AHV-Nummer und Namen prüfen (Tippfehler?); nichts gespeichert."
                    .into(),
            ));
        }
        None => {}
    }
    Ok(())
}

/// Records a new case: decide, then under the register lock: the person's open case, a new
/// id, decide again with that context, the person record, the journal.
pub fn anlegen<P: Prozess>(
    u: &Umgebung,
    mut neu: Neu<P>,
    n: &dyn Rueckfrage,
    zusammenfassung: &[(&str, String)],
) -> Result<P::Fall, Fehler> {
    let mut ctx = Kontext {
        heute: u.heute,
        offene_faelle: Vec::new(),
    };
    let datum = neu.datum;
    // Everything that needs no other case is decided before the register is touched (a
    // refused first command must not even create the data directory) and before a person
    // confirms the summary; only "one open case per person" needs the lock, below.
    P::entscheiden(None, P::PRAEFIX, datum, &neu.ereignis, &ctx).map_err(Into::into)?;
    identitaet_fragen(u, &neu.person, &mut neu.namensaenderung, None, n)?;
    n.bestaetigen(zusammenfassung)?;
    // Lock order: the register before any journal.
    u.loslassen();
    let reg = u.register()?;
    let sperre = reg.sperre()?;
    let personen = Personen::neu(reg);
    personen.wiederherstellen(&sperre)?;
    let treffer = ahv_treffer(&sperre, &personen, &neu.person.ahv)?;
    identitaet_pruefen(
        reg,
        &personen,
        &neu.person,
        None,
        neu.namensaenderung,
        &treffer,
    )?;
    if let Some(fall) = offener_fall::<P>(reg, &treffer, None)? {
        ctx.offene_faelle.push(fall);
    }
    let id = reg.naechste_id(&sperre, P::PRAEFIX, datum.year())?;
    P::entscheiden(None, &id, datum, &neu.ereignis, &ctx).map_err(Into::into)?;
    neu.person.fall = id.clone();
    let (pseudonym, schluessel) = personen.erfassen(&sperre, &neu.person, None)?;
    u.schluessel
        .borrow_mut()
        .insert(pseudonym.clone(), schluessel);
    (neu.pseudonym_setzen)(&mut neu.ereignis, pseudonym.clone());
    let fall = P::anwenden(None, &id, datum, &u.benutzer, &neu.ereignis)
        .map_err(|f| beschaedigt(&id, 1, f))?;
    let zeile = Zeile::Ereignis(neu.ereignis);
    let gespeichert = u.gespeichert::<P>(reg, &id, Some(&pseudonym), &zeile)?;
    let journal = reg.anlegen(&sperre, &id, datum, &u.benutzer, &gespeichert)?;
    personen.abschliessen(Some(&sperre))?;
    drop(sperre);
    u.halten::<P>(journal, fall.clone());
    Ok(fall)
}

/// Replaces the first event of a case (`antrag --ersetzt FALL`, `rt anmeldung --ersetzt
/// FALL`): the case keeps its id; the person record is written anew (name or AHV number may
/// have been wrong) and the old one erased once the journal names the new one.
pub fn erstes_ersetzen<P: Prozess>(
    u: &Umgebung,
    id: &str,
    mut neu: Neu<P>,
    begruendung: String,
    n: &dyn Rueckfrage,
    zusammenfassung: &[(&str, String)],
) -> Result<P::Fall, Fehler> {
    passt::<P>(id)?;
    let mut ctx = Kontext {
        heute: u.heute,
        offene_faelle: Vec::new(),
    };
    let datum = neu.datum;
    P::entscheiden(None, id, datum, &neu.ereignis, &ctx).map_err(Into::into)?;
    identitaet_fragen(u, &neu.person, &mut neu.namensaenderung, Some(id), n)?;
    n.bestaetigen(zusammenfassung)?;
    u.loslassen();
    let reg = u.register()?;
    let sperre = reg.sperre()?;
    let personen = Personen::neu(reg);
    // Before the journal's lock: recovery reads journals.
    personen.wiederherstellen(&sperre)?;
    let mut journal = reg.sperren(id)?;
    let alt = fall_aus::<P>(id, journal.inhalt())?;
    let alte_person = P::person(&alt).map(String::from);
    let treffer = ahv_treffer(&sperre, &personen, &neu.person.ahv)?;
    identitaet_pruefen(
        reg,
        &personen,
        &neu.person,
        Some(id),
        neu.namensaenderung,
        &treffer,
    )?;
    // Another open case of the person named now (the AHV number may have changed).
    if let Some(fall) = offener_fall::<P>(reg, &treffer, Some(id))? {
        ctx.offene_faelle.push(fall);
    }
    P::entscheiden(None, id, datum, &neu.ereignis, &ctx).map_err(Into::into)?;
    // The whole history must hold with the new first event (before anything is written).
    let probe = Zeile::Ersatz(korrektur::Ersatz {
        ersetzt: 1,
        begruendung: begruendung.clone(),
        ereignis: Box::new(neu.ereignis.clone()),
    });
    entscheiden_und_anwenden::<P>(u, id, journal.inhalt(), alt.clone(), datum, &probe)?;
    neu.person.fall = id.to_string();
    // The new record keeps the case's key: the text recorded so far stays readable.
    neu.person.schluessel = match &alte_person {
        Some(p) => personen.lesen(p)?.and_then(|p| p.schluessel),
        None => None,
    };
    let (pseudonym, schluessel) =
        personen.erfassen(&sperre, &neu.person, alte_person.as_deref())?;
    u.schluessel
        .borrow_mut()
        .insert(pseudonym.clone(), schluessel);
    (neu.pseudonym_setzen)(&mut neu.ereignis, pseudonym.clone());
    let zeile = Zeile::Ersatz(korrektur::Ersatz {
        ersetzt: 1,
        begruendung,
        ereignis: Box::new(neu.ereignis),
    });
    let fall = entscheiden_und_anwenden::<P>(u, id, journal.inhalt(), alt, datum, &zeile)?;
    let gespeichert = u.gespeichert::<P>(reg, id, Some(&pseudonym), &zeile)?;
    journal.anhaengen(reg, datum, &u.benutzer, &gespeichert)?;
    if let Some(p) = alte_person {
        personen.ersetzte_loeschen(&sperre, &p)?;
    }
    personen.abschliessen(Some(&sperre))?;
    Ok(fall)
}

/// Erases the person data of a closed case: register lock, journal lock, replay, decide;
/// the person record goes first, then the journal records that it happened (a crash in
/// between leaves a case whose record is gone, which `pruefen` reports and a second run
/// completes).
pub fn anonymisieren<P: Prozess>(
    u: &Umgebung,
    id: &str,
    datum: Option<NaiveDate>,
) -> Result<P::Fall, Fehler> {
    let datum = datum.unwrap_or(u.heute);
    u.loslassen();
    let reg = u.register()?;
    let sperre = reg.sperre()?;
    let personen = Personen::neu(reg);
    // Before the journal's lock: recovery reads journals.
    personen.wiederherstellen(&sperre)?;
    let mut journal = reg.sperren(id)?;
    let (fall, storniert) = abspielen_mit_storno::<P>(id, journal.inhalt(), None)?;
    let fall = fall.ok_or_else(|| beschaedigt(id, 0, "keine Einträge"))?;
    let ereignis = P::anonymisiert();
    let ctx = Kontext {
        heute: u.heute,
        offene_faelle: Vec::new(),
    };
    match storniert {
        // Recorded by mistake: whatever its status, nothing justifies keeping the person's
        // data (spec §13); only the date rules hold.
        Some(_) if P::person(&fall).is_none() => {
            return Err(Fehler::Regel(format!(
                "Die Personendaten von Fall {id} sind bereits gelöscht."
            )));
        }
        Some(am) => {
            prozess::grundregeln::nicht_in_zukunft(datum, u.heute)
                .map_err(|r| Fehler::Regel(r.to_string()))?;
            if datum < am {
                return Err(Fehler::Regel(format!(
                    "--datum liegt vor dem Storno des Falls {id} ({}) – ein späteres Datum angeben.",
                    crate::ausgabe::datum_text(Some(am))
                )));
            }
        }
        None => P::entscheiden(Some(&fall), id, datum, &ereignis, &ctx).map_err(Into::into)?,
    }
    if let Some(p) = P::person(&fall) {
        personen.loeschen_vorgemerkt(&sperre, id, p)?;
    }
    let neu = P::anwenden(Some(fall), id, datum, &u.benutzer, &ereignis)
        .map_err(|f| beschaedigt(id, journal.inhalt().anzahl() + 1, f))?;
    journal.anhaengen(reg, datum, &u.benutzer, &Zeile::Ereignis(ereignis))?;
    personen.abschliessen(Some(&sperre))?;
    Ok(neu)
}

/// Erases the person data of a closed case of any process.
pub fn anonymisieren_akte(
    u: &Umgebung,
    id: &str,
    datum: Option<NaiveDate>,
) -> Result<Akte, Fehler> {
    struct Loeschen<'a>(&'a Umgebung, &'a str, Option<NaiveDate>);
    impl MitProzess for Loeschen<'_> {
        type Aus = Result<Akte, Fehler>;
        fn mit<P: Prozess>(self) -> Self::Aus {
            anonymisieren::<P>(self.0, self.1, self.2).map(P::akte)
        }
    }
    angebot(id)?.mit(Loeschen(u, id, datum))
}

/// Voids an event or a whole case of any process.
pub fn stornieren_akte(
    u: &Umgebung,
    id: &str,
    ereignis: Option<u64>,
    mit_folgen: bool,
    begruendung: String,
    datum: Option<NaiveDate>,
) -> Result<Akte, Fehler> {
    struct Storno<'a>(
        &'a Umgebung,
        &'a str,
        Option<u64>,
        bool,
        String,
        Option<NaiveDate>,
    );
    impl MitProzess for Storno<'_> {
        type Aus = Result<Akte, Fehler>;
        fn mit<P: Prozess>(self) -> Self::Aus {
            stornieren::<P>(self.0, self.1, self.2, self.3, self.4, self.5).map(P::akte)
        }
    }
    angebot(id)?.mit(Storno(u, id, ereignis, mit_folgen, begruendung, datum))
}
