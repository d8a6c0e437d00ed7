//! The document the office sends to the participants after a Roundtable (annual report 2023,
//! line 100–106: "Analyse/Handlungsplan", "Standortanalyse und Ziel- und Handlungsplan"):
//! one meeting's analysis, goals and tasks, as one self-contained HTML page (A4 print CSS,
//! nothing loaded from the network) or Markdown.

use super::{datum_text, html};
use crate::prozess::roundtable::*;

/// What a document shows beyond the case: the person's name (from the person store, or
/// `None` when erased) and the office's header (a fragment from the data directory).
pub struct Rahmen<'a> {
    pub person: Option<String>,
    pub briefkopf: Option<&'a str>,
    pub erstellt: chrono::NaiveDate,
}

/// The standard header when the data directory has no `rt-briefkopf.html`.
pub const BRIEFKOPF: &str = "IIZ-Koordinationsstelle des Kantons Luzern<br>c/o WAS Wirtschaft Arbeit Soziales, IV Luzern<br>Ländenbergstrasse 35, 6002 Luzern";

struct Inhalt<'a> {
    g: &'a GespraechStand,
    aufgaben: Vec<&'a AufgabeStand>,
    fruehere: Vec<&'a AufgabeStand>,
}

fn inhalt(f: &Fall, nr: u32) -> Option<Inhalt<'_>> {
    let g = f.gespraech(nr)?;
    Some(Inhalt {
        g,
        aufgaben: f.aufgaben.iter().filter(|a| a.gespraech == nr).collect(),
        fruehere: f
            .aufgaben
            .iter()
            .filter(|a| a.gespraech < nr && a.erledigt.is_none_or(|d| d > g.datum))
            .collect(),
    })
}

/// The case management as it stood at the meeting.
fn fallfuehrung(g: &GespraechStand) -> String {
    match (g.fallfuehrung, &g.fallfuehrung_person) {
        (Some(s), Some(p)) => format!("{} ({p})", s.bezeichnung()),
        (Some(s), None) => s.bezeichnung().to_string(),
        _ => "–".into(),
    }
}

/// Markdown; `None` when the case has no meeting `nr`.
pub fn markdown(f: &Fall, nr: u32, r: &Rahmen) -> Option<String> {
    let i = inhalt(f, nr)?;
    let mut s = String::new();
    s.push_str("# Roundtable – Standortanalyse und Ziel- und Handlungsplan\n\n");
    s.push_str(&format!("- Fall: {}\n", f.fall));
    s.push_str(&format!(
        "- Gespräch Nr. {} vom {}\n",
        nr,
        datum_text(Some(i.g.datum))
    ));
    s.push_str(&format!(
        "- Person: {}\n",
        r.person.as_deref().unwrap_or("(Personendaten gelöscht)")
    ));
    s.push_str(&format!("- Teilnehmende: {}\n", i.g.teilnehmer.join(", ")));
    s.push_str(&format!("- Fallführung: {}\n\n", fallfuehrung(i.g)));
    s.push_str("## Standortanalyse\n\n");
    s.push_str(i.g.analyse.as_deref().unwrap_or("–"));
    s.push_str("\n\n## Ziele\n\n");
    s.push_str(i.g.ziele.as_deref().unwrap_or("–"));
    s.push_str("\n\n## Handlungsplan\n\n| Nr | Was | Wer | Bis |\n|---|---|---|---|\n");
    for a in i.aufgaben.iter().chain(&i.fruehere) {
        let zelle = |t: &str| t.replace('|', "\\|").replace('\n', " ");
        s.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            a.nr,
            zelle(&a.was),
            zelle(&a.wer),
            datum_text(Some(a.bis))
        ));
    }
    if let Some(n) = i.g.naechstes_gespraech {
        s.push_str(&format!("\nNächstes Gespräch: {}\n", datum_text(Some(n))));
    }
    s.push_str(&format!(
        "\nErstellt am {}.\n",
        datum_text(Some(r.erstellt))
    ));
    Some(s)
}

/// One self-contained HTML page for A4; `None` when the case has no meeting `nr`.
pub fn html_seite(f: &Fall, nr: u32, r: &Rahmen) -> Option<String> {
    let i = inhalt(f, nr)?;
    let absatz = |t: Option<&str>| -> String {
        match t {
            Some(t) => t
                .split('\n')
                .map(|z| format!("<p>{}</p>", html(z)))
                .collect::<String>(),
            None => "<p>–</p>".into(),
        }
    };
    let mut zeilen = String::new();
    for a in i.aufgaben.iter().chain(&i.fruehere) {
        zeilen.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            a.nr,
            html(&a.was),
            html(&a.wer),
            datum_text(Some(a.bis))
        ));
    }
    let naechstes =
        i.g.naechstes_gespraech
            .map(|n| {
                format!(
                    "<p><strong>Nächstes Gespräch:</strong> {}</p>",
                    datum_text(Some(n))
                )
            })
            .unwrap_or_default();
    Some(format!(
        r#"<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roundtable {fall} – Standortanalyse und Ziel- und Handlungsplan</title>
<style>
@page {{ size: A4; margin: 18mm 18mm 20mm 20mm; }}
body {{ font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; max-width: 170mm; margin: 0 auto; }}
header {{ border-bottom: 1px solid #444; padding-bottom: 4mm; margin-bottom: 6mm; font-size: 9pt; }}
h1 {{ font-size: 15pt; margin: 0 0 4mm 0; }}
h2 {{ font-size: 12pt; margin: 6mm 0 2mm 0; }}
dl {{ display: grid; grid-template-columns: 38mm 1fr; gap: 1mm 4mm; margin: 0; }}
dt {{ font-weight: bold; }}
dd {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #888; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }}
th {{ background: #eee; }}
tr {{ break-inside: avoid; }}
footer {{ margin-top: 8mm; font-size: 8.5pt; color: #555; }}
@media print {{ body {{ max-width: none; }} }}
</style>
</head>
<body>
<header>{briefkopf}</header>
<h1>Roundtable – Standortanalyse und Ziel- und Handlungsplan</h1>
<dl>
<dt>Fall</dt><dd>{fall}</dd>
<dt>Gespräch</dt><dd>Nr. {nr} vom {datum}</dd>
<dt>Person</dt><dd>{person}</dd>
<dt>Teilnehmende</dt><dd>{teilnehmer}</dd>
<dt>Fallführung</dt><dd>{fallfuehrung}</dd>
</dl>
<h2>Standortanalyse</h2>
{analyse}
<h2>Ziele</h2>
{ziele}
<h2>Handlungsplan</h2>
<table>
<thead><tr><th>Nr</th><th>Was</th><th>Wer</th><th>Bis</th></tr></thead>
<tbody>
{zeilen}</tbody>
</table>
{naechstes}
<footer>Erstellt am {erstellt} durch die IIZ-Koordinationsstelle. Vertraulich – nur für die Teilnehmenden des Roundtables.</footer>
</body>
</html>
"#,
        fall = html(&f.fall),
        briefkopf = r.briefkopf.unwrap_or(BRIEFKOPF),
        nr = nr,
        datum = datum_text(Some(i.g.datum)),
        person = html(r.person.as_deref().unwrap_or("(Personendaten gelöscht)")),
        teilnehmer = html(&i.g.teilnehmer.join(", ")),
        fallfuehrung = html(&fallfuehrung(i.g)),
        analyse = absatz(i.g.analyse.as_deref()),
        ziele = absatz(i.g.ziele.as_deref()),
        zeilen = zeilen,
        naechstes = naechstes,
        erstellt = datum_text(Some(r.erstellt)),
    ))
}
