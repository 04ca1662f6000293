//! Figures for the notes, not pass/fail checks (speed is never asserted in tests): run on a
//! release build with
//! `CANDOR_E2E_APP=target/release/candor-app xvfb-run -a cargo test --test e2e -- --ignored --nocapture`.
//! Prints the time from launch to the case list on screen, from an edit to its results
//! painted, from a simulation's start to its results painted, and the memory (PSS) of the
//! app and its WebKit processes with a large case open.

use std::time::{Duration, Instant};

use super::editor::open_case;
use super::harness::*;

/// Proportional set size, in KiB, of every process whose command name starts with one of
/// `names` (the app and WebKit's web and network processes).
fn pss_kib(names: &[&str]) -> (u64, Vec<(String, u64)>) {
    let mut each = Vec::new();
    for (comm, dir) in processes(|comm| names.iter().any(|n| comm.starts_with(n))) {
        let Ok(rollup) = std::fs::read_to_string(dir.join("smaps_rollup")) else { continue };
        let pss = rollup
            .lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
        each.push((comm, pss));
    }
    (each.iter().map(|(_, p)| p).sum(), each)
}

/// The running processes whose command name passes `keep`: (name, /proc folder).
fn processes(keep: impl Fn(&str) -> bool) -> Vec<(String, std::path::PathBuf)> {
    let entries = std::fs::read_dir("/proc").into_iter().flatten().flatten();
    entries
        .filter_map(|e| {
            let comm = std::fs::read_to_string(e.path().join("comm")).ok()?.trim().to_string();
            keep(&comm).then(|| (comm, e.path()))
        })
        .collect()
}

/// When the newest process named `name` started, in milliseconds since the epoch (to the
/// kernel's clock tick, 10 ms).
fn process_start_ms(name: &str) -> Option<f64> {
    // Field 22 of /proc/PID/stat, counted after the command name's closing parenthesis:
    // the start in clock ticks (1/100 s) since boot.
    let ticks = processes(|comm| comm == name)
        .into_iter()
        .filter_map(|(_, dir)| {
            let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
            stat[stat.rfind(')')? + 2..].split_whitespace().nth(19)?.parse::<u64>().ok()
        })
        .max()?;
    // The boot instant as now − uptime (/proc/stat's btime is rounded to the second).
    let uptime: f64 =
        std::fs::read_to_string("/proc/uptime").ok()?.split_whitespace().next()?.parse().ok()?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs_f64();
    Some((now - uptime + ticks as f64 / 100.0) * 1e3)
}

/// A large case: the radiology template over 120 months with 60 more cost lines and 20
/// more benefit lines.
fn large_case() -> candor_engine::Case {
    let mut case = candor_engine::shipped::template("radiology-drafts").unwrap().case;
    case.name = "Large case".into();
    case.horizon_months = 120;
    let cost = case.costs.iter().find(|c| c.unit_price.is_some()).unwrap().clone();
    for i in 0..60 {
        let mut c = cost.clone();
        c.name = format!("Extra cost {i}");
        c.unit_price = Some(100.0 + i as f64);
        case.costs.push(c);
    }
    let benefit = case.benefits[0].clone();
    for i in 0..20 {
        let mut b = benefit.clone();
        b.name = format!("Extra benefit {i}");
        case.benefits.push(b);
    }
    case
}

#[tokio::test]
#[ignore = "prints measurements; run on a release build (see the module's doc)"]
async fn measure_start_edit_simulation_and_memory() -> Result {
    let started = Instant::now();
    let app = App::launch_as_shipped().await?;
    app.listed_cases().await?;
    println!(
        "launch → case list on screen: {:.0} ms (includes the WebDriver session)",
        started.elapsed().as_secs_f64() * 1e3
    );
    // The same without the WebDriver session: from the app process's start (as the kernel
    // records it) to the frame that painted the list (as the window records it).
    let listed_at = app.client.find(Locator::Css("body")).await?.attr("data-listed-at").await?;
    if let (Some(listed_at), Some(started_at)) =
        (listed_at.and_then(|v| v.parse::<f64>().ok()), process_start_ms("candor-app"))
    {
        println!("app process start → case list painted: {:.0} ms", listed_at - started_at);
        let asked = app.client.find(Locator::Css("body")).await?.attr("data-list-asked-at").await?;
        if let Some(asked) = asked.and_then(|v| v.parse::<f64>().ok()) {
            println!(
                "  (process start → page asks for the list {:.0} ms; list call and paint {:.0} ms)",
                asked - started_at,
                listed_at - asked
            );
        }
    }

    let (total, each) = pss_kib(&["candor-app", "WebKitWebProces", "WebKitNetworkPr"]);
    println!("PSS with the list shown: {:.1} MiB in all: {each:?}", total as f64 / 1024.0);

    // Edit → results painted, as the window itself times it, over several edits.
    open_case(&app, "Ambient AI scribe (buy) — 100 clinicians").await?;
    app.wait_text("#simulation", "the first simulation", |t| t.contains("P(NPV > 0)")).await?;
    let mut recalcs = Vec::new();
    // One keystroke per edit (the box's text selected and replaced by one digit), as a
    // person types, each followed by a pause.
    for (i, price) in ["5", "6", "7", "8", "9"].iter().enumerate() {
        app.type_into(r#"input[data-path="costs[1].unit_price"]"#, price).await?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let recalc = app.client.find(Locator::Id("recalc-time")).await?;
        let ms = recalc.attr("data-ms").await?;
        let call = recalc.attr("data-save-ms").await?;
        println!("  (the save-and-results call {call:?} ms, the rest is painting)");
        recalcs.push(ms.unwrap_or_default());
        let sim = app.client.find(Locator::Id("simulation-time")).await.ok();
        if let Some(sim) = sim {
            println!(
                "edit {i}: results {} ms after the keystroke; simulation {} ms",
                recalcs[i],
                sim.attr("data-ms").await?.unwrap_or_default()
            );
        }
    }

    // A million trials chosen in the window: start to painted, as the window times it, and
    // the memory it takes.
    app.wait_for("#trials").await?.select_by_value("1000000").await?;
    let started = Instant::now();
    while !app.text_of("#simulation").await.unwrap_or_default().contains("over 1,000,000 trials") {
        assert!(started.elapsed() < Duration::from_secs(60), "no million-trial result");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let painted = app.client.find(Locator::Id("simulation-time")).await?.attr("data-ms").await?;
    let (total, each) = pss_kib(&["candor-app", "WebKitWebProces", "WebKitNetworkPr"]);
    println!(
        "1,000,000 trials: {} ms from the choice to painted (seen by the test after {} ms); PSS {:.1} MiB: {each:?}",
        painted.unwrap_or_default(),
        started.elapsed().as_millis(),
        total as f64 / 1024.0
    );

    // Memory with a large case open.
    let file = app.dialog_dir().join("large.json");
    std::fs::write(&file, candor_engine::write_case_file(&large_case()))?;
    app.click("#import-case").await?;
    app.wait_text("#case-name", "the large case", |t| t == "Large case").await?;
    app.wait_text("#simulation", "the large case's simulation", |t| t.contains("P(NPV > 0)")).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (total, each) = pss_kib(&["candor-app", "WebKitWebProces", "WebKitNetworkPr"]);
    println!("PSS with the large case open: {:.1} MiB in all: {each:?}", total as f64 / 1024.0);
    app.close().await
}
