//! The papers of an OPTIMA case (spec §14), each as the concept describes it
//! (`../shared/reference/optima-evaluation-und-konzept.txt`; `docs/regeln.md` cites the
//! lines): the Gesprächsnotiz of the handover (1380–1397), the cost-approval form
//! (1406–1440), the "Vereinbarung / ALV" of a handover RAV → Sozialhilfe (1930–1999), the
//! note of a progress meeting (1476–1498) and of the closing meeting (1499–1541).
//!
//! Pure functions of the case as replayed (free text in clear) and the person: the
//! document bears its event's date, never the print date.

use super::datum_text;
use super::dokument::{Block, Dokument};
use crate::prozess::optima::*;
use chrono::NaiveDate;

/// The person as a document names it (from the person store; `None` once erased).
#[derive(Debug, Clone, Default)]
pub struct Person {
    pub name: String,
    pub vorname: String,
    pub ahv: String,
}

/// What a document shows beyond the case: the person, and which version of its event it is.
pub struct Rahmen<'a> {
    pub person: Option<&'a Person>,
    /// "Fassung 2 vom …, ersetzt Fassung 1" when the event was corrected.
    pub fassung: Option<String>,
}

const GELOESCHT: &str = "(Personendaten gelöscht)";
const FUSS: &str =
    "Erstellt durch die IIZ-Koordinationsstelle. Vertraulich – enthält Personendaten.";

fn person_name(r: &Rahmen) -> String {
    r.person
        .map(|p| format!("{} {}", p.vorname, p.name))
        .unwrap_or_else(|| GELOESCHT.into())
}

/// An institution as a letter names it.
fn lang(i: Institution) -> &'static str {
    match i {
        Institution::Iv => "IV-Stelle",
        Institution::Rav => "RAV",
        Institution::Sh => "Sozialhilfe",
    }
}

/// The office named at the application, with its institution ("Sozialdienst Kriens
/// (Sozialhilfe)"), or the institution alone.
fn stelle(i: Institution, text: &Option<String>) -> String {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("{t} ({})", lang(i)),
        None => lang(i).to_string(),
    }
}

/// The office as a sentence names it: its name, else the institution.
fn kurz(i: Institution, text: &Option<String>) -> String {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_string(),
        None => lang(i).to_string(),
    }
}

fn anlass_text(a: Anlass) -> &'static str {
    match a {
        Anlass::ZielErreicht => "das Ziel ist erreicht",
        Anlass::ZielNichtErreichbar => "das Ziel lässt sich nicht erreichen",
        Anlass::Widerruf => "die zuweisende Stelle widerruft den Auftrag",
        Anlass::KgsVerweigert => "die zuweisende Stelle verweigert Kostengutsprachen",
        Anlass::ParalleleFallfuehrung => "die zuweisende Stelle führt den Fall parallel weiter",
        Anlass::KeineEinigung => "keine Einigung beim Übergabegespräch",
        Anlass::Andere => "anderer Anlass",
    }
}

fn kgs_status(k: &Kostengutsprache) -> String {
    let am = |d: Option<NaiveDate>| d.map(|d| format!(" am {}", datum_text(Some(d))));
    match k.status {
        KgsStatus::Beantragt => "beantragt".into(),
        KgsStatus::Bewilligt => format!("bewilligt{}", am(k.entschieden_am).unwrap_or_default()),
        KgsStatus::Abgelehnt => format!("abgelehnt{}", am(k.entschieden_am).unwrap_or_default()),
        KgsStatus::Abgerechnet => match k.abgerechnet {
            Some(b) => format!("abgerechnet, CHF {b}"),
            None => "abgerechnet".into(),
        },
    }
}

fn kgs_tabelle<'a>(kgs: impl Iterator<Item = &'a Kostengutsprache>) -> Block {
    Block::Tabelle {
        kopf: ["Nr", "Massnahme", "Anbieter", "Betrag CHF", "Stand"]
            .map(String::from)
            .to_vec(),
        zeilen: kgs
            .map(|k| {
                vec![
                    k.nr.to_string(),
                    k.massnahme.clone(),
                    k.anbieter.clone(),
                    k.betrag.to_string(),
                    kgs_status(k),
                ]
            })
            .collect(),
    }
}

fn kopf(d: &mut Dokument, f: &Fall, r: &Rahmen) {
    d.angabe("Fall", f.fall.clone());
    d.angabe("Person", person_name(r));
    d.angabe(
        "Zuweisende Stelle",
        stelle(f.antrag.von, &f.antrag.von_stelle),
    );
    d.angabe("OPTIMA-Stelle", stelle(f.antrag.an, &f.antrag.an_stelle));
    if let Some(b) = &f.berater {
        d.angabe("Fallführung", b.clone());
    }
    d.fassung = r.fassung.clone();
    d.fuss = FUSS.into();
}

/// The Gesprächsnotiz of the handover meeting (concept 1380–1397): start of the case work,
/// next meeting, measures / strategy / cost approvals, the explicit declaration "kann und
/// will arbeiten", the participants and their agreement. Not signed. `None` before the
/// handover.
pub fn uebergabe(f: &Fall, r: &Rahmen) -> Option<Dokument> {
    let u = f.uebergabe.as_ref()?;
    let datum = f.uebergabe_datum?;
    let mut d = Dokument::neu("Gesprächsnotiz Übergabegespräch", datum);
    kopf(&mut d, f, r);
    d.angabe("Gespräch vom", datum_text(Some(datum)));
    d.angabe("Beginn der Fallarbeit", datum_text(Some(datum)));
    let ende = f
        .geplantes_ende()
        .map(|e| format!(", geplant bis {}", datum_text(Some(e))))
        .unwrap_or_default();
    d.angabe("Dauer", format!("{} Monate{ende}", f.antrag.dauer));
    d.angabe(
        "Nächstes Standortgespräch",
        datum_text(Some(u.naechstes_gespraech)),
    );
    if let Some(b) = u.befreiung_bis {
        d.angabe(
            "Befreiung von der Stellensuche",
            format!("bis {}", datum_text(Some(b))),
        );
    }
    d.abschnitt("Eingliederungsstrategie", Some(&u.strategie));
    d.abschnitt("Geplante Massnahmen", u.massnahmen.as_deref());
    d.block(Block::Ueberschrift("Kostengutsprachen".into()));
    let am_gespraech: Vec<&Kostengutsprache> = f
        .kostengutsprachen
        .iter()
        .filter(|k| k.beantragt_am == datum)
        .collect();
    if am_gespraech.is_empty() {
        d.block(Block::Text(
            "Im Übergabegespräch wurde keine Kostengutsprache angefordert.".into(),
        ));
    } else {
        d.block(kgs_tabelle(am_gespraech.into_iter()));
    }
    d.block(Block::Ueberschrift("Erklärung der Person".into()));
    d.block(Block::Hervorgehoben(if u.arbeitsfaehig_erklaert {
        "Die Person erklärt ausdrücklich, dass sie arbeiten kann und arbeiten will.".into()
    } else {
        "Keine Erklärung „kann und will arbeiten“ festgehalten (bei dieser Übergabe nicht verlangt)."
            .into()
    }));
    d.block(Block::Ueberschrift("Teilnehmende".into()));
    d.block(Block::Liste(u.teilnehmer.clone()));
    d.block(Block::Hervorgehoben(
        "Alle Teilnehmenden haben den Inhalten dieser Gesprächsnotiz am Ende des Gesprächs zugestimmt (die Teilnahme an OPTIMA ist freiwillig)."
            .into(),
    ));
    d.block(Block::Text(
        "Die Gesprächsnotiz wird nicht unterschrieben.".into(),
    ));
    Some(d)
}

/// The cost-approval form (concept 1406–1440): paying office, person, measure, period,
/// amount by the DLZ AA tariff, provider, no extra expenses, returned signed within 10 days,
/// signature, copies. `None` when the case has no cost approval `nr`.
pub fn kostengutsprache(f: &Fall, nr: u32, r: &Rahmen) -> Option<Dokument> {
    let k = f.kgs(nr)?;
    let mut d = Dokument::neu(format!("Kostengutsprache Nr. {nr}"), k.beantragt_am);
    let zahlend = kurz(f.antrag.von, &f.antrag.von_stelle);
    let durchfuehrend = kurz(f.antrag.an, &f.antrag.an_stelle);
    d.angabe("Fall", f.fall.clone());
    d.angabe(
        "Zuständige (zahlende) Stelle",
        stelle(f.antrag.von, &f.antrag.von_stelle),
    );
    d.angabe("Teilnehmende Person", person_name(r));
    if let Some(p) = r.person {
        d.angabe("AHV-Nummer", p.ahv.clone());
    }
    d.angabe("Massnahme", k.massnahme.clone());
    d.angabe("Dauer", k.zeitraum.clone().unwrap_or_else(|| "–".into()));
    d.angabe(
        "Kosten (gemäss Tarifliste DLZ AA)",
        format!("CHF {}", k.betrag),
    );
    d.angabe("Anbieter", k.anbieter.clone());
    d.angabe("Angefordert am", datum_text(Some(k.beantragt_am)));
    d.angabe(
        "Durchführende Stelle",
        stelle(f.antrag.an, &f.antrag.an_stelle),
    );
    if k.status != KgsStatus::Beantragt {
        d.angabe("Stand", kgs_status(k));
    }
    d.fassung = r.fassung.clone();
    d.block(Block::Text(format!(
        "Mit vorliegender Kostengutsprache bestätigt {zahlend}, die oben stehenden Kosten gemäss der Massnahmenplanung zu übernehmen."
    )));
    d.block(Block::Hervorgehoben(
        "Es werden keine zusätzlichen Spesen übernommen.".into(),
    ));
    d.block(Block::Text(format!(
        "Bei Einverständnis bitten wir Sie, die unterzeichnete Kostengutsprache innerhalb von 10 Tagen an {durchfuehrend} zu retournieren. Massnahmen werden erst eingesetzt, wenn die unterzeichnete Kostengutsprache vorliegt."
    )));
    d.block(Block::Unterschriften(vec![format!(
        "{zahlend}: Vorname, Name, Datum, Unterschrift"
    )]));
    d.block(Block::Text(
        "Kopie geht nach Erhalt der Unterzeichnung an:".into(),
    ));
    let mut kopien = vec!["Dossier".to_string()];
    if f.antrag.an == Institution::Rav {
        kopien.push("DLZ AA Emmenbrücke".into());
    }
    d.block(Block::Liste(kopien));
    d.fuss = FUSS.into();
    Some(d)
}

/// The "Vereinbarung / ALV" of a handover RAV → Sozialhilfe (concept 1930–1999): the
/// exemption period, the duties that remain, the person's signature. `None` when the case
/// is no such handover with an exemption.
pub fn befreiung(f: &Fall, r: &Rahmen) -> Option<Dokument> {
    if (f.antrag.von, f.antrag.an) != (Institution::Rav, Institution::Sh) {
        return None;
    }
    let u = f.uebergabe.as_ref()?;
    let bis = u.befreiung_bis?;
    let von = f.uebergabe_datum?;
    let mut d = Dokument::neu("Vereinbarung / ALV", von);
    d.angabe("Fall", f.fall.clone());
    d.angabe("Versicherte Person", person_name(r));
    if let Some(p) = r.person {
        d.angabe("SV-Nr.", p.ahv.clone());
    }
    d.angabe("RAV", stelle(f.antrag.von, &f.antrag.von_stelle));
    d.angabe("Sozialhilfe", stelle(f.antrag.an, &f.antrag.an_stelle));
    d.angabe(
        "Befreiung",
        format!(
            "vom {} bis {}",
            datum_text(Some(von)),
            datum_text(Some(bis))
        ),
    );
    d.fassung = r.fassung.clone();
    d.block(Block::Text(format!(
        "Gemäss der Anmeldung zur Zusammenarbeit RAV – Sozialberatung werden Sie im Zeitraum vom {} bis {} von {} unterstützt. Während dieser Dauer sind Sie von der Kontrollpflicht bzw. von der Stellensuche befreit. Für allfällige Massnahmen werden in diesem Zeitraum keine Reisekosten oder Spesen vergütet.",
        datum_text(Some(von)),
        datum_text(Some(bis)),
        kurz(f.antrag.an, &f.antrag.an_stelle)
    )));
    d.block(Block::Ueberschrift("Was weiterhin gilt".into()));
    d.block(Block::Liste(vec![
        "Arbeitsunfähigkeit (Krankheit, Unfall) und andere Abwesenheiten melden Sie weiterhin umgehend Ihrer RAV-Beratungsperson.".into(),
        "Damit der Bezug Ihrer Taggelder gewährleistet bleibt, füllen Sie monatlich das Formular „Angaben der versicherten Person“ aus und reichen es dem zuständigen Gemeindearbeitsamt ein; Punkt 3 so, wie es Ihnen Ihre RAV-Beratungsperson angibt, alle anderen Angaben wie bis anhin.".into(),
    ]));
    d.block(Block::Unterschriften(vec![
        "Datum und Unterschrift der versicherten Person".into(),
        "RAV-Beratungsperson".into(),
    ]));
    d.block(Block::Text(
        "Kopie an die zuständige Arbeitslosenkasse.".into(),
    ));
    d.fuss = FUSS.into();
    Some(d)
}

/// The note of progress meeting `nr` (1, 2, … in order; concept 1476–1498): the decision
/// about continuing, the measures planned, the next date. Not signed.
pub fn standort(f: &Fall, nr: usize, r: &Rahmen) -> Option<Dokument> {
    let s = f.standorte.get(nr.checked_sub(1)?)?;
    let mut d = Dokument::neu(format!("Gesprächsnotiz Standortgespräch Nr. {nr}"), s.datum);
    kopf(&mut d, f, r);
    if let Some(b) = &s.berater {
        // A change of the advisor at this meeting.
        d.angaben.retain(|(k, _)| k != "Fallführung");
        d.angabe("Fallführung", b.clone());
    }
    d.angabe("Gespräch vom", datum_text(Some(s.datum)));
    d.angabe(
        "Nächstes Standortgespräch",
        datum_text(Some(s.naechstes_gespraech)),
    );
    d.block(Block::Ueberschrift(
        "Entscheid über die Weiterführung der Fallarbeit".into(),
    ));
    d.block(Block::Text(match s.verlaengern_bis {
        Some(bis) => format!(
            "Die Fallarbeit wird begründet verlängert bis {}.",
            datum_text(Some(bis))
        ),
        None => "Die Fallarbeit wird weitergeführt.".into(),
    }));
    d.abschnitt(
        "Stand der bisherigen Aktivitäten und Zielerreichung",
        s.stand.as_deref(),
    );
    d.abschnitt("Geplante weitere Massnahmen", s.massnahmen.as_deref());
    d.block(Block::Text(
        "Die Gesprächsnotiz wird nicht unterschrieben.".into(),
    ));
    Some(d)
}

/// The note of the closing meeting for the referring office (concept 1499–1541): reason and
/// occasion, the cost approvals, the case documents handed over (`beilagen`). No closing
/// report. `None` before the closure.
pub fn abschluss(f: &Fall, beilagen: &[String], r: &Rahmen) -> Option<Dokument> {
    let a = f.abschluss.as_ref()?;
    let datum = f.abschluss_datum?;
    let mut d = Dokument::neu("Gesprächsnotiz Abschlussgespräch", datum);
    kopf(&mut d, f, r);
    d.angabe("Gespräch vom", datum_text(Some(datum)));
    if let Some(b) = f.uebergabe_datum {
        d.angabe("Beginn der Fallarbeit", datum_text(Some(b)));
    }
    d.angabe("Ergebnis", a.grund.bezeichnung());
    if let Some(an) = a.anlass {
        d.angabe("Anlass", anlass_text(an));
    }
    d.abschnitt("Bemerkung", a.bemerkung.as_deref());
    d.block(Block::Ueberschrift("Kostengutsprachen".into()));
    if f.kostengutsprachen.is_empty() {
        d.block(Block::Text("Keine.".into()));
    } else {
        d.block(kgs_tabelle(f.kostengutsprachen.iter()));
    }
    d.block(Block::Ueberschrift(
        "An die zuweisende Stelle übergebene Falldokumente".into(),
    ));
    d.block(Block::Liste(beilagen.to_vec()));
    d.block(Block::Text(
        "Die Zusammenarbeit ist beendet. Es wird kein Abschlussbericht erstellt; die Gesprächsnotiz wird nicht unterschrieben."
            .into(),
    ));
    Some(d)
}
