//! The checks of `iiz pruefen [--reparieren]`, named as hledger names its `check`s:
//! - `kette`: lines parse, numbers run without gaps, the hash chain holds;
//! - `abspielen`: the journal replays (what every reader needs);
//! - `regeln`: the recorded history passes today's rules (reported only: a rule made
//!   stricter later never makes an old case unreadable);
//! - `register`: the register log (`register.jsonl`) knows every journal and line:
//!   a deleted, renamed, swapped or copied journal and removed last lines are found;
//! - `personen`: each person record exists unless erased, and the person store holds
//!   nothing no case stands behind (records, index lines, temp copies left by a crash).
//!
//! `--reparieren` fixes a torn last line (moved to `reparatur/`) and removes what the person
//! store holds without a case (personal data: removed, never kept aside); everything else is
//! reported, never "fixed". What was found and done comes back as a `Pruefbericht`; the
//! command says it (exit 5 while any problem remains).

use super::Umgebung;
use crate::fehler::Fehler;
use crate::prozess::{self, Angebot, MitProzess, Prozess};
use crate::speicher::journal::{self, Inhalt, SpeicherFehler};
use crate::speicher::personen::Personen;
use crate::speicher::protokoll;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

pub use crate::speicher::kette::Befund;

/// The named checks (`iiz pruefen kette register`: only those); each finding names the
/// check that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pruefung {
    /// Lines parse, numbers run without gaps, the hash chain holds.
    Kette,
    /// The journal replays.
    Abspielen,
    /// The recorded history passes today's rules (reported only).
    Regeln,
    /// The register log knows every journal and line.
    Register,
    /// Person records exist unless erased; nothing without a case in the person store.
    Personen,
    /// Every entry of `faelle/` is a regular file; no half-made journal is left.
    Datei,
}

impl Pruefung {
    pub const ALLE: [Pruefung; 6] = [
        Pruefung::Kette,
        Pruefung::Abspielen,
        Pruefung::Regeln,
        Pruefung::Register,
        Pruefung::Personen,
        Pruefung::Datei,
    ];

    /// The name on the command line and in every finding (`Befund::pruefung`).
    pub fn name(self) -> &'static str {
        match self {
            Pruefung::Kette => "kette",
            Pruefung::Abspielen => "abspielen",
            Pruefung::Regeln => "regeln",
            Pruefung::Register => "register",
            Pruefung::Personen => "personen",
            Pruefung::Datei => "datei",
        }
    }

    pub fn von_name(name: &str) -> Option<Pruefung> {
        Pruefung::ALLE.into_iter().find(|p| p.name() == name)
    }
}

/// What `pruefen` found and did.
pub struct Pruefbericht {
    /// Every problem found, by case and line.
    pub befunde: Vec<Befund>,
    /// How many journals were checked.
    pub journale: usize,
    /// The register state checked (the head of the register log), where there is a log.
    pub stand: Option<String>,
    /// Lines a crash kept out of the register log, noted now (`--reparieren`).
    pub nachgetragen: usize,
    /// Private copies of killed dry runs removed (`--reparieren`).
    pub probelaeufe_entfernt: Vec<String>,
    /// Rests without a case removed from the person store and `faelle/` (`--reparieren`).
    pub entfernt: usize,
    /// Torn last lines moved aside: case and where the torn bytes were kept.
    pub repariert: Vec<(String, PathBuf)>,
}

/// One journal through every check, in order; a check that fails makes the later ones moot.
/// What one journal gives: its findings and the pseudonyms its person record may have.
type Ergebnis = (Vec<Befund>, Vec<String>);

/// Every pseudonym a journal mentions anywhere: a journal that does not replay keeps every
/// record it might need (a damaged case is restored from a backup, not stripped).
fn erwaehnt(inhalt: &Inhalt) -> Vec<String> {
    let mut alle = Vec::new();
    for z in inhalt.zeilen() {
        let mut rest = z;
        while let Some(i) = memchr::memmem::find(rest, b"\"P-") {
            let p = &rest[i + 1..];
            if p.len() > 34 && p[2..34].iter().all(u8::is_ascii_hexdigit) && p[34] == b'"' {
                alle.push(String::from_utf8_lossy(&p[..34]).into_owned());
            }
            rest = &rest[i + 3..];
        }
    }
    alle
}

fn pruefen<P: Prozess>(personen: &HashSet<String>, id: &str, inhalt: &Inhalt) -> Ergebnis {
    let befund = |pruefung: &'static str, zeile: usize, problem: String| Befund {
        fall: id.to_string(),
        zeile,
        problem,
        pruefung,
    };
    let kette = journal::kette_pruefen(id, inhalt);
    let kette_ok = kette.is_empty() || (kette.len() == 1 && inhalt.ist_zerrissen());
    if !kette_ok {
        return (kette, erwaehnt(inhalt));
    }
    let mut befunde = kette;
    // The chain holds (checked just now): the entries need only be parsed.
    let eintraege = match inhalt.eintraege_ohne_kette::<prozess::Zeile<P::Ereignis>>() {
        Ok(e) => e,
        Err((zeile, e)) => {
            befunde.push(befund("abspielen", zeile, format!("Zeile unlesbar ({e})")));
            return (befunde, erwaehnt(inhalt));
        }
    };
    // A case of the old tool records only its outcome (no handover, no meeting): it is held
    // to the old tool's rules (`Prozess::altbestand`), not today's.
    let altbestand = eintraege.first().is_some_and(|e| {
        e.benutzer == crate::vorgang::ALTBESTAND
            && e.schluessel
                .as_deref()
                .is_some_and(|k| k.starts_with("altbestand:"))
    });
    // One pass: replay and the rules check together.
    let (regeln, fall) = prozess::nachpruefen::<P>(id, &eintraege, altbestand);
    for (zeile, problem) in regeln {
        befunde.push(befund(
            "regeln",
            zeile,
            format!("verletzt eine heutige Regel: {problem}"),
        ));
    }
    let fall = match fall {
        Ok(Some(f)) => f,
        Ok(None) => return (befunde, Vec::new()),
        Err((zeile, f)) => {
            befunde.push(befund("abspielen", zeile, f.0));
            return (befunde, erwaehnt(inhalt));
        }
    };
    if let Some(p) = P::person(&fall)
        && !personen.contains(p)
    {
        befunde.push(befund(
            "personen",
            1,
            "Personendatensatz fehlt (nicht anonymisiert) – 'iiz anonymisieren' abschliessen oder Sicherung zurückspielen".into(),
        ));
    }
    (
        befunde,
        P::person(&fall).map(String::from).into_iter().collect(),
    )
}

const NICHT_IM_PROTOKOLL: &str = "nicht im Registerprotokoll";

/// The named check `register`: a journal against what the register log recorded of it.
/// Lines the log does not know yet at the end (a crash between the two writes) are
/// collected for `--reparieren`.
fn gegen_protokoll(
    id: &str,
    inhalt: &Inhalt,
    erwartet: Option<&Vec<Option<[u8; 32]>>>,
    nachtragen: &mut Vec<(String, u64, Vec<u8>)>,
) -> Vec<Befund> {
    let befund = |zeile: usize, problem: String| Befund {
        fall: id.to_string(),
        zeile,
        problem,
        pruefung: "register",
    };
    let Some(erwartet) = erwartet else {
        return vec![befund(
            0,
            "Journal steht nicht im Registerprotokoll – kopiert, umbenannt oder von Hand angelegt"
                .into(),
        )];
    };
    let zeilen: Vec<&[u8]> = inhalt.zeilen().collect();
    let mut b = Vec::new();
    let mut fehlend = Vec::new();
    // A line's hash is what the next line records as `vorher` (the chain check confirms
    // that, and a broken chain is reported there): only the last line is hashed here.
    let hash_von = |i: usize| -> [u8; 32] {
        if let Some(n) = zeilen.get(i + 1)
            && let Some(p) = memchr::memmem::find(n, b"\"vorher\":\"")
            && let Some(hex) = n.get(p + 10..p + 74)
            && let Ok(hex) = std::str::from_utf8(hex)
        {
            return protokoll::hash_bytes(hex);
        }
        journal::hash_roh(zeilen[i])
    };
    for i in 0..zeilen.len() {
        match erwartet.get(i).copied().flatten() {
            Some(h) if hash_von(i) == h => {}
            Some(_) => {
                return vec![befund(
                    i + 1,
                    "Zeile passt nicht zum Registerprotokoll – Journal ersetzt, vertauscht oder verändert".into(),
                )];
            }
            None => fehlend.push(i),
        }
    }
    let letzte = erwartet
        .iter()
        .rposition(Option::is_some)
        .map_or(0, |i| i + 1);
    if letzte > zeilen.len() {
        return vec![befund(
            zeilen.len() + 1,
            format!(
                "die letzte(n) {} Zeile(n) fehlen laut Registerprotokoll – entfernt; aus der Datensicherung zurückholen",
                letzte - zeilen.len()
            ),
        )];
    }
    for i in fehlend {
        nachtragen.push((id.to_string(), i as u64 + 1, zeilen[i].to_vec()));
        b.push(befund(
            i + 1,
            format!("{NICHT_IM_PROTOKOLL} (Absturz nach dem Schreiben?) – 'iiz pruefen --reparieren' trägt die Zeile nach"),
        ));
    }
    b
}

/// Runs every check over the register (`None`: there is no register); with `reparieren`
/// under the register lock, fixing what may be fixed. `stand`: a register state noted
/// earlier, which the log must still contain.
/// `auswahl`: only these checks' findings count (all when empty); a repair still repairs
/// what it finds.
pub fn register_pruefen(
    u: &Umgebung,
    reparieren: bool,
    stand: Option<&str>,
    auswahl: &[Pruefung],
) -> Result<Option<Pruefbericht>, Fehler> {
    let Some(reg) = u.register_vorhanden()? else {
        return Ok(None);
    };
    // A repair holds the register lock throughout: no new person appears while the store is
    // compared with the journals, so nothing that belongs to a case is taken for a rest.
    let sperre = if reparieren {
        Some(reg.sperre()?)
    } else {
        None
    };
    if let Some(sperre) = &sperre {
        // What a crashed writer left half done first (it also notes a new case's journal in
        // the register log), so that the checks below see the register as it then stands.
        let p = Personen::neu(reg);
        reg.personen_geprueft_zuruecksetzen();
        p.wiederherstellen(sperre)?;
        reg.personen_geprueft_zuruecksetzen();
    }
    let ids = reg.ids()?;
    let mut repariert = Vec::new();
    if reparieren {
        for id in &ids {
            match reg.reparieren(id) {
                Ok(Some(sicherung)) => repariert.push((id.clone(), sicherung)),
                Ok(None) => {}
                // Not a journal at all (a FIFO, a link …): reported below, never touched.
                Err(SpeicherFehler::KeineDatei(..)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    // Every pseudonym once, instead of a shard read per case.
    let personen = Personen::neu(reg).pseudonyme()?;
    // The register log: each case's line hashes in order (a register of format 1 has none
    // until its first write migrates it).
    let mut erwartet: HashMap<String, Vec<Option<[u8; 32]>>> = HashMap::new();
    let mut doppelt: Vec<(String, u64)> = Vec::new();
    let log = protokoll::lesen_mit(reg.wurzel(), stand.map(str::trim), |fall, zeile, h| {
        // In any order (a line a crash kept out is added later), but each line once.
        let v = erwartet.entry(fall.to_string()).or_default();
        let i = zeile.saturating_sub(1) as usize;
        if zeile == 0 || i > 1_000_000 {
            doppelt.push((fall.to_string(), zeile));
            return;
        }
        if v.len() <= i {
            v.resize(i + 1, None);
        }
        if v[i].replace(h).is_some() {
            doppelt.push((fall.to_string(), zeile));
        }
    })?;
    let mit_log = reg.version()? >= 2;
    let mut log_befunde: Vec<Befund> = Vec::new();
    for (zeile, problem) in &log.befunde {
        log_befunde.push(Befund {
            fall: protokoll::DATEI.into(),
            zeile: *zeile,
            problem: problem.clone(),
            pruefung: "register",
        });
    }
    for (fall, zeile) in doppelt {
        log_befunde.push(Befund {
            fall,
            zeile: zeile as usize,
            problem: "Registerprotokoll nennt diese Zeile zweimal – Einträge verändert".into(),
            pruefung: "register",
        });
    }
    if mit_log && !log.vorhanden && !ids.is_empty() {
        log_befunde.push(Befund {
            fall: protokoll::DATEI.into(),
            zeile: 0,
            problem: "Registerprotokoll fehlt – gelöscht? Aus der Datensicherung zurückholen"
                .into(),
            pruefung: "register",
        });
    }
    if mit_log {
        let vorhanden: HashSet<&str> = ids.iter().map(String::as_str).collect();
        for fall in erwartet.keys().filter(|f| !vorhanden.contains(f.as_str())) {
            log_befunde.push(Befund {
                fall: fall.to_string(),
                zeile: 0,
                problem: "Journal fehlt, laut Registerprotokoll gibt es den Fall (gelöscht oder umbenannt) – aus der Datensicherung zurückholen".into(),
                pruefung: "register",
            });
        }
    }
    if stand.is_some() && !log.gesucht_gefunden {
        log_befunde.push(Befund {
            fall: protokoll::DATEI.into(),
            zeile: 0,
            problem: "der genannte Registerstand kommt im Registerprotokoll nicht vor – das Register wurde seither umgeschrieben oder ist ein anderes".into(),
            pruefung: "register",
        });
    }
    let erwartet = &erwartet;
    let teile = super::alle_journale(
        u,
        None,
        || (Vec::new(), HashSet::new(), HashSet::new(), Vec::new()),
        |(b, genannt, _, nachtragen), id, inhalt| {
            if mit_log {
                b.extend(gegen_protokoll(id, inhalt, erwartet.get(id), nachtragen));
            }
            struct Pruefung<'a>(&'a HashSet<String>, &'a str, &'a Inhalt);
            impl MitProzess for Pruefung<'_> {
                type Aus = Ergebnis;
                fn mit<P: Prozess>(self) -> Ergebnis {
                    pruefen::<P>(self.0, self.1, self.2)
                }
            }
            match Angebot::von_id(id) {
            Some(a) => {
                let (befunde, person) = a.mit(Pruefung(&personen, id, inhalt));
                b.extend(befunde);
                genannt.extend(person);
            }
            None => b.push(Befund {
                fall: id.to_string(),
                zeile: 0,
                problem:
                    "Journal gehört zu keinem bekannten Angebot (unbekanntes Kürzel der Fallnummer)"
                        .into(),
                pruefung: "abspielen",
            }),
        }
            Ok(())
        },
        |(b, _, unlesbar, _), id, e| {
            unlesbar.insert(id.to_string());
            b.push(Befund {
                fall: id.to_string(),
                zeile: 0,
                problem: e.to_string(),
                pruefung: "datei",
            })
        },
    )?;
    let mut befunde = Vec::new();
    let mut genannt = HashSet::new();
    let mut unlesbar = HashSet::new();
    let mut nachtragen: Vec<(String, u64, Vec<u8>)> = Vec::new();
    for (b, g, u, n) in teile {
        befunde.extend(b);
        genannt.extend(g);
        unlesbar.extend(u);
        nachtragen.extend(n);
    }
    befunde.extend(log_befunde);
    // The office directory: a chained file of its own (a torn last line is a killed write,
    // never acknowledged, cut off by the next change of the directory).
    match crate::speicher::kettendatei::lesen(reg, crate::prozess::stellen::DATEI) {
        Ok(inhalt) => befunde.extend(super::stellen::befunde(&inhalt)),
        Err(e) => befunde.push(Befund {
            fall: crate::prozess::stellen::DATEI.into(),
            zeile: 0,
            problem: e.to_string(),
            pruefung: "datei",
        }),
    }
    // A journal whose own chain is broken is reported there; the register log would only
    // say the same line again.
    let kette: HashSet<String> = befunde
        .iter()
        .filter(|b| b.pruefung == "kette")
        .map(|b| b.fall.clone())
        .collect();
    befunde.retain(|b| b.pruefung != "register" || !kette.contains(&b.fall));
    let mut nachgetragen = 0;
    if let Some(sperre) = &sperre
        && !nachtragen.is_empty()
    {
        // Lines a crash kept out of the log: noted now (in case order), no longer findings.
        nachtragen.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
        let _ = sperre;
        let eintraege: Vec<(&str, u64, &[u8])> = nachtragen
            .iter()
            .map(|(f, n, z)| (f.as_str(), *n, z.as_slice()))
            .collect();
        reg.protokollieren_alle(&eintraege)?;
        befunde.retain(|b| !b.problem.starts_with(NICHT_IM_PROTOKOLL));
        nachgetragen = eintraege.len();
    }
    let personen = Personen::neu(reg);
    genannt.extend(personen.pseudonyme_der_faelle(&unlesbar)?);
    let mut entfernt = 0;
    if let Some(sperre) = &sperre {
        entfernt = personen.aufraeumen(sperre, &genannt)?;
        for rest in reg.reste()?.into_iter().chain(reg.tmp_reste()?) {
            reg.rest_entfernen(sperre, &rest)?;
            entfernt += 1;
        }
    }
    // Without the lock a case may have been made since the replay: `verwaist` checks such
    // records against their journals instead of calling them orphans.
    let bekannt: HashSet<String> = ids.iter().cloned().collect();
    for v in personen.verwaist(&genannt, &bekannt)? {
        befunde.push(Befund {
            fall: v.fall.unwrap_or_else(|| v.datei.clone()),
            zeile: 0,
            problem: format!(
                "{} ({}) – 'iiz pruefen --reparieren' entfernt es",
                v.was, v.datei
            ),
            pruefung: "personen",
        });
    }
    // The private copy of a dry run (`import --pruefen`) that was killed: personal data.
    let mut probelaeufe_entfernt = Vec::new();
    if let Ok(it) = std::fs::read_dir(reg.wurzel()) {
        for e in it.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(pid) = name
                .strip_prefix(".pruefen-")
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            if crate::speicher::datei::prozess_lebt(pid) {
                continue;
            }
            if sperre.is_some() {
                std::fs::remove_dir_all(e.path())
                    .map_err(|x| Fehler::Intern(format!("{name} nicht entfernbar: {x}")))?;
                probelaeufe_entfernt.push(name);
                continue;
            }
            befunde.push(Befund {
                fall: name.clone(),
                zeile: 0,
                problem: format!(
                    "Kopie eines abgebrochenen Probelaufs ({name}, enthält Personendaten) – 'iiz pruefen --reparieren' entfernt sie"
                ),
                pruefung: "personen",
            });
        }
    }
    // What killed writers left: a half-made journal, a temp file of a small file.
    let halbe = reg.reste()?.into_iter().map(|p| {
        (
            p,
            "halb angelegtes Journal eines abgebrochenen Antrags",
            "es",
        )
    });
    let tmp = reg
        .tmp_reste()?
        .into_iter()
        .map(|p| (p, "Rest eines abgebrochenen Schreibvorgangs", "ihn"));
    for (rest, was, ihn) in halbe.chain(tmp) {
        let datei = rest
            .strip_prefix(reg.wurzel())
            .unwrap_or(&rest)
            .display()
            .to_string();
        befunde.push(Befund {
            fall: datei.clone(),
            zeile: 0,
            problem: format!("{was} ({datei}) – 'iiz pruefen --reparieren' entfernt {ihn}"),
            pruefung: "datei",
        });
    }
    drop(sperre);
    if !auswahl.is_empty() {
        befunde.retain(|b| auswahl.iter().any(|p| p.name() == b.pruefung));
    }
    befunde.sort_by(|x, y| (&x.fall, x.zeile).cmp(&(&y.fall, y.zeile)));
    // The state checked: as read above (a repair may have added to the log since).
    let stand_geprueft = if reparieren {
        protokoll::stand(reg.wurzel())?
    } else {
        log.stand.clone()
    };
    Ok(Some(Pruefbericht {
        befunde,
        journale: ids.len(),
        stand: stand_geprueft.filter(|_| mit_log),
        nachgetragen,
        probelaeufe_entfernt,
        entfernt,
        repariert,
    }))
}
