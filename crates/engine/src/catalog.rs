//! The price catalog: reference prices with their unit, source, date and HIPAA BAA status.
//! A cost line may take its price from an item; an unknown item is an error, never a zero.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Months after which a price is reported as stale.
pub const STALE_AFTER_MONTHS: i32 = 12;

/// Whether the provider signs a HIPAA business associate agreement for this service.
/// Never guessed as `yes`: unknown stays unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Baa {
    Yes,
    OnRequest,
    No,
    Unknown,
    /// Not a data-processing service (a regulatory fee, say).
    NotApplicable,
}

impl Baa {
    pub fn label(self) -> &'static str {
        match self {
            Baa::Yes => "yes",
            Baa::OnRequest => "on request",
            Baa::No => "no",
            Baa::Unknown => "unknown",
            Baa::NotApplicable => "n/a",
        }
    }
}

/// One reference price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CatalogItem {
    /// Stable id that cost lines cite, e.g. `openai-gpt-4o-input`.
    pub id: String,
    /// Human name, e.g. "GPT-4o input tokens".
    pub name: String,
    pub provider: String,
    /// What one priced unit is, e.g. "1M input tokens", "instance-hour", "GB-month".
    pub unit: String,
    pub price: f64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Where the figure comes from.
    pub source: String,
    /// Date of the source snapshot: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Ages are counted
    /// from the first day of that period, so a vague date is never younger than it may be.
    pub as_of: String,
    pub baa: Baa,
    /// The figure comes from a third-party copy, not the vendor's own page.
    #[serde(default)]
    pub secondary: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// A calendar date with no time zone, enough to age a price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, taking the first day of a vaguer period.
    pub fn parse(s: &str) -> Option<Day> {
        let mut parts = s.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next().map(str::parse).transpose().ok()?.unwrap_or(1);
        let day: u32 = parts.next().map(str::parse).transpose().ok()?.unwrap_or(1);
        if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        if !(1900..=9999).contains(&year) {
            return None;
        }
        Some(Day { year, month, day })
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: Day) -> i32 {
        let mut m = (later.year - self.year) * 12 + later.month as i32 - self.month as i32;
        if later.day < self.day {
            m -= 1;
        }
        m
    }
}

impl CatalogItem {
    /// Age of the price in whole months on `today`; `None` when `as_of` cannot be read.
    pub fn age_months(&self, today: Day) -> Option<i32> {
        Day::parse(&self.as_of).map(|d| d.months_until(today))
    }

    /// Older than [`STALE_AFTER_MONTHS`] on `today`, or undated.
    pub fn is_stale(&self, today: Day) -> bool {
        self.age_months(today).is_none_or(|m| m > STALE_AFTER_MONTHS)
    }
}

/// The effective catalog: shipped items with the user's overrides and additions on top.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    items: BTreeMap<String, CatalogItem>,
}

impl Catalog {
    pub fn new(items: impl IntoIterator<Item = CatalogItem>) -> Self {
        let mut c = Catalog::default();
        for item in items {
            c.upsert(item);
        }
        c
    }

    /// Adds an item or replaces the one with the same id (a user's override).
    pub fn upsert(&mut self, item: CatalogItem) {
        self.items.insert(item.id.clone(), item);
    }

    pub fn get(&self, id: &str) -> Option<&CatalogItem> {
        self.items.get(id)
    }

    pub fn items(&self) -> impl Iterator<Item = &CatalogItem> {
        self.items.values()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl CatalogItem {
    /// The rules an item must meet before it is stored or used; each error names its field.
    pub fn check(&self) -> Vec<crate::error::FieldError> {
        use crate::error::FieldError;
        let mut errors = Vec::new();
        if self.id.trim().is_empty() || self.id.len() > 100 {
            errors.push(FieldError::new("id", "must be 1–100 characters"));
        }
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "must not be empty"));
        }
        if self.unit.trim().is_empty() {
            errors.push(FieldError::new("unit", "must say what one priced unit is"));
        }
        if !self.price.is_finite() || self.price < 0.0 {
            errors.push(FieldError::new(
                "price",
                format!("must be a finite number, zero or more, got {}", self.price),
            ));
        } else if self.price > crate::validate::MAX_AMOUNT {
            errors.push(FieldError::new("price", crate::validate::beyond_largest_amount(self.price)));
        }
        if self.currency.len() != 3 || !self.currency.chars().all(|c| c.is_ascii_uppercase()) {
            errors.push(FieldError::new(
                "currency",
                format!("must be a three-letter code such as USD, got {:?}", self.currency),
            ));
        }
        if self.source.trim().is_empty() {
            errors.push(FieldError::new("source", "must say where the price comes from"));
        }
        if Day::parse(&self.as_of).is_none() {
            errors.push(FieldError::new(
                "as_of",
                format!("must be a date written YYYY, YYYY-MM or YYYY-MM-DD, got {:?}", self.as_of),
            ));
        }
        errors
    }
}

impl Catalog {
    /// The items a case's cost lines cite, once each, in the order first cited.
    pub fn cited_by<'a>(&'a self, case: &crate::model::Case) -> Vec<&'a CatalogItem> {
        let mut out: Vec<&CatalogItem> = Vec::new();
        for id in case.costs.iter().filter_map(|c| c.catalog_item.as_deref()) {
            if let Some(item) = self.get(id)
                && !out.iter().any(|i| i.id == id)
            {
                out.push(item);
            }
        }
        out
    }
}
