//! The one document model (spec §14): every paper the office hands out – the OPTIMA notes and
//! forms, the Roundtable plan – is a [`Dokument`] of blocks, rendered as Markdown and as one
//! self-contained A4 HTML page (print CSS, nothing loaded from the network, an optional
//! office header from the data directory).
//!
//! A document is a pure function of the journal: dated with its event's date, never the
//! print date, so the same journal gives the same bytes (a dispatch records their hash).

use super::{datum_text, html};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The standard header when the data directory has no `briefkopf.html`.
pub const BRIEFKOPF: &str = "IIZ-Koordinationsstelle des Kantons Luzern<br>c/o WAS Wirtschaft Arbeit Soziales, IV Luzern<br>Ländenbergstrasse 35, 6002 Luzern";

/// One part of a document's body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading (kept with what follows on paper).
    Ueberschrift(String),
    /// Text; each line a paragraph. `None`-like empty text prints "–".
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
}

/// A document: title, the key facts (as a two-column list), the body, a footer.
#[derive(Debug, Clone, PartialEq)]
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

/// Markdown: the same content, for mail or a wiki.
pub fn markdown(d: &Dokument) -> String {
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
            Block::Ueberschrift(t) => {
                let _ = writeln!(s, "## {t}\n");
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
        }
    }
    let _ = writeln!(s, "{}", d.fuss);
    s
}

/// The print CSS every document shares: A4, margins kept, headings kept with what follows,
/// table rows not split, nothing wider than the page.
const CSS: &str = r#"@page { size: A4; margin: 18mm 18mm 20mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; max-width: 170mm; margin: 0 auto; overflow-wrap: anywhere; }
header { border-bottom: 1px solid #444; padding-bottom: 4mm; margin-bottom: 6mm; font-size: 9pt; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; }
h2 { font-size: 12pt; margin: 5mm 0 1.5mm 0; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1.5mm 0; }
.fassung { font-style: italic; color: #333; margin-bottom: 3mm; }
dl { display: grid; grid-template-columns: 52mm 1fr; gap: 1mm 4mm; margin: 3mm 0 4mm 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #888; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; page-break-inside: avoid; }
.hervor { font-weight: bold; margin: 3mm 0; }
.unterschrift { display: grid; grid-template-columns: 1fr; gap: 10mm; margin: 12mm 0 5mm 0; break-inside: avoid; }
.unterschrift div { border-top: 1px solid #111; padding-top: 1mm; font-size: 9pt; width: 95mm; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #555; }
@media print { body { max-width: none; } }"#;

/// One self-contained HTML page for A4. `briefkopf`: the office's header fragment (from
/// the data directory, the office's own HTML), else [`BRIEFKOPF`].
pub fn html_seite(d: &Dokument, briefkopf: Option<&str>) -> String {
    let mut body = String::new();
    for b in &d.bloecke {
        match b {
            Block::Ueberschrift(t) => {
                let _ = writeln!(body, "<h2>{}</h2>", html(t));
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
                body.push_str("<table>\n<thead><tr>");
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
        }
    }
    let mut angaben = String::new();
    for (k, v) in &d.angaben {
        let _ = writeln!(angaben, "<dt>{}</dt><dd>{}</dd>", html(k), html(v));
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
{fassung}<dl>
{angaben}</dl>
{body}<footer>{fuss}</footer>
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
