//! Monte Carlo speed on the AI-scribe template with its uncertain inputs and risks.
//! Goals (issue 3), on a 2-core machine: 10,000 trials in-process ≤ 20 ms; 1,000,000 as a
//! whole process (`candor simulate`) ≤ 0.25 s, of which the run in-process below is all
//! but the start-up and the output (under 10 ms together).
//!
//! Besides whole runs, the parts of a trial on one thread (no pool, no tally), so that a
//! change to one is measured apart from the scheduling noise of a whole run. These parts
//! run as compiled for baseline x86-64; a whole run's trials run in code compiled for AVX2
//! where the processor has it (see `simulate`'s `run_block`), about a sixth fewer
//! instructions.

use std::hint::black_box;

use candor_engine::metrics;
use candor_engine::shipped;
use candor_engine::simulate::{Done, SimulationOptions, TrialPlan, simulate};
use criterion::{Criterion, criterion_group, criterion_main};

const SEED: u64 = 2026;

fn bench(c: &mut Criterion) {
    let case = shipped::template("ambient-scribe").unwrap().case;
    let catalog = shipped::catalog();
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    // Seconds of measurement for each: a million trials take about half a second a run,
    // beyond criterion's default five seconds for ten runs.
    for (trials, seconds) in [(1_000, 5), (10_000, 5), (1_000_000, 10)] {
        group.measurement_time(std::time::Duration::from_secs(seconds));
        let opts = SimulationOptions { trials, ..Default::default() };
        group.bench_function(format!("ambient-scribe, {trials} trials"), |b| {
            b.iter(|| simulate(&case, &catalog, None, &opts, &|_| {}).unwrap())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("trial");
    let (plan, model) = TrialPlan::new(&case, &catalog, None).unwrap();
    let mut work = plan.work();
    // Four of a layout abreast, as a simulation runs them; and one at a time, as a run
    // that must re-run a trial does.
    group.bench_function("ambient-scribe, 1,000 trials drawn and evaluated on one thread", |b| {
        b.iter(|| {
            let mut npv = 0.0;
            plan.run_trials(SEED, 0..1000, &mut work, &mut |done: &Done<'_>| npv += done.metrics.npv);
            npv
        })
    });
    group.bench_function("ambient-scribe, 1,000 trials evaluated one at a time", |b| {
        b.iter(|| (0..1000).map(|t| plan.run(SEED, t, &mut work).npv).sum::<f64>())
    });
    // The cash flows of 1,000 trials, from their cumulative.
    let flows: Vec<Vec<f64>> = (0..1000)
        .map(|t| {
            plan.run(SEED, t, &mut work);
            let mut before = 0.0;
            work.cumulative()
                .iter()
                .map(|c| {
                    let flow = c - before;
                    before = *c;
                    flow
                })
                .collect()
        })
        .collect();
    // Started, as trials' searches may be, at the deterministic IRR.
    let guess = model.evaluate().metrics.irr_annual.map_or(0.0, metrics::monthly_rate);
    group.bench_function("ambient-scribe, IRR of 1,000 trials' cash flows", |b| {
        b.iter(|| flows.iter().filter_map(|f| metrics::irr_monthly_from(black_box(f), guess)).sum::<f64>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
