//! Sensitivity: a tornado of every uncertain input swung from its P10 to its P90 with the
//! others at base, and a break-even solver for one input.

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::distribution::Domain;
use crate::error::{EngineError, FieldError};
use crate::eval::Model;
use crate::inputs::{list_inputs, set_input};
use crate::model::Case;

/// One bar of the tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TornadoBar {
    pub input: String,
    pub base: f64,
    pub p10: f64,
    pub p90: f64,
    pub npv_at_p10: f64,
    pub npv_at_p90: f64,
    /// |NPV at P90 − NPV at P10|: the bars are sorted by it, widest first.
    pub npv_swing: f64,
    pub payback_at_p10: Option<u32>,
    pub payback_at_p90: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tornado {
    /// The scenario the inputs were swung in; none for the base case.
    pub scenario: Option<String>,
    pub base_npv: f64,
    pub base_payback: Option<u32>,
    pub bars: Vec<TornadoBar>,
}

/// The tornado of `case` (or a scenario of it).
pub fn tornado(case: &Case, catalog: &Catalog, scenario: Option<&str>) -> Result<Tornado, EngineError> {
    let (mut prepared, model) = Model::prepare(case, catalog, scenario)?;
    // The prepared case holds the central values already; without its distributions a
    // changed input is not reset to them when it is prepared again.
    prepared.uncertain.clear();
    let base = model.evaluate().metrics;
    let inputs = list_inputs(&prepared);
    let mut bars = Vec::new();
    for u in &case.uncertain {
        let Some((_, base_value)) = inputs.iter().find(|(p, _)| *p == u.input) else { continue };
        let domain = Domain::of(&u.input);
        let (p10, p90) = (u.distribution.quantile(0.1, domain), u.distribution.quantile(0.9, domain));
        let at = |v: f64| {
            let mut c = prepared.clone();
            set_input(&mut c, &u.input, v);
            // Laid out like a simulated trial: a longer phase may run past the horizon.
            model.lay_out_trial(&c).evaluate().metrics
        };
        let (lo, hi) = (at(p10), at(p90));
        bars.push(TornadoBar {
            input: u.input.clone(),
            base: *base_value,
            p10,
            p90,
            npv_at_p10: lo.npv,
            npv_at_p90: hi.npv,
            npv_swing: (hi.npv - lo.npv).abs(),
            payback_at_p10: lo.payback_month,
            payback_at_p90: hi.payback_month,
        });
    }
    bars.sort_by(|a, b| b.npv_swing.total_cmp(&a.npv_swing));
    Ok(Tornado {
        scenario: scenario.map(str::to_string),
        base_npv: base.npv,
        base_payback: base.payback_month,
        bars,
    })
}

/// What the solver is asked to reach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Target {
    /// NPV equal to this amount (usually 0).
    Npv(f64),
    /// Payback within this month.
    Payback(u32),
}

impl std::str::FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (k, v) =
            s.split_once('=').ok_or_else(|| format!("expected npv=AMOUNT or payback=MONTHS, got {s:?}"))?;
        match k.trim() {
            "npv" => v
                .trim()
                .parse()
                .map(Target::Npv)
                .map_err(|_| format!("npv target must be a number, got {v:?}")),
            "payback" => v
                .trim()
                .parse()
                .map(Target::Payback)
                .map_err(|_| format!("payback target must be whole months, got {v:?}")),
            other => Err(format!("unknown target {other:?}: use npv=AMOUNT or payback=MONTHS")),
        }
    }
}

/// The solver's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Solution {
    pub input: String,
    pub target: Target,
    pub base: f64,
    /// The range searched: the input's distribution (P1–P99) or a wide default.
    pub low: f64,
    pub high: f64,
    /// The value that reaches the target, if one in the range does.
    pub value: Option<f64>,
    /// The answer in words, including why there is none.
    pub message: String,
}

const SCAN: usize = 64;

/// The value of `input` that makes NPV reach the target, or payback fall within it.
pub fn solve(case: &Case, catalog: &Catalog, input: &str, target: Target) -> Result<Solution, EngineError> {
    let (mut prepared, model) = Model::prepare(case, catalog, None)?;
    prepared.uncertain.clear();
    if let Target::Npv(goal) = target
        && !goal.is_finite()
    {
        return Err(EngineError::Invalid(vec![FieldError::new(
            "target",
            "the NPV to reach must be a number",
        )]));
    }
    let base =
        list_inputs(&prepared).into_iter().find(|(p, _)| p == input).map(|(_, v)| v).ok_or_else(|| {
            EngineError::Invalid(vec![FieldError::new("input", format!("no input named {input:?}"))])
        })?;
    let domain = Domain::of(input);
    let (low, high) = match case.uncertain.iter().find(|u| u.input == input) {
        Some(u) => (u.distribution.quantile(0.01, domain), u.distribution.quantile(0.99, domain)),
        None => match domain {
            Domain::Share => (0.0, 1.0),
            Domain::Rate => (-0.5, 1.0),
            Domain::NonNegative | Domain::Positive | Domain::WholeNonNegative | Domain::WholePositive => {
                (0.0, (base.abs() * 10.0).max(1.0))
            }
        },
    };
    let eval = |v: f64| -> Result<crate::results::Metrics, EngineError> {
        let mut c = prepared.clone();
        set_input(&mut c, input, domain.fit(v));
        Ok(model.lay_out_trial(&c).evaluate().metrics)
    };
    // f(v) ≥ 0 where the target is reached.
    let f = |v: f64| -> Result<f64, EngineError> {
        let m = eval(v)?;
        Ok(match target {
            Target::Npv(goal) => m.npv - goal,
            Target::Payback(k) => match m.payback_month {
                Some(p) if p <= k => 1.0,
                _ => -1.0,
            },
        })
    };
    let points: Vec<f64> = (0..=SCAN).map(|i| low + (high - low) * i as f64 / SCAN as f64).collect();
    let values = points.iter().map(|&v| f(v)).collect::<Result<Vec<_>, _>>()?;
    // The bracket nearest the base value where f changes sign.
    let bracket = (0..SCAN)
        .filter(|&i| (values[i] >= 0.0) != (values[i + 1] >= 0.0))
        .min_by(|&a, &b| (points[a] - base).abs().total_cmp(&(points[b] - base).abs()));
    // The answer in the words and units of the case: "Scribe subscription (unit price)",
    // "$342", "NPV = $0".
    let (name, currency) = (crate::format::input_label(input), case.currency.as_str());
    let show = |v: f64| crate::format::input_value(input, v, currency);
    let Some(i) = bracket else {
        let reached = values.iter().all(|v| *v >= 0.0);
        let what = match target {
            Target::Npv(goal) => format!("NPV = {}", crate::format::money(goal, currency)),
            Target::Payback(k) => format!("payback within {k} months"),
        };
        let (from, to) = (show(low), show(high));
        let message = if reached {
            format!("Every value of {name} from {from} to {to} already gives {what} or better")
        } else {
            format!("No value of {name} from {from} to {to} gives {what}")
        };
        return Ok(Solution { input: input.into(), target, base, low, high, value: None, message });
    };
    let (mut a, mut b) = (points[i], points[i + 1]);
    let sign_a = values[i] >= 0.0;
    for _ in 0..80 {
        let mid = (a + b) / 2.0;
        if (f(mid)? >= 0.0) == sign_a {
            a = mid;
        } else {
            b = mid;
        }
    }
    // For payback, report the side that reaches the target; for NPV, the crossing.
    let value = match target {
        Target::Npv(_) => domain.fit((a + b) / 2.0),
        Target::Payback(_) => domain.fit(if sign_a { a } else { b }),
    };
    let (at, now) = (show(value), show(base));
    let message = match target {
        Target::Npv(goal) => {
            format!("{name} = {at} gives NPV = {} (now {now})", crate::format::money(goal, currency))
        }
        Target::Payback(k) => format!("{name} = {at} is where payback comes within {k} months (now {now})"),
    };
    Ok(Solution { input: input.into(), target, base, low, high, value: Some(value), message })
}

/// Whether a mitigation is worth its cost, in expected NPV.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MitigationValue {
    pub risk: String,
    pub mitigation: String,
    pub probability_without: f64,
    pub probability_with: f64,
    /// NPV lost when the risk happens (its delay, cost and benefit cut), from the base case.
    pub npv_loss_if_it_happens: f64,
    pub cost: f64,
    /// (probability_without − probability_with) × loss − cost: above zero, worth it.
    pub expected_value: f64,
    pub worth_it: bool,
}

/// The expected value of each risk's mitigation, whether adopted or not.
pub fn mitigation_values(
    case: &Case,
    catalog: &Catalog,
    scenario: Option<&str>,
) -> Result<Vec<MitigationValue>, EngineError> {
    let (mut prepared, model) = Model::prepare(case, catalog, scenario)?;
    prepared.uncertain.clear();
    // Compare without any mitigation cost in the base: the question is the mitigation's own worth.
    let mut bare = prepared.clone();
    for r in &mut bare.risks {
        if let Some(m) = &mut r.mitigation {
            m.adopted = false;
        }
    }
    let base = model.lay_out_trial(&bare).evaluate().metrics.npv;
    let mut out = Vec::new();
    for (k, r) in prepared.risks.iter().enumerate() {
        let Some(m) = &r.mitigation else { continue };
        let mut fired_case = bare.clone();
        if let Some(p) = r.phase.as_ref().and_then(|p| fired_case.phases.iter().position(|x| &x.name == p)) {
            fired_case.phases[p].duration_months += r.delay_months;
        }
        let fired: Vec<bool> = (0..prepared.risks.len()).map(|i| i == k).collect();
        let hit = model.lay_out_trial(&fired_case).evaluate_with(&fired).metrics.npv;
        let loss = base - hit;
        let expected_value = (r.probability - m.probability) * loss - m.cost;
        out.push(MitigationValue {
            risk: r.name.clone(),
            mitigation: m.description.clone(),
            probability_without: r.probability,
            probability_with: m.probability,
            npv_loss_if_it_happens: loss,
            cost: m.cost,
            expected_value,
            worth_it: expected_value > 0.0,
        });
    }
    Ok(out)
}
