//! Missing required values: asked for on a terminal (dialoguer), named in one error
//! (exit 2) otherwise. Also the input limits every text field must meet.

use crate::fehler::Fehler;
use crate::prozess::optima::regeln;
use chrono::NaiveDate;
use clap::ValueEnum;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, Select};
use std::fmt::{self, Write};
use std::io::IsTerminal;

/// Tab at an office prompt: the one name of the directory that begins with what is typed
/// (compared folded: "sozi" finds "Sozialdienst Emmen"), else the longest beginning all
/// such names share.
struct Stellennamen<'a>(&'a [String]);

impl dialoguer::Completion for Stellennamen<'_> {
    fn get(&self, eingabe: &str) -> Option<String> {
        ergaenzen(self.0, eingabe)
    }
}

pub fn ergaenzen(namen: &[String], eingabe: &str) -> Option<String> {
    use crate::prozess::stellen::schluessel;
    let k = schluessel(eingabe);
    if k.is_empty() {
        return None;
    }
    let passend: Vec<&String> = namen
        .iter()
        .filter(|n| schluessel(n).starts_with(&k))
        .collect();
    let erste = passend.first()?;
    let gemeinsam: String = erste
        .chars()
        .enumerate()
        .take_while(|(i, c)| passend.iter().all(|n| n.chars().nth(*i) == Some(*c)))
        .map(|(_, c)| c)
        .collect();
    (gemeinsam.chars().count() >= eingabe.chars().count()).then_some(gemeinsam)
}

/// Longest text a field may hold.
pub const TEXT_MAX: usize = 10_000;

/// Refuses oversized text and control characters (they would garble journals and terminals).
pub fn text_pruefen(flag: &str, wert: Option<&str>) -> Result<(), Fehler> {
    let Some(t) = wert else { return Ok(()) };
    if t.chars().count() > TEXT_MAX {
        return Err(Fehler::Nutzung(format!(
            "{flag} ist zu lang ({} Zeichen) – höchstens {TEXT_MAX} Zeichen erfassen.",
            t.chars().count()
        )));
    }
    if t.chars().any(char::is_control) {
        return Err(Fehler::Nutzung(format!(
            "{flag} enthält Steuerzeichen (z. B. Zeilenumbruch oder Tabulator) – nur druckbaren Text erfassen."
        )));
    }
    if t.chars().any(crate::ausgabe::unsichtbar) {
        return Err(Fehler::Nutzung(format!(
            "{flag} enthält unsichtbare Richtungs- oder Nullbreite-Zeichen – den Text neu eintippen statt einfügen."
        )));
    }
    Ok(())
}

fn abgebrochen(_: dialoguer::Error) -> Fehler {
    Fehler::Nutzung("Eingabe abgebrochen – nichts gespeichert.".into())
}

/// A dialoguer theme in German: error prefix and yes/no. Everything else as the inner theme.
struct Deutsch {
    innen: Box<dyn Theme>,
    farbig: bool,
}

impl Theme for Deutsch {
    fn format_prompt(&self, f: &mut dyn Write, prompt: &str) -> fmt::Result {
        self.innen.format_prompt(f, prompt)
    }
    fn format_error(&self, f: &mut dyn Write, err: &str) -> fmt::Result {
        if self.farbig {
            self.innen.format_error(f, err)
        } else {
            write!(f, "Fehler: {err}")
        }
    }
    fn format_confirm_prompt(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        default: Option<bool>,
    ) -> fmt::Result {
        let wahl = match default {
            Some(true) => "[Y = ja / n = nein]",
            Some(false) => "[y = ja / N = nein]",
            None => "[y = ja / n = nein]",
        };
        write!(f, "{prompt} {wahl} ")
    }
    fn format_confirm_prompt_selection(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        sel: Option<bool>,
    ) -> fmt::Result {
        let antwort = match sel {
            Some(true) => "ja",
            Some(false) => "nein",
            None => "",
        };
        write!(f, "{prompt} {antwort}")
    }
    fn format_input_prompt(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        default: Option<&str>,
    ) -> fmt::Result {
        self.innen.format_input_prompt(f, prompt, default)
    }
    fn format_input_prompt_selection(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.innen.format_input_prompt_selection(f, prompt, sel)
    }
    fn format_select_prompt(&self, f: &mut dyn Write, prompt: &str) -> fmt::Result {
        self.innen.format_select_prompt(f, prompt)
    }
    fn format_select_prompt_selection(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.innen.format_select_prompt_selection(f, prompt, sel)
    }
    fn format_select_prompt_item(
        &self,
        f: &mut dyn Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.innen.format_select_prompt_item(f, text, active)
    }
}

/// A selection hides the cursor; Ctrl-C ends the process in the middle of it. The handler
/// shows the cursor again and ends with the usual exit code 130 (it only writes and exits,
/// both safe in a signal handler). Nothing was written: prompts hold no lock and write
/// nothing before the summary is confirmed.
fn cursor_bei_abbruch_zeigen() {
    crate::speicher::plattform::sigint_abbruch(
        "\x1b[?25h\nAbgebrochen – nichts gespeichert.\n".as_bytes(),
    );
}

pub struct Nachfrage {
    interaktiv: bool,
    fehlend: Vec<&'static str>,
    /// Something was typed at a prompt: confirm a summary before writing.
    gefragt: bool,
}

impl Nachfrage {
    pub fn neu(interaktiv: bool) -> Nachfrage {
        if interaktiv {
            cursor_bei_abbruch_zeigen();
        }
        Nachfrage {
            interaktiv,
            fehlend: Vec::new(),
            gefragt: false,
        }
    }

    /// Colours only on a terminal and never with NO_COLOR; words in German.
    fn thema() -> Box<dyn Theme> {
        let farbig = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stderr().is_terminal();
        let innen: Box<dyn Theme> = if farbig {
            Box::new(ColorfulTheme {
                error_prefix: console::style("Fehler:".to_string()).for_stderr().red(),
                ..ColorfulTheme::default()
            })
        } else {
            Box::new(SimpleTheme)
        };
        Box::new(Deutsch { innen, farbig })
    }

    fn fehlt(&mut self, flag: &'static str) -> bool {
        if !self.interaktiv {
            self.fehlend.push(flag);
            return false;
        }
        self.gefragt = true;
        true
    }

    pub fn text(
        &mut self,
        wert: &mut Option<String>,
        flag: &'static str,
        frage: &str,
    ) -> Result<(), Fehler> {
        self.stelle(wert, flag, frage, &[])
    }

    /// An office's name; Tab completes it from the office directory (`namen`).
    pub fn stelle(
        &mut self,
        wert: &mut Option<String>,
        flag: &'static str,
        frage: &str,
        namen: &[String],
    ) -> Result<(), Fehler> {
        if wert.as_deref().is_some_and(|t| !t.trim().is_empty()) || !self.fehlt(flag) {
            return Ok(());
        }
        let ergaenzen = Stellennamen(namen);
        let frage = if namen.is_empty() {
            frage.to_string()
        } else {
            format!("{frage} (Tab ergänzt aus dem Stellenverzeichnis)")
        };
        let t: String = Input::with_theme(Self::thema().as_ref())
            .with_prompt(frage)
            .completion_with(&ergaenzen)
            .validate_with(|s: &String| -> Result<(), String> {
                if s.trim().is_empty() {
                    return Err("Bitte einen Text eingeben.".into());
                }
                text_pruefen(flag, Some(s)).map_err(|e| e.to_string())
            })
            .interact_text()
            .map_err(abgebrochen)?;
        *wert = Some(t.trim().to_string());
        Ok(())
    }

    /// A value asked for and checked as typed (asked again when invalid).
    fn geprueft<T>(
        &mut self,
        wert: &mut Option<T>,
        flag: &'static str,
        frage: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<(), Fehler> {
        if wert.is_some() || !self.fehlt(flag) {
            return Ok(());
        }
        let t: String = Input::with_theme(Self::thema().as_ref())
            .with_prompt(frage)
            .validate_with(|s: &String| parse(s).map(|_| ()))
            .interact_text()
            .map_err(abgebrochen)?;
        *wert = Some(parse(&t).map_err(Fehler::Nutzung)?);
        Ok(())
    }

    pub fn datum(
        &mut self,
        wert: &mut Option<NaiveDate>,
        flag: &'static str,
        frage: &str,
    ) -> Result<(), Fehler> {
        self.geprueft(
            wert,
            flag,
            &format!("{frage} (JJJJ-MM-TT)"),
            crate::cli::datum_parsen,
        )
    }

    pub fn ahv(
        &mut self,
        wert: &mut Option<String>,
        flag: &'static str,
        frage: &str,
    ) -> Result<(), Fehler> {
        self.geprueft(wert, flag, &format!("{frage} (756.XXXX.XXXX.XX)"), |s| {
            crate::prozess::person::ahv_pruefen(s).map_err(|e| e.to_string())
        })
    }

    pub fn betrag(
        &mut self,
        wert: &mut Option<String>,
        flag: &'static str,
        frage: &str,
    ) -> Result<(), Fehler> {
        self.geprueft(wert, flag, &format!("{frage} (CHF)"), |s| {
            regeln::betrag_parsen(s)
                .map(|_| s.trim().to_string())
                .map_err(|e| e.to_string())
        })
    }

    /// A selection from the values of an enum (institutions, reasons, outcomes).
    pub fn auswahl<T: ValueEnum + Clone>(
        &mut self,
        wert: &mut Option<T>,
        flag: &'static str,
        frage: &str,
    ) -> Result<(), Fehler> {
        if wert.is_some() || !self.fehlt(flag) {
            return Ok(());
        }
        let werte = T::value_variants();
        let namen: Vec<String> = werte
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|p| match p.get_help() {
                Some(h) => format!("{} – {h}", p.get_name()),
                None => p.get_name().to_string(),
            })
            .collect();
        let i = Select::with_theme(Self::thema().as_ref())
            .with_prompt(frage)
            .items(&namen)
            .default(0)
            .interact()
            .map_err(abgebrochen)?;
        *wert = Some(werte[i].clone());
        Ok(())
    }

    /// Several values of an enum (parties at the table); at least one.
    pub fn mehrere<T: ValueEnum + Clone>(
        &mut self,
        wert: &mut Vec<T>,
        flag: &'static str,
        frage: &str,
    ) -> Result<(), Fehler> {
        if !wert.is_empty() || !self.fehlt(flag) {
            return Ok(());
        }
        let werte = T::value_variants();
        let namen: Vec<String> = werte
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|p| match p.get_help() {
                Some(h) => format!("{} – {h}", p.get_name()),
                None => p.get_name().to_string(),
            })
            .collect();
        loop {
            let gewaehlt = dialoguer::MultiSelect::with_theme(Self::thema().as_ref())
                .with_prompt(format!("{frage} (Leertaste wählt, Enter bestätigt)"))
                .items(&namen)
                .interact()
                .map_err(abgebrochen)?;
            if !gewaehlt.is_empty() {
                *wert = gewaehlt.into_iter().map(|i| werte[i].clone()).collect();
                return Ok(());
            }
            eprintln!("Bitte mindestens einen Eintrag wählen.");
        }
    }

    /// A list of entries, one per line, each checked as typed; an empty line ends it.
    /// At least one when `pflicht`.
    pub fn eintraege<T>(
        &mut self,
        wert: &mut Vec<T>,
        flag: &'static str,
        frage: &str,
        pflicht: bool,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<(), Fehler> {
        if !wert.is_empty() {
            return Ok(());
        }
        if !self.interaktiv {
            if pflicht {
                self.fehlend.push(flag);
            }
            return Ok(());
        }
        self.gefragt = true;
        loop {
            let nr = wert.len() + 1;
            let t: String = Input::with_theme(Self::thema().as_ref())
                .with_prompt(format!("{frage} {nr} (leer = fertig)"))
                .allow_empty(true)
                .validate_with(|s: &String| -> Result<(), String> {
                    if s.trim().is_empty() {
                        return Ok(());
                    }
                    text_pruefen(flag, Some(s)).map_err(|e| e.to_string())?;
                    parse(s).map(|_| ())
                })
                .interact_text()
                .map_err(abgebrochen)?;
            if t.trim().is_empty() {
                if wert.is_empty() && pflicht {
                    eprintln!("Bitte mindestens einen Eintrag angeben.");
                    continue;
                }
                return Ok(());
            }
            wert.push(parse(&t).map_err(Fehler::Nutzung)?);
        }
    }

    /// A yes/no before an irreversible step (at a terminal only; scripts pass the command).
    pub fn sicher_fragen(&mut self, frage: &str) -> Result<(), Fehler> {
        if !self.interaktiv {
            return Ok(());
        }
        if Self::ja_nein(frage, None)? {
            Ok(())
        } else {
            Err(Fehler::Verneint("Abgebrochen – nichts gespeichert.".into()))
        }
    }

    /// A yes/no the rules require (consent, agreement): asked on a terminal when not given
    /// as a flag; otherwise left to the rules, which refuse with exit 3.
    pub fn bestaetigen(&mut self, wert: &mut bool, frage: &str) -> Result<(), Fehler> {
        if *wert || !self.interaktiv {
            return Ok(());
        }
        self.gefragt = true;
        *wert = Self::ja_nein(frage, None)?;
        Ok(())
    }

    /// A German yes/no: `j`, `ja`, `n`, `nein` (and `y`, `yes`, `no`), confirmed with Enter;
    /// an empty answer takes `standard` where there is one, else it is asked again (consent
    /// must never be given by a stray key).
    fn ja_nein(frage: &str, standard: Option<bool>) -> Result<bool, Fehler> {
        let deuten = |s: &str| match s.trim().to_lowercase().as_str() {
            "j" | "ja" | "y" | "yes" => Some(true),
            "n" | "nein" | "no" => Some(false),
            "" => standard,
            _ => None,
        };
        let hinweis = match standard {
            Some(true) => "[J/n]",
            Some(false) => "[j/N]",
            None => "[j/n]",
        };
        let antwort: String = Input::with_theme(Self::thema().as_ref())
            .with_prompt(format!("{frage} {hinweis}"))
            .allow_empty(true)
            .validate_with(|s: &String| -> Result<(), String> {
                deuten(s)
                    .map(|_| ())
                    .ok_or_else(|| "Bitte ja oder nein (j/n) eingeben.".to_string())
            })
            .interact_text()
            .map_err(abgebrochen)?;
        deuten(&antwort)
            .ok_or_else(|| Fehler::Nutzung("Keine Antwort – nichts gespeichert.".into()))
    }

    /// Ends the questions: every flag still missing is named in one error.
    pub fn fertig(&mut self) -> Result<(), Fehler> {
        if self.fehlend.is_empty() {
            return Ok(());
        }
        Err(Fehler::Nutzung(format!(
            "Es fehlen Angaben: {} – bitte angeben (im Terminal ohne --no-input wird danach gefragt).",
            self.fehlend.join(", ")
        )))
    }

    /// A correction at a terminal: the summary with what changes is confirmed before
    /// writing, even when nothing had to be asked.
    pub fn zeigen(&mut self) {
        self.gefragt |= self.interaktiv;
    }

    /// Whether anything was asked (then a summary is confirmed before writing).
    pub fn hat_gefragt(&self) -> bool {
        self.gefragt
    }

    /// A choice between a few answers (index of the one taken).
    pub fn wahl(&mut self, frage: &str, antworten: &[&str]) -> Result<usize, Fehler> {
        self.gefragt = true;
        Select::with_theme(Self::thema().as_ref())
            .with_prompt(frage)
            .items(antworten)
            .default(0)
            .interact()
            .map_err(abgebrochen)
    }

    /// After prompts, shows what will be recorded and asks before writing.
    pub fn zusammenfassung<K: AsRef<str>>(&self, zeilen: &[(K, String)]) -> Result<(), Fehler> {
        if !self.gefragt {
            return Ok(());
        }
        eprintln!();
        for (k, v) in zeilen {
            eprintln!("  {:<22} {v}", k.as_ref());
        }
        let ok = Self::ja_nein("So erfassen?", Some(true))?;
        if ok {
            Ok(())
        } else {
            Err(Fehler::Verneint(
                "Nicht erfasst – nichts gespeichert.".into(),
            ))
        }
    }
}

impl crate::vorgang::Rueckfrage for Nachfrage {
    fn hat_gefragt(&self) -> bool {
        self.gefragt
    }

    fn bestaetigen(&self, zeilen: &[(&str, String)]) -> Result<(), Fehler> {
        self.zusammenfassung(zeilen)
    }

    fn frage(&self, frage: &str) -> Result<Option<bool>, Fehler> {
        if !self.interaktiv {
            return Ok(None);
        }
        Self::ja_nein(frage, None).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::ergaenzen;

    #[test]
    fn tab_ergaenzt_stellen() {
        let namen: Vec<String> = ["Sozialdienst Emmen", "Sozialdienst Kriens", "RAV Luzern"]
            .map(String::from)
            .to_vec();
        assert_eq!(ergaenzen(&namen, "rav").as_deref(), Some("RAV Luzern"));
        assert_eq!(
            ergaenzen(&namen, "Sozialdienst E").as_deref(),
            Some("Sozialdienst Emmen")
        );
        // Two candidates: what they share.
        assert_eq!(ergaenzen(&namen, "Sozi").as_deref(), Some("Sozialdienst "));
        assert_eq!(ergaenzen(&namen, "IV"), None);
        assert_eq!(ergaenzen(&namen, ""), None);
        assert_eq!(ergaenzen(&[], "Sozi"), None);
    }
}
