//! The one document model (spec §14): every paper the office hands out – the OPTIMA notes and
//! forms, the Roundtable plan, the annual report's statistics – is a [`Dokument`] of blocks,
//! rendered as Markdown, as one self-contained A4 HTML page (print CSS, inline SVG charts,
//! nothing loaded from the network, an optional office header from the data directory) and
//! for a person at a terminal (tables drawn, never Markdown source).
//!
//! A document is a pure function of the journal: dated with its event's date, never the
//! print date, so the same journal gives the same bytes (a dispatch records their hash).

use super::bericht::{self, Zeile};
use super::{datum_text, diagramm, html};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The standard header when the data directory has no `briefkopf.html`.
pub const BRIEFKOPF: &str = "IIZ-Koordinationsstelle des Kantons Luzern<br>c/o WAS Wirtschaft Arbeit Soziales, IV Luzern<br>Ländenbergstrasse 35, 6002 Luzern";

pub use super::zelle::{VERDECKT, Zelle};

/// Groups and their counts: one chart and one table.
pub struct Reihe {
    pub titel: String,
    /// Heading of the group column ("Jahr", "Gruppe").
    pub spalte: String,
    pub werte: Vec<(String, Zelle)>,
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

/// One part of a document's body.
pub enum Block {
    /// A part of a long document (the annual report's 2.1, 2.2): from the second on, it
    /// begins a new page.
    Teil(String),
    /// A section heading (kept with what follows on paper).
    Ueberschrift(String),
    /// A heading below a section heading.
    Unterueberschrift(String),
    /// Text; each line a paragraph. Empty text prints "–".
    Text(String),
    /// A bulleted list.
    Liste(Vec<String>),
    /// A table: header and rows of cells.
    Tabelle {
        kopf: Vec<String>,
        zeilen: Vec<Vec<String>>,
    },
    /// A sentence set apart (a condition of the form, a declaration).
    Hervorgehoben(String),
    /// Lines to sign: one per signatory ("Datum und Unterschrift der versicherten Person").
    Unterschriften(Vec<String>),
    /// A report table in the published layout (sections, indented figures).
    Bericht { titel: String, zeilen: Vec<Zeile> },
    /// A report table as the published OPTIMA matrix (Total | IV | RAV/ALV | Sozialhilfe).
    Matrix { titel: String, zeilen: Vec<Zeile> },
    /// Groups and their counts: a bar chart with the same numbers as a table beside it.
    Reihe(Reihe),
    /// A footnote ("*) Andere: …").
    Fussnote(String),
}

/// A document: title, the key facts (as a two-column list), the body, a footer.
pub struct Dokument {
    pub titel: String,
    /// Label and value, in order ("Fall", "OPT-2026-001").
    pub angaben: Vec<(String, String)>,
    pub bloecke: Vec<Block>,
    /// The date the document bears: its event's date.
    pub datum: NaiveDate,
    /// "Fassung 2 vom …, ersetzt Fassung 1" when the event was corrected.
    pub fassung: Option<String>,
    /// The last line (who wrote it, for whom it is).
    pub fuss: String,
}

impl Dokument {
    pub fn neu(titel: impl Into<String>, datum: NaiveDate) -> Dokument {
        Dokument {
            titel: titel.into(),
            angaben: Vec::new(),
            bloecke: Vec::new(),
            datum,
            fassung: None,
            fuss: String::new(),
        }
    }

    pub fn angabe(&mut self, label: impl Into<String>, wert: impl Into<String>) -> &mut Self {
        self.angaben.push((label.into(), wert.into()));
        self
    }

    pub fn block(&mut self, b: Block) -> &mut Self {
        self.bloecke.push(b);
        self
    }

    /// A heading and its text.
    pub fn abschnitt(&mut self, titel: &str, text: Option<&str>) -> &mut Self {
        self.block(Block::Ueberschrift(titel.into()));
        self.block(Block::Text(text.unwrap_or_default().to_string()))
    }
}

/// The version line of a corrected event: `fassung` counts the versions (1 = never
/// corrected, then no line), `vom` the day the latest was recorded.
pub fn fassung_text(fassung: u32, vom: NaiveDate) -> Option<String> {
    (fassung > 1).then(|| {
        format!(
            "Fassung {fassung} vom {}, ersetzt Fassung {}",
            datum_text(Some(vom)),
            fassung - 1
        )
    })
}

fn md_zelle(t: &str) -> String {
    t.replace('|', "\\|").replace('\n', " ")
}

/// Length of the longest text bar (Markdown, terminal).
const BALKEN: u64 = 30;

/// A series' bars as blocks, scaled to its largest count.
fn balken_text(r: &Reihe) -> Vec<(String, String, String)> {
    let max = r
        .werte
        .iter()
        .filter_map(|(_, z)| z.zahl())
        .max()
        .unwrap_or(0);
    r.werte
        .iter()
        .map(|(g, z)| {
            let balken = match z {
                Zelle::Zahl(n) if *n > 0 && max > 0 => {
                    "█".repeat(((*n * BALKEN).div_ceil(max)) as usize)
                }
                _ => String::new(),
            };
            (g.clone(), z.text(), balken)
        })
        .collect()
}

/// Markdown: the same content, for mail, a wiki or a file.
pub fn markdown(d: &Dokument) -> String {
    let md = bericht::md;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", d.titel);
    if let Some(f) = &d.fassung {
        let _ = writeln!(s, "_{f}_\n");
    }
    for (k, v) in &d.angaben {
        let _ = writeln!(s, "- {k}: {}", v.replace('\n', " "));
    }
    if !d.angaben.is_empty() {
        s.push('\n');
    }
    for b in &d.bloecke {
        match b {
            Block::Teil(t) | Block::Ueberschrift(t) => {
                let _ = writeln!(s, "## {t}\n");
            }
            Block::Unterueberschrift(t) => {
                let _ = writeln!(s, "### {t}\n");
            }
            Block::Text(t) if t.trim().is_empty() => s.push_str("–\n\n"),
            Block::Text(t) => {
                for z in t.split('\n') {
                    let _ = writeln!(s, "{z}\n");
                }
            }
            Block::Liste(l) if l.is_empty() => s.push_str("–\n\n"),
            Block::Liste(l) => {
                for z in l {
                    let _ = writeln!(s, "- {}", z.replace('\n', " "));
                }
                s.push('\n');
            }
            Block::Tabelle { kopf, zeilen } => {
                let _ = writeln!(s, "| {} |", kopf.join(" | "));
                let _ = writeln!(s, "|{}", "---|".repeat(kopf.len()));
                for z in zeilen {
                    let zellen: Vec<String> = z.iter().map(|c| md_zelle(c)).collect();
                    let _ = writeln!(s, "| {} |", zellen.join(" | "));
                }
                s.push('\n');
            }
            Block::Hervorgehoben(t) => {
                let _ = writeln!(s, "**{t}**\n");
            }
            Block::Unterschriften(l) => {
                for z in l {
                    let _ = writeln!(s, "{z}: ______________________________\n");
                }
            }
            Block::Bericht { titel, zeilen } => {
                let _ = writeln!(s, "### {}\n\n{}", md(titel), bericht::markdown(zeilen));
            }
            Block::Matrix { titel, zeilen } => {
                let _ = writeln!(
                    s,
                    "### {}\n\n| | Total | {} |\n|---|---:|---:|---:|---:|",
                    md(titel),
                    INSTITUTIONEN.join(" | ")
                );
                for (art, stufe, z) in matrix_zellen(zeilen) {
                    let einzug = "&nbsp;&nbsp;".repeat(stufe);
                    if art.is_some() {
                        let _ = writeln!(s, "| **{}** | | | | |", md(&z[0]));
                    } else {
                        let _ = writeln!(
                            s,
                            "| {einzug}{} | {} | {} | {} | {} |",
                            md(&z[0]),
                            md(&z[1]),
                            md(&z[2]),
                            md(&z[3]),
                            md(&z[4])
                        );
                    }
                }
                s.push('\n');
            }
            Block::Reihe(r) => {
                // The chart as text: a bar of blocks per group, scaled to the largest.
                let _ = writeln!(
                    s,
                    "#### {}\n\n| {} | Anzahl | |\n|---|---:|---|",
                    md(&r.titel),
                    r.spalte
                );
                for (g, n, balken) in balken_text(r) {
                    let _ = writeln!(s, "| {} | {} | {balken} |", md(&g), md(&n));
                }
                s.push('\n');
            }
            Block::Fussnote(t) => {
                let _ = writeln!(s, "{}\n", md(t));
            }
        }
    }
    let _ = writeln!(s, "{}", d.fuss);
    s
}

/// The document for a person at a terminal: headings as lines, every table and chart drawn
/// as a table (comfy-table), the charts' bars as blocks – never Markdown source.
pub fn terminal(d: &Dokument) -> String {
    let linie = |t: &str, z: &str| format!("{t}\n{}\n", z.repeat(t.chars().count()));
    let mut o = linie(&d.titel, "═");
    if let Some(f) = &d.fassung {
        let _ = writeln!(o, "{f}");
    }
    if !d.angaben.is_empty() {
        let zeilen = d
            .angaben
            .iter()
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect();
        o.push_str(&super::tabelle_text(&[], zeilen));
    }
    for b in &d.bloecke {
        match b {
            Block::Teil(t) => {
                let _ = write!(o, "\n{}", linie(t, "─"));
            }
            Block::Ueberschrift(t) | Block::Unterueberschrift(t) => {
                let _ = writeln!(o, "\n{t}");
            }
            Block::Text(t) if t.trim().is_empty() => o.push_str("–\n"),
            Block::Text(t) | Block::Hervorgehoben(t) | Block::Fussnote(t) => {
                let _ = writeln!(o, "{t}");
            }
            Block::Liste(l) => {
                for z in l {
                    let _ = writeln!(o, "  • {z}");
                }
            }
            Block::Tabelle { kopf, zeilen } => {
                let kopf: Vec<&str> = kopf.iter().map(String::as_str).collect();
                o.push_str(&super::tabelle_text(&kopf, zeilen.clone()));
            }
            Block::Unterschriften(l) => {
                for z in l {
                    let _ = writeln!(o, "\n{z}: ______________________________");
                }
            }
            Block::Bericht { titel, zeilen } => {
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
                let zeilen = balken_text(r)
                    .into_iter()
                    .map(|(g, n, b)| vec![g, n, b])
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
    let _ = writeln!(o, "\n{}", d.fuss);
    o
}

/// The print CSS every document shares: A4, margins kept, headings kept with what follows,
/// table rows not split, nothing wider than the page; the report tables and charts of the
/// annual report (`table.bericht`, `figure`).
const CSS: &str = r#"@page { size: A4; margin: 18mm 18mm 20mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; max-width: 170mm; margin: 0 auto; overflow-wrap: anywhere; }
header { border-bottom: 1px solid #444; padding-bottom: 4mm; margin-bottom: 6mm; font-size: 9pt; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; }
h2 { font-size: 12pt; margin: 5mm 0 1.5mm 0; }
h2.teil { font-size: 13pt; margin: 8mm 0 3mm 0; border-bottom: 1px solid #444; }
h2.neu { break-before: page; }
h3 { font-size: 11pt; margin: 5mm 0 2mm 0; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
section.zusammen { break-inside: avoid; page-break-inside: avoid; }
p { margin: 0 0 1.5mm 0; }
.fassung { font-style: italic; color: #333; margin-bottom: 3mm; }
dl { display: grid; grid-template-columns: 52mm 1fr; gap: 1mm 4mm; margin: 3mm 0 4mm 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; }
table.plan { width: 100%; table-layout: fixed; }
table.plan th, table.plan td { border: 1px solid #888; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
table.plan th { background: #eee; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.bericht { width: 100%; margin: 0 0 4mm 0; font-size: 10pt; break-inside: avoid; page-break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
table.bericht th, table.bericht td, figure th, figure td { border-bottom: 1px solid #ccc; padding: 0.8mm 2mm; text-align: left; }
table.bericht td, figure td { text-align: right; min-width: 14mm; }
table.matrix td { min-width: 16mm; }
tr.abschnitt th { background: #eee; }
tr.stufe0 th { font-weight: normal; }
tr.stufe1 th { padding-left: 6mm; font-weight: normal; }
tr.stufe2 th { padding-left: 10mm; font-weight: normal; }
figure { margin: 0 0 5mm 0; break-inside: avoid; display: flex; gap: 5mm; align-items: flex-start; }
figure svg { width: 118mm; height: auto; flex: none; }
figure table { font-size: 8.5pt; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
.fussnote { font-size: 8.5pt; margin: 1mm 0 4mm 0; }
.hervor { font-weight: bold; margin: 3mm 0; }
.unterschrift { display: grid; grid-template-columns: 1fr; gap: 10mm; margin: 12mm 0 5mm 0; break-inside: avoid; }
.unterschrift div { border-top: 1px solid #111; padding-top: 1mm; font-size: 9pt; width: 95mm; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #555; }
@media print { body { max-width: none; } }"#;

/// One block as HTML (`nr`: the charts so far, for their ids; `teile`: the parts so far).
fn block_html(body: &mut String, b: &Block, nr: &mut usize, teile: &mut usize) {
    match b {
        Block::Teil(t) => {
            let klasse = if *teile > 0 { "teil neu" } else { "teil" };
            *teile += 1;
            let _ = writeln!(body, "<h2 class=\"{klasse}\">{}</h2>", html(t));
        }
        Block::Ueberschrift(t) => {
            let _ = writeln!(body, "<h2>{}</h2>", html(t));
        }
        Block::Unterueberschrift(t) => {
            let _ = writeln!(body, "<h3>{}</h3>", html(t));
        }
        Block::Text(t) if t.trim().is_empty() => body.push_str("<p>–</p>\n"),
        Block::Text(t) => {
            for z in t.split('\n') {
                let _ = writeln!(body, "<p>{}</p>", html(z));
            }
        }
        Block::Liste(l) if l.is_empty() => body.push_str("<p>–</p>\n"),
        Block::Liste(l) => {
            body.push_str("<ul>\n");
            for z in l {
                let _ = writeln!(body, "<li>{}</li>", html(z));
            }
            body.push_str("</ul>\n");
        }
        Block::Tabelle { kopf, zeilen } => {
            body.push_str("<table class=\"plan\">\n<thead><tr>");
            for k in kopf {
                let _ = write!(body, "<th>{}</th>", html(k));
            }
            body.push_str("</tr></thead>\n<tbody>\n");
            for z in zeilen {
                body.push_str("<tr>");
                for c in z {
                    let _ = write!(body, "<td>{}</td>", html(c));
                }
                body.push_str("</tr>\n");
            }
            body.push_str("</tbody>\n</table>\n");
        }
        Block::Hervorgehoben(t) => {
            let _ = writeln!(body, "<p class=\"hervor\">{}</p>", html(t));
        }
        Block::Unterschriften(l) => {
            body.push_str("<div class=\"unterschrift\">\n");
            for z in l {
                let _ = writeln!(body, "<div>{}</div>", html(z));
            }
            body.push_str("</div>\n");
        }
        Block::Fussnote(t) => {
            let _ = writeln!(body, "<p class=\"fussnote\">{}</p>", html(t));
        }
        Block::Bericht { titel, zeilen } => body.push_str(&bericht::html_tabelle(titel, zeilen)),
        Block::Matrix { titel, zeilen } => {
            let _ = write!(
                body,
                "<table class=\"bericht matrix\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">Total</th>",
                html(titel)
            );
            for k in INSTITUTIONEN {
                let _ = write!(body, "<th scope=\"col\">{}</th>", html(k));
            }
            body.push_str("</tr></thead>\n<tbody>\n");
            for (art, stufe, z) in matrix_zellen(zeilen) {
                if art.is_some() {
                    let _ = writeln!(
                        body,
                        "<tr class=\"abschnitt\"><th scope=\"rowgroup\" colspan=\"5\">{}</th></tr>",
                        html(&z[0])
                    );
                } else {
                    let _ = write!(
                        body,
                        "<tr class=\"stufe{stufe}\"><th scope=\"row\">{}</th>",
                        html(&z[0])
                    );
                    for c in &z[1..] {
                        let _ = write!(body, "<td>{}</td>", html(c));
                    }
                    body.push_str("</tr>\n");
                }
            }
            body.push_str("</tbody>\n</table>\n");
        }
        Block::Reihe(r) => {
            *nr += 1;
            let id = format!("d{nr}");
            let balken: Vec<(String, Zelle)> = r.werte.clone();
            let _ = write!(
                body,
                "<div class=\"diagramm\"><div class=\"figcaption\" id=\"{id}\"><figcaption>{}</figcaption></div>\n<figure aria-labelledby=\"{id}\">\n{}\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">Anzahl</th></tr></thead>\n<tbody>\n",
                html(&r.titel),
                diagramm::balken(&r.titel, &balken),
                html(&r.spalte)
            );
            for (g, z) in &r.werte {
                let _ = writeln!(
                    body,
                    "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                    html(g),
                    html(&z.text())
                );
            }
            body.push_str("</tbody>\n</table>\n</figure></div>\n");
        }
    }
}

/// One self-contained HTML page for A4. `briefkopf`: the office's header fragment (from
/// the data directory, the office's own HTML), else [`BRIEFKOPF`]. A heading never ends a
/// page: it goes into one unbreakable section with the block that follows it.
pub fn html_seite(d: &Dokument, briefkopf: Option<&str>) -> String {
    let mut body = String::new();
    let (mut nr, mut teile) = (0, 0);
    let mut offen = false;
    for b in &d.bloecke {
        let ueberschrift = matches!(
            b,
            Block::Teil(_) | Block::Ueberschrift(_) | Block::Unterueberschrift(_)
        );
        if ueberschrift && !offen {
            body.push_str("<section class=\"zusammen\">\n");
            offen = true;
        }
        block_html(&mut body, b, &mut nr, &mut teile);
        if offen && !ueberschrift {
            body.push_str("</section>\n");
            offen = false;
        }
    }
    if offen {
        body.push_str("</section>\n");
    }
    let mut angaben = String::new();
    for (k, v) in &d.angaben {
        let _ = writeln!(angaben, "<dt>{}</dt><dd>{}</dd>", html(k), html(v));
    }
    if !angaben.is_empty() {
        angaben = format!("<dl>\n{angaben}</dl>\n");
    }
    let fassung = d
        .fassung
        .as_ref()
        .map(|f| format!("<p class=\"fassung\">{}</p>\n", html(f)))
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{titel}</title>
<style>
{CSS}
</style>
</head>
<body>
<header>{briefkopf}</header>
<h1>{titel}</h1>
{fassung}{angaben}{body}<footer>{fuss}</footer>
</body>
</html>
"#,
        titel = html(&d.titel),
        briefkopf = briefkopf.unwrap_or(BRIEFKOPF),
        fuss = html(&d.fuss),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beispiel() -> Dokument {
        let mut d = Dokument::neu(
            "Kostengutsprache",
            NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
        );
        d.angabe("Fall", "OPT-2026-001")
            .angabe("Person", "Muster <b>Anna</b>");
        d.abschnitt("Massnahme", Some("Bewerbungstraining\nzweite Zeile"));
        d.block(Block::Tabelle {
            kopf: vec!["Nr".into(), "Was".into()],
            zeilen: vec![vec!["1".into(), "a | b".into()]],
        });
        d.block(Block::Hervorgehoben(
            "Es werden keine zusätzlichen Spesen übernommen.".into(),
        ));
        d.block(Block::Unterschriften(vec![
            "Zuständige Sozialbehörde".into(),
        ]));
        d.fassung = fassung_text(2, NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
        d.fuss = "Erstellt durch die IIZ-Koordinationsstelle.".into();
        d
    }

    #[test]
    fn markdown_und_html_aus_demselben_modell() {
        let d = beispiel();
        let md = markdown(&d);
        assert!(md.starts_with("# Kostengutsprache\n"));
        assert!(md.contains("_Fassung 2 vom 09.03.2026, ersetzt Fassung 1_"));
        assert!(md.contains("| 1 | a \\| b |"), "{md}");
        assert!(md.contains("Zuständige Sozialbehörde: ____"));
        let h = html_seite(&d, None);
        // Escaped, self-contained, the standard header.
        assert!(h.contains("Muster &lt;b&gt;Anna&lt;/b&gt;"));
        assert!(!h.contains("<b>Anna"));
        assert!(!h.contains("http"), "nothing loaded from the network");
        assert!(h.contains(BRIEFKOPF));
        assert!(h.contains("<p>zweite Zeile</p>"));
        assert!(h.contains("class=\"unterschrift\""));
        // The office's own header replaces the standard one.
        assert!(
            html_seite(&d, Some("<b>SD Emmen</b>")).contains("<header><b>SD Emmen</b></header>")
        );
        // Deterministic: the same model, the same bytes.
        assert_eq!(h, html_seite(&beispiel(), None));
    }

    #[test]
    fn fassung_nur_nach_korrektur() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(fassung_text(1, d), None);
        assert_eq!(
            fassung_text(3, d).unwrap(),
            "Fassung 3 vom 02.01.2026, ersetzt Fassung 2"
        );
    }
}
