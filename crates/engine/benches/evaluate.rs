//! Deterministic evaluation speed: each template, and a synthetic 120-month, 50-line case.
//! Goal (issue 2): ≤ 20 µs per evaluation on a 2-core machine.

use std::hint::black_box;

use candor_engine::*;
use criterion::{Criterion, criterion_group, criterion_main};

/// 120 months, 5 phases, 5 drivers, 40 cost lines of every kind and 10 benefit lines.
fn synthetic() -> Case {
    let mut case = shipped::templates().remove(0).case;
    case.name = "Synthetic".into();
    case.horizon_months = 120;
    case.scenarios.clear();
    case.uncertain.clear();
    case.risks.clear();
    case.stakeholders.clear();
    case.phases = ["Pilot", "Validation", "Review", "Rollout", "Production"]
        .iter()
        .enumerate()
        .map(|(i, n)| Phase {
            name: n.to_string(),
            duration_months: if i == 4 { 96.0 } else { 6.0 },
            lag_months: 0.0,
            scale: 0.2 * (i + 1) as f64,
            notes: String::new(),
        })
        .collect();
    case.go_live = Some(Anchor::phase_start("Rollout"));
    case.drivers = (0..5)
        .map(|i| Driver {
            name: format!("Driver {i}"),
            unit: "units".into(),
            monthly_volume: 1000.0 * (i + 1) as f64,
            annual_growth: 0.05,
            start: None,
            end: None,
            adoption: Some(Ramp {
                start: Anchor::phase_start("Rollout"),
                end: Anchor::phase_end("Rollout"),
                from: 0.1,
                to: 0.8,
                shape: RampShape::SCurve,
            }),
            scale_with_phases: i % 2 == 0,
            source: String::new(),
        })
        .collect();
    case.main_driver = Some("Driver 0".into());
    case.costs = (0..40)
        .map(|i| {
            let driver = format!("Driver {}", i % 5);
            let basis = match i % 5 {
                0 => CostBasis::OneOff { quantity: 1.0 },
                1 => CostBasis::Recurring { quantity: 2.0, every_months: 1.0 },
                2 => CostBasis::Usage { driver, units_per_driver_unit: 0.008 },
                3 => CostBasis::Capacity {
                    driver,
                    units_per_driver_unit: 1.0,
                    capacity_per_instance: 700.0,
                    instance_hours_per_month: 730.0,
                    min_instances: 1.0,
                },
                _ => CostBasis::Share { share: 0.02, of: vec![] },
            };
            let share = matches!(basis, CostBasis::Share { .. });
            CostLine {
                name: format!("Cost {i}"),
                category: CostCategory::ALL[i % 11],
                basis,
                unit_price: (!share).then_some(10.0 + i as f64),
                catalog_item: None,
                start: (i % 3 == 0).then(|| Anchor::phase_start("Validation")),
                end: (i % 4 == 0).then(|| Anchor::phase_end("Rollout")),
                escalate: true,
                notes: String::new(),
            }
        })
        .collect();
    case.benefits = (0..10)
        .map(|i| BenefitLine {
            name: format!("Benefit {i}"),
            category: BenefitCategory::TimeSaved,
            basis: if i % 2 == 0 {
                BenefitBasis::TimeSaved {
                    driver: format!("Driver {}", i % 5),
                    minutes_per_unit: 0.5,
                    hourly_cost: 120.0,
                }
            } else {
                BenefitBasis::PerUnit { driver: format!("Driver {}", i % 5), value_per_unit: 0.4 }
            },
            start: None,
            end: None,
            realisation: Some(Ramp {
                start: Anchor::phase_start("Rollout"),
                end: Anchor { offset_months: 12.0, ..Anchor::phase_end("Rollout") },
                from: 0.3,
                to: 1.0,
                shape: RampShape::Linear,
            }),
            escalate: true,
            source: String::new(),
        })
        .collect();
    case
}

fn bench(c: &mut Criterion) {
    let catalog = shipped::catalog();
    let mut group = c.benchmark_group("evaluate");
    for t in shipped::templates() {
        let model = Model::compile(&t.case, &catalog, None).unwrap();
        group.bench_function(format!("{} (evaluate)", t.id), |b| b.iter(|| black_box(&model).evaluate()));
        group.bench_function(format!("{} (validate + evaluate)", t.id), |b| {
            b.iter(|| evaluate(black_box(&t.case), &catalog, None).unwrap())
        });
    }
    let synthetic = synthetic();
    assert_eq!(synthetic.costs.len() + synthetic.benefits.len(), 50);
    let model = Model::compile(&synthetic, &catalog, None).unwrap();
    group.bench_function("synthetic 120 months x 50 lines (evaluate)", |b| {
        b.iter(|| black_box(&model).evaluate())
    });
    group.bench_function("synthetic 120 months x 50 lines (validate + evaluate)", |b| {
        b.iter(|| evaluate(black_box(&synthetic), &catalog, None).unwrap())
    });
    let flows: Vec<f64> = model.evaluate().monthly.iter().map(|m| m.cash_flow).collect();
    group.bench_function("synthetic: IRR alone", |b| b.iter(|| metrics::irr_monthly(black_box(&flows))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
