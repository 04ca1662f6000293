//! The cumulative cash-flow chart, drawn from evaluations built by hand.

use candor_charts::{ChartError, cumulative_cash_flow_svg, payback_message};
use candor_engine::{CategoryCosts, Evaluation, Metrics, MonthRow, PhaseSpan};

/// An evaluation with the given monthly cash flows and the payback month that PRODUCT.md
/// defines (smallest t + 1 from which the cumulative stays ≥ 0).
fn evaluation(name: &str, flows: &[f64], phases: &[(&str, u32, u32)]) -> Evaluation {
    let mut cumulative = 0.0;
    let monthly: Vec<MonthRow> = flows
        .iter()
        .enumerate()
        .map(|(t, &cf)| {
            cumulative += cf;
            MonthRow {
                month: t as u32,
                cost: (-cf).max(0.0),
                benefit: cf.max(0.0),
                cash_flow: cf,
                cumulative,
                discounted_cash_flow: cf,
                discounted_cumulative: cumulative,
                hours_saved: 0.0,
                cost_by_category: CategoryCosts::default(),
            }
        })
        .collect();
    let payback_month =
        (0..monthly.len()).find(|&t| monthly[t..].iter().all(|r| r.cumulative >= 0.0)).map(|t| t as u32 + 1);
    Evaluation {
        case_name: name.to_string(),
        scenario: None,
        currency: "USD".to_string(),
        start_month: "2027-01".to_string(),
        metrics: Metrics {
            npv: cumulative,
            irr_annual: None,
            roi: None,
            payback_month,
            discounted_payback_month: payback_month,
            peak_funding: 0.0,
            total_cost: 0.0,
            total_benefit: 0.0,
            cost_per_unit: None,
            go_live_month: 0,
            hours_saved: 0.0,
            minutes_saved_per_main_unit: None,
        },
        phases: phases.iter().map(|&(n, start, end)| PhaseSpan { name: n.to_string(), start, end }).collect(),
        cost_lines: Vec::new(),
        benefit_lines: Vec::new(),
        monthly,
    }
}

/// 36 months: 9 months of spending, then benefits that pay back in month 19.
fn scribe() -> Evaluation {
    let flows: Vec<f64> = (0..36)
        .map(|t| {
            if t < 9 {
                -50_000.0
            } else if t < 12 {
                20_000.0
            } else {
                60_000.0
            }
        })
        .collect();
    evaluation(
        "Ambient AI scribe — 3 clinics",
        &flows,
        &[
            ("Pilot", 0, 4),
            ("Clinical validation", 4, 7),
            ("Regulatory review", 7, 9),
            ("Rollout", 9, 15),
            ("Production", 15, 36),
        ],
    )
}

fn save(name: &str, svg: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("charts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), svg).unwrap();
}

#[test]
fn the_chart_is_an_svg_with_the_case_name_as_title_and_the_payback_as_key_message() {
    let eval = scribe();
    assert_eq!(eval.metrics.payback_month, Some(19), "the fixture pays back in month 19");
    let svg = cumulative_cash_flow_svg(&eval, 960, 540).unwrap();
    save("scribe.svg", &svg);
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    assert!(svg.contains("Ambient AI scribe — 3 clinics"));
    assert!(svg.contains("Pays back in month 19"));
    assert!(svg.contains("Payback: month 19"));
    assert!(svg.contains("Clinical validation"), "phase names are shown");
    assert!(svg.contains("Cumulative cash flow (USD)"));
    let money_tick =
        |l: &str| (l.starts_with('$') || l.starts_with("-$")) && (l.ends_with('k') || l.ends_with('M'));
    assert!(svg.lines().any(money_tick), "the y axis is in $k or $M");
}

#[test]
fn the_chart_uses_only_okabe_ito_colours_for_data() {
    let svg = cumulative_cash_flow_svg(&scribe(), 960, 540).unwrap().to_ascii_uppercase();
    assert!(svg.contains("#0072B2"), "the cumulative line is Okabe–Ito blue");
    assert!(svg.contains("#D55E00"), "the payback mark is Okabe–Ito vermillion");
    for not_okabe_ito in ["#FF0000", "#00FF00", "#0000FF"] {
        assert!(!svg.contains(not_okabe_ito), "{not_okabe_ito} found");
    }
}

#[test]
fn a_case_that_never_pays_back_says_so_and_still_renders() {
    let eval = evaluation("All costs", &[-10_000.0; 24], &[("Pilot", 0, 30)]);
    assert_eq!(payback_message(&eval), "Does not pay back within 24 months");
    let svg = cumulative_cash_flow_svg(&eval, 960, 540).unwrap();
    save("never.svg", &svg);
    assert!(svg.contains("Does not pay back within 24 months"));
    assert!(!svg.contains("Payback: month"));
}

#[test]
fn a_one_month_horizon_renders_without_panicking() {
    let positive = evaluation("One month", &[5_000.0], &[]);
    let svg = cumulative_cash_flow_svg(&positive, 960, 540).unwrap();
    assert!(svg.contains("Pays back in month 1"));
    let negative = evaluation("One bad month", &[-5_000.0], &[("Pilot", 0, 1)]);
    let svg = cumulative_cash_flow_svg(&negative, 960, 540).unwrap();
    assert!(svg.contains("Does not pay back within 1 month"));
    assert!(!svg.contains("within 1 months"), "singular month");
}

#[test]
fn a_flat_zero_flow_renders() {
    let eval = evaluation("Nothing yet", &[0.0; 12], &[]);
    assert!(cumulative_cash_flow_svg(&eval, 960, 540).is_ok());
}

#[test]
fn names_with_markup_are_escaped_in_the_svg() {
    let eval = evaluation("<script>alert(1)</script> & co", &[1.0; 3], &[("<b>", 0, 3)]);
    let svg = cumulative_cash_flow_svg(&eval, 960, 540).unwrap();
    assert!(!svg.contains("<script>"), "raw markup leaked into the SVG");
    assert!(!svg.contains("<b>"), "raw markup leaked into the SVG");
    assert!(svg.contains("&lt;script&gt;") || svg.contains("&#60;script"));
}

#[test]
fn bad_inputs_give_errors_not_panics() {
    let empty = evaluation("Empty", &[], &[]);
    assert!(matches!(cumulative_cash_flow_svg(&empty, 960, 540), Err(ChartError::NoMonths)));
    assert!(matches!(cumulative_cash_flow_svg(&scribe(), 100, 50), Err(ChartError::TooSmall { .. })));
    let nan = evaluation("NaN", &[1.0, f64::NAN], &[]);
    assert!(matches!(cumulative_cash_flow_svg(&nan, 960, 540), Err(ChartError::NotFinite { month: 1 })));
}

#[test]
fn phases_beyond_the_horizon_and_long_names_do_not_break_the_chart() {
    let eval = evaluation(
        "A case whose name is very long indeed, far too long to fit on one line of a slide title at this size",
        &[-1_000.0, 2_000.0, 3_000.0],
        &[("A phase with a long name", 0, 1), ("Later", 1, 2), ("Beyond", 5, 9), ("Empty", 2, 2)],
    );
    let svg = cumulative_cash_flow_svg(&eval, 960, 540).unwrap();
    assert!(svg.contains('…'), "the long title is cut with an ellipsis");
    let fitting = evaluation("Radiology draft reports (self-hosted, FDA 510(k))", &[1.0], &[]);
    let svg = cumulative_cash_flow_svg(&fitting, 960, 540).unwrap();
    assert!(svg.contains("Radiology draft reports (self-hosted, FDA 510(k))"), "shrunk, not cut");
    assert!(!svg.contains("Beyond"), "a phase after the horizon is not drawn");
}
