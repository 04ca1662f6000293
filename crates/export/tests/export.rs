//! Exports read back: the workbook with calamine, the CSV with the csv crate; the numbers
//! must be the engine's.

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use candor_engine::simulate::{SimulationOptions, simulate};
use candor_engine::{evaluate, shipped};

fn cell_f64(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, got {other:?}"),
    }
}

#[test]
fn the_workbook_holds_the_engines_numbers_on_every_sheet() {
    let catalog = shipped::catalog();
    for t in shipped::templates() {
        let eval = evaluate(&t.case, &catalog, None).unwrap();
        let sim = simulate(
            &t.case,
            &catalog,
            None,
            &SimulationOptions { trials: 300, ..Default::default() },
            &|_| {},
        )
        .unwrap();
        let bytes = candor_export::workbook(&t.case, &catalog, &eval, Some(&sim)).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let names = wb.sheet_names();
        for sheet in [
            "Summary",
            "Monthly cash flow",
            "Costs by category",
            "Assumptions",
            "Scenarios",
            "Simulation",
            "Expectations",
        ] {
            assert!(names.iter().any(|n| n == sheet), "{}: sheet {sheet}", t.id);
        }
        let summary = wb.worksheet_range("Summary").unwrap();
        let npv_row = summary.rows().find(|r| r[0] == Data::String("npv".into())).expect("an npv row");
        assert_eq!(cell_f64(&npv_row[1]), eval.metrics.npv, "{}: NPV", t.id);
        assert_eq!(cell_f64(&npv_row[3]), sim.metrics["npv"].p10.unwrap(), "{}: NPV P10", t.id);
        // The share of trials worse than the base case: below it for the NPV, above it for
        // the total cost, and the words of a flag where there is one.
        assert_eq!(cell_f64(&npv_row[6]), sim.metrics["npv"].below_base.unwrap(), "{}: NPV worse", t.id);
        let cost_row =
            summary.rows().find(|r| r[0] == Data::String("total_cost".into())).expect("a cost row");
        let cost = &sim.metrics["total_cost"];
        assert_eq!(cell_f64(&cost_row[6]), cost.above_base.unwrap(), "{}: total cost worse", t.id);
        let flag = candor_engine::standing::Standing::of(candor_engine::MetricKey::TotalCost, cost);
        let shown = match &cost_row[7] {
            Data::String(s) => Some(s.clone()),
            _ => None,
        };
        assert_eq!(shown, flag.map(|s| s.words()), "{}: total cost flag", t.id);

        let monthly = wb.worksheet_range("Monthly cash flow").unwrap();
        assert_eq!(monthly.height(), eval.monthly.len() + 1, "{}: a row a month and a header", t.id);
        let last = monthly.rows().next_back().unwrap();
        assert_eq!(cell_f64(&last[5]), eval.monthly.last().unwrap().cumulative, "{}: final cumulative", t.id);

        let scenarios = wb.worksheet_range("Scenarios").unwrap();
        assert_eq!(scenarios.height(), t.case.scenarios.len() + 2, "{}: base and each scenario", t.id);

        // The chance of paying back within k months, for every k of the horizon, beside the
        // bands: column F the months, G the chance.
        let simulation = wb.worksheet_range("Simulation").unwrap();
        for k in 1..sim.prob_payback_by_month.len() {
            let at = |c: u32| simulation.get_value((k as u32, c)).map(cell_f64);
            assert_eq!(at(5), Some(k as f64), "{}: payback within {k} months", t.id);
            assert_eq!(at(6), Some(sim.prob_payback_by_month[k]), "{}: its chance", t.id);
        }

        let assumptions = wb.worksheet_range("Assumptions").unwrap();
        let sourced =
            assumptions.rows().filter(|r| matches!(&r[4], Data::String(s) if !s.is_empty())).count();
        assert!(sourced > 0, "{}: catalog prices carry their as-of date", t.id);
    }
}

#[test]
fn the_csv_has_a_row_per_month_with_the_engines_values() {
    let t = &shipped::templates()[2];
    let eval = evaluate(&t.case, &shipped::catalog(), None).unwrap();
    let text = candor_export::monthly_csv(&eval).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "month");
    assert!(headers.iter().any(|h| h == "compute_inference"));
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), eval.monthly.len());
    for (row, m) in rows.iter().zip(&eval.monthly) {
        assert_eq!(row[5].parse::<f64>().unwrap(), m.cumulative, "month {}", m.month);
    }
}
