//! File primitives of the register: private modes (team mode), directories, atomic
//! replacement, safe opening. Everything that differs by system goes through `plattform`;
//! every change to the file system passes `absturz` first (the crash tests).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::absturz;
use super::fehler::{Ergebnis, SpeicherFehler, anzeige, io_fehler};
use super::plattform;

/// The register's format file: a directory holding it is a register.
pub const FORMAT_DATEI: &str = "iiz-format.json";

/// The access log (`zugriffe`); named here, below the register, so that the register can
/// tell its own files without importing the log's module.
pub const ZUGRIFFE_DATEI: &str = "zugriffe.jsonl";
/// The intake folder a web form or mail gateway writes into (`speicher::eingang`).
pub const EINGANG_ORDNER: &str = "eingang";
/// What became of each intake file (`speicher::eingang`).
pub const EINGANG_PROTOKOLL: &str = "eingang.jsonl";

/// Commits the whole file system holding `pfad` in one call (Linux); `false` elsewhere, so
/// the caller syncs file by file.
pub(crate) fn syncfs(pfad: &Path) -> Ergebnis<bool> {
    if !plattform::SYNCFS {
        return Ok(false);
    }
    let d = File::open(pfad).map_err(io_fehler(pfad))?;
    absturz::schreiben().map_err(io_fehler(pfad))?;
    plattform::syncfs(&d).map_err(io_fehler(pfad))
}

/// Team mode (spec §12): a data directory with the setgid bit belongs to a group; its
/// directories are 2770 and its files 0660, so that every member can work in it.
static TEAM: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// The group of a team register (its data directory's group).
static TEAM_GRUPPE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

pub fn team() -> bool {
    TEAM.load(std::sync::atomic::Ordering::Relaxed)
}

/// The mode of the register's files: 0600, in team mode 0660.
pub fn datei_modus() -> u32 {
    if team() { 0o660 } else { 0o600 }
}

/// The mode of the register's directories: 0700, in team mode 2770 (new files inherit
/// the group).
pub fn verzeichnis_modus() -> u32 {
    if team() { 0o2770 } else { 0o700 }
}

/// The mode of files the register hands out (exports, backups): private, 0600; in team mode
/// 0640 – the group may read (a member restores a backup), nobody else, and nobody changes
/// a file that was handed out.
pub fn ausgabe_modus() -> u32 {
    if team() { 0o640 } else { 0o600 }
}

/// The mode of a directory made for handed-out files: 0700, in team mode 0750.
pub fn ausgabe_verzeichnis_modus() -> u32 {
    if team() { 0o750 } else { 0o700 }
}

/// Makes a handed-out file private ([`ausgabe_modus`]; whatever the umask left) and, in
/// team mode, gives it the register's group.
pub fn ausgabe_schuetzen(f: &File, pfad: &Path) -> Ergebnis<()> {
    plattform::datei_modus_setzen(f, ausgabe_modus()).map_err(io_fehler(pfad))?;
    if team() {
        let gid = TEAM_GRUPPE.load(std::sync::atomic::Ordering::Relaxed);
        plattform::gruppe_geben(pfad, gid).map_err(io_fehler(pfad))?;
    }
    Ok(())
}

/// A directory for handed-out files (and its missing parents), private as
/// [`ausgabe_verzeichnis_modus`], in team mode of the register's group.
pub fn ausgabe_verzeichnis(pfad: &Path) -> Ergebnis<()> {
    if pfad.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    plattform::verzeichnis_mit_modus(&mut b, ausgabe_verzeichnis_modus());
    b.create(pfad).map_err(io_fehler(pfad))?;
    if team() {
        let gid = TEAM_GRUPPE.load(std::sync::atomic::Ordering::Relaxed);
        plattform::gruppe_geben(pfad, gid).map_err(io_fehler(pfad))?;
    }
    Ok(())
}

/// Takes the mode of a data directory: team mode when it has the setgid bit.
pub(crate) fn modus_uebernehmen(wurzel: &Path) {
    let meta = fs::metadata(wurzel).ok();
    let setgid = meta.as_ref().is_some_and(plattform::setgid);
    if let Some(gid) = meta.as_ref().and_then(plattform::gruppe_von) {
        TEAM_GRUPPE.store(gid, std::sync::atomic::Ordering::Relaxed);
    }
    TEAM.store(setgid, std::sync::atomic::Ordering::Relaxed);
}

/// `--gruppe NAME`: prepares the data directory for a team before its register is created
/// (group NAME or a numeric id, mode 2770: every file made in it belongs to the group). On a
/// register that exists, only checks that it already belongs to that group.
pub fn gruppe_einrichten(wurzel: &Path, gruppe: &str) -> Ergebnis<()> {
    if !plattform::GRUPPEN {
        return Err(SpeicherFehler::Format(
            "--gruppe gibt es nur unter Unix; unter Windows regeln die Freigaberechte den Zugriff."
                .into(),
        ));
    }
    let gid = match gruppe.parse::<u32>() {
        Ok(g) => g,
        Err(_) => plattform::gruppe_suchen(gruppe).ok_or_else(|| {
            SpeicherFehler::Format(format!(
                "Die Gruppe '{}' gibt es auf diesem System nicht – 'getent group' zeigt die Gruppen.",
                gruppe
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(40)
                    .collect::<String>()
            ))
        })?,
    };
    if wurzel.join(FORMAT_DATEI).exists() {
        let m = fs::metadata(wurzel).map_err(io_fehler(wurzel))?;
        if plattform::gruppe_von(&m) != Some(gid) || !plattform::setgid(&m) {
            return Err(SpeicherFehler::Format(format!(
                "Das Register in {} besteht schon und gehört nicht der Gruppe '{gruppe}' – --gruppe gilt beim Anlegen; eine bestehende Ablage teilen: docs/anleitung.md, 'Im Team'.",
                wurzel.display()
            )));
        }
        return Ok(());
    }
    verzeichnis_anlegen(wurzel)?;
    plattform::gruppe_geben(wurzel, gid).map_err(|e| {
        SpeicherFehler::Format(format!(
            "{} kann nicht der Gruppe '{gruppe}' gegeben werden ({}) – nur Mitglieder der Gruppe können das.",
            wurzel.display(),
            super::fehler::io_deutsch(&e)
        ))
    })?;
    plattform::modus_setzen(wurzel, 0o2770).map_err(io_fehler(wurzel))?;
    modus_uebernehmen(wurzel);
    Ok(())
}

pub fn verzeichnis_anlegen(pfad: &Path) -> Ergebnis<()> {
    if pfad.is_dir() {
        return Ok(());
    }
    // Missing parents too (`personen/index` creates `personen`), each with its mode set:
    // a recursive create would leave the parents as the umask made them (0500 under 0277).
    if let Some(eltern) = pfad.parent()
        && !eltern.as_os_str().is_empty()
        && !eltern.is_dir()
    {
        verzeichnis_anlegen(eltern)?;
    }
    let mut b = fs::DirBuilder::new();
    match plattform::verzeichnis_mit_modus(&mut b, verzeichnis_modus()).create(pfad) {
        Ok(()) => {}
        // A concurrent first command made it between our check and here.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && pfad.is_dir() => return Ok(()),
        Err(e) => return Err(io_fehler(pfad)(e)),
    }
    // The umask may have taken bits away; the mode is ours to set.
    plattform::modus_setzen(pfad, verzeichnis_modus()).map_err(io_fehler(pfad))
}

/// Never through a symbolic link, never blocking on a FIFO: a hostile entry named like a
/// journal is opened as what it is, then refused by `regulaer`.
pub(crate) fn sicher(o: &mut OpenOptions) -> &mut OpenOptions {
    plattform::ohne_link_ohne_warten(o)
}

/// Only a regular file is a journal (not a FIFO, a directory, a device).
pub(crate) fn regulaer(f: &File, pfad: &Path) -> Ergebnis<()> {
    let art = f.metadata().map_err(io_fehler(pfad))?.file_type();
    if art.is_file() {
        return Ok(());
    }
    let was = if art.is_dir() {
        "Verzeichnis"
    } else if art.is_symlink() {
        "symbolischer Link"
    } else {
        "FIFO oder Gerät"
    };
    Err(SpeicherFehler::KeineDatei(anzeige(pfad), was))
}

/// Creates a file that did not exist. A leftover of a crash (or anything placed there) is
/// removed first and never written through.
pub(crate) fn neu_anlegen(pfad: &Path, lesen: bool) -> Ergebnis<File> {
    let oeffnen = || {
        privat(sicher(
            OpenOptions::new().read(lesen).write(true).create_new(true),
        ))
        .open(pfad)
    };
    absturz::schreiben().map_err(io_fehler(pfad))?;
    match oeffnen() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            absturz::schritt();
            fs::remove_file(pfad).map_err(io_fehler(pfad))?;
            oeffnen().map_err(io_fehler(pfad))
        }
        r => r.map_err(io_fehler(pfad)),
    }
}

/// Created with the register's file mode (0600, 0660 in team mode).
pub(crate) fn privat(o: &mut OpenOptions) -> &mut OpenOptions {
    plattform::mit_modus(o, datei_modus())
}

/// Makes a new file 0600 whatever the process umask took away. The mode is set explicitly
/// where it differs; it is read first because a `chmod` dirties the inode, which costs a
/// large import measurably, while `open` already asked for 0600.
pub(crate) fn modus_setzen(f: &File, pfad: &Path) -> Ergebnis<()> {
    let modus = plattform::modus(&f.metadata().map_err(io_fehler(pfad))?);
    if modus & 0o777 != datei_modus() {
        plattform::datei_modus_setzen(f, datei_modus()).map_err(io_fehler(pfad))?;
    }
    Ok(())
}

/// fsync a directory so that a new name in it survives a crash (no-op off Unix).
pub fn verzeichnis_sync(pfad: &Path) -> Ergebnis<()> {
    absturz::schreiben().map_err(io_fehler(pfad))?;
    plattform::verzeichnis_sync(pfad).map_err(io_fehler(pfad))
}

/// Whether another process with this id is running (a live writer's leftovers are not a
/// crash's); this process's own id is not "another".
pub fn prozess_lebt(pid: u32) -> bool {
    pid != std::process::id() && plattform::prozess_lebt(pid)
}

/// Removes `<name>.<pid>.tmp` beside `pfad` left by a killed writer (its process is gone).
pub fn reste_daneben_entfernen(pfad: &Path) {
    let (Some(dir), Some(name)) = (pfad.parent(), pfad.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let praefix = format!("{}.", name.to_string_lossy());
    let Ok(it) = fs::read_dir(dir) else {
        return;
    };
    for e in it.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = n
            .strip_prefix(&praefix)
            .and_then(|r| r.strip_suffix(".tmp"))
            .and_then(|p| p.parse::<u32>().ok())
            && !prozess_lebt(pid)
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// A new private file beside `pfad`, to be renamed into place by `atomar_abschliessen`.
pub fn atomar_datei(pfad: &Path) -> Ergebnis<(File, PathBuf)> {
    let mut name = pfad.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = pfad.with_file_name(name);
    let f = neu_anlegen(&tmp, false)?;
    modus_setzen(&f, &tmp)?;
    Ok((f, tmp))
}

/// Syncs the file and renames it into place (and syncs its directory).
pub fn atomar_abschliessen(f: File, tmp: &Path, pfad: &Path) -> Ergebnis<()> {
    absturz::schreiben().map_err(io_fehler(tmp))?;
    if let Err(e) = f.sync_all() {
        let _ = fs::remove_file(tmp);
        return Err(io_fehler(tmp)(e));
    }
    drop(f);
    // Only ever in place of a regular file: a rename onto a device, a FIFO or a link would
    // replace it (as root, `/dev/null` became a regular file holding the archive).
    if let Ok(m) = fs::symlink_metadata(pfad)
        && !m.file_type().is_file()
    {
        let _ = fs::remove_file(tmp);
        return Err(SpeicherFehler::Format(format!(
            "{} ist keine gewöhnliche Datei (Verzeichnis, Link oder Gerät) – einen anderen Dateinamen angeben.",
            super::fehler::anzeige(pfad)
        )));
    }
    absturz::schreiben().map_err(io_fehler(pfad))?;
    if let Err(e) = fs::rename(tmp, pfad) {
        let _ = fs::remove_file(tmp);
        return Err(io_fehler(pfad)(e));
    }
    match pfad.parent() {
        Some(d) if !d.as_os_str().is_empty() => verzeichnis_sync(d),
        _ => verzeichnis_sync(Path::new(".")),
    }
}

/// Writes a small file atomically (temp file + rename); used for counters and indexes.
pub fn atomar_schreiben(pfad: &Path, inhalt: &[u8], sync: bool) -> Ergebnis<()> {
    // Unique per process, so two writers never rename each other's half-written file.
    let mut name = pfad.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = pfad.with_file_name(name);
    {
        let mut f = neu_anlegen(&tmp, false)?;
        modus_setzen(&f, &tmp)?;
        absturz::schreiben().map_err(io_fehler(&tmp))?;
        f.write_all(inhalt).map_err(io_fehler(&tmp))?;
        if sync {
            absturz::schreiben().map_err(io_fehler(&tmp))?;
            f.sync_data().map_err(io_fehler(&tmp))?;
        }
    }
    absturz::schreiben().map_err(io_fehler(pfad))?;
    // (What killed writers left beside such files goes at the first register lock of the
    // next process: `Register::sperre`; a directory scan here would cost every write.)
    fs::rename(&tmp, pfad).map_err(io_fehler(pfad))
}
