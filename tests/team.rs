//! Team use (spec §12, issue 12): a register created with `--gruppe` is shared by every
//! member of the group (directories 2770, files 0660); others cannot read it. Runs as root
//! (to act as other accounts through `setpriv`); says so and skips elsewhere.
#![cfg(unix)]

use crate::common::*;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

fn als(uid: u32, gid: u32, daten: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new("setpriv")
        .args([
            &format!("--reuid={uid}"),
            &format!("--regid={gid}"),
            "--clear-groups",
            "--",
        ])
        .arg(assert_cmd::cargo::cargo_bin("iiz"))
        .args(args)
        .env("IIZ_DATA_DIR", daten)
        .env("IIZ_BENUTZER", format!("konto{uid}"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn alle_eintraege(d: &Path, v: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(d).unwrap().flatten() {
        v.push(e.path());
        if e.file_type().unwrap().is_dir() {
            alle_eintraege(&e.path(), v);
        }
    }
}

#[test]
fn ein_register_fuer_die_gruppe() {
    let root = unsafe { libc::geteuid() } == 0;
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !root || !setpriv {
        eprintln!(
            "SKIP ein_register_fuer_die_gruppe: braucht root und setpriv (util-linux), um als zweites Konto zu arbeiten"
        );
        return;
    }
    let basis = tempfile::tempdir().unwrap();
    std::fs::set_permissions(basis.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let daten = basis.path().join("register");
    let (gruppe, fremd) = (47_110, 47_111);
    // The first member creates it for the group.
    let antrag = antrag_args(&[("--ahv", &ahv(979_001))]);
    let mut a: Vec<&str> = vec!["--gruppe", "47110"];
    a.extend(antrag.iter().map(String::as_str));
    let (code, id, err) = als(60_001, gruppe, &daten, &a);
    assert_eq!(code, 0, "{err}");
    let id = fallnummer(&id);
    // A second member works on it: appends, reads the person, files a new case.
    let (code, _, err) = als(
        60_002,
        gruppe,
        &daten,
        &[
            "standort",
            &id,
            "--naechstes-gespraech",
            "2024-03-01",
            "--datum",
            "2024-02-01",
        ],
    );
    // Read and locked by the second account: refused by a rule, not by a permission.
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("noch nicht angenommen"), "{err}");
    let (code, _, err) = als(
        60_002,
        gruppe,
        &daten,
        &["annehmen", &id, "--datum", "2024-01-11"],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = als(60_002, gruppe, &daten, &["zeige", &id]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Beispiel"), "{out}");
    let b = antrag_args(&[("--ahv", &ahv(979_002)), ("--name", "Zweite")]);
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let (code, _, err) = als(60_002, gruppe, &daten, &b);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = als(60_001, gruppe, &daten, &["pruefen"]);
    assert_eq!(code, 0, "{err}");
    let (_, log, _) = als(60_001, gruppe, &daten, &["zugriffe", "--format", "csv"]);
    assert!(
        log.contains("konto60002"),
        "the access log names the member: {log}"
    );
    // Every entry belongs to the group, directories 2770, files 0660.
    let mut v = vec![daten.clone()];
    alle_eintraege(&daten, &mut v);
    for p in &v {
        let m = std::fs::metadata(p).unwrap();
        assert_eq!(m.gid(), gruppe, "{p:?}");
        let soll = if m.is_dir() { 0o2770 } else { 0o660 };
        assert_eq!(m.permissions().mode() & 0o7777, soll, "{p:?}");
    }
    // Someone outside the group reads nothing and is told why.
    let (code, out, err) = als(60_003, fremd, &daten, &["liste"]);
    assert_ne!(code, 0);
    assert!(out.is_empty() && !err.contains("Beispiel"), "{out}{err}");
    assert!(err.contains("Keine Berechtigung"), "{err}");
}

/// Who did it is not whatever anyone types (spec §16): the journal and the access log record
/// the operating-system account of the process beside the display name. Two accounts look
/// at one case, the second claiming the first one's name with `--benutzer`.
#[test]
fn das_konto_ist_nicht_eintippbar() {
    let root = unsafe { libc::geteuid() } == 0;
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !root || !setpriv {
        eprintln!(
            "SKIP das_konto_ist_nicht_eintippbar: braucht root und setpriv (util-linux), um als zweites Konto zu arbeiten"
        );
        return;
    }
    let basis = tempfile::tempdir().unwrap();
    std::fs::set_permissions(basis.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let daten = basis.path().join("register");
    let gruppe = 47_120;
    let mut a: Vec<&str> = vec!["--gruppe", "47120", "--benutzer", "skeller"];
    let antrag = antrag_args(&[("--ahv", &ahv(979_011))]);
    a.extend(antrag.iter().map(String::as_str));
    let (code, out, err) = als(60_011, gruppe, &daten, &a);
    assert_eq!(code, 0, "{err}");
    let id = fallnummer(&out);
    let (code, _, err) = als(
        60_011,
        gruppe,
        &daten,
        &["--benutzer", "skeller", "zeige", &id],
    );
    assert_eq!(code, 0, "{err}");
    // The second account types the first one's name.
    let (code, _, err) = als(
        60_012,
        gruppe,
        &daten,
        &["--benutzer", "skeller", "zeige", &id],
    );
    assert_eq!(code, 0, "{err}");
    let (_, log, _) = als(60_011, gruppe, &daten, &["zugriffe", "--format", "json"]);
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    let eintraege: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|z| {
            (
                z["benutzer"].as_str().unwrap(),
                z["konto"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        eintraege,
        vec![("skeller", "uid:60011"), ("skeller", "uid:60012")],
        "{log}"
    );
    let (_, nur, _) = als(
        60_011,
        gruppe,
        &daten,
        &["zugriffe", "--konto", "uid:60012", "--format", "json"],
    );
    let nur: serde_json::Value = serde_json::from_str(&nur).unwrap();
    assert_eq!(nur.as_array().unwrap().len(), 1, "{nur}");
    // The journal line names the account that wrote it; the display name is what was given.
    let (_, z, _) = als(
        60_012,
        gruppe,
        &daten,
        &["zeige", &id, "--verlauf", "--format", "json"],
    );
    let z: serde_json::Value = serde_json::from_str(&z).unwrap();
    assert_eq!(z["verlauf"][0]["benutzer"], "skeller");
    assert_eq!(z["verlauf"][0]["konto"], "uid:60011");
    let (_, tabelle, _) = als(60_012, gruppe, &daten, &["zeige", &id, "--verlauf"]);
    assert!(tabelle.contains("skeller (Konto uid:60011)"), "{tabelle}");
    // Without any name given, the display name is the account, never "unbekannt".
    let out = Command::new("setpriv")
        .args(["--reuid=60013", "--regid=47120", "--clear-groups", "--"])
        .arg(assert_cmd::cargo::cargo_bin("iiz"))
        .args(["annehmen", &id, "--datum", "2024-01-11"])
        .env_clear()
        .env("IIZ_DATA_DIR", &daten)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, z, _) = als(
        60_011,
        gruppe,
        &daten,
        &["zeige", &id, "--verlauf", "--format", "json"],
    );
    let z: serde_json::Value = serde_json::from_str(&z).unwrap();
    assert_eq!(z["verlauf"][1]["benutzer"], "uid:60013", "{z}");
    assert_eq!(z["verlauf"][1]["konto"], "uid:60013");
    let (code, _, err) = als(60_011, gruppe, &daten, &["pruefen"]);
    assert_eq!(code, 0, "{err}");
}

/// In team mode exports and backups are 0640 and belong to the group (a member restores a
/// backup another made), nobody else reads them (issue #25 item 2).
#[test]
fn sicherung_und_export_der_gruppe() {
    let root = unsafe { libc::geteuid() } == 0;
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !root || !setpriv {
        eprintln!(
            "SKIP sicherung_und_export_der_gruppe: braucht root und setpriv (util-linux), um als zweites Konto zu arbeiten"
        );
        return;
    }
    let basis = tempfile::tempdir().unwrap();
    std::fs::set_permissions(basis.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let daten = basis.path().join("register");
    let gruppe = 47_130;
    let mut a: Vec<&str> = vec!["--gruppe", "47130"];
    let antrag = antrag_args(&[("--ahv", &ahv(979_021))]);
    a.extend(antrag.iter().map(String::as_str));
    let (code, _, err) = als(60_021, gruppe, &daten, &a);
    assert_eq!(code, 0, "{err}");
    let aussen = basis.path().join("aussen");
    std::fs::create_dir(&aussen).unwrap();
    std::fs::set_permissions(&aussen, std::fs::Permissions::from_mode(0o777)).unwrap();
    let archiv = aussen.join("iiz.tar");
    let (code, _, err) = als(
        60_021,
        gruppe,
        &daten,
        &["sicherung", archiv.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let m = std::fs::metadata(&archiv).unwrap();
    assert_eq!(m.permissions().mode() & 0o777, 0o640);
    assert_eq!(m.gid(), gruppe);
    let export = aussen.join("export");
    let (code, _, err) = als(
        60_021,
        gruppe,
        &daten,
        &["export", "--ausgabe", export.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let m = std::fs::metadata(&export).unwrap();
    assert_eq!((m.permissions().mode() & 0o777, m.gid()), (0o750, gruppe));
    for f in ["faelle.csv", "ereignisse.csv"] {
        let m = std::fs::metadata(export.join(f)).unwrap();
        assert_eq!(
            (m.permissions().mode() & 0o777, m.gid()),
            (0o640, gruppe),
            "{f}"
        );
    }
    // Another member restores it and works with it; someone outside cannot read it.
    let zurueck = aussen.join("zurueck");
    std::fs::create_dir(&zurueck).unwrap();
    std::fs::set_permissions(&zurueck, std::fs::Permissions::from_mode(0o777)).unwrap();
    let tar = |uid: u32, gid: u32| {
        Command::new("setpriv")
            .args([
                &format!("--reuid={uid}"),
                &format!("--regid={gid}"),
                "--clear-groups",
                "--",
                "tar",
                "-xf",
            ])
            .arg(&archiv)
            .arg("-C")
            .arg(&zurueck)
            .output()
            .unwrap()
    };
    let fremd = tar(60_023, 47_131);
    assert!(
        !fremd.status.success(),
        "someone outside the group read the backup"
    );
    let mitglied = tar(60_022, gruppe);
    assert!(
        mitglied.status.success(),
        "{}",
        String::from_utf8_lossy(&mitglied.stderr)
    );
    let (code, _, err) = als(60_022, gruppe, &zurueck, &["pruefen"]);
    assert_eq!(code, 0, "{err}");
}
