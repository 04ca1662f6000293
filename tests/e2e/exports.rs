//! Exports through the (test-answered) save dialogs: the files are checked, not just found.

use std::path::Path;
use std::time::{Duration, Instant};

use super::editor::{SCRIBE, open_case};
use super::harness::*;

/// Waits for `path` to exist with content.
async fn written(path: &Path) -> Result<Vec<u8>> {
    let started = Instant::now();
    loop {
        if let Ok(bytes) = std::fs::read(path)
            && !bytes.is_empty()
        {
            return Ok(bytes);
        }
        if started.elapsed() > TIMEOUT * 2 {
            return Err(format!("{} was never written", path.display()).into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_workbook_and_a_2x_chart_png_are_written_where_the_dialog_says() -> Result {
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    let stem = "ambient-ai-scribe-buy-100-clinicians";

    app.click("#export-xlsx").await?;
    let xlsx = app.dialog_dir().join(format!("{stem}.xlsx"));
    let bytes = written(&xlsx).await?;
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
    app.wait_text("#export-status", "the saved message", |t| t.starts_with("Saved the workbook")).await?;
    // The workbook holds the engine's NPV.
    use calamine::{DataType, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx)?;
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first)?;
    let case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let npv = candor_engine::evaluate(&case, &candor_engine::shipped::catalog(), None)?.metrics.npv;
    let found = range.cells().any(|(_, _, c)| c.get_float().is_some_and(|v| (v - npv).abs() < 0.01));
    assert!(found, "the NPV {npv} is in sheet {first:?}");

    app.click(r#"[data-chart="cumulative"] [data-export="png2x"]"#).await?;
    let png = written(&app.dialog_dir().join(format!("{stem}-cumulative@2x.png"))).await?;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let (w, h) = (u32::from_be_bytes(png[16..20].try_into()?), u32::from_be_bytes(png[20..24].try_into()?));
    assert_eq!((w, h), (3840, 2160), "twice the 1920×1080 slide");
    app.screenshot("exports.png").await?;
    app.close().await
}

#[tokio::test]
async fn present_mode_steps_through_the_decks_slides_and_esc_leaves_it() -> Result {
    use fantoccini::key::Key;
    let app = App::launch().await?;
    open_case(&app, SCRIBE).await?;
    app.click("#present").await?;
    // The same slides as the PDF deck of the case.
    let case = candor_engine::shipped::template("ambient-scribe").unwrap().case;
    let day = jiff::Zoned::now().date();
    let today =
        candor_engine::Day { year: day.year().into(), month: day.month() as u32, day: day.day() as u32 };
    let slides = candor_report::deck_slides(
        &case,
        &candor_engine::shipped::catalog(),
        None,
        10_000,
        2026,
        today,
        &|_| {},
    )?;
    let n = slides.len();
    app.wait_text("#slide-counter", "the first slide", |t| t.starts_with(&format!("1 / {n}"))).await?;
    // The slide's SVG is put in place just after the counter changes: wait for it.
    app.wait_text("#slide svg", "the title slide naming the case", |t| t.contains(SCRIBE)).await?;
    app.screenshot("present-1.png").await?;

    let key = |k: Key| String::from(char::from(k));
    let body = app.client.find(Locator::Css("body")).await?;
    body.send_keys(&key(Key::Right)).await?;
    app.wait_text("#slide-counter", "the second slide", |t| t.starts_with(&format!("2 / {n}"))).await?;
    app.wait_text("#slide svg", "the key figures", |t| t.contains("Key figures")).await?;
    app.screenshot("present-2.png").await?;
    body.send_keys(&key(Key::Right)).await?;
    app.wait_text("#slide-counter", "the third slide", |t| t.starts_with(&format!("3 / {n}"))).await?;
    app.screenshot("present-3.png").await?;
    body.send_keys(&key(Key::End)).await?;
    app.wait_text("#slide-counter", "the last slide", |t| t.starts_with(&format!("{n} / {n}"))).await?;
    app.wait_text("#slide svg", "the last slide, the assumptions", |t| {
        t.to_lowercase().contains("assumptions")
    })
    .await?;
    app.screenshot("present-last.png").await?;
    body.send_keys(&key(Key::Escape)).await?;
    let started = std::time::Instant::now();
    while app.client.find(Locator::Id("presentation")).await.is_ok() {
        assert!(started.elapsed() < TIMEOUT, "Esc did not leave present mode");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.close().await
}
