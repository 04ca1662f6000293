//! The business case as the user writes it: the shape of the case file and of what the store
//! keeps. Nothing here computes; `eval` turns a validated [`Case`] into monthly flows.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The case-file format this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

fn one() -> f64 {
    1.0
}
fn yes() -> bool {
    true
}
fn hours_per_month() -> f64 {
    730.0
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_zero(v: &f64) -> bool {
    *v == 0.0
}
fn is_one(v: &f64) -> bool {
    *v == 1.0
}

/// One business case: settings, timeline, volumes, costs, benefits and scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Case-file format version; a file from a newer Candor is refused rather than misread.
    pub schema_version: u32,
    /// Unique name of the case, e.g. "Ambient AI scribe — 3 clinics".
    pub name: String,
    /// What the generative-AI system does, in a sentence.
    #[serde(default)]
    pub use_case: String,
    /// Free text shown on the title slide and in exports.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// ISO 4217 code of every amount in the case (no currency conversion is made).
    pub currency: String,
    /// Calendar month of month 0, as `YYYY-MM`.
    pub start_month: String,
    /// Number of months evaluated, 1–600 (months 0 … H−1).
    pub horizon_months: u32,
    /// Annual discount rate, e.g. 0.08 for 8%. Converted to monthly as (1 + r)^(1/12) − 1.
    pub discount_rate: f64,
    /// Annual price escalation applied to lines with `escalate` (prices in month-0 money).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub price_escalation: f64,
    /// When benefits start by default. Month 0 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_live: Option<Anchor>,
    /// The driver whose total volume divides total cost for "cost per unit".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_driver: Option<String>,
    /// Sequential phases: each starts when the previous one ends (plus its lag).
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub drivers: Vec<Driver>,
    #[serde(default)]
    pub costs: Vec<CostLine>,
    #[serde(default)]
    pub benefits: Vec<BenefitLine>,
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    /// Inputs that follow a distribution instead of a single number (Monte Carlo).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertain: Vec<crate::distribution::UncertainInput>,
    /// The risk register: what can go wrong, how likely, and what it does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// Who judges the case, and what each expects of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<Stakeholder>,
    /// The way of running inference the case does not use (an API when it self-hosts,
    /// self-hosted instances when it calls an API), to compare the two by volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosting_alternative: Option<crate::hosting::HostingAlternative>,
}

/// A stage of the project (pilot, clinical validation, regulatory review, rollout, production).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub name: String,
    /// Whole months. A delay to this phase moves every phase after it.
    pub duration_months: f64,
    /// Whole months of gap between the end of the previous phase and the start of this one.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lag_months: f64,
    /// Share of full deployment active in this phase (e.g. 0.1 for a pilot at one site of
    /// ten). Multiplies the drivers that have `scale_with_phases`.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub scale: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// Which end of a phase an anchor refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Edge {
    #[default]
    Start,
    End,
}

/// A point on the timeline: a phase's start or end plus an offset, or month `offset_months`
/// when no phase is named. Anchored items move when their phase moves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(default, skip_serializing_if = "is_start")]
    pub edge: Edge,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub offset_months: f64,
}

fn is_start(e: &Edge) -> bool {
    *e == Edge::Start
}

impl Anchor {
    /// An absolute month, counted from month 0 of the case.
    pub fn month(m: f64) -> Self {
        Anchor { phase: None, edge: Edge::Start, offset_months: m }
    }
    pub fn phase_start(phase: &str) -> Self {
        Anchor { phase: Some(phase.to_string()), edge: Edge::Start, offset_months: 0.0 }
    }
    pub fn phase_end(phase: &str) -> Self {
        Anchor { phase: Some(phase.to_string()), edge: Edge::End, offset_months: 0.0 }
    }
}

/// How a ramp moves between its two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RampShape {
    #[default]
    Linear,
    /// Smoothstep 3p² − 2p³: slow start, fast middle, slow finish.
    SCurve,
}

/// A share that moves from `from` (up to `start`) to `to` (from `end` on): adoption of a
/// driver, or realisation of a benefit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Ramp {
    pub start: Anchor,
    pub end: Anchor,
    #[serde(default)]
    pub from: f64,
    #[serde(default = "one")]
    pub to: f64,
    #[serde(default)]
    pub shape: RampShape,
}

/// A named monthly volume that usage-based lines and benefits multiply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Driver {
    pub name: String,
    /// What one unit is, e.g. "encounters" or "GB stored".
    #[serde(default)]
    pub unit: String,
    /// Volume per month at full scale and full adoption, in month 0 terms.
    pub monthly_volume: f64,
    /// Annual growth of the volume, compounded monthly from month 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub annual_growth: f64,
    /// First month with volume (month 0 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Anchor>,
    /// First month without volume (the horizon when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Anchor>,
    /// Adoption ramp: the share of the volume actually using the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adoption: Option<Ramp>,
    /// Multiply by the active phase's `scale` (pilot at a fraction of full deployment).
    #[serde(default, skip_serializing_if = "is_false")]
    pub scale_with_phases: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The cost categories a healthcare GenAI budget is reviewed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    ComputeTraining,
    ComputeInference,
    Storage,
    CloudNetwork,
    People,
    Licences,
    CompliancePrivacy,
    ClinicalValidation,
    Regulatory,
    Integration,
    DataPreparation,
    Contingency,
}

impl CostCategory {
    pub const ALL: [CostCategory; 12] = [
        CostCategory::ComputeTraining,
        CostCategory::ComputeInference,
        CostCategory::Storage,
        CostCategory::CloudNetwork,
        CostCategory::People,
        CostCategory::Licences,
        CostCategory::CompliancePrivacy,
        CostCategory::ClinicalValidation,
        CostCategory::Regulatory,
        CostCategory::Integration,
        CostCategory::DataPreparation,
        CostCategory::Contingency,
    ];
    pub const COUNT: usize = Self::ALL.len();

    pub fn index(self) -> usize {
        self as usize
    }

    /// The snake_case key used in files and JSON output.
    pub fn key(self) -> &'static str {
        match self {
            CostCategory::ComputeTraining => "compute_training",
            CostCategory::ComputeInference => "compute_inference",
            CostCategory::Storage => "storage",
            CostCategory::CloudNetwork => "cloud_network",
            CostCategory::People => "people",
            CostCategory::Licences => "licences",
            CostCategory::CompliancePrivacy => "compliance_privacy",
            CostCategory::ClinicalValidation => "clinical_validation",
            CostCategory::Regulatory => "regulatory",
            CostCategory::Integration => "integration",
            CostCategory::DataPreparation => "data_preparation",
            CostCategory::Contingency => "contingency",
        }
    }

    /// The label a PM reads in tables and chart legends.
    pub fn label(self) -> &'static str {
        match self {
            CostCategory::ComputeTraining => "Compute (training / fine-tuning)",
            CostCategory::ComputeInference => "Compute (inference)",
            CostCategory::Storage => "Storage",
            CostCategory::CloudNetwork => "Cloud services & egress",
            CostCategory::People => "People",
            CostCategory::Licences => "Licences & subscriptions",
            CostCategory::CompliancePrivacy => "Compliance & privacy",
            CostCategory::ClinicalValidation => "Clinical validation",
            CostCategory::Regulatory => "Regulatory submission",
            CostCategory::Integration => "Integration (EHR)",
            CostCategory::DataPreparation => "Data preparation & annotation",
            CostCategory::Contingency => "Contingency",
        }
    }
}

/// How a cost line's monthly amount arises. Priced kinds take their price from the line's
/// `unit_price` or `catalog_item`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CostBasis {
    /// `quantity × price`, once, in the line's start month.
    OneOff {
        #[serde(default = "one")]
        quantity: f64,
    },
    /// `quantity × price` every `every_months` months from the line's start until its end.
    Recurring {
        #[serde(default = "one")]
        quantity: f64,
        #[serde(default = "one")]
        every_months: f64,
    },
    /// `price × units_per_driver_unit × driver volume` each month.
    Usage {
        driver: String,
        /// Priced units consumed per driver unit (e.g. 0.008 million tokens per encounter).
        #[serde(default = "one")]
        units_per_driver_unit: f64,
    },
    /// Self-hosted capacity: instances = max(min_instances,
    /// ceil(driver volume × units_per_driver_unit / capacity_per_instance)), each billed
    /// `instance_hours_per_month × price` (set it to 1 for a price per instance-month).
    Capacity {
        driver: String,
        #[serde(default = "one")]
        units_per_driver_unit: f64,
        /// Units one instance serves per month.
        capacity_per_instance: f64,
        #[serde(default = "hours_per_month")]
        instance_hours_per_month: f64,
        #[serde(default)]
        min_instances: f64,
    },
    /// A share of the month's other costs (contingency): of the listed categories, or of
    /// every non-share line when `of` is empty.
    Share {
        share: f64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        of: Vec<CostCategory>,
    },
}

/// One line of the budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CostLine {
    pub name: String,
    pub category: CostCategory,
    pub basis: CostBasis,
    /// Price per unit in the case's currency; overrides the catalog price when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<f64>,
    /// Id of a price-catalog item that gives the unit price, its unit and its source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_item: Option<String>,
    /// First month of the line (month 0 when absent); the month of a one-off cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Anchor>,
    /// First month without this cost (the horizon when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Anchor>,
    /// Apply the case's price escalation (prices are in month-0 money).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub escalate: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// The kinds of return a benefit line stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BenefitCategory {
    TimeSaved,
    CostAvoided,
    Revenue,
}

impl MetricKey {
    pub const ALL: [MetricKey; 12] = [
        MetricKey::Npv,
        MetricKey::IrrAnnual,
        MetricKey::Roi,
        MetricKey::PaybackMonth,
        MetricKey::DiscountedPaybackMonth,
        MetricKey::PeakFunding,
        MetricKey::TotalCost,
        MetricKey::TotalBenefit,
        MetricKey::CostPerUnit,
        MetricKey::GoLiveMonth,
        MetricKey::HoursSaved,
        MetricKey::MinutesSavedPerMainUnit,
    ];

    /// The snake_case key used in files and JSON output.
    pub fn key(self) -> &'static str {
        match self {
            MetricKey::Npv => "npv",
            MetricKey::IrrAnnual => "irr_annual",
            MetricKey::Roi => "roi",
            MetricKey::PaybackMonth => "payback_month",
            MetricKey::DiscountedPaybackMonth => "discounted_payback_month",
            MetricKey::PeakFunding => "peak_funding",
            MetricKey::TotalCost => "total_cost",
            MetricKey::TotalBenefit => "total_benefit",
            MetricKey::CostPerUnit => "cost_per_unit",
            MetricKey::GoLiveMonth => "go_live_month",
            MetricKey::HoursSaved => "hours_saved",
            MetricKey::MinutesSavedPerMainUnit => "minutes_saved_per_main_unit",
        }
    }

    /// The metric's name for people: "Net present value".
    pub fn label(self) -> &'static str {
        match self {
            MetricKey::Npv => "Net present value",
            MetricKey::IrrAnnual => "IRR (annual)",
            MetricKey::Roi => "ROI",
            MetricKey::PaybackMonth => "Payback",
            MetricKey::DiscountedPaybackMonth => "Discounted payback",
            MetricKey::PeakFunding => "Peak funding",
            MetricKey::TotalCost => "Total cost",
            MetricKey::TotalBenefit => "Total benefit",
            MetricKey::CostPerUnit => "Cost per unit",
            MetricKey::GoLiveMonth => "Go-live month",
            MetricKey::HoursSaved => "Hours saved",
            MetricKey::MinutesSavedPerMainUnit => "Minutes saved per unit",
        }
    }

    /// A payback that never comes counts as later than any month: worse for "≤", never
    /// below a "≥" threshold.
    pub fn undefined_is_infinite(self) -> bool {
        matches!(self, MetricKey::PaybackMonth | MetricKey::DiscountedPaybackMonth)
    }
}

impl BenefitCategory {
    pub fn key(self) -> &'static str {
        match self {
            BenefitCategory::TimeSaved => "time_saved",
            BenefitCategory::CostAvoided => "cost_avoided",
            BenefitCategory::Revenue => "revenue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BenefitCategory::TimeSaved => "Clinician time saved",
            BenefitCategory::CostAvoided => "Cost avoided",
            BenefitCategory::Revenue => "Revenue gained",
        }
    }
}

/// How a benefit line's monthly value arises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum BenefitBasis {
    /// Clinician time: driver volume × minutes_per_unit / 60 × loaded hourly cost.
    TimeSaved { driver: String, minutes_per_unit: f64, hourly_cost: f64 },
    /// Driver volume × value per unit (cost avoided or revenue per encounter, say).
    PerUnit { driver: String, value_per_unit: f64 },
    /// A fixed amount each month.
    Recurring { monthly_amount: f64 },
    /// A single amount in the line's start month.
    OneOff { amount: f64 },
}

/// One line of return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct BenefitLine {
    pub name: String,
    pub category: BenefitCategory,
    pub basis: BenefitBasis,
    /// First month of the benefit (the case's go-live when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Anchor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Anchor>,
    /// Realisation ramp (learning curve) on top of the driver's adoption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realisation: Option<Ramp>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub escalate: bool,
    /// Where the figure comes from (a study, a vendor claim, an estimate).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A named set of overrides on the base case. It never copies the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// Replace one numeric input, named by its path (see `Case::inputs`), e.g.
/// `costs[Inference API].unit_price` or `discount_rate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub input: String,
    pub value: f64,
}

/// The kinds of risk a healthcare GenAI project carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RiskCategory {
    RegulatoryDelay,
    ValidationFailure,
    PrivacyIncident,
    IntegrationDelay,
    DataQualityRework,
    AdoptionShortfall,
    CostOverrun,
    Other,
}

/// Something that may go wrong: it fires in a share `probability` of simulated futures and
/// then delays a phase, costs money once, and/or cuts benefits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub name: String,
    pub category: RiskCategory,
    /// Chance that it happens within the horizon, 0–1.
    pub probability: f64,
    /// The phase it delays (with everything anchored after it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Whole months of delay to `phase` when it fires (may be uncertain:
    /// `risks[NAME].delay_months` in `uncertain`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub delay_months: f64,
    /// A one-off cost when it fires, in month-0 money.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub one_off_cost: f64,
    /// When the one-off cost falls (month 0 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_at: Option<Anchor>,
    /// Share of every benefit lost when it fires, 0–1.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub benefit_reduction: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<Mitigation>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// What can be done about a risk, at a cost, to make it less likely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Mitigation {
    pub description: String,
    /// Where its cost is booked.
    pub category: CostCategory,
    /// One-off cost of the mitigation, in month 0.
    pub cost: f64,
    /// The risk's probability once mitigated.
    pub probability: f64,
    /// Whether the case includes it (its cost is paid and the lower probability holds).
    #[serde(default)]
    pub adopted: bool,
}

/// A person whose judgement the case must meet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    pub name: String,
    /// CFO, CMIO, CIO, compliance officer…
    pub role: String,
    /// Power over the project, 1 (low) to 5 (high).
    pub power: f64,
    /// Interest in the project, 1 (low) to 5 (high).
    pub interest: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default)]
    pub expectations: Vec<Expectation>,
}

/// The figures an expectation can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MetricKey {
    Npv,
    IrrAnnual,
    Roi,
    PaybackMonth,
    DiscountedPaybackMonth,
    PeakFunding,
    TotalCost,
    TotalBenefit,
    CostPerUnit,
    GoLiveMonth,
    HoursSaved,
    /// Clinician minutes saved per unit of the main driver in the last month (e.g. per
    /// clinician when the main driver counts clinicians): the steady-state figure.
    MinutesSavedPerMainUnit,
}

/// How a metric is compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Comparator {
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = ">=")]
    AtLeast,
}

/// "CFO: payback ≤ 24 months with 80% confidence".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub metric: MetricKey,
    pub comparator: Comparator,
    pub threshold: f64,
    /// Required probability of meeting it, 0–1 (e.g. 0.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}
