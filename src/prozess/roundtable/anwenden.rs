//! **Apply**: what a recorded Roundtable event does to the case state. Refuses nothing for
//! a rule; fails only on a structurally impossible journal.

use super::*;
use crate::prozess::{Schritt, Strukturfehler};
use chrono::NaiveDate;

pub fn anwenden(
    fall: Option<Fall>,
    id: &str,
    datum: NaiveDate,
    benutzer: &str,
    ereignis: &Ereignis,
) -> Result<Fall, Strukturfehler> {
    let mut fall = match (fall, ereignis) {
        (None, Ereignis::Anmeldung(a)) => return Ok(neu(id, datum, benutzer, a)),
        (None, _) => {
            return Err(Strukturfehler(format!(
                "Fall {id} beginnt nicht mit einer Anmeldung"
            )));
        }
        (Some(f), Ereignis::Anmeldung(_)) => {
            return Err(Strukturfehler(format!(
                "Fall {} hat bereits eine Anmeldung",
                f.fall
            )));
        }
        (Some(f), _) => f,
    };
    match ereignis {
        Ereignis::Anmeldung(_) => {}
        Ereignis::KeinProzess(k) => {
            fall.status = Status::KeinProzess;
            fall.kein_prozess = Some(k.clone());
            fall.ende_datum = Some(datum);
        }
        Ereignis::Gespraech(g) => {
            fall.status = Status::Laufend;
            // Tasks recorded without a number (journals of earlier versions) are numbered
            // after the highest so far, as they were then (there numbers ran 1, 2, …).
            let erste = fall.aufgaben.iter().map(|t| t.nr).max().unwrap_or(0) + 1;
            for (platz, a) in (erste..).zip(&g.aufgaben) {
                fall.aufgaben.push(AufgabeStand {
                    nr: a.nr.unwrap_or(platz),
                    gespraech: g.nr,
                    was: a.was.clone(),
                    wer: a.wer.clone(),
                    bis: a.bis,
                    erledigt: None,
                });
            }
            if g.fallfuehrung.is_some() {
                fall.fallfuehrung = g.fallfuehrung;
                fall.fallfuehrung_person = g.fallfuehrung_person.clone();
            }
            fall.naechstes_gespraech = g.naechstes_gespraech;
            fall.gespraeche.push(GespraechStand {
                nr: g.nr,
                datum,
                teilnehmer: g.teilnehmer.clone(),
                analyse: g.analyse.clone(),
                ziele: g.ziele.clone(),
                naechstes_gespraech: g.naechstes_gespraech,
                fallfuehrung: fall.fallfuehrung,
                fallfuehrung_person: fall.fallfuehrung_person.clone(),
                vereinbart: g.vereinbart,
            });
        }
        Ereignis::Begleitung(b) => {
            fall.status = Status::Laufend;
            fall.begleitungen.push(Notiz {
                datum,
                notiz: b.notiz.clone(),
            });
        }
        Ereignis::AufgabeErledigt(a) => {
            let id = fall.fall.clone();
            let t = fall
                .aufgaben
                .iter_mut()
                .find(|t| t.nr == a.nr)
                .ok_or_else(|| {
                    Strukturfehler(format!("Fall {id} hat keine Aufgabe Nr. {}", a.nr))
                })?;
            t.erledigt = Some(datum);
        }
        Ereignis::Abschluss(a) => {
            fall.status = Status::Abgeschlossen;
            fall.abschluss = Some(a.clone());
            fall.ende_datum = Some(datum);
            fall.naechstes_gespraech = None;
        }
        Ereignis::Anonymisiert(_) => fall.anonymisiert = true,
        Ereignis::OptimaAuftrag(o) => fall.optima_auftraege.push((o.fall.clone(), o.antrag_datum)),
    }
    fall.letztes_datum = fall.letztes_datum.max(datum);
    fall.verlauf.push(Schritt {
        datum,
        ereignis: ereignis.bezeichnung(),
        benutzer: benutzer.to_string(),
    });
    Ok(fall)
}

fn neu(id: &str, datum: NaiveDate, benutzer: &str, a: &Anmeldung) -> Fall {
    Fall {
        fall: id.to_string(),
        status: Status::Angemeldet,
        anmeldung: a.clone(),
        anmelde_datum: datum,
        gespraeche: Vec::new(),
        aufgaben: Vec::new(),
        begleitungen: Vec::new(),
        fallfuehrung: None,
        fallfuehrung_person: None,
        naechstes_gespraech: None,
        kein_prozess: None,
        abschluss: None,
        ende_datum: None,
        anonymisiert: false,
        optima_auftraege: Vec::new(),
        letztes_datum: datum,
        verlauf: vec![Schritt {
            datum,
            ereignis: "Anmeldung",
            benutzer: benutzer.to_string(),
        }],
    }
}
