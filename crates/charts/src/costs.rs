//! Cost by category over time, stacked: by month up to 24 months, by year beyond.

use candor_engine::format::{money_compact, percent};
use candor_engine::{CostCategory, Evaluation};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{INK, MUTED, SERIES};
use crate::theme::{
    Frame, TickAxis, fit_text, frame, nothing_to_show, padded, render, scenario_note, style_mesh,
};
use crate::{Canvas, ChartError};

/// At most this many categories get their own colour; the smallest others are merged.
const MAX_SERIES: usize = 7;

/// The cost of an evaluation by category, stacked by month (horizon ≤ 24 months) or by
/// year, with a legend of the category labels and their totals over the horizon.
pub fn cost_breakdown_svg(eval: &Evaluation, canvas: &Canvas) -> Result<String, ChartError> {
    if eval.monthly.is_empty() {
        return Err(ChartError::NoMonths);
    }
    let horizon = eval.monthly.len();
    let by_month = horizon <= 24;
    let period = if by_month { 1 } else { 12 };
    let periods = horizon.div_ceil(period);

    // Category totals, largest first; the ones beyond MAX_SERIES are merged into "Other".
    let cost = |row: &candor_engine::MonthRow, c: CostCategory| {
        let v = row.cost_by_category.get(c);
        if v.is_finite() { v.max(0.0) } else { 0.0 }
    };
    let mut categories: Vec<(CostCategory, f64)> = CostCategory::ALL
        .iter()
        .map(|&c| (c, eval.monthly.iter().map(|r| cost(r, c)).sum::<f64>()))
        .filter(|&(_, total)| total > 0.0)
        .collect();
    categories.sort_by(|a, b| b.1.total_cmp(&a.1));
    let merged: Vec<CostCategory> = if categories.len() > MAX_SERIES {
        categories.split_off(MAX_SERIES - 1).into_iter().map(|(c, _)| c).collect()
    } else {
        Vec::new()
    };
    struct Series {
        label: String,
        total: f64,
        values: Vec<f64>,
    }
    let period_sum = |cats: &[CostCategory], p: usize| {
        eval.monthly[p * period..((p + 1) * period).min(horizon)]
            .iter()
            .map(|r| cats.iter().map(|&c| cost(r, c)).sum::<f64>())
            .sum::<f64>()
    };
    let mut series: Vec<Series> = categories
        .iter()
        .map(|&(c, total)| Series {
            label: c.label().to_string(),
            total,
            values: (0..periods).map(|p| period_sum(&[c], p)).collect(),
        })
        .collect();
    if !merged.is_empty() {
        let values: Vec<f64> = (0..periods).map(|p| period_sum(&merged, p)).collect();
        series.push(Series {
            label: format!("Other ({} categories)", merged.len()),
            total: values.iter().sum(),
            values,
        });
    }
    let grand_total: f64 = series.iter().map(|s| s.total).sum();
    let currency = &eval.currency;

    let unit = if by_month { "month" } else { "year" };
    let title = format!("Cost by category and {unit} — {}", eval.case_name);
    let message = match series.first() {
        Some(top) => format!(
            "{} over {horizon} month{}; largest: {} ({})",
            money_compact(grand_total, currency),
            if horizon == 1 { "" } else { "s" },
            top.label,
            percent(top.total / grand_total)
        ),
        None => "No cost in this case".to_string(),
    };
    let mut footnote = vec![scenario_note(eval.scenario.as_deref())];
    if !horizon.is_multiple_of(period) {
        footnote[0].push_str(&format!(
            " · the last year holds {} month{}",
            horizon % period,
            if horizon % period == 1 { "" } else { "s" }
        ));
    }

    render(canvas, |root, t| {
        let body = frame(
            root,
            t,
            &Frame { title: &title, message: &message, message_colour: INK, footnote: &footnote },
        )?;
        if series.is_empty() {
            return nothing_to_show(&body, t, "No cost to break down");
        }
        let (bw, _) = body.dim_in_pixel();
        let legend_width = (bw as f64 * 0.30).round() as u32;
        let (plot_area, legend) = body.split_horizontally(bw - legend_width);

        let tops: Vec<f64> = (0..periods).map(|p| series.iter().map(|s| s.values[p]).sum()).collect();
        let (_, y_max) = padded(0.0, tops.iter().copied().fold(0.0, f64::max), 0.0, 0.08);
        let label_step = periods.div_ceil(12).max(1);
        let ticks: Vec<f64> = (0..periods).step_by(label_step).map(|p| p as f64 + 0.5).collect();
        let mut chart = ChartBuilder::on(&plot_area)
            .margin_left(t.px(20.0))
            .margin_right(t.px(12.0))
            .margin_top(t.px(8.0))
            .margin_bottom(t.px(4.0))
            .x_label_area_size(t.px(58.0))
            .y_label_area_size(t.px(96.0))
            .build_cartesian_2d(TickAxis { end: periods as f64, ticks }, 0.0..y_max)?;
        let x_label = |v: &f64| {
            let i = v.floor() as usize + 1;
            if by_month { format!("{i}") } else { format!("Y{i}") }
        };
        let y_label = |v: &f64| money_compact(*v, currency);
        style_mesh(&mut chart.configure_mesh(), t)
            .disable_x_mesh()
            .y_labels(6)
            .y_label_formatter(&y_label)
            .x_label_formatter(&x_label)
            .x_desc(if by_month { "Month" } else { "Year" })
            .y_desc(format!("Cost ({currency})"))
            .draw()?;
        for p in 0..periods {
            let mut base = 0.0;
            for (i, s) in series.iter().enumerate() {
                let v = s.values[p];
                if v > 0.0 {
                    let colour = SERIES[i % SERIES.len()];
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(p as f64 + 0.14, base), (p as f64 + 0.86, base + v)],
                        colour.filled(),
                    )))?;
                }
                base += v;
            }
        }
        // Totals above the bars when there is room for them.
        let plot_width = chart.plotting_area().dim_in_pixel().0 as f64;
        if plot_width / periods as f64 > t.width_of("$000k", 15.0) + 4.0 * t.scale {
            for (p, &top) in tops.iter().enumerate() {
                let style = t.text(15.0, &INK).pos(Pos::new(HPos::Center, VPos::Bottom));
                chart.draw_series(std::iter::once(
                    EmptyElement::at((p as f64 + 0.5, top))
                        + Text::new(money_compact(top, currency), (0, -t.px(4.0)), style),
                ))?;
            }
        }

        // Legend: largest category on top, as in the stack's reading order of a table.
        let (lw, lh) = legend.dim_in_pixel();
        let row = t.px(46.0).min(((lh as f64 - 16.0 * t.scale) / series.len() as f64) as i32).max(t.px(28.0));
        let swatch = t.px(18.0);
        let text_room = lw as f64 - (swatch + t.px(24.0)) as f64;
        for (i, s) in series.iter().enumerate() {
            let y = t.px(16.0) + i as i32 * row;
            let colour = SERIES[i % SERIES.len()];
            legend
                .draw(&Rectangle::new([(t.px(4.0), y), (t.px(4.0) + swatch, y + swatch)], colour.filled()))?;
            let x = t.px(4.0) + swatch + t.px(10.0);
            legend.draw(&Text::new(
                fit_text(&s.label, t.chars_in(text_room, 16.0)),
                (x, y),
                t.text(16.0, &INK),
            ))?;
            let amount = format!("{} · {}", money_compact(s.total, currency), percent(s.total / grand_total));
            if row >= t.px(40.0) {
                legend.draw(&Text::new(amount, (x, y + t.px(19.0)), t.text(14.0, &MUTED)))?;
            }
        }
        Ok(())
    })
}
