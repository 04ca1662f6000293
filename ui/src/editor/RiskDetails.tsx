// The parts of a risk beyond its figures: the phase its delay lengthens (and with it every
// date anchored after), and its mitigation (what it costs, the probability it leaves,
// whether the case adopts it), with its expected value from the last results: is it worth
// its cost?
import type { Case, CostCategory, Mitigation, MitigationView, Risk } from "../bindings";
import { Choice, Num, type Problems, Text } from "./fields";

type Props = {
  c: Case;
  r: Risk;
  i: number;
  edit: (change: (c: Case) => void) => void;
  problems: Problems;
  categories: readonly (readonly [CostCategory, string])[];
  /** The mitigation's expected value, as the engine last computed it. */
  value?: MitigationView;
};

export function RiskDetails({ c, r, i, edit, problems, categories, value }: Props) {
  const at = `risks[${i}]`;
  const phases: [string, string][] = [["", "None (no delay)"], ...c.phases.map((p): [string, string] => [p.name, p.name])];
  const m = r.mitigation;
  const change = (f: (m: Mitigation) => void) => edit((x) => x.risks![i].mitigation && f(x.risks![i].mitigation));
  return (
    <>
      <Choice
        label="Delays the phase"
        value={r.phase ?? ""}
        options={phases}
        at={`${at}.phase`}
        problems={problems}
        onChange={(v) => edit((x) => (x.risks![i].phase = v === "" ? null : v))}
      />
      {!m && (
        <button
          type="button"
          class="small"
          data-add-mitigation={r.name}
          onClick={() =>
            edit(
              (x) =>
                (x.risks![i].mitigation = {
                  description: "",
                  category: "compliance_privacy",
                  cost: 0,
                  probability: Math.round((r.probability / 2) * 1e6) / 1e6,
                  adopted: false,
                }),
            )
          }
        >
          Add a mitigation
        </button>
      )}
      {m && (
        <fieldset class="mitigation" data-mitigation={r.name}>
          <legend>Mitigation</legend>
          <Text label="What it is" value={m.description} at={`${at}.mitigation.description`} problems={problems} onChange={(v) => change((x) => (x.description = v))} />
          <Choice label="Cost booked as" value={m.category} options={categories} at={`${at}.mitigation.category`} problems={problems} onChange={(v) => change((x) => (x.category = v))} />
          <Num label="Cost" unit={c.currency} value={m.cost} at={`${at}.mitigation.cost`} problems={problems} onChange={(v) => change((x) => (x.cost = v))} />
          <Num
            label="Probability once mitigated"
            unit="%"
            percent
            value={m.probability}
            at={`${at}.mitigation.probability`}
            problems={problems}
            onChange={(v) => change((x) => (x.probability = v))}
          />
          <label class="field checkbox">
            <input
              type="checkbox"
              data-path={`${at}.mitigation.adopted`}
              checked={m.adopted ?? false}
              onChange={(e) => change((x) => (x.adopted = (e.target as HTMLInputElement).checked))}
            />
            <span>Adopted in this case (its cost is paid, the lower probability holds)</span>
          </label>
          {value && (
            <p class={value.worth_it ? "mitigation-value worth" : "mitigation-value"} data-mitigation-value={r.name}>
              {value.text}
            </p>
          )}
          <button type="button" class="small" onClick={() => edit((x) => (x.risks![i].mitigation = null))}>
            Remove the mitigation
          </button>
        </fieldset>
      )}
    </>
  );
}
