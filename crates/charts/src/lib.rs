//! Candor's charts: one module draws every chart the app, the CLI and the exports show, so
//! that the screen and the slides always agree.
//!
//! Amounts are written by `candor_engine::format`, as everywhere else.
//!
//! Charts are drawn with plotters into SVG strings (no system library, no font file: the
//! viewer renders the `sans-serif` text). They are meant for slides: large type, a title and
//! a one-line key message in words, a footnote that says where the figures come from, and
//! the Okabe–Ito palette, which stays distinguishable for colour-blind readers.
//!
//! Every chart is drawn on a [`Canvas`]: its size, and the date its footnote gives next to
//! the scenario and the trial count. The caller gives the date (the charts read no clock),
//! so the same inputs always draw the same chart.
//!
//! Every chart returns either an SVG or a [`ChartError`]; inputs with nothing to plot (no
//! stakeholders, no risks, no uncertain input, no hosting alternative) give a chart that
//! says so, never a panic.
//!
//! ```no_run
//! # fn show(eval: &candor_engine::Evaluation) -> Result<(), candor_charts::ChartError> {
//! let canvas = candor_charts::Canvas::new(960, 540).dated("2026-03-14");
//! let svg = candor_charts::cumulative_cash_flow_svg(eval, &canvas)?;
//! assert!(svg.starts_with("<svg"));
//! # Ok(()) }
//! ```

use plotters::prelude::DrawingAreaErrorKind;

mod costs;
mod cumulative;
mod distribution;
mod hosting;
mod risks;
mod scenarios;
mod stakeholders;
mod theme;
mod tornado;
mod waterfall;

pub use costs::cost_breakdown_svg;
pub use cumulative::{band_message, cumulative_band_svg, cumulative_cash_flow_svg, payback_message};
pub use distribution::npv_distribution_svg;
pub use hosting::{hosting_break_even_svg, hosting_message};
pub use risks::{RiskImpact, risk_heat_map_svg, risk_impacts};
pub use scenarios::{scenario_comparison_svg, scenario_message};
pub use stakeholders::{expectations_svg, power_interest_svg, quadrant};
pub use tornado::tornado_svg;
pub use waterfall::{benefit_waterfall_svg, waterfall_message};

/// The slide a chart is drawn on: its size in pixels and the date its footnote gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    /// The date the figures are presented, as the caller wants it written (e.g.
    /// "2026-03-14"); none leaves the footnote undated.
    pub date: Option<String>,
}

impl Canvas {
    /// An undated canvas of `width` × `height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        Canvas { width, height, date: None }
    }

    /// The same canvas with `date` in the footnote.
    pub fn dated(self, date: impl Into<String>) -> Self {
        Canvas { date: Some(date.into()), ..self }
    }
}

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
    /// An input figure that cannot be placed on an axis (NaN or infinite).
    #[error("the {what} is not a finite number")]
    NotFiniteInput { what: &'static str },
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
    /// The palette's eighth colour (black), softened to a dark grey for large areas.
    pub const GREY: RGBColor = RGBColor(0x6B, 0x72, 0x80);
    /// Text and axes.
    pub const INK: RGBColor = RGBColor(0x1F, 0x29, 0x37);
    /// Secondary text and tick labels.
    pub const MUTED: RGBColor = RGBColor(0x4B, 0x55, 0x63);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(0xE5, 0xE7, 0xEB);
    /// Phase bands, in timeline order (repeated when there are more phases).
    pub const BANDS: [RGBColor; 5] = [SKY_BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, YELLOW];
    /// Series in order (stacked categories, legends): the seven colours, then grey.
    pub const SERIES: [RGBColor; 8] =
        [BLUE, ORANGE, BLUISH_GREEN, VERMILLION, SKY_BLUE, REDDISH_PURPLE, YELLOW, GREY];
}
