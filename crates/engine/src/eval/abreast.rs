//! Simulated trials' metrics taken four trials abreast, one trial to a lane of a four-wide
//! vector: the running sums, what payback and peak funding need of them, the IRR's root
//! count and Newton's method for the IRR. For one trial these are chains of dependent
//! additions, multiplications and comparisons month by month, a dozen scalar instructions
//! a month each waiting on the last; four trials side by side take one vector instruction
//! where each took one, and share the wait.
//!
//! Each lane does the scalar path's arithmetic in the same order up to the root count
//! ([`Model::running_sums`], `metrics::roots_at_most`), and the same steps and stopping
//! rule in Newton's method (its sums in another order, so equal up to rounding). A trial's
//! figures do not depend on its neighbours: it comes out the same, bit for bit, in any
//! group or alone (a test checks it), so a trial run again reproduces its first run.
//!
//! The lane-wise code sits in functions of their own, each compiled for AVX2 as well (see
//! `simulate::run_block`): inlined into the block of trials, the compiler left its lanes
//! scalar.

use multiversion::multiversion;

use super::run::{Geometric, Totals};
use super::*;
use crate::metrics::{Shortfall, ZERO_TOLERANCE};

/// Trials evaluated abreast.
pub const ABREAST: usize = 4;

/// One value of each trial abreast.
type Lanes = [f64; ABREAST];

/// A trial whose flows are in its lane, waiting for its metrics.
#[derive(Debug, Clone, Copy, Default)]
struct Waiting {
    /// Its phase layout's index among the [`Shapes`] given to [`Abreast::metrics`].
    layout: usize,
    totals: Totals,
    /// Where its IRR search starts, when its NPV at the start rates tells.
    irr_start: Option<f64>,
}

/// Working memory for four trials abreast, reused group after group.
#[derive(Debug, Default)]
pub struct Abreast {
    /// `months` of each lane's flows, lane after lane.
    flows: Vec<f64>,
    months: usize,
    /// The flows month by month, four lanes to a month.
    by_month: Vec<Lanes>,
    /// The cumulative cash flow, the same way.
    cumulative: Vec<Lanes>,
    discount: Geometric,
    waiting: [Waiting; ABREAST],
}

/// What the metrics need of one trial's running sums.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    /// The cumulative cash flow at the horizon.
    total: f64,
    /// The discounted cumulative at the horizon.
    npv: f64,
    shortfalls: [Shortfall; 2],
    roots: Option<usize>,
}

impl Abreast {
    /// Readies lanes of `months` months.
    pub fn start(&mut self, months: usize) {
        if self.months != months || self.flows.len() != ABREAST * months {
            self.months = months;
            self.flows.clear();
            self.flows.resize(ABREAST * months, 0.0);
            self.by_month.clear();
            self.by_month.resize(months, [0.0; ABREAST]);
            self.cumulative.clear();
            self.cumulative.resize(months, [0.0; ABREAST]);
        }
    }

    /// Lane `lane`'s cumulative cash flow after [`Abreast::metrics`] (or as
    /// [`Abreast::set_cumulative`] left it).
    pub fn cumulative(&self, lane: usize) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.cumulative.iter().map(move |c| c[lane])
    }

    /// Puts a trial computed on its own (laid out in full) in lane `lane`.
    pub fn set_cumulative(&mut self, lane: usize, cumulative: &[f64]) {
        self.start(cumulative.len());
        self.cumulative.iter_mut().zip(cumulative).for_each(|(c, v)| c[lane] = *v);
    }

    /// Sums the flows of a trial with phase layout `layout` of `shapes` into lane `lane`.
    #[inline(always)]
    pub fn add_trial(&mut self, lane: usize, layout: usize, shapes: &Shapes, draws: &TrialDraws<'_>) {
        let months = self.months;
        let flows = &mut self.flows[lane * months..(lane + 1) * months];
        let (totals, irr_start) = shapes.flows(draws, flows);
        self.waiting[lane] = Waiting { layout, totals, irr_start };
    }

    /// Lane `to` takes lane `from`'s trial: a group of fewer than four fills its other
    /// lanes so, and their results are dropped.
    pub fn copy_lane(&mut self, from: usize, to: usize) {
        let m = self.months;
        self.flows.copy_within(from * m..(from + 1) * m, to * m);
        self.waiting[to] = self.waiting[from];
    }

    /// The metrics of the four trials in the lanes, each with its layout in `shapes`.
    #[inline(always)]
    pub fn metrics(&mut self, shapes: &[Shapes]) -> [Metrics; ABREAST] {
        let m = self.months;
        // Every layout of a run has the case's horizon and discount rate.
        let model = shapes[self.waiting[0].layout].model();
        let discount = self.discount.of(1.0 / (1.0 + model.monthly_rate), m);
        let sums = sums_abreast(&self.flows, discount, &mut self.by_month, &mut self.cumulative);
        // Newton's method on the trials whose flows have one root at most, four abreast;
        // the others, and any it fails on, search the grid on their own as
        // `metrics::irr_monthly_given` does.
        let mut starts = [0.0; ABREAST];
        let mut searching = [false; ABREAST];
        for k in 0..ABREAST {
            let (waiting, sums) = (&self.waiting[k], &sums[k]);
            starts[k] = shapes[waiting.layout].model().irr_start(waiting.irr_start, sums.total, sums.npv);
            searching[k] = sums.roots == Some(1);
        }
        let found = newton_abreast(&self.by_month, starts, searching, model.irr_settled);
        // A loop, not `array::from_fn`: its closure was compiled out of line, and the IRR
        // search in it for baseline x86-64 only.
        let mut out: [Option<Metrics>; ABREAST] = Default::default();
        for (k, slot) in out.iter_mut().enumerate() {
            let Waiting { layout, totals, .. } = self.waiting[k];
            let Sums { npv, shortfalls, roots, .. } = sums[k];
            let shapes = &shapes[layout];
            let model = shapes.model();
            let irr = match (roots, found[k]) {
                (Some(0), _) => None,
                (Some(1), Some(r)) => Some(r),
                _ => metrics::irr_with_roots(
                    &self.flows[k * m..(k + 1) * m],
                    None,
                    starts[k],
                    model.irr_settled,
                ),
            };
            *slot = Some(model.metrics_with(m, npv, irr, shortfalls, totals, shapes.main()));
        }
        out.map(|m| m.expect("every lane has its metrics"))
    }
}

/// The running sums of four trials' flows (`flows` holds each trial's months, trial after
/// trial; `by_month` is working memory for them month by month), with what payback, peak
/// funding and the IRR's root count need of them; their cumulative cash flow is left in
/// `cumulative`, month by month.
#[multiversion(targets("x86_64+avx2"))]
fn sums_abreast(
    flows: &[f64],
    discount: &[f64],
    by_month: &mut [Lanes],
    cumulative: &mut [Lanes],
) -> [Sums; ABREAST] {
    let n = by_month.len();
    for (t, lanes) in by_month.iter_mut().enumerate() {
        for (k, v) in lanes.iter_mut().enumerate() {
            *v = flows[k * n + t];
        }
    }
    let (mut c, mut d) = ([0.0; ABREAST], [0.0; ABREAST]);
    // One past the last month below zero (as f64, a select per lane) and the lowest value,
    // of the cumulative and of the discounted cumulative; the largest |flow|.
    let (mut after, mut lowest) = ([[0.0f64; ABREAST]; 2], [[0.0f64; ABREAST]; 2]);
    let mut largest = [0.0f64; ABREAST];
    for (t, ((f, x), cum)) in by_month.iter().zip(discount).zip(cumulative.iter_mut()).enumerate() {
        let month = (t + 1) as f64;
        for k in 0..ABREAST {
            c[k] += f[k];
            d[k] += f[k] * x;
            cum[k] = c[k];
            after[0][k] = if c[k] < -ZERO_TOLERANCE { month } else { after[0][k] };
            after[1][k] = if d[k] < -ZERO_TOLERANCE { month } else { after[1][k] };
            lowest[0][k] = if c[k] < lowest[0][k] { c[k] } else { lowest[0][k] };
            lowest[1][k] = if d[k] < lowest[1][k] { d[k] } else { lowest[1][k] };
            let a = f[k].abs();
            largest[k] = if a > largest[k] { a } else { largest[k] };
        }
    }
    let roots = roots_abreast(cumulative, largest, n);
    std::array::from_fn(|k| Sums {
        total: c[k],
        npv: d[k],
        shortfalls: [
            Shortfall::new(after[0][k] as usize, lowest[0][k]),
            Shortfall::new(after[1][k] as usize, lowest[1][k]),
        ],
        roots: roots[k],
    })
}

/// `metrics::roots_at_most` of four trials, from their running sums and largest |flow|:
/// the same comparisons, lane by lane.
#[inline(always)]
fn roots_abreast(cumulative: &[Lanes], largest: Lanes, n: usize) -> [Option<usize>; ABREAST] {
    let Some((&total, before_last)) = cumulative.split_last() else {
        return [None; ABREAST];
    };
    let nf = n as f64;
    let tiny: Lanes = std::array::from_fn(|k| largest[k] * nf * nf * 1e-12);
    let Some((&first, rest)) = before_last.split_first() else {
        return std::array::from_fn(|k| (total[k].abs() > tiny[k]).then_some(0));
    };
    // A sum within rounding of zero or of the total makes the count doubtful: the nearest
    // either comes, taken as a minimum (NaN, which a comparison never finds near, is
    // skipped as the scalar path skips it).
    let min = |a: f64, b: f64| if b < a { b } else { a };
    let mut nearest: Lanes =
        std::array::from_fn(|k| min(min(total[k].abs(), first[k].abs()), (total[k] - first[k]).abs()));
    // Sign changes counted down from zero: each month's signs as all-ones masks (−1 as an
    // integer), compared with the month before by an exclusive or.
    let positive = |v: f64| -i64::from(v > 0.0);
    let below = |v: f64, total: f64| -i64::from(v < total);
    let (mut forward, mut backward) = ([0i64; ABREAST], [0i64; ABREAST]);
    let (mut was_positive, mut was_below): ([i64; ABREAST], [i64; ABREAST]) =
        (std::array::from_fn(|k| positive(first[k])), std::array::from_fn(|k| below(first[k], total[k])));
    for k in 0..ABREAST {
        backward[k] = i64::from((0.0 < total[k]) != (first[k] < total[k]));
    }
    for c in rest {
        for k in 0..ABREAST {
            nearest[k] = min(nearest[k], min(c[k].abs(), (total[k] - c[k]).abs()));
            let (is_positive, is_below) = (positive(c[k]), below(c[k], total[k]));
            forward[k] -= is_positive ^ was_positive[k];
            backward[k] -= is_below ^ was_below[k];
            (was_positive[k], was_below[k]) = (is_positive, is_below);
        }
    }
    let last = before_last.last().copied().unwrap_or(first);
    std::array::from_fn(|k| {
        let forward = forward[k] + i64::from((last[k] > 0.0) != (total[k] > 0.0));
        (nearest[k] > tiny[k]).then_some((forward + backward[k]) as usize)
    })
}

/// `metrics::newton` on four trials' flows (`by_month[t]` holds month t of each) from
/// `start`, for the lanes `searching`: each lane's steps and stopping rule are the scalar
/// search's, its NPV and moment summed four lanes abreast (by Horner's scheme in x⁴ over
/// four interleaved chains, where the scalar search runs eight in x⁸: the same sums up to
/// rounding). A lane stops when it has its root; the group, when every lane has stopped.
/// `None` for a lane that strays, stalls or does not search.
#[multiversion(targets("x86_64+avx2"))]
fn newton_abreast(
    by_month: &[Lanes],
    start: Lanes,
    searching: [bool; ABREAST],
    settled: f64,
) -> [Option<f64>; ABREAST] {
    let mut x: Lanes = start.map(metrics::newton_start);
    let mut last_step = [0.0f64; ABREAST];
    // The root found, NaN while none is; searching lanes as 1.0, the others 0.0.
    let mut found = [f64::NAN; ABREAST];
    let mut active: Lanes = searching.map(|s| if s { 1.0 } else { 0.0 });
    for _ in 0..metrics::NEWTON_STEPS {
        if active == [0.0; ABREAST] {
            break;
        }
        let (g, m) = value_and_moment_abreast(by_month, x);
        // Every lane's step without a branch (which lane stops when is a coin toss), by
        // the tests of `metrics::newton`.
        for k in 0..ABREAST {
            let next = x[k] - x[k] * (g[k] / m[k]);
            let r = 1.0 / next - 1.0;
            let step = (x[k] - next) / (x[k] * next);
            let sound = metrics::sound_moment(m[k]) & metrics::searched(r);
            let settle = metrics::settles(step, r, last_step[k], settled);
            let on = active[k] == 1.0;
            found[k] = if on & sound & settle { r } else { found[k] };
            let going = on & sound & !settle;
            active[k] = if going { 1.0 } else { 0.0 };
            x[k] = if going { next } else { x[k] };
            last_step[k] = if going { step } else { last_step[k] };
        }
    }
    found.map(|r| (!r.is_nan()).then_some(r))
}

/// (Σ c_t x^t, Σ t c_t x^t) of four trials' flows, each at its own x: Horner's scheme in
/// z = x⁴ over four interleaved chains per lane, chain j holding L_j(z) = Σ_i c_{4i+j} z^i
/// and its derivative; the moment is then Σ_j x^j (j L_j + 4z L_j').
#[multiversion(targets("x86_64+avx2"))]
fn value_and_moment_abreast(by_month: &[Lanes], x: Lanes) -> (Lanes, Lanes) {
    // Whole lanes at a time, through these: written lane by lane into arrays of lanes,
    // the compiler left the sums scalar.
    let mul = |a: Lanes, b: Lanes| -> Lanes { [a[0] * b[0], a[1] * b[1], a[2] * b[2], a[3] * b[3]] };
    let add = |a: Lanes, b: Lanes| -> Lanes { [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]] };
    let x2 = mul(x, x);
    let z = mul(x2, x2);
    let (mut l, mut d) = ([[0.0f64; ABREAST]; 4], [[0.0f64; ABREAST]; 4]);
    let chunks = by_month.chunks_exact(4);
    // The partial top chunk first (highest powers), as if padded with zeros.
    for (j, months) in chunks.remainder().iter().enumerate() {
        l[j] = *months;
    }
    for chunk in chunks.rev() {
        for j in 0..4 {
            d[j] = add(mul(d[j], z), l[j]);
            l[j] = add(mul(l[j], z), chunk[j]);
        }
    }
    let four_z = mul([4.0; ABREAST], z);
    let moment = |j: usize| add(mul([j as f64; ABREAST], l[j]), mul(four_z, d[j]));
    let join = |v: [Lanes; 4]| add(add(v[0], mul(x, v[1])), mul(x2, add(v[2], mul(x, v[3]))));
    (join(l), join([moment(0), moment(1), moment(2), moment(3)]))
}
