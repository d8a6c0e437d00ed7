//! Plain text every layer may use: dates as the office writes them and the characters that
//! must never reach a screen or a file unseen. Pure functions, no output of their own.

use chrono::NaiveDate;

/// Characters that change how text around them is shown without being seen: bidirectional
/// overrides and isolates, zero-width characters, the byte order mark, the soft hyphen
/// (splits a name unseen: "Mus\u{AD}ter" is not "Muster" for a search) and the Unicode
/// line and paragraph separators (a line break that is no control character).
pub fn unsichtbar(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{00AD}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// A name as it is searched: lower case, umlauts folded (`ü` = `ue` = `u`, also `ä`/`ae`,
/// `ö`/`oe`), accents dropped, `ß` = `ss`. Both the stored name and the query are folded the
/// same way, so any of these spellings finds the others.
pub fn falten(wort: &str) -> String {
    let klein = wort.to_lowercase();
    let mut aus = String::with_capacity(klein.len());
    let mut zeichen = klein.chars().peekable();
    while let Some(c) = zeichen.next() {
        match c {
            'a' | 'o' | 'u' if zeichen.peek() == Some(&'e') => {
                zeichen.next();
                aus.push(c);
            }
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => aus.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' => aus.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => aus.push('u'),
            'é' | 'è' | 'ê' | 'ë' => aus.push('e'),
            'ï' | 'î' | 'í' | 'ì' => aus.push('i'),
            'ç' => aus.push('c'),
            'ñ' => aus.push('n'),
            'ß' => aus.push_str("ss"),
            c => aus.push(c),
        }
    }
    aus
}

/// A date as the office writes it (31.12.2026); nothing for no date.
pub fn datum_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_default()
}
