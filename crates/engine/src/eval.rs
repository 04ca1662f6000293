//! Deterministic evaluation. A [`Case`] is first compiled into a [`Model`]: prices resolved
//! from the catalog, the scenario's overrides applied, every rule checked, phases laid on the
//! timeline and every anchor turned into a month. The model then evaluates month by month.
//! Anchors are resolved from the phases at compile time, so delaying a phase moves every
//! ramp, cost and benefit anchored after it.

use std::collections::HashMap;
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::error::{EngineError, FieldError};
use crate::inputs::{InputPath, set_input, visit_inputs, visit_item_inputs};
use crate::metrics;
use crate::model::*;
use crate::results::*;
use crate::validate::{
    Checker, MAX_AMOUNT, check_case, check_delay_has_phase, check_mitigation_lowers, check_own_value,
};

mod abreast;
mod run;
mod shapes;
pub use abreast::ABREAST;
pub(crate) use abreast::{Abreast, Queue};
pub use run::{Scratch, instances};
pub use shapes::{Shapes, TrialDraws};

/// Evaluates `case` (or one of its scenarios) with prices from `catalog`.
pub fn evaluate(case: &Case, catalog: &Catalog, scenario: Option<&str>) -> Result<Evaluation, EngineError> {
    Ok(Model::compile(case, catalog, scenario)?.evaluate())
}

/// Checks the case and every one of its scenarios; the store refuses what fails here.
///
/// The base case is checked in full once, its figures among them (see [`check_figures`]).
/// A scenario then differs from it only by its overrides, so each is checked by those alone
/// (see [`check_scenarios`]): n scenarios cost n times their overrides, never n checks of
/// the whole case, and report the errors a full check of each would.
pub fn validate(case: &Case, catalog: &Catalog) -> Result<(), EngineError> {
    let (prepared, model) = Model::prepare(case, catalog, None)?;
    let errors = check_figures(&prepared, &model.evaluate());
    if !errors.is_empty() {
        return Err(EngineError::Invalid(errors));
    }
    // The hosting alternative's catalog items are resolved only when it is compared: do it
    // now, so the store never keeps an alternative that cannot be priced.
    crate::hosting::hosting_comparison(case, catalog, None)?;
    let errors = check_scenarios(case, prepared, &model);
    if errors.is_empty() { Ok(()) } else { Err(EngineError::Invalid(errors)) }
}

/// The base case's figures must lie within the largest supported amount, as its inputs do:
/// each line's total, the totals, the hours saved, and the NPV and discounted cash flows
/// (which a low discount rate can inflate beyond the undiscounted ones). Beyond it a
/// figure means nothing for a business case, and a simulation's records (f32 but the NPV)
/// could no longer hold its trials. Each error names the line, or the discount rate.
fn check_figures(case: &Case, e: &Evaluation) -> Vec<FieldError> {
    let within = |v: f64| v.abs() <= MAX_AMOUNT; // false for NaN and ±∞ too
    let beyond =
        |what: String, v: f64| format!("{what} {v:e}, beyond the largest supported amount ({MAX_AMOUNT:e})");
    let mut errors = Vec::new();
    for (section, lines) in [("costs", &e.cost_lines), ("benefits", &e.benefit_lines)] {
        for (i, line) in lines.iter().enumerate().filter(|(_, l)| !within(l.total)) {
            errors.push(FieldError::new(
                format!("{section}[{i}]"),
                beyond("the line totals over the horizon".to_string(), line.total),
            ));
        }
    }
    if !errors.is_empty() {
        return errors;
    }
    let m = &e.metrics;
    for (field, what, v) in [
        ("costs", "the costs total over the horizon", m.total_cost),
        ("benefits", "the benefits total over the horizon", m.total_benefit),
        ("benefits", "the hours saved over the horizon come to", m.hours_saved),
    ] {
        if !within(v) {
            errors.push(FieldError::new(field, beyond(what.to_string(), v)));
        }
    }
    if errors.is_empty() {
        let discounted =
            e.monthly.iter().map(|r| r.discounted_cumulative.abs().max(r.discounted_cash_flow.abs()));
        let largest = discounted.fold(m.npv.abs(), |a, v| if v > a || v.is_nan() { v } else { a });
        if !within(largest) {
            errors.push(FieldError::new(
                "discount_rate",
                beyond(format!("discounted at {}, the cash flows reach", case.discount_rate), largest),
            ));
        }
    }
    errors
}

/// Where an input of the prepared base case lives, found once by its path.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Its position in the order of `visit_inputs`, the order its errors come in.
    order: usize,
    section: &'static str,
    index: usize,
    field: &'static str,
}

impl Slot {
    /// Sets the input to `value` in `case` (the prepared base), giving its value before:
    /// a visit of its one item's inputs.
    fn set(&self, case: &mut Case, value: f64) -> f64 {
        let mut before = value;
        visit_item_inputs(case, self.section, self.index, &mut |p, v| {
            if p.field == self.field {
                before = std::mem::replace(v, value);
            }
        });
        before
    }
}

/// Checks each scenario of `case` against `prepared`, its base case prepared and valid
/// (`model` its layout): only the rules an override can break. Those are the rule of each
/// overridden input's own field, the rules that tie it to another figure (a mitigation's
/// probability to its risk's, a delay to its phase, a uniform or lognormal input's own
/// value to its range), and, for an override that moves a phase, the timeline's (every
/// anchor then moves). Every other rule held in the base and holds in the scenario. The
/// overrides are applied to `prepared` and undone, so a scenario costs its overrides (and
/// one layout when it moves a phase), whatever the number of scenarios.
fn check_scenarios(case: &Case, mut prepared: Case, model: &Model) -> Vec<FieldError> {
    if case.scenarios.is_empty() {
        return Vec::new();
    }
    prepared.scenarios.clear();
    let mut slots: HashMap<String, Slot> = HashMap::new();
    let mut order = 0;
    visit_inputs(&mut prepared, &mut |p, _| {
        slots.insert(p.to_string(), Slot { order, section: p.section, index: p.index, field: p.field });
        order += 1;
    });
    let uncertain: HashMap<&str, usize> =
        case.uncertain.iter().enumerate().map(|(k, u)| (u.input.as_str(), k)).collect();
    let mut errors = Vec::new();
    for (i, s) in case.scenarios.iter().enumerate() {
        let mut ck = Checker::new();
        // The inputs the scenario sets, each once, to the value of its last override.
        let mut set: Vec<(Slot, &str, f64)> = Vec::with_capacity(s.overrides.len());
        for (j, o) in s.overrides.iter().enumerate().rev() {
            match slots.get(o.input.as_str()) {
                Some(slot) => set.push((*slot, o.input.as_str(), o.value)),
                None => ck.push(
                    format!("scenarios[{i}].overrides[{j}].input"),
                    format!("no input named {:?}", o.input),
                ),
            }
        }
        ck.errors.reverse();
        set.sort_by_key(|(slot, _, _)| slot.order);
        set.dedup_by_key(|(slot, _, _)| slot.order);
        let before: Vec<f64> = set.iter().map(|(slot, _, v)| slot.set(&mut prepared, *v)).collect();
        let mut moved = false;
        for &(slot, input, v) in &set {
            let path = InputPath { section: slot.section, name: "", index: slot.index, field: slot.field };
            match path.field_path().rsplit_once('.') {
                Some((prefix, field)) => ck.num(prefix, field, v),
                None => ck.num("", slot.field, v),
            }
            match (slot.section, slot.field) {
                ("phases", "duration_months" | "lag_months") => moved = true,
                ("risks", "delay_months") => {
                    check_delay_has_phase(&mut ck, slot.index, &prepared.risks[slot.index])
                }
                ("risks", "probability" | "mitigation.probability") => {
                    // Once for a risk whose two probabilities are both set.
                    let both = slot.field == "mitigation.probability"
                        && set.iter().any(|(o, _, _)| {
                            o.section == "risks" && o.index == slot.index && o.field == "probability"
                        });
                    if !both {
                        check_mitigation_lowers(&mut ck, slot.index, &prepared.risks[slot.index]);
                    }
                }
                _ => {}
            }
            if let Some(&k) = uncertain.get(input) {
                check_own_value(&mut ck, k, &case.uncertain[k], v);
            }
        }
        if moved && ck.errors.is_empty() {
            // Phases may run past the horizon in a scenario; its anchors must still hold.
            // (The timeline is read only from sound figures, as `Model::prepare` reads it.)
            Model::lay_out(&prepared, None, false, Some(model.labels.clone()), &mut ck);
        }
        for (&(slot, _, _), v) in set.iter().zip(before).rev() {
            slot.set(&mut prepared, v);
        }
        for fe in ck.errors {
            if fe.field.starts_with("scenarios[") {
                errors.push(fe);
            } else {
                errors.push(FieldError::new(
                    format!("scenarios[{i}].overrides"),
                    format!("with scenario {:?}, {}: {}", s.name, fe.field, fe.message),
                ));
            }
        }
    }
    errors
}

/// Fills each priced line's `unit_price` from its catalog item unless the line sets its own.
pub(crate) fn resolve_prices(case: &mut Case, catalog: &Catalog, ck: &mut Checker) {
    for (i, c) in case.costs.iter_mut().enumerate() {
        let Some(id) = &c.catalog_item else { continue };
        match catalog.get(id) {
            None => ck.push(format!("costs[{i}].catalog_item"), format!("no catalog item with id {id:?}")),
            Some(item) if item.currency != case.currency => ck.push(
                format!("costs[{i}].catalog_item"),
                format!(
                    "{id:?} is priced in {} but the case is in {}; set unit_price in {}",
                    item.currency, case.currency, case.currency
                ),
            ),
            Some(item) => {
                if c.unit_price.is_none() && !matches!(c.basis, CostBasis::Share { .. }) {
                    c.unit_price = Some(item.price);
                }
            }
        }
    }
}

/// A ramp with its ends as months.
#[derive(Debug, Clone, Copy)]
struct MonthRamp {
    start: f64,
    /// 1 / (end − start).
    inv_span: f64,
    from: f64,
    to: f64,
    shape: RampShape,
}

impl MonthRamp {
    /// Writes the ramp's value for months `first, first + 1, …` into `out`: constant outside
    /// the ramp, so only the months inside it are computed.
    fn fill(&self, first: usize, out: &mut [f64]) {
        for (k, o) in out.iter_mut().enumerate() {
            let t = (first + k) as f64;
            *o = if t <= self.start {
                self.from
            } else if (t - self.start) * self.inv_span >= 1.0 {
                self.to
            } else {
                self.at(first + k)
            };
        }
    }

    fn at(&self, t: usize) -> f64 {
        let p = ((t as f64 - self.start) * self.inv_span).clamp(0.0, 1.0);
        let p = match self.shape {
            RampShape::Linear => p,
            RampShape::SCurve => p * p * (3.0 - 2.0 * p),
        };
        self.from + (self.to - self.from) * p
    }
}

#[derive(Debug, Clone)]
struct ModelDriver {
    base: f64,
    /// (1 + g)^(1/12).
    monthly_growth: f64,
    start: usize,
    end: usize,
    adoption: Option<MonthRamp>,
    scaled: bool,
}

#[derive(Debug, Clone)]
enum CostKind {
    OneOff { quantity: f64 },
    Recurring { quantity: f64, every: usize },
    Usage { driver: usize, units: f64 },
    Capacity { driver: usize, units: f64, capacity: f64, hours: f64, min: f64 },
    Share { share: f64, of: Option<[bool; CostCategory::COUNT]> },
}

#[derive(Debug, Clone)]
struct ModelCost {
    category: CostCategory,
    kind: CostKind,
    price: f64,
    start: usize,
    end: usize,
    escalate: bool,
}

#[derive(Debug, Clone)]
enum BenefitKind {
    TimeSaved { driver: usize, hours_per_unit: f64, hourly_cost: f64 },
    PerUnit { driver: usize, value: f64 },
    Recurring { amount: f64 },
    OneOff { amount: f64 },
}

#[derive(Debug, Clone)]
struct ModelBenefit {
    category: BenefitCategory,
    kind: BenefitKind,
    start: usize,
    end: usize,
    realisation: Option<MonthRamp>,
    escalate: bool,
}

/// A validated case with every name and anchor resolved, ready to evaluate quickly.
#[derive(Debug, Clone)]
pub struct Model {
    /// Names and labels, shared by every trial's model rather than copied.
    labels: Arc<Labels>,
    horizon: usize,
    monthly_rate: f64,
    monthly_escalation: f64,
    go_live: usize,
    /// First month of each phase and first month after it, cut at the horizon.
    spans: Vec<(u32, u32)>,
    /// The same before the cut (kept only to reuse its memory from one layout to the next).
    timeline: Vec<(i64, i64)>,
    /// Where the IRR search starts (monthly rate): 0, or for simulated trials the
    /// deterministic IRR.
    pub(crate) irr_guess: f64,
    /// The error Newton's method may leave in the IRR (see `metrics::newton`): 0 (to
    /// rounding) for the case's own figures; for simulated trials `trial::IRR_SETTLED`.
    pub(crate) irr_settled: f64,
    phase_scales: Vec<f64>,
    drivers: Vec<ModelDriver>,
    costs: Vec<ModelCost>,
    benefits: Vec<ModelBenefit>,
    main_driver: Option<usize>,
    risks: Vec<ModelRisk>,
    /// Adopted mitigations: their one-off cost in month 0, and where it is booked.
    mitigations: Vec<(f64, CostCategory)>,
}

/// The names an evaluation reports, apart from the numbers.
#[derive(Debug)]
pub struct Labels {
    case_name: String,
    scenario: Option<String>,
    currency: String,
    start_month: String,
    phases: Vec<String>,
    costs: Vec<String>,
    benefits: Vec<String>,
}

impl Labels {
    fn of(c: &Case, scenario: Option<&str>) -> Labels {
        Labels {
            case_name: c.name.clone(),
            scenario: scenario.map(str::to_string),
            currency: c.currency.clone(),
            start_month: c.start_month.clone(),
            phases: c.phases.iter().map(|p| p.name.clone()).collect(),
            costs: c.costs.iter().map(|x| x.name.clone()).collect(),
            benefits: c.benefits.iter().map(|x| x.name.clone()).collect(),
        }
    }
}

/// A risk's consequences other than delay (delays are applied to the case before layout).
#[derive(Debug, Clone)]
struct ModelRisk {
    cost: f64,
    cost_month: usize,
    category: CostCategory,
    benefit_reduction: f64,
}

/// Where a risk's one-off cost is booked.
pub fn risk_cost_category(c: RiskCategory) -> CostCategory {
    match c {
        RiskCategory::RegulatoryDelay => CostCategory::Regulatory,
        RiskCategory::ValidationFailure => CostCategory::ClinicalValidation,
        RiskCategory::PrivacyIncident => CostCategory::CompliancePrivacy,
        RiskCategory::IntegrationDelay => CostCategory::Integration,
        RiskCategory::DataQualityRework => CostCategory::DataPreparation,
        RiskCategory::AdoptionShortfall => CostCategory::People,
        RiskCategory::CostOverrun | RiskCategory::Other => CostCategory::Contingency,
    }
}

/// Turns anchors into months once the phases are laid out.
struct Timeline<'a> {
    phases: &'a [Phase],
    spans: Vec<(i64, i64)>,
    horizon: i64,
}

impl Timeline<'_> {
    fn month(&self, a: &Anchor, path: &dyn Fn() -> String, ck: &mut Checker) -> i64 {
        let base = match &a.phase {
            None => 0,
            Some(name) => match self.phases.iter().position(|p| &p.name == name) {
                Some(i) => match a.edge {
                    Edge::Start => self.spans[i].0,
                    Edge::End => self.spans[i].1,
                },
                None => {
                    ck.push(format!("{}.phase", path()), format!("no phase named {name:?}"));
                    return 0;
                }
            },
        };
        // Saturating: a month far past any horizon is as good as the largest one.
        let m = base.saturating_add(a.offset_months as i64);
        if m < 0 {
            ck.push(path(), format!("falls in month {m}, before the case starts"));
        }
        m
    }

    /// Start and end months of an item, defaulting to month 0 and the horizon.
    fn window(
        &self,
        prefix: &dyn Fn() -> String,
        start: &Option<Anchor>,
        default_start: i64,
        end: &Option<Anchor>,
        ck: &mut Checker,
    ) -> (usize, usize) {
        let s =
            start.as_ref().map_or(default_start, |a| self.month(a, &|| format!("{}.start", prefix()), ck));
        let e = end.as_ref().map_or(self.horizon, |a| self.month(a, &|| format!("{}.end", prefix()), ck));
        if end.is_some() && e <= s {
            ck.push(
                format!("{}.end", prefix()),
                format!("must come after the start (starts in month {s}, ends in month {e})"),
            );
        }
        (self.clamp(s), self.clamp(e))
    }

    fn ramp(&self, prefix: &dyn Fn() -> String, r: &Ramp, ck: &mut Checker) -> MonthRamp {
        let s = self.month(&r.start, &|| format!("{}.start", prefix()), ck);
        let e = self.month(&r.end, &|| format!("{}.end", prefix()), ck);
        if e <= s {
            ck.push(
                format!("{}.end", prefix()),
                format!("the ramp must end after it starts (starts in month {s}, ends in month {e})"),
            );
        }
        MonthRamp {
            start: s as f64,
            inv_span: 1.0 / e.saturating_sub(s).max(1) as f64,
            from: r.from,
            to: r.to,
            shape: r.shape,
        }
    }

    fn clamp(&self, m: i64) -> usize {
        m.clamp(0, self.horizon) as usize
    }
}

impl Model {
    /// Months in the horizon.
    pub fn horizon(&self) -> usize {
        self.horizon
    }
}

impl Model {
    /// Resolves, overrides and checks; every broken rule is reported, none is panicked on.
    pub fn compile(case: &Case, catalog: &Catalog, scenario: Option<&str>) -> Result<Model, EngineError> {
        Ok(Self::prepare(case, catalog, scenario)?.1)
    }

    /// Lays out a case already prepared by [`Model::prepare`] and changed by sampling: no
    /// rule is checked again, and phases may run past the horizon (a delay may push them).
    /// The names are shared with `self`, the model of the prepared case, and so is where
    /// and how closely the IRR is searched.
    pub fn lay_out_trial(&self, case: &Case) -> Model {
        let mut model = Self::lay_out(case, None, false, Some(self.labels.clone()), &mut Checker::new());
        (model.irr_guess, model.irr_settled) = (self.irr_guess, self.irr_settled);
        model
    }

    /// [`Model::lay_out_trial`] into `out` (a model of the same case), reusing its memory.
    pub fn lay_out_trial_into(&self, case: &Case, out: &mut Model) {
        out.fill(case, false, &mut Checker::new());
    }

    /// [`Model::compile`], also giving the prepared case: prices resolved, distributions at
    /// their central value, the scenario's overrides applied. Simulation samples from it.
    pub fn prepare(
        case: &Case,
        catalog: &Catalog,
        scenario: Option<&str>,
    ) -> Result<(Case, Model), EngineError> {
        let mut c = case.clone();
        let mut ck = Checker::new();
        resolve_prices(&mut c, catalog, &mut ck);
        // The deterministic case takes each distribution's central value (its mode, mean or
        // fixed value); uniform and lognormal inputs keep their own value.
        for u in &case.uncertain {
            if let Some(v) = u.distribution.central() {
                set_input(&mut c, &u.input, v);
            }
        }
        if let Some(name) = scenario {
            let (i, s) = case
                .scenarios
                .iter()
                .enumerate()
                .find(|(_, s)| s.name == name)
                .ok_or_else(|| EngineError::UnknownScenario(name.to_string()))?;
            for (j, o) in s.overrides.iter().enumerate() {
                if !set_input(&mut c, &o.input, o.value) {
                    ck.push(
                        format!("scenarios[{i}].overrides[{j}].input"),
                        format!("no input named {:?}", o.input),
                    );
                }
            }
        }
        check_case(&c, &mut ck);
        if !ck.errors.is_empty() {
            return Err(EngineError::Invalid(ck.errors));
        }
        // The base case's phases must fit the horizon; a scenario (or, later, a risk) that
        // delays them may push the last ones past it, where they are cut off.
        let model = Self::lay_out(&c, scenario, scenario.is_none(), None, &mut ck);
        if ck.errors.is_empty() { Ok((c, model)) } else { Err(EngineError::Invalid(ck.errors)) }
    }

    fn lay_out(
        c: &Case,
        scenario: Option<&str>,
        must_fit: bool,
        labels: Option<Arc<Labels>>,
        ck: &mut Checker,
    ) -> Model {
        let mut model = Model {
            labels: labels.unwrap_or_else(|| Arc::new(Labels::of(c, scenario))),
            horizon: 0,
            monthly_rate: 0.0,
            monthly_escalation: 1.0,
            go_live: 0,
            timeline: Vec::new(),
            irr_guess: 0.0,
            irr_settled: 0.0,
            spans: Vec::new(),
            phase_scales: Vec::new(),
            drivers: Vec::new(),
            costs: Vec::new(),
            benefits: Vec::new(),
            main_driver: None,
            risks: Vec::new(),
            mitigations: Vec::new(),
        };
        model.fill(c, must_fit, ck);
        model
    }

    /// Lays out `c` into this model, reusing its vectors: a simulated trial lays out a
    /// case for every trial, and allocating each time cost as much as the arithmetic.
    fn fill(&mut self, c: &Case, must_fit: bool, ck: &mut Checker) {
        #[cfg(test)]
        tests::LAYOUTS.with(|n| n.set(n.get() + 1));
        let horizon = c.horizon_months as i64;
        let mut spans = std::mem::take(&mut self.timeline);
        spans.clear();
        let mut cursor = 0i64;
        for p in &c.phases {
            // Saturating: a trial's delays may lengthen phases without bound.
            let start = cursor.saturating_add(p.lag_months as i64);
            let end = start.saturating_add(p.duration_months as i64);
            spans.push((start, end));
            cursor = end;
        }
        // Name the first phase that crosses the horizon: that is the one to shorten.
        if must_fit && let Some(i) = spans.iter().position(|(_, end)| *end > horizon) {
            ck.push(
                format!("phases[{i}].duration_months"),
                format!(
                    "phase {:?} ends in month {}, after the {horizon}-month horizon",
                    c.phases[i].name, spans[i].1
                ),
            );
        }
        let tl = Timeline { phases: &c.phases, spans, horizon };
        let h = horizon as usize;

        let go_live = c.go_live.as_ref().map_or(0, |a| tl.month(a, &|| "go_live".to_string(), ck));
        self.phase_scales.clear();
        self.phase_scales.extend((0..h).map(|t| {
            if c.phases.is_empty() {
                return 1.0;
            }
            // The latest phase started by month t sets the scale; none started yet: 0.
            tl.spans.iter().zip(&c.phases).rfind(|((s, _), _)| *s <= t as i64).map_or(0.0, |(_, p)| p.scale)
        }));

        let driver_index = |name: &str| c.drivers.iter().position(|d| d.name == name).unwrap_or(0);
        self.drivers.clear();
        self.drivers.extend(c.drivers.iter().enumerate().map(|(i, d)| {
            let prefix = || format!("drivers[{i}]");
            let (start, end) = tl.window(&prefix, &d.start, 0, &d.end, ck);
            ModelDriver {
                base: d.monthly_volume,
                monthly_growth: (1.0 + d.annual_growth).powf(1.0 / 12.0),
                start,
                end,
                adoption: d.adoption.as_ref().map(|r| tl.ramp(&|| format!("{}.adoption", prefix()), r, ck)),
                scaled: d.scale_with_phases,
            }
        }));

        self.costs.clear();
        self.costs.extend(c.costs.iter().enumerate().map(|(i, line)| {
            let prefix = || format!("costs[{i}]");
            let (start, end) = tl.window(&prefix, &line.start, 0, &line.end, ck);
            let kind = match &line.basis {
                CostBasis::OneOff { quantity } => CostKind::OneOff { quantity: *quantity },
                CostBasis::Recurring { quantity, every_months } => {
                    CostKind::Recurring { quantity: *quantity, every: *every_months as usize }
                }
                CostBasis::Usage { driver, units_per_driver_unit } => {
                    CostKind::Usage { driver: driver_index(driver), units: *units_per_driver_unit }
                }
                CostBasis::Capacity {
                    driver,
                    units_per_driver_unit,
                    capacity_per_instance,
                    instance_hours_per_month,
                    min_instances,
                } => CostKind::Capacity {
                    driver: driver_index(driver),
                    units: *units_per_driver_unit,
                    capacity: *capacity_per_instance,
                    hours: *instance_hours_per_month,
                    min: *min_instances,
                },
                CostBasis::Share { share, of } => CostKind::Share {
                    share: *share,
                    of: (!of.is_empty()).then(|| {
                        let mut mask = [false; CostCategory::COUNT];
                        for cat in of {
                            mask[cat.index()] = true;
                        }
                        mask
                    }),
                },
            };
            ModelCost {
                category: line.category,
                kind,
                price: line.unit_price.unwrap_or(0.0),
                start,
                end,
                escalate: line.escalate,
            }
        }));

        self.benefits.clear();
        self.benefits.extend(c.benefits.iter().enumerate().map(|(i, b)| {
            let prefix = || format!("benefits[{i}]");
            let (start, end) = tl.window(&prefix, &b.start, go_live, &b.end, ck);
            let kind = match &b.basis {
                BenefitBasis::TimeSaved { driver, minutes_per_unit, hourly_cost } => BenefitKind::TimeSaved {
                    driver: driver_index(driver),
                    hours_per_unit: minutes_per_unit / 60.0,
                    hourly_cost: *hourly_cost,
                },
                BenefitBasis::PerUnit { driver, value_per_unit } => {
                    BenefitKind::PerUnit { driver: driver_index(driver), value: *value_per_unit }
                }
                BenefitBasis::Recurring { monthly_amount } => {
                    BenefitKind::Recurring { amount: *monthly_amount }
                }
                BenefitBasis::OneOff { amount } => BenefitKind::OneOff { amount: *amount },
            };
            ModelBenefit {
                category: b.category,
                kind,
                start,
                end,
                realisation: b
                    .realisation
                    .as_ref()
                    .map(|r| tl.ramp(&|| format!("{}.realisation", prefix()), r, ck)),
                escalate: b.escalate,
            }
        }));

        self.spans.clear();
        self.spans.extend(tl.spans.iter().map(|(s, e)| ((*s).min(horizon) as u32, (*e).min(horizon) as u32)));
        self.horizon = h;
        self.monthly_rate = metrics::monthly_rate(c.discount_rate);
        self.monthly_escalation = (1.0 + c.price_escalation).powf(1.0 / 12.0);
        self.go_live = tl.clamp(go_live);
        self.main_driver = c.main_driver.as_ref().map(|m| driver_index(m));
        self.risks.clear();
        self.risks.extend(
            c.risks.iter().enumerate().map(|(i, r)| ModelRisk {
                cost: r.one_off_cost,
                cost_month: r
                    .cost_at
                    .as_ref()
                    .map_or(0, |a| tl.clamp(tl.month(a, &|| format!("risks[{i}].cost_at"), ck))),
                category: risk_cost_category(r.category),
                benefit_reduction: r.benefit_reduction,
            }),
        );
        self.mitigations.clear();
        self.mitigations.extend(
            c.risks
                .iter()
                .filter_map(|r| r.mitigation.as_ref().filter(|m| m.adopted).map(|m| (m.cost, m.category))),
        );
        self.timeline = tl.spans;
    }

    /// Number of risks in the model, in the case's order.
    pub fn risk_count(&self) -> usize {
        self.risks.len()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::shipped;

    thread_local! {
        /// Full checks of a case (`validate::check_case`) made on this thread.
        pub(crate) static FULL_CHECKS: Cell<usize> = const { Cell::new(0) };
        /// Layouts of a case (`Model::fill`) made on this thread.
        pub(crate) static LAYOUTS: Cell<usize> = const { Cell::new(0) };
    }

    /// Full checks and layouts that validating `case` takes.
    fn work_of_validating(case: &Case) -> (usize, usize) {
        let (checks, layouts) = (FULL_CHECKS.with(Cell::get), LAYOUTS.with(Cell::get));
        validate(case, &shipped::catalog()).expect("valid");
        (FULL_CHECKS.with(Cell::get) - checks, LAYOUTS.with(Cell::get) - layouts)
    }

    /// `n` scenarios that each override one of the template's prices or minutes (not an
    /// uncertain one, whose range may not hold the new value); every third moves a phase
    /// as well.
    fn with_scenarios(mut case: Case, n: usize) -> Case {
        let prices: Vec<(String, f64)> = crate::list_inputs(&case)
            .into_iter()
            .filter(|(p, _)| p.ends_with("unit_price") || p.ends_with("minutes_per_unit"))
            .filter(|(p, _)| !case.uncertain.iter().any(|u| &u.input == p))
            .collect();
        case.scenarios = (0..n)
            .map(|i| {
                let (input, value) = &prices[i % prices.len()];
                let mut overrides = vec![Override { input: input.clone(), value: value * 1.1 }];
                if i % 3 == 0 {
                    let phase = &case.phases[0];
                    overrides.push(Override {
                        input: format!("phases[{}].duration_months", phase.name),
                        value: phase.duration_months + 1.0,
                    });
                }
                Scenario { name: format!("Scenario {i}"), description: String::new(), overrides }
            })
            .collect();
        case
    }

    #[test]
    fn validating_scenarios_checks_only_their_overrides_and_lays_out_only_those_that_move_a_phase() {
        for template in shipped::templates() {
            let base = with_scenarios(template.case, 0);
            let (checks, layouts) = work_of_validating(&base);
            for n in [1, 10, 1_000] {
                let case = with_scenarios(base.clone(), n);
                let moving = case.scenarios.iter().filter(|s| s.overrides.len() == 2).count();
                assert_eq!(
                    work_of_validating(&case),
                    (checks, layouts + moving),
                    "{}: {n} scenarios take the base case's full checks and layouts, and one layout \
                     for each scenario that moves a phase",
                    template.id
                );
            }
        }
    }
}
