//! The base case and its scenarios side by side: NPV, ROI and payback month, each in its own
//! panel (the three have different units, so one shared axis would flatten two of them), with
//! every value written on its bar and a payback that never comes written as "never".

use candor_engine::Evaluation;
use candor_engine::format::{money_compact, percent};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BLUE, GRID, INK, MUTED, VERMILLION};
use crate::theme::{
    Area, Frame, Theme, discount_rate, fit_text, frame, nothing_to_show, rate_text, render, wrap2,
};
use crate::{Canvas, ChartError};

/// At most this many rows fit a slide; the footnote counts the others.
const MAX_ROWS: usize = 8;

fn name(e: &Evaluation) -> &str {
    e.scenario.as_deref().unwrap_or("Base case")
}

/// The key message: "Base NPV $450k; scenarios from -$407k (Pessimistic) to $1.1M
/// (Optimistic)". `evals` holds the base case first, then each scenario.
pub fn scenario_message(evals: &[Evaluation]) -> String {
    let Some(base) = evals.first() else { return "No case to compare".to_string() };
    let currency = &base.currency;
    let head = match &base.scenario {
        None => format!("Base NPV {}", money_compact(base.metrics.npv, currency)),
        Some(s) => format!("{s}: NPV {}", money_compact(base.metrics.npv, currency)),
    };
    let others: Vec<&Evaluation> = evals[1..].iter().filter(|e| e.metrics.npv.is_finite()).collect();
    let by_npv = |a: &&&Evaluation, b: &&&Evaluation| a.metrics.npv.total_cmp(&b.metrics.npv);
    match (others.iter().min_by(by_npv), others.iter().max_by(by_npv)) {
        (Some(only), _) if others.len() == 1 => {
            format!("{head}; {}: {}", name(only), money_compact(only.metrics.npv, currency))
        }
        (Some(lo), Some(hi)) => format!(
            "{head}; scenarios from {} ({}) to {} ({})",
            money_compact(lo.metrics.npv, currency),
            name(lo),
            money_compact(hi.metrics.npv, currency),
            name(hi)
        ),
        _ => format!("{head}; no scenario to compare yet"),
    }
}

/// The base case and each scenario as rows (base first, as given), in three panels: NPV, ROI
/// and payback month. Bars below zero are vermillion; a payback that never comes within the
/// horizon says "never" in vermillion over an empty track as long as the horizon.
///
/// `evals` holds one evaluation per scenario, the base case first (see
/// `candor_engine::evaluate`); an empty slice gives a chart that says there is nothing to
/// compare.
pub fn scenario_comparison_svg(evals: &[Evaluation], canvas: &Canvas) -> Result<String, ChartError> {
    let rows = &evals[..evals.len().min(MAX_ROWS)];
    let title = match evals.first() {
        Some(e) => format!("Scenarios side by side — {}", e.case_name),
        None => "Scenarios side by side".to_string(),
    };
    let message = scenario_message(evals);
    let colour = if evals.first().is_some_and(|e| e.metrics.npv < 0.0) { VERMILLION } else { INK };
    let scenarios = evals.len().saturating_sub(1);
    let rate = evals.first().and_then(discount_rate);
    let mut footnote = vec![
        format!(
            "Base case and {scenarios} scenario{} · NPV at {} a year; ROI and payback undiscounted",
            if scenarios == 1 { "" } else { "s" },
            rate.map_or("the case's discount rate".to_string(), rate_text)
        ),
        "Payback: the grey track is the horizon; never = not paid back within it.".to_string(),
    ];
    if evals.len() > rows.len() {
        footnote.push(format!("{} more scenarios not shown.", evals.len() - rows.len()));
    }

    render(canvas, |root, t| {
        let body = frame(
            root,
            t,
            &Frame { title: &title, message: &message, message_colour: colour, footnote: &footnote },
        )?;
        if rows.is_empty() {
            return nothing_to_show(&body, t, "No case to compare");
        }
        draw_rows(&body, t, rows)
    })
}

/// One panel: a title, a value per row (none where undefined), its label, and for payback the
/// horizon each row's bar could reach.
struct Panel {
    title: String,
    values: Vec<Option<f64>>,
    labels: Vec<String>,
    /// Payback only: the horizon, drawn as an empty track behind the bar.
    tracks: Option<Vec<f64>>,
}

fn panels(rows: &[Evaluation]) -> [Panel; 3] {
    let finite = |v: f64| v.is_finite().then_some(v);
    let npv: Vec<Option<f64>> = rows.iter().map(|e| finite(e.metrics.npv)).collect();
    let roi: Vec<Option<f64>> = rows.iter().map(|e| e.metrics.roi.and_then(finite)).collect();
    let payback: Vec<Option<f64>> = rows.iter().map(|e| e.metrics.payback_month.map(f64::from)).collect();
    let rate = rows.first().and_then(discount_rate);
    [
        Panel {
            title: rate.map_or("NPV".to_string(), |r| format!("NPV at {}", rate_text(r))),
            labels: rows.iter().map(|e| money_compact(e.metrics.npv, &e.currency)).collect(),
            values: npv,
            tracks: None,
        },
        Panel {
            title: "ROI".to_string(),
            labels: roi.iter().map(|r| r.map_or("n/a (no cost)".to_string(), percent)).collect(),
            values: roi,
            tracks: None,
        },
        Panel {
            title: "Payback".to_string(),
            labels: rows
                .iter()
                .map(|e| match e.metrics.payback_month {
                    Some(m) => format!("month {m}"),
                    None => "never".to_string(),
                })
                .collect(),
            values: payback,
            tracks: Some(rows.iter().map(|e| e.monthly.len() as f64).collect()),
        },
    ]
}

/// Where zero sits in a panel of `width` pixels and how many pixels a unit takes, so that
/// the bars are as long as they can be with every label beside its bar's end: each item is a
/// value and the width of the label written past its end (away from zero).
fn fit_scale(items: &[(f64, f64)], width: f64) -> (f64, f64) {
    // For a scale k, zero must sit right of every negative bar's label and left of every
    // positive one's: lower(k) ≤ zero ≤ upper(k). Both move with k, so search k.
    let bounds = |k: f64| {
        let lower = items.iter().filter(|(v, _)| *v < 0.0).map(|(v, w)| w - k * v).fold(0.0_f64, f64::max);
        let upper =
            items.iter().filter(|(v, _)| *v >= 0.0).map(|(v, w)| width - w - k * v).fold(width, f64::min);
        (lower, upper)
    };
    let reach = items.iter().map(|(v, _)| v.abs()).fold(0.0_f64, f64::max);
    if reach == 0.0 {
        return (bounds(0.0).0, 0.0);
    }
    let (mut lo, mut hi) = (0.0, width / reach);
    for _ in 0..50 {
        let k = (lo + hi) / 2.0;
        let (lower, upper) = bounds(k);
        if lower <= upper { lo = k } else { hi = k }
    }
    (bounds(lo).0, lo)
}

fn draw_rows(body: &Area<'_>, t: &Theme, rows: &[Evaluation]) -> Result<(), ChartError> {
    let (w, h) = body.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);
    let s = t.scale;
    let left = 32.0 * s;
    let right = w - 32.0 * s;
    let name_w = (right - left) * 0.17;
    let gap = 28.0 * s;
    // NPV and ROI bars run both ways from zero, with labels at both ends: they get more room
    // than payback, whose bars run one way inside a track.
    let room = right - left - name_w - 3.0 * gap;
    let widths = [room * 0.37, room * 0.35, room * 0.28];
    let header_h = 40.0 * s;
    let bottom = h - 6.0 * s;
    let n = rows.len();
    let row_h = ((bottom - header_h) / n as f64).min(84.0 * s);
    let name_px = (row_h * 0.26 / s).clamp(13.0, 19.0);
    let value_px = (row_h * 0.22 / s).clamp(12.0, 16.0);
    let bar_h = (row_h * 0.48).min(36.0 * s);
    let at = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    let mid = |i: usize| header_h + (i as f64 + 0.5) * row_h;

    // Row bands: the base case shaded, thin rules between the others; names on up to two
    // lines.
    for (i, e) in rows.iter().enumerate() {
        let top = header_h + i as f64 * row_h;
        let base = e.scenario.is_none();
        if base {
            body.draw(&Rectangle::new(
                [at(left - 8.0 * s, top), at(right, top + row_h)],
                GRID.mix(0.55).filled(),
            ))?;
        } else if i > 0 {
            body.draw(&PathElement::new(vec![at(left, top), at(right, top)], GRID.stroke_width(1)))?;
        }
        let style = if base { t.bold(name_px, &INK) } else { t.text(name_px, &INK) };
        let chars = t.chars_in(name_w - 8.0 * s, name_px * if base { 1.06 } else { 1.0 });
        let (first, second) = wrap2(name(e), chars);
        let two = !second.is_empty() && row_h > 2.4 * name_px * s;
        let first = if two { first } else { fit_text(name(e), chars) };
        let (y, v) = if two { (mid(i) - 1.0 * s, VPos::Bottom) } else { (mid(i), VPos::Center) };
        body.draw(&Text::new(first, at(left, y), style.clone().pos(Pos::new(HPos::Left, v))))?;
        if two {
            body.draw(&Text::new(
                second,
                at(left, mid(i) + 2.0 * s),
                style.pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
    }

    for (k, panel) in panels(rows).iter().enumerate() {
        let x0 = left + name_w + gap + widths[..k].iter().sum::<f64>() + k as f64 * gap;
        let panel_w = widths[k];
        let title = fit_text(&panel.title, t.chars_in(panel_w, 18.0 * 1.06));
        body.draw(&Text::new(title, at(x0, 4.0 * s), t.bold(18.0, &INK)))?;

        // Every bar, label and payback track must fit the panel; undefined values write
        // their label from zero.
        // Bold digits run wider than the average character the estimate assumes.
        let label_w = |l: &str| t.width_of(l, value_px) * 1.15 + 8.0 * s;
        let mut items: Vec<(f64, f64)> =
            panel.values.iter().zip(&panel.labels).map(|(v, l)| (v.unwrap_or(0.0), label_w(l))).collect();
        items.extend(panel.tracks.iter().flatten().map(|h| (*h, 2.0 * s)));
        // A label goes inside its bar when the bar is long enough to hold it: start with every
        // label inside (the longest bars), and move out those whose bar is then too short,
        // until none moves.
        let widths: Vec<f64> = items.iter().map(|i| i.1).collect();
        let mut inside: Vec<bool> = panel.values.iter().map(Option::is_some).collect();
        loop {
            let trial: Vec<(f64, f64)> = items
                .iter()
                .enumerate()
                .map(|(j, (v, w))| (*v, if inside.get(j) == Some(&true) { 0.0 } else { *w }))
                .collect();
            let (_, k) = fit_scale(&trial, panel_w);
            let mut moved = false;
            for (j, flag) in inside.iter_mut().enumerate() {
                if *flag && items[j].0.abs() * k < widths[j] + 8.0 * s {
                    *flag = false;
                    moved = true;
                }
            }
            if !moved {
                items = trial;
                break;
            }
        }
        let (zero, per_unit) = fit_scale(&items, panel_w);
        let x = |v: f64| x0 + zero + v * per_unit;

        for (i, (value, label)) in panel.values.iter().zip(&panel.labels).enumerate() {
            let (y0, y1) = (mid(i) - bar_h / 2.0, mid(i) + bar_h / 2.0);
            if let Some(track) = panel.tracks.as_ref().map(|tr| tr[i]) {
                body.draw(&Rectangle::new([at(x(0.0), y0), at(x(track), y1)], GRID.filled()))?;
            }
            let Some(v) = *value else {
                let never = panel.tracks.is_some();
                let style = if never { t.bold(value_px, &VERMILLION) } else { t.text(value_px, &MUTED) };
                body.draw(&Text::new(
                    label.clone(),
                    at(x(0.0) + 8.0 * s, mid(i)),
                    style.pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
                continue;
            };
            let colour = if v < 0.0 { VERMILLION } else { BLUE };
            if v != 0.0 {
                body.draw(&Rectangle::new([at(x(0.0), y0), at(x(v), y1)], colour.filled()))?;
            }
            // Outside: beyond the bar's end; inside: white, against the end.
            let (dx, hpos, ink) = match (v < 0.0, inside[i]) {
                (true, false) => (-6.0 * s, HPos::Right, INK),
                (false, false) => (6.0 * s, HPos::Left, INK),
                (true, true) => (8.0 * s, HPos::Left, WHITE),
                (false, true) => (-8.0 * s, HPos::Right, WHITE),
            };
            let style = t.bold(value_px, &ink).pos(Pos::new(hpos, VPos::Center));
            body.draw(&Text::new(label.clone(), at(x(v) + dx, mid(i)), style))?;
        }
        // The zero line over the bars, across every row.
        body.draw(&PathElement::new(
            vec![at(x(0.0), header_h - 4.0 * s), at(x(0.0), header_h + n as f64 * row_h)],
            INK.stroke_width(t.px(2.0).max(1) as u32),
        ))?;
    }
    Ok(())
}
