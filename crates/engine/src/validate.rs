//! The rules a finance reviewer expects of a case, checked before anything is computed or
//! stored. Each broken rule becomes a [`FieldError`] naming the field by its path
//! (`costs[3].unit_price`); all are collected so the user can fix them in one pass.
//! Rules that need the timeline (anchors, ramps, phases fitting the horizon) are checked
//! where the timeline is built, in `eval`.

use std::collections::HashSet;

use crate::catalog::Day;
use crate::distribution::{Distribution, Domain, UncertainInput};
use crate::error::FieldError;
use crate::model::*;

/// Longest horizon accepted, in months (50 years).
pub const MAX_HORIZON_MONTHS: u32 = 600;
const MAX_NAME_LEN: usize = 200;

/// The largest supported amount: no amount, volume, quantity, count, scale or month figure of
/// a case may be larger in magnitude, nor any total or NPV its base case evaluates to. A
/// quadrillion is beyond any healthcare budget, and far inside what every figure needs:
///
/// a month of one line is at most a product of bounded factors: volume × phase scale ×
/// units (or minutes) ÷ capacity (at least [`MIN_DIVISOR`]) × instance hours × price, each
/// within 1e15 (adoption and realisation are shares): 1e90; growth and escalation over
/// 600 months each at most (1 + [`MAX_RATE`])^50 = 6^50 ≈ 8e38; discounting at
/// [`MIN_RATE`] at most 100^50 = 1e100. A month's cost of L lines, shares of them
/// included, stays within L² × 1e90 × 6.5e77 and the NPV within 600 L² × 1e268: finite for
/// any case that fits in memory, in every scenario and every simulated trial (whose
/// samples are brought into their input's [`crate::Domain`]). Ratios (ROI, cost per unit)
/// beyond it are undefined. The base case's figures are then held within the bound itself
/// (see `eval::validate`), so that a simulation's f32 records of them stay finite.
pub const MAX_AMOUNT: f64 = 1e15;

/// The smallest supported divisor (an instance's capacity): 1 / [`MAX_AMOUNT`], so that a
/// count divided by it stays within 1e30 of the count.
pub const MIN_DIVISOR: f64 = 1.0 / MAX_AMOUNT;

/// The largest supported annual rate (discount, escalation, growth): 500% a year, so that
/// compounding over the longest horizon stays within 6^50 ≈ 8e38.
pub const MAX_RATE: f64 = 5.0;

/// The lowest supported annual rate: −99% a year, so that discounting at it over the
/// longest horizon multiplies by 100^50 = 1e100 at most (at −100% it has no bound). Samples
/// of a rate are brought to it too.
pub const MIN_RATE: f64 = -0.99;

/// The message for a value beyond [`MAX_AMOUNT`]: `1e307 is beyond the largest supported
/// amount (1e15)`.
pub fn beyond_largest_amount(v: f64) -> String {
    format!("{v:e} is beyond the largest supported amount ({MAX_AMOUNT:e})")
}

pub(crate) struct Checker {
    pub errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Checker { errors: Vec::new() }
    }

    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Checks input `field` (under `prefix`) against its [`Domain`], the one rule of what
    /// the input can take.
    pub(crate) fn num(&mut self, prefix: &str, field: &str, v: f64) {
        if let Some(problem) = Domain::of(field).problem(v) {
            self.push(
                if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") },
                problem,
            );
        }
    }

    /// A signed figure that is not an input (an anchor's offset, a threshold): finite and
    /// within the largest supported amount.
    fn signed(&mut self, field: impl Into<String>, v: f64) -> bool {
        let problem = if !v.is_finite() {
            format!("must be a finite number, got {v}")
        } else if v.abs() > MAX_AMOUNT {
            beyond_largest_amount(v)
        } else {
            return true;
        };
        self.push(field, problem);
        false
    }

    fn name(&mut self, prefix: &str, name: &str, seen: &mut HashSet<String>) {
        let trimmed = name.trim();
        if trimmed.is_empty() {
            self.push(format!("{prefix}.name"), "must not be empty");
        } else if name.len() > MAX_NAME_LEN {
            self.push(format!("{prefix}.name"), format!("must be at most {MAX_NAME_LEN} characters"));
        } else if name.contains(['[', ']']) {
            self.push(format!("{prefix}.name"), "must not contain '[' or ']' (they delimit input paths)");
        } else if !seen.insert(trimmed.to_lowercase()) {
            self.push(format!("{prefix}.name"), format!("{name:?} is used twice; names must be unique"));
        }
    }

    fn driver_ref(&mut self, prefix: &str, driver: &str, drivers: &HashSet<&str>) {
        if !drivers.contains(driver) {
            self.push(format!("{prefix}.basis.driver"), format!("no driver named {driver:?}"));
        }
    }

    fn ramp(&mut self, prefix: &str, r: &Ramp) {
        self.num(prefix, "from", r.from);
        self.num(prefix, "to", r.to);
        self.anchor(&format!("{prefix}.start"), &r.start);
        self.anchor(&format!("{prefix}.end"), &r.end);
    }

    fn anchor(&mut self, prefix: &str, a: &Anchor) {
        let field = format!("{prefix}.offset_months");
        if self.signed(field.clone(), a.offset_months) && a.offset_months.fract() != 0.0 {
            self.push(field, format!("must be a whole number of months, got {}", a.offset_months));
        }
    }

    fn opt_anchor(&mut self, prefix: &str, field: &str, a: &Option<Anchor>) {
        if let Some(a) = a {
            self.anchor(&format!("{prefix}.{field}"), a);
        }
    }
}

/// Checks every rule that does not need the timeline. Prices must already be resolved
/// from the catalog (see `eval::resolve_prices`).
pub(crate) fn check_case(case: &Case, ck: &mut Checker) {
    #[cfg(test)]
    crate::eval::tests::FULL_CHECKS.with(|n| n.set(n.get() + 1));
    if case.schema_version == 0 || case.schema_version > SCHEMA_VERSION {
        ck.push(
            "schema_version",
            format!("must be between 1 and {SCHEMA_VERSION}, got {}", case.schema_version),
        );
    }
    if case.name.trim().is_empty() {
        ck.push("name", "must not be empty");
    } else if case.name.len() > MAX_NAME_LEN {
        ck.push("name", format!("must be at most {MAX_NAME_LEN} characters"));
    }
    if case.currency.len() != 3 || !case.currency.chars().all(|c| c.is_ascii_uppercase()) {
        ck.push(
            "currency",
            format!("must be a three-letter ISO 4217 code such as USD, got {:?}", case.currency),
        );
    }
    if !valid_year_month(&case.start_month) {
        ck.push("start_month", format!("must be a month written YYYY-MM, got {:?}", case.start_month));
    }
    if !(1..=MAX_HORIZON_MONTHS).contains(&case.horizon_months) {
        ck.push(
            "horizon_months",
            format!("must be between 1 and {MAX_HORIZON_MONTHS} months, got {}", case.horizon_months),
        );
    }
    ck.num("", "discount_rate", case.discount_rate);
    ck.num("", "price_escalation", case.price_escalation);
    ck.opt_anchor("", "go_live", &case.go_live);

    let mut seen = HashSet::new();
    for (i, p) in case.phases.iter().enumerate() {
        let prefix = format!("phases[{i}]");
        ck.name(&prefix, &p.name, &mut seen);
        ck.num(&prefix, "duration_months", p.duration_months);
        ck.num(&prefix, "lag_months", p.lag_months);
        ck.num(&prefix, "scale", p.scale);
    }

    let mut seen = HashSet::new();
    for (i, d) in case.drivers.iter().enumerate() {
        let prefix = format!("drivers[{i}]");
        ck.name(&prefix, &d.name, &mut seen);
        ck.num(&prefix, "monthly_volume", d.monthly_volume);
        ck.num(&prefix, "annual_growth", d.annual_growth);
        ck.opt_anchor(&prefix, "start", &d.start);
        ck.opt_anchor(&prefix, "end", &d.end);
        if let Some(r) = &d.adoption {
            ck.ramp(&format!("{prefix}.adoption"), r);
        }
    }
    let drivers: HashSet<&str> = case.drivers.iter().map(|d| d.name.as_str()).collect();
    if let Some(m) = &case.main_driver
        && !drivers.contains(m.as_str())
    {
        ck.push("main_driver", format!("no driver named {m:?}"));
    }

    let mut seen = HashSet::new();
    for (i, c) in case.costs.iter().enumerate() {
        let prefix = format!("costs[{i}]");
        ck.name(&prefix, &c.name, &mut seen);
        check_cost(&prefix, c, &drivers, ck);
    }

    let mut seen = HashSet::new();
    for (i, b) in case.benefits.iter().enumerate() {
        let prefix = format!("benefits[{i}]");
        ck.name(&prefix, &b.name, &mut seen);
        let bp = format!("{prefix}.basis");
        match &b.basis {
            BenefitBasis::TimeSaved { driver, minutes_per_unit, hourly_cost } => {
                ck.driver_ref(&prefix, driver, &drivers);
                ck.num(&bp, "minutes_per_unit", *minutes_per_unit);
                ck.num(&bp, "hourly_cost", *hourly_cost);
            }
            BenefitBasis::PerUnit { driver, value_per_unit } => {
                ck.driver_ref(&prefix, driver, &drivers);
                ck.num(&bp, "value_per_unit", *value_per_unit);
            }
            BenefitBasis::Recurring { monthly_amount } => ck.num(&bp, "monthly_amount", *monthly_amount),
            BenefitBasis::OneOff { amount } => ck.num(&bp, "amount", *amount),
        }
        ck.opt_anchor(&prefix, "start", &b.start);
        ck.opt_anchor(&prefix, "end", &b.end);
        if let Some(r) = &b.realisation {
            ck.ramp(&format!("{prefix}.realisation"), r);
        }
    }

    check_uncertainty_and_people(case, ck);
    crate::hosting::check(case, ck);

    let mut seen = HashSet::new();
    for (i, s) in case.scenarios.iter().enumerate() {
        let prefix = format!("scenarios[{i}]");
        ck.name(&prefix, &s.name, &mut seen);
        // Within the largest supported amount here; against its input's own rule once
        // applied (see `eval::validate`), where the input's path is known.
        for (j, o) in s.overrides.iter().enumerate() {
            ck.signed(format!("{prefix}.overrides[{j}].value"), o.value);
        }
    }
}

fn check_cost(prefix: &str, c: &CostLine, drivers: &HashSet<&str>, ck: &mut Checker) {
    let bp = format!("{prefix}.basis");
    let priced = !matches!(c.basis, CostBasis::Share { .. });
    match (&c.unit_price, priced) {
        (Some(p), true) => ck.num(prefix, "unit_price", *p),
        (None, true) => ck.push(
            format!("{prefix}.unit_price"),
            "no price: give a unit_price or a catalog_item (a missing price is never taken as zero)",
        ),
        (_, false) if c.catalog_item.is_some() || c.unit_price.is_some() => ck.push(
            format!("{prefix}.unit_price"),
            "a share line takes a share of other costs and has no price of its own",
        ),
        _ => {}
    }
    match &c.basis {
        CostBasis::OneOff { quantity } => ck.num(&bp, "quantity", *quantity),
        CostBasis::Recurring { quantity, every_months } => {
            ck.num(&bp, "quantity", *quantity);
            ck.num(&bp, "every_months", *every_months);
        }
        CostBasis::Usage { driver, units_per_driver_unit } => {
            ck.driver_ref(prefix, driver, drivers);
            ck.num(&bp, "units_per_driver_unit", *units_per_driver_unit);
        }
        CostBasis::Capacity {
            driver,
            units_per_driver_unit,
            capacity_per_instance,
            instance_hours_per_month,
            min_instances,
        } => {
            ck.driver_ref(prefix, driver, drivers);
            ck.num(&bp, "units_per_driver_unit", *units_per_driver_unit);
            ck.num(&bp, "capacity_per_instance", *capacity_per_instance);
            ck.num(&bp, "instance_hours_per_month", *instance_hours_per_month);
            ck.num(&bp, "min_instances", *min_instances);
        }
        CostBasis::Share { share, .. } => ck.num(&bp, "share", *share),
    }
    ck.opt_anchor(prefix, "start", &c.start);
    ck.opt_anchor(prefix, "end", &c.end);
}

/// `YYYY-MM` with a real month.
pub fn valid_year_month(s: &str) -> bool {
    s.len() == 7 && s.as_bytes()[4] == b'-' && Day::parse(s).is_some()
}

/// Uncertain inputs, risks and stakeholders.
fn check_uncertainty_and_people(case: &Case, ck: &mut Checker) {
    let inputs = crate::inputs::list_inputs(case);
    let mut seen = HashSet::new();
    for (i, u) in case.uncertain.iter().enumerate() {
        let prefix = format!("uncertain[{i}]");
        let Some((_, value)) = inputs.iter().find(|(p, _)| *p == u.input) else {
            ck.push(format!("{prefix}.input"), format!("no input named {:?}", u.input));
            continue;
        };
        if !seen.insert(u.input.as_str()) {
            ck.push(format!("{prefix}.input"), format!("{:?} has two distributions", u.input));
        }
        let domain = Domain::of(&u.input);
        for (field, message) in u.distribution.problems(domain) {
            ck.push(format!("{prefix}.distribution.{field}"), message);
        }
        check_own_value(ck, i, u, *value);
    }

    let phases: HashSet<&str> = case.phases.iter().map(|p| p.name.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, r) in case.risks.iter().enumerate() {
        let prefix = format!("risks[{i}]");
        ck.name(&prefix, &r.name, &mut seen);
        ck.num(&prefix, "probability", r.probability);
        ck.num(&prefix, "delay_months", r.delay_months);
        ck.num(&prefix, "one_off_cost", r.one_off_cost);
        ck.num(&prefix, "benefit_reduction", r.benefit_reduction);
        ck.opt_anchor(&prefix, "cost_at", &r.cost_at);
        if let Some(p) = &r.phase
            && !phases.contains(p.as_str())
        {
            ck.push(format!("{prefix}.phase"), format!("no phase named {p:?}"))
        }
        check_delay_has_phase(ck, i, r);
        if let Some(m) = &r.mitigation {
            let mp = format!("{prefix}.mitigation");
            ck.num(&mp, "cost", m.cost);
            ck.num(&mp, "probability", m.probability);
        }
        check_mitigation_lowers(ck, i, r);
    }

    let mut seen = HashSet::new();
    for (i, s) in case.stakeholders.iter().enumerate() {
        let prefix = format!("stakeholders[{i}]");
        ck.name(&prefix, &s.name, &mut seen);
        for (field, v) in [("power", s.power), ("interest", s.interest)] {
            if !(1.0..=5.0).contains(&v) {
                ck.push(format!("{prefix}.{field}"), format!("must be between 1 and 5, got {v}"));
            }
        }
        for (j, e) in s.expectations.iter().enumerate() {
            let ep = format!("{prefix}.expectations[{j}]");
            ck.signed(format!("{ep}.threshold"), e.threshold);
            if let Some(c) = e.confidence
                && !(c > 0.0 && c < 1.0)
            {
                ck.push(format!("{ep}.confidence"), format!("must be between 0 and 1 (exclusive), got {c}"));
            }
        }
    }
}

/// A uniform takes the input's own value as its base: it must be inside the range (a
/// lognormal's 90% interval may leave its base outside, but not at or below zero).
pub(crate) fn check_own_value(ck: &mut Checker, i: usize, u: &UncertainInput, value: f64) {
    let prefix = format!("uncertain[{i}]");
    if let Distribution::Lognormal90 { .. } = u.distribution
        && value <= 0.0
    {
        ck.push(
            format!("{prefix}.distribution"),
            format!("a lognormal input must be above zero, got {value}"),
        );
    }
    if let Distribution::Uniform { low, high } = u.distribution
        && !(low..=high).contains(&value)
    {
        ck.push(
            format!("{prefix}.distribution"),
            format!("the input's own value {value} must lie between low ({low}) and high ({high})"),
        );
    }
}

/// A risk that delays must name the phase it delays.
pub(crate) fn check_delay_has_phase(ck: &mut Checker, i: usize, r: &Risk) {
    if r.phase.is_none() && r.delay_months > 0.0 {
        ck.push(format!("risks[{i}].phase"), "a delay needs the phase it delays")
    }
}

/// A mitigation must not make its risk likelier.
pub(crate) fn check_mitigation_lowers(ck: &mut Checker, i: usize, r: &Risk) {
    if let Some(m) = &r.mitigation
        && m.probability > r.probability
    {
        ck.push(
            format!("risks[{i}].mitigation.probability"),
            format!("a mitigation must not make the risk likelier ({} > {})", m.probability, r.probability),
        );
    }
}
