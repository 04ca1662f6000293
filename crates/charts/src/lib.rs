//! Candor's charts: one module draws every chart the app, the CLI and the exports show, so
//! that the screen and the slides always agree.
//!
//! Amounts are written by `candor_engine::format`, as everywhere else.
//!
//! Charts are drawn with plotters into SVG strings (no system library, no font file: the
//! viewer renders the `sans-serif` text). They are meant for slides: large type, a title and
//! a one-line key message in words, and the Okabe–Ito palette, which stays distinguishable
//! for colour-blind readers.
//!
//! ```no_run
//! # fn show(eval: &candor_engine::Evaluation) -> Result<(), candor_charts::ChartError> {
//! let svg = candor_charts::cumulative_cash_flow_svg(eval, 960, 540)?;
//! assert!(svg.starts_with("<svg"));
//! # Ok(()) }
//! ```

use candor_engine::format::money_compact;
use candor_engine::{Evaluation, PhaseSpan};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The evaluation has no month to plot.
    #[error("the evaluation has no month to plot")]
    NoMonths,
    /// A requested size too small to hold the title, the axes and the plot.
    #[error("a chart of {width}×{height} pixels is too small (at least {min_width}×{min_height})")]
    TooSmall { width: u32, height: u32, min_width: u32, min_height: u32 },
    /// A value that cannot be placed on an axis (NaN or infinite).
    #[error("month {month}: the cumulative cash flow is not a finite number")]
    NotFinite { month: u32 },
    /// plotters failed while drawing.
    #[error("drawing the chart failed: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}

/// The Okabe–Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies.
pub mod palette {
    use plotters::style::RGBColor;

    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    /// Text and axes.
    pub const INK: RGBColor = RGBColor(0x1F, 0x29, 0x37);
    /// Secondary text and tick labels.
    pub const MUTED: RGBColor = RGBColor(0x4B, 0x55, 0x63);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(0xE5, 0xE7, 0xEB);
    /// Phase bands, in timeline order (repeated when there are more phases).
    pub const BANDS: [RGBColor; 5] = [SKY_BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, YELLOW];
}

const FONT: &str = "sans-serif";
const PT_PER_PX: f64 = 1.24;
/// Average advance of a sans-serif character, as a share of the font size in pixels.
const TEXT_WIDTH_PER_PX: f64 = 0.56;
const MIN_WIDTH: u32 = 480;
const MIN_HEIGHT: u32 = 300;

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

/// The cumulative cash flow of an evaluation, month by month, as a slide-ready SVG of
/// `width` × `height` pixels: the case name as title, the payback message, a zero line, the
/// phases as shaded bands with their names, and the payback month marked.
///
/// Month `t` (0-based) occupies the span from x = t to x = t + 1 and its cumulative value is
/// plotted at its end, x = t + 1, so that "pays back in month N" sits at x = N.
pub fn cumulative_cash_flow_svg(eval: &Evaluation, width: u32, height: u32) -> Result<String, ChartError> {
    if eval.monthly.is_empty() {
        return Err(ChartError::NoMonths);
    }
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Err(ChartError::TooSmall { width, height, min_width: MIN_WIDTH, min_height: MIN_HEIGHT });
    }
    if let Some(row) = eval.monthly.iter().find(|r| !r.cumulative.is_finite()) {
        return Err(ChartError::NotFinite { month: row.month });
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw_cumulative(&root, eval)?;
        root.present()?;
    }
    Ok(svg)
}

fn draw_cumulative(root: &DrawingArea<SVGBackend<'_>, Shift>, eval: &Evaluation) -> Result<(), ChartError> {
    use palette::*;

    root.fill(&WHITE)?;
    let (width, _) = root.dim_in_pixel();
    let scale = (width as f64 / 960.0).clamp(0.75, 2.0);
    let px = |v: f64| (v * scale).round() as i32;
    // plotters writes font sizes in points (÷ 1.24): ask for pixels.
    let font = |size_px: f64| (FONT, size_px * scale * PT_PER_PX);

    // Header: title and key message.
    let header_height = px(104.0) as u32;
    let (header, body) = root.split_vertically(header_height);
    let mut title = eval.case_name.clone();
    if let Some(s) = &eval.scenario {
        title = format!("{title} — {s}");
    }
    // A long title shrinks from 30 px down to 22 px before it is cut.
    let room = width as f64 - 64.0 * scale;
    let bold_width = TEXT_WIDTH_PER_PX * 1.06;
    let title_px = (room / (bold_width * scale * title.chars().count() as f64)).clamp(22.0, 30.0);
    let title = fit_text(&title, room / (bold_width * title_px * scale));
    header.draw(&Text::new(
        title,
        (px(32.0), px(22.0 + (30.0 - title_px) / 2.0)),
        font(title_px).into_font().style(FontStyle::Bold).color(&INK),
    ))?;
    let message = payback_message(eval);
    let message_colour = if eval.metrics.payback_month.is_some() { INK } else { VERMILLION };
    header.draw(&Text::new(message, (px(32.0), px(64.0)), font(22.0).into_font().color(&message_colour)))?;

    // Plot.
    let horizon = eval.monthly.len() as f64;
    let (lo, hi) = eval
        .monthly
        .iter()
        .fold((0.0_f64, 0.0_f64), |(lo, hi), r| (lo.min(r.cumulative), hi.max(r.cumulative)));
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let (y_min, y_max) = (lo - 0.06 * span, hi + 0.22 * span);

    let mut chart = ChartBuilder::on(&body)
        .margin_left(px(20.0))
        .margin_right(px(36.0))
        .margin_top(px(4.0))
        .margin_bottom(px(16.0))
        .x_label_area_size(px(58.0))
        .y_label_area_size(px(104.0))
        .build_cartesian_2d(MonthAxis::new(eval.monthly.len() as u32), y_min..y_max)?;

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
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(6)
        .y_label_formatter(&y_formatter)
        .x_label_formatter(&|v: &f64| format!("{}", v.round() as i64))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(1))
        .label_style(font(17.0).into_font().color(&MUTED))
        .axis_desc_style(font(18.0).into_font().color(&INK))
        .x_desc("Month")
        .y_desc(format!("Cumulative cash flow ({})", eval.currency))
        .draw()?;

    // Phase names at the top of their bands, each on the first of three rows where it does
    // not run into the previous name; cut with an ellipsis only at the plot's right edge.
    let plot_width = chart.plotting_area().dim_in_pixel().0 as f64;
    let px_per_month = plot_width / horizon;
    let label_px = 16.0 * scale;
    let mut row_free = [f64::NEG_INFINITY; 3];
    for p in &phases {
        let x0 = p.start as f64 * px_per_month + 6.0 * scale;
        let Some(row) = row_free.iter().position(|&free| free <= x0) else {
            continue;
        };
        let name = fit_text(&p.name, (plot_width - x0 - 4.0 * scale) / (TEXT_WIDTH_PER_PX * label_px));
        if name.is_empty() {
            continue;
        }
        row_free[row] = x0 + text_width(&name, label_px) + 14.0 * scale;
        chart.draw_series(std::iter::once(
            EmptyElement::at((p.start as f64, y_max))
                + Text::new(
                    name,
                    (px(6.0), px(8.0) + row as i32 * px(22.0)),
                    font(16.0).into_font().color(&INK),
                ),
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
        let label_width = text_width(&label, 18.0 * scale);
        let left_of_rule = x * px_per_month - 10.0 * scale - label_width > 0.0;
        let (offset, pos) = if left_of_rule {
            ((-px(10.0), -px(10.0)), Pos::new(HPos::Right, VPos::Bottom))
        } else {
            ((px(10.0), px(10.0)), Pos::new(HPos::Left, VPos::Top))
        };
        let style = font(18.0).into_font().style(FontStyle::Bold).color(&VERMILLION).pos(pos);
        chart.draw_series(std::iter::once(EmptyElement::at((x, 0.0)) + Text::new(label, offset, style)))?;
    }
    Ok(())
}

/// The month axis: 0 … horizon with ticks on round month counts (see [`month_ticks`]).
struct MonthAxis {
    end: f64,
    ticks: Vec<f64>,
}

impl MonthAxis {
    fn new(horizon: u32) -> Self {
        MonthAxis { end: f64::from(horizon), ticks: month_ticks(horizon) }
    }
}

impl Ranged for MonthAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = if self.end > 0.0 { value / self.end } else { 0.0 };
        limit.0 + (share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks.clone()
    }

    fn range(&self) -> std::ops::Range<f64> {
        0.0..self.end
    }
}

impl ValueFormatter<f64> for MonthAxis {
    fn format(value: &f64) -> String {
        format!("{}", value.round() as i64)
    }
}

/// Tick positions on the month axis: 0 and every 1, 2, 3, 6, 12, 24… months, at most ~12.
fn month_ticks(horizon: u32) -> Vec<f64> {
    let step = [1, 2, 3, 6, 12, 24, 60, 120].into_iter().find(|s| horizon / s <= 12).unwrap_or(120);
    (0..=horizon).step_by(step as usize).map(f64::from).collect()
}

/// Estimated width in pixels of `text` at `size_px` (no font metrics in the SVG backend).
fn text_width(text: &str, size_px: f64) -> f64 {
    TEXT_WIDTH_PER_PX * size_px * text.chars().count() as f64
}

/// `text` cut to at most `max_chars` characters, with an ellipsis when cut; empty when fewer
/// than four characters would remain.
fn fit_text(text: &str, max_chars: f64) -> String {
    let max = if max_chars.is_finite() && max_chars > 0.0 { max_chars.floor() as usize } else { 0 };
    let count = text.chars().count();
    if count <= max {
        text.to_string()
    } else if max < 4 {
        String::new()
    } else {
        let mut cut: String = text.chars().take(max - 1).collect();
        cut = cut.trim_end().to_string();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ticks_stay_few_and_round() {
        assert_eq!(month_ticks(1), vec![0.0, 1.0]);
        assert_eq!(month_ticks(36), (0..=36).step_by(3).map(f64::from).collect::<Vec<_>>());
        assert_eq!(month_ticks(120).len(), 11);
    }

    #[test]
    fn fit_text_cuts_with_an_ellipsis() {
        assert_eq!(fit_text("Clinical validation", 40.0), "Clinical validation");
        assert_eq!(fit_text("Clinical validation", 9.0), "Clinical…");
        assert_eq!(fit_text("Clinical validation", 3.0), "");
    }
}
