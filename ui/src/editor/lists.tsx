// Adding and removing items of the case's lists (phases, drivers, costs, benefits, risks,
// stakeholders). A new item starts with values the engine accepts, so it saves at once; a
// name is made unique, since scenarios and ranges name items by name.
import type { BenefitLine, Case, CostLine, Driver, Phase, Risk, Stakeholder } from "../bindings";
import type { Edit } from "./sections";

type Lists = {
  phases: Phase;
  drivers: Driver;
  costs: CostLine;
  benefits: BenefitLine;
  risks: Risk;
  stakeholders: Stakeholder;
};
export type ListName = keyof Lists;

function unique(existing: { name: string }[], base: string): string {
  for (let i = existing.length + 1; ; i++) {
    const name = `${base} ${i}`;
    if (!existing.some((x) => x.name === name)) return name;
  }
}

const MAKE: { [K in ListName]: (c: Case) => Lists[K] } = {
  phases: (c) => ({ name: unique(c.phases, "Phase"), duration_months: 1 }),
  drivers: (c) => ({ name: unique(c.drivers, "Driver"), unit: "unit", monthly_volume: 1000 }),
  costs: (c) => ({
    name: unique(c.costs, "Cost"),
    category: "people",
    basis: { type: "recurring", quantity: 1, every_months: 1 },
    unit_price: 0,
  }),
  benefits: (c) => ({
    name: unique(c.benefits, "Benefit"),
    category: "cost_avoided",
    basis: { type: "recurring", monthly_amount: 0 },
  }),
  risks: (c) => ({ name: unique(c.risks ?? [], "Risk"), category: "other", probability: 0.1 }),
  stakeholders: (c) => ({
    name: unique(c.stakeholders ?? [], "Stakeholder"),
    role: "",
    power: 3,
    interest: 3,
    expectations: [],
  }),
};

function list<K extends ListName>(c: Case, name: K): Lists[K][] {
  const x = c as unknown as Record<string, Lists[K][] | undefined>;
  return (x[name] ??= []) as Lists[K][];
}

export function AddItem({ name, label, edit }: { name: ListName; label: string; edit: Edit }) {
  return (
    <button type="button" class="small add-item" data-add={name} onClick={() => edit((c) => list(c, name).push(MAKE[name](c) as never))}>
      {label}
    </button>
  );
}

export function RemoveItem({ name, index, edit }: { name: ListName; index: number; edit: Edit }) {
  return (
    <button
      type="button"
      class="small remove-item"
      title="Remove (Ctrl+Z brings it back)"
      onClick={() =>
        edit((c) => {
          const items = list(c, name) as { name: string }[];
          const [gone] = items.splice(index, 1);
          // Ranges and scenario overrides on the removed item would name nothing: drop them.
          const prefix = `${name}[${gone.name}].`;
          c.uncertain = (c.uncertain ?? []).filter((u) => !u.input.startsWith(prefix));
          for (const s of c.scenarios) s.overrides = s.overrides.filter((o) => !o.input.startsWith(prefix));
        })
      }
    >
      Remove
    </button>
  );
}
