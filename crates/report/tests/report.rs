//! PNG, PDF and deck, read back as a person or a PDF reader would: image sizes from the PNG
//! header, dark pixels where text must be, text extracted from the PDF pages.

use std::sync::Mutex;

use candor_engine::{Case, Catalog, Day, evaluate, shipped};
use candor_report::{DeckProgress, Figures, ReportError, chart_svgs, deck, svg_to_pdf, svg_to_png};
use resvg::tiny_skia::Pixmap;

const DATE: Day = Day { year: 2026, month: 11, day: 27 };
const TRIALS: usize = 300;

fn scribe() -> Case {
    shipped::template("ambient-scribe").expect("shipped template").case
}

/// The cumulative cash-flow chart of the ambient-scribe template at slide size.
fn cumulative_svg() -> String {
    let eval = evaluate(&scribe(), &shipped::catalog(), None).expect("evaluates");
    candor_charts::cumulative_cash_flow_svg(&eval, &candor_charts::Canvas::new(1920, 1080)).expect("draws")
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

/// Pixels darker than mid-grey inside the box (x0, y0)–(x1, y1).
fn dark_pixels(png: &[u8], (x0, y0, x1, y1): (u32, u32, u32, u32)) -> usize {
    let pixmap = Pixmap::decode_png(png).expect("decodes");
    let mut dark = 0;
    for y in y0..y1.min(pixmap.height()) {
        for x in x0..x1.min(pixmap.width()) {
            let p = pixmap.pixel(x, y).expect("inside").demultiply();
            let luma = 0.3 * f64::from(p.red()) + 0.59 * f64::from(p.green()) + 0.11 * f64::from(p.blue());
            if p.alpha() > 128 && luma < 128.0 {
                dark += 1;
            }
        }
    }
    dark
}

/// The text of each page of a PDF, whitespace removed so that wrapped lines still match.
fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let pages = pdf_extract::extract_text_from_mem_by_pages(pdf).expect("a PDF reader extracts the text");
    pages.iter().map(|p| squeeze(p)).collect()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn a_chart_png_is_1920_by_1080_at_scale_1_and_3840_by_2160_at_scale_2() {
    let svg = cumulative_svg();
    assert_eq!(png_size(&svg_to_png(&svg, 1.0).expect("renders")), (1920, 1080));
    assert_eq!(png_size(&svg_to_png(&svg, 2.0).expect("renders")), (3840, 2160));
}

#[test]
fn another_svg_size_is_scaled_from_its_own_size() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540"><rect width="960" height="540" fill="white"/></svg>"#;
    assert_eq!(png_size(&svg_to_png(svg, 2.0).expect("renders")), (1920, 1080));
    assert_eq!(png_size(&svg_to_png(svg, 1.5).expect("renders")), (1440, 810));
}

#[test]
fn sans_serif_text_is_drawn_with_the_packaged_font() {
    // Without a sans-serif family set in the font database, resvg looks for Arial and the
    // text silently vanishes: dark pixels where the words are prove that it does not.
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="200">
        <rect width="800" height="200" fill="#FFFFFF"/>
        <text x="20" y="120" font-family="sans-serif" font-size="96" fill="#1F2937">Candor</text>
        </svg>"##;
    let png = svg_to_png(svg, 1.0).expect("renders");
    assert!(dark_pixels(&png, (0, 0, 800, 200)) > 3000, "no text was drawn");
}

#[test]
fn a_transparent_svg_keeps_its_transparency_and_colours() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
        <rect x="0" y="0" width="50" height="50" fill="#0072B2" fill-opacity="0.5"/></svg>"##;
    let png = svg_to_png(svg, 1.0).expect("renders");
    let pixmap = Pixmap::decode_png(&png).expect("decodes");
    let half = pixmap.pixel(10, 10).expect("inside").demultiply();
    assert!((127..=129).contains(&half.alpha()), "alpha {}", half.alpha());
    assert!(half.blue().abs_diff(0xB2) <= 2 && half.green().abs_diff(0x72) <= 2, "{half:?}");
    assert_eq!(pixmap.pixel(80, 10).expect("inside").alpha(), 0, "the empty half stays transparent");
}

#[test]
fn a_chart_png_has_its_title_in_dark_pixels() {
    let png = svg_to_png(&cumulative_svg(), 2.0).expect("renders");
    // The title sits at the top left: 60 px type at 1920 wide, 120 px at 2×.
    let title = dark_pixels(&png, (128, 80, 2400, 230));
    assert!(title > 20_000, "only {title} dark pixels in the title area");
}

#[test]
fn a_bad_scale_is_refused_naming_the_range() {
    let svg = cumulative_svg();
    for scale in [0.0, -1.0, f32::NAN, f32::INFINITY, 9.0] {
        let err = svg_to_png(&svg, scale).expect_err("refused");
        assert!(matches!(err, ReportError::Scale { .. }), "{scale}: {err}");
    }
}

#[test]
fn something_that_is_not_svg_is_an_error_not_a_panic() {
    assert!(matches!(svg_to_png("not svg", 1.0), Err(ReportError::Svg(_))));
    assert!(matches!(svg_to_pdf("<svg"), Err(ReportError::Svg(_))));
}

#[test]
fn a_chart_pdf_is_one_page_whose_text_can_be_extracted() {
    let case = scribe();
    let pdf = svg_to_pdf(&cumulative_svg()).expect("converts");
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains(&squeeze(&case.name)), "title missing from {:?}", pages[0]);
    assert!(pages[0].contains("Paysbackinmonth"), "message missing from {:?}", pages[0]);
}

#[test]
fn every_chart_of_the_deck_draws_at_slide_size() {
    let f = Figures::compute(&scribe(), &shipped::catalog(), None, TRIALS, 7, &|_| {}).expect("computes");
    let charts = chart_svgs(&f, DATE).expect("draws");
    assert!(charts.len() >= 8, "{} charts", charts.len());
    for (chart, svg) in charts {
        assert!(svg.contains(r#"width="1920""#), "{} is not at slide size", chart.name());
        assert!(svg.contains("2026-11-27"), "{} is not dated", chart.name());
    }
}

/// The deck of `case`, with the pages the progress said it would have.
fn deck_of(case: &Case, catalog: &Catalog, scenario: Option<&str>) -> (Vec<u8>, usize) {
    let total = Mutex::new(0);
    let simulated = Mutex::new(0);
    let pdf = deck(case, catalog, scenario, TRIALS, 7, DATE, &|p| match p {
        DeckProgress::Simulating { done, trials } => {
            assert!(done <= trials);
            *simulated.lock().expect("lock") = done;
        }
        DeckProgress::Slides { done, total: t } => {
            assert!(done <= t);
            *total.lock().expect("lock") = t;
        }
    })
    .expect("the deck is made");
    assert_eq!(simulated.into_inner().expect("lock"), TRIALS, "the simulation's progress reached its end");
    (pdf, total.into_inner().expect("lock"))
}

#[test]
fn the_deck_of_each_template_has_every_slide_and_its_figures() {
    let catalog = shipped::catalog();
    for template in shipped::templates() {
        let case = template.case;
        let (pdf, total) = deck_of(&case, &catalog, None);
        let pages = pdf_pages(&pdf);
        let id = template.id;
        // Title, key figures, eight charts or more, expectations, risks and assumptions.
        assert!(pages.len() >= 13, "{id}: {} pages", pages.len());
        assert_eq!(pages.len(), total, "{id}: the progress announced {total} pages");

        assert!(pages[0].contains(&squeeze(&case.name)), "{id}: the title slide lacks the case name");
        assert!(
            pages[0].contains("preparedwithCandor") && pages[0].contains("27November2026"),
            "{id}: {}",
            pages[0]
        );

        let eval = evaluate(&case, &catalog, None).expect("evaluates");
        let npv = squeeze(&candor_engine::format::money(eval.metrics.npv, &eval.currency));
        assert!(
            pages[1].contains("Keyfigures") && pages[1].contains(&npv),
            "{id}: NPV {npv} not on {}",
            pages[1]
        );

        let footer = format!("PreparedwithCandoron2026-11-27·{}/{total}", total);
        assert!(
            pages[total - 1].contains(&footer),
            "{id}: footer {footer} missing on the last page: {}",
            pages[total - 1]
        );

        let assumptions: String = pages.iter().filter(|p| p.contains("Assumptions")).cloned().collect();
        assert!(!assumptions.is_empty(), "{id}: no assumptions slide");
        let cited = catalog.cited_by(&case);
        let item = cited
            .iter()
            .find(|i| {
                case.costs.iter().any(|c| c.catalog_item.as_deref() == Some(&i.id) && c.unit_price.is_none())
            })
            .unwrap_or_else(|| panic!("{id} prices a line from the catalog"));
        let source: String = squeeze(&item.source).chars().take(24).collect();
        assert!(assumptions.contains(&source), "{id}: catalog source {source:?} missing");
        assert!(
            assumptions.contains(&format!("Price:catalog,asof{}", item.as_of)),
            "{id}: as-of date missing"
        );
        let prepared = candor_engine::Model::prepare(&case, &catalog, None).expect("prepares").0;
        let inputs = candor_engine::list_inputs(&prepared);
        assert!(assumptions.contains(&format!("Everyinput({})", inputs.len())), "{id}: input count");
        let lower = assumptions.to_lowercase();
        for (path, _) in inputs {
            // Every input is listed: its line's name, or a case-level input's own name.
            let shown = match path.split_once('[') {
                Some((_, rest)) => rest.split(']').next().unwrap_or_default().to_string(),
                None => path.replace('_', " "),
            };
            assert!(lower.contains(&squeeze(&shown).to_lowercase()), "{id}: {path} missing");
        }
    }
}

#[test]
fn a_scenario_deck_says_which_scenario_on_every_page() {
    let (case, catalog) = (scribe(), shipped::catalog());
    let scenario = case.scenarios.first().expect("the template has scenarios").name.clone();
    let (pdf, _) = deck_of(&case, &catalog, Some(&scenario));
    for (i, page) in pdf_pages(&pdf).iter().enumerate() {
        assert!(page.contains(&squeeze(&scenario)), "page {} does not name the scenario: {page}", i + 1);
    }
}

#[test]
fn the_same_case_seed_and_date_give_the_same_slides() {
    // The same words and figures on every page; the bytes may differ, since svg2pdf writes
    // its font objects in hash-map order.
    let (case, catalog) = (scribe(), shipped::catalog());
    assert_eq!(pdf_pages(&deck_of(&case, &catalog, None).0), pdf_pages(&deck_of(&case, &catalog, None).0));
}

#[test]
fn names_with_markup_characters_are_escaped_not_broken() {
    let (mut case, catalog) = (scribe(), shipped::catalog());
    case.name = r#"Scribe <pilot> & "rollout" 'B'"#.to_string();
    let (pdf, _) = deck_of(&case, &catalog, None);
    assert!(pdf_pages(&pdf)[0].contains(&squeeze(&case.name)));
}

#[test]
fn an_invalid_case_is_an_engine_error_naming_the_field() {
    let (mut case, catalog) = (scribe(), shipped::catalog());
    case.horizon_months = 0;
    let err = deck(&case, &catalog, None, TRIALS, 7, DATE, &|_| {}).expect_err("refused");
    assert!(matches!(err, ReportError::Engine(_)));
    assert!(err.to_string().contains("horizon"), "{err}");
}

#[test]
fn the_key_figures_say_where_the_base_case_beats_most_trials() {
    use candor_engine::MetricKey;
    use candor_engine::simulate::{SimulationOptions, simulate};
    use candor_engine::standing::Standing;
    let (case, catalog) = (scribe(), shipped::catalog());
    let (pdf, _) = deck_of(&case, &catalog, None);
    let figures = &pdf_pages(&pdf)[1];
    let opts = SimulationOptions { trials: TRIALS, seed: 7, ..Default::default() };
    let sim = simulate(&case, &catalog, None, &opts, &|_| {}).expect("simulates");
    // The scribe's base case prices its subscription at the cheapest vendor's and has no
    // risk happen: most trials cost more.
    let cost = Standing::of(MetricKey::TotalCost, &sim.metrics["total_cost"]).expect("flagged");
    assert!(cost.optimistic, "{cost:?}");
    let shown = squeeze(&format!("Better than {} of trials", candor_engine::format::percent(cost.share)));
    assert!(figures.contains(&shown), "{shown} not on {figures}");
    assert_eq!(Standing::of(MetricKey::Npv, &sim.metrics["npv"]), None, "the NPV is within its P10–P90");
}
