//! The OPTIMA rules (spec §3, concept chapters 3–5). Pure: no files, no clock, no terminal.
//! `entscheiden` says whether one event may be recorded on a case state (decide); applying it
//! is `anwenden`'s (apply).
//! Every rule is listed with its source in `docs/regeln.md`.

use super::anwenden::anwenden;
use crate::prozess::Prozess;
use crate::prozess::grundregeln::{self, Eroeffnung, rahmen};
use crate::prozess::optima::*;
use chrono::{Months, NaiveDate};
use thiserror::Error;

/// A violated hard rule. The message is one German sentence: what is wrong, what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Regelverletzung {
    #[error("{0}")]
    FalscherStatus(String),
    #[error(
        "Ohne Einverständnis der Person kann kein Antrag erfasst werden – Einverständnis einholen und mit --einverstaendnis erfassen."
    )]
    OhneEinverstaendnis,
    #[error(
        "Zuweisende und aufnehmende Stelle sind beide {0} – bei gleichem Institutionstyp müssen --von-stelle und --an-stelle zwei verschiedene Stellen nennen."
    )]
    GleicheStelle(String),
    #[error(
        "Für diese Person ist bereits der Fall {0} offen – zuerst diesen Fall abschliessen ('iiz abschluss {0} …')."
    )]
    OffenerFall(String),
    /// A rule every service shares (`prozess::grundregeln`).
    #[error(transparent)]
    Grund(#[from] crate::prozess::grundregeln::Grundregel),
    #[error(
        "{was} ({termin}) muss nach dem Ereignisdatum {datum} liegen – späteres Datum angeben."
    )]
    TerminZuFrueh {
        was: &'static str,
        termin: NaiveDate,
        datum: NaiveDate,
    },
    #[error("{was} ({wert}) liegt nach dem Antragsdatum {datum} – Datum prüfen.")]
    DatumNachAntrag {
        was: &'static str,
        wert: NaiveDate,
        datum: NaiveDate,
    },
    #[error("Ungültiger Wert für {feld}: {grund}.")]
    UngueltigerWert { feld: &'static str, grund: String },
    #[error(
        "Fall {fall} verletzt Aufnahmekriterien ({kriterien}) – mit --abweichung \"Begründung\" annehmen oder mit --ablehnen GRUND ablehnen."
    )]
    KriterienVerletzt { fall: String, kriterien: String },
    #[error(
        "Ohne Zustimmung aller Teilnehmenden kommt keine Zusammenarbeit zustande – Zustimmung mit --zustimmung erfassen oder den Fall mit 'iiz abschluss {0} --grund sonstige --anlass keine-einigung' beenden."
    )]
    OhneZustimmung(String),
    #[error(
        "Bei Übergabe an das RAV oder die IV muss die Person ausdrücklich erklären, dass sie arbeiten kann und will – mit --arbeitsfaehig-erklaert erfassen."
    )]
    OhneArbeitsfaehigErklaert,
    #[error(
        "Bei Übergabe vom RAV an die Sozialhilfe ist die Befreiung von den Arbeitsbemühungen zu vereinbaren – mit --befreiung-bis DATUM erfassen."
    )]
    OhneBefreiung,
    #[error(
        "Bei Fällen an die IV werden im Übergabegespräch keine Kostengutsprachen ausgefertigt (Konzept 3.2.2) – erst nach der Übergabe beantragen."
    )]
    KgsBeiIvUebergabe,
    #[error(
        "Fall {fall} hat keine Kostengutsprache Nr. {nr} – die Nummern zeigt 'iiz zeige {fall}'."
    )]
    KgsUnbekannt { fall: String, nr: u32 },
    #[error("Kostengutsprache Nr. {nr} von Fall {fall} ist {status}, nicht {erwartet} – {was_tun}")]
    KgsFalscherStatus {
        fall: String,
        nr: u32,
        status: KgsStatus,
        erwartet: &'static str,
        was_tun: &'static str,
    },
    #[error(
        "Der Rechnungsbetrag {betrag} CHF übersteigt die bewilligten {bewilligt} CHF – Betrag prüfen oder mit --abweichung \"Begründung\" erfassen."
    )]
    BetragUeberBewilligt { betrag: Rappen, bewilligt: Rappen },
    #[error("Ungültiger Betrag '{eingabe}': {grund} – Betrag in CHF angeben, z. B. 1'250.50.")]
    UngueltigerBetrag {
        eingabe: String,
        grund: &'static str,
    },
    #[error(
        "Fall {fall} hat die Kostengutsprache Nr. {nr} noch pendent – zuerst bewilligen oder ablehnen lassen ('iiz kostengutsprache {fall} bewilligen {nr}')."
    )]
    KgsPendent { fall: String, nr: u32 },
    #[error(
        "Anlass kgs-verweigert setzt eine abgelehnte Kostengutsprache voraus, Fall {0} hat keine – anderen Anlass wählen."
    )]
    KeineVerweigerteKgs(String),
    #[error(
        "Anlass ziel-erreicht widerspricht dem Grund nicht-umgesetzt – Grund oder Anlass korrigieren."
    )]
    ZielErreichtNichtUmgesetzt,
    #[error(
        "Fall {0} wurde nicht übergeben und kann nur mit --grund sonstige abgeschlossen werden (keine Einigung beim Übergabegespräch)."
    )]
    AbschlussOhneUebergabe(String),
    #[error(
        "Für die Ablehnung mit Grund 'sonstige' ist eine --bemerkung nötig – Grund kurz angeben."
    )]
    BemerkungFehlt,
    #[error(
        "Die Verlängerung bis {bis} endet nicht nach dem geplanten Ende {ende} – ein späteres Datum angeben."
    )]
    KeineVerlaengerung { bis: NaiveDate, ende: NaiveDate },
    #[error(
        "Eine Verlängerung über die geplante Dauer hinaus braucht eine Begründung – mit --stand \"…\" erfassen."
    )]
    VerlaengerungOhneBegruendung,
    #[error(
        "Fall {0} verletzt kein Aufnahmekriterium – eine Abweichung gibt es nur von einem verletzten Kriterium; --abweichung weglassen."
    )]
    AbweichungOhneKriterium(String),
    #[error(
        "Der Rechnungsbetrag {betrag} CHF übersteigt die bewilligten {bewilligt} CHF nicht – --abweichung weglassen."
    )]
    AbweichungOhneUeberschreitung { betrag: Rappen, bewilligt: Rappen },
    #[error(
        "Eine Kostengutsprache gilt erst mit Unterschrift der zuweisenden Stelle – wer unterzeichnet hat, mit --unterzeichnet \"Name\" erfassen."
    )]
    OhneUnterschrift,
    #[error("Die Personendaten von Fall {0} sind bereits gelöscht.")]
    BereitsAnonymisiert(String),
    #[error("Das Journal passt nicht zu den Regeln: {0}")]
    Inkonsistent(String),
}

type Ergebnis<T> = Result<T, Regelverletzung>;

pub use crate::prozess::Kontext;

/// The highest amount a single cost approval may carry, in Rappen (CHF 1'000'000).
pub const BETRAG_MAX: u64 = 100_000_000;

/// CHF amount: digits with `'` as thousands separator, at most two decimals, > 0 and
/// ≤ 1'000'000. Stored as integer Rappen so that sums are exact.
pub fn betrag_parsen(eingabe: &str) -> Ergebnis<Rappen> {
    let fehler = |grund| {
        Err(Regelverletzung::UngueltigerBetrag {
            eingabe: eingabe.chars().take(40).collect(),
            grund,
        })
    };
    let s = eingabe.trim();
    let s = s
        .strip_prefix("CHF")
        .or_else(|| s.strip_prefix("Fr."))
        .unwrap_or(s)
        .trim();
    if s.starts_with('-') {
        return fehler("muss grösser als 0 sein");
    }
    let (ganz, bruch) = match s.split_once('.') {
        Some((g, b)) => (g, b),
        None => (s, ""),
    };
    if ganz.is_empty() || !ganz.chars().all(|c| c.is_ascii_digit() || c == '\'') {
        return fehler("nur Ziffern, ' als Tausendertrennzeichen und . vor den Rappen");
    }
    let gruppen: Vec<&str> = ganz.split('\'').collect();
    if gruppen.len() > 1
        && (gruppen[0].is_empty()
            || gruppen[0].len() > 3
            || gruppen[1..].iter().any(|g| g.len() != 3))
    {
        return fehler("Tausendertrennzeichen an falscher Stelle");
    }
    if bruch.len() > 2 || !bruch.chars().all(|c| c.is_ascii_digit()) || s.ends_with('.') {
        return fehler("höchstens zwei Nachkommastellen");
    }
    let franken: String = ganz.chars().filter(|c| *c != '\'').collect();
    if franken.len() > 9 {
        return fehler("höchstens 1'000'000 CHF");
    }
    let franken: u64 = franken.parse().unwrap_or(u64::MAX);
    let rappen: u64 = format!("{bruch:0<2}").parse().unwrap_or(0);
    let total = franken * 100 + rappen;
    if total == 0 {
        return fehler("muss grösser als 0 sein");
    }
    if total > BETRAG_MAX {
        return fehler("höchstens 1'000'000 CHF");
    }
    Ok(Rappen(total))
}

/// Target group of concept chapter 4, from (von, an) and the status at application time.
/// `None` for a handover within one institution type.
pub fn zielgruppe(
    von: Institution,
    an: Institution,
    bezug: &[Bezug],
    iv_offen: bool,
) -> Option<Zielgruppe> {
    use Institution::*;
    let ale = bezug.contains(&Bezug::Ale);
    let sozialhilfe = bezug.contains(&Bezug::Wsh) || bezug.contains(&Bezug::Sozialberatung);
    let iv_verfahren =
        iv_offen || bezug.contains(&Bezug::IvVerfahren) || bezug.contains(&Bezug::IvEingliederung);
    let (ja, nein) = match (von, an) {
        (Iv, Rav) => (ale, Zielgruppe::A),
        (Rav, Iv) => (iv_verfahren, Zielgruppe::F),
        (Iv, Sh) => (sozialhilfe, Zielgruppe::C),
        (Sh, Iv) => (iv_verfahren, Zielgruppe::E),
        (Rav, Sh) => (sozialhilfe, Zielgruppe::G),
        (Sh, Rav) => (ale, Zielgruppe::H),
        _ => return None,
    };
    let mit = match (von, an) {
        (Iv, Rav) | (Rav, Iv) => Zielgruppe::B,
        (Iv, Sh) | (Sh, Iv) => Zielgruppe::D,
        _ => Zielgruppe::I,
    };
    Some(if ja { mit } else { nein })
}

/// The pre-check at application time (spec §3.2): target group, violated acceptance
/// criteria and hints. Violations do not block the application.
pub fn vorpruefung(
    a: &Antrag,
    datum: NaiveDate,
) -> (Option<Zielgruppe>, Vec<Kriterium>, Vec<Hinweis>) {
    let mut k = Vec::new();
    let mut h = Vec::new();
    let intakt = a.arbeitsangebot == Arbeitsangebot::Intakt;
    match a.an {
        Institution::Rav => {
            if !intakt {
                k.push(Kriterium::ArbeitsangebotNichtIntakt);
            }
            if a.arbeitsausfall.is_some_and(|p| p > 80) {
                k.push(Kriterium::ArbeitsausfallUeber80);
            }
            if a.iv_offen {
                k.push(Kriterium::IvOffen);
            }
            // Evaluation, reference line 416–420: social services do not usually hand a person
            // to the RAV who was registered there within the last 6 months.
            let grenze = datum.checked_sub_months(Months::new(6)).unwrap_or(datum);
            if a.von == Institution::Sh && a.rav_abmeldung.is_some_and(|d| d >= grenze) {
                h.push(Hinweis::RavKuerzlichAngemeldet);
            }
        }
        Institution::Iv => {
            if !intakt {
                k.push(Kriterium::ArbeitsangebotNichtIntakt);
            }
            if a.gesundheitsschaden_iv {
                k.push(Kriterium::GesundheitsschadenIv);
            }
            if a.unterstuetzungsbedarf == Some(false) {
                k.push(Kriterium::KeinUnterstuetzungsbedarf);
            }
            let grenze = datum.checked_sub_months(Months::new(12)).unwrap_or(datum);
            if a.iv_ablehnung.is_some_and(|d| d > grenze) {
                k.push(Kriterium::IvAblehnungUnter12Monate);
            }
        }
        Institution::Sh => {
            if intakt {
                k.push(Kriterium::ArbeitsangebotIntakt);
            }
            if fallfuehrung_bestaetigung_gefragt(a.an) && !a.fallfuehrung_bestaetigt {
                k.push(Kriterium::FallfuehrungNichtBestaetigt);
            }
        }
    }
    if a.von == a.an {
        k.push(Kriterium::GleicheInstitution);
    }
    (zielgruppe(a.von, a.an, &a.bezug, a.iv_offen), k, h)
}

/// Handover to the RAV or the IV: the person declares to be able and willing to work
/// (concept 3.2.1 for the RAV; 3.2.2 and target groups E/F/H for the IV: an intact
/// Arbeitsangebot). Asked at the prompt exactly when the rule needs it.
pub fn arbeitsfaehig_erklaert_noetig(a: &Antrag) -> bool {
    matches!(a.an, Institution::Rav | Institution::Iv)
}

/// Handover from the RAV to social services: the exemption from job-search duties is agreed
/// (concept 3.2.3).
pub fn befreiung_noetig(a: &Antrag) -> bool {
    a.von == Institution::Rav && a.an == Institution::Sh
}

/// Social services take over: they confirm integral case management (criterion, 3.2.3).
pub fn fallfuehrung_bestaetigung_gefragt(an: Institution) -> bool {
    an == Institution::Sh
}

fn leer(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|t| t.trim().is_empty())
}

fn gleiche_stelle(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.trim().to_lowercase() == b.trim().to_lowercase(),
        _ => true,
    }
}

/// Why the case is not in the status the step needs, and what to do instead.
fn falscher_status(fall: &Fall, schritt: &str) -> Regelverletzung {
    let id = &fall.fall;
    let text = match fall.status {
        Status::Beantragt => {
            format!("Fall {id} ist noch nicht angenommen – zuerst 'iiz annehmen {id}' erfassen.")
        }
        Status::Angenommen => {
            format!("Fall {id} ist noch nicht übergeben – zuerst 'iiz uebergabe {id} …' erfassen.")
        }
        Status::Laufend => format!(
            "Fall {id} läuft bereits (übergeben) – '{schritt}' ist in diesem Stand nicht möglich."
        ),
        Status::Abgeschlossen => format!(
            "Fall {id} ist bereits abgeschlossen – es können keine weiteren Schritte erfasst werden."
        ),
        Status::Abgelehnt => {
            format!("Fall {id} wurde abgelehnt – es können keine weiteren Schritte erfasst werden.")
        }
    };
    Regelverletzung::FalscherStatus(text)
}

fn termin_nach(was: &'static str, termin: NaiveDate, datum: NaiveDate) -> Ergebnis<()> {
    if termin <= datum {
        return Err(Regelverletzung::TerminZuFrueh { was, termin, datum });
    }
    Ok(())
}

fn kgs_pruefen<'a>(
    fall: &'a Fall,
    nr: u32,
    erwartet: KgsStatus,
    was_tun: &'static str,
) -> Ergebnis<&'a Kostengutsprache> {
    let k = fall.kgs(nr).ok_or_else(|| Regelverletzung::KgsUnbekannt {
        fall: fall.fall.clone(),
        nr,
    })?;
    if k.status != erwartet {
        return Err(Regelverletzung::KgsFalscherStatus {
            fall: fall.fall.clone(),
            nr,
            status: k.status,
            erwartet: match erwartet {
                KgsStatus::Beantragt => "pendent",
                _ => "bewilligt",
            },
            was_tun,
        });
    }
    Ok(k)
}

/// **Decide**: may this event be recorded now, on this case (`None` before its
/// application)? The only place a rule refuses. Acceptance criteria are enforced at
/// `Annahme`; hard rules everywhere.
pub fn entscheiden(
    fall: Option<&Fall>,
    id: &str,
    datum: NaiveDate,
    ereignis: &Ereignis,
    ctx: &Kontext,
) -> Ergebnis<()> {
    let eroeffnet = matches!(ereignis, Ereignis::Antrag(_));
    let Some(fall) = rahmen(fall, id, datum, ctx.heute, eroeffnet, EROEFFNUNG)? else {
        return match ereignis {
            Ereignis::Antrag(a) => antrag(datum, a, ctx),
            _ => Ok(()),
        };
    };
    let status = fall.status;
    match ereignis {
        Ereignis::Antrag(_) => {}
        Ereignis::Annahme(a) => {
            if status != Status::Beantragt {
                return Err(falscher_status(fall, "annehmen"));
            }
            // A deviation is from a violated criterion; one recorded without would count in
            // the report as a deviation that never was.
            if fall.antrag.kriterien.is_empty() && !leer(&a.abweichung) {
                return Err(Regelverletzung::AbweichungOhneKriterium(fall.fall.clone()));
            }
            if !fall.antrag.kriterien.is_empty() && leer(&a.abweichung) {
                let kriterien = fall
                    .antrag
                    .kriterien
                    .iter()
                    .map(|k| k.text())
                    .collect::<Vec<_>>()
                    .join("; ");
                return Err(Regelverletzung::KriterienVerletzt {
                    fall: fall.fall.clone(),
                    kriterien,
                });
            }
        }
        Ereignis::Ablehnung(a) => {
            if status != Status::Beantragt {
                return Err(falscher_status(fall, "annehmen --ablehnen"));
            }
            if a.grund == Ablehnungsgrund::Sonstige && leer(&a.bemerkung) {
                return Err(Regelverletzung::BemerkungFehlt);
            }
        }
        Ereignis::Uebergabe(u) => {
            if status != Status::Angenommen {
                return Err(falscher_status(fall, "uebergabe"));
            }
            if !u.zustimmung {
                return Err(Regelverletzung::OhneZustimmung(fall.fall.clone()));
            }
            if arbeitsfaehig_erklaert_noetig(&fall.antrag) && !u.arbeitsfaehig_erklaert {
                return Err(Regelverletzung::OhneArbeitsfaehigErklaert);
            }
            if befreiung_noetig(&fall.antrag) && u.befreiung_bis.is_none() {
                return Err(Regelverletzung::OhneBefreiung);
            }
            termin_nach("Das nächste Gespräch", u.naechstes_gespraech, datum)?;
            if let Some(b) = u.befreiung_bis {
                termin_nach("Das Ende der Befreiung", b, datum)?;
            }
            if let Some(d) = u.dauer.filter(|d| *d != 3 && *d != 6) {
                return Err(Regelverletzung::UngueltigerWert {
                    feld: "--dauer",
                    grund: format!("{d} Monate; erlaubt sind 3 oder 6"),
                });
            }
            if let Some(r) = u.rav_anmeldung {
                if fall.antrag.an != Institution::Rav {
                    return Err(Regelverletzung::UngueltigerWert {
                        feld: "--rav-anmeldung",
                        grund: "gilt nur bei einer Übergabe an das RAV".into(),
                    });
                }
                if r > datum {
                    return Err(Regelverletzung::UngueltigerWert {
                        feld: "--rav-anmeldung",
                        grund: format!(
                            "die Anmeldung am {r} liegt nach dem Übergabegespräch – später mit --ersetzt nachtragen"
                        ),
                    });
                }
            }
            if u.strategie.trim().is_empty() {
                return Err(Regelverletzung::UngueltigerWert {
                    feld: "--strategie",
                    grund: "darf nicht leer sein".into(),
                });
            }
        }
        Ereignis::Standort(s) => {
            if status != Status::Laufend {
                return Err(falscher_status(fall, "standort"));
            }
            termin_nach("Das nächste Gespräch", s.naechstes_gespraech, datum)?;
            if let Some(bis) = s.verlaengern_bis {
                termin_nach("Das Ende der Verlängerung", bis, datum)?;
                if let Some(ende) = fall.geplantes_ende()
                    && bis <= ende
                {
                    return Err(Regelverletzung::KeineVerlaengerung { bis, ende });
                }
                // An extension is justified (concept 3.1: 3 or 6 months, longer with reason).
                if leer(&s.stand) {
                    return Err(Regelverletzung::VerlaengerungOhneBegruendung);
                }
            }
            if s.berater.as_deref().is_some_and(|b| b.trim().is_empty()) {
                return Err(Regelverletzung::UngueltigerWert {
                    feld: "--berater",
                    grund: "darf nicht leer sein".into(),
                });
            }
        }
        Ereignis::KgsBeantragt(k) => {
            match status {
                Status::Laufend => {}
                Status::Angenommen if fall.antrag.an != Institution::Iv => {}
                Status::Angenommen => return Err(Regelverletzung::KgsBeiIvUebergabe),
                _ => return Err(falscher_status(fall, "kostengutsprache beantragen")),
            }
            // Numbers are identities: a void leaves a gap, a number is never given twice.
            if k.nr == 0 || fall.kgs(k.nr).is_some() {
                return Err(Regelverletzung::Inkonsistent(format!(
                    "Kostengutsprache Nr. {} ist schon vergeben",
                    k.nr
                )));
            }
            betrag_im_rahmen(k.betrag)?;
        }
        Ereignis::KgsBewilligt(KgsBewilligt { nr, .. })
        | Ereignis::KgsAbgelehnt(KgsAbgelehnt { nr, .. }) => {
            if !matches!(status, Status::Angenommen | Status::Laufend) {
                return Err(falscher_status(fall, "kostengutsprache"));
            }
            kgs_pruefen(
                fall,
                *nr,
                KgsStatus::Beantragt,
                "nur eine pendente Kostengutsprache kann bewilligt oder abgelehnt werden.",
            )?;
            // Concept 3.2.1 / 5.2: no measure without the paying institution's signature.
            if let Ereignis::KgsBewilligt(b) = ereignis
                && leer(&b.unterzeichnet)
            {
                return Err(Regelverletzung::OhneUnterschrift);
            }
        }
        Ereignis::KgsAbgerechnet(r) => {
            // The provider's invoice may arrive after the closing meeting.
            if !matches!(
                status,
                Status::Angenommen | Status::Laufend | Status::Abgeschlossen
            ) {
                return Err(falscher_status(fall, "kostengutsprache abrechnen"));
            }
            let k = kgs_pruefen(
                fall,
                r.nr,
                KgsStatus::Bewilligt,
                "nur eine bewilligte, noch nicht abgerechnete Kostengutsprache kann abgerechnet werden.",
            )?;
            betrag_im_rahmen(r.betrag)?;
            if r.betrag > k.betrag && leer(&r.abweichung) {
                return Err(Regelverletzung::BetragUeberBewilligt {
                    betrag: r.betrag,
                    bewilligt: k.betrag,
                });
            }
            if r.betrag <= k.betrag && !leer(&r.abweichung) {
                return Err(Regelverletzung::AbweichungOhneUeberschreitung {
                    betrag: r.betrag,
                    bewilligt: k.betrag,
                });
            }
        }
        Ereignis::Abschluss(a) => {
            match status {
                Status::Laufend => {}
                Status::Angenommen if a.grund == Abschlussgrund::Sonstige => {}
                Status::Angenommen => {
                    return Err(Regelverletzung::AbschlussOhneUebergabe(fall.fall.clone()));
                }
                _ => return Err(falscher_status(fall, "abschluss")),
            }
            if let Some(k) = fall
                .kostengutsprachen
                .iter()
                .find(|k| k.status == KgsStatus::Beantragt)
            {
                return Err(Regelverletzung::KgsPendent {
                    fall: fall.fall.clone(),
                    nr: k.nr,
                });
            }
            if a.anlass == Some(Anlass::KgsVerweigert)
                && !fall
                    .kostengutsprachen
                    .iter()
                    .any(|k| k.status == KgsStatus::Abgelehnt)
            {
                return Err(Regelverletzung::KeineVerweigerteKgs(fall.fall.clone()));
            }
            if a.anlass == Some(Anlass::ZielErreicht) && a.grund == Abschlussgrund::NichtUmgesetzt {
                return Err(Regelverletzung::ZielErreichtNichtUmgesetzt);
            }
        }
        Ereignis::Anonymisiert(_) => {
            if status.ist_offen() {
                return Err(Regelverletzung::FalscherStatus(format!(
                    "Fall {} ist noch offen – nur abgeschlossene oder abgelehnte Fälle können anonymisiert werden.",
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

/// What a handover should make the office think of, recorded all the same (spec §15): the
/// SECO question of a RAV → IV handover without an exemption (concept 2136–2161), a missing
/// registration at the RAV (evaluation 163–166), an exemption running more than a month past
/// the planned end. `f`: the case after the handover.
pub fn uebergabe_hinweise(f: &Fall) -> Vec<String> {
    let mut h = Vec::new();
    let Some(u) = &f.uebergabe else {
        return h;
    };
    if (f.antrag.von, f.antrag.an) == (Institution::Rav, Institution::Iv)
        && u.befreiung_bis.is_none()
    {
        h.push(
            "RAV → IV ohne Befreiung von den Arbeitsbemühungen: befreien kann das RAV eine Person mit ALE-Bezug im IV-Verfahren nur mit Zustimmung des SECO – sonst prüft es die Arbeitsbemühungen weiter (Konzept 3.2.2). Befreiung klären und mit --befreiung-bis festhalten.".into(),
        );
    }
    if f.antrag.an == Institution::Rav && u.rav_anmeldung.is_none() {
        h.push(
            "Die Anmeldung der Person beim RAV ist nicht erfasst – sie ist Voraussetzung der Übergabe an das RAV und steht als Pendenz an (nachtragen: --ersetzt NR --rav-anmeldung DATUM).".into(),
        );
    }
    if let (Some(b), Some(ende)) = (u.befreiung_bis, f.geplantes_ende())
        && ende
            .checked_add_months(Months::new(1))
            .is_some_and(|grenze| b > grenze)
    {
        h.push(format!(
            "Die Befreiung bis {b} reicht mehr als einen Monat über das geplante Ende ({ende}) hinaus – Dauer oder Befreiung prüfen."
        ));
    }
    h
}

const EROEFFNUNG: Eroeffnung = Eroeffnung {
    unbestimmt: "einem Antrag",
    bestimmt: "einen Antrag",
};

/// **Decide** for a case of the old tool (`import --altbestand`, spec §11): the shared
/// frame (no future date, none before the last event, opened once by its application),
/// handing and receiving institution different (two social services may hand to each
/// other), a plausible birth year, and the order application → acceptance or refusal →
/// closure. The old tool recorded no goal, declaration or handover: none is asked.
pub fn altbestand(
    fall: Option<&Fall>,
    id: &str,
    datum: NaiveDate,
    ereignis: &Ereignis,
    heute: NaiveDate,
) -> Ergebnis<()> {
    let eroeffnet = matches!(ereignis, Ereignis::Antrag(_));
    let Some(fall) = rahmen(fall, id, datum, heute, eroeffnet, EROEFFNUNG)? else {
        if let Ereignis::Antrag(a) = ereignis {
            if a.von == a.an && a.von != Institution::Sh {
                return Err(Regelverletzung::GleicheStelle(
                    a.von.bezeichnung().to_string(),
                ));
            }
            if let Some(j) = a.geburtsjahr {
                grundregeln::geburtsjahr_plausibel(j, datum)?;
            }
        }
        return Ok(());
    };
    match (ereignis, fall.status) {
        (Ereignis::Annahme(_) | Ereignis::Ablehnung(_), Status::Beantragt)
        | (Ereignis::Abschluss(_), Status::Angenommen) => Ok(()),
        (Ereignis::Annahme(_) | Ereignis::Ablehnung(_), _) => {
            Err(falscher_status(fall, "annehmen"))
        }
        (Ereignis::Abschluss(_), _) => Err(falscher_status(fall, "abschluss")),
        (e, _) => Err(grundregeln::Grundregel::NichtImAltbestand {
            fall: fall.fall.clone(),
            schritt: super::Optima::bezeichnung(e),
        }
        .into()),
    }
}

fn betrag_im_rahmen(betrag: Rappen) -> Ergebnis<()> {
    if betrag.0 == 0 || betrag.0 > BETRAG_MAX {
        return Err(Regelverletzung::UngueltigerBetrag {
            eingabe: betrag.to_string(),
            grund: "muss grösser als 0 und höchstens 1'000'000 CHF sein",
        });
    }
    Ok(())
}

/// Decide, then apply: one recorded step as the write path takes it.
pub fn schritt(
    fall: Option<Fall>,
    id: &str,
    datum: NaiveDate,
    benutzer: &str,
    ereignis: &Ereignis,
    ctx: &Kontext,
) -> Ergebnis<Fall> {
    entscheiden(fall.as_ref(), id, datum, ereignis, ctx)?;
    anwenden(fall, id, datum, benutzer, ereignis).map_err(|f| Regelverletzung::Inkonsistent(f.0))
}

fn antrag(datum: NaiveDate, a: &Antrag, ctx: &Kontext) -> Ergebnis<()> {
    if !a.einverstaendnis {
        return Err(Regelverletzung::OhneEinverstaendnis);
    }
    if a.von == a.an && gleiche_stelle(&a.von_stelle, &a.an_stelle) {
        return Err(Regelverletzung::GleicheStelle(
            a.von.bezeichnung().to_string(),
        ));
    }
    if let Some(offen) = ctx.offene_faelle.first() {
        return Err(Regelverletzung::OffenerFall(offen.clone()));
    }
    if a.dauer != 3 && a.dauer != 6 {
        return Err(Regelverletzung::UngueltigerWert {
            feld: "--dauer",
            grund: format!("{} Monate; erlaubt sind 3 oder 6", a.dauer),
        });
    }
    if a.arbeitsausfall.is_some_and(|p| p > 100) {
        return Err(Regelverletzung::UngueltigerWert {
            feld: "--arbeitsausfall",
            grund: "Prozent von 0 bis 100".into(),
        });
    }
    for (was, d) in [
        ("Die IV-Ablehnung", a.iv_ablehnung),
        ("Die RAV-Abmeldung", a.rav_abmeldung),
    ] {
        if let Some(d) = d.filter(|d| *d > datum) {
            return Err(Regelverletzung::DatumNachAntrag {
                was,
                wert: d,
                datum,
            });
        }
    }
    if a.geburtsjahr
        .is_some_and(|j| j > chrono::Datelike::year(&datum))
    {
        return Err(Regelverletzung::UngueltigerWert {
            feld: "--geburtsdatum",
            grund: "liegt nach dem Antragsdatum".into(),
        });
    }
    if a.ziel.trim().is_empty() {
        return Err(Regelverletzung::UngueltigerWert {
            feld: "--ziel",
            grund: "darf nicht leer sein".into(),
        });
    }
    Ok(())
}

/// A freshly applied case, for tests of other modules.
#[cfg(test)]
pub fn tests_antrag_fall() -> Fall {
    tests::antrag_fall()
}

#[cfg(test)]
pub(crate) mod tests;
