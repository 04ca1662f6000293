//! The risk register as a table: how likely each risk is, what it does when it happens, and
//! whether its mitigation is worth its cost in expected NPV.

use candor_charts::RiskImpact;
use candor_engine::format::{money_compact, percent};
use candor_engine::sensitivity::MitigationValue;
use candor_engine::{Case, RiskCategory};

use super::table::{Cell, Column, Row, Table};
use super::{BLUISH_GREEN, BODY_BOTTOM, BODY_TOP, INK, MARGIN, MUTED, NOTE, Slide, Style, VERMILLION};
use crate::fmt::months;

fn category(c: RiskCategory) -> &'static str {
    match c {
        RiskCategory::RegulatoryDelay => "regulatory delay",
        RiskCategory::ValidationFailure => "validation failure",
        RiskCategory::PrivacyIncident => "privacy incident",
        RiskCategory::IntegrationDelay => "integration delay",
        RiskCategory::DataQualityRework => "data-quality rework",
        RiskCategory::AdoptionShortfall => "adoption shortfall",
        RiskCategory::CostOverrun => "cost overrun",
        RiskCategory::Other => "other",
    }
}

/// What the risks slide needs: the prepared case (its values as the deck's scenario sets
/// them), the money value of each risk as the heat map values it, and each mitigation's
/// expected value.
pub(crate) struct RiskFigures<'a> {
    pub case: &'a Case,
    pub impacts: &'a [RiskImpact],
    pub mitigations: &'a [MitigationValue],
}

fn rows(f: &RiskFigures<'_>) -> Vec<Row> {
    let currency = &f.case.currency;
    f.case
        .risks
        .iter()
        .map(|r| {
            let mitigation = r.mitigation.as_ref();
            let value = f.mitigations.iter().find(|m| m.risk == r.name);
            let probability = match mitigation {
                Some(m) if m.adopted => {
                    format!("{} → {} (mitigated)", percent(r.probability), percent(m.probability))
                }
                Some(m) => format!("{} ({} if mitigated)", percent(r.probability), percent(m.probability)),
                None => percent(r.probability),
            };
            let mut effects = Vec::new();
            if r.delay_months > 0.0 {
                effects.push(match r.phase.as_deref() {
                    Some(p) => format!("delays {p} by {}", months(r.delay_months)),
                    None => format!("{} delay", months(r.delay_months)),
                });
            }
            if r.one_off_cost > 0.0 {
                effects.push(format!("{} one-off", money_compact(r.one_off_cost, currency)));
            }
            if r.benefit_reduction > 0.0 {
                effects.push(format!("benefits −{}", percent(r.benefit_reduction)));
            }
            if let Some(i) = f.impacts.iter().find(|i| i.name == r.name) {
                effects.push(format!("about {} in all", money_compact(i.impact, currency)));
            }
            let mitigation_cell = match mitigation {
                Some(m) => Cell::new(format!(
                    "{}: {}{}",
                    m.description,
                    money_compact(m.cost, currency),
                    if m.adopted { " (adopted)" } else { " (not adopted)" }
                )),
                None => Cell::muted("none recorded"),
            };
            let worth = match value {
                Some(v) => {
                    let sign = if v.expected_value > 0.0 { "+" } else { "" };
                    let ev = format!("{sign}{}", money_compact(v.expected_value, currency));
                    if v.worth_it {
                        Cell::coloured(format!("{ev}: worth it"), BLUISH_GREEN)
                    } else {
                        Cell::coloured(format!("{ev}: not worth it"), VERMILLION)
                    }
                }
                None => Cell::muted("—"),
            };
            Row::Cells(vec![
                Cell::new(format!("{} ({})", r.name, category(r.category))),
                Cell::new(probability),
                Cell::new(effects.join(", ")),
                mitigation_cell,
                worth,
            ])
        })
        .collect()
}

fn message(f: &RiskFigures<'_>) -> String {
    let n = f.case.risks.len();
    let worth: Vec<&MitigationValue> = f.mitigations.iter().filter(|m| m.worth_it).collect();
    let mut m = format!("{n} risk{} in the register", if n == 1 { "" } else { "s" });
    match worth.as_slice() {
        [] if f.mitigations.is_empty() => m.push_str("; no mitigation recorded"),
        [] => m.push_str("; no mitigation pays for itself in expected NPV"),
        [one] => m.push_str(&format!("; mitigating “{}” pays for itself", one.risk)),
        more => m.push_str(&format!("; {} mitigations pay for themselves", more.len())),
    }
    m
}

/// The risks table, on as many slides as it needs.
pub(crate) fn risks(f: &RiskFigures<'_>) -> Vec<Slide> {
    let title = "Risks: likelihood, impact and mitigation";
    if f.case.risks.is_empty() {
        let mut s = Slide::with_header(title, "No risk is recorded in this case", MUTED);
        let hint = "A case without risks overstates its certainty: add what can go wrong.";
        s.text(MARGIN, BODY_TOP + 80.0, hint, Style::new(32.0, MUTED));
        return vec![s];
    }
    let table = Table {
        columns: vec![
            Column::left("Risk", 380.0),
            Column::left("Probability", 300.0).lines(4),
            Column::left("If it happens", 420.0).lines(6),
            Column::left("Mitigation", 420.0).lines(4),
            Column::left("Expected value", 272.0).lines(4),
        ],
        size: 28.0,
    };
    let note = "“About … in all”: one-off cost + delay × the average monthly benefit after go-live + benefit cut \
                × the benefits after go-live. Expected value: (probability without − with) × NPV lost if it \
                happens − the mitigation's cost.";
    table
        .paginate(&rows(f), BODY_BOTTOM - BODY_TOP - NOTE)
        .iter()
        .map(|rows| {
            let mut s = Slide::with_header(title, &message(f), INK);
            table.draw(&mut s, MARGIN, BODY_TOP, rows);
            s.note(note);
            s
        })
        .collect()
}
