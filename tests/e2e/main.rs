//! End-to-end tests of the desktop app: the real binary in a real WebKit webview, driven over
//! WebDriver (tauri-driver → WebKitWebDriver), each on a fresh database.
//!
//! Needs a display and the drivers: run under `xvfb-run -a -s "-screen 0 1280x800x24" cargo
//! test --test e2e` after `scripts/setup.sh`. A missing display or driver fails the test: it
//! is never skipped, since CI relies on it. Screenshots of every screen land in
//! `target/tmp/e2e/`.
//!
//! The app under test must be built with the `test-hooks` feature (its dialogs answered from
//! a folder): `cargo test --features test-hooks`, as `scripts/test.sh` runs it.

#[cfg(not(feature = "test-hooks"))]
compile_error!(
    "the end-to-end tests answer the app's dialogs from a folder: build them with \
     `--features test-hooks` (scripts/test.sh does)"
);

mod catalog;
mod editor;
mod exports;
mod harness;
mod measure;

use std::time::{Duration, Instant};

use harness::*;
use serde_json::json;

#[tokio::test]
async fn a_fresh_install_lists_the_three_shipped_templates_with_their_npv() -> Result {
    let app = App::launch().await?;
    let mut listed = app.listed_cases().await?;
    let mut shipped: Vec<String> =
        candor_engine::shipped::templates().into_iter().map(|t| t.case.name).collect();
    assert_eq!(shipped.len(), 3, "three templates ship with Candor");
    listed.sort();
    shipped.sort();
    assert_eq!(listed, shipped);

    for item in app.client.find_all(Locator::Css("#cases li")).await? {
        let name = item.find(Locator::Css(".case-name")).await?.text().await?;
        let npv = item.find(Locator::Css(".case-npv")).await?.text().await?;
        assert_eq!(npv, format!("NPV {}", expected_npv_text(&name)), "list row of {name:?}");
        // P(NPV > 0) over the list's 10,000 trials, as the engine gives it.
        let case =
            candor_engine::shipped::templates().into_iter().find(|t| t.case.name == name).unwrap().case;
        let sim = engine_simulation(&case, 10_000);
        let prob = item.find(Locator::Css(".case-prob")).await?.text().await?;
        assert_eq!(prob, format!("P(NPV > 0) {}", candor_engine::format::percent(sim.prob_npv_positive)));
    }
    assert!(app.no_error_shown().await?, "no error shown");
    app.close().await
}

#[tokio::test]
async fn clicking_a_case_shows_the_engine_npv_and_the_cash_flow_chart() -> Result {
    let app = App::launch().await?;
    let names = app.listed_cases().await?;
    let first = names.first().expect("at least one case is listed").clone();

    app.client.find(Locator::Css("#cases li .case-button")).await?.click().await?;
    app.wait_for("#chart svg").await?;
    app.wait_text("#npv", "the NPV", |t| !t.is_empty()).await?;

    assert_eq!(app.text_of("#case-name").await?, first);
    assert_eq!(app.text_of("#npv").await?, expected_npv_text(&first));
    // The list and the open case's own run give the same chance of a positive NPV.
    app.simulation_settled().await?;
    let listed = app.text_of("#cases li .case-prob").await?;
    let open = app.text_of("#prob-npv-positive").await?;
    let figure = listed.trim_start_matches("P(NPV > 0) ");
    assert!(
        open.starts_with(&format!("P(NPV > 0) = {figure} over 10,000 trials")),
        "{listed:?} in the list, {open:?} open"
    );
    let chart_text = app.text_of("#chart svg").await?;
    assert!(chart_text.contains(&first), "the chart is titled with the case name");
    assert!(
        chart_text.contains("Pays back in month") || chart_text.contains("Does not pay back"),
        "the chart states its key message: {chart_text:?}"
    );
    assert!(app.no_error_shown().await?, "no error shown");

    let png = app.client.screenshot().await?;
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    std::fs::write(artefact("case-chart.png"), png)?;
    app.close().await
}

#[tokio::test]
async fn every_listed_case_opens_with_its_own_npv_and_chart() -> Result {
    let app = App::launch().await?;
    let names = app.listed_cases().await?;
    for (i, name) in names.iter().enumerate() {
        let buttons = app.client.find_all(Locator::Css("#cases li .case-button")).await?;
        buttons[i].click().await?;
        let started = Instant::now();
        while app.client.find(Locator::Css("#chart svg")).await.is_err()
            || app.text_of("#case-name").await? != *name
        {
            if started.elapsed() > TIMEOUT {
                std::fs::write(
                    artefact(&format!("case-{}-not-open.png", i + 1)),
                    app.client.screenshot().await?,
                )?;
                panic!("{name:?} did not open: the window shows {}", app.describe().await?);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(app.text_of("#npv").await?, expected_npv_text(name), "NPV of {name:?}");
        assert!(app.no_error_shown().await?, "no error");
        std::fs::write(artefact(&format!("case-{}.png", i + 1)), app.client.screenshot().await?)?;
    }
    app.close().await
}

#[tokio::test]
async fn the_content_security_policy_blocks_inline_scripts_and_remote_requests() -> Result {
    let app = App::launch().await?;
    app.listed_cases().await?;
    // WebDriver's own scripts are exempt from the CSP; what they add to the page is not.
    let script = r#"
        const done = arguments[arguments.length - 1];
        const violations = [];
        document.addEventListener("securitypolicyviolation", (e) => violations.push(e.effectiveDirective));
        const inline = document.createElement("script");
        inline.textContent = "window.__candorInline = true;";
        document.head.append(inline);
        fetch("https://example.com/").catch(() => {}).finally(() =>
            setTimeout(() => done({ inlineRan: window.__candorInline === true, violations }), 200));
    "#;
    let outcome = app.client.execute_async(script, vec![]).await?;
    assert_eq!(outcome["inlineRan"], json!(false), "an inline script ran: {outcome}");
    let violated = |directive: &str| {
        outcome["violations"]
            .as_array()
            .is_some_and(|v| v.iter().any(|d| d.as_str().is_some_and(|d| d.starts_with(directive))))
    };
    assert!(violated("script-src"), "no script-src violation: {outcome}");
    assert!(violated("connect-src"), "no connect-src violation: {outcome}");
    app.close().await
}

#[tokio::test]
async fn the_results_pane_keeps_its_layout_while_its_charts_are_drawn() -> Result {
    let app = App::launch().await?;
    editor::open_case(&app, editor::SCRIBE).await?;
    // Every height the charts' box takes from now on, as the page lays it out.
    app.client
        .execute(
            "window.__chartHeights = []; \
             new ResizeObserver((es) => es.forEach((e) => window.__chartHeights.push(e.contentRect.height))) \
               .observe(document.querySelector('.charts'));",
            vec![],
        )
        .await?;
    // Scroll down the pane as a reader does: the charts coming into view are drawn in place
    // of their placeholders.
    let started = Instant::now();
    loop {
        let state = app
            .client
            .execute(
                "const pane = document.querySelector('.content'); pane.scrollTop += 300; \
                 return { bottom: pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 1, \
                          waiting: document.querySelectorAll('.charts .chart.placeholder').length };",
                vec![],
            )
            .await?;
        if state["bottom"] == json!(true) && state["waiting"] == json!(0) {
            break;
        }
        assert!(started.elapsed() < TIMEOUT, "the charts were not all drawn: {state}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let heights: Vec<f64> =
        serde_json::from_value(app.client.execute("return window.__chartHeights", vec![]).await?)?;
    let (low, high) = heights.iter().fold((f64::INFINITY, 0.0f64), |(l, h), x| (l.min(*x), h.max(*x)));
    assert!(
        high - low < 1.0,
        "the charts' box changed height as its charts were drawn, moving what is below it: {heights:?}"
    );
    app.screenshot("results-drawn.png").await?;
    app.close().await
}

#[tokio::test]
async fn the_chance_of_paying_back_within_any_typed_month_is_the_engines() -> Result {
    let app = App::launch().await?;
    editor::open_case(&app, editor::SCRIBE).await?;
    let case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let sim = engine_simulation(&case, 10_000);
    let chance = |k: usize| candor_engine::format::percent(sim.prob_payback_by_month[k]);
    // 24 months to start with, then any month typed: read from the same run, no new one.
    app.wait_text("#payback-chance-value", "P(payback ≤ 24)", |t| t == chance(24)).await?;
    app.type_into("#payback-months", "30").await?;
    app.wait_text("#payback-chance-value", "P(payback ≤ 30)", |t| t == chance(30)).await?;
    assert_ne!(chance(24), chance(30), "the two months give different chances");
    let never = candor_engine::format::percent(sim.never_pays_back);
    let line = app.text_of("#payback-chance").await?;
    assert!(line.contains(&format!("{never} never pay back within the 36 months")), "{line:?}");
    app.screenshot("payback-chance.png").await?;
    app.close().await
}

#[tokio::test]
async fn a_larger_simulation_chosen_in_the_window_gives_the_engines_result_for_that_many_trials() -> Result {
    let app = App::launch().await?;
    editor::open_case(&app, editor::SCRIBE).await?;
    app.wait_for("#trials").await?.select_by_value("100000").await?;
    // A hundred thousand trials in the test's debug build take some seconds.
    let started = Instant::now();
    let shown = loop {
        if let Ok(p) = app.client.find(Locator::Id("prob-npv-positive")).await
            && let Ok(text) = p.text().await
            && text.ends_with("over 100,000 trials")
        {
            break text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "no 100,000-trial result: {}",
            app.describe().await?
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let sim = engine_simulation(&case, 100_000);
    let expected = format!("P(NPV > 0) = {}", candor_engine::format::percent(sim.prob_npv_positive));
    assert!(shown.starts_with(&expected), "{shown:?}, the engine: {expected:?}");
    app.screenshot("trials-100k.png").await?;
    // The run that follows an edit keeps the choice.
    app.click(r#"[data-section="Costs"]"#).await?;
    app.type_into(r#"input[data-path="costs[1].unit_price"]"#, "15000").await?;
    app.wait_text("#save-status", "the save", |t| t == "All changes saved").await?;
    app.simulation_settled().await?;
    let after = app.text_of("#prob-npv-positive").await?;
    assert!(after.ends_with("over 100,000 trials"), "after the edit: {after:?}");
    app.close().await
}

#[tokio::test]
async fn a_card_says_so_when_the_base_case_is_better_than_most_trials() -> Result {
    use candor_engine::MetricKey;
    let app = App::launch().await?;
    editor::open_case(&app, editor::SCRIBE).await?;
    let case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let sim = engine_simulation(&case, 10_000);
    let standing = |key: MetricKey| candor_engine::standing::Standing::of(key, &sim.metrics[key.key()]);
    // The scribe's base case prices its subscription at the cheapest vendor's and has no
    // risk happen: nearly every trial costs more.
    let cost = standing(MetricKey::TotalCost).expect("the engine flags the base case's total cost");
    assert!(cost.optimistic, "{cost:?}");
    let shown = app
        .wait_text(r#"[data-metric="total_cost"] dd.standing"#, "the total cost's standing", |t| {
            !t.is_empty()
        })
        .await?;
    assert_eq!(shown, cost.words());
    let class = app.wait_for(r#"[data-metric="total_cost"] dd.standing"#).await?.attr("class").await?;
    assert!(class.is_some_and(|c| c.contains("optimistic")), "drawn as a warning");
    // A card whose base case lies within the trials' P10–P90 says nothing more.
    assert_eq!(standing(MetricKey::Npv), None, "the engine does not flag the NPV");
    app.simulation_settled().await?;
    let npv = app.client.find_all(Locator::Css(r#"[data-metric="npv"] dd.standing"#)).await?;
    assert!(npv.is_empty(), "the NPV card shows no standing");
    app.screenshot("card-standing.png").await?;
    app.close().await
}
