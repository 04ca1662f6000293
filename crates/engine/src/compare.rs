//! What changed between two versions of a case ("Board, 1 Dec" against today): every input
//! whose value moved, every range added, removed or reshaped, and how each metric and each
//! stakeholder's probability moved. Both sides are evaluated and simulated with the same
//! options, so a difference comes from the case, never from the random numbers.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::distribution::Distribution;
use crate::error::EngineError;
use crate::eval::resolve_prices;
use crate::inputs::list_inputs;
use crate::model::{Case, Comparator, MetricKey};
use crate::simulate::{SimulationOptions, simulate};
use crate::validate::Checker;

/// One input whose value differs; `None` where the input does not exist on that side (a
/// line added or removed, or a price taken from the catalog).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InputChange {
    pub input: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// A range (distribution) attached, removed or changed on an input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RangeChange {
    pub input: String,
    pub before: Option<Distribution>,
    pub after: Option<Distribution>,
}

/// One metric on both sides (deterministic, base scenario).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MetricChange {
    pub metric: MetricKey,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// One stakeholder expectation's probability on both sides; `None` where it does not exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExpectationChange {
    pub stakeholder: String,
    /// "payback_month <= 24", as [`crate::simulate::ExpectationResult`] writes it.
    pub expectation: String,
    pub metric: MetricKey,
    pub comparator: Comparator,
    pub threshold: f64,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    pub inputs: Vec<InputChange>,
    pub ranges: Vec<RangeChange>,
    pub metrics: Vec<MetricChange>,
    pub prob_npv_positive: (f64, f64),
    pub expectations: Vec<ExpectationChange>,
    pub trials: usize,
}

/// The inputs of `case`, a line priced from the catalog at its catalog price: a price typed
/// over the catalog's then shows as "$3,500 → $15,000", not as an input that appeared. A
/// catalog item the case cannot use is reported by the evaluation that follows.
fn priced_inputs(case: &Case, catalog: &Catalog) -> Vec<(String, f64)> {
    let mut priced = case.clone();
    resolve_prices(&mut priced, catalog, &mut Checker::new());
    list_inputs(&priced)
}

impl ExpectationChange {
    /// The expectation of `e`, its probabilities still to be filled in.
    fn of(e: &crate::simulate::ExpectationResult) -> ExpectationChange {
        ExpectationChange {
            stakeholder: e.stakeholder.clone(),
            expectation: e.expectation.clone(),
            metric: e.metric,
            comparator: e.comparator,
            threshold: e.threshold,
            before: None,
            after: None,
        }
    }
}

/// Compares `before` with `after` (both on `catalog`, base scenario), simulating each with
/// `opts`.
pub fn compare(
    before: &Case,
    after: &Case,
    catalog: &Catalog,
    opts: &SimulationOptions,
) -> Result<Comparison, EngineError> {
    let (old, new) = (priced_inputs(before, catalog), priced_inputs(after, catalog));
    let mut inputs: Vec<InputChange> = old
        .iter()
        .map(|(path, v)| InputChange {
            input: path.clone(),
            before: Some(*v),
            after: new.iter().find(|(p, _)| p == path).map(|(_, v)| *v),
        })
        .filter(|c| c.before != c.after)
        .collect();
    inputs.extend(
        new.iter().filter(|(p, _)| !old.iter().any(|(q, _)| q == p)).map(|(path, v)| InputChange {
            input: path.clone(),
            before: None,
            after: Some(*v),
        }),
    );

    let range =
        |c: &Case, input: &str| c.uncertain.iter().find(|u| u.input == input).map(|u| u.distribution.clone());
    let mut paths: Vec<&str> =
        before.uncertain.iter().chain(&after.uncertain).map(|u| u.input.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let ranges = paths
        .into_iter()
        .map(|p| RangeChange { input: p.to_string(), before: range(before, p), after: range(after, p) })
        .filter(|r| r.before != r.after)
        .collect();

    let (a, b) = (crate::evaluate(before, catalog, None)?, crate::evaluate(after, catalog, None)?);
    let metrics = MetricKey::ALL
        .iter()
        .map(|&k| MetricChange { metric: k, before: a.metrics.get(k), after: b.metrics.get(k) })
        .collect();

    let (sa, sb) =
        (simulate(before, catalog, None, opts, &|_| {})?, simulate(after, catalog, None, opts, &|_| {})?);
    let key = |e: &crate::simulate::ExpectationResult| (e.stakeholder.clone(), e.expectation.clone());
    let mut expectations: Vec<ExpectationChange> = sa
        .expectations
        .iter()
        .map(|e| ExpectationChange {
            before: Some(e.probability_met),
            after: sb.expectations.iter().find(|x| key(x) == key(e)).map(|x| x.probability_met),
            ..ExpectationChange::of(e)
        })
        .collect();
    expectations.extend(
        sb.expectations.iter().filter(|e| !sa.expectations.iter().any(|x| key(x) == key(e))).map(|e| {
            ExpectationChange { before: None, after: Some(e.probability_met), ..ExpectationChange::of(e) }
        }),
    );
    Ok(Comparison {
        inputs,
        ranges,
        metrics,
        prob_npv_positive: (sa.prob_npv_positive, sb.prob_npv_positive),
        expectations,
        trials: opts.trials,
    })
}
