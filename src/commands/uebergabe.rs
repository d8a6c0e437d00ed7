//! `iiz uebergabe FALL`: the handover meeting (Übergabegespräch, concept 3.2.1). From now
//! on the aufnehmende Stelle leads the case alone.

use super::{Erfasst, Umgebung, erfassen, fall_lesen, optima_vorlage, texte_pruefen};
use crate::cli::UebergabeArgs;
use crate::cli::eingabe::Nachfrage;
use crate::fehler::Fehler;
use crate::prozess::optima::regeln;
use crate::prozess::optima::*;

pub fn ausfuehren(u: &Umgebung, mut a: UebergabeArgs) -> Result<Erfasst, Fehler> {
    let mut korrektur = a.korrektur.korrektur()?;
    let mut n = Nachfrage::neu(u.interaktiv);
    if let Some((alt, mut v)) =
        optima_vorlage(u, &a.fall, &mut korrektur, &a.korrektur.ohne, &mut n)?
    {
        let Ereignis::Uebergabe(alt) = alt else {
            return Err(v.andere_art(alt.bezeichnung()));
        };
        v.pflicht(&mut a.naechstes_gespraech, alt.naechstes_gespraech);
        v.pflicht(&mut a.strategie, alt.strategie);
        v.feld("massnahmen", &mut a.massnahmen, alt.massnahmen);
        v.liste("teilnehmer", &mut a.teilnehmer, alt.teilnehmer);
        v.schalter("zustimmung", &mut a.zustimmung, alt.zustimmung);
        v.schalter(
            "arbeitsfaehig-erklaert",
            &mut a.arbeitsfaehig_erklaert,
            alt.arbeitsfaehig_erklaert,
        );
        v.feld("befreiung-bis", &mut a.befreiung_bis, alt.befreiung_bis);
        v.feld("dauer", &mut a.dauer, alt.dauer);
        v.feld("rav-anmeldung", &mut a.rav_anmeldung, alt.rav_anmeldung);
        v.fertig()?;
    }
    n.datum(
        &mut a.naechstes_gespraech,
        "--naechstes-gespraech",
        "Termin des ersten Standortgesprächs",
    )?;
    n.text(&mut a.strategie, "--strategie", "Eingliederungsstrategie")?;
    n.fertig()?;
    if u.interaktiv {
        // Ask only what this case needs; the rules decide either way.
        let fall = fall_lesen(u, &a.fall)?;
        n.bestaetigen(
            &mut a.zustimmung,
            "Stimmen alle Teilnehmenden der Gesprächsnotiz zu?",
        )?;
        if regeln::arbeitsfaehig_erklaert_noetig(&fall.antrag) {
            n.bestaetigen(
                &mut a.arbeitsfaehig_erklaert,
                "Erklärt die Person ausdrücklich, arbeiten zu können und zu wollen?",
            )?;
        }
        if regeln::befreiung_noetig(&fall.antrag) {
            n.datum(
                &mut a.befreiung_bis,
                "--befreiung-bis",
                "Befreiung von den Arbeitsbemühungen bis",
            )?;
        }
    }
    let mut felder = vec![
        ("--strategie", a.strategie.as_deref()),
        ("--massnahmen", a.massnahmen.as_deref()),
    ];
    felder.extend(
        a.teilnehmer
            .iter()
            .map(|t| ("--teilnehmer", Some(t.as_str()))),
    );
    texte_pruefen(&felder)?;
    let ereignis = Ereignis::Uebergabe(Uebergabe {
        naechstes_gespraech: a.naechstes_gespraech.unwrap_or(u.heute),
        strategie: a.strategie.unwrap_or_default(),
        massnahmen: a.massnahmen,
        teilnehmer: a.teilnehmer,
        zustimmung: a.zustimmung,
        arbeitsfaehig_erklaert: a.arbeitsfaehig_erklaert,
        befreiung_bis: a.befreiung_bis,
        dauer: a.dauer,
        rav_anmeldung: a.rav_anmeldung,
    });
    let (fall, _) = erfassen(u, &a.fall, a.datum.am, korrektur, &n, |_, _| Ok(ereignis))?;
    let mut erfasst = Erfasst::aus(&fall);
    // Recorded all the same; said so that the office thinks of it.
    erfasst.hinweise = regeln::uebergabe_hinweise(&fall_lesen(u, &erfasst.fall)?);
    Ok(erfasst)
}
