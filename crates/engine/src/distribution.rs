//! Uncertain inputs: any numeric input of a case, named by its path, can follow a
//! distribution instead of a single number. Sampling uses rand_distr; quantiles (for the
//! tornado) use statrs. The deterministic evaluation uses each distribution's central value.

use rand::Rng;
use rand_distr::Distribution as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF, Normal};

use crate::validate::{MAX_AMOUNT, MAX_RATE, MIN_DIVISOR, MIN_RATE, beyond_largest_amount};

/// z of the 95th percentile of the standard normal: a 90% interval is mean ± 1.6449 σ.
const Z95: f64 = 1.644_853_626_951_472_2;

/// The shape of an uncertain input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Distribution {
    /// Always `value`.
    Fixed { value: f64 },
    /// Any value between `low` and `high` equally likely; the input's own value is its base.
    Uniform { low: f64, high: f64 },
    /// Triangular with mode `likely`.
    Triangular { low: f64, likely: f64, high: f64 },
    /// PERT (a smoothed triangular, Beta-shaped): mean = (low + 4 likely + high) / 6.
    Pert { low: f64, likely: f64, high: f64 },
    /// Normal, truncated to the input's valid range (e.g. not below zero for a price).
    Normal { mean: f64, sd: f64 },
    /// Lognormal with 90% of its mass between `low` and `high` ("a to b"); the input's own
    /// value (above zero) is its base.
    Lognormal90 { low: f64, high: f64 },
}

/// One uncertain input of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct UncertainInput {
    /// The input's path, as in scenario overrides: `costs[GPU].unit_price`.
    pub input: String,
    pub distribution: Distribution,
    /// Where the range comes from (a trial's confidence interval, an expert's judgement).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// What values an input can take: the rule validation checks each input against, and the
/// range every sample is brought into, so that a sampled trial holds only values a case may.
/// Amounts, volumes and counts stay within [`MAX_AMOUNT`], rates within [`MIN_RATE`,
/// `MAX_RATE`]: with those bounds no evaluation can overflow (see `validate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// 0 to [`MAX_AMOUNT`].
    NonNegative,
    /// [`MIN_DIVISOR`] to [`MAX_AMOUNT`]: a figure others are divided by (an instance's
    /// capacity), which zero or a vanishing value would turn into an infinite count.
    Positive,
    /// Whole months or instances, 0 to [`MAX_AMOUNT`] (samples are rounded).
    WholeNonNegative,
    /// Whole months, 1 to [`MAX_AMOUNT`] (how often a recurring cost falls).
    WholePositive,
    /// Between 0 and 1.
    Share,
    /// An annual rate (may be negative), [`MIN_RATE`] to [`MAX_RATE`].
    Rate,
}

impl Domain {
    /// The domain of the input at `path`, read from its field name.
    pub fn of(path: &str) -> Domain {
        let field = path.rsplit('.').next().unwrap_or(path);
        match field {
            "duration_months" | "lag_months" | "min_instances" | "delay_months" => Domain::WholeNonNegative,
            "every_months" => Domain::WholePositive,
            "capacity_per_instance" => Domain::Positive,
            "from" | "to" | "share" | "probability" | "benefit_reduction" => Domain::Share,
            "discount_rate" | "price_escalation" | "annual_growth" => Domain::Rate,
            _ => Domain::NonNegative,
        }
    }

    /// Whether its figures read as percentages (a share or a rate), in the editor, the
    /// comparisons and every text that writes an input's value.
    pub fn reads_as_percent(self) -> bool {
        matches!(self, Domain::Share | Domain::Rate)
    }

    /// The lowest and highest value the domain holds.
    pub fn range(self) -> (f64, f64) {
        match self {
            Domain::NonNegative | Domain::WholeNonNegative => (0.0, MAX_AMOUNT),
            Domain::Positive => (MIN_DIVISOR, MAX_AMOUNT),
            Domain::WholePositive => (1.0, MAX_AMOUNT),
            Domain::Share => (0.0, 1.0),
            Domain::Rate => (MIN_RATE, MAX_RATE),
        }
    }

    fn whole(self) -> bool {
        matches!(self, Domain::WholeNonNegative | Domain::WholePositive)
    }

    /// Whether `v` lies in the domain's range (whole or not).
    pub fn contains(self, v: f64) -> bool {
        let (low, high) = self.range();
        v.is_finite() && low <= v && v <= high
    }

    /// Brings a value into the domain (clamping; rounding whole numbers). `max` then `min`
    /// rather than `clamp`, so that a NaN becomes the low end rather than staying NaN.
    pub fn fit(self, v: f64) -> f64 {
        let (low, high) = self.range();
        let v = v.max(low).min(high);
        if self.whole() { v.round() } else { v }
    }

    /// What is wrong with `v` as a value of this domain, if anything: the message a
    /// [`crate::FieldError`] gives, naming the bound it breaks.
    pub fn problem(self, v: f64) -> Option<String> {
        if !v.is_finite() {
            return Some(format!("must be a finite number, got {v}"));
        }
        let (low, high) = self.range();
        // A figure too large or too small to read written out is given with its exponent.
        let v_read =
            if v != 0.0 && !(1e-6..1e15).contains(&v.abs()) { format!("{v:e}") } else { v.to_string() };
        let message = match self {
            _ if self != Domain::Share && self != Domain::Rate && v.abs() > high => beyond_largest_amount(v),
            Domain::NonNegative if v < low => format!("must not be negative, got {v_read}"),
            Domain::Positive if v <= 0.0 => format!("must be greater than zero, got {v_read}"),
            Domain::Positive if v < low => {
                format!("{v:e} is below the smallest supported divisor ({MIN_DIVISOR:e})")
            }
            Domain::WholeNonNegative if v < low || v.fract() != 0.0 => {
                format!("must be a whole number, zero or more, got {v_read}")
            }
            Domain::WholePositive if v < low || v.fract() != 0.0 => {
                format!("must be a whole number, one or more, got {v_read}")
            }
            Domain::Share if !(low..=high).contains(&v) => format!("must be between 0 and 1, got {v_read}"),
            Domain::Rate if v < low => {
                format!("must be at least {low} ({:.0}% a year), got {v_read}", low * 100.0)
            }
            Domain::Rate if v > high => {
                format!("{v_read} is beyond the largest supported rate ({high}, {:.0}% a year)", high * 100.0)
            }
            _ => return None,
        };
        Some(message)
    }
}

impl Distribution {
    /// The value the deterministic evaluation uses: the mode of a triangular or PERT, the
    /// mean of a normal, `value` of a fixed one; `None` where the input's own value is the base
    /// (uniform, lognormal).
    pub fn central(&self) -> Option<f64> {
        match *self {
            Distribution::Fixed { value } => Some(value),
            Distribution::Triangular { likely, .. } | Distribution::Pert { likely, .. } => Some(likely),
            Distribution::Normal { mean, .. } => Some(mean),
            Distribution::Uniform { .. } | Distribution::Lognormal90 { .. } => None,
        }
    }

    /// Checks the parameters; returns (field, message) problems.
    pub fn problems(&self, domain: Domain) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        // Every parameter is a finite number within the largest supported amount, and a
        // rate's values within the largest supported rate: the same bounds as the input's
        // own value, so that no range reaches what the input itself could not hold.
        let finite = |name: &'static str, v: f64, out: &mut Vec<(&'static str, String)>| {
            if !v.is_finite() {
                out.push((name, format!("must be a finite number, got {v}")));
            } else if v.abs() > MAX_AMOUNT {
                out.push((name, beyond_largest_amount(v)));
            } else if domain == Domain::Rate && name != "sd" && v > MAX_RATE {
                out.push((
                    name,
                    format!(
                        "{v} is beyond the largest supported rate ({MAX_RATE}, {:.0}% a year)",
                        MAX_RATE * 100.0
                    ),
                ));
            }
        };
        match *self {
            Distribution::Fixed { value } => {
                finite("value", value, &mut out);
                if out.is_empty() && !domain.contains(value) {
                    out.push(("value", format!("{value} is outside what this input can take")));
                }
            }
            Distribution::Uniform { low, high } | Distribution::Lognormal90 { low, high } => {
                finite("low", low, &mut out);
                finite("high", high, &mut out);
                if low >= high {
                    out.push(("high", format!("must be above low ({low}), got {high}")));
                }
                if matches!(self, Distribution::Lognormal90 { .. }) && low <= 0.0 {
                    out.push(("low", format!("a lognormal needs low above zero, got {low}")));
                }
            }
            Distribution::Triangular { low, likely, high } | Distribution::Pert { low, likely, high } => {
                finite("low", low, &mut out);
                finite("likely", likely, &mut out);
                finite("high", high, &mut out);
                if !(low <= likely && likely <= high) || low >= high {
                    out.push((
                        "likely",
                        format!("needs low ≤ likely ≤ high with low < high, got {low}, {likely}, {high}"),
                    ));
                }
            }
            Distribution::Normal { mean, sd } => {
                finite("mean", mean, &mut out);
                finite("sd", sd, &mut out);
                if sd <= 0.0 {
                    out.push(("sd", format!("must be above zero, got {sd}")));
                }
            }
        }
        if let Some((low, _)) = self.bounds()
            && low.is_finite()
            && domain != Domain::Rate
            && low < 0.0
            && !matches!(self, Distribution::Normal { .. })
        {
            out.push(("low", format!("this input cannot be negative, got {low}")));
        }
        out
    }

    /// The range of a bounded distribution.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match *self {
            Distribution::Fixed { value } => Some((value, value)),
            Distribution::Uniform { low, high }
            | Distribution::Triangular { low, high, .. }
            | Distribution::Pert { low, high, .. } => Some((low, high)),
            Distribution::Normal { .. } | Distribution::Lognormal90 { .. } => None,
        }
    }

    /// The p-quantile (0 < p < 1), fitted into `domain`.
    pub fn quantile(&self, p: f64, domain: Domain) -> f64 {
        let z = || Normal::new(0.0, 1.0).map(|n| n.inverse_cdf(p)).unwrap_or(0.0);
        let v = match *self {
            Distribution::Fixed { value } => value,
            Distribution::Uniform { low, high } => low + p * (high - low),
            Distribution::Triangular { low, likely, high } => {
                let split = (likely - low) / (high - low);
                if p < split {
                    low + (p * (high - low) * (likely - low)).sqrt()
                } else {
                    high - ((1.0 - p) * (high - low) * (high - likely)).sqrt()
                }
            }
            Distribution::Pert { low, likely, high } => {
                let (a, b) = pert_shape(low, likely, high);
                let x = Beta::new(a, b).map(|d| d.inverse_cdf(p)).unwrap_or(0.5);
                low + x * (high - low)
            }
            Distribution::Normal { mean, sd } => mean + sd * z(),
            Distribution::Lognormal90 { low, high } => {
                let (mu, sigma) = lognormal_params(low, high);
                (mu + sigma * z()).exp()
            }
        };
        domain.fit(v)
    }

    /// A ready-to-draw sampler.
    pub fn sampler(&self, domain: Domain) -> Sampler {
        let kind = match *self {
            Distribution::Fixed { value } => SamplerKind::Fixed(value),
            Distribution::Uniform { low, high } => SamplerKind::Uniform(low, high - low),
            Distribution::Triangular { low, likely, high } => rand_distr::Triangular::new(low, high, likely)
                .map(SamplerKind::Triangular)
                .unwrap_or(SamplerKind::Fixed(likely)),
            Distribution::Pert { low, likely, high } => {
                // Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b): PERT shapes are
                // never below 1, where Marsaglia and Tsang's method accepts most draws
                // without a logarithm. Cheng's Beta algorithm takes a logarithm and an
                // exponential every draw, a fifth of a simulated trial's time.
                let (a, b) = pert_shape(low, likely, high);
                match (rand_distr::Gamma::new(a, 1.0), rand_distr::Gamma::new(b, 1.0)) {
                    (Ok(x), Ok(y)) if high > low => SamplerKind::Pert(x, y, low, high - low),
                    _ => SamplerKind::Fixed(likely),
                }
            }
            Distribution::Normal { mean, sd } => {
                rand_distr::Normal::new(mean, sd).map(SamplerKind::Normal).unwrap_or(SamplerKind::Fixed(mean))
            }
            Distribution::Lognormal90 { low, high } => {
                let (mu, sigma) = lognormal_params(low, high);
                rand_distr::LogNormal::new(mu, sigma)
                    .map(SamplerKind::LogNormal)
                    .unwrap_or(SamplerKind::Fixed((low * high).sqrt()))
            }
        };
        Sampler { kind, domain }
    }
}

/// Beta shape parameters of a PERT on [low, high] with mode `likely` (λ = 4).
fn pert_shape(low: f64, likely: f64, high: f64) -> (f64, f64) {
    let range = high - low;
    (1.0 + 4.0 * (likely - low) / range, 1.0 + 4.0 * (high - likely) / range)
}

/// μ and σ of the underlying normal of a lognormal whose 5th and 95th percentiles are given.
fn lognormal_params(low: f64, high: f64) -> (f64, f64) {
    let (a, b) = (low.ln(), high.ln());
    ((a + b) / 2.0, (b - a) / (2.0 * Z95))
}

#[derive(Debug, Clone)]
enum SamplerKind {
    Fixed(f64),
    Uniform(f64, f64),
    Triangular(rand_distr::Triangular<f64>),
    /// Gammas of the Beta's two shapes, the low end and the width.
    Pert(rand_distr::Gamma<f64>, rand_distr::Gamma<f64>, f64, f64),
    Normal(rand_distr::Normal<f64>),
    LogNormal(rand_distr::LogNormal<f64>),
}

/// Draws values of one distribution, kept inside the input's domain.
#[derive(Debug, Clone)]
pub struct Sampler {
    kind: SamplerKind,
    domain: Domain,
}

impl Sampler {
    /// Inlined into simulated trials, whose loop is compiled for AVX2 as well: called out
    /// of line it ran as baseline x86-64, rounding a whole number through a libm call.
    #[inline(always)]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let v = match &self.kind {
            SamplerKind::Fixed(v) => *v,
            SamplerKind::Uniform(low, width) => low + width * rng.random::<f64>(),
            SamplerKind::Triangular(d) => d.sample(rng),
            SamplerKind::Pert(x, y, low, width) => {
                let (x, y) = (x.sample(rng), y.sample(rng));
                low + width * (x / (x + y))
            }
            SamplerKind::Normal(d) => {
                // Truncation by rejection: a normal on a field that cannot be negative is
                // redrawn, not clamped, so no mass piles up at the bound.
                let mut v = d.sample(rng);
                for _ in 0..64 {
                    if self.domain.contains(v) {
                        break;
                    }
                    v = d.sample(rng);
                }
                v
            }
            SamplerKind::LogNormal(d) => d.sample(rng),
        };
        self.domain.fit(v)
    }
}
