//! How amounts are written, the same on every surface.

use candor_engine::format::{
    input_label, input_parts, input_value, metric, money, money_compact, money_unit, number,
};

#[test]
fn whole_amounts_group_thousands_and_place_the_sign_before_the_symbol() {
    assert_eq!(money(1_234_567.4, "USD"), "$1,234,567");
    assert_eq!(money(-12_300.0, "USD"), "-$12,300");
    assert_eq!(money(950.0, "CHF"), "CHF 950");
}

#[test]
fn unit_amounts_keep_cents_below_a_hundred_two_figures_below_a_dime_and_are_whole_above() {
    assert_eq!(money_unit(0.734, "USD"), "$0.73");
    assert_eq!(money_unit(12.4, "EUR"), "€12.40");
    assert_eq!(money_unit(-0.5, "USD"), "-$0.50");
    assert_eq!(money_unit(40.0, "USD"), "$40", "a whole amount has no cents");
    assert_eq!(money_unit(1_234.5, "USD"), "$1,235");
    assert_eq!(money_unit(f64::NAN, "USD"), "n/a");
    // A price per token is not free: two significant figures.
    assert_eq!(money_unit(0.0025, "USD"), "$0.0025");
    assert_eq!(money_unit(0.0123, "USD"), "$0.012");
    assert_eq!(money_unit(-0.001, "USD"), "-$0.001");
    assert_eq!(money_unit(-1e-15, "USD"), "$0.00", "no minus sign on a rounded zero");
}

#[test]
fn metrics_read_in_their_units_and_say_never_and_n_a() {
    use candor_engine::MetricKey as K;
    assert_eq!(metric(K::PaybackMonth, None, "USD", false), "never");
    assert_eq!(metric(K::PaybackMonth, Some(18.6), "USD", false), "month 19");
    assert_eq!(metric(K::IrrAnnual, None, "USD", false), "n/a");
    assert_eq!(metric(K::IrrAnnual, Some(0.2083), "USD", false), "20.8%");
    assert_eq!(metric(K::Npv, Some(1_234_567.0), "USD", true), "$1.2M");
    assert_eq!(metric(K::Npv, Some(1_234_567.0), "USD", false), "$1,234,567");
    assert_eq!(metric(K::CostPerUnit, Some(0.7626), "USD", false), "$0.76");
    assert_eq!(metric(K::HoursSaved, Some(6_494.3), "USD", false), "6,494 h");
    assert_eq!(metric(K::MinutesSavedPerMainUnit, Some(0.683333), "USD", false), "0.68 min");
    assert_eq!(metric(K::MinutesSavedPerMainUnit, Some(0.3997), "USD", false), "0.4 min");
    assert_eq!(metric(K::MinutesSavedPerMainUnit, Some(0.001), "USD", false), "0 min");
    assert_eq!(metric(K::MinutesSavedPerMainUnit, Some(-0.001), "USD", false), "0 min");
    assert_eq!(metric(K::MinutesSavedPerMainUnit, Some(12.345), "USD", false), "12.35 min");
}

#[test]
fn compact_amounts_use_k_and_m() {
    assert_eq!(money_compact(1_250_000.0, "USD"), "$1.2M");
    assert_eq!(money_compact(-350_000.0, "USD"), "-$350k");
}

#[test]
fn input_paths_read_as_words() {
    assert_eq!(
        input_label("benefits[Documentation time saved].minutes_per_unit"),
        "Documentation time saved (minutes per unit)"
    );
    assert_eq!(input_label("discount_rate"), "discount rate");
    assert_eq!(input_label("risks[Privacy incident].mitigation.cost"), "Privacy incident (mitigation cost)");
    assert_eq!(input_parts("phases[Pilot].duration_months").1, "duration months");
}

#[test]
fn input_values_read_as_money_percentages_or_plain_figures_by_their_field() {
    assert_eq!(input_value("costs[Scribe subscription].unit_price", 342.2287, "USD"), "$342");
    assert_eq!(input_value("costs[Inference API].unit_price", 0.0123, "USD"), "$0.012");
    assert_eq!(input_value("costs[EHR integration].unit_price", 34_495.2, "EUR"), "€34,495");
    assert_eq!(input_value("risks[Privacy incident].mitigation.cost", 8_000.0, "USD"), "$8,000");
    assert_eq!(input_value("risks[Privacy incident].probability", 0.03, "USD"), "3.0%");
    assert_eq!(input_value("discount_rate", 0.08, "USD"), "8.0%");
    assert_eq!(input_value("benefits[Documentation time saved].minutes_per_unit", 0.683333, "USD"), "0.6833");
    assert_eq!(input_value("phases[Pilot].duration_months", 3.0, "USD"), "3");
}

#[test]
fn plain_figures_carry_the_decimals_their_size_needs() {
    assert_eq!(number(34_495.4), "34,495");
    assert_eq!(number(-1_250.0), "-1,250");
    assert_eq!(number(3.5), "3.5");
    assert_eq!(number(12.0), "12");
    assert_eq!(number(0.683333), "0.6833");
    assert_eq!(number(0.0), "0");
    assert_eq!(number(-0.00001), "0");
    assert_eq!(number(f64::INFINITY), "n/a");
}

// The expected strings below are Python's `format(x, ',.0f')` of the same f64 (an
// independent decimal conversion), with the currency symbol added.

#[test]
fn amounts_print_their_own_digits_at_any_magnitude_validation_allows() {
    assert_eq!(money(1e15, "USD"), "$1,000,000,000,000,000");
    assert_eq!(money(-1e15, "USD"), "-$1,000,000,000,000,000");
    // The nearest f64 to 123456789012345678 is 123456789012345680.
    assert_eq!(money(123_456_789_012_345_678.0, "USD"), "$123,456,789,012,345,680");
    assert_eq!(money(-123_456_789_012_345_678.0, "EUR"), "-€123,456,789,012,345,680");
    // Beyond 2^64 − 1, where a cast to u64 saturated.
    assert_eq!(money(1e25, "USD"), "$10,000,000,000,000,000,905,969,664");
    assert_eq!(money(18_446_744_073_709_551_616.0, "CHF"), "CHF 18,446,744,073,709,551,616");
    assert_eq!(money_unit(1e15, "USD"), "$1,000,000,000,000,000");
    assert_eq!(number(1e15), "1,000,000,000,000,000");
    assert_eq!(number(-123_456_789_012_345_678.0), "-123,456,789,012,345,680");
    assert_eq!(number(9.87654321e20), "987,654,320,999,999,995,904");
    use candor_engine::MetricKey as K;
    assert_eq!(metric(K::Npv, Some(1e25), "USD", false), "$10,000,000,000,000,000,905,969,664");
    assert_eq!(metric(K::HoursSaved, Some(1e15), "USD", false), "1,000,000,000,000,000 h");
    assert_eq!(metric(K::PaybackMonth, Some(1e10), "USD", false), "month 10000000000");
}

#[test]
fn compact_amounts_reach_trillions_and_group_them_beyond_a_thousand() {
    assert_eq!(money_compact(2.5e12, "USD"), "$2.5T");
    assert_eq!(money_compact(-1e15, "USD"), "-$1,000T");
    assert_eq!(money_compact(1e25, "USD"), "$10,000,000,000,000T");
    assert_eq!(money_compact(999_700.0, "USD"), "$1000k", "below a thousand of a unit, as before");
    assert_eq!(money_compact(820.4, "USD"), "$820");
}
