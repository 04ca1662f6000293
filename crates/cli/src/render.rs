//! Human-readable output: tables a PM can read in a terminal or paste into an e-mail.

use std::path::Path;

use candor_engine::format::{calendar_month, input_value, metric, money, money_unit, payback, percent};
use candor_engine::shipped::Template;
use candor_engine::standing::Standing;
use candor_engine::{Case, Catalog, CatalogItem, Day, Evaluation, MetricKey};
use candor_store::{CaseSummary, TrashedCase};
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

/// The case list: each case's key figures, or why it has none.
pub fn case_list(rows: &[(CaseSummary, Result<Evaluation, String>)], db: &Path) -> String {
    let mut t = table(&["id", "name", "NPV", "IRR", "payback", "peak funding"], 2);
    let mut problems = Vec::new();
    for (s, e) in rows {
        match e {
            Ok(e) => {
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
            Err(error) => {
                t.add_row(vec![s.id.to_string(), s.name.clone(), "error".into()]);
                problems.push(format!("case {} {:?}: {error}\n", s.id, s.name));
            }
        }
    }
    format!("{t}\n{}{} case(s) in {}\n", problems.concat(), rows.len(), db.display())
}

/// The trash: each case with when it was deleted and the versions kept with it.
pub fn trash(trash: &[TrashedCase]) -> String {
    if trash.is_empty() {
        return "The trash is empty.\n".to_string();
    }
    let mut t = table(&["id", "name", "deleted", "versions"], 3);
    for c in trash {
        t.add_row(vec![c.id.to_string(), c.name.clone(), c.deleted_at.clone(), c.versions.to_string()]);
    }
    format!("{t}\nRestore one with: candor restore <id>; delete them for good with: candor trash --empty\n")
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
        (format!("Cost per unit ({unit})"), metric(MetricKey::CostPerUnit, m.cost_per_unit, cur, false)),
        (
            "Go-live".into(),
            format!("month {} ({})", m.go_live_month, calendar_month(&e.start_month, m.go_live_month)),
        ),
        ("Clinician hours saved".into(), metric(MetricKey::HoursSaved, Some(m.hours_saved), cur, false)),
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
            calendar_month(&e.start_month, p.start),
            calendar_month(&e.start_month, p.end.saturating_sub(1).max(p.start))
        ));
    }

    let mut flows =
        table(&[if monthly { "month" } else { "year" }, "cost", "benefit", "cash flow", "cumulative"], 1);
    if monthly {
        for r in &e.monthly {
            flows.add_row(vec![
                format!("{} {}", r.month, calendar_month(&e.start_month, r.month)),
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
            // Unit prices run to fractions of a cent (archive storage at $0.00099 a
            // GB-month): written at their own precision, as the app writes them.
            money_unit(i.price, &i.currency),
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

fn opt_money(v: Option<f64>, cur: &str) -> String {
    v.map_or("—".into(), |v| money(v, cur))
}

fn opt_month(v: Option<f64>) -> String {
    v.map_or("never".into(), |v| format!("month {v:.0}"))
}

pub fn simulation(case: &Case, s: &candor_engine::simulate::Simulation) -> String {
    let cur = &s.currency;
    let title = match &s.scenario {
        Some(n) => format!("{} — scenario {n}", case.name),
        None => format!("{} — base case", case.name),
    };
    let mut t = table(&["metric", "base", "mean", "P10", "P50", "P90"], 1);
    let money_rows = [
        ("NPV", "npv"),
        ("Peak funding need", "peak_funding"),
        ("Total cost", "total_cost"),
        ("Total benefit", "total_benefit"),
    ];
    for (label, key) in money_rows {
        let m = &s.metrics[key];
        let base = s.deterministic.get(metric_key(key));
        t.add_row(vec![
            label.to_string(),
            opt_money(base, cur),
            opt_money(m.mean, cur),
            opt_money(m.p10, cur),
            opt_money(m.p50, cur),
            opt_money(m.p90, cur),
        ]);
    }
    for (label, key) in [("Payback", "payback_month"), ("Discounted payback", "discounted_payback_month")] {
        let m = &s.metrics[key];
        t.add_row(vec![
            label.to_string(),
            opt_month(s.deterministic.get(metric_key(key))),
            m.mean.map_or("—".into(), |v| format!("month {v:.1} (when it pays back)")),
            opt_month(m.p10),
            opt_month(m.p50),
            opt_month(m.p90),
        ]);
    }
    for (label, key) in [("IRR (annual)", "irr_annual"), ("ROI", "roi")] {
        let m = &s.metrics[key];
        let pct = |v: Option<f64>| v.map_or("—".into(), percent);
        t.add_row(vec![
            label.to_string(),
            pct(s.deterministic.get(metric_key(key))),
            pct(m.mean),
            pct(m.p10),
            pct(m.p50),
            pct(m.p90),
        ]);
    }
    let npv = &s.metrics["npv"];
    let mut p = String::new();
    for (k, v) in &s.prob_payback_within {
        p.push_str(&format!("  P(payback ≤ {k} months) = {}\n", percent(*v)));
    }
    let mut standing = String::new();
    for key in candor_engine::MetricKey::ALL {
        if let Some(st) = s.metrics.get(key.key()).and_then(|m| Standing::of(key, m)) {
            standing.push_str(&format!("  {:<24} {}\n", key.label(), st.words()));
        }
    }
    if standing.is_empty() {
        standing = "  Within the middle 80% of the trials (P10–P90) for every metric.\n".into();
    }
    let mut risks = String::new();
    for r in &s.risks {
        risks.push_str(&format!("  {:<40} happened in {} of trials\n", r.name, percent(r.fired_share)));
    }
    format!(
        "{title}\n{} trials, seed {}; standard error of mean NPV {}\n\n{t}\n\nP(NPV > 0) = {}\nNever pays back within {} months: {}\n{p}\nThe base case against the trials\n{standing}{}{}",
        s.trials,
        s.seed,
        opt_money(npv.std_error, cur),
        percent(s.prob_npv_positive),
        case.horizon_months,
        percent(s.never_pays_back),
        if risks.is_empty() { String::new() } else { format!("\nRisks\n{risks}") },
        if s.expectations.is_empty() { String::new() } else { format!("\n{}", expectations(case, s)) },
    )
}

fn metric_key(key: &str) -> candor_engine::MetricKey {
    candor_engine::MetricKey::ALL
        .into_iter()
        .find(|k| k.key() == key)
        .unwrap_or(candor_engine::MetricKey::Npv)
}

pub fn expectations(case: &Case, s: &candor_engine::simulate::Simulation) -> String {
    let mut t =
        table(&["stakeholder", "expects", "base", "met", "P(met)", "needs", "commitment supported"], 2);
    for e in &s.expectations {
        let cur = &s.currency;
        let sign = match e.comparator {
            candor_engine::Comparator::AtMost => "≤",
            candor_engine::Comparator::AtLeast => "≥",
        };
        let confidence = e.confidence.unwrap_or(0.8);
        t.add_row(vec![
            format!("{} ({})", e.stakeholder, e.role),
            format!("{} {sign} {}", e.metric.key(), metric(e.metric, Some(e.threshold), cur, false)),
            metric(e.metric, e.deterministic_value, cur, false),
            if e.deterministic_met { "yes".into() } else { "NO".into() },
            percent(e.probability_met),
            e.confidence.map_or("—".into(), percent),
            match e.commitment_value {
                Some(v) => {
                    format!("{sign} {} at {}", metric(e.metric, Some(v), cur, false), percent(confidence))
                }
                None => format!("none at {}", percent(confidence)),
            },
        ]);
    }
    format!(
        "Stakeholder expectations ({} trials{})\n{t}\n",
        s.trials,
        match &s.scenario {
            Some(n) => format!(", scenario {n}"),
            None => String::new(),
        }
    ) + &format!("{} expectation(s) for {}\n", s.expectations.len(), case.name)
}

pub fn tornado(case: &Case, t: &candor_engine::sensitivity::Tornado) -> String {
    let cur = &case.currency;
    let mut table =
        table(&["input (P10 → P90)", "NPV at P10", "NPV at P90", "swing", "payback at P10 / P90"], 1);
    for b in &t.bars {
        table.add_row(vec![
            format!(
                "{} ({} → {})",
                b.input,
                input_value(&b.input, b.p10, cur),
                input_value(&b.input, b.p90, cur)
            ),
            money(b.npv_at_p10, cur),
            money(b.npv_at_p90, cur),
            money(b.npv_swing, cur),
            format!("{} / {}", payback(b.payback_at_p10), payback(b.payback_at_p90)),
        ]);
    }
    format!(
        "Sensitivity of {} (base NPV {}, payback {})\n{table}\n",
        case.name,
        money(t.base_npv, cur),
        payback(t.base_payback)
    )
}

pub fn mitigations(case: &Case, m: &[candor_engine::sensitivity::MitigationValue]) -> String {
    if m.is_empty() {
        return String::new();
    }
    let cur = &case.currency;
    let mut t = table(
        &["risk: mitigation", "probability", "NPV lost if it happens", "cost", "expected value", "worth it"],
        1,
    );
    for v in m {
        t.add_row(vec![
            format!("{}: {}", v.risk, v.mitigation),
            format!("{} → {}", percent(v.probability_without), percent(v.probability_with)),
            money(v.npv_loss_if_it_happens, cur),
            money(v.cost, cur),
            money(v.expected_value, cur),
            if v.worth_it { "yes".into() } else { "no".into() },
        ]);
    }
    format!("\nMitigations\n{t}\n")
}
