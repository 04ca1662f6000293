//! The distribution of the NPV across the Monte Carlo trials.

use candor_engine::format::{money_compact, percent};
use candor_engine::simulate::Simulation;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BLUE, INK, MUTED, VERMILLION};
use crate::theme::{Frame, frame, nothing_to_show, padded, render, style_mesh, trials_note};
use crate::{Canvas, ChartError};

/// The NPV histogram of a simulation: bins below zero in vermillion, above in blue, a zero
/// line, the P10 / P50 / P90 marked, and "P(NPV > 0) = 63.0%" as the key message.
pub fn npv_distribution_svg(sim: &Simulation, canvas: &Canvas) -> Result<String, ChartError> {
    let currency = &sim.currency;
    let bins: Vec<_> = sim
        .npv_histogram
        .iter()
        .filter(|b| b.from.is_finite() && b.to.is_finite() && b.to >= b.from)
        .collect();
    let summary = sim.metrics.get("npv");
    let pct = |p: Option<f64>| p.filter(|v| v.is_finite());
    let (p10, p50, p90) = summary.map_or((None, None, None), |s| (pct(s.p10), pct(s.p50), pct(s.p90)));
    let title = "How the NPV could turn out";
    let mut message = format!("P(NPV > 0) = {}", percent(sim.prob_npv_positive));
    if let (Some(lo), Some(hi)) = (p10, p90) {
        message.push_str(&format!(
            " · 80% of trials between {} and {}",
            money_compact(lo, currency),
            money_compact(hi, currency)
        ));
    }
    let colour = if sim.prob_npv_positive >= 0.5 { INK } else { VERMILLION };
    let footnote = [
        trials_note(sim.scenario.as_deref(), sim.trials, sim.seed),
        "Vermillion: trials that lose money (NPV < 0); blue: trials that make money.".to_string(),
    ];

    render(canvas, |root, t| {
        let body =
            frame(root, t, &Frame { title, message: &message, message_colour: colour, footnote: &footnote })?;
        let total: u64 = bins.iter().map(|b| b.count).sum();
        if bins.is_empty() || total == 0 {
            return nothing_to_show(&body, t, "No simulated NPV to show");
        }
        let lo = bins.iter().map(|b| b.from).fold(0.0_f64, f64::min);
        let hi = bins.iter().map(|b| b.to).fold(0.0_f64, f64::max);
        let (x_min, x_max) = padded(lo, hi, 0.04, 0.04);
        let share = |c: u64| c as f64 / total as f64;
        let top = bins.iter().map(|b| share(b.count)).fold(0.0, f64::max);
        // Bins of zero width (every trial the same NPV) get a visible width.
        let min_width = (x_max - x_min) / 150.0;

        let mut chart = ChartBuilder::on(&body)
            .margin_left(t.px(20.0))
            .margin_right(t.px(36.0))
            .margin_top(t.px(8.0))
            .margin_bottom(t.px(4.0))
            .x_label_area_size(t.px(58.0))
            .y_label_area_size(t.px(90.0))
            .build_cartesian_2d(x_min..x_max, 0.0..top * 1.22)?;
        let money = |v: &f64| money_compact(*v, currency);
        let share_label = |v: &f64| format!("{:.0}%", v * 100.0);
        style_mesh(&mut chart.configure_mesh(), t)
            .disable_x_mesh()
            .x_labels(7)
            .y_labels(5)
            .x_label_formatter(&money)
            .y_label_formatter(&share_label)
            .x_desc(format!("NPV ({currency})"))
            .y_desc("Share of trials")
            .draw()?;
        chart.draw_series(bins.iter().filter(|b| b.count > 0).map(|b| {
            let mid = (b.from + b.to) / 2.0;
            let colour = if mid < 0.0 { VERMILLION } else { BLUE };
            let (from, to) = if b.to - b.from < min_width {
                (mid - min_width / 2.0, mid + min_width / 2.0)
            } else {
                (b.from, b.to)
            };
            Rectangle::new([(from, 0.0), (to, share(b.count))], colour.mix(0.85).filled())
        }))?;

        // Percentile rules with their names at the top, then the zero line over everything.
        let y_top = top * 1.22;
        let mut last_right = f64::NEG_INFINITY;
        let plot_w = chart.plotting_area().dim_in_pixel().0 as f64;
        let to_px = |v: f64| (v - x_min) / (x_max - x_min) * plot_w;
        for (name, value) in [("P10", p10), ("P50", p50), ("P90", p90)] {
            let Some(v) = value.filter(|v| (x_min..=x_max).contains(v)) else { continue };
            chart.draw_series(DashedLineSeries::new(
                [(v, 0.0), (v, top * 1.08)],
                t.px(6.0),
                t.px(5.0),
                MUTED.stroke_width(1),
            ))?;
            let label = format!("{name} {}", money_compact(v, currency));
            let half = t.width_of(&label, 15.0) / 2.0;
            // Labels that would overlap the previous one drop to a second row.
            let row = if to_px(v) - half < last_right { 1 } else { 0 };
            if row == 0 {
                last_right = to_px(v) + half + 6.0 * t.scale;
            }
            let style = t.text(15.0, &MUTED).pos(Pos::new(HPos::Center, VPos::Top));
            chart.draw_series(std::iter::once(
                EmptyElement::at((v, y_top)) + Text::new(label, (0, t.px(2.0) + row * t.px(18.0)), style),
            ))?;
        }
        if x_min < 0.0 && x_max > 0.0 {
            chart.draw_series(LineSeries::new([(0.0, 0.0), (0.0, y_top)], INK.stroke_width(2)))?;
        }
        Ok(())
    })
}
