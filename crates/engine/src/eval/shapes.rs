//! A laid-out case split for fast simulated trials. When every sampled input of a case
//! either multiplies one line's amounts (a price, a quantity, minutes saved…) or moves the
//! phases by whole months, a trial need not lay out and compute the whole case: the lines
//! its samples do not touch sum to one fixed series per phase layout, and each line they do
//! touch is a fixed row times the product of its sampled inputs. The rows are computed once
//! per layout (with those inputs at 1) by the same [`Model::compute`] every evaluation
//! uses, so the two ways agree to rounding; `simulate` checks it trial by trial in tests.

use super::abreast::{Lanes, splat};
use super::run::{Scratch, Totals, sum};
use super::*;
use crate::metrics::AtStartRates;

/// The monthly amounts of one phase layout: what every trial with it shares, and the rows
/// a trial rescales.
#[derive(Debug, Clone)]
pub struct Shapes {
    /// The parts a trial's monthly cash flow sums, month after month: the fixed lines'
    /// benefits, their costs, each cost row and each benefit row, in that order, each
    /// month's amount once for each of four trials abreast (see [`Shapes::month_parts`]).
    parts: Vec<Lanes>,
    /// The month of each amount a trial may take off (its risks' costs, then the adopted
    /// mitigations in month 0) and the index of its coefficient, by month.
    offs: Vec<(usize, usize)>,
    /// The fixed lines' totals (hours: saved over the horizon and in its last month).
    fixed: Totals,
    /// The NPV and moment of the fixed costs and of the fixed benefits at the IRR's start
    /// rates: a trial's are these plus its rows' times their factors.
    fixed_at_rates: (AtStartRates, AtStartRates),
    /// A unit paid in month 0 (the mitigations) at the start rates.
    now: AtStartRates,
    /// Rescaled cost lines, with the shares they draw.
    cost_rows: Vec<Row>,
    /// Rescaled benefit lines.
    benefit_rows: Vec<Row>,
    /// Each risk's one-off cost month, the price escalation there and a unit paid then at
    /// the start rates; none past the horizon.
    risk_months: Vec<Option<(usize, f64, AtStartRates)>>,
    /// The main driver's total volume and its volume in the last month.
    main: Option<(f64, f64)>,
    /// The layout's model, for its horizon, rate, go-live and IRR starting point.
    model: Model,
}

/// One rescaled line of a layout.
#[derive(Debug, Clone)]
struct Row {
    /// The line's position among the case's costs or benefits.
    line: usize,
    totals: Totals,
    at_rates: AtStartRates,
}

impl Row {
    fn new(line: usize, amounts: &[f64], totals: Totals) -> Row {
        Row { line, totals, at_rates: AtStartRates::of(amounts) }
    }
}

/// One trial's draws that the rows do not hold.
pub struct TrialDraws<'a> {
    /// Each cost line's factor (1 for lines no sample touches), in the case's order.
    pub cost_factors: &'a [f64],
    /// Each benefit line's factor on its value and on its hours.
    pub benefit_factors: &'a [(f64, f64)],
    /// For each risk: whether it happened, its one-off cost and its benefit reduction.
    pub risks: &'a [(bool, f64, f64)],
    /// Adopted mitigations' costs, paid in month 0.
    pub mitigations: f64,
}

impl Model {
    /// Splits this laid-out model (whose rescaled inputs are set to 1) into [`Shapes`]:
    /// lines flagged in `scaled_costs` / `scaled_benefits` keep their own rows, the others
    /// are summed. No risk happens in the rows; a trial adds its own.
    pub fn shapes(&self, scaled_costs: &[bool], scaled_benefits: &[bool]) -> Shapes {
        let h = self.horizon;
        let mut s = Scratch::default();
        s.keep_lines = true;
        self.compute(&[], &mut s);
        let mut fixed_cost = vec![0.0; h];
        let (mut cost_rows, mut cost_amounts) = (Vec::new(), Vec::new());
        for (i, line) in self.costs.iter().enumerate() {
            if matches!(line.kind, CostKind::Share { .. }) {
                continue;
            }
            // A share line takes its share of this line in the months it runs: that part
            // moves with this line, so it joins this line's row.
            let raw = &s.cost_rows[i * h..(i + 1) * h];
            let mut row = raw.to_vec();
            for share_line in &self.costs {
                let CostKind::Share { share, of } = share_line.kind else { continue };
                if of.is_none_or(|m| m[line.category.index()]) {
                    for t in share_line.start..share_line.end {
                        row[t] += share * raw[t];
                    }
                }
            }
            if scaled_costs.get(i).copied().unwrap_or(false) {
                let totals = Totals { cost: sum(&row), ..Totals::default() };
                cost_rows.push(Row::new(i, &row, totals));
                cost_amounts.push(row);
            } else {
                fixed_cost.iter_mut().zip(&row).for_each(|(f, v)| *f += v);
            }
        }
        let (mut fixed_benefit, mut fixed_hours) = (vec![0.0; h], vec![0.0; h]);
        let (mut benefit_rows, mut benefit_amounts) = (Vec::new(), Vec::new());
        for i in 0..self.benefits.len() {
            let value = &s.benefit_rows[i * h..(i + 1) * h];
            let hours = &s.hour_rows[i * h..(i + 1) * h];
            if scaled_benefits.get(i).copied().unwrap_or(false) {
                let totals = Totals {
                    cost: 0.0,
                    benefit: sum(value),
                    hours: sum(hours),
                    hours_last: hours.last().copied().unwrap_or(0.0),
                };
                benefit_rows.push(Row::new(i, value, totals));
                benefit_amounts.push(value.to_vec());
            } else {
                fixed_benefit.iter_mut().zip(value).for_each(|(f, v)| *f += v);
                fixed_hours.iter_mut().zip(hours).for_each(|(f, v)| *f += v);
            }
        }
        let escalation = s.escalation.of(self.monthly_escalation, h);
        let risk_months: Vec<Option<(usize, f64, AtStartRates)>> = self
            .risks
            .iter()
            .map(|r| {
                (r.cost_month < h)
                    .then(|| (r.cost_month, escalation[r.cost_month], AtStartRates::of_month(r.cost_month)))
            })
            .collect();
        let main = self.main_volume(&s);
        let fixed = Totals {
            cost: sum(&fixed_cost),
            benefit: sum(&fixed_benefit),
            hours: sum(&fixed_hours),
            hours_last: fixed_hours.last().copied().unwrap_or(0.0),
        };
        let parts = 2 + cost_rows.len() + benefit_rows.len();
        let mut offs: Vec<(usize, usize)> = (risk_months.iter().enumerate())
            .filter_map(|(r, m)| m.as_ref().map(|(month, _, _)| (*month, parts + r)))
            .chain((h > 0).then_some((0, parts + risk_months.len())))
            .collect();
        // Stable: the amounts of one month keep their order.
        offs.sort_by_key(|(month, _)| *month);
        Shapes {
            offs,
            fixed_at_rates: (AtStartRates::of(&fixed_cost), AtStartRates::of(&fixed_benefit)),
            now: AtStartRates::of_month(0),
            parts: (0..h)
                .flat_map(|t| {
                    let rows = cost_amounts.iter().chain(&benefit_amounts).map(move |row| row[t]);
                    [fixed_benefit[t], fixed_cost[t]].into_iter().chain(rows).map(splat)
                })
                .collect(),
            fixed,
            cost_rows,
            benefit_rows,
            risk_months,
            main,
            model: self.clone(),
        }
    }
}

impl Shapes {
    /// How many numbers [`Shapes::draw_lane`] writes for a trial: what it multiplies the
    /// shared series and each row by, and what it takes off in a month.
    pub(super) fn stride(&self) -> usize {
        self.part_count() + self.risk_months.len() + 1
    }

    /// The parts of a month's cash flow (see [`Shapes::parts`]).
    fn part_count(&self) -> usize {
        2 + self.cost_rows.len() + self.benefit_rows.len()
    }

    /// What a month's cash flow of a trial of this layout sums: `parts` (the amounts
    /// month after month, `count` a month) times the first `count` of the trial's
    /// coefficients ([`Shapes::draw_lane`]), less the amounts taken off: `offs`, the month
    /// and the coefficient of each, by month (those of one month in the order a trial
    /// alone takes them off).
    #[inline(always)]
    pub(super) fn month_parts(&self) -> (&[Lanes], usize, &[(usize, usize)]) {
        (&self.parts, self.part_count(), &self.offs)
    }

    /// One trial of this layout, waiting for its monthly cash flow: its factors on the
    /// shared series and rows, and the amounts its risks and mitigations take off, go to
    /// lane `lane` of `coefficients` (of [`Shapes::stride`] lanes), from which the flows
    /// of four trials of the layout are summed abreast, month by month (see
    /// [`Shapes::month_parts`]). Returns the trial's totals and where its IRR search should
    /// start, from its NPV and moment at the start rates, summed part by part here: a few
    /// multiply-adds per rate, where a step of Newton's method on the flows costs two
    /// chains over every month. (A trial needs no cost, benefit or hours series, only their
    /// totals, which the rows carry.)
    #[inline(always)]
    pub(super) fn draw_lane(
        &self,
        draws: &TrialDraws<'_>,
        coefficients: &mut [Lanes],
        lane: usize,
    ) -> (Totals, Option<f64>) {
        let reduced = draws.risks.iter().filter(|(happened, _, _)| *happened).map(|(_, _, r)| 1.0 - r);
        let benefit_factor: f64 = reduced.product();
        let mut totals = self.fixed;
        let mut at = AtStartRates::default();
        at.add(-1.0, &self.fixed_at_rates.0);
        at.add(benefit_factor, &self.fixed_at_rates.1);
        let mut out = coefficients.iter_mut();
        let mut put = |v: f64| out.next().expect("a coefficient for each part")[lane] = v;
        // Costs are added times minus their factor: x + (−k)·v is x − k·v to the bit.
        put(benefit_factor);
        put(-1.0);
        for row in &self.cost_rows {
            let k = draws.cost_factors[row.line];
            put(-k);
            totals.cost += k * row.totals.cost;
            at.add(-k, &row.at_rates);
        }
        for row in &self.benefit_rows {
            let (kv, kh) = draws.benefit_factors[row.line];
            let k = benefit_factor * kv;
            put(k);
            at.add(k, &row.at_rates);
            totals.benefit += kv * row.totals.benefit;
            totals.hours += kh * row.totals.hours;
            totals.hours_last += kh * row.totals.hours_last;
        }
        totals.benefit *= benefit_factor;
        totals.hours *= benefit_factor;
        totals.hours_last *= benefit_factor;
        for ((happened, amount, _), risk) in draws.risks.iter().zip(&self.risk_months) {
            // Nothing taken off (0, which leaves a flow's bits as they are) when the risk
            // did not happen or its month is past the horizon.
            let mut off = 0.0;
            if let (true, Some((_, escalation, unit))) = (happened, risk) {
                off = amount * escalation;
                totals.cost += off;
                at.add(-off, unit);
            }
            put(off);
        }
        // Without adopted mitigations (the usual case) there is nothing to add.
        if self.model.horizon > 0 && draws.mitigations != 0.0 {
            totals.cost += draws.mitigations;
            at.add(-draws.mitigations, &self.now);
        }
        put(if self.model.horizon > 0 { draws.mitigations } else { 0.0 });
        (totals, at.start())
    }

    /// The layout's model: its horizon, rate, go-live and IRR search.
    #[inline(always)]
    pub(super) fn model(&self) -> &Model {
        &self.model
    }

    /// The main driver's total volume and its volume in the last month.
    #[inline(always)]
    pub(super) fn main(&self) -> Option<(f64, f64)> {
        self.main
    }
}
