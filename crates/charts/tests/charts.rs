//! The cumulative cash-flow chart, drawn from evaluations built by hand; then every other
//! chart from the shipped templates and from edge cases (the decision charts in
//! `charts/decisions.rs`).

use candor_charts::{Canvas, ChartError, cumulative_cash_flow_svg, payback_message};
use candor_engine::{CategoryCosts, Evaluation, Metrics, MonthRow, PhaseSpan};

#[path = "charts/decisions.rs"]
mod decisions;

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

/// The date every test slide is drawn on: given, not read from a clock.
const DATE: &str = "2026-03-14";

fn canvas() -> Canvas {
    Canvas::new(960, 540).dated(DATE)
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
    let svg = cumulative_cash_flow_svg(&eval, &canvas()).unwrap();
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
    let svg = cumulative_cash_flow_svg(&scribe(), &canvas()).unwrap().to_ascii_uppercase();
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
    let svg = cumulative_cash_flow_svg(&eval, &canvas()).unwrap();
    save("never.svg", &svg);
    assert!(svg.contains("Does not pay back within 24 months"));
    assert!(!svg.contains("Payback: month"));
}

#[test]
fn a_one_month_horizon_renders_without_panicking() {
    let positive = evaluation("One month", &[5_000.0], &[]);
    let svg = cumulative_cash_flow_svg(&positive, &canvas()).unwrap();
    assert!(svg.contains("Pays back in month 1"));
    let negative = evaluation("One bad month", &[-5_000.0], &[("Pilot", 0, 1)]);
    let svg = cumulative_cash_flow_svg(&negative, &canvas()).unwrap();
    assert!(svg.contains("Does not pay back within 1 month"));
    assert!(!svg.contains("within 1 months"), "singular month");
}

#[test]
fn a_flat_zero_flow_renders() {
    let eval = evaluation("Nothing yet", &[0.0; 12], &[]);
    assert!(cumulative_cash_flow_svg(&eval, &canvas()).is_ok());
}

#[test]
fn names_with_markup_are_escaped_in_the_svg() {
    let eval = evaluation("<script>alert(1)</script> & co", &[1.0; 3], &[("<b>", 0, 3)]);
    let svg = cumulative_cash_flow_svg(&eval, &canvas()).unwrap();
    assert!(!svg.contains("<script>"), "raw markup leaked into the SVG");
    assert!(!svg.contains("<b>"), "raw markup leaked into the SVG");
    assert!(svg.contains("&lt;script&gt;") || svg.contains("&#60;script"));
}

#[test]
fn bad_inputs_give_errors_not_panics() {
    let empty = evaluation("Empty", &[], &[]);
    assert!(matches!(cumulative_cash_flow_svg(&empty, &canvas()), Err(ChartError::NoMonths)));
    assert!(matches!(
        cumulative_cash_flow_svg(&scribe(), &Canvas::new(100, 50)),
        Err(ChartError::TooSmall { .. })
    ));
    let nan = evaluation("NaN", &[1.0, f64::NAN], &[]);
    assert!(matches!(cumulative_cash_flow_svg(&nan, &canvas()), Err(ChartError::NotFinite { month: 1 })));
}

#[test]
fn phases_beyond_the_horizon_and_long_names_do_not_break_the_chart() {
    let eval = evaluation(
        "A case whose name is very long indeed, far too long to fit on one line of a slide title at this size",
        &[-1_000.0, 2_000.0, 3_000.0],
        &[("A phase with a long name", 0, 1), ("Later", 1, 2), ("Beyond", 5, 9), ("Empty", 2, 2)],
    );
    let svg = cumulative_cash_flow_svg(&eval, &canvas()).unwrap();
    assert!(svg.contains('…'), "the long title is cut with an ellipsis");
    let fitting = evaluation("Radiology draft reports (self-hosted, FDA 510(k))", &[1.0], &[]);
    let svg = cumulative_cash_flow_svg(&fitting, &canvas()).unwrap();
    assert!(svg.contains("Radiology draft reports (self-hosted, FDA 510(k))"), "shrunk, not cut");
    assert!(!svg.contains("Beyond"), "a phase after the horizon is not drawn");
}

// ---------------------------------------------------------------------------------------
// The other charts, drawn from the shipped templates and from edge cases.

mod from_templates {
    use std::sync::OnceLock;

    use super::canvas;
    use candor_charts::Canvas;
    use candor_charts::{
        cost_breakdown_svg, cumulative_band_svg, expectations_svg, npv_distribution_svg, power_interest_svg,
        risk_heat_map_svg, tornado_svg,
    };
    use candor_engine::format::{money_compact, percent};
    use candor_engine::sensitivity::{Tornado, tornado};
    use candor_engine::simulate::{Simulation, SimulationOptions, simulate};
    use candor_engine::{Case, Evaluation, evaluate, shipped};

    pub struct Fixture {
        pub id: &'static str,
        pub case: Case,
        pub eval: Evaluation,
        pub sim: Simulation,
        pub tornado: Tornado,
    }

    /// Every shipped template, evaluated, simulated (400 trials) and swung, once per run.
    pub fn fixtures() -> &'static [Fixture] {
        static ALL: OnceLock<Vec<Fixture>> = OnceLock::new();
        ALL.get_or_init(|| {
            let catalog = shipped::catalog();
            shipped::templates()
                .into_iter()
                .map(|t| {
                    let opts = SimulationOptions { trials: 400, band_trials: 400, ..Default::default() };
                    Fixture {
                        id: t.id,
                        eval: evaluate(&t.case, &catalog, None).unwrap(),
                        sim: simulate(&t.case, &catalog, None, &opts, &|_| {}).unwrap(),
                        tornado: tornado(&t.case, &catalog, None).unwrap(),
                        case: t.case,
                    }
                })
                .collect()
        })
    }

    #[test]
    fn the_band_chart_states_the_payback_and_its_simulated_range_for_every_template() {
        for f in fixtures() {
            let svg = cumulative_band_svg(&f.eval, &f.sim, &canvas()).unwrap();
            assert!(svg.contains(&f.eval.case_name), "{}", f.id);
            assert!(svg.contains("P10–P90:"), "{}", f.id);
            assert!(svg.contains("400 Monte Carlo trials"), "{}: the footnote gives the trials", f.id);
            assert!(svg.to_ascii_uppercase().contains("#56B4E9"), "{}: the band is sky blue", f.id);
        }
    }

    #[test]
    fn the_cost_breakdown_names_its_categories_and_the_total_for_every_template() {
        for f in fixtures() {
            let svg = cost_breakdown_svg(&f.eval, &canvas()).unwrap();
            assert!(svg.contains("Cost by category"), "{}", f.id);
            assert!(
                svg.contains(&money_compact(f.eval.metrics.total_cost, &f.eval.currency)),
                "{}: total",
                f.id
            );
            assert!(svg.contains("Year") || svg.contains("Month"), "{}", f.id);
        }
    }

    #[test]
    fn the_tornado_labels_its_widest_input_and_the_base_npv_for_every_template() {
        for f in fixtures() {
            let svg = tornado_svg(&f.tornado, &f.eval.currency, &canvas()).unwrap();
            assert!(svg.contains("What moves the NPV most"), "{}", f.id);
            let base = money_compact(f.tornado.base_npv, &f.eval.currency);
            assert!(svg.contains(&format!("Base {base}")), "{}: base NPV {base}", f.id);
            if !f.tornado.bars.is_empty() {
                assert!(svg.contains("P10 ") && svg.contains("P90 "), "{}: bar ends labelled", f.id);
            }
        }
    }

    #[test]
    fn the_npv_distribution_states_the_probability_of_a_positive_npv_for_every_template() {
        for f in fixtures() {
            let svg = npv_distribution_svg(&f.sim, &canvas()).unwrap();
            let stated = format!("P(NPV &gt; 0) = {}", percent(f.sim.prob_npv_positive));
            assert!(svg.contains(&stated), "{}: {stated}", f.id);
            let upper = svg.to_ascii_uppercase();
            if f.sim.prob_npv_positive < 1.0 {
                assert!(upper.contains("#D55E00"), "{}: losses in vermillion", f.id);
            }
            if f.sim.prob_npv_positive > 0.0 {
                assert!(upper.contains("#0072B2"), "{}: gains in blue", f.id);
            }
        }
    }

    #[test]
    fn the_expectations_chart_shows_each_probability_met_for_every_template() {
        for f in fixtures() {
            let svg = expectations_svg(&f.sim, &canvas()).unwrap();
            assert!(svg.contains("What the stakeholders expect"), "{}", f.id);
            for e in f.sim.expectations.iter().take(8) {
                assert!(svg.contains(&percent(e.probability_met)), "{}: {}", f.id, e.expectation);
            }
        }
    }

    #[test]
    fn the_power_interest_grid_names_its_quadrants_and_stakeholders_for_every_template() {
        for f in fixtures() {
            let svg = power_interest_svg(&f.case, &canvas()).unwrap();
            for q in ["Keep satisfied", "Manage closely", "Monitor", "Keep informed"] {
                assert!(svg.contains(q), "{}: {q}", f.id);
            }
            for s in &f.case.stakeholders {
                assert!(svg.contains(s.role.trim()) || svg.contains(s.name.trim()), "{}: {}", f.id, s.name);
            }
        }
    }

    #[test]
    fn the_risk_heat_map_places_every_risk_and_says_how_impact_is_valued_for_every_template() {
        for f in fixtures() {
            let svg = risk_heat_map_svg(&f.case, &f.eval, &canvas()).unwrap();
            assert!(svg.contains("Risks by probability and impact"), "{}", f.id);
            assert!(svg.contains("Impact = one-off cost"), "{}: the footnote says how", f.id);
            for r in &f.case.risks {
                assert!(svg.contains(&r.name), "{}: {}", f.id, r.name);
            }
        }
    }

    #[test]
    fn charts_at_slide_size_and_twice_it_render() {
        let f = &fixtures()[0];
        for (w, h) in [(1920, 1080), (480, 300)] {
            let c = Canvas::new(w, h);
            assert!(cost_breakdown_svg(&f.eval, &c).is_ok());
            assert!(tornado_svg(&f.tornado, "USD", &c).is_ok());
            assert!(expectations_svg(&f.sim, &c).is_ok());
            assert!(risk_heat_map_svg(&f.case, &f.eval, &c).is_ok());
        }
        assert!(matches!(
            npv_distribution_svg(&f.sim, &Canvas::new(100, 100)),
            Err(candor_charts::ChartError::TooSmall { .. })
        ));
    }

    #[test]
    fn a_case_with_no_stakeholders_no_risks_and_no_uncertainty_says_so_instead_of_panicking() {
        let f = &fixtures()[0];
        let mut case = f.case.clone();
        case.stakeholders.clear();
        case.risks.clear();
        case.uncertain.clear();
        let catalog = shipped::catalog();
        let eval = evaluate(&case, &catalog, None).unwrap();
        let opts = SimulationOptions { trials: 50, band_trials: 50, ..Default::default() };
        let sim = simulate(&case, &catalog, None, &opts, &|_| {}).unwrap();
        let flat = tornado(&case, &catalog, None).unwrap();
        assert!(power_interest_svg(&case, &canvas()).unwrap().contains("No stakeholder recorded"));
        assert!(risk_heat_map_svg(&case, &eval, &canvas()).unwrap().contains("No risk recorded"));
        assert!(expectations_svg(&sim, &canvas()).unwrap().contains("No stakeholder expectation recorded"));
        assert!(tornado_svg(&flat, "USD", &canvas()).unwrap().contains("No uncertain input"));
        // Zero uncertainty: every trial is the same NPV, in one bin of no width.
        let svg = npv_distribution_svg(&sim, &canvas()).unwrap();
        assert!(svg.contains("P(NPV &gt; 0)"));
        assert!(cumulative_band_svg(&eval, &sim, &canvas()).is_ok());
    }

    #[test]
    fn an_empty_simulation_and_odd_numbers_do_not_panic() {
        let f = &fixtures()[0];
        let mut sim = f.sim.clone();
        sim.npv_histogram.clear();
        sim.expectations.iter_mut().for_each(|e| {
            e.probability_met = f64::NAN;
            e.confidence = Some(1.5);
        });
        assert!(npv_distribution_svg(&sim, &canvas()).unwrap().contains("No simulated NPV"));
        assert!(expectations_svg(&sim, &canvas()).is_ok());
        let mut case = f.case.clone();
        for s in &mut case.stakeholders {
            s.power = 3.0;
            s.interest = 3.0;
        }
        case.stakeholders[0].power = f64::NAN;
        assert!(power_interest_svg(&case, &canvas()).is_ok(), "all on one spot, one not a number");
        for r in &mut case.risks {
            r.one_off_cost = -1_000.0;
            r.probability = 2.0;
        }
        assert!(risk_heat_map_svg(&case, &f.eval, &canvas()).is_ok());
        let mut t = f.tornado.clone();
        t.bars.iter_mut().for_each(|b| b.npv_at_p90 = f64::INFINITY);
        assert!(tornado_svg(&t, "USD", &canvas()).is_ok());
    }
}

#[test]
fn the_cost_breakdown_of_a_one_month_or_all_negative_case_renders_by_month() {
    let mut eval = evaluation("One month", &[-5_000.0], &[]);
    assert!(matches!(
        candor_charts::cost_breakdown_svg(&evaluation("None", &[], &[]), &canvas()),
        Err(ChartError::NoMonths)
    ));
    let svg = candor_charts::cost_breakdown_svg(&eval, &canvas()).unwrap();
    assert!(svg.contains("No cost to break down"), "no category costs in the fixture");
    eval.monthly[0].cost_by_category.0[0] = 5_000.0;
    let svg = candor_charts::cost_breakdown_svg(&eval, &canvas()).unwrap();
    assert!(svg.contains("by category and month"));
    assert!(svg.contains("$5k"));
}

#[test]
fn the_band_chart_without_bands_is_the_plain_chart_with_never_as_its_range() {
    let eval = evaluation("All costs", &[-10_000.0; 12], &[]);
    let mut sim = candor_engine::simulate::simulate(
        &candor_engine::shipped::template("ambient-scribe").unwrap().case,
        &candor_engine::shipped::catalog(),
        None,
        &candor_engine::simulate::SimulationOptions { trials: 20, band_trials: 20, ..Default::default() },
        &|_| {},
    )
    .unwrap();
    sim.cumulative_bands.clear();
    sim.metrics.clear();
    let svg = candor_charts::cumulative_band_svg(&eval, &sim, &canvas()).unwrap();
    assert!(svg.contains("Does not pay back within 12 months (P10–P90: never – never)"));
}
