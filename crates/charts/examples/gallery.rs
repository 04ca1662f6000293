//! Writes every chart of every shipped template as SVG, to look at them:
//! `cargo run -p candor-charts --example gallery -- /tmp/charts [trials] [date]`.
//! The date, when given, is printed in every footnote.

use candor_charts::Canvas;
use candor_engine::simulate::{SimulationOptions, simulate};
use candor_engine::{evaluate, hosting_comparison, sensitivity, shipped};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/charts".to_string()));
    let trials = args.next().map_or(Ok(2000), |s| s.parse())?;
    let canvas = match args.next() {
        Some(date) => Canvas::new(960, 540).dated(date),
        None => Canvas::new(960, 540),
    };
    std::fs::create_dir_all(&dir)?;
    let catalog = shipped::catalog();
    for template in shipped::templates() {
        let case = &template.case;
        let eval = evaluate(case, &catalog, None)?;
        let opts = SimulationOptions { trials, ..Default::default() };
        let sim = simulate(case, &catalog, None, &opts, &|_| {})?;
        let tornado = sensitivity::tornado(case, &catalog, None)?;
        let mut scenarios = vec![eval.clone()];
        for s in &case.scenarios {
            scenarios.push(evaluate(case, &catalog, Some(&s.name))?);
        }
        let hosting = hosting_comparison(case, &catalog, None)?;
        let c = &canvas;
        let charts = [
            ("cumulative", candor_charts::cumulative_cash_flow_svg(&eval, c)?),
            ("band", candor_charts::cumulative_band_svg(&eval, &sim, c)?),
            ("costs", candor_charts::cost_breakdown_svg(&eval, c)?),
            ("scenarios", candor_charts::scenario_comparison_svg(&scenarios, c)?),
            ("waterfall", candor_charts::benefit_waterfall_svg(&eval, c)?),
            ("hosting", candor_charts::hosting_break_even_svg(&eval, hosting.as_ref(), c)?),
            ("tornado", candor_charts::tornado_svg(&tornado, &eval.currency, c)?),
            ("npv", candor_charts::npv_distribution_svg(&sim, c)?),
            ("expectations", candor_charts::expectations_svg(&sim, c)?),
            ("power-interest", candor_charts::power_interest_svg(case, c)?),
            ("risks", candor_charts::risk_heat_map_svg(case, &eval, c)?),
        ];
        for (kind, svg) in charts {
            std::fs::write(dir.join(format!("{}-{kind}.svg", template.id)), svg)?;
        }
    }
    Ok(())
}
