//! Every numeric input of a case, named by a stable path such as
//! `costs[Inference API].unit_price`. Scenarios override inputs by these paths, uncertain
//! inputs attach distributions to them, and the sensitivity analysis and the assumptions
//! slide list them. Paths use names, not positions, so reordering lines never retargets one.

use std::fmt;

use crate::model::{BenefitBasis, BenefitLine, Case, CostBasis, CostLine, Driver, Phase, Ramp, Risk};

/// The path of one input, built without allocating; `Display` writes it.
#[derive(Debug, Clone, Copy)]
pub struct InputPath<'a> {
    /// `phases`, `drivers`, `costs`, `benefits`, `risks`, or empty for a case-level input.
    pub section: &'static str,
    pub name: &'a str,
    /// The item's position in its section (0 for a case-level input).
    pub index: usize,
    pub field: &'static str,
}

impl fmt::Display for InputPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.section.is_empty() {
            f.write_str(self.field)
        } else {
            write!(f, "{}[{}].{}", self.section, self.name, self.field)
        }
    }
}

impl InputPath<'_> {
    /// Whether this is the path written `path`, compared without allocating.
    pub fn is(&self, path: &str) -> bool {
        if self.section.is_empty() {
            return path == self.field;
        }
        path.strip_prefix(self.section)
            .and_then(|r| r.strip_prefix('['))
            .and_then(|r| r.strip_prefix(self.name))
            .and_then(|r| r.strip_prefix("]."))
            .is_some_and(|r| r == self.field)
    }

    /// Where validation names this input: by position, with a line's basis fields under
    /// `basis` (`costs[3].basis.quantity`, `drivers[0].adoption.to`, `discount_rate`).
    pub fn field_path(&self) -> String {
        let basis = match (self.section, self.field) {
            ("costs", "unit_price") => false,
            ("costs", _) => true,
            ("benefits", f) => !f.starts_with("realisation."),
            _ => false,
        };
        match (self.section, basis) {
            ("", _) => self.field.to_string(),
            (section, true) => format!("{section}[{}].basis.{}", self.index, self.field),
            (section, false) => format!("{section}[{}].{}", self.index, self.field),
        }
    }
}

/// Calls `f(path, value)` for each numeric input of the case, in a stable order.
/// `unit_price` is visited only where the line has one (after catalog resolution every
/// priced line has one).
/// Generic rather than `dyn`: simulation sets sampled inputs through it in every trial, and
/// an inlined closure is several times cheaper than an indirect call per input.
pub fn visit_inputs<F: FnMut(InputPath<'_>, &mut f64)>(case: &mut Case, f: &mut F) {
    visit_case_level(case, f);
    for (i, p) in case.phases.iter_mut().enumerate() {
        visit_phase(i, p, f);
    }
    for (i, d) in case.drivers.iter_mut().enumerate() {
        visit_driver(i, d, f);
    }
    for (i, c) in case.costs.iter_mut().enumerate() {
        visit_cost(i, c, f);
    }
    for (i, b) in case.benefits.iter_mut().enumerate() {
        visit_benefit(i, b, f);
    }
    for (i, r) in case.risks.iter_mut().enumerate() {
        visit_risk(i, r, f);
    }
}

/// [`visit_inputs`] over one item only: the case's own inputs (`section` empty) or those of
/// item `index` of `section`. Its cost is that item's inputs, whatever the case's size.
pub fn visit_item_inputs<F: FnMut(InputPath<'_>, &mut f64)>(
    case: &mut Case,
    section: &str,
    index: usize,
    f: &mut F,
) {
    match section {
        "" => visit_case_level(case, f),
        "phases" => case.phases.get_mut(index).into_iter().for_each(|p| visit_phase(index, p, f)),
        "drivers" => case.drivers.get_mut(index).into_iter().for_each(|d| visit_driver(index, d, f)),
        "costs" => case.costs.get_mut(index).into_iter().for_each(|c| visit_cost(index, c, f)),
        "benefits" => case.benefits.get_mut(index).into_iter().for_each(|b| visit_benefit(index, b, f)),
        "risks" => case.risks.get_mut(index).into_iter().for_each(|r| visit_risk(index, r, f)),
        _ => {}
    }
}

#[inline(always)]
fn visit_case_level<F: FnMut(InputPath<'_>, &mut f64)>(case: &mut Case, f: &mut F) {
    let top = |field| InputPath { section: "", name: "", index: 0, field };
    f(top("discount_rate"), &mut case.discount_rate);
    f(top("price_escalation"), &mut case.price_escalation);
}

#[inline(always)]
fn visit_phase<F: FnMut(InputPath<'_>, &mut f64)>(index: usize, p: &mut Phase, f: &mut F) {
    let at = |field| InputPath { section: "phases", name: &p.name, index, field };
    f(at("duration_months"), &mut p.duration_months);
    f(at("lag_months"), &mut p.lag_months);
    f(at("scale"), &mut p.scale);
}

#[inline(always)]
fn visit_driver<F: FnMut(InputPath<'_>, &mut f64)>(index: usize, d: &mut Driver, f: &mut F) {
    let at = |field| InputPath { section: "drivers", name: &d.name, index, field };
    f(at("monthly_volume"), &mut d.monthly_volume);
    f(at("annual_growth"), &mut d.annual_growth);
    if let Some(r) = &mut d.adoption {
        visit_ramp(at("adoption.from"), at("adoption.to"), r, f);
    }
}

#[inline(always)]
fn visit_cost<F: FnMut(InputPath<'_>, &mut f64)>(index: usize, c: &mut CostLine, f: &mut F) {
    let at = |field| InputPath { section: "costs", name: &c.name, index, field };
    if let Some(p) = &mut c.unit_price {
        f(at("unit_price"), p);
    }
    match &mut c.basis {
        CostBasis::OneOff { quantity } => f(at("quantity"), quantity),
        CostBasis::Recurring { quantity, every_months } => {
            f(at("quantity"), quantity);
            f(at("every_months"), every_months);
        }
        CostBasis::Usage { units_per_driver_unit, .. } => {
            f(at("units_per_driver_unit"), units_per_driver_unit)
        }
        CostBasis::Capacity {
            units_per_driver_unit,
            capacity_per_instance,
            instance_hours_per_month,
            min_instances,
            ..
        } => {
            f(at("units_per_driver_unit"), units_per_driver_unit);
            f(at("capacity_per_instance"), capacity_per_instance);
            f(at("instance_hours_per_month"), instance_hours_per_month);
            f(at("min_instances"), min_instances);
        }
        CostBasis::Share { share, .. } => f(at("share"), share),
    }
}

#[inline(always)]
fn visit_benefit<F: FnMut(InputPath<'_>, &mut f64)>(index: usize, b: &mut BenefitLine, f: &mut F) {
    let at = |field| InputPath { section: "benefits", name: &b.name, index, field };
    match &mut b.basis {
        BenefitBasis::TimeSaved { minutes_per_unit, hourly_cost, .. } => {
            f(at("minutes_per_unit"), minutes_per_unit);
            f(at("hourly_cost"), hourly_cost);
        }
        BenefitBasis::PerUnit { value_per_unit, .. } => f(at("value_per_unit"), value_per_unit),
        BenefitBasis::Recurring { monthly_amount } => f(at("monthly_amount"), monthly_amount),
        BenefitBasis::OneOff { amount } => f(at("amount"), amount),
    }
    if let Some(r) = &mut b.realisation {
        visit_ramp(at("realisation.from"), at("realisation.to"), r, f);
    }
}

#[inline(always)]
fn visit_risk<F: FnMut(InputPath<'_>, &mut f64)>(index: usize, r: &mut Risk, f: &mut F) {
    let at = |field| InputPath { section: "risks", name: &r.name, index, field };
    f(at("probability"), &mut r.probability);
    f(at("delay_months"), &mut r.delay_months);
    f(at("one_off_cost"), &mut r.one_off_cost);
    f(at("benefit_reduction"), &mut r.benefit_reduction);
    if let Some(m) = &mut r.mitigation {
        f(at("mitigation.cost"), &mut m.cost);
        f(at("mitigation.probability"), &mut m.probability);
    }
}

fn visit_ramp<F: FnMut(InputPath<'_>, &mut f64)>(
    from: InputPath<'_>,
    to: InputPath<'_>,
    r: &mut Ramp,
    f: &mut F,
) {
    f(from, &mut r.from);
    f(to, &mut r.to);
}

/// Every numeric input with its current value, in the order of [`visit_inputs`].
pub fn list_inputs(case: &Case) -> Vec<(String, f64)> {
    let mut copy = case.clone();
    let mut out = Vec::new();
    visit_inputs(&mut copy, &mut |path, v| out.push((path.to_string(), *v)));
    out
}

/// Position of the input at `path` in the order of [`visit_inputs`].
pub fn input_index(case: &Case, path: &str) -> Option<usize> {
    let mut copy = case.clone();
    let (mut i, mut found) = (0, None);
    visit_inputs(&mut copy, &mut |p, _| {
        if found.is_none() && p.is(path) {
            found = Some(i);
        }
        i += 1;
    });
    found
}

/// Sets the input at `path`; false when the case has no such input.
pub fn set_input(case: &mut Case, path: &str, value: f64) -> bool {
    let mut found = false;
    visit_inputs(case, &mut |p, v| {
        if p.is(path) {
            *v = value;
            found = true;
        }
    });
    found
}

/// Sets inputs by position: `values` pairs sorted by index (as [`input_index`] gives them).
pub fn set_inputs_by_index(case: &mut Case, values: &[(usize, f64)]) {
    let (mut i, mut next) = (0, 0);
    visit_inputs(case, &mut |_, v| {
        while next < values.len() && values[next].0 == i {
            *v = values[next].1;
            next += 1;
        }
        i += 1;
    });
}
