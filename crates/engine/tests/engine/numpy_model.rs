//! The AI-scribe template's Monte Carlo against an independent model of it in NumPy,
//! `numpy_scribe.py` beside this file: written from PRODUCT.md's conventions and the
//! template's figures, not from the engine's code, vectorised over trials as an analyst
//! would, with NumPy's own random numbers. Its base case matches `candor eval` month by
//! month (its `--deterministic`); its trials are other draws of the same distributions, so
//! the two agree within sampling error, and the bounds below are that error's:
//! - means within 5 standard errors of the difference (√2 × Candor's standard error);
//! - shares (defined, P(NPV > 0), never pays back, P(payback ≤ k)) within 5 binomial ones;
//! - percentiles within 2% of the P10–P90 width, cumulative bands within 4% of theirs (a
//!   percentile's standard error is about 0.5% of that width over 200,000 trials, and the
//!   bands are taken over 20,000 of them: 5 of those errors for the difference of two runs);
//!   paybacks, in whole months, within one month.
//!
//! A wrong sign, a missing line, a risk that never fires or a phase that does not move would
//! each move these figures by far more. The script needs Python 3 with NumPy, which
//! `scripts/setup.sh` installs; `CANDOR_PYTHON` names another interpreter.

use std::process::Command;

use candor_engine::simulate::{SimulationOptions, simulate};
use candor_engine::*;
use serde_json::Value;

use crate::simulation::scribe;

const TRIALS: usize = 200_000;

/// Starts the NumPy model with `arg`; its JSON comes on standard output.
fn numpy_model(arg: &str) -> std::process::Child {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/engine/numpy_scribe.py");
    let python = std::env::var("CANDOR_PYTHON").unwrap_or_else(|_| "python3".into());
    Command::new(&python)
        .args([script, arg])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python} (scripts/setup.sh installs Python and NumPy): {e}"))
}

fn json_of(child: std::process::Child) -> Value {
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "numpy_scribe.py failed: {:?}", output.status);
    serde_json::from_slice(&output.stdout).expect("numpy_scribe.py prints JSON")
}

#[test]
fn the_numpy_models_base_case_is_the_engines_month_by_month() {
    let theirs = json_of(numpy_model("--deterministic"));
    let ours = evaluate(&scribe(), &shipped::catalog(), None).unwrap();
    let theirs = theirs.as_array().unwrap();
    assert_eq!(theirs.len(), ours.monthly.len());
    for (m, t) in ours.monthly.iter().zip(theirs) {
        crate::assert_close(m.cash_flow, t.as_f64().unwrap(), &format!("month {}", m.month));
    }
}

/// A figure of either side's JSON; null (a percentile among trials that never pay back) is
/// `None`.
fn number(v: &Value, what: &str) -> Option<f64> {
    match v {
        Value::Null => None,
        v => Some(v.as_f64().unwrap_or_else(|| panic!("{what}: {v} is not a number"))),
    }
}

/// The two sides' `what` within `bound` of each other.
fn agree(candor: f64, numpy: f64, bound: f64, what: &str) {
    assert!((candor - numpy).abs() <= bound, "{what}: Candor {candor}, NumPy {numpy}, bound ±{bound:.5}");
}

/// Two shares, each of `TRIALS` trials, within 5 binomial standard errors of their
/// difference (a share near 0 or 1 still gets a bound above zero).
fn share_within_error(candor: f64, numpy: f64, what: &str) {
    let p = candor.clamp(1e-4, 1.0 - 1e-4);
    agree(candor, numpy, 5.0 * (p * (1.0 - p) * 2.0 / TRIALS as f64).sqrt(), what);
}

#[test]
fn the_ai_scribe_simulation_agrees_with_an_independent_numpy_model_within_sampling_error() {
    // NumPy runs in its own process while the engine runs here.
    let child = numpy_model(&TRIALS.to_string());
    let opts = SimulationOptions { trials: TRIALS, seed: 2026, ..Default::default() };
    let sim = simulate(&scribe(), &shipped::catalog(), None, &opts, &|_| {}).unwrap();
    let candor = serde_json::to_value(&sim).unwrap();
    let numpy = json_of(child);

    let metrics = numpy["metrics"].as_object().unwrap();
    assert_eq!(metrics.len(), 8, "the NumPy model reports eight metrics");
    for (name, theirs) in metrics {
        let ours = &candor["metrics"][name];
        let what = |stat: &str| format!("{name}.{stat}");
        share_within_error(
            ours["defined"].as_f64().unwrap(),
            theirs["defined"].as_f64().unwrap(),
            &what("defined"),
        );

        let bound = 5.0 * std::f64::consts::SQRT_2 * ours["std_error"].as_f64().unwrap();
        agree(ours["mean"].as_f64().unwrap(), theirs["mean"].as_f64().unwrap(), bound, &what("mean"));

        let in_months = name.contains("payback");
        let width = match (number(&ours["p10"], name), number(&ours["p90"], name)) {
            (Some(lo), Some(hi)) => hi - lo,
            _ => 0.0,
        };
        let bound = if in_months { 1.0 } else { 0.02 * width };
        for stat in ["p10", "p50", "p90"] {
            match (number(&ours[stat], &what(stat)), number(&theirs[stat], &what(stat))) {
                (Some(a), Some(b)) => agree(a, b, bound, &what(stat)),
                // Both ranks fall among the trials that never pay back.
                (None, None) => {}
                (a, b) => panic!("{}: Candor {a:?}, NumPy {b:?}", what(stat)),
            }
        }
    }

    for key in ["prob_npv_positive", "never_pays_back"] {
        share_within_error(candor[key].as_f64().unwrap(), numpy[key].as_f64().unwrap(), key);
    }
    let within = numpy["prob_payback_within"].as_object().unwrap();
    assert_eq!(within.len(), 5);
    for (k, theirs) in within {
        let ours = candor["prob_payback_within"][k].as_f64().unwrap();
        share_within_error(ours, theirs.as_f64().unwrap(), &format!("P(payback ≤ {k})"));
    }

    let (ours, theirs) =
        (candor["cumulative_bands"].as_array().unwrap(), numpy["cumulative_bands"].as_array().unwrap());
    assert_eq!(ours.len(), theirs.len(), "one band a month");
    for (o, t) in ours.iter().zip(theirs) {
        let bound = 0.04 * (o["p90"].as_f64().unwrap() - o["p10"].as_f64().unwrap());
        for stat in ["p10", "p50", "p90"] {
            let what = format!("month {} {stat}", o["month"]);
            agree(o[stat].as_f64().unwrap(), t[stat].as_f64().unwrap(), bound, &what);
        }
    }
}
