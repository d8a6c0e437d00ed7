//! `iiz export --ausgabe DIR [--format csv|jsonl]` (spec §11): the register's facts,
//! anonymised, for analysis across registers (cantons, a national IIZ monitoring) in DuckDB,
//! pandas or R. `faelle` has one row per case, `ereignisse` one row per event of the
//! effective history (corrections applied, voided cases left out), exactly what the reports
//! fold. No name, AHV number, birth date, municipality or free text; instead of the
//! pseudonym a random key per case and export, so that two exports cannot be linked.
//! Schema: `docs/datenformat.md`, "Export"; DuckDB queries: `docs/duckdb/`.

use super::Umgebung;
use crate::ausgabe;
use crate::cli::ExportArgs;
use crate::fehler::Fehler;
use crate::prozess::gruppen::{self, Nach, Regionen};
use crate::prozess::{self, Angebot, MitProzess, Prozess};
use crate::vorgang;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct FallZeile {
    pub fall: String,
    pub angebot: &'static str,
    pub anmeldedatum: String,
    pub anmeldejahr: i32,
    pub status: String,
    /// OPTIMA: the handing institution; Roundtable: the registering one.
    pub von: String,
    /// OPTIMA: the receiving institution; Roundtable: empty.
    pub an: String,
    pub zielgruppe: String,
    pub geschlecht: String,
    pub altersgruppe: String,
    pub region: String,
    pub ende_datum: String,
    pub abschlussgrund: String,
    pub altbestand: bool,
}

#[derive(Serialize, Clone)]
pub struct EreignisZeile {
    pub fall: String,
    pub nr: u64,
    pub datum: String,
    pub typ: String,
    pub grund: String,
    pub anlass: String,
    pub kgs_nr: Option<u64>,
    pub betrag_rappen: Option<u64>,
}

pub const FAELLE_KOPF: [&str; 14] = [
    "fall",
    "angebot",
    "anmeldedatum",
    "anmeldejahr",
    "status",
    "von",
    "an",
    "zielgruppe",
    "geschlecht",
    "altersgruppe",
    "region",
    "ende_datum",
    "abschlussgrund",
    "altbestand",
];

pub const EREIGNISSE_KOPF: [&str; 8] = [
    "fall",
    "nr",
    "datum",
    "typ",
    "grund",
    "anlass",
    "kgs_nr",
    "betrag_rappen",
];

/// A random key: 16 hex digits from the operating system's source, new for every export.
fn zufallsschluessel() -> Result<String, Fehler> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|e| Fehler::Intern(format!("Zufall nicht verfügbar: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// A code as the journal writes it (`nicht-umgesetzt`), empty for anything else: a field
/// of the same name may hold free text about the person (Roundtable `kein_prozess` has its
/// reason as encrypted text), which never leaves the register.
fn code(v: Option<&serde_json::Value>) -> String {
    v.and_then(|v| v.as_str())
        .filter(|c| {
            !c.is_empty()
                && c.len() <= 40
                && c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
        .unwrap_or_default()
        .to_string()
}

/// One case of the export: its sort key (registration date, then the random key), its row
/// and its event rows written out (CSV without header, or JSON lines), how many events.
struct Exportfall {
    ordnung: String,
    fall: Vec<u8>,
    ereignisse: Vec<u8>,
    anzahl: usize,
}

/// Every case of service `P`, written out as it is read: rows as structs took 430 MB at
/// 100'000 cases, as bytes they take a tenth.
fn faelle_von<P: Prozess>(
    u: &Umgebung,
    regionen: &Regionen,
    jsonl_format: bool,
) -> Result<Vec<Exportfall>, Fehler> {
    let teile = vorgang::alle::<P, _>(u, "im Export", Vec::new, |out, id, e| {
        let altbestand = e
            .first()
            .is_some_and(|x| x.benutzer == crate::vorgang::ALTBESTAND);
        let schluessel = zufallsschluessel()?;
        let mut ereignisse = Vec::new();
        let ergebnis = prozess::abspielen::<P>(id, e, None, |datum, ereignis, _| {
            let v = serde_json::to_value(ereignis).unwrap_or_default();
            let typ = code(v.get("typ"));
            if typ == "anonymisiert" {
                return;
            }
            let d = v.get("daten");
            let feld = |k: &str| d.and_then(|d| d.get(k));
            ereignisse.push(EreignisZeile {
                fall: schluessel.clone(),
                nr: ereignisse.len() as u64 + 1,
                datum: datum.to_string(),
                typ,
                grund: code(feld("grund")),
                anlass: code(feld("anlass")),
                kgs_nr: feld("nr").and_then(|n| n.as_u64()),
                betrag_rappen: feld("betrag").and_then(|n| n.as_u64()),
            });
        });
        let Some(fall) = ergebnis?.map(P::akte) else {
            return Ok(());
        };
        let m = fall.merkmale();
        let datum = m.anmeldedatum;
        let zeile = FallZeile {
            fall: schluessel,
            angebot: m.angebot,
            anmeldedatum: datum.to_string(),
            anmeldejahr: chrono::Datelike::year(&datum),
            geschlecht: gruppen::gruppe_von(&m, Nach::Geschlecht, regionen),
            altersgruppe: gruppen::gruppe_von(&m, Nach::Altersgruppe, regionen),
            region: gruppen::gruppe_von(&m, Nach::Region, regionen),
            status: m.status,
            von: m.von,
            an: m.an,
            zielgruppe: m.zielgruppe.unwrap_or_default(),
            ende_datum: m.ende.map(|d| d.to_string()).unwrap_or_default(),
            abschlussgrund: m.abschlussgrund,
            altbestand,
        };
        let (fall, bytes) = if jsonl_format {
            (jsonl(&[&zeile])?, jsonl(&ereignisse)?)
        } else {
            (csv_zeilen(&[&zeile])?, csv_zeilen(&ereignisse)?)
        };
        out.push(Exportfall {
            ordnung: format!("{}{}", zeile.anmeldedatum, zeile.fall),
            fall,
            ereignisse: bytes,
            anzahl: ereignisse.len(),
        });
        Ok(())
    })?;
    Ok(teile.into_iter().flatten().collect())
}

/// Rows as CSV without a header row (the header is written once, before all cases).
fn csv_zeilen<T: Serialize>(zeilen: &[T]) -> Result<Vec<u8>, Fehler> {
    let fehler = |e: csv::Error| Fehler::Intern(format!("Ausgabe nicht möglich: {e}"));
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for z in zeilen {
        w.serialize(z).map_err(fehler)?;
    }
    w.into_inner()
        .map_err(|e| Fehler::Intern(format!("Ausgabe nicht möglich: {e}")))
}

fn jsonl<T: Serialize>(zeilen: &[T]) -> Result<Vec<u8>, Fehler> {
    let mut out = Vec::new();
    for z in zeilen {
        serde_json::to_writer(&mut out, z).map_err(|e| Fehler::Intern(e.to_string()))?;
        out.push(b'\n');
    }
    Ok(out)
}

pub fn ausfuehren(u: &Umgebung, a: ExportArgs, jsonl_format: bool) -> Result<(), Fehler> {
    let dir = &a.ausgabe;
    // Two files that belong together, never a stream: `-` would become a directory of
    // that name.
    if dir.as_os_str() == "-" {
        return Err(Fehler::Nutzung(
            "Der Export sind zwei Dateien (faelle, ereignisse) – mit --ausgabe ein Verzeichnis angeben; für eine Pipe: 'iiz liste --format json' oder 'iiz report --format json'.".into(),
        ));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Fehler::Nutzung(format!(
            "{} ist kein Verzeichnis – ein (neues oder leeres) Verzeichnis angeben.",
            dir.display()
        )));
    }
    super::ausserhalb_des_registers(u, dir, "Der Export")?;
    let regionen = Regionen::laden(&u.data_dir);
    // Every registered service: a new one cannot silently drop out of the export.
    struct Von<'a>(&'a Umgebung, &'a Regionen, bool);
    impl MitProzess for Von<'_> {
        type Aus = Result<Vec<Exportfall>, Fehler>;
        fn mit<P: Prozess>(self) -> Self::Aus {
            faelle_von::<P>(self.0, self.1, self.2)
        }
    }
    let mut alle = Vec::new();
    for a in Angebot::ALLE {
        alle.extend(a.mit(Von(u, &regionen, jsonl_format))?);
    }
    // In the order of registration: nothing in the order of rows hints at the case ids.
    alle.sort_unstable_by(|x, y| x.ordnung.cmp(&y.ordnung));
    let endung = if jsonl_format { "jsonl" } else { "csv" };
    let (mut f_bytes, mut e_bytes) = (Vec::new(), Vec::new());
    if !jsonl_format {
        for (bytes, kopf) in [
            (&mut f_bytes, &FAELLE_KOPF[..]),
            (&mut e_bytes, &EREIGNISSE_KOPF[..]),
        ] {
            bytes.extend_from_slice(kopf.join(",").as_bytes());
            bytes.push(b'\n');
        }
    }
    let anzahl_faelle = alle.len();
    let mut anzahl_ereignisse = 0;
    for f in alle {
        f_bytes.extend_from_slice(&f.fall);
        e_bytes.extend_from_slice(&f.ereignisse);
        anzahl_ereignisse += f.anzahl;
    }
    vorgang::ausgabe_verzeichnis(dir).map_err(|e| {
        Fehler::Nutzung(format!(
            "Verzeichnis {} kann nicht angelegt werden ({e}) – Pfad prüfen.",
            crate::ausgabe::sicher(&dir.display().to_string())
        ))
    })?;
    // Both files or neither: the keys of one export only join with the same export's
    // other file.
    ausgabe::datei::alle_oder_keine(
        dir,
        &[
            (format!("faelle.{endung}"), &f_bytes),
            (format!("ereignisse.{endung}"), &e_bytes),
        ],
    )?;
    ausgabe::meldung(format_args!(
        "Export: {} Fälle, {} Ereignisse in {} (faelle.{endung}, ereignisse.{endung}).",
        anzahl_faelle,
        anzahl_ereignisse,
        dir.display()
    ));
    Ok(())
}
