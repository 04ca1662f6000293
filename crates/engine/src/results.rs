//! What an evaluation returns: the monthly series and the metrics, in the shape the CLI's
//! `--json`, the charts and the app read.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::CostCategory;

/// Cost of one month split by category, indexed by [`CostCategory::index`]. Serialised as a
/// map from category key to amount.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "Record<string, number>"))]
pub struct CategoryCosts(pub [f64; CostCategory::COUNT]);

impl CategoryCosts {
    pub fn get(&self, c: CostCategory) -> f64 {
        self.0[c.index()]
    }
}

impl Serialize for CategoryCosts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(CostCategory::COUNT))?;
        for c in CostCategory::ALL {
            map.serialize_entry(c.key(), &self.0[c.index()])?;
        }
        map.end()
    }
}

/// One month of the evaluated case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthRow {
    /// Month index t, 0-based from the case's start month.
    pub month: u32,
    pub cost: f64,
    pub benefit: f64,
    /// benefit − cost.
    pub cash_flow: f64,
    /// Σ cash_flow up to and including this month.
    pub cumulative: f64,
    /// cash_flow / (1 + r_m)^t.
    pub discounted_cash_flow: f64,
    pub discounted_cumulative: f64,
    /// Clinician hours saved this month (time-saved benefit lines).
    pub hours_saved: f64,
    pub cost_by_category: CategoryCosts,
}

/// The headline figures, with the conventions of PRODUCT.md. `None` (null in JSON) where a
/// figure is undefined: no IRR without a sign change, no payback when it never pays back.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Metrics {
    /// Σ CF_t / (1 + r_m)^t, month 0 undiscounted.
    pub npv: f64,
    /// (1 + irr_m)^12 − 1 for the monthly rate that zeroes the NPV.
    pub irr_annual: Option<f64>,
    /// (Σ benefits − Σ costs) / Σ costs, undiscounted; none when there is no cost.
    pub roi: Option<f64>,
    /// Smallest t + 1 with cumulative ≥ 0 from t to the horizon.
    pub payback_month: Option<u32>,
    /// The same on discounted flows.
    pub discounted_payback_month: Option<u32>,
    /// max(0, −min cumulative).
    pub peak_funding: f64,
    pub total_cost: f64,
    pub total_benefit: f64,
    /// total_cost / Σ volume of the main driver; none without a main driver or volume.
    pub cost_per_unit: Option<f64>,
    /// Month index at which benefits start by default.
    pub go_live_month: u32,
    /// Clinician hours saved over the horizon.
    pub hours_saved: f64,
    /// Minutes saved per unit of the main driver in the last month (per clinician, say).
    pub minutes_saved_per_main_unit: Option<f64>,
}

impl Metrics {
    /// The value of one metric; `None` where it is undefined (a payback that never comes).
    pub fn get(&self, key: crate::model::MetricKey) -> Option<f64> {
        use crate::model::MetricKey as K;
        match key {
            K::Npv => Some(self.npv),
            K::IrrAnnual => self.irr_annual,
            K::Roi => self.roi,
            K::PaybackMonth => self.payback_month.map(f64::from),
            K::DiscountedPaybackMonth => self.discounted_payback_month.map(f64::from),
            K::PeakFunding => Some(self.peak_funding),
            K::TotalCost => Some(self.total_cost),
            K::TotalBenefit => Some(self.total_benefit),
            K::CostPerUnit => self.cost_per_unit,
            K::GoLiveMonth => Some(f64::from(self.go_live_month)),
            K::HoursSaved => Some(self.hours_saved),
            K::MinutesSavedPerMainUnit => self.minutes_saved_per_main_unit,
        }
    }
}

/// Where a phase landed on the timeline, after lags and delays.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhaseSpan {
    pub name: String,
    /// First month of the phase.
    pub start: u32,
    /// First month after the phase.
    pub end: u32,
}

/// Total of one line over the horizon, for breakdowns and waterfalls.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineTotal {
    pub name: String,
    /// The cost category key, or the benefit category key.
    pub category: String,
    pub total: f64,
}

/// The full result of a deterministic evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evaluation {
    pub case_name: String,
    pub scenario: Option<String>,
    pub currency: String,
    pub start_month: String,
    pub metrics: Metrics,
    pub phases: Vec<PhaseSpan>,
    pub cost_lines: Vec<LineTotal>,
    pub benefit_lines: Vec<LineTotal>,
    pub monthly: Vec<MonthRow>,
}
