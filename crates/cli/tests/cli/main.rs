//! The `candor` binary as a user runs it: real processes, a temporary database, exit codes.

mod concurrency;
mod trash;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use candor_engine::shipped;
use serde_json::Value;

pub(crate) struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub(crate) fn new() -> Self {
        Sandbox { dir: tempfile::tempdir().unwrap() }
    }
    pub(crate) fn db(&self) -> PathBuf {
        self.dir.path().join("candor.db")
    }
    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_candor"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("CANDOR_DB")
            .output()
            .unwrap()
    }
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    /// Runs a command that must fail with `code`; returns its stderr.
    pub(crate) fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stderr).unwrap()
    }
}

pub(crate) fn template_path(id: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/templates")
        .join(format!("{id}.json"))
        .display()
        .to_string()
}

#[test]
fn templates_lists_the_three_shipped_templates() {
    let out = Sandbox::new().ok(&["templates"]);
    for t in shipped::templates() {
        assert!(out.contains(t.id), "{out}");
    }
}

#[test]
fn eval_json_gives_the_engines_metrics_and_every_month() {
    let sb = Sandbox::new();
    for t in shipped::templates() {
        let out: Value = serde_json::from_str(&sb.ok(&["eval", &template_path(t.id), "--json"])).unwrap();
        let expected = candor_engine::evaluate(&t.case, &shipped::catalog(), None).unwrap();
        assert_eq!(out["metrics"]["npv"].as_f64().unwrap(), expected.metrics.npv, "{}", t.id);
        for key in [
            "npv",
            "irr_annual",
            "roi",
            "payback_month",
            "discounted_payback_month",
            "peak_funding",
            "total_cost",
            "total_benefit",
        ] {
            assert!(
                out["metrics"].get(key).is_some(),
                "{}: metrics.{key} present (null when undefined)",
                t.id
            );
        }
        let months = out["monthly"].as_array().unwrap();
        assert_eq!(months.len(), t.case.horizon_months as usize);
        for key in ["month", "cost", "benefit", "cash_flow", "cumulative", "cost_by_category"] {
            assert!(months[0].get(key).is_some(), "monthly[].{key}");
        }
        assert!(months[0]["cost_by_category"]["compute_inference"].is_number());
    }
}

#[test]
fn eval_reports_null_payback_when_a_scenario_never_pays_back() {
    let sb = Sandbox::new();
    let t = &shipped::templates()[0];
    let never = t.case.scenarios.iter().find(|s| {
        candor_engine::evaluate(&t.case, &shipped::catalog(), Some(&s.name))
            .unwrap()
            .metrics
            .payback_month
            .is_none()
    });
    let Some(s) = never else { return };
    let out: Value =
        serde_json::from_str(&sb.ok(&["eval", &template_path(t.id), "--scenario", &s.name, "--json"]))
            .unwrap();
    assert!(out["metrics"]["payback_month"].is_null());
    assert_eq!(out["scenario"], Value::String(s.name.clone()));
}

#[test]
fn a_stored_case_is_created_listed_evaluated_exported_and_imported() {
    let sb = Sandbox::new();
    sb.ok(&["new", "--template", "radiology-drafts", "--name", "Radiology, site B"]);
    let list = sb.ok(&["list"]);
    assert!(list.contains("Radiology, site B") && list.contains("4 case(s)"), "{list}");
    let human = sb.ok(&["eval", "Radiology, site B"]);
    assert!(human.contains("NPV at 8.0% a year") && human.contains("Payback"), "{human}");

    let file = sb.file("case.json");
    sb.ok(&["export", "Radiology, site B", "--out", file.to_str().unwrap()]);
    let err = sb.fails(&["import", file.to_str().unwrap()], 2);
    assert!(err.contains("already exists"), "the same name twice is refused: {err}");

    let text = std::fs::read_to_string(&file).unwrap().replace("Radiology, site B", "Radiology, site C");
    std::fs::write(&file, text).unwrap();
    sb.ok(&["import", file.to_str().unwrap()]);
    let a: Value = serde_json::from_str(&sb.ok(&["eval", "Radiology, site B", "--json"])).unwrap();
    let b: Value = serde_json::from_str(&sb.ok(&["eval", "Radiology, site C", "--json"])).unwrap();
    assert_eq!(a["metrics"], b["metrics"], "the imported copy evaluates identically");
}

#[test]
fn bad_files_are_refused_with_exit_code_2_and_nothing_is_stored() {
    let sb = Sandbox::new();
    let before = sb.ok(&["list", "--json"]);
    let good = std::fs::read_to_string(template_path("ambient-scribe")).unwrap();
    let renamed = good.replacen("\"name\": \"", "\"name\": \"Imported ", 1);
    let cases = [
        ("truncated.json", renamed[..renamed.len() / 3].to_string(), "truncated"),
        ("future.json", renamed.replacen("\"schema_version\": 1", "\"schema_version\": 7", 1), "newer"),
        (
            "negative.json",
            renamed.replacen("\"monthly_volume\": ", "\"monthly_volume\": -", 1),
            "drivers[0].monthly_volume",
        ),
        ("not-json.json", "<html>".to_string(), "not valid JSON"),
    ];
    for (name, text, expect) in cases {
        let path = sb.file(name);
        std::fs::write(&path, text).unwrap();
        let err = sb.fails(&["import", path.to_str().unwrap()], 2);
        assert!(err.contains(expect), "{name}: {err}");
    }
    let missing = sb.fails(&["import", sb.file("missing.json").to_str().unwrap()], 2);
    assert!(missing.contains("cannot read"), "{missing}");
    assert_eq!(sb.ok(&["list", "--json"]), before, "nothing was stored");
}

#[test]
fn unknown_cases_scenarios_and_usage_errors_exit_with_code_2() {
    let sb = Sandbox::new();
    assert!(sb.fails(&["eval", "no such case"], 2).contains("no case named"));
    assert!(sb.fails(&["eval", &template_path("ambient-scribe"), "--scenario", "Nope"], 2).contains("Nope"));
    sb.fails(&["frobnicate"], 2);
    sb.fails(&["new"], 2);
    sb.fails(&["new", "--template", "nope"], 2);
}

#[test]
fn a_database_that_cannot_be_created_is_an_internal_failure_with_exit_code_1() {
    let sb = Sandbox::new();
    let blocker = sb.file("a-file");
    std::fs::write(&blocker, "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_candor"))
        .arg("--db")
        .arg(blocker.join("sub/candor.db"))
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn catalog_stale_lists_only_prices_older_than_twelve_months() {
    let sb = Sandbox::new();
    let all: Value = serde_json::from_str(&sb.ok(&["catalog", "--json"])).unwrap();
    let stale: Value = serde_json::from_str(&sb.ok(&["catalog", "--stale", "--json"])).unwrap();
    let all = all.as_array().unwrap();
    let stale = stale.as_array().unwrap();
    assert_eq!(all.len(), shipped::catalog_items().len());
    assert!(!stale.is_empty() && stale.len() < all.len(), "{} of {}", stale.len(), all.len());
    assert!(stale.iter().all(|i| i["stale"] == Value::Bool(true) && i["age_months"].as_i64().unwrap() > 12));
    let human = sb.ok(&["catalog", "--stale"]);
    assert!(human.contains("STALE") && human.contains("older than 12 months"), "{human}");
}

#[test]
fn the_catalog_table_writes_a_fraction_of_a_cent_without_rounding_it() {
    let sb = Sandbox::new();
    let human = sb.ok(&["catalog"]);
    let archive =
        human.lines().find(|l| l.contains("aws-s3-glacier-deep-archive")).expect("the archive price's row");
    // Its shipped price is $0.00099 a GB-month; four decimals wrote it as 0.0010.
    assert!(archive.contains("$0.00099"), "{archive}");
}

#[test]
fn simulate_json_gives_percentiles_probabilities_bands_and_expectations() {
    let sb = Sandbox::new();
    let path = template_path("ambient-scribe");
    let out: Value =
        serde_json::from_str(&sb.ok(&["simulate", &path, "--trials", "2000", "--seed", "5", "--json"]))
            .unwrap();
    assert_eq!(out["trials"], 2000);
    assert_eq!(out["seed"], 5);
    for key in ["mean", "std_error", "p10", "p50", "p90"] {
        assert!(out["metrics"]["npv"][key].is_number(), "metrics.npv.{key}");
    }
    let p = out["prob_npv_positive"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    assert!(out["prob_payback_within"]["24"].is_number());
    // Every k from 0 to the 36-month horizon, the requested 24 among them.
    let by_month = out["prob_payback_by_month"].as_array().unwrap();
    assert_eq!(by_month.len(), 37);
    assert_eq!(by_month[24], out["prob_payback_within"]["24"]);
    let within: Value =
        serde_json::from_str(&sb.ok(&["simulate", &path, "--trials", "500", "--within", "20", "--json"]))
            .unwrap();
    assert_eq!(within["prob_payback_within"].as_object().unwrap().keys().collect::<Vec<_>>(), vec!["20"]);
    assert!(out["never_pays_back"].is_number());
    assert_eq!(out["cumulative_bands"].as_array().unwrap().len(), 36);
    let e = &out["expectations"][0];
    for key in ["stakeholder", "expectation", "probability_met", "commitment"] {
        assert!(!e[key].is_null(), "expectations[].{key}");
    }
    let again: Value =
        serde_json::from_str(&sb.ok(&["simulate", &path, "--trials", "2000", "--seed", "5", "--json"]))
            .unwrap();
    assert_eq!(out, again, "same seed, same numbers");
}

#[test]
fn expectations_lists_each_stakeholder_with_a_probability_and_a_commitment() {
    let sb = Sandbox::new();
    let out = sb.ok(&["expectations", &template_path("ambient-scribe"), "--trials", "1000"]);
    assert!(out.contains("CFO") && out.contains("P(met)") && out.contains("at 80.0%"), "{out}");
    sb.fails(&["simulate", &template_path("ambient-scribe"), "--trials", "0"], 2);
}

#[test]
fn sensitivity_and_solve_answer_in_words_and_json() {
    let sb = Sandbox::new();
    let path = template_path("ambient-scribe");
    let out: Value = serde_json::from_str(&sb.ok(&["sensitivity", &path, "--json"])).unwrap();
    assert!(!out["tornado"]["bars"].as_array().unwrap().is_empty());
    assert!(out["mitigations"][0]["expected_value"].is_number());
    let words = sb.ok(&[
        "solve",
        &path,
        "--input",
        "benefits[Documentation time saved].minutes_per_unit",
        "--target",
        "npv=0",
    ]);
    assert!(words.starts_with("Documentation time saved (minutes per unit) = 0."), "{words}");
    assert!(words.contains(" gives NPV = $0 (now 0.6833)"), "{words}");
    let err = sb.fails(&["solve", &path, "--input", "x", "--target", "roi=3"], 2);
    assert!(err.contains("npv=AMOUNT or payback=MONTHS"), "{err}");
}

#[test]
fn chart_writes_a_slide_sized_svg_of_each_kind() {
    let sb = Sandbox::new();
    let path = template_path("prior-auth-drafting");
    for kind in [
        "cumulative",
        "band",
        "costs",
        "tornado",
        "npv",
        "expectations",
        "power-interest",
        "risks",
        "scenarios",
        "waterfall",
        "hosting",
    ] {
        let out = sb.file(&format!("{kind}.svg"));
        sb.ok(&["chart", &path, "--kind", kind, "--trials", "300", "--out", out.to_str().unwrap()]);
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("width=\"1920\"") && svg.contains("height=\"1080\""),
            "{kind}"
        );
    }
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn chart_writes_png_at_1x_and_2x_and_a_vector_pdf() {
    let sb = Sandbox::new();
    let path = template_path("ambient-scribe");
    let png = sb.file("cumulative.png");
    let out = png.to_str().unwrap();
    sb.ok(&["chart", &path, "--kind", "cumulative", "--out", out]);
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (1920, 1080));
    sb.ok(&["chart", &path, "--kind", "cumulative", "--out", out, "--scale", "2"]);
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (3840, 2160));

    let pdf = sb.file("band.pdf");
    sb.ok(&["chart", &path, "--kind", "band", "--trials", "300", "--out", pdf.to_str().unwrap()]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.ends_with(b"%%EOF"), "not a whole PDF");
}

#[test]
fn chart_refuses_a_bad_scale_or_file_type_with_exit_code_2() {
    let sb = Sandbox::new();
    let path = template_path("ambient-scribe");
    let png = sb.file("x.png");
    let png = png.to_str().unwrap();
    for scale in ["0", "-1", "9", "NaN"] {
        let err =
            sb.fails(&["chart", &path, "--kind", "costs", "--out", png, &format!("--scale={scale}")], 2);
        assert!(err.contains("--scale"), "{scale}: {err}");
    }
    let err = sb.fails(&["chart", &path, "--kind", "costs", "--out", png, "--scale", "two"], 2);
    assert!(err.contains("--scale"), "{err}");
    let svg = sb.file("x.svg");
    let err =
        sb.fails(&["chart", &path, "--kind", "costs", "--out", svg.to_str().unwrap(), "--scale", "2"], 2);
    assert!(err.contains("--scale") && err.contains(".png only"), "{err}");
    let gif = sb.file("x.gif");
    let err = sb.fails(&["chart", &path, "--kind", "costs", "--out", gif.to_str().unwrap()], 2);
    assert!(err.contains(".svg, .png or .pdf"), "{err}");
    assert!(!sb.file("x.png").exists() && !sb.file("x.gif").exists(), "nothing is written on a refusal");
}

#[test]
fn report_writes_the_pdf_deck_of_a_file_or_a_stored_case() {
    let sb = Sandbox::new();
    let deck = sb.file("deck.pdf");
    let out = sb.ok(&[
        "report",
        &template_path("radiology-drafts"),
        "--trials",
        "300",
        "--out",
        deck.to_str().unwrap(),
    ]);
    assert!(out.contains("deck.pdf"), "{out}");
    let bytes = std::fs::read(&deck).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.ends_with(b"%%EOF"), "not a whole PDF");
    assert!(bytes.windows(6).filter(|w| w == b"/Page\n" || w == b"/Page ").count() >= 13, "too few pages");

    sb.ok(&["new", "--template", "ambient-scribe", "--name", "Scribe"]);
    let scenario = sb.file("pessimistic.pdf");
    sb.ok(&[
        "report",
        "Scribe",
        "--scenario",
        "Pessimistic",
        "--trials",
        "300",
        "--out",
        scenario.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&scenario).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn report_refuses_bad_usage_with_exit_code_2() {
    let sb = Sandbox::new();
    let path = template_path("ambient-scribe");
    let deck = sb.file("deck.pdf");
    let deck = deck.to_str().unwrap();
    let err = sb.fails(&["report", &path, "--out", sb.file("deck.pptx").to_str().unwrap()], 2);
    assert!(err.contains(".pdf"), "{err}");
    let err = sb.fails(&["report", &path, "--out", deck, "--scenario", "Nope"], 2);
    assert!(err.contains("Nope"), "{err}");
    let err = sb.fails(&["report", &path, "--out", deck, "--trials", "0"], 2);
    assert!(err.contains("trials"), "{err}");
    assert!(!sb.file("deck.pdf").exists(), "nothing is written on a refusal");
}

#[test]
fn export_writes_csv_and_xlsx_from_the_extension() {
    let sb = Sandbox::new();
    let path = template_path("prior-auth-drafting");
    let csv = sb.file("flows.csv");
    sb.ok(&["export", &path, "--out", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("month,calendar_month,cost"), "{}", &text[..60]);
    assert_eq!(text.lines().count(), 48 + 1);
    let xlsx = sb.file("case.xlsx");
    sb.ok(&["export", &path, "--out", xlsx.to_str().unwrap(), "--trials", "200"]);
    let bytes = std::fs::read(&xlsx).unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip archive");
}

#[test]
fn an_absurd_volume_is_refused_naming_the_field_and_the_largest_amount() {
    let sb = Sandbox::new();
    let mut case: Value =
        serde_json::from_str(&std::fs::read_to_string(template_path("ambient-scribe")).unwrap()).unwrap();
    for volume in [1e307, 1e25] {
        case["drivers"][0]["monthly_volume"] = serde_json::json!(volume);
        let file = sb.file("absurd.json");
        std::fs::write(&file, serde_json::to_string(&case).unwrap()).unwrap();
        let stderr = sb.fails(&["eval", file.to_str().unwrap()], 2);
        assert!(
            stderr.contains("drivers[0].monthly_volume")
                && stderr.contains("beyond the largest supported amount (1e15)"),
            "{volume}: {stderr}"
        );
        let stderr = sb.fails(&["import", file.to_str().unwrap()], 2);
        assert!(stderr.contains("drivers[0].monthly_volume"), "{stderr}");
    }
    assert_eq!(sb.ok(&["list"]).matches("case(s)").count(), 1);
    assert!(sb.ok(&["list"]).contains("3 case(s)"), "nothing was imported");
}
