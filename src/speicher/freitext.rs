//! Erasable free text in an append-only journal (spec §12): a free-text field is stored as
//! `iiz:v1:<base64url(nonce ‖ ciphertext)>`, encrypted with XChaCha20-Poly1305 under a key
//! of its own case, kept in the person store. Erasing the person record erases the key:
//! the text becomes unreadable while every line, and so every hash of the chain, stays as
//! it was. The case id is bound in as associated data, so a text copied into another case
//! does not decrypt there.
//!
//! Which fields are free text is the processes' business (`Prozess::FREITEXT`): pairs of
//! event type and field (`"aufgaben.was"` reaches into a list of objects). Statistics never
//! read these fields, so readers that only count never need a key.

use super::fehler::SpeicherFehler;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde_json::Value;
use std::borrow::Cow;

pub const PRAEFIX: &str = "iiz:v1:";
/// What is shown in place of a text whose key was erased.
pub const GELOESCHT: &str = "(gelöscht)";

/// A case's key: 32 bytes from the operating system, kept as base64 in the person record.
#[derive(Clone)]
pub struct Schluessel([u8; 32]);

impl Schluessel {
    pub fn neu() -> Result<Schluessel, SpeicherFehler> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).map_err(|e| {
            SpeicherFehler::Format(format!(
                "Keine Zufallszahlen vom Betriebssystem ({e}) – iiz kann keinen Schlüssel bilden."
            ))
        })?;
        Ok(Schluessel(k))
    }

    pub fn text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    pub fn aus_text(s: &str) -> Option<Schluessel> {
        let b = URL_SAFE_NO_PAD.decode(s).ok()?;
        Some(Schluessel(b.try_into().ok()?))
    }

    pub fn verschluesseln(&self, fall: &str, text: &str) -> Result<String, SpeicherFehler> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| {
            SpeicherFehler::Format(format!("Keine Zufallszahlen vom Betriebssystem ({e})."))
        })?;
        let c = XChaCha20Poly1305::new((&self.0).into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: text.as_bytes(),
                    aad: fall.as_bytes(),
                },
            )
            .map_err(|_| SpeicherFehler::Format("Verschlüsselung fehlgeschlagen.".into()))?;
        let mut roh = nonce.to_vec();
        roh.extend_from_slice(&c);
        Ok(format!("{PRAEFIX}{}", URL_SAFE_NO_PAD.encode(roh)))
    }

    /// The text of one token; `None` when it is none of this case's (wrong key, other case,
    /// altered bytes).
    pub fn entschluesseln(&self, fall: &str, token: &str) -> Option<String> {
        let roh = URL_SAFE_NO_PAD.decode(token.strip_prefix(PRAEFIX)?).ok()?;
        if roh.len() < 24 + 16 {
            return None;
        }
        let (nonce, c) = roh.split_at(24);
        let klar = XChaCha20Poly1305::new((&self.0).into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: c,
                    aad: fall.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(klar).ok()
    }
}

fn token_ende(s: &str) -> usize {
    s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(s.len())
}

/// Replaces every token in `text` by what `klar` makes of it (the decrypted text, or
/// "(gelöscht)"). Text without a token is returned as it is.
pub fn ersetzen<'a>(text: &'a str, klar: &impl Fn(&str) -> Option<String>) -> Cow<'a, str> {
    if !text.contains(PRAEFIX) {
        return Cow::Borrowed(text);
    }
    let mut aus = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(PRAEFIX) {
        aus.push_str(&rest[..i]);
        let nach = &rest[i + PRAEFIX.len()..];
        let ende = token_ende(nach);
        let token = &rest[i..i + PRAEFIX.len() + ende];
        aus.push_str(&klar(token).unwrap_or_else(|| GELOESCHT.to_string()));
        rest = &nach[ende..];
    }
    aus.push_str(rest);
    Cow::Owned(aus)
}

/// `ersetzen` over every string of a JSON value (a case sheet's JSON).
pub fn ersetzen_json(v: &mut Value, klar: &impl Fn(&str) -> Option<String>) {
    match v {
        Value::String(s) => {
            if let Cow::Owned(n) = ersetzen(s, klar) {
                *s = n;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| ersetzen_json(x, klar)),
        Value::Object(m) => m.values_mut().for_each(|x| ersetzen_json(x, klar)),
        _ => {}
    }
}

/// Applies `f` to every free-text string of an event (`{"typ", "daten"}`), nested events
/// (a correction carries the event it puts in place) included.
pub fn felder_bearbeiten(
    ereignis: &mut Value,
    felder: &[(&str, &str)],
    f: &mut impl FnMut(&mut String) -> Result<(), SpeicherFehler>,
) -> Result<(), SpeicherFehler> {
    let Value::Object(m) = ereignis else {
        return Ok(());
    };
    let typ = m
        .get("typ")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let Some(daten) = m.get_mut("daten") else {
        return Ok(());
    };
    for (t, pfad) in felder {
        if *t == typ || *t == "*" {
            let teile: Vec<&str> = pfad.split('.').collect();
            feld(daten, &teile, f)?;
        }
    }
    // A nested event: the correction's replacement.
    if let Some(inneres) = daten.get_mut("ereignis")
        && inneres.is_object()
    {
        felder_bearbeiten(inneres, felder, f)?;
    }
    Ok(())
}

fn feld(
    v: &mut Value,
    pfad: &[&str],
    f: &mut impl FnMut(&mut String) -> Result<(), SpeicherFehler>,
) -> Result<(), SpeicherFehler> {
    match (v, pfad) {
        (Value::String(s), []) => f(s),
        (Value::Array(a), _) => {
            for x in a {
                feld(x, pfad, f)?;
            }
            Ok(())
        }
        (Value::Object(m), [kopf, rest @ ..]) => match m.get_mut(*kopf) {
            Some(x) => feld(x, rest, f),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Encrypts every free text of a new event for case `fall`. What a person typed is always
/// plain text, also when it happens to begin like ciphertext (`iiz:v1:…`): taking it for
/// encrypted would store it in the clear, beyond the reach of erasure.
pub fn verschluesseln_neu(
    ereignis: &mut Value,
    felder: &[(&str, &str)],
    schluessel: &Schluessel,
    fall: &str,
) -> Result<(), SpeicherFehler> {
    felder_bearbeiten(ereignis, felder, &mut |s: &mut String| {
        if !s.is_empty() {
            *s = schluessel.verschluesseln(fall, s)?;
        }
        Ok(())
    })
}

/// Encrypts the free text of a stored event for case `fall` (text already encrypted stays: a
/// migration may run twice).
pub fn verschluesseln(
    ereignis: &mut Value,
    felder: &[(&str, &str)],
    schluessel: &Schluessel,
    fall: &str,
) -> Result<(), SpeicherFehler> {
    felder_bearbeiten(ereignis, felder, &mut |s: &mut String| {
        if !s.starts_with(PRAEFIX) && !s.is_empty() {
            *s = schluessel.verschluesseln(fall, s)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FELDER: &[(&str, &str)] = &[
        ("antrag", "ziel"),
        ("gespraech", "teilnehmer"),
        ("gespraech", "aufgaben.was"),
        ("*", "begruendung"),
    ];

    #[test]
    fn verschluesselt_nur_freitext_und_entschluesselt_nur_im_eigenen_fall() {
        let k = Schluessel::neu().unwrap();
        let mut e = json!({"typ": "gespraech", "daten": {
            "teilnehmer": ["Frauenhaus Luzern", "IV"], "aufgaben": [{"was": "Therapie", "wer": "RAV", "bis": "2024-05-01"}],
            "ziele": "bleibt", "nr": 1}});
        verschluesseln(&mut e, FELDER, &k, "RT-2024-001").unwrap();
        let text = e.to_string();
        assert!(
            !text.contains("Frauenhaus") && !text.contains("Therapie"),
            "{text}"
        );
        assert!(text.contains("\"wer\":\"RAV\"") && text.contains("\"ziele\":\"bleibt\""));
        let t0 = e["daten"]["teilnehmer"][0].as_str().unwrap().to_string();
        assert!(t0.starts_with(PRAEFIX));
        assert_eq!(
            k.entschluesseln("RT-2024-001", &t0).as_deref(),
            Some("Frauenhaus Luzern")
        );
        // Another case, another key, a changed byte: nothing.
        assert_eq!(k.entschluesseln("RT-2024-002", &t0), None);
        assert_eq!(
            Schluessel::neu()
                .unwrap()
                .entschluesseln("RT-2024-001", &t0),
            None
        );
        let mut kaputt = t0.clone();
        let letzte = kaputt.pop().unwrap();
        kaputt.push(if letzte == 'A' { 'B' } else { 'A' });
        assert_eq!(k.entschluesseln("RT-2024-001", &kaputt), None);
        // Twice is once.
        let vorher = e.clone();
        verschluesseln(&mut e, FELDER, &k, "RT-2024-001").unwrap();
        assert_eq!(e, vorher);
        // A correction's nested event and its reason.
        let mut x = json!({"typ": "ersatz", "daten": {"ersetzt": 1, "begruendung": "Name der Klinik falsch",
            "ereignis": {"typ": "antrag", "daten": {"ziel": "Entzug abschliessen", "von": "sh"}}}});
        verschluesseln(&mut x, FELDER, &k, "OPT-2024-001").unwrap();
        let t = x.to_string();
        assert!(
            !t.contains("Klinik") && !t.contains("Entzug") && t.contains("\"von\":\"sh\""),
            "{t}"
        );
    }

    #[test]
    fn ersetzen_in_text_und_json() {
        let k = Schluessel::neu().unwrap();
        let a = k.verschluesseln("F", "Wohnung").unwrap();
        let klar = |t: &str| k.entschluesseln("F", t);
        assert_eq!(
            ersetzen(&format!("Ziel: {a}, bis Mai"), &klar),
            "Ziel: Wohnung, bis Mai"
        );
        assert_eq!(ersetzen("ohne", &klar), "ohne");
        let weg = |_: &str| None;
        assert_eq!(
            ersetzen(&format!("{a} und {a}"), &weg),
            "(gelöscht) und (gelöscht)"
        );
        let mut j = json!({"x": [a.clone(), {"y": a}]});
        ersetzen_json(&mut j, &klar);
        assert_eq!(j, json!({"x": ["Wohnung", {"y": "Wohnung"}]}));
        let k2 = Schluessel::aus_text(&k.text()).unwrap();
        assert_eq!(k2.text(), k.text());
        assert!(Schluessel::aus_text("kurz").is_none());
    }
}
