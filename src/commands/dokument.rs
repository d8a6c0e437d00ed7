//! `iiz dokument FALL ART [NR]`: the papers of an OPTIMA case (spec §14) as one A4 HTML page
//! or Markdown; `iiz dokument --pruefen DATEI`: which recorded dispatch a file is. The
//! Roundtable plan (`iiz rt dokument`) is drawn by the same model and found the same way.

use super::Umgebung;
use crate::ausgabe::dokument::{self as modell, Dokument, fassung_text};
use crate::ausgabe::{self, optima_dokument as optima_dok, rt_dokument};
use crate::cli::{DokumentArgs, DokumentArt, Format as CliFormat};
use crate::fehler::Fehler;
use crate::prozess::optima::{self, Optima};
use crate::prozess::roundtable::{self, Roundtable};
use crate::vorgang::{self, Fassung, Personenblick};

/// Which document of a case: an OPTIMA paper, or the plan of Roundtable meeting `nr`
/// (`None`: the last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wahl {
    Optima(DokumentArt, Option<u32>),
    Plan(Option<u32>),
}

impl Wahl {
    /// `ART[:NR]` as `versand --dokument` takes it.
    pub fn parsen(s: &str) -> Result<Wahl, Fehler> {
        let (art, nr) = match s.split_once(':') {
            Some((a, n)) => (
                a,
                Some(n.trim().parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    Fehler::Nutzung(format!(
                        "--dokument {}: nach dem Doppelpunkt steht die Nummer, z. B. kostengutsprache:1.",
                        ausgabe::sicher(s)
                    ))
                })?),
            ),
            None => (s, None),
        };
        if art.trim() == "plan" {
            return Ok(Wahl::Plan(nr));
        }
        use clap::ValueEnum;
        let art = DokumentArt::from_str(art.trim(), true).map_err(|_| {
            Fehler::Nutzung(format!(
                "--dokument {} gibt es nicht – erlaubt: uebergabe, kostengutsprache:NR, befreiung, standort:NR, abschluss, plan:NR.",
                ausgabe::sicher(s)
            ))
        })?;
        Ok(Wahl::Optima(art, nr))
    }

    /// The name a dispatch records (`kostengutsprache:1`, `plan:2`).
    fn name(&self, nr_plan: u32) -> String {
        match self {
            Wahl::Optima(art, nr) => {
                let a = match art {
                    DokumentArt::Uebergabe => "uebergabe",
                    DokumentArt::Kostengutsprache => "kostengutsprache",
                    DokumentArt::Befreiung => "befreiung",
                    DokumentArt::Standort => "standort",
                    DokumentArt::Abschluss => "abschluss",
                };
                match nr {
                    Some(n) => format!("{a}:{n}"),
                    None => a.to_string(),
                }
            }
            Wahl::Plan(_) => format!("plan:{nr_plan}"),
        }
    }
}

/// A document drawn from the journal, with what its use must know.
pub struct Erstellt {
    pub dokument: Dokument,
    /// The name a dispatch records.
    pub name: String,
    /// Whether it names the person (its display is logged).
    pub zeigt_person: bool,
}

fn person_und_texte(
    u: &Umgebung,
    id: &str,
    pseudonym: Option<&str>,
    anonymisiert: bool,
    texte: Vec<&mut String>,
) -> Result<Personenblick, Fehler> {
    let blick = if anonymisiert {
        Personenblick::leer(id)
    } else {
        u.person_lesen(id, pseudonym)?
    };
    // The free text in clear for the document ("(gelöscht)" without the key); escaped by
    // the renderer like any other text.
    for t in texte {
        blick.klartext(t);
    }
    Ok(blick)
}

/// The version line of the event a document shows.
fn fassung(f: Option<Fassung>) -> Option<String> {
    f.and_then(|f| fassung_text(f.nr, f.vom))
}

/// Draws document `wahl` of case `id` (`beilagen`: the closing note's enclosures).
pub fn erstellen(
    u: &Umgebung,
    id: &str,
    wahl: &Wahl,
    beilagen: &[String],
) -> Result<Erstellt, Fehler> {
    match wahl {
        Wahl::Plan(nr) => plan(u, id, *nr),
        Wahl::Optima(art, nr) => optima_papier(u, id, *art, *nr, beilagen),
    }
}

fn plan(u: &Umgebung, id: &str, nr: Option<u32>) -> Result<Erstellt, Fehler> {
    let mut fall = vorgang::fall_lesen::<Roundtable>(u, id)?;
    let Some(nr) = nr.or(fall.gespraeche.last().map(|g| g.nr)) else {
        return Err(Fehler::Regel(format!(
            "Roundtable {} hat noch kein Gespräch – zuerst 'iiz rt gespraech {} …' erfassen.",
            fall.fall, fall.fall
        )));
    };
    let version = vorgang::fassungen::<Roundtable>(u, id)?
        .into_iter()
        .find(|(_, e)| matches!(e, roundtable::Ereignis::Gespraech(g) if g.nr == nr))
        .map(|(f, _)| f);
    let pseudonym = fall.anmeldung.person.clone();
    let anonymisiert = fall.anonymisiert;
    let blick = person_und_texte(u, id, Some(&pseudonym), anonymisiert, fall.texte_mut())?;
    let person = blick.person.map(|p| format!("{} {}", p.vorname, p.name));
    let zeigt_person = person.is_some();
    let r = rt_dokument::Rahmen {
        person,
        fassung: fassung(version),
    };
    let dokument = rt_dokument::dokument(&fall, nr, &r).ok_or_else(|| {
        Fehler::Regel(format!(
            "Roundtable {} hat kein Gespräch Nr. {nr} – die Gespräche zeigt 'iiz zeige {}'.",
            fall.fall, fall.fall
        ))
    })?;
    Ok(Erstellt {
        dokument,
        name: Wahl::Plan(Some(nr)).name(nr),
        zeigt_person,
    })
}

fn optima_papier(
    u: &Umgebung,
    id: &str,
    art: DokumentArt,
    nr: Option<u32>,
    beilagen: &[String],
) -> Result<Erstellt, Fehler> {
    let braucht_nr = matches!(art, DokumentArt::Kostengutsprache | DokumentArt::Standort);
    let wahl = Wahl::Optima(art, nr);
    match (braucht_nr, nr) {
        (true, None) => {
            return Err(Fehler::Nutzung(format!(
                "Welche Nummer? z. B. 'iiz dokument {id} {} 1' – die Nummern zeigt 'iiz zeige {id}'.",
                wahl.name(0)
            )));
        }
        (false, Some(_)) => {
            return Err(Fehler::Nutzung(format!(
                "{} hat keine Nummer – 'iiz dokument {id} {}' ohne Nummer.",
                wahl.name(0),
                wahl.name(0)
            )));
        }
        _ => {}
    }
    if !beilagen.is_empty() && art != DokumentArt::Abschluss {
        return Err(Fehler::Nutzung(
            "--beilage gehört zur Abschlussnotiz ('iiz dokument FALL abschluss --beilage …')."
                .into(),
        ));
    }
    let mut fall = vorgang::fall_lesen::<Optima>(u, id)?;
    let fassungen = vorgang::fassungen::<Optima>(u, id)?;
    let finde = |p: &dyn Fn(&optima::Ereignis) -> bool| {
        fassungen.iter().rev().find(|(_, e)| p(e)).map(|(f, _)| *f)
    };
    let version = match (art, nr) {
        (DokumentArt::Uebergabe | DokumentArt::Befreiung, _) => {
            finde(&|e| matches!(e, optima::Ereignis::Uebergabe(_)))
        }
        (DokumentArt::Kostengutsprache, Some(n)) => {
            finde(&|e| matches!(e, optima::Ereignis::KgsBeantragt(k) if k.nr == n))
        }
        (DokumentArt::Standort, Some(n)) => fassungen
            .iter()
            .filter(|(_, e)| matches!(e, optima::Ereignis::Standort(_)))
            .nth(n as usize - 1)
            .map(|(f, _)| *f),
        (DokumentArt::Abschluss, _) => finde(&|e| matches!(e, optima::Ereignis::Abschluss(_))),
        _ => None,
    };
    let pseudonym = fall.antrag.person.clone();
    let anonymisiert = fall.anonymisiert;
    let blick = person_und_texte(u, id, Some(&pseudonym), anonymisiert, fall.texte_mut())?;
    let person = blick.person.as_ref().map(|p| optima_dok::Person {
        name: p.name.clone(),
        vorname: p.vorname.clone(),
        ahv: p.ahv.clone(),
    });
    let r = optima_dok::Rahmen {
        person: person.as_ref(),
        fassung: fassung(version),
    };
    let n = nr.unwrap_or(0);
    let (dokument, fehlt) = match art {
        DokumentArt::Uebergabe => (
            optima_dok::uebergabe(&fall, &r),
            format!("Fall {id} hat noch kein Übergabegespräch – zuerst 'iiz uebergabe {id} …'."),
        ),
        DokumentArt::Kostengutsprache => (
            optima_dok::kostengutsprache(&fall, n, &r),
            format!(
                "Fall {id} hat keine Kostengutsprache Nr. {n} – die Nummern zeigt 'iiz zeige {id}'."
            ),
        ),
        DokumentArt::Befreiung => (
            optima_dok::befreiung(&fall, &r),
            format!(
                "Fall {id} hat keine Befreiung von der Stellensuche – die Vereinbarung / ALV gibt es bei einer Übergabe RAV → Sozialhilfe mit --befreiung-bis."
            ),
        ),
        DokumentArt::Standort => (
            optima_dok::standort(&fall, n as usize, &r),
            format!(
                "Fall {id} hat kein Standortgespräch Nr. {n} – die Gespräche zeigt 'iiz zeige {id}'."
            ),
        ),
        DokumentArt::Abschluss => (
            optima_dok::abschluss(&fall, beilagen, &r),
            format!("Fall {id} ist nicht abgeschlossen – zuerst 'iiz abschluss {id} …'."),
        ),
    };
    let dokument = dokument.ok_or(Fehler::Regel(fehlt))?;
    Ok(Erstellt {
        dokument,
        name: wahl.name(n),
        zeigt_person: blick.person.is_some(),
    })
}

/// The HTML of a document as it is handed out (with the office's header): what a dispatch
/// hashes.
pub fn html(u: &Umgebung, d: &Dokument) -> Result<String, Fehler> {
    let kopf = vorgang::briefkopf(u)?;
    Ok(modell::html_seite(d, kopf.as_deref()))
}

/// Writes a drawn document: to `ausgabe` (private, like the register) or stdout. Its
/// display is logged first when it names the person.
pub fn ausgeben(
    u: &Umgebung,
    fall: &str,
    befehl: &str,
    e: &Erstellt,
    format: CliFormat,
    ausgabe: Option<&std::path::Path>,
) -> Result<(), Fehler> {
    let text = match format {
        CliFormat::Md => modell::markdown(&e.dokument),
        _ => html(u, &e.dokument)?,
    };
    // Logged once the document exists, before anyone sees it.
    if e.zeigt_person {
        u.zugriff(&[fall], befehl)?;
    }
    match ausgabe {
        Some(pfad) => {
            crate::ausgabe::datei::schreiben(pfad, text.as_bytes())?;
            ausgabe::meldung(format_args!("Dokument geschrieben: {}", pfad.display()));
            Ok(())
        }
        None => ausgabe::text(&text),
    }
}

pub fn ausfuehren(u: &Umgebung, a: DokumentArgs, format: CliFormat) -> Result<(), Fehler> {
    if let Some(datei) = &a.pruefen {
        return pruefen(u, datei);
    }
    let (Some(fall), Some(art)) = (&a.fall, a.art) else {
        return Err(Fehler::Nutzung(
            "Fall und Art angeben, z. B. 'iiz dokument OPT-2024-007 uebergabe'.".into(),
        ));
    };
    if let Some(pfad) = &a.ausgabe {
        super::ausserhalb_des_registers(u, pfad, "Das Dokument")?;
    }
    let e = erstellen(u, fall, &Wahl::Optima(art, a.nr), &a.beilage)?;
    ausgeben(u, fall, "dokument", &e, format, a.ausgabe.as_deref())
}

/// Files up to this size are checked (a document is a few KiB).
const PRUEFEN_MAX: u64 = 16 * 1024 * 1024;

fn pruefen(u: &Umgebung, datei: &std::path::Path) -> Result<(), Fehler> {
    let inhalt = crate::ausgabe::datei::lesen_begrenzt(datei, PRUEFEN_MAX)?;
    let sha256 = crate::ausgabe::datei::sha256(&inhalt);
    let funde = vorgang::versand_suchen(u, &sha256)?;
    if u.format == ausgabe::Format::Json {
        return ausgabe::json(&serde_json::json!({"sha256": sha256, "versand": funde}));
    }
    if funde.is_empty() {
        return Err(Fehler::Regel(format!(
            "{} gehört zu keinem erfassten Versand (SHA-256 {}…) – ein verändertes, ein anderes oder ein nie versandtes Dokument.",
            ausgabe::sicher(&datei.display().to_string()),
            &sha256[..16]
        )));
    }
    for f in &funde {
        ausgabe::zeile(format_args!(
            "{} ist das Dokument {} von Fall {}, versandt am {} (Ereignis Nr. {}).",
            ausgabe::sicher(&datei.display().to_string()),
            f.dokument,
            f.fall,
            crate::text::datum_text(Some(f.datum)),
            f.nr
        ))?;
    }
    Ok(())
}
