//! One exit-code table (spec §16, issue #25 item 4): the README carries `iiz exitcodes`
//! word for word, `iiz help exitcodes` shows it, and a run ends with each code.

use crate::common::*;

#[test]
fn eine_tabelle_in_readme_und_hilfe() {
    let tabelle = iiz::fehler::EXIT_CODES;
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains(tabelle),
        "README weicht von iiz exitcodes ab"
    );
    let r = Reg::neu();
    assert_eq!(r.lauf(&["exitcodes"]).ok().stdout, tabelle);
    let hilfe = r.lauf(&["help", "exitcodes"]).ok().stdout;
    for code in ["0", "1", "2", "3", "4", "5", "130"] {
        assert!(hilfe.contains(&format!("| {code} |")), "{code}: {hilfe}");
        assert!(tabelle.contains(&format!("\n| {code} |")), "{code}");
    }
}

/// Each code of the table, once, from a real run (130: `terminal::strg_c_…`).
#[test]
fn jeder_code_kommt_vor() {
    let r = Reg::neu();
    let id = r.antrag("sh", "rav", 51, "2024-01-10");
    assert_eq!(r.lauf(&["liste"]).code, 0);
    // 1: the disk is full at the first write (nothing half written).
    let vorher = r.schnappschuss();
    let l = r
        .cmd()
        .env("IIZ_TEST_VOLL", "0")
        .args(["annehmen", &id, "--datum", "2024-01-11"])
        .output()
        .unwrap();
    assert_eq!(
        l.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&l.stderr)
    );
    assert!(vorher == r.schnappschuss());
    assert_eq!(r.lauf(&["annehmen", &id, "--nicht-da"]).code, 2);
    assert_eq!(
        r.lauf_v(&antrag_args(&[("--ahv", "756.1234.5678.90")]))
            .code,
        3
    );
    assert_eq!(r.lauf(&["zeige", "OPT-2024-099"]).code, 4);
    let journal = r.pfad().join("faelle").join(format!("{id}.jsonl"));
    let mut text = std::fs::read_to_string(&journal).unwrap();
    text.push_str("{kaputt}\n");
    std::fs::write(&journal, text).unwrap();
    assert_eq!(r.lauf(&["zeige", &id]).code, 5);
}
