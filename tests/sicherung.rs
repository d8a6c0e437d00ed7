//! `iiz sicherung DATEI` (issue 12, spec §12): a private, consistent archive; restored into
//! an empty directory, `pruefen` passes and every report is the same.

use crate::common::*;
use std::path::Path;

fn auspacken(archiv: &Path, ziel: &Path) {
    let f = std::fs::File::open(archiv).unwrap();
    tar::Archive::new(f).unpack(ziel).unwrap();
}

fn berichte(r: &Reg) -> Vec<String> {
    [
        vec!["report", "--format", "json"],
        vec!["rt", "report", "--format", "json"],
        vec!["liste", "--format", "json"],
        vec!["pendenzen", "--stichtag", "2024-12-31", "--format", "json"],
    ]
    .iter()
    .map(|a| r.lauf(a).ok().stdout)
    .collect()
}

#[test]
fn sicherung_ist_privat_und_zurueckgespielt_gleich() {
    let r = Reg::neu();
    let id = r.laufend("sh", "iv", 959_001);
    r.lauf(&[
        "standort",
        &id,
        "--naechstes-gespraech",
        "2024-04-01",
        "--stand",
        "Bewerbung läuft",
        "--datum",
        "2024-03-01",
    ])
    .ok();
    let weg = r.antrag("rav", "iv", 959_002, "2024-01-10");
    r.lauf(&[
        "annehmen",
        &weg,
        "--ablehnen",
        "keine-kapazitaet",
        "--datum",
        "2024-01-11",
    ])
    .ok();
    r.lauf(&["anonymisieren", &weg, "--datum", "2024-01-12"])
        .ok();
    r.lauf(&["zeige", &id]).ok();
    std::fs::write(
        r.pfad().join("einstellungen.json"),
        "{\"loeschfrist_jahre\": 5}",
    )
    .unwrap();
    let ausserhalb = tempfile::tempdir().unwrap();
    let archiv = ausserhalb.path().join("iiz.tar");
    let l = r.lauf(&["sicherung", archiv.to_str().unwrap()]).ok();
    let stand = r.json(&["info"])["registerstand"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        l.stdout.trim(),
        format!(
            "Sicherung {}: 2 Fälle, Registerstand {stand}",
            archiv.display()
        )
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&archiv).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Restored into an empty directory: the same register.
    let neu = Reg::neu();
    auspacken(&archiv, neu.pfad());
    neu.lauf(&["pruefen"]).ok();
    assert_eq!(berichte(&neu), berichte(&r));
    assert_eq!(neu.json(&["info"])["registerstand"], stand.as_str());
    assert!(
        neu.lauf(&["zeige", &id])
            .ok()
            .stdout
            .contains("Bewerbung läuft"),
        "keys restored"
    );
    // The access log came along (and logged the display just made).
    assert_eq!(neu.json(&["zugriffe"]).as_array().unwrap().len(), 2);
    assert!(neu.pfad().join("einstellungen.json").exists());
    assert!(
        !neu.pfad().join(".sperre").exists()
            || std::fs::read(neu.pfad().join(".sperre"))
                .unwrap()
                .is_empty()
    );
    // JSON for scripts.
    let j = r.json(&["sicherung", archiv.to_str().unwrap()]);
    assert_eq!(j["faelle"], 2);
    assert_eq!(j["registerstand"], stand.as_str());
}

#[test]
fn sicherung_verweigert_ohne_zu_schreiben() {
    let leer = Reg::neu();
    let ausserhalb = tempfile::tempdir().unwrap();
    let archiv = ausserhalb.path().join("x.tar");
    let l = leer.lauf(&["sicherung", archiv.to_str().unwrap()]);
    assert_eq!(l.code, 4, "{}", l.stderr);
    assert!(!archiv.exists());
    let r = Reg::neu();
    r.antrag("sh", "rav", 959_010, "2024-01-10");
    let vorher = r.schnappschuss();
    let drin = r.pfad().join("faelle").join("x.tar");
    let l = r.lauf(&["sicherung", drin.to_str().unwrap()]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(
        l.stderr.contains("ausserhalb des Datenverzeichnisses"),
        "{}",
        l.stderr
    );
    assert!(vorher == r.schnappschuss());
    let l = r.lauf(&["sicherung", "/gibt/es/nicht/x.tar"]);
    assert_eq!(l.code, 2, "{}", l.stderr);
    assert!(vorher == r.schnappschuss());
}

/// Taken while other processes append: the archive is the register as of its log, and a
/// restored one always passes `pruefen`.
#[test]
fn sicherung_waehrend_geschrieben_wird() {
    let r = Reg::neu();
    let ids: Vec<String> = (0..3).map(|i| r.laufend("sh", "iv", 959_020 + i)).collect();
    let ausserhalb = tempfile::tempdir().unwrap();
    std::thread::scope(|s| {
        for (k, id) in ids.iter().enumerate() {
            let r = &r;
            s.spawn(move || {
                for i in 0..15 {
                    r.lauf(&[
                        "standort",
                        id,
                        "--naechstes-gespraech",
                        "2024-06-01",
                        "--stand",
                        &format!("Stand {k}-{i}"),
                        "--datum",
                        "2024-03-01",
                    ])
                    .ok();
                }
            });
        }
        for n in 0..6 {
            let archiv = ausserhalb.path().join(format!("s{n}.tar"));
            r.lauf(&["sicherung", archiv.to_str().unwrap()]).ok();
            let neu = Reg::neu();
            auspacken(&archiv, neu.pfad());
            let p = neu.lauf(&["pruefen"]);
            assert_eq!(p.code, 0, "backup {n}: {}", p.stdout);
        }
    });
}

/// A backup killed at any point never leaves a half archive under the target's name (an
/// earlier archive stays whole); the partial copy beside it goes with the next backup.
#[test]
fn abgebrochene_sicherung_hinterlaesst_nichts_halbes() {
    let r = Reg::neu();
    r.laufend("sh", "iv", 959_050);
    r.antrag("rav", "iv", 959_051, "2024-01-10");
    let ausserhalb = tempfile::tempdir().unwrap();
    let archiv = ausserhalb.path().join("iiz.tar");
    r.lauf(&["sicherung", archiv.to_str().unwrap()]).ok();
    let alt = std::fs::read(&archiv).unwrap();
    // Something new, so that a new archive differs from the old.
    r.antrag("sh", "rav", 959_052, "2024-01-11");
    let mut n = 1;
    let mut getoetet = 0;
    loop {
        let out = r
            .cmd()
            .env("IIZ_TEST_ABSTURZ", n.to_string())
            .args(["sicherung", archiv.to_str().unwrap()])
            .output()
            .unwrap();
        if out.status.success() {
            break;
        }
        assert_eq!(
            out.status.code(),
            None,
            "step {n}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        getoetet += 1;
        // The archive under its name is the old one, or already the new one – whole.
        if std::fs::read(&archiv).unwrap() != alt {
            let neu = Reg::neu();
            auspacken(&archiv, neu.pfad());
            assert_eq!(neu.lauf(&["pruefen"]).code, 0, "step {n}: a half archive");
            assert_eq!(
                neu.json(&["liste"]).as_array().unwrap().len(),
                3,
                "step {n}"
            );
        }
        n += 1;
        assert!(n < 200);
    }
    assert!(getoetet >= 3, "{getoetet}");
    // The completed backup removed every partial copy and is the new state.
    let uebrig: Vec<_> = std::fs::read_dir(ausserhalb.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(uebrig, vec!["iiz.tar".to_string()], "{uebrig:?}");
    let neu = Reg::neu();
    auspacken(&archiv, neu.pfad());
    neu.lauf(&["pruefen"]).ok();
    assert_eq!(neu.json(&["liste"]).as_array().unwrap().len(), 3);
}

/// A backup restored with the system's `tar` has the register's modes (directories 0700,
/// files 0600), every directory, and the real times of the last writes – not 1970
/// (issue #25 item 2).
#[cfg(unix)]
#[test]
fn zurueckgespielt_mit_modi_verzeichnissen_und_zeiten() {
    use std::os::unix::fs::PermissionsExt;
    if std::process::Command::new("tar")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIP zurueckgespielt_mit_modi_verzeichnissen_und_zeiten: kein tar");
        return;
    }
    let r = Reg::neu();
    let id = r.antrag("sh", "rav", 959_011, "2024-01-10");
    let ausserhalb = tempfile::tempdir().unwrap();
    let archiv = ausserhalb.path().join("iiz.tar");
    r.lauf(&["sicherung", archiv.to_str().unwrap()]).ok();
    let ziel = ausserhalb.path().join("neu");
    std::fs::create_dir(&ziel).unwrap();
    let out = std::process::Command::new("tar")
        .arg("-xf")
        .arg(&archiv)
        .arg("-C")
        .arg(&ziel)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let inhalt = String::from_utf8(
        std::process::Command::new("tar")
            .arg("-tvf")
            .arg(&archiv)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for d in ["faelle/", "personen/", "personen/index/", "zaehler/"] {
        assert!(
            inhalt.lines().any(|z| z.starts_with('d') && z.ends_with(d)),
            "{d} fehlt: {inhalt}"
        );
    }
    let mut stapel = vec![ziel.clone()];
    let mut gesehen = 0;
    while let Some(d) = stapel.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let m = e.metadata().unwrap();
            let modus = m.permissions().mode() & 0o7777;
            if m.is_dir() {
                assert_eq!(modus, 0o700, "{:?}", e.path());
                stapel.push(e.path());
            } else {
                assert_eq!(modus, 0o600, "{:?}", e.path());
            }
            let alter = m.modified().unwrap().elapsed().unwrap_or_default();
            assert!(
                alter < std::time::Duration::from_secs(24 * 3600),
                "{:?} dated {alter:?} ago",
                e.path()
            );
            gesehen += 1;
        }
    }
    assert!(gesehen > 10, "{gesehen}");
    let neu = Reg::neu();
    kopieren(&ziel, neu.pfad());
    let info = neu.json(&["info"]);
    assert!(
        !info.to_string().contains("1970"),
        "the last write is real: {info}"
    );
    neu.lauf(&["zeige", &id]).ok();
}

/// Issue 26, item 3: the archive only ever replaces a regular file. A device, a FIFO or a
/// link at the target is refused and left as it is (as root, `sicherung /dev/null` had
/// replaced the device with a regular file holding the whole register).
#[cfg(unix)]
#[test]
fn sicherung_ersetzt_nie_geraet_fifo_oder_link() {
    use std::os::unix::fs::FileTypeExt;
    let r = Reg::neu();
    r.antrag("sh", "rav", 959_100, "2024-01-10");
    let draussen = tempfile::tempdir().unwrap();
    let fifo = draussen.path().join("fifo.tar");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let ziel = draussen.path().join("wichtig.txt");
    std::fs::write(&ziel, "bleibt").unwrap();
    let link = draussen.path().join("link.tar");
    std::os::unix::fs::symlink(&ziel, &link).unwrap();
    let ordner = draussen.path().join("ordner.tar");
    std::fs::create_dir(&ordner).unwrap();
    for p in [&fifo, &link, &ordner] {
        let l = r.lauf(&["sicherung", p.to_str().unwrap()]);
        assert_eq!(l.code, 2, "{}: {}", p.display(), l.stderr);
        assert!(l.stderr.contains("keine gewöhnliche Datei"), "{}", l.stderr);
    }
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(ordner.is_dir());
    assert_eq!(std::fs::read_to_string(&ziel).unwrap(), "bleibt");
    // No temp file with the register's data left beside the target.
    let reste: Vec<_> = std::fs::read_dir(draussen.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(reste.is_empty(), "{reste:?}");
    // A regular file is replaced as before.
    let gut = draussen.path().join("gut.tar");
    std::fs::write(&gut, "alt").unwrap();
    r.lauf(&["sicherung", gut.to_str().unwrap()]).ok();
    assert!(std::fs::metadata(&gut).unwrap().len() > 512);
}
