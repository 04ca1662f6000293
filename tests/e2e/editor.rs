//! The case editor: new cases from templates, edits that recalculate and persist, invalid
//! input refused at its field, ranges feeding the simulation, expectations and their
//! probabilities, delete and undo.

use std::time::{Duration, Instant};

use serde_json::json;

use super::harness::*;

pub const SCRIBE: &str = "Ambient AI scribe (buy) — 100 clinicians";

/// Opens the listed case named `name` and waits for its results and its first simulation.
pub async fn open_case(app: &App, name: &str) -> Result {
    app.listed_cases().await?;
    for button in app.client.find_all(Locator::Css("#cases li .case-button")).await? {
        if button.find(Locator::Css(".case-name")).await?.text().await? == name {
            button.click().await?;
            app.wait_text("#case-name", "the case's name", |t| t == name).await?;
            app.wait_text("#npv", "the NPV", |t| !t.is_empty()).await?;
            app.simulation_settled().await?;
            return Ok(());
        }
    }
    Err(format!("{name:?} is not listed").into())
}

/// The engine's NPV, as the window writes it, for the scribe template changed by `change`.
pub fn scribe_npv_after(change: impl FnOnce(&mut candor_engine::Case)) -> String {
    let mut case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    change(&mut case);
    let eval = candor_engine::evaluate(&case, &candor_engine::shipped::catalog(), None).unwrap();
    candor_engine::format::money(eval.metrics.npv, &case.currency)
}

/// The engine's NPV for the scribe template with its second cost (the HIPAA risk analysis,
/// priced from the catalog) priced at `price` instead.
pub fn scribe_npv_with_price(price: f64) -> String {
    scribe_npv_after(|case| case.costs[1].unit_price = Some(price))
}

#[tokio::test]
async fn a_case_created_from_a_template_opens_with_the_engine_npv() -> Result {
    let app = App::launch().await?;
    app.listed_cases().await?;
    app.client.find(Locator::Id("new-case")).await?.select_by_value("ambient-scribe").await?;
    let copy = format!("{SCRIBE} (2)");
    app.wait_text("#case-name", "the new case", |t| t == copy).await?;
    app.wait_text("#npv", "the NPV", |t| t == expected_npv_text(SCRIBE)).await?;
    assert_eq!(app.listed_cases().await?.len(), 4, "the new case is listed");
    app.screenshot("editor-new-case.png").await?;
    app.close().await
}

#[tokio::test]
async fn changing_a_cost_recalculates_the_npv_to_the_engine_value_and_survives_a_restart() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    let price = r#"input[data-path="costs[1].unit_price"]"#;
    app.type_into(price, "15000").await?;
    let expected = scribe_npv_with_price(15000.0);
    app.wait_text("#npv", "the recalculated NPV", |t| t == expected).await?;
    app.wait_text("#save-status", "the save", |t| t == "All changes saved").await?;
    app.simulation_settled().await?;
    app.screenshot("editor-costs.png").await?;
    // A chart far out of view is not drawn with each edit, but as soon as it scrolls in.
    let risks = r#"[data-chart="risks"]"#;
    let drawn = app.client.find_all(Locator::Css(&format!("{risks} img"))).await?;
    assert!(drawn.is_empty(), "the risk chart, out of view, was drawn anyway");
    app.client.execute(&format!("document.querySelector('{risks}').scrollIntoView()"), vec![]).await?;
    let fresh = format!("{risks}:not(.stale) img");
    app.wait_for(&fresh).await?;
    let data = app.data.clone();
    app.close().await?;

    // Everything as it was after a restart: the case open again, the price and its NPV.
    let app = App::launch_on(data).await?;
    app.wait_text("#case-name", "the case open at the restart", |t| t == SCRIBE).await?;
    open_case(&app, SCRIBE).await?;
    assert_eq!(app.text_of("#npv").await?, expected);
    let value = app.client.find(Locator::Css(price)).await?.prop("value").await?;
    assert_eq!(value.as_deref(), Some("15000"), "the price typed before the restart");
    app.close().await
}

#[tokio::test]
async fn an_invalid_input_is_marked_at_its_field_and_nothing_is_saved() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    let before = app.text_of("#npv").await?;
    app.click(r#"[data-section="Settings"]"#).await?;
    let horizon = r#"input[data-path="horizon_months"]"#;
    app.type_into(horizon, "5").await?;
    app.wait_text("#save-status", "the refusal", |t| t.starts_with("Not saved")).await?;
    app.screenshot("editor-invalid.png").await?;
    // Every problem is listed with the field it concerns; those on screen are marked.
    let problems = app.text_of("#problems").await?;
    assert!(problems.contains("horizon"), "the engine's messages name the horizon: {problems}");
    assert_eq!(app.text_of("#npv").await?, before, "the results are those of the saved case");
    let data = app.data.clone();
    app.close().await?;

    let app = App::launch_on(data).await?;
    open_case(&app, SCRIBE).await?;
    app.click(r#"[data-section="Settings"]"#).await?;
    let value = app.client.find(Locator::Css(horizon)).await?.prop("value").await?;
    let template = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    assert_eq!(value, Some(template.horizon_months.to_string()), "the refused horizon was not saved");
    app.close().await
}

#[tokio::test]
async fn a_range_on_an_input_feeds_the_simulation_and_a_new_expectation_shows_its_probability() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    // Wait for the first simulation, then make the discount rate uncertain.
    app.wait_text("#prob-npv-positive", "the first simulation", |t| t.contains("P(NPV > 0)")).await?;
    app.click(r#"[data-section="Settings"]"#).await?;
    app.click(r#"[data-toggle="discount_rate"]"#).await?;
    app.wait_for(r#"[data-distribution="discount_rate"]"#).await?;
    // The range takes the field's place, and its label: in words, as percentages.
    let label = app.text_of(r#"[data-distribution="discount_rate"] .field-label"#).await?;
    assert_eq!(label, "Discount rate: PERT 6.4% / 8% / 10%", "the range's label");
    app.wait_text("#save-status", "the save", |t| t == "All changes saved").await?;

    app.click(r#"[data-section="Stakeholders"]"#).await?;
    app.click(".add-expectation").await?;
    // The CFO's third expectation: NPV of at least $100,000.
    app.type_into(r#"input[data-path="stakeholders[0].expectations[2].threshold"]"#, "100000").await?;
    let row = r#"#expectations tbody tr:nth-child(3) td.probability"#;
    let shown = app
        .wait_text(r#"#expectations tbody tr:nth-child(3)"#, "the new expectation's row", |t| {
            t.contains("Net present value ≥ $100,000")
        })
        .await?;
    assert!(shown.contains("Chief Financial Officer"), "{shown}");

    // The same case in the engine: the discount rate made a range as the app does it, the
    // expectation added, simulated with the app's trials and seed.
    let mut case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let r = case.discount_rate;
    case.uncertain.push(candor_engine::UncertainInput {
        input: "discount_rate".into(),
        distribution: candor_engine::Distribution::Pert { low: r * 0.8, likely: r, high: r * 1.25 },
        source: String::new(),
    });
    case.stakeholders[0].expectations.push(candor_engine::Expectation {
        metric: candor_engine::MetricKey::Npv,
        comparator: candor_engine::Comparator::AtLeast,
        threshold: 100_000.0,
        confidence: Some(0.8),
    });
    let sim = engine_simulation(&case, 10_000);
    let expected = candor_engine::format::percent(sim.expectations[2].probability_met);
    app.wait_text(row, "the engine's probability", |t| t == expected).await?;
    app.screenshot("editor-stakeholders.png").await?;
    app.close().await
}

#[tokio::test]
async fn an_irr_expectation_is_typed_in_percent_and_can_be_removed() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    app.click(r#"[data-section="Stakeholders"]"#).await?;
    app.click(".add-expectation").await?;
    // The CFO's third expectation: an IRR of at least 15%, typed as a percentage.
    let at = "stakeholders[0].expectations[2]";
    app.wait_for(&format!(r#"select[data-path="{at}.metric"]"#)).await?.select_by_value("irr_annual").await?;
    app.type_into(&format!(r#"input[data-path="{at}.threshold"]"#), "15").await?;
    app.wait_text("#expectations tbody tr:nth-child(3)", "the IRR expectation's row", |t| {
        t.contains("IRR (annual) ≥ 15.0%")
    })
    .await?;
    // The engine, with an IRR of 0.15 (not 15, which no trial reaches) as the threshold.
    let mut case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    case.stakeholders[0].expectations.push(candor_engine::Expectation {
        metric: candor_engine::MetricKey::IrrAnnual,
        comparator: candor_engine::Comparator::AtLeast,
        threshold: 0.15,
        confidence: Some(0.8),
    });
    let sim = engine_simulation(&case, 10_000);
    let expected = candor_engine::format::percent(sim.expectations[2].probability_met);
    assert!(sim.expectations[2].probability_met > 0.0, "some trials reach 15%");
    app.wait_text("#expectations tbody tr:nth-child(3) td.probability", "the engine's probability", |t| {
        t == expected
    })
    .await?;
    app.screenshot("editor-expectation-irr.png").await?;

    // Removed, it leaves the case: the table is back to the template's five rows.
    let rows = case.stakeholders.iter().map(|s| s.expectations.len()).sum::<usize>() - 1;
    app.click(&format!(
        r#"[data-stakeholder="{}"] .expectation:nth-child(3) .remove-expectation"#,
        case.stakeholders[0].name
    ))
    .await?;
    app.wait_text("#save-status", "the save", |t| t == "All changes saved").await?;
    app.simulation_settled().await?;
    let count = app.client.find_all(Locator::Css("#expectations tbody tr")).await?.len();
    assert_eq!(count, rows, "the removed expectation is gone from the results");
    assert!(app.client.find(Locator::Css(&format!(r#"input[data-path="{at}.threshold"]"#))).await.is_err());
    app.close().await
}

/// The row of the case named `name` in the list: its id.
async fn listed_id(app: &App, name: &str) -> Result<String> {
    app.listed_cases().await?;
    for row in app.client.find_all(Locator::Css("#cases li")).await? {
        if row.find(Locator::Css(".case-name")).await?.text().await? == name {
            return Ok(row.attr("data-id").await?.unwrap_or_default());
        }
    }
    Err(format!("{name:?} is not listed").into())
}

/// Waits until the list has `n` cases.
async fn listed_count(app: &App, n: usize, what: &str) -> Result {
    app.until(what, "return document.querySelectorAll('#cases li').length === arguments[0];", vec![json!(n)])
        .await
}

#[tokio::test]
async fn a_deleted_case_comes_back_with_its_versions_by_undo_and_from_the_trash() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    app.click(r#"[data-section="Versions"]"#).await?;
    app.type_into("#version-name", "Board, 1 Dec").await?;
    app.click("#freeze-version").await?;
    app.wait_text("#versions", "the frozen version", |t| t.contains("Board, 1 Dec")).await?;
    let before = app.listed_cases().await?;
    let id = listed_id(&app, SCRIBE).await?;

    app.click(&format!(r#"#cases li[data-id="{id}"] .delete"#)).await?;
    app.click(&format!(r#"#cases li[data-id="{id}"] .confirm-delete"#)).await?;
    listed_count(&app, before.len() - 1, "the case to leave the list").await?;
    app.wait_text("#trash summary", "the trash", |t| t == "Trash (1)").await?;
    app.screenshot("cases-deleted.png").await?;
    app.click("#undo-delete").await?;
    listed_count(&app, before.len(), "the case to come back").await?;
    let mut after = app.listed_cases().await?;
    let mut expected = before.clone();
    after.sort();
    expected.sort();
    assert_eq!(after, expected, "the same cases, by name");
    assert_eq!(listed_id(&app, SCRIBE).await?, id, "under the same id");
    open_case(&app, SCRIBE).await?;
    app.click(r#"[data-section="Versions"]"#).await?;
    app.wait_text("#versions", "the version, kept", |t| t.contains("Board, 1 Dec")).await?;

    // Deleted again, it waits in the trash until restored from there.
    app.click(&format!(r#"#cases li[data-id="{id}"] .delete"#)).await?;
    app.click(&format!(r#"#cases li[data-id="{id}"] .confirm-delete"#)).await?;
    listed_count(&app, before.len() - 1, "the case to leave the list again").await?;
    app.click("#trash summary").await?;
    let row = app
        .wait_text(&format!(r#"#trash li[data-id="{id}"]"#), "the trashed case", |t| t.contains(SCRIBE))
        .await?;
    assert!(row.contains("1 version kept"), "{row:?}");
    app.screenshot("trash.png").await?;
    app.click(&format!(r#"#trash li[data-id="{id}"] .restore"#)).await?;
    listed_count(&app, before.len(), "the case to come back from the trash").await?;
    app.wait_text("#case-name", "the restored case, open", |t| t == SCRIBE).await?;
    app.click(r#"[data-section="Versions"]"#).await?;
    app.wait_text("#versions", "the version, kept again", |t| t.contains("Board, 1 Dec")).await?;
    app.close().await
}

#[tokio::test]
async fn a_frozen_version_compares_with_the_case_as_it_is_now() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    app.click(r#"[data-section="Versions"]"#).await?;
    app.type_into("#version-name", "Board, 1 Dec").await?;
    app.click("#freeze-version").await?;
    app.wait_text("#versions", "the frozen version", |t| t.contains("Board, 1 Dec")).await?;

    app.click(r#"[data-section="Costs"]"#).await?;
    app.type_into(r#"input[data-path="costs[1].unit_price"]"#, "15000").await?;
    let after = scribe_npv_with_price(15000.0);
    app.wait_text("#npv", "the recalculated NPV", |t| t == after).await?;

    app.click(r#"[data-section="Versions"]"#).await?;
    app.click(r#"[data-version="Board, 1 Dec"] .compare"#).await?;
    app.wait_for("#changed-inputs").await?;
    // The changed price, in words and in the case's currency: the catalog's $3,500 then.
    let price =
        app.text_of(r#"#changed-inputs tr[data-input="costs[HIPAA risk analysis].unit_price"]"#).await?;
    // WebKit's text of a table row runs its cells together.
    assert_eq!(price, "HIPAA risk analysis (unit price)$3,500$15,000", "the changed input's row");
    // Each stakeholder's probability then and now, as the engine gives them.
    let then = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let mut now = then.clone();
    now.costs[1].unit_price = Some(15000.0);
    let compared = candor_engine::compare::compare(
        &then,
        &now,
        &candor_engine::shipped::catalog(),
        &candor_engine::simulate::SimulationOptions::default(),
    )?;
    let rows = app.text_of("#changed-expectations tbody").await?;
    for e in &compared.expectations {
        let share = |p: Option<f64>| p.map_or("—".to_string(), candor_engine::format::percent);
        assert!(rows.contains(&format!("{}{}", share(e.before), share(e.after))), "{e:?} in {rows:?}");
    }
    assert!(rows.contains("Payback ≤ month 24"), "expectations in words: {rows:?}");
    let table = app.text_of("#comparison table").await?;
    let before = expected_npv_text(SCRIBE);
    assert!(table.contains(&format!("Net present value{before}{after}")), "NPV then and now in {table:?}");
    assert!(app.text_of("#comparison-probability").await?.starts_with("P(NPV > 0): "));
    // The screenshot shows the changed inputs and the stakeholders' probabilities.
    app.client
        .execute("document.getElementById('changed-inputs').scrollIntoView({block: 'start'})", vec![])
        .await?;
    app.screenshot("versions-compare.png").await?;
    app.close().await
}

#[tokio::test]
async fn an_added_cost_line_counts_in_the_npv_and_scenarios_sit_side_by_side() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    app.click(r#"[data-add="costs"]"#).await?;
    let mut case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let index = case.costs.len();
    app.type_into(&format!(r#"input[data-path="costs[{index}].unit_price"]"#), "1000").await?;
    // The engine's NPV with the same line: a recurring "people" cost of 1,000 a month.
    let mut line = case.costs[index - 1].clone();
    line.name = format!("Cost {}", index + 1);
    line.category = candor_engine::CostCategory::People;
    line.basis = candor_engine::CostBasis::Recurring { quantity: 1.0, every_months: 1.0 };
    line.unit_price = Some(1000.0);
    line.catalog_item = None;
    line.start = None;
    line.end = None;
    line.escalate = true;
    line.notes = String::new();
    case.costs.push(line);
    let eval = candor_engine::evaluate(&case, &candor_engine::shipped::catalog(), None)?;
    let expected = candor_engine::format::money(eval.metrics.npv, &case.currency);
    app.wait_text("#npv", "the NPV with the new line", |t| t == expected).await?;
    app.simulation_settled().await?;
    app.screenshot("editor-added-cost.png").await?;

    app.click(r#"[data-section="Scenarios"]"#).await?;
    let headers = app.client.find_all(Locator::Css("#scenario-table thead th")).await?.len();
    assert_eq!(headers, 2 + case.scenarios.len(), "input, base and one column per scenario");
    // This click added no column in about one full run of ten on a loaded machine, even
    // with the page settled (its cause is not found). The test clicks once more after 5 s,
    // says so on stderr, and still requires exactly one new column: two clicks that both
    // landed would add two.
    app.click("#add-scenario").await?;
    let started = Instant::now();
    let mut clicked_again = false;
    while app.client.find_all(Locator::Css("#scenario-table thead th")).await?.len() == headers {
        assert!(started.elapsed() < TIMEOUT, "the new scenario has no column");
        if !clicked_again && started.elapsed() > Duration::from_secs(5) {
            eprintln!("the click on #add-scenario added no column within 5 s: clicking again");
            app.click("#add-scenario").await?;
            clicked_again = true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.wait_text("#save-status", "the save", |t| t == "All changes saved").await?;
    let now = app.client.find_all(Locator::Css("#scenario-table thead th")).await?.len();
    assert_eq!(now, headers + 1, "one click, one new scenario column");
    app.screenshot("editor-scenarios.png").await?;
    app.close().await
}

#[tokio::test]
async fn an_exported_case_file_imports_as_a_new_case() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    app.click("#export-case").await?;
    app.wait_text("#export-status", "the saved case file", |t| t.starts_with("Saved the case file")).await?;
    app.click("#import-case").await?;
    let copy = format!("{SCRIBE} (2)");
    app.wait_text("#case-name", "the imported case", |t| t == copy).await?;
    app.wait_text("#npv", "the imported case's NPV", |t| t == expected_npv_text(SCRIBE)).await?;
    assert_eq!(app.listed_cases().await?.len(), 4);
    app.close().await
}

#[tokio::test]
async fn a_mitigation_adopted_in_the_window_is_paid_for_in_the_npv() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    app.click(r#"[data-section="Risks"]"#).await?;
    // The template's privacy risk has a mitigation, not adopted: adopting it pays its cost.
    let case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let privacy = case.risks.iter().position(|r| r.mitigation.is_some()).unwrap();
    let expected = scribe_npv_after(|c| c.risks[privacy].mitigation.as_mut().unwrap().adopted = true);
    // Under it, whether it is worth its cost: the engine's expected value.
    let values =
        candor_engine::sensitivity::mitigation_values(&case, &candor_engine::shipped::catalog(), None)?;
    let value =
        values.iter().find(|v| v.risk == case.risks[privacy].name).expect("the privacy mitigation's value");
    let shown = app
        .wait_text(&format!(r#"[data-mitigation-value="{}"]"#, value.risk), "the mitigation's value", |t| {
            !t.is_empty()
        })
        .await?;
    let verdict = if value.worth_it { "Worth its cost" } else { "Not worth its cost" };
    let figure = candor_engine::format::money(value.expected_value, &case.currency);
    assert!(shown.starts_with(verdict) && shown.contains(&figure), "{shown:?}: {verdict}, {figure}");
    app.click(&format!(r#"input[data-path="risks[{privacy}].mitigation.adopted"]"#)).await?;
    app.wait_text("#npv", "the NPV with the mitigation paid", |t| t == expected).await?;
    // A risk without one can be given one, and the delay's phase is chosen from the phases.
    let slips = &case.risks[0].name;
    app.click(&format!(r#"[data-add-mitigation="{slips}"]"#)).await?;
    app.wait_for(&format!(r#"[data-mitigation="{slips}"]"#)).await?;
    let phase =
        app.client.find(Locator::Css(r#"select[data-path="risks[0].phase"]"#)).await?.prop("value").await?;
    assert_eq!(phase, case.risks[0].phase, "the risk's phase as the template has it");
    app.wait_text("#save-status", "the save", |t| t == "All changes saved").await?;
    app.screenshot("editor-risks.png").await?;
    app.close().await
}

#[tokio::test]
async fn a_ramp_edited_in_the_window_moves_the_npv_to_the_engine_value() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    app.click(r#"[data-section="Drivers"]"#).await?;
    // Adoption reaches its top three months later, into production.
    let expected = scribe_npv_after(|c| c.drivers[0].adoption.as_mut().unwrap().end.offset_months = 3.0);
    app.type_into(r#"input[data-path="drivers[0].adoption.end.offset_months"]"#, "3").await?;
    app.wait_text("#npv", "the NPV with the slower adoption", |t| t == expected).await?;
    app.wait_text("#save-status", "the save", |t| t == "All changes saved").await?;
    app.screenshot("editor-drivers.png").await?;
    app.close().await
}

#[tokio::test]
async fn the_break_even_solver_answers_as_the_engine_and_says_when_no_value_gets_there() -> Result {
    use candor_engine::sensitivity::{Target, solve};
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    let case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let catalog = candor_engine::shipped::catalog();
    let input = "costs[Scribe subscription].unit_price";
    // The inputs arrive after the case opens.
    app.wait_for(&format!(r#"#break-even-input option[value="{input}"]"#)).await?;
    app.wait_for("#break-even-input").await?.select_by_value(input).await?;
    // The solver sits below the charts: scroll to it and click once it is still, as a user
    // would.
    until_still(&app, "#break-even").await?;
    app.click("#break-even-solve").await?;
    let npv_zero = solve(&case, &catalog, input, Target::Npv(0.0))?;
    assert!(npv_zero.value.is_some(), "the template breaks even within the price's range");
    app.wait_text("#break-even-answer", "the break-even price", |t| t == npv_zero.message).await?;
    // Paying back within 6 months is out of reach at any price in the range: said so.
    app.wait_for("#break-even-goal").await?.select_by_value("payback").await?;
    app.type_into("#break-even-months", "6").await?;
    until_still(&app, "#break-even").await?;
    app.click("#break-even-solve").await?;
    let six = solve(&case, &catalog, input, Target::Payback(6))?;
    assert_eq!(six.value, None);
    app.wait_text("#break-even-answer", "no value reaches payback in 6 months", |t| t == six.message).await?;
    app.screenshot("break-even.png").await?;
    // An edit makes the answer out of date: it goes.
    app.type_into(r#"input[data-path="costs[1].unit_price"]"#, "15000").await?;
    app.wait_text("#save-status", "the save", |t| t == "All changes saved").await?;
    let started = Instant::now();
    while app.client.find(Locator::Id("break-even-answer")).await.is_ok() {
        assert!(started.elapsed() < Duration::from_secs(10), "the answer for the case before the edit stays");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.close().await
}

/// Scrolls the element at `css` into view and waits until it has kept its place for half a
/// second.
async fn until_still(app: &App, css: &str) -> Result {
    let element = app.wait_for(css).await?;
    let arg = vec![serde_json::to_value(&element)?];
    app.client.execute("arguments[0].scrollIntoView({block: 'center'})", arg.clone()).await?;
    let started = Instant::now();
    let (mut last, mut still_since) = (String::new(), Instant::now());
    loop {
        let place = app
            .client
            .execute("return JSON.stringify(arguments[0].getBoundingClientRect())", arg.clone())
            .await?
            .to_string();
        if place != last {
            (last, still_since) = (place, Instant::now());
        } else if still_since.elapsed() > Duration::from_millis(500) {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(20) {
            return Err(format!("{css} kept moving for 20 s").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
