//! In-process tests of the application layer: the whole-register read, its warnings, the
//! checks, the dry run. The commands' behaviour is tested through the binary in `tests/`.

#[cfg(test)]
use super::*;
use crate::prozess::roundtable::Roundtable;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

fn heute() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// A register with the Roundtable examples of 2023, and the messages its warnings said.
fn register() -> (tempfile::TempDir, Umgebung, Arc<Mutex<Vec<String>>>) {
    let dir = tempfile::tempdir().unwrap();
    let gesagt = Arc::new(Mutex::new(Vec::new()));
    let g = gesagt.clone();
    let u = Umgebung::neu(
        dir.path().join("reg"),
        "test".into(),
        Format::Json,
        false,
        heute(),
    )
    .mit_melder(Arc::new(move |t: &str| {
        g.lock().unwrap().push(t.to_string())
    }));
    let beispiel = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/roundtable-2023.jsonl"
    ))
    .unwrap();
    crate::commands::import::einlesen(&u, &beispiel, &mut Vec::new()).unwrap();
    u.stapel_abschliessen().unwrap();
    (dir, u, gesagt)
}

fn dateien(d: &std::path::Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut m = BTreeMap::new();
    let mut stapel = vec![d.to_path_buf()];
    while let Some(p) = stapel.pop() {
        for e in std::fs::read_dir(&p).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stapel.push(e.path());
            } else {
                m.insert(e.path(), std::fs::read(e.path()).unwrap());
            }
        }
    }
    m
}

/// How many Roundtable cases the whole-register read hands on.
fn gelesen(u: &Umgebung) -> usize {
    alle::<Roundtable, _>(
        u,
        "im Test",
        || 0usize,
        |n, _, _| {
            *n += 1;
            Ok(())
        },
    )
    .unwrap()
    .into_iter()
    .sum()
}

#[test]
fn alle_meldet_unlesbares_einheitlich_und_laesst_es_aus() {
    let (dir, u, gesagt) = register();
    let faelle = dir.path().join("reg/faelle");
    let n = gelesen(&u);
    assert!(n >= 5, "{n}");
    assert_eq!(u.warnungen.anzahl(), 0);
    let mut journale: Vec<PathBuf> = std::fs::read_dir(&faelle)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("RT-"))
        .collect();
    journale.sort();
    // One journal with a torn last line (read up to it, said), one with a line changed
    // behind iiz's back (left out, said), one that is no file at all (left out, said).
    let mut zerrissen = std::fs::read(&journale[0]).unwrap();
    zerrissen.extend_from_slice(b"{\"nr\":");
    std::fs::write(&journale[0], zerrissen).unwrap();
    let text = std::fs::read_to_string(&journale[1]).unwrap();
    std::fs::write(
        &journale[1],
        text.replacen("\"datum\":\"20", "\"datum\":\"19", 1),
    )
    .unwrap();
    std::fs::remove_file(&journale[2]).unwrap();
    std::fs::create_dir(&journale[2]).unwrap();
    assert_eq!(gelesen(&u), n - 2);
    assert_eq!(u.warnungen.anzahl(), 3);
    let gesagt = gesagt.lock().unwrap().join("\n");
    assert!(gesagt.contains("unvollständige letzte Zeile"), "{gesagt}");
    assert!(gesagt.contains("der Fall fehlt im Test"), "{gesagt}");
    assert!(gesagt.contains("Verzeichnis"), "{gesagt}");
    let liste: Vec<String> = u.warnungen.liste().into_iter().map(|w| w.fall).collect();
    let mut sortiert = liste.clone();
    sortiert.sort();
    assert_eq!(liste, sortiert, "by case");
}

#[test]
fn pruefen_findet_nichts_in_einem_sauberen_register_und_die_aenderung_in_einem_veraenderten() {
    let (dir, u, _) = register();
    let b = register_pruefen(&u, false, None, &[]).unwrap().unwrap();
    assert!(b.befunde.is_empty(), "{:?}", b.befunde);
    assert!(b.journale >= 5);
    assert!(b.stand.is_some());
    let j = std::fs::read_dir(dir.path().join("reg/faelle"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("RT-"))
        .unwrap();
    let text = std::fs::read_to_string(&j).unwrap();
    std::fs::write(&j, text.replacen("\"datum\":\"20", "\"datum\":\"19", 1)).unwrap();
    let b = register_pruefen(&u, false, None, &[]).unwrap().unwrap();
    assert!(
        b.befunde.iter().any(|x| x.pruefung == "kette"),
        "{:?}",
        b.befunde
    );
    let nur_regeln = register_pruefen(&u, false, None, &[Pruefung::Regeln])
        .unwrap()
        .unwrap();
    assert!(nur_regeln.befunde.is_empty(), "{:?}", nur_regeln.befunde);
}

#[test]
fn probelauf_laesst_das_register_wie_es_ist() {
    let (dir, u, _) = register();
    let vorher = dateien(&dir.path().join("reg"));
    let zeile = br#"{"op":"rt-anmeldung","anmeldende_stelle":"iv","name":"Probe","vorname":"Paula","ahv":"756.0009.9000.13","beteiligte":"iv,rav","anliegen":"Test","einverstaendnis":true,"datum":"2024-01-10"}"#;
    let fehler = probelauf(&u, |p| {
        crate::commands::import::einlesen(p, zeile, &mut Vec::new())
    })
    .unwrap();
    assert_eq!(fehler, 0);
    assert!(
        vorher == dateien(&dir.path().join("reg")),
        "register changed"
    );
    // No copy left beside it.
    assert!(
        !std::fs::read_dir(dir.path().join("reg"))
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".pruefen-"))
    );
}

#[test]
fn person_und_freitext_nur_mit_schluessel() {
    let (_dir, u, _) = register();
    let id = "RT-2022-001";
    let (akte, _) = akte_lesen(&u, id).unwrap();
    let blick = u.person_lesen(id, akte.person()).unwrap();
    assert!(blick.person.is_some());
    assert!(blick.liest_freitext());
    let leer = Personenblick::leer(id);
    let mut t = format!("{}abc", crate::speicher::freitext::PRAEFIX);
    leer.klartext(&mut t);
    assert_eq!(t, crate::speicher::freitext::GELOESCHT);
    assert!(hat_freitext(&format!(
        "x {}y",
        crate::speicher::freitext::PRAEFIX
    )));
    assert!(!hat_freitext("x"));
}
