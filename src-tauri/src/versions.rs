//! Versions: freeze the open case under a name ("Board, 1 Dec"), list them, and compare one
//! with the case as it is now. The comparison is the engine's; here it is put in words.

use candor_engine::compare::Comparison;
use candor_engine::distribution::{Distribution, Domain};
use candor_engine::format::{input_label, input_value, metric, percent};
use candor_engine::simulate::SimulationOptions;
use candor_store::Store;
use serde::Serialize;

use crate::error::CommandError;
use crate::results::expectation_words;

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

/// One input whose value moved: "HIPAA risk analysis (unit price)", "$3,500" → "$15,000";
/// "—" on the side where the input does not exist.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct InputRow {
    /// The input's path, as the case file writes it.
    pub input: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

/// A range added, removed or reshaped on an input (described by the window, as in the editor).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RangeRow {
    pub input: String,
    pub label: String,
    /// A share or a rate, whose figures read as percentages.
    pub percent: bool,
    pub before: Option<Distribution>,
    pub after: Option<Distribution>,
}

/// A stakeholder expectation's probability of being met, then and now, in words.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ExpectationRow {
    pub stakeholder: String,
    /// "Payback ≤ month 24".
    pub expectation: String,
    /// "52.0%", or "—" where the expectation does not exist on that side.
    pub before: String,
    pub after: String,
}

/// A version against the current case.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct VersionComparison {
    pub version: String,
    pub inputs: Vec<InputRow>,
    pub ranges: Vec<RangeRow>,
    pub metrics: Vec<MetricRow>,
    /// "P(NPV > 0): 63.5% → 58.1%".
    pub prob_npv_positive: String,
    pub expectations: Vec<ExpectationRow>,
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
    const ABSENT: &str = "—";
    VersionComparison {
        version,
        inputs: c
            .inputs
            .into_iter()
            .map(|i| {
                let value =
                    |v: Option<f64>| v.map_or(ABSENT.to_string(), |v| input_value(&i.input, v, currency));
                InputRow {
                    label: input_label(&i.input),
                    before: value(i.before),
                    after: value(i.after),
                    input: i.input,
                }
            })
            .collect(),
        ranges: c
            .ranges
            .into_iter()
            .map(|r| RangeRow {
                label: input_label(&r.input),
                percent: Domain::of(&r.input).reads_as_percent(),
                input: r.input,
                before: r.before,
                after: r.after,
            })
            .collect(),
        metrics: c
            .metrics
            .iter()
            .map(|m| MetricRow {
                label: m.metric.label().to_string(),
                before: metric(m.metric, m.before, currency, false),
                after: metric(m.metric, m.after, currency, false),
                changed: m.before != m.after,
            })
            .collect(),
        prob_npv_positive: format!(
            "P(NPV > 0): {} → {}",
            percent(c.prob_npv_positive.0),
            percent(c.prob_npv_positive.1)
        ),
        expectations: c
            .expectations
            .into_iter()
            .map(|e| {
                let share = |p: Option<f64>| p.map_or(ABSENT.to_string(), percent);
                ExpectationRow {
                    stakeholder: e.stakeholder,
                    expectation: expectation_words(e.metric, e.comparator, e.threshold, currency),
                    before: share(e.before),
                    after: share(e.after),
                }
            })
            .collect(),
        trials: c.trials,
    }
}
