//! What a slide writes beyond `candor_engine::format`, which writes every figure (amounts,
//! metrics, quantities) the same on every surface: durations and dates.

use candor_engine::Day;
use candor_engine::format::number;

/// Whole or fractional months: "3 months", "1 month", "2.5 months".
pub(crate) fn months(v: f64) -> String {
    format!("{} month{}", number(v), if v == 1.0 { "" } else { "s" })
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
    fn durations_and_dates_read_as_a_person_writes_them() {
        assert_eq!(months(1.0), "1 month");
        assert_eq!(months(6.0), "6 months");
        assert_eq!(months(2.5), "2.5 months");
        assert_eq!(long_date(Day { year: 2026, month: 11, day: 27 }), "27 November 2026");
    }
}
