// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit:
// run `CANDOR_UPDATE_BINDINGS=1 cargo test -p candor-app bindings` instead.

export type Anchor = { phase?: string | null, edge?: Edge, offset_months?: number, };

export type ApiLine = { 
/**
 * Price per unit in the case's currency; overrides the catalog price when both are set.
 */
unit_price?: number | null, 
/**
 * Id of a catalog item that gives the unit price (e.g. `azure-openai-gpt-4o-input`).
 */
catalog_item?: string | null, 
/**
 * Priced units per driver unit (e.g. 0.003 million input tokens per radiograph).
 */
units_per_driver_unit: number, };

export type Baa = "yes" | "on_request" | "no" | "unknown" | "not_applicable";

export type BenefitBasis = { "type": "time_saved", driver: string, minutes_per_unit: number, hourly_cost: number, } | { "type": "per_unit", driver: string, value_per_unit: number, } | { "type": "recurring", monthly_amount: number, } | { "type": "one_off", amount: number, };

export type BenefitCategory = "time_saved" | "cost_avoided" | "revenue";

export type BenefitLine = { name: string, category: BenefitCategory, basis: BenefitBasis, 
/**
 * First month of the benefit (the case's go-live when absent).
 */
start?: Anchor | null, end?: Anchor | null, 
/**
 * Realisation ramp (learning curve) on top of the driver's adoption.
 */
realisation?: Ramp | null, escalate?: boolean, 
/**
 * Where the figure comes from (a study, a vendor claim, an estimate).
 */
source?: string, };

export type Case = { 
/**
 * Case-file format version; a file from a newer Candor is refused rather than misread.
 */
schema_version: number, 
/**
 * Unique name of the case, e.g. "Ambient AI scribe — 3 clinics".
 */
name: string, 
/**
 * What the generative-AI system does, in a sentence.
 */
use_case: string, 
/**
 * Free text shown on the title slide and in exports.
 */
description?: string, 
/**
 * ISO 4217 code of every amount in the case (no currency conversion is made).
 */
currency: string, 
/**
 * Calendar month of month 0, as `YYYY-MM`.
 */
start_month: string, 
/**
 * Number of months evaluated, 1–600 (months 0 … H−1).
 */
horizon_months: number, 
/**
 * Annual discount rate, e.g. 0.08 for 8%. Converted to monthly as (1 + r)^(1/12) − 1.
 */
discount_rate: number, 
/**
 * Annual price escalation applied to lines with `escalate` (prices in month-0 money).
 */
price_escalation?: number, 
/**
 * When benefits start by default. Month 0 when absent.
 */
go_live?: Anchor | null, 
/**
 * The driver whose total volume divides total cost for "cost per unit".
 */
main_driver?: string | null, 
/**
 * Sequential phases: each starts when the previous one ends (plus its lag).
 */
phases: Array<Phase>, drivers: Array<Driver>, costs: Array<CostLine>, benefits: Array<BenefitLine>, scenarios: Array<Scenario>, 
/**
 * Inputs that follow a distribution instead of a single number (Monte Carlo).
 */
uncertain?: Array<UncertainInput>, 
/**
 * The risk register: what can go wrong, how likely, and what it does.
 */
risks?: Array<Risk>, 
/**
 * Who judges the case, and what each expects of it.
 */
stakeholders?: Array<Stakeholder>, 
/**
 * The way of running inference the case does not use (an API when it self-hosts,
 * self-hosted instances when it calls an API), to compare the two by volume.
 */
hosting_alternative?: HostingAlternative | null, };

export type CaseChart = { id: number, name: string, currency: string, npv: number, npv_text: string, payback_month: number | null, 
/**
 * "month 19" or "never".
 */
payback_text: string, 
/**
 * The key message of the chart, e.g. "Pays back in month 19".
 */
message: string, 
/**
 * The chart as an SVG document.
 */
svg: string, };

export type CaseResults = { scenario: string | null, metrics: Array<MetricView>, 
/**
 * Each risk mitigation's expected value, in the case's order of risks.
 */
mitigations: Array<MitigationView>, 
/**
 * Every deterministic chart, in order: (kind, title).
 */
slots: Array<ChartSlot>, charts: Array<ChartView>, };

export type CaseRow = { id: number, name: string, use_case: string, currency: string, 
/**
 * Net present value; none when the case cannot be evaluated (see `error`).
 */
npv: number | null, 
/**
 * `npv` formatted by the engine, e.g. "$1,234,567".
 */
npv_text: string | null, 
/**
 * The month the case pays back in; none if it never does (or cannot be evaluated).
 */
payback_month: number | null, 
/**
 * `payback_month` in words: "month 19" or "never"; none when not evaluated.
 */
payback_text: string | null, 
/**
 * P(NPV > 0) over [`LIST_TRIALS`] trials.
 */
prob_npv_positive: number | null, 
/**
 * "P(NPV > 0) 63.5%".
 */
prob_npv_positive_text: string | null, 
/**
 * Why the case could not be evaluated, if it could not: the list still shows it.
 */
error: CommandError | null, };

export type CatalogEntry = { item: CatalogItem, age_months: number | null, stale: boolean, overridden: boolean, };

export type CatalogItem = { 
/**
 * Stable id that cost lines cite, e.g. `openai-gpt-4o-input`.
 */
id: string, 
/**
 * Human name, e.g. "GPT-4o input tokens".
 */
name: string, provider: string, 
/**
 * What one priced unit is, e.g. "1M input tokens", "instance-hour", "GB-month".
 */
unit: string, price: number, currency: string, region?: string | null, 
/**
 * Where the figure comes from.
 */
source: string, 
/**
 * Date of the source snapshot: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Ages are counted
 * from the first day of that period, so a vague date is never younger than it may be.
 */
as_of: string, baa: Baa, 
/**
 * The figure comes from a third-party copy, not the vendor's own page.
 */
secondary: boolean, notes?: string, };

export type CategoryCosts = Record<string, number>;

export type ChartSlot = { kind: string, title: string, };

export type ChartView = { kind: string, title: string, svg: string, };

export type CommandError = { 
/**
 * A stable code to branch on: the store's and the engine's own codes (`not_found`,
 * `invalid_case`, `database`…), or `chart`.
 */
code: string, 
/**
 * What went wrong, for the reader.
 */
message: string, 
/**
 * For an invalid case: each problem with the field it concerns.
 */
fields?: Array<FieldError>, };

export type Comparator = "<=" | ">=";

export type CostBasis = { "type": "one_off", quantity: number, } | { "type": "recurring", quantity: number, every_months: number, } | { "type": "usage", driver: string, 
/**
 * Priced units consumed per driver unit (e.g. 0.008 million tokens per encounter).
 */
units_per_driver_unit: number, } | { "type": "capacity", driver: string, units_per_driver_unit: number, 
/**
 * Units one instance serves per month.
 */
capacity_per_instance: number, instance_hours_per_month: number, min_instances: number, } | { "type": "share", share: number, of?: Array<CostCategory>, };

export type CostCategory = "compute_training" | "compute_inference" | "storage" | "cloud_network" | "people" | "licences" | "compliance_privacy" | "clinical_validation" | "regulatory" | "integration" | "data_preparation" | "contingency";

export type CostLine = { name: string, category: CostCategory, basis: CostBasis, 
/**
 * Price per unit in the case's currency; overrides the catalog price when both are set.
 */
unit_price?: number | null, 
/**
 * Id of a price-catalog item that gives the unit price, its unit and its source.
 */
catalog_item?: string | null, 
/**
 * First month of the line (month 0 when absent); the month of a one-off cost.
 */
start?: Anchor | null, 
/**
 * First month without this cost (the horizon when absent).
 */
end?: Anchor | null, 
/**
 * Apply the case's price escalation (prices are in month-0 money).
 */
escalate?: boolean, notes?: string, };

export type Distribution = { "type": "fixed", value: number, } | { "type": "uniform", low: number, high: number, } | { "type": "triangular", low: number, likely: number, high: number, } | { "type": "pert", low: number, likely: number, high: number, } | { "type": "normal", mean: number, sd: number, } | { "type": "lognormal90", low: number, high: number, };

export type Driver = { name: string, 
/**
 * What one unit is, e.g. "encounters" or "GB stored".
 */
unit: string, 
/**
 * Volume per month at full scale and full adoption, in month 0 terms.
 */
monthly_volume: number, 
/**
 * Annual growth of the volume, compounded monthly from month 0.
 */
annual_growth?: number, 
/**
 * First month with volume (month 0 when absent).
 */
start?: Anchor | null, 
/**
 * First month without volume (the horizon when absent).
 */
end?: Anchor | null, 
/**
 * Adoption ramp: the share of the volume actually using the system.
 */
adoption?: Ramp | null, 
/**
 * Multiply by the active phase's `scale` (pilot at a fraction of full deployment).
 */
scale_with_phases?: boolean, source?: string, };

export type Edge = "start" | "end";

export type Evaluation = { case_name: string, scenario: string | null, currency: string, start_month: string, metrics: Metrics, phases: Array<PhaseSpan>, cost_lines: Array<LineTotal>, benefit_lines: Array<LineTotal>, monthly: Array<MonthRow>, };

export type Expectation = { metric: MetricKey, comparator: Comparator, threshold: number, 
/**
 * Required probability of meeting it, 0–1 (e.g. 0.8).
 */
confidence?: number | null, };

export type ExpectationRow = { stakeholder: string, 
/**
 * "Payback ≤ month 24".
 */
expectation: string, 
/**
 * "52.0%", or "—" where the expectation does not exist on that side.
 */
before: string, after: string, };

export type ExpectationView = { stakeholder: string, expectation: string, deterministic_met: boolean, probability_met: number, 
/**
 * "62%".
 */
probability_text: string, commitment: string, };

export type FieldError = { field: string, message: string, };

export type HostingAlternative = { "kind": "api", 
/**
 * The driver whose volume the inference serves (e.g. "Radiographs reported").
 */
driver: string, 
/**
 * What one driver unit costs on the API: the sum over these lines of units × price.
 */
lines: Array<ApiLine>, 
/**
 * Where the figures come from; say which are assumptions or user inputs.
 */
note?: string, } | { "kind": "self_hosted", driver: string, 
/**
 * Price per instance-hour; overrides the catalog price when both are set.
 */
unit_price?: number | null, 
/**
 * Id of a catalog item priced per instance-hour.
 */
catalog_item?: string | null, 
/**
 * Driver units one instance serves per month (e.g. requests a month).
 */
capacity_per_instance: number, instance_hours_per_month: number, 
/**
 * Instances kept running whatever the volume (availability).
 */
min_instances: number, note?: string, };

export type InputRow = { 
/**
 * The input's path, as the case file writes it.
 */
input: string, label: string, before: string, after: string, };

export type InputValue = { input: string, 
/**
 * The path in words: "Scribe subscription (unit price)".
 */
label: string, value: number, 
/**
 * The value in the input's units: "$119", "8.0%", "0.6833".
 */
shown: string, };

export type LineTotal = { name: string, 
/**
 * The cost category key, or the benefit category key.
 */
category: string, total: number, };

export type MetricKey = "npv" | "irr_annual" | "roi" | "payback_month" | "discounted_payback_month" | "peak_funding" | "total_cost" | "total_benefit" | "cost_per_unit" | "go_live_month" | "hours_saved" | "minutes_saved_per_main_unit";

export type MetricRow = { label: string, before: string, after: string, changed: boolean, };

export type MetricView = { key: MetricKey, label: string, value: string, 
/**
 * "P10–P90: $1.2M – $3.4M", once simulated.
 */
range: string | null, 
/**
 * Once simulated, when the base case lies outside the trials' P10–P90: which side
 * and, in words, how many trials do worse (or better) than it.
 */
standing: StandingView | null, };

export type Metrics = { 
/**
 * Σ CF_t / (1 + r_m)^t, month 0 undiscounted.
 */
npv: number, 
/**
 * (1 + irr_m)^12 − 1 for the monthly rate that zeroes the NPV.
 */
irr_annual: number | null, 
/**
 * (Σ benefits − Σ costs) / Σ costs, undiscounted; none when there is no cost.
 */
roi: number | null, 
/**
 * Smallest t + 1 with cumulative ≥ 0 from t to the horizon.
 */
payback_month: number | null, 
/**
 * The same on discounted flows.
 */
discounted_payback_month: number | null, 
/**
 * max(0, −min cumulative).
 */
peak_funding: number, total_cost: number, total_benefit: number, 
/**
 * total_cost / Σ volume of the main driver; none without a main driver or volume.
 */
cost_per_unit: number | null, 
/**
 * Month index at which benefits start by default.
 */
go_live_month: number, 
/**
 * Clinician hours saved over the horizon.
 */
hours_saved: number, 
/**
 * Minutes saved per unit of the main driver in the last month (per clinician, say).
 */
minutes_saved_per_main_unit: number | null, };

export type Mitigation = { description: string, 
/**
 * Where its cost is booked.
 */
category: CostCategory, 
/**
 * One-off cost of the mitigation, in month 0.
 */
cost: number, 
/**
 * The risk's probability once mitigated.
 */
probability: number, 
/**
 * Whether the case includes it (its cost is paid and the lower probability holds).
 */
adopted: boolean, };

export type MitigationView = { risk: string, worth_it: boolean, 
/**
 * "Worth its cost: expected value +$3,375 (3.0% → 1.5% of $758,323 lost, less $8,000)".
 */
text: string, };

export type MonthRow = { 
/**
 * Month index t, 0-based from the case's start month.
 */
month: number, cost: number, benefit: number, 
/**
 * benefit − cost.
 */
cash_flow: number, 
/**
 * Σ cash_flow up to and including this month.
 */
cumulative: number, 
/**
 * cash_flow / (1 + r_m)^t.
 */
discounted_cash_flow: number, discounted_cumulative: number, 
/**
 * Clinician hours saved this month (time-saved benefit lines).
 */
hours_saved: number, cost_by_category: CategoryCosts, };

export type OpenCase = { id: number, revision: number, case: Case, };

export type Override = { input: string, value: number, };

export type Phase = { name: string, 
/**
 * Whole months. A delay to this phase moves every phase after it.
 */
duration_months: number, 
/**
 * Whole months of gap between the end of the previous phase and the start of this one.
 */
lag_months?: number, 
/**
 * Share of full deployment active in this phase (e.g. 0.1 for a pilot at one site of
 * ten). Multiplies the drivers that have `scale_with_phases`.
 */
scale?: number, notes?: string, };

export type PhaseSpan = { name: string, 
/**
 * First month of the phase.
 */
start: number, 
/**
 * First month after the phase.
 */
end: number, };

export type Ramp = { start: Anchor, end: Anchor, from: number, to: number, shape: RampShape, };

export type RampShape = "linear" | "s_curve";

export type RangeRow = { input: string, label: string, 
/**
 * A share or a rate, whose figures read as percentages.
 */
percent: boolean, before: Distribution | null, after: Distribution | null, };

export type Risk = { name: string, category: RiskCategory, 
/**
 * Chance that it happens within the horizon, 0–1.
 */
probability: number, 
/**
 * The phase it delays (with everything anchored after it).
 */
phase?: string | null, 
/**
 * Whole months of delay to `phase` when it fires (may be uncertain:
 * `risks[NAME].delay_months` in `uncertain`).
 */
delay_months?: number, 
/**
 * A one-off cost when it fires, in month-0 money.
 */
one_off_cost?: number, 
/**
 * When the one-off cost falls (month 0 when absent).
 */
cost_at?: Anchor | null, 
/**
 * Share of every benefit lost when it fires, 0–1.
 */
benefit_reduction?: number, mitigation?: Mitigation | null, notes?: string, };

export type RiskCategory = "regulatory_delay" | "validation_failure" | "privacy_incident" | "integration_delay" | "data_quality_rework" | "adoption_shortfall" | "cost_overrun" | "other";

export type SavedCase = { 
/**
 * The revision committed: the next save must name it.
 */
revision: number, 
/**
 * None when they could not be computed (see `results_error`); the edit is saved.
 */
results: CaseResults | null, results_error: CommandError | null, };

export type Scenario = { name: string, description?: string, overrides: Array<Override>, };

export type SimulationResults = { trials: number, seed: number, prob_npv_positive: number, 
/**
 * "P(NPV > 0) = 83%".
 */
prob_npv_positive_text: string, metrics: Array<MetricView>, expectations: Array<ExpectationView>, charts: Array<ChartView>, 
/**
 * P(payback ≤ k months) at index k, from 0 to the horizon: the window answers any k.
 */
prob_payback_by_month: Array<number>, 
/**
 * Share of trials that never pay back within the horizon.
 */
never_pays_back: number, 
/**
 * "18.0% never pay back within the 36 months".
 */
never_pays_back_text: string, };

export type Solution = { input: string, target: Target, base: number, 
/**
 * The range searched: the input's distribution (P1–P99) or a wide default.
 */
low: number, high: number, 
/**
 * The value that reaches the target, if one in the range does.
 */
value: number | null, 
/**
 * The answer in words, including why there is none.
 */
message: string, };

export type Stakeholder = { name: string, 
/**
 * CFO, CMIO, CIO, compliance officer…
 */
role: string, 
/**
 * Power over the project, 1 (low) to 5 (high).
 */
power: number, 
/**
 * Interest in the project, 1 (low) to 5 (high).
 */
interest: number, notes?: string, expectations: Array<Expectation>, };

export type StandingView = { optimistic: boolean, 
/**
 * "Optimistic: 95.9% of trials do worse than the base case".
 */
text: string, };

export type StoreNotice = { 
/**
 * Why the file cannot be written, when it is open read-only: cases can be viewed,
 * simulated and exported, not changed.
 */
read_only: string | null, 
/**
 * The copy of the file made before this Candor upgraded it, if it did on this start.
 */
backup: string | null, };

export type Target = { "Npv": number } | { "Payback": number };

export type TemplateRow = { id: string, name: string, use_case: string, };

export type TrashRow = { id: number, name: string, 
/**
 * When it was deleted: "2026-12-08 14:03 UTC".
 */
deleted_at: string, 
/**
 * Its frozen versions, kept with it: "2 versions".
 */
versions: string, };

export type UncertainInput = { 
/**
 * The input's path, as in scenario overrides: `costs[GPU].unit_price`.
 */
input: string, distribution: Distribution, 
/**
 * Where the range comes from (a trial's confidence interval, an expert's judgement).
 */
source?: string, };

export type VersionComparison = { version: string, inputs: Array<InputRow>, ranges: Array<RangeRow>, metrics: Array<MetricRow>, 
/**
 * "P(NPV > 0): 63.5% → 58.1%".
 */
prob_npv_positive: string, expectations: Array<ExpectationRow>, trials: number, };

export type VersionRow = { id: number, name: string, created_at: string, };
