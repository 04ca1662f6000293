//! How long the outputs take. Goals: a 2× PNG of a chart ≤ 150 ms, every chart of a case
//! to SVG ≤ 30 ms, the ambient-scribe deck with a 10,000-trial simulation ≤ 2 s.

use candor_engine::{Day, evaluate, shipped};
use candor_report::Figures;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const DATE: Day = Day { year: 2026, month: 11, day: 27 };

fn outputs(c: &mut Criterion) {
    let case = shipped::template("ambient-scribe").expect("shipped template").case;
    let catalog = shipped::catalog();
    let eval = evaluate(&case, &catalog, None).expect("evaluates");
    let figures = Figures::compute(&case, &catalog, None, 10_000, 2026, &|_| {}).expect("computes");

    let cumulative = candor_charts::cumulative_cash_flow_svg(&eval, &candor_charts::Canvas::new(1920, 1080))
        .expect("draws");
    c.bench_function("png 2x of the cumulative chart", |b| {
        b.iter(|| candor_report::svg_to_png(black_box(&cumulative), 2.0).expect("renders"))
    });

    c.bench_function("every chart of the deck to svg", |b| {
        b.iter(|| candor_report::chart_svgs(black_box(&figures), DATE).expect("draws"))
    });

    let mut group = c.benchmark_group("deck");
    group.sample_size(10);
    group.bench_function("ambient-scribe deck, 10,000 trials", |b| {
        b.iter(|| {
            candor_report::deck(black_box(&case), &catalog, None, 10_000, 2026, DATE, &|_| {}).expect("deck")
        })
    });
    group.finish();
}

criterion_group!(benches, outputs);
criterion_main!(benches);
