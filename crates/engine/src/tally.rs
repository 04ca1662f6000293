//! What a simulation keeps of its trials, and exact percentiles of them without sorting.
//!
//! Every trial leaves a compact [`Trial`] record. Each block of trials then counts what the
//! summaries need ([`Tally`]): the mean's sums, P(NPV > 0), P(payback ≤ k)… A small run takes
//! its percentiles by selection among every record. A large one would spend longer
//! selecting a dozen metrics' deciles among a million values than running the trials, so a
//! pilot (the first [`pilot_trials`]) brackets each wanted quantile in a value range
//! ([`Bracket`]), five standard errors of the pilot's quantile wide; each block counts its
//! values below and at either end of each range and keeps only those inside, a few
//! percent. The wanted rank is then selected among those; past the pilot the blocks' records
//! are dropped once tallied. Where the pilot misled (the rank falls outside its range,
//! which the width makes rare) it is selected among every trial's value, the trials run
//! again (they are reproducible from their seeds). Either way the answer is the trials' own
//! order statistic, exactly.

use rayon::prelude::*;

use crate::model::MetricKey;
use crate::results::Metrics;

mod order;
pub use order::percentile;
use order::select;
pub(crate) use order::{deciles, deciles_with};

/// Trials in the pilot that brackets the quantiles of a large run.
pub(crate) const PILOT: usize = 8192;
/// Trials in the pilot of a bracketed run of `trials`: [`PILOT`], or a 32nd of a larger
/// run. A bracket's width falls as one over the root of the pilot's size, and with it the
/// values each block keeps near a quantile and the time to select among them: a million
/// trials keep about half as many with a pilot of 31,250 as with one of 8,192. The
/// pilot's trials are the run's first, tallied with the others: a larger one costs only
/// the selection of the ranks its brackets need.
pub(crate) fn pilot_trials(trials: usize) -> usize {
    PILOT.max(trials / 32)
}

/// Runs of at least this many trials bracket their quantiles; smaller ones select among
/// every record, which costs them little.
pub(crate) const BRACKETED_FROM: usize = 4 * PILOT;

/// One trial's figures, compact (56 bytes; a block of 1,024 stays in cache while it is
/// tallied): NPV at full precision, the others as f32, which is ample for percentiles
/// (whole months are exact). Undefined values are NaN.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Trial {
    npv: f64,
    rest: [f32; MetricKey::ALL.len()],
}

impl Trial {
    #[inline(always)]
    pub(crate) fn from(m: &Metrics) -> Trial {
        let f = |v: Option<f64>| v.map_or(f32::NAN, |v| v as f32);
        let month = |v: Option<u32>| v.map_or(f32::NAN, |v| v as f32);
        // Field by field in `MetricKey`'s order (a test reads each back by its key): a map
        // over the keys through `Metrics::get` took a jump per key, every trial.
        Trial {
            npv: m.npv,
            rest: [
                m.npv as f32,
                f(m.irr_annual),
                f(m.roi),
                month(m.payback_month),
                month(m.discounted_payback_month),
                m.peak_funding as f32,
                m.total_cost as f32,
                m.total_benefit as f32,
                f(m.cost_per_unit),
                m.go_live_month as f32,
                m.hours_saved as f32,
                f(m.minutes_saved_per_main_unit),
            ],
        }
    }

    pub(crate) fn get(&self, k: MetricKey) -> f64 {
        if k == MetricKey::Npv { self.npv } else { f64::from(self.rest[k as usize]) }
    }

    /// The value that ranks in the metric's percentiles: undefined values of a metric where
    /// that means "never" rank as +∞; other undefined values (NaN) do not rank.
    pub(crate) fn ranked(&self, k: MetricKey) -> f64 {
        let v = self.get(k);
        if v.is_nan() && k.undefined_is_infinite() { f64::INFINITY } else { v }
    }
}

/// A value range expected to hold the value of quantile `q` of one metric.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bracket {
    pub(crate) q: f64,
    lo: f64,
    hi: f64,
}

impl Bracket {
    /// The ranks among `m` pilot values of the ends of quantile `q`'s range: the pilot's
    /// quantiles q ± (5 standard errors + 2 ranks); none for an end past the extremes.
    fn ends(q: f64, m: usize) -> [Option<usize>; 2] {
        let (mf, last) = (m as f64, m as f64 - 1.0);
        let delta = 5.0 * (q * (1.0 - q) / mf).sqrt() + 2.0 / mf;
        [
            (q - delta > 0.0).then(|| ((q - delta) * last).floor() as usize),
            (q + delta < 1.0).then(|| ((q + delta) * last).ceil() as usize),
        ]
    }

    /// From the values at the ranks [`Bracket::ends`] asked of the pilot's ranked values.
    fn from_pilot(q: f64, m: usize, value_at: impl Fn(usize) -> f64) -> Bracket {
        let [lo, hi] = Bracket::ends(q, m);
        Bracket { q, lo: lo.map_or(f64::NEG_INFINITY, &value_at), hi: hi.map_or(f64::INFINITY, &value_at) }
    }

    /// Counts the values below this range and at either end, and marks those inside by
    /// setting `bit` in their `flags` (`fresh`: writing them, the first bracket's pass).
    /// Without a branch (whether a value falls below a decile is a coin toss no processor
    /// predicts), in one pass the compiler vectorises. The counts are 32 bits wide, as
    /// the flags are: eight f32 values an instruction, where 64-bit counts halved it.
    #[inline(always)]
    fn count<T: Ranked>(&self, values: &[T], flags: &mut [u32], bit: u32, fresh: bool) -> Seen {
        let (lo, hi) = (T::end(self.lo), T::end(self.hi));
        let (mut below, mut at_lo, mut at_hi) = (0u32, 0u32, 0u32);
        for (&v, flag) in values.iter().zip(flags.iter_mut()) {
            below += u32::from(v < lo);
            at_lo += u32::from(v == lo);
            at_hi += u32::from(v == hi);
            let inside = u32::from(v > lo) & u32::from(v < hi);
            *flag = if fresh { 0 } else { *flag } | (bit & inside.wrapping_neg());
        }
        if hi == lo {
            at_hi = 0;
        }
        Seen { below: below.into(), at_lo: at_lo.into(), at_hi: at_hi.into(), inside: Vec::new() }
    }
}

/// A metric's ranked values as a block counts them against its brackets: f32 for every
/// metric but the NPV (their records hold f32, so every value and every bracket's end,
/// a pilot's value or ±∞, is an f32 exactly, and comparing them as f32 gives the same
/// counts), f64 for the NPV.
trait Ranked: Copy + PartialOrd + Into<f64> {
    /// A bracket's end, exact (see above).
    fn end(v: f64) -> Self;
}

impl Ranked for f32 {
    #[inline(always)]
    fn end(v: f64) -> f32 {
        v as f32
    }
}

impl Ranked for f64 {
    #[inline(always)]
    fn end(v: f64) -> f64 {
        v
    }
}

/// What `values` hold of each of `brackets`: their counts in one vectorised pass each,
/// then the values they mark (a few percent) gathered, and each bracket's counted and
/// kept from those. `flags` and `marked` are working memory.
#[inline(always)]
fn seen<T: Ranked>(
    brackets: &[Bracket],
    values: &[T],
    flags: &mut Vec<u32>,
    marked: &mut Vec<(u32, f64)>,
) -> Vec<Seen> {
    let mut seen = Vec::with_capacity(brackets.len());
    if brackets.is_empty() {
        return seen;
    }
    flags.resize(values.len(), 0);
    let flags = &mut flags[..values.len()];
    // One flag bit per bracket: 32 brackets a pass.
    for group in brackets.chunks(32) {
        let first = seen.len();
        // A plain loop, not `extend`: the counting pass compiled into `extend` ran out of
        // line, outside the AVX2 version of the block's code.
        for (i, b) in group.iter().enumerate() {
            seen.push(b.count(values, flags, 1 << i, i == 0));
        }
        // The marked values, four flags tested at once: about one value in fifteen is
        // marked, so most groups of four have none.
        marked.clear();
        // Whole groups of four, then the last few: as `chunks(4)`, whose last group may be
        // shorter, the test of a group's flags cost 36 M more instructions a million trials.
        let (groups, tail) = (flags.chunks_exact(4), values.len() / 4 * 4);
        for (g, group) in groups.enumerate() {
            if (group[0] | group[1]) | (group[2] | group[3]) != 0 {
                for (&f, &v) in group.iter().zip(&values[4 * g..]) {
                    if f != 0 {
                        marked.push((f, v.into()));
                    }
                }
            }
        }
        for (&f, &v) in flags[tail..].iter().zip(&values[tail..]) {
            if f != 0 {
                marked.push((f, v.into()));
            }
        }
        let marked = &marked[..];
        for (i, s) in seen[first..].iter_mut().enumerate() {
            let bit = 1u32 << i;
            // Sized at once: grown push by push, the tens of thousands of small vectors of
            // a large run were each copied four or five times.
            s.inside = Vec::with_capacity(marked.iter().filter(|(f, _)| f & bit != 0).count());
            s.inside.extend(marked.iter().filter(|(f, _)| f & bit != 0).map(|&(_, v)| v));
        }
    }
    seen
}

/// The brackets of every metric (none for a small run), by [`MetricKey`] index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Brackets(Vec<Vec<Bracket>>);

impl Brackets {
    /// Brackets each metric's quantiles `wanted(k)` from the pilot's records.
    /// The metrics in parallel: the pool would otherwise wait on a dozen sorts.
    pub(crate) fn from_pilot<'a>(
        pilot: impl Iterator<Item = &'a Trial> + Clone + Send + Sync,
        wanted: impl Fn(MetricKey) -> Vec<f64> + Sync,
    ) -> Brackets {
        Brackets(
            MetricKey::ALL
                .par_iter()
                .map(|&k| {
                    let mut values: Vec<f64> =
                        pilot.clone().map(|t| t.ranked(k)).filter(|v| !v.is_nan()).collect();
                    if values.is_empty() {
                        return Vec::new();
                    }
                    // The ends' ranks selected in one descent, not the whole pilot sorted.
                    let (m, qs) = (values.len(), wanted(k));
                    let ranks: Vec<usize> = qs.iter().flat_map(|&q| Bracket::ends(q, m)).flatten().collect();
                    let value_at = select(&mut values, &ranks);
                    qs.into_iter().map(|q| Bracket::from_pilot(q, m, &value_at)).collect()
                })
                .collect(),
        )
    }

    fn of(&self, k: MetricKey) -> &[Bracket] {
        self.0.get(k as usize).map_or(&[], Vec::as_slice)
    }
}

/// What one block of trials saw of one bracket.
#[derive(Debug, Default, Clone)]
struct Seen {
    below: u64,
    at_lo: u64,
    at_hi: u64,
    inside: Vec<f64>,
}

/// One block's tally of one metric: its defined values' count and their sums about a shift
/// near the mean (the deterministic value), so the variance keeps its precision; and what
/// each of its brackets saw.
#[derive(Debug, Default, Clone)]
struct MetricTally {
    defined: u64,
    sum: f64,
    sum_sq: f64,
    seen: Vec<Seen>,
    /// Ranked values below and above the base case's, beyond rounding (see [`beside`]).
    below_base: u64,
    above_base: u64,
}

/// What one block of trials counts for the summaries.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tally {
    metrics: Vec<MetricTally>,
    pub(crate) npv_positive: u64,
    /// Trials that never pay back.
    pub(crate) never: u64,
    /// Trials paying back in month k, for k from 0 to the horizon (a payback is a month
    /// count from 1): summed up to k, the trials paying back within k months, for any k.
    pub(crate) payback_months: Vec<u64>,
    pub(crate) npv_min: f64,
    pub(crate) npv_max: f64,
}

/// What every block's tally counts against, fixed before the blocks run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counting {
    /// The quantiles' brackets (none for a small run, or until the pilot has run).
    pub(crate) brackets: Brackets,
    /// Each metric's deterministic value, by [`MetricKey`] index: the mean's sums are taken
    /// about it, near the mean, so that the variance keeps its precision.
    shifts: Vec<f64>,
    /// Each metric's deterministic value as a trial's record holds and ranks it (f32 but
    /// the NPV; a payback that never comes +∞), NaN where undefined: trials are counted
    /// below and above it, so that a base case better than most trials is seen to be.
    bases: Vec<f64>,
    /// Months in the case's horizon: a payback comes within them, or never.
    pub(crate) horizon: usize,
}

impl Counting {
    pub(crate) fn new(deterministic: &Metrics, horizon: usize) -> Counting {
        let shifts = MetricKey::ALL
            .iter()
            .map(|&k| deterministic.get(k).filter(|v| v.is_finite()).unwrap_or(0.0))
            .collect();
        let base = Trial::from(deterministic);
        let bases = MetricKey::ALL.iter().map(|&k| base.ranked(k)).collect();
        Counting { brackets: Brackets::default(), shifts, bases, horizon }
    }

    /// The tally of `trials`.
    #[inline(always)]
    pub(crate) fn tally(&self, trials: &[Trial]) -> Tally {
        let brackets = &self.brackets;
        let mut tally = Tally {
            metrics: Vec::with_capacity(MetricKey::ALL.len()),
            payback_months: vec![0; self.horizon + 1],
            npv_min: f64::INFINITY,
            npv_max: f64::NEG_INFINITY,
            ..Tally::default()
        };
        // Metric by metric over the block (56 KB, in cache), each metric's values copied
        // out first (with their differences from the shift, for the sums) so that the
        // passes below run over plain arrays.
        let (mut values, mut diffs) = (Vec::with_capacity(trials.len()), Vec::with_capacity(trials.len()));
        let (mut flags, mut marked, mut narrow) = (Vec::new(), Vec::new(), Vec::with_capacity(trials.len()));
        for k in MetricKey::ALL {
            // A plain loop per kind of field, not `extend` over `Trial::get`: that one was
            // compiled out of line, outside the AVX2 version, with a branch per value.
            values.resize(trials.len(), 0.0);
            diffs.resize(trials.len(), 0.0);
            let shift = self.shifts[k as usize];
            let mut defined = 0;
            if k == MetricKey::Npv {
                for ((v, x), t) in values.iter_mut().zip(diffs.iter_mut()).zip(trials) {
                    *v = t.npv;
                    defined += difference(*v, shift, x);
                }
            } else {
                let i = k as usize;
                for ((v, x), t) in values.iter_mut().zip(diffs.iter_mut()).zip(trials) {
                    *v = f64::from(t.rest[i]);
                    defined += difference(*v, shift, x);
                }
            }
            let mut m = sums(&diffs, defined);
            match k {
                MetricKey::Npv => {
                    for &v in &values {
                        tally.npv_positive += u64::from(v > 0.0);
                        tally.npv_min = tally.npv_min.min(v);
                        tally.npv_max = tally.npv_max.max(v);
                    }
                }
                MetricKey::PaybackMonth => {
                    tally.never = trials.len() as u64 - m.defined;
                    // A payback is a whole number of months, 1 to the horizon (NaN: never).
                    for &v in values.iter().filter(|v| !v.is_nan()) {
                        tally.payback_months[(v.max(0.0) as usize).min(self.horizon)] += 1;
                    }
                }
                _ => {}
            }
            if k.undefined_is_infinite() {
                values.iter_mut().for_each(|v| *v = if v.is_nan() { f64::INFINITY } else { *v });
            }
            (m.below_base, m.above_base) = beside(&values, self.bases[k as usize]);
            let brackets = brackets.of(k);
            m.seen = if k == MetricKey::Npv || brackets.is_empty() {
                seen(brackets, &values, &mut flags, &mut marked)
            } else {
                // Back to the records' f32, exactly (see `Ranked`).
                narrow.clear();
                narrow.extend(values.iter().map(|&v| v as f32));
                seen(brackets, &narrow, &mut flags, &mut marked)
            };
            tally.metrics.push(m);
        }
        tally
    }
}

/// Writes the difference of value `v` from `shift` to `x`, +0 where `v` is undefined
/// (NaN); 1 if it is defined. In the pass that copies the values out, which the compiler
/// vectorises: summing the values with this select in the sums' pass, it branched on each.
#[inline(always)]
fn difference(v: f64, shift: f64, x: &mut f64) -> u64 {
    let d = !v.is_nan();
    *x = if d { v - shift } else { 0.0 };
    u64::from(d)
}

/// The sums of `diffs` (of `defined` values from a shift; see [`difference`]) and of their
/// squares, over four lanes: one running sum would wait on each addition.
#[inline(always)]
fn sums(diffs: &[f64], defined: u64) -> MetricTally {
    let (mut sum, mut sum_sq) = ([0.0f64; 4], [0.0f64; 4]);
    let chunks = diffs.chunks_exact(4);
    for (j, &x) in chunks.remainder().iter().enumerate() {
        sum[j] += x;
        sum_sq[j] += x * x;
    }
    for chunk in chunks {
        for (j, &x) in chunk.iter().enumerate() {
            sum[j] += x;
            sum_sq[j] += x * x;
        }
    }
    MetricTally {
        defined,
        sum: (sum[0] + sum[1]) + (sum[2] + sum[3]),
        sum_sq: (sum_sq[0] + sum_sq[1]) + (sum_sq[2] + sum_sq[3]),
        ..MetricTally::default()
    }
}

/// How many of `values` lie below and above `base` by more than a millionth of it (NaNs
/// neither): a trial that matches the base case up to the rounding of its record or of
/// its arithmetic is on neither side. One branchless pass, vectorised.
#[inline(always)]
fn beside(values: &[f64], base: f64) -> (u64, u64) {
    let tolerance = if base.is_finite() { 1e-6 * base.abs() + 1e-9 } else { 0.0 };
    let (lo, hi) = (base - tolerance, base + tolerance);
    let (mut below, mut above) = (0u64, 0u64);
    for &v in values {
        below += u64::from(v < lo);
        above += u64::from(v > hi);
    }
    (below, above)
}

/// Every trial's ranked value of a metric (see [`Trial::ranked`]), the values that do not
/// rank left out, in any order: what a percentile falls back on.
pub(crate) type AllValues<'a> = &'a (dyn Fn(MetricKey) -> Vec<f64> + Sync);

/// The blocks' tallies of one metric, merged in block order, and what to fall back on.
pub(crate) struct MetricTrials<'a> {
    key: MetricKey,
    tallies: Vec<&'a MetricTally>,
    /// What the tallies' sums are taken about.
    shift: f64,
    /// The base case's value as ranked.
    base: f64,
    brackets: &'a [Bracket],
    all: AllValues<'a>,
    trials: usize,
}

impl<'a> MetricTrials<'a> {
    pub(crate) fn new(
        key: MetricKey,
        tallies: impl Iterator<Item = &'a Tally>,
        counting: &'a Counting,
        all: AllValues<'a>,
        trials: usize,
    ) -> Self {
        let tallies = tallies.map(|t| &t.metrics[key as usize]).collect();
        let (shift, brackets) = (counting.shifts[key as usize], counting.brackets.of(key));
        let base = counting.bases[key as usize];
        MetricTrials { key, tallies, shift, base, brackets, all, trials }
    }

    /// Shares of the ranked trials below and above the base case's value, beyond rounding;
    /// `None` where the base value is undefined (an IRR the base case does not have).
    pub(crate) fn beside_base(&self) -> Option<(f64, f64)> {
        let ranked = self.ranked();
        if self.base.is_nan() || ranked == 0 {
            return None;
        }
        let (below, above) =
            self.tallies.iter().fold((0, 0), |(b, a), m| (b + m.below_base, a + m.above_base));
        Some((below as f64 / ranked as f64, above as f64 / ranked as f64))
    }

    /// Trials where the metric is defined.
    pub(crate) fn defined(&self) -> u64 {
        self.tallies.iter().map(|m| m.defined).sum()
    }

    /// Trials that rank: the defined ones, and every trial where undefined means never.
    pub(crate) fn ranked(&self) -> usize {
        if self.key.undefined_is_infinite() { self.trials } else { self.defined() as usize }
    }

    /// Mean and standard error of the mean of the defined values.
    pub(crate) fn mean_and_error(&self) -> Option<(f64, f64)> {
        let count = self.defined();
        if count == 0 {
            return None;
        }
        let (sum, sum_sq) = self.tallies.iter().fold((0.0, 0.0), |(s, q), m| (s + m.sum, q + m.sum_sq));
        let c = count as f64;
        let var = if count > 1 { ((sum_sq - sum * sum / c) / (c - 1.0)).max(0.0) } else { 0.0 };
        Some((self.shift + sum / c, (var / c).sqrt()))
    }

    /// The values at each (quantile, rank) of `wanted` (ranks 0-based, ascending order,
    /// among the ranked values): from the quantile's bracket when it holds the rank, else
    /// selected, all such ranks at once, among every trial's value.
    pub(crate) fn nth(&self, wanted: &[(f64, [usize; 2])]) -> Vec<[f64; 2]> {
        let mut out: Vec<Option<[f64; 2]>> = wanted.iter().map(|&(q, r)| self.bracket_values(q, r)).collect();
        let missed: Vec<usize> =
            wanted.iter().zip(&out).filter(|(_, o)| o.is_none()).flat_map(|((_, r), _)| *r).collect();
        if !missed.is_empty() {
            let mut all = (self.all)(self.key);
            let at = select(&mut all, &missed);
            for (o, (_, r)) in out.iter_mut().zip(wanted) {
                o.get_or_insert_with(|| r.map(&at));
            }
        }
        out.into_iter().map(|o| o.unwrap_or([f64::NAN; 2])).collect()
    }

    fn bracket_values(&self, q: f64, ranks: [usize; 2]) -> Option<[f64; 2]> {
        let i = self.brackets.iter().position(|b| b.q == q)?;
        let bracket = self.brackets[i];
        let seen = self.tallies.iter().map(|m| &m.seen[i]);
        let (mut below, mut at_lo, mut at_hi) = (0, 0, 0);
        for s in seen.clone() {
            below += s.below as usize;
            at_lo += s.at_lo as usize;
            at_hi += s.at_hi as usize;
        }
        let inside_len: usize = seen.clone().map(|s| s.inside.len()).sum();
        // Where each rank falls: below the range (a miss), at its low end, inside, at its
        // high end, or above (a miss).
        let mut inside_ranks = Vec::new();
        let mut out = [0.0; 2];
        for (o, &r) in out.iter_mut().zip(&ranks) {
            let r = r.checked_sub(below)?;
            if r < at_lo {
                *o = bracket.lo;
            } else if r - at_lo < inside_len {
                inside_ranks.push(r - at_lo);
            } else if r - at_lo - inside_len < at_hi {
                *o = bracket.hi;
            } else {
                return None;
            }
        }
        if !inside_ranks.is_empty() {
            let mut inside: Vec<f64> = Vec::with_capacity(inside_len);
            seen.for_each(|s| inside.extend_from_slice(&s.inside));
            let at = select(&mut inside, &inside_ranks);
            for (o, &r) in out.iter_mut().zip(&ranks) {
                let r = r - below;
                if r >= at_lo && r - at_lo < inside_len {
                    *o = at(r - at_lo);
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests;
