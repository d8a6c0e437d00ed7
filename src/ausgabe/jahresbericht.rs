//! The annual report as a document: parts (2.1, 2.2) of tables and series; each series is a
//! bar chart and, beside it, the same numbers as a table (accessible, printable, diffable).
//! Built by the services' parts, drawn by the one document model (`ausgabe::dokument`):
//! Markdown, one self-contained A4 HTML file (inline SVG, nothing from the network), or
//! tables at a terminal.

use super::bericht::Zeile;
use super::dokument::{self, Block as DokBlock};
pub use super::dokument::{INSTITUTIONEN, MatrixZeile, Reihe, Zelle, matrix};

pub enum Block {
    Ueberschrift(String),
    Tabelle {
        titel: String,
        zeilen: Vec<Zeile>,
    },
    /// A table printed as the published OPTIMA table: each row with its split by
    /// institution as one row of Total | IV | RAV/ALV | Sozialhilfe.
    Matrix {
        titel: String,
        zeilen: Vec<Zeile>,
    },
    Reihe(Reihe),
    /// A footnote under the part ("*) Andere: …").
    Fussnote(String),
}

pub struct Teil {
    pub titel: String,
    pub bloecke: Vec<Block>,
}

pub struct Dokument {
    pub titel: String,
    /// The year reported: the document bears its last day.
    pub jahr: i32,
    pub teile: Vec<Teil>,
    pub hinweis: String,
}

/// The report in the one document model: a part is a `Teil` (a new page from the second),
/// its headings `Unterueberschrift`s, the footnote of the figures its `fuss`.
pub fn modell(d: Dokument) -> dokument::Dokument {
    let datum = chrono::NaiveDate::from_ymd_opt(d.jahr, 12, 31).unwrap_or_default();
    let mut m = dokument::Dokument::neu(d.titel, datum);
    for t in d.teile {
        m.block(DokBlock::Teil(t.titel));
        for b in t.bloecke {
            m.block(match b {
                Block::Ueberschrift(s) => DokBlock::Unterueberschrift(s),
                Block::Tabelle { titel, zeilen } => DokBlock::Bericht { titel, zeilen },
                Block::Matrix { titel, zeilen } => DokBlock::Matrix { titel, zeilen },
                Block::Reihe(r) => DokBlock::Reihe(r),
                Block::Fussnote(s) => DokBlock::Fussnote(s),
            });
        }
    }
    m.fuss = d.hinweis;
    m
}

pub fn markdown(d: Dokument) -> String {
    dokument::markdown(&modell(d))
}

/// One self-contained HTML page for A4, with the office's header (`briefkopf`, else the
/// standard one).
pub fn html_seite(d: Dokument, briefkopf: Option<&str>) -> String {
    dokument::html_seite(&modell(d), briefkopf)
}

/// For a person at a terminal: tables drawn, never Markdown source.
pub fn terminal(d: Dokument) -> String {
    dokument::terminal(&modell(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dok() -> Dokument {
        Dokument {
            titel: "Bericht <1>".into(),
            jahr: 2023,
            teile: vec![Teil {
                titel: "2.1 Roundtable".into(),
                bloecke: vec![Block::Reihe(Reihe {
                    titel: "Geschlecht".into(),
                    spalte: "Gruppe".into(),
                    werte: vec![
                        ("Frauen".into(), Zelle::Zahl(7)),
                        ("divers".into(), Zelle::Klein),
                    ],
                })],
            }],
            hinweis: "Hinweis".into(),
        }
    }

    #[test]
    fn html_eigenstaendig_mit_diagramm_und_tabelle() {
        let h = html_seite(dok(), None);
        assert!(h.contains("<svg"), "chart inline");
        assert!(h.contains("<td>7</td>") && h.contains("<td>&lt; 3</td>"));
        assert!(h.contains("Bericht &lt;1&gt;"));
        // Nothing loaded from elsewhere.
        for fremd in ["http://", "https://", "src=", "@import", "url("] {
            let ohne_ns = h.replace("http://www.w3.org/2000/svg", "");
            assert!(!ohne_ns.contains(fremd), "{fremd} in HTML");
        }
        assert!(h.contains("size: A4"));
    }

    /// At a terminal the same document is drawn: tables, bars, no Markdown source.
    #[test]
    fn terminal_zeichnet_tabellen() {
        let t = terminal(dok());
        assert!(t.starts_with("Bericht <1>\n═"), "{t}");
        assert!(
            t.contains("Frauen") && t.contains("█") && t.contains("< 3"),
            "{t}"
        );
        for roh in ["&nbsp;", "|---|", "**", "####"] {
            assert!(!t.contains(roh), "{roh}: {t}");
        }
    }

    #[test]
    fn markdown_tabelle_je_reihe() {
        let m = markdown(dok());
        let balken = "█".repeat(30);
        assert!(
            m.contains(&format!(
                "#### Geschlecht\n\n| Gruppe | Anzahl | |\n|---|---:|---|\n| Frauen | 7 | {balken} |\n| divers | < 3 |  |"
            )),
            "{m}"
        );
    }

    #[test]
    fn kleine_zelle_als_text_in_json() {
        assert_eq!(serde_json::to_string(&Zelle::Klein).unwrap(), "\"< 3\"");
        assert_eq!(serde_json::to_string(&Zelle::Zahl(4)).unwrap(), "4");
    }
}
