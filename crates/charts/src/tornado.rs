//! The tornado: how far the NPV moves when each uncertain input swings from its P10 to its
//! P90, the others held at base.

use candor_engine::format::{input_label, input_parts, money_compact};
use candor_engine::sensitivity::Tornado;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BLUE, INK, MUTED, ORANGE};
use crate::theme::{
    Frame, fit_text, frame, horizontal_bars, nothing_to_show, number, padded, render, scenario_note,
};
use crate::{Canvas, ChartError};

/// At most this many bars are drawn (the widest); the footnote counts the others.
const MAX_BARS: usize = 10;

/// The tornado as horizontal bars around the base NPV, widest first, each labelled with its
/// input path and the input's P10 and P90 values. `currency` is the case's.
pub fn tornado_svg(tornado: &Tornado, currency: &str, canvas: &Canvas) -> Result<String, ChartError> {
    let finite =
        |b: &&candor_engine::sensitivity::TornadoBar| b.npv_at_p10.is_finite() && b.npv_at_p90.is_finite();
    let mut bars: Vec<_> = tornado.bars.iter().filter(finite).collect();
    bars.sort_by(|a, b| b.npv_swing.total_cmp(&a.npv_swing));
    let hidden = bars.len().saturating_sub(MAX_BARS);
    bars.truncate(MAX_BARS);
    let base = if tornado.base_npv.is_finite() { tornado.base_npv } else { 0.0 };

    let title = "What moves the NPV most";
    let message = match bars.first() {
        Some(b) if b.npv_swing > 0.0 => format!(
            "{} moves the NPV most: {} to {}",
            input_label(&b.input),
            money_compact(b.npv_at_p10.min(b.npv_at_p90), currency),
            money_compact(b.npv_at_p10.max(b.npv_at_p90), currency)
        ),
        Some(_) => "No uncertain input moves the NPV".to_string(),
        None => "No uncertain input: the NPV has no range to show".to_string(),
    };
    let mut footnote = vec![
        scenario_note(tornado.scenario.as_deref()),
        format!(
            "Each input swung from its P10 to its P90, the others at base · base NPV {}",
            money_compact(base, currency)
        ),
        "Orange: the NPV with the input at its P10; blue: at its P90.".to_string(),
    ];
    if hidden > 0 {
        footnote.push(format!("{hidden} narrower input{} not shown", if hidden == 1 { "" } else { "s" }));
    }

    render(canvas, |root, t| {
        let body =
            frame(root, t, &Frame { title, message: &message, message_colour: INK, footnote: &footnote })?;
        if bars.is_empty() {
            return nothing_to_show(&body, t, "Mark some inputs as uncertain to see what drives the NPV");
        }
        let n = bars.len();
        let (lo, hi) = bars
            .iter()
            .flat_map(|b| [b.npv_at_p10, b.npv_at_p90])
            .fold((base, base), |(lo, hi), v| (lo.min(v), hi.max(v)));
        // Room either side for the P10 / P90 value labels.
        let (x_min, x_max) = padded(lo, hi, 0.22, 0.22);
        let mut chart =
            horizontal_bars(&body, t, (x_min, x_max), n, 0.34, 26.0, &format!("NPV ({currency})"), currency)?;

        let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
        let row_px = plot_h as f64 / n as f64;
        let label_px = (row_px * 0.42 / t.scale).clamp(11.0, 17.0);
        let value_px = (row_px * 0.36 / t.scale).clamp(10.0, 15.0);
        let px_per_unit = plot_w as f64 / (x_max - x_min);
        for (i, b) in bars.iter().enumerate() {
            // Widest on top: bar i occupies the row from n − i − 1 to n − i.
            let y0 = (n - i - 1) as f64 + 0.2;
            let y1 = (n - i) as f64 - 0.2;
            let mid = (y0 + y1) / 2.0;
            for (npv, colour) in [(b.npv_at_p10, ORANGE), (b.npv_at_p90, BLUE)] {
                chart
                    .draw_series(std::iter::once(Rectangle::new([(base, y0), (npv, y1)], colour.filled())))?;
            }
            // The input left of the plot: what it belongs to, and below it which figure.
            // The label area horizontal_bars leaves on the left, less a margin.
            let room = (body.dim_in_pixel().0 as f64 * 0.34).round() - 16.0 * t.scale;
            let (owner, field) = input_parts(&b.input);
            let two_rows = row_px > 2.3 * label_px * t.scale && !field.is_empty();
            let (first, dy) =
                if two_rows { (owner, -(label_px * 0.55 * t.scale) as i32) } else { (b.input.clone(), 0) };
            let first = fit_text(&first, t.chars_in(room, label_px));
            let style = t.text(label_px, &INK).pos(Pos::new(HPos::Right, VPos::Center));
            chart.draw_series(std::iter::once(
                EmptyElement::at((x_min, mid)) + Text::new(first, (-t.px(10.0), dy), style),
            ))?;
            if two_rows {
                let field = fit_text(&field, t.chars_in(room, value_px));
                let style = t.text(value_px, &MUTED).pos(Pos::new(HPos::Right, VPos::Center));
                let dy = (label_px * 0.6 * t.scale) as i32;
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x_min, mid)) + Text::new(field, (-t.px(10.0), dy), style),
                ))?;
            }
            // Each end labelled with the input value that produced it, outside the bar.
            for (value, npv, which) in [(b.p10, b.npv_at_p10, "P10"), (b.p90, b.npv_at_p90, "P90")] {
                let other = if which == "P10" { b.npv_at_p90 } else { b.npv_at_p10 };
                let right = npv > other || (npv == other && which == "P90");
                let text = format!("{which} {}", number(value));
                let (dx, h) = if right { (t.px(6.0), HPos::Left) } else { (-t.px(6.0), HPos::Right) };
                let end = if right { npv.max(base) } else { npv.min(base) };
                // Keep the label inside the plot when the bar reaches its edge.
                let room = if right { (x_max - end) * px_per_unit } else { (end - x_min) * px_per_unit };
                if room < t.width_of(&text, value_px) + 8.0 * t.scale {
                    continue;
                }
                let style = t.text(value_px, &MUTED).pos(Pos::new(h, VPos::Center));
                chart.draw_series(std::iter::once(
                    EmptyElement::at((end, mid)) + Text::new(text, (dx, 0), style),
                ))?;
            }
        }
        // The base NPV, across every row, with its value on top.
        chart.draw_series(LineSeries::new([(base, 0.0), (base, n as f64)], INK.stroke_width(2)))?;
        let style = t.bold(15.0, &INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        chart.draw_series(std::iter::once(
            EmptyElement::at((base, n as f64))
                + Text::new(format!("Base {}", money_compact(base, currency)), (0, -t.px(6.0)), style),
        ))?;
        Ok(())
    })
}
