//! The chain: a journal line carries the SHA-256 of the one before, so that editing,
//! removing or swapping any past line is seen. The envelope of a line (`Eintrag`), the
//! bytes of a journal split into lines (`Inhalt`), and the check of the chain.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

/// One journal line. `vorher` is the SHA-256 (hex) of the previous line's bytes without its
/// newline, `null` on the first line, so that editing any past line breaks the chain.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Eintrag<E> {
    pub nr: u64,
    pub datum: NaiveDate,
    pub erfasst: DateTime<Utc>,
    pub benutzer: String,
    /// The operating-system account that wrote the line ([`crate::speicher::plattform::konto`]);
    /// absent on lines written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub konto: Option<String>,
    pub vorher: Option<String>,
    /// The `"schluessel"` of the import line that wrote it: a re-run batch skips lines
    /// whose key is already in the register (applied exactly once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schluessel: Option<String>,
    #[serde(flatten)]
    pub ereignis: E,
}

/// The SHA-256 of a line as bytes (comparisons without hex strings).
pub fn hash_roh(zeile: &[u8]) -> [u8; 32] {
    Sha256::digest(zeile).into()
}

pub fn hash(zeile: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let d = Sha256::digest(zeile);
    let mut s = String::with_capacity(64);
    for b in d.iter() {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

/// The bytes of a journal, split into complete lines and a possibly torn tail.
#[derive(Debug, Default, Clone)]
pub struct Inhalt {
    bytes: Vec<u8>,
    /// Length of the complete part (up to and including the last newline).
    ganz: usize,
    /// Number of complete lines, kept so that an append costs the same on a long journal.
    anzahl: usize,
}

impl Inhalt {
    /// A journal's bytes as read from anywhere (tests, tools).
    pub fn aus_bytes(bytes: Vec<u8>) -> Inhalt {
        Inhalt::neu(bytes)
    }

    pub(crate) fn neu(bytes: Vec<u8>) -> Inhalt {
        let ganz = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let anzahl = bytes[..ganz].iter().filter(|b| **b == b'\n').count();
        Inhalt {
            bytes,
            ganz,
            anzahl,
        }
    }

    /// Complete lines without their newline.
    pub fn zeilen(&self) -> impl Iterator<Item = &[u8]> {
        let teil = &self.bytes[..self.ganz];
        teil.split(|b| *b == b'\n').take(self.anzahl)
    }

    pub fn anzahl(&self) -> usize {
        self.anzahl
    }

    /// Bytes after the last newline: what a crash mid-write leaves behind.
    /// All bytes, complete lines and torn tail.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn rest(&self) -> &[u8] {
        &self.bytes[self.ganz..]
    }

    /// The length of the complete part (up to and including the last newline).
    pub(crate) fn ganz(&self) -> usize {
        self.ganz
    }

    /// A complete line (with its newline) was appended to the file: the same here.
    pub(crate) fn zeile_angehaengt(&mut self, zeile: &[u8]) {
        self.bytes.extend_from_slice(zeile);
        self.ganz = self.bytes.len();
        self.anzahl += 1;
    }

    pub fn ist_zerrissen(&self) -> bool {
        self.ganz < self.bytes.len()
    }

    pub(crate) fn letzte_zeile(&self) -> Option<&[u8]> {
        if self.ganz == 0 {
            return None;
        }
        let teil = &self.bytes[..self.ganz - 1];
        Some(match teil.iter().rposition(|b| *b == b'\n') {
            Some(i) => &teil[i + 1..],
            None => teil,
        })
    }

    /// The entries, for a caller that checked the chain already (`kette_pruefen`): parsed
    /// only, each line's hash not computed a second time.
    pub fn eintraege_ohne_kette<E: DeserializeOwned>(
        &self,
    ) -> Result<Vec<Eintrag<E>>, (usize, String)> {
        self.zeilen()
            .enumerate()
            .map(|(i, z)| serde_json::from_slice(z).map_err(|e| (i + 1, e.to_string())))
            .collect()
    }

    /// Parses every complete line as an entry and verifies the chain on the way: numbers
    /// run 1, 2, …, and each line carries the hash of the one before. Every reader goes
    /// through here, so a line changed behind iiz's back is never counted or shown.
    pub fn eintraege<E: DeserializeOwned>(&self) -> Result<Vec<Eintrag<E>>, (usize, String)> {
        let mut alle = Vec::with_capacity(self.anzahl);
        let mut vorher: Option<&[u8]> = None;
        for (i, z) in self.zeilen().enumerate() {
            let e: Eintrag<E> = serde_json::from_slice(z).map_err(|e| (i + 1, e.to_string()))?;
            if e.nr != i as u64 + 1 {
                return Err((
                    i + 1,
                    format!(
                        "Laufnummer {} statt {} – Zeilen fehlen oder sind vertauscht",
                        e.nr,
                        i + 1
                    ),
                ));
            }
            if e.vorher != vorher.map(hash) {
                // The line before no longer has the content this one recorded.
                return Err((
                    i.max(1),
                    "Inhalt passt nicht zur Prüfsumme der folgenden Zeile – Zeile verändert, gelöscht oder vertauscht".into(),
                ));
            }
            vorher = Some(z);
            alle.push(e);
        }
        Ok(alle)
    }
}

/// One structural problem of a journal (the rules are checked elsewhere).
#[derive(Debug, Clone, Serialize)]
pub struct Befund {
    pub fall: String,
    pub zeile: usize,
    pub problem: String,
    /// Which named check found it (`kette` here; the others in `iiz pruefen`).
    pub pruefung: &'static str,
}

/// Checks what storage guarantees: every line parses as an envelope, numbers run 1, 2, …,
/// and each line carries the hash of the one before.
pub fn kette_pruefen(id: &str, inhalt: &Inhalt) -> Vec<Befund> {
    let mut befunde = Vec::new();
    let mut melde = |zeile, problem: String| {
        befunde.push(Befund {
            fall: id.to_string(),
            zeile,
            problem,
            pruefung: "kette",
        })
    };
    let mut vorher: Option<&[u8]> = None;
    let mut letzte_nr: u64 = 0;
    for (i, z) in inhalt.zeilen().enumerate() {
        let zeile = i + 1;
        // The envelope only; the event is skipped unparsed (the replay parses it anyway).
        #[derive(Deserialize)]
        struct Huelle {
            nr: u64,
            #[allow(dead_code)]
            datum: NaiveDate,
            #[allow(dead_code)]
            erfasst: DateTime<Utc>,
            #[allow(dead_code)]
            benutzer: String,
            vorher: Option<String>,
            #[allow(dead_code)]
            typ: serde::de::IgnoredAny,
        }
        match serde_json::from_slice::<Huelle>(z) {
            Err(e) => melde(zeile, format!("Zeile ist kein gültiger Eintrag ({e})")),
            Ok(e) => {
                // Compared with the line before, so a gap is reported once, not on every line.
                if e.nr != letzte_nr + 1 {
                    melde(
                        zeile,
                        format!(
                            "Laufnummer {} folgt auf {letzte_nr} – Zeilen fehlen oder sind vertauscht",
                            e.nr
                        ),
                    );
                }
                letzte_nr = e.nr;
                if e.vorher != vorher.map(hash) {
                    // The line before no longer has the content its successor recorded.
                    melde(
                        zeile.saturating_sub(1).max(1),
                        format!(
                            "Inhalt passt nicht zur Prüfsumme in Zeile {zeile} – Zeile verändert, gelöscht oder vertauscht"
                        ),
                    );
                }
            }
        }
        vorher = Some(z);
    }
    if inhalt.anzahl() == 0 && !inhalt.ist_zerrissen() {
        melde(0, "Journal ist leer".into());
    }
    if inhalt.ist_zerrissen() {
        melde(
            inhalt.anzahl() + 1,
            "unvollständige letzte Zeile (abgebrochener Schreibvorgang) – 'iiz pruefen --reparieren' sichert sie und schliesst das Journal".into(),
        );
    }
    befunde
}
