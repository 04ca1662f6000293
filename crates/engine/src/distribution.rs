//! Uncertain inputs: any numeric input of a case, named by its path, can follow a
//! distribution instead of a single number. Sampling uses rand_distr; quantiles (for the
//! tornado) use statrs. The deterministic evaluation uses each distribution's central value.

use rand::Rng;
use rand_distr::Distribution as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF, Normal};

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

/// What values an input can take, so that samples stay valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// ≥ 0.
    NonNegative,
    /// Whole months or instances, ≥ 0 (samples are rounded).
    WholeNonNegative,
    /// Between 0 and 1.
    Share,
    /// Above −100% (rates; may be negative).
    Rate,
}

impl Domain {
    /// The domain of the input at `path`, read from its field name.
    pub fn of(path: &str) -> Domain {
        let field = path.rsplit('.').next().unwrap_or(path);
        match field {
            "duration_months" | "lag_months" | "every_months" | "min_instances" | "delay_months" => {
                Domain::WholeNonNegative
            }
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

    pub fn contains(self, v: f64) -> bool {
        v.is_finite()
            && match self {
                Domain::NonNegative | Domain::WholeNonNegative => v >= 0.0,
                Domain::Share => (0.0..=1.0).contains(&v),
                Domain::Rate => v > -1.0,
            }
    }

    /// Brings a value into the domain (clamping; rounding whole numbers).
    pub fn fit(self, v: f64) -> f64 {
        match self {
            Domain::NonNegative => v.max(0.0),
            Domain::WholeNonNegative => v.max(0.0).round(),
            Domain::Share => v.clamp(0.0, 1.0),
            Domain::Rate => v.max(-0.99),
        }
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
        let finite = |name: &'static str, v: f64, out: &mut Vec<(&'static str, String)>| {
            if !v.is_finite() {
                out.push((name, format!("must be a finite number, got {v}")));
            }
        };
        match *self {
            Distribution::Fixed { value } => {
                finite("value", value, &mut out);
                if value.is_finite() && !domain.contains(value) {
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
