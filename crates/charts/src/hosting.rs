//! API or self-hosted: the monthly inference cost of each option against the monthly volume
//! of the driver they serve — the API a straight line, self-hosting a staircase of instances
//! — with the break-even and the case's own volume marked, so a PM can see how far the case
//! is from the point where the other option pays.

use candor_engine::Evaluation;
use candor_engine::format::{money, money_compact};
use candor_engine::hosting::{Hosting, HostingComparison};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BLUE, INK, MUTED, ORANGE, VERMILLION};
use crate::theme::{
    Area, Frame, PixelBox, Theme, fit_text, frame, group, number, place_label, render, scenario_note,
    style_mesh,
};
use crate::{Canvas, ChartError};

/// More steps than this are drawn from samples rather than step by step.
const MAX_STEPS: f64 = 400.0;

/// A monthly volume for a slide: "31,220" or "3.19M".
fn volume_text(v: f64) -> String {
    if v >= 1e6 {
        let s = format!("{:.2}", v / 1e6);
        format!("{}M", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        group(v.max(0.0).round() as u64)
    }
}

/// A small amount with cents below 100: "$11.50", "CHF 0.75"; whole above.
fn money_cents(v: f64, currency: &str) -> String {
    if !(v.is_finite() && (0.0..100.0).contains(&v)) {
        return money(v, currency);
    }
    let cents = (v * 100.0).round() as u64;
    format!("{}.{:02}", money((cents / 100) as f64, currency), cents % 100)
}

fn unit_of(c: &HostingComparison) -> &str {
    if c.unit.trim().is_empty() { "units" } else { c.unit.trim() }
}

/// The key message: "Self-hosting is cheaper above 3.19M requests a month; the API saves
/// $23.8k a month today", or "The API is cheaper at every volume; …", or, without an
/// alternative, that there is no hosting choice to compare.
pub fn hosting_message(comparison: Option<&HostingComparison>, currency: &str) -> String {
    let Some(c) = comparison else {
        return "No API-or-self-hosted choice to compare in this case".to_string();
    };
    let (api, own) = (c.api_cost(c.volume), c.self_hosted_cost(c.volume));
    let today = if (api - own).abs() < 0.5 {
        "both cost the same today".to_string()
    } else {
        let who = if own < api { "self-hosting" } else { "the API" };
        format!("{who} saves {} a month today", money_compact((api - own).abs(), currency))
    };
    match c.break_even {
        Some(v) if v <= 0.0 => format!("Self-hosting is cheaper at any volume; {today}"),
        Some(v) => {
            format!("Self-hosting is cheaper above {} {} a month; {today}", volume_text(v), unit_of(c))
        }
        None => {
            format!("The API is cheaper at every volume; {}", today.replacen("the API saves", "it saves", 1))
        }
    }
}

/// Monthly inference cost (y) against monthly volume (x): the API as a straight line, the
/// self-hosted option as a step line (one step per instance), the break-even as a dashed
/// vertical line with its volume, and the case's last-month volume with each option's cost
/// there. `comparison` comes from `candor_engine::hosting_comparison` for the same case and
/// scenario as `eval`; without one the chart says the case has no hosting choice and how to
/// add one.
pub fn hosting_break_even_svg(
    eval: &Evaluation,
    comparison: Option<&HostingComparison>,
    canvas: &Canvas,
) -> Result<String, ChartError> {
    if let Some(c) = comparison {
        let s = &c.self_hosted;
        let figures = [c.api_per_unit, c.volume, s.per_instance_month, s.min_instances];
        if figures.iter().any(|v| !v.is_finite()) || s.capacity_per_instance.is_nan() {
            return Err(ChartError::NotFiniteInput { what: "hosting comparison" });
        }
    }
    let currency = &eval.currency;
    let title = format!("API or self-hosted — {}", eval.case_name);
    let message = hosting_message(comparison, currency);
    let mut footnote = vec![scenario_note(eval.scenario.as_deref())];
    if let Some(c) = comparison {
        footnote[0].push_str(&format!(" · today: the case's last-month volume of {}", c.driver));
        footnote.push(
            "Inference cost a month at month-0 prices; other costs are the same either way. \
             Capacity per instance is an input."
                .to_string(),
        );
        if let (Some(first), Some(be)) = (c.self_hosting_first_cheaper, c.break_even)
            && first < be * 0.999
        {
            footnote.push(format!(
                "First cheaper at {}, but each new instance puts the API ahead again until {}.",
                volume_text(first),
                volume_text(be)
            ));
        }
    }

    render(canvas, |root, t| {
        let body = frame(
            root,
            t,
            &Frame { title: &title, message: &message, message_colour: INK, footnote: &footnote },
        )?;
        match comparison {
            Some(c) => draw(&body, t, c, currency),
            None => {
                let (w, h) = body.dim_in_pixel();
                let lines = [
                    "This case runs no inference that could be bought another way.".to_string(),
                    "To compare, add a hosting_alternative to the case: the API or the self-hosted option"
                        .to_string(),
                    "it does not use, priced per unit or per instance-hour (see docs/case-file.md)."
                        .to_string(),
                ];
                for (i, line) in lines.iter().enumerate() {
                    let size = if i == 0 { 22.0 } else { 18.0 };
                    let colour = if i == 0 { INK } else { MUTED };
                    let line = fit_text(line, t.chars_in(w as f64 - 64.0 * t.scale, size));
                    let y = h as i32 / 2 + (i as i32 - 1) * t.px(34.0);
                    let style = t.text(size, &colour).pos(Pos::new(HPos::Center, VPos::Center));
                    body.draw(&Text::new(line, (w as i32 / 2, y), style))?;
                }
                Ok(())
            }
        }
    })
}

/// How far the volume axis runs: past the break-even and today's volume, and far enough to
/// show the first instances' steps.
fn volume_range(c: &HostingComparison) -> f64 {
    let marks =
        [Some(c.volume * 1.5), c.break_even.map(|v| v * 1.3), c.self_hosting_first_cheaper.map(|v| v * 1.3)];
    let reach = marks.iter().flatten().copied().fold(0.0_f64, f64::max);
    let cap = c.self_hosted.capacity_per_instance;
    let steps = cap * (c.self_hosted.min_instances.max(1.0) + 1.0) * 1.05;
    if cap.is_finite() && (reach <= 0.0 || steps <= reach * 10.0) {
        reach.max(steps)
    } else if reach > 0.0 {
        reach
    } else {
        1_000.0
    }
}

/// The self-hosted cost as a polyline over 0 … `x_max`: exact steps, or samples when there
/// are too many steps to draw one by one.
fn staircase(c: &HostingComparison, x_max: f64) -> Vec<(f64, f64)> {
    let cap = c.self_hosted.capacity_per_instance;
    let mut points = vec![(0.0, c.self_hosted_cost(0.0))];
    if !cap.is_finite() || x_max / cap > MAX_STEPS {
        let n = 1_500;
        points.extend((1..=n).map(|i| {
            let v = x_max * i as f64 / n as f64;
            (v, c.self_hosted_cost(v))
        }));
        return points;
    }
    let mut k = 1.0;
    loop {
        let (start, end) = ((k - 1.0) * cap, (k * cap).min(x_max));
        // The level of step k, read at its middle so no rounding decides it.
        let level = c.self_hosted_cost((start + end) / 2.0);
        points.push((start, level));
        points.push((end, level));
        if k * cap >= x_max {
            return points;
        }
        k += 1.0;
    }
}

fn draw(body: &Area<'_>, t: &Theme, c: &HostingComparison, currency: &str) -> Result<(), ChartError> {
    let unit = unit_of(c);
    let x_max = volume_range(c);
    let steps = staircase(c, x_max);
    let top = steps.iter().map(|p| p.1).chain([c.api_cost(x_max)]).fold(0.0_f64, f64::max);
    let y_max = if top > 0.0 { top * 1.2 } else { 1.0 };

    // The legend above the plot: which line is which, and the figures behind each.
    let (bw, _) = body.dim_in_pixel();
    let legend_h = t.px(58.0) as u32;
    let (legend, plot_area) = body.split_vertically(legend_h);
    let role = |h: Hosting| if c.current == h { "today" } else { "the alternative" };
    let per_1000 = c.api_per_unit * 1_000.0;
    let api_price = if per_1000 >= 1.0 || per_1000 == 0.0 {
        format!("{} per 1,000 {unit}", money_cents(per_1000, currency))
    } else {
        format!("{} per million {unit}", money_cents(c.api_per_unit * 1e6, currency))
    };
    let s = &c.self_hosted;
    let capacity = if s.capacity_per_instance.is_finite() {
        format!(" of {} {unit}", volume_text(s.capacity_per_instance))
    } else {
        String::new()
    };
    let minimum =
        if s.min_instances > 0.0 { format!(", at least {}", s.min_instances) } else { String::new() };
    let entries = [
        (ORANGE, format!("API ({}): {api_price}", role(Hosting::Api))),
        (
            BLUE,
            format!(
                "Self-hosted ({}): {} a month per instance{capacity}{minimum}",
                role(Hosting::SelfHosted),
                money_compact(s.per_instance_month, currency)
            ),
        ),
    ];
    for (i, (colour, text)) in entries.iter().enumerate() {
        let y = t.px(6.0) + i as i32 * t.px(26.0);
        let x = t.px(32.0);
        legend.draw(&PathElement::new(
            vec![(x, y + t.px(10.0)), (x + t.px(28.0), y + t.px(10.0))],
            colour.stroke_width(t.px(4.0).max(2) as u32),
        ))?;
        let room = bw as f64 - 110.0 * t.scale;
        let text = fit_text(text, t.chars_in(room, 17.0));
        legend.draw(&Text::new(text, (x + t.px(38.0), y), t.text(17.0, &INK)))?;
    }

    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(t.px(20.0))
        .margin_right(t.px(36.0))
        .margin_top(t.px(10.0))
        .margin_bottom(t.px(4.0))
        .x_label_area_size(t.px(58.0))
        .y_label_area_size(t.px(100.0))
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    let y_label = |v: &f64| money_compact(*v, currency);
    let x_label = |v: &f64| number(*v);
    style_mesh(&mut chart.configure_mesh(), t)
        .disable_x_mesh()
        .x_labels(7)
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .x_desc(format!("Monthly volume ({unit})"))
        .y_desc(format!("Monthly inference cost ({currency})"))
        .draw()?;

    // Where self-hosting stays cheaper, lightly shaded behind the lines.
    if let Some(be) = c.break_even.filter(|v| *v < x_max) {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(be, 0.0), (x_max, y_max)],
            BLUE.mix(0.07).filled(),
        )))?;
    }
    let thick = t.px(4.0).max(2) as u32;
    chart
        .draw_series(LineSeries::new([(0.0, 0.0), (x_max, c.api_cost(x_max))], ORANGE.stroke_width(thick)))?;
    chart.draw_series(LineSeries::new(steps, BLUE.stroke_width(thick)))?;

    // Vertical marks with their names along the top, each on the first free row.
    let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
    let (plot_w, plot_h) = (plot_w as f64, plot_h as f64);
    let to_px = |v: f64, y: f64| (v / x_max * plot_w, (1.0 - y / y_max) * plot_h);
    // In order of importance: a label that finds no room is left out, the least useful first.
    let mut marks: Vec<(f64, String, RGBColor, bool)> = Vec::new();
    if let Some(be) = c.break_even.filter(|v| *v <= x_max) {
        marks.push((be, format!("Break-even: {}", volume_text(be)), VERMILLION, true));
    }
    marks.push((c.volume.min(x_max), format!("Today: {} {unit}", volume_text(c.volume)), INK, false));
    if let (Some(first), Some(be)) = (c.self_hosting_first_cheaper, c.break_even)
        && first < be * 0.999
    {
        marks.push((first, format!("First cheaper: {}", volume_text(first)), MUTED, false));
    }
    let overlaps = |boxes: &[PixelBox], (l, t, r, b): PixelBox| {
        boxes.iter().any(|x| l < x.2 && x.0 < r && t < x.3 && x.1 < b)
    };
    let mut taken: Vec<PixelBox> = Vec::new();
    for (v, label, colour, dashed) in &marks {
        let line = [(*v, 0.0), (*v, y_max)];
        if *dashed {
            chart.draw_series(DashedLineSeries::new(
                line,
                t.px(9.0),
                t.px(6.0),
                colour.stroke_width(t.px(3.0) as u32),
            ))?;
        } else {
            chart.draw_series(DashedLineSeries::new(
                line,
                t.px(3.0),
                t.px(4.0),
                colour.stroke_width(t.px(2.0) as u32),
            ))?;
        }
        let w = t.width_of(label, 16.0) * 1.06;
        let h = 20.0 * t.scale;
        let (x, _) = to_px(*v, y_max);
        // Right of the line when it fits, else left; down a row while it would overlap.
        let left = if x + 8.0 * t.scale + w <= plot_w {
            x + 8.0 * t.scale
        } else {
            (x - 8.0 * t.scale - w).max(0.0)
        };
        let mut top = 6.0 * t.scale;
        while overlaps(&taken, (left, top, left + w, top + h)) {
            top += h + 4.0 * t.scale;
        }
        // The top of the plot is kept clear of the lines (y runs to 120% of the highest);
        // below that a label could cross them.
        if top + h > plot_h * 0.4 {
            continue;
        }
        taken.push((left, top, left + w, top + h));
        let style = t.bold(16.0, colour).pos(Pos::new(HPos::Left, VPos::Top));
        chart.draw_series(std::iter::once(
            EmptyElement::at((0.0, y_max))
                + Text::new(label.clone(), (left.round() as i32, top.round() as i32), style),
        ))?;
    }

    // Today's cost of each option: a dot on each line and its amount beside it.
    let mut boxes = taken.clone();
    for (option, colour) in [(Hosting::Api, ORANGE), (Hosting::SelfHosted, BLUE)] {
        let (v, y) = (c.volume.min(x_max), c.cost(option, c.volume));
        chart.draw_series(std::iter::once(Circle::new((v, y), t.px(7.0), colour.filled())))?;
        let (px, py) = to_px(v, y);
        boxes.push((px - 8.0 * t.scale, py - 8.0 * t.scale, px + 8.0 * t.scale, py + 8.0 * t.scale));
    }
    // The dearer option's amount above its dot, the cheaper one's below: the lines run
    // across the dots' sides (the steps flat, the API rising), rarely above or below.
    let dearer =
        if c.api_cost(c.volume) > c.self_hosted_cost(c.volume) { Hosting::Api } else { Hosting::SelfHosted };
    for option in [Hosting::Api, Hosting::SelfHosted] {
        let (v, y) = (c.volume.min(x_max), c.cost(option, c.volume));
        let label = format!("{} {}", option.label(), money_compact(y, currency));
        let (w, h) = (t.width_of(&label, 16.0) * 1.06, 20.0 * t.scale);
        let (px, py) = to_px(v, y);
        let gap = 10.0 * t.scale;
        let x = if px + gap + w <= plot_w { px + gap } else { px - gap - w };
        // Below the cheaper dot unless the axis is in the way; then above it.
        let above = py - gap - h;
        let preferred = if option == dearer || py + gap + h > plot_h { above } else { py + gap };
        let spot = (x, preferred.clamp(0.0, plot_h - h));
        let (lx, ly) = if !overlaps(&boxes, (spot.0, spot.1, spot.0 + w, spot.1 + h)) {
            boxes.push((spot.0, spot.1, spot.0 + w, spot.1 + h));
            spot
        } else {
            // Elsewhere around the dot, or not at all when every spot is taken.
            let before = boxes.clone();
            match place_label(&mut boxes, (px, py), (w, h), gap, (plot_w, plot_h)) {
                Some(p) if !overlaps(&before, (p.0, p.1, p.0 + w, p.1 + h)) => p,
                Some(_) => {
                    boxes.pop();
                    continue;
                }
                None => continue,
            }
        };
        let style = t.bold(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Top));
        chart.draw_series(std::iter::once(
            EmptyElement::at((v, y))
                + Text::new(
                    label,
                    ((lx - px).round() as i32, (ly - py + 2.0 * t.scale).round() as i32),
                    style,
                ),
        ))?;
    }
    Ok(())
}
