//! Stakeholder expectations as a table: what each stakeholder expects, whether the base case
//! meets it and by how much, how likely it is across the simulated futures, and what the
//! case can honestly be committed to.

use candor_engine::format::{metric, number, percent};
use candor_engine::simulate::{ExpectationResult, Simulation};
use candor_engine::{Comparator, MetricKey};

use super::table::{Cell, Column, Row, Table};
use super::{BLUISH_GREEN, BODY_BOTTOM, BODY_TOP, INK, MARGIN, MUTED, Slide, Style, VERMILLION};
use crate::fmt::months;

fn symbol(c: Comparator) -> &'static str {
    match c {
        Comparator::AtMost => "≤",
        Comparator::AtLeast => "≥",
    }
}

/// "Payback ≤ month 24", "NPV ≥ $0".
fn condition(key: MetricKey, c: Comparator, threshold: f64, currency: &str) -> String {
    format!("{} {} {}", key.label(), symbol(c), metric(key, Some(threshold), currency, true))
}

/// How far a base value is from its threshold, in the metric's own unit.
fn margin(key: MetricKey, m: f64, currency: &str) -> String {
    let m = m.abs();
    match key {
        MetricKey::PaybackMonth | MetricKey::DiscountedPaybackMonth | MetricKey::GoLiveMonth => months(m),
        MetricKey::IrrAnnual | MetricKey::Roi => format!("{:.1} points", m * 100.0),
        MetricKey::HoursSaved => format!("{} h", number(m)),
        MetricKey::MinutesSavedPerMainUnit => format!("{} min", number(m)),
        _ => metric(key, Some(m), currency, true),
    }
}

fn base_cell(e: &ExpectationResult, currency: &str) -> Cell {
    let value = metric(e.metric, e.deterministic_value, currency, true);
    let by = match e.margin {
        Some(m) if m != 0.0 && m.is_finite() => {
            let by = margin(e.metric, m, currency);
            if e.deterministic_met { format!(", {by} to spare") } else { format!(", short by {by}") }
        }
        _ => String::new(),
    };
    if e.deterministic_met {
        Cell::coloured(format!("✓ met: {value}{by}"), BLUISH_GREEN)
    } else {
        Cell::coloured(format!("✗ missed: {value}{by}"), VERMILLION)
    }
}

/// A confidence as people say it: "80%", not "80.0%".
fn confidence(c: f64) -> String {
    format!("{:.0}%", c * 100.0)
}

fn commitment(e: &ExpectationResult, currency: &str) -> String {
    let at = confidence(e.confidence.unwrap_or(0.8));
    match e.commitment_value {
        Some(v) => format!("{} at {at}", condition(e.metric, e.comparator, v, currency)),
        None => format!("No {} can be committed to at {at}", e.metric.label().to_lowercase()),
    }
}

fn rows(sim: &Simulation) -> Vec<Row> {
    let currency = &sim.currency;
    sim.expectations
        .iter()
        .map(|e| {
            let mut expectation = condition(e.metric, e.comparator, e.threshold, currency);
            if let Some(c) = e.confidence {
                expectation.push_str(&format!(" with {} confidence", confidence(c)));
            }
            // Below the confidence the stakeholder asked for, the probability is the warning.
            let p = percent(e.probability_met);
            let p =
                if e.confident == Some(false) { Cell::coloured(p, VERMILLION).bold() } else { Cell::new(p) };
            Row::Cells(vec![
                Cell::new(format!("{} ({})", e.stakeholder, e.role)),
                Cell::new(expectation),
                base_cell(e, currency),
                p,
                Cell::new(commitment(e, currency)),
            ])
        })
        .collect()
}

fn message(sim: &Simulation) -> String {
    let all = &sim.expectations;
    let met = all.iter().filter(|e| e.deterministic_met).count();
    let asked = all.iter().filter(|e| e.confidence.is_some()).count();
    let confident = all.iter().filter(|e| e.confident == Some(true)).count();
    let mut m = format!("The base case meets {met} of {} expectations", all.len());
    if asked > 0 {
        m.push_str(&format!("; {confident} of the {asked} with a required confidence reach it"));
    }
    m
}

/// The expectations table, on as many slides as it needs.
pub(crate) fn expectations(sim: &Simulation) -> Vec<Slide> {
    let title = "Stakeholder expectations: met, how likely, what can be committed";
    let table = Table {
        columns: vec![
            Column::left("Stakeholder", 400.0),
            Column::left("Expects", 420.0).lines(6),
            Column::left("Base case", 400.0).lines(6),
            Column::right("P(met)", 150.0),
            Column::left("Commitment the case supports", 422.0).lines(6),
        ],
        size: 28.0,
    };
    if sim.expectations.is_empty() {
        let mut s = Slide::with_header(title, "No stakeholder expectation is recorded in this case", MUTED);
        s.text(
            MARGIN,
            BODY_TOP + 80.0,
            "Add stakeholders and what they expect to test the case against them.",
            Style::new(32.0, MUTED),
        );
        return vec![s];
    }
    let rows = rows(sim);
    let note_room = super::NOTE;
    let pages = table.paginate(&rows, BODY_BOTTOM - BODY_TOP - note_room);
    let colour = if sim.expectations.iter().all(|e| e.deterministic_met && e.confident != Some(false)) {
        INK
    } else {
        VERMILLION
    };
    let note = format!(
        "P(met): share of {} Monte Carlo trials that meet the expectation; red when below the confidence asked for. \
         Commitment: the threshold met at that confidence (80% when none is set).",
        number(sim.trials as f64)
    );
    pages
        .iter()
        .map(|rows| {
            let mut s = Slide::with_header(title, &message(sim), colour);
            table.draw(&mut s, MARGIN, BODY_TOP, rows);
            s.note(&note);
            s
        })
        .collect()
}
