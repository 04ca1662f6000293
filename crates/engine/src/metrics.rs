//! The financial conventions of PRODUCT.md as plain functions on monthly series, so that each
//! can be checked against independently computed values.

/// Cumulative amounts this close to zero count as zero: sums of many lines leave rounding
/// noise far below a cent, and a case that exactly breaks even must be seen to pay back.
pub(crate) const ZERO_TOLERANCE: f64 = 1e-6;

/// The monthly rate equivalent to an annual one: (1 + r)^(1/12) − 1.
pub fn monthly_rate(annual: f64) -> f64 {
    (1.0 + annual).powf(1.0 / 12.0) - 1.0
}

/// Σ CF_t / (1 + r)^t with month 0 undiscounted (as `numpy_financial.npv`).
pub fn npv(rate: f64, flows: &[f64]) -> f64 {
    // Horner's scheme in x = 1/(1+r): one multiply-add per month.
    let x = 1.0 / (1.0 + rate);
    flows.iter().rev().fold(0.0, |acc, cf| acc * x + cf)
}

/// Rates at which the NPV's sign is probed when looking for an IRR. Dense near zero, where
/// business cases' IRRs lie; the root nearest zero is taken when there are several.
const IRR_GRID: [f64; 33] = [
    -0.99, -0.9, -0.75, -0.5, -0.3, -0.2, -0.1, -0.05, -0.03, -0.02, -0.01, -0.005, -0.002, -0.001, 0.0,
    0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0,
];

/// The monthly rate r > −1 at which the NPV of `flows` is zero; `None` when the flows never
/// change sign or no root lies in (−99%, 500%] a month. With several roots, the one nearest
/// zero.
pub fn irr_monthly(flows: &[f64]) -> Option<f64> {
    irr_monthly_from(flows, 0.0)
}

/// [`irr_monthly`] with Newton's method started at `guess`: simulated trials start from the
/// deterministic IRR, near which most of them lie, and need fewer steps. The root found is
/// the same (it is unique when Newton's method applies).
pub fn irr_monthly_from(flows: &[f64], guess: f64) -> Option<f64> {
    irr_monthly_given(flows, &cumulate(flows), guess, 0.0)
}

/// [`irr_monthly_from`] given the cumulative flows as well, which a simulated trial has
/// already computed. With `settled` > 0, Newton's method also stops once the error its
/// steps leave is below `settled` (relative to 1 + r): see [`newton`].
#[inline(always)]
pub fn irr_monthly_given(flows: &[f64], cumulative: &[f64], guess: f64, settled: f64) -> Option<f64> {
    irr_with_roots(flows, roots_at_most(flows, cumulative), guess, settled)
}

/// [`irr_monthly_given`] with the flows' root count already made (see [`roots_at_most`]):
/// simulated trials count four trials' roots at once.
#[inline(always)]
pub(crate) fn irr_with_roots(flows: &[f64], roots: Option<usize>, guess: f64, settled: f64) -> Option<f64> {
    // With no root in r > −1 there is none to find; with one at most, Newton's method from
    // any start that converges finds it, and it is then the root nearest zero. Otherwise,
    // or if Newton strays, the grid.
    match roots {
        Some(0) => return None,
        Some(1) => {
            if let Some(r) = newton(flows, guess, settled) {
                return Some(r);
            }
        }
        _ => {}
    }
    let has_pos = flows.iter().any(|&f| f > 0.0);
    let has_neg = flows.iter().any(|&f| f < 0.0);
    if !has_pos || !has_neg {
        return None;
    }
    // All grid NPVs in one pass: 33 independent Horner chains keep the multiplier busy,
    // where 33 calls of `npv` would each wait on their own chain. Same arithmetic, same bits.
    let xs = IRR_GRID.map(|r| 1.0 / (1.0 + r));
    let mut values = [0.0; IRR_GRID.len()];
    for cf in flows.iter().rev() {
        values.iter_mut().zip(&xs).for_each(|(v, x)| *v = *v * x + cf);
    }
    let mut best: Option<(f64, f64, f64, f64)> = None; // (lo, hi, f(lo), f(hi))
    for i in 0..IRR_GRID.len() - 1 {
        let (a, b) = (IRR_GRID[i], IRR_GRID[i + 1]);
        let (fa, fb) = (values[i], values[i + 1]);
        if fa == 0.0 {
            return Some(a);
        }
        if fa.signum() != fb.signum() {
            let distance = if a <= 0.0 && b >= 0.0 { 0.0 } else { a.abs().min(b.abs()) };
            let better = best.is_none_or(|(lo, hi, _, _)| {
                let d = if lo <= 0.0 && hi >= 0.0 { 0.0 } else { lo.abs().min(hi.abs()) };
                distance < d
            });
            if better {
                best = Some((a, b, fa, fb));
            }
        }
    }
    let (a, b, fa, fb) = best?;
    Some(bracketed_newton(flows, (a, fa), (b, fb)))
}

/// The root of the NPV between `a` and `b`, where it changes sign: Newton's method kept
/// inside the bracket, bisecting whenever a step would leave it or shrink it too little.
/// A handful of steps where regula falsi takes a dozen or more, and it cannot escape.
fn bracketed_newton(flows: &[f64], (a, fa): (f64, f64), (b, fb): (f64, f64)) -> f64 {
    // `lo` is where the NPV is below zero, `hi` where above.
    let (mut lo, mut hi) = if fa < 0.0 { (a, b) } else { (b, a) };
    if fb == 0.0 {
        return b;
    }
    let mut r = 0.5 * (a + b);
    let mut last_step = (b - a).abs();
    for _ in 0..100 {
        let x = 1.0 / (1.0 + r);
        let (f, g) = value_and_moment(flows, x);
        if f == 0.0 {
            return r;
        }
        if f < 0.0 {
            lo = r
        } else {
            hi = r
        }
        let df = -g * x;
        let newton = r - f / df;
        let inside = (newton - lo) * (newton - hi) < 0.0;
        let by_newton = df != 0.0 && newton.is_finite() && inside && (newton - r).abs() < 0.5 * last_step;
        let step = if by_newton { newton - r } else { 0.5 * (lo + hi) - r };
        last_step = step.abs();
        r += step;
        // A small Newton step means convergence (quadratic, as in `newton`); bisection
        // stops when the bracket is down to rounding.
        if by_newton && step.abs() < 1e-8 * (1.0 + r.abs()) || (hi - lo).abs() < 1e-14 * (1.0 + r.abs()) {
            return r;
        }
    }
    r
}

/// At most how many roots with r > −1 the NPV of `flows` has (their running sum being
/// `cumulative`), by two bounds that together are sharper than Descartes' rule on the flows:
/// - the roots with r > 0 number at most the sign changes of the cumulative flows
///   C_0 … C_n (Norström's rule: Descartes' rule for the power series of NPV(x)/(1 − x),
///   x = 1/(1 + r), whose coefficients are the cumulative flows);
/// - the roots with −1 < r < 0 at most the sign changes of the sums from the end,
///   B_t = C_n − C_{t−1} (the same rule on the reversed flows, x > 1);
/// - r = 0 is a root only when C_n = 0.
///
/// A yearly payment during the payoff makes the flows themselves change sign many times
/// while the cumulative still crosses zero once: about a third of the AI scribe's trials,
/// which would otherwise all search the grid. `None` when a sum lies within rounding of
/// zero (relative to the flows' size), where a sign cannot be trusted: the grid decides.
/// Each count is a plain pass over the sums, which the compiler vectorises.
#[inline(always)]
fn roots_at_most(flows: &[f64], cumulative: &[f64]) -> Option<usize> {
    let (&total, before_last) = cumulative.split_last()?;
    // Rounding in a running sum of n flows stays below n² ε max|f|.
    let n = flows.len() as f64;
    let tiny = max_abs(flows) * n * n * 1e-12;
    let Some((&first, rest)) = before_last.split_first() else {
        // One month: a non-zero constant has no root.
        return (total.abs() > tiny).then_some(0);
    };
    // One pass, no branch: C_t against zero (forward) and against C_n (backward, since
    // B_t > 0 exactly when C_{t−1} < C_n, with C_{−1} = 0).
    let mut doubtful = total.abs() <= tiny || first.abs() <= tiny || (total - first).abs() <= tiny;
    let (mut forward, mut backward) = (0, usize::from((0.0 < total) != (first < total)));
    // Each sum against the one before it, read from the series rather than carried from
    // the last step: no value passes from one step to the next, so the compiler vectorises.
    for (&prev, &c) in before_last.iter().zip(rest) {
        doubtful |= (c.abs() <= tiny) | ((total - c).abs() <= tiny);
        forward += usize::from((prev > 0.0) != (c > 0.0));
        backward += usize::from((prev < total) != (c < total));
    }
    let last = before_last.last().copied().unwrap_or(first);
    forward += usize::from((last > 0.0) != (total > 0.0));
    (!doubtful).then_some(forward + backward)
}

/// max |v| over four lanes: a single running maximum would wait on each comparison.
#[inline(always)]
fn max_abs(v: &[f64]) -> f64 {
    let mut m = [0.0f64; 4];
    let chunks = v.chunks_exact(4);
    // A comparison rather than `f64::max`, whose care for NaN cost a compare and a blend
    // per lane; NaN is never greater, so it is skipped all the same.
    let max = |a: f64, b: f64| if b > a { b } else { a };
    let rest = chunks.remainder().iter().fold(0.0f64, |a, x| max(a, x.abs()));
    for c in chunks {
        for k in 0..4 {
            m[k] = max(m[k], c[k].abs());
        }
    }
    max(max(max(m[0], m[1]), max(m[2], m[3])), rest)
}

/// Newton's method on NPV(r) from r = `start`; `None` when it leaves (−99%, 500%] or stalls.
///
/// It stops once a step is below 1e-8 (relative to 1 + r), or, when `settled` > 0, once
/// step² / (the step before) is below `settled`: Newton's steps shrink at least as fast as
/// that ratio says (quadratically near a simple root, where it overstates the error left by
/// far), so it bounds the error after the step. Simulated trials, whose IRR is kept to
/// f32's seven digits, stop so a step earlier: a search in the shipped templates' trials
/// took 2.9 to 3.7 evaluations of the flows on average, now 2.3 to 3.0.
///
/// The steps are taken in x = 1/(1 + r), where the NPV is the polynomial G(x) = Σ c_t x^t
/// and x G'(x) is the moment M(x) = Σ t c_t x^t: x ← x (1 − G/M). One division per step,
/// where a step in r needs two in sequence (the step, then the next x), each a dozen
/// cycles the next evaluation waits on. The root is the same.
#[inline(always)]
fn newton(flows: &[f64], start: f64, settled: f64) -> Option<f64> {
    let mut x = newton_start(start);
    // No step before the first: the second test cannot pass on it.
    let mut last_step = 0.0f64;
    for _ in 0..NEWTON_STEPS {
        let (g, m) = value_and_moment(flows, x);
        if !sound_moment(m) {
            return None;
        }
        let next = x - x * (g / m);
        // The rate and its step, off the path the next evaluation waits on.
        let r = 1.0 / next - 1.0;
        if !searched(r) {
            return None;
        }
        let step = (x - next) / (x * next);
        if settles(step, r, last_step, settled) {
            return Some(r);
        }
        last_step = step;
        x = next;
    }
    None
}

/// Steps [`newton`] takes at most before it gives up.
pub(crate) const NEWTON_STEPS: usize = 60;

/// The x = 1/(1 + r) Newton's method starts from for `start`: 0% a month when `start` is
/// not a rate it searches.
#[inline(always)]
pub(crate) fn newton_start(start: f64) -> f64 {
    let r0 = if searched(start) { start } else { 0.0 };
    1.0 / (1.0 + r0)
}

/// Whether Newton's method searches monthly rate `r`: beyond (−99%, 500%], or not a
/// number, it has strayed.
#[inline(always)]
pub(crate) fn searched(r: f64) -> bool {
    r.is_finite() & (-0.99..=5.0).contains(&r)
}

/// Whether a moment `m` can divide a step: not zero, and finite.
#[inline(always)]
pub(crate) fn sound_moment(m: f64) -> bool {
    (m != 0.0) & m.is_finite()
}

/// Whether Newton's `step` to rate `r`, after `last_step`, ends the search (see [`newton`]).
/// Convergence is quadratic: once a step is below 1e-8 the error left is about its square
/// times f''/2f' (≪ 1e-13 a month), so no further step is taken; with `settled` > 0, also
/// once step² / (the step before) is below it. Without a branch between the two tests, so
/// that four trials abreast take it lane by lane.
#[inline(always)]
pub(crate) fn settles(step: f64, r: f64, last_step: f64, settled: f64) -> bool {
    let scale = 1.0 + r.abs();
    (step.abs() < 1e-8 * scale) | (step * step < settled * scale * last_step.abs())
}

/// Lanes of [`value_and_moment`]: Horner's chain over 36 months is then 5 steps long.
const LANES: usize = 8;

/// (Σ c_t x^t, Σ t c_t x^t) by Horner's scheme in y = x⁸ over eight interleaved lanes:
/// one chain would wait on each multiply and add in turn (no fused multiply-add on
/// baseline x86-64), eight keep the arithmetic units busy. Lane j holds
/// L_j(y) = Σ_k c_{8k+j} y^k and its derivative, carried along as Horner's scheme does; the
/// moment is then Σ_j x^j (j L_j + 8y L_j'). The IRR evaluates this for every simulated
/// trial several times.
#[inline(always)]
fn value_and_moment(flows: &[f64], x: f64) -> (f64, f64) {
    let x2 = x * x;
    let x4 = x2 * x2;
    let y = x4 * x4;
    let (mut l, mut d) = ([0.0f64; LANES], [0.0f64; LANES]);
    let chunks = flows.chunks_exact(LANES);
    // The partial top chunk first (highest powers), as if padded with zeros.
    l[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    for chunk in chunks.rev() {
        for j in 0..LANES {
            d[j] = d[j] * y + l[j];
            l[j] = l[j] * y + chunk[j];
        }
    }
    // Σ_j x^j v_j by pairs (Estrin's scheme): three levels rather than a chain of seven.
    let join = |v: [f64; LANES]| {
        let low = (v[0] + x * v[1]) + x2 * (v[2] + x * v[3]);
        let high = (v[4] + x * v[5]) + x2 * (v[6] + x * v[7]);
        low + x4 * high
    };
    let mut moment = [0.0; LANES];
    for j in 0..LANES {
        moment[j] = j as f64 * l[j] + LANES as f64 * y * d[j];
    }
    (join(l), join(moment))
}

/// Monthly rates at which a simulated trial knows its NPV and moment before its IRR is
/// searched: each rescaled row's are computed once per phase layout, and a trial's are then
/// a few multiply-adds per rate (see `Shapes`). Dense where business cases' monthly IRRs
/// lie, and reaching down to −30% a month: a trial that loses most of what it spends has
/// its IRR there, where a search started above went astray (3% of the AI-scribe's trials,
/// each then searched over the grid on its own).
pub(crate) const START_RATES: [f64; 12] =
    [-0.3, -0.12, -0.04, -0.02, 0.0, 0.02, 0.04, 0.07, 0.1, 0.15, 0.22, 0.35];

/// Rates in [`START_RATES`].
const RATES: usize = START_RATES.len();

/// A series' NPV (Σ c_t x^t) and moment (Σ t c_t x^t) at each of [`START_RATES`]: the NPVs
/// first, then the moments, in one array of 24 so that adding one to another is six
/// four-wide multiply-adds (as two arrays of 12 the compiler left them scalar: 48 loads,
/// multiplies, adds and stores, several times a trial).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct AtStartRates([f64; 2 * RATES]);

impl AtStartRates {
    pub(crate) fn of(flows: &[f64]) -> AtStartRates {
        let mut at = AtStartRates::default();
        for (k, r) in START_RATES.iter().enumerate() {
            (at.0[k], at.0[RATES + k]) = value_and_moment(flows, 1.0 / (1.0 + r));
        }
        at
    }

    /// Of a single amount paid in `month`.
    pub(crate) fn of_month(month: usize) -> AtStartRates {
        let mut at = AtStartRates::default();
        for (k, r) in START_RATES.iter().enumerate() {
            at.0[k] = (1.0 + r).powi(-(month as i32));
            at.0[RATES + k] = month as f64 * at.0[k];
        }
        at
    }

    /// Adds `c` times `part`'s: the NPVs and moments of a sum of series are the sums of
    /// theirs.
    #[inline(always)]
    pub(crate) fn add(&mut self, c: f64, part: &AtStartRates) {
        for k in 0..2 * RATES {
            self.0[k] += c * part.0[k];
        }
    }

    /// Where Newton's method should start looking for the IRR of these flows: between the
    /// first two rates where the NPV changes sign, by [`start_between`]. `None` when the
    /// NPV keeps its sign over the rates.
    #[inline(always)]
    pub(crate) fn start(&self) -> Option<f64> {
        let (values, moments) = self.0.split_at(RATES);
        // The first rate whose NPV's sign differs from the first's, as the lowest bit of a
        // mask: no branch on which interval holds the root, which varies trial to trial.
        let first = values[0] > 0.0;
        let changed = (1..RATES).fold(0u32, |m, k| m | (u32::from((values[k] > 0.0) != first) << k));
        let k = (changed != 0).then(|| changed.trailing_zeros() as usize - 1)?;
        Some(start_between(
            (START_RATES[k], values[k], moments[k]),
            (START_RATES[k + 1], values[k + 1], moments[k + 1]),
        ))
    }
}

/// The rate between `a` and `b` where the NPV, `ga` at `a` and `gb` at `b` (of opposite
/// signs) with moments `ma` and `mb` there, is zero by inverse Hermite interpolation: the
/// rate as a cubic in the NPV through both ends, with slopes 1/NPV'. It lands within 0.3%
/// of the interval's width of the root (about 1e-5 a month in the narrow intervals near
/// zero, a few 1e-4 in the widest), so that Newton's method finishes in two or three steps.
fn start_between((a, ga, ma): (f64, f64, f64), (b, gb, mb): (f64, f64, f64)) -> f64 {
    let span = gb - ga;
    let s = -ga / span;
    let linear = a + (b - a) * s;
    // span / NPV' at each end, where NPV'(r) = −x Σ t c_t x^t = −M / (1 + r): both from
    // one division (each a dozen cycles Newton's first step waits on).
    let per_moments = span / (ma * mb);
    let (span_da, span_db) = (-(1.0 + a) * mb * per_moments, -(1.0 + b) * ma * per_moments);
    let (s2, s3) = (s * s, s * s * s);
    let cubic = (2.0 * s3 - 3.0 * s2 + 1.0) * a
        + (s3 - 2.0 * s2 + s) * span_da
        + (-2.0 * s3 + 3.0 * s2) * b
        + (s3 - s2) * span_db;
    // Where the NPV bends (slopes of the wrong sign, a root near an end), the cubic may
    // leave the bracket: the straight line then.
    if cubic > a && cubic < b { cubic } else { linear }
}

/// (1 + r_m)^12 − 1.
pub fn annualise(monthly: f64) -> f64 {
    (1.0 + monthly).powi(12) - 1.0
}

/// The smallest t + 1 such that the cumulative series is ≥ 0 at t and stays ≥ 0 to the
/// horizon; `None` if it never does.
pub fn payback_month(cumulative: &[f64]) -> Option<u32> {
    Shortfall::of(cumulative).payback(cumulative.len())
}

/// max(0, −min_t cumulative_t).
pub fn peak_funding(cumulative: &[f64]) -> f64 {
    Shortfall::of(cumulative).peak_funding()
}

/// What payback and peak funding need of a cumulative series, seen month by month: so
/// that a simulated trial takes them in the pass that sums its flows, where the additions'
/// chain leaves the processor time to spare, rather than in a pass each (a search from the
/// end that branched on every month, and a chain of minimums).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Shortfall {
    /// One past the last month below zero (beyond rounding); 0 when none is.
    after_last_below: usize,
    /// The lowest value, or 0 when none is below it.
    lowest: f64,
}

impl Shortfall {
    /// From one past the last month below zero (0 when none is) and the lowest value (0
    /// when none is below it).
    #[inline(always)]
    pub(crate) fn new(after_last_below: usize, lowest: f64) -> Shortfall {
        Shortfall { after_last_below, lowest }
    }

    /// Of a whole cumulative series.
    fn of(cumulative: &[f64]) -> Shortfall {
        let mut seen = Shortfall::default();
        cumulative.iter().enumerate().for_each(|(t, &c)| seen.see(t, c));
        seen
    }

    /// Takes in month `t`'s cumulative amount `c`; months are seen in order.
    #[inline(always)]
    pub(crate) fn see(&mut self, t: usize, c: f64) {
        if c < -ZERO_TOLERANCE {
            self.after_last_below = t + 1;
        }
        self.lowest = self.lowest.min(c);
    }

    /// [`payback_month`] of the `months` seen.
    #[inline(always)]
    pub(crate) fn payback(&self, months: usize) -> Option<u32> {
        match self.after_last_below {
            _ if months == 0 => None,
            0 => Some(1),
            t if t < months => Some(t as u32 + 1),
            _ => None,
        }
    }

    /// [`peak_funding`] of the months seen.
    #[inline(always)]
    pub(crate) fn peak_funding(&self) -> f64 {
        if -self.lowest > ZERO_TOLERANCE { -self.lowest } else { 0.0 }
    }
}

/// Running sum.
pub fn cumulate(flows: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(flows.len());
    cumulate_into(flows, &mut out);
    out
}

/// Running sum into `out`, reusing its allocation.
pub fn cumulate_into(flows: &[f64], out: &mut Vec<f64>) {
    out.clear();
    out.resize(flows.len(), 0.0);
    // A plain loop keeps the sum in a register; a closure over it, as `extend(map(…))`
    // would take, made the compiler store and reload it every month.
    let mut acc = 0.0;
    for (o, f) in out.iter_mut().zip(flows) {
        acc += f;
        *o = acc;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The root of the NPV of `flows` between `lo` and `hi` by plain bisection, which
    /// shares nothing with the code under test but `npv`.
    fn bisect(flows: &[f64], mut lo: f64, mut hi: f64) -> f64 {
        let positive_at_lo = npv(lo, flows) > 0.0;
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if (npv(mid, flows) > 0.0) == positive_at_lo { lo = mid } else { hi = mid }
        }
        0.5 * (lo + hi)
    }

    fn start_of(flows: &[f64]) -> Option<f64> {
        AtStartRates::of(flows).start()
    }

    #[test]
    fn the_start_from_the_start_rates_lies_close_to_the_root_in_each_interval() {
        // 6,000 paid up front, then 36 months of a payment chosen so that the roots fall
        // in different intervals of the start rates, from −3% to 30% a month.
        for payment in [120.0, 150.0, 166.0, 200.0, 300.0, 450.0, 700.0, 1200.0, 1900.0] {
            let mut flows = vec![payment; 37];
            flows[0] = -6000.0;
            let root = bisect(&flows, -0.5, 1.0);
            let start = start_of(&flows).expect("the NPV changes sign between the start rates");
            // Within 0.5% of the width of the interval holding the root (the straight line
            // through its ends misses by up to 8%, above 1% for all but one of these).
            let k = START_RATES.iter().rposition(|&r| r < root).unwrap();
            let width = START_RATES[k + 1] - START_RATES[k];
            assert!(
                (start - root).abs() < 0.005 * width,
                "payment {payment}: start {start} is too far from the root {root}"
            );
        }
    }

    #[test]
    fn there_is_no_start_when_the_npv_keeps_its_sign_over_the_start_rates() {
        assert_eq!(start_of(&[100.0, 50.0, 25.0]), None);
        // A root at about 90% a month, beyond the last start rate.
        assert_eq!(start_of(&[-100.0, 190.0]), None);
    }
}
