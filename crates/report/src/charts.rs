//! The figures a deck is drawn from, and the charts it shows in the order it shows them: the
//! one place that calls `candor-charts` for the deck, so that a change to the chart
//! functions lands here only.

use candor_charts::Canvas;
use candor_engine::sensitivity::{self, MitigationValue, Tornado};
use candor_engine::simulate::{Simulation, SimulationOptions, simulate};
use candor_engine::{Case, Catalog, Day, Evaluation, HostingComparison, Model};

use crate::{ReportError, SLIDE};

/// Everything the deck's charts and slides are drawn from, computed once from the engine.
#[derive(Debug, Clone)]
pub struct Figures {
    /// The case as given.
    pub case: Case,
    /// The same, prepared for the scenario: prices resolved, uncertain inputs at their
    /// central value, the scenario's overrides applied. Its values are the ones shown.
    pub prepared: Case,
    pub scenario: Option<String>,
    pub eval: Evaluation,
    /// The base case, then each of the case's scenarios.
    pub scenarios: Vec<Evaluation>,
    pub simulation: Simulation,
    pub tornado: Tornado,
    pub mitigations: Vec<MitigationValue>,
    /// API against self-hosted, when the case describes both.
    pub hosting: Option<HostingComparison>,
}

impl Figures {
    /// Evaluates `case` under `scenario`, simulates it (`trials` trials seeded `seed`,
    /// `progress` told the trials done) and runs the sensitivity analysis.
    pub fn compute(
        case: &Case,
        catalog: &Catalog,
        scenario: Option<&str>,
        trials: usize,
        seed: u64,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Figures, ReportError> {
        let (prepared, model) = Model::prepare(case, catalog, scenario)?;
        let eval = model.evaluate();
        let mut scenarios = vec![candor_engine::evaluate(case, catalog, None)?];
        for s in &case.scenarios {
            scenarios.push(candor_engine::evaluate(case, catalog, Some(&s.name))?);
        }
        let options = SimulationOptions { trials, seed, ..SimulationOptions::default() };
        Ok(Figures {
            simulation: simulate(case, catalog, scenario, &options, progress)?,
            tornado: sensitivity::tornado(case, catalog, scenario)?,
            mitigations: sensitivity::mitigation_values(case, catalog, scenario)?,
            hosting: candor_engine::hosting_comparison(case, catalog, scenario)?,
            case: case.clone(),
            prepared,
            scenario: scenario.map(str::to_string),
            eval,
            scenarios,
        })
    }
}

/// A chart of the deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// Cumulative cash flow with the simulation's P10–P90 band (the base case drawn in it).
    Band,
    /// Benefits, costs by category, net value and NPV as a waterfall.
    Waterfall,
    /// Cost by category over time.
    Costs,
    /// The scenarios side by side.
    Scenarios,
    /// NPV distribution with P(NPV > 0).
    Npv,
    /// Tornado of the uncertain inputs.
    Tornado,
    /// Inference cost by volume, API against self-hosted.
    Hosting,
    /// Probability that each stakeholder expectation is met.
    Expectations,
    /// Power / interest grid of the stakeholders.
    PowerInterest,
    /// Risk heat map.
    Risks,
}

impl Chart {
    /// Every chart a deck may hold, in the deck's order: the money story first (cash, where
    /// it comes from and goes, scenarios, spread, what drives the spread, the hosting
    /// choice), then the people, then the risks.
    pub const ALL: [Chart; 10] = [
        Chart::Band,
        Chart::Waterfall,
        Chart::Costs,
        Chart::Scenarios,
        Chart::Npv,
        Chart::Tornado,
        Chart::Hosting,
        Chart::Expectations,
        Chart::PowerInterest,
        Chart::Risks,
    ];

    /// The chart's name, as `candor chart --kind` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Chart::Band => "band",
            Chart::Waterfall => "waterfall",
            Chart::Costs => "costs",
            Chart::Scenarios => "scenarios",
            Chart::Npv => "npv",
            Chart::Tornado => "tornado",
            Chart::Hosting => "hosting",
            Chart::Expectations => "expectations",
            Chart::PowerInterest => "power-interest",
            Chart::Risks => "risks",
        }
    }

    /// Whether the deck of these figures shows this chart. A comparison with nothing to
    /// compare is left out (no scenario, no hosting alternative); an empty stakeholder list
    /// or risk register is shown, because its absence is itself worth saying.
    pub fn in_deck(self, f: &Figures) -> bool {
        match self {
            Chart::Scenarios => f.scenarios.len() > 1,
            Chart::Hosting => f.hosting.is_some(),
            _ => true,
        }
    }
}

/// Draws `chart` at slide size (1920×1080) from `f`, its footnote dated `date`.
pub fn chart_svg(chart: Chart, f: &Figures, date: Day) -> Result<String, ReportError> {
    let canvas = Canvas::new(SLIDE.0, SLIDE.1).dated(crate::fmt::iso_date(date));
    let c = &canvas;
    let (eval, sim) = (&f.eval, &f.simulation);
    match chart {
        Chart::Band => candor_charts::cumulative_band_svg(eval, sim, c),
        Chart::Waterfall => candor_charts::benefit_waterfall_svg(eval, c),
        Chart::Costs => candor_charts::cost_breakdown_svg(eval, c),
        Chart::Scenarios => candor_charts::scenario_comparison_svg(&f.scenarios, c),
        Chart::Npv => candor_charts::npv_distribution_svg(sim, c),
        Chart::Tornado => candor_charts::tornado_svg(&f.tornado, &eval.currency, c),
        Chart::Hosting => candor_charts::hosting_break_even_svg(eval, f.hosting.as_ref(), c),
        Chart::Expectations => candor_charts::expectations_svg(sim, c),
        Chart::PowerInterest => candor_charts::power_interest_svg(&f.case, c),
        // The prepared case: risk values as the scenario sets them, like the risks table.
        Chart::Risks => candor_charts::risk_heat_map_svg(&f.prepared, eval, c),
    }
    .map_err(|source| ReportError::Chart { chart: chart.name(), source })
}

/// Every chart the deck of `f` shows, in order, as SVG at slide size.
pub fn chart_svgs(f: &Figures, date: Day) -> Result<Vec<(Chart, String)>, ReportError> {
    Chart::ALL.into_iter().filter(|c| c.in_deck(f)).map(|c| Ok((c, chart_svg(c, f, date)?))).collect()
}
