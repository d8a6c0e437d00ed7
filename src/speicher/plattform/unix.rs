//! Unix: Linux first (O_NOFOLLOW | O_NONBLOCK, syncfs); other Unixes get the portable part.

use std::fs::{self, DirBuilder, File, Metadata, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Groups and the setgid bit exist: team mode (`--gruppe`) works.
pub const GRUPPEN: bool = true;

/// Never through a symbolic link, never blocking on a FIFO (Linux; the flags' values
/// differ elsewhere, so other Unixes open plainly and rely on the regular-file check).
pub fn ohne_link_ohne_warten(o: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(target_os = "linux")]
    o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    o
}

/// Never through a symbolic link (the last path component).
pub fn ohne_link(o: &mut OpenOptions) -> &mut OpenOptions {
    o.custom_flags(libc::O_NOFOLLOW)
}

/// The mode a new file is created with (the umask may still take bits away).
pub fn mit_modus(o: &mut OpenOptions, modus: u32) -> &mut OpenOptions {
    o.mode(modus)
}

/// The mode a new directory is created with.
pub fn verzeichnis_mit_modus(b: &mut DirBuilder, modus: u32) -> &mut DirBuilder {
    b.mode(modus & 0o777)
}

/// The permission bits (with setuid/setgid/sticky).
pub fn modus(m: &Metadata) -> u32 {
    m.permissions().mode() & 0o7777
}

pub fn datei_modus_setzen(f: &File, modus: u32) -> io::Result<()> {
    f.set_permissions(Permissions::from_mode(modus))
}

pub fn modus_setzen(pfad: &Path, modus: u32) -> io::Result<()> {
    fs::set_permissions(pfad, Permissions::from_mode(modus))
}

/// A directory with the setgid bit: new files in it inherit its group (team mode).
pub fn setgid(m: &Metadata) -> bool {
    m.permissions().mode() & 0o2000 != 0
}

pub fn gruppe_von(m: &Metadata) -> Option<u32> {
    Some(m.gid())
}

/// The id of a group by name from the group database; `None` when there is no such group.
pub fn gruppe_suchen(name: &str) -> Option<u32> {
    let name = std::ffi::CString::new(name).ok()?;
    // SAFETY: `name` is a valid C string; getgrnam returns a pointer into a static buffer
    // (or null), which is read at once, before any other call could reuse it.
    let g = unsafe { libc::getgrnam(name.as_ptr()) };
    if g.is_null() {
        return None;
    }
    // SAFETY: non-null, so it points to a valid `group` entry (see above).
    Some(unsafe { (*g).gr_gid })
}

pub fn gruppe_geben(pfad: &Path, gid: u32) -> io::Result<()> {
    std::os::unix::fs::chown(pfad, None, Some(gid))
}

/// fsync a directory, so that a new name in it survives a crash.
pub fn verzeichnis_sync(pfad: &Path) -> io::Result<()> {
    File::open(pfad)?.sync_all()
}

/// Commits the whole file system holding the open directory `d` in one call (Linux);
/// `false` elsewhere, so the caller syncs file by file.
pub fn syncfs(d: &File) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        rustix::fs::syncfs(d)?;
        Ok(true)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = d;
        Ok(false)
    }
}

/// Whether a process with this id exists (it may belong to another account).
pub fn prozess_lebt(pid: u32) -> bool {
    let Some(p) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(p) {
        Ok(()) => true,
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

/// What an `open` with `ohne_link_ohne_warten` met instead of a regular file, from its
/// error: a link (ELOOP), a directory, a FIFO without reader or a device (ENXIO).
pub fn keine_datei(e: &io::Error) -> Option<&'static str> {
    match e.raw_os_error() {
        Some(libc::ELOOP) => Some("symbolischer Link"),
        Some(libc::EISDIR) => Some("Verzeichnis"),
        Some(libc::ENXIO) => Some("FIFO oder Gerät"),
        _ => None,
    }
}

/// Which file this is (device, inode): a rewrite (temp file + rename) gives a new one.
pub fn identitaet(m: &Metadata) -> (u64, u64) {
    (m.dev(), m.ino())
}

/// Kills this process at once: no cleanup, no destructors (the crash tests).
pub fn sofort_beenden() -> ! {
    // SAFETY: raise(2) with a valid signal number has no preconditions.
    unsafe {
        libc::raise(libc::SIGKILL);
    }
    std::process::abort()
}

/// What Ctrl-C did before `sigint_ignorieren`, to put back.
pub struct Sigint(libc::sighandler_t);

/// Ctrl-C ignored while a pager owns the terminal (the pager handles it itself).
pub fn sigint_ignorieren() -> Sigint {
    // SAFETY: setting the disposition to SIG_IGN has no preconditions.
    Sigint(unsafe { libc::signal(libc::SIGINT, libc::SIG_IGN) })
}

pub fn sigint_zuruecksetzen(vorher: Sigint) {
    // SAFETY: `vorher` is a disposition signal(2) returned, valid to set again.
    unsafe {
        libc::signal(libc::SIGINT, vorher.0);
    }
}

/// On Ctrl-C: write `TEXT` to stderr and end with exit code 130, as a shell expects.
pub fn sigint_abbruch(text: &'static [u8]) {
    use std::sync::OnceLock;
    static TEXT: OnceLock<&'static [u8]> = OnceLock::new();
    extern "C" fn abbruch(_: libc::c_int) {
        let t: &[u8] = TEXT.get().copied().unwrap_or_default();
        // SAFETY: write(2) and _exit(2) are async-signal-safe; the buffer is static and
        // was set before the handler was installed.
        unsafe {
            libc::write(2, t.as_ptr().cast(), t.len());
            libc::_exit(130);
        }
    }
    if TEXT.set(text).is_ok() {
        // SAFETY: installs a handler that only calls async-signal-safe functions.
        unsafe {
            libc::signal(libc::SIGINT, abbruch as *const () as libc::sighandler_t);
        }
    }
}

/// The operating-system account this process runs as (its real user): the name from the
/// user database (local or directory service), `uid:N` where there is none. Who recorded
/// or looked at something, as the system knows it — unlike `--benutzer`, not typed.
pub fn konto() -> String {
    static KONTO: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KONTO
        .get_or_init(|| {
            let uid = nix::unistd::Uid::current();
            match nix::unistd::User::from_uid(uid) {
                Ok(Some(u)) if !u.name.is_empty() => u.name,
                _ => format!("uid:{uid}"),
            }
        })
        .clone()
}
