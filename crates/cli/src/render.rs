//! Human-readable output: tables a PM can read in a terminal or paste into an e-mail.

use std::path::Path;

use candor_engine::format::{money, payback, percent};
use candor_engine::shipped::Template;
use candor_engine::{Case, Catalog, CatalogItem, Day, Evaluation};
use candor_store::CaseSummary;
use comfy_table::{CellAlignment, Table, TableComponent, presets};

fn table(header: &[&str], right_aligned_from: usize) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING).set_header(header.to_vec());
    t.set_style(TableComponent::HeaderLines, '─');
    t.set_style(TableComponent::MiddleHeaderIntersections, '─');
    for i in right_aligned_from..header.len() {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

pub fn templates(templates: &[Template]) -> String {
    let mut t = table(&["id", "name", "horizon", "phases"], 2);
    for tpl in templates {
        t.add_row(vec![
            tpl.id.to_string(),
            tpl.case.name.clone(),
            format!("{} months", tpl.case.horizon_months),
            tpl.case.phases.len().to_string(),
        ]);
    }
    format!("{t}\nCreate a case from one with: candor new --template <id>\n")
}

pub fn case_list(rows: &[(CaseSummary, Evaluation)], db: &Path) -> String {
    let mut t = table(&["id", "name", "NPV", "IRR", "payback", "peak funding"], 2);
    for (s, e) in rows {
        let m = &e.metrics;
        t.add_row(vec![
            s.id.to_string(),
            s.name.clone(),
            money(m.npv, &s.currency),
            m.irr_annual.map_or("none".into(), percent),
            payback(m.payback_month),
            money(m.peak_funding, &s.currency),
        ]);
    }
    format!("{t}\n{} case(s) in {}\n", rows.len(), db.display())
}

/// `YYYY-MM` of month index `t` after `start` (`YYYY-MM`).
fn calendar(start: &str, t: u32) -> String {
    let Some(d) = Day::parse(start) else { return format!("m{t}") };
    let months = d.year * 12 + d.month as i32 - 1 + t as i32;
    format!("{}-{:02}", months / 12, months % 12 + 1)
}

pub fn evaluation(case: &Case, e: &Evaluation, catalog: &Catalog, today: Day, monthly: bool) -> String {
    let m = &e.metrics;
    let cur = &e.currency;
    let title = match &e.scenario {
        Some(s) => format!("{} — scenario {s}", e.case_name),
        None => format!("{} — base case", e.case_name),
    };
    let mut t = table(&["metric", "value"], 1);
    let unit = case
        .main_driver
        .as_ref()
        .and_then(|d| case.drivers.iter().find(|x| &x.name == d))
        .map_or("unit".to_string(), |d| if d.unit.is_empty() { d.name.clone() } else { d.unit.clone() });
    let rows: Vec<(String, String)> = vec![
        (format!("NPV at {} a year", percent(case.discount_rate)), money(m.npv, cur)),
        ("IRR (annual)".into(), m.irr_annual.map_or("none (no sign change or no root)".into(), percent)),
        ("ROI (undiscounted)".into(), m.roi.map_or("n/a (no cost)".into(), percent)),
        ("Payback".into(), payback(m.payback_month)),
        ("Discounted payback".into(), payback(m.discounted_payback_month)),
        ("Peak funding need".into(), money(m.peak_funding, cur)),
        ("Total cost".into(), money(m.total_cost, cur)),
        ("Total benefit".into(), money(m.total_benefit, cur)),
        (
            format!("Cost per unit ({unit})"),
            m.cost_per_unit.map_or("n/a".into(), |v| format!("{} {cur}", fmt_small(v))),
        ),
        (
            "Go-live".into(),
            format!("month {} ({})", m.go_live_month, calendar(&e.start_month, m.go_live_month)),
        ),
        ("Clinician hours saved".into(), format!("{:.0}", m.hours_saved)),
    ];
    for (k, v) in rows {
        t.add_row(vec![k, v]);
    }

    let mut phases = String::new();
    for p in &e.phases {
        phases.push_str(&format!(
            "  {:<28} months {:>3}–{:<3} ({} to {})\n",
            p.name,
            p.start,
            p.end,
            calendar(&e.start_month, p.start),
            calendar(&e.start_month, p.end.saturating_sub(1).max(p.start))
        ));
    }

    let mut flows =
        table(&[if monthly { "month" } else { "year" }, "cost", "benefit", "cash flow", "cumulative"], 1);
    if monthly {
        for r in &e.monthly {
            flows.add_row(vec![
                format!("{} {}", r.month, calendar(&e.start_month, r.month)),
                money(r.cost, cur),
                money(r.benefit, cur),
                money(r.cash_flow, cur),
                money(r.cumulative, cur),
            ]);
        }
    } else {
        for (y, chunk) in e.monthly.chunks(12).enumerate() {
            let cost: f64 = chunk.iter().map(|r| r.cost).sum();
            let benefit: f64 = chunk.iter().map(|r| r.benefit).sum();
            let last = chunk.last().map_or(0.0, |r| r.cumulative);
            flows.add_row(vec![
                format!("{} (m{}–{})", y + 1, y * 12, y * 12 + chunk.len() - 1),
                money(cost, cur),
                money(benefit, cur),
                money(benefit - cost, cur),
                money(last, cur),
            ]);
        }
    }

    let mut lines = table(&["cost line", "category", "total"], 2);
    for l in &e.cost_lines {
        lines.add_row(vec![l.name.clone(), l.category.clone(), money(l.total, cur)]);
    }
    for l in &e.benefit_lines {
        lines.add_row(vec![l.name.clone(), format!("benefit: {}", l.category), money(l.total, cur)]);
    }

    let cited = catalog.cited_by(case);
    let stale = cited.iter().filter(|i| i.is_stale(today)).count();
    let prices = if cited.is_empty() {
        String::new()
    } else {
        let items: Vec<&CatalogItem> = cited;
        format!("\nCatalog prices this case uses ({stale} stale)\n{}", self::catalog(&items, today))
    };
    format!(
        "{title}\n{} months from {}, amounts in {cur}\n\n{t}\n\nPhases\n{phases}\n{flows}\n\n{lines}\n{prices}",
        case.horizon_months, e.start_month
    )
}

/// Small unit costs need more than whole currency units.
fn fmt_small(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

pub fn catalog(items: &[&CatalogItem], today: Day) -> String {
    let mut t = table(&["id", "provider", "price", "unit", "as of", "age", "BAA", "flags"], 2);
    let mut stale = 0;
    for i in items {
        let age = i.age_months(today).map_or("?".into(), |m| format!("{m} mo"));
        let mut flags = Vec::new();
        if i.is_stale(today) {
            stale += 1;
            flags.push("STALE");
        }
        if i.secondary {
            flags.push("secondary source");
        }
        t.add_row(vec![
            i.id.clone(),
            i.provider.clone(),
            format!("{} {}", fmt_small(i.price), i.currency),
            i.unit.clone(),
            i.as_of.clone(),
            age,
            i.baa.label().to_string(),
            flags.join(", "),
        ]);
    }
    format!(
        "{t}\n{} item(s); {stale} older than {} months: check them before you present.\n",
        items.len(),
        candor_engine::catalog::STALE_AFTER_MONTHS
    )
}
