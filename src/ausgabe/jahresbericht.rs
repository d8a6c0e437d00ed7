//! The annual report as a document: parts (2.1, 2.2) of tables and series; each series is a
//! bar chart and, beside it, the same numbers as a table (accessible, printable, diffable).
//! HTML is one self-contained file: inline SVG, print CSS for A4, nothing from the network.

use super::bericht::{self, Zeile};
use super::{diagramm, html};
use serde::{Serialize, Serializer};
use std::fmt::Write as _;

/// A published count: exact, or a small group shown as "< 3".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zelle {
    Zahl(u64),
    Klein,
}

impl Zelle {
    pub fn text(self) -> String {
        match self {
            Zelle::Zahl(n) => n.to_string(),
            Zelle::Klein => format!("< {}", crate::prozess::gruppen::KLEIN),
        }
    }
}

impl Serialize for Zelle {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Zelle::Zahl(n) => s.serialize_u64(*n),
            Zelle::Klein => s.serialize_str(&self.text()),
        }
    }
}

/// Groups and their counts: one chart and one table.
pub struct Reihe {
    pub titel: String,
    /// Heading of the group column ("Jahr", "Gruppe").
    pub spalte: String,
    pub werte: Vec<(String, Zelle)>,
}

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

/// The columns of the published OPTIMA matrix after "Total".
pub const INSTITUTIONEN: [&str; 3] = ["IV", "RAV/ALV", "Sozialhilfe"];

/// A row of the matrix.
#[derive(Debug, Clone, PartialEq)]
pub enum MatrixZeile {
    Abschnitt(String),
    /// A label without a figure of its own ("Abschlussgründe").
    Zwischen {
        stufe: usize,
        text: String,
    },
    /// A figure, with its split by institution where the table has one.
    Wert {
        stufe: usize,
        text: String,
        total: String,
        je: Option<[String; 3]>,
    },
}

/// The report's rows as the published matrix: a row followed by exactly one row per
/// institution (IV, RAV/ALV, Sozialhilfe) one level deeper becomes one row with four
/// figures ("…, davon" dropped); every other row keeps its place.
pub fn matrix(zeilen: &[Zeile]) -> Vec<MatrixZeile> {
    let ohne_punkt = |t: &str| t.trim_start_matches("• ").to_string();
    let mut aus = Vec::new();
    let mut i = 0;
    while i < zeilen.len() {
        match &zeilen[i] {
            Zeile::Abschnitt(t) => {
                aus.push(MatrixZeile::Abschnitt(t.to_string()));
                i += 1;
            }
            Zeile::Wert { stufe, text, wert } => {
                let kind = |k: usize| match zeilen.get(i + 1 + k) {
                    Some(Zeile::Wert {
                        stufe: s,
                        text: t,
                        wert: w,
                    }) if *s == stufe + 1 && ohne_punkt(t) == INSTITUTIONEN[k] => Some(w.clone()),
                    _ => None,
                };
                let je = (|| Some([kind(0)?, kind(1)?, kind(2)?]))();
                let text = ohne_punkt(text);
                match je {
                    Some(je) => {
                        let total = if wert.is_empty() {
                            je.iter()
                                .map(|w| w.parse::<u64>().ok())
                                .sum::<Option<u64>>()
                                .map(|n| n.to_string())
                                .unwrap_or_default()
                        } else {
                            wert.clone()
                        };
                        aus.push(MatrixZeile::Wert {
                            stufe: *stufe,
                            text: text
                                .trim_end_matches(", davon")
                                .trim_end_matches("; davon")
                                .to_string(),
                            total,
                            je: Some(je),
                        });
                        i += 4;
                    }
                    None if wert.is_empty() => {
                        aus.push(MatrixZeile::Zwischen {
                            stufe: *stufe,
                            text,
                        });
                        i += 1;
                    }
                    None => {
                        aus.push(MatrixZeile::Wert {
                            stufe: *stufe,
                            text,
                            total: wert.clone(),
                            je: None,
                        });
                        i += 1;
                    }
                }
            }
        }
    }
    aus
}

/// The matrix as rows of five cells (label, Total, IV, RAV/ALV, Sozialhilfe).
fn matrix_zellen(zeilen: &[Zeile]) -> Vec<(Option<&'static str>, usize, [String; 5])> {
    matrix(zeilen)
        .into_iter()
        .map(|z| match z {
            MatrixZeile::Abschnitt(t) => (
                Some("abschnitt"),
                0,
                [t, "".into(), "".into(), "".into(), "".into()],
            ),
            MatrixZeile::Zwischen { stufe, text } => (
                None,
                stufe,
                [text, "".into(), "".into(), "".into(), "".into()],
            ),
            MatrixZeile::Wert {
                stufe,
                text,
                total,
                je,
            } => {
                let [a, b, c] = je.unwrap_or_default();
                (None, stufe, [text, total, a, b, c])
            }
        })
        .collect()
}

pub struct Teil {
    pub titel: String,
    pub bloecke: Vec<Block>,
}

pub struct Dokument {
    pub titel: String,
    pub teile: Vec<Teil>,
    pub hinweis: String,
}

/// Length of the longest text bar in Markdown.
const BALKEN: u64 = 30;

pub fn markdown(d: &Dokument) -> String {
    let md = bericht::md;
    let mut o = format!("# {}\n\n", md(&d.titel));
    for t in &d.teile {
        let _ = writeln!(o, "## {}\n", md(&t.titel));
        for b in &t.bloecke {
            match b {
                Block::Ueberschrift(s) => {
                    let _ = writeln!(o, "### {}\n", md(s));
                }
                Block::Tabelle { titel, zeilen } => {
                    let _ = writeln!(o, "### {}\n\n{}", md(titel), bericht::markdown(zeilen));
                }
                Block::Matrix { titel, zeilen } => {
                    let _ = writeln!(
                        o,
                        "### {}\n\n| | Total | {} |\n|---|---:|---:|---:|---:|",
                        md(titel),
                        INSTITUTIONEN.join(" | ")
                    );
                    for (art, stufe, z) in matrix_zellen(zeilen) {
                        let einzug = "&nbsp;&nbsp;".repeat(stufe);
                        if art.is_some() {
                            let _ = writeln!(o, "| **{}** | | | | |", md(&z[0]));
                        } else {
                            let _ = writeln!(
                                o,
                                "| {einzug}{} | {} | {} | {} | {} |",
                                md(&z[0]),
                                md(&z[1]),
                                md(&z[2]),
                                md(&z[3]),
                                md(&z[4])
                            );
                        }
                    }
                    o.push('\n');
                }
                Block::Fussnote(t) => {
                    let _ = writeln!(o, "{}\n", md(t));
                }
                Block::Reihe(r) => {
                    // The chart as text: a bar of blocks per group, scaled to the largest.
                    let _ = writeln!(
                        o,
                        "#### {}\n\n| {} | Anzahl | |\n|---|---:|---|",
                        md(&r.titel),
                        r.spalte
                    );
                    let max = r
                        .werte
                        .iter()
                        .filter_map(|(_, z)| match z {
                            Zelle::Zahl(n) => Some(*n),
                            Zelle::Klein => None,
                        })
                        .max()
                        .unwrap_or(0);
                    for (g, n) in &r.werte {
                        let balken = match n {
                            Zelle::Zahl(n) if *n > 0 && max > 0 => {
                                "█".repeat(((*n * BALKEN).div_ceil(max)) as usize)
                            }
                            _ => String::new(),
                        };
                        let _ = writeln!(o, "| {} | {} | {balken} |", md(g), md(&n.text()));
                    }
                    o.push('\n');
                }
            }
        }
    }
    let _ = writeln!(o, "_{}_", md(&d.hinweis));
    o
}

/// The document for a person at a terminal: headings as lines, every table and chart drawn
/// as a table (comfy-table), the charts' bars as blocks – never Markdown source.
pub fn terminal(d: &Dokument) -> String {
    let mut o = format!("{}\n{}\n", d.titel, "═".repeat(d.titel.chars().count()));
    for t in &d.teile {
        let _ = writeln!(o, "\n{}\n{}", t.titel, "─".repeat(t.titel.chars().count()));
        for b in &t.bloecke {
            match b {
                Block::Ueberschrift(s) => {
                    let _ = writeln!(o, "\n{s}");
                }
                Block::Fussnote(s) => {
                    let _ = writeln!(o, "{s}");
                }
                Block::Tabelle { titel, zeilen } => {
                    let _ = write!(o, "\n{titel}\n{}", bericht::text(zeilen));
                }
                Block::Matrix { titel, zeilen } => {
                    let kopf = [
                        "",
                        "Total",
                        INSTITUTIONEN[0],
                        INSTITUTIONEN[1],
                        INSTITUTIONEN[2],
                    ];
                    let zeilen: Vec<Vec<String>> = matrix_zellen(zeilen)
                        .into_iter()
                        .map(|(art, stufe, z)| {
                            let [text, rest @ ..] = z;
                            let text = if art.is_some() {
                                text.to_uppercase()
                            } else {
                                format!("{}{text}", "  ".repeat(stufe))
                            };
                            std::iter::once(text).chain(rest).collect()
                        })
                        .collect();
                    let _ = write!(o, "\n{titel}\n{}", super::tabelle_text(&kopf, zeilen));
                }
                Block::Reihe(r) => {
                    let max = r
                        .werte
                        .iter()
                        .filter_map(|(_, z)| match z {
                            Zelle::Zahl(n) => Some(*n),
                            Zelle::Klein => None,
                        })
                        .max()
                        .unwrap_or(0);
                    let zeilen: Vec<Vec<String>> = r
                        .werte
                        .iter()
                        .map(|(g, z)| {
                            let balken = match z {
                                Zelle::Zahl(n) if *n > 0 && max > 0 => {
                                    "█".repeat(((*n * BALKEN).div_ceil(max)) as usize)
                                }
                                _ => String::new(),
                            };
                            vec![g.clone(), z.text(), balken]
                        })
                        .collect();
                    let _ = write!(
                        o,
                        "\n{}\n{}",
                        r.titel,
                        super::tabelle_text(&[&r.spalte, "Anzahl", ""], zeilen)
                    );
                }
            }
        }
    }
    let _ = writeln!(o, "\n{}", d.hinweis);
    o
}

const CSS: &str = "@page { size: A4; margin: 16mm 16mm 18mm 18mm; }
body { font-family: \"Helvetica Neue\", Arial, sans-serif; font-size: 10pt; line-height: 1.35; color: #111; max-width: 176mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 5mm 0; }
h2 { font-size: 13pt; margin: 8mm 0 3mm 0; border-bottom: 1px solid #444; }
h2.neu { break-before: page; }
h3 { font-size: 11pt; margin: 5mm 0 2mm 0; }
table { border-collapse: collapse; margin: 0 0 4mm 0; }
caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
th, td { border-bottom: 1px solid #ccc; padding: 0.8mm 2mm; text-align: left; }
td { text-align: right; min-width: 14mm; }
table.bericht { width: 100%; }
tr.abschnitt th { background: #eee; }
tr.stufe1 th { padding-left: 6mm; font-weight: normal; }
tr.stufe2 th { padding-left: 10mm; font-weight: normal; }
tr.stufe0 th { font-weight: normal; }
figure { margin: 0 0 5mm 0; break-inside: avoid; display: flex; gap: 5mm; align-items: flex-start; }
figure svg { width: 118mm; height: auto; flex: none; }
figure table { font-size: 8.5pt; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
section.zusammen { break-inside: avoid; page-break-inside: avoid; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
table.matrix td { min-width: 16mm; }
.fussnote { font-size: 8.5pt; margin: 1mm 0 4mm 0; }
.diagramm { break-inside: avoid; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #555; }
@media print { body { max-width: none; } }";

pub fn html_seite(d: &Dokument) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        html(&d.titel),
        html(&d.titel)
    );
    let mut nr = 0;
    for (i, t) in d.teile.iter().enumerate() {
        let klasse = if i > 0 { " class=\"neu\"" } else { "" };
        // A heading never ends a page: it goes into one unbreakable section with the
        // block that follows it (a table, a chart).
        let _ = write!(
            o,
            "<section class=\"zusammen\">\n<h2{klasse}>{}</h2>\n",
            html(&t.titel)
        );
        let mut offen = true;
        for b in &t.bloecke {
            let ueberschrift = matches!(b, Block::Ueberschrift(_));
            if ueberschrift && !offen {
                o.push_str("<section class=\"zusammen\">\n");
                offen = true;
            }
            match b {
                Block::Ueberschrift(s) => {
                    let _ = writeln!(o, "<h3>{}</h3>", html(s));
                }
                Block::Fussnote(t) => {
                    let _ = writeln!(o, "<p class=\"fussnote\">{}</p>", html(t));
                }
                Block::Tabelle { titel, zeilen } => {
                    o.push_str(&bericht::html_tabelle(titel, zeilen));
                }
                Block::Matrix { titel, zeilen } => {
                    let _ = write!(
                        o,
                        "<table class=\"bericht matrix\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">Total</th>",
                        html(titel)
                    );
                    for k in INSTITUTIONEN {
                        let _ = write!(o, "<th scope=\"col\">{}</th>", html(k));
                    }
                    o.push_str("</tr></thead>\n<tbody>\n");
                    for (art, stufe, z) in matrix_zellen(zeilen) {
                        if art.is_some() {
                            let _ = writeln!(
                                o,
                                "<tr class=\"abschnitt\"><th scope=\"rowgroup\" colspan=\"5\">{}</th></tr>",
                                html(&z[0])
                            );
                        } else {
                            let _ = write!(
                                o,
                                "<tr class=\"stufe{stufe}\"><th scope=\"row\">{}</th>",
                                html(&z[0])
                            );
                            for c in &z[1..] {
                                let _ = write!(o, "<td>{}</td>", html(c));
                            }
                            o.push_str("</tr>\n");
                        }
                    }
                    o.push_str("</tbody>\n</table>\n");
                }
                Block::Reihe(r) => {
                    nr += 1;
                    let id = format!("d{nr}");
                    let balken: Vec<(String, Option<u64>)> = r
                        .werte
                        .iter()
                        .map(|(g, z)| {
                            (
                                g.clone(),
                                match z {
                                    Zelle::Zahl(n) => Some(*n),
                                    Zelle::Klein => None,
                                },
                            )
                        })
                        .collect();
                    let _ = write!(
                        o,
                        "<div class=\"diagramm\"><div class=\"figcaption\" id=\"{id}\"><figcaption>{}</figcaption></div>\n<figure aria-labelledby=\"{id}\">\n{}\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">Anzahl</th></tr></thead>\n<tbody>\n",
                        html(&r.titel),
                        diagramm::balken(&r.titel, &balken),
                        html(&r.spalte)
                    );
                    for (g, z) in &r.werte {
                        let _ = writeln!(
                            o,
                            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                            html(g),
                            html(&z.text())
                        );
                    }
                    o.push_str("</tbody>\n</table>\n</figure></div>\n");
                }
            }
            if offen && !ueberschrift {
                o.push_str("</section>\n");
                offen = false;
            }
        }
        if offen {
            o.push_str("</section>\n");
        }
    }
    let _ = write!(
        o,
        "<footer>{}</footer>\n</body>\n</html>\n",
        html(&d.hinweis)
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dok() -> Dokument {
        Dokument {
            titel: "Bericht <1>".into(),
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
        let h = html_seite(&dok());
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

    #[test]
    fn markdown_tabelle_je_reihe() {
        let m = markdown(&dok());
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
