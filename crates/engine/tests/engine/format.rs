//! How amounts are written, the same on every surface.

use candor_engine::format::{money, money_compact, money_unit};

#[test]
fn whole_amounts_group_thousands_and_place_the_sign_before_the_symbol() {
    assert_eq!(money(1_234_567.4, "USD"), "$1,234,567");
    assert_eq!(money(-12_300.0, "USD"), "-$12,300");
    assert_eq!(money(950.0, "CHF"), "CHF 950");
}

#[test]
fn unit_amounts_keep_cents_below_a_hundred_and_are_whole_above() {
    assert_eq!(money_unit(0.734, "USD"), "$0.73");
    assert_eq!(money_unit(12.4, "EUR"), "€12.40");
    assert_eq!(money_unit(-0.5, "USD"), "-$0.50");
    assert_eq!(money_unit(-0.001, "USD"), "$0.00", "no minus sign on a rounded zero");
    assert_eq!(money_unit(1_234.5, "USD"), "$1,235");
    assert_eq!(money_unit(f64::NAN, "USD"), "n/a");
}

#[test]
fn compact_amounts_use_k_and_m() {
    assert_eq!(money_compact(1_250_000.0, "USD"), "$1.2M");
    assert_eq!(money_compact(-350_000.0, "USD"), "-$350k");
}
