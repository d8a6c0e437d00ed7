//! Plain text every layer may use: dates as the office writes them and the characters that
//! must never reach a screen or a file unseen. Pure functions, no output of their own.

use chrono::NaiveDate;

/// Characters that change how text around them is shown without being seen: bidirectional
/// overrides and isolates, zero-width characters, the byte order mark.
pub fn unsichtbar(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// A date as the office writes it (31.12.2026); nothing for no date.
pub fn datum_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_default()
}
