//! What the case list and the case view show, composed from the store, the engine and the
//! charts. Independent of Tauri, so that it can be tested without a window.

use candor_charts::Canvas;
use candor_engine::Case;
use candor_engine::format::{money, payback};
use candor_store::{Naming, Store};
use serde::Serialize;

use crate::error::CommandError;

/// Size of the cumulative cash-flow chart: 16:9, the shape of a slide.
pub const CHART_SIZE: (u32, u32) = (960, 540);

/// One row of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
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
    /// P(NPV > 0) over [`LIST_TRIALS`] trials.
    pub prob_npv_positive: Option<f64>,
    /// "P(NPV > 0) 63.5%".
    pub prob_npv_positive_text: Option<String>,
    /// Why the case could not be evaluated, if it could not: the list still shows it.
    pub error: Option<CommandError>,
}

/// The open case: headline figures and the cumulative cash-flow chart.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
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

/// Every case with its NPV and payback month, in the store's order. A case that cannot be
/// read or evaluated is listed with its error; the others are unaffected.
pub async fn list(store: &Store) -> Result<Vec<CaseRow>, CommandError> {
    let catalog = store.catalog().await?;
    let mut rows = Vec::new();
    for summary in store.list_cases().await? {
        let figures = match &summary.damage {
            Some(damage) => {
                Err(CommandError::new("corrupt", format!("the stored case is damaged: {damage}")))
            }
            None => match store.load_case(summary.id).await {
                Ok(stored) => {
                    let catalog = catalog.clone();
                    tokio::task::spawn_blocking(move || list_figures(&stored.case, &catalog))
                        .await
                        .map_err(|e| CommandError::new("unexpected", e.to_string()))?
                }
                Err(e) => Err(CommandError::from(e)),
            },
        };
        let (npv, payback_month, payback_text, prob, error) = match figures {
            Ok((eval, prob)) => {
                let m = eval.metrics.payback_month;
                (Some(eval.metrics.npv), m, Some(payback(m)), Some(prob), None)
            }
            Err(e) => (None, None, None, None, Some(e)),
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
            prob_npv_positive: prob,
            prob_npv_positive_text: prob.map(|p| format!("P(NPV > 0) {}", candor_engine::format::percent(p))),
            error,
        });
    }
    Ok(rows)
}

/// Trials behind the list's P(NPV > 0): those of the window's own run of an open case, with
/// the same seed, so that the list and the open case show the very same figure (with 2,000
/// the list said 64.2% beside the case's 63.1%). About 12 ms a case on this machine.
pub const LIST_TRIALS: usize = 10_000;

fn list_figures(
    case: &Case,
    catalog: &candor_engine::Catalog,
) -> Result<(candor_engine::Evaluation, f64), CommandError> {
    let eval = candor_engine::evaluate(case, catalog, None)?;
    let opts = candor_engine::simulate::SimulationOptions { trials: LIST_TRIALS, ..Default::default() };
    let sim = candor_engine::simulate::simulate(case, catalog, None, &opts, &|_| {})?;
    Ok((eval, sim.prob_npv_positive))
}

/// The case `id` evaluated on its base scenario, with its cumulative cash-flow chart.
pub async fn chart(store: &Store, id: i64) -> Result<CaseChart, CommandError> {
    let stored = store.load_case(id).await?;
    let catalog = store.catalog().await?;
    let eval = candor_engine::evaluate(&stored.case, &catalog, None)?;
    let svg = candor_charts::cumulative_cash_flow_svg(&eval, &Canvas::new(CHART_SIZE.0, CHART_SIZE.1))?;
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

/// What the window says about the database itself, above the case list.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct StoreNotice {
    /// Why the file cannot be written, when it is open read-only: cases can be viewed,
    /// simulated and exported, not changed.
    pub read_only: Option<String>,
    /// The copy of the file made before this Candor upgraded it, if it did on this start.
    pub backup: Option<String>,
}

/// The store's notice: read-only or not, and the backup made before a migration.
pub fn notice(store: &Store) -> StoreNotice {
    StoreNotice {
        read_only: store.read_only().map(str::to_string),
        backup: store.backup().map(|p| p.display().to_string()),
    }
}

/// A shipped template, as the "new case" menu lists it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TemplateRow {
    pub id: String,
    pub name: String,
    pub use_case: String,
}

/// The shipped templates.
pub fn templates() -> Vec<TemplateRow> {
    candor_engine::shipped::templates()
        .into_iter()
        .map(|t| TemplateRow { id: t.id.to_string(), name: t.case.name, use_case: t.case.use_case })
        .collect()
}

/// A case as the editor holds it: the document and the revision it was read at, which the
/// next save must name (a save over a newer revision is refused as a conflict).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct OpenCase {
    pub id: i64,
    pub revision: i64,
    pub case: Case,
}

/// A new case from template `template`; its id.
pub async fn create(store: &Store, template: &str) -> Result<i64, CommandError> {
    Ok(store.create_from_template(template, None).await?.id)
}

/// A copy of case `id` named "… (copy)" (numbered when taken); the copy's id.
pub async fn duplicate(store: &Store, id: i64) -> Result<i64, CommandError> {
    let mut case = store.load_case(id).await?.case;
    case.name = format!("{} (copy)", case.name);
    Ok(store.create_case(&case, None, Naming::FirstFree).await?.id)
}

/// A case in the trash, as the window lists it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TrashRow {
    pub id: i64,
    pub name: String,
    /// When it was deleted: "2026-12-08 14:03 UTC".
    pub deleted_at: String,
    /// Its frozen versions, kept with it: "2 versions".
    pub versions: String,
}

impl TrashRow {
    fn of(t: candor_store::TrashedCase) -> TrashRow {
        let versions = match t.versions {
            1 => "1 version".to_string(),
            n => format!("{n} versions"),
        };
        TrashRow {
            id: t.id,
            name: t.name,
            deleted_at: format!("{} UTC", t.deleted_at.get(..16).unwrap_or(&t.deleted_at).replace('T', " ")),
            versions,
        }
    }
}

/// Moves case `id` to the trash, versions and all; the row the window's undo names.
pub async fn delete(store: &Store, id: i64) -> Result<TrashRow, CommandError> {
    Ok(TrashRow::of(store.delete_case(id).await?))
}

/// Brings case `id` back from the trash with its versions, under the same id; the id.
pub async fn restore(store: &Store, id: i64) -> Result<i64, CommandError> {
    store.restore_case(id).await?;
    Ok(id)
}

/// The cases in the trash, the most recently deleted first.
pub async fn trash(store: &Store) -> Result<Vec<TrashRow>, CommandError> {
    Ok(store.list_trash().await?.into_iter().map(TrashRow::of).collect())
}

/// Deletes every case in the trash for good; the trash after (empty).
pub async fn empty_trash(store: &Store) -> Result<Vec<TrashRow>, CommandError> {
    store.empty_trash().await?;
    trash(store).await
}

/// Reads the case file at `path` and stores it as a new case; its id.
pub async fn import(store: &Store, path: &std::path::Path) -> Result<i64, CommandError> {
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| CommandError::new("file", format!("{} could not be read: {e}", path.display())))?;
    let case = candor_engine::read_case_file(&bytes)?;
    Ok(store.create_case(&case, None, Naming::FirstFree).await?.id)
}

/// Case `id` for the editor.
pub async fn open(store: &Store, id: i64) -> Result<OpenCase, CommandError> {
    let stored = store.load_case(id).await?;
    Ok(OpenCase { id, revision: stored.revision, case: stored.case })
}

/// Validates and saves `case` over case `id` read at `revision`, in one transaction. An
/// invalid case is refused with every field at fault and nothing is saved. Once the save is
/// committed its revision is returned whatever follows: results that cannot be computed come
/// back as `results_error`, beside the new revision, never as a failed save.
pub async fn save(
    store: &Store,
    id: i64,
    revision: i64,
    case: Case,
    charts: Vec<String>,
) -> Result<SavedCase, CommandError> {
    let revision = store.save_case(id, &case, Some(revision)).await?;
    let results = match store.catalog().await {
        Ok(catalog) => {
            tokio::task::spawn_blocking(move || crate::results::deterministic(&case, &catalog, None, &charts))
                .await
                .unwrap_or_else(|e| Err(CommandError::new("unexpected", e.to_string())))
        }
        Err(e) => Err(e.into()),
    };
    Ok(match results {
        Ok(results) => SavedCase { revision, results: Some(results), results_error: None },
        Err(e) => SavedCase { revision, results: None, results_error: Some(e) },
    })
}

/// A saved edit: the case's new revision and its results (with the charts asked for),
/// computed from the case as saved. One call per edit, rather than a save and then a reload
/// of what was just written.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SavedCase {
    /// The revision committed: the next save must name it.
    pub revision: i64,
    /// None when they could not be computed (see `results_error`); the edit is saved.
    pub results: Option<crate::results::CaseResults>,
    pub results_error: Option<CommandError>,
}

/// One catalog price as the picker and the catalog screen show it: the item, its age and
/// whether it is stale (older than 12 months), and whether it is the user's own override.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct CatalogEntry {
    pub item: candor_engine::CatalogItem,
    pub age_months: Option<i32>,
    pub stale: bool,
    pub overridden: bool,
}

/// Every price of the effective catalog (shipped, with the user's overrides over it).
pub async fn catalog(store: &Store) -> Result<Vec<CatalogEntry>, CommandError> {
    let today = candor_engine::Day::parse(&crate::results::today()).unwrap_or(candor_engine::Day {
        year: 1970,
        month: 1,
        day: 1,
    });
    let overrides: Vec<String> = store.catalog_overrides().await?.into_iter().map(|i| i.id).collect();
    Ok(store
        .catalog()
        .await?
        .items()
        .map(|item| CatalogEntry {
            age_months: item.age_months(today),
            stale: item.is_stale(today),
            overridden: overrides.contains(&item.id),
            item: item.clone(),
        })
        .collect())
}

/// Adds a price of the user's own, or overrides a shipped one (same id); the catalog after.
pub async fn put_price(
    store: &Store,
    item: &candor_engine::CatalogItem,
) -> Result<Vec<CatalogEntry>, CommandError> {
    store.put_catalog_item(item).await?;
    catalog(store).await
}

/// Removes the user's price `id` (a shipped price returns to its shipped figure); the catalog
/// after.
pub async fn remove_price(store: &Store, id: &str) -> Result<Vec<CatalogEntry>, CommandError> {
    store.remove_catalog_override(id).await?;
    catalog(store).await
}

/// One numeric input of a case by its path, as scenarios and ranges name it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct InputValue {
    pub input: String,
    /// The path in words: "Scribe subscription (unit price)".
    pub label: String,
    pub value: f64,
    /// The value in the input's units: "$119", "8.0%", "0.6833".
    pub shown: String,
}

/// Every numeric input of `case` with the value the evaluation takes (a catalog-priced
/// line's price, a range's central value), in the engine's order. A case the engine cannot
/// prepare (an unsaved edit it refuses) lists its inputs as written.
pub async fn inputs(store: &Store, case: &Case) -> Result<Vec<InputValue>, CommandError> {
    let catalog = store.catalog().await?;
    let prepared = candor_engine::Model::prepare(case, &catalog, None).map(|(c, _)| c);
    let format = |input: String, value: f64| InputValue {
        label: candor_engine::format::input_label(&input),
        shown: candor_engine::format::input_value(&input, value, &case.currency),
        input,
        value,
    };
    Ok(candor_engine::list_inputs(prepared.as_ref().unwrap_or(case))
        .into_iter()
        .map(|(i, v)| format(i, v))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_save_whose_results_fail_after_the_commit_returns_the_committed_revision() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("candor.db")).await.unwrap();
        let opened = open(&store, 1).await.unwrap();
        let mut case = opened.case.clone();
        case.discount_rate = 0.09;
        // A chart that cannot be drawn fails the results after the save has committed.
        let saved =
            save(&store, 1, opened.revision, case.clone(), vec!["no-such-chart".into()]).await.unwrap();
        assert_eq!(saved.revision, opened.revision + 1, "the committed revision");
        assert!(saved.results.is_none());
        let error = saved.results_error.expect("the results' failure, beside the revision");
        assert!(error.message.contains("no-such-chart"), "{error:?}");
        assert_eq!(store.load_case(1).await.unwrap().case.discount_rate, 0.09, "the edit is saved");
        // The window names that revision next, so its correction is no conflict.
        case.discount_rate = 0.1;
        let next = save(&store, 1, saved.revision, case, vec![]).await.unwrap();
        assert_eq!(next.revision, saved.revision + 1);
        assert!(next.results.is_some() && next.results_error.is_none());
    }
}
