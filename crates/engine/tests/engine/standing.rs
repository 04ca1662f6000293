//! Where the base case stands among the trials, checked against the raw trials.

use candor_engine::simulate::{Summary, TrialPlan};
use candor_engine::standing::Standing;
use candor_engine::*;

use crate::simulation::{degenerate, run, scribe};

fn summary(below: f64, above: f64) -> Summary {
    Summary {
        mean: None,
        std_error: None,
        p10: None,
        p50: None,
        p90: None,
        defined: 1.0,
        below_base: Some(below),
        above_base: Some(above),
    }
}

#[test]
fn the_shares_below_and_above_the_base_case_are_those_of_the_raw_trials() {
    let case = scribe();
    let (trials, seed) = (6_000, 17);
    let sim = run(&case, trials, seed);
    let base = evaluate(&case, &shipped::catalog(), None).unwrap().metrics;
    let (plan, _) = TrialPlan::new(&case, &shipped::catalog(), None).unwrap();
    let mut work = plan.work();
    let raw: Vec<Metrics> = (0..trials as u64).map(|t| plan.run(seed, t, &mut work)).collect();
    for key in MetricKey::ALL {
        let s = &sim.metrics[key.key()];
        let Some(b) = base.get(key) else {
            // The scribe's base case pays back and has an IRR: every metric has a value.
            panic!("{key:?} has no base value");
        };
        // A payback that never comes ranks after every month; other undefined values not.
        let values: Vec<f64> = raw
            .iter()
            .filter_map(|m| m.get(key).or(key.undefined_is_infinite().then_some(f64::INFINITY)))
            .collect();
        let margin = 1e-6 * b.abs() + 1e-9;
        let share =
            |f: &dyn Fn(f64) -> bool| values.iter().filter(|v| f(**v)).count() as f64 / values.len() as f64;
        assert_eq!(s.below_base, Some(share(&|v| v < b - margin)), "{key:?}: share below {b}");
        assert_eq!(s.above_base, Some(share(&|v| v > b + margin)), "{key:?}: share above {b}");
    }
}

#[test]
fn the_scribes_base_case_at_list_price_and_without_risks_costs_less_than_most_trials() {
    // Its subscription is priced at the cheapest vendor's $119 within a 90% range of
    // $119–400, and the base case has no risk happen: nearly every trial costs more.
    let sim = run(&scribe(), 4_000, 3);
    let standing = Standing::of(MetricKey::TotalCost, &sim.metrics["total_cost"]).expect("flagged");
    assert!(standing.optimistic && standing.share >= 0.9, "{standing:?}");
    assert!(standing.words().starts_with("Optimistic: "), "{}", standing.words());
}

#[test]
fn a_case_whose_trials_all_equal_its_base_case_is_on_neither_side_of_it() {
    let sim = run(&degenerate(scribe()), 500, 1);
    for key in MetricKey::ALL {
        let s = &sim.metrics[key.key()];
        // The trials' arithmetic differs from the base case's by rounding only.
        assert_eq!((s.below_base, s.above_base), (Some(0.0), Some(0.0)), "{key:?}");
        assert_eq!(Standing::of(key, s), None, "{key:?}");
    }
}

#[test]
fn which_side_is_optimistic_depends_on_whether_more_of_the_metric_is_better() {
    // 95% of trials below the base case: an NPV most trials fall short of, a cost most
    // trials undercut.
    let mostly_below = summary(0.95, 0.02);
    assert_eq!(Standing::of(MetricKey::Npv, &mostly_below), Some(Standing { optimistic: true, share: 0.95 }));
    assert_eq!(
        Standing::of(MetricKey::TotalCost, &mostly_below),
        Some(Standing { optimistic: false, share: 0.95 })
    );
    assert_eq!(Standing::of(MetricKey::PaybackMonth, &mostly_below).map(|s| s.optimistic), Some(false));
    // Inside the middle 80% of the trials: not flagged.
    assert_eq!(Standing::of(MetricKey::Npv, &summary(0.85, 0.15)), None);
    assert_eq!(
        Standing { optimistic: false, share: 0.912 }.words(),
        "Cautious: 91.2% of trials do better than the base case"
    );
}
