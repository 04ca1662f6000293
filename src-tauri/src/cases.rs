//! What the case list and the case view show, composed from the store, the engine and the
//! charts. Independent of Tauri, so that it can be tested without a window.

use candor_engine::format::{money, payback};
use candor_store::Store;
use serde::Serialize;

use crate::error::CommandError;

/// Size of the cumulative cash-flow chart: 16:9, the shape of a slide.
pub const CHART_SIZE: (u32, u32) = (960, 540);

/// One row of the case list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub name: String,
    pub use_case: String,
    pub currency: String,
    /// Net present value; none when the case cannot be evaluated (see `error`).
    pub npv: Option<f64>,
    /// `npv` formatted by the engine, e.g. "$1,234,567".
    pub npv_text: Option<String>,
    /// The month the case pays back in; none if it never does (or cannot be evaluated).
    pub payback_month: Option<u32>,
    /// `payback_month` in words: "month 19" or "never"; none when not evaluated.
    pub payback_text: Option<String>,
    /// Why the case could not be evaluated, if it could not: the list still shows it.
    pub error: Option<CommandError>,
}

/// The open case: headline figures and the cumulative cash-flow chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseChart {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub npv: f64,
    pub npv_text: String,
    pub payback_month: Option<u32>,
    /// "month 19" or "never".
    pub payback_text: String,
    /// The key message of the chart, e.g. "Pays back in month 19".
    pub message: String,
    /// The chart as an SVG document.
    pub svg: String,
}

/// Every case with its NPV and payback month, in the store's order.
pub async fn list(store: &Store) -> Result<Vec<CaseRow>, CommandError> {
    let catalog = store.catalog().await?;
    let mut rows = Vec::new();
    for summary in store.list_cases().await? {
        let evaluated = match store.load_case(summary.id).await {
            Ok(stored) => candor_engine::evaluate(&stored.case, &catalog, None).map_err(CommandError::from),
            Err(e) => Err(CommandError::from(e)),
        };
        let (npv, payback_month, payback_text, error) = match evaluated {
            Ok(eval) => {
                let m = eval.metrics.payback_month;
                (Some(eval.metrics.npv), m, Some(payback(m)), None)
            }
            Err(e) => (None, None, None, Some(e)),
        };
        rows.push(CaseRow {
            npv_text: npv.map(|v| money(v, &summary.currency)),
            id: summary.id,
            name: summary.name,
            use_case: summary.use_case,
            currency: summary.currency,
            npv,
            payback_month,
            payback_text,
            error,
        });
    }
    Ok(rows)
}

/// The case `id` evaluated on its base scenario, with its cumulative cash-flow chart.
pub async fn chart(store: &Store, id: i64) -> Result<CaseChart, CommandError> {
    let stored = store.load_case(id).await?;
    let catalog = store.catalog().await?;
    let eval = candor_engine::evaluate(&stored.case, &catalog, None)?;
    let svg = candor_charts::cumulative_cash_flow_svg(&eval, CHART_SIZE.0, CHART_SIZE.1)?;
    Ok(CaseChart {
        id,
        npv_text: money(eval.metrics.npv, &eval.currency),
        message: candor_charts::payback_message(&eval),
        name: eval.case_name,
        currency: eval.currency,
        npv: eval.metrics.npv,
        payback_month: eval.metrics.payback_month,
        payback_text: payback(eval.metrics.payback_month),
        svg,
    })
}
