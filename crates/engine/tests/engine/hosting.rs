//! API or self-hosted: the comparison by volume, checked against hand arithmetic, and the
//! rules of `hosting_alternative`.

use candor_engine::hosting::{ApiLine, Hosting, HostingAlternative};
use candor_engine::*;

use super::{assert_close, blank, driver, field_errors};

/// 12 months of 1,000 requests, sent to an API at 0.02 a request (input 0.015 + output 0.005).
fn api_case() -> Case {
    let mut c = blank();
    c.drivers.push(Driver { unit: "requests".into(), ..driver("Requests", 1_000.0) });
    for (name, units, price) in [("Input tokens", 0.005, 3.0), ("Output tokens", 0.0005, 10.0)] {
        c.costs.push(CostLine {
            name: name.into(),
            category: CostCategory::ComputeInference,
            basis: CostBasis::Usage { driver: "Requests".into(), units_per_driver_unit: units },
            unit_price: Some(price),
            catalog_item: None,
            start: None,
            end: None,
            escalate: true,
            notes: String::new(),
        });
    }
    c
}

/// A self-hosted alternative: `hourly` × 100 hours a month per instance of `capacity`.
fn self_hosted(hourly: f64, capacity: f64, min: f64) -> HostingAlternative {
    HostingAlternative::SelfHosted {
        driver: "Requests".into(),
        unit_price: Some(hourly),
        catalog_item: None,
        capacity_per_instance: capacity,
        instance_hours_per_month: 100.0,
        min_instances: min,
        note: "test".into(),
    }
}

fn compare(case: &Case, catalog: &Catalog, scenario: Option<&str>) -> HostingComparison {
    hosting_comparison(case, catalog, scenario).unwrap().expect("the case has an alternative")
}

#[test]
fn a_case_without_an_alternative_has_no_comparison() {
    assert_eq!(hosting_comparison(&api_case(), &Catalog::default(), None).unwrap(), None);
}

#[test]
fn an_api_case_against_one_self_hosted_instance_breaks_even_where_the_api_bill_reaches_it() {
    let mut c = api_case();
    // 1.00 an hour × 100 hours = 100 a month per instance of 10,000 requests; API 0.02 a
    // request: equal at 100 / 0.02 = 5,000 requests, and at 10,000+ two instances (200)
    // are already below the API (200+).
    c.hosting_alternative = Some(self_hosted(1.0, 10_000.0, 1.0));
    let h = compare(&c, &Catalog::default(), None);
    assert_eq!(h.current, Hosting::Api);
    assert_eq!(h.unit, "requests");
    assert_close(h.api_per_unit, 0.005 * 3.0 + 0.0005 * 10.0, "API cost per request");
    assert_close(h.self_hosted.per_instance_month, 100.0, "per instance-month");
    assert_close(h.volume, 1_000.0, "last month's volume");
    assert_close(h.break_even.unwrap(), 5_000.0, "break-even");
    assert_close(h.self_hosting_first_cheaper.unwrap(), 5_000.0, "first cheaper");
    assert_close(h.api_cost(1_000.0), 20.0, "API at 1,000");
    assert_close(h.self_hosted_cost(1_000.0), 100.0, "one instance at 1,000");
    assert_close(h.self_hosted_cost(10_000.0), 100.0, "still one instance at exactly 10,000");
    assert_close(h.self_hosted_cost(10_001.0), 200.0, "two instances past 10,000");
    assert_close(h.self_hosted_cost(0.0), 100.0, "the minimum instance runs at zero volume");
}

#[test]
fn a_small_instance_can_hand_the_lead_back_to_the_api_until_the_true_break_even() {
    let mut c = api_case();
    // 100 a month per 6,000 requests. Step k covers ((k−1)·6,000, k·6,000] at k·100. The
    // API (0.02 v) beats step k up to k·100 / 0.02 = k·5,000 while that is above the step's
    // start: k·5,000 > (k−1)·6,000 ⇔ k < 6. Step 5 (24,000–30,000, 500) is the last: the
    // API is cheaper up to 25,000, self-hosting from there on. It is first cheaper at 5,000.
    c.hosting_alternative = Some(self_hosted(1.0, 6_000.0, 0.0));
    let h = compare(&c, &Catalog::default(), None);
    assert_close(h.self_hosting_first_cheaper.unwrap(), 5_000.0, "first cheaper");
    assert_close(h.break_even.unwrap(), 25_000.0, "stays cheaper above");
    assert!(h.self_hosted_cost(7_000.0) > h.api_cost(7_000.0), "the second instance loses again");
    assert!(h.self_hosted_cost(25_001.0) < h.api_cost(25_001.0));
    assert!(h.self_hosted_cost(30_001.0) < h.api_cost(30_001.0), "and keeps winning");
    assert_close(h.self_hosted_cost(0.0), 0.0, "no instance without volume or minimum");
}

#[test]
fn an_instance_dearer_per_request_than_the_api_never_breaks_even() {
    let mut c = api_case();
    // 100 a month per 4,000 requests = 0.025 a request at full load, above the API's 0.02.
    c.hosting_alternative = Some(self_hosted(1.0, 4_000.0, 1.0));
    let h = compare(&c, &Catalog::default(), None);
    assert_eq!((h.self_hosting_first_cheaper, h.break_even), (None, None));
}

#[test]
fn a_self_hosted_case_against_an_api_reads_the_capacity_line_and_prices_the_api_from_the_catalog() {
    let mut c = blank();
    c.drivers.push(Driver { unit: "radiographs".into(), ..driver("Radiographs", 30_000.0) });
    c.costs.push(CostLine {
        name: "GPUs".into(),
        category: CostCategory::ComputeInference,
        basis: CostBasis::Capacity {
            driver: "Radiographs".into(),
            units_per_driver_unit: 1.0,
            capacity_per_instance: 40_000.0,
            instance_hours_per_month: 730.0,
            min_instances: 2.0,
        },
        unit_price: None,
        catalog_item: Some("aws-g6-2xlarge-on-demand".into()),
        start: None,
        end: None,
        escalate: true,
        notes: String::new(),
    });
    c.hosting_alternative = Some(HostingAlternative::Api {
        driver: "Radiographs".into(),
        lines: vec![
            ApiLine {
                unit_price: None,
                catalog_item: Some("azure-openai-gpt-4o-input".into()),
                units_per_driver_unit: 0.003,
            },
            ApiLine { unit_price: Some(12.0), catalog_item: None, units_per_driver_unit: 0.0004 },
        ],
        note: String::new(),
    });
    let h = compare(&c, &shipped::catalog(), None);
    assert_eq!(h.current, Hosting::SelfHosted);
    // 0.003 M tokens × 2.50 + 0.0004 M tokens × 12 (the line's own price) = 0.0123.
    assert_close(h.api_per_unit, 0.0123, "API per radiograph");
    assert_close(h.self_hosted.per_instance_month, 730.0 * 0.9776, "g6.2xlarge a month");
    assert_close(h.self_hosted_cost(30_000.0), 2.0 * 730.0 * 0.9776, "two instances minimum");
    // 713.648 / 40,000 = 0.0178 a radiograph at full load: above the API's 0.0123.
    assert_eq!(h.break_even, None);
    assert_eq!(h.self_hosting_first_cheaper, None);
}

#[test]
fn the_volume_is_the_last_month_with_growth_adoption_and_the_scenario() {
    let mut c = api_case();
    c.horizon_months = 25;
    c.drivers[0].annual_growth = 0.10;
    c.drivers[0].adoption = Some(Ramp {
        start: Anchor::month(0.0),
        end: Anchor::month(12.0),
        from: 0.0,
        to: 0.8,
        shape: RampShape::Linear,
    });
    c.hosting_alternative = Some(self_hosted(1.0, 10_000.0, 1.0));
    c.scenarios.push(Scenario {
        name: "Busier".into(),
        description: String::new(),
        overrides: vec![Override { input: "drivers[Requests].monthly_volume".into(), value: 3_000.0 }],
    });
    let catalog = Catalog::default();
    // Month 24: two years of 10% growth, adoption at its 80% target.
    assert_close(compare(&c, &catalog, None).volume, 1_000.0 * 1.1 * 1.1 * 0.8, "base");
    assert_close(compare(&c, &catalog, Some("Busier")).volume, 3_000.0 * 1.21 * 0.8, "scenario");
}

#[test]
fn the_shipped_templates_compare_as_their_notes_say() {
    let catalog = shipped::catalog();
    let find = |id: &str| shipped::template(id).unwrap().case;

    // Radiology self-hosts on g6.2xlarge (0.9776 an hour × 730, 40,000 radiographs each, two at
    // least); the API is GPT-4o at 0.003 M input tokens × 2.50 + 0.0004 M output × 10.
    let h = compare(&find("radiology-drafts"), &catalog, None);
    assert_eq!(h.current, Hosting::SelfHosted);
    assert_close(h.api_per_unit, 0.0115, "GPT-4o per radiograph");
    assert_close(h.self_hosted_cost(h.volume), 2.0 * 730.0 * 0.9776, "two instances");
    // 30,000 a month, +3% a year compounded monthly to month 59, at 90% adoption.
    assert_close(h.volume, 30_000.0 * 1.03_f64.powf(59.0 / 12.0) * 0.9, "radiographs in month 59");
    assert_eq!(h.break_even, None, "0.0178 a radiograph self-hosted at full load > 0.0115");

    // Prior authorisation calls GPT-4o (8k in at 2.50, 1k out at 10 per M: 0.03 a request); the
    // alternative is one p4d.24xlarge (32.77 × 730 = 23,922.10 a month) per 1,000,000.
    let h = compare(&find("prior-auth-drafting"), &catalog, None);
    assert_eq!(h.current, Hosting::Api);
    assert_close(h.api_per_unit, 0.03, "GPT-4o per request");
    assert_close(h.volume, 5_000.0 * 0.8, "requests in the last month");
    let instance = 32.77 * 730.0;
    assert_close(h.self_hosting_first_cheaper.unwrap(), instance / 0.03, "first cheaper ≈ 797,403");
    // k·797,403 > (k−1)·1,000,000 ⇔ k < 4.94: the fourth instance is the last the API beats,
    // up to 4 × 797,403 = 3,189,613.
    assert_close(h.break_even.unwrap(), 4.0 * instance / 0.03, "stays cheaper above ≈ 3.19M");

    // The scribe buys a subscription: nothing to compare.
    assert_eq!(hosting_comparison(&find("ambient-scribe"), &catalog, None).unwrap(), None);
}

#[test]
fn a_bad_alternative_is_refused_naming_its_field() {
    let mut c = api_case();
    c.hosting_alternative = Some(HostingAlternative::SelfHosted {
        driver: "Requests".into(),
        unit_price: None,
        catalog_item: None,
        capacity_per_instance: 0.0,
        instance_hours_per_month: f64::NAN,
        min_instances: 1.5,
        note: String::new(),
    });
    let fields = field_errors(&c);
    for f in [
        "hosting_alternative.unit_price",
        "hosting_alternative.capacity_per_instance",
        "hosting_alternative.instance_hours_per_month",
        "hosting_alternative.min_instances",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }

    // The same kind as the case's own lines, an unknown driver, a driver with no inference.
    c.hosting_alternative = Some(HostingAlternative::Api {
        driver: "Requests".into(),
        lines: vec![ApiLine { unit_price: Some(-1.0), catalog_item: None, units_per_driver_unit: 1.0 }],
        note: String::new(),
    });
    let fields = field_errors(&c);
    assert!(fields.contains(&"hosting_alternative.kind".to_string()), "{fields:?}");
    assert!(fields.contains(&"hosting_alternative.lines[0].unit_price".to_string()), "{fields:?}");
    c.hosting_alternative = Some(api_on("Nobody"));
    assert_eq!(field_errors(&c), ["hosting_alternative.driver"]);
    c.drivers.push(driver("Idle", 5.0));
    c.hosting_alternative = Some(api_on("Idle"));
    let err = validate(&c, &Catalog::default()).unwrap_err().to_string();
    assert!(err.contains("no compute_inference usage or capacity line runs on driver \"Idle\""), "{err}");

    // Catalog items are checked when the comparison is made, and so by validation.
    c.hosting_alternative = Some(HostingAlternative::SelfHosted {
        driver: "Requests".into(),
        unit_price: None,
        catalog_item: Some("no-such-gpu".into()),
        capacity_per_instance: 1_000.0,
        instance_hours_per_month: 730.0,
        min_instances: 1.0,
        note: String::new(),
    });
    let err = hosting_comparison(&c, &Catalog::default(), None).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "hosting_alternative.catalog_item");
    assert!(err.to_string().contains("no-such-gpu"), "{err}");
    assert_eq!(field_errors(&c), ["hosting_alternative.catalog_item"], "validate() refuses it too");
}

fn api_on(driver: &str) -> HostingAlternative {
    HostingAlternative::Api {
        driver: driver.into(),
        lines: vec![ApiLine { unit_price: Some(1.0), catalog_item: None, units_per_driver_unit: 1.0 }],
        note: String::new(),
    }
}

#[test]
fn the_alternative_reads_and_writes_in_the_case_file() {
    let mut c = api_case();
    c.hosting_alternative = Some(self_hosted(2.49, 50_000.0, 1.0));
    let text = write_case_file(&c);
    assert!(text.contains("\"kind\": \"self_hosted\""), "{text}");
    assert_eq!(read_case_file(text.as_bytes()).unwrap(), c);
    let unknown = text.replace("\"capacity_per_instance\"", "\"capacity\"");
    let err = read_case_file(unknown.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("hosting_alternative"), "{err}");
}
