//! The cumulative cash flow, alone or with the Monte Carlo P10–P90 band.

use candor_engine::format::{money_compact, payback};
use candor_engine::simulate::Simulation;
use candor_engine::{Evaluation, PhaseSpan};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BANDS, BLUE, INK, SKY_BLUE, VERMILLION};
use crate::theme::{
    Area, Frame, Theme, TickAxis, fit_text, frame, render, scenario_note, style_mesh, trials_note,
};
use crate::{Canvas, ChartError};

/// The headline of the cumulative cash-flow chart, in words: "Pays back in month 19" or
/// "Does not pay back within 36 months".
pub fn payback_message(eval: &Evaluation) -> String {
    match eval.metrics.payback_month {
        Some(m) => format!("Pays back in month {m}"),
        None => {
            let h = eval.monthly.len();
            format!("Does not pay back within {h} month{}", if h == 1 { "" } else { "s" })
        }
    }
}

/// The headline with the simulated range of the payback month:
/// "Pays back in month 15 (P10–P90: month 14 – never)".
pub fn band_message(eval: &Evaluation, sim: &Simulation) -> String {
    let month = |p: Option<f64>| p.filter(|v| v.is_finite() && *v >= 0.0).map(|v| v.round() as u32);
    let (p10, p90) = sim.metrics.get("payback_month").map_or((None, None), |s| (month(s.p10), month(s.p90)));
    format!("{} (P10–P90: {} – {})", payback_message(eval), payback(p10), payback(p90))
}

/// The cumulative cash flow of an evaluation, month by month, as a slide-ready SVG on
/// `canvas`: the case name as title, the payback message, a zero line, the
/// phases as shaded bands with their names, and the payback month marked.
///
/// Month `t` (0-based) occupies the span from x = t to x = t + 1 and its cumulative value is
/// plotted at its end, x = t + 1, so that "pays back in month N" sits at x = N.
pub fn cumulative_cash_flow_svg(eval: &Evaluation, canvas: &Canvas) -> Result<String, ChartError> {
    check(eval, None)?;
    render(canvas, |root, t| {
        let message = payback_message(eval);
        let colour = if eval.metrics.payback_month.is_some() { INK } else { VERMILLION };
        let footnote = [scenario_note(eval.scenario.as_deref())];
        let body = frame(
            root,
            t,
            &Frame { title: &title(eval), message: &message, message_colour: colour, footnote: &footnote },
        )?;
        draw_cumulative(&body, t, eval, None)
    })
}

/// The cumulative cash flow with the simulated P10–P90 band shaded and the P50 drawn dashed;
/// the key message gives the payback month and its P10–P90 range, the footnote the scenario
/// and the trial count.
pub fn cumulative_band_svg(
    eval: &Evaluation,
    sim: &Simulation,
    canvas: &Canvas,
) -> Result<String, ChartError> {
    check(eval, Some(sim))?;
    render(canvas, |root, t| {
        let message = band_message(eval, sim);
        let colour = if eval.metrics.payback_month.is_some() { INK } else { VERMILLION };
        let footnote = [
            trials_note(sim.scenario.as_deref(), sim.trials, sim.seed),
            "Shaded: 80% of trials fall inside (P10–P90); dashed: the median trial (P50); solid: the base case."
                .to_string(),
        ];
        let body = frame(
            root,
            t,
            &Frame { title: &title(eval), message: &message, message_colour: colour, footnote: &footnote },
        )?;
        draw_cumulative(&body, t, eval, Some(sim))
    })
}

fn title(eval: &Evaluation) -> String {
    match &eval.scenario {
        Some(s) => format!("{} — {s}", eval.case_name),
        None => eval.case_name.clone(),
    }
}

fn check(eval: &Evaluation, sim: Option<&Simulation>) -> Result<(), ChartError> {
    if eval.monthly.is_empty() {
        return Err(ChartError::NoMonths);
    }
    if let Some(row) = eval.monthly.iter().find(|r| !r.cumulative.is_finite()) {
        return Err(ChartError::NotFinite { month: row.month });
    }
    if let Some(b) = sim
        .into_iter()
        .flat_map(|s| &s.cumulative_bands)
        .find(|b| !(b.p10.is_finite() && b.p90.is_finite() && b.p50.is_finite()))
    {
        return Err(ChartError::NotFinite { month: b.month });
    }
    Ok(())
}

fn draw_cumulative(
    body: &Area<'_>,
    t: &Theme,
    eval: &Evaluation,
    sim: Option<&Simulation>,
) -> Result<(), ChartError> {
    let px = |v: f64| t.px(v);
    let bands = sim.map_or(&[][..], |s| &s.cumulative_bands[..]);
    let horizon_months = eval.monthly.len().max(bands.len());
    let horizon = horizon_months as f64;
    let values = eval.monthly.iter().map(|r| r.cumulative).chain(bands.iter().flat_map(|b| [b.p10, b.p90]));
    let (lo, hi) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let (y_min, y_max) = (lo - 0.06 * span, hi + 0.22 * span);

    let mut chart = ChartBuilder::on(body)
        .margin_left(px(20.0))
        .margin_right(px(36.0))
        .margin_top(px(4.0))
        .margin_bottom(px(4.0))
        .x_label_area_size(px(58.0))
        .y_label_area_size(px(104.0))
        .build_cartesian_2d(TickAxis::months(horizon_months as u32), y_min..y_max)?;

    // Phase bands behind everything else.
    let phases: Vec<&PhaseSpan> =
        eval.phases.iter().filter(|p| p.end > p.start && (p.start as f64) < horizon).collect();
    chart.draw_series(phases.iter().enumerate().map(|(i, p)| {
        let colour = BANDS[i % BANDS.len()];
        Rectangle::new(
            [(p.start as f64, y_min), ((p.end as f64).min(horizon), y_max)],
            colour.mix(0.16).filled(),
        )
    }))?;

    let currency = eval.currency.clone();
    let y_formatter = |v: &f64| money_compact(*v, &currency);
    style_mesh(&mut chart.configure_mesh(), t)
        .disable_x_mesh()
        .y_labels(6)
        .y_label_formatter(&y_formatter)
        .x_label_formatter(&|v: &f64| format!("{}", v.round() as i64))
        .x_desc("Month")
        .y_desc(format!("Cumulative cash flow ({})", eval.currency))
        .draw()?;

    // Phase names at the top of their bands, each on the first of three rows where it does
    // not run into the previous name; cut with an ellipsis only at the plot's right edge.
    let plot_width = chart.plotting_area().dim_in_pixel().0 as f64;
    let px_per_month = plot_width / horizon;
    let label_px = 16.0;
    let mut row_free = [f64::NEG_INFINITY; 3];
    for p in &phases {
        let x0 = p.start as f64 * px_per_month + 6.0 * t.scale;
        let Some(row) = row_free.iter().position(|&free| free <= x0) else {
            continue;
        };
        let name = fit_text(&p.name, t.chars_in(plot_width - x0 - 4.0 * t.scale, label_px));
        if name.is_empty() {
            continue;
        }
        row_free[row] = x0 + t.width_of(&name, label_px) + 14.0 * t.scale;
        chart.draw_series(std::iter::once(
            EmptyElement::at((p.start as f64, y_max))
                + Text::new(name, (px(6.0), px(8.0) + row as i32 * px(22.0)), t.text(label_px, &INK)),
        ))?;
    }

    // The simulated band and its median, under the base-case line.
    if !bands.is_empty() {
        let upper =
            std::iter::once((0.0, 0.0)).chain(bands.iter().map(|b| (f64::from(b.month) + 1.0, b.p90)));
        let lower =
            bands.iter().rev().map(|b| (f64::from(b.month) + 1.0, b.p10)).chain(std::iter::once((0.0, 0.0)));
        let outline: Vec<(f64, f64)> = upper.chain(lower).collect();
        chart.draw_series(std::iter::once(Polygon::new(outline, SKY_BLUE.mix(0.35).filled())))?;
        let median =
            std::iter::once((0.0, 0.0)).chain(bands.iter().map(|b| (f64::from(b.month) + 1.0, b.p50)));
        chart.draw_series(DashedLineSeries::new(
            median,
            px(10.0),
            px(6.0),
            BLUE.stroke_width(px(2.0).max(1) as u32),
        ))?;
    }

    // Zero line, then the cumulative cash flow.
    chart.draw_series(LineSeries::new([(0.0, 0.0), (horizon, 0.0)], INK.stroke_width(2)))?;
    let points = std::iter::once((0.0, 0.0))
        .chain(eval.monthly.iter().enumerate().map(|(t, r)| ((t + 1) as f64, r.cumulative)));
    chart.draw_series(LineSeries::new(points, BLUE.stroke_width(px(4.0).max(2) as u32)))?;

    // Payback: a dashed rule, a dot on the curve and its label.
    if let Some(m) = eval.metrics.payback_month {
        let x = m as f64;
        let y = eval.monthly.get(m.saturating_sub(1) as usize).map_or(0.0, |r| r.cumulative);
        chart.draw_series(DashedLineSeries::new(
            [(x, y_min), (x, y_max)],
            px(8.0),
            px(6.0),
            VERMILLION.stroke_width(2),
        ))?;
        chart.draw_series(std::iter::once(Circle::new((x, y), px(7.0), VERMILLION.filled())))?;
        // Before the payback month the curve is below zero, after it at or above: the label
        // goes above the zero line left of the rule, or below it right of the rule when the
        // left side is too narrow, and never crosses the curve.
        let label = format!("Payback: month {m}");
        let label_width = t.width_of(&label, 18.0);
        let left_of_rule = x * px_per_month - 10.0 * t.scale - label_width > 0.0;
        let (offset, pos) = if left_of_rule {
            ((-px(10.0), -px(10.0)), Pos::new(HPos::Right, VPos::Bottom))
        } else {
            ((px(10.0), px(10.0)), Pos::new(HPos::Left, VPos::Top))
        };
        let style = t.bold(18.0, &VERMILLION).pos(pos);
        chart.draw_series(std::iter::once(EmptyElement::at((x, 0.0)) + Text::new(label, offset, style)))?;
    }
    Ok(())
}
