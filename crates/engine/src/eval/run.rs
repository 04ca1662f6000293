//! The monthly computation of a laid-out [`Model`]: driver volumes, every cost and benefit
//! line month by month, risk events, and the metrics. Split from `eval` (compile and layout)
//! because simulated trials call it millions of times.

use super::*;

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
        let c = self.compute(fired);
        let monthly = (0..self.horizon)
            .map(|t| MonthRow {
                month: t as u32,
                cost: c.cost[t],
                benefit: c.benefit[t],
                cash_flow: c.flows[t],
                cumulative: c.cumulative[t],
                discounted_cash_flow: c.discounted_flows[t],
                discounted_cumulative: c.discounted_cumulative[t],
                hours_saved: c.hours[t],
                cost_by_category: CategoryCosts(c.by_category[t]),
            })
            .collect();
        let labels = &self.labels;
        Evaluation {
            case_name: labels.case_name.clone(),
            scenario: labels.scenario.clone(),
            currency: labels.currency.clone(),
            start_month: labels.start_month.clone(),
            metrics: c.metrics,
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
                .zip(c.cost_totals)
                .map(|((c, name), total)| LineTotal {
                    name: name.clone(),
                    category: c.category.key().to_string(),
                    total,
                })
                .collect(),
            benefit_lines: self
                .benefits
                .iter()
                .zip(&labels.benefits)
                .zip(c.benefit_totals)
                .map(|((b, name), total)| LineTotal {
                    name: name.clone(),
                    category: b.category.key().to_string(),
                    total,
                })
                .collect(),
            monthly,
        }
    }

    /// What a simulated trial keeps: the metrics and the cumulative cash flow by month.
    pub fn outcome(&self, fired: &[bool]) -> (Metrics, Vec<f64>) {
        let c = self.compute(fired);
        (c.metrics, c.cumulative)
    }

    fn compute(&self, fired: &[bool]) -> Computed {
        let h = self.horizon;
        let escalation = geometric(self.monthly_escalation, h);

        // Driver volumes, one row of `h` months per driver.
        let mut volumes = vec![0.0; self.drivers.len() * h];
        for (d, drv) in self.drivers.iter().enumerate() {
            let row = &mut volumes[d * h..(d + 1) * h];
            let (s, e) = (drv.start, drv.end.max(drv.start));
            let row = &mut row[s..e];
            match drv.adoption {
                Some(r) => r.fill(s, row),
                None => row.fill(1.0),
            }
            let mut growth = drv.base * drv.monthly_growth.powi(s as i32);
            for v in row.iter_mut() {
                *v *= growth;
                growth *= drv.monthly_growth;
            }
            if drv.scaled {
                row.iter_mut().zip(&self.phase_scales[s..e]).for_each(|(v, scale)| *v *= scale);
            }
        }

        // Costs by category, category-major (one contiguous row of months per category) so
        // that each line adds into one row; months are gathered per row at the end.
        let ones = vec![1.0; h];
        let mut categories = vec![0.0; CostCategory::COUNT * h];
        let mut cost_totals = vec![0.0; self.costs.len()];
        // Each line's amounts go to a scratch row first: the loops then have no carried
        // dependency and vectorise, and the line total is a four-lane sum.
        let mut amounts = vec![0.0; h];
        for (i, line) in self.costs.iter().enumerate() {
            let (s, e) = (line.start, line.end);
            if s >= e {
                continue;
            }
            let esc = if line.escalate { &escalation[s..e] } else { &ones[s..e] };
            let out = &mut amounts[s..e];
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
                    let vol = &volumes[driver * h..][s..e];
                    for ((o, v), x) in out.iter_mut().zip(vol).zip(esc) {
                        *o = v * per_unit * x;
                    }
                }
                CostKind::Capacity { driver, units, capacity, hours, min } => {
                    let per_instance = hours * line.price;
                    let vol = &volumes[driver * h..][s..e];
                    let per_capacity = units / capacity;
                    for ((o, v), x) in out.iter_mut().zip(vol).zip(esc) {
                        *o = instances(v * per_capacity, 1.0, min) * per_instance * x;
                    }
                }
                CostKind::Share { .. } => continue,
            }
            let row = &mut categories[line.category.index() * h..][s..e];
            row.iter_mut().zip(out.iter()).for_each(|(r, a)| *r += a);
            cost_totals[i] = sum(out);
        }
        // Share lines take a share of the month's other costs, which already carry escalation.
        if self.costs.iter().any(|c| matches!(c.kind, CostKind::Share { .. })) {
            let base_rows = categories.clone();
            let base_of = |mask: Option<[bool; CostCategory::COUNT]>| {
                let mut base = vec![0.0; h];
                for (c, src) in base_rows.chunks_exact(h).enumerate() {
                    if mask.is_none_or(|m| m[c]) {
                        base.iter_mut().zip(src).for_each(|(b, v)| *b += v);
                    }
                }
                base
            };
            // Most share lines take a share of everything: sum that once.
            let all = base_of(None);
            for (i, line) in self.costs.iter().enumerate() {
                let CostKind::Share { share, of } = line.kind else { continue };
                let masked;
                let base = match of {
                    None => &all,
                    Some(_) => {
                        masked = base_of(of);
                        &masked
                    }
                };
                let row = &mut categories[line.category.index() * h..][..h];
                let mut total = 0.0;
                for t in line.start..line.end {
                    row[t] += share * base[t];
                    total += share * base[t];
                }
                cost_totals[i] = total;
            }
        }
        // Mitigations adopted (planned, month 0) and risks that happened (one-off).
        for &(cost, category) in &self.mitigations {
            if h > 0 {
                categories[category.index() * h] += cost;
            }
        }
        let mut benefit_factor = 1.0;
        for (r, _) in self.risks.iter().zip(fired).filter(|(_, f)| **f) {
            if r.cost_month < h {
                categories[r.category.index() * h + r.cost_month] += r.cost * escalation[r.cost_month];
            }
            benefit_factor *= 1.0 - r.benefit_reduction;
        }
        let by_category: Vec<[f64; CostCategory::COUNT]> =
            (0..h).map(|t| std::array::from_fn(|c| categories[c * h + t])).collect();

        let mut benefit = vec![0.0; h];
        let mut hours = vec![0.0; h];
        let mut benefit_totals = vec![0.0; self.benefits.len()];
        let mut saved = vec![0.0; h];
        for (i, b) in self.benefits.iter().enumerate() {
            let (s, e) = (b.start, b.end);
            if s >= e {
                continue;
            }
            let esc = if b.escalate { &escalation[s..e] } else { &ones[s..e] };
            let realised = &mut saved[s..e];
            match b.realisation {
                Some(r) => r.fill(s, realised),
                None => realised.fill(1.0),
            }
            let out = &mut amounts[s..e];
            // Realisation times escalation, month by month.
            out.iter_mut().zip(esc).zip(realised.iter()).for_each(|((o, x), r)| *o = r * x);
            match b.kind {
                BenefitKind::TimeSaved { driver, hours_per_unit, hourly_cost } => {
                    let vol = &volumes[driver * h..][s..e];
                    // Hours are realised but not escalated; their value is both.
                    for ((o, v), r) in out.iter_mut().zip(vol).zip(realised.iter_mut()) {
                        *r *= v * hours_per_unit;
                        *o *= v * hours_per_unit * hourly_cost;
                    }
                    hours[s..e].iter_mut().zip(realised.iter()).for_each(|(h, x)| *h += x);
                }
                BenefitKind::PerUnit { driver, value } => {
                    let vol = &volumes[driver * h..][s..e];
                    out.iter_mut().zip(vol).for_each(|(o, v)| *o *= v * value);
                }
                BenefitKind::Recurring { amount } => out.iter_mut().for_each(|o| *o *= amount),
                BenefitKind::OneOff { amount } => {
                    out[0] *= amount;
                    out[1..].fill(0.0);
                }
            }
            benefit[s..e].iter_mut().zip(out.iter()).for_each(|(r, a)| *r += a);
            benefit_totals[i] = sum(out);
        }

        if benefit_factor != 1.0 {
            benefit.iter_mut().chain(hours.iter_mut()).for_each(|v| *v *= benefit_factor);
            benefit_totals.iter_mut().for_each(|v| *v *= benefit_factor);
        }
        let discount = geometric(1.0 / (1.0 + self.monthly_rate), h);
        let cost: Vec<f64> = by_category.iter().map(|m| m.iter().sum()).collect();
        let flows: Vec<f64> = benefit.iter().zip(&cost).map(|(b, c)| b - c).collect();
        let discounted_flows: Vec<f64> = flows.iter().zip(&discount).map(|(f, d)| f * d).collect();
        let cumulative = metrics::cumulate(&flows);
        let discounted_cumulative = metrics::cumulate(&discounted_flows);

        let total_cost: f64 = cost.iter().sum();
        let total_benefit: f64 = benefit.iter().sum();
        let main_volume = self.main_driver.map(|d| volumes[d * h..(d + 1) * h].iter().sum::<f64>());
        let metrics = Metrics {
            npv: metrics::npv(self.monthly_rate, &flows),
            irr_annual: metrics::irr_monthly(&flows).map(metrics::annualise),
            roi: (total_cost > 0.0).then(|| (total_benefit - total_cost) / total_cost),
            payback_month: metrics::payback_month(&cumulative),
            discounted_payback_month: metrics::payback_month(&discounted_cumulative),
            peak_funding: metrics::peak_funding(&cumulative),
            total_cost,
            total_benefit,
            cost_per_unit: main_volume.filter(|v| *v > 0.0).map(|v| total_cost / v),
            go_live_month: self.go_live as u32,
            hours_saved: hours.iter().sum(),
            minutes_saved_per_main_unit: self.main_driver.and_then(|d| {
                let last = h.checked_sub(1)?;
                let volume = volumes[d * h + last];
                (volume > 0.0).then(|| hours[last] * 60.0 / volume)
            }),
        };
        Computed {
            metrics,
            by_category,
            cost,
            benefit,
            hours,
            flows,
            cumulative,
            discounted_flows,
            discounted_cumulative,
            cost_totals,
            benefit_totals,
        }
    }
}

/// Every monthly series of one evaluation, before it is shaped for output.
struct Computed {
    metrics: Metrics,
    by_category: Vec<[f64; CostCategory::COUNT]>,
    cost: Vec<f64>,
    benefit: Vec<f64>,
    hours: Vec<f64>,
    flows: Vec<f64>,
    cumulative: Vec<f64>,
    discounted_flows: Vec<f64>,
    discounted_cumulative: Vec<f64>,
    cost_totals: Vec<f64>,
    benefit_totals: Vec<f64>,
}

/// Instances needed to serve `load` units at `capacity` units each, at least `min`.
/// A hair of tolerance keeps 3.0000000001 (rounding noise) from becoming 4 instances.
pub fn instances(load: f64, capacity: f64, min: f64) -> f64 {
    let needed = if load <= 0.0 {
        0.0
    } else {
        // ceil by hand: on baseline x86-64 `f64::ceil` is a libm call, and this runs for
        // every capacity line in every month of every simulated trial.
        let x = load / capacity - 1e-9;
        let whole = x as i64 as f64;
        (if whole < x { whole + 1.0 } else { whole }).max(1.0)
    };
    needed.max(min)
}

/// Σ v with four independent accumulators: a single running sum is latency-bound.
fn sum(v: &[f64]) -> f64 {
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

/// [1, q, q², …] of length n.
fn geometric(q: f64, n: usize) -> Vec<f64> {
    let mut v = Vec::with_capacity(n);
    let mut x = 1.0;
    for _ in 0..n {
        v.push(x);
        x *= q;
    }
    v
}
