//! Damaged journals a reader went past. The application layer does not print: it collects
//! each warning and hands its sentence to a sink the caller gives (the command line passes
//! `ausgabe::warnung`, which writes it to stderr). Collected, so that `--streng` can turn
//! the run into exit 5 and JSON output can name them. Shared by the reader threads.

use std::sync::{Arc, Mutex};

use crate::speicher::kette::Inhalt;

/// A damaged journal a reader went past (for the JSON of `liste`, `pendenzen`, `report`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Warnung {
    pub fall: String,
    pub problem: String,
}

/// Where the sentence of a warning goes as it happens.
pub type Melder = Arc<dyn Fn(&str) + Send + Sync>;

pub struct Warnungen {
    liste: Mutex<Vec<Warnung>>,
    melder: Melder,
}

impl Default for Warnungen {
    /// Collects only (a library caller that reads the list itself).
    fn default() -> Warnungen {
        Warnungen::neu(Arc::new(|_: &str| {}))
    }
}

impl Warnungen {
    pub fn neu(melder: Melder) -> Warnungen {
        Warnungen {
            liste: Mutex::new(Vec::new()),
            melder,
        }
    }

    /// The sink, for a second environment of the same run (the dry run of `import`).
    pub fn melder(&self) -> Melder {
        self.melder.clone()
    }

    /// A damaged journal a reader went past: said at once and kept.
    pub fn melden(&self, id: &str, text: impl std::fmt::Display) {
        let problem = text.to_string();
        (self.melder)(&problem);
        self.liste
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Warnung {
                fall: id.to_string(),
                problem,
            });
    }

    /// A journal whose last line is torn (a write that was cut off): the complete part is
    /// read, and that is said.
    pub fn wenn_zerrissen(&self, id: &str, inhalt: &Inhalt) {
        if inhalt.ist_zerrissen() {
            self.melden(
                id,
                format_args!(
                    "Das Journal von Fall {id} hat eine unvollständige letzte Zeile; angezeigt wird der vollständige Teil – 'iiz pruefen --reparieren' ausführen."
                ),
            );
        }
    }

    /// How many damaged journals this run went past.
    pub fn anzahl(&self) -> usize {
        self.liste.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// The damaged journals this run went past, by case.
    pub fn liste(&self) -> Vec<Warnung> {
        let mut w = self.liste.lock().unwrap_or_else(|e| e.into_inner()).clone();
        w.sort_by(|x, y| x.fall.cmp(&y.fall));
        w
    }

    /// A reader's JSON with the damaged journals it went past: an object gets
    /// `"warnungen"` (only when there are some, so the usual shape stays), a list one row
    /// per damaged journal with status `beschädigt`.
    pub fn in_json(&self, wert: impl serde::Serialize) -> serde_json::Value {
        let mut v = serde_json::to_value(wert).unwrap_or(serde_json::Value::Null);
        let w = self.liste();
        if w.is_empty() {
            return v;
        }
        match &mut v {
            serde_json::Value::Object(m) => {
                m.insert("warnungen".into(), serde_json::json!(w));
            }
            serde_json::Value::Array(a) => {
                for x in w {
                    a.push(serde_json::json!({"fall": x.fall, "status": "beschädigt", "warnung": x.problem}));
                }
            }
            _ => {}
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gesammelt_gemeldet_und_im_json() {
        let gesagt = Arc::new(Mutex::new(Vec::<String>::new()));
        let g = gesagt.clone();
        let w = Warnungen::neu(Arc::new(move |t: &str| {
            g.lock().unwrap().push(t.to_string())
        }));
        assert_eq!(w.anzahl(), 0);
        assert_eq!(
            w.in_json(serde_json::json!({"a": 1})),
            serde_json::json!({"a": 1})
        );
        w.melden("RT-2024-002", "kaputt");
        w.melden("OPT-2024-001", "auch");
        w.wenn_zerrissen("OPT-2024-003", &Inhalt::aus_bytes(b"{}\n{\"nr\"".to_vec()));
        w.wenn_zerrissen("OPT-2024-004", &Inhalt::aus_bytes(b"{}\n".to_vec()));
        assert_eq!(w.anzahl(), 3);
        assert_eq!(gesagt.lock().unwrap().len(), 3);
        let faelle: Vec<String> = w.liste().into_iter().map(|x| x.fall).collect();
        assert_eq!(faelle, ["OPT-2024-001", "OPT-2024-003", "RT-2024-002"]);
        let v = w.in_json(serde_json::json!({"a": 1}));
        assert_eq!(v["warnungen"].as_array().unwrap().len(), 3);
        let v = w.in_json(serde_json::json!([{"fall": "x"}]));
        assert_eq!(v.as_array().unwrap().len(), 4);
        assert_eq!(v[1]["status"], "beschädigt");
    }
}
