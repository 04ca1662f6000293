//! What the results pane shows for the open case: the metric cards and every chart of the
//! chart module, deterministic at once; then a simulation in the background that adds the
//! P10–P90 ranges, P(NPV > 0), each expectation's probability and the uncertainty charts.
//! Independent of Tauri, like [`crate::cases`].

use std::sync::atomic::AtomicBool;

use candor_charts::Canvas;
use candor_engine::format::{metric, money, percent};
use candor_engine::simulate::{Simulation, SimulationOptions, simulate_unless_cancelled};
use candor_engine::standing::Standing;
use candor_engine::{Case, Catalog, Evaluation, MetricKey, sensitivity};
use serde::Serialize;

use crate::error::CommandError;

/// On-screen size of a chart: the 16:9 of a slide at half the slide's pixels.
pub const SCREEN: (u32, u32) = (960, 540);

/// One metric card: its value in words and, after a simulation, its P10–P90 range.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MetricView {
    pub key: MetricKey,
    pub label: String,
    pub value: String,
    /// "P10–P90: $1.2M – $3.4M", once simulated.
    pub range: Option<String>,
    /// Once simulated, when the base case lies outside the trials' P10–P90: which side
    /// and, in words, how many trials do worse (or better) than it.
    pub standing: Option<StandingView>,
}

/// A base case better (optimistic) or worse (cautious) than most trials, on a card.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct StandingView {
    pub optimistic: bool,
    /// "Optimistic: 95.9% of trials do worse than the base case".
    pub text: String,
}

/// One chart as SVG, with the name `candor chart --kind` knows it by.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ChartView {
    pub kind: String,
    pub title: String,
    pub svg: String,
}

/// The deterministic results of a case under a scenario: the cards, every chart's place,
/// and the charts that were asked for (the window asks for those in view, so a keystroke
/// draws one or two charts, not eight).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct CaseResults {
    pub scenario: Option<String>,
    pub metrics: Vec<MetricView>,
    /// Each risk mitigation's expected value, in the case's order of risks.
    pub mitigations: Vec<MitigationView>,
    /// Every deterministic chart, in order: (kind, title).
    pub slots: Vec<ChartSlot>,
    pub charts: Vec<ChartView>,
}

/// Whether a risk's mitigation is worth its cost, in expected NPV, shown under it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MitigationView {
    pub risk: String,
    pub worth_it: bool,
    /// "Worth its cost: expected value +$3,375 (3.0% → 1.5% of $758,323 lost, less $8,000)".
    pub text: String,
}

impl MitigationView {
    fn of(m: &sensitivity::MitigationValue, currency: &str) -> MitigationView {
        let verdict = if m.worth_it { "Worth its cost" } else { "Not worth its cost" };
        let sign = if m.expected_value > 0.0 { "+" } else { "" };
        MitigationView {
            risk: m.risk.clone(),
            worth_it: m.worth_it,
            text: format!(
                "{verdict}: expected value {sign}{} ({} → {} of {} lost if it happens, less {})",
                money(m.expected_value, currency),
                percent(m.probability_without),
                percent(m.probability_with),
                money(m.npv_loss_if_it_happens, currency),
                money(m.cost, currency),
            ),
        }
    }
}

/// Where a chart goes in the results pane, before it is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ChartSlot {
    pub kind: String,
    pub title: String,
}

/// The deterministic charts, in the order the results pane shows them.
pub const DETERMINISTIC_CHARTS: [(&str, &str); 8] = [
    ("cumulative", "Cumulative cash flow"),
    ("waterfall", "From benefits to net value"),
    ("costs", "Costs by category"),
    ("scenarios", "Scenarios"),
    ("tornado", "What moves the NPV"),
    ("hosting", "API or self-hosted"),
    ("power-interest", "Stakeholders"),
    ("risks", "Risks"),
];

/// One stakeholder expectation after a simulation.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ExpectationView {
    pub stakeholder: String,
    pub expectation: String,
    pub deterministic_met: bool,
    pub probability_met: f64,
    /// "62%".
    pub probability_text: String,
    pub commitment: String,
}

/// The results a simulation adds.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SimulationResults {
    pub trials: usize,
    pub seed: u64,
    pub prob_npv_positive: f64,
    /// "P(NPV > 0) = 83%".
    pub prob_npv_positive_text: String,
    pub metrics: Vec<MetricView>,
    pub expectations: Vec<ExpectationView>,
    pub charts: Vec<ChartView>,
    /// P(payback ≤ k months) at index k, from 0 to the horizon: the window answers any k.
    pub prob_payback_by_month: Vec<f64>,
    /// Share of trials that never pay back within the horizon.
    pub never_pays_back: f64,
    /// "18.0% never pay back within the 36 months".
    pub never_pays_back_text: String,
}

/// Today as the charts' footnotes write it.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

fn canvas() -> Canvas {
    Canvas::new(SCREEN.0, SCREEN.1).dated(today())
}

const CARDS: [(MetricKey, &str); 6] = [
    (MetricKey::Npv, "Net present value"),
    (MetricKey::PaybackMonth, "Payback"),
    (MetricKey::IrrAnnual, "IRR"),
    (MetricKey::Roi, "ROI"),
    (MetricKey::PeakFunding, "Peak funding"),
    (MetricKey::TotalCost, "Total cost"),
];

fn cards(eval: &Evaluation, sim: Option<&Simulation>) -> Vec<MetricView> {
    CARDS
        .iter()
        .map(|&(key, label)| {
            let simulated = sim.and_then(|s| s.metrics.get(key.key()));
            MetricView {
                key,
                label: label.to_string(),
                value: metric(key, eval.metrics.get(key), &eval.currency, false),
                range: simulated.map(|m| {
                    let text = |v: Option<f64>| metric(key, v, &eval.currency, false);
                    format!("P10–P90: {} – {}", text(m.p10), text(m.p90))
                }),
                standing: simulated
                    .and_then(|m| Standing::of(key, m))
                    .map(|s| StandingView { optimistic: s.optimistic, text: s.words() }),
            }
        })
        .collect()
}

fn chart(
    kind: &str,
    title: &str,
    svg: Result<String, candor_charts::ChartError>,
) -> Result<ChartView, CommandError> {
    Ok(ChartView { kind: kind.to_string(), title: title.to_string(), svg: svg? })
}

/// The deterministic results of `case` under `scenario`: the cards, and the charts among
/// [`DETERMINISTIC_CHARTS`] whose kinds are in `wanted` (an unknown kind is refused). Only
/// what those charts need is computed: the tornado and the scenarios are the dear ones.
pub fn deterministic(
    case: &Case,
    catalog: &Catalog,
    scenario: Option<&str>,
    wanted: &[String],
) -> Result<CaseResults, CommandError> {
    if let Some(unknown) = wanted.iter().find(|w| !DETERMINISTIC_CHARTS.iter().any(|(k, _)| k == w)) {
        return Err(CommandError::new(
            "invalid",
            format!("charts: no deterministic chart named {unknown:?}"),
        ));
    }
    // One preparation gives both the evaluation and the prepared case the risk chart reads.
    let (prepared, model) = candor_engine::Model::prepare(case, catalog, scenario)?;
    let eval = model.evaluate();
    let c = canvas();
    let mut charts = Vec::new();
    for (kind, title) in DETERMINISTIC_CHARTS.iter().filter(|(k, _)| wanted.iter().any(|w| w == k)) {
        let svg = match *kind {
            "cumulative" => candor_charts::cumulative_cash_flow_svg(&eval, &c),
            "waterfall" => candor_charts::benefit_waterfall_svg(&eval, &c),
            "costs" => candor_charts::cost_breakdown_svg(&eval, &c),
            "scenarios" => {
                let base = match scenario {
                    None => eval.clone(),
                    Some(_) => candor_engine::evaluate(case, catalog, None)?,
                };
                let mut all = vec![base];
                for s in &case.scenarios {
                    all.push(candor_engine::evaluate(case, catalog, Some(&s.name))?);
                }
                candor_charts::scenario_comparison_svg(&all, &c)
            }
            "tornado" => {
                let tornado = sensitivity::tornado(case, catalog, scenario)?;
                candor_charts::tornado_svg(&tornado, &eval.currency, &c)
            }
            "hosting" => {
                let hosting = candor_engine::hosting_comparison(case, catalog, scenario)?;
                candor_charts::hosting_break_even_svg(&eval, hosting.as_ref(), &c)
            }
            "power-interest" => candor_charts::power_interest_svg(case, &c),
            _ => candor_charts::risk_heat_map_svg(&prepared, &eval, &c),
        };
        charts.push(chart(kind, title, svg)?);
    }
    let mitigations = sensitivity::mitigation_values(case, catalog, scenario)?
        .iter()
        .map(|m| MitigationView::of(m, &eval.currency))
        .collect();
    Ok(CaseResults {
        scenario: scenario.map(str::to_string),
        metrics: cards(&eval, None),
        mitigations,
        slots: DETERMINISTIC_CHARTS
            .iter()
            .map(|(kind, title)| ChartSlot { kind: kind.to_string(), title: title.to_string() })
            .collect(),
        charts,
    })
}

/// Simulates `case` under `scenario`; `progress` hears the trials done; stops with the
/// `cancelled` error code as soon as `cancelled` is set.
pub fn simulated(
    case: &Case,
    catalog: &Catalog,
    scenario: Option<&str>,
    trials: usize,
    progress: &(dyn Fn(usize) + Sync),
    cancelled: &AtomicBool,
) -> Result<SimulationResults, CommandError> {
    let opts = SimulationOptions { trials, ..SimulationOptions::default() };
    let sim = simulate_unless_cancelled(case, catalog, scenario, &opts, progress, cancelled)?;
    let eval = candor_engine::evaluate(case, catalog, scenario)?;
    let c = canvas();
    let charts = vec![
        chart("band", "Cumulative cash flow, P10–P90", candor_charts::cumulative_band_svg(&eval, &sim, &c))?,
        chart("npv", "NPV distribution", candor_charts::npv_distribution_svg(&sim, &c))?,
        chart("expectations", "Stakeholder expectations", candor_charts::expectations_svg(&sim, &c))?,
    ];
    Ok(SimulationResults {
        trials: sim.trials,
        seed: sim.seed,
        prob_npv_positive: sim.prob_npv_positive,
        prob_npv_positive_text: format!("P(NPV > 0) = {}", percent(sim.prob_npv_positive)),
        metrics: cards(&eval, Some(&sim)),
        expectations: sim.expectations.iter().map(|e| expectation_view(e, &eval.currency)).collect(),
        charts,
        never_pays_back_text: format!(
            "{} never pay back within the {} months",
            percent(sim.never_pays_back),
            sim.prob_payback_by_month.len().saturating_sub(1)
        ),
        never_pays_back: sim.never_pays_back,
        prob_payback_by_month: sim.prob_payback_by_month,
    })
}

/// An expectation in words a finance reviewer reads: "Payback ≤ month 24", "commit to
/// Net present value ≥ -$180,658 at 80%", amounts in the case's currency.
fn expectation_view(e: &candor_engine::simulate::ExpectationResult, currency: &str) -> ExpectationView {
    let at = format!("{:.0}%", e.confidence.unwrap_or(0.8) * 100.0);
    ExpectationView {
        stakeholder: e.stakeholder.clone(),
        expectation: expectation_words(e.metric, e.comparator, e.threshold, currency),
        deterministic_met: e.deterministic_met,
        probability_met: e.probability_met,
        probability_text: percent(e.probability_met),
        commitment: match e.commitment_value {
            Some(v) => format!("{} at {at}", expectation_words(e.metric, e.comparator, v, currency)),
            None => format!("nothing at {at}"),
        },
    }
}

/// "Payback ≤ month 24", "Net present value ≥ $0": a metric held to a threshold, in words.
pub fn expectation_words(
    key: MetricKey,
    comparator: candor_engine::Comparator,
    threshold: f64,
    currency: &str,
) -> String {
    let sign = match comparator {
        candor_engine::Comparator::AtMost => "≤",
        candor_engine::Comparator::AtLeast => "≥",
    };
    format!("{} {sign} {}", key.label(), metric(key, Some(threshold), currency, false))
}

/// [`deterministic`] for stored case `id`, computed off the async threads.
pub async fn of_stored(
    store: &candor_store::Store,
    id: i64,
    scenario: Option<String>,
    charts: Vec<String>,
) -> Result<CaseResults, CommandError> {
    let (case, catalog) = (store.load_case(id).await?.case, store.catalog().await?);
    tokio::task::spawn_blocking(move || deterministic(&case, &catalog, scenario.as_deref(), &charts))
        .await
        .map_err(|e| CommandError::new("unexpected", e.to_string()))?
}

/// [`simulated`] for stored case `id` on a blocking thread. `progress` hears the share done
/// (0–100) each time it grows by a whole percent, so a million trials send a hundred
/// messages, not a thousand.
pub async fn simulate_stored(
    store: &candor_store::Store,
    id: i64,
    scenario: Option<String>,
    trials: usize,
    progress: impl Fn(u32) + Send + Sync + 'static,
    cancelled: std::sync::Arc<AtomicBool>,
) -> Result<SimulationResults, CommandError> {
    use std::sync::atomic::{AtomicU32, Ordering};
    let (case, catalog) = (store.load_case(id).await?.case, store.catalog().await?);
    tokio::task::spawn_blocking(move || {
        let last = AtomicU32::new(0);
        let report = |done: usize| {
            let pct = (done.min(trials) * 100 / trials.max(1)) as u32;
            if last.fetch_max(pct, Ordering::Relaxed) < pct {
                progress(pct);
            }
        };
        simulated(&case, &catalog, scenario.as_deref(), trials, &report, &cancelled)
    })
    .await
    .map_err(|e| CommandError::new("unexpected", e.to_string()))?
}

/// The break-even of stored case `id` (its base scenario): the value of `input` that makes
/// the NPV reach the target, or payback come within it, with the answer in words. On a
/// blocking thread: the search evaluates the case a hundred times or more.
pub async fn break_even_stored(
    store: &candor_store::Store,
    id: i64,
    input: String,
    target: sensitivity::Target,
) -> Result<sensitivity::Solution, CommandError> {
    let (case, catalog) = (store.load_case(id).await?.case, store.catalog().await?);
    tokio::task::spawn_blocking(move || Ok(sensitivity::solve(&case, &catalog, &input, target)?))
        .await
        .map_err(|e| CommandError::new("unexpected", e.to_string()))?
}
