//! The catalog screen: a price edited there is the user's override, and every case citing it
//! is recalculated with it.

use super::editor::{SCRIBE, open_case, scribe_npv_with_price};
use super::harness::*;

#[tokio::test]
async fn an_overridden_catalog_price_recalculates_the_cases_that_cite_it() -> Result {
    let app = App::launch().await?;
    app.listed_cases().await?;
    app.click("#nav-catalog").await?;
    let row = r#"[data-item="hipaa-risk-analysis-consultant"]"#;
    app.wait_text(row, "the HIPAA risk analysis price", |t| t.contains("HIPAA")).await?;
    app.screenshot("catalog.png").await?;
    app.click(&format!("{row} .edit-price")).await?;
    app.type_into(r#"#price-form [data-price-field="price"]"#, "15000").await?;
    app.click("#save-price").await?;
    app.wait_text(row, "the override", |t| t.contains("yours") && t.contains("15000")).await?;

    // The scribe case prices that line from the catalog: its NPV follows the override.
    open_case(&app, SCRIBE).await?;
    let expected = scribe_npv_with_price(15000.0);
    app.wait_text("#npv", "the NPV with the overridden price", |t| t == expected).await?;
    app.close().await
}
