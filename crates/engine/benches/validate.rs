//! Validation of a case with many scenarios: the ambient-scribe template with 1,000, 2,000
//! and 4,000 scenarios, each overriding one or two prices, minutes or volumes. Validation
//! checks each scenario by its overrides alone, so the time grows linearly with the count
//! (a full check of the case per scenario took 0.67 s, 3.4 s and 12.4 s here).

use std::hint::black_box;

use candor_engine::*;
use criterion::{Criterion, criterion_group, criterion_main};

/// The template with `n` scenarios of one or two overrides each.
fn with_scenarios(n: usize) -> Case {
    let mut case = shipped::template("ambient-scribe").expect("shipped").case;
    let fields = ["unit_price", "minutes_per_unit", "hourly_cost", "units_per_driver_unit", "monthly_volume"];
    let inputs: Vec<(String, f64)> =
        list_inputs(&case).into_iter().filter(|(p, _)| fields.iter().any(|f| p.ends_with(f))).collect();
    case.scenarios = (0..n)
        .map(|i| {
            let (a, va) = &inputs[i % inputs.len()];
            let (b, vb) = &inputs[(i * 7 + 3) % inputs.len()];
            let mut overrides = vec![Override { input: a.clone(), value: va * 1.1 }];
            if i % 2 == 0 && a != b {
                overrides.push(Override { input: b.clone(), value: vb * 0.9 });
            }
            Scenario { name: format!("S{i}"), description: String::new(), overrides }
        })
        .collect();
    case
}

fn bench(c: &mut Criterion) {
    let catalog = shipped::catalog();
    let mut group = c.benchmark_group("validate");
    group.sample_size(20);
    for n in [1_000, 2_000, 4_000] {
        let case = with_scenarios(n);
        validate(&case, &catalog).expect("every scenario is valid");
        group.bench_function(format!("ambient-scribe, {n} scenarios"), |b| {
            b.iter(|| validate(black_box(&case), &catalog))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
