//! Number formatting shared by the CLI, the charts and the app, so that every surface writes
//! the same figure the same way.

/// The symbol written before amounts of `currency`, if it has a common one.
fn symbol(currency: &str) -> Option<&'static str> {
    match currency {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        _ => None,
    }
}

/// The digits of a whole, non-negative amount, grouped by thousands. Written from the f64
/// itself (`{:.0}` writes its exact decimal expansion, never an exponent), so every amount
/// prints with its own digits: a cast to an integer type saturates (at 2^64 − 1 for u64),
/// and an amount beyond it would print as that.
fn group_thousands(whole: f64) -> String {
    let digits = format!("{whole:.0}");
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn with_currency(sign: &str, body: &str, currency: &str) -> String {
    match symbol(currency) {
        Some(s) => format!("{sign}{s}{body}"),
        None => format!("{sign}{currency} {body}"),
    }
}

/// A whole amount with thousands separators: `$1,234,567`, `-$12,300`, `CHF 950`.
pub fn money(value: f64, currency: &str) -> String {
    if !value.is_finite() {
        return "n/a".to_string();
    }
    let rounded = value.round();
    let sign = if rounded < 0.0 { "-" } else { "" };
    with_currency(sign, &group_thousands(rounded.abs()), currency)
}

/// An amount that may be small, such as a cost per note or a price per token: whole units
/// from 100 up and for whole amounts (as [`money`]); cents from 0.10 up (`$0.73`,
/// `$12.40`); below that, two significant digits, so that a price of $0.0025 per thousand
/// tokens does not read as free (`$0.0025`, `$0.012`).
pub fn money_unit(value: f64, currency: &str) -> String {
    if !value.is_finite() || value.abs() >= 100.0 || value.fract() == 0.0 {
        return money(value, currency);
    }
    let a = value.abs();
    let places = if a >= 0.1 { 2 } else { ((-a.log10()).ceil() as usize + 1).min(12) };
    let body = format!("{a:.places$}");
    // An amount that rounds to zero at that precision is a zero, written without a sign.
    if !body.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        return with_currency("", "0.00", currency);
    }
    let body = if places > 2 { body.trim_end_matches('0') } else { &body };
    with_currency(if value < 0.0 { "-" } else { "" }, body, currency)
}

/// A short amount for chart axes and slides: `$1.2M`, `-$350k`, `$820`, `$3.4T`; beyond a
/// thousand trillion the trillions are grouped (`$1,000T`).
pub fn money_compact(value: f64, currency: &str) -> String {
    if !value.is_finite() {
        return "n/a".to_string();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let a = value.abs();
    let body = if a >= 1e12 {
        format!("{}T", trim(a / 1e12))
    } else if a >= 1e9 {
        format!("{}B", trim(a / 1e9))
    } else if a >= 1e6 {
        format!("{}M", trim(a / 1e6))
    } else if a >= 1e3 {
        format!("{}k", trim(a / 1e3))
    } else {
        a.round().to_string()
    };
    with_currency(if body == "0" { "" } else { sign }, &body, currency)
}

/// One decimal below 100, none above (grouped by thousands from a thousand), and no
/// trailing ".0".
fn trim(v: f64) -> String {
    if v >= 1000.0 {
        return group_thousands(v.round());
    }
    let s = if v >= 100.0 { format!("{v:.0}") } else { format!("{v:.1}") };
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A ratio as a percentage with one decimal: 0.1234 → `12.3%`.
pub fn percent(ratio: f64) -> String {
    if !ratio.is_finite() {
        return "n/a".to_string();
    }
    format!("{:.1}%", ratio * 100.0)
}

/// A metric's value as a PM reads it, the same in the window, the CLI, the charts and the
/// deck: amounts in the case's currency (`compact` shortens them, "$1.2M", for big type),
/// paybacks and go-live as months ("never" for a payback that does not come), IRR and ROI
/// as percentages, hours and minutes with their unit; "n/a" for an undefined value, such as
/// an IRR without a sign change.
pub fn metric(key: crate::MetricKey, value: Option<f64>, currency: &str, compact: bool) -> String {
    use crate::MetricKey as K;
    match (key, value) {
        // Written from the f64, not through a cast that would saturate.
        (K::PaybackMonth | K::DiscountedPaybackMonth | K::GoLiveMonth, v) => {
            match v.filter(|v| v.is_finite() && *v >= 0.0) {
                Some(v) => format!("month {}", v.round()),
                None => payback(None),
            }
        }
        (_, None) => "n/a".to_string(),
        (K::Npv | K::PeakFunding | K::TotalCost | K::TotalBenefit, Some(v)) if compact => {
            money_compact(v, currency)
        }
        (K::Npv | K::PeakFunding | K::TotalCost | K::TotalBenefit, Some(v)) => money(v, currency),
        (K::CostPerUnit, Some(v)) => money_unit(v, currency),
        (K::IrrAnnual | K::Roi, Some(v)) => percent(v),
        (K::HoursSaved, Some(v)) => format!("{} h", number(v)),
        // Hundredths of a minute at most: "0.6833 min" claimed a precision of 6 ms.
        (K::MinutesSavedPerMainUnit, Some(v)) if v.abs() < 1.0 => {
            let s = format!("{v:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            format!("{} min", if s == "-0" { "0" } else { s })
        }
        (K::MinutesSavedPerMainUnit, Some(v)) => format!("{} min", number(v)),
    }
}

/// A payback month as a PM reads it: `month 19`, or `never` within the horizon.
pub fn payback(month: Option<u32>) -> String {
    match month {
        Some(m) => format!("month {m}"),
        None => "never".to_string(),
    }
}

/// An input path split for a label: `benefits[Documentation time saved].minutes_per_unit`
/// → ("Documentation time saved", "minutes per unit"); a path without brackets is kept whole.
pub fn input_parts(path: &str) -> (String, String) {
    match (path.find('['), path.rfind(']')) {
        (Some(open), Some(close)) if close > open => {
            let owner = path[open + 1..close].to_string();
            let field = path[close + 1..].trim_start_matches('.').replace(['_', '.'], " ");
            (owner, field)
        }
        _ => (path.replace('_', " "), String::new()),
    }
}

/// An input path as words: "Documentation time saved (minutes per unit)", "discount rate".
pub fn input_label(path: &str) -> String {
    match input_parts(path) {
        (owner, field) if field.is_empty() => owner,
        (owner, field) => format!("{owner} ({field})"),
    }
}

/// An input's value as its field reads: money in the case's currency (`$342.23`,
/// `$34,495`), shares and rates as percentages (`12.5%`), other figures as [`number`].
pub fn input_value(path: &str, value: f64, currency: &str) -> String {
    let field = path.rsplit_once("].").map_or(path, |(_, f)| f);
    match field {
        "unit_price" | "hourly_cost" | "value_per_unit" | "monthly_amount" | "amount" | "one_off_cost"
        | "mitigation.cost" => money_unit(value, currency),
        _ if crate::distribution::Domain::of(path).reads_as_percent() => percent(value),
        _ => number(value),
    }
}

/// A figure with the decimals its size needs and no trailing zeros: `34,495`, `3.5`,
/// `0.6833`.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let a = v.abs();
    if a >= 100.0 {
        let rounded = v.round();
        let sign = if rounded < 0.0 { "-" } else { "" };
        return format!("{sign}{}", group_thousands(rounded.abs()));
    }
    let s = if a >= 1.0 { format!("{v:.2}") } else { format!("{v:.4}") };
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if s == "-0" { "0".to_string() } else { s }
}

/// The calendar month (`YYYY-MM`) of month index `t` of a case starting in `start`
/// (`YYYY-MM`); `m{t}` when the start cannot be read.
pub fn calendar_month(start: &str, t: u32) -> String {
    let Some(d) = crate::catalog::Day::parse(start) else { return format!("m{t}") };
    let months = d.year * 12 + d.month as i32 - 1 + t as i32;
    format!("{}-{:02}", months / 12, months % 12 + 1)
}
