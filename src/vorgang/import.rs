//! The bookkeeping of `import`: which inputs were applied (`importe.jsonl`), the key each
//! journal line carries, the lock that makes the same input run twice at once apply once,
//! and the dry run against a private copy of the register.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Umgebung;
use crate::fehler::Fehler;
use crate::speicher::datei::prozess_lebt;
use crate::speicher::journal::{self, ImportNotiz};
use crate::speicher::kette::hash;

/// The name of an input: the start of the SHA-256 of its lines as parsed – a byte order
/// mark, line ends (CRLF or LF) and whitespace around a line do not change it, so the same
/// batch saved by another editor is the same input. A line without its own key gets
/// `<this>:<line number>`. Second: the name the input had before names were taken over the
/// parsed lines (its bytes), where that differs – a batch applied then and run again is
/// still found. A clean file has one name and is hashed once.
pub fn eingabe_kennung(eingabe: &[u8]) -> (String, Option<String>) {
    let ohne_bom = eingabe.strip_prefix(b"\xef\xbb\xbf").unwrap_or(eingabe);
    let zeilen: Vec<&[u8]> = ohne_bom
        .split(|b| *b == b'\n')
        .map(<[u8]>::trim_ascii)
        .collect();
    let gelesen = zeilen.join(&b'\n');
    let kennung = |b: &[u8]| hash(b)[..16].to_string();
    let roh = (gelesen != eingabe).then(|| kennung(eingabe));
    (kennung(&gelesen), roh)
}

/// What `import_vermerken` noted, to take back when nothing was applied.
pub struct Vermerk(ImportNotiz);

/// Held until the end of an import: a second import waits for it.
pub struct Importsperre(#[allow(dead_code)] Option<std::fs::File>);

impl Umgebung {
    /// The import lock on the data directory (the register is created if need be).
    pub fn import_sperren(&self) -> Result<Importsperre, Fehler> {
        Ok(Importsperre(self.register()?.import_sperre()?))
    }

    /// Whether this input was (partly) applied before.
    pub fn import_bekannt(&self, kennung: &str) -> Result<bool, Fehler> {
        Ok(journal::import_bekannt(self.register()?, kennung)?)
    }

    /// Every import key already in the register, with its case.
    pub fn import_schluessel_lesen(&self) -> Result<HashMap<String, String>, Fehler> {
        Ok(journal::import_schluessel_lesen(self.register()?)?)
    }

    /// Notes the input before its first line is applied, so that a re-run finds it.
    pub fn import_vermerken(&self, kennung: &str) -> Result<Vermerk, Fehler> {
        Ok(Vermerk(journal::import_vermerken(
            self.register()?,
            kennung,
        )?))
    }

    /// Takes the note back (nothing of the input was applied).
    pub fn import_vergessen(&self, v: &Vermerk) -> Result<(), Fehler> {
        Ok(journal::import_vergessen(self.register()?, &v.0)?)
    }

    /// The key the next journal line written carries (`None` after the line).
    pub fn import_schluessel(&self, k: Option<String>) -> Result<(), Fehler> {
        self.register()?.import_schluessel_setzen(k);
        Ok(())
    }
}

/// Removes the scratch register of a dry run, whatever happens.
struct Probe(PathBuf);

impl Drop for Probe {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies what a register consists of (not backups, not the lock), modes kept private.
fn register_kopieren(von: &Path, nach: &Path) -> Result<(), Fehler> {
    let fehler = |e: std::io::Error| Fehler::Intern(format!("Probelauf nicht möglich: {e}"));
    std::fs::create_dir_all(nach).map_err(fehler)?;
    crate::speicher::plattform::modus_setzen(nach, 0o700).map_err(fehler)?;
    for e in std::fs::read_dir(von).map_err(fehler)? {
        let e = e.map_err(fehler)?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "sicherung" || name == "reparatur" {
            continue;
        }
        let art = e.file_type().map_err(fehler)?;
        if art.is_dir() {
            register_kopieren(&e.path(), &nach.join(&name))?;
        } else if art.is_file() {
            std::fs::copy(e.path(), nach.join(&name)).map_err(fehler)?;
        }
    }
    Ok(())
}

/// `import --pruefen`: `lauf` runs against a private copy of the register (inside the data
/// directory, 0700, removed afterwards), so that every line is checked exactly as a real
/// import would – refs, one open case per person, rules that need earlier lines – and the
/// register itself is not touched.
pub fn probelauf<R>(
    u: &Umgebung,
    lauf: impl FnOnce(&Umgebung) -> Result<R, Fehler>,
) -> Result<R, Fehler> {
    let (probe, vorhanden) = match u.register_vorhanden() {
        Ok(Some(reg)) => (
            reg.wurzel()
                .join(format!(".pruefen-{}", std::process::id())),
            true,
        ),
        // No register yet: beside where it will be.
        _ => {
            let mut name = u.data_dir.file_name().unwrap_or_default().to_os_string();
            name.push(format!(".pruefen-{}", std::process::id()));
            (u.data_dir.with_file_name(name), false)
        }
    };
    let _weg = Probe(probe.clone());
    // Copies left by a dry run that was killed: removed when their process is gone.
    if let Some(dir) = probe.parent()
        && let Ok(it) = std::fs::read_dir(dir)
    {
        for e in it.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name
                .rsplit_once(".pruefen-")
                .and_then(|(_, p)| p.parse::<u32>().ok())
                && !prozess_lebt(pid)
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    if vorhanden {
        // Under the register lock: no new case half copied.
        let reg = u
            .register_vorhanden()?
            .ok_or_else(|| Fehler::Intern("Register fehlt".into()))?;
        let sperre = reg.sperre()?;
        register_kopieren(reg.wurzel(), &probe)?;
        drop(sperre);
    }
    let p = Umgebung::neu(probe, u.benutzer.clone(), u.format, false, u.heute)
        .mit_melder(u.warnungen.melder());
    lauf(&p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kennung_ueber_die_gelesenen_zeilen() {
        let lf = b"{\"op\":\"a\"}\n{\"op\":\"b\"}\n";
        let (k, roh) = eingabe_kennung(lf);
        // A clean file keeps the name it had before (its bytes), and has no second one.
        assert_eq!(roh, None);
        assert_eq!(k, hash(lf)[..16]);
        let crlf = b"{\"op\":\"a\"}\r\n{\"op\":\"b\"}\r\n";
        assert_eq!(eingabe_kennung(crlf).1.as_deref(), Some(&hash(crlf)[..16]));
        for gleich in [
            &b"{\"op\":\"a\"}\r\n{\"op\":\"b\"}\r\n"[..],
            b"\xef\xbb\xbf{\"op\":\"a\"}\n{\"op\":\"b\"}\n",
            b"  {\"op\":\"a\"}\t\n{\"op\":\"b\"}  \n",
        ] {
            assert_eq!(
                eingabe_kennung(gleich).0,
                k,
                "{:?}",
                String::from_utf8_lossy(gleich)
            );
        }
        for anders in [
            &b"{\"op\":\"b\"}\n{\"op\":\"a\"}\n"[..],
            b"{\"op\":\"a\"}\n\n{\"op\":\"b\"}\n",
            b"{\"op\": \"a\"}\n{\"op\":\"b\"}\n",
        ] {
            assert_ne!(
                eingabe_kennung(anders).0,
                k,
                "{:?}",
                String::from_utf8_lossy(anders)
            );
        }
    }
}
