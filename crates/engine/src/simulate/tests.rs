//! Unit tests of the simulation's private parts: re-running trials and the expectations' array.

use super::*;

#[test]
fn trials_run_again_in_parallel_give_the_values_they_gave_one_by_one() {
    // A percentile the brackets miss relies on it: past its pilot a large run keeps no
    // record but the NPV.
    let case = crate::shipped::template("ambient-scribe").unwrap().case;
    let (plan, _) = TrialPlan::new(&case, &crate::shipped::catalog(), None).unwrap();
    let opts = SimulationOptions { trials: 3000, seed: 7, ..Default::default() };
    let mut work = plan.work();
    let records: Vec<Trial> = (0..3000).map(|t| Trial::from(&plan.run(7, t, &mut work))).collect();
    for k in [MetricKey::Npv, MetricKey::IrrAnnual, MetricKey::PaybackMonth] {
        let mut one_by_one: Vec<f64> = records.iter().map(|t| t.ranked(k)).filter(|v| !v.is_nan()).collect();
        let mut again = every_value(&plan, &opts, k);
        one_by_one.sort_by(f64::total_cmp);
        again.sort_by(f64::total_cmp);
        assert_eq!(again, one_by_one, "{k:?}");
    }
}

#[test]
fn the_array_the_trials_test_expectations_on_says_what_meets_says() {
    let case = crate::shipped::template("ambient-scribe").unwrap().case;
    let (plan, model) = TrialPlan::new(&case, &crate::shipped::catalog(), None).unwrap();
    let mut work = plan.work();
    let mut undefined = model.evaluate().metrics;
    (undefined.irr_annual, undefined.roi, undefined.payback_month) = (None, None, None);
    (undefined.discounted_payback_month, undefined.cost_per_unit) = (None, None);
    undefined.minutes_saved_per_main_unit = None;
    let mut cases: Vec<Metrics> = (0..50).map(|t| plan.run(3, t, &mut work)).collect();
    cases.push(undefined);
    for m in &cases {
        let values = ranked_values(m);
        for k in MetricKey::ALL {
            let at = m.get(k).unwrap_or(0.0);
            for threshold in [at - 1.0, at, at + 1.0, f64::INFINITY] {
                for cmp in [Comparator::AtMost, Comparator::AtLeast] {
                    let by_array = passes(values[k as usize], cmp, threshold);
                    assert_eq!(by_array, meets(m.get(k), k, cmp, threshold), "{k:?} {cmp:?} {threshold}");
                }
            }
        }
    }
}

#[test]
fn a_run_is_cut_into_blocks_by_its_trial_count_alone() {
    // Results depend on where blocks end (their sums are added block by block), so the
    // cut must not depend on the threads: only on the trials asked for.
    assert_eq!(block_size(10_000), 1024);
    assert_eq!(block_size(262_143), 1024);
    assert_eq!(block_size(262_144), 4096, "a large run has larger blocks");
    assert!(1_000_000usize.div_ceil(block_size(1_000_000)) >= 64, "enough blocks to share between threads");
}

#[test]
fn a_trials_random_stream_is_the_one_seed_from_u64_gives() {
    // `trial_rng` spells out `seed_from_u64` so that it is inlined; a run's draws, and so
    // every result of a given seed, must not change with it.
    use rand::{RngCore, SeedableRng};
    for (seed, trial) in [(0, 0), (42, 0), (42, 999_999), (u64::MAX, 7), (12_345, 1 << 40)] {
        let mut ours = crate::trial::trial_rng(seed, trial);
        let mut theirs =
            rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(crate::trial::trial_seed(seed, trial));
        for draw in 0..8 {
            assert_eq!(ours.next_u64(), theirs.next_u64(), "seed {seed}, trial {trial}, draw {draw}");
        }
    }
}
