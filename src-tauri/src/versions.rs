//! Versions: freeze the open case under a name ("Board, 1 Dec"), list them, and compare one
//! with the case as it is now. The comparison is the engine's; here it is put in words.

use candor_engine::compare::{Comparison, ExpectationChange, InputChange, RangeChange};
use candor_engine::format::percent;
use candor_engine::simulate::SimulationOptions;
use candor_store::Store;
use serde::Serialize;

use crate::error::CommandError;
use crate::results::metric_text;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct VersionRow {
    pub id: i64,
    pub name: String,
    pub created_at: String,
}

/// One metric before and after, in words.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MetricRow {
    pub label: String,
    pub before: String,
    pub after: String,
    pub changed: bool,
}

/// A version against the current case.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct VersionComparison {
    pub version: String,
    pub inputs: Vec<InputChange>,
    pub ranges: Vec<RangeChange>,
    pub metrics: Vec<MetricRow>,
    /// "P(NPV > 0): 63.5% → 58.1%".
    pub prob_npv_positive: String,
    pub expectations: Vec<ExpectationChange>,
    pub trials: usize,
}

pub async fn freeze(store: &Store, id: i64, name: &str) -> Result<VersionRow, CommandError> {
    let v = store.freeze_version(id, name.trim()).await?;
    Ok(VersionRow { id: v.id, name: v.name, created_at: v.created_at })
}

pub async fn list(store: &Store, id: i64) -> Result<Vec<VersionRow>, CommandError> {
    Ok(store
        .list_versions(id)
        .await?
        .into_iter()
        .map(|v| VersionRow { id: v.id, name: v.name, created_at: v.created_at })
        .collect())
}

/// Version `name` of case `id` against the case now, both simulated with 10,000 trials.
pub async fn compare(store: &Store, id: i64, name: &str) -> Result<VersionComparison, CommandError> {
    let before = store.load_version(id, name).await?;
    let now = store.load_case(id).await?.case;
    let catalog = store.catalog().await?;
    let currency = now.currency.clone();
    let version = name.to_string();
    tokio::task::spawn_blocking(move || {
        let c = candor_engine::compare::compare(&before, &now, &catalog, &SimulationOptions::default())?;
        Ok(words(version, c, &currency))
    })
    .await
    .map_err(|e| CommandError::new("unexpected", e.to_string()))?
}

fn words(version: String, c: Comparison, currency: &str) -> VersionComparison {
    VersionComparison {
        version,
        inputs: c.inputs,
        ranges: c.ranges,
        metrics: c
            .metrics
            .iter()
            .map(|m| MetricRow {
                label: m.metric.label().to_string(),
                before: metric_text(m.metric, m.before, currency),
                after: metric_text(m.metric, m.after, currency),
                changed: m.before != m.after,
            })
            .collect(),
        prob_npv_positive: format!(
            "P(NPV > 0): {} → {}",
            percent(c.prob_npv_positive.0),
            percent(c.prob_npv_positive.1)
        ),
        expectations: c.expectations,
        trials: c.trials,
    }
}
