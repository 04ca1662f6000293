//! API or self-hosted? A case runs its inference one way — its own `compute_inference` lines
//! on one driver: usage lines for a hosted API, a capacity line for self-hosted instances —
//! and may describe the other way in `hosting_alternative`. This module checks that field
//! and compares the two by monthly volume: the cost of each, the volume from which
//! self-hosting is cheaper and the one above which it stays cheaper (the break-even).
//!
//! The comparison is in month-0 prices (before escalation): both options would escalate
//! alike, so the break-even volume does not move with it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::distribution::Domain;
use crate::error::{EngineError, FieldError};
use crate::eval::{Model, instances};
use crate::model::{Case, CostBasis, CostCategory, CostLine};
use crate::validate::Checker;

fn hours_per_month() -> f64 {
    730.0
}

/// The way of running the inference that the case does not use, described well enough to
/// price it. The option the case uses is read from its own cost lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum HostingAlternative {
    /// A hosted model API priced per unit (tokens, images), for a case that self-hosts.
    Api {
        /// The driver whose volume the inference serves (e.g. "Radiographs reported").
        driver: String,
        /// What one driver unit costs on the API: the sum over these lines of units × price.
        lines: Vec<ApiLine>,
        /// Where the figures come from; say which are assumptions or user inputs.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// Self-hosted instances (GPUs), for a case that calls an API: instances =
    /// max(min_instances, ceil(volume / capacity_per_instance)), each billed
    /// `instance_hours_per_month × price`.
    SelfHosted {
        driver: String,
        /// Price per instance-hour; overrides the catalog price when both are set.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit_price: Option<f64>,
        /// Id of a catalog item priced per instance-hour.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        catalog_item: Option<String>,
        /// Driver units one instance serves per month (e.g. requests a month).
        capacity_per_instance: f64,
        #[serde(default = "hours_per_month")]
        instance_hours_per_month: f64,
        /// Instances kept running whatever the volume (availability).
        #[serde(default)]
        min_instances: f64,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

/// One priced unit of an API call, e.g. input tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ApiLine {
    /// Price per unit in the case's currency; overrides the catalog price when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<f64>,
    /// Id of a catalog item that gives the unit price (e.g. `azure-openai-gpt-4o-input`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_item: Option<String>,
    /// Priced units per driver unit (e.g. 0.003 million input tokens per radiograph).
    pub units_per_driver_unit: f64,
}

impl HostingAlternative {
    pub fn driver(&self) -> &str {
        match self {
            HostingAlternative::Api { driver, .. } | HostingAlternative::SelfHosted { driver, .. } => driver,
        }
    }

    pub fn note(&self) -> &str {
        match self {
            HostingAlternative::Api { note, .. } | HostingAlternative::SelfHosted { note, .. } => note,
        }
    }

    pub fn hosting(&self) -> Hosting {
        match self {
            HostingAlternative::Api { .. } => Hosting::Api,
            HostingAlternative::SelfHosted { .. } => Hosting::SelfHosted,
        }
    }
}

/// The two ways of running inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    Api,
    SelfHosted,
}

impl Hosting {
    pub fn label(self) -> &'static str {
        match self {
            Hosting::Api => "API",
            Hosting::SelfHosted => "Self-hosted",
        }
    }
}

/// Self-hosted capacity as a cost curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SelfHostedCost {
    /// instance_hours_per_month × price per instance-hour.
    pub per_instance_month: f64,
    /// Driver units one instance serves per month (infinite when the line consumes no unit).
    pub capacity_per_instance: f64,
    pub min_instances: f64,
}

impl SelfHostedCost {
    /// Instances needed for `volume` driver units a month, as the engine counts them.
    pub fn instances(&self, volume: f64) -> f64 {
        instances(volume / self.capacity_per_instance, 1.0, self.min_instances)
    }
}

/// The API and the self-hosted option side by side for one driver of a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HostingComparison {
    pub driver: String,
    /// What one unit of the driver is, e.g. "radiographs".
    pub unit: String,
    /// The option the case's cost lines use; the other is its `hosting_alternative`.
    pub current: Hosting,
    /// API cost per driver unit: Σ units per driver unit × price, in month-0 prices.
    pub api_per_unit: f64,
    pub self_hosted: SelfHostedCost,
    /// The driver's volume in the last month of the horizon (the steady state the case
    /// reaches), as the evaluation computes it: growth, adoption and phase scale included.
    pub volume: f64,
    /// The smallest monthly volume at which self-hosting costs less than the API; none when
    /// it never does.
    pub self_hosting_first_cheaper: Option<f64>,
    /// The break-even: the smallest monthly volume above which self-hosting stays cheaper;
    /// none when the API stays cheaper at high volume. Each new instance can make the API
    /// cheaper again for a while, so this may lie above the first crossing.
    pub break_even: Option<f64>,
    /// The alternative's note (its sources and assumptions).
    pub note: String,
}

impl HostingComparison {
    /// Monthly API cost at `volume` driver units a month.
    pub fn api_cost(&self, volume: f64) -> f64 {
        self.api_per_unit * volume.max(0.0)
    }

    /// Monthly self-hosted cost at `volume` driver units a month.
    pub fn self_hosted_cost(&self, volume: f64) -> f64 {
        self.self_hosted.instances(volume.max(0.0)) * self.self_hosted.per_instance_month
    }

    /// Monthly cost of `option` at `volume`.
    pub fn cost(&self, option: Hosting, volume: f64) -> f64 {
        match option {
            Hosting::Api => self.api_cost(volume),
            Hosting::SelfHosted => self.self_hosted_cost(volume),
        }
    }
}

/// The comparison for `case` (or one of its scenarios); `None` when the case describes no
/// hosting alternative. Errors name the field, as validation does.
pub fn hosting_comparison(
    case: &Case,
    catalog: &Catalog,
    scenario: Option<&str>,
) -> Result<Option<HostingComparison>, EngineError> {
    if case.hosting_alternative.is_none() {
        return Ok(None);
    }
    let (prepared, model) = Model::prepare(case, catalog, scenario)?;
    let Some(alt) = &prepared.hosting_alternative else { return Ok(None) };
    let driver = alt.driver();
    let resolve = |field: String, unit_price: Option<f64>, item: &Option<String>| match (unit_price, item) {
        (Some(p), _) => Ok(p),
        (None, Some(id)) => match catalog.get(id) {
            Some(i) if i.currency == prepared.currency => Ok(i.price),
            Some(i) => Err(FieldError::new(
                field,
                format!(
                    "{id:?} is priced in {} but the case is in {}; set unit_price in {}",
                    i.currency, prepared.currency, prepared.currency
                ),
            )),
            None => Err(FieldError::new(field, format!("no catalog item with id {id:?}"))),
        },
        // Refused by validation; kept as an error rather than a zero.
        (None, None) => Err(FieldError::new(field, "no price")),
    };
    let current = current_lines(&prepared, driver);
    let mut errors = Vec::new();
    let (api_per_unit, self_hosted) = match alt {
        HostingAlternative::Api { lines, .. } => {
            let mut per_unit = 0.0;
            for (i, l) in lines.iter().enumerate() {
                let field = format!("hosting_alternative.lines[{i}].catalog_item");
                match resolve(field, l.unit_price, &l.catalog_item) {
                    Ok(p) => per_unit += l.units_per_driver_unit * p,
                    Err(e) => errors.push(e),
                }
            }
            let own = current.iter().find_map(|(_, c)| self_hosted_of(c));
            (per_unit, own)
        }
        HostingAlternative::SelfHosted {
            unit_price,
            catalog_item,
            capacity_per_instance,
            instance_hours_per_month,
            min_instances,
            ..
        } => {
            let own = current.iter().filter_map(|(_, c)| api_per_unit_of(c)).sum();
            let hourly = resolve("hosting_alternative.catalog_item".into(), *unit_price, catalog_item)
                .map_err(|e| errors.push(e))
                .unwrap_or(0.0);
            let alt = SelfHostedCost {
                per_instance_month: instance_hours_per_month * hourly,
                capacity_per_instance: *capacity_per_instance,
                min_instances: *min_instances,
            };
            (own, Some(alt))
        }
    };
    if !errors.is_empty() {
        return Err(EngineError::Invalid(errors));
    }
    // Validation made sure that the case has exactly the other option on this driver.
    let Some(self_hosted) = self_hosted else {
        return Err(EngineError::Invalid(vec![FieldError::new(
            "hosting_alternative.driver",
            format!("no self-hosted line on driver {driver:?}"),
        )]));
    };
    let (first, stays) = crossings(api_per_unit, &self_hosted);
    Ok(Some(HostingComparison {
        driver: driver.to_string(),
        unit: prepared.drivers.iter().find(|d| d.name == driver).map(|d| d.unit.clone()).unwrap_or_default(),
        current: match alt.hosting() {
            Hosting::Api => Hosting::SelfHosted,
            Hosting::SelfHosted => Hosting::Api,
        },
        api_per_unit,
        volume: last_month_volume(&prepared, &model, driver),
        self_hosting_first_cheaper: first,
        break_even: stays,
        self_hosted,
        note: alt.note().to_string(),
    }))
}

/// The case's inference lines on `driver`: the ones that change with the hosting choice.
/// Other lines (egress, storage, people) are the same either way and are left out.
fn current_lines<'a>(case: &'a Case, driver: &str) -> Vec<(usize, &'a CostLine)> {
    case.costs
        .iter()
        .enumerate()
        .filter(|(_, c)| c.category == CostCategory::ComputeInference)
        .filter(|(_, c)| match &c.basis {
            CostBasis::Usage { driver: d, .. } | CostBasis::Capacity { driver: d, .. } => d == driver,
            _ => false,
        })
        .collect()
}

fn api_per_unit_of(line: &CostLine) -> Option<f64> {
    match line.basis {
        CostBasis::Usage { units_per_driver_unit, .. } => Some(units_per_driver_unit * line.unit_price?),
        _ => None,
    }
}

fn self_hosted_of(line: &CostLine) -> Option<SelfHostedCost> {
    match line.basis {
        CostBasis::Capacity {
            units_per_driver_unit,
            capacity_per_instance,
            instance_hours_per_month,
            min_instances,
            ..
        } => Some(SelfHostedCost {
            per_instance_month: instance_hours_per_month * line.unit_price?,
            // A line that consumes nothing per driver unit never needs more than its minimum.
            capacity_per_instance: if units_per_driver_unit > 0.0 {
                capacity_per_instance / units_per_driver_unit
            } else {
                f64::INFINITY
            },
            min_instances,
        }),
        _ => None,
    }
}

/// The driver's volume in the last month, measured by the engine itself: the prepared case
/// with one line that costs 1 per driver unit, unescalated, and nothing else. This keeps
/// growth, adoption, the driver's window and phase scale exactly as the evaluation has them.
fn last_month_volume(prepared: &Case, model: &Model, driver: &str) -> f64 {
    let mut probe = prepared.clone();
    probe.costs = vec![CostLine {
        name: "Volume".into(),
        category: CostCategory::ComputeInference,
        basis: CostBasis::Usage { driver: driver.into(), units_per_driver_unit: 1.0 },
        unit_price: Some(1.0),
        catalog_item: None,
        start: None,
        end: None,
        escalate: false,
        notes: String::new(),
    }];
    probe.benefits.clear();
    probe.risks.clear();
    model.lay_out_trial(&probe).evaluate().monthly.last().map_or(0.0, |r| r.cost)
}

/// Steps by which [`crossings`] corrects its estimate of the last step where the API wins.
const CORRECTIONS: usize = 8;

/// Where self-hosting (a step function: p per instance, c units each, at least m instances)
/// beats an API of `a` per unit: the first volume where it is cheaper, and the volume above
/// which it stays cheaper.
///
/// With k0 = max(m, 1), self-hosting costs L0 = k0·p up to k0·c, then k·p on ((k−1)c, kc].
/// On each step the API line a·v rises past the flat cost at v = level / a. Self-hosting is
/// cheaper at high volume only if a > p / c (the API's slope beats the cost per unit of a
/// full instance); the last step where the API is still cheaper somewhere is the largest k
/// with k·p / a > (k − 1)·c, i.e. k < c / (c − p / a).
fn crossings(a: f64, s: &SelfHostedCost) -> (Option<f64>, Option<f64>) {
    let (p, c, m) = (s.per_instance_month, s.capacity_per_instance, s.min_instances.max(0.0));
    if !(a > 0.0 && a.is_finite() && p.is_finite() && c > 0.0) {
        return (None, None);
    }
    if p <= 0.0 {
        // Free instances: cheaper at any volume above zero.
        return (Some(0.0), Some(0.0));
    }
    if c.is_infinite() {
        // A flat cost of m instances.
        let v = m * p / a;
        return (Some(v), Some(v));
    }
    let k0 = m.max(1.0);
    let l0 = k0 * p;
    let slope = p / c;
    // With a > p / c the API reaches the first level l0 = k0·p at l0 / a < k0·c, inside
    // the first step; otherwise it never catches up with any step.
    if a <= slope {
        return (None, None);
    }
    let first = Some(l0 / a);
    let api_wins_somewhere = |k: f64| k * p / a > (k - 1.0) * c;
    let mut k = (c / (c - p / a)).ceil() - 1.0;
    // Rounding in the division may put k a step off either way. The corrections take a
    // few steps at most: where c − p / a is lost to rounding, k is beyond counting
    // instances one by one (past 2^53, k + 1 is k again) and a step would never end.
    for _ in 0..CORRECTIONS {
        if k <= k0 || api_wins_somewhere(k) {
            break;
        }
        k -= 1.0;
    }
    for _ in 0..CORRECTIONS {
        if !api_wins_somewhere(k + 1.0) {
            break;
        }
        k += 1.0;
    }
    let stays = if k > k0 { (k * c).min(k * p / a) } else { (k0 * c).min(l0 / a) };
    (first, Some(stays))
}

/// The rules of `hosting_alternative` that need no catalog: the driver exists, the case
/// runs that driver on the other option (and on one only), prices and numbers are sound.
/// Catalog items are checked when the comparison is made.
pub(crate) fn check(case: &Case, ck: &mut Checker) {
    let Some(alt) = &case.hosting_alternative else { return };
    let p = "hosting_alternative";
    let driver = alt.driver();
    if !case.drivers.iter().any(|d| d.name == driver) {
        ck.push(format!("{p}.driver"), format!("no driver named {driver:?}"));
        return;
    }
    let current = current_lines(case, driver);
    let of_kind = |usage: bool| -> Vec<usize> {
        let kind = |b: &CostBasis| matches!(b, CostBasis::Usage { .. }) == usage;
        current.iter().filter(|(_, c)| kind(&c.basis)).map(|(i, _)| *i).collect()
    };
    let (usage, capacity) = (of_kind(true), of_kind(false));
    let list = |v: &[usize]| v.iter().map(|i| format!("costs[{i}]")).collect::<Vec<_>>().join(", ");
    match (usage.is_empty(), capacity.len()) {
        (true, 0) => ck.push(
            format!("{p}.driver"),
            format!(
                "no compute_inference usage or capacity line runs on driver {driver:?}, so there is no \
                 current option to compare with"
            ),
        ),
        (false, n) if n > 0 => ck.push(
            format!("{p}.driver"),
            format!(
                "driver {driver:?} runs both on an API ({}) and self-hosted ({}); the comparison needs one",
                list(&usage),
                list(&capacity)
            ),
        ),
        (_, n) if n > 1 => ck.push(
            format!("{p}.driver"),
            format!(
                "driver {driver:?} has {n} capacity lines ({}); the comparison takes one",
                list(&capacity)
            ),
        ),
        _ => {}
    }
    match alt {
        HostingAlternative::Api { lines, .. } => {
            if capacity.is_empty() && !usage.is_empty() {
                ck.push(
                    format!("{p}.kind"),
                    format!(
                        "the case already calls an API for driver {driver:?} ({}); describe the \
                         self-hosted option instead",
                        list(&usage)
                    ),
                );
            }
            if lines.is_empty() {
                ck.push(format!("{p}.lines"), "needs at least one priced line (tokens, images…)");
            }
            for (i, l) in lines.iter().enumerate() {
                let lp = format!("{p}.lines[{i}]");
                price(ck, &lp, l.unit_price, &l.catalog_item);
                number(ck, format!("{lp}.units_per_driver_unit"), l.units_per_driver_unit, false);
            }
        }
        HostingAlternative::SelfHosted {
            unit_price,
            catalog_item,
            capacity_per_instance,
            instance_hours_per_month,
            min_instances,
            ..
        } => {
            if usage.is_empty() && !capacity.is_empty() {
                ck.push(
                    format!("{p}.kind"),
                    format!(
                        "the case already self-hosts driver {driver:?} ({}); describe the API option instead",
                        list(&capacity)
                    ),
                );
            }
            price(ck, p, *unit_price, catalog_item);
            number(ck, format!("{p}.capacity_per_instance"), *capacity_per_instance, true);
            number(ck, format!("{p}.instance_hours_per_month"), *instance_hours_per_month, true);
            if let Some(problem) = Domain::WholeNonNegative.problem(*min_instances) {
                ck.push(format!("{p}.min_instances"), problem);
            }
        }
    }
}

fn price(ck: &mut Checker, prefix: &str, unit_price: Option<f64>, item: &Option<String>) {
    match (unit_price, item) {
        (Some(v), _) => number(ck, format!("{prefix}.unit_price"), v, false),
        (None, Some(_)) => {}
        (None, None) => ck.push(
            format!("{prefix}.unit_price"),
            "no price: give a unit_price or a catalog_item (a missing price is never taken as zero)",
        ),
    }
}

/// A finite number within the largest supported amount, not negative (or, when
/// `positive`, at least the smallest supported divisor: capacities and hours divide).
fn number(ck: &mut Checker, field: String, v: f64, positive: bool) {
    let domain = if positive { Domain::Positive } else { Domain::NonNegative };
    if let Some(problem) = domain.problem(v) {
        ck.push(field, problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(p: f64, c: f64, m: f64) -> SelfHostedCost {
        SelfHostedCost { per_instance_month: p, capacity_per_instance: c, min_instances: m }
    }

    #[test]
    fn a_single_step_crossing_is_where_the_api_reaches_one_instance() {
        // 100 a month per instance of 10,000; API 0.02: equal at 5,000, and the second
        // instance (200 at 10,000+) is already below the API's 200+.
        assert_eq!(crossings(0.02, &pool(100.0, 10_000.0, 1.0)), (Some(5_000.0), Some(5_000.0)));
    }

    #[test]
    fn each_new_instance_can_hand_the_lead_back_to_the_api() {
        // Capacity 6,000: cheaper from 5,000, but on step 5 (24,000–30,000, 500 a month) the
        // API (0.02 v) is cheaper up to 25,000; from step 6 on self-hosting stays cheaper.
        assert_eq!(crossings(0.02, &pool(100.0, 6_000.0, 1.0)), (Some(5_000.0), Some(25_000.0)));
    }

    #[test]
    fn a_dear_instance_never_beats_a_cheap_api() {
        assert_eq!(crossings(0.005, &pool(100.0, 10_000.0, 1.0)), (None, None));
        assert_eq!(crossings(0.0, &pool(100.0, 10_000.0, 1.0)), (None, None));
    }

    #[test]
    fn minimum_instances_hold_the_floor() {
        // Two instances at least: 200 up to 20,000, so equal at 10,000 with API 0.02.
        assert_eq!(crossings(0.02, &pool(100.0, 10_000.0, 2.0)), (Some(10_000.0), Some(10_000.0)));
        // With API 0.009, two instances (200) reach the API only past 20,000, where the
        // third instance starts: self-hosting is never cheaper (slope 0.01 > 0.009).
        assert_eq!(crossings(0.009, &pool(100.0, 10_000.0, 2.0)), (None, None));
    }
}
