//! Every numeric input of a case, named by a stable path such as
//! `costs[Inference API].unit_price`. Scenarios override inputs by these paths, and later
//! the sensitivity analysis and the assumptions slide list them. Paths use names, not
//! positions, so reordering lines never retargets an override.

use crate::model::{BenefitBasis, Case, CostBasis, Ramp};

/// Calls `f(path, value)` for each numeric input of the case, in a stable order.
/// `unit_price` is visited only where the line has one (after catalog resolution every
/// priced line has one).
pub fn visit_inputs(case: &mut Case, f: &mut dyn FnMut(&str, &mut f64)) {
    f("discount_rate", &mut case.discount_rate);
    f("price_escalation", &mut case.price_escalation);
    for p in &mut case.phases {
        let at = |field: &str| format!("phases[{}].{field}", p.name);
        f(&at("duration_months"), &mut p.duration_months);
        f(&at("lag_months"), &mut p.lag_months);
        f(&at("scale"), &mut p.scale);
    }
    for d in &mut case.drivers {
        let prefix = format!("drivers[{}]", d.name);
        f(&format!("{prefix}.monthly_volume"), &mut d.monthly_volume);
        f(&format!("{prefix}.annual_growth"), &mut d.annual_growth);
        if let Some(r) = &mut d.adoption {
            visit_ramp(&format!("{prefix}.adoption"), r, f);
        }
    }
    for c in &mut case.costs {
        let prefix = format!("costs[{}]", c.name);
        let at = |field: &str| format!("{prefix}.{field}");
        if let Some(p) = &mut c.unit_price {
            f(&at("unit_price"), p);
        }
        match &mut c.basis {
            CostBasis::OneOff { quantity } => f(&at("quantity"), quantity),
            CostBasis::Recurring { quantity, every_months } => {
                f(&at("quantity"), quantity);
                f(&at("every_months"), every_months);
            }
            CostBasis::Usage { units_per_driver_unit, .. } => {
                f(&at("units_per_driver_unit"), units_per_driver_unit)
            }
            CostBasis::Capacity {
                units_per_driver_unit,
                capacity_per_instance,
                instance_hours_per_month,
                min_instances,
                ..
            } => {
                f(&at("units_per_driver_unit"), units_per_driver_unit);
                f(&at("capacity_per_instance"), capacity_per_instance);
                f(&at("instance_hours_per_month"), instance_hours_per_month);
                f(&at("min_instances"), min_instances);
            }
            CostBasis::Share { share, .. } => f(&at("share"), share),
        }
    }
    for b in &mut case.benefits {
        let prefix = format!("benefits[{}]", b.name);
        let at = |field: &str| format!("{prefix}.{field}");
        match &mut b.basis {
            BenefitBasis::TimeSaved { minutes_per_unit, hourly_cost, .. } => {
                f(&at("minutes_per_unit"), minutes_per_unit);
                f(&at("hourly_cost"), hourly_cost);
            }
            BenefitBasis::PerUnit { value_per_unit, .. } => f(&at("value_per_unit"), value_per_unit),
            BenefitBasis::Recurring { monthly_amount } => f(&at("monthly_amount"), monthly_amount),
            BenefitBasis::OneOff { amount } => f(&at("amount"), amount),
        }
        if let Some(r) = &mut b.realisation {
            visit_ramp(&format!("{prefix}.realisation"), r, f);
        }
    }
}

fn visit_ramp(prefix: &str, r: &mut Ramp, f: &mut dyn FnMut(&str, &mut f64)) {
    f(&format!("{prefix}.from"), &mut r.from);
    f(&format!("{prefix}.to"), &mut r.to);
}

/// Every numeric input with its current value, in the order of [`visit_inputs`].
pub fn list_inputs(case: &Case) -> Vec<(String, f64)> {
    let mut copy = case.clone();
    let mut out = Vec::new();
    visit_inputs(&mut copy, &mut |path, v| out.push((path.to_string(), *v)));
    out
}

/// Sets the input at `path`; false when the case has no such input.
pub fn set_input(case: &mut Case, path: &str, value: f64) -> bool {
    let mut found = false;
    visit_inputs(case, &mut |p, v| {
        if p == path {
            *v = value;
            found = true;
        }
    });
    found
}
