//! `iiz versand FALL --dokument ART[:NR] --an TEXT …`: records that a document was sent, to
//! whom, with the SHA-256 of the exact HTML `iiz dokument` (or `iiz rt dokument`) draws now
//! (spec §14). `iiz dokument --pruefen DATEI` later names the dispatch a file is.

use super::Umgebung;
use super::dokument::{Wahl, erstellen, html};
use crate::ausgabe;
use crate::cli::{VersandArgs, eingabe};
use crate::fehler::Fehler;
use crate::prozess::korrektur::Versand;
use crate::prozess::{Angebot, MitProzess, Prozess};
use crate::vorgang;

pub fn ausfuehren(u: &Umgebung, a: VersandArgs) -> Result<(), Fehler> {
    let wahl = Wahl::parsen(&a.dokument)?;
    for an in &a.an {
        eingabe::text_pruefen("--an", Some(an))?;
        if an.trim().is_empty() {
            return Err(Fehler::Nutzung(
                "--an darf nicht leer sein – die Empfängerin oder den Empfänger nennen.".into(),
            ));
        }
    }
    let angebot = vorgang::angebot(&a.fall)?;
    match (&wahl, angebot) {
        (Wahl::Plan(_), Angebot::Roundtable) | (Wahl::Optima(..), Angebot::Optima) => {}
        _ => {
            return Err(Fehler::Nutzung(format!(
                "--dokument {} gehört nicht zu Fall {} – Optima: uebergabe, kostengutsprache:NR, befreiung, standort:NR, abschluss; Roundtable: plan:NR.",
                ausgabe::sicher(&a.dokument),
                a.fall
            )));
        }
    }
    let e = erstellen(u, &a.fall, &wahl, &a.beilage)?;
    let sha256 = ausgabe::datei::sha256(html(u, &e.dokument)?.as_bytes());
    let versand = Versand {
        dokument: e.name.clone(),
        an: a.an.iter().map(|t| t.trim().to_string()).collect(),
        sha256: sha256.clone(),
    };
    struct Erfassen<'a>(&'a Umgebung, &'a VersandArgs, chrono::NaiveDate, Versand);
    impl MitProzess for Erfassen<'_> {
        type Aus = Result<(), Fehler>;
        fn mit<P: Prozess>(self) -> Self::Aus {
            vorgang::versand_erfassen::<P>(self.0, &self.1.fall, self.1.datum, self.2, self.3)
        }
    }
    angebot.mit(Erfassen(u, &a, e.dokument.datum, versand))?;
    let meldung = format!(
        "Versand von {} zu Fall {} an {} festgehalten (SHA-256 {}…).",
        e.name,
        a.fall,
        a.an.join(", "),
        &sha256[..16]
    );
    if u.format == ausgabe::Format::Json {
        return ausgabe::json(&serde_json::json!({
            "fall": a.fall, "dokument": e.name, "sha256": sha256, "meldung": meldung,
        }));
    }
    ausgabe::zeile(meldung)
}
