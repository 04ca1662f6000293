//! The deck's text slides, drawn as 1920×1080 SVG in the charts' look: the same margins,
//! title and message sizes as `candor-charts` at slide size, its palette, and DejaVu Sans,
//! whose real advances ([`crate::fonts::text_width`]) decide where lines wrap.
//!
//! Every slide leaves the bottom [`FOOTER`] pixels to the footer (case, scenario, date, page),
//! which the deck draws on every page, charts included.

mod assumptions;
mod metrics;
mod risks;
mod stakeholders;
mod table;
mod title;

pub(crate) use assumptions::assumptions;
pub(crate) use metrics::metrics;
pub(crate) use risks::{RiskFigures, risks};
pub(crate) use stakeholders::expectations;
pub(crate) use title::title;

use std::fmt::Write as _;

use candor_charts::palette;

use crate::fonts::{self, text_width};

pub(crate) const WIDTH: f64 = 1920.0;
pub(crate) const HEIGHT: f64 = 1080.0;
/// Height of the footer strip at the bottom of every page.
pub(crate) const FOOTER: f64 = 56.0;
/// Left and right margin: the charts' 32 reference pixels at slide size.
pub(crate) const MARGIN: f64 = 64.0;
/// Where a slide's body starts, below its title and message.
pub(crate) const BODY_TOP: f64 = 232.0;
/// Where a slide's body must end, above the footer.
pub(crate) const BODY_BOTTOM: f64 = HEIGHT - FOOTER - 24.0;
/// Room kept at the bottom of the body for a two-line [`Slide::note`].
pub(crate) const NOTE: f64 = 80.0;

/// A colour, taken from the charts' palette so that text slides and charts match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(u8, u8, u8);

impl Rgb {
    /// As SVG writes it: `#1F2937`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// The palette's constants are plotters colours; their fields are read at compile time so
/// that this crate needs no plotters of its own.
macro_rules! from_palette {
    ($($name:ident),*) => { $(pub(crate) const $name: Rgb = Rgb(palette::$name.0, palette::$name.1, palette::$name.2);)* };
}
from_palette!(INK, MUTED, GRID, BLUE, BLUISH_GREEN, VERMILLION, ORANGE, SKY_BLUE);

/// Light fills that the palette has no name for: table stripes and card backgrounds.
pub(crate) const STRIPE: &str = "#F3F4F6";
pub(crate) const CARD: &str = "#F9FAFB";

/// `s` with the five XML special characters escaped, for text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0: a case name pasted with a tab
            // or a stray escape must not make the page unreadable.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Horizontal alignment of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f64,
    pub bold: bool,
    pub colour: Rgb,
    pub align: Align,
}

impl Style {
    pub fn new(size: f64, colour: Rgb) -> Self {
        Style { size, bold: false, colour, align: Align::Left }
    }
    pub fn bold(self) -> Self {
        Style { bold: true, ..self }
    }
    pub fn align(self, align: Align) -> Self {
        Style { align, ..self }
    }
}

/// One slide being drawn.
pub(crate) struct Slide {
    svg: String,
}

impl Slide {
    /// A blank white slide.
    pub fn new() -> Self {
        let mut svg = String::with_capacity(16 * 1024);
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">"#
        );
        svg.push_str(r##"<rect x="0" y="0" width="1920" height="1080" fill="#FFFFFF"/>"##);
        Slide { svg }
    }

    /// A slide with the charts' header: a bold title and a one-line key message.
    pub fn with_header(title: &str, message: &str, message_colour: Rgb) -> Self {
        let mut s = Slide::new();
        let room = WIDTH - 2.0 * MARGIN;
        // Like the charts: a long title shrinks from 60 px to 44 px before it is cut.
        let title_size = fit_size(title, room, 60.0, 44.0, true);
        s.text(
            MARGIN,
            44.0 + 0.8 * title_size,
            &cut(title, room, title_size, true),
            Style::new(title_size, INK).bold(),
        );
        let message_size = fit_size(message, room, 40.0, 32.0, false);
        s.text(
            MARGIN,
            168.0,
            &cut(message, room, message_size, false),
            Style::new(message_size, message_colour),
        );
        s
    }

    /// Text with its baseline at `y`; `x` is its left, right or centre by its style.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: Style) {
        let anchor = match style.align {
            Align::Left => "start",
            Align::Right => "end",
        };
        let _ = write!(
            self.svg,
            r#"<text x="{x:.1}" y="{y:.1}" font-family="{}, sans-serif" font-size="{:.1}"{} fill="{}" text-anchor="{anchor}" xml:space="preserve">{}</text>"#,
            fonts::FAMILY,
            style.size,
            if style.bold { r#" font-weight="bold""# } else { "" },
            style.colour.hex(),
            escape(text),
        );
    }

    /// A filled rectangle, with rounded corners when `radius` > 0.
    pub fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str, radius: f64) {
        let _ = write!(
            self.svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{width:.1}" height="{height:.1}" rx="{radius:.1}" fill="{fill}"/>"#
        );
    }

    /// A horizontal rule.
    pub fn rule(&mut self, x: f64, y: f64, width: f64, colour: &str, thickness: f64) {
        self.rect(x, y - thickness / 2.0, width, thickness, colour, 0.0);
    }

    /// Small print at the bottom of the body, on at most two lines (what a column means,
    /// where figures come from); the body must leave [`NOTE`] pixels free for it.
    pub fn note(&mut self, text: &str) {
        let lines = wrap(text, WIDTH - 2.0 * MARGIN, 24.0, false, 2);
        let first = BODY_BOTTOM - 30.0 * (lines.len() as f64 - 1.0);
        for (i, l) in lines.iter().enumerate() {
            self.text(MARGIN, first + 30.0 * i as f64, l, Style::new(24.0, MUTED));
        }
    }

    /// A slide showing `chart` (an SVG document, 16:9) in the room above the footer,
    /// centred: the chart is nested as an inner `<svg>` with its own viewBox, so that it
    /// keeps its coordinates and is clipped to its box.
    pub fn chart(chart: &str) -> Result<Self, resvg::usvg::Error> {
        let doc =
            resvg::usvg::roxmltree::Document::parse(chart).map_err(resvg::usvg::Error::ParsingFailed)?;
        let root = doc.root_element();
        let number =
            |name: &str| root.attribute(name).and_then(|v| v.trim_end_matches("px").parse::<f64>().ok());
        let (w, h) = (number("width").unwrap_or(WIDTH), number("height").unwrap_or(HEIGHT));
        let view_box = root.attribute("viewBox").map_or(format!("0 0 {w} {h}"), str::to_string);
        let room = HEIGHT - FOOTER;
        let width = room * w / h;
        // Everything between the root's start tag and its end tag, as written.
        let range = root.range();
        let inner = root.first_child().map_or(range.end, |c| c.range().start);
        let body = chart[inner..range.end].trim_end().strip_suffix("</svg>").unwrap_or("");
        let mut s = Slide::new();
        let _ = write!(
            s.svg,
            r#"<svg x="{:.1}" y="0" width="{width:.1}" height="{room:.1}" viewBox="{}">{body}</svg>"#,
            (WIDTH - width) / 2.0,
            escape(&view_box)
        );
        Ok(s)
    }

    /// The SVG document.
    pub fn finish(mut self) -> String {
        self.svg.push_str("</svg>");
        self.svg
    }
}

/// What the footer says: the case and scenario on the left, the date and page on the right.
pub(crate) struct Footer<'a> {
    pub case: &'a str,
    pub scenario: Option<&'a str>,
    pub date: &'a str,
}

impl Footer<'_> {
    /// Draws the footer of page `page` of `pages` at the bottom of `slide`.
    pub fn draw(&self, slide: &mut Slide, page: usize, pages: usize) {
        let top = HEIGHT - FOOTER;
        slide.rule(MARGIN, top, WIDTH - 2.0 * MARGIN, &GRID.hex(), 2.0);
        let style = Style::new(24.0, MUTED);
        let right = format!("Prepared with Candor on {} · {page} / {pages}", self.date);
        let room = WIDTH - 2.0 * MARGIN - text_width(&right, 24.0, false) - 48.0;
        let left = format!("{} · {}", self.case, self.scenario.unwrap_or("base case"));
        slide.text(MARGIN, top + 36.0, &cut(&left, room, 24.0, false), style);
        slide.text(WIDTH - MARGIN, top + 36.0, &right, style.align(Align::Right));
    }
}

/// The largest size from `max` down to `min` at which `text` fits in `room` pixels.
pub(crate) fn fit_size(text: &str, room: f64, max: f64, min: f64, bold: bool) -> f64 {
    let at_one = text_width(text, 1.0, bold);
    if at_one <= 0.0 { max } else { (room / at_one).clamp(min, max) }
}

/// `text` cut with an ellipsis to fit in `room` pixels at `size`.
pub(crate) fn cut(text: &str, room: f64, size: f64, bold: bool) -> String {
    if text_width(text, size, bold) <= room {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let next = format!("{out}{c}…");
        if text_width(&next, size, bold) > room {
            break;
        }
        out.push(c);
    }
    // "(secondary).…" reads as a typo: the ellipsis replaces a trailing stop or comma.
    format!("{}…", out.trim_end().trim_end_matches(['.', ',', ';', ':']))
}

/// `text` broken into lines of at most `room` pixels at `size`: at spaces, or inside a word
/// too long for a line; at most `max_lines`, the last cut with an ellipsis when more remains.
pub(crate) fn wrap(text: &str, room: f64, size: f64, bold: bool, max_lines: usize) -> Vec<String> {
    let fits = |s: &str| text_width(s, size, bold) <= room;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a whole line (a long input path, a URL) is broken where it must.
        let mut rest = word.to_string();
        while !fits(&rest) {
            let mut head = String::new();
            for c in rest.chars() {
                if !fits(&format!("{head}{c}")) {
                    break;
                }
                head.push(c);
            }
            if head.is_empty() {
                break;
            }
            rest = rest[head.len()..].to_string();
            lines.push(head);
        }
        line = rest;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(cut(&rest, room, size, bold));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_any_text_safe_in_xml() {
        assert_eq!(escape(r#"A&B <C> "D" 'E'"#), "A&amp;B &lt;C&gt; &quot;D&quot; &apos;E&apos;");
        assert_eq!(escape("tab\there"), "tab here");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_what_does_not_fit() {
        let lines = wrap("one two three four five six seven eight", 200.0, 30.0, false, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        for l in &lines {
            assert!(text_width(l, 30.0, false) <= 200.0, "{l:?} is too wide");
        }
        let long = wrap("costs[A very long cost line name].units_per_driver_unit", 300.0, 26.0, false, 5);
        assert!(long.len() > 1);
        // Nothing is lost when nothing is cut: the lines hold every character but the spaces.
        assert_eq!(long.concat().replace(' ', ""), "costs[Averylongcostlinename].units_per_driver_unit");
    }
}
