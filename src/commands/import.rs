//! `iiz import [DATEI]`: one operation per JSON line. A line becomes the very command line
//! it stands for (`{"op": "standort", "fall": "…", "naechstes_gespraech": "…"}` →
//! `standort … --naechstes-gespraech=…`), parsed by the same clap definitions and value
//! parsers and run through the same dispatch, so a line and a typed command give the same
//! answer. `"ref"` names a new case for later lines (`"fall": "@ref"`). Lines are applied
//! one by one (a failing line changes nothing); the batch is made durable with one sync at
//! the end.

use super::Umgebung;
use crate::ausgabe;
use crate::ausgabe::schreibfehler;
use crate::cli::{self, ImportArgs};
use crate::fehler::Fehler;
use crate::vorgang;
use clap::FromArgMatches;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{Read, Write};

/// Keys that are not flags of the op's command.
const POSITIONEN: [&str; 5] = ["op", "fall", "aktion", "nr", "schluessel"];

fn roh_hat_schluessel(roh: &[u8]) -> bool {
    memchr::memmem::find(roh, b"\"schluessel\"").is_some()
}

/// The line's `"schluessel"`, if it has one (checked: a short text without control
/// characters; it is stored with the event).
fn schluessel_von(roh: &[u8]) -> Result<Option<String>, Fehler> {
    if memchr::memmem::find(roh, b"\"schluessel\"").is_none() {
        return Ok(None);
    }
    let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(roh) else {
        return Ok(None);
    };
    match m.get("schluessel") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(k))
            if !k.trim().is_empty()
                && k.chars().count() <= 200
                && !k.chars().any(|c| c.is_control()) =>
        {
            Ok(Some(k.clone()))
        }
        Some(_) => Err(Fehler::Nutzung(
            "\"schluessel\" ist ein Text von 1 bis 200 Zeichen ohne Steuerzeichen, z. B. \"lohnlauf-2024-03:17\"."
                .into(),
        )),
    }
}

/// Whether `op` creates a case (and may name it with `"ref"`): each service's opening op.
fn neuer_fall(op: &str) -> bool {
    crate::prozess::Angebot::ALLE.iter().any(|a| a.neu() == op)
}

fn kurz(s: &str) -> String {
    let t: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// Where a line's error comes in the order of checks: before the reference it names is
/// looked up, before its own `"ref"` is checked against earlier ones, or after both.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stufe {
    VorVerweis,
    VorReferenz,
    Danach,
}

/// A JSON line as the argument list of its command (without the program name); a
/// reference in `"fall"` (`"@r"`) stays as it is until it is resolved.
fn argumente(
    cmd: &clap::Command,
    zeile: &serde_json::Map<String, Value>,
) -> Result<Vec<String>, (Stufe, Fehler)> {
    let vor = |e| (Stufe::VorVerweis, e);
    let nach = |e| (Stufe::VorReferenz, e);
    // Said only when needed: most lines are fine. A group of commands without arguments
    // of its own (`rt`) contributes its members as `rt-<name>`.
    let erlaubt = || {
        let mut ops = Vec::new();
        for s in cmd.get_subcommands() {
            if s.has_subcommands() && s.get_positionals().next().is_none() {
                ops.extend(
                    s.get_subcommands()
                        .map(|t| format!("{}-{}", s.get_name(), t.get_name())),
                );
            } else {
                ops.push(s.get_name().to_string());
            }
        }
        ops.join(", ")
    };
    let op = match zeile.get("op") {
        Some(Value::String(op)) => op.as_str(),
        Some(_) | None => {
            return Err(vor(Fehler::Nutzung(format!(
                "\"op\" fehlt – z. B. {{\"op\": \"antrag\", …}}; erlaubt: {}.",
                erlaubt()
            ))));
        }
    };
    // `rt-anmeldung` is `rt anmeldung`.
    let gruppe = op.split_once('-').and_then(|(g, name)| {
        let g = cmd.find_subcommand(g)?;
        let sub = g.find_subcommand(name)?;
        (g.get_positionals().next().is_none()).then(|| (g.get_name(), sub))
    });
    let (mut argv, sub) = match (cmd.find_subcommand(op), gruppe) {
        (Some(sub), _) => (vec![op.to_string()], sub),
        (None, Some((g, sub))) => (vec![g.to_string(), sub.get_name().to_string()], sub),
        (None, None) => {
            return Err(vor(Fehler::Nutzung(format!(
                "unbekannter Vorgang \"op\": \"{}\" – erlaubt: {}.",
                kurz(op),
                erlaubt()
            ))));
        }
    };
    let text = |feld: &str| -> Result<Option<String>, Fehler> {
        match zeile.get(feld) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(Fehler::Nutzung(format!(
                "Feld \"{feld}\" erwartet Text oder eine Zahl – Wert korrigieren."
            ))),
        }
    };
    if let Some(fall) = text("fall").map_err(vor)? {
        argv.push(fall);
    }
    // The sub-subcommand (kostengutsprache's action) and its number.
    let mut ziel = sub;
    if let Some(aktion) = text("aktion").map_err(nach)? {
        ziel = sub.find_subcommand(&aktion).ok_or_else(|| {
            let werte: Vec<&str> = sub.get_subcommands().map(|s| s.get_name()).collect();
            nach(Fehler::Nutzung(format!(
                "unbekannte Aktion \"{}\" – erlaubt: {}.",
                kurz(&aktion),
                werte.join(", ")
            )))
        })?;
        argv.push(aktion);
    }
    if let Some(nr) = text("nr").map_err(nach)? {
        argv.push(nr);
    }
    for (k, v) in zeile {
        if POSITIONEN.contains(&k.as_str()) || (k == "ref" && neuer_fall(op)) {
            continue;
        }
        let flag = k.replace('_', "-");
        let Some(arg) = ziel
            .get_arguments()
            .find(|a| a.get_long() == Some(&flag) && !a.is_global_set())
        else {
            let felder: Vec<String> = ziel
                .get_arguments()
                .filter(|a| !a.is_global_set() && a.get_long().is_some_and(|l| l != "help"))
                .filter_map(|a| a.get_long().map(|l| l.replace('-', "_")))
                .collect();
            return Err(nach(Fehler::Nutzung(format!(
                "unbekanntes Feld \"{}\" – erlaubt: {} (die Optionen des Befehls, mit _ statt -).",
                kurz(k),
                felder.join(", ")
            ))));
        };
        let schalter = !arg.get_action().takes_values();
        let werte: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            x => vec![x],
        };
        for w in werte {
            match (w, schalter) {
                (Value::Bool(true), true) => argv.push(format!("--{flag}")),
                (Value::Bool(false), true) | (Value::Null, _) => {}
                (Value::String(s), false) => argv.push(format!("--{flag}={s}")),
                (Value::Number(n), false) => argv.push(format!("--{flag}={n}")),
                (_, true) => {
                    return Err(nach(Fehler::Nutzung(format!(
                        "Feld \"{k}\" erwartet true oder false."
                    ))));
                }
                (_, false) => {
                    return Err(nach(Fehler::Nutzung(format!(
                        "Feld \"{k}\" erwartet Text, eine Zahl oder eine Liste davon."
                    ))));
                }
            }
        }
    }
    Ok(argv)
}

/// One line parsed without the register (on the parsing thread of `einlesen`): the
/// command it stands for, with the reference its `"fall"` names still to be resolved.
struct Zerlegt {
    /// The line's own `"schluessel"`, or why it is refused (checked before anything else).
    schluessel: Result<Option<String>, Fehler>,
    /// The text has a `"schluessel"` field at all.
    hat_schluessel: bool,
    /// `"fall": "@r"`: `r`, resolved when the line is applied.
    verweis: Option<String>,
    /// `"ref"` of a new case: the name later lines may use for it.
    referenz: Option<String>,
    /// The command, or why the line is refused and at which point of the checks.
    vorgang: Result<cli::ImportVorgang, (Stufe, Fehler)>,
}

/// Parses one line into the recording command it stands for, as far as it can be done
/// without knowing which references earlier lines made.
fn zerlegen(cmd: &mut clap::Command, bytes: &[u8]) -> Zerlegt {
    let mut z = Zerlegt {
        schluessel: schluessel_von(bytes),
        hat_schluessel: roh_hat_schluessel(bytes),
        verweis: None,
        referenz: None,
        vorgang: Err((Stufe::Danach, Fehler::Intern(String::new()))),
    };
    z.vorgang = vorgang_lesen(cmd, bytes, &mut z.verweis, &mut z.referenz);
    z
}

fn vorgang_lesen(
    cmd: &mut clap::Command,
    bytes: &[u8],
    verweis: &mut Option<String>,
    referenz: &mut Option<String>,
) -> Result<cli::ImportVorgang, (Stufe, Fehler)> {
    let vor = |e| (Stufe::VorVerweis, e);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        vor(Fehler::Nutzung(
            "Zeile ist kein gültiges UTF-8 – Datei als UTF-8 speichern.".into(),
        ))
    })?;
    let wert: Value = serde_json::from_str(text).map_err(|e| {
        vor(Fehler::Nutzung(format!(
            "kein gültiges JSON (Fehler bei Zeichen {}) – eine JSON-Zeile pro Vorgang.",
            e.column()
        )))
    })?;
    let Value::Object(zeile) = wert else {
        return Err(vor(Fehler::Nutzung(
            "kein JSON-Objekt – eine Zeile hat die Form {\"op\": \"…\", …}.".into(),
        )));
    };
    *verweis = match zeile.get("fall") {
        Some(Value::String(f)) => f.strip_prefix('@').map(String::from),
        _ => None,
    };
    let argv = argumente(cmd, &zeile)?;
    *referenz = match zeile.get("ref") {
        None | Some(Value::Null) => None,
        Some(Value::String(r))
            if neuer_fall(zeile.get("op").and_then(Value::as_str).unwrap_or("")) =>
        {
            Some(r.clone())
        }
        Some(_) => {
            return Err((
                Stufe::VorReferenz,
                Fehler::Nutzung(
                    "\"ref\" gehört zu einem Antrag oder einer Roundtable-Anmeldung und ist ein Text."
                        .into(),
                ),
            ));
        }
    };
    let danach = |e: clap::Error| {
        (
            Stufe::Danach,
            Fehler::Nutzung(cli::meldung(&e).unwrap_or_else(|| e.to_string())),
        )
    };
    let treffer = cmd.try_get_matches_from_mut(argv).map_err(danach)?;
    cli::ImportVorgang::from_arg_matches(&treffer).map_err(danach)
}

/// The command of a parsed line with its reference resolved (the cases earlier lines
/// made, `refs`); checks in the order a line is read: reference, own `"ref"`, the rest.
fn aufloesen(
    z: Zerlegt,
    refs: &HashMap<String, String>,
) -> Result<(cli::ImportVorgang, Option<String>), Fehler> {
    let vorgang = match z.vorgang {
        Err((Stufe::VorVerweis, e)) => return Err(e),
        v => v,
    };
    let fall = match &z.verweis {
        Some(r) => Some(refs.get(r).cloned().ok_or_else(|| {
            Fehler::Nutzung(format!(
                "unbekannte Referenz @{} – kein früherer Antrag mit \"ref\": \"{}\".",
                kurz(r),
                kurz(r)
            ))
        })?),
        None => None,
    };
    let vorgang = match vorgang {
        Err((Stufe::VorReferenz, e)) => return Err(e),
        v => v,
    };
    if let Some(r) = &z.referenz
        && refs.contains_key(r)
    {
        return Err(Fehler::Nutzung(format!(
            "Referenz \"{}\" ist bereits vergeben.",
            kurz(r)
        )));
    }
    let mut vorgang = vorgang.map_err(|(_, e)| e)?;
    if let (Some(id), Some(f)) = (fall, vorgang.fall_mut()) {
        *f = id;
    }
    // `"aus_roundtable": "@r"`: the Roundtable an earlier line of the batch registered.
    if let cli::ImportVorgang::Optima(e) = &mut vorgang
        && let cli::Erfassung::Antrag(a) = e.as_mut()
        && let Some(r) = a
            .aus_roundtable
            .as_deref()
            .and_then(|r| r.strip_prefix('@'))
    {
        let id = refs.get(r).cloned().ok_or_else(|| {
            Fehler::Nutzung(format!(
                "unbekannte Referenz @{} in \"aus_roundtable\" – keine frühere Anmeldung mit \"ref\": \"{}\".",
                kurz(r),
                kurz(r)
            ))
        })?;
        a.aus_roundtable = Some(id);
    }
    Ok((vorgang, z.referenz))
}

/// Runs a batch; returns how many lines failed. Results go to `out`, one JSON line each.
pub fn einlesen(u: &Umgebung, eingabe: &[u8], out: &mut impl Write) -> Result<usize, Fehler> {
    // The non-blank lines with their index, parsed.
    fn zeilen(eingabe: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
        eingabe
            .split(|b| *b == b'\n')
            .enumerate()
            .map(|(i, roh)| (i, roh.strip_suffix(b"\r").unwrap_or(roh)))
            .filter(|(_, roh)| !roh.iter().all(u8::is_ascii_whitespace))
    }
    // Parsing needs nothing of the register: a second thread does it ahead of the one
    // that applies (a fifth of the work), bounded so that it never runs far ahead. Where no
    // thread can be started, the lines are parsed in turn.
    // Handed over in blocks: one hand-over per line would cost more than it saves.
    const BLOCK: usize = 256;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(usize, Zerlegt)>>(16);
        let gestartet = std::thread::Builder::new()
            .name("import-parser".into())
            .spawn_scoped(s, move || {
                let mut cmd = cli::erfassung_befehl();
                let mut block = Vec::with_capacity(BLOCK);
                for (i, roh) in zeilen(eingabe) {
                    block.push((i, zerlegen(&mut cmd, roh)));
                    // The applying side stopped (a closed output): nothing more to do.
                    if block.len() == BLOCK && tx.send(std::mem::take(&mut block)).is_err() {
                        return;
                    }
                }
                let _ = tx.send(block);
            });
        match gestartet {
            Ok(_) => anwenden(u, eingabe, rx.into_iter().flatten(), out),
            Err(_) => {
                let mut cmd = cli::erfassung_befehl();
                let serie = zeilen(eingabe).map(move |(i, roh)| (i, zerlegen(&mut cmd, roh)));
                anwenden(u, eingabe, serie, out)
            }
        }
    })
}

/// Applies the parsed lines of `eingabe` in order, as one batch.
fn anwenden(
    u: &Umgebung,
    eingabe: &[u8],
    zeilen: impl Iterator<Item = (usize, Zerlegt)>,
    out: &mut impl Write,
) -> Result<usize, Fehler> {
    let mut refs = HashMap::new();
    // Each line's key: its own `"schluessel"`, or this input's hash and the line number, so
    // that a killed run re-run with the same file applies every line exactly once.
    let (mut kennung, roh) = vorgang::eingabe_kennung(eingabe);
    // The keys already applied; the journals are searched only when this input (or a
    // line's own key) may have been applied before.
    let mut angewandt: HashMap<String, String> = HashMap::new();
    let mut gesucht = false;
    let mut vermerkt = false;
    let mut notiz: Option<vorgang::Vermerk> = None;
    let mut angewendet_anzahl = 0usize;
    let mut fehler = 0;
    let mut stapel = None;
    let mut _gesperrt: Option<vorgang::Importsperre> = None;
    let mut ergebnis = Ok(());
    for (i, mut zerlegt) in zeilen {
        if stapel.is_none() {
            // Was this input (partly) applied before? Then its lines' keys are looked up –
            // under the import lock, held to the end, so that the same input run twice at
            // once is applied once: the second run waits and finds every key.
            _gesperrt = Some(u.import_sperren()?);
            // Applied under the name of its bytes (before names were taken over the
            // parsed lines): the keys it carries are those.
            if let Some(roh) = &roh
                && u.import_bekannt(roh)?
            {
                kennung = roh.clone();
            }
            let frueher = u.import_bekannt(&kennung)?;
            vermerkt = frueher;
            if frueher || memchr::memmem::find(eingabe, b"\"schluessel\"").is_some() {
                angewandt = u.import_schluessel_lesen()?;
                gesucht = true;
            }
            stapel = Some(u.stapel_beginnen()?);
        }
        let hat_schluessel = zerlegt.hat_schluessel;
        let angewendet = std::mem::replace(&mut zerlegt.schluessel, Ok(None)).and_then(|k| {
            let (e, r) = aufloesen(zerlegt, &refs)?;
            let k = k.unwrap_or_else(|| format!("{kennung}:{}", i + 1));
            // Applied before (a re-run batch): the case it made, nothing written.
            if let Some(fall) = angewandt.get(&k) {
                return Ok((fall.clone(), r, true));
            }
            // Noted before its first line is applied, so that a re-run finds it.
            if !vermerkt {
                notiz = Some(u.import_vermerken(&kennung)?);
                vermerkt = true;
            }
            u.import_schluessel(Some(k.clone()))?;
            let erfasst = super::import_befehl(u, e);
            u.import_schluessel(None)?;
            let fall = erfasst?.fall;
            angewendet_anzahl += 1;
            // Within one run a key can only repeat when a line brings its own.
            if gesucht || hat_schluessel {
                angewandt.insert(k, fall.clone());
            }
            Ok((fall, r, false))
        });
        let zeile = match angewendet {
            Ok((fall, r, bereits)) => {
                if let Some(r) = r {
                    refs.insert(r, fall.clone());
                }
                if bereits {
                    json!({"zeile": i + 1, "ok": true, "fall": fall, "bereits": true})
                } else {
                    json!({"zeile": i + 1, "ok": true, "fall": fall})
                }
            }
            Err(e) => {
                fehler += 1;
                json!({"zeile": i + 1, "ok": false, "fehler": e.to_string()})
            }
        };
        // Each result as soon as its line is applied: what a killed run said, it did.
        if let Err(e) = writeln!(out, "{zeile}").and_then(|()| out.flush()) {
            // Nobody reads the results any more: stop, but make what was applied durable.
            ergebnis = Err(schreibfehler(e));
            break;
        }
    }
    if let Some(s) = stapel {
        s.abschliessen()?;
    }
    // Nothing applied after all: the note goes again (a refused batch changes nothing).
    if let Some(n) = &notiz
        && angewendet_anzahl == 0
    {
        u.import_vergessen(n)?;
    }
    ergebnis.map(|()| fehler)
}

pub fn ausfuehren(u: &Umgebung, a: ImportArgs) -> Result<(), Fehler> {
    let mut eingabe = Vec::new();
    match &a.datei {
        // `-` is standard input, as for most tools.
        Some(p) if p.as_os_str() != "-" => {
            eingabe = std::fs::read(p).map_err(|e| {
                Fehler::Nutzung(format!(
                    "Datei {} nicht lesbar: {} – Pfad prüfen.",
                    ausgabe::sicher(&p.display().to_string()),
                    vorgang::io_deutsch(&e)
                ))
            })?
        }
        _ => {
            std::io::stdin().read_to_end(&mut eingabe).map_err(|e| {
                Fehler::Intern(format!(
                    "Standardeingabe nicht lesbar: {}",
                    vorgang::io_deutsch(&e)
                ))
            })?;
        }
    }
    // A byte order mark (as spreadsheet programs write UTF-8) is not part of the first line.
    if eingabe.starts_with(b"\xef\xbb\xbf") {
        eingabe.drain(..3);
    }
    if a.altbestand {
        return super::altbestand::ausfuehren(u, &eingabe, a.pruefen);
    }
    // Each result line is written (and flushed) once its operation is applied, so that a
    // killed run has said exactly what it did; the sync of the batch comes at its end.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let fehler = if a.pruefen {
        probelauf(u, &eingabe, &mut out)?
    } else {
        einlesen(u, &eingabe, &mut out)?
    };
    out.flush().map_err(schreibfehler)?;
    if fehler > 0 && a.pruefen {
        return Err(Fehler::Teilweise(format!(
            "{fehler} Zeile(n) würden nicht übernommen – Probelauf, nichts gespeichert; Gründe in den Ergebniszeilen mit \"ok\": false."
        )));
    }
    if fehler > 0 {
        return Err(Fehler::Teilweise(format!(
            "{fehler} Zeile(n) nicht übernommen – die übrigen sind gespeichert; Gründe in den Ergebniszeilen mit \"ok\": false."
        )));
    }
    Ok(())
}

/// `import --pruefen`: the batch against a private copy of the register.
fn probelauf(u: &Umgebung, eingabe: &[u8], out: &mut impl Write) -> Result<usize, Fehler> {
    let fehler = vorgang::probelauf(u, |p| einlesen(p, eingabe, out))?;
    ausgabe::meldung(format_args!(
        "Probelauf: nichts gespeichert ({fehler} Zeile(n) mit Fehler)."
    ));
    Ok(fehler)
}

/// Keeps the type of a parsed line nameable for tests.
#[cfg(test)]
fn parsen(zeile: &str) -> Result<cli::ImportVorgang, Fehler> {
    aufloesen(
        zerlegen(&mut cli::erfassung_befehl(), zeile.as_bytes()),
        &HashMap::new(),
    )
    .map(|(e, _)| e)
}

/// An object in the form of an import line as the command it stands for, checked as an
/// import line is (the intake's registration files: `commands::eingang`).
pub(crate) fn als_vorgang(
    zeile: &serde_json::Map<String, Value>,
) -> Result<cli::ImportVorgang, Fehler> {
    let bytes = serde_json::to_vec(zeile).map_err(|e| Fehler::Intern(e.to_string()))?;
    aufloesen(
        zerlegen(&mut cli::erfassung_befehl(), &bytes),
        &HashMap::new(),
    )
    .map(|(e, _)| e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Erfassung, ImportVorgang, KgsAktion, RtErfassung};

    #[test]
    fn zeile_wird_zum_befehl() {
        let optima = |v| match v {
            ImportVorgang::Optima(e) => *e,
            _ => panic!("kein OPTIMA-Vorgang"),
        };
        match optima(parsen(r#"{"op":"kostengutsprache","fall":"OPT-2024-001","aktion":"abrechnen","nr":1,"betrag":1200.5}"#).unwrap()) {
            Erfassung::Kostengutsprache(k) => {
                assert_eq!(k.fall, "OPT-2024-001");
                match k.aktion {
                    KgsAktion::Abrechnen(a) => {
                        assert_eq!(a.nr, 1);
                        assert_eq!(a.betrag.as_deref(), Some("1200.5"));
                    }
                    _ => panic!("falsche Aktion"),
                }
            }
            _ => panic!("falscher Vorgang"),
        }
        match optima(parsen(r#"{"op":"antrag","ref":"x","von":"rav","an":"sh","bezug":["ale","wsh"],"einverstaendnis":true,"dauer":3}"#).unwrap()) {
            Erfassung::Antrag(a) => {
                assert!(a.einverstaendnis);
                assert_eq!(a.bezug.len(), 2);
                assert_eq!(a.dauer, Some(3));
            }
            _ => panic!("falscher Vorgang"),
        }
        match parsen(r#"{"op":"rt-gespraech","fall":"RT-2024-001","teilnehmer":["IV","RAV"],"aufgabe":["Arbeitsversuch|RAV|2024-05-31"],"fallfuehrung":"rav"}"#).unwrap() {
            ImportVorgang::Rt(r) if matches!(*r, RtErfassung::Gespraech(_)) => {
                let RtErfassung::Gespraech(g) = *r else { unreachable!() };
                assert_eq!(g.fall, "RT-2024-001");
                assert_eq!(g.teilnehmer, ["IV", "RAV"]);
                assert_eq!(g.aufgabe[0].wer, "RAV");
            }
            x => panic!("falscher Vorgang {x:?}"),
        }
        assert!(parsen(r#"{"op":"rt-anmeldung","ref":"r","anmeldende_stelle":"iv"}"#).is_ok());
    }

    /// A line parsed ahead (without the register) and resolved against the cases earlier
    /// lines made: the same answers, in the same order of checks, as reading it in turn.
    #[test]
    fn verweis_wird_beim_anwenden_aufgeloest() {
        let mit = |zeile: &str, refs: &[(&str, &str)]| {
            let refs: HashMap<String, String> = refs
                .iter()
                .map(|(r, f)| (r.to_string(), f.to_string()))
                .collect();
            aufloesen(
                zerlegen(&mut cli::erfassung_befehl(), zeile.as_bytes()),
                &refs,
            )
        };
        let fall = |v: Result<(ImportVorgang, Option<String>), Fehler>| {
            let (mut v, _) = v.unwrap();
            v.fall_mut().cloned()
        };
        let annehmen = r#"{"op":"annehmen","fall":"@x","datum":"2024-01-12"}"#;
        assert_eq!(
            fall(mit(annehmen, &[("x", "OPT-2024-005")])).as_deref(),
            Some("OPT-2024-005")
        );
        let kgs = r#"{"op":"kostengutsprache","fall":"@k","aktion":"bewilligen","nr":1,"unterzeichnet":"L"}"#;
        assert_eq!(
            fall(mit(kgs, &[("k", "OPT-2024-009")])).as_deref(),
            Some("OPT-2024-009")
        );
        let rt = r#"{"op":"rt-begleitung","fall":"@r","notiz":"Telefon"}"#;
        assert_eq!(
            fall(mit(rt, &[("r", "RT-2024-002")])).as_deref(),
            Some("RT-2024-002")
        );
        let anon = r#"{"op":"anonymisieren","fall":"@a"}"#;
        assert_eq!(
            fall(mit(anon, &[("a", "OPT-2024-001")])).as_deref(),
            Some("OPT-2024-001")
        );
        // A literal id stays as it is.
        let direkt =
            r#"{"op":"standort","fall":"OPT-2024-003","naechstes_gespraech":"2024-05-01"}"#;
        assert_eq!(fall(mit(direkt, &[])).as_deref(), Some("OPT-2024-003"));
        // Unknown reference: said before a wrong field or value of the same line…
        for zeile in [
            annehmen,
            r#"{"op":"annehmen","fall":"@x","tippfehler":1}"#,
            r#"{"op":"annehmen","fall":"@x","datum":"2024-13-01"}"#,
            r#"{"op":"kostengutsprache","fall":"@x","aktion":"verschenken"}"#,
        ] {
            let e = mit(zeile, &[]).unwrap_err().to_string();
            assert!(e.contains("unbekannte Referenz @x"), "{zeile}: {e}");
        }
        // …and after what makes the line unreadable as such.
        let e = mit(r#"{"op":"loeschen","fall":"@x"}"#, &[]).unwrap_err();
        assert!(e.to_string().contains("unbekannter Vorgang"), "{e}");
        let e = mit(r#"{"op":"annehmen","fall":["@x"]}"#, &[]).unwrap_err();
        assert!(e.to_string().contains("Feld \"fall\""), "{e}");
        // With the reference known, the line's own error.
        let e = mit(
            r#"{"op":"annehmen","fall":"@x","tippfehler":1}"#,
            &[("x", "OPT-2024-001")],
        );
        assert!(e.unwrap_err().to_string().contains("tippfehler"));
        // A new case's "ref": taken already, or not a text.
        let antrag = r#"{"op":"antrag","ref":"x","von":"rav","an":"sh"}"#;
        let e = mit(antrag, &[("x", "OPT-2024-001")]).unwrap_err();
        assert!(e.to_string().contains("bereits vergeben"), "{e}");
        assert_eq!(mit(antrag, &[]).unwrap().1.as_deref(), Some("x"));
        let e = mit(r#"{"op":"antrag","ref":5,"von":"rav","an":"sh"}"#, &[]).unwrap_err();
        assert!(e.to_string().contains("\"ref\" gehört"), "{e}");
        // A line's own key is checked first of all.
        let z = zerlegen(
            &mut cli::erfassung_befehl(),
            br#"{"op":"annehmen","fall":"@x","schluessel":""}"#,
        );
        assert!(z.hat_schluessel && z.schluessel.is_err());
    }

    #[test]
    fn dieselben_wertpruefungen_wie_die_kommandozeile() {
        // Same value parsers: a bad date, duration or percentage is a usage error (exit 2).
        for zeile in [
            r#"{"op":"standort","fall":"OPT-2024-001","naechstes_gespraech":"2024-13-01"}"#,
            r#"{"op":"antrag","dauer":4}"#,
            r#"{"op":"antrag","arbeitsausfall":101}"#,
            r#"{"op":"abschluss","fall":"OPT-2024-001","grund":"super"}"#,
            r#"{"op":"standort","fall":"OPT-2024-001","tippfehler":1}"#,
            r#"{"op":"loeschen"}"#,
            r#"{"op":"standort","fall":"OPT-2024-001","data_dir":"/tmp"}"#,
            r#"{"op":"uebergabe","fall":"OPT-2024-001","zustimmung":"ja"}"#,
        ] {
            let e = parsen(zeile).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{zeile}: {e}");
        }
        assert!(
            parsen(r#"{"op":"loeschen"}"#)
                .unwrap_err()
                .to_string()
                .contains("erlaubt: antrag, annehmen")
        );
        assert!(
            parsen(r#"{"op":"rt-xyz"}"#)
                .unwrap_err()
                .to_string()
                .contains("rt-anmeldung, rt-kein-prozess, rt-gespraech")
        );
        assert_eq!(
            parsen(r#"{"op":"rt-gespraech","fall":"RT-2024-001","aufgabe":["ohne Frist"]}"#)
                .unwrap_err()
                .exit_code(),
            2
        );
    }
}
