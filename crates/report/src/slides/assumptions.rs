//! The assumptions: every input of the case with the value the deck uses, its range when it
//! is uncertain, and where it comes from — the catalog's source and date for a catalogued
//! price (flagged when stale), the study behind a benefit, the note on a line.
//!
//! One row per line of the case (a phase, a driver, a cost, a benefit, a risk) with all its
//! inputs, as a PM reads a budget: one row per input gave seven slides of "lag 0 months"
//! for a small case, with the line's source repeated on each.

use candor_engine::format::{money_unit, number, percent};
use candor_engine::{Case, Catalog, Day, Distribution};

use super::table::{Cell, Column, Row, Table};
use super::{BODY_BOTTOM, BODY_TOP, INK, MARGIN, Slide, VERMILLION};
use crate::fmt::months;

/// How an input's value reads, from its field name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Share,
    Months,
    Money,
    Minutes,
    Volume,
    Plain,
}

fn kind(field: &str) -> Kind {
    match field {
        "discount_rate"
        | "price_escalation"
        | "annual_growth"
        | "share"
        | "probability"
        | "benefit_reduction"
        | "scale"
        | "mitigation.probability" => Kind::Share,
        f if f.starts_with("adoption.") || f.starts_with("realisation.") => Kind::Share,
        "duration_months" | "lag_months" | "delay_months" | "every_months" => Kind::Months,
        "unit_price" | "hourly_cost" | "monthly_amount" | "amount" | "value_per_unit" | "one_off_cost"
        | "mitigation.cost" => Kind::Money,
        "minutes_per_unit" => Kind::Minutes,
        "monthly_volume" => Kind::Volume,
        _ => Kind::Plain,
    }
}

/// A field as a PM names it: "duration", "unit price", "adoption to".
fn label(field: &str) -> String {
    match field {
        "duration_months" => "duration".into(),
        "lag_months" => "lag".into(),
        "delay_months" => "delay".into(),
        "every_months" => "every".into(),
        "monthly_volume" => "volume".into(),
        "annual_growth" => "growth a year".into(),
        "instance_hours_per_month" => "hours per instance-month".into(),
        "monthly_amount" => "amount a month".into(),
        "one_off_cost" => "one-off cost".into(),
        "benefit_reduction" => "benefit cut".into(),
        "mitigation.probability" => "mitigated probability".into(),
        f => f.replace(['_', '.'], " "),
    }
}

fn value(v: f64, kind: Kind, currency: &str) -> String {
    match kind {
        Kind::Share => percent(v),
        Kind::Months => months(v),
        Kind::Money => money_unit(v, currency),
        Kind::Minutes => format!("{} min", number(v)),
        Kind::Volume => format!("{} a month", number(v)),
        Kind::Plain => number(v),
    }
}

fn range(d: &Distribution, kind: Kind, currency: &str) -> String {
    let v = |x: f64| value(x, kind, currency);
    match *d {
        Distribution::Fixed { value } => format!("fixed at {}", v(value)),
        Distribution::Uniform { low, high } => format!("{} – {} (uniform)", v(low), v(high)),
        Distribution::Triangular { low, likely, high } => {
            format!("{} – {}, likely {} (triangular)", v(low), v(high), v(likely))
        }
        Distribution::Pert { low, likely, high } => {
            format!("{} – {}, likely {} (PERT)", v(low), v(high), v(likely))
        }
        Distribution::Normal { mean, sd } => format!("{} ± {} (normal, sd)", v(mean), v(sd)),
        Distribution::Lognormal90 { low, high } => format!("90% in {} – {} (lognormal)", v(low), v(high)),
    }
}

/// Splits `costs[Name].field` into ("costs", "Name", "field"); a case-level input has no
/// section or name.
fn split(path: &str) -> (&str, &str, &str) {
    match (path.find('['), path.rfind("].")) {
        (Some(open), Some(close)) if open < close => {
            (&path[..open], &path[open + 1..close], &path[close + 2..])
        }
        _ => ("", "", path),
    }
}

fn section_title(section: &str) -> &'static str {
    match section {
        "phases" => "Phases",
        "drivers" => "Drivers",
        "costs" => "Costs",
        "benefits" => "Benefits",
        "risks" => "Risks",
        _ => "Case",
    }
}

/// Where a line's figures come from, most authoritative first.
struct Sources {
    parts: Vec<String>,
    stale: bool,
}

impl Sources {
    fn of_line(case: &Case, catalog: &Catalog, section: &str, name: &str, today: Day) -> Sources {
        let mut s = Sources { parts: Vec::new(), stale: false };
        let note = match section {
            "costs" => case.costs.iter().find(|c| c.name == name).map(|line| {
                // A price of the line's own overrides the catalog's: cite the catalog only
                // when its price is the one used.
                let item = line.catalog_item.as_deref().and_then(|id| catalog.get(id));
                if let Some(item) = item.filter(|_| line.unit_price.is_none()) {
                    // The date and BAA status first: they must survive when a long source is cut.
                    s.stale = item.is_stale(today);
                    s.parts.push(format!(
                        "Price: catalog, as of {}{}, HIPAA BAA {}: {} ({}, {})",
                        item.as_of,
                        if s.stale { " (stale)" } else { "" },
                        item.baa.label(),
                        item.source,
                        item.provider,
                        item.name
                    ));
                }
                line.notes.as_str()
            }),
            "benefits" => case.benefits.iter().find(|b| b.name == name).map(|b| b.source.as_str()),
            "phases" => case.phases.iter().find(|p| p.name == name).map(|p| p.notes.as_str()),
            "risks" => case.risks.iter().find(|r| r.name == name).map(|r| r.notes.as_str()),
            _ => None,
        };
        if let Some(note) = note.filter(|n| !n.is_empty()) {
            s.parts.push(note.to_string());
        }
        s
    }

    fn cell(self) -> Cell {
        if self.parts.is_empty() {
            Cell::muted("entered in the case")
        } else if self.stale {
            Cell::coloured(self.parts.join(" · "), VERMILLION)
        } else {
            Cell::new(self.parts.join(" · "))
        }
    }
}

/// The inputs of one line as they accumulate into a row.
struct Line {
    section: String,
    name: String,
    values: Vec<String>,
    ranges: Vec<String>,
    range_sources: Vec<String>,
    overridden: Vec<String>,
}

fn rows(case: &Case, prepared: &Case, catalog: &Catalog, today: Day, scenario: Option<&str>) -> Vec<Row> {
    let overrides = scenario.and_then(|n| case.scenarios.iter().find(|s| s.name == n));
    let mut lines: Vec<Line> = Vec::new();
    for (path, v) in candor_engine::list_inputs(prepared) {
        let (section, name, field) = split(&path);
        if !lines.last().is_some_and(|l| l.section == section && l.name == name) {
            lines.push(Line {
                section: section.to_string(),
                name: name.to_string(),
                values: Vec::new(),
                ranges: Vec::new(),
                range_sources: Vec::new(),
                overridden: Vec::new(),
            });
        }
        let line = lines.last_mut().expect("just pushed");
        let k = kind(field);
        let mut shown = format!("{} {}", label(field), value(v, k, &case.currency));
        if field == "unit_price"
            && let Some(item) = case
                .costs
                .iter()
                .find(|c| c.name == name)
                .and_then(|c| c.catalog_item.as_deref())
                .and_then(|id| catalog.get(id))
        {
            shown = format!("{shown} per {}", item.unit);
        }
        line.values.push(shown);
        let overridden = overrides.is_some_and(|s| s.overrides.iter().any(|o| o.input == path));
        if overridden {
            line.overridden.push(label(field));
        }
        if let Some(u) = case.uncertain.iter().find(|u| u.input == path) {
            // The simulation holds an input the scenario sets at that value.
            let r = if overridden {
                "fixed by the scenario".to_string()
            } else {
                range(&u.distribution, k, &case.currency)
            };
            line.ranges.push(format!("{}: {r}", label(field)));
            if !u.source.is_empty() && !overridden {
                line.range_sources.push(format!("Range of {}: {}", label(field), u.source));
            }
        }
    }

    let mut rows = Vec::new();
    let mut section = None;
    for line in lines {
        if section.as_deref() != Some(line.section.as_str()) {
            rows.push(Row::Group(section_title(&line.section).to_string()));
            section = Some(line.section.clone());
        }
        let mut sources = Sources::of_line(case, catalog, &line.section, &line.name, today);
        if let (Some(s), false) = (overrides, line.overridden.is_empty()) {
            sources
                .parts
                .insert(0, format!("Set by the scenario “{}”: {}", s.name, line.overridden.join(", ")));
        }
        sources.parts.extend(line.range_sources);
        let name = if line.name.is_empty() { "Settings".to_string() } else { line.name };
        let ranges =
            if line.ranges.is_empty() { Cell::muted("fixed") } else { Cell::new(line.ranges.join("; ")) };
        rows.push(Row::Cells(vec![
            Cell::new(name).bold(),
            Cell::new(line.values.join(" · ")),
            ranges,
            sources.cell(),
        ]));
    }
    rows
}

/// The assumptions of `case` (`prepared`: the same with prices resolved, distributions at
/// their central value and the scenario applied), on as many slides as they need.
pub(crate) fn assumptions(
    case: &Case,
    prepared: &Case,
    catalog: &Catalog,
    today: Day,
    scenario: Option<&str>,
) -> Vec<Slide> {
    let table = Table {
        // Values and ranges are never cut; a long source is, after four lines (in full in
        // the workbook).
        columns: vec![
            Column::left("Line", 270.0),
            Column::left("Inputs (values used)", 480.0).lines(12),
            Column::left("Range of the uncertain ones", 370.0).lines(12),
            Column::left("Source", 672.0).lines(4),
        ],
        size: 24.0,
    };
    let inputs = candor_engine::list_inputs(prepared).len();
    let rows = rows(case, prepared, catalog, today, scenario);
    // No note under the table: an appendix this long needs every row it can hold, and the
    // message says what the colours mean.
    let pages = table.paginate(&rows, BODY_BOTTOM - BODY_TOP);
    let total = pages.len();
    pages
        .iter()
        .enumerate()
        .map(|(i, rows)| {
            let title =
                if total > 1 { format!("Assumptions ({} of {total})", i + 1) } else { "Assumptions".to_string() };
            let message = format!(
                "Every input ({inputs}): the value used, its range, its source (red: a price over 12 months old)"
            );
            let mut s = Slide::with_header(&title, &message, INK);
            table.draw(&mut s, MARGIN, BODY_TOP, rows);
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_section_name_and_field() {
        assert_eq!(split("costs[GPU (A100)].unit_price"), ("costs", "GPU (A100)", "unit_price"));
        assert_eq!(split("drivers[Notes].adoption.to"), ("drivers", "Notes", "adoption.to"));
        assert_eq!(split("discount_rate"), ("", "", "discount_rate"));
        assert_eq!(label("adoption.from"), "adoption from");
        assert_eq!(label("duration_months"), "duration");
    }
}
