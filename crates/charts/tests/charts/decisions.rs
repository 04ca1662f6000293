//! The decision charts — scenario comparison, benefit waterfall, API vs self-hosted — for
//! every shipped template and for edge cases, and the date every chart's footnote carries.
//! Expected figures are worked out here from the engine's results or by hand, not read back
//! from the charts' own code.

use candor_charts::{
    Canvas, benefit_waterfall_svg, cost_breakdown_svg, cumulative_band_svg, cumulative_cash_flow_svg,
    expectations_svg, hosting_break_even_svg, npv_distribution_svg, power_interest_svg, risk_heat_map_svg,
    scenario_comparison_svg, tornado_svg,
};
use candor_engine::format::{money_compact, percent};
use candor_engine::{Evaluation, evaluate, hosting_comparison, shipped};

use super::from_templates::{Fixture, fixtures};
use super::{DATE, canvas, evaluation, save};

/// Text as the SVG writes it.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn fixture(id: &str) -> &'static Fixture {
    fixtures().iter().find(|f| f.id == id).unwrap()
}

/// The base case, then each scenario of a template.
fn all_scenarios(f: &Fixture) -> Vec<Evaluation> {
    let catalog = shipped::catalog();
    std::iter::once(None)
        .chain(f.case.scenarios.iter().map(|s| Some(s.name.as_str())))
        .map(|s| evaluate(&f.case, &catalog, s).unwrap())
        .collect()
}

#[test]
fn every_chart_gives_the_scenario_the_trials_and_the_date_in_its_footnote() {
    let f = &fixtures()[0];
    let c = canvas();
    let hosting = hosting_comparison(&f.case, &shipped::catalog(), None).unwrap();
    let charts = [
        ("cumulative", cumulative_cash_flow_svg(&f.eval, &c), "Scenario: base case"),
        ("band", cumulative_band_svg(&f.eval, &f.sim, &c), "400 Monte Carlo trials"),
        ("costs", cost_breakdown_svg(&f.eval, &c), "Scenario: base case"),
        ("tornado", tornado_svg(&f.tornado, &f.eval.currency, &c), "Scenario: base case"),
        ("npv", npv_distribution_svg(&f.sim, &c), "400 Monte Carlo trials"),
        ("expectations", expectations_svg(&f.sim, &c), "400 Monte Carlo trials"),
        ("power-interest", power_interest_svg(&f.case, &c), "The same in every scenario"),
        ("risks", risk_heat_map_svg(&f.case, &f.eval, &c), "Scenario: base case"),
        ("scenarios", scenario_comparison_svg(&all_scenarios(f), &c), "Base case and 3 scenarios"),
        ("waterfall", benefit_waterfall_svg(&f.eval, &c), "Scenario: base case"),
        ("hosting", hosting_break_even_svg(&f.eval, hosting.as_ref(), &c), "Scenario: base case"),
    ];
    for (kind, svg, source) in charts {
        let svg = svg.unwrap();
        assert!(svg.contains(DATE), "{kind}: the date {DATE}");
        assert!(svg.contains(source), "{kind}: {source}");
    }
    let undated = cumulative_cash_flow_svg(&f.eval, &Canvas::new(960, 540)).unwrap();
    assert!(!undated.contains(DATE), "no date unless one is given");
}

#[test]
fn the_scenario_comparison_writes_every_scenarios_npv_roi_and_payback_for_every_template() {
    for f in fixtures() {
        let evals = all_scenarios(f);
        let svg = scenario_comparison_svg(&evals, &canvas()).unwrap();
        save(&format!("{}-scenarios.svg", f.id), &svg);
        assert!(svg.contains("Scenarios side by side"), "{}", f.id);
        let c = &f.eval.currency;
        for e in &evals {
            let name = e.scenario.clone().unwrap_or_else(|| "Base case".to_string());
            // Long names wrap on two lines and are cut there: the row shows at least its start.
            let start = name.split(' ').next().unwrap();
            assert!(svg.contains(&esc(start)), "{}: {name}", f.id);
            assert!(svg.contains(&money_compact(e.metrics.npv, c)), "{}: {name} NPV", f.id);
            assert!(svg.contains(&percent(e.metrics.roi.unwrap())), "{}: {name} ROI", f.id);
            let payback = match e.metrics.payback_month {
                Some(m) => format!("month {m}"),
                None => "never".to_string(),
            };
            assert!(svg.contains(&payback), "{}: {name} {payback}", f.id);
        }
        // The message: base NPV, then the lowest and highest scenario with their names.
        let others = &evals[1..];
        let lo = others.iter().min_by(|a, b| a.metrics.npv.total_cmp(&b.metrics.npv)).unwrap();
        let hi = others.iter().max_by(|a, b| a.metrics.npv.total_cmp(&b.metrics.npv)).unwrap();
        let message = format!(
            "Base NPV {}; scenarios from {} ({}) to {} ({})",
            money_compact(evals[0].metrics.npv, c),
            money_compact(lo.metrics.npv, c),
            lo.scenario.as_deref().unwrap(),
            money_compact(hi.metrics.npv, c),
            hi.scenario.as_deref().unwrap()
        );
        assert!(svg.contains(&esc(&message)), "{}: {message}", f.id);
        assert!(svg.contains("NPV at 8%"), "{}: the rate the NPV is discounted at", f.id);
    }
}

#[test]
fn a_scenario_comparison_of_one_case_of_nothing_or_of_a_case_that_never_pays_back_renders() {
    let f = &fixtures()[0];
    let svg = scenario_comparison_svg(std::slice::from_ref(&f.eval), &canvas()).unwrap();
    assert!(svg.contains("no scenario to compare yet"));
    assert!(svg.contains("Base case and 0 scenarios"));
    let svg = scenario_comparison_svg(&[], &canvas()).unwrap();
    assert!(svg.contains("No case to compare"));
    let losing = evaluation("All costs", &[-10_000.0; 24], &[]);
    let mut worse = evaluation("All costs", &[-20_000.0; 24], &[]);
    worse.scenario = Some("Worse".into());
    let svg = scenario_comparison_svg(&[losing, worse], &canvas()).unwrap();
    save("scenarios-never.svg", &svg);
    assert!(svg.contains("never"), "never pays back, said in words");
    assert!(svg.contains("never = not paid back within it"), "and explained");
    assert!(svg.contains("Base NPV -$240k; Worse: -$480k"));
    assert!(svg.contains("n/a (no cost)"), "the hand-made fixture has no ROI");
    assert!(svg.to_ascii_uppercase().contains("#D55E00"), "negative NPVs in vermillion");
}

#[test]
fn the_waterfall_runs_from_each_benefit_through_the_costs_to_net_value_and_npv_for_every_template() {
    for f in fixtures() {
        let svg = benefit_waterfall_svg(&f.eval, &canvas()).unwrap();
        save(&format!("{}-waterfall.svg", f.id), &svg);
        let m = &f.eval.metrics;
        let c = &f.eval.currency;
        let message = format!(
            "Net value {} over {} months; NPV {} at {}%",
            money_compact(m.total_benefit - m.total_cost, c),
            f.case.horizon_months,
            money_compact(m.npv, c),
            f.case.discount_rate * 100.0
        );
        assert!(svg.contains(&message), "{}: {message}", f.id);
        for line in f.eval.benefit_lines.iter().filter(|l| l.total > 0.0) {
            assert!(svg.contains(&esc(&line.name)), "{}: {}", f.id, line.name);
            assert!(svg.contains(&format!("+{}", money_compact(line.total, c))), "{}: {}", f.id, line.name);
        }
        // The largest cost category, with its total as a fall.
        let (category, total) = candor_engine::CostCategory::ALL
            .iter()
            .map(|&k| (k, f.eval.monthly.iter().map(|r| r.cost_by_category.get(k)).sum::<f64>()))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        assert!(svg.contains(&esc(category.label())), "{}: {}", f.id, category.label());
        assert!(svg.contains(&money_compact(-total, c)), "{}: {}", f.id, category.label());
        assert!(svg.contains(&format!("Net value, {} months", f.case.horizon_months)), "{}", f.id);
    }
}

#[test]
fn a_waterfall_of_costs_only_falls_below_zero_and_one_with_nothing_says_so() {
    let mut eval = evaluation("Costs only", &[-5_000.0; 6], &[]);
    for row in &mut eval.monthly {
        row.cost_by_category.0[candor_engine::CostCategory::People.index()] = 5_000.0;
    }
    eval.metrics.total_cost = 30_000.0;
    eval.metrics.npv = -30_000.0;
    let svg = benefit_waterfall_svg(&eval, &canvas()).unwrap();
    save("waterfall-costs-only.svg", &svg);
    assert!(svg.contains("Net value -$30k over 6 months; NPV -$30k"));
    assert!(svg.contains("People") && svg.contains("-$30k"));
    let empty = evaluation("Nothing", &[0.0; 3], &[]);
    assert!(benefit_waterfall_svg(&empty, &canvas()).unwrap().contains("No benefit and no cost to show"));
    let none = evaluation("None", &[], &[]);
    assert!(benefit_waterfall_svg(&none, &canvas()).is_err());
}

#[test]
fn the_hosting_chart_gives_the_break_even_and_todays_saving_for_both_templates_that_choose() {
    let catalog = shipped::catalog();
    // Radiology self-hosts on two g6.2xlarge (0.9776 an hour × 730) up to 80,000 radiographs;
    // GPT-4o would cost 0.003 × 2.50 + 0.0004 × 10 = 0.0115 a radiograph, below an instance's
    // 713.65 / 40,000 = 0.0178 at full load: the API is cheaper at every volume.
    let f = fixture("radiology-drafts");
    let h = hosting_comparison(&f.case, &catalog, None).unwrap().unwrap();
    let saving = 2.0 * 730.0 * 0.9776 - 0.0115 * h.volume;
    let svg = hosting_break_even_svg(&f.eval, Some(&h), &canvas()).unwrap();
    save("radiology-hosting.svg", &svg);
    let message = format!(
        "The API is cheaper at every volume; it saves {} a month today",
        money_compact(saving, "USD")
    );
    assert!(svg.contains(&message), "{message}");
    assert!(svg.contains("Today: 31,223 radiographs"), "30,000 × 1.03^(59/12) × 90%");
    assert!(svg.contains("API (the alternative): $11.50 per 1,000 radiographs"));
    assert!(svg.contains("Self-hosted (today): $714 a month per instance of 40,000 radiographs, at least 2"));
    assert!(!svg.contains("Break-even"));

    // Prior authorisation calls GPT-4o at 0.03 a request; one p4d.24xlarge costs
    // 32.77 × 730 = 23,922.10 a month for 1,000,000: cheaper from 797,403 requests, and for
    // good above 4 × 797,403 = 3,189,613 (see the engine's hosting tests).
    let f = fixture("prior-auth-drafting");
    let h = hosting_comparison(&f.case, &catalog, None).unwrap().unwrap();
    let svg = hosting_break_even_svg(&f.eval, Some(&h), &canvas()).unwrap();
    save("prior-auth-hosting.svg", &svg);
    let saving = 32.77 * 730.0 - 0.03 * 4_000.0;
    let message = format!(
        "Self-hosting is cheaper above 3.19M requests a month; the API saves {} a month today",
        money_compact(saving, "USD")
    );
    assert!(svg.contains(&message), "{message}");
    for label in [
        "Break-even: 3.19M",
        "First cheaper: 797,403",
        "Today: 4,000 requests",
        "API $120",
        "Self-hosted $23.9k",
    ] {
        assert!(svg.contains(label), "{label}");
    }
    assert!(svg.contains("Monthly volume (requests)") && svg.contains("Monthly inference cost (USD)"));
}

#[test]
fn the_hosting_chart_of_a_case_with_no_choice_says_so_and_how_to_add_one() {
    let f = fixture("ambient-scribe");
    assert!(hosting_comparison(&f.case, &shipped::catalog(), None).unwrap().is_none());
    let svg = hosting_break_even_svg(&f.eval, None, &canvas()).unwrap();
    save("scribe-hosting.svg", &svg);
    assert!(svg.contains("No API-or-self-hosted choice to compare in this case"));
    assert!(svg.contains("add a hosting_alternative to the case"));
}

#[test]
fn the_hosting_chart_at_zero_volume_and_at_every_size_renders() {
    let f = fixture("prior-auth-drafting");
    let mut case = f.case.clone();
    case.drivers.iter_mut().for_each(|d| d.monthly_volume = 0.0);
    let catalog = shipped::catalog();
    let eval = evaluate(&case, &catalog, None).unwrap();
    let h = hosting_comparison(&case, &catalog, None).unwrap().unwrap();
    assert_eq!(h.volume, 0.0);
    let svg = hosting_break_even_svg(&eval, Some(&h), &canvas()).unwrap();
    assert!(svg.contains("Today: 0 requests"));
    assert!(svg.contains("the API saves $23.9k a month today"), "one instance at least");
    for (w, hgt) in [(1920, 1080), (480, 300)] {
        let c = Canvas::new(w, hgt).dated(DATE);
        assert!(hosting_break_even_svg(&eval, Some(&h), &c).is_ok());
        assert!(hosting_break_even_svg(&eval, None, &c).is_ok());
        assert!(benefit_waterfall_svg(&f.eval, &c).is_ok());
        assert!(scenario_comparison_svg(&all_scenarios(f), &c).is_ok());
    }
}
