//! The rules a finance reviewer expects of a case, checked before anything is computed or
//! stored. Each broken rule becomes a [`FieldError`] naming the field by its path
//! (`costs[3].unit_price`); all are collected so the user can fix them in one pass.
//! Rules that need the timeline (anchors, ramps, phases fitting the horizon) are checked
//! where the timeline is built, in `eval`.

use std::collections::HashSet;

use crate::catalog::Day;
use crate::error::FieldError;
use crate::model::*;

/// Longest horizon accepted, in months (50 years).
pub const MAX_HORIZON_MONTHS: u32 = 600;
const MAX_NAME_LEN: usize = 200;

/// What a number must be, beyond finite.
#[derive(Clone, Copy)]
enum Rule {
    /// ≥ 0.
    NonNegative,
    /// > 0.
    Positive,
    /// A whole number ≥ 0 (months, instances).
    WholeNonNegative,
    /// A whole number ≥ 1.
    WholePositive,
    /// > −1 (a rate: −100% or below makes no sense).
    Rate,
    /// In [0, 1] (a share).
    Share,
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

    fn num(&mut self, prefix: &str, field: &str, v: f64, rule: Rule) {
        let path = || if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        if !v.is_finite() {
            self.push(path(), format!("must be a finite number, got {v}"));
            return;
        }
        let problem = match rule {
            Rule::NonNegative if v < 0.0 => Some("must not be negative"),
            Rule::Positive if v <= 0.0 => Some("must be greater than zero"),
            Rule::WholeNonNegative if v < 0.0 || v.fract() != 0.0 => {
                Some("must be a whole number, zero or more")
            }
            Rule::WholePositive if v < 1.0 || v.fract() != 0.0 => Some("must be a whole number, one or more"),
            Rule::Rate if v <= -1.0 => Some("must be greater than -100%"),
            Rule::Share if !(0.0..=1.0).contains(&v) => Some("must be between 0 and 1"),
            _ => None,
        };
        if let Some(p) = problem {
            self.push(path(), format!("{p}, got {v}"));
        }
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
        self.num(prefix, "from", r.from, Rule::Share);
        self.num(prefix, "to", r.to, Rule::Share);
        self.anchor(&format!("{prefix}.start"), &r.start);
        self.anchor(&format!("{prefix}.end"), &r.end);
    }

    fn anchor(&mut self, prefix: &str, a: &Anchor) {
        if !a.offset_months.is_finite() || a.offset_months.fract() != 0.0 {
            self.push(
                format!("{prefix}.offset_months"),
                format!("must be a whole number of months, got {}", a.offset_months),
            );
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
    ck.num("", "discount_rate", case.discount_rate, Rule::Rate);
    ck.num("", "price_escalation", case.price_escalation, Rule::Rate);
    ck.opt_anchor("", "go_live", &case.go_live);

    let mut seen = HashSet::new();
    for (i, p) in case.phases.iter().enumerate() {
        let prefix = format!("phases[{i}]");
        ck.name(&prefix, &p.name, &mut seen);
        ck.num(&prefix, "duration_months", p.duration_months, Rule::WholeNonNegative);
        ck.num(&prefix, "lag_months", p.lag_months, Rule::WholeNonNegative);
        ck.num(&prefix, "scale", p.scale, Rule::NonNegative);
    }

    let mut seen = HashSet::new();
    for (i, d) in case.drivers.iter().enumerate() {
        let prefix = format!("drivers[{i}]");
        ck.name(&prefix, &d.name, &mut seen);
        ck.num(&prefix, "monthly_volume", d.monthly_volume, Rule::NonNegative);
        ck.num(&prefix, "annual_growth", d.annual_growth, Rule::Rate);
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
                ck.num(&bp, "minutes_per_unit", *minutes_per_unit, Rule::NonNegative);
                ck.num(&bp, "hourly_cost", *hourly_cost, Rule::NonNegative);
            }
            BenefitBasis::PerUnit { driver, value_per_unit } => {
                ck.driver_ref(&prefix, driver, &drivers);
                ck.num(&bp, "value_per_unit", *value_per_unit, Rule::NonNegative);
            }
            BenefitBasis::Recurring { monthly_amount } => {
                ck.num(&bp, "monthly_amount", *monthly_amount, Rule::NonNegative)
            }
            BenefitBasis::OneOff { amount } => ck.num(&bp, "amount", *amount, Rule::NonNegative),
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
        for (j, o) in s.overrides.iter().enumerate() {
            if !o.value.is_finite() {
                ck.push(
                    format!("{prefix}.overrides[{j}].value"),
                    format!("must be a finite number, got {}", o.value),
                );
            }
        }
    }
}

fn check_cost(prefix: &str, c: &CostLine, drivers: &HashSet<&str>, ck: &mut Checker) {
    let bp = format!("{prefix}.basis");
    let priced = !matches!(c.basis, CostBasis::Share { .. });
    match (&c.unit_price, priced) {
        (Some(p), true) => ck.num(prefix, "unit_price", *p, Rule::NonNegative),
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
        CostBasis::OneOff { quantity } => ck.num(&bp, "quantity", *quantity, Rule::NonNegative),
        CostBasis::Recurring { quantity, every_months } => {
            ck.num(&bp, "quantity", *quantity, Rule::NonNegative);
            ck.num(&bp, "every_months", *every_months, Rule::WholePositive);
        }
        CostBasis::Usage { driver, units_per_driver_unit } => {
            ck.driver_ref(prefix, driver, drivers);
            ck.num(&bp, "units_per_driver_unit", *units_per_driver_unit, Rule::NonNegative);
        }
        CostBasis::Capacity {
            driver,
            units_per_driver_unit,
            capacity_per_instance,
            instance_hours_per_month,
            min_instances,
        } => {
            ck.driver_ref(prefix, driver, drivers);
            ck.num(&bp, "units_per_driver_unit", *units_per_driver_unit, Rule::NonNegative);
            ck.num(&bp, "capacity_per_instance", *capacity_per_instance, Rule::Positive);
            ck.num(&bp, "instance_hours_per_month", *instance_hours_per_month, Rule::NonNegative);
            ck.num(&bp, "min_instances", *min_instances, Rule::WholeNonNegative);
        }
        CostBasis::Share { share, .. } => ck.num(&bp, "share", *share, Rule::Share),
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
    use crate::distribution::{Distribution, Domain};
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
        // A uniform takes the input's own value as its base: it must be inside the range (a
        // lognormal's 90% interval may leave its base outside, but not at or below zero).
        if let Distribution::Lognormal90 { .. } = u.distribution
            && *value <= 0.0
        {
            ck.push(
                format!("{prefix}.distribution"),
                format!("a lognormal input must be above zero, got {value}"),
            );
        }
        if let Distribution::Uniform { low, high } = u.distribution
            && !(low..=high).contains(value)
        {
            ck.push(
                format!("{prefix}.distribution"),
                format!("the input's own value {value} must lie between low ({low}) and high ({high})"),
            );
        }
    }

    let phases: HashSet<&str> = case.phases.iter().map(|p| p.name.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, r) in case.risks.iter().enumerate() {
        let prefix = format!("risks[{i}]");
        ck.name(&prefix, &r.name, &mut seen);
        ck.num(&prefix, "probability", r.probability, Rule::Share);
        ck.num(&prefix, "delay_months", r.delay_months, Rule::WholeNonNegative);
        ck.num(&prefix, "one_off_cost", r.one_off_cost, Rule::NonNegative);
        ck.num(&prefix, "benefit_reduction", r.benefit_reduction, Rule::Share);
        ck.opt_anchor(&prefix, "cost_at", &r.cost_at);
        match &r.phase {
            Some(p) if !phases.contains(p.as_str()) => {
                ck.push(format!("{prefix}.phase"), format!("no phase named {p:?}"))
            }
            None if r.delay_months > 0.0 => {
                ck.push(format!("{prefix}.phase"), "a delay needs the phase it delays")
            }
            _ => {}
        }
        if let Some(m) = &r.mitigation {
            let mp = format!("{prefix}.mitigation");
            ck.num(&mp, "cost", m.cost, Rule::NonNegative);
            ck.num(&mp, "probability", m.probability, Rule::Share);
            if m.probability > r.probability {
                ck.push(
                    format!("{mp}.probability"),
                    format!(
                        "a mitigation must not make the risk likelier ({} > {})",
                        m.probability, r.probability
                    ),
                );
            }
        }
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
            if !e.threshold.is_finite() {
                ck.push(format!("{ep}.threshold"), format!("must be a finite number, got {}", e.threshold));
            }
            if let Some(c) = e.confidence
                && !(c > 0.0 && c < 1.0)
            {
                ck.push(format!("{ep}.confidence"), format!("must be between 0 and 1 (exclusive), got {c}"));
            }
        }
    }
}
