//! Writes every chart of every shipped template as SVG, to look at them:
//! `cargo run -p candor-charts --example gallery -- /tmp/charts [trials]`.

use candor_engine::simulate::{SimulationOptions, simulate};
use candor_engine::{evaluate, sensitivity, shipped};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/charts".to_string()));
    let trials = args.next().map_or(Ok(2000), |s| s.parse())?;
    std::fs::create_dir_all(&dir)?;
    let catalog = shipped::catalog();
    for template in shipped::templates() {
        let case = &template.case;
        let eval = evaluate(case, &catalog, None)?;
        let opts = SimulationOptions { trials, ..Default::default() };
        let sim = simulate(case, &catalog, None, &opts, &|_| {})?;
        let tornado = sensitivity::tornado(case, &catalog, None)?;
        let (w, h) = (960, 540);
        let charts = [
            ("cumulative", candor_charts::cumulative_cash_flow_svg(&eval, w, h)?),
            ("band", candor_charts::cumulative_band_svg(&eval, &sim, w, h)?),
            ("costs", candor_charts::cost_breakdown_svg(&eval, w, h)?),
            ("tornado", candor_charts::tornado_svg(&tornado, &eval.currency, w, h)?),
            ("npv", candor_charts::npv_distribution_svg(&sim, w, h)?),
            ("expectations", candor_charts::expectations_svg(&sim, w, h)?),
            ("power-interest", candor_charts::power_interest_svg(case, w, h)?),
            ("risks", candor_charts::risk_heat_map_svg(case, &eval, w, h)?),
        ];
        for (kind, svg) in charts {
            std::fs::write(dir.join(format!("{}-{kind}.svg", template.id)), svg)?;
        }
    }
    Ok(())
}
