//! Bar charts as inline SVG (plotters, SVG backend only: no fonts, no files, no network).
//! A hidden group keeps its place on the axis, labelled "< 3" or "X", without a bar.

use super::zelle::Zelle;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const BREITE: u32 = 560;
const HOEHE: u32 = 280;
/// How wide the annual report prints a chart (`figure svg` in `ausgabe::jahresbericht`).
pub const DRUCKBREITE_MM: f64 = 118.0;
/// Font size asked of plotters, which draws text at about 0.8 of it: 18 gives 14.5 px,
/// at [`DRUCKBREITE_MM`] for [`BREITE`] px about 3.1 mm = 8.7 pt on paper (at least 8 pt,
/// spec §14).
const SCHRIFT: u32 = 18;

/// An SVG bar chart of `werte` (a hidden group without a bar, its mark above the axis).
/// Text in the chart comes from the groups' names and is escaped by the backend.
pub fn balken(titel: &str, werte: &[(String, Zelle)]) -> String {
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

fn zeichnen(svg: &mut String, werte: &[(String, Zelle)]) -> Option<()> {
    let root = SVGBackend::with_string(svg, (BREITE, HOEHE)).into_drawing_area();
    root.fill(&WHITE).ok()?;
    let n = werte.len().max(1);
    let max = werte
        .iter()
        .filter_map(|(_, w)| w.zahl())
        .max()
        .unwrap_or(0);
    // Room above the highest bar for its label.
    let oben = (max + max / 8 + 1).max(3) as f64;
    // Names too wide for their slot are set upright (read from below), with room for the
    // longest; a glyph is about 0.55 of the font size wide.
    let px = f64::from(SCHRIFT) * 0.8;
    let laengste = werte
        .iter()
        .map(|(g, _)| g.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let slot = f64::from(BREITE - 60) / n as f64;
    let aufrecht = laengste * px * 0.55 > slot * 0.9;
    let unten = if aufrecht {
        (laengste * px * 0.55) as u32 + 14
    } else {
        34
    };
    // One unit of the x axis per group, the bar in its middle: exactly n slots (a segmented
    // axis over 0..n has n + 1, an empty one at the right).
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(unten)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..n as f64, 0f64..oben)
        .ok()?;
    let schrift = || TextStyle::from(("sans-serif", SCHRIFT).into_font());
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(5)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .y_label_style(schrift())
        .draw()
        .ok()?;
    let farbe = RGBColor(0x1f, 0x5a, 0x96);
    chart
        .draw_series(werte.iter().enumerate().filter_map(|(i, (_, w))| {
            let i = i as f64;
            w.zahl()
                .map(|w| Rectangle::new([(i + 0.12, 0.0), (i + 0.88, w as f64)], farbe.filled()))
        }))
        .ok()?;
    // The value above each bar; "< 3" or "X" where a hidden group stands.
    chart
        .draw_series(werte.iter().enumerate().map(|(i, (_, w))| {
            let text = w.text();
            let hoehe = w.zahl().unwrap_or(0) as f64;
            Text::new(
                text,
                (i as f64 + 0.5, hoehe + oben * 0.02),
                schrift().pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))
        .ok()?;
    // The group names under the middle of their slots.
    for (i, (g, _)) in werte.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        let stil = if aufrecht {
            TextStyle::from(
                ("sans-serif", SCHRIFT)
                    .into_font()
                    .transform(FontTransform::Rotate270),
            )
            .pos(Pos::new(HPos::Right, VPos::Center))
        } else {
            schrift().pos(Pos::new(HPos::Center, VPos::Top))
        };
        root.draw(&Text::new(g.clone(), (x, y + 6), stil)).ok()?;
    }
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
                ("Frauen".into(), Zelle::Zahl(10)),
                ("Männer".into(), Zelle::Zahl(5)),
                ("divers".into(), Zelle::Klein),
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
            vec![("2023".to_string(), Zelle::Zahl(0))],
            vec![("2023".to_string(), Zelle::Zahl(1))],
            vec![("a".to_string(), Zelle::Klein)],
            (2009..2024)
                .map(|j| (j.to_string(), Zelle::Zahl(j as u64 * 1000)))
                .collect(),
        ] {
            let svg = balken("X", &werte);
            assert!(svg.starts_with("<svg"), "{werte:?}");
        }
    }

    #[test]
    fn feindliche_namen_werden_maskiert() {
        let svg = balken("X", &[("<script>alert(1)</script>".into(), Zelle::Zahl(3))]);
        assert!(!svg.contains("<script>"), "{svg}");
    }

    /// One slot per group (no empty one at the right), and no text smaller than 8 pt
    /// once the chart is printed [`DRUCKBREITE_MM`] wide.
    #[test]
    fn ein_platz_je_gruppe_und_lesbare_schrift() {
        for n in [1usize, 3, 7, 15] {
            let werte: Vec<(String, Zelle)> = (0..n)
                .map(|i| (format!("{}", 2009 + i), Zelle::Zahl(3 + i as u64)))
                .collect();
            let svg = balken("X", &werte);
            let zahl = |l: &str, attr: &str| -> Option<f64> {
                let i = l.find(&format!(" {attr}=\""))? + attr.len() + 3;
                l[i..].split('"').next()?.parse().ok()
            };
            // Bars: every rectangle but the background; the last ends near the right edge.
            let balken: Vec<(f64, f64)> = svg
                .lines()
                .filter(|l| l.contains("<rect") && l.contains("#1F5A96"))
                .map(|l| (zahl(l, "x").unwrap(), zahl(l, "width").unwrap()))
                .collect();
            assert_eq!(balken.len(), n);
            let (x, w) = balken[n - 1];
            let slot = w / 0.76;
            assert!(
                x + w + slot * 0.5 > f64::from(BREITE) - 8.0 - slot * 0.5,
                "{n}: the last bar ends at {} of {BREITE}: an empty slot?",
                x + w
            );
            let mm_je_px = DRUCKBREITE_MM / f64::from(BREITE);
            for l in svg.lines().filter(|l| l.contains("font-size")) {
                let px = zahl(l, "font-size").unwrap();
                let pt = px * mm_je_px / 25.4 * 72.0;
                assert!(pt >= 8.0, "{n}: text of {pt:.1} pt: {l}");
            }
        }
    }
}
