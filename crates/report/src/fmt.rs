//! Figures as the slides write them. Amounts, percentages and paybacks go through
//! `candor_engine::format`, like every other surface; this adds what a slide needs on top:
//! metric names, small unit prices, plain quantities and dates.

use candor_engine::format::{money, money_compact, payback, percent};
use candor_engine::{Day, MetricKey};

/// A metric's value; undefined reads "never" for a payback that does not come and "n/a"
/// for an IRR without a sign change. `compact` shortens amounts ("$1.2M") for big type.
pub(crate) fn metric_value(key: MetricKey, value: Option<f64>, currency: &str, compact: bool) -> String {
    use MetricKey as K;
    if matches!(key, K::PaybackMonth | K::DiscountedPaybackMonth | K::GoLiveMonth) {
        return payback(value.filter(|v| v.is_finite() && *v >= 0.0).map(|v| v.round() as u32));
    }
    let Some(v) = value else { return "n/a".to_string() };
    match key {
        K::Npv | K::PeakFunding | K::TotalCost | K::TotalBenefit if compact => money_compact(v, currency),
        K::Npv | K::PeakFunding | K::TotalCost | K::TotalBenefit => money(v, currency),
        K::CostPerUnit => amount(v, currency),
        K::IrrAnnual | K::Roi => percent(v),
        K::HoursSaved => format!("{} h", quantity(v)),
        K::MinutesSavedPerMainUnit => format!("{} min", quantity(v)),
        _ => quantity(v),
    }
}

/// An amount of money at the precision it needs: whole units from 100 up (through
/// `format::money`), cents or finer below, where a unit price of $0.0025 per token would
/// otherwise read "$0".
pub(crate) fn amount(v: f64, currency: &str) -> String {
    if !v.is_finite() || v.abs() >= 100.0 || v.fract() == 0.0 {
        return money(v, currency);
    }
    // The engine's own prefix ("$", "€", "CHF "), so that both read alike.
    let zero = money(0.0, currency);
    let prefix = zero.strip_suffix('0').unwrap_or("");
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{prefix}{}", decimals(v.abs()))
}

/// A plain quantity: thousands separators, and decimals only where they matter.
pub(crate) fn quantity(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    if v.abs() >= 1000.0 || v.fract() == 0.0 {
        let whole = money(v, "XXX");
        // `money` with an unknown code writes "XXX 1,234": keep the grouped number.
        return whole.replacen("XXX ", "", 1);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{}", decimals(v.abs()))
}

/// Up to four significant digits, two decimals at least below 100, no trailing zeros.
fn decimals(a: f64) -> String {
    let places = if a >= 1.0 { 2 } else { (-a.log10().floor()) as usize + 3 };
    let s = format!("{a:.places$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() { "0".to_string() } else { s.to_string() }
}

/// Whole or fractional months: "3 months", "1 month", "2.5 months".
pub(crate) fn months(v: f64) -> String {
    format!("{} month{}", quantity(v), if v == 1.0 { "" } else { "s" })
}

/// `YYYY-MM-DD`, for footers.
pub(crate) fn iso_date(d: Day) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// "27 November 2026", for the title slide.
pub(crate) fn long_date(d: Day) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS.get(d.month.saturating_sub(1) as usize).copied().unwrap_or("?");
    format!("{} {month} {}", d.day, d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_prices_keep_their_cents() {
        assert_eq!(amount(0.0025, "USD"), "$0.0025");
        assert_eq!(amount(2.5, "USD"), "$2.5");
        assert_eq!(amount(12.345, "EUR"), "€12.35");
        assert_eq!(amount(-0.5, "CHF"), "-CHF 0.5");
        assert_eq!(amount(1234.0, "USD"), "$1,234");
        assert_eq!(amount(40.0, "USD"), "$40");
    }

    #[test]
    fn quantities_read_as_a_person_writes_them() {
        assert_eq!(quantity(12_000.0), "12,000");
        assert_eq!(quantity(0.008), "0.008");
        assert_eq!(quantity(3.0), "3");
        assert_eq!(quantity(1.25), "1.25");
        assert_eq!(months(1.0), "1 month");
        assert_eq!(months(6.0), "6 months");
    }

    #[test]
    fn metrics_say_never_and_n_a() {
        assert_eq!(metric_value(MetricKey::PaybackMonth, None, "USD", false), "never");
        assert_eq!(metric_value(MetricKey::PaybackMonth, Some(18.6), "USD", false), "month 19");
        assert_eq!(metric_value(MetricKey::IrrAnnual, None, "USD", false), "n/a");
        assert_eq!(metric_value(MetricKey::Npv, Some(1_234_567.0), "USD", true), "$1.2M");
        assert_eq!(long_date(Day { year: 2026, month: 11, day: 27 }), "27 November 2026");
    }
}
