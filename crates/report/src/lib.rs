//! Candor's outputs for meetings: a chart as PNG (2× for slides) or as a vector PDF, and the
//! PDF deck of a case (title, key metrics, every chart, stakeholder expectations, risks and
//! the assumptions with their sources).
//!
//! Boundaries: bytes in, bytes out. The figures come from `candor-engine`, the charts from
//! `candor-charts` (as SVG); this crate only lays out the deck's text slides and converts
//! SVG to PNG (resvg) and PDF (svg2pdf). No file, clock or network access: the caller gives
//! the date printed on the slides and writes the result. No Tauri: the CLI and the app share
//! it. Text is set in DejaVu Sans from the `dejavu` crate and no system font is read, so a
//! PNG or PDF is the same on every machine.
//!
//! ```no_run
//! # fn show(eval: &candor_engine::Evaluation) -> Result<(), Box<dyn std::error::Error>> {
//! let svg = candor_charts::cumulative_cash_flow_svg(eval, &candor_charts::Canvas::new(1920, 1080))?;
//! let png = candor_report::svg_to_png(&svg, 2.0)?; // 3840×2160
//! let pdf = candor_report::svg_to_pdf(&svg)?;
//! # Ok(()) }
//! ```

mod charts;
mod deck;
mod fmt;
mod fonts;
mod pdf;
mod png;
mod slides;

pub use charts::{Chart, Figures, chart_svg, chart_svgs};
pub use deck::{DeckProgress, deck, deck_slides};
pub use pdf::svg_to_pdf;
pub use png::{MAX_SCALE, MAX_SIDE, svg_to_png};

/// Width and height of a slide, in pixels: the deck's pages and the charts drawn for them.
pub const SLIDE: (u32, u32) = (1920, 1080);

/// Why a PNG, a PDF or a deck could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The case cannot be evaluated (the message names the field).
    #[error(transparent)]
    Engine(#[from] candor_engine::EngineError),
    /// A chart could not be drawn.
    #[error("the {chart} chart: {source}")]
    Chart { chart: &'static str, source: candor_charts::ChartError },
    /// The SVG is not well-formed or not SVG.
    #[error("the SVG cannot be read: {0}")]
    Svg(#[from] resvg::usvg::Error),
    /// A PNG scale out of range.
    #[error("scale must be above 0 and at most {max}, got {scale}")]
    Scale { scale: f32, max: f32 },
    /// A PNG larger than [`MAX_SIDE`] on a side.
    #[error("the image would be {width}×{height} pixels, more than {max} on a side")]
    TooLarge { width: u64, height: u64, max: u32 },
    /// PNG encoding failed.
    #[error("writing the PNG failed: {0}")]
    Png(String),
    /// svg2pdf failed.
    #[error("writing the PDF failed: {0}")]
    Pdf(String),
}
