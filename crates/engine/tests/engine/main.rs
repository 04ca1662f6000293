//! The engine checked against independently computed values: hand arithmetic for small
//! cases, numpy_financial for NPV/IRR, a NumPy model of the AI-scribe template's Monte Carlo
//! (`numpy_model`), and properties that must hold for any case.

use candor_engine::metrics::{
    annualise, cumulate, irr_monthly, irr_monthly_from, monthly_rate, npv, payback_month, peak_funding,
};
use candor_engine::*;

mod bounds;
mod compare;
mod format;
mod fuzz;
mod hosting;
mod numpy_model;
mod pinned;
mod simulation;
mod standing;
mod trials;

const CLOSE: f64 = 1e-9;

fn assert_close(actual: f64, expected: f64, what: &str) {
    let tol = CLOSE * expected.abs().max(1.0);
    assert!((actual - expected).abs() <= tol, "{what}: got {actual}, expected {expected}");
}

/// A 12-month case at 0% discount with no lines; tests add what they need.
fn blank() -> Case {
    Case {
        schema_version: SCHEMA_VERSION,
        name: "Test".into(),
        use_case: String::new(),
        description: String::new(),
        currency: "USD".into(),
        start_month: "2027-01".into(),
        horizon_months: 12,
        discount_rate: 0.0,
        price_escalation: 0.0,
        go_live: None,
        main_driver: None,
        phases: vec![],
        drivers: vec![],
        costs: vec![],
        benefits: vec![],
        scenarios: vec![],
        uncertain: vec![],
        risks: vec![],
        stakeholders: vec![],
        hosting_alternative: None,
    }
}

fn phase(name: &str, months: f64) -> Phase {
    Phase { name: name.into(), duration_months: months, lag_months: 0.0, scale: 1.0, notes: String::new() }
}

fn recurring_cost(name: &str, amount: f64) -> CostLine {
    CostLine {
        name: name.into(),
        category: CostCategory::People,
        basis: CostBasis::Recurring { quantity: 1.0, every_months: 1.0 },
        unit_price: Some(amount),
        catalog_item: None,
        start: None,
        end: None,
        escalate: true,
        notes: String::new(),
    }
}

fn recurring_benefit(name: &str, amount: f64) -> BenefitLine {
    BenefitLine {
        name: name.into(),
        category: BenefitCategory::CostAvoided,
        basis: BenefitBasis::Recurring { monthly_amount: amount },
        start: None,
        end: None,
        realisation: None,
        escalate: true,
        source: String::new(),
    }
}

fn driver(name: &str, volume: f64) -> Driver {
    Driver {
        name: name.into(),
        unit: "encounters".into(),
        monthly_volume: volume,
        annual_growth: 0.0,
        start: None,
        end: None,
        adoption: None,
        scale_with_phases: false,
        source: String::new(),
    }
}

fn eval(case: &Case) -> Evaluation {
    evaluate(case, &Catalog::default(), None).expect("case is valid")
}

fn field_errors(case: &Case) -> Vec<String> {
    match validate(case, &Catalog::default()) {
        Err(EngineError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected an invalid case, got {other:?}"),
    }
}

// ----- metrics against numpy_financial and hand arithmetic -----------------------------

#[test]
fn npv_matches_numpy_financial() {
    // numpy_financial.npv(0.01, [-100, 60, 60]) = 18.22370355847466
    assert_close(npv(0.01, &[-100.0, 60.0, 60.0]), 18.22370355847466, "npv");
}

#[test]
fn irr_matches_numpy_financial() {
    // numpy_financial.irr([-1000, 300, 400, 500]) = 0.08896339469335035
    assert_close(irr_monthly(&[-1000.0, 300.0, 400.0, 500.0]).unwrap(), 0.08896339469335035, "irr");
    assert_close(irr_monthly(&[-100.0, 110.0]).unwrap(), 0.1, "irr of -100, 110");
}

#[test]
fn irr_of_a_long_series_matches_bisection_whatever_its_length() {
    // Lengths around multiples of four exercise every partial lane of the Horner scheme.
    // A yearly payment makes the flows change sign several times (so the IRR is searched
    // on the grid, then refined inside its bracket) while the NPV still falls through zero once.
    for (months, yearly) in (33..=40).flat_map(|m| [(m, false), (m, true)]) {
        let flow = |t: usize| match t {
            0 => -5_000.0,
            t if yearly && t % 12 == 0 => -300.0,
            t => 200.0 + t as f64,
        };
        let flows: Vec<f64> = (0..months).map(flow).collect();
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..200 {
            let mid = (lo + hi) / 2.0;
            let v: f64 = flows.iter().enumerate().map(|(t, c)| c / (1.0f64 + mid).powi(t as i32)).sum();
            if v > 0.0 { lo = mid } else { hi = mid }
        }
        assert_close(
            irr_monthly(&flows).unwrap(),
            lo,
            &format!("irr over {months} months, yearly payment {yearly}"),
        );
    }
}

#[test]
fn irr_picks_the_root_nearest_zero_when_flows_change_sign_twice() {
    // -100, 230, -132 has roots 10% and 20%; numpy_financial.irr gives 0.1.
    assert_close(irr_monthly(&[-100.0, 230.0, -132.0]).unwrap(), 0.1, "irr");
}

#[test]
fn irr_picks_the_root_nearest_zero_of_a_long_series_with_two_roots() {
    // NPV(x) = (x − x1)(x − x2)(1 + x + … + x^30), x = 1/(1 + r): two roots, at r1 and r2,
    // in flows of 33 months that change sign several times. The cumulative flows change
    // sign twice as well, so no rule can call either root the only one.
    for (r1, r2) in [(0.02, 0.05), (-0.01, 0.03), (0.04, -0.02)] {
        let (x1, x2) = (1.0 / (1.0 + r1), 1.0 / (1.0 + r2));
        let quadratic = [x1 * x2, -(x1 + x2), 1.0];
        let mut flows = vec![0.0; 33];
        for (i, q) in quadratic.iter().enumerate() {
            for t in 0..31 {
                flows[i + t] += q * 1000.0;
            }
        }
        let (nearest, far) = if f64::abs(r1) < f64::abs(r2) { (r1, r2) } else { (r2, r1) };
        assert_close(irr_monthly(&flows).unwrap(), nearest, &format!("roots {r1} and {r2}"));
        // Newton's method started by the far root would find that one.
        assert_close(
            irr_monthly_from(&flows, far * 1.1).unwrap(),
            nearest,
            &format!("roots {r1} and {r2}, searched from beside {far}"),
        );
    }
}

#[test]
fn irr_is_none_without_a_sign_change() {
    assert_eq!(irr_monthly(&[100.0, 50.0]), None);
    assert_eq!(irr_monthly(&[-100.0, -50.0]), None);
    assert_eq!(irr_monthly(&[0.0, 0.0]), None);
}

#[test]
fn monthly_rate_compounds_to_the_annual_rate() {
    // (1.08)^(1/12) - 1 = 0.00643403011000343
    assert_close(monthly_rate(0.08), 0.00643403011000343, "monthly rate");
    assert_close(annualise(monthly_rate(0.08)), 0.08, "round trip");
}

#[test]
fn payback_is_the_first_month_after_which_the_cumulative_stays_non_negative() {
    // Cumulative dips back below zero at index 3: payback is after it, month index 4 → 5.
    assert_eq!(payback_month(&[-10.0, 5.0, 1.0, -1.0, 0.0, 3.0]), Some(5));
    assert_eq!(payback_month(&[1.0, 2.0]), Some(1));
    assert_eq!(payback_month(&[-1.0, -0.5]), None);
    assert_eq!(payback_month(&[-1.0, 2.0, -0.1]), None, "negative in the last month never pays back");
    assert_eq!(peak_funding(&[-10.0, -30.0, 5.0]), 30.0);
    assert_eq!(peak_funding(&[1.0, 2.0]), 0.0);
}

#[test]
fn a_hand_computed_case_gives_the_hand_computed_metrics() {
    // Cost 1,000 a month for 12 months; benefit 1,500 a month from go-live at month 3.
    // Cumulative: -1000, -2000, -3000, then +500 a month: -2500 … reaches 0 at t = 8.
    let mut c = blank();
    c.phases = vec![phase("Build", 3.0), phase("Run", 9.0)];
    c.go_live = Some(Anchor::phase_start("Run"));
    c.costs.push(recurring_cost("Team", 1000.0));
    c.benefits.push(recurring_benefit("Savings", 1500.0));
    let e = eval(&c);
    let cum: Vec<f64> = e.monthly.iter().map(|m| m.cumulative).collect();
    assert_eq!(
        cum,
        vec![
            -1000.0, -2000.0, -3000.0, -2500.0, -2000.0, -1500.0, -1000.0, -500.0, 0.0, 500.0, 1000.0, 1500.0
        ]
    );
    assert_eq!(e.metrics.payback_month, Some(9), "cumulative is 0 at t = 8, so payback is month 9");
    assert_eq!(e.metrics.total_cost, 12_000.0);
    assert_eq!(e.metrics.total_benefit, 13_500.0);
    assert_close(e.metrics.roi.unwrap(), 1_500.0 / 12_000.0, "roi");
    assert_eq!(e.metrics.peak_funding, 3000.0);
    assert_eq!(e.metrics.go_live_month, 3);
    assert_close(e.metrics.npv, 1500.0, "npv at 0% is the sum of flows");
}

#[test]
fn npv_at_the_case_rate_equals_discounting_each_month_by_hand() {
    let mut c = blank();
    c.discount_rate = 0.10;
    c.horizon_months = 24;
    c.costs.push(recurring_cost("Team", 1000.0));
    c.benefits.push(recurring_benefit("Savings", 1800.0));
    let e = eval(&c);
    let r = 1.1f64.powf(1.0 / 12.0) - 1.0;
    let expected: f64 = (0..24).map(|t| 800.0 / (1.0 + r).powi(t)).sum();
    assert_close(e.metrics.npv, expected, "npv");
}

#[test]
fn properties_hold_for_every_template_and_scenario() {
    let catalog = shipped::catalog();
    for t in shipped::templates() {
        let names: Vec<Option<String>> =
            std::iter::once(None).chain(t.case.scenarios.iter().map(|s| Some(s.name.clone()))).collect();
        for scenario in names {
            let e = evaluate(&t.case, &catalog, scenario.as_deref()).unwrap();
            let label = format!("{} / {scenario:?}", t.id);
            let flows: Vec<f64> = e.monthly.iter().map(|m| m.cash_flow).collect();
            let sum: f64 = flows.iter().sum();
            assert_close(npv(0.0, &flows), sum, &format!("{label}: NPV at 0% is the sum of flows"));
            if let Some(irr) = e.metrics.irr_annual {
                let m = (1.0 + irr).powf(1.0 / 12.0) - 1.0;
                let scale = flows.iter().map(|f| f.abs()).sum::<f64>();
                assert!(npv(m, &flows).abs() < 1e-6 * scale, "{label}: the IRR zeroes the NPV");
            }
            let cum = cumulate(&flows);
            assert_eq!(
                e.metrics.payback_month,
                payback_month(&cum),
                "{label}: payback agrees with cumulative"
            );
            if let Some(p) = e.metrics.payback_month {
                assert!(cum[p as usize - 1..].iter().all(|c| *c >= -1e-6), "{label}: stays paid back");
            }
            match (e.metrics.payback_month, e.metrics.discounted_payback_month) {
                (Some(p), Some(d)) => assert!(d >= p, "{label}: discounted payback {d} before payback {p}"),
                (None, Some(d)) => panic!("{label}: discounted payback {d} without payback"),
                _ => {}
            }
            for m in &e.monthly {
                let by_cat: f64 = CostCategory::ALL.iter().map(|c| m.cost_by_category.get(*c)).sum();
                assert_close(by_cat, m.cost, &format!("{label}: categories add up in month {}", m.month));
            }
        }
    }
}

// ----- timeline, anchors, ramps, capacity ----------------------------------------------

#[test]
fn items_anchored_to_a_phase_move_when_the_phase_is_delayed() {
    let mut c = blank();
    c.horizon_months = 24;
    c.phases = vec![phase("Validation", 4.0), phase("Rollout", 4.0), phase("Production", 10.0)];
    c.go_live = Some(Anchor::phase_start("Rollout"));
    c.drivers.push(Driver {
        adoption: Some(Ramp {
            start: Anchor::phase_start("Rollout"),
            end: Anchor::phase_end("Rollout"),
            from: 0.0,
            to: 1.0,
            shape: RampShape::Linear,
        }),
        ..driver("Encounters", 100.0)
    });
    c.benefits.push(BenefitLine {
        basis: BenefitBasis::PerUnit { driver: "Encounters".into(), value_per_unit: 1.0 },
        ..recurring_benefit("Per encounter", 0.0)
    });
    c.costs
        .push(CostLine { end: Some(Anchor::phase_end("Rollout")), ..recurring_cost("Rollout team", 10.0) });
    let before = eval(&c);
    assert!(set_input(&mut c, "phases[Validation].duration_months", 7.0));
    let after = eval(&c);

    let first_benefit = |e: &Evaluation| e.monthly.iter().position(|m| m.benefit > 0.0).unwrap();
    assert_eq!(first_benefit(&before), 5, "ramp from 0 at month 4 gives value from month 5");
    assert_eq!(first_benefit(&after), 8, "a 3-month delay moves the ramp by 3 months");
    assert_eq!(after.metrics.go_live_month, 7);
    // Full adoption once the ramp ends: month 8 before, month 11 after.
    assert_eq!(before.monthly[8].benefit, 100.0);
    assert_eq!(after.monthly[11].benefit, 100.0);
    assert_eq!(after.monthly[10].benefit, 75.0, "linear ramp: 3 of 4 months in");
    // The rollout team runs until rollout ends: 8 months before, 11 after.
    let team_months = |e: &Evaluation| e.monthly.iter().filter(|m| m.cost > 0.0).count();
    assert_eq!(team_months(&before), 8);
    assert_eq!(team_months(&after), 11);
}

#[test]
fn an_s_curve_ramp_is_slow_at_the_ends_and_reaches_its_target() {
    let mut c = blank();
    c.drivers.push(Driver {
        adoption: Some(Ramp {
            start: Anchor::month(0.0),
            end: Anchor::month(10.0),
            from: 0.0,
            to: 0.8,
            shape: RampShape::SCurve,
        }),
        ..driver("Encounters", 100.0)
    });
    c.benefits.push(BenefitLine {
        basis: BenefitBasis::PerUnit { driver: "Encounters".into(), value_per_unit: 1.0 },
        ..recurring_benefit("Per encounter", 0.0)
    });
    let e = eval(&c);
    // smoothstep(0.1) = 0.028, smoothstep(0.5) = 0.5: 100 × 0.8 × that.
    assert_close(e.monthly[1].benefit, 100.0 * 0.8 * 0.028, "month 1");
    assert_close(e.monthly[5].benefit, 40.0, "month 5");
    assert_close(e.monthly[10].benefit, 80.0, "month 10");
    assert_close(e.monthly[11].benefit, 80.0, "after the ramp");
}

#[test]
fn capacity_lines_step_up_one_instance_when_volume_passes_each_instance_capacity() {
    assert_eq!(candor_engine::eval::instances(0.0, 50.0, 0.0), 0.0);
    assert_eq!(candor_engine::eval::instances(0.0, 50.0, 1.0), 1.0, "min instances hold at zero volume");
    assert_eq!(candor_engine::eval::instances(1.0, 50.0, 0.0), 1.0);
    assert_eq!(candor_engine::eval::instances(50.0, 50.0, 0.0), 1.0);
    assert_eq!(candor_engine::eval::instances(50.000001, 50.0, 0.0), 2.0);
    assert_eq!(
        candor_engine::eval::instances(0.3 * 3.0 * 100.0, 30.0, 0.0),
        3.0,
        "rounding noise is not an instance"
    );

    let mut c = blank();
    c.horizon_months = 4;
    c.drivers.push(Driver { annual_growth: 0.0, ..driver("Reports", 100.0) });
    c.costs.push(CostLine {
        category: CostCategory::ComputeInference,
        basis: CostBasis::Capacity {
            driver: "Reports".into(),
            units_per_driver_unit: 1.0,
            capacity_per_instance: 40.0,
            instance_hours_per_month: 730.0,
            min_instances: 0.0,
        },
        ..recurring_cost("GPU", 2.0)
    });
    let e = eval(&c);
    assert_eq!(e.monthly[0].cost, 3.0 * 730.0 * 2.0, "100 reports at 40 per instance need 3 instances");
    assert!(set_input(&mut c, "drivers[Reports].monthly_volume", 120.0));
    assert_eq!(eval(&c).monthly[0].cost, 3.0 * 730.0 * 2.0, "120 still fits 3 instances");
    assert!(set_input(&mut c, "drivers[Reports].monthly_volume", 121.0));
    assert_eq!(eval(&c).monthly[0].cost, 4.0 * 730.0 * 2.0, "121 needs a 4th");
}

#[test]
fn escalation_raises_prices_by_the_annual_rate_compounded_monthly() {
    let mut c = blank();
    c.horizon_months = 25;
    c.price_escalation = 0.10;
    c.costs.push(CostLine {
        basis: CostBasis::OneOff { quantity: 2.0 },
        start: Some(Anchor::month(24.0)),
        ..recurring_cost("Licence renewal", 500.0)
    });
    c.costs.push(CostLine { escalate: false, ..recurring_cost("Fixed", 1.0) });
    let e = eval(&c);
    assert_close(e.monthly[24].cost, 1000.0 * 1.1 * 1.1 + 1.0, "two years at 10%");
    assert_eq!(e.monthly[0].cost, 1.0);
}

#[test]
fn usage_cost_is_price_times_units_times_volume_and_grows_with_the_driver() {
    let mut c = blank();
    c.horizon_months = 13;
    c.drivers.push(Driver { annual_growth: 0.2, ..driver("Requests", 10_000.0) });
    c.main_driver = Some("Requests".into());
    c.costs.push(CostLine {
        category: CostCategory::ComputeInference,
        basis: CostBasis::Usage { driver: "Requests".into(), units_per_driver_unit: 0.008 },
        ..recurring_cost("Input tokens", 2.5)
    });
    let e = eval(&c);
    assert_close(e.monthly[0].cost, 10_000.0 * 0.008 * 2.5, "month 0");
    assert_close(e.monthly[12].cost, 10_000.0 * 1.2 * 0.008 * 2.5, "a year later the volume is 20% higher");
    let volume: f64 = (0..13).map(|t| 10_000.0 * 1.2f64.powf(t as f64 / 12.0)).sum();
    assert_close(e.metrics.cost_per_unit.unwrap(), e.metrics.total_cost / volume, "cost per unit");
}

#[test]
fn a_share_line_takes_its_share_of_the_other_costs() {
    let mut c = blank();
    c.costs.push(recurring_cost("Team", 1000.0));
    c.costs.push(CostLine { category: CostCategory::Integration, ..recurring_cost("EHR", 500.0) });
    c.costs.push(CostLine {
        category: CostCategory::Contingency,
        basis: CostBasis::Share { share: 0.1, of: vec![CostCategory::Integration] },
        unit_price: None,
        ..recurring_cost("Contingency on integration", 0.0)
    });
    c.costs.push(CostLine {
        category: CostCategory::Contingency,
        basis: CostBasis::Share { share: 0.05, of: vec![] },
        unit_price: None,
        ..recurring_cost("General contingency", 0.0)
    });
    let e = eval(&c);
    assert_close(e.monthly[0].cost_by_category.get(CostCategory::Contingency), 50.0 + 75.0, "contingency");
    assert_close(e.monthly[0].cost, 1500.0 + 125.0, "total");
}

#[test]
fn time_saved_benefits_count_hours_and_value_them_at_the_loaded_rate() {
    let mut c = blank();
    c.drivers.push(driver("Notes", 1_000.0));
    c.benefits.push(BenefitLine {
        category: BenefitCategory::TimeSaved,
        basis: BenefitBasis::TimeSaved {
            driver: "Notes".into(),
            minutes_per_unit: 41.0 / 60.0,
            hourly_cost: 150.0,
        },
        ..recurring_benefit("Documentation time", 0.0)
    });
    let e = eval(&c);
    let hours = 1_000.0 * 41.0 / 3600.0;
    assert_close(e.monthly[0].hours_saved, hours, "hours");
    assert_close(e.monthly[0].benefit, hours * 150.0, "value");
    assert_close(e.metrics.hours_saved, hours * 12.0, "over the horizon");
}

#[test]
fn a_scenario_overrides_only_what_it_names() {
    let mut c = blank();
    c.costs.push(recurring_cost("Team", 1000.0));
    c.benefits.push(recurring_benefit("Savings", 1500.0));
    c.scenarios.push(Scenario {
        name: "Pessimistic".into(),
        description: String::new(),
        overrides: vec![Override { input: "benefits[Savings].monthly_amount".into(), value: 900.0 }],
    });
    let base = eval(&c);
    let pess = evaluate(&c, &Catalog::default(), Some("Pessimistic")).unwrap();
    assert_eq!(base.metrics.total_benefit, 18_000.0);
    assert_eq!(pess.metrics.total_benefit, 10_800.0);
    assert_eq!(pess.metrics.total_cost, base.metrics.total_cost);
    assert_eq!(pess.metrics.payback_month, None);
    assert!(matches!(evaluate(&c, &Catalog::default(), Some("Nope")), Err(EngineError::UnknownScenario(_))));
}

#[test]
fn catalog_prices_fill_lines_and_a_line_price_overrides_the_catalog() {
    let catalog = shipped::catalog();
    let item = catalog.items().next().unwrap().clone();
    let mut c = blank();
    c.costs.push(CostLine {
        unit_price: None,
        catalog_item: Some(item.id.clone()),
        ..recurring_cost("From catalog", 0.0)
    });
    assert_close(evaluate(&c, &catalog, None).unwrap().monthly[0].cost, item.price, "catalog price");
    c.costs[0].unit_price = Some(7.0);
    assert_eq!(evaluate(&c, &catalog, None).unwrap().monthly[0].cost, 7.0);
}

// ----- validation: each rule names its field -------------------------------------------

#[test]
fn every_validation_rule_names_the_offending_field() {
    type Mutation = fn(&mut Case);
    let cases: Vec<(&str, Mutation)> = vec![
        ("horizon_months", |c| c.horizon_months = 0),
        ("horizon_months", |c| c.horizon_months = 601),
        ("discount_rate", |c| c.discount_rate = f64::NAN),
        ("discount_rate", |c| c.discount_rate = -1.0),
        ("price_escalation", |c| c.price_escalation = f64::INFINITY),
        ("currency", |c| c.currency = "usd".into()),
        ("start_month", |c| c.start_month = "2027-13".into()),
        ("name", |c| c.name = "  ".into()),
        ("schema_version", |c| c.schema_version = 0),
        ("drivers[0].monthly_volume", |c| c.drivers[0].monthly_volume = -5.0),
        ("drivers[0].annual_growth", |c| c.drivers[0].annual_growth = f64::NAN),
        ("drivers[1].name", |c| c.drivers.push(driver("Encounters", 1.0))),
        ("costs[0].unit_price", |c| c.costs[0].unit_price = Some(-1.0)),
        ("costs[0].unit_price", |c| c.costs[0].unit_price = None),
        ("costs[0].catalog_item", |c| c.costs[0].catalog_item = Some("no-such-item".into())),
        ("costs[0].basis.every_months", |c| {
            c.costs[0].basis = CostBasis::Recurring { quantity: 1.0, every_months: 0.5 }
        }),
        ("costs[1].basis.driver", |c| {
            c.costs.push(CostLine {
                basis: CostBasis::Usage { driver: "Nope".into(), units_per_driver_unit: 1.0 },
                ..recurring_cost("Usage", 1.0)
            })
        }),
        ("costs[1].basis.capacity_per_instance", |c| {
            c.costs.push(CostLine {
                basis: CostBasis::Capacity {
                    driver: "Encounters".into(),
                    units_per_driver_unit: 1.0,
                    capacity_per_instance: 0.0,
                    instance_hours_per_month: 730.0,
                    min_instances: 0.0,
                },
                ..recurring_cost("GPU", 1.0)
            })
        }),
        ("costs[0].end", |c| c.costs[0].end = Some(Anchor::month(0.0))),
        ("costs[0].start.phase", |c| c.costs[0].start = Some(Anchor::phase_start("Nope"))),
        ("costs[0].start", |c| {
            c.costs[0].start = Some(Anchor { offset_months: -3.0, ..Anchor::phase_start("Pilot") })
        }),
        ("benefits[0].basis.monthly_amount", |c| {
            c.benefits[0].basis = BenefitBasis::Recurring { monthly_amount: -1.0 }
        }),
        ("phases[0].duration_months", |c| c.phases[0].duration_months = 2.5),
        ("phases[0].duration_months", |c| c.phases[0].duration_months = 13.0),
        ("phases[0].scale", |c| c.phases[0].scale = -0.1),
        ("drivers[0].adoption.to", |c| {
            c.drivers[0].adoption = Some(Ramp {
                start: Anchor::month(0.0),
                end: Anchor::month(3.0),
                from: 0.0,
                to: 1.5,
                shape: RampShape::Linear,
            })
        }),
        ("drivers[0].adoption.end", |c| {
            c.drivers[0].adoption = Some(Ramp {
                start: Anchor::month(5.0),
                end: Anchor::month(3.0),
                from: 0.0,
                to: 1.0,
                shape: RampShape::Linear,
            })
        }),
        ("main_driver", |c| c.main_driver = Some("Nope".into())),
        ("scenarios[0].overrides[0].input", |c| {
            c.scenarios.push(Scenario {
                name: "S".into(),
                description: String::new(),
                overrides: vec![Override { input: "costs[Nope].unit_price".into(), value: 1.0 }],
            })
        }),
        ("scenarios[0].overrides", |c| {
            c.scenarios.push(Scenario {
                name: "S".into(),
                description: String::new(),
                overrides: vec![Override { input: "costs[Team].unit_price".into(), value: -10.0 }],
            })
        }),
        ("costs[0].name", |c| c.costs[0].name = "a[b]".into()),
    ];
    for (field, mutate) in cases {
        let mut c = blank();
        c.phases.push(phase("Pilot", 6.0));
        c.drivers.push(driver("Encounters", 100.0));
        c.costs.push(recurring_cost("Team", 1000.0));
        c.benefits.push(recurring_benefit("Savings", 1500.0));
        validate(&c, &Catalog::default()).expect("the unmutated case is valid");
        mutate(&mut c);
        let fields = field_errors(&c);
        assert!(fields.iter().any(|f| f == field), "expected an error at {field}, got {fields:?}");
    }
}

// ----- case file ------------------------------------------------------------------------

#[test]
fn a_case_file_round_trips_without_loss() {
    for t in shipped::templates() {
        let text = write_case_file(&t.case);
        let back = read_case_file(text.as_bytes()).unwrap();
        assert_eq!(back, t.case, "{} round trip", t.id);
        assert_eq!(write_case_file(&back), text, "{} writes identically", t.id);
    }
}

#[test]
fn a_case_file_from_a_newer_candor_is_refused() {
    let text = write_case_file(&blank()).replace("\"schema_version\": 1", "\"schema_version\": 99");
    let err = read_case_file(text.as_bytes()).unwrap_err();
    assert_eq!(err.code(), "future_schema", "{err}");
}

#[test]
fn a_truncated_case_file_is_refused_with_its_position() {
    let text = write_case_file(&shipped::templates()[0].case);
    let err = read_case_file(&text.as_bytes()[..text.len() / 2]).unwrap_err();
    assert_eq!(err.code(), "malformed_file");
    assert!(err.to_string().contains("truncated"), "{err}");
}

#[test]
fn an_oversized_case_file_is_refused_before_parsing() {
    let big = vec![b' '; candor_engine::casefile::MAX_CASE_FILE_BYTES + 1];
    assert_eq!(read_case_file(&big).unwrap_err().code(), "file_too_large");
}

#[test]
fn a_case_file_with_a_wrong_field_names_its_path() {
    let text = write_case_file(&shipped::templates()[0].case).replacen(
        "\"monthly_volume\"",
        "\"monthly_volumes\"",
        1,
    );
    let err = read_case_file(text.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("drivers[0]") && err.contains("monthly_volumes"), "{err}");
    let err = read_case_file(b"{\"schema_version\": 1, \"name\": 5}").unwrap_err().to_string();
    assert!(err.contains("name"), "{err}");
    assert!(read_case_file(b"[1, 2]").is_err());
    assert!(read_case_file(b"{}").unwrap_err().to_string().contains("schema_version"));
}

#[test]
fn the_committed_json_schema_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/case.schema.json");
    let generated = case_file_schema();
    if std::env::var_os("CANDOR_UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/case.schema.json is stale: run CANDOR_UPDATE_SCHEMA=1 cargo test -p candor-engine"
    );
}

// ----- shipped catalog and templates ------------------------------------------------------

#[test]
fn every_shipped_catalog_item_is_valid_sourced_and_dated() {
    let items = shipped::catalog_items();
    assert!(items.len() >= 30, "the catalog covers figures.md ({} items)", items.len());
    let mut ids = std::collections::HashSet::new();
    for i in items {
        assert!(i.check().is_empty(), "{}: {:?}", i.id, i.check());
        assert!(ids.insert(&i.id), "duplicate id {}", i.id);
    }
}

#[test]
fn prices_older_than_twelve_months_are_stale() {
    let today = Day { year: 2026, month: 11, day: 27 };
    let mut item = shipped::catalog_items()[0].clone();
    item.as_of = "2025-11-27".into();
    assert!(!item.is_stale(today), "exactly 12 months is not yet stale");
    item.as_of = "2025-11-26".into();
    assert_eq!(item.age_months(today), Some(12));
    item.as_of = "2025-10".into();
    assert!(item.is_stale(today), "13 months");
    item.as_of = "2025".into();
    assert!(item.is_stale(today), "a year is aged from its first day");
    item.as_of = "2026-09".into();
    assert!(!item.is_stale(today));
}

#[test]
fn every_template_validates_with_all_its_scenarios() {
    let catalog = shipped::catalog();
    let templates = shipped::templates();
    assert_eq!(templates.len(), 3);
    for t in templates {
        validate(&t.case, &catalog).unwrap_or_else(|e| panic!("{}: {e}", t.id));
        assert!(t.case.scenarios.len() >= 2, "{} has scenarios", t.id);
        assert!(t.case.costs.iter().any(|c| c.catalog_item.is_some()), "{} cites the catalog", t.id);
    }
}
