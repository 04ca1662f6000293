//! The two ways a trial is evaluated (rescaled rows per phase layout, or the sampled case
//! laid out in full) agree trial by trial, and the rescaled way is used only where it holds.

use candor_engine::distribution::Distribution;
use candor_engine::simulate::{Done, TrialPlan};
use candor_engine::*;

fn uncertain(input: &str, distribution: Distribution) -> UncertainInput {
    UncertainInput { input: input.into(), distribution, source: String::new() }
}

/// Runs `trials` trials both ways and checks every metric and the cumulative cash flow.
fn assert_both_ways_agree(case: &Case, scenario: Option<&str>, trials: u64) {
    let (plan, _) = TrialPlan::new(case, &shipped::catalog(), scenario).unwrap();
    assert!(plan.is_rescaled(), "{} ({scenario:?}) should take the rescaled way", case.name);
    let (mut fast, mut full) = (plan.work(), plan.work());
    for t in 0..trials {
        let a = plan.run(7, t, &mut fast);
        let b = plan.run_laid_out(7, t, &mut full);
        // Rounding differs (a price times a row, against the row's product taken in one go):
        // allow a relative error far below a cent on these amounts.
        let scale = 1.0 + b.total_cost.abs() + b.total_benefit.abs();
        for key in MetricKey::ALL {
            let (x, y) = (a.get(key), b.get(key));
            let close = match (x, y) {
                (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * scale.max(x.abs()),
                (None, None) => true,
                _ => false,
            };
            assert!(
                close,
                "{} ({scenario:?}) trial {t}: {key:?} is {x:?} rescaled, {y:?} laid out",
                case.name
            );
        }
        assert_eq!(a.payback_month, b.payback_month, "{} trial {t}: payback", case.name);
        for (m, (x, y)) in fast.cumulative().iter().zip(full.cumulative()).enumerate() {
            assert!(
                (x - y).abs() <= 1e-9 * scale,
                "{} trial {t} month {m}: cumulative {x} vs {y}",
                case.name
            );
        }
        assert_eq!(fast.fired(), full.fired(), "the same risks happen both ways");
    }
}

#[test]
fn rescaled_trials_equal_fully_laid_out_trials_for_every_template_and_scenario() {
    for t in shipped::templates() {
        assert_both_ways_agree(&t.case, None, 2_000);
        for s in &t.case.scenarios {
            assert_both_ways_agree(&t.case, Some(&s.name), 300);
        }
    }
}

#[test]
fn a_trials_irr_lies_within_its_stated_error_of_the_irr_of_its_own_cash_flow() {
    // Trials stop the IRR search a step early (an error below 1e-8 a month, relative to
    // 1 + r): checked against the IRR searched to rounding from the same flows.
    for t in shipped::templates() {
        let (plan, _) = TrialPlan::new(&t.case, &shipped::catalog(), None).unwrap();
        let mut work = plan.work();
        let mut checked = 0;
        for trial in 0..3_000 {
            let got = plan.run(11, trial, &mut work).irr_annual;
            let cumulative = work.cumulative();
            let flows: Vec<f64> =
                cumulative.iter().scan(0.0, |before, &c| Some(c - std::mem::replace(before, c))).collect();
            let Some(exact) = metrics::irr_monthly(&flows) else { continue };
            let got = got.expect("the trial finds the IRR its flows have");
            let monthly = (1.0 + got).powf(1.0 / 12.0) - 1.0;
            assert!(
                (monthly - exact).abs() <= 1e-8 * (1.0 + exact.abs()),
                "{} trial {trial}: monthly IRR {monthly}, to rounding {exact}",
                t.case.name
            );
            checked += 1;
        }
        assert!(checked > 1_000, "{}: only {checked} trials have an IRR", t.case.name);
    }
}

#[test]
fn rescaled_trials_hold_for_every_kind_of_multiplying_and_layout_input() {
    let mut case = shipped::template("ambient-scribe").unwrap().case;
    let privacy = case.risks.iter_mut().find(|r| r.mitigation.is_some()).unwrap();
    privacy.mitigation.as_mut().unwrap().adopted = true;
    privacy.probability = 0.5;
    let pert = |low, likely, high| Distribution::Pert { low, likely, high };
    case.uncertain.extend([
        uncertain("costs[Clinician training].quantity", pert(60.0, 100.0, 140.0)),
        uncertain("costs[Scribe subscription].units_per_driver_unit", pert(0.8, 1.0, 1.3)),
        uncertain("benefits[Documentation time saved].hourly_cost", pert(90.0, 120.0, 160.0)),
        uncertain("phases[Rollout].lag_months", Distribution::Uniform { low: 0.0, high: 2.0 }),
        uncertain("phases[Rollout].duration_months", pert(2.0, 3.0, 5.0)),
        uncertain("risks[EHR integration slips].one_off_cost", pert(5_000.0, 15_000.0, 40_000.0)),
        uncertain("risks[EHR integration slips].delay_months", pert(1.0, 2.0, 4.0)),
        uncertain("risks[Clinicians do not adopt].benefit_reduction", pert(0.1, 0.3, 0.5)),
        uncertain("risks[Privacy incident].mitigation.cost", pert(5_000.0, 8_000.0, 15_000.0)),
    ]);
    validate(&case, &shipped::catalog()).unwrap();
    assert_both_ways_agree(&case, None, 3_000);
}

#[test]
fn a_sampled_volume_or_rate_is_laid_out_in_full() {
    let base = shipped::template("ambient-scribe").unwrap().case;
    for input in
        ["drivers[Clinicians using the scribe].monthly_volume", "discount_rate", "costs[Contingency].share"]
    {
        let mut case = base.clone();
        let value = list_inputs(&case).into_iter().find(|(p, _)| p == input).unwrap().1;
        case.uncertain.push(uncertain(input, Distribution::Uniform { low: value * 0.5, high: value * 1.5 }));
        let (plan, _) = TrialPlan::new(&case, &shipped::catalog(), None).unwrap();
        assert!(!plan.is_rescaled(), "{input} does not scale one line, so trials must be laid out");
    }
}

#[test]
fn the_reported_percentiles_and_commitments_equal_those_of_the_sorted_raw_trials() {
    // 4,000 trials select among every record; 40,000 are bracketed by a pilot first. In
    // both, each percentile falls between two ranks.
    for trials in [4_000, 40_000] {
        percentiles_and_commitments_equal_the_sorted_raw_trials("prior-auth-drafting", trials);
    }
    percentiles_and_commitments_equal_the_sorted_raw_trials("ambient-scribe", 40_000);
}

fn percentiles_and_commitments_equal_the_sorted_raw_trials(template: &str, trials: usize) {
    use candor_engine::simulate::percentile;
    let (sim, raw) = simulated_and_raw(template, trials, 3);
    // Trials keep metrics other than the NPV as f32.
    let close = |got: Option<f64>, want: Option<f64>| match (got, want) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1.0),
        (a, b) => a == b,
    };
    let sorted = |key: MetricKey| sorted_ranked(&raw, key, |v| v);
    for key in MetricKey::ALL {
        let values = sorted(key);
        let reported = &sim.metrics[key.key()];
        for (p, got) in [(0.1, reported.p10), (0.5, reported.p50), (0.9, reported.p90)] {
            let want = percentile(&values, p).filter(|v| v.is_finite());
            assert!(
                close(got, want),
                "{template}, {trials} trials, {key:?} P{}: reported {got:?}, sorted raw trials {want:?}",
                p * 100.0
            );
        }
    }
    assert!(!sim.expectations.is_empty(), "{template} has stakeholder expectations");
    for e in &sim.expectations {
        // "≤ v at c": the smallest v that at least c of the trials reach; "≥": the largest.
        let values = sorted(e.metric);
        let confidence = e.confidence.unwrap_or(0.8);
        let needed = (confidence * trials as f64).ceil() as usize;
        let want = match e.comparator {
            candor_engine::Comparator::AtMost => values.get(needed - 1),
            candor_engine::Comparator::AtLeast => values.len().checked_sub(needed).map(|k| &values[k]),
        }
        .copied()
        .filter(|v| v.is_finite());
        assert!(
            close(e.commitment_value, want),
            "{template}, {trials} trials, {}: commitment {:?}, sorted raw trials {want:?}",
            e.expectation,
            e.commitment_value
        );
    }
}

#[test]
fn a_trial_has_the_same_figures_in_any_group_of_trials_taken_abreast() {
    // Trials of one phase layout are evaluated four at a time, one to a lane of a vector:
    // a trial must come out the same whichever trials share its group, and as when run on
    // its own. Runs of other lengths and starts group the trials differently.
    for t in shipped::templates() {
        let (plan, _) = TrialPlan::new(&t.case, &shipped::catalog(), None).unwrap();
        let (mut alone, mut grouped) = (plan.work(), plan.work());
        for trials in [0..4, 1..5, 7..10, 40..41, 41..43, 500..504, 0..97] {
            let mut seen = Vec::new();
            plan.run_trials(5, trials.clone(), &mut grouped, &mut |done: &Done<'_>| {
                let trial = done.trial;
                seen.push(trial);
                let want = plan.run(5, trial, &mut alone);
                assert_eq!(*done.metrics, want, "{} trial {trial} of {trials:?}", t.case.name);
                assert!(
                    done.cumulative().zip(alone.cumulative()).all(|(a, b)| a.to_bits() == b.to_bits()),
                    "{} trial {trial}: cumulative cash flow",
                    t.case.name
                );
                assert_eq!(done.fired, alone.fired(), "{} trial {trial}: risks", t.case.name);
            });
            seen.sort_unstable();
            assert_eq!(seen, trials.collect::<Vec<_>>(), "{}: every trial is evaluated once", t.case.name);
        }
    }
}

#[test]
fn a_simulation_reports_the_very_bits_of_its_trials_run_one_at_a_time() {
    // `simulate` runs its trials in a loop compiled for AVX2 where the processor has it; a
    // trial run on its own here is compiled for baseline x86-64. The same operations in
    // the same order must give the same bits: every percentile, taken from the records a
    // simulation keeps (the NPV in full, the other metrics as f32), must equal exactly the
    // one of the raw trials.
    use candor_engine::simulate::percentile;
    for template in ["ambient-scribe", "prior-auth-drafting"] {
        let (sim, raw) = simulated_and_raw(template, 5_000, 11);
        for key in MetricKey::ALL {
            // As a simulation keeps them: the NPV in full, the others as f32.
            let kept = |v: f64| if key == MetricKey::Npv { v } else { f64::from(v as f32) };
            let values = sorted_ranked(&raw, key, kept);
            let reported = &sim.metrics[key.key()];
            for (p, got) in [(0.1, reported.p10), (0.5, reported.p50), (0.9, reported.p90)] {
                let want = percentile(&values, p).filter(|v| v.is_finite());
                assert_eq!(
                    got.map(f64::to_bits),
                    want.map(f64::to_bits),
                    "{template} {key:?} P{}: simulated {got:?}, one at a time {want:?}",
                    p * 100.0
                );
            }
        }
    }
}

/// `template` simulated over `trials` trials seeded `seed`, and the same trials run one at a
/// time.
#[test]
fn the_chance_of_paying_back_within_any_month_is_the_share_of_raw_trials_that_do() {
    // 50,000 trials: past the pilot, where the blocks keep no record but their counts.
    let (sim, raw) = simulated_and_raw("ambient-scribe", 50_000, 11);
    let horizon = shipped::template("ambient-scribe").unwrap().case.horizon_months as usize;
    assert_eq!(
        sim.prob_payback_by_month.len(),
        horizon + 1,
        "one probability for each k from 0 to the horizon"
    );
    assert_eq!(sim.prob_payback_by_month[0], 0.0, "nothing pays back within 0 months");
    for (k, p) in sim.prob_payback_by_month.iter().enumerate() {
        let within = raw.iter().filter(|m| m.payback_month.is_some_and(|month| month as usize <= k)).count();
        assert_eq!(*p, within as f64 / raw.len() as f64, "P(payback ≤ {k})");
    }
    for (k, p) in &sim.prob_payback_within {
        let within = raw.iter().filter(|m| m.payback_month.is_some_and(|month| month <= *k)).count();
        assert_eq!(*p, within as f64 / raw.len() as f64, "P(payback ≤ {k}) as requested");
    }
    let never = raw.iter().filter(|m| m.payback_month.is_none()).count();
    assert_eq!(sim.never_pays_back, never as f64 / raw.len() as f64);
    assert!(
        sim.prob_payback_by_month.windows(2).all(|w| w[0] <= w[1])
            && sim.prob_payback_by_month[horizon] > 0.0,
        "a chance that grows month by month"
    );
}

fn simulated_and_raw(template: &str, trials: usize, seed: u64) -> (simulate::Simulation, Vec<Metrics>) {
    use candor_engine::simulate::{SimulationOptions, simulate};
    let case = shipped::template(template).unwrap().case;
    let opts = SimulationOptions { trials, seed, ..Default::default() };
    let sim = simulate(&case, &shipped::catalog(), None, &opts, &|_| {}).unwrap();
    let (plan, _) = TrialPlan::new(&case, &shipped::catalog(), None).unwrap();
    let mut work = plan.work();
    (sim, (0..trials as u64).map(|t| plan.run(seed, t, &mut work)).collect())
}

/// Metric `key` of the `raw` trials, each passed through `kept`, sorted as it ranks: an
/// undefined value that means "never" last, other undefined values left out.
fn sorted_ranked(raw: &[Metrics], key: MetricKey, kept: impl Fn(f64) -> f64) -> Vec<f64> {
    let mut values: Vec<f64> = raw
        .iter()
        .filter_map(|m| match m.get(key) {
            Some(v) => Some(kept(v)),
            None => key.undefined_is_infinite().then_some(f64::INFINITY),
        })
        .collect();
    values.sort_by(f64::total_cmp);
    values
}
