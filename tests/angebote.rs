//! The registry of services (`Angebot::ALLE`): every registered service is in the import
//! (its opening op), in the export and in the annual report. A service added to the
//! registry but forgotten in one of them fails here.

use crate::common::*;
use iiz::prozess::Angebot;
use serde_json::Value;

#[test]
fn jedes_angebot_in_import_export_und_jahresbericht() {
    let r = Reg::neu();
    // One case of every registered service, from the service's own example line.
    let zeilen: String = Angebot::ALLE
        .iter()
        .map(|a| format!("{}\n", a.beispiel()))
        .collect();
    r.lauf_mit(&["import", "-"], &zeilen).ok();
    let dir = tempfile::tempdir().unwrap();
    let ziel = dir.path().join("export");
    r.lauf(&[
        "export",
        "--ausgabe",
        ziel.to_str().unwrap(),
        "--format",
        "jsonl",
    ])
    .ok();
    let faelle = std::fs::read_to_string(ziel.join("faelle.jsonl")).unwrap();
    let im_export: Vec<String> = faelle
        .lines()
        .map(|z| {
            serde_json::from_str::<Value>(z).unwrap()["angebot"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let bericht = r.json(&["jahresbericht", "--jahr", "2023"]);
    for a in Angebot::ALLE {
        assert!(
            im_export.iter().any(|x| x == a.name()),
            "{} fehlt im Export",
            a.name()
        );
        assert!(
            bericht.get(a.name()).is_some(),
            "{} fehlt im Jahresbericht: {bericht}",
            a.name()
        );
        // The opening op is an import op: a line without its fields is refused for a
        // missing field, not as an unknown op.
        let l = r.lauf_mit(
            &["import", "--pruefen", "-"],
            &format!("{{\"op\":\"{}\"}}\n", a.neu()),
        );
        assert_eq!(l.code, 3, "{}: {}", a.neu(), l.stdout);
        assert!(
            l.stdout.contains("Es fehlen Angaben") && !l.stdout.contains("unbekannter Vorgang"),
            "{} ist kein Import-Vorgang: {}",
            a.neu(),
            l.stdout
        );
    }
}
