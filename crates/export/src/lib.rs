//! Candor's exports for a finance reviewer: the monthly cash flow as CSV, and the whole case
//! as an XLSX workbook (summary metrics, monthly cash flow, costs by category, assumptions
//! with their sources, scenarios, simulation percentiles, stakeholder expectations).
//!
//! Boundaries: shapes engine results into files' bytes. It computes nothing itself beyond
//! asking the engine for each scenario; it writes no file (the caller does).

use candor_engine::format::calendar_month;
use candor_engine::simulate::Simulation;
use candor_engine::standing::Standing;
use candor_engine::{Case, Catalog, CostCategory, EngineError, Evaluation, inputs};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("writing the workbook failed: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("writing the CSV failed: {0}")]
    Csv(String),
}

/// The monthly cash flow, one row a month, costs by category as extra columns.
pub fn monthly_csv(eval: &Evaluation) -> Result<String, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = vec![
        "month",
        "calendar_month",
        "cost",
        "benefit",
        "cash_flow",
        "cumulative",
        "discounted_cash_flow",
        "discounted_cumulative",
        "hours_saved",
    ];
    header.extend(CostCategory::ALL.iter().map(|c| c.key()));
    w.write_record(&header).map_err(|e| ExportError::Csv(e.to_string()))?;
    for m in &eval.monthly {
        let mut row = vec![
            m.month.to_string(),
            calendar_month(&eval.start_month, m.month),
            m.cost.to_string(),
            m.benefit.to_string(),
            m.cash_flow.to_string(),
            m.cumulative.to_string(),
            m.discounted_cash_flow.to_string(),
            m.discounted_cumulative.to_string(),
            m.hours_saved.to_string(),
        ];
        row.extend(CostCategory::ALL.iter().map(|c| m.cost_by_category.get(*c).to_string()));
        w.write_record(&row).map_err(|e| ExportError::Csv(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| ExportError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Csv(e.to_string()))
}

struct Formats {
    bold: Format,
    money: Format,
    percent: Format,
    number: Format,
    whole: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            // Thousands separators, negatives in red with a minus: what finance expects.
            money: Format::new().set_num_format("#,##0;[Red]-#,##0"),
            percent: Format::new().set_num_format("0.0%"),
            number: Format::new().set_num_format("#,##0.00"),
            whole: Format::new().set_num_format("0"),
        }
    }
}

fn header(ws: &mut Worksheet, f: &Formats, row: u32, titles: &[&str]) -> Result<(), XlsxError> {
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *t, &f.bold)?;
    }
    Ok(())
}

/// Writes `v` with the format its metric needs; an undefined value is written as text.
fn metric_cell(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    key: &str,
    v: Option<f64>,
) -> Result<(), XlsxError> {
    let Some(v) = v.filter(|v| v.is_finite()) else {
        ws.write_string(row, col, if key.contains("payback") { "never" } else { "n/a" })?;
        return Ok(());
    };
    let format = match key {
        "irr_annual" | "roi" => &f.percent,
        "payback_month" | "discounted_payback_month" | "go_live_month" => &f.whole,
        "cost_per_unit" | "minutes_saved_per_main_unit" => &f.number,
        _ => &f.money,
    };
    ws.write_number_with_format(row, col, v, format)?;
    Ok(())
}

/// The whole case as an XLSX workbook. `sim`, when given, adds the simulation and
/// expectation sheets.
pub fn workbook(
    case: &Case,
    catalog: &Catalog,
    eval: &Evaluation,
    sim: Option<&Simulation>,
) -> Result<Vec<u8>, ExportError> {
    let f = Formats::new();
    let mut wb = Workbook::new();

    // Summary.
    let ws = wb.add_worksheet().set_name("Summary")?;
    ws.write_string_with_format(0, 0, case.name.as_str(), &f.bold)?;
    ws.write_string(1, 0, format!("Scenario: {}", eval.scenario.as_deref().unwrap_or("base case")))?;
    ws.write_string(
        2,
        0,
        format!(
            "Currency {}; {} months from {}; discount rate {:.2}% a year",
            case.currency,
            case.horizon_months,
            case.start_month,
            case.discount_rate * 100.0
        ),
    )?;
    header(
        ws,
        &f,
        4,
        &["metric", "base case", "mean", "P10", "P50", "P90", "trials worse than base", "base case flag"],
    )?;
    for (i, key) in candor_engine::MetricKey::ALL.into_iter().enumerate() {
        let row = 5 + i as u32;
        ws.write_string(row, 0, key.key())?;
        metric_cell(ws, &f, row, 1, key.key(), eval.metrics.get(key))?;
        if let Some(s) = sim.and_then(|s| s.metrics.get(key.key())) {
            for (c, x) in [s.mean, s.p10, s.p50, s.p90].into_iter().enumerate() {
                metric_cell(ws, &f, row, 2 + c as u16, key.key(), x)?;
            }
            // The share of trials that do worse than the base case: near 100% means the
            // base case overpromises.
            let worse = if key.higher_is_better() { s.below_base } else { s.above_base };
            if let Some(w) = worse {
                ws.write_number_with_format(row, 6, w, &f.percent)?;
            }
            if let Some(st) = Standing::of(key, s) {
                ws.write_string(row, 7, st.words())?;
            }
        }
    }
    ws.set_column_width(0, 30)?;
    ws.set_column_range_width(1, 6, 16)?;
    ws.set_column_width(7, 56)?;

    // Monthly cash flow.
    let ws = wb.add_worksheet().set_name("Monthly cash flow")?;
    header(
        ws,
        &f,
        0,
        &[
            "month",
            "calendar month",
            "cost",
            "benefit",
            "cash flow",
            "cumulative",
            "discounted cash flow",
            "discounted cumulative",
            "hours saved",
        ],
    )?;
    for (i, m) in eval.monthly.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number_with_format(row, 0, m.month, &f.whole)?;
        ws.write_string(row, 1, calendar_month(&eval.start_month, m.month))?;
        let values =
            [m.cost, m.benefit, m.cash_flow, m.cumulative, m.discounted_cash_flow, m.discounted_cumulative];
        for (c, v) in values.into_iter().enumerate() {
            ws.write_number_with_format(row, 2 + c as u16, v, &f.money)?;
        }
        ws.write_number_with_format(row, 8, m.hours_saved, &f.number)?;
    }
    ws.set_column_range_width(0, 8, 16)?;
    ws.set_freeze_panes(1, 0)?;

    // Costs by category.
    let ws = wb.add_worksheet().set_name("Costs by category")?;
    ws.write_string_with_format(0, 0, "month", &f.bold)?;
    for (c, cat) in CostCategory::ALL.iter().enumerate() {
        ws.write_string_with_format(0, 1 + c as u16, cat.label(), &f.bold)?;
    }
    for (i, m) in eval.monthly.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number_with_format(row, 0, m.month, &f.whole)?;
        for (c, cat) in CostCategory::ALL.iter().enumerate() {
            ws.write_number_with_format(row, 1 + c as u16, m.cost_by_category.get(*cat), &f.money)?;
        }
    }
    ws.set_column_range_width(0, 12, 18)?;
    ws.set_freeze_panes(1, 1)?;

    // Assumptions: every input with its value, range and source.
    let ws = wb.add_worksheet().set_name("Assumptions")?;
    header(ws, &f, 0, &["input", "value", "distribution", "source", "as of", "HIPAA BAA"])?;
    let prepared = candor_engine::Model::prepare(case, catalog, None)?.0;
    for (i, (path, value)) in inputs::list_inputs(&prepared).into_iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, path.as_str())?;
        ws.write_number_with_format(row, 1, value, &f.number)?;
        if let Some(u) = case.uncertain.iter().find(|u| u.input == path) {
            ws.write_string(row, 2, describe(&u.distribution))?;
            ws.write_string(row, 3, u.source.as_str())?;
        }
        // A catalog price carries the item's source, date and BAA status.
        let priced = case.costs.iter().find(|c| path == format!("costs[{}].unit_price", c.name));
        if let Some(item) = priced.and_then(|c| c.catalog_item.as_deref()).and_then(|id| catalog.get(id)) {
            ws.write_string(
                row,
                3,
                format!("{} ({}){}", item.source, item.id, if item.secondary { ", secondary" } else { "" }),
            )?;
            ws.write_string(row, 4, item.as_of.as_str())?;
            ws.write_string(row, 5, item.baa.label())?;
        }
    }
    ws.set_column_width(0, 55)?;
    ws.set_column_range_width(1, 2, 16)?;
    ws.set_column_width(3, 70)?;

    // Scenarios: what each overrides and where it lands.
    let ws = wb.add_worksheet().set_name("Scenarios")?;
    header(ws, &f, 0, &["scenario", "NPV", "IRR", "payback month", "peak funding", "overrides"])?;
    let base = std::iter::once((None, String::new()));
    let others = case.scenarios.iter().map(|s| {
        let overrides =
            s.overrides.iter().map(|o| format!("{} = {}", o.input, o.value)).collect::<Vec<_>>().join("; ");
        (Some(s.name.as_str()), overrides)
    });
    for (row, (name, overrides)) in (1..).zip(base.chain(others)) {
        let m = candor_engine::evaluate(case, catalog, name)?.metrics;
        ws.write_string(row, 0, name.unwrap_or("Base case"))?;
        metric_cell(ws, &f, row, 1, "npv", Some(m.npv))?;
        metric_cell(ws, &f, row, 2, "irr_annual", m.irr_annual)?;
        metric_cell(ws, &f, row, 3, "payback_month", m.payback_month.map(f64::from))?;
        metric_cell(ws, &f, row, 4, "peak_funding", Some(m.peak_funding))?;
        ws.write_string(row, 5, overrides)?;
    }
    ws.set_column_width(0, 28)?;
    ws.set_column_range_width(1, 4, 16)?;
    ws.set_column_width(5, 90)?;

    if let Some(s) = sim {
        let ws = wb.add_worksheet().set_name("Simulation")?;
        ws.write_string(0, 0, format!("{} trials, seed {}", s.trials, s.seed))?;
        ws.write_string(1, 0, "P(NPV > 0)")?;
        ws.write_number_with_format(1, 1, s.prob_npv_positive, &f.percent)?;
        ws.write_string(2, 0, "never pays back")?;
        ws.write_number_with_format(2, 1, s.never_pays_back, &f.percent)?;
        let mut row = 3;
        for (k, p) in &s.prob_payback_within {
            ws.write_string(row, 0, format!("P(payback ≤ {k} months)"))?;
            ws.write_number_with_format(row, 1, *p, &f.percent)?;
            row += 1;
        }
        row += 1;
        header(ws, &f, row, &["month", "cumulative P10", "P50", "P90"])?;
        for b in &s.cumulative_bands {
            row += 1;
            ws.write_number_with_format(row, 0, b.month, &f.whole)?;
            for (c, v) in [b.p10, b.p50, b.p90].into_iter().enumerate() {
                ws.write_number_with_format(row, 1 + c as u16, v, &f.money)?;
            }
        }
        // Beside them, the chance of paying back within k months for every k: a finance
        // reviewer reads any target off it.
        let (k_col, p_col) = (5, 6);
        ws.write_string_with_format(0, k_col, "payback within (months)", &f.bold)?;
        ws.write_string_with_format(0, p_col, "P", &f.bold)?;
        for (k, p) in s.prob_payback_by_month.iter().enumerate().skip(1) {
            ws.write_number_with_format(k as u32, k_col, k as f64, &f.whole)?;
            ws.write_number_with_format(k as u32, p_col, *p, &f.percent)?;
        }
        ws.set_column_width(0, 28)?;
        ws.set_column_range_width(1, 3, 16)?;
        ws.set_column_width(k_col, 24)?;

        let ws = wb.add_worksheet().set_name("Expectations")?;
        header(
            ws,
            &f,
            0,
            &["stakeholder", "role", "expectation", "base value", "met", "P(met)", "required", "commitment"],
        )?;
        for (i, e) in s.expectations.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_string(row, 0, e.stakeholder.as_str())?;
            ws.write_string(row, 1, e.role.as_str())?;
            ws.write_string(row, 2, e.expectation.as_str())?;
            metric_cell(ws, &f, row, 3, e.metric.key(), e.deterministic_value)?;
            ws.write_string(row, 4, if e.deterministic_met { "yes" } else { "no" })?;
            ws.write_number_with_format(row, 5, e.probability_met, &f.percent)?;
            if let Some(c) = e.confidence {
                ws.write_number_with_format(row, 6, c, &f.percent)?;
            }
            ws.write_string(row, 7, e.commitment.as_str())?;
        }
        ws.set_column_range_width(0, 7, 22)?;
    }

    Ok(wb.save_to_buffer()?)
}

/// A distribution in words: "pert 0 / 0.683 / 1.5".
fn describe(d: &candor_engine::Distribution) -> String {
    use candor_engine::Distribution as D;
    match *d {
        D::Fixed { value } => format!("fixed {value}"),
        D::Uniform { low, high } => format!("uniform {low} to {high}"),
        D::Triangular { low, likely, high } => format!("triangular {low} / {likely} / {high}"),
        D::Pert { low, likely, high } => format!("PERT {low} / {likely} / {high}"),
        D::Normal { mean, sd } => format!("normal mean {mean}, sd {sd}"),
        D::Lognormal90 { low, high } => format!("lognormal, 90% between {low} and {high}"),
    }
}
