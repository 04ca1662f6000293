//! The monthly computation of a laid-out [`Model`]: driver volumes, every cost and benefit
//! line month by month, risk events, and the metrics. Split from `eval` (compile and layout)
//! because simulated trials call it millions of times: every series lives in a reusable
//! [`Scratch`], so a trial allocates nothing.

use super::*;
use crate::metrics::Shortfall;

/// Working memory for [`Model::compute`]: one per thread, reused trial after trial. Rows of
/// `h` months; the escalation and discount factors are kept while their rate is unchanged.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(super) escalation: Geometric,
    discount: Geometric,
    ones: Vec<f64>,
    /// Driver volumes, one row per driver.
    pub(super) volumes: Vec<f64>,
    /// Costs, category-major: one row of months per category, so each line adds into one row.
    categories: Vec<f64>,
    /// The base each share line takes its share of, one row per share line.
    share_bases: Vec<f64>,
    amounts: Vec<f64>,
    realised: Vec<f64>,
    cost_totals: Vec<f64>,
    benefit_totals: Vec<f64>,
    pub(super) cost: Vec<f64>,
    pub(super) benefit: Vec<f64>,
    pub(super) hours: Vec<f64>,
    pub(super) flows: Vec<f64>,
    cumulative: Vec<f64>,
    discounted_flows: Vec<f64>,
    discounted_cumulative: Vec<f64>,
    /// Set by [`Model::shapes`]: keep each line's own monthly amounts in the rows below
    /// (one row of `h` months per line), which a plain evaluation sums and forgets.
    pub(super) keep_lines: bool,
    pub(super) cost_rows: Vec<f64>,
    pub(super) benefit_rows: Vec<f64>,
    pub(super) hour_rows: Vec<f64>,
}

impl Scratch {
    /// The cumulative cash flow by month of the last computation.
    pub fn cumulative(&self) -> &[f64] {
        &self.cumulative
    }
}

/// [1, q, q², …] for the last q asked, recomputed only when q or the length changes.
#[derive(Debug, Default)]
pub(super) struct Geometric {
    q: f64,
    pub(super) values: Vec<f64>,
}

impl Geometric {
    pub(super) fn of(&mut self, q: f64, n: usize) -> &[f64] {
        if self.q != q || self.values.len() != n {
            self.q = q;
            self.values.clear();
            let mut x = 1.0;
            for _ in 0..n {
                self.values.push(x);
                x *= q;
            }
        }
        &self.values
    }
}

/// Empties `v` and makes it `n` zeros, keeping its allocation.
pub(super) fn zeros(v: &mut Vec<f64>, n: usize) {
    v.clear();
    v.resize(n, 0.0);
}

impl Model {
    /// The monthly series and metrics, with no risk event. Cannot fail: everything was
    /// checked at compile.
    pub fn evaluate(&self) -> Evaluation {
        self.evaluate_with(&[])
    }

    /// The same with the risks flagged in `fired` (by position) happening: their one-off
    /// costs are paid and their benefit reductions applied. Their delays must already be in
    /// the case the model was laid out from.
    pub fn evaluate_with(&self, fired: &[bool]) -> Evaluation {
        let mut s = Scratch::default();
        let metrics = self.compute(fired, &mut s);
        let h = self.horizon;
        let monthly = (0..self.horizon)
            .map(|t| MonthRow {
                month: t as u32,
                cost: s.cost[t],
                benefit: s.benefit[t],
                cash_flow: s.flows[t],
                cumulative: s.cumulative[t],
                discounted_cash_flow: s.discounted_flows[t],
                discounted_cumulative: s.discounted_cumulative[t],
                hours_saved: s.hours[t],
                cost_by_category: CategoryCosts(std::array::from_fn(|c| s.categories[c * h + t])),
            })
            .collect();
        let labels = &self.labels;
        Evaluation {
            case_name: labels.case_name.clone(),
            scenario: labels.scenario.clone(),
            currency: labels.currency.clone(),
            start_month: labels.start_month.clone(),
            metrics,
            phases: labels
                .phases
                .iter()
                .zip(&self.spans)
                .map(|(name, (start, end))| PhaseSpan { name: name.clone(), start: *start, end: *end })
                .collect(),
            cost_lines: self
                .costs
                .iter()
                .zip(&labels.costs)
                .zip(&s.cost_totals)
                .map(|((c, name), total)| LineTotal {
                    name: name.clone(),
                    category: c.category.key().to_string(),
                    total: *total,
                })
                .collect(),
            benefit_lines: self
                .benefits
                .iter()
                .zip(&labels.benefits)
                .zip(&s.benefit_totals)
                .map(|((b, name), total)| LineTotal {
                    name: name.clone(),
                    category: b.category.key().to_string(),
                    total: *total,
                })
                .collect(),
            monthly,
        }
    }

    /// What a simulated trial keeps: the metrics; the cumulative cash flow by month stays
    /// in `scratch` ([`Scratch::cumulative`]).
    pub fn outcome(&self, fired: &[bool], scratch: &mut Scratch) -> Metrics {
        self.compute(fired, scratch)
    }

    pub(super) fn compute(&self, fired: &[bool], s: &mut Scratch) -> Metrics {
        let h = self.horizon;
        let escalation = s.escalation.of(self.monthly_escalation, h);
        if s.ones.len() != h {
            s.ones.clear();
            s.ones.resize(h, 1.0);
        }
        let ones = &s.ones;

        // Driver volumes, one row of `h` months per driver.
        let volumes = &mut s.volumes;
        zeros(volumes, self.drivers.len() * h);
        for (d, drv) in self.drivers.iter().enumerate() {
            let row = &mut volumes[d * h..(d + 1) * h];
            let (start, end) = (drv.start, drv.end.max(drv.start));
            let row = &mut row[start..end];
            match drv.adoption {
                Some(r) => r.fill(start, row),
                None => row.fill(1.0),
            }
            let mut growth = drv.base * drv.monthly_growth.powi(start as i32);
            for v in row.iter_mut() {
                *v *= growth;
                growth *= drv.monthly_growth;
            }
            if drv.scaled {
                row.iter_mut().zip(&self.phase_scales[start..end]).for_each(|(v, scale)| *v *= scale);
            }
        }
        let volumes = &s.volumes;

        let categories = &mut s.categories;
        zeros(categories, CostCategory::COUNT * h);
        zeros(&mut s.cost_totals, self.costs.len());
        // Each line's amounts go to a scratch row first: the loops then have no carried
        // dependency and vectorise, and the line total is a four-lane sum.
        let amounts = &mut s.amounts;
        zeros(amounts, h);
        // Categories some cost lands in: the sums below skip the rows left at zero.
        let mut used = [false; CostCategory::COUNT];
        if s.keep_lines {
            zeros(&mut s.cost_rows, self.costs.len() * h);
            zeros(&mut s.benefit_rows, self.benefits.len() * h);
            zeros(&mut s.hour_rows, self.benefits.len() * h);
        }
        for (i, line) in self.costs.iter().enumerate() {
            let (start, end) = (line.start, line.end);
            if start >= end {
                continue;
            }
            let esc = if line.escalate { &escalation[start..end] } else { &ones[start..end] };
            let out = &mut amounts[start..end];
            out.fill(0.0);
            match line.kind {
                CostKind::OneOff { quantity } => out[0] = quantity * line.price * esc[0],
                CostKind::Recurring { quantity, every } => {
                    for k in (0..out.len()).step_by(every) {
                        out[k] = quantity * line.price * esc[k];
                    }
                }
                CostKind::Usage { driver, units } => {
                    let per_unit = units * line.price;
                    let vol = &volumes[driver * h..][start..end];
                    for ((o, v), x) in out.iter_mut().zip(vol).zip(esc) {
                        *o = v * per_unit * x;
                    }
                }
                CostKind::Capacity { driver, units, capacity, hours, min } => {
                    let per_instance = hours * line.price;
                    let vol = &volumes[driver * h..][start..end];
                    let per_capacity = units / capacity;
                    for ((o, v), x) in out.iter_mut().zip(vol).zip(esc) {
                        *o = instances(v * per_capacity, 1.0, min) * per_instance * x;
                    }
                }
                CostKind::Share { .. } => continue,
            }
            let row = &mut categories[line.category.index() * h..][start..end];
            row.iter_mut().zip(out.iter()).for_each(|(r, a)| *r += a);
            used[line.category.index()] = true;
            s.cost_totals[i] = sum(out);
            if s.keep_lines {
                s.cost_rows[i * h..][start..end].copy_from_slice(out);
            }
        }
        // Share lines take a share of the month's other costs, which already carry
        // escalation: every base is taken before any share is added.
        let shares = self.costs.iter().filter(|c| matches!(c.kind, CostKind::Share { .. }));
        let share_count = shares.clone().count();
        if share_count > 0 {
            zeros(&mut s.share_bases, share_count * h);
            for (line, base) in shares.clone().zip(s.share_bases.chunks_exact_mut(h)) {
                let CostKind::Share { of, .. } = line.kind else { continue };
                for (c, src) in categories.chunks_exact(h).enumerate() {
                    if used[c] && of.is_none_or(|m| m[c]) {
                        base.iter_mut().zip(src).for_each(|(b, v)| *b += v);
                    }
                }
            }
            let mut bases = s.share_bases.chunks_exact(h);
            for (i, line) in self.costs.iter().enumerate() {
                let CostKind::Share { share, .. } = line.kind else { continue };
                let base = bases.next().unwrap_or_default();
                let row = &mut categories[line.category.index() * h..][..h];
                used[line.category.index()] = true;
                let mut total = 0.0;
                for t in line.start..line.end {
                    row[t] += share * base[t];
                    total += share * base[t];
                }
                s.cost_totals[i] = total;
            }
        }
        // Mitigations adopted (planned, month 0) and risks that happened (one-off).
        for &(cost, category) in &self.mitigations {
            if h > 0 {
                categories[category.index() * h] += cost;
                used[category.index()] = true;
            }
        }
        let mut benefit_factor = 1.0;
        for (r, _) in self.risks.iter().zip(fired).filter(|(_, f)| **f) {
            if r.cost_month < h {
                categories[r.category.index() * h + r.cost_month] += r.cost * escalation[r.cost_month];
                used[r.category.index()] = true;
            }
            benefit_factor *= 1.0 - r.benefit_reduction;
        }
        let cost = &mut s.cost;
        zeros(cost, h);
        for (row, _) in categories.chunks_exact(h).zip(used).filter(|(_, u)| *u) {
            cost.iter_mut().zip(row).for_each(|(c, v)| *c += v);
        }

        let (benefit, hours, realised) = (&mut s.benefit, &mut s.hours, &mut s.realised);
        zeros(benefit, h);
        zeros(hours, h);
        zeros(realised, h);
        zeros(&mut s.benefit_totals, self.benefits.len());
        for (i, b) in self.benefits.iter().enumerate() {
            let (start, end) = (b.start, b.end);
            if start >= end {
                continue;
            }
            let esc = if b.escalate { &escalation[start..end] } else { &ones[start..end] };
            let realised = &mut realised[start..end];
            match b.realisation {
                Some(r) => r.fill(start, realised),
                None => realised.fill(1.0),
            }
            let out = &mut amounts[start..end];
            // Realisation times escalation, month by month.
            out.iter_mut().zip(esc).zip(realised.iter()).for_each(|((o, x), r)| *o = r * x);
            match b.kind {
                BenefitKind::TimeSaved { driver, hours_per_unit, hourly_cost } => {
                    let vol = &volumes[driver * h..][start..end];
                    // Hours are realised but not escalated; their value is both.
                    for ((o, v), r) in out.iter_mut().zip(vol).zip(realised.iter_mut()) {
                        *r *= v * hours_per_unit;
                        *o *= v * hours_per_unit * hourly_cost;
                    }
                    hours[start..end].iter_mut().zip(realised.iter()).for_each(|(h, x)| *h += x);
                }
                BenefitKind::PerUnit { driver, value } => {
                    let vol = &volumes[driver * h..][start..end];
                    out.iter_mut().zip(vol).for_each(|(o, v)| *o *= v * value);
                }
                BenefitKind::Recurring { amount } => out.iter_mut().for_each(|o| *o *= amount),
                BenefitKind::OneOff { amount } => {
                    out[0] *= amount;
                    out[1..].fill(0.0);
                }
            }
            benefit[start..end].iter_mut().zip(out.iter()).for_each(|(r, a)| *r += a);
            s.benefit_totals[i] = sum(out);
            if s.keep_lines {
                s.benefit_rows[i * h..][start..end].copy_from_slice(out);
                if matches!(b.kind, BenefitKind::TimeSaved { .. }) {
                    s.hour_rows[i * h..][start..end].copy_from_slice(realised);
                }
            }
        }

        if benefit_factor != 1.0 {
            benefit.iter_mut().chain(hours.iter_mut()).for_each(|v| *v *= benefit_factor);
            s.benefit_totals.iter_mut().for_each(|v| *v *= benefit_factor);
        }
        let main = self.main_volume(s);
        self.metrics_from(s, main)
    }

    /// The main driver's total volume and its volume in the last month, from the driver
    /// rows of the last computation in `s`; none without a main driver.
    pub(super) fn main_volume(&self, s: &Scratch) -> Option<(f64, f64)> {
        let h = self.horizon;
        self.main_driver.map(|d| {
            let row = &s.volumes[d * h..(d + 1) * h];
            (sum(row), row.last().copied().unwrap_or(0.0))
        })
    }

    /// The metrics of the monthly cost, benefit and hours already in `s`; `main` is the
    /// main driver's total volume and its volume in the last month.
    pub(super) fn metrics_from(&self, s: &mut Scratch, main: Option<(f64, f64)>) -> Metrics {
        let h = self.horizon;
        let (cost, benefit, hours) = (&s.cost, &s.benefit, &s.hours);
        s.flows.clear();
        s.flows.extend(benefit.iter().zip(cost.iter()).map(|(b, c)| b - c));
        let totals = Totals {
            cost: sum(cost),
            benefit: sum(benefit),
            hours: sum(hours),
            hours_last: hours.last().copied().unwrap_or(0.0),
        };
        let seen = self.running_sums(s);
        let discount = s.discount.of(1.0 / (1.0 + self.monthly_rate), h);
        s.discounted_flows.clear();
        s.discounted_flows.extend(s.flows.iter().zip(discount).map(|(f, d)| f * d));
        self.metrics_of(s, seen, totals, main, None)
    }

    /// The cumulative and discounted cumulative cash flow of the flows in `s`, in one pass:
    /// the two running sums are chains of dependent additions, which interleaved take the
    /// time of one; what payback and peak funding need of them is taken in the same pass
    /// (see [`Shortfall`]), for the cumulative and the discounted cumulative.
    #[inline(always)]
    pub(super) fn running_sums(&self, s: &mut Scratch) -> [Shortfall; 2] {
        let h = s.flows.len();
        let discount = s.discount.of(1.0 / (1.0 + self.monthly_rate), h);
        let (cumulative, discounted) = (&mut s.cumulative, &mut s.discounted_cumulative);
        // Every month is written below: only the length needs setting, not zeros (a
        // memset call each, every trial).
        cumulative.resize(h, 0.0);
        discounted.resize(h, 0.0);
        let (mut c, mut d) = (0.0, 0.0);
        let mut seen = [Shortfall::default(); 2];
        for (t, (((f, x), cum), dis)) in
            s.flows.iter().zip(discount).zip(cumulative.iter_mut()).zip(discounted.iter_mut()).enumerate()
        {
            c += f;
            d += f * x;
            *cum = c;
            *dis = d;
            seen[0].see(t, c);
            seen[1].see(t, d);
        }
        seen
    }

    /// The metrics of the flows and running sums in `s` (see [`Model::running_sums`]) and
    /// the horizon's totals. Shared by the full computation and the rescaled trials of
    /// [`Shapes`](super::Shapes), which come to the same series by different sums; those
    /// know where the IRR lies closely (`irr_start`).
    #[inline(always)]
    pub(super) fn metrics_of(
        &self,
        s: &Scratch,
        shortfalls: [Shortfall; 2],
        totals: Totals,
        main: Option<(f64, f64)>,
        irr_start: Option<f64>,
    ) -> Metrics {
        let npv = s.discounted_cumulative.last().copied().unwrap_or(0.0);
        let undiscounted = s.cumulative.last().copied().unwrap_or(0.0);
        let guess = self.irr_start(irr_start, undiscounted, npv);
        let irr = metrics::irr_monthly_given(&s.flows, &s.cumulative, guess, self.irr_settled);
        self.metrics_with(s.cumulative.len(), npv, irr, shortfalls, totals, main)
    }

    /// Where the IRR search of flows whose total is `undiscounted` and whose NPV is `npv`
    /// starts: at `irr_start` when known. Without it, where the line through the NPV at 0%
    /// (the undiscounted total) and at the discount rate crosses zero: near the root for
    /// most flows, so Newton's method needs a few steps rather than many. Else at
    /// `irr_guess`.
    #[inline(always)]
    pub(super) fn irr_start(&self, irr_start: Option<f64>, undiscounted: f64, npv: f64) -> f64 {
        irr_start.unwrap_or_else(|| {
            let secant = self.monthly_rate * undiscounted / (undiscounted - npv);
            if secant.is_finite() && (-0.5..=1.0).contains(&secant) { secant } else { self.irr_guess }
        })
    }

    /// The metrics of `months` of flows whose NPV, monthly IRR, payback and peak funding
    /// (`shortfall`, `discounted_shortfall`) and totals are known.
    #[inline(always)]
    pub(super) fn metrics_with(
        &self,
        months: usize,
        npv: f64,
        irr_monthly: Option<f64>,
        [shortfall, discounted_shortfall]: [Shortfall; 2],
        totals: Totals,
        main: Option<(f64, f64)>,
    ) -> Metrics {
        let Totals { cost: total_cost, benefit: total_benefit, hours, hours_last } = totals;
        Metrics {
            // The discounted cumulative at the horizon: the same sum as `metrics::npv`, and
            // the figure the cumulative chart ends on, without a second pass.
            npv,
            irr_annual: irr_monthly.map(metrics::annualise),
            // A ratio beyond the largest supported amount (a vanishing cost or volume
            // divides it) is no figure: undefined, as a ratio over zero is.
            roi: (total_cost > 0.0).then(|| (total_benefit - total_cost) / total_cost).filter(|r| within(*r)),
            payback_month: shortfall.payback(months),
            discounted_payback_month: discounted_shortfall.payback(months),
            peak_funding: shortfall.peak_funding(),
            total_cost,
            total_benefit,
            cost_per_unit: main
                .map(|m| m.0)
                .filter(|v| *v > 0.0)
                .map(|v| total_cost / v)
                .filter(|r| within(*r)),
            go_live_month: self.go_live as u32,
            hours_saved: hours,
            minutes_saved_per_main_unit: main
                .and_then(|(_, volume)| {
                    (self.horizon > 0 && volume > 0.0).then(|| hours_last * 60.0 / volume)
                })
                .filter(|r| within(*r)),
        }
    }
}

/// Whether a ratio is within the largest supported amount (NaN is not).
#[inline(always)]
fn within(r: f64) -> bool {
    r.abs() <= crate::validate::MAX_AMOUNT
}

/// An evaluation's totals over the horizon, and the hours saved in its last month.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Totals {
    pub(super) cost: f64,
    pub(super) benefit: f64,
    pub(super) hours: f64,
    pub(super) hours_last: f64,
}

/// Instances needed to serve `load` units at `capacity` units each, at least `min`.
/// A hair of tolerance keeps 3.0000000001 (rounding noise) from becoming 4 instances.
pub fn instances(load: f64, capacity: f64, min: f64) -> f64 {
    let needed = if load <= 0.0 {
        0.0
    } else {
        // ceil by hand: on baseline x86-64 `f64::ceil` is a libm call, and this runs for
        // every capacity line in every month of every simulated trial. From 2^52 up every
        // f64 is whole (and past 2^63 the cast to i64 would saturate): x is its own ceiling.
        let x = load / capacity - 1e-9;
        let whole = x as i64 as f64;
        let ceiling = if whole < x { whole + 1.0 } else { whole };
        (if x < 4_503_599_627_370_496.0 { ceiling } else { x }).max(1.0)
    };
    needed.max(min)
}

/// Σ v with four independent accumulators: a single running sum is latency-bound.
pub(super) fn sum(v: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let chunks = v.chunks_exact(4);
    let rest: f64 = chunks.remainder().iter().sum();
    for c in chunks {
        for k in 0..4 {
            acc[k] += c[k];
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + rest
}
