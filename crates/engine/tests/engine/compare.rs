//! Comparing two versions of a case: the inputs that moved, the ranges, the metrics and the
//! stakeholders' probabilities.

use candor_engine::compare::compare;
use candor_engine::simulate::{SimulationOptions, simulate};
use candor_engine::*;

fn opts() -> SimulationOptions {
    SimulationOptions { trials: 2_000, ..Default::default() }
}

#[test]
fn a_case_compared_with_itself_shows_no_change() {
    let case = shipped::template("ambient-scribe").unwrap().case;
    let c = compare(&case, &case, &shipped::catalog(), &opts()).unwrap();
    assert!(c.inputs.is_empty(), "{:?}", c.inputs);
    assert!(c.ranges.is_empty(), "{:?}", c.ranges);
    assert!(c.metrics.iter().all(|m| m.before == m.after));
    assert!(c.expectations.iter().all(|e| e.before == e.after && e.before.is_some()));
    assert_eq!(c.prob_npv_positive.0, c.prob_npv_positive.1);
}

#[test]
fn a_moved_price_and_a_new_range_are_listed_with_the_results_of_each_side() {
    let catalog = shipped::catalog();
    let before = shipped::template("ambient-scribe").unwrap().case;
    let mut after = before.clone();
    after.costs[1].unit_price = Some(15_000.0);
    after.uncertain.push(UncertainInput {
        input: "discount_rate".into(),
        distribution: Distribution::Pert { low: 0.06, likely: 0.08, high: 0.1 },
        source: String::new(),
    });
    after.stakeholders[0].expectations.push(Expectation {
        metric: MetricKey::Npv,
        comparator: Comparator::AtLeast,
        threshold: 100_000.0,
        confidence: None,
    });
    let c = compare(&before, &after, &catalog, &opts()).unwrap();

    // The price was the catalog's before, and is the case's own after.
    let price = format!("costs[{}].unit_price", before.costs[1].name);
    let moved = c.inputs.iter().find(|i| i.input == price).expect("the price is listed");
    let item = before.costs[1].catalog_item.as_deref().expect("the template prices it from the catalog");
    let catalog_price = catalog.get(item).expect("a shipped item").price;
    assert_eq!((moved.before, moved.after), (Some(catalog_price), Some(15_000.0)));
    assert_eq!(c.inputs.len(), 1, "nothing else moved: {:?}", c.inputs);
    assert_eq!(c.ranges.len(), 1);
    assert_eq!(c.ranges[0].input, "discount_rate");
    assert!(c.ranges[0].before.is_none() && c.ranges[0].after.is_some());

    // Each side's figures are that side's own evaluation and simulation.
    let npv = |case: &Case| evaluate(case, &catalog, None).unwrap().metrics.npv;
    let m = c.metrics.iter().find(|m| m.metric == MetricKey::Npv).unwrap();
    assert_eq!((m.before, m.after), (Some(npv(&before)), Some(npv(&after))));
    let sim = simulate(&after, &catalog, None, &opts(), &|_| {}).unwrap();
    for e in &c.expectations {
        let own = sim
            .expectations
            .iter()
            .find(|x| x.stakeholder == e.stakeholder && x.expectation == e.expectation);
        assert_eq!(e.after, own.map(|x| x.probability_met), "{} {}", e.stakeholder, e.expectation);
    }
    let added =
        c.expectations.iter().find(|e| e.expectation == "npv >= 100000").expect("the new one is listed");
    assert_eq!(added.before, None, "it did not exist before");
    assert_eq!(
        (added.metric, added.comparator, added.threshold),
        (MetricKey::Npv, Comparator::AtLeast, 100_000.0)
    );
}
