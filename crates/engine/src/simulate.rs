//! Monte Carlo: the case evaluated over many sampled futures. Each trial draws every
//! uncertain input and every risk from its own random stream, seeded from (seed, trial), so
//! the same case and seed give bit-identical results whatever the number of threads.
//! Trials run in fixed blocks on rayon's pool and are gathered in order.
//!
//! Memory: a compact record per trial (56 bytes) in a small run and in a large run's pilot;
//! past its pilot a large run keeps each trial's NPV alone (8 bytes, for the histogram) and
//! the values its blocks saw near each wanted quantile (a few percent of them, see
//! `tally`); a percentile none of them holds re-runs the trials, which are reproducible.
//! Plus the cumulative cash flow of the first `band_trials` trials for the percentile
//! bands; never trials × months × lines.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::EngineError;
use crate::model::{Case, Comparator, Expectation, MetricKey};
use crate::results::{Evaluation, Metrics};
pub use crate::tally::percentile;
use crate::tally::{
    BRACKETED_FROM, Brackets, Counting, MetricTrials, Tally, Trial, deciles, deciles_with, pilot_trials,
};
pub use crate::trial::{Done, Evaluated, TrialPlan, TrialWork};
#[cfg(test)]
use block::ranked_values;
use block::{Block, BlockRun, run_block};

/// Trials in each block of a run of `trials`: 1,024, and 4,096 from 262,144 trials up. A
/// block is a task of its own with its own tally and records; a large run of larger blocks
/// spends less on each (a million trials: 3.5% less time), and still has 64 blocks or more
/// to share between the threads. Fixed by the trial count alone, so that a run's blocks, and
/// its results, do not depend on the number of threads.
fn block_size(trials: usize) -> usize {
    if trials >= 262_144 { 4096 } else { 1024 }
}
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
    /// Shares of the ranked trials (a payback that never comes ranks last) whose value lies
    /// below and above the base case's, beyond rounding; `None` where the base case's value
    /// is undefined. See [`crate::standing`] for what they say about the base case.
    pub below_base: Option<f64>,
    pub above_base: Option<f64>,
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
    /// P(payback ≤ k months) at index k, for every k from 0 to the horizon: the chance
    /// for any k, without running the trials again.
    pub prob_payback_by_month: Vec<f64>,
    /// Share of trials that never pay back within the horizon.
    pub never_pays_back: f64,
    pub cumulative_bands: Vec<Band>,
    pub npv_histogram: Vec<HistogramBin>,
    pub expectations: Vec<ExpectationResult>,
    pub risks: Vec<RiskResult>,
    /// The deterministic metrics of the same case and scenario, for comparison.
    pub deterministic: Metrics,
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
    let mut counting = Counting::new(&deterministic.metrics, horizon);
    let size = block_size(opts.trials);
    let run = BlockRun { plan: &plan, opts, expectations: &expectations, risks, horizon, block: size };
    // One working memory per thread of the pool, kept for the whole run, so that the phase
    // layouts a thread computes serve all its blocks. Each block is then a task of its own:
    // rayon's default split left one thread running the last few dozen blocks alone while
    // the other idled (40 ms of a million trials).
    let works: Vec<Mutex<TrialWork>> =
        (0..rayon::current_num_threads().max(1)).map(|_| Mutex::new(plan.work())).collect();
    let run_blocks = |blocks: std::ops::Range<usize>, counting: Option<&Counting>| {
        blocks
            .into_par_iter()
            .with_max_len(1)
            .map(|b| {
                if cancelled.load(Ordering::Relaxed) {
                    return None;
                }
                let slot = rayon::current_thread_index().unwrap_or(0) % works.len();
                let mut work = works[slot].lock().unwrap_or_else(PoisonError::into_inner);
                let block = run_block(&run, counting, &mut work, b);
                drop(work);
                let count = block.npv.len();
                progress(done.fetch_add(count, Ordering::Relaxed) + count);
                Some(block)
            })
            .collect::<Option<Vec<Block>>>()
            .ok_or(EngineError::Cancelled)
    };
    let all = opts.trials.div_ceil(size);
    // A large run's pilot brackets the quantiles the summaries want before the other
    // blocks run, so that they keep only the values near them (see `tally`).
    let pilot = if opts.trials >= BRACKETED_FROM { pilot_trials(opts.trials).div_ceil(size) } else { all };
    let mut blocks = run_blocks(0..pilot, None)?;
    if pilot < all {
        let wanted = |k: MetricKey| {
            let mut q = vec![0.1, 0.5, 0.9];
            q.extend(expectations.iter().filter(|e| e.metric == k).map(|e| commitment_quantile(e)));
            q
        };
        counting.brackets = Brackets::from_pilot(blocks.iter().flat_map(|b| &b.trials), wanted);
    }
    blocks.par_iter_mut().for_each(|b| b.tally = counting.tally(&b.trials));
    blocks.extend(run_blocks(pilot..all, Some(&counting))?);
    let simulation = summarise(case, &plan, opts, deterministic, horizon, &counting, &blocks);
    // A large run's tallies are tens of thousands of small allocations: freed on the pool
    // once the result is handed back, not before (8 ms of a million trials).
    rayon::spawn(move || drop(blocks));
    match unheld_figure(&simulation) {
        None => Ok(simulation),
        Some(what) => Err(EngineError::Invalid(vec![crate::error::FieldError::new(
            if case.uncertain.is_empty() { "risks" } else { "uncertain" },
            format!(
                "the trials' {what} is beyond what a simulation holds (its records keep figures as \
                 f32, to about 3.4e38): some trials reach amounts far beyond the largest supported \
                 amount ({:e}); narrow the uncertain ranges or the risks' costs",
                crate::validate::MAX_AMOUNT
            ),
        )])),
    }
}

/// The first figure of `s` that is not a finite number, by name. A validated case's base
/// figures lie within the largest supported amount, but a trial's sampled inputs and
/// risks may take it far beyond; a figure its f32 record cannot hold becomes infinite, and
/// the summary is then refused rather than shown.
fn unheld_figure(s: &Simulation) -> Option<String> {
    let finite = |v: &Option<f64>| v.is_none_or(f64::is_finite);
    for (name, m) in &s.metrics {
        for (what, v) in
            [("mean", m.mean), ("spread", m.std_error), ("P10", m.p10), ("P50", m.p50), ("P90", m.p90)]
        {
            if !finite(&v) {
                return Some(format!("{} {what}", name.replace('_', " ")));
            }
        }
    }
    let bands = s.cumulative_bands.iter().flat_map(|b| [b.p10, b.p50, b.p90]);
    if !bands.chain(s.npv_histogram.iter().flat_map(|b| [b.from, b.to])).all(f64::is_finite) {
        return Some("cumulative cash flow".into());
    }
    s.expectations
        .iter()
        .find(|e| !finite(&e.commitment_value))
        .map(|e| format!("{} commitment", e.expectation))
}

/// Every trial's ranked value of metric `k`, the trials run again: each from its own
/// random stream, so they come out as the first time, bit for bit.
fn every_value(plan: &TrialPlan, opts: &SimulationOptions, k: MetricKey) -> Vec<f64> {
    (0..opts.trials as u64)
        .into_par_iter()
        .map_init(|| plan.work(), |work, t| Trial::from(&plan.run(opts.seed, t, work)).ranked(k))
        .filter(|v| !v.is_nan())
        .collect()
}

/// The quantile an expectation's commitment sits at: its confidence for "≤", the
/// complement for "≥".
fn commitment_quantile(e: &Expectation) -> f64 {
    let confidence = e.confidence.unwrap_or(0.8);
    match e.comparator {
        Comparator::AtMost => confidence,
        Comparator::AtLeast => 1.0 - confidence,
    }
}

fn summarise(
    case: &Case,
    plan: &TrialPlan,
    opts: &SimulationOptions,
    deterministic: Evaluation,
    horizon: usize,
    counting: &Counting,
    blocks: &[Block],
) -> Simulation {
    let n = opts.trials as f64;
    // Every trial's value of a metric, for a percentile the brackets miss: from the
    // records where the blocks kept them all, else by running the trials again.
    let complete = blocks.iter().all(|b| b.trials.len() == b.npv.len());
    let all = |k: MetricKey| -> Vec<f64> {
        if complete {
            blocks.iter().flat_map(|b| &b.trials).map(|t| t.ranked(k)).filter(|v| !v.is_nan()).collect()
        } else {
            every_value(plan, opts, k)
        }
    };
    let of =
        |k: MetricKey| MetricTrials::new(k, blocks.iter().map(|b| &b.tally), counting, &all, opts.trials);
    // Metrics are independent of each other: summarised in parallel.
    let metrics = MetricKey::ALL
        .par_iter()
        .map(|&k| (k.key(), summary(&of(k), opts.trials)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let count = |f: &dyn Fn(&Tally) -> u64| blocks.iter().map(|b| f(&b.tally)).sum::<u64>() as f64 / n;
    // Trials paying back in each month, summed month by month.
    let mut paid_back = 0;
    let prob_payback_by_month: Vec<f64> = (0..=horizon)
        .map(|k| {
            paid_back += blocks.iter().map(|b| b.tally.payback_months[k]).sum::<u64>();
            paid_back as f64 / n
        })
        .collect();
    let prob_payback_within = opts
        .payback_within
        .iter()
        .filter_map(|&k| prob_payback_by_month.get(k as usize).map(|p| (k, *p)))
        .collect();

    // Bands from the band trials, month by month, read from the blocks where they lie
    // (gathered into one vector first, they were copied once more for nothing).
    let rows: usize = blocks.iter().map(|b| b.bands.len()).sum::<usize>().checked_div(horizon).unwrap_or(0);
    let cumulative_bands = (0..horizon)
        .into_par_iter()
        .map(|m| {
            let mut column = Vec::with_capacity(rows);
            for b in blocks {
                column.extend(b.bands.chunks_exact(horizon).map(|trial| f64::from(trial[m])));
            }
            let [p10, p50, p90] = deciles(&mut column).map(|v| v.unwrap_or(0.0));
            Band { month: m as u32, p10, p50, p90 }
        })
        .collect();

    let mut fired = vec![0u64; plan.base.risks.len()];
    for b in blocks {
        fired.iter_mut().zip(&b.fired).for_each(|(a, x)| *a += x);
    }
    let risks = plan
        .base
        .risks
        .iter()
        .zip(fired)
        .map(|(r, c)| RiskResult { name: r.name.clone(), fired_share: c as f64 / n })
        .collect();
    let npv_range = blocks.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x.tally.npv_min), b.max(x.tally.npv_max))
    });

    Simulation {
        trials: opts.trials,
        seed: opts.seed,
        scenario: plan.scenario.clone(),
        currency: case.currency.clone(),
        metrics,
        prob_npv_positive: count(&|t| t.npv_positive),
        prob_payback_within,
        prob_payback_by_month,
        never_pays_back: count(&|t| t.never),
        cumulative_bands,
        npv_histogram: histogram(blocks, npv_range, opts.histogram_bins),
        expectations: expectations(case, &deterministic.metrics, blocks, opts.trials, &of),
        risks,
        deterministic: deterministic.metrics,
    }
}

/// Summary of one metric over the trials where it is defined. Where undefined means
/// never (a payback that never comes), those trials rank after all others.
fn summary(m: &MetricTrials<'_>, trials: usize) -> Summary {
    let mean = m.mean_and_error();
    let [p10, p50, p90] = deciles_with(m.ranked(), |asked| m.nth(asked));
    let beside = m.beside_base();
    Summary {
        mean: mean.map(|(v, _)| v),
        std_error: mean.map(|(_, e)| e),
        p10,
        p50,
        p90,
        defined: if trials == 0 { 0.0 } else { m.defined() as f64 / trials as f64 },
        below_base: beside.map(|(below, _)| below),
        above_base: beside.map(|(_, above)| above),
    }
}

/// The NPV's histogram over its range, binned block by block in parallel (counts add up
/// the same in any order).
fn histogram(blocks: &[Block], (min, max): (f64, f64), bins: usize) -> Vec<HistogramBin> {
    if !(min.is_finite() && max.is_finite()) || bins == 0 {
        return Vec::new();
    }
    let width = if max > min { (max - min) / bins as f64 } else { 1.0 };
    let counts = blocks
        .par_iter()
        .map(|b| {
            let mut counts = vec![0u64; bins];
            for x in b.npv.iter().copied().filter(|x| x.is_finite()) {
                counts[(((x - min) / width) as usize).min(bins - 1)] += 1;
            }
            counts
        })
        .reduce(
            || vec![0u64; bins],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
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
    passes(v, cmp, threshold)
}

/// `v` against `threshold` by `cmp`; NaN passes neither way.
#[inline(always)]
fn passes(v: f64, cmp: Comparator, threshold: f64) -> bool {
    match cmp {
        Comparator::AtMost => v <= threshold,
        Comparator::AtLeast => v >= threshold,
    }
}

fn expectations<'a>(
    case: &Case,
    base: &Metrics,
    blocks: &[Block],
    n: usize,
    of: &dyn Fn(MetricKey) -> MetricTrials<'a>,
) -> Vec<ExpectationResult> {
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
            let commitment_value = commitment(&of(e.metric), n, e);
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

/// The best threshold met in at least the expectation's confidence of the `n` trials: for
/// "≤" the smallest v with P(metric ≤ v) ≥ confidence, for "≥" the largest v with
/// P(metric ≥ v) ≥ confidence.
fn commitment(m: &MetricTrials<'_>, n: usize, e: &Expectation) -> Option<f64> {
    let ranked = m.ranked();
    if ranked == 0 {
        return None;
    }
    let needed = ((e.confidence.unwrap_or(0.8) * n as f64).ceil() as usize).max(1);
    let k = match e.comparator {
        // The needed-th smallest: `needed` trials are at or below it.
        Comparator::AtMost => needed - 1,
        // `needed` trials at or above: the (ranked − needed)-th smallest.
        Comparator::AtLeast => ranked.checked_sub(needed)?,
    };
    if k >= ranked {
        return None;
    }
    let value = m.nth(&[(commitment_quantile(e), [k, k])])[0][0];
    value.is_finite().then_some(value)
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.0}") } else { format!("{v:.4}") }
}

mod block;
#[cfg(test)]
mod tests;
