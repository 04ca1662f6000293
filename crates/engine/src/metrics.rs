//! The financial conventions of PRODUCT.md as plain functions on monthly series, so that each
//! can be checked against independently computed values.

/// Cumulative amounts this close to zero count as zero: sums of many lines leave rounding
/// noise far below a cent, and a case that exactly breaks even must be seen to pay back.
const ZERO_TOLERANCE: f64 = 1e-6;

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
    let has_pos = flows.iter().any(|&f| f > 0.0);
    let has_neg = flows.iter().any(|&f| f < 0.0);
    if !has_pos || !has_neg {
        return None;
    }
    // One sign change: by Descartes' rule the NPV has exactly one root in r > −1, which
    // Newton's method from 0 finds in a few steps. Otherwise, or if Newton strays, the grid.
    if sign_changes(flows) == 1
        && let Some(r) = newton(flows, guess)
    {
        return Some(r);
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
    let (mut a, mut b, mut fa, mut fb) = best?;
    // Illinois variant of regula falsi: bracketed, so it cannot escape; superlinear. It stops
    // when the estimate stops moving, since one end of the bracket may never move.
    let scale: f64 = flows.iter().map(|f| f.abs()).sum();
    let mut side = 0i8;
    let mut c = a;
    for _ in 0..100 {
        let previous = c;
        c = (a * fb - b * fa) / (fb - fa);
        let fc = npv(c, flows);
        if fc.abs() <= 1e-12 * scale || (c - previous).abs() <= 1e-14 * (1.0 + c.abs()) {
            break;
        }
        if fc.signum() == fb.signum() {
            b = c;
            fb = fc;
            if side == -1 {
                fa /= 2.0;
            }
            side = -1;
        } else {
            a = c;
            fa = fc;
            if side == 1 {
                fb /= 2.0;
            }
            side = 1;
        }
    }
    Some(c)
}

/// How many times the non-zero flows change sign.
fn sign_changes(flows: &[f64]) -> usize {
    let mut signs = flows.iter().filter(|f| **f != 0.0).map(|f| f.is_sign_positive());
    let Some(mut last) = signs.next() else { return 0 };
    signs
        .filter(|&s| {
            let changed = s != last;
            last = s;
            changed
        })
        .count()
}

/// Newton's method on NPV(r) from r = `start`; `None` when it leaves (−99%, 500%] or stalls.
fn newton(flows: &[f64], start: f64) -> Option<f64> {
    let scale: f64 = flows.iter().map(|f| f.abs()).sum();
    let mut r = if start.is_finite() && (-0.99..=5.0).contains(&start) { start } else { 0.0 };
    for _ in 0..60 {
        // NPV and its derivative in one pass: f = Σ c_t x^t, df/dr = −Σ t c_t x^(t+1).
        let x = 1.0 / (1.0 + r);
        let (mut f, mut g) = (0.0, 0.0);
        for (t, c) in flows.iter().enumerate().rev() {
            f = f * x + c;
            g = g * x + t as f64 * c;
        }
        let df = -g * x;
        if df == 0.0 || !df.is_finite() {
            return None;
        }
        let step = f / df;
        r -= step;
        if !(-0.99..=5.0).contains(&r) || !r.is_finite() {
            return None;
        }
        if step.abs() < 1e-13 * (1.0 + r.abs()) {
            return (npv(r, flows).abs() <= 1e-9 * scale.max(1.0)).then_some(r);
        }
    }
    None
}

/// (1 + r_m)^12 − 1.
pub fn annualise(monthly: f64) -> f64 {
    (1.0 + monthly).powi(12) - 1.0
}

/// The smallest t + 1 such that the cumulative series is ≥ 0 at t and stays ≥ 0 to the
/// horizon; `None` if it never does.
pub fn payback_month(cumulative: &[f64]) -> Option<u32> {
    match cumulative.iter().rposition(|&c| c < -ZERO_TOLERANCE) {
        None if cumulative.is_empty() => None,
        None => Some(1),
        Some(last_negative) if last_negative + 1 < cumulative.len() => Some(last_negative as u32 + 2),
        Some(_) => None,
    }
}

/// max(0, −min_t cumulative_t).
pub fn peak_funding(cumulative: &[f64]) -> f64 {
    let min = cumulative.iter().copied().fold(0.0, f64::min);
    if -min > ZERO_TOLERANCE { -min } else { 0.0 }
}

/// Running sum.
pub fn cumulate(flows: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(flows.len());
    cumulate_into(flows, &mut out);
    out
}

/// Running sum into `out`, reusing its allocation.
pub fn cumulate_into(flows: &[f64], out: &mut Vec<f64>) {
    let mut acc = 0.0;
    out.clear();
    out.extend(flows.iter().map(|f| {
        acc += f;
        acc
    }));
}
