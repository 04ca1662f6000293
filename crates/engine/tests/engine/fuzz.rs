//! The case-file reader fuzzed: the shipped templates' JSON mutated (numbers set to extremes,
//! zero, negative; strings where numbers go, NaN-like strings, exponents beyond f64; keys
//! deleted; values of the wrong type; names made duplicates; the text truncated) must be read
//! and validated into one of two outcomes, never a panic:
//! - refused, with every error naming its field (a parse error names the JSON path, or the
//!   line and column where the text stops making sense);
//! - accepted, and then the base case and each scenario evaluate to finite figures, a small
//!   simulation gives finite summaries (or refuses, naming a field), and each scenario's
//!   errors had been exactly those a full check of it gives.
//!
//! The generator is seeded, so a run is reproducible; `CANDOR_FUZZ_CASES` sets how many
//! cases run (default [`CASES`], about 25 s in a debug build on two cores).

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;

use candor_engine::simulate::{SimulationOptions, simulate};
use candor_engine::*;

/// Cases a run tries unless `CANDOR_FUZZ_CASES` says otherwise.
const CASES: u32 = 2000;

/// Numbers a mutation writes: the bounds and either side of them, zero, signs, whole and
/// fractional months, the smallest and largest f64.
const EXTREMES: [f64; 22] = [
    0.0,
    -1.0,
    1.0,
    0.5,
    2.5,
    -0.5,
    1e15,
    1.000_000_000_000_000_2e15,
    -1e15,
    1e16,
    1e25,
    1e307,
    -1e307,
    1e-300,
    5e-324,
    600.0,
    601.0,
    -0.99,
    -0.999,
    5.0,
    5.5,
    f64::MAX,
];

/// Texts that are not numbers where a number goes, and exponents beyond f64.
const NOT_NUMBERS: [&str; 7] = ["\"NaN\"", "\"Infinity\"", "\"-inf\"", "1e400", "-1e400", "null", "\"12\""];

/// One change to a case file.
#[derive(Debug, Clone)]
enum Mutation {
    /// A number leaf set to one of [`EXTREMES`].
    Number(Index, usize),
    /// A number leaf replaced by text from [`NOT_NUMBERS`].
    NotNumber(Index, usize),
    /// A key of an object removed.
    DeleteKey(Index),
    /// A leaf given a value of another type.
    WrongType(Index, usize),
    /// An array item's name given to the item before it.
    DuplicateName(Index),
    /// An array item pushed again, name and all.
    DuplicateItem(Index),
    /// A scenario overriding an input with an extreme value.
    Override(Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), 0..EXTREMES.len()).prop_map(|(i, k)| Mutation::Number(i, k)),
        1 => (any::<Index>(), 0..NOT_NUMBERS.len()).prop_map(|(i, k)| Mutation::NotNumber(i, k)),
        1 => any::<Index>().prop_map(Mutation::DeleteKey),
        1 => (any::<Index>(), 0..5usize).prop_map(|(i, k)| Mutation::WrongType(i, k)),
        1 => any::<Index>().prop_map(Mutation::DuplicateName),
        1 => any::<Index>().prop_map(Mutation::DuplicateItem),
        2 => (any::<Index>(), 0..EXTREMES.len()).prop_map(|(i, k)| Mutation::Override(i, k)),
    ]
}

/// A step of a path into a JSON value.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

/// The paths of every node of `v` that `keep` selects, depth first.
fn paths(v: &Value, keep: &dyn Fn(&Value) -> bool) -> Vec<Vec<Step>> {
    fn walk(v: &Value, at: &mut Vec<Step>, keep: &dyn Fn(&Value) -> bool, out: &mut Vec<Vec<Step>>) {
        if keep(v) {
            out.push(at.clone());
        }
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| {
                at.push(Step::Key(k.clone()));
                walk(x, at, keep, out);
                at.pop();
            }),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
                at.push(Step::At(i));
                walk(x, at, keep, out);
                at.pop();
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), keep, &mut out);
    out
}

fn node<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::At(i) => &mut v[*i],
    })
}

/// A placeholder that `apply` swaps for raw text once the JSON is written.
const RAW: &str = "\u{1}raw\u{1}";

/// Applies `m` to `doc`; raw text (a number JSON cannot hold) is returned to be spliced in.
fn apply(doc: &mut Value, m: &Mutation, raw: &mut Option<&'static str>) {
    let pick = |v: &Value, keep: &dyn Fn(&Value) -> bool, i: &Index| {
        let all = paths(v, keep);
        (!all.is_empty()).then(|| all[i.index(all.len())].clone())
    };
    match m {
        Mutation::Number(i, k) => {
            if let Some(p) = pick(doc, &|v| v.is_number(), i) {
                *node(doc, &p) = serde_json::json!(EXTREMES[*k]);
            }
        }
        Mutation::NotNumber(i, k) => {
            if let Some(p) = pick(doc, &|v| v.is_number(), i) {
                *node(doc, &p) = Value::String(RAW.into());
                *raw = Some(NOT_NUMBERS[*k]);
            }
        }
        Mutation::DeleteKey(i) => {
            if let Some(p) = pick(doc, &|v| v.as_object().is_some_and(|o| !o.is_empty()), i)
                && let Value::Object(o) = node(doc, &p)
            {
                let key = o.keys().nth(i.index(o.len())).cloned().unwrap_or_default();
                o.remove(&key);
            }
        }
        Mutation::WrongType(i, k) => {
            if let Some(p) = pick(doc, &|v| !v.is_object() && !v.is_array(), i) {
                *node(doc, &p) = [
                    Value::Null,
                    Value::Bool(true),
                    Value::String("1,000".into()),
                    serde_json::json!([1]),
                    serde_json::json!({"x": 1}),
                ][*k]
                    .clone();
            }
        }
        Mutation::DuplicateName(i) => {
            let named = |v: &Value| {
                v.as_array().is_some_and(|a| a.len() > 1 && a.iter().all(|x| x.get("name").is_some()))
            };
            if let Some(p) = pick(doc, &named, i)
                && let Value::Array(a) = node(doc, &p)
            {
                let k = 1 + i.index(a.len() - 1);
                a[k - 1]["name"] = a[k]["name"].clone();
            }
        }
        Mutation::DuplicateItem(i) => {
            if let Some(p) = pick(doc, &|v| v.as_array().is_some_and(|a| !a.is_empty()), i)
                && let Value::Array(a) = node(doc, &p)
            {
                let item = a[i.index(a.len())].clone();
                a.push(item);
            }
        }
        Mutation::Override(i, k) => {
            let inputs =
                read_case_file(doc.to_string().as_bytes()).map(|c| list_inputs(&c)).unwrap_or_default();
            if let (false, Some(Value::Array(scenarios))) = (inputs.is_empty(), doc.get_mut("scenarios")) {
                let (input, _) = &inputs[i.index(inputs.len())];
                let value = EXTREMES[*k];
                scenarios.push(serde_json::json!({
                    "name": format!("Fuzz {}", scenarios.len()),
                    "overrides": [{"input": input, "value": value}],
                }));
            }
        }
    }
}

/// A mutated case file: template `t`, its mutations, then truncated to `cut` (a share of its
/// length) when given.
fn case_file(t: usize, mutations: &[Mutation], cut: Option<f64>) -> Vec<u8> {
    let templates = shipped::templates();
    let mut doc: Value = serde_json::from_str(&write_case_file(&templates[t % templates.len()].case))
        .expect("a template is JSON");
    let mut raw = None;
    for m in mutations {
        apply(&mut doc, m, &mut raw);
    }
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON writes");
    if let Some(r) = raw {
        text = text.replace(&format!("\"{RAW}\""), r);
    }
    let mut bytes = text.into_bytes();
    if let Some(share) = cut {
        bytes.truncate((bytes.len() as f64 * share) as usize);
    }
    bytes
}

fn finite(v: Option<f64>) -> bool {
    v.is_none_or(f64::is_finite)
}

/// Every figure of an evaluation is a finite number.
fn all_finite(e: &Evaluation) -> bool {
    let m = &e.metrics;
    [m.npv, m.total_cost, m.total_benefit, m.peak_funding, m.hours_saved].iter().all(|v| v.is_finite())
        && [m.irr_annual, m.roi, m.cost_per_unit, m.minutes_saved_per_main_unit].into_iter().all(finite)
        && e.monthly.iter().all(|r| {
            [
                r.cost,
                r.benefit,
                r.cash_flow,
                r.cumulative,
                r.discounted_cash_flow,
                r.discounted_cumulative,
                r.hours_saved,
            ]
            .iter()
            .all(|v| v.is_finite())
        })
        && e.cost_lines.iter().chain(&e.benefit_lines).all(|l| l.total.is_finite())
}

/// Each scenario compiled in full, its errors named as `validate` names them.
pub fn full_check_of_scenarios(case: &Case, catalog: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for (i, s) in case.scenarios.iter().enumerate() {
        if let Err(e) = Model::compile(case, catalog, Some(&s.name)) {
            for fe in e.field_errors() {
                out.push(if fe.field.starts_with("scenarios[") {
                    fe.to_string()
                } else {
                    format!("scenarios[{i}].overrides: with scenario {:?}, {fe}", s.name)
                });
            }
        }
    }
    out.sort();
    out
}

/// The property every case file must have (see the module's documentation).
fn read_and_check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let catalog = shipped::catalog();
    let case = match read_case_file(bytes) {
        Ok(case) => case,
        Err(EngineError::Malformed(message)) => {
            // A path (`costs[3].unit_price: …`, no space before the colon) or a position.
            let path = message.split_once(':').is_some_and(|(p, _)| !p.is_empty() && !p.contains(' '));
            prop_assert!(path || message.contains("line "), "a parse error names no path: {message}");
            return Ok(());
        }
        Err(e @ (EngineError::FutureSchema { .. } | EngineError::TooLarge { .. })) => {
            prop_assert!(!e.to_string().is_empty());
            return Ok(());
        }
        Err(e) => return Err(TestCaseError::fail(format!("reading gave an unexpected error: {e}"))),
    };
    match validate(&case, &catalog) {
        Err(EngineError::Invalid(errors)) => {
            prop_assert!(!errors.is_empty());
            for e in &errors {
                prop_assert!(!e.field.is_empty() && !e.message.is_empty(), "an error names no field: {e:?}");
            }
            // Where the base case passed its full check, the scenarios' errors are those a
            // full check of each scenario gives.
            if Model::compile(&case, &catalog, None).is_ok()
                && errors.iter().all(|e| e.field.starts_with("scenarios["))
            {
                let mut got: Vec<String> = errors.iter().map(ToString::to_string).collect();
                got.sort();
                prop_assert_eq!(got, full_check_of_scenarios(&case, &catalog));
            }
        }
        Err(e) => return Err(TestCaseError::fail(format!("validation refused without naming a field: {e}"))),
        Ok(()) => {
            prop_assert_eq!(full_check_of_scenarios(&case, &catalog), Vec::<String>::new());
            for scenario in std::iter::once(None).chain(case.scenarios.iter().map(|s| Some(s.name.as_str())))
            {
                let e =
                    evaluate(&case, &catalog, scenario).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(
                    all_finite(&e),
                    "scenario {scenario:?} evaluates to a non-finite figure: {:?}",
                    e.metrics
                );
            }
            let opts = SimulationOptions { trials: 200, seed: 11, band_trials: 200, ..Default::default() };
            match simulate(&case, &catalog, None, &opts, &|_| {}) {
                Ok(sim) => {
                    for (name, m) in &sim.metrics {
                        for v in [m.mean, m.std_error, m.p10, m.p50, m.p90] {
                            prop_assert!(finite(v), "the simulation's {name} is not finite: {m:?}");
                        }
                    }
                    prop_assert!(
                        sim.cumulative_bands
                            .iter()
                            .all(|b| [b.p10, b.p50, b.p90].iter().all(|v| v.is_finite()))
                    );
                }
                Err(EngineError::Invalid(errors)) => {
                    prop_assert!(errors.iter().all(|e| !e.field.is_empty()), "{errors:?}");
                }
                Err(e) => return Err(TestCaseError::fail(format!("the simulation failed: {e}"))),
            }
        }
    }
    Ok(())
}

#[test]
fn a_mutated_case_file_is_refused_naming_a_field_or_accepted_with_finite_figures() {
    let cases = std::env::var("CANDOR_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(CASES);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let strategy =
        (0..3usize, prop::collection::vec(mutation(), 1..4), prop::option::weighted(0.1, 0.0..1.0f64));
    let result = runner.run(&strategy, |(t, mutations, cut)| read_and_check(&case_file(t, &mutations, cut)));
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ----- what the fuzz found, kept ------------------------------------------------------

#[test]
fn a_file_cut_inside_a_character_is_refused_as_truncated_with_its_position() {
    let text = write_case_file(&shipped::templates()[0].case);
    let dash = text.find('—').expect("the template has a dash");
    let err = read_case_file(&text.as_bytes()[..dash + 1]).unwrap_err().to_string();
    assert!(err.contains("truncated") && err.contains(&format!("at byte {dash}")), "{err}");
    read_and_check(&text.as_bytes()[..dash + 1]).unwrap();
}

#[test]
fn a_scenario_that_breaks_a_phase_rule_is_not_also_laid_out() {
    // The full check stops at the broken figure; the timeline is never read from it.
    let mut case = shipped::templates()[0].case.clone();
    let phase = case.phases[0].name.clone();
    case.scenarios.push(Scenario {
        name: "Negative pilot".into(),
        description: String::new(),
        overrides: vec![Override { input: format!("phases[{phase}].duration_months"), value: -1e15 }],
    });
    let errors = validate(&case, &shipped::catalog()).unwrap_err();
    assert_eq!(errors.field_errors().len(), 1, "{errors}");
    read_and_check(write_case_file(&case).as_bytes()).unwrap();
}
