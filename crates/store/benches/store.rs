//! Store speed: open an existing database (migrations checked, seeding checked) and load a
//! 200-line case. Goal (issue 2): ≤ 5 ms.

use candor_engine::{CostBasis, CostCategory, CostLine, shipped};
use candor_store::Store;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let id = rt.block_on(async {
        let store = Store::open(&path).await.unwrap();
        let mut case = shipped::templates().remove(0).case;
        case.name = "Two hundred lines".into();
        for i in case.costs.len()..200 {
            case.costs.push(CostLine {
                name: format!("Line {i}"),
                category: CostCategory::People,
                basis: CostBasis::Recurring { quantity: 1.0, every_months: 1.0 },
                unit_price: Some(100.0 + i as f64),
                catalog_item: None,
                start: None,
                end: None,
                escalate: true,
                notes: "A note of ordinary length, as a PM would write it for a finance reviewer.".into(),
            });
        }
        let id = store.create_case(&case, None, candor_store::Naming::Exact).await.unwrap().id;
        store.close().await;
        id
    });

    c.bench_function("store: open + load a 200-line case", |b| {
        b.to_async(&rt).iter(|| async {
            let store = Store::open(&path).await.unwrap();
            let loaded = store.load_case(id).await.unwrap();
            assert_eq!(loaded.case.costs.len(), 200);
            store.close().await;
        })
    });

    let store = rt.block_on(Store::open(&path)).unwrap();
    c.bench_function("store: load a 200-line case (open store)", |b| {
        b.to_async(&rt).iter(|| async { store.load_case(id).await.unwrap() })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
