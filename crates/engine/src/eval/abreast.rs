//! Simulated trials' metrics taken four trials abreast, one trial to a lane of a four-wide
//! vector: their monthly cash flows, the running sums, what payback and peak funding need
//! of them, the IRR's root count and Newton's method for the IRR. For one trial these are
//! chains of dependent additions, multiplications and comparisons month by month, a dozen
//! scalar instructions a month each waiting on the last; four trials side by side take
//! one vector instruction where each took one, and share the wait. The four trials of a
//! group share a phase layout (trials wait in their layout's [`Queue`] until four have
//! been drawn), so that a month's amount of each part of the flows is read once for all
//! four.
//!
//! Each lane sums its flows in the order a trial alone would, does the scalar path's
//! arithmetic in the same order up to the root count ([`Model::running_sums`],
//! `metrics::roots_at_most`), and takes the same steps with the same stopping rule in
//! Newton's method (its sums in another order, so equal up to rounding). A trial's figures
//! do not depend on its neighbours: it comes out the same, bit for bit, in any group or
//! alone (a test checks it), so a trial run again reproduces its first run.
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
pub(super) type Lanes = [f64; ABREAST];

/// Lane-wise arithmetic, whole lanes at a time: written lane by lane into arrays of lanes,
/// the compiler left such sums scalar.
#[inline(always)]
pub(super) fn add(a: Lanes, b: Lanes) -> Lanes {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

#[inline(always)]
pub(super) fn sub(a: Lanes, b: Lanes) -> Lanes {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]]
}

#[inline(always)]
pub(super) fn mul(a: Lanes, b: Lanes) -> Lanes {
    [a[0] * b[0], a[1] * b[1], a[2] * b[2], a[3] * b[3]]
}

#[inline(always)]
pub(super) fn splat(v: f64) -> Lanes {
    [v; ABREAST]
}

/// A drawn trial waiting for its metrics.
#[derive(Debug, Clone, Copy, Default)]
struct Waiting {
    /// Its index in the run.
    trial: u64,
    totals: Totals,
    /// Where its IRR search starts, when its NPV at the start rates tells.
    irr_start: Option<f64>,
}

/// Trials of one phase layout drawn and waiting to be evaluated four abreast (see
/// [`Shapes::draw_lane`]): trials of a layout share its rows, which each month's sums
/// then load once for four trials.
#[derive(Debug, Default)]
pub struct Queue {
    len: usize,
    waiting: [Waiting; ABREAST],
    /// The waiting trials' coefficients, each with the four lanes together.
    coefficients: Vec<Lanes>,
    /// Which risks happened in each waiting trial, trial after trial.
    fired: Vec<bool>,
    risks: usize,
}

impl Queue {
    /// An empty queue for trials of `shapes`' layout in a case of `risks` risks.
    pub(crate) fn new(shapes: &Shapes, risks: usize) -> Queue {
        Queue {
            len: 0,
            waiting: Default::default(),
            coefficients: vec![[0.0; ABREAST]; shapes.stride()],
            fired: vec![false; ABREAST * risks],
            risks,
        }
    }

    /// Trials waiting.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Adds trial `trial`, drawn as `draws` with `fired` the risks that happened, to wait.
    #[inline(always)]
    pub(crate) fn push(&mut self, trial: u64, shapes: &Shapes, draws: &TrialDraws<'_>, fired: &[bool]) {
        let lane = self.len;
        assert!(lane < ABREAST, "a full queue is evaluated before another trial waits");
        let (totals, irr_start) = shapes.draw_lane(draws, &mut self.coefficients, lane);
        self.waiting[lane] = Waiting { trial, totals, irr_start };
        self.fired[lane * self.risks..(lane + 1) * self.risks].copy_from_slice(fired);
        self.len += 1;
    }

    /// The risks that happened in the trial waiting in lane `lane`.
    pub(crate) fn fired(&self, lane: usize) -> &[bool] {
        &self.fired[lane * self.risks..(lane + 1) * self.risks]
    }

    /// The index of the trial waiting in lane `lane`.
    pub(crate) fn trial(&self, lane: usize) -> u64 {
        self.waiting[lane].trial
    }

    /// Empties the queue once its trials are evaluated.
    pub(crate) fn clear(&mut self) {
        self.len = 0;
    }
}

/// Working memory for four trials abreast, reused group after group.
#[derive(Debug, Default)]
pub struct Abreast {
    months: usize,
    /// The flows month by month, four lanes to a month.
    by_month: Vec<Lanes>,
    /// The cumulative cash flow, the same way.
    cumulative: Vec<Lanes>,
    /// One lane's flows, for the rare IRR search on one trial's own.
    lane_flows: Vec<f64>,
    discount: Geometric,
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
        if self.months != months || self.by_month.len() != months {
            self.months = months;
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

    /// The metrics of the trials waiting in `queue`, all of phase layout `shapes`, in
    /// their lanes (the first `queue.len()`; a queue of fewer than four fills the others
    /// with its first trial, whose results there are to be dropped).
    #[inline(always)]
    pub fn metrics(&mut self, shapes: &Shapes, queue: &mut Queue) -> [Metrics; ABREAST] {
        let m = self.months;
        for lane in queue.len..ABREAST {
            queue.coefficients.iter_mut().for_each(|c| c[lane] = c[0]);
            queue.waiting[lane] = queue.waiting[0];
        }
        let model = shapes.model();
        let discount = self.discount.of(1.0 / (1.0 + model.monthly_rate), m);
        let sums =
            sums_abreast(shapes, &queue.coefficients, discount, &mut self.by_month, &mut self.cumulative);
        // Newton's method on the trials whose flows have one root at most, four abreast;
        // the others, and any it fails on, search the grid on their own as
        // `metrics::irr_monthly_given` does.
        let mut starts = [0.0; ABREAST];
        let mut searching = [false; ABREAST];
        for k in 0..ABREAST {
            let (waiting, sums) = (&queue.waiting[k], &sums[k]);
            starts[k] = model.irr_start(waiting.irr_start, sums.total, sums.npv);
            searching[k] = sums.roots == Some(1);
        }
        let found = newton_abreast(&self.by_month, starts, searching, model.irr_settled);
        // A loop, not `array::from_fn`: its closure was compiled out of line, and the IRR
        // search in it for baseline x86-64 only.
        let mut out: [Option<Metrics>; ABREAST] = Default::default();
        for (k, slot) in out.iter_mut().enumerate() {
            let Sums { npv, shortfalls, roots, .. } = sums[k];
            let irr = match (roots, found[k]) {
                (Some(0), _) => None,
                (Some(1), Some(r)) => Some(r),
                _ => {
                    self.lane_flows.clear();
                    self.lane_flows.extend(self.by_month.iter().map(|f| f[k]));
                    metrics::irr_with_roots(&self.lane_flows, None, starts[k], model.irr_settled)
                }
            };
            *slot = Some(model.metrics_with(m, npv, irr, shortfalls, queue.waiting[k].totals, shapes.main()));
        }
        out.map(|m| m.expect("every lane has its metrics"))
    }
}

/// The monthly cash flow of four trials of `shapes`' layout, one to a lane, from their
/// `coefficients` ([`Shapes::draw_lane`]) into `by_month` (month t of each at index t),
/// and its running sums, with what payback, peak funding and the IRR's root count need of
/// them; the cumulative cash flow is left in `cumulative`, month by month.
///
/// A month's flow is summed in one pass with the running sums: a pass of its own was
/// vectorised across months by the compiler, each month's lanes gathered from four
/// months and scattered back, where the running sums' chains keep a month's four lanes
/// in one vector. The number of parts a month sums is fixed at compile time for the usual
/// few, so that the sum is unrolled with its coefficients in registers.
#[multiversion(targets("x86_64+avx2"))]
fn sums_abreast(
    shapes: &Shapes,
    coefficients: &[Lanes],
    discount: &[f64],
    by_month: &mut [Lanes],
    cumulative: &mut [Lanes],
) -> [Sums; ABREAST] {
    let (parts, count, offs) = shapes.month_parts();
    // No closure here: one defined in this function was compiled out of line, for
    // baseline x86-64 only.
    match count {
        2 => running_sums(Parts::<2>::new(parts, coefficients, offs), discount, by_month, cumulative),
        3 => running_sums(Parts::<3>::new(parts, coefficients, offs), discount, by_month, cumulative),
        4 => running_sums(Parts::<4>::new(parts, coefficients, offs), discount, by_month, cumulative),
        5 => running_sums(Parts::<5>::new(parts, coefficients, offs), discount, by_month, cumulative),
        6 => running_sums(Parts::<6>::new(parts, coefficients, offs), discount, by_month, cumulative),
        _ => running_sums(
            AnyParts { parts, count, coefficients, offs: Offs::new(offs) },
            discount,
            by_month,
            cumulative,
        ),
    }
}

/// Month by month, the flows of four trials abreast.
trait MonthFlows {
    /// Month t's; months are asked in order.
    fn flow(&mut self, t: usize) -> Lanes;
}

/// The amounts four trials take off their flows, month by month (see
/// [`Shapes::month_parts`]).
struct Offs<'a> {
    offs: &'a [(usize, usize)],
    next: usize,
}

impl<'a> Offs<'a> {
    #[inline(always)]
    fn new(offs: &'a [(usize, usize)]) -> Offs<'a> {
        Offs { offs, next: 0 }
    }

    /// `f` less the amounts of month `t`, whose coefficients are in `coefficients`.
    #[inline(always)]
    fn take_off(&mut self, t: usize, mut f: Lanes, coefficients: &[Lanes]) -> Lanes {
        while let Some(&(month, i)) = self.offs.get(self.next)
            && month == t
        {
            f = sub(f, coefficients[i]);
            self.next += 1;
        }
        f
    }
}

/// A month's flows summed from `P` parts, their coefficients held in registers.
struct Parts<'a, const P: usize> {
    parts: &'a [Lanes],
    c: [Lanes; P],
    coefficients: &'a [Lanes],
    offs: Offs<'a>,
}

impl<'a, const P: usize> Parts<'a, P> {
    #[inline(always)]
    fn new(parts: &'a [Lanes], coefficients: &'a [Lanes], offs: &'a [(usize, usize)]) -> Self {
        Parts { parts, c: std::array::from_fn(|j| coefficients[j]), coefficients, offs: Offs::new(offs) }
    }
}

impl<const P: usize> MonthFlows for Parts<'_, P> {
    #[inline(always)]
    fn flow(&mut self, t: usize) -> Lanes {
        let f = month_sum(&self.c, &self.parts[t * P..(t + 1) * P]);
        self.offs.take_off(t, f, self.coefficients)
    }
}

/// A month's flows summed from any number of parts.
struct AnyParts<'a> {
    parts: &'a [Lanes],
    count: usize,
    coefficients: &'a [Lanes],
    offs: Offs<'a>,
}

impl MonthFlows for AnyParts<'_> {
    #[inline(always)]
    fn flow(&mut self, t: usize) -> Lanes {
        let f = month_sum(self.coefficients, &self.parts[t * self.count..(t + 1) * self.count]);
        self.offs.take_off(t, f, self.coefficients)
    }
}

/// A month's flows from its `parts` and their coefficients: the first part times its
/// coefficient, plus each other in turn times its own (the order a trial alone sums them).
#[inline(always)]
fn month_sum(coefficients: &[Lanes], parts: &[Lanes]) -> Lanes {
    let mut f = mul(coefficients[0], parts[0]);
    for (c, v) in coefficients[1..].iter().zip(&parts[1..]) {
        f = add(f, mul(*c, *v));
    }
    f
}

/// The running sums of [`sums_abreast`] of `flows`.
#[inline(always)]
fn running_sums(
    mut flows: impl MonthFlows,
    discount: &[f64],
    by_month: &mut [Lanes],
    cumulative: &mut [Lanes],
) -> [Sums; ABREAST] {
    let n = by_month.len();
    let (mut c, mut d) = ([0.0; ABREAST], [0.0; ABREAST]);
    // One past the last month below zero (as f64, a select per lane) and the lowest value,
    // of the cumulative and of the discounted cumulative; the largest |flow|.
    let (mut after, mut lowest) = ([[0.0f64; ABREAST]; 2], [[0.0f64; ABREAST]; 2]);
    let mut largest = [0.0f64; ABREAST];
    for (t, ((m, x), cum)) in by_month.iter_mut().zip(discount).zip(cumulative.iter_mut()).enumerate() {
        let f = flows.flow(t);
        *m = f;
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
    // Whole lanes at a time, through `mul` and `add`.
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
