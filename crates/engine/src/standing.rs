//! Where the base case stands among the simulated trials. A base case built from list
//! prices and with no risk happening can come out better than nearly every simulated
//! future: its headline figures then overpromise, which is what Candor is for catching.
//! Each metric's [`Summary`] counts the trials below and above the base value; this module
//! says which side is the better one and flags a base case outside the middle 80% of the
//! trials, the P10–P90 range shown beside it.

use serde::Serialize;

use crate::format::percent;
use crate::model::MetricKey;
use crate::simulate::Summary;

/// A base case whose value is better (or worse) than this share of the trials is flagged:
/// it lies outside the P10–P90 range.
pub const FLAGGED_FROM: f64 = 0.9;

impl MetricKey {
    /// Whether a larger value is the better outcome: more value, return or time saved,
    /// rather than more cost, funding or months waited.
    pub fn higher_is_better(self) -> bool {
        match self {
            MetricKey::Npv
            | MetricKey::IrrAnnual
            | MetricKey::Roi
            | MetricKey::TotalBenefit
            | MetricKey::HoursSaved
            | MetricKey::MinutesSavedPerMainUnit => true,
            MetricKey::PaybackMonth
            | MetricKey::DiscountedPaybackMonth
            | MetricKey::PeakFunding
            | MetricKey::TotalCost
            | MetricKey::CostPerUnit
            | MetricKey::GoLiveMonth => false,
        }
    }
}

/// A base case outside the middle 80% of the trials.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Standing {
    /// True when the base case is better than most trials (it overpromises), false when
    /// it is worse than most (it is cautious).
    pub optimistic: bool,
    /// The share of trials on the other side: worse than the base case when optimistic,
    /// better when cautious.
    pub share: f64,
}

impl Standing {
    /// Of metric `key`, from its summary; `None` when the base case lies within the middle
    /// 80% of the trials or has no value.
    pub fn of(key: MetricKey, summary: &Summary) -> Option<Standing> {
        let (below, above) = (summary.below_base?, summary.above_base?);
        let (worse, better) = if key.higher_is_better() { (below, above) } else { (above, below) };
        if worse >= FLAGGED_FROM {
            Some(Standing { optimistic: true, share: worse })
        } else if better >= FLAGGED_FROM {
            Some(Standing { optimistic: false, share: better })
        } else {
            None
        }
    }

    /// "Optimistic: 97.2% of trials do worse than the base case".
    pub fn words(&self) -> String {
        if self.optimistic {
            format!("Optimistic: {} of trials do worse than the base case", percent(self.share))
        } else {
            format!("Cautious: {} of trials do better than the base case", percent(self.share))
        }
    }
}
