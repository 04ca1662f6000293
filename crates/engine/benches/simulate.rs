//! Monte Carlo speed on the AI-scribe template with its uncertain inputs and risks.
//! Goal (issue 3): 10,000 trials in-process ≤ 20 ms on a 2-core machine.

use candor_engine::shipped;
use candor_engine::simulate::{SimulationOptions, simulate};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let case = shipped::template("ambient-scribe").unwrap().case;
    let catalog = shipped::catalog();
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    for trials in [1_000, 10_000] {
        let opts = SimulationOptions { trials, ..Default::default() };
        group.bench_function(format!("ambient-scribe, {trials} trials"), |b| {
            b.iter(|| simulate(&case, &catalog, None, &opts, &|_| {}).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
