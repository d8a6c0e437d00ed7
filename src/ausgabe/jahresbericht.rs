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
    Tabelle { titel: String, zeilen: Vec<Zeile> },
    Reihe(Reihe),
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
        let _ = writeln!(o, "<h2{klasse}>{}</h2>", html(&t.titel));
        for b in &t.bloecke {
            match b {
                Block::Ueberschrift(s) => {
                    let _ = writeln!(o, "<h3>{}</h3>", html(s));
                }
                Block::Tabelle { titel, zeilen } => {
                    o.push_str(&bericht::html_tabelle(titel, zeilen));
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
