//! The benefit waterfall: from the benefits over the horizon, down through each cost
//! category, to the net value; the NPV beside it, so the slide shows both the undiscounted
//! total a budget adds up to and the discounted figure the decision rests on.

use candor_engine::format::money_compact;
use candor_engine::{BenefitCategory, CostCategory, Evaluation};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BLUE, BLUISH_GREEN, GRID, INK, MUTED, SKY_BLUE, VERMILLION};
use crate::theme::{
    Frame, discount_rate, fit_text, frame, horizontal_bars, nothing_to_show, padded, rate_text, render,
    scenario_note,
};
use crate::{Canvas, ChartError};

/// Benefit lines beyond this many are shown by category instead.
const MAX_BENEFIT_LINES: usize = 4;
/// Cost categories beyond this many are merged, the smallest first, into "Other costs".
const MAX_COST_ROWS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Gain,
    Loss,
    Total,
    Npv,
}

/// A flow row before it is stacked: its label and its total over the horizon.
type Row = (String, f64);

/// One bar: from where the running total stood to where it goes.
struct Step {
    label: String,
    from: f64,
    to: f64,
    kind: Kind,
}

/// The key message: "Net value $1.2M over 36 months; NPV $450k at 8%".
pub fn waterfall_message(eval: &Evaluation) -> String {
    let c = &eval.currency;
    let months = eval.monthly.len();
    let net = eval.metrics.total_benefit - eval.metrics.total_cost;
    let mut message = format!(
        "Net value {} over {months} month{}; NPV {}",
        money_compact(net, c),
        if months == 1 { "" } else { "s" },
        money_compact(eval.metrics.npv, c)
    );
    if let Some(r) = discount_rate(eval) {
        message.push_str(&format!(" at {}", rate_text(r)));
    }
    message
}

/// The benefits over the horizon as rising bars (by line, or by category when there are
/// more than four lines), each cost category as a falling bar, then the net value
/// (undiscounted) and the NPV as bars from zero, every bar labelled with its amount.
pub fn benefit_waterfall_svg(eval: &Evaluation, canvas: &Canvas) -> Result<String, ChartError> {
    if eval.monthly.is_empty() {
        return Err(ChartError::NoMonths);
    }
    if !(eval.metrics.npv.is_finite() && eval.metrics.total_benefit.is_finite()) {
        return Err(ChartError::NotFiniteInput { what: "NPV or total benefit" });
    }
    let currency = &eval.currency;
    let (gains, by_category) = benefits(eval);
    let (losses, merged) = costs(eval)?;
    let mut steps = Vec::new();
    let mut run = 0.0;
    for (label, v) in gains {
        steps.push(Step { label, from: run, to: run + v, kind: Kind::Gain });
        run += v;
    }
    for (label, v) in losses {
        steps.push(Step { label, from: run, to: run - v, kind: Kind::Loss });
        run -= v;
    }
    let flows = steps.len();
    let months = eval.monthly.len();
    steps.push(Step { label: format!("Net value, {months} months"), from: 0.0, to: run, kind: Kind::Total });
    let rate = discount_rate(eval);
    let npv_label = rate.map_or("NPV".to_string(), |r| format!("NPV at {}", rate_text(r)));
    steps.push(Step { label: npv_label, from: 0.0, to: eval.metrics.npv, kind: Kind::Npv });

    let title = format!("Benefits to net value — {}", eval.case_name);
    let message = waterfall_message(eval);
    let colour = if run < 0.0 { VERMILLION } else { INK };
    let mut method =
        "Totals over the horizon, undiscounted; the NPV discounts each month (month 0 undiscounted)."
            .to_string();
    if by_category {
        method.push_str(" Benefits by category.");
    }
    let mut footnote = vec![scenario_note(eval.scenario.as_deref()), method];
    if !merged.is_empty() {
        // As many names as fit one line, largest first, then how many more.
        let mut names = String::new();
        for (i, m) in merged.iter().enumerate() {
            let rest = merged.len() - i;
            if names.chars().count() + m.chars().count() > 80 {
                names.push_str(&format!(" and {rest} more"));
                break;
            }
            names.push_str(if i == 0 { "" } else { ", " });
            names.push_str(m);
        }
        footnote.push(format!("Other costs: {names}."));
    }

    render(canvas, |root, t| {
        let body = frame(
            root,
            t,
            &Frame { title: &title, message: &message, message_colour: colour, footnote: &footnote },
        )?;
        if flows == 0 {
            return nothing_to_show(&body, t, "No benefit and no cost to show");
        }
        let n = steps.len();
        let ends = steps.iter().flat_map(|s| [s.from, s.to]);
        let (lo, hi) = ends.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        // Room either side for the amounts written beyond the bars' ends.
        let (x_min, x_max) = padded(lo, hi, if lo < 0.0 { 0.16 } else { 0.0 }, 0.16);
        let x_desc = format!("Amount over the horizon ({currency})");
        let mut chart = horizontal_bars(&body, t, (x_min, x_max), n, 0.27, 8.0, &x_desc, currency)?;

        let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
        let row_px = plot_h as f64 / n as f64;
        let label_px = (row_px * 0.42 / t.scale).clamp(14.0, 18.0);
        let value_px = (row_px * 0.38 / t.scale).clamp(13.0, 17.0);
        let px_per_unit = plot_w as f64 / (x_max - x_min);
        // Step i sits on the row from n − i − 1 to n − i (the first step on top).
        let row = |i: usize| ((n - i - 1) as f64 + 0.18, (n - i) as f64 - 0.18);

        // The totals are set apart from the flows by a rule.
        let rule = (n - flows) as f64;
        chart.draw_series(LineSeries::new([(x_min, rule), (x_max, rule)], GRID.stroke_width(2)))?;
        for (i, s) in steps.iter().enumerate() {
            let (y0, y1) = row(i);
            // The NPV is the lighter of the two totals: a different measure, not a step.
            let colour: RGBAColor = match s.kind {
                Kind::Gain => BLUISH_GREEN.to_rgba(),
                Kind::Loss => VERMILLION.to_rgba(),
                Kind::Total if s.to < 0.0 => VERMILLION.to_rgba(),
                Kind::Total => BLUE.to_rgba(),
                Kind::Npv if s.to < 0.0 => VERMILLION.mix(0.55),
                Kind::Npv => SKY_BLUE.to_rgba(),
            };
            chart
                .draw_series(std::iter::once(Rectangle::new([(s.from, y0), (s.to, y1)], colour.filled())))?;
            // A dashed connector from this flow's end to the next bar's start.
            if i < flows {
                chart.draw_series(DashedLineSeries::new(
                    [(s.to, y0), (s.to, row(i + 1).1)],
                    t.px(4.0),
                    t.px(4.0),
                    MUTED.stroke_width(1),
                ))?;
            }
            let total = matches!(s.kind, Kind::Total | Kind::Npv);
            let name_style = if total { t.bold(label_px, &INK) } else { t.text(label_px, &INK) };
            // The label area horizontal_bars leaves on the left, less a margin.
            let room = (body.dim_in_pixel().0 as f64 * 0.27).round() - 16.0 * t.scale;
            let name = fit_text(&s.label, t.chars_in(room, label_px * if total { 1.06 } else { 1.0 }));
            let mid = (y0 + y1) / 2.0;
            chart.draw_series(std::iter::once(
                EmptyElement::at((x_min, mid))
                    + Text::new(name, (-t.px(10.0), 0), name_style.pos(Pos::new(HPos::Right, VPos::Center))),
            ))?;

            // The amount beyond the bar's far end; inside the plot on the other side if the
            // edge is too near.
            let amount = s.to - s.from;
            let text = match s.kind {
                Kind::Gain => format!("+{}", money_compact(amount, currency)),
                _ => money_compact(amount, currency),
            };
            let (right_end, left_end) = (s.from.max(s.to), s.from.min(s.to));
            let room_right = (x_max - right_end) * px_per_unit;
            let room_left = (left_end - x_min) * px_per_unit;
            let need = t.width_of(&text, value_px) + 10.0 * t.scale;
            let go_right =
                if amount >= 0.0 { room_right >= need || room_left < need } else { room_left < need };
            let (x, dx, hpos) = if go_right {
                (right_end, t.px(6.0), HPos::Left)
            } else {
                (left_end, -t.px(6.0), HPos::Right)
            };
            let style = t.bold(value_px, &INK).pos(Pos::new(hpos, VPos::Center));
            chart
                .draw_series(std::iter::once(EmptyElement::at((x, mid)) + Text::new(text, (dx, 0), style)))?;
        }
        if x_min < 0.0 {
            chart.draw_series(LineSeries::new([(0.0, 0.0), (0.0, n as f64)], INK.stroke_width(2)))?;
        }
        Ok(())
    })
}

/// The benefit rows, largest first: each line, or each category when there are too many
/// lines; and whether they are by category.
fn benefits(eval: &Evaluation) -> (Vec<Row>, bool) {
    let lines = eval.benefit_lines.iter().filter(|l| l.total.is_finite() && l.total != 0.0);
    let by_category = lines.clone().count() > MAX_BENEFIT_LINES;
    let mut rows: Vec<Row> = if by_category {
        [BenefitCategory::TimeSaved, BenefitCategory::CostAvoided, BenefitCategory::Revenue]
            .iter()
            .map(|c| {
                let total = lines.clone().filter(|l| l.category == c.key()).map(|l| l.total).sum();
                (c.label().to_string(), total)
            })
            .filter(|(_, v)| *v != 0.0)
            .collect()
    } else {
        lines.map(|l| (l.name.clone(), l.total)).collect()
    };
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    (rows, by_category)
}

/// The cost rows by category, largest first, the smallest merged into "Other costs" beyond
/// [`MAX_COST_ROWS`]; and the names of the merged ones. Categories come from the monthly
/// rows, which also hold mitigations and contingency, so they add up to the total cost.
fn costs(eval: &Evaluation) -> Result<(Vec<Row>, Vec<String>), ChartError> {
    let mut rows: Vec<Row> = Vec::new();
    for c in CostCategory::ALL {
        let total: f64 = eval.monthly.iter().map(|r| r.cost_by_category.get(c)).sum();
        if !total.is_finite() {
            return Err(ChartError::NotFiniteInput { what: "cost of a category" });
        }
        if total != 0.0 {
            rows.push((c.label().to_string(), total));
        }
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut merged = Vec::new();
    if rows.len() > MAX_COST_ROWS {
        let rest = rows.split_off(MAX_COST_ROWS - 1);
        merged = rest.iter().map(|(name, _)| name.clone()).collect();
        rows.push((format!("Other costs ({} categories)", rest.len()), rest.iter().map(|(_, v)| v).sum()));
    }
    Ok((rows, merged))
}
