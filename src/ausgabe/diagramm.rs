//! Bar charts as inline SVG (plotters, SVG backend only: no fonts, no files, no network).
//! A suppressed small group keeps its place on the axis, labelled "< 3", without a bar.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const BREITE: u32 = 640;
const HOEHE: u32 = 300;

/// An SVG bar chart of `werte` (`None`: a small group, shown without a bar). Text in the
/// chart comes from the groups' names and is escaped by the backend.
pub fn balken(titel: &str, werte: &[(String, Option<u64>)]) -> String {
    let mut svg = String::new();
    // Nothing registered yet: the table says so; an empty axis would say nothing.
    if werte.is_empty() {
        return String::new();
    }
    if zeichnen(&mut svg, werte).is_none() {
        // A chart is an illustration of the table beside it; without it the table stands.
        return String::new();
    }
    // The chart is described by its caption and the table (figure aria-labelledby).
    svg.replacen(
        "<svg ",
        &format!(
            "<svg role=\"img\" aria-label=\"{}\" ",
            super::html(&format!("Diagramm: {titel}"))
        ),
        1,
    )
}

fn zeichnen(svg: &mut String, werte: &[(String, Option<u64>)]) -> Option<()> {
    let root = SVGBackend::with_string(svg, (BREITE, HOEHE)).into_drawing_area();
    root.fill(&WHITE).ok()?;
    let n = werte.len().max(1) as u32;
    let max = werte.iter().filter_map(|(_, w)| *w).max().unwrap_or(0);
    // Room above the highest bar for its label.
    let oben = (max + max / 8 + 1).max(3) as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(if n > 8 { 44 } else { 28 })
        .y_label_area_size(36)
        .build_cartesian_2d((0u32..n).into_segmented(), 0f64..oben)
        .ok()?;
    let namen: Vec<String> = werte.iter().map(|(g, _)| g.clone()).collect();
    let klein = format!("< {}", crate::prozess::gruppen::KLEIN);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(5)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_labels(namen.len().max(2))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => namen.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_style(("sans-serif", if n > 8 { 11 } else { 13 }).into_font())
        .draw()
        .ok()?;
    let farbe = RGBColor(0x1f, 0x5a, 0x96);
    chart
        .draw_series(werte.iter().enumerate().filter_map(|(i, (_, w))| {
            let i = i as u32;
            w.map(|w| {
                let mut r = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), w as f64),
                    ],
                    farbe.filled(),
                );
                r.set_margin(0, 0, 6, 6);
                r
            })
        }))
        .ok()?;
    // The value above each bar; "< 3" where a small group stands.
    chart
        .draw_series(werte.iter().enumerate().map(|(i, (_, w))| {
            let text = w.map_or(klein.clone(), |w| w.to_string());
            let hoehe = w.unwrap_or(0) as f64;
            Text::new(
                text,
                (SegmentValue::CenterOf(i as u32), hoehe + oben * 0.02),
                TextStyle::from(("sans-serif", 12).into_font())
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))
        .ok()?;
    root.present().ok()?;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balken_je_gruppe_und_kleine_ohne_balken() {
        let svg = balken(
            "Geschlecht",
            &[
                ("Frauen".into(), Some(10)),
                ("Männer".into(), Some(5)),
                ("divers".into(), None),
            ],
        );
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"Diagramm: Geschlecht\""));
        let balken = svg.matches("fill=\"#1F5A96\"").count();
        assert_eq!(balken, 2, "{svg}");
        assert!(svg.contains("&lt; 3") || svg.contains("< 3"));
        assert!(svg.contains("Frauen") && svg.contains(">\n10\n<") || svg.contains(">10<"));
    }

    #[test]
    fn leere_einzelne_und_grosse_reihen() {
        assert_eq!(balken("X", &[]), "");
        for werte in [
            vec![("2023".to_string(), Some(0))],
            vec![("2023".to_string(), Some(1))],
            vec![("a".to_string(), None)],
            (2009..2024)
                .map(|j| (j.to_string(), Some(j as u64 * 1000)))
                .collect(),
        ] {
            let svg = balken("X", &werte);
            assert!(svg.starts_with("<svg"), "{werte:?}");
        }
    }

    #[test]
    fn feindliche_namen_werden_maskiert() {
        let svg = balken("X", &[("<script>alert(1)</script>".into(), Some(3))]);
        assert!(!svg.contains("<script>"), "{svg}");
    }
}
