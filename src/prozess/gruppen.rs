//! Breakdowns (`report --nach`, `rt report --nach`, spec §11): which group a case belongs
//! to, by year of registration, gender, age band, region (Wahlkreis of the municipality),
//! target group or cause of closure. Every case is in exactly one group ("unbekannt" where
//! the datum is missing), so the groups add up to the total.
//!
//! Small cells (spec §12, issue 15): with about ten cases a year, a group of one or two can
//! single out a person in a published table. Groups with fewer than `KLEIN` registrations
//! are therefore shown only as "< 3" unless `--alle-zellen` asks for everything (internal
//! use); totals stay exact. Because the total is exact, one hidden group alone could be
//! computed back (323 − 152 − 162 − 8 = 1): [`unterdruecken`] hides further groups until no
//! hidden group can be computed from the total and the groups shown (complementary
//! suppression, spec §15).

use super::Fall;
use chrono::Datelike;
use std::collections::HashMap;
use std::path::Path;

/// Smallest group shown by default.
pub const KLEIN: u64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Nach {
    Jahr,
    Geschlecht,
    Altersgruppe,
    Region,
    Zielgruppe,
    Anlass,
    // The handing (OPTIMA) or registering (Roundtable) office, mapped through the office
    // directory by the report. (Plain comments: a doc comment would become clap's help.)
    Stelle,
    // The receiving office (OPTIMA).
    Auftragnehmer,
}

impl Nach {
    pub fn name(self) -> &'static str {
        match self {
            Nach::Jahr => "jahr",
            Nach::Geschlecht => "geschlecht",
            Nach::Altersgruppe => "altersgruppe",
            Nach::Region => "region",
            Nach::Zielgruppe => "zielgruppe",
            Nach::Anlass => "anlass",
            Nach::Stelle => "stelle",
            Nach::Auftragnehmer => "auftragnehmer",
        }
    }

    /// A breakdown by office: institutions are counted exactly (spec §15).
    pub fn nach_stelle(self) -> bool {
        matches!(self, Nach::Stelle | Nach::Auftragnehmer)
    }
}

/// The municipalities of the Canton of Lucerne by Wahlkreis, shipped with iiz (source and
/// how to replace it: `docs/datenformat.md`, "Regionen").
const WAHLKREISE: &str = include_str!("../../daten/wahlkreise-luzern.csv");

/// How a group's count may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sichtbarkeit {
    Genau,
    /// A small group (1 to `KLEIN` − 1), shown as "< 3".
    Klein,
    /// A larger group hidden so that the small ones cannot be computed back.
    Verdeckt,
}

/// Which groups of one breakdown (their counts, adding up to the published total) are shown
/// and which hidden. Small groups are hidden; then, while any hidden group could be computed
/// from the total, the groups shown and what is known of the hidden ones (a small group has
/// 1 to `KLEIN` − 1, a covering group at least `KLEIN` – an attacker may know the rule), the
/// smallest group still shown is hidden too.
pub fn unterdruecken(werte: &[u64]) -> Vec<Sichtbarkeit> {
    let mut s: Vec<Sichtbarkeit> = werte
        .iter()
        .map(|&n| {
            if n > 0 && n < KLEIN {
                Sichtbarkeit::Klein
            } else {
                Sichtbarkeit::Genau
            }
        })
        .collect();
    let total: u64 = werte.iter().sum();
    while berechenbar(&s, werte, total).is_some() {
        let kleinste = (0..werte.len())
            .filter(|&i| s[i] == Sichtbarkeit::Genau && werte[i] > 0)
            .min_by_key(|&i| (werte[i], i));
        match kleinste {
            Some(i) => s[i] = Sichtbarkeit::Verdeckt,
            // Everything is hidden but the empty groups: nothing more to cover with.
            None => break,
        }
    }
    s
}

/// What an attacker can know of each hidden group: the smallest and largest count that fits
/// the total, the groups shown and the bounds of every hidden group. `None` for a group shown.
pub fn spielraum(s: &[Sichtbarkeit], werte: &[u64], total: u64) -> Vec<Option<(u64, u64)>> {
    let verborgen: u64 = total
        - werte
            .iter()
            .zip(s)
            .filter(|(_, s)| **s == Sichtbarkeit::Genau)
            .map(|(n, _)| n)
            .sum::<u64>();
    let grenzen = |x: Sichtbarkeit| match x {
        Sichtbarkeit::Klein => (1, KLEIN - 1),
        Sichtbarkeit::Verdeckt => (KLEIN, verborgen),
        Sichtbarkeit::Genau => (0, 0),
    };
    let (summe_unten, summe_oben) = s
        .iter()
        .filter(|x| **x != Sichtbarkeit::Genau)
        .map(|x| grenzen(*x))
        .fold((0u64, 0u64), |(a, b), (u, o)| (a + u, b + o));
    s.iter()
        .map(|x| {
            if *x == Sichtbarkeit::Genau {
                return None;
            }
            let (u, o) = grenzen(*x);
            let andere_unten = summe_unten - u;
            let andere_oben = summe_oben - o;
            Some((
                u.max(verborgen.saturating_sub(andere_oben)),
                o.min(verborgen.saturating_sub(andere_unten)),
            ))
        })
        .collect()
}

/// The first hidden group whose count is known exactly, if any.
fn berechenbar(s: &[Sichtbarkeit], werte: &[u64], total: u64) -> Option<usize> {
    spielraum(s, werte, total)
        .iter()
        .position(|r| matches!(r, Some((u, o)) if u >= o))
}

/// Municipality (lower case) → region.
pub struct Regionen(HashMap<String, String>);

impl Regionen {
    fn aus_csv(text: &str) -> Regionen {
        let mut m = HashMap::new();
        for z in text.lines().skip(1) {
            if let Some((g, w)) = z.split_once(',') {
                let g = g.trim().to_lowercase();
                // A region name goes into published tables and terminals: a row with control
                // or invisible characters (a hostile file in the data directory) is ignored.
                let sauber = |t: &str| {
                    !t.chars()
                        .any(|c| c.is_control() || crate::text::unsichtbar(c) || c == '<')
                };
                if !g.is_empty() && !w.trim().is_empty() && sauber(&g) && sauber(w) {
                    m.insert(g, w.trim().to_string());
                }
            }
        }
        Regionen(m)
    }

    /// The shipped table, or `wahlkreise.csv` of the data directory (same columns
    /// `gemeinde,region`) when there is one.
    pub fn laden(datenverzeichnis: &Path) -> Regionen {
        match std::fs::read_to_string(datenverzeichnis.join("wahlkreise.csv")) {
            Ok(t) => Regionen::aus_csv(&t),
            Err(_) => Regionen::aus_csv(WAHLKREISE),
        }
    }

    pub fn von(&self, gemeinde: Option<&str>) -> String {
        gemeinde
            .and_then(|g| self.0.get(&g.trim().to_lowercase()))
            .cloned()
            .unwrap_or_else(|| "unbekannt".into())
    }
}

/// Age band at registration from the birth year.
pub fn altersgruppe(alter: Option<i32>) -> &'static str {
    match alter {
        None => "unbekannt",
        Some(a) if a < 25 => "<25",
        Some(a) if a < 35 => "25-34",
        Some(a) if a < 45 => "35-44",
        Some(a) if a < 55 => "45-54",
        Some(_) => "55+",
    }
}

/// A code as it is written in the journal (`ziel-erreicht`).
pub fn wort(x: impl serde::Serialize) -> String {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| "unbekannt".into())
}

/// The group of a case.
pub fn gruppe(fall: &Fall, nach: Nach, regionen: &Regionen) -> String {
    gruppe_von(&fall.merkmale(), nach, regionen)
}

/// The group of a case by its features (one `merkmale` for several groups).
pub fn gruppe_von(m: &crate::prozess::Merkmale, nach: Nach, regionen: &Regionen) -> String {
    let oder_unbekannt = |x: &Option<String>| x.clone().unwrap_or_else(|| "unbekannt".into());
    match nach {
        Nach::Jahr => m.anmeldedatum.year().to_string(),
        Nach::Geschlecht => oder_unbekannt(&m.geschlecht),
        Nach::Altersgruppe => {
            altersgruppe(m.geburtsjahr.map(|j| m.anmeldedatum.year() - j)).to_string()
        }
        Nach::Region => regionen.von(m.wohngemeinde.as_deref()),
        Nach::Zielgruppe => oder_unbekannt(&m.zielgruppe),
        Nach::Anlass => oder_unbekannt(&m.anlass),
        Nach::Stelle => stelle(m.von_stelle.as_deref(), &m.von),
        Nach::Auftragnehmer => stelle(m.an_stelle.as_deref(), &m.an),
    }
}

/// An office as recorded; without a name, its type ("IV (ohne Name)").
fn stelle(name: Option<&str>, typ: &str) -> String {
    match name.map(str::trim) {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => {
            let t = match typ {
                "iv" => "IV",
                "rav" => "RAV",
                "sh" => "Sozialhilfe",
                "andere" => "Andere",
                "" => return "keine".into(),
                t => t,
            };
            format!("{t} (ohne Name)")
        }
    }
}

/// The day a case was registered (the application or registration event).
pub fn anmeldedatum(fall: &Fall) -> chrono::NaiveDate {
    fall.merkmale().anmeldedatum
}

/// The registering institution as it is written in the journal (`iv`, `rav`, `sh`,
/// `andere`): for OPTIMA the handing institution (Auftraggeber).
pub fn anmeldende_institution(fall: &Fall) -> String {
    fall.merkmale().von
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hidden group keeps at least two possible counts, whatever the groups – unless
    /// the exact total alone gives it away (every group with a count is hidden already).
    fn keine_verborgene_gruppe_berechenbar(werte: &[u64]) {
        let s = unterdruecken(werte);
        let total = werte.iter().sum();
        let alle_verborgen = werte
            .iter()
            .zip(&s)
            .all(|(n, x)| *n == 0 || *x != Sichtbarkeit::Genau);
        for (i, r) in spielraum(&s, werte, total).iter().enumerate() {
            if let Some((u, o)) = r {
                assert!(
                    u < o || alle_verborgen,
                    "{werte:?} {s:?}: Gruppe {i} ist {u}"
                );
                assert!(*u <= werte[i] && werte[i] <= *o, "{werte:?} {s:?}: {i}");
            }
        }
        // Small groups are always hidden, groups shown are exact.
        for (n, x) in werte.iter().zip(&s) {
            assert_eq!(*n > 0 && *n < KLEIN, *x == Sichtbarkeit::Klein);
        }
    }

    #[test]
    fn komplementaer_unterdrueckt() {
        use Sichtbarkeit::*;
        // The published example: 323 = 152 + 162 + 8 + 1 – the 1 alone could be computed.
        assert_eq!(
            unterdruecken(&[152, 162, 8, 1]),
            vec![Genau, Genau, Verdeckt, Klein]
        );
        // Two small groups of one each: their sum 2 would give both away.
        assert_eq!(
            unterdruecken(&[1, 1, 10, 20]),
            vec![Klein, Klein, Verdeckt, Genau]
        );
        // 1 and 2 together (3) leave two possibilities each: nothing more to hide.
        assert_eq!(unterdruecken(&[1, 2, 10]), vec![Klein, Klein, Genau]);
        // Nothing small, nothing hidden.
        assert_eq!(unterdruecken(&[5, 0, 7]), vec![Genau, Genau, Genau]);
        assert_eq!(unterdruecken(&[]), vec![]);
        for w in [
            vec![1],
            vec![2, 0],
            vec![1, 3],
            vec![2, 2, 2],
            vec![1, 1, 1, 1],
            vec![2, 3, 3],
            vec![2, 100],
        ] {
            keine_verborgene_gruppe_berechenbar(&w);
        }
    }

    proptest::proptest! {
        #[test]
        fn keine_verborgene_gruppe_aus_dem_total(werte in proptest::collection::vec(0u64..12, 0..8)) {
            keine_verborgene_gruppe_berechenbar(&werte);
        }
    }

    #[test]
    fn feindliche_regionen_werden_ignoriert() {
        let r = Regionen::aus_csv(
            "gemeinde,region\nEmmen,\u{1b}[31mRot\nKriens,Luzern\u{202e}Land\nHorw,<b>X</b>\nSursee,Sursee\n",
        );
        assert_eq!(r.von(Some("Emmen")), "unbekannt");
        assert_eq!(r.von(Some("Kriens")), "unbekannt");
        assert_eq!(r.von(Some("Horw")), "unbekannt");
        assert_eq!(r.von(Some("Sursee")), "Sursee");
    }

    #[test]
    fn altersbaender_an_den_grenzen() {
        assert_eq!(altersgruppe(Some(24)), "<25");
        assert_eq!(altersgruppe(Some(25)), "25-34");
        assert_eq!(altersgruppe(Some(34)), "25-34");
        assert_eq!(altersgruppe(Some(35)), "35-44");
        assert_eq!(altersgruppe(Some(54)), "45-54");
        assert_eq!(altersgruppe(Some(55)), "55+");
        assert_eq!(altersgruppe(None), "unbekannt");
    }

    #[test]
    fn regionen_aus_der_tabelle_unbekannt_sonst() {
        let r = Regionen::aus_csv(WAHLKREISE);
        assert_eq!(r.von(Some("Luzern")), "Luzern-Stadt");
        assert_eq!(r.von(Some("emmen")), "Luzern-Land");
        assert_eq!(r.von(Some("Escholzmatt-Marbach")), "Entlebuch");
        assert_eq!(r.von(Some("Sursee")), "Sursee");
        assert_eq!(r.von(Some("Zürich")), "unbekannt");
        assert_eq!(r.von(None), "unbekannt");
        // Every municipality in exactly one of the six Wahlkreise.
        let wahlkreise: std::collections::BTreeSet<&String> = r.0.values().collect();
        assert_eq!(wahlkreise.len(), 6, "{wahlkreise:?}");
    }
}
