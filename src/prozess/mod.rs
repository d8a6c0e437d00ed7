//! The case processes of the register, one folder each. A process owns its events, its
//! case state, its rules (decide), how events change the state (apply), its deadlines and
//! its figures. Storage and output know none of this; `vorgang` drives any process through
//! the [`Prozess`] trait.

pub mod grundregeln;
pub mod gruppen;
pub mod korrektur;
pub mod loeschfrist;
pub mod optima;
pub mod person;
pub mod roundtable;
pub mod stellen;

use crate::speicher::journal::Eintrag;
pub use korrektur::Zeile;

/// A case's journal lines as read: the service's events and the corrections of them.
pub type Zeilen<P> = [Eintrag<Zeile<<P as Prozess>::Ereignis>>];
use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};

/// Gender, as recorded for the statistics (spec §4/§9: `w|m|d`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Geschlecht {
    W,
    M,
    D,
}

impl std::fmt::Display for Geschlecht {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Geschlecht::W => "w",
            Geschlecht::M => "m",
            Geschlecht::D => "d",
        })
    }
}

/// One line of a case's timeline: what happened when, recorded by whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schritt {
    pub datum: NaiveDate,
    pub ereignis: &'static str,
    pub benutzer: String,
}

/// What a rule needs to know beyond the case itself; the application layer gathers it.
#[derive(Debug, Clone)]
pub struct Kontext {
    /// Today: no event may lie after it.
    pub heute: NaiveDate,
    /// Open cases of the same person and process (for a new case only).
    pub offene_faelle: Vec<String>,
}

/// A journal that cannot be replayed at all (only a hand edit produces one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Strukturfehler(pub String);

/// One case process: its id prefix, events and state, decide and apply.
pub trait Prozess {
    /// Case ids are `<PRAEFIX>-<year>-<NNN>`.
    const PRAEFIX: &'static str;
    /// The service's name in exports, JSON and the annual report (`optima`).
    const NAME: &'static str;
    /// The `import` op (and command) that opens a case of this service.
    const NEU: &'static str;
    /// One import line (`op` = `NEU`) that opens a valid case of the service with an
    /// invented person: the registry test proves with it that every registered service
    /// reaches import, export and the annual report.
    const BEISPIEL: &'static str;
    /// The free-text fields (event type, field; `"*"` any type; `a.b` into a list of
    /// objects): stored encrypted with the case's key, erased with the person
    /// (`speicher::freitext`). Statistics must never read them.
    const FREITEXT: &'static [(&'static str, &'static str)];
    type Ereignis: Serialize + DeserializeOwned + Clone;
    type Fall: Clone + 'static;
    type Regelverletzung: std::error::Error + Into<crate::fehler::Fehler>;

    /// Decide: may `e` be recorded on `fall` (`None`: a new case) now?
    fn entscheiden(
        fall: Option<&Self::Fall>,
        id: &str,
        datum: NaiveDate,
        e: &Self::Ereignis,
        ctx: &Kontext,
    ) -> Result<(), Self::Regelverletzung>;

    /// Decide for a case of the old tool (`import --altbestand`): the shared frame and the
    /// order of its steps, none of today's requirements of content (the old tool recorded
    /// no person, goal or declaration). Only what such a file holds is accepted.
    fn altbestand(
        fall: Option<&Self::Fall>,
        id: &str,
        datum: NaiveDate,
        e: &Self::Ereignis,
        heute: NaiveDate,
    ) -> Result<(), Self::Regelverletzung>;

    /// Apply: what a recorded event does to the state.
    fn anwenden(
        fall: Option<Self::Fall>,
        id: &str,
        datum: NaiveDate,
        benutzer: &str,
        e: &Self::Ereignis,
    ) -> Result<Self::Fall, Strukturfehler>;

    /// The pseudonym of the case's person (person store), if not erased.
    fn person(fall: &Self::Fall) -> Option<&str>;

    /// Open cases count for "one open case per person and process".
    fn ist_offen(fall: &Self::Fall) -> bool;

    /// The event that records the erasure of the person data.
    fn anonymisiert() -> Self::Ereignis;

    /// The case as the shared readers see it.
    fn akte(fall: Self::Fall) -> Fall;

    /// The case's row in `iiz liste` (and what a recording command reports back).
    fn uebersicht(fall: &Self::Fall) -> Uebersicht;

    /// What statistics and the export may know of a case (no person data, codes only).
    fn merkmale(fall: &Self::Fall) -> Merkmale;

    /// The event's name, as timelines and messages say it ("Kostengutsprache bewilligt").
    fn bezeichnung(e: &Self::Ereignis) -> &'static str;

    /// The numbers an event gives out, by kind (`kostengutsprache`, `gespraech`, `aufgabe`):
    /// numbers are identities, never given twice, not even after a void.
    fn nummern(_e: &Self::Ereignis) -> Vec<(&'static str, u32)> {
        Vec::new()
    }

    /// Whether `neu` may replace `alt` (the same kind of event).
    fn gleiche_art(alt: &Self::Ereignis, neu: &Self::Ereignis) -> bool {
        std::mem::discriminant(alt) == std::mem::discriminant(neu)
    }
}

/// Every kind of due item (`Pendenz::art`), for `pendenzen --art`; a test checks that the
/// services' deadlines use no other.
pub const PENDENZ_ARTEN: &[&str] = &[
    "antrag",
    "uebergabe",
    "gespraech",
    "dauer",
    "befreiung",
    "rav-anmeldung",
    "kostengutsprache",
    "anmeldung",
    "aufgabe",
    loeschfrist::ART,
];

/// Something due in a case at a date (`iiz pendenzen`, and the case sheet).
#[derive(Debug, Clone, Serialize)]
pub struct Pendenz {
    pub fall: String,
    pub art: &'static str,
    pub faellig: NaiveDate,
    pub text: String,
}

/// The id prefix table: which process a case id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Angebot {
    Optima,
    Roundtable,
}

pub const ANGEBOTE: &[(&str, Angebot)] = &[
    (optima::Optima::PRAEFIX, Angebot::Optima),
    (roundtable::Roundtable::PRAEFIX, Angebot::Roundtable),
];

impl Angebot {
    /// The registry of services: what export, annual report and import iterate (a test
    /// fails when a registered service is missing from one of them).
    pub const ALLE: [Angebot; 2] = [Angebot::Optima, Angebot::Roundtable];

    /// The service's name (`Prozess::NAME`).
    pub fn name(self) -> &'static str {
        struct Name;
        impl MitProzess for Name {
            type Aus = &'static str;
            fn mit<P: Prozess>(self) -> &'static str {
                P::NAME
            }
        }
        self.mit(Name)
    }

    /// An import line opening a case of the service (`Prozess::BEISPIEL`).
    pub fn beispiel(self) -> &'static str {
        struct Beispiel;
        impl MitProzess for Beispiel {
            type Aus = &'static str;
            fn mit<P: Prozess>(self) -> &'static str {
                P::BEISPIEL
            }
        }
        self.mit(Beispiel)
    }

    /// The import op that opens a case of the service (`Prozess::NEU`).
    pub fn neu(self) -> &'static str {
        struct Neu;
        impl MitProzess for Neu {
            type Aus = &'static str;
            fn mit<P: Prozess>(self) -> &'static str {
                P::NEU
            }
        }
        self.mit(Neu)
    }

    /// The process of a case id, from its prefix.
    pub fn von_id(id: &str) -> Option<Angebot> {
        let praefix = id.split('-').next()?;
        ANGEBOTE
            .iter()
            .find(|(p, _)| *p == praefix)
            .map(|(_, a)| *a)
    }
}

/// The one replay: applies a journal's *effective* history (corrections resolved, see
/// `korrektur`) in order, calling `schritt` with each event's date, the event and the state
/// after it. Every reader (lists, case sheet, due items, reports) and the write path build a
/// case through here. `bis` stops before the first event dated later. A voided case is
/// `None`: it counts nowhere.
pub fn abspielen<P: Prozess>(
    id: &str,
    eintraege: &Zeilen<P>,
    bis: Option<NaiveDate>,
    schritt: impl FnMut(NaiveDate, &P::Ereignis, &P::Fall),
) -> Result<Option<P::Fall>, (usize, Strukturfehler)> {
    // A voided case is not replayed at all: no event of it may reach a fold.
    if korrektur::hat_korrekturen(eintraege)
        && korrektur::geschichte::<P>(eintraege)?.storniert.is_some()
    {
        return Ok(None);
    }
    let (fall, _) = abspielen_mit_storno::<P>(id, eintraege, bis, schritt)?;
    Ok(fall)
}

/// Where a replay failed: the journal line and why.
pub type Lesefehler = (usize, Strukturfehler);

/// A report's counter: each replayed event with the state it led to, then the case as it
/// stood at the end of the period.
pub trait Zaehlt {
    type P: Prozess;
    /// The end of the period (the replay stops there).
    fn bis(&self) -> Option<NaiveDate>;
    fn ereignis(
        &mut self,
        datum: NaiveDate,
        e: &<Self::P as Prozess>::Ereignis,
        fall: &<Self::P as Prozess>::Fall,
    );
    fn abschliessen(&mut self, fall: &<Self::P as Prozess>::Fall);

    /// Folds one case: its journal replayed (the same replay every reader uses), each event
    /// counted with the state it led to. Events after `bis` are not needed.
    fn fall(&mut self, id: &str, eintraege: &Zeilen<Self::P>) -> Result<(), Lesefehler>
    where
        Self: Sized,
    {
        falten(&mut [self], id, eintraege).map(|_| ())
    }
}

/// Folds one case into several counters with the same end (the annual report's year and
/// cumulative figures) through one replay; returns the case as of that end.
pub fn falten<Z: Zaehlt>(
    zaehler: &mut [&mut Z],
    id: &str,
    eintraege: &Zeilen<Z::P>,
) -> Result<Option<<Z::P as Prozess>::Fall>, Lesefehler> {
    let bis = zaehler.first().and_then(|z| z.bis());
    debug_assert!(
        zaehler.iter().all(|z| z.bis() == bis),
        "one replay, one end"
    );
    let fall = abspielen::<Z::P>(id, eintraege, bis, |datum, e, fall| {
        for z in zaehler.iter_mut() {
            z.ereignis(datum, e, fall);
        }
    })?;
    if let Some(f) = &fall {
        for z in zaehler.iter_mut() {
            z.abschliessen(f);
        }
    }
    Ok(fall)
}

/// Where a history breaks: the line, and the rule it violates or why it cannot be applied.
pub type Bruch<P> = (u64, Result<<P as Prozess>::Regelverletzung, Strukturfehler>);

/// As `abspielen`, but a voided case is replayed too and said so, with the day it was
/// voided (for `zeige`, `liste --storniert` and the erasure of a case recorded by mistake).
pub fn abspielen_mit_storno<P: Prozess>(
    id: &str,
    eintraege: &Zeilen<P>,
    bis: Option<NaiveDate>,
    mut schritt: impl FnMut(NaiveDate, &P::Ereignis, &P::Fall),
) -> Result<(Option<P::Fall>, Option<NaiveDate>), Lesefehler> {
    let mut fall = None;
    if !korrektur::hat_korrekturen(eintraege) {
        // The common case: the lines as they are, nothing to allocate.
        for (i, e) in eintraege.iter().enumerate() {
            if bis.is_some_and(|b| e.datum > b) {
                break;
            }
            let Zeile::Ereignis(x) = &e.ereignis else {
                unreachable!("no correction on this path")
            };
            let neu = P::anwenden(fall, id, e.datum, &e.benutzer, x).map_err(|f| (i + 1, f))?;
            schritt(e.datum, x, &neu);
            fall = Some(neu);
        }
        return Ok((fall, None));
    }
    let g = korrektur::geschichte::<P>(eintraege)?;
    for w in &g.ereignisse {
        if bis.is_some_and(|b| w.datum > b) {
            break;
        }
        let neu = P::anwenden(fall, id, w.datum, w.benutzer, w.ereignis)
            .map_err(|f| (w.zeile as usize, f))?;
        schritt(w.datum, w.ereignis, &neu);
        fall = Some(neu);
    }
    Ok((fall, g.storniert))
}

/// The user that writes the old tool's cases: their journals carry it, and readers tell
/// them by it (no person, no retention, the old tool's rules).
pub const ALTBESTAND: &str = "altbestand";

/// The events of one case of the old tool (`import --altbestand`), each decided by the
/// service's [`Prozess::altbestand`] against the state before it and applied: the case they
/// make, or the first refusal. Used to check every row before anything is written, and again
/// by the write itself.
pub fn altbestand_entscheiden<P: Prozess>(
    id: &str,
    ereignisse: &[(NaiveDate, P::Ereignis)],
    heute: NaiveDate,
) -> Result<P::Fall, crate::fehler::Fehler> {
    let mut fall: Option<P::Fall> = None;
    for (datum, e) in ereignisse {
        P::altbestand(fall.as_ref(), id, *datum, e, heute).map_err(Into::into)?;
        fall = Some(
            P::anwenden(fall, id, *datum, ALTBESTAND, e)
                .map_err(|f| crate::fehler::Fehler::Intern(f.0))?,
        );
    }
    fall.ok_or_else(|| crate::fehler::Fehler::Intern("Altbestand: Fall ohne Ereignis".into()))
}

/// Decides every event of an effective history against the state before it, as if it were
/// recorded now: a correction is accepted only if the history it leaves passes the rules.
/// Returns the state at the end, or the first violation with its line.
pub fn geschichte_entscheiden<P: Prozess>(
    id: &str,
    g: &korrektur::Geschichte<'_, P::Ereignis>,
    ctx: &Kontext,
) -> Result<Option<P::Fall>, Bruch<P>> {
    let mut fall: Option<P::Fall> = None;
    for w in &g.ereignisse {
        P::entscheiden(fall.as_ref(), id, w.datum, w.ereignis, ctx)
            .map_err(|r| (w.zeile, Ok(r)))?;
        fall = Some(
            P::anwenden(fall, id, w.datum, w.benutzer, w.ereignis)
                .map_err(|f| (w.zeile, Err(f)))?,
        );
    }
    Ok(fall)
}

/// The named check "regeln" of `iiz pruefen`, in the same pass as the replay: does the
/// recorded history still pass today's rules? Each event is decided against the state before
/// it, with "today" the day it was recorded (local time may be a day ahead of UTC). A finding
/// is reported, never turned into an unreadable case: readers only apply. Returns the
/// findings and the replayed case (or where the replay failed).
#[allow(clippy::type_complexity)]
pub fn nachpruefen<P: Prozess>(
    id: &str,
    eintraege: &Zeilen<P>,
    altbestand: bool,
) -> (
    Vec<(usize, String)>,
    Result<Option<P::Fall>, (usize, Strukturfehler)>,
) {
    let mut befunde = Vec::new();
    let g = match korrektur::geschichte::<P>(eintraege) {
        Ok(g) => g,
        Err(e) => return (befunde, Err(e)),
    };
    let mut fall: Option<P::Fall> = None;
    for w in &g.ereignisse {
        let erfasst = eintraege[w.zeile as usize - 1].erfasst;
        let ctx = Kontext {
            heute: erfasst.date_naive() + chrono::Days::new(1),
            offene_faelle: Vec::new(),
        };
        // The erasure of a voided case needs no closed case (spec §13).
        let geloescht_nach_storno =
            g.storniert.is_some() && P::gleiche_art(w.ereignis, &P::anonymisiert());
        // A case of the old tool is held to the old tool's rules (`Prozess::altbestand`).
        let entschieden = if altbestand {
            P::altbestand(fall.as_ref(), id, w.datum, w.ereignis, ctx.heute)
        } else {
            P::entscheiden(fall.as_ref(), id, w.datum, w.ereignis, &ctx)
        };
        if !geloescht_nach_storno && let Err(r) = entschieden {
            befunde.push((w.zeile as usize, r.to_string()));
        }
        match P::anwenden(fall, id, w.datum, w.benutzer, w.ereignis) {
            Ok(f) => fall = Some(f),
            Err(f) => return (befunde, Err((w.zeile as usize, f))),
        }
    }
    // A voided case is replayed too: its person record still belongs to it.
    (befunde, Ok(fall))
}

/// One row of `iiz liste`, whatever the process.
#[derive(Debug, Clone, Serialize)]
pub struct Uebersicht {
    pub fall: String,
    pub status: String,
    /// The handing (OPTIMA) or registering (Roundtable) institution.
    pub von: String,
    /// The receiving institution (OPTIMA); empty elsewhere.
    pub an: String,
    pub zielgruppe: Option<String>,
    /// Date of the application or registration.
    pub antrag: NaiveDate,
    pub naechstes_gespraech: Option<NaiveDate>,
    pub angebot: Angebot,
    #[serde(skip)]
    pub offen: bool,
    /// Who works on the case: the OPTIMA Berater:in or the Roundtable Fallführung (a staff
    /// member, not the person); only for `liste --berater`, not printed.
    #[serde(skip)]
    pub berater: Option<String>,
}

/// What breakdowns (`--nach`, annual report) and the export read of a case of any service:
/// codes as the journal writes them (`wort`), dates, never a name or free text.
#[derive(Debug, Clone)]
pub struct Merkmale {
    /// The service's name (`Prozess::NAME`).
    pub angebot: &'static str,
    /// The day of the application or registration.
    pub anmeldedatum: NaiveDate,
    pub status: String,
    /// The handing (OPTIMA) or registering (Roundtable) institution.
    pub von: String,
    /// The receiving institution; empty where there is none.
    pub an: String,
    /// The handing (OPTIMA) or registering (Roundtable) office by name, as recorded.
    pub von_stelle: Option<String>,
    /// The receiving office by name (OPTIMA), as recorded.
    pub an_stelle: Option<String>,
    pub zielgruppe: Option<String>,
    pub geschlecht: Option<String>,
    pub geburtsjahr: Option<i32>,
    /// The municipality of residence, for the region (never exported as such).
    pub wohngemeinde: Option<String>,
    /// The occasion of the closure (OPTIMA) or its reason (Roundtable), for `--nach anlass`.
    pub anlass: Option<String>,
    /// The day the case ended; `None` while it runs.
    pub ende: Option<NaiveDate>,
    /// How it ended, as a code; empty while it runs.
    pub abschlussgrund: String,
}

/// The case sheet of `iiz zeige`, as its process lays it out: rows of label and text, then
/// tables; `json` carries every recorded field for scripts.
#[derive(Debug, Clone)]
pub struct Blatt {
    pub titel: String,
    pub felder: Vec<(String, String)>,
    /// (heading, column headings, rows)
    pub tabellen: Vec<(String, Vec<String>, Vec<Vec<String>>)>,
    pub json: serde_json::Value,
}

/// A case of any process: what the shared readers (`liste`, `zeige`, `pendenzen`,
/// `pruefen`, `anonymisieren`) work with. A new process adds a variant here.
#[derive(Debug, Clone)]
pub enum Fall {
    Optima(optima::Fall),
    Roundtable(roundtable::Fall),
}

impl Fall {
    pub fn uebersicht(&self) -> Uebersicht {
        match self {
            Fall::Optima(f) => f.uebersicht(),
            Fall::Roundtable(f) => f.uebersicht(),
        }
    }

    pub fn merkmale(&self) -> Merkmale {
        match self {
            Fall::Optima(f) => optima::Optima::merkmale(f),
            Fall::Roundtable(f) => roundtable::Roundtable::merkmale(f),
        }
    }

    pub fn pendenzen(&self, stichtag: NaiveDate) -> Vec<Pendenz> {
        match self {
            Fall::Optima(f) => optima::fristen::pendenzen(f, stichtag),
            Fall::Roundtable(f) => roundtable::fristen::pendenzen(f, stichtag),
        }
    }

    pub fn blatt(&self, heute: NaiveDate) -> Blatt {
        match self {
            Fall::Optima(f) => f.blatt(heute),
            Fall::Roundtable(f) => f.blatt(heute),
        }
    }

    /// The day the case ended (closure, rejection, Roundtable without process); `None`
    /// while it runs.
    pub fn beendet(&self) -> Option<NaiveDate> {
        match self {
            Fall::Optima(f) => f
                .abschluss_datum
                .or(f.ablehnung.as_ref().and(f.entscheid_datum)),
            Fall::Roundtable(f) => f.ende_datum,
        }
    }

    /// Whether the person data were erased.
    pub fn anonymisiert(&self) -> bool {
        match self {
            Fall::Optima(f) => f.anonymisiert,
            Fall::Roundtable(f) => f.anonymisiert,
        }
    }

    /// The pseudonym of the person record, unless erased.
    pub fn person(&self) -> Option<&str> {
        match self {
            Fall::Optima(f) => optima::Optima::person(f),
            Fall::Roundtable(f) => roundtable::Roundtable::person(f),
        }
    }
}

/// Something to do with one process, chosen at run time by a case id's prefix (the
/// generic functions of `vorgang` and `pruefen` need the process as a type).
pub trait MitProzess {
    type Aus;
    fn mit<P: Prozess>(self) -> Self::Aus;
}

impl Angebot {
    pub fn mit<V: MitProzess>(self, v: V) -> V::Aus {
        match self {
            Angebot::Optima => v.mit::<optima::Optima>(),
            Angebot::Roundtable => v.mit::<roundtable::Roundtable>(),
        }
    }
}

#[cfg(test)]
mod tests {}
