//! The largest supported amount (and rate): every input, range and override is held within
//! it by validation, each refusal names its field, and what validation accepts evaluates to
//! finite figures.

use candor_engine::simulate::{SimulationOptions, simulate};
use candor_engine::validate::{MAX_AMOUNT, MAX_RATE, MIN_RATE};
use candor_engine::*;

use super::*;

/// The small valid case the rule tests mutate.
fn small() -> Case {
    let mut c = blank();
    c.phases.push(phase("Pilot", 6.0));
    c.drivers.push(driver("Encounters", 100.0));
    c.costs.push(recurring_cost("Team", 1000.0));
    c.benefits.push(recurring_benefit("Savings", 1500.0));
    c
}

fn errors(case: &Case) -> Vec<FieldError> {
    match validate(case, &Catalog::default()) {
        Err(EngineError::Invalid(errors)) => errors,
        other => panic!("expected an invalid case, got {other:?}"),
    }
}

#[test]
fn a_volume_beyond_the_largest_amount_is_refused_naming_the_field() {
    let mut c = small();
    c.drivers[0].monthly_volume = 1e307;
    let errors = errors(&c);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["drivers[0].monthly_volume: 1e307 is beyond the largest supported amount (1e15)"]
    );
    // The bound itself is accepted.
    c.drivers[0].monthly_volume = MAX_AMOUNT;
    c.costs[0].unit_price = Some(0.0);
    validate(&c, &Catalog::default()).expect("a volume at the bound is valid");
}

#[test]
fn every_amount_volume_count_and_month_figure_is_bounded_and_named() {
    type Mutation = fn(&mut Case);
    let big = 1e16;
    let cases: Vec<(&str, Mutation)> = vec![
        ("costs[0].unit_price", |c| c.costs[0].unit_price = Some(1e16)),
        ("costs[0].basis.quantity", |c| {
            c.costs[0].basis = CostBasis::Recurring { quantity: 1e16, every_months: 1.0 }
        }),
        ("costs[0].basis.every_months", |c| {
            c.costs[0].basis = CostBasis::Recurring { quantity: 1.0, every_months: 1e16 }
        }),
        ("costs[1].basis.units_per_driver_unit", |c| {
            c.costs.push(CostLine {
                basis: CostBasis::Usage { driver: "Encounters".into(), units_per_driver_unit: 1e16 },
                ..recurring_cost("Usage", 1.0)
            })
        }),
        ("costs[1].basis.capacity_per_instance", |c| {
            c.costs.push(CostLine {
                basis: CostBasis::Capacity {
                    driver: "Encounters".into(),
                    units_per_driver_unit: 1.0,
                    capacity_per_instance: 1e-16,
                    instance_hours_per_month: 730.0,
                    min_instances: 0.0,
                },
                ..recurring_cost("GPU", 1.0)
            })
        }),
        ("costs[1].basis.min_instances", |c| {
            c.costs.push(CostLine {
                basis: CostBasis::Capacity {
                    driver: "Encounters".into(),
                    units_per_driver_unit: 1.0,
                    capacity_per_instance: 100.0,
                    instance_hours_per_month: 1e16,
                    min_instances: 1e16,
                },
                ..recurring_cost("GPU", 1.0)
            })
        }),
        ("benefits[0].basis.monthly_amount", |c| {
            c.benefits[0].basis = BenefitBasis::Recurring { monthly_amount: 1e16 }
        }),
        ("benefits[0].basis.minutes_per_unit", |c| {
            c.benefits[0].basis = BenefitBasis::TimeSaved {
                driver: "Encounters".into(),
                minutes_per_unit: 1e16,
                hourly_cost: 1.0,
            }
        }),
        ("benefits[0].basis.amount", |c| c.benefits[0].basis = BenefitBasis::OneOff { amount: -1e300 }),
        ("phases[0].lag_months", |c| c.phases[0].lag_months = 1e16),
        ("phases[0].scale", |c| c.phases[0].scale = 1e16),
        ("costs[0].start.offset_months", |c| c.costs[0].start = Some(Anchor::month(-1e16))),
        ("discount_rate", |c| c.discount_rate = MAX_RATE * 2.0),
        ("price_escalation", |c| c.price_escalation = MIN_RATE - 0.001),
        ("drivers[0].annual_growth", |c| c.drivers[0].annual_growth = 1e10),
        ("stakeholders[0].expectations[0].threshold", |c| {
            c.stakeholders.push(Stakeholder {
                name: "CFO".into(),
                role: "CFO".into(),
                power: 5.0,
                interest: 5.0,
                notes: String::new(),
                expectations: vec![Expectation {
                    metric: MetricKey::Npv,
                    comparator: Comparator::AtLeast,
                    threshold: -1e20,
                    confidence: None,
                }],
            })
        }),
        ("risks[0].one_off_cost", |c| {
            c.risks.push(Risk {
                name: "Overrun".into(),
                category: RiskCategory::CostOverrun,
                probability: 0.1,
                phase: None,
                delay_months: 0.0,
                one_off_cost: 1e16,
                cost_at: None,
                benefit_reduction: 0.0,
                mitigation: Some(Mitigation {
                    description: "Fixed price".into(),
                    category: CostCategory::Contingency,
                    cost: 1e16,
                    probability: 0.05,
                    adopted: false,
                }),
                notes: String::new(),
            })
        }),
    ];
    for (field, mutate) in cases {
        let mut c = small();
        mutate(&mut c);
        let errors = errors(&c);
        let named = errors.iter().find(|e| e.field == field);
        let message = named.map(|e| e.message.as_str()).unwrap_or_default();
        assert!(
            message.contains("beyond the largest supported")
                || message.contains("smallest supported divisor")
                || message.contains("must be at least -0.99"),
            "expected {field} refused by a bound, got {errors:?}"
        );
    }
    assert!(big > MAX_AMOUNT);
}

#[test]
fn a_scenario_override_beyond_the_largest_amount_is_refused_naming_the_override() {
    let mut c = small();
    c.scenarios.push(Scenario {
        name: "Huge".into(),
        description: String::new(),
        overrides: vec![Override { input: "drivers[Encounters].monthly_volume".into(), value: 1e307 }],
    });
    assert_eq!(
        errors(&c).iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["scenarios[0].overrides[0].value: 1e307 is beyond the largest supported amount (1e15)"]
    );
    // A rate within the amount bound but beyond the rate's is refused against its input.
    c.scenarios[0].overrides = vec![Override { input: "discount_rate".into(), value: 50.0 }];
    let errors = errors(&c);
    assert_eq!(errors[0].field, "scenarios[0].overrides", "{errors:?}");
    assert!(
        errors[0].message.contains("discount_rate: 50 is beyond the largest supported rate"),
        "{errors:?}"
    );
}

#[test]
fn a_range_beyond_the_largest_amount_is_refused_naming_its_parameter() {
    let mut c = small();
    c.uncertain.push(UncertainInput {
        input: "costs[Team].unit_price".into(),
        distribution: Distribution::Triangular { low: 0.0, likely: 1000.0, high: 1e16 },
        source: String::new(),
    });
    let errors = errors(&c);
    assert_eq!(
        errors[0].to_string(),
        "uncertain[0].distribution.high: 1e16 is beyond the largest supported amount (1e15)"
    );
    let mut c = small();
    c.uncertain.push(UncertainInput {
        input: "drivers[Encounters].monthly_volume".into(),
        distribution: Distribution::Normal { mean: 100.0, sd: 1e300 },
        source: String::new(),
    });
    assert_eq!(self::errors(&c)[0].field, "uncertain[0].distribution.sd");
}

#[test]
fn a_base_case_whose_figures_pass_the_largest_amount_is_refused_naming_the_line() {
    // Each input within the bound, their product far beyond it.
    let mut c = small();
    c.drivers[0].monthly_volume = MAX_AMOUNT;
    c.costs.push(CostLine {
        basis: CostBasis::Usage { driver: "Encounters".into(), units_per_driver_unit: MAX_AMOUNT },
        ..recurring_cost("Tokens", MAX_AMOUNT)
    });
    let errors = errors(&c);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "costs[1]");
    assert!(errors[0].message.contains("beyond the largest supported amount (1e15)"), "{errors:?}");
    // A negative discount rate can inflate the discounted flows alone.
    let mut c = small();
    c.horizon_months = 600;
    c.discount_rate = MIN_RATE;
    c.costs[0].unit_price = Some(1e9);
    c.benefits[0].basis = BenefitBasis::Recurring { monthly_amount: 2e9 };
    assert_eq!(self::errors(&c)[0].field, "discount_rate");
}

/// Every input at its bound and the longest horizon: not a valid case (its figures are far
/// beyond the largest amount), but its evaluation, the arithmetic the bounds are chosen
/// for, must still give finite figures everywhere.
#[test]
fn the_largest_inputs_validation_allows_still_evaluate_to_finite_figures() {
    let a = MAX_AMOUNT;
    let mut c = blank();
    c.horizon_months = 600;
    c.discount_rate = MIN_RATE;
    c.price_escalation = MAX_RATE;
    c.phases.push(Phase { scale: a, ..phase("All", 600.0) });
    c.drivers.push(Driver { annual_growth: MAX_RATE, scale_with_phases: true, ..driver("Volume", a) });
    c.main_driver = Some("Volume".into());
    c.costs = vec![
        CostLine {
            basis: CostBasis::Capacity {
                driver: "Volume".into(),
                units_per_driver_unit: a,
                capacity_per_instance: 1.0 / a,
                instance_hours_per_month: a,
                min_instances: a,
            },
            ..recurring_cost("GPU", a)
        },
        CostLine {
            basis: CostBasis::Usage { driver: "Volume".into(), units_per_driver_unit: a },
            ..recurring_cost("API", a)
        },
        CostLine {
            basis: CostBasis::Share { share: 1.0, of: vec![] },
            unit_price: None,
            ..recurring_cost("Contingency", 0.0)
        },
    ];
    c.benefits = vec![BenefitLine {
        basis: BenefitBasis::TimeSaved { driver: "Volume".into(), minutes_per_unit: a, hourly_cost: a },
        ..recurring_benefit("Time", 0.0)
    }];
    let errors = self::errors(&c);
    assert!(
        errors.iter().all(|e| !e.field.is_empty() && e.message.contains("largest supported")),
        "{errors:?}"
    );
    let model = Model::compile(&c, &Catalog::default(), None).expect("every input is within its bound");
    let e = model.evaluate();
    let m = &e.metrics;
    for (what, v) in
        [("npv", m.npv), ("cost", m.total_cost), ("benefit", m.total_benefit), ("hours", m.hours_saved)]
    {
        assert!(v.is_finite(), "{what} = {v}");
    }
    for r in &e.monthly {
        for v in
            [r.cost, r.benefit, r.cash_flow, r.cumulative, r.discounted_cash_flow, r.discounted_cumulative]
        {
            assert!(v.is_finite(), "month {}: {r:?}", r.month);
        }
    }
    assert!(m.roi.is_none_or(f64::is_finite) && m.irr_annual.is_none_or(f64::is_finite));
}

#[test]
fn a_recurring_cost_whose_period_is_sampled_never_falls_every_zero_months() {
    // A triangular from 0 on `every_months` once drew 0 months, which stopped the trial.
    let mut c = small();
    c.uncertain.push(UncertainInput {
        input: "costs[Team].every_months".into(),
        distribution: Distribution::Triangular { low: 0.0, likely: 1.0, high: 3.0 },
        source: String::new(),
    });
    let opts = SimulationOptions { trials: 500, seed: 1, ..Default::default() };
    let sim = simulate(&c, &Catalog::default(), None, &opts, &|_| {}).expect("simulates");
    assert!(sim.metrics["total_cost"].mean.is_some_and(f64::is_finite));
}

#[test]
fn a_capacity_whose_range_reaches_zero_never_divides_by_zero() {
    let mut c = small();
    c.costs.push(CostLine {
        basis: CostBasis::Capacity {
            driver: "Encounters".into(),
            units_per_driver_unit: 1.0,
            capacity_per_instance: 50.0,
            instance_hours_per_month: 1.0,
            min_instances: 0.0,
        },
        ..recurring_cost("GPU", 1.0)
    });
    c.uncertain.push(UncertainInput {
        input: "costs[GPU].capacity_per_instance".into(),
        distribution: Distribution::Normal { mean: 50.0, sd: 100.0 },
        source: String::new(),
    });
    let opts = SimulationOptions { trials: 500, seed: 3, ..Default::default() };
    let sim = simulate(&c, &Catalog::default(), None, &opts, &|_| {}).expect("simulates");
    assert!(sim.metrics["total_cost"].p90.is_some_and(f64::is_finite));
}

#[test]
fn a_simulation_whose_trials_outgrow_its_records_is_refused_naming_the_uncertain_inputs() {
    // The base case is small; one trial in many draws a price near the bound, and the
    // usage line then costs far more than an f32 record holds.
    let mut c = small();
    c.drivers[0].monthly_volume = 1e12;
    c.costs.push(CostLine {
        basis: CostBasis::Usage { driver: "Encounters".into(), units_per_driver_unit: 1e12 },
        ..recurring_cost("Tokens", 1e-12)
    });
    c.uncertain.push(UncertainInput {
        input: "costs[Tokens].unit_price".into(),
        distribution: Distribution::Uniform { low: 0.0, high: MAX_AMOUNT },
        source: String::new(),
    });
    validate(&c, &Catalog::default()).expect("the base case's figures are within the bound");
    let opts = SimulationOptions { trials: 200, seed: 5, ..Default::default() };
    let err = simulate(&c, &Catalog::default(), None, &opts, &|_| {}).unwrap_err();
    let errors = err.field_errors();
    assert_eq!(errors.len(), 1, "{err}");
    assert_eq!(errors[0].field, "uncertain");
}

#[test]
fn scenario_errors_are_those_a_full_check_of_each_scenario_gives() {
    // The reference: each scenario compiled in full, its errors named as `validate` names
    // them. `validate` checks only what each scenario overrides; it must find the same.
    let reference = |case: &Case| super::fuzz::full_check_of_scenarios(case, &shipped::catalog());
    let scribe = shipped::template("ambient-scribe").unwrap().case;
    let overrides: Vec<Vec<(&str, f64)>> = vec![
        vec![("costs[Scribe subscription].unit_price", -1.0)],
        vec![("costs[Nope].unit_price", 1.0), ("discount_rate", 9.0)],
        // A pilot of no months puts lines anchored before its end before month 0.
        vec![("phases[Pilot].duration_months", 0.0), ("phases[Rollout].duration_months", 0.0)],
        vec![("phases[Pilot].duration_months", 2.5)],
        // Out of the uniform's range, then back in by a later override of the same input.
        vec![("benefits[Documentation time saved].minutes_per_unit", 5.0)],
        vec![
            ("costs[Scribe subscription].unit_price", 1e9),
            ("costs[Scribe subscription].unit_price", 200.0),
        ],
        vec![
            ("drivers[Notes documented].adoption.to", 1.5),
            ("drivers[Notes documented].adoption.from", -0.5),
        ],
    ];
    let mut case = scribe.clone();
    case.scenarios = overrides
        .iter()
        .enumerate()
        .map(|(i, o)| Scenario {
            name: format!("S{i}"),
            description: String::new(),
            overrides: o
                .iter()
                .map(|(input, value)| Override { input: input.to_string(), value: *value })
                .collect(),
        })
        .collect();
    // Risks whose probabilities a scenario sets, and a delay without its phase.
    if let Some(k) = case.risks.iter().position(|r| r.mitigation.is_some()) {
        let name = case.risks[k].name.clone();
        case.scenarios.push(Scenario {
            name: "Likelier mitigated".into(),
            description: String::new(),
            overrides: vec![Override { input: format!("risks[{name}].mitigation.probability"), value: 0.9 }],
        });
    }
    if let Some(k) = case.risks.iter().position(|r| r.phase.is_none()) {
        let name = case.risks[k].name.clone();
        case.scenarios.push(Scenario {
            name: "Delay nowhere".into(),
            description: String::new(),
            overrides: vec![Override { input: format!("risks[{name}].delay_months"), value: 2.0 }],
        });
    }
    let mut got: Vec<String> = errors_of_scenarios(&case);
    got.sort();
    let want = reference(&case);
    assert!(want.len() >= 8, "the scenarios break rules of every kind: {want:#?}");
    assert_eq!(got, want);
}

fn errors_of_scenarios(case: &Case) -> Vec<String> {
    match validate(case, &shipped::catalog()) {
        Err(EngineError::Invalid(errors)) => errors.iter().map(ToString::to_string).collect(),
        other => panic!("expected an invalid case, got {other:?}"),
    }
}
