//! The office directory (spec §15): the institutions that hand over, take over or register
//! cases, with their type, region and contact persons. The evaluation asks for a contact
//! person per institution and regular information in every office (evaluation lines 48–53,
//! 593–627, 715–719); the cases still name their offices as free text, and the directory
//! maps every spelling recorded ("SD Emmen", "Sozialdienst Emmen") onto one entry for the
//! reports (`stelle zusammenfuehren`).
//!
//! Like a case, the directory is a history of events (`stellen.jsonl`, chained); the
//! entries are its replay. [`Verzeichnis::entscheiden`] decides a step, `anwenden` applies
//! it — the same split as the services.

use crate::speicher::kette::Eintrag;
use crate::text::{falten, unsichtbar};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The file of the directory in the data directory.
pub const DATEI: &str = "stellen.jsonl";

/// The kind of institution, as the services count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Typ {
    /// IV-Stelle
    Iv,
    /// RAV (Arbeitslosenversicherung)
    Rav,
    /// Sozialdienst (Sozialhilfe)
    Sh,
    /// eine andere Stelle (Krankentaggeldversicherer, Case Management, …)
    Andere,
}

impl Typ {
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Typ::Iv => "IV",
            Typ::Rav => "RAV/ALV",
            Typ::Sh => "Sozialhilfe",
            Typ::Andere => "Andere",
        }
    }

    /// The code as in the journals (`iv`, `rav`, `sh`, `andere`).
    pub fn code(self) -> &'static str {
        match self {
            Typ::Iv => "iv",
            Typ::Rav => "rav",
            Typ::Sh => "sh",
            Typ::Andere => "andere",
        }
    }
}

/// A contact person of an office (business contact, not a client).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kontakt {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funktion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telefon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Kontakt {
    /// `Name|Funktion|Telefon|E-Mail`, everything after the name optional.
    pub fn parsen(text: &str) -> Result<Kontakt, String> {
        let teile: Vec<&str> = text.split('|').map(str::trim).collect();
        if teile.len() > 4 {
            return Err(format!(
                "Kontakt '{}' hat mehr als vier Teile – Form \"Name|Funktion|Telefon|E-Mail\".",
                sichtbar(text)
            ));
        }
        let teil = |i: usize| -> Result<Option<String>, String> {
            match teile.get(i) {
                Some(t) if !t.is_empty() => {
                    text_pruefen("Kontakt", t)?;
                    Ok(Some(t.to_string()))
                }
                _ => Ok(None),
            }
        };
        let Some(name) = teil(0)? else {
            return Err(
                "Ein Kontakt braucht einen Namen – Form \"Name|Funktion|Telefon|E-Mail\".".into(),
            );
        };
        let email = teil(3)?;
        if let Some(e) = &email
            && (!e.contains('@') || e.contains(' '))
        {
            return Err(format!(
                "'{}' ist keine E-Mail-Adresse (Form name@stelle.ch).",
                sichtbar(e)
            ));
        }
        Ok(Kontakt {
            name,
            funktion: teil(1)?,
            telefon: teil(2)?,
            email,
        })
    }

    pub fn text(&self) -> String {
        [
            Some(self.name.as_str()),
            self.funktion.as_deref(),
            self.telefon.as_deref(),
            self.email.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// One step of the directory's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "typ", rename_all = "kebab-case")]
pub enum Ereignis {
    StelleNeu {
        institution: Typ,
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        kontakte: Vec<Kontakt>,
    },
    StelleAendern {
        /// The entry as it was named before the change.
        stelle: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        neuer_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        institution: Option<Typ>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        kontakte_neu: Vec<Kontakt>,
        /// Contact persons removed, by name.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        kontakte_weg: Vec<String>,
    },
    /// Free text recorded earlier (or a second entry) is the office `neu` from now on, in
    /// every report.
    Zusammenfuehren { alt: String, neu: String },
}

/// An entry of the directory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stelle {
    pub name: String,
    pub institution: Typ,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub kontakte: Vec<Kontakt>,
    /// Other spellings mapped onto this entry (`zusammenfuehren`).
    pub auch: Vec<String>,
    /// The day of the entry.
    pub seit: NaiveDate,
}

/// The directory as its history leaves it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Verzeichnis {
    pub stellen: Vec<Stelle>,
}

/// A name as it is compared: folded like a person's name (case, umlauts, accents), dots
/// dropped and spaces collapsed, so "Sozialdienst  Emmen." and "sozialdienst emmen" are one.
pub fn schluessel(name: &str) -> String {
    falten(name)
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text for a message: control and invisible characters out, at most 60 characters.
fn sichtbar(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_control() && !unsichtbar(*c))
        .take(60)
        .collect()
}

/// A name or field of the directory: printed in reports and at terminals.
fn text_pruefen(was: &str, t: &str) -> Result<(), String> {
    if t.trim().is_empty() {
        return Err(format!("{was} ist leer."));
    }
    if t.chars()
        .any(|c| c.is_control() || unsichtbar(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{AD}'))
    {
        return Err(format!(
            "{was} '{}' enthält Steuer- oder unsichtbare Zeichen – ohne sie eingeben.",
            sichtbar(t)
        ));
    }
    if t.chars().count() > 120 {
        return Err(format!("{was} ist länger als 120 Zeichen."));
    }
    Ok(())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut zeile: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut links = i + 1;
        let mut diagonal = i;
        for (j, cb) in b.iter().enumerate() {
            let neu = (diagonal + usize::from(ca != *cb))
                .min(links + 1)
                .min(zeile[j + 1] + 1);
            diagonal = zeile[j + 1];
            zeile[j] = links;
            links = neu;
        }
        zeile[b.len()] = links;
    }
    zeile[b.len()]
}

impl Verzeichnis {
    /// The directory of a checked history.
    pub fn aus(eintraege: &[Eintrag<Ereignis>]) -> Verzeichnis {
        let mut v = Verzeichnis::default();
        for e in eintraege {
            v.anwenden(&e.ereignis, e.datum);
        }
        v
    }

    fn index(&self, name: &str) -> Option<usize> {
        let k = schluessel(name);
        if k.is_empty() {
            return None;
        }
        self.stellen
            .iter()
            .position(|s| schluessel(&s.name) == k || s.auch.iter().any(|a| schluessel(a) == k))
    }

    /// The entries' names (Tab completion at a prompt).
    pub fn namen(&self) -> Vec<String> {
        self.stellen.iter().map(|s| s.name.clone()).collect()
    }

    /// The entry a recorded office text means: by its name or a spelling mapped onto it.
    pub fn finden(&self, name: &str) -> Option<&Stelle> {
        self.index(name).map(|i| &self.stellen[i])
    }

    /// The name reports use for a recorded office text: the entry's, else the text itself.
    pub fn kanonisch(&self, name: &str) -> String {
        self.finden(name)
            .map_or_else(|| name.trim().to_string(), |s| s.name.clone())
    }

    /// The entry most like an unknown name: sharing a word ("SD Emmen" – "Sozialdienst
    /// Emmen"), else a few letters apart ("Sozialdienst Emen").
    pub fn naechste(&self, name: &str) -> Option<&Stelle> {
        let k = schluessel(name);
        let woerter: Vec<&str> = k.split(' ').filter(|w| w.chars().count() >= 3).collect();
        self.stellen
            .iter()
            .filter_map(|s| {
                std::iter::once(&s.name)
                    .chain(&s.auch)
                    .map(|n| {
                        let kn = schluessel(n);
                        // A word in common, one typo allowed in longer words ("Emen").
                        let gemeinsam = kn
                            .split(' ')
                            .filter(|w| {
                                woerter.iter().any(|q| {
                                    q == w || (q.chars().count() >= 4 && levenshtein(q, w) <= 1)
                                })
                            })
                            .count();
                        let abstand = levenshtein(&k, &kn);
                        (gemeinsam, abstand, kn.chars().count())
                    })
                    .filter(|(g, a, l)| *g > 0 || *a <= (l / 4).max(2))
                    .map(|(g, a, _)| (g, std::cmp::Reverse(a), s))
                    .max_by_key(|(g, a, _)| (*g, *a))
            })
            .max_by_key(|(g, a, _)| (*g, *a))
            .map(|(_, _, s)| s)
    }

    /// The hint for an office text the directory does not know, `None` when it knows it
    /// (or has no entries yet).
    pub fn hinweis(&self, name: &str) -> Option<String> {
        if self.stellen.is_empty() || self.finden(name).is_some() {
            return None;
        }
        let n = sichtbar(name.trim());
        Some(match self.naechste(name) {
            Some(s) => format!(
                "Stelle '{n}' ist nicht im Stellenverzeichnis – gemeint ist wohl '{}'? Erfasst wie eingegeben; 'iiz stelle zusammenfuehren \"{n}\" \"{}\"' ordnet sie ihr zu, 'iiz stelle neu' nimmt sie auf.",
                s.name, s.name
            ),
            None => format!(
                "Stelle '{n}' ist nicht im Stellenverzeichnis – erfasst wie eingegeben; 'iiz stelle neu --typ … --name \"{n}\"' nimmt sie auf."
            ),
        })
    }

    /// Whether the step may be taken; the German reason when not.
    pub fn entscheiden(&self, e: &Ereignis) -> Result<(), String> {
        let unbekannt = |name: &str| {
            let n = sichtbar(name);
            match self.naechste(name) {
                Some(s) => format!(
                    "Stelle '{n}' ist nicht im Verzeichnis – gemeint ist wohl '{}'? ('iiz stelle liste')",
                    s.name
                ),
                None => {
                    format!("Stelle '{n}' ist nicht im Verzeichnis – 'iiz stelle liste' zeigt es.")
                }
            }
        };
        let frei = |name: &str, ausser: Option<usize>| -> Result<(), String> {
            text_pruefen("Der Name", name)?;
            match self.index(name) {
                Some(i) if Some(i) != ausser => Err(format!(
                    "'{}' ist schon im Verzeichnis (als Stelle '{}') – 'iiz stelle zeige \"{}\"'.",
                    sichtbar(name),
                    self.stellen[i].name,
                    self.stellen[i].name
                )),
                _ => Ok(()),
            }
        };
        let region = |r: &Option<String>| match r {
            Some(r) => text_pruefen("Die Region", r),
            None => Ok(()),
        };
        match e {
            Ereignis::StelleNeu {
                name,
                region: r,
                kontakte,
                ..
            } => {
                frei(name, None)?;
                region(r)?;
                doppelte_kontakte(kontakte.iter().map(|k| k.name.as_str()))
            }
            Ereignis::StelleAendern {
                stelle,
                neuer_name,
                region: r,
                kontakte_neu,
                kontakte_weg,
                institution,
            } => {
                let i = self.index(stelle).ok_or_else(|| unbekannt(stelle))?;
                if neuer_name.is_none()
                    && institution.is_none()
                    && r.is_none()
                    && kontakte_neu.is_empty()
                    && kontakte_weg.is_empty()
                {
                    return Err("Nichts zu ändern – --name, --typ, --region, --kontakt oder --ohne-kontakt angeben.".into());
                }
                if let Some(n) = neuer_name {
                    frei(n, Some(i))?;
                }
                region(r)?;
                let s = &self.stellen[i];
                for w in kontakte_weg {
                    if !s
                        .kontakte
                        .iter()
                        .any(|k| schluessel(&k.name) == schluessel(w))
                    {
                        return Err(format!(
                            "'{}' ist kein Kontakt von {} – 'iiz stelle zeige \"{}\"'.",
                            sichtbar(w),
                            s.name,
                            s.name
                        ));
                    }
                }
                let bleiben = s
                    .kontakte
                    .iter()
                    .map(|k| k.name.as_str())
                    .filter(|n| !kontakte_weg.iter().any(|w| schluessel(w) == schluessel(n)));
                doppelte_kontakte(bleiben.chain(kontakte_neu.iter().map(|k| k.name.as_str())))
            }
            Ereignis::Zusammenfuehren { alt, neu } => {
                text_pruefen("Der alte Name", alt)?;
                let ziel = self.index(neu).ok_or_else(|| unbekannt(neu))?;
                if self.index(alt) == Some(ziel) {
                    return Err(format!(
                        "'{}' gehört schon zu '{}' – nichts zu tun.",
                        sichtbar(alt),
                        self.stellen[ziel].name
                    ));
                }
                Ok(())
            }
        }
    }

    /// Applies a decided step.
    pub fn anwenden(&mut self, e: &Ereignis, datum: NaiveDate) {
        match e {
            Ereignis::StelleNeu {
                institution,
                name,
                region,
                kontakte,
            } => self.stellen.push(Stelle {
                name: name.trim().to_string(),
                institution: *institution,
                region: region.clone(),
                kontakte: kontakte.clone(),
                auch: Vec::new(),
                seit: datum,
            }),
            Ereignis::StelleAendern {
                stelle,
                neuer_name,
                institution,
                region,
                kontakte_neu,
                kontakte_weg,
            } => {
                let Some(i) = self.index(stelle) else { return };
                let s = &mut self.stellen[i];
                if let Some(n) = neuer_name {
                    // The old name stays a spelling of the entry: cases recorded it.
                    let alt = std::mem::replace(&mut s.name, n.trim().to_string());
                    if schluessel(&alt) != schluessel(&s.name) {
                        s.auch.push(alt);
                    }
                }
                if let Some(t) = institution {
                    s.institution = *t;
                }
                if let Some(r) = region {
                    s.region = Some(r.clone());
                }
                s.kontakte.retain(|k| {
                    !kontakte_weg
                        .iter()
                        .any(|w| schluessel(w) == schluessel(&k.name))
                });
                s.kontakte.extend(kontakte_neu.iter().cloned());
            }
            Ereignis::Zusammenfuehren { alt, neu } => {
                let Some(ziel) = self.index(neu) else { return };
                match self.index(alt) {
                    // A second entry: it and its spellings become the target's.
                    Some(i) if schluessel(&self.stellen[i].name) == schluessel(alt) => {
                        let weg = self.stellen.remove(i);
                        let ziel = if i < ziel { ziel - 1 } else { ziel };
                        let s = &mut self.stellen[ziel];
                        s.auch.push(weg.name);
                        s.auch.extend(weg.auch);
                        for k in weg.kontakte {
                            if !s
                                .kontakte
                                .iter()
                                .any(|x| schluessel(&x.name) == schluessel(&k.name))
                            {
                                s.kontakte.push(k);
                            }
                        }
                    }
                    // A spelling of another entry moves over.
                    Some(i) => {
                        let k = schluessel(alt);
                        self.stellen[i].auch.retain(|a| schluessel(a) != k);
                        self.stellen[ziel].auch.push(alt.trim().to_string());
                    }
                    None => self.stellen[ziel].auch.push(alt.trim().to_string()),
                }
            }
        }
    }
}

fn doppelte_kontakte<'a>(namen: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut gesehen = std::collections::HashSet::new();
    for n in namen {
        if !gesehen.insert(schluessel(n)) {
            return Err(format!(
                "Kontakt '{}' steht zweimal da – einmal genügt.",
                sichtbar(n)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    fn neu(v: &mut Verzeichnis, typ: Typ, name: &str) {
        let e = Ereignis::StelleNeu {
            institution: typ,
            name: name.into(),
            region: None,
            kontakte: vec![],
        };
        v.entscheiden(&e).unwrap();
        v.anwenden(&e, tag());
    }

    fn beispiel() -> Verzeichnis {
        let mut v = Verzeichnis::default();
        neu(&mut v, Typ::Sh, "Sozialdienst Emmen");
        neu(&mut v, Typ::Rav, "RAV Luzern");
        neu(&mut v, Typ::Iv, "IV-Stelle Luzern");
        v
    }

    #[test]
    fn schreibweisen_sind_eine_stelle() {
        let v = beispiel();
        assert_eq!(v.kanonisch("sozialdienst  emmen."), "Sozialdienst Emmen");
        assert_eq!(v.kanonisch(" SD Emmen "), "SD Emmen");
        assert!(v.finden("Sozialdienst Kriens").is_none());
    }

    #[test]
    fn naechste_stelle_fuer_unbekannte_namen() {
        let v = beispiel();
        assert_eq!(v.naechste("SD Emmen").unwrap().name, "Sozialdienst Emmen");
        assert_eq!(
            v.naechste("Sozialdienst Emen").unwrap().name,
            "Sozialdienst Emmen"
        );
        assert_eq!(v.naechste("RAV Luzern Nord").unwrap().name, "RAV Luzern");
        assert_eq!(v.naechste("SD Emen").unwrap().name, "Sozialdienst Emmen");
        assert!(v.naechste("Frauenhaus").is_none());
        let h = v.hinweis("SD Emmen").unwrap();
        assert!(
            h.contains("'Sozialdienst Emmen'") && h.contains("zusammenfuehren"),
            "{h}"
        );
        assert!(v.hinweis("Sozialdienst Emmen").is_none());
        // An empty directory gives no hints: the office has not started to keep one.
        assert!(Verzeichnis::default().hinweis("SD Emmen").is_none());
    }

    #[test]
    fn zusammenfuehren_ordnet_alte_schreibweisen_zu() {
        let mut v = beispiel();
        let e = Ereignis::Zusammenfuehren {
            alt: "SD Emmen".into(),
            neu: "sozialdienst emmen".into(),
        };
        v.entscheiden(&e).unwrap();
        v.anwenden(&e, tag());
        assert_eq!(v.kanonisch("SD Emmen"), "Sozialdienst Emmen");
        // Twice is refused, the target must exist.
        assert!(v.entscheiden(&e).unwrap_err().contains("schon"));
        let e = Ereignis::Zusammenfuehren {
            alt: "X".into(),
            neu: "Sozialdienst Kriens".into(),
        };
        assert!(
            v.entscheiden(&e)
                .unwrap_err()
                .contains("nicht im Verzeichnis")
        );
        // A second entry merges into the first with its spellings.
        neu(&mut v, Typ::Sh, "SoBZ Emmen");
        let e = Ereignis::Zusammenfuehren {
            alt: "SoBZ Emmen".into(),
            neu: "Sozialdienst Emmen".into(),
        };
        v.anwenden(&e, tag());
        assert_eq!(v.stellen.len(), 3);
        assert_eq!(v.kanonisch("sobz emmen"), "Sozialdienst Emmen");
    }

    #[test]
    fn neu_und_aendern_pruefen_ihre_angaben() {
        let mut v = beispiel();
        let doppelt = Ereignis::StelleNeu {
            institution: Typ::Sh,
            name: "SOZIALDIENST EMMEN".into(),
            region: None,
            kontakte: vec![],
        };
        assert!(
            v.entscheiden(&doppelt)
                .unwrap_err()
                .contains("schon im Verzeichnis")
        );
        let steuer = Ereignis::StelleNeu {
            institution: Typ::Sh,
            name: "Sozial\u{1b}[31mdienst".into(),
            region: None,
            kontakte: vec![],
        };
        assert!(v.entscheiden(&steuer).unwrap_err().contains("Steuer"));
        let nichts = Ereignis::StelleAendern {
            stelle: "RAV Luzern".into(),
            neuer_name: None,
            institution: None,
            region: None,
            kontakte_neu: vec![],
            kontakte_weg: vec![],
        };
        assert!(
            v.entscheiden(&nichts)
                .unwrap_err()
                .contains("Nichts zu ändern")
        );
        let umbenennen = Ereignis::StelleAendern {
            stelle: "RAV Luzern".into(),
            neuer_name: Some("RAV Luzern-Stadt".into()),
            institution: None,
            region: Some("Luzern-Stadt".into()),
            kontakte_neu: vec![
                Kontakt::parsen("Petra Beispiel|Leiterin|041 000 00 00|p@rav.ch").unwrap(),
            ],
            kontakte_weg: vec![],
        };
        v.entscheiden(&umbenennen).unwrap();
        v.anwenden(&umbenennen, tag());
        // The old name still finds the entry: cases recorded it.
        assert_eq!(v.kanonisch("RAV Luzern"), "RAV Luzern-Stadt");
        let s = v.finden("rav luzern-stadt").unwrap();
        assert_eq!(s.kontakte[0].funktion.as_deref(), Some("Leiterin"));
        let weg = Ereignis::StelleAendern {
            stelle: "RAV Luzern-Stadt".into(),
            neuer_name: None,
            institution: None,
            region: None,
            kontakte_neu: vec![],
            kontakte_weg: vec!["Niemand".into()],
        };
        assert!(v.entscheiden(&weg).unwrap_err().contains("kein Kontakt"));
    }

    #[test]
    fn kontakte_parsen() {
        let k = Kontakt::parsen("Petra Beispiel||041 000 00 00").unwrap();
        assert_eq!(k.name, "Petra Beispiel");
        assert_eq!(k.funktion, None);
        assert_eq!(k.text(), "Petra Beispiel, 041 000 00 00");
        assert!(Kontakt::parsen("|Leiterin").is_err());
        assert!(Kontakt::parsen("A|B|C|keine-mail").is_err());
        assert!(Kontakt::parsen("A|B|C|D|E").is_err());
        assert!(Kontakt::parsen("A\u{202e}B").is_err());
    }

    #[test]
    fn abstand() {
        assert_eq!(levenshtein("emmen", "emen"), 1);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }
}
