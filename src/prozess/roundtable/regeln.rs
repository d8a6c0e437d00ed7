//! The Roundtable rules (spec §9; annual report 2023 line 58 ff. and 100–106; concept 2.3,
//! reference line ~1198). **Decide** only: pure, no files, no clock. Every rule is listed
//! with its source in `docs/regeln.md`.

use super::*;
use crate::prozess::Kontext;
use crate::prozess::Prozess;
use crate::prozess::grundregeln::{self, Eroeffnung, rahmen};
use chrono::NaiveDate;
use thiserror::Error;

/// A violated rule. The message is one German sentence: what is wrong, what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Regelverletzung {
    #[error("{0}")]
    FalscherStatus(String),
    #[error(
        "Ohne Einverständnis der Person kann kein Roundtable angemeldet werden – Einverständnis einholen und mit --einverstaendnis erfassen."
    )]
    OhneEinverstaendnis,
    #[error(
        "Bei --anmeldende-stelle andere ist --anmeldende-stelle-text nötig – z. B. \"Mandatszentrum Luzern-Land\" angeben."
    )]
    AndereOhneText,
    #[error(
        "Für diese Person ist bereits der Roundtable {0} offen – zuerst diesen abschliessen ('iiz rt abschluss {0} …')."
    )]
    OffenerFall(String),
    /// A rule every service shares (`prozess::grundregeln`).
    #[error(transparent)]
    Grund(#[from] crate::prozess::grundregeln::Grundregel),
    #[error(
        "{was} ({termin}) muss nach dem Gesprächsdatum {datum} liegen – späteres Datum angeben."
    )]
    TerminZuFrueh {
        was: String,
        termin: NaiveDate,
        datum: NaiveDate,
    },
    #[error("Ungültiger Wert für {feld}: {grund}.")]
    UngueltigerWert { feld: &'static str, grund: String },
    #[error(
        "Das erste Roundtable-Gespräch von Fall {fall} braucht die Standortanalyse und den Ziel- und Handlungsplan – es fehlen: {fehlt}."
    )]
    ErstesGespraechUnvollstaendig { fall: String, fehlt: String },
    #[error("Fall {fall} hat keine Aufgabe Nr. {nr} – die Aufgaben zeigt 'iiz zeige {fall}'.")]
    AufgabeUnbekannt { fall: String, nr: u32 },
    #[error("Aufgabe Nr. {nr} von Fall {fall} ist bereits erledigt.")]
    AufgabeErledigt { fall: String, nr: u32 },
    #[error(
        "--loesung gehört zu --grund loesung (Weiterbegleitung in Regelstruktur oder IV-Rente) – weglassen oder Grund ändern."
    )]
    LoesungOhneGrund,
    #[error("Die Personendaten von Fall {0} sind bereits gelöscht.")]
    BereitsAnonymisiert(String),
    #[error("Das Journal passt nicht zu den Regeln: {0}")]
    Inkonsistent(String),
}

type Ergebnis<T> = Result<T, Regelverletzung>;

/// Three or more parties make a Roundtable (annual report line 73); fewer is a warning.
pub const MINDEST_PARTEIEN: usize = 3;

/// The warnings of a registration: registered all the same.
pub fn warnungen(a: &Anmeldung) -> Vec<String> {
    let n = Fall::parteien(a);
    if n < MINDEST_PARTEIEN {
        vec![format!(
            "Nur {n} Partei(en) beteiligt (anmeldende Stelle und --beteiligte) – ein Roundtable ist für Fälle mit drei oder mehr Beteiligten gedacht."
        )]
    } else {
        Vec::new()
    }
}

fn leer(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|t| t.trim().is_empty())
}

fn falscher_status(fall: &Fall, schritt: &str) -> Regelverletzung {
    let id = &fall.fall;
    Regelverletzung::FalscherStatus(match fall.status {
        Status::KeinProzess => format!(
            "Roundtable {id} wurde ohne Prozess beendet – '{schritt}' ist nicht mehr möglich."
        ),
        Status::Abgeschlossen => format!(
            "Roundtable {id} ist bereits abgeschlossen – es können keine weiteren Schritte erfasst werden."
        ),
        Status::Laufend => format!(
            "Roundtable {id} ist bereits begleitet (Gespräch oder Begleitung erfasst) – '{schritt}' ist nur vorher möglich."
        ),
        Status::Angemeldet => {
            format!("Roundtable {id}: '{schritt}' ist in diesem Stand nicht möglich.")
        }
    })
}

/// **Decide**: may this event be recorded now?
pub fn entscheiden(
    fall: Option<&Fall>,
    id: &str,
    datum: NaiveDate,
    ereignis: &Ereignis,
    ctx: &Kontext,
) -> Ergebnis<()> {
    let eroeffnet = matches!(ereignis, Ereignis::Anmeldung(_));
    let Some(fall) = rahmen(fall, id, datum, ctx.heute, eroeffnet, EROEFFNUNG)? else {
        return match ereignis {
            Ereignis::Anmeldung(a) => anmeldung(datum, a, ctx),
            _ => Ok(()),
        };
    };
    match ereignis {
        Ereignis::Anmeldung(_) => {}
        Ereignis::KeinProzess(k) => {
            if fall.status != Status::Angemeldet {
                return Err(falscher_status(fall, "rt kein-prozess"));
            }
            if k.grund.trim().is_empty() {
                return Err(Regelverletzung::UngueltigerWert {
                    feld: "--grund",
                    grund: "darf nicht leer sein".into(),
                });
            }
        }
        Ereignis::Gespraech(g) => {
            if !fall.status.ist_offen() {
                return Err(falscher_status(fall, "rt gespraech"));
            }
            // Numbers are identities: a void leaves a gap, a number is never given twice.
            if g.nr == 0 || fall.gespraeche.iter().any(|x| x.nr == g.nr) {
                return Err(Regelverletzung::Inkonsistent(format!(
                    "Gespräch Nr. {} ist schon vergeben",
                    g.nr
                )));
            }
            if let Some(nr) = g
                .aufgaben
                .iter()
                .filter_map(|a| a.nr)
                .find(|nr| *nr == 0 || fall.aufgaben.iter().any(|t| t.nr == *nr))
            {
                return Err(Regelverletzung::Inkonsistent(format!(
                    "Aufgabe Nr. {nr} ist schon vergeben"
                )));
            }
            if g.teilnehmer.iter().all(|t| t.trim().is_empty()) {
                return Err(Regelverletzung::UngueltigerWert {
                    feld: "--teilnehmer",
                    grund: "mindestens eine teilnehmende Person oder Stelle angeben".into(),
                });
            }
            if fall.gespraeche.is_empty() {
                let mut fehlt = Vec::new();
                if leer(&g.analyse) {
                    fehlt.push("--analyse");
                }
                if leer(&g.ziele) {
                    fehlt.push("--ziele");
                }
                if g.aufgaben.is_empty() {
                    fehlt.push("--aufgabe \"WAS|WER|BIS\"");
                }
                if g.fallfuehrung.is_none() {
                    fehlt.push("--fallfuehrung");
                }
                if !fehlt.is_empty() {
                    return Err(Regelverletzung::ErstesGespraechUnvollstaendig {
                        fall: fall.fall.clone(),
                        fehlt: fehlt.join(", "),
                    });
                }
            }
            for a in &g.aufgaben {
                if a.was.trim().is_empty() || a.wer.trim().is_empty() {
                    return Err(Regelverletzung::UngueltigerWert {
                        feld: "--aufgabe",
                        grund: "WAS und WER dürfen nicht leer sein (Form \"WAS|WER|BIS\")".into(),
                    });
                }
                if a.bis < datum {
                    return Err(Regelverletzung::TerminZuFrueh {
                        was: format!("Die Frist der Aufgabe \"{}\"", a.was),
                        termin: a.bis,
                        datum,
                    });
                }
            }
            if let Some(n) = g.naechstes_gespraech
                && n <= datum
            {
                return Err(Regelverletzung::TerminZuFrueh {
                    was: "Das nächste Gespräch".into(),
                    termin: n,
                    datum,
                });
            }
        }
        Ereignis::Begleitung(b) => {
            if !fall.status.ist_offen() {
                return Err(falscher_status(fall, "rt begleitung"));
            }
            if b.notiz.trim().is_empty() {
                return Err(Regelverletzung::UngueltigerWert {
                    feld: "--notiz",
                    grund: "darf nicht leer sein".into(),
                });
            }
        }
        Ereignis::AufgabeErledigt(a) => {
            if !fall.status.ist_offen() {
                return Err(falscher_status(fall, "rt aufgabe"));
            }
            let Some(t) = fall.aufgaben.iter().find(|t| t.nr == a.nr) else {
                return Err(Regelverletzung::AufgabeUnbekannt {
                    fall: fall.fall.clone(),
                    nr: a.nr,
                });
            };
            if t.erledigt.is_some() {
                return Err(Regelverletzung::AufgabeErledigt {
                    fall: fall.fall.clone(),
                    nr: a.nr,
                });
            }
        }
        Ereignis::Abschluss(a) => {
            if !fall.status.ist_offen() {
                return Err(falscher_status(fall, "rt abschluss"));
            }
            if a.loesung.is_some() && a.grund != Grund::Loesung {
                return Err(Regelverletzung::LoesungOhneGrund);
            }
        }
        // A link, not a step of the process: also after the end (the application may be
        // recorded after the Roundtable closed with "Weiterbegleitung über OPTIMA").
        Ereignis::OptimaAuftrag(o) => {
            if fall.anonymisiert {
                return Err(Regelverletzung::BereitsAnonymisiert(fall.fall.clone()));
            }
            if fall.optima_auftraege.iter().any(|(f, _)| *f == o.fall) {
                return Err(Regelverletzung::Inkonsistent(format!(
                    "{} ist schon als Optima-Auftrag von {} erfasst",
                    o.fall, fall.fall
                )));
            }
        }
        Ereignis::Anonymisiert(_) => {
            if fall.status.ist_offen() {
                return Err(Regelverletzung::FalscherStatus(format!(
                    "Roundtable {} ist noch offen – nur abgeschlossene oder ohne Prozess beendete Fälle können anonymisiert werden.",
                    fall.fall
                )));
            }
            if fall.anonymisiert {
                return Err(Regelverletzung::BereitsAnonymisiert(fall.fall.clone()));
            }
        }
    }
    Ok(())
}

const EROEFFNUNG: Eroeffnung = Eroeffnung {
    unbestimmt: "einer Anmeldung",
    bestimmt: "eine Anmeldung",
};

/// **Decide** for a case of the old tool (`import --altbestand`, spec §11): the shared
/// frame, a plausible birth year, and the order registration → closure or "kein Prozess".
/// The old tool recorded no parties, concern or reason: none is asked.
pub fn altbestand(
    fall: Option<&Fall>,
    id: &str,
    datum: NaiveDate,
    ereignis: &Ereignis,
    heute: NaiveDate,
) -> Ergebnis<()> {
    let eroeffnet = matches!(ereignis, Ereignis::Anmeldung(_));
    let Some(fall) = rahmen(fall, id, datum, heute, eroeffnet, EROEFFNUNG)? else {
        if let Ereignis::Anmeldung(a) = ereignis
            && let Some(j) = a.geburtsjahr
        {
            grundregeln::geburtsjahr_plausibel(j, datum)?;
        }
        return Ok(());
    };
    match (ereignis, fall.status) {
        (Ereignis::Abschluss(_) | Ereignis::KeinProzess(_), Status::Angemeldet) => Ok(()),
        (Ereignis::Abschluss(_), _) => Err(falscher_status(fall, "rt abschluss")),
        (Ereignis::KeinProzess(_), _) => Err(falscher_status(fall, "rt kein-prozess")),
        (e, _) => Err(grundregeln::Grundregel::NichtImAltbestand {
            fall: fall.fall.clone(),
            schritt: super::Roundtable::bezeichnung(e),
        }
        .into()),
    }
}

fn anmeldung(datum: NaiveDate, a: &Anmeldung, ctx: &Kontext) -> Ergebnis<()> {
    if !a.einverstaendnis {
        return Err(Regelverletzung::OhneEinverstaendnis);
    }
    if a.anmeldende_stelle == Stelle::Andere && leer(&a.anmeldende_stelle_text) {
        return Err(Regelverletzung::AndereOhneText);
    }
    if let Some(offen) = ctx.offene_faelle.first() {
        return Err(Regelverletzung::OffenerFall(offen.clone()));
    }
    if a.beteiligte.is_empty() {
        return Err(Regelverletzung::UngueltigerWert {
            feld: "--beteiligte",
            grund: "mindestens eine beteiligte Stelle angeben".into(),
        });
    }
    if a.anliegen.trim().is_empty() {
        return Err(Regelverletzung::UngueltigerWert {
            feld: "--anliegen",
            grund: "darf nicht leer sein".into(),
        });
    }
    if a.geburtsjahr
        .is_some_and(|j| j > chrono::Datelike::year(&datum))
    {
        return Err(Regelverletzung::UngueltigerWert {
            feld: "--geburtsdatum",
            grund: "liegt nach dem Anmeldedatum".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
