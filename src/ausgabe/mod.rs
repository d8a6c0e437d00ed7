//! Output: tables for people, JSON and CSV for scripts. Every write goes through here, so
//! that a closed pipe (`iiz liste | head -1`) ends the command quietly with exit 0 instead
//! of a panic, and CSV always starts with its header row.

pub mod bericht;
pub mod datei;
pub mod diagramm;
pub mod dokument;
pub mod jahresbericht;
pub mod optima_dokument;
pub mod rt_dokument;
pub mod zelle;
pub mod zusammenfassung;

use crate::fehler::Fehler;
use crate::speicher::plattform;
pub use crate::text::{datum_text, unsichtbar};
use serde::Serialize;
use std::io::{self, IsTerminal, Write};

/// The output format of data (`--format` of every command that prints data; the document
/// formats html and md belong to the commands that write documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Maps a write error: a closed reader is not an error of ours.
pub fn schreibfehler(e: io::Error) -> Fehler {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Fehler::AusgabeGeschlossen
    } else {
        Fehler::Intern(format!("Ausgabe nicht möglich: {e}"))
    }
}

/// Text made safe for a terminal: control characters (but the line break) and invisible
/// characters are shown as `\u{…}` instead of acting (an escape sequence stored in a
/// journal or typed as an argument can neither recolour nor rewrite the screen).
pub fn sicher(s: &str) -> std::borrow::Cow<'_, str> {
    let gefaehrlich = |c: char| (c.is_control() && c != '\n') || unsichtbar(c);
    if !s.chars().any(gefaehrlich) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if gefaehrlich(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Writes text for a person (tables, documents) to standard output, made safe.
pub fn text(s: &str) -> Result<(), Fehler> {
    roh(&sicher(s))
}

/// Writes data for scripts as it is (JSON escapes control characters itself).
fn roh(s: &str) -> Result<(), Fehler> {
    let mut out = io::stdout().lock();
    out.write_all(s.as_bytes())
        .and_then(|_| out.flush())
        .map_err(schreibfehler)
}

/// Writes text for a person that may be long (`liste`, `pendenzen`, reports): at a terminal
/// and longer than the screen it goes through a pager (`IIZ_PAGER`, else `PAGER`, else
/// `less -FRX`; empty or `cat` means none); into a pipe or file it is written as it is.
pub fn seite(s: &str) -> Result<(), Fehler> {
    let sicher = sicher(s);
    let Some(befehl) = pager_befehl(sicher.lines().count()) else {
        return roh(&sicher);
    };
    let kind = std::process::Command::new("sh")
        .arg("-c")
        .arg(&befehl)
        .stdin(std::process::Stdio::piped())
        .spawn();
    let Ok(mut kind) = kind else {
        // No pager to be had: the text still goes out.
        return roh(&sicher);
    };
    // Ctrl-C belongs to the pager now (less handles it itself); ignoring it here keeps us
    // from exiting under a pager that still owns the screen. Set after spawn, so the pager
    // starts with the default disposition.
    let vorher = plattform::sigint_ignorieren();
    if let Some(mut ein) = kind.stdin.take() {
        // Quitting the pager early closes its input: that is not an error.
        let _ = ein.write_all(sicher.as_bytes());
    }
    let _ = kind.wait();
    plattform::sigint_zuruecksetzen(vorher);
    Ok(())
}

/// The pager to use for `zeilen` lines, if any: only when standard output is a terminal
/// whose height is known (or given in `LINES`) and the text does not fit.
fn pager_befehl(zeilen: usize) -> Option<String> {
    if !io::stdout().is_terminal() {
        return None;
    }
    let hoehe = terminal_hoehe()
        .or_else(|| std::env::var("LINES").ok()?.trim().parse().ok())
        .filter(|h| *h > 0)?;
    if zeilen < hoehe {
        return None;
    }
    let befehl = std::env::var("IIZ_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        .unwrap_or_else(|_| "less -FRX".into());
    let befehl = befehl.trim();
    (!befehl.is_empty() && befehl != "cat").then(|| befehl.to_string())
}

fn terminal_hoehe() -> Option<usize> {
    let (zeilen, _) = console::Term::stdout().size_checked()?;
    (zeilen > 0).then_some(usize::from(zeilen))
}

/// Says an error on stderr (in German, one line, made safe) and gives its exit code; a
/// closed output says nothing (the reader went away).
pub fn melden(e: &Fehler) -> std::process::ExitCode {
    match e {
        Fehler::AusgabeGeschlossen => {}
        Fehler::Verneint(t) => meldung(t),
        e => meldung(format_args!("Fehler: {e}")),
    }
    std::process::ExitCode::from(e.exit_code() as u8)
}

/// One line for the person on stderr, made safe: what was done beside the data (a file
/// written, rests removed), hints, "nothing found". The one channel for such lines, so
/// that stdout carries only data and no stored text can act on the terminal.
pub fn meldung(text: impl std::fmt::Display) {
    let text = text.to_string();
    let _ = writeln!(io::stderr().lock(), "{}", sicher(&text));
}

/// A warning (a damaged journal a reader went past) on stderr, made safe.
pub fn warnung(text: &str) {
    meldung(format_args!("Warnung: {text}"));
}

/// Writes one line to standard output.
pub fn zeile(s: impl std::fmt::Display) -> Result<(), Fehler> {
    text(&format!("{s}\n"))
}

pub fn json<T: Serialize>(wert: &T) -> Result<(), Fehler> {
    let text = serde_json::to_string_pretty(wert)
        .map_err(|e| Fehler::Intern(format!("Ausgabe nicht möglich: {e}")))?;
    roh(&format!("{text}\n"))
}

/// Rows of flat records as CSV. The header comes from the records' field names; with no
/// rows it is `kopf`, so that a script reading an empty result still finds its columns.
pub fn csv<T: Serialize>(kopf: &[&str], zeilen: &[T]) -> Result<(), Fehler> {
    let bytes = csv_bytes(kopf, zeilen)?;
    let mut out = io::stdout().lock();
    out.write_all(&bytes)
        .and_then(|_| out.flush())
        .map_err(schreibfehler)
}

pub fn csv_bytes<T: Serialize>(kopf: &[&str], zeilen: &[T]) -> Result<Vec<u8>, Fehler> {
    let fehler = |e: csv::Error| Fehler::Intern(format!("Ausgabe nicht möglich: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    if zeilen.is_empty() {
        w.write_record(kopf).map_err(fehler)?;
    }
    for z in zeilen {
        w.serialize(z).map_err(fehler)?;
    }
    w.into_inner()
        .map_err(|e| Fehler::Intern(format!("Ausgabe nicht möglich: {e}")))
}

/// Text made safe inside HTML (element content and quoted attributes).
pub fn html(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Table output in the terminal's width; plain when not a terminal or NO_COLOR is set.
pub fn tabelle(kopf: &[&str]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    if !kopf.is_empty() {
        t.set_header(kopf.iter().map(comfy_table::Cell::new));
    }
    if !farbe() {
        t.force_no_tty();
    }
    t
}

/// How many rows one table renders at a time (`tabelle_text`).
const TEIL: usize = 1000;

/// A table of many rows as text: up to `TEIL` rows at once, every part with the widths of
/// the whole, so that it reads as one table. comfy-table keeps about 250 bytes per cell
/// while rendering; 100'000 rows at once took 250 MB.
pub fn tabelle_text(kopf: &[&str], zeilen: Vec<Vec<String>>) -> String {
    if zeilen.len() <= TEIL {
        let mut t = tabelle(kopf);
        for z in zeilen {
            t.add_row(z);
        }
        return format!("{t}\n");
    }
    let breite = |s: &str| {
        s.lines()
            .map(console::measure_text_width)
            .max()
            .unwrap_or(0)
    };
    let mut breiten: Vec<usize> = kopf.iter().map(|k| breite(k)).collect();
    for z in &zeilen {
        for (b, zelle) in breiten.iter_mut().zip(z) {
            *b = (*b).max(breite(zelle));
        }
    }
    let teile = zeilen.len().div_ceil(TEIL);
    let mut text = String::new();
    let mut zeilen = zeilen.into_iter();
    for i in 0..teile {
        let mut t = tabelle(kopf);
        t.set_constraints(breiten.iter().map(|b| {
            comfy_table::ColumnConstraint::Absolute(comfy_table::Width::Fixed(
                u16::try_from(b + 2).unwrap_or(u16::MAX),
            ))
        }));
        for z in zeilen.by_ref().take(TEIL) {
            t.add_row(z);
        }
        let teil = t.to_string();
        let mut linien: Vec<&str> = teil.lines().collect();
        // The first part keeps the top border and the header, the last the bottom border.
        if i + 1 < teile {
            linien.pop();
        }
        let start = if i == 0 { 0 } else { 3 };
        for l in &linien[start.min(linien.len())..] {
            text.push_str(l);
            text.push('\n');
        }
    }
    text
}

/// Whether standard output is a terminal (a person reads it, not a program or a file).
pub fn am_terminal() -> bool {
    io::stdout().is_terminal()
}

/// Colours only on a terminal and never with NO_COLOR (https://no-color.org).
pub fn farbe() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Z {
        fall: &'static str,
        wert: u32,
    }

    #[test]
    fn csv_hat_immer_kopfzeile() {
        let leer: Vec<Z> = Vec::new();
        assert_eq!(csv_bytes(&["fall", "wert"], &leer).unwrap(), b"fall,wert\n");
        let voll = csv_bytes(&["fall", "wert"], &[Z { fall: "x", wert: 1 }]).unwrap();
        assert_eq!(voll, b"fall,wert\nx,1\n");
    }

    #[test]
    fn steuer_und_richtungszeichen_werden_sichtbar() {
        assert_eq!(sicher("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sicher("x\u{202e}y\u{200b}z"), "x\\u{202e}y\\u{200b}z");
        assert_eq!(sicher("Zeile 1\nZeile 2 – äöü"), "Zeile 1\nZeile 2 – äöü");
        assert!(matches!(sicher("harmlos"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn html_wird_maskiert() {
        assert_eq!(
            html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn grosse_tabelle_in_teilen_wie_in_einem_stueck() {
        let kopf = ["Fall", "Status", "Nächstes Gespräch"];
        let zeilen: Vec<Vec<String>> = (0..2_345)
            .map(|i| {
                vec![
                    format!("OPT-2024-{i:03}"),
                    ["laufend", "abgeschlossen", "x"][i % 3].to_string(),
                    if i % 7 == 0 {
                        "–".into()
                    } else {
                        format!("{i}.01.2025")
                    },
                ]
            })
            .collect();
        let mut ganz = tabelle(&kopf);
        for z in zeilen.clone() {
            ganz.add_row(z);
        }
        let erwartet = format!("{ganz}\n");
        assert_eq!(tabelle_text(&kopf, zeilen), erwartet);
        // A small table is one piece, as before.
        let klein = vec![vec!["a".to_string(), "b".into(), "c".into()]];
        let mut t = tabelle(&kopf);
        t.add_row(klein[0].clone());
        assert_eq!(tabelle_text(&kopf, klein), format!("{t}\n"));
    }

    #[test]
    fn geschlossene_ausgabe_ist_kein_fehler() {
        let e = schreibfehler(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(e.exit_code(), 0);
        assert!(matches!(e, Fehler::AusgabeGeschlossen));
        assert_eq!(schreibfehler(io::Error::other("x")).exit_code(), 1);
    }
}
