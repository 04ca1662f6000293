//! Monte Carlo, samplers, risks and expectations, checked against the distributions' own
//! CDFs, known moments and the raw trials.

use candor_engine::distribution::{Distribution, Domain};
use candor_engine::simulate::{SimulationOptions, TrialPlan, simulate};
use candor_engine::*;
use rand::SeedableRng;
use statrs::distribution::{Beta, ContinuousCDF, LogNormal, Normal, Triangular, Uniform};

pub(crate) fn scribe() -> Case {
    shipped::template("ambient-scribe").unwrap().case
}

pub(crate) fn run(case: &Case, trials: usize, seed: u64) -> simulate::Simulation {
    let opts = SimulationOptions { trials, seed, ..Default::default() };
    simulate(case, &shipped::catalog(), None, &opts, &|_| {}).unwrap()
}

/// Kolmogorov–Smirnov statistic of `samples` against `cdf`.
fn ks(mut samples: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let n = samples.len() as f64;
    samples
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let f = cdf(*x);
            (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
        })
        .fold(0.0, f64::max)
}

fn draw(d: &Distribution, n: usize) -> Vec<f64> {
    let sampler = d.sampler(Domain::NonNegative);
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
    (0..n).map(|_| sampler.sample(&mut rng)).collect()
}

#[test]
fn samplers_follow_their_distributions_by_the_kolmogorov_smirnov_test() {
    let n = 20_000;
    // Critical value at the 0.1% level: 1.95 / √n.
    let critical = 1.95 / (n as f64).sqrt();
    let (mu, sigma) =
        ((119f64.ln() + 400f64.ln()) / 2.0, (400f64.ln() - 119f64.ln()) / (2.0 * 1.6448536269514722));
    type Cdf = Box<dyn Fn(f64) -> f64>;
    let cases: Vec<(Distribution, Cdf)> = vec![
        (Distribution::Uniform { low: 2.0, high: 5.0 }, Box::new(|x| Uniform::new(2.0, 5.0).unwrap().cdf(x))),
        (
            Distribution::Triangular { low: 1.0, likely: 2.0, high: 6.0 },
            Box::new(|x| Triangular::new(1.0, 6.0, 2.0).unwrap().cdf(x)),
        ),
        (
            // PERT(0, 0.68, 1.5) is 1.5 × Beta(1 + 4·0.68/1.5, 1 + 4·0.82/1.5).
            Distribution::Pert { low: 0.0, likely: 0.68, high: 1.5 },
            Box::new(|x| Beta::new(1.0 + 4.0 * 0.68 / 1.5, 1.0 + 4.0 * 0.82 / 1.5).unwrap().cdf(x / 1.5)),
        ),
        (Distribution::Normal { mean: 10.0, sd: 2.0 }, Box::new(|x| Normal::new(10.0, 2.0).unwrap().cdf(x))),
        (
            Distribution::Lognormal90 { low: 119.0, high: 400.0 },
            Box::new(move |x| LogNormal::new(mu, sigma).unwrap().cdf(x)),
        ),
    ];
    for (d, cdf) in cases {
        let d_stat = ks(draw(&d, n), cdf);
        assert!(d_stat < critical, "{d:?}: KS statistic {d_stat} ≥ {critical}");
    }
}

#[test]
fn a_pert_has_the_mean_a_plus_four_m_plus_b_over_six() {
    let (a, m, b) = (10.0, 20.0, 60.0);
    let samples = draw(&Distribution::Pert { low: a, likely: m, high: b }, 50_000);
    let mean = samples.iter().sum::<f64>() / samples.len() as f64;
    let expected = (a + 4.0 * m + b) / 6.0;
    assert!((mean - expected).abs() < 0.2, "mean {mean}, expected {expected}");
}

#[test]
fn a_lognormal_from_a_90_percent_interval_has_those_percentiles() {
    let d = Distribution::Lognormal90 { low: 119.0, high: 400.0 };
    assert!((d.quantile(0.05, Domain::NonNegative) - 119.0).abs() < 1e-6);
    assert!((d.quantile(0.95, Domain::NonNegative) - 400.0).abs() < 1e-6);
}

#[test]
fn a_normal_on_a_field_that_cannot_be_negative_is_truncated_not_clamped() {
    let samples = draw(&Distribution::Normal { mean: 0.5, sd: 1.0 }, 20_000);
    assert!(samples.iter().all(|x| *x >= 0.0));
    let at_zero = samples.iter().filter(|x| **x == 0.0).count();
    assert_eq!(at_zero, 0, "no mass piles up at the bound");
}

#[test]
fn the_same_seed_gives_bit_identical_results_whatever_the_thread_count() {
    let case = scribe();
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run(&case, 5_000, 11))
    };
    let one = serde_json::to_string(&on(1)).unwrap();
    let two = serde_json::to_string(&on(2)).unwrap();
    let three = serde_json::to_string(&on(3)).unwrap();
    assert!(one == two && two == three, "results differ between thread counts");
    assert_ne!(
        one,
        serde_json::to_string(&run(&case, 5_000, 12)).unwrap(),
        "another seed gives other numbers"
    );
}

/// `case` with every uncertain input fixed at its base value and no risk: its trials are
/// all the base case.
pub(crate) fn degenerate(mut case: Case) -> Case {
    // Catalog-priced inputs have their value once prices are resolved.
    let inputs = list_inputs(&Model::prepare(&case, &shipped::catalog(), None).unwrap().0);
    for u in &mut case.uncertain {
        let value =
            u.distribution.central().unwrap_or_else(|| inputs.iter().find(|(p, _)| *p == u.input).unwrap().1);
        u.distribution = Distribution::Fixed { value };
    }
    case.risks.clear();
    case
}

#[test]
fn a_case_whose_distributions_are_all_degenerate_gives_the_deterministic_result() {
    let base = evaluate(&scribe(), &shipped::catalog(), None).unwrap();
    let case = degenerate(scribe());
    let sim = run(&case, 500, 1);
    let npv = &sim.metrics["npv"];
    for v in [npv.mean, npv.p10, npv.p50, npv.p90] {
        assert!((v.unwrap() - base.metrics.npv).abs() < 1e-6, "{v:?} vs {}", base.metrics.npv);
    }
    assert!(npv.std_error.unwrap() < 1e-6);
    assert_eq!(sim.metrics["payback_month"].p50, base.metrics.payback_month.map(f64::from));
}

#[test]
fn a_risk_with_probability_p_fires_in_about_p_of_trials() {
    let sim = run(&scribe(), 20_000, 3);
    for (risk, result) in scribe().risks.iter().zip(&sim.risks) {
        let p = risk.probability;
        let tolerance = 4.0 * (p * (1.0 - p) / 20_000.0).sqrt();
        assert!((result.fired_share - p).abs() <= tolerance, "{}: {} vs {p}", risk.name, result.fired_share);
    }
}

#[test]
fn a_delay_risk_that_always_fires_moves_go_live_by_its_delay() {
    let mut case = scribe();
    case.uncertain.clear();
    case.risks.clear();
    case.risks.push(Risk {
        name: "Late".into(),
        category: RiskCategory::IntegrationDelay,
        probability: 1.0,
        phase: Some(case.phases[0].name.clone()),
        delay_months: 3.0,
        one_off_cost: 0.0,
        cost_at: None,
        benefit_reduction: 0.0,
        mitigation: None,
        notes: String::new(),
    });
    let base = evaluate(&case, &shipped::catalog(), None).unwrap().metrics.go_live_month;
    let sim = run(&case, 200, 5);
    let go_live = &sim.metrics["go_live_month"];
    assert_eq!((go_live.p10, go_live.p90), (Some(f64::from(base + 3)), Some(f64::from(base + 3))));
}

#[test]
fn the_probability_reported_for_an_expectation_equals_the_share_of_raw_trials() {
    let case = scribe();
    let trials = 3_000;
    let sim = run(&case, trials, 9);
    let (plan, _) = TrialPlan::new(&case, &shipped::catalog(), None).unwrap();
    let mut work = plan.work();
    let raw: Vec<Metrics> = (0..trials as u64).map(|t| plan.run(9, t, &mut work)).collect();
    let mut checked = 0;
    for s in &case.stakeholders {
        for e in &s.expectations {
            let met = raw
                .iter()
                .filter(|m| simulate::meets(m.get(e.metric), e.metric, e.comparator, e.threshold))
                .count();
            let reported =
                sim.expectations.iter().find(|r| r.stakeholder == s.name && r.metric == e.metric).unwrap();
            assert_eq!(reported.probability_met, met as f64 / trials as f64, "{} {:?}", s.name, e.metric);
            checked += 1;
        }
    }
    assert!(checked >= 4);
    let positive = raw.iter().filter(|m| m.npv > 0.0).count() as f64 / trials as f64;
    assert_eq!(sim.prob_npv_positive, positive);
}

#[test]
fn a_commitment_holds_at_its_confidence_in_the_raw_trials() {
    let case = scribe();
    let sim = run(&case, 4_000, 21);
    let cfo_npv = sim.expectations.iter().find(|e| e.metric == MetricKey::Npv).unwrap();
    let floor = cfo_npv.commitment_value.expect("an NPV floor exists");
    // Re-run with the committed floor as threshold: it is met in at least 80% of trials.
    let mut committed = case.clone();
    for s in &mut committed.stakeholders {
        for e in &mut s.expectations {
            if e.metric == MetricKey::Npv {
                e.threshold = floor;
            }
        }
    }
    let again = run(&committed, 4_000, 21);
    let p = again.expectations.iter().find(|e| e.metric == MetricKey::Npv).unwrap().probability_met;
    assert!(p >= 0.8, "P(NPV ≥ {floor}) = {p}");
}

#[test]
fn uncertain_inputs_and_risks_are_validated_with_their_fields_named() {
    let catalog = shipped::catalog();
    let fields = |case: &Case| -> Vec<String> {
        validate(case, &catalog).unwrap_err().field_errors().iter().map(|f| f.field.clone()).collect()
    };
    let mut c = scribe();
    c.uncertain[0].distribution = Distribution::Pert { low: 1.0, likely: 0.5, high: 2.0 };
    assert!(fields(&c).contains(&"uncertain[0].distribution.likely".to_string()));
    let mut c = scribe();
    c.uncertain[0].input = "costs[Nope].unit_price".into();
    assert!(fields(&c).contains(&"uncertain[0].input".to_string()));
    let mut c = scribe();
    c.risks[0].probability = 1.5;
    assert!(fields(&c).contains(&"risks[0].probability".to_string()));
    let mut c = scribe();
    c.risks[0].phase = Some("Nope".into());
    assert!(fields(&c).contains(&"risks[0].phase".to_string()));
    let mut c = scribe();
    c.stakeholders[0].expectations[0].confidence = Some(1.2);
    assert!(fields(&c).contains(&"stakeholders[0].expectations[0].confidence".to_string()));
}

#[test]
fn the_tornado_has_a_bar_per_uncertain_input_sorted_by_npv_swing() {
    let case = scribe();
    let t = sensitivity::tornado(&case, &shipped::catalog(), None).unwrap();
    assert_eq!(t.bars.len(), case.uncertain.len());
    assert!(t.bars.windows(2).all(|w| w[0].npv_swing >= w[1].npv_swing));
    let minutes = t.bars.iter().find(|b| b.input.contains("minutes_per_unit")).unwrap();
    assert!(minutes.p10 < minutes.base && minutes.base < minutes.p90);
    assert!(minutes.npv_at_p90 > minutes.npv_at_p10, "more minutes saved is worth more");
}

#[test]
fn the_break_even_value_put_back_into_the_case_gives_npv_zero() {
    let case = scribe();
    let catalog = shipped::catalog();
    let input = "benefits[Documentation time saved].minutes_per_unit";
    let s = sensitivity::solve(&case, &catalog, input, sensitivity::Target::Npv(0.0)).unwrap();
    let v = s.value.expect("a break-even exists within 0–90 s");
    let mut c = Model::prepare(&case, &catalog, None).unwrap().0;
    c.uncertain.clear();
    assert!(set_input(&mut c, input, v));
    let npv = evaluate(&c, &catalog, None).unwrap().metrics.npv;
    assert!(npv.abs() < 1.0, "NPV at the break-even value is {npv}");
}

#[test]
fn the_payback_solution_put_back_into_the_case_pays_back_in_time() {
    let case = scribe();
    let catalog = shipped::catalog();
    let input = "costs[Scribe subscription].unit_price";
    let s = sensitivity::solve(&case, &catalog, input, sensitivity::Target::Payback(12)).unwrap();
    let mut c = Model::prepare(&case, &catalog, None).unwrap().0;
    c.uncertain.clear();
    match s.value {
        Some(v) => {
            assert!(set_input(&mut c, input, v));
            let p = evaluate(&c, &catalog, None).unwrap().metrics.payback_month;
            assert!(p.is_some_and(|p| p <= 12), "payback {p:?} at {v}");
        }
        None => assert!(s.message.contains("No value"), "{}", s.message),
    }
}

#[test]
fn the_solver_says_so_when_no_value_in_range_reaches_the_target() {
    let s =
        sensitivity::solve(&scribe(), &shipped::catalog(), "discount_rate", sensitivity::Target::Npv(1e12))
            .unwrap();
    assert_eq!(s.value, None);
    assert!(
        s.message
            .starts_with("No value of discount rate from -50.0% to 100.0% gives NPV = $1,000,000,000,000"),
        "{}",
        s.message
    );
}

#[test]
fn the_solver_refuses_an_npv_target_that_is_not_a_number_naming_the_target() {
    let input = "costs[Scribe subscription].unit_price";
    let err = sensitivity::solve(&scribe(), &shipped::catalog(), input, sensitivity::Target::Npv(f64::NAN))
        .unwrap_err();
    let EngineError::Invalid(fields) = err else { panic!("expected an invalid-input error, got {err:?}") };
    assert_eq!(fields[0].field, "target");
}

#[test]
fn a_mitigation_is_worth_its_cost_when_the_loss_it_avoids_exceeds_it() {
    let case = scribe();
    let catalog = shipped::catalog();
    let values = sensitivity::mitigation_values(&case, &catalog, None).unwrap();
    let privacy =
        values.iter().find(|v| v.risk == "Privacy incident").expect("the scribe template mitigates privacy");
    // The incident costs 250,000 in month 0 (undiscounted): the loss is exactly that.
    assert!((privacy.npv_loss_if_it_happens - 250_000.0).abs() < 1e-6, "{}", privacy.npv_loss_if_it_happens);
    let expected = (0.03 - 0.015) * 250_000.0 - 8_000.0;
    assert!((privacy.expected_value - expected).abs() < 1e-6);
    assert_eq!(privacy.worth_it, expected > 0.0);
}

#[test]
fn a_cancelled_simulation_stops_with_the_cancelled_error_before_running_every_trial() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let case = scribe();
    let opts = SimulationOptions { trials: 200_000, ..Default::default() };
    let cancelled = AtomicBool::new(false);
    let reported = AtomicUsize::new(0);
    // Cancel as soon as the first block reports: the run must stop well short of the end.
    let progress = |done: usize| {
        reported.store(done, Ordering::Relaxed);
        cancelled.store(true, Ordering::Relaxed);
    };
    let result =
        simulate::simulate_unless_cancelled(&case, &shipped::catalog(), None, &opts, &progress, &cancelled);
    assert!(matches!(result, Err(EngineError::Cancelled)), "{result:?}");
    assert_eq!(EngineError::Cancelled.code(), "cancelled");
    let done = reported.load(Ordering::Relaxed);
    assert!(done < opts.trials / 2, "the run went on after the cancel: {done} trials reported");
}
