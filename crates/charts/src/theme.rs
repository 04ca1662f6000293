//! The shared look of every chart: sizes, type, header and footnote, "nothing to show", and
//! the text-fitting helpers (the SVG backend has no font metrics).

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{GRID, INK, MUTED};
use crate::{Canvas, ChartError};

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

pub(crate) const FONT: &str = "sans-serif";
/// plotters writes font sizes in points (÷ 1.24): sizes here are asked for in pixels.
pub(crate) const PT_PER_PX: f64 = 1.24;
/// Average advance of a sans-serif character, as a share of the font size in pixels.
pub(crate) const TEXT_WIDTH_PER_PX: f64 = 0.56;
pub(crate) const MIN_WIDTH: u32 = 480;
pub(crate) const MIN_HEIGHT: u32 = 300;

/// Sizes for one chart, scaled from a 960-pixel-wide reference slide, and the date its
/// footnote gives.
#[derive(Debug, Clone)]
pub(crate) struct Theme {
    pub scale: f64,
    pub width: u32,
    pub date: Option<String>,
}

impl Theme {
    pub fn new(canvas: &Canvas) -> Self {
        Theme {
            scale: (canvas.width as f64 / 960.0).clamp(0.75, 2.0),
            width: canvas.width,
            date: canvas.date.clone().filter(|d| !d.trim().is_empty()),
        }
    }

    /// `v` reference pixels at this chart's size.
    pub fn px(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    /// A font of `size_px` reference pixels.
    pub fn font(&self, size_px: f64) -> (&'static str, f64) {
        (FONT, size_px * self.scale * PT_PER_PX)
    }

    /// A text style of `size_px` reference pixels in `colour`.
    pub fn text(&self, size_px: f64, colour: &RGBColor) -> TextStyle<'static> {
        self.font(size_px).into_font().color(colour)
    }

    /// The same, bold.
    pub fn bold(&self, size_px: f64, colour: &RGBColor) -> TextStyle<'static> {
        self.font(size_px).into_font().style(FontStyle::Bold).color(colour)
    }

    /// Estimated width in pixels of `text` at `size_px` reference pixels.
    pub fn width_of(&self, text: &str, size_px: f64) -> f64 {
        text_width(text, size_px * self.scale)
    }

    /// How many characters of `size_px` reference pixels fit in `room` pixels.
    pub fn chars_in(&self, room: f64, size_px: f64) -> f64 {
        room / (TEXT_WIDTH_PER_PX * size_px * self.scale)
    }
}

/// Draws a chart on `canvas` into an SVG string.
pub(crate) fn render(
    canvas: &Canvas,
    draw: impl FnOnce(&Area<'_>, &Theme) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let (width, height) = (canvas.width, canvas.height);
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Err(ChartError::TooSmall { width, height, min_width: MIN_WIDTH, min_height: MIN_HEIGHT });
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root, &Theme::new(canvas))?;
        root.present()?;
    }
    Ok(svg)
}

/// What a chart says above and below its plot.
pub(crate) struct Frame<'a> {
    pub title: &'a str,
    pub message: &'a str,
    pub message_colour: RGBColor,
    /// Lines of small print at the bottom. The first says where the figures come from
    /// (scenario, trials): the canvas's date is added to it.
    pub footnote: &'a [String],
}

/// Draws the title, the key message and the footnote; returns the area left for the plot.
pub(crate) fn frame<'a>(root: &Area<'a>, t: &Theme, f: &Frame<'_>) -> Result<Area<'a>, ChartError> {
    let width = t.width as f64;
    let header_height = t.px(104.0) as u32;
    let (header, rest) = root.split_vertically(header_height);
    // A long title shrinks from 30 px down to 22 px before it is cut.
    let room = width - 64.0 * t.scale;
    let bold_width = TEXT_WIDTH_PER_PX * 1.06;
    let title_px = (room / (bold_width * t.scale * f.title.chars().count().max(1) as f64)).clamp(22.0, 30.0);
    let title = fit_text(f.title, room / (bold_width * title_px * t.scale));
    header.draw(&Text::new(
        title,
        (t.px(32.0), t.px(22.0 + (30.0 - title_px) / 2.0)),
        t.bold(title_px, &INK),
    ))?;
    // The key message shrinks from 22 px down to 18 px before it is cut.
    let message_px = (t.chars_in(room, 1.0) / f.message.chars().count().max(1) as f64).clamp(18.0, 22.0);
    let message = fit_text(f.message, t.chars_in(room, message_px));
    let style = t.text(message_px, &f.message_colour).pos(Pos::new(HPos::Left, VPos::Center));
    header.draw(&Text::new(message, (t.px(32.0), t.px(76.0)), style))?;

    // The date goes at the end of the first line, the one that says what was computed; a
    // line too long for the slide is cut before the date, never the date itself.
    let mut footnote = f.footnote.to_vec();
    let date = t.date.as_ref().map(|d| format!(" · {d}"));
    if footnote.is_empty() && date.is_some() {
        footnote.push(String::new());
    }
    let line = t.px(20.0);
    let foot_height = if footnote.is_empty() { t.px(8.0) } else { line * footnote.len() as i32 + t.px(12.0) };
    let rest_height = rest.dim_in_pixel().1 as i32;
    let (body, foot) = rest.split_vertically((rest_height - foot_height).max(0));
    for (i, note) in footnote.iter().enumerate() {
        let chars = t.chars_in(room, 14.0);
        let note = match (&date, i) {
            (Some(d), 0) if note.is_empty() => d.trim_start_matches(" · ").to_string(),
            (Some(d), 0) => fit_text(note, chars - d.chars().count() as f64) + d,
            _ => fit_text(note, chars),
        };
        foot.draw(&Text::new(note, (t.px(32.0), t.px(2.0) + i as i32 * line), t.text(14.0, &MUTED)))?;
    }
    Ok(body)
}

/// A plain "nothing to show" note in the middle of the plot area.
pub(crate) fn nothing_to_show(body: &Area<'_>, t: &Theme, note: &str) -> Result<(), ChartError> {
    let (w, h) = body.dim_in_pixel();
    let note = fit_text(note, t.chars_in(w as f64 - 64.0 * t.scale, 22.0));
    let style = t.text(22.0, &MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    body.draw(&Text::new(note, (w as i32 / 2, h as i32 / 2), style))?;
    Ok(())
}

/// The footnote line that says where simulated figures come from.
pub(crate) fn trials_note(scenario: Option<&str>, trials: usize, seed: u64) -> String {
    format!(
        "{} · {} Monte Carlo trial{} (seed {seed})",
        scenario_note(scenario),
        group(trials as u64),
        if trials == 1 { "" } else { "s" }
    )
}

/// "Scenario: base" or "Scenario: pessimistic".
pub(crate) fn scenario_note(scenario: Option<&str>) -> String {
    format!("Scenario: {}", scenario.unwrap_or("base case"))
}

/// A count with thousands separators.
pub(crate) fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A plain number for input values on labels: `1.2M`, `45k`, `12.5`, `0.035`.
pub(crate) fn number(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let a = v.abs();
    let trimmed = |s: String| {
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
    };
    let body = if a >= 1e9 {
        format!("{}B", trimmed(format!("{:.1}", a / 1e9)))
    } else if a >= 1e6 {
        format!("{}M", trimmed(format!("{:.1}", a / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trimmed(format!("{:.1}", a / 1e3)))
    } else if a >= 100.0 {
        format!("{a:.0}")
    } else if a >= 1.0 {
        trimmed(format!("{a:.2}"))
    } else if a == 0.0 {
        "0".to_string()
    } else {
        trimmed(format!("{a:.3}"))
    };
    let sign = if v < 0.0 && body != "0" { "-" } else { "" };
    format!("{sign}{body}")
}

/// An axis 0 … `end` with ticks where the caller wants them; labels come from the mesh's
/// label formatter.
pub(crate) struct TickAxis {
    pub end: f64,
    pub ticks: Vec<f64>,
}

impl TickAxis {
    /// The month axis: 0 … horizon with ticks on round month counts (see [`month_ticks`]).
    pub fn months(horizon: u32) -> Self {
        TickAxis { end: f64::from(horizon), ticks: month_ticks(horizon) }
    }
}

impl Ranged for TickAxis {
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

impl ValueFormatter<f64> for TickAxis {
    fn format(value: &f64) -> String {
        format!("{}", value.round() as i64)
    }
}

/// Tick positions on the month axis: 0 and every 1, 2, 3, 6, 12, 24… months, at most ~12.
pub(crate) fn month_ticks(horizon: u32) -> Vec<f64> {
    let step = [1, 2, 3, 6, 12, 24, 60, 120].into_iter().find(|s| horizon / s <= 12).unwrap_or(120);
    (0..=horizon).step_by(step as usize).map(f64::from).collect()
}

/// Estimated width in pixels of `text` at `size_px` (no font metrics in the SVG backend).
pub(crate) fn text_width(text: &str, size_px: f64) -> f64 {
    TEXT_WIDTH_PER_PX * size_px * text.chars().count() as f64
}

/// `text` cut to at most `max_chars` characters, with an ellipsis when cut; empty when fewer
/// than four characters would remain.
pub(crate) fn fit_text(text: &str, max_chars: f64) -> String {
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

/// `text` on at most two lines of `max_chars`, broken at a space; the second is cut with an
/// ellipsis when the text is longer still.
pub(crate) fn wrap2(text: &str, max_chars: f64) -> (String, String) {
    if text.chars().count() as f64 <= max_chars {
        return (text.to_string(), String::new());
    }
    let max = if max_chars.is_finite() && max_chars > 0.0 { max_chars.floor() as usize } else { 0 };
    let head: String = text.chars().take(max + 1).collect();
    match head.rfind(' ') {
        Some(cut) if cut > 0 => (text[..cut].to_string(), fit_text(text[cut..].trim_start(), max_chars)),
        _ => (fit_text(text, max_chars), String::new()),
    }
}

/// A box in pixels: left, top, right, bottom.
pub(crate) type PixelBox = (f64, f64, f64, f64);

/// Where to put a label of `w` × `h` pixels next to a point at (`x`, `y`) inside a plot of
/// `plot` pixels: right, left, above, below, then diagonally, the first spot that overlaps
/// none of `taken` (or the first inside the plot when all overlap). Returns its top-left
/// corner and records it in `taken`; `None` when it cannot fit inside the plot at all.
pub(crate) fn place_label(
    taken: &mut Vec<PixelBox>,
    (x, y): (f64, f64),
    (w, h): (f64, f64),
    gap: f64,
    plot: (f64, f64),
) -> Option<(f64, f64)> {
    let candidates = [
        (x + gap, y - h / 2.0),
        (x - gap - w, y - h / 2.0),
        (x - w / 2.0, y - gap - h),
        (x - w / 2.0, y + gap),
        (x + gap, y - h * 1.5),
        (x + gap, y + h * 0.5),
        (x - gap - w, y - h * 1.5),
        (x - gap - w, y + h * 0.5),
    ];
    let inside = |&(lx, ly): &(f64, f64)| lx >= 0.0 && lx + w <= plot.0 && ly >= 0.0 && ly + h <= plot.1;
    let free = |&(lx, ly): &(f64, f64)| {
        !taken.iter().any(|&(a, b, c, d)| lx < c && lx + w > a && ly < d && ly + h > b)
    };
    let spot =
        candidates.iter().find(|c| inside(c) && free(c)).or_else(|| candidates.iter().find(|c| inside(c)))?;
    taken.push((spot.0, spot.1, spot.0 + w, spot.1 + h));
    Some(*spot)
}

/// The grid and axis style every chart shares: light horizontal rules, muted axes, 17 px tick
/// labels and 18 px axis names.
pub(crate) fn style_mesh<'a, 'b, 'm, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    t: &Theme,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(1))
        .label_style(t.text(17.0, &MUTED))
        .axis_desc_style(t.text(18.0, &INK))
}

/// The frame of a horizontal bar chart: `rows` rows on y (row i from i to i + 1), amounts of
/// `currency` on x between `x.0` and `x.1` with k / M ticks and the axis named `x_desc`, and
/// `label_share` of the width on the left for the rows' names. The tornado and the
/// waterfall share it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn horizontal_bars<'a, 'b>(
    body: &'b DrawingArea<SVGBackend<'a>, Shift>,
    t: &Theme,
    x: (f64, f64),
    rows: usize,
    label_share: f64,
    top_px: f64,
    x_desc: &str,
    currency: &str,
) -> Result<ChartContext<'b, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>, ChartError> {
    let (bw, _) = body.dim_in_pixel();
    let mut chart = ChartBuilder::on(body)
        .margin_left(t.px(12.0))
        .margin_right(t.px(28.0))
        .margin_top(t.px(top_px))
        .margin_bottom(t.px(4.0))
        .x_label_area_size(t.px(58.0))
        .y_label_area_size((bw as f64 * label_share).round() as i32)
        .build_cartesian_2d(x.0..x.1, 0.0..rows as f64)?;
    let money = |v: &f64| candor_engine::format::money_compact(*v, currency);
    style_mesh(&mut chart.configure_mesh(), t)
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&money)
        .x_desc(x_desc)
        .draw()?;
    Ok(chart)
}

/// The annual discount rate an evaluation used, read back from its flows: month t is
/// discounted by (1 + r_m)^t, so r_m = (CF_t / DCF_t)^(1/t) − 1, annualised. Taken on the
/// largest flow for precision; none when every flow after month 0 is zero.
pub(crate) fn discount_rate(eval: &candor_engine::Evaluation) -> Option<f64> {
    let row = eval
        .monthly
        .iter()
        .filter(|r| r.month > 0 && r.cash_flow.is_finite() && r.discounted_cash_flow.is_finite())
        .filter(|r| r.cash_flow != 0.0 && r.discounted_cash_flow != 0.0)
        .max_by(|a, b| a.cash_flow.abs().total_cmp(&b.cash_flow.abs()))?;
    let ratio = row.cash_flow / row.discounted_cash_flow;
    let monthly = ratio.powf(1.0 / f64::from(row.month)) - 1.0;
    let annual = (1.0 + monthly).powi(12) - 1.0;
    annual.is_finite().then_some(annual)
}

/// A rate for a slide: "8%", "7.5%".
pub(crate) fn rate_text(r: f64) -> String {
    let pct = (r * 1000.0).round() / 10.0;
    if pct.fract() == 0.0 { format!("{pct:.0}%") } else { format!("{pct:.1}%") }
}

/// A padded value range that always has some width, for axes.
pub(crate) fn padded(lo: f64, hi: f64, below: f64, above: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() { (lo.min(hi), lo.max(hi)) } else { (0.0, 1.0) };
    let (lo, hi) = if hi - lo > 0.0 {
        (lo, hi)
    } else {
        let half = hi.abs().max(1.0) / 2.0;
        (lo - half, hi + half)
    };
    let span = hi - lo;
    (lo - below * span, hi + above * span)
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

    #[test]
    fn numbers_and_counts_read_as_a_person_writes_them() {
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(group(999), "999");
        assert_eq!(number(0.035), "0.035");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(45_000.0), "45k");
        assert_eq!(number(-1_200_000.0), "-1.2M");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn wrap2_breaks_at_a_space() {
        assert_eq!(wrap2("short", 10.0), ("short".to_string(), String::new()));
        assert_eq!(
            wrap2("no payback can be committed", 12.0),
            ("no payback".to_string(), "can be comm…".to_string())
        );
    }

    #[test]
    fn rates_read_as_whole_percentages_when_they_are() {
        assert_eq!(rate_text(0.08), "8%");
        assert_eq!(rate_text(0.075), "7.5%");
        assert_eq!(rate_text(0.0), "0%");
    }

    #[test]
    fn padded_ranges_are_never_empty() {
        let (lo, hi) = padded(0.0, 0.0, 0.1, 0.1);
        assert!(lo < 0.0 && hi > 0.0);
        let (lo, hi) = padded(5.0, 5.0, 0.0, 0.0);
        assert!(hi > lo);
        assert_eq!(padded(f64::NAN, 1.0, 0.0, 0.0), (0.0, 1.0));
    }
}
