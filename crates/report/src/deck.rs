//! The PDF deck: one place knows what a deck holds. It evaluates the case, simulates it,
//! runs the sensitivity analysis, draws the charts and the text slides, and writes every
//! slide as one page of a vector PDF with the same footer.

use candor_engine::{Case, Catalog, Day};

use crate::charts::{Chart, Figures, chart_svgs};
use crate::pdf::PdfBuilder;
use crate::slides::{self, Footer, RiskFigures, Slide};
use crate::{ReportError, fmt, fonts};

/// How far a deck has got, for the progress bar of a long export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckProgress {
    /// The Monte Carlo simulation, trial by trial (reported by blocks).
    Simulating { done: usize, trials: usize },
    /// The slides, page by page, once the figures are known.
    Slides { done: usize, total: usize },
}

/// The PDF deck of `case` under `scenario` (the base case when `None`): a title slide, the
/// key figures with their P10–P90 from a `trials`-trial simulation seeded `seed`, one slide
/// per chart, the stakeholder expectations, the risks and every assumption with its source.
/// `date` is printed on every slide's footer (the caller's today, so that tests can fix it)
/// and ages the catalog's prices. `progress` is told how far the work has got.
pub fn deck(
    case: &Case,
    catalog: &Catalog,
    scenario: Option<&str>,
    trials: usize,
    seed: u64,
    date: Day,
    progress: &(dyn Fn(DeckProgress) + Sync),
) -> Result<Vec<u8>, ReportError> {
    let slides = deck_slides(case, catalog, scenario, trials, seed, date, progress)?;
    let total = slides.len();
    progress(DeckProgress::Slides { done: 0, total });
    let mut pdf = PdfBuilder::new();
    for (i, slide) in slides.iter().enumerate() {
        pdf.page(&fonts::parse(slide)?)?;
        progress(DeckProgress::Slides { done: i + 1, total });
    }
    Ok(pdf.finish(&format!("{}: business case", case.name)))
}

/// The deck's slides as SVG documents at slide size, footers drawn: the PDF's pages, and
/// what the app's present mode shows, so the meeting sees exactly the exported deck.
pub fn deck_slides(
    case: &Case,
    catalog: &Catalog,
    scenario: Option<&str>,
    trials: usize,
    seed: u64,
    date: Day,
    progress: &(dyn Fn(DeckProgress) + Sync),
) -> Result<Vec<String>, ReportError> {
    let f = Figures::compute(case, catalog, scenario, trials, seed, &|done| {
        progress(DeckProgress::Simulating { done, trials })
    })?;
    let impacts = candor_charts::risk_impacts(&f.prepared, &f.eval);
    let day = fmt::iso_date(date);

    let mut pages =
        vec![slides::title(case, scenario, &fmt::long_date(date)), slides::metrics(&f.eval, &f.simulation)];
    for (chart, svg) in chart_svgs(&f, date)? {
        pages.push(Slide::chart(&svg)?);
        // Each table follows the chart it details.
        match chart {
            Chart::Expectations => pages.extend(slides::expectations(&f.simulation)),
            Chart::Risks => pages.extend(slides::risks(&RiskFigures {
                case: &f.prepared,
                impacts: &impacts,
                mitigations: &f.mitigations,
            })),
            _ => {}
        }
    }
    pages.extend(slides::assumptions(case, &f.prepared, catalog, date, scenario));

    let total = pages.len();
    let footer = Footer { case: &case.name, scenario, date: &day };
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, mut page)| {
            footer.draw(&mut page, i + 1, total);
            page.finish()
        })
        .collect())
}
