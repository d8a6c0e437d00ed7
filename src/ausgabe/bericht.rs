//! A report in the published layout as rows (section headings, indented figures), so that
//! the terminal table, Markdown and HTML of `report`, `rt report` and `jahresbericht` are
//! one layout rendered three ways.

use super::html;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
pub enum Zeile {
    /// A section heading ("Aufträge", "Wirkungen").
    Abschnitt(&'static str),
    /// A figure (or an empty value for a sub-heading), indented by `stufe` (0, 1, 2).
    Wert {
        stufe: usize,
        text: String,
        wert: String,
    },
}

/// Rows being built: `abschnitt`, then `wert`s.
#[derive(Default)]
pub struct Zeilen(pub Vec<Zeile>);

impl Zeilen {
    pub fn abschnitt(&mut self, t: &'static str) {
        self.0.push(Zeile::Abschnitt(t));
    }
    pub fn wert(&mut self, stufe: usize, text: impl Into<String>, wert: impl ToString) {
        self.0.push(Zeile::Wert {
            stufe,
            text: text.into(),
            wert: wert.to_string(),
        });
    }
}

/// The terminal layout: figures right-aligned in one column.
pub fn text(zeilen: &[Zeile]) -> String {
    let mut o = String::new();
    let mut erster = true;
    for z in zeilen {
        match z {
            Zeile::Abschnitt(t) => {
                if !erster {
                    o.push('\n');
                }
                let _ = writeln!(o, "{t}");
            }
            Zeile::Wert { stufe, text, wert } => {
                let einzug = 2 + 2 * stufe;
                let breite = 52usize.saturating_sub(einzug);
                let _ = writeln!(o, "{:einzug$}{text:<breite$}{wert:>8}", "");
            }
        }
        erster = false;
    }
    o
}

/// A Markdown table (`| | Anzahl |`), sections in bold.
pub fn markdown(zeilen: &[Zeile]) -> String {
    let mut o = String::from("| | Anzahl |\n|---|---:|\n");
    for z in zeilen {
        match z {
            Zeile::Abschnitt(t) => {
                let _ = writeln!(o, "| **{}** | |", md(t));
            }
            Zeile::Wert { stufe, text, wert } => {
                let einzug = "&nbsp;&nbsp;".repeat(*stufe);
                let _ = writeln!(o, "| {einzug}{} | {} |", md(text), md(wert));
            }
        }
    }
    o
}

/// An HTML table with a caption; sections as header rows, indentation by class.
pub fn html_tabelle(titel: &str, zeilen: &[Zeile]) -> String {
    let mut o = format!(
        "<table class=\"bericht\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">Anzahl</th></tr></thead>\n<tbody>\n",
        html(titel)
    );
    for z in zeilen {
        match z {
            Zeile::Abschnitt(t) => {
                let _ = writeln!(
                    o,
                    "<tr class=\"abschnitt\"><th scope=\"rowgroup\" colspan=\"2\">{}</th></tr>",
                    html(t)
                );
            }
            Zeile::Wert { stufe, text, wert } => {
                let _ = writeln!(
                    o,
                    "<tr class=\"stufe{stufe}\"><th scope=\"row\">{}</th><td>{}</td></tr>",
                    html(text),
                    html(wert)
                );
            }
        }
    }
    o.push_str("</tbody>\n</table>\n");
    o
}

/// Markdown text: table separators and markup characters escaped.
pub fn md(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let mut zeichen = s.chars().peekable();
    while let Some(c) = zeichen.next() {
        // "< 3" stays readable; only what could open a tag is escaped.
        let tag = c == '<' && zeichen.peek().is_some_and(|n| !n.is_whitespace());
        if tag || matches!(c, '|' | '\\' | '*' | '_' | '`' | '>' | '[' | ']') {
            o.push('\\');
        }
        if c == '\n' {
            o.push(' ');
        } else {
            o.push(c);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beispiel() -> Vec<Zeile> {
        let mut z = Zeilen::default();
        z.abschnitt("Aufträge");
        z.wert(0, "Anzahl Anmeldungen", 56);
        z.wert(1, "• IV", 1);
        z.0
    }

    #[test]
    fn text_rechtsbuendig_mit_einzug() {
        let t = text(&beispiel());
        assert_eq!(
            t.lines().nth(1).unwrap(),
            format!("  {:<50}{:>8}", "Anzahl Anmeldungen", 56)
        );
        assert!(t.lines().nth(2).unwrap().starts_with("    • IV"));
    }

    #[test]
    fn markdown_und_html_maskieren() {
        let z = vec![Zeile::Wert {
            stufe: 0,
            text: "a|b <script>".into(),
            wert: "1".into(),
        }];
        assert!(markdown(&z).contains("a\\|b \\<script\\>"));
        let h = html_tabelle("T", &z);
        assert!(h.contains("a|b &lt;script&gt;"));
        assert!(!h.contains("<script>"));
    }
}
