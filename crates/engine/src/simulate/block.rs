//! One block of a simulation's trials: run on one thread of the pool, and tallied (or,
//! in a large run's pilot, kept whole). Split from `simulate`, which schedules the blocks
//! and summarises them, because this is the code compiled for AVX2 that every trial runs
//! through.

use multiversion::multiversion;

use super::{Done, Evaluated, SimulationOptions, TrialPlan, TrialWork, passes};
use crate::model::{Expectation, MetricKey};
use crate::results::Metrics;
use crate::tally::{Counting, Tally, Trial};

/// One block's trials: their records (or only their NPVs, once tallied) and what the
/// summaries count of them.
pub(super) struct Block {
    /// The trials' records; dropped once tallied in a large run, past its pilot.
    pub(super) trials: Vec<Trial>,
    /// The trials' NPVs, for the histogram.
    pub(super) npv: Vec<f64>,
    /// What the summaries count of these trials; made once the brackets are known.
    pub(super) tally: Tally,
    /// Trials meeting each stakeholder expectation, in the case's order.
    pub(super) met: Vec<u64>,
    /// Cumulative cash flow of band trials, `horizon` values each.
    pub(super) bands: Vec<f32>,
    /// Trials in which each risk happened, in the case's order.
    pub(super) fired: Vec<u64>,
}

/// What every block of a run shares.
pub(super) struct BlockRun<'a> {
    pub(super) plan: &'a TrialPlan,
    pub(super) opts: &'a SimulationOptions,
    pub(super) expectations: &'a [&'a Expectation],
    pub(super) risks: usize,
    pub(super) horizon: usize,
    /// Trials in each block (see `block_size`).
    pub(super) block: usize,
}

/// Runs block `b` of trials and tallies them against `counting` when given (dropping their
/// records), else keeps the records for the pilot. Compiled twice, for baseline x86-64 and
/// for AVX2 (the run-time check picks one per call): the trials' loops over months and the
/// tally's passes then handle four values an instruction rather than two. The arithmetic
/// is the same operations in the same order (Rust never fuses a multiply and an add on
/// its own), so both give the same bits; a test compares them. What a trial calls, down to
/// the IRR and the tally, is `#[inline(always)]` so that it is compiled into each version:
/// a call out of this one would run the baseline code.
#[multiversion(targets("x86_64+avx2"))]
pub(super) fn run_block<'a>(
    run: &BlockRun<'a>,
    counting: Option<&Counting>,
    work: &mut TrialWork,
    b: usize,
) -> Block {
    let BlockRun { plan, opts, expectations, risks, horizon, block: size } = *run;
    let end = ((b + 1) * size).min(opts.trials);
    let range = b * size..end;
    let banded = range.start.max(range.end.min(opts.band_trials)) - range.start;
    let mut block = Block {
        // Trials are evaluated in no set order (four of a phase layout at a time).
        trials: vec![Trial::default(); range.len()],
        npv: Vec::new(),
        tally: Tally::default(),
        met: vec![0; expectations.len()],
        bands: vec![0.0; banded * horizon],
        fired: vec![0; risks],
    };
    let mut taken = Taken { block: &mut block, first: range.start, banded, horizon, expectations };
    plan.run_trials(opts.seed, range.start as u64..range.end as u64, work, &mut taken);
    // A plain loop: as `collect` over a `map` it was compiled out of line, as baseline code.
    block.npv = vec![0.0; block.trials.len()];
    block.npv.iter_mut().zip(&block.trials).for_each(|(v, t)| *v = t.get(MetricKey::Npv));
    if let Some(counting) = counting {
        block.tally = counting.tally(&block.trials);
        // Its allocation goes back to the allocator for the next block: a million records
        // would be 56 MB, each page first touched.
        block.trials = Vec::new();
    }
    block
}

/// Takes a block's trials as they are evaluated, in no set order.
struct Taken<'a, 'b> {
    block: &'a mut Block,
    /// The block's first trial.
    first: usize,
    /// Its trials, from its first, whose cumulative cash flow feeds the bands.
    banded: usize,
    horizon: usize,
    expectations: &'a [&'b Expectation],
}

impl Evaluated for Taken<'_, '_> {
    #[inline(always)]
    fn take(&mut self, done: &Done<'_>) {
        let block = &mut *self.block;
        // Each record goes to its trial's place.
        let i = done.trial as usize - self.first;
        block.trials[i] = Trial::from(done.metrics);
        // Each expectation reads its metric from an array rather than through
        // `Metrics::get`, a jump per expectation every trial; the same test as `meets`.
        let values = ranked_values(done.metrics);
        for (count, e) in block.met.iter_mut().zip(self.expectations) {
            *count += u64::from(passes(values[e.metric as usize], e.comparator, e.threshold));
        }
        if i < self.banded {
            let band = &mut block.bands[i * self.horizon..(i + 1) * self.horizon];
            band.iter_mut().zip(done.cumulative()).for_each(|(b, c)| *b = c as f32);
        }
        for (count, f) in block.fired.iter_mut().zip(done.fired) {
            *count += u64::from(*f);
        }
    }
}

/// Every metric of `m` by [`MetricKey`] index, as [`super::meets`] tests it: a payback that never
/// comes as +∞ (it meets every "≥" and no finite "≤"), other undefined values as NaN (which
/// meet neither).
#[inline(always)]
pub(super) fn ranked_values(m: &Metrics) -> [f64; MetricKey::ALL.len()] {
    let or_nan = |v: Option<f64>| v.unwrap_or(f64::NAN);
    let month = |v: Option<u32>| v.map_or(f64::INFINITY, f64::from);
    [
        m.npv,
        or_nan(m.irr_annual),
        or_nan(m.roi),
        month(m.payback_month),
        month(m.discounted_payback_month),
        m.peak_funding,
        m.total_cost,
        m.total_benefit,
        or_nan(m.cost_per_unit),
        f64::from(m.go_live_month),
        m.hours_saved,
        or_nan(m.minutes_saved_per_main_unit),
    ]
}
