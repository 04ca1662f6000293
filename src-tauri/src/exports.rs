//! What the export buttons write: a chart as PNG (slide size, 1× or 2×) or SVG, the PDF
//! deck, the XLSX workbook, the monthly CSV and the case file. Each is made here as bytes
//! from the libraries; the command asks the user where to put it (a native dialog) and
//! writes it. Independent of Tauri.

use candor_engine::simulate::{SimulationOptions, simulate};
use candor_report::{Chart, DeckProgress, Figures};
use candor_store::Store;

use crate::error::CommandError;

/// Trials behind every exported figure: the same as the results pane shows.
pub const TRIALS: usize = 10_000;

fn report_error(e: candor_report::ReportError) -> CommandError {
    match e {
        candor_report::ReportError::Engine(e) => e.into(),
        e => CommandError::new("export", e.to_string()),
    }
}

fn today() -> candor_engine::Day {
    candor_engine::Day::parse(&crate::results::today()).unwrap_or(candor_engine::Day {
        year: 1970,
        month: 1,
        day: 1,
    })
}

/// A file name from a case name: letters, digits and dashes.
pub fn file_stem(name: &str) -> String {
    let stem: String =
        name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let mut out = String::new();
    for part in stem.split('-').filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    if out.is_empty() { "case".to_string() } else { out }
}

/// Chart `kind` of case `id` at slide size, as SVG, and the case's name.
pub async fn chart_svg(store: &Store, id: i64, kind: &str) -> Result<(String, String), CommandError> {
    let case = store.load_case(id).await?.case;
    let catalog = store.catalog().await?;
    let kind = kind.to_string();
    tokio::task::spawn_blocking(move || {
        let name = case.name.clone();
        let svg = if kind == "cumulative" {
            let eval = candor_engine::evaluate(&case, &catalog, None)?;
            let canvas = candor_charts::Canvas::new(candor_report::SLIDE.0, candor_report::SLIDE.1)
                .dated(crate::results::today());
            candor_charts::cumulative_cash_flow_svg(&eval, &canvas)?
        } else {
            let chart = Chart::ALL
                .into_iter()
                .find(|c| c.name() == kind)
                .ok_or_else(|| CommandError::new("unknown_chart", format!("no chart named {kind:?}")))?;
            let f =
                Figures::compute(&case, &catalog, None, TRIALS, SimulationOptions::default().seed, &|_| {})
                    .map_err(report_error)?;
            candor_report::chart_svg(chart, &f, today()).map_err(report_error)?
        };
        Ok((svg, name))
    })
    .await
    .map_err(|e| CommandError::new("unexpected", e.to_string()))?
}

pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, CommandError> {
    candor_report::svg_to_png(svg, scale).map_err(report_error)
}

/// The PDF deck of case `id`; `progress` hears the share done (0–100).
pub async fn deck(
    store: &Store,
    id: i64,
    progress: impl Fn(u32) + Send + Sync + 'static,
) -> Result<Vec<u8>, CommandError> {
    let case = store.load_case(id).await?.case;
    let catalog = store.catalog().await?;
    tokio::task::spawn_blocking(move || {
        // The simulation is most of the work: give it the first 70%.
        let report = |p: DeckProgress| {
            progress(match p {
                DeckProgress::Simulating { done, trials } => (done * 70 / trials.max(1)) as u32,
                DeckProgress::Slides { done, total } => 70 + (done * 30 / total.max(1)) as u32,
            })
        };
        let seed = SimulationOptions::default().seed;
        candor_report::deck(&case, &catalog, None, TRIALS, seed, today(), &report).map_err(report_error)
    })
    .await
    .map_err(|e| CommandError::new("unexpected", e.to_string()))?
}

/// The XLSX workbook of case `id`, with its simulation sheets.
pub async fn workbook(store: &Store, id: i64) -> Result<Vec<u8>, CommandError> {
    let case = store.load_case(id).await?.case;
    let catalog = store.catalog().await?;
    tokio::task::spawn_blocking(move || {
        let eval = candor_engine::evaluate(&case, &catalog, None)?;
        let opts = SimulationOptions { trials: TRIALS, ..Default::default() };
        let sim = simulate(&case, &catalog, None, &opts, &|_| {})?;
        candor_export::workbook(&case, &catalog, &eval, Some(&sim))
            .map_err(|e| CommandError::new("export", e.to_string()))
    })
    .await
    .map_err(|e| CommandError::new("unexpected", e.to_string()))?
}

/// The case file of case `id` (JSON another Candor imports).
pub async fn case_file(store: &Store, id: i64) -> Result<(Vec<u8>, String), CommandError> {
    let case = store.load_case(id).await?.case;
    Ok((candor_engine::write_case_file(&case).into_bytes(), case.name))
}

/// Writes `bytes` to `path`, whole or not at all (a temporary file renamed over it).
pub async fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), CommandError> {
    let tmp = path.with_extension("candor-partial");
    let fail = |e: std::io::Error| {
        CommandError::new("file", format!("{} could not be written: {e}", path.display()))
    };
    tokio::fs::write(&tmp, bytes).await.map_err(fail)?;
    tokio::fs::rename(&tmp, path).await.map_err(fail)
}

/// The deck's slides of case `id` as SVG documents, for present mode: the same slides the
/// PDF deck holds.
pub async fn slides(store: &Store, id: i64) -> Result<Vec<String>, CommandError> {
    let case = store.load_case(id).await?.case;
    let catalog = store.catalog().await?;
    tokio::task::spawn_blocking(move || {
        let seed = SimulationOptions::default().seed;
        candor_report::deck_slides(&case, &catalog, None, TRIALS, seed, today(), &|_| {})
            .map_err(report_error)
    })
    .await
    .map_err(|e| CommandError::new("unexpected", e.to_string()))?
}
