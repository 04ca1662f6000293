//! One simulated trial: its random stream, its draws (sampled inputs, risks that happen,
//! their delays) and its evaluation. Split from `simulate` (which runs and summarises many
//! trials) because this is the code that runs a million times.
//!
//! A trial is evaluated one of two ways, chosen once per run from what the case samples:
//! - **rescaled** when every sampled input multiplies one line's amounts or moves phases by
//!   whole months (prices, quantities, minutes saved, durations, risk figures: every shipped
//!   template). Each phase layout is computed once per thread into [`Shapes`]; a trial then
//!   costs a few multiply-adds per month and line, plus its metrics.
//! - **laid out** otherwise (a sampled volume, growth, rate or ramp): the sampled case is
//!   laid out and computed in full.
//!
//! Both use the same draws and the same [`Model::compute`] arithmetic; they agree to
//! rounding, which the engine's tests check trial by trial.

use rand::{Rng, RngCore, SeedableRng};
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use crate::catalog::Catalog;
use crate::distribution::{Domain, Sampler};
use crate::error::EngineError;
use crate::eval::{ABREAST, Abreast, Model, Queue, Scratch, Shapes, TrialDraws};
use crate::inputs::{input_index, set_inputs_by_index, visit_inputs};
use crate::model::{BenefitBasis, Case, CostBasis};
use crate::results::Metrics;

/// Phase layouts a thread keeps before it starts over: bounds memory when many phases are
/// uncertain. Rows depend only on their layout, so starting over changes no result.
const MAX_LAYOUTS: usize = 4096;

/// The error a trial's IRR search may leave (a monthly rate, relative to 1 + r; see
/// `metrics::newton`). A trial's IRR is kept as an f32 and its percentiles are shown to a
/// tenth of a percent: 1e-8 a month is at most 3e-7 on an annual IRR up to 200%, and the
/// bound overstates the error actually left near a simple root by orders of magnitude.
pub(crate) const IRR_SETTLED: f64 = 1e-8;

/// A stream of random numbers for trial `trial` of a run seeded `seed`, independent of
/// which thread runs it: `Xoshiro256PlusPlus::seed_from_u64` of [`trial_seed`], spelled out
/// (its seed is four draws of a SplitMix64 stream) so that it is inlined. Through
/// `from_rng` it ran as a call to `fill_bytes_via_next`, byte copies and all, about a
/// hundred instructions a trial.
#[inline(always)]
pub(crate) fn trial_rng(seed: u64, trial: u64) -> Xoshiro256PlusPlus {
    let mut stream = SplitMix64::seed_from_u64(trial_seed(seed, trial));
    let mut bytes = [0u8; 32];
    for word in bytes.chunks_exact_mut(8) {
        word.copy_from_slice(&stream.next_u64().to_le_bytes());
    }
    Xoshiro256PlusPlus::from_seed(bytes)
}

/// The seed of trial `trial`'s stream in a run seeded `seed`.
#[inline(always)]
pub(crate) fn trial_seed(seed: u64, trial: u64) -> u64 {
    // SplitMix64's first output from `z`: the same mixing the stream's own seeding uses.
    let splitmix = |z: u64| SplitMix64::seed_from_u64(z).next_u64();
    splitmix(seed) ^ splitmix(trial.wrapping_add(0x5851_F42D_4C95_7F2D))
}

/// What a sampled input does to a trial evaluated the rescaled way.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// Multiplies one cost line's amounts (and the shares drawn on them).
    CostFactor(usize),
    /// Multiplies one benefit line's value, and its hours saved when `hours`.
    BenefitFactor { line: usize, hours: bool },
    /// A phase's duration (or its lag when `lag`), which the layout reads in whole months.
    Layout { phase: usize, lag: bool },
    /// A risk's or mitigation's figure, read from the sampled case each trial.
    Risk { risk: usize, field: RiskField },
}

/// The figures of a risk a trial may sample.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RiskField {
    Probability,
    Delay,
    Cost,
    Reduction,
    MitigationCost,
    MitigationProbability,
}

impl Role {
    /// Where a sampled value goes in the trial's case; none for the multiplying inputs,
    /// which the rows take as factors instead.
    fn slot(self, case: &mut Case) -> Option<&mut f64> {
        match self {
            Role::CostFactor(_) | Role::BenefitFactor { .. } => None,
            Role::Layout { phase, lag } => {
                let p = &mut case.phases[phase];
                Some(if lag { &mut p.lag_months } else { &mut p.duration_months })
            }
            Role::Risk { risk, field } => {
                let r = &mut case.risks[risk];
                match field {
                    RiskField::Probability => Some(&mut r.probability),
                    RiskField::Delay => Some(&mut r.delay_months),
                    RiskField::Cost => Some(&mut r.one_off_cost),
                    RiskField::Reduction => Some(&mut r.benefit_reduction),
                    RiskField::MitigationCost => r.mitigation.as_mut().map(|m| &mut m.cost),
                    RiskField::MitigationProbability => r.mitigation.as_mut().map(|m| &mut m.probability),
                }
            }
        }
    }
}

/// The role of the input at `path` in `case`; `None` when it enters the model in any other
/// way, which rules the rescaled way out.
fn role(case: &Case, section: &str, name: &str, field: &str) -> Option<Role> {
    match section {
        "costs" => {
            let i = case.costs.iter().position(|c| c.name == name)?;
            let linear = match (&case.costs[i].basis, field) {
                (CostBasis::Share { .. }, _) => false,
                (_, "unit_price") => true,
                (CostBasis::OneOff { .. } | CostBasis::Recurring { .. }, "quantity") => true,
                (CostBasis::Usage { .. }, "units_per_driver_unit") => true,
                (CostBasis::Capacity { .. }, "instance_hours_per_month") => true,
                _ => false,
            };
            linear.then_some(Role::CostFactor(i))
        }
        "benefits" => {
            let line = case.benefits.iter().position(|b| b.name == name)?;
            match (&case.benefits[line].basis, field) {
                (BenefitBasis::TimeSaved { .. }, "minutes_per_unit") => {
                    Some(Role::BenefitFactor { line, hours: true })
                }
                (BenefitBasis::TimeSaved { .. }, "hourly_cost")
                | (BenefitBasis::PerUnit { .. }, "value_per_unit")
                | (BenefitBasis::Recurring { .. }, "monthly_amount")
                | (BenefitBasis::OneOff { .. }, "amount") => Some(Role::BenefitFactor { line, hours: false }),
                _ => None,
            }
        }
        "phases" => {
            let phase = case.phases.iter().position(|p| p.name == name)?;
            match field {
                "duration_months" => Some(Role::Layout { phase, lag: false }),
                "lag_months" => Some(Role::Layout { phase, lag: true }),
                _ => None,
            }
        }
        "risks" => {
            let risk = case.risks.iter().position(|r| r.name == name)?;
            let field = match field {
                "probability" => RiskField::Probability,
                "delay_months" => RiskField::Delay,
                "one_off_cost" => RiskField::Cost,
                "benefit_reduction" => RiskField::Reduction,
                "mitigation.cost" => RiskField::MitigationCost,
                "mitigation.probability" => RiskField::MitigationProbability,
                _ => return None,
            };
            Some(Role::Risk { risk, field })
        }
        _ => None,
    }
}

/// What the rescaled way needs, prepared once per run.
struct Rescaled {
    /// One role per sampler, in the samplers' order.
    roles: Vec<Role>,
    scaled_costs: Vec<bool>,
    scaled_benefits: Vec<bool>,
    /// The multiplying inputs set to 1, to compute the rows they rescale.
    unit_inputs: Vec<(usize, f64)>,
    /// The phases a trial may move (sampled, or lengthened by a risk's delay): the others
    /// are the same in every layout, so a layout is told apart by these alone.
    varying: Vec<usize>,
    /// The risks whose mitigation is adopted: its cost is paid in every trial (most cases
    /// adopt none, and a trial then reads no risk for it).
    adopted: Vec<usize>,
}

impl Rescaled {
    fn plan(base: &Case, samplers: &[(usize, Sampler)], delay_phase: &[Option<usize>]) -> Option<Rescaled> {
        let mut by_index: Vec<Option<Role>> = Vec::new();
        let mut copy = base.clone();
        visit_inputs(&mut copy, &mut |p, _| by_index.push(role(base, p.section, p.name, p.field)));
        let roles =
            samplers.iter().map(|(i, _)| by_index.get(*i).copied().flatten()).collect::<Option<Vec<_>>>()?;
        let mut scaled_costs = vec![false; base.costs.len()];
        let mut scaled_benefits = vec![false; base.benefits.len()];
        let mut unit_inputs = Vec::new();
        let mut varying: Vec<usize> = delay_phase.iter().flatten().copied().collect();
        for ((i, _), r) in samplers.iter().zip(&roles) {
            match *r {
                Role::CostFactor(l) => scaled_costs[l] = true,
                Role::BenefitFactor { line, .. } => scaled_benefits[line] = true,
                Role::Layout { phase, .. } => {
                    varying.push(phase);
                    continue;
                }
                Role::Risk { .. } => continue,
            }
            unit_inputs.push((*i, 1.0));
        }
        varying.sort_unstable();
        varying.dedup();
        let adopted = (base.risks.iter().enumerate())
            .filter(|(_, r)| r.mitigation.as_ref().is_some_and(|m| m.adopted))
            .map(|(k, _)| k)
            .collect();
        Some(Rescaled { roles, scaled_costs, scaled_benefits, unit_inputs, varying, adopted })
    }
}

/// One thread's working memory for trials: the sampled case, its laid-out model, the
/// monthly series and the rows of each phase layout seen, all reused from one trial to the
/// next so that a trial allocates nothing.
pub struct TrialWork {
    case: Case,
    model: Model,
    scratch: Scratch,
    /// The flows and running sums of trials abreast.
    abreast: Abreast,
    /// Which risks happened in the trial last drawn.
    fired: Vec<bool>,
    /// The cumulative cash flow of the trial [`TrialPlan::run`] last evaluated.
    cumulative: Vec<f64>,
    /// Each sampled input's index and its value in the trial last drawn.
    values: Vec<(usize, f64)>,
    /// Rows by phase layout: the Fx hash of the moving phases' lags and durations in whole
    /// months, looked up every trial (a vector key cost an allocation-sized copy and a
    /// `memcmp` call each time).
    layouts: FxHashMap<u64, usize>,
    /// The rows of each layout in `layouts`, by the index it maps the layout to: a trial
    /// then looks its layout up once.
    shapes: Vec<Shapes>,
    /// The trials of each layout waiting to be evaluated, by the same index.
    queues: Vec<Queue>,
    /// Each layout's key, by the same index, laid end to end: two hashes that collide are
    /// told apart by it.
    layout_keys: Vec<i64>,
    key: Vec<i64>,
    cost_factors: Vec<f64>,
    benefit_factors: Vec<(f64, f64)>,
    risks: Vec<(bool, f64, f64)>,
}

impl TrialWork {
    /// The cumulative cash flow by month of the trial [`TrialPlan::run`] (or
    /// [`TrialPlan::run_laid_out`]) last evaluated.
    pub fn cumulative(&self) -> &[f64] {
        &self.cumulative
    }

    /// Which risks happened in that trial, in the case's order.
    pub fn fired(&self) -> &[bool] {
        &self.fired
    }

    /// Evaluates the trials waiting in layout `layout`'s queue and hands each to `each`.
    /// Inlined, as what a trial calls is (see `simulate::run_block`).
    #[inline(always)]
    fn run_queue(&mut self, layout: usize, each: &mut impl Evaluated) {
        let queue = &mut self.queues[layout];
        let all = self.abreast.metrics(&self.shapes[layout], queue);
        for (lane, metrics) in all.iter().enumerate().take(queue.len()) {
            each.take(&Done {
                trial: queue.trial(lane),
                metrics,
                abreast: &self.abreast,
                lane,
                fired: queue.fired(lane),
            });
        }
        queue.clear();
    }

    /// Evaluates every trial waiting, in any queue.
    #[inline(always)]
    fn run_queues(&mut self, each: &mut impl Evaluated) {
        for layout in 0..self.queues.len() {
            if self.queues[layout].len() > 0 {
                self.run_queue(layout, each);
            }
        }
    }
}

/// What takes the trials [`TrialPlan::run_trials`] evaluates: any `FnMut(&Done)`, or a
/// type of its own whose `take` is `#[inline(always)]`, for a caller compiled for AVX2
/// (a closure defined there was compiled out of line, for baseline x86-64 only).
pub trait Evaluated {
    fn take(&mut self, done: &Done<'_>);
}

impl<F: FnMut(&Done<'_>)> Evaluated for F {
    #[inline(always)]
    fn take(&mut self, done: &Done<'_>) {
        self(done)
    }
}

/// A trial evaluated by [`TrialPlan::run_trials`].
pub struct Done<'a> {
    /// Its index in the run.
    pub trial: u64,
    pub metrics: &'a Metrics,
    abreast: &'a Abreast,
    lane: usize,
    /// Which risks happened, in the case's order.
    pub fired: &'a [bool],
}

impl Done<'_> {
    /// Its cumulative cash flow by month.
    pub fn cumulative(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.abreast.cumulative(self.lane)
    }
}

/// What a trial samples: prepared once per run.
pub struct TrialPlan {
    pub(crate) base: Case,
    /// The model of the prepared case, whose names every trial shares.
    model: Model,
    pub(crate) scenario: Option<String>,
    samplers: Vec<(usize, Sampler)>,
    /// For each risk, the phase its delay lengthens.
    delay_phase: Vec<Option<usize>>,
    /// Set when the trials can be evaluated the rescaled way.
    rescaled: Option<Rescaled>,
}

impl TrialPlan {
    /// Prepares `case` (under `scenario`) for sampling. Inputs a scenario overrides stay fixed.
    pub fn new(
        case: &Case,
        catalog: &Catalog,
        scenario: Option<&str>,
    ) -> Result<(TrialPlan, Model), EngineError> {
        let (base, model) = Model::prepare(case, catalog, scenario)?;
        let overridden: Vec<&str> = scenario
            .and_then(|n| case.scenarios.iter().find(|s| s.name == n))
            .map(|s| s.overrides.iter().map(|o| o.input.as_str()).collect())
            .unwrap_or_default();
        let mut samplers: Vec<(usize, Sampler)> = case
            .uncertain
            .iter()
            .filter(|u| !overridden.contains(&u.input.as_str()))
            .filter_map(|u| {
                input_index(&base, &u.input).map(|i| (i, u.distribution.sampler(Domain::of(&u.input))))
            })
            .collect();
        samplers.sort_by_key(|(i, _)| *i);
        let delay_phase: Vec<Option<usize>> = base
            .risks
            .iter()
            .map(|r| r.phase.as_ref().and_then(|p| base.phases.iter().position(|x| &x.name == p)))
            .collect();
        // Trials start their IRR search at the deterministic IRR, near which most lie.
        let mut trial_model = model.clone();
        trial_model.irr_guess =
            model.evaluate().metrics.irr_annual.map_or(0.0, |a| (1.0 + a).powf(1.0 / 12.0) - 1.0);
        trial_model.irr_settled = IRR_SETTLED;
        let rescaled = Rescaled::plan(&base, &samplers, &delay_phase);
        Ok((
            TrialPlan {
                base,
                model: trial_model,
                scenario: scenario.map(str::to_string),
                samplers,
                delay_phase,
                rescaled,
            },
            model,
        ))
    }

    /// Working memory for [`TrialPlan::run`], one per thread.
    pub fn work(&self) -> TrialWork {
        TrialWork {
            case: self.base.clone(),
            model: self.model.clone(),
            scratch: Scratch::default(),
            abreast: Abreast::default(),
            fired: vec![false; self.base.risks.len()],
            cumulative: Vec::new(),
            values: self.samplers.iter().map(|(i, _)| (*i, 0.0)).collect(),
            layouts: FxHashMap::default(),
            shapes: Vec::new(),
            queues: Vec::new(),
            layout_keys: Vec::new(),
            key: vec![0; self.rescaled.as_ref().map_or(0, |r| 2 * r.varying.len())],
            cost_factors: vec![1.0; self.base.costs.len()],
            benefit_factors: vec![(1.0, 1.0); self.base.benefits.len()],
            risks: vec![(false, 0.0, 0.0); self.base.risks.len()],
        }
    }

    /// Whether trials are evaluated the rescaled way (see the module's documentation).
    pub fn is_rescaled(&self) -> bool {
        self.rescaled.is_some()
    }

    /// Evaluates trial `trial` of a run seeded `seed` in `work`. The trial's cumulative
    /// cash flow is then `work.cumulative()` and the risks that happened `work.fired()`.
    /// The same figures as the trial's in any run of [`TrialPlan::run_trials`].
    pub fn run(&self, seed: u64, trial: u64, work: &mut TrialWork) -> Metrics {
        let (mut metrics, mut cumulative) = (None, std::mem::take(&mut work.cumulative));
        cumulative.clear();
        // `work.fired` is left as the trial's draw set it.
        self.run_trials(seed, trial..trial + 1, work, &mut |done: &Done<'_>| {
            metrics = Some(done.metrics.clone());
            cumulative.extend(done.cumulative());
        });
        work.cumulative = cumulative;
        metrics.expect("the trial ran")
    }

    /// Evaluates trials `trials` of a run seeded `seed` in `work`, handing each to `each`
    /// once evaluated, in no set order. Where trials are rescaled, those of one phase
    /// layout wait until four have been drawn (or the trials run out) and are evaluated
    /// abreast, one to a lane of a four-wide vector (see `eval::Abreast`). Each trial's
    /// figures are its own, bit for bit, whichever trials share its group.
    #[inline(always)]
    pub fn run_trials(
        &self,
        seed: u64,
        trials: std::ops::Range<u64>,
        work: &mut TrialWork,
        each: &mut impl Evaluated,
    ) {
        match &self.rescaled {
            Some(plan) => {
                work.abreast.start(self.model.horizon());
                for trial in trials {
                    if work.shapes.len() >= MAX_LAYOUTS {
                        // Too many layouts kept: those waiting are evaluated, then the
                        // thread starts over.
                        work.run_queues(each);
                        work.layouts.clear();
                        work.shapes.clear();
                        work.queues.clear();
                        work.layout_keys.clear();
                    }
                    self.draw(seed, trial, work, Some(plan));
                    let layout = self.rescale(plan, work, trial);
                    if work.queues[layout].len() == ABREAST {
                        work.run_queue(layout, each);
                    }
                }
                work.run_queues(each);
            }
            None => {
                for trial in trials {
                    self.draw(seed, trial, work, None);
                    let metrics = self.lay_out(work);
                    work.abreast.set_cumulative(0, work.scratch.cumulative());
                    each.take(&Done {
                        trial,
                        metrics: &metrics,
                        abreast: &work.abreast,
                        lane: 0,
                        fired: &work.fired,
                    });
                }
            }
        }
    }

    /// [`TrialPlan::run`], always the laid-out way: the sampled case computed in full.
    pub fn run_laid_out(&self, seed: u64, trial: u64, work: &mut TrialWork) -> Metrics {
        self.draw(seed, trial, work, None);
        let metrics = self.lay_out(work);
        work.cumulative.clear();
        work.cumulative.extend_from_slice(work.scratch.cumulative());
        metrics
    }

    /// Samples the trial's inputs into `work.case` (all of them, or with `rescaled` only
    /// those its rows do not hold), decides which risks happen and applies their delays.
    #[inline(always)]
    fn draw(&self, seed: u64, trial: u64, work: &mut TrialWork, rescaled: Option<&Rescaled>) {
        let mut rng = trial_rng(seed, trial);
        let case = &mut work.case;
        // Undo the previous trial's delays; sampled inputs are all overwritten below.
        for p in self.delay_phase.iter().flatten() {
            case.phases[*p].duration_months = self.base.phases[*p].duration_months;
        }
        // A plain loop: through `extend(map(…))` the draws were compiled out of line, as
        // baseline x86-64 code, outside the AVX2 block of trials. Written in place (the
        // working memory has a slot for each sampled input, and one for each risk below):
        // pushed, each checked the vector's capacity and moved its length.
        for ((_, v), (_, sampler)) in work.values.iter_mut().zip(&self.samplers) {
            *v = sampler.sample(&mut rng);
        }
        match rescaled {
            // Only the figures the rows do not hold are written: a direct store each,
            // rather than a walk over every input of the case.
            Some(plan) => {
                for ((_, v), role) in work.values.iter().zip(&plan.roles) {
                    if let Some(slot) = role.slot(case) {
                        *slot = *v;
                    }
                }
            }
            None => set_inputs_by_index(case, &work.values),
        }
        let fired = &mut work.fired;
        for (f, r) in fired.iter_mut().zip(&case.risks) {
            // Always draw, so that one risk's outcome never shifts another's random numbers.
            let u: f64 = rng.random();
            let p = r.mitigation.as_ref().filter(|m| m.adopted).map_or(r.probability, |m| m.probability);
            *f = u < p;
        }
        for (k, phase) in self.delay_phase.iter().enumerate() {
            if let Some(p) = phase
                && fired[k]
            {
                case.phases[*p].duration_months += case.risks[k].delay_months;
            }
        }
    }

    fn lay_out(&self, work: &mut TrialWork) -> Metrics {
        self.model.lay_out_trial_into(&work.case, &mut work.model);
        work.model.outcome(&work.fired, &mut work.scratch)
    }

    /// Puts the drawn trial, trial `trial`, in its phase layout's queue; returns the
    /// layout's index.
    #[inline(always)]
    fn rescale(&self, plan: &Rescaled, work: &mut TrialWork, trial: u64) -> usize {
        let case = &work.case;
        // The layout reads phases in whole months, as `Model::lay_out` does.
        let mut hash = FxHasher::default();
        for (pair, &p) in work.key.chunks_exact_mut(2).zip(&plan.varying) {
            let phase = &case.phases[p];
            pair[0] = phase.lag_months as i64;
            pair[1] = phase.duration_months as i64;
            hash.write_i64(pair[0]);
            hash.write_i64(pair[1]);
        }
        let hash = hash.finish();
        let stride = work.key.len();
        let known = work.layouts.get(&hash).copied().filter(|&i| {
            let seen = &work.layout_keys[i * stride..(i + 1) * stride];
            seen.iter().zip(&work.key).all(|(a, b)| a == b)
        });
        let layout = match known {
            Some(i) => i,
            // A new layout, or (rarely) one whose hash another's has taken: computed and
            // put in its place.
            None => {
                let mut unit = case.clone();
                set_inputs_by_index(&mut unit, &plan.unit_inputs);
                let model = self.model.lay_out_trial(&unit);
                let index = work.shapes.len();
                let shapes = model.shapes(&plan.scaled_costs, &plan.scaled_benefits);
                work.queues.push(Queue::new(&shapes, case.risks.len()));
                work.shapes.push(shapes);
                work.layout_keys.extend_from_slice(&work.key);
                work.layouts.insert(hash, index);
                index
            }
        };
        work.cost_factors.fill(1.0);
        work.benefit_factors.fill((1.0, 1.0));
        for ((_, v), r) in work.values.iter().zip(&plan.roles) {
            match *r {
                Role::CostFactor(l) => work.cost_factors[l] *= v,
                Role::BenefitFactor { line, hours } => {
                    work.benefit_factors[line].0 *= v;
                    if hours {
                        work.benefit_factors[line].1 *= v;
                    }
                }
                Role::Layout { .. } | Role::Risk { .. } => {}
            }
        }
        for ((slot, r), f) in work.risks.iter_mut().zip(&case.risks).zip(&work.fired) {
            *slot = (*f, r.one_off_cost, r.benefit_reduction);
        }
        let mitigations =
            plan.adopted.iter().filter_map(|&k| case.risks[k].mitigation.as_ref()).map(|m| m.cost).sum();
        let draws = TrialDraws {
            cost_factors: &work.cost_factors,
            benefit_factors: &work.benefit_factors,
            risks: &work.risks,
            mitigations,
        };
        work.queues[layout].push(trial, &work.shapes[layout], &draws, &work.fired);
        layout
    }

    pub fn base(&self) -> &Case {
        &self.base
    }
}
