// The stakeholder register: who each stakeholder is (role, power, interest) and what they
// expect of the case, a metric held to a threshold at a required confidence. A threshold is
// typed in its metric's unit (an IRR as a percentage, a payback in months).
import type { Comparator, MetricKey, Stakeholder } from "../bindings";
import { Choice, Num, Text } from "./fields";
import { AddItem, RemoveItem } from "./lists";
import type { SectionProps } from "./sections";

export const METRICS: readonly (readonly [MetricKey, string])[] = [
  ["npv", "NPV"],
  ["irr_annual", "IRR (annual)"],
  ["roi", "ROI"],
  ["payback_month", "Payback month"],
  ["discounted_payback_month", "Discounted payback month"],
  ["peak_funding", "Peak funding"],
  ["total_cost", "Total cost"],
  ["total_benefit", "Total benefit"],
  ["cost_per_unit", "Cost per unit"],
  ["go_live_month", "Go-live month"],
  ["hours_saved", "Hours saved"],
  ["minutes_saved_per_main_unit", "Minutes saved per unit"],
] as const;

/** Metrics held to a ratio, typed as a percentage. */
const PERCENT_METRICS: readonly MetricKey[] = ["irr_annual", "roi"];

/** The unit a threshold on `metric` is typed in. */
function thresholdUnit(metric: MetricKey, currency: string): string {
  switch (metric) {
    case "irr_annual":
    case "roi":
      return "%";
    case "payback_month":
    case "discounted_payback_month":
    case "go_live_month":
      return "month";
    case "hours_saved":
      return "h";
    case "minutes_saved_per_main_unit":
      return "min";
    default:
      return currency;
  }
}

function newExpectation(): { metric: MetricKey; comparator: Comparator; threshold: number; confidence: number } {
  return { metric: "npv", comparator: ">=", threshold: 0, confidence: 0.8 };
}

export function Stakeholders({ c, edit, problems }: SectionProps) {
  const people: Stakeholder[] = c.stakeholders ?? [];
  return (
    <>
      {people.map((s, i) => (
        <div class="row-card stakeholder" key={i} data-stakeholder={s.name}>
          <RemoveItem name="stakeholders" index={i} edit={edit} />
          <Text label="Stakeholder" value={s.name} at={`stakeholders[${i}].name`} problems={problems} onChange={(v) => edit((x) => (x.stakeholders![i].name = v))} />
          <Text label="Role" value={s.role} at={`stakeholders[${i}].role`} problems={problems} onChange={(v) => edit((x) => (x.stakeholders![i].role = v))} />
          <Num label="Power (1–5)" value={s.power} at={`stakeholders[${i}].power`} problems={problems} onChange={(v) => edit((x) => (x.stakeholders![i].power = v))} />
          <Num
            label="Interest (1–5)"
            value={s.interest}
            at={`stakeholders[${i}].interest`}
            problems={problems}
            onChange={(v) => edit((x) => (x.stakeholders![i].interest = v))}
          />
          <div class="expectations">
            {(s.expectations ?? []).map((e, j) => (
              <div class="expectation" key={j}>
                <Choice
                  label="Expects"
                  value={e.metric}
                  options={METRICS}
                  at={`stakeholders[${i}].expectations[${j}].metric`}
                  problems={problems}
                  onChange={(v) => edit((x) => (x.stakeholders![i].expectations![j].metric = v))}
                />
                <Choice
                  label="is"
                  value={e.comparator}
                  options={[
                    ["<=", "at most"],
                    [">=", "at least"],
                  ]}
                  at={`stakeholders[${i}].expectations[${j}].comparator`}
                  problems={problems}
                  onChange={(v) => edit((x) => (x.stakeholders![i].expectations![j].comparator = v))}
                />
                <Num
                  // Typed in the metric's unit; a new metric may change it (IRR in percent).
                  key={e.metric}
                  label="Threshold"
                  value={e.threshold}
                  unit={thresholdUnit(e.metric, c.currency)}
                  percent={PERCENT_METRICS.includes(e.metric)}
                  at={`stakeholders[${i}].expectations[${j}].threshold`}
                  problems={problems}
                  onChange={(v) => edit((x) => (x.stakeholders![i].expectations![j].threshold = v))}
                />
                <Num
                  label="Confidence required"
                  unit="%"
                  percent
                  value={e.confidence ?? 0.8}
                  at={`stakeholders[${i}].expectations[${j}].confidence`}
                  problems={problems}
                  onChange={(v) => edit((x) => (x.stakeholders![i].expectations![j].confidence = v))}
                />
                <button
                  type="button"
                  class="small remove-expectation"
                  title="Remove this expectation (Ctrl+Z brings it back)"
                  onClick={() => edit((x) => x.stakeholders![i].expectations!.splice(j, 1))}
                >
                  Remove
                </button>
              </div>
            ))}
            <button
              type="button"
              class="small add-expectation"
              onClick={() => edit((x) => (x.stakeholders![i].expectations ??= []).push(newExpectation()))}
            >
              Add an expectation
            </button>
          </div>
        </div>
      ))}
      <AddItem name="stakeholders" label="Add a stakeholder" edit={edit} />
    </>
  );
}
