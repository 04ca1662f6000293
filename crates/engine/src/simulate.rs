//! Monte Carlo: the case evaluated over many sampled futures. Each trial draws every
//! uncertain input and every risk from its own random stream, seeded from (seed, trial), so
//! the same case and seed give bit-identical results whatever the number of threads.
//! Trials run in fixed blocks on rayon's pool and are gathered in order.
//!
//! Memory: one compact record per trial (about 60 bytes) plus the cumulative cash flow of the
//! first `band_trials` trials for the percentile bands, never trials × months × lines.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::EngineError;
use crate::model::{Case, Comparator, Expectation, MetricKey};
use crate::results::{Evaluation, Metrics};
pub use crate::trial::{TrialPlan, TrialWork};

const BLOCK: usize = 1024;
/// Most trials a run may ask for.
pub const MAX_TRIALS: usize = 10_000_000;

/// How to run a simulation.
#[derive(Debug, Clone)]
pub struct SimulationOptions {
    pub trials: usize,
    pub seed: u64,
    /// Months k for which P(payback ≤ k) is reported.
    pub payback_within: Vec<u32>,
    /// Trials whose monthly cumulative cash flow feeds the P10/P50/P90 bands.
    pub band_trials: usize,
    pub histogram_bins: usize,
}

impl Default for SimulationOptions {
    fn default() -> Self {
        SimulationOptions {
            trials: 10_000,
            seed: 2026,
            payback_within: vec![12, 18, 24, 30, 36, 48, 60],
            band_trials: 20_000,
            histogram_bins: 40,
        }
    }
}

/// Mean, its standard error and percentiles of one metric over the trials where it is
/// defined; `defined` is that share of trials.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    pub mean: Option<f64>,
    pub std_error: Option<f64>,
    pub p10: Option<f64>,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
    pub defined: f64,
}

/// P10/P50/P90 of the cumulative cash flow at the end of one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Band {
    pub month: u32,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistogramBin {
    pub from: f64,
    pub to: f64,
    pub count: u64,
}

/// One stakeholder expectation, tested deterministically and across the trials.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExpectationResult {
    pub stakeholder: String,
    pub role: String,
    /// The expectation as a sentence: "payback_month <= 24".
    pub expectation: String,
    pub metric: MetricKey,
    pub comparator: Comparator,
    pub threshold: f64,
    pub confidence: Option<f64>,
    /// The deterministic (base) value and whether it meets the threshold.
    pub deterministic_value: Option<f64>,
    pub deterministic_met: bool,
    /// How far the base value is on the right side of the threshold (negative: missed).
    pub margin: Option<f64>,
    /// Share of trials that meet it.
    pub probability_met: f64,
    /// Meets the required confidence.
    pub confident: Option<bool>,
    /// The threshold the case supports at the required confidence (80% when none is set):
    /// for "≤" the value not exceeded in that share of trials, for "≥" the value reached.
    pub commitment_value: Option<f64>,
    pub commitment: String,
}

/// How often a risk happened across the trials.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskResult {
    pub name: String,
    pub fired_share: f64,
}

/// The result of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Simulation {
    pub trials: usize,
    pub seed: u64,
    pub scenario: Option<String>,
    pub currency: String,
    pub metrics: BTreeMap<&'static str, Summary>,
    pub prob_npv_positive: f64,
    /// P(payback ≤ k) for each requested k.
    pub prob_payback_within: BTreeMap<u32, f64>,
    /// Share of trials that never pay back within the horizon.
    pub never_pays_back: f64,
    pub cumulative_bands: Vec<Band>,
    pub npv_histogram: Vec<HistogramBin>,
    pub expectations: Vec<ExpectationResult>,
    pub risks: Vec<RiskResult>,
    /// The deterministic metrics of the same case and scenario, for comparison.
    pub deterministic: Metrics,
}

/// One trial's figures, compact (56 bytes, so a million trials fit in about 56 MB): NPV at
/// full precision, the others as f32, which is ample for percentiles (whole months are
/// exact). Expectation hits are counted at full precision while the trials run. Undefined
/// values are NaN.
#[derive(Debug, Clone, Copy)]
struct Trial {
    npv: f64,
    rest: [f32; MetricKey::ALL.len()],
}

impl Trial {
    fn from(m: &Metrics) -> Trial {
        Trial { npv: m.npv, rest: MetricKey::ALL.map(|k| m.get(k).map_or(f32::NAN, |v| v as f32)) }
    }
    fn get(&self, k: MetricKey) -> f64 {
        if k == MetricKey::Npv { self.npv } else { f64::from(self.rest[k as usize]) }
    }
}

struct Block {
    trials: Vec<Trial>,
    /// Trials meeting each stakeholder expectation, in the case's order.
    met: Vec<u64>,
    /// Cumulative cash flow of band trials, `horizon` values each.
    bands: Vec<f32>,
    fired: Vec<u64>,
}

/// Runs `opts.trials` trials of `case` under `scenario`. `progress` is told how many trials
/// are done after each block.
pub fn simulate(
    case: &Case,
    catalog: &Catalog,
    scenario: Option<&str>,
    opts: &SimulationOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Simulation, EngineError> {
    simulate_unless_cancelled(case, catalog, scenario, opts, progress, &AtomicBool::new(false))
}

/// [`simulate`], stopping with [`EngineError::Cancelled`] soon after `cancelled` is set: no
/// new block of trials starts once it is. The app cancels a run when the case changes under
/// it or the user asks.
pub fn simulate_unless_cancelled(
    case: &Case,
    catalog: &Catalog,
    scenario: Option<&str>,
    opts: &SimulationOptions,
    progress: &(dyn Fn(usize) + Sync),
    cancelled: &AtomicBool,
) -> Result<Simulation, EngineError> {
    if opts.trials == 0 || opts.trials > MAX_TRIALS {
        return Err(EngineError::Invalid(vec![crate::error::FieldError::new(
            "trials",
            format!("must be between 1 and {MAX_TRIALS}, got {}", opts.trials),
        )]));
    }
    let (plan, model) = TrialPlan::new(case, catalog, scenario)?;
    let deterministic = model.evaluate();
    let horizon = deterministic.monthly.len();
    let risks = plan.base.risks.len();
    let expectations: Vec<&Expectation> = case.stakeholders.iter().flat_map(|s| &s.expectations).collect();
    let done = AtomicUsize::new(0);
    let blocks: Vec<Block> = (0..opts.trials.div_ceil(BLOCK))
        .into_par_iter()
        .map_init(
            || plan.work(),
            |work, b| {
                if cancelled.load(Ordering::Relaxed) {
                    return None;
                }
                let range = b * BLOCK..((b + 1) * BLOCK).min(opts.trials);
                let mut block = Block {
                    trials: Vec::with_capacity(range.len()),
                    met: vec![0; expectations.len()],
                    bands: Vec::new(),
                    fired: vec![0; risks],
                };
                for t in range {
                    let metrics = plan.run(opts.seed, t as u64, work);
                    block.trials.push(Trial::from(&metrics));
                    for (count, e) in block.met.iter_mut().zip(&expectations) {
                        *count +=
                            u64::from(meets(metrics.get(e.metric), e.metric, e.comparator, e.threshold));
                    }
                    if t < opts.band_trials {
                        block.bands.extend(work.cumulative().iter().map(|c| *c as f32));
                    }
                    for (count, f) in block.fired.iter_mut().zip(work.fired()) {
                        *count += u64::from(*f);
                    }
                }
                progress(done.fetch_add(block.trials.len(), Ordering::Relaxed) + block.trials.len());
                Some(block)
            },
        )
        .collect::<Option<Vec<Block>>>()
        .ok_or(EngineError::Cancelled)?;
    Ok(summarise(case, &plan, opts, deterministic, horizon, blocks))
}

fn summarise(
    case: &Case,
    plan: &TrialPlan,
    opts: &SimulationOptions,
    deterministic: Evaluation,
    horizon: usize,
    blocks: Vec<Block>,
) -> Simulation {
    let n = opts.trials as f64;
    // Iterate the blocks in place: copying a million trials into one vector would double
    // the memory.
    let trials = || blocks.iter().flat_map(|b| b.trials.iter());
    // Summaries and bands are independent of each other: compute them in parallel too.
    let metrics = MetricKey::ALL
        .par_iter()
        .map(|&k| (k.key(), summary(trials().map(|t| t.get(k)), opts.trials, k.undefined_is_infinite())))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let share = |pred: &dyn Fn(&Trial) -> bool| trials().filter(|t| pred(t)).count() as f64 / n;
    let payback = |t: &Trial| t.get(MetricKey::PaybackMonth);
    let prob_payback_within = opts
        .payback_within
        .iter()
        .filter(|&&k| k as usize <= horizon)
        .map(|&k| (k, share(&|t| payback(t) <= f64::from(k))))
        .collect();

    // Bands from the band trials, month by month.
    let bands: Vec<f32> = blocks.iter().flat_map(|b| b.bands.iter().copied()).collect();
    let rows = bands.len().checked_div(horizon).unwrap_or(0);
    let cumulative_bands = (0..horizon)
        .into_par_iter()
        .map(|m| {
            let mut column: Vec<f64> = (0..rows).map(|r| f64::from(bands[r * horizon + m])).collect();
            let [p10, p50, p90] = select_deciles(&mut column).map(|v| v.unwrap_or(0.0));
            Band { month: m as u32, p10, p50, p90 }
        })
        .collect();

    let mut fired = vec![0u64; plan.base.risks.len()];
    for b in &blocks {
        fired.iter_mut().zip(&b.fired).for_each(|(a, x)| *a += x);
    }
    let risks = plan
        .base
        .risks
        .iter()
        .zip(fired)
        .map(|(r, c)| RiskResult { name: r.name.clone(), fired_share: c as f64 / n })
        .collect();

    Simulation {
        trials: opts.trials,
        seed: opts.seed,
        scenario: plan.scenario.clone(),
        currency: case.currency.clone(),
        metrics,
        prob_npv_positive: share(&|t| t.get(MetricKey::Npv) > 0.0),
        prob_payback_within,
        never_pays_back: share(&|t| payback(t).is_nan()),
        cumulative_bands,
        npv_histogram: histogram(trials().map(|t| t.get(MetricKey::Npv)), opts.histogram_bins),
        expectations: expectations(case, &deterministic.metrics, &blocks, opts.trials),
        risks,
        deterministic: deterministic.metrics,
    }
}

/// Linear interpolation between the two nearest ranks (NumPy's default) on sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    percentile_by(sorted.len(), p, |k| sorted[k])
}

/// P10, P50 and P90 of values in any order. The median is selected first; P10 is then
/// selected among the values below it and P90 among those above, and each percentile's
/// next rank is the smallest value above it: about 2n comparisons in all, where three
/// independent selections of two ranks each take about 6n. A million trials have a dozen
/// metrics to summarise.
fn select_deciles(values: &mut [f64]) -> [Option<f64>; 3] {
    let n = values.len();
    let Some(last) = n.checked_sub(1) else { return [None; 3] };
    let rank = |p: f64| (p * last as f64).floor() as usize;
    let (k10, k50, k90) = (rank(0.1), rank(0.5), rank(0.9));
    values.select_nth_unstable_by(k50, f64::total_cmp);
    let (below, above) = values.split_at_mut(k50);
    if k10 < k50 {
        below.select_nth_unstable_by(k10, f64::total_cmp);
    }
    let above = &mut above[1..];
    if k90 > k50 {
        above.select_nth_unstable_by(k90 - k50 - 1, f64::total_cmp);
    }
    // Every value after rank k is ≥ the k-th after these selections: its successor is
    // their minimum.
    let next = |v: &[f64], k: usize| v[k + 1..].iter().copied().min_by(f64::total_cmp);
    let at = |p: f64| {
        let k = rank(p);
        percentile_by(n, p, |i| if i == k { values[k] } else { next(values, k).unwrap_or(values[k]) })
    };
    [at(0.1), at(0.5), at(0.9)]
}

/// The p-percentile of `len` values whose k-th smallest `nth(k)` gives; none where it
/// falls on or next to an infinite (never) value.
fn percentile_by(len: usize, p: f64, mut nth: impl FnMut(usize) -> f64) -> Option<f64> {
    let last = len.checked_sub(1)?;
    let pos = p * last as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let a = nth(lo);
    let b = if hi == lo { a } else { nth(hi) };
    if a.is_infinite() || b.is_infinite() {
        return if lo == hi || a == b { a.is_finite().then_some(a) } else { None };
    }
    Some(a + (b - a) * (pos - lo as f64))
}

/// Summary of values where NaN means undefined. With `nan_is_infinite`, undefined values
/// count as later than any (a payback that never comes) in the percentiles.
/// `n` is the number of values, for the vector's capacity.
fn summary(values: impl Iterator<Item = f64>, n: usize, nan_is_infinite: bool) -> Summary {
    // One vector, not two: a million trials' values are 8 MB per metric, and a dozen
    // metrics are summarised at once.
    let mut defined: Vec<f64> = Vec::with_capacity(n);
    let mut total = 0;
    for v in values {
        total += 1;
        if !v.is_nan() {
            defined.push(v);
        }
    }
    let count = defined.len();
    let (mean, std_error) = if count == 0 {
        (None, None)
    } else {
        let mean = defined.iter().sum::<f64>() / count as f64;
        let var = if count > 1 {
            defined.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (count - 1) as f64
        } else {
            0.0
        };
        (Some(mean), Some((var / count as f64).sqrt()))
    };
    if nan_is_infinite {
        defined.resize(total, f64::INFINITY);
    }
    let [p10, p50, p90] = select_deciles(&mut defined);
    Summary {
        mean,
        std_error,
        p10,
        p50,
        p90,
        defined: if total == 0 { 0.0 } else { count as f64 / total as f64 },
    }
}

fn histogram(values: impl Iterator<Item = f64>, bins: usize) -> Vec<HistogramBin> {
    let v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    let (min, max) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(*x), b.max(*x)));
    if v.is_empty() || bins == 0 {
        return Vec::new();
    }
    let width = if max > min { (max - min) / bins as f64 } else { 1.0 };
    let mut counts = vec![0u64; bins];
    for x in &v {
        let i = (((x - min) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| HistogramBin {
            from: min + i as f64 * width,
            to: min + (i + 1) as f64 * width,
            count,
        })
        .collect()
}

/// Whether a value meets a threshold; an undefined payback counts as never (infinitely late).
pub fn meets(value: Option<f64>, key: MetricKey, cmp: Comparator, threshold: f64) -> bool {
    let v = match value {
        Some(v) if !v.is_nan() => v,
        _ if key.undefined_is_infinite() => f64::INFINITY,
        _ => return false,
    };
    match cmp {
        Comparator::AtMost => v <= threshold,
        Comparator::AtLeast => v >= threshold,
    }
}

fn expectations(case: &Case, base: &Metrics, blocks: &[Block], n: usize) -> Vec<ExpectationResult> {
    let mut out = Vec::new();
    let mut index = 0;
    for s in &case.stakeholders {
        for e in &s.expectations {
            let hits: u64 = blocks.iter().map(|b| b.met[index]).sum();
            index += 1;
            let value = base.get(e.metric);
            let met = meets(value, e.metric, e.comparator, e.threshold);
            let margin = value.map(|v| match e.comparator {
                Comparator::AtMost => e.threshold - v,
                Comparator::AtLeast => v - e.threshold,
            });
            let probability = if n == 0 { 0.0 } else { hits as f64 / n as f64 };
            let confidence = e.confidence.unwrap_or(0.8);
            let values = blocks.iter().flat_map(|b| b.trials.iter().map(|t| t.get(e.metric)));
            let commitment_value = commitment(values, n, e.metric, e.comparator, confidence);
            let sign = match e.comparator {
                Comparator::AtMost => "<=",
                Comparator::AtLeast => ">=",
            };
            let commitment = match commitment_value {
                Some(v) => {
                    format!("{} {sign} {} at {:.0}%", e.metric.key(), trim_number(v), confidence * 100.0)
                }
                None => format!("no {} can be committed to at {:.0}%", e.metric.key(), confidence * 100.0),
            };
            out.push(ExpectationResult {
                stakeholder: s.name.clone(),
                role: s.role.clone(),
                expectation: format!("{} {sign} {}", e.metric.key(), trim_number(e.threshold)),
                metric: e.metric,
                comparator: e.comparator,
                threshold: e.threshold,
                confidence: e.confidence,
                deterministic_value: value,
                deterministic_met: met,
                margin,
                probability_met: probability,
                confident: e.confidence.map(|c| probability >= c),
                commitment_value,
                commitment,
            });
        }
    }
    out
}

/// The best threshold met in at least `confidence` of the trials: for "≤" the smallest v
/// with P(metric ≤ v) ≥ confidence, for "≥" the largest v with P(metric ≥ v) ≥ confidence.
fn commitment(
    values: impl Iterator<Item = f64>,
    n: usize,
    key: MetricKey,
    cmp: Comparator,
    confidence: f64,
) -> Option<f64> {
    let mut v: Vec<f64> = values
        .filter_map(
            |x| if x.is_nan() { key.undefined_is_infinite().then_some(f64::INFINITY) } else { Some(x) },
        )
        .collect();
    if v.is_empty() {
        return None;
    }
    let needed = ((confidence * n as f64).ceil() as usize).max(1);
    let k = match cmp {
        // The needed-th smallest: `needed` trials are at or below it.
        Comparator::AtMost => needed - 1,
        // `needed` trials at or above: the (len − needed)-th smallest.
        Comparator::AtLeast => v.len().checked_sub(needed)?,
    };
    if k >= v.len() {
        return None;
    }
    let value = *v.select_nth_unstable_by(k, f64::total_cmp).1;
    value.is_finite().then_some(value)
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.0}") } else { format!("{v:.4}") }
}
