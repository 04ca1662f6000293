//! The stakeholders: what each expects and how likely it is met, and the power / interest
//! grid.

use candor_engine::Case;
use candor_engine::MetricKey;
use candor_engine::format::{metric, percent};
use candor_engine::simulate::ExpectationResult;
use candor_engine::simulate::Simulation;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BLUE, BLUISH_GREEN, GREY, GRID, INK, MUTED, ORANGE, SKY_BLUE, VERMILLION};
use crate::theme::{
    Frame, PixelBox, fit_text, frame, nothing_to_show, place_label, render, trials_note, wrap2,
};
use crate::{Canvas, ChartError};

/// At most this many expectation rows fit a slide; the footnote counts the others.
const MAX_ROWS: usize = 8;

/// One row per stakeholder expectation: who and what on the left, the probability that it is
/// met as a bar from 0 to 100% with the required confidence marked, and the commitment the
/// case supports on the right.
pub fn expectations_svg(sim: &Simulation, canvas: &Canvas) -> Result<String, ChartError> {
    let all = &sim.expectations;
    let with_confidence = all.iter().filter(|e| e.confidence.is_some()).count();
    let confident = all.iter().filter(|e| e.confident == Some(true)).count();
    let title = "What the stakeholders expect, and how likely it is";
    let message = if all.is_empty() {
        "No stakeholder expectation recorded".to_string()
    } else if with_confidence > 0 {
        format!("{confident} of {with_confidence} expectations with a required confidence are met with it")
    } else {
        let likely = all.iter().filter(|e| e.probability_met >= 0.5).count();
        format!("{likely} of {} expectations are met in most trials", all.len())
    };
    let colour = if with_confidence > 0 && confident < with_confidence { VERMILLION } else { INK };
    let mut footnote = vec![trials_note(sim.scenario.as_deref(), sim.trials, sim.seed)];
    let hidden = all.len().saturating_sub(MAX_ROWS);
    let mut note =
        "Bar: share of trials that meet the expectation; black tick: the confidence required.".to_string();
    if hidden > 0 {
        note.push_str(&format!(" {hidden} more not shown."));
    }
    footnote.push(note);

    render(canvas, |root, t| {
        let body =
            frame(root, t, &Frame { title, message: &message, message_colour: colour, footnote: &footnote })?;
        if all.is_empty() {
            return nothing_to_show(
                &body,
                t,
                "Add stakeholders and their expectations to test the case against them",
            );
        }
        let rows = &all[..all.len().min(MAX_ROWS)];
        let (w, h) = body.dim_in_pixel();
        let (w, h) = (w as f64, h as f64);
        let left = 32.0 * t.scale;
        let right = w - 32.0 * t.scale;
        let who_w = (right - left) * 0.33;
        let bar_x0 = left + who_w + 16.0 * t.scale;
        let bar_w = (right - left) * 0.25;
        let bar_x1 = bar_x0 + bar_w;
        let commit_x = bar_x1 + 96.0 * t.scale;
        let header_h = 26.0 * t.scale;
        let row_h = ((h - header_h - 8.0 * t.scale) / rows.len() as f64).min(78.0 * t.scale);
        let big = (row_h * 0.30 / t.scale).clamp(11.0, 19.0);
        let small = (row_h * 0.24 / t.scale).clamp(10.0, 16.0);
        let at = |x: f64, y: f64| (x.round() as i32, y.round() as i32);

        for (label, x) in [
            ("Stakeholder and expectation", left),
            ("Probability met", bar_x0),
            ("Commitment the case supports", commit_x),
        ] {
            body.draw(&Text::new(label, at(x, 0.0), t.bold(15.0, &MUTED)))?;
        }
        for (i, e) in rows.iter().enumerate() {
            let y = header_h + i as f64 * row_h;
            if i > 0 {
                body.draw(&PathElement::new(vec![at(left, y), at(right, y)], GRID.stroke_width(1)))?;
            }
            let who = if e.role.trim().is_empty() || e.role == e.stakeholder {
                e.stakeholder.clone()
            } else {
                format!("{} · {}", e.role, e.stakeholder)
            };
            let mid = y + row_h / 2.0;
            let who_style = t.bold(big, &INK).pos(Pos::new(HPos::Left, VPos::Bottom));
            body.draw(&Text::new(
                fit_text(&who, t.chars_in(who_w, big * 1.06)),
                at(left, mid - 1.0 * t.scale),
                who_style,
            ))?;
            let what_style = t.text(small, &MUTED).pos(Pos::new(HPos::Left, VPos::Top));
            body.draw(&Text::new(
                fit_text(&expectation_text(e, &sim.currency), t.chars_in(who_w, small)),
                at(left, mid + 3.0 * t.scale),
                what_style,
            ))?;

            // The bar: a grey track, the probability filled, the required confidence ticked.
            let p = if e.probability_met.is_finite() { e.probability_met.clamp(0.0, 1.0) } else { 0.0 };
            let bar_h = (row_h * 0.36).min(26.0 * t.scale);
            let (b0, b1) = (mid - bar_h / 2.0, mid + bar_h / 2.0);
            body.draw(&Rectangle::new([at(bar_x0, b0), at(bar_x1, b1)], GRID.filled()))?;
            let fill = match e.confident {
                Some(true) => BLUISH_GREEN,
                Some(false) => VERMILLION,
                None => BLUE,
            };
            if p > 0.0 {
                body.draw(&Rectangle::new([at(bar_x0, b0), at(bar_x0 + p * bar_w, b1)], fill.filled()))?;
            }
            if let Some(c) = e.confidence.filter(|c| c.is_finite()) {
                let x = bar_x0 + c.clamp(0.0, 1.0) * bar_w;
                let tick = 6.0 * t.scale;
                body.draw(&PathElement::new(
                    vec![at(x, b0 - tick), at(x, b1 + tick)],
                    INK.stroke_width(t.px(3.0).max(2) as u32),
                ))?;
            }
            let value_style = t.bold(big, &INK).pos(Pos::new(HPos::Left, VPos::Center));
            body.draw(&Text::new(percent(p), at(bar_x1 + 8.0 * t.scale, mid), value_style))?;

            let commit_w = right - commit_x;
            let (first, second) = wrap2(&commitment_text(e, &sim.currency), t.chars_in(commit_w, small));
            if second.is_empty() {
                let style = t.text(small, &INK).pos(Pos::new(HPos::Left, VPos::Center));
                body.draw(&Text::new(first, at(commit_x, mid), style))?;
            } else {
                let style = t.text(small, &INK).pos(Pos::new(HPos::Left, VPos::Bottom));
                body.draw(&Text::new(first, at(commit_x, mid - 1.0 * t.scale), style))?;
                let style = t.text(small, &INK).pos(Pos::new(HPos::Left, VPos::Top));
                body.draw(&Text::new(second, at(commit_x, mid + 3.0 * t.scale), style))?;
            }
        }
        Ok(())
    })
}

/// The quadrant of the power / interest grid (Mendelow) for a power and an interest on the
/// 1–5 scale: high is above 3.
pub fn quadrant(power: f64, interest: f64) -> &'static str {
    match (power > 3.0, interest > 3.0) {
        (true, true) => "Manage closely",
        (true, false) => "Keep satisfied",
        (false, true) => "Keep informed",
        (false, false) => "Monitor",
    }
}

/// The power / interest grid: interest across, power up, both 1–5, split at 3 into keep
/// satisfied / manage closely / monitor / keep informed, each stakeholder a labelled point.
pub fn power_interest_svg(case: &Case, canvas: &Canvas) -> Result<String, ChartError> {
    let people: Vec<_> =
        case.stakeholders.iter().filter(|s| s.power.is_finite() && s.interest.is_finite()).collect();
    let skipped = case.stakeholders.len() - people.len();
    let close: Vec<&str> = people
        .iter()
        .filter(|s| quadrant(s.power, s.interest) == "Manage closely")
        .map(|s| s.role_or_name())
        .collect();
    let title = format!("Stakeholders by power and interest — {}", case.name);
    let message = if people.is_empty() {
        "No stakeholder recorded".to_string()
    } else if close.is_empty() {
        "No stakeholder needs managing closely".to_string()
    } else {
        format!("Manage closely: {}", close.join(", "))
    };
    let mut footnote =
        vec!["The same in every scenario · power and interest on a 1–5 scale; high is above 3.".to_string()];
    if skipped > 0 {
        footnote[0].push_str(&format!(" {skipped} stakeholder(s) without a valid score not shown."));
    }

    render(canvas, |root, t| {
        let body = frame(
            root,
            t,
            &Frame { title: &title, message: &message, message_colour: INK, footnote: &footnote },
        )?;
        let (bw, _) = body.dim_in_pixel();
        let mut chart = ChartBuilder::on(&body)
            .margin_left(t.px(20.0))
            .margin_right(t.px(36.0))
            .margin_top(t.px(8.0))
            .margin_bottom(t.px(4.0))
            .x_label_area_size(t.px(58.0))
            .y_label_area_size(t.px(70.0))
            .build_cartesian_2d(0.5..5.5_f64, 0.5..5.5_f64)?;
        let quadrants = [
            ((0.5, 3.0), (3.0, 5.5), ORANGE, "Keep satisfied"),
            ((3.0, 3.0), (5.5, 5.5), VERMILLION, "Manage closely"),
            ((0.5, 0.5), (3.0, 3.0), GREY, "Monitor"),
            ((3.0, 0.5), (5.5, 3.0), SKY_BLUE, "Keep informed"),
        ];
        for &(a, b, colour, _) in &quadrants {
            chart.draw_series(std::iter::once(Rectangle::new([a, b], colour.mix(0.10).filled())))?;
        }
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(5)
            .y_labels(5)
            .x_label_formatter(&|v: &f64| format!("{}", v.round() as i64))
            .y_label_formatter(&|v: &f64| format!("{}", v.round() as i64))
            .axis_style(MUTED.stroke_width(1))
            .label_style(t.text(17.0, &MUTED))
            .axis_desc_style(t.text(18.0, &INK))
            .x_desc("Interest in the project")
            .y_desc("Power over the project")
            .draw()?;
        chart.draw_series(LineSeries::new([(3.0, 0.5), (3.0, 5.5)], MUTED.stroke_width(1)))?;
        chart.draw_series(LineSeries::new([(0.5, 3.0), (5.5, 3.0)], MUTED.stroke_width(1)))?;
        for &((x0, _), (x1, y1), _, name) in &quadrants {
            let style = t.bold(17.0, &MUTED).pos(Pos::new(HPos::Center, VPos::Top));
            chart.draw_series(std::iter::once(
                EmptyElement::at(((x0 + x1) / 2.0, y1)) + Text::new(name, (0, t.px(8.0)), style),
            ))?;
        }
        if people.is_empty() {
            let style = t.text(20.0, &MUTED).pos(Pos::new(HPos::Center, VPos::Center));
            chart.draw_series(std::iter::once(
                EmptyElement::at((3.0, 3.0)) + Text::new("No stakeholder recorded", (0, 0), style),
            ))?;
            return Ok(());
        }

        // Stakeholders at the same spot are spread around it; labels go right of their
        // point, or left when they would leave the plot.
        let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
        let (plot_w, plot_h) = (plot_w as f64, plot_h as f64);
        let (unit_px, unit_px_y) = (plot_w / 5.0, plot_h / 5.0);
        // Quadrant names and every point are taken before any label is placed.
        let mut boxes: Vec<PixelBox> = Vec::new();
        for q in 0..4 {
            let (qx, qy) = if q % 2 == 0 { (plot_w * 0.25, 0.0) } else { (plot_w * 0.75, 0.0) };
            let qy = if q < 2 { qy } else { plot_h / 2.0 };
            let half = t.width_of("Manage closely", 17.0) * 0.55;
            boxes.push((qx - half, qy, qx + half, qy + 34.0 * t.scale));
        }
        let label_px = 16.0;
        let max_label = t.chars_in((bw as f64 * 0.26).max(120.0), label_px);
        // Stakeholders at the same spot are spread around it.
        let mut spots: Vec<(f64, f64)> = Vec::new();
        for s in &people {
            let (mut x, mut y) = (s.interest.clamp(1.0, 5.0), s.power.clamp(1.0, 5.0));
            let same = people[..spots.len()]
                .iter()
                .filter(|o| {
                    (o.interest.clamp(1.0, 5.0) - x).abs() < 0.12
                        && (o.power.clamp(1.0, 5.0) - y).abs() < 0.12
                })
                .count();
            if same > 0 {
                let angle = same as f64 * 2.4;
                x += 0.16 * angle.cos();
                y += 0.16 * angle.sin();
            }
            spots.push((x, y));
        }
        let to_px = |(x, y): (f64, f64)| ((x - 0.5) * unit_px, (5.5 - y) * unit_px_y);
        let dot = 9.0 * t.scale;
        for (s, &spot) in people.iter().zip(&spots) {
            let colour = match quadrant(s.power, s.interest) {
                "Manage closely" => VERMILLION,
                "Keep satisfied" => ORANGE,
                "Keep informed" => BLUE,
                _ => GREY,
            };
            chart.draw_series(std::iter::once(Circle::new(spot, t.px(9.0), colour.filled())))?;
            let (cx, cy) = to_px(spot);
            boxes.push((cx - dot, cy - dot, cx + dot, cy + dot));
        }
        for (s, &spot) in people.iter().zip(&spots) {
            let label = fit_text(s.short_name(), max_label);
            let (cx, cy) = to_px(spot);
            let size = (t.width_of(&label, label_px), 20.0 * t.scale);
            let Some((lx, ly)) = place_label(&mut boxes, (cx, cy), size, 14.0 * t.scale, (plot_w, plot_h))
            else {
                continue;
            };
            let offset = ((lx - cx).round() as i32, (ly - cy + 2.0 * t.scale).round() as i32);
            let style = t.text(label_px, &INK).pos(Pos::new(HPos::Left, VPos::Top));
            chart.draw_series(std::iter::once(EmptyElement::at(spot) + Text::new(label, offset, style)))?;
        }
        Ok(())
    })
}

fn metric_name(key: MetricKey) -> String {
    match key {
        MetricKey::Npv => "NPV".to_string(),
        MetricKey::Roi => "ROI".to_string(),
        MetricKey::IrrAnnual => "IRR".to_string(),
        MetricKey::PaybackMonth => "payback".to_string(),
        MetricKey::MinutesSavedPerMainUnit => "minutes saved per unit".to_string(),
        other => other.key().replace('_', " "),
    }
}

fn symbol(c: candor_engine::Comparator) -> &'static str {
    match c {
        candor_engine::Comparator::AtMost => "≤",
        candor_engine::Comparator::AtLeast => "≥",
    }
}

/// "payback ≤ month 24".
fn expectation_text(e: &ExpectationResult, currency: &str) -> String {
    format!(
        "{} {} {}",
        metric_name(e.metric),
        symbol(e.comparator),
        metric(e.metric, Some(e.threshold), currency, true)
    )
}

/// "NPV ≥ -$171k at 80%", or the engine's sentence when no value can be committed to.
fn commitment_text(e: &ExpectationResult, currency: &str) -> String {
    let confidence = e.confidence.unwrap_or(0.8);
    match e.commitment_value.filter(|v| v.is_finite()) {
        Some(v) => format!(
            "{} {} {} at {:.0}%",
            metric_name(e.metric),
            symbol(e.comparator),
            metric(e.metric, Some(v), currency, true),
            confidence * 100.0
        ),
        None => format!("No {} can be committed to at {:.0}%", metric_name(e.metric), confidence * 100.0),
    }
}

trait Who {
    fn role_or_name(&self) -> &str;
    fn short_name(&self) -> &str;
}

impl Who for candor_engine::Stakeholder {
    fn role_or_name(&self) -> &str {
        if self.role.trim().is_empty() { &self.name } else { &self.role }
    }

    /// The shorter of role and name ("CFO" rather than "Chief Financial Officer").
    fn short_name(&self) -> &str {
        let (name, role) = (self.name.trim(), self.role.trim());
        if role.is_empty() || (!name.is_empty() && name.chars().count() <= role.chars().count()) {
            name
        } else {
            role
        }
    }
}
