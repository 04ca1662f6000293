// The case editor's sections: each edits one part of the case through `edit`, which copies
// the case, applies the change and saves it (see useCase). Field paths are the engine's
// (`costs[2].unit_price`), so a refused save marks the very box at fault.
import type {
  BenefitLine,
  Case,
  CatalogEntry,
  CostCategory,
  CostLine,
  MitigationView,
  RiskCategory,
} from "../bindings";
import { CatalogSelect } from "./CatalogSelect";
import { RampEditor } from "./RampEditor";
import { RiskDetails } from "./RiskDetails";
import { Choice, Num, type Problems, Text } from "./fields";
import { AddItem, RemoveItem } from "./lists";
import { Uncertain } from "./uncertain";

export type Edit = (change: (c: Case) => void) => void;
export type SectionProps = { c: Case; edit: Edit; problems: Problems };

export const COST_CATEGORIES: readonly (readonly [CostCategory, string])[] = [
  ["compute_training", "Compute: training"],
  ["compute_inference", "Compute: inference"],
  ["storage", "Storage"],
  ["cloud_network", "Cloud and network"],
  ["people", "People"],
  ["licences", "Licences"],
  ["compliance_privacy", "Compliance and privacy"],
  ["clinical_validation", "Clinical validation"],
  ["regulatory", "Regulatory"],
  ["integration", "Integration (EHR)"],
  ["data_preparation", "Data preparation"],
  ["contingency", "Contingency"],
] as const;

const RISK_CATEGORIES: readonly (readonly [RiskCategory, string])[] = [
  ["regulatory_delay", "Regulatory delay"],
  ["validation_failure", "Validation failure"],
  ["privacy_incident", "Privacy incident"],
  ["integration_delay", "Integration delay"],
  ["data_quality_rework", "Data-quality rework"],
  ["adoption_shortfall", "Adoption shortfall"],
  ["cost_overrun", "Cost overrun"],
  ["other", "Other"],
] as const;

export function Settings({ c, edit, problems }: SectionProps) {
  return (
    <div class="form-grid">
      <Text label="Name" value={c.name} at="name" problems={problems} onChange={(v) => edit((x) => (x.name = v))} wide />
      <Text
        label="Use case"
        value={c.use_case}
        at="use_case"
        problems={problems}
        onChange={(v) => edit((x) => (x.use_case = v))}
        wide
      />
      <Text
        label="Currency"
        value={c.currency}
        at="currency"
        problems={problems}
        onChange={(v) => edit((x) => (x.currency = v))}
      />
      <Text
        label="Start month"
        value={c.start_month}
        at="start_month"
        problems={problems}
        onChange={(v) => edit((x) => (x.start_month = v))}
      />
      <Num
        label="Horizon"
        unit="months"
        value={c.horizon_months}
        at="horizon_months"
        problems={problems}
        onChange={(v) => edit((x) => (x.horizon_months = v))}
      />
      <Uncertain c={c} edit={edit} path="discount_rate" percent>
        <Num
          label="Discount rate"
          unit="% a year"
          percent
          value={c.discount_rate}
          at="discount_rate"
          problems={problems}
          onChange={(v) => edit((x) => (x.discount_rate = v))}
        />
      </Uncertain>
      <Uncertain c={c} edit={edit} path="price_escalation" percent>
        <Num
          label="Price escalation"
          unit="% a year"
          percent
          value={c.price_escalation ?? 0}
          at="price_escalation"
          problems={problems}
          onChange={(v) => edit((x) => (x.price_escalation = v))}
        />
      </Uncertain>
    </div>
  );
}

export function Phases({ c, edit, problems }: SectionProps) {
  const total = Math.max(
    c.horizon_months,
    c.phases.reduce((m, p) => m + (p.lag_months ?? 0) + p.duration_months, 0),
  );
  let cursor = 0;
  return (
    <>
      <div class="timeline" aria-label="Phases on the timeline">
        {c.phases.map((p, i) => {
          const start = cursor + (p.lag_months ?? 0);
          cursor = start + p.duration_months;
          return (
            <div
              key={i}
              class={`phase-bar band-${i % 5}`}
              style={{ left: `${(100 * start) / total}%`, width: `${(100 * p.duration_months) / total}%` }}
              title={`${p.name}: months ${start}–${cursor}`}
            >
              {p.name}
            </div>
          );
        })}
      </div>
      {c.phases.map((p, i) => (
        <div class="row-card" key={i}>
          <RemoveItem name="phases" index={i} edit={edit} />
          <Text label="Phase" value={p.name} at={`phases[${i}].name`} problems={problems} onChange={(v) => edit((x) => (x.phases[i].name = v))} />
          <Uncertain c={c} edit={edit} path={`phases[${p.name}].duration_months`}>
            <Num
              label="Duration"
              unit="months"
              value={p.duration_months}
              at={`phases[${i}].duration_months`}
              problems={problems}
              onChange={(v) => edit((x) => (x.phases[i].duration_months = v))}
            />
          </Uncertain>
          <Uncertain c={c} edit={edit} path={`phases[${p.name}].lag_months`}>
            <Num
              label="Lag before it"
              unit="months"
              value={p.lag_months ?? 0}
              at={`phases[${i}].lag_months`}
              problems={problems}
              onChange={(v) => edit((x) => (x.phases[i].lag_months = v))}
            />
          </Uncertain>
          <Uncertain c={c} edit={edit} path={`phases[${p.name}].scale`} percent>
            <Num
              label="Scale"
              percent
              unit="%"
              value={p.scale ?? 1}
              at={`phases[${i}].scale`}
              problems={problems}
              onChange={(v) => edit((x) => (x.phases[i].scale = v))}
            />
          </Uncertain>
        </div>
      ))}
      <AddItem name="phases" label="Add a phase" edit={edit} />
    </>
  );
}

export function Drivers({ c, edit, problems }: SectionProps) {
  return (
    <>
      {c.drivers.map((d, i) => (
        <div class="row-card" key={i}>
          <RemoveItem name="drivers" index={i} edit={edit} />
          <Text label="Driver" value={d.name} at={`drivers[${i}].name`} problems={problems} onChange={(v) => edit((x) => (x.drivers[i].name = v))} />
          <Uncertain c={c} edit={edit} path={`drivers[${d.name}].monthly_volume`}>
            <Num
              label="Monthly volume"
              value={d.monthly_volume}
              at={`drivers[${i}].monthly_volume`}
              problems={problems}
              onChange={(v) => edit((x) => (x.drivers[i].monthly_volume = v))}
            />
          </Uncertain>
          <Uncertain c={c} edit={edit} path={`drivers[${d.name}].annual_growth`} percent>
            <Num
              label="Growth"
              unit="% a year"
              percent
              value={d.annual_growth ?? 0}
              at={`drivers[${i}].annual_growth`}
              problems={problems}
              onChange={(v) => edit((x) => (x.drivers[i].annual_growth = v))}
            />
          </Uncertain>
          <RampEditor
            c={c}
            ramp={d.adoption}
            label="Adoption"
            at={`drivers[${i}].adoption`}
            input={`drivers[${d.name}].adoption`}
            problems={problems}
            edit={edit}
            set={(x, r) => (x.drivers[i].adoption = r)}
            get={(x) => x.drivers[i].adoption!}
          />
        </div>
      ))}
      <AddItem name="drivers" label="Add a driver" edit={edit} />
    </>
  );
}

function costBasisFields(line: CostLine, i: number, edit: Edit, problems: Problems, c: Case) {
  const b = line.basis;
  const at = (f: string) => `costs[${i}].basis.${f}`;
  switch (b.type) {
    case "one_off":
    case "recurring":
      return (
        <Uncertain c={c} edit={edit} path={`costs[${line.name}].quantity`}>
          <Num
            label={b.type === "one_off" ? "Quantity (once)" : `Quantity every ${b.every_months} month(s)`}
            value={b.quantity}
            at={at("quantity")}
            problems={problems}
            onChange={(v) => edit((x) => ((x.costs[i].basis as { quantity: number }).quantity = v))}
          />
        </Uncertain>
      );
    case "usage":
      return (
        <Uncertain c={c} edit={edit} path={`costs[${line.name}].units_per_driver_unit`}>
          <Num
            label={`Units per ${b.driver}`}
            value={b.units_per_driver_unit}
            at={at("units_per_driver_unit")}
            problems={problems}
            onChange={(v) =>
              edit((x) => ((x.costs[i].basis as { units_per_driver_unit: number }).units_per_driver_unit = v))
            }
          />
        </Uncertain>
      );
    case "capacity":
      return (
        <Uncertain c={c} edit={edit} path={`costs[${line.name}].capacity_per_instance`}>
          <Num
            label={`Capacity per instance (${b.driver})`}
            value={b.capacity_per_instance}
            at={at("capacity_per_instance")}
            problems={problems}
            onChange={(v) =>
              edit((x) => ((x.costs[i].basis as { capacity_per_instance: number }).capacity_per_instance = v))
            }
          />
        </Uncertain>
      );
    case "share":
      return (
        <Uncertain c={c} edit={edit} path={`costs[${line.name}].share`} percent>
          <Num
            label="Share of other costs"
            unit="%"
            percent
            value={b.share}
            at={at("share")}
            problems={problems}
            onChange={(v) => edit((x) => ((x.costs[i].basis as { share: number }).share = v))}
          />
        </Uncertain>
      );
  }
}

/** A catalog price in words: "$0.09 per 1M input tokens · Azure · as of 2025-08 (15 months, stale) · BAA yes". */
export function priceNote(e: CatalogEntry, currency: string): string {
  const age = e.age_months == null ? "" : ` (${e.age_months} months${e.stale ? ", STALE" : ""})`;
  const own = e.overridden ? " · your override" : "";
  return `${currency} ${e.item.price} per ${e.item.unit} · ${e.item.provider} · as of ${e.item.as_of}${age} · BAA ${e.item.baa.replace("_", " ")}${own} · source: ${e.item.source}`;
}

export function Costs({ c, edit, problems, catalog }: SectionProps & { catalog: Map<string, CatalogEntry> }) {
  const items = [...catalog.values()].filter((e) => e.item.currency === c.currency);
  return (
    <>
      {c.costs.map((line, i) => {
        const entry = line.catalog_item ? catalog.get(line.catalog_item) : undefined;
        return (
          <div class="row-card" key={i} data-cost={line.name}>
          <RemoveItem name="costs" index={i} edit={edit} />
            <Text label="Cost line" value={line.name} at={`costs[${i}].name`} problems={problems} onChange={(v) => edit((x) => (x.costs[i].name = v))} />
            <Choice
              label="Category"
              value={line.category}
              options={COST_CATEGORIES}
              at={`costs[${i}].category`}
              problems={problems}
              onChange={(v) => edit((x) => (x.costs[i].category = v))}
            />
            {line.basis.type !== "share" && (
              <label class={`field wide${problems[`costs[${i}].catalog_item`] ? " invalid" : ""}`}>
                <span class="field-label">Catalog price</span>
                <CatalogSelect
                  at={`costs[${i}].catalog_item`}
                  value={line.catalog_item ?? null}
                  items={items}
                  onChange={(id) =>
                    edit((x) => {
                      x.costs[i].catalog_item = id;
                      if (id !== null) x.costs[i].unit_price = null;
                    })
                  }
                />
                {problems[`costs[${i}].catalog_item`] && <span class="field-message">{problems[`costs[${i}].catalog_item`]}</span>}
              </label>
            )}
            {line.basis.type !== "share" && (
              <Uncertain c={c} edit={edit} path={`costs[${line.name}].unit_price`}>
                <Num
                  label={entry && line.unit_price == null ? "Unit price (from the catalog)" : "Unit price"}
                  unit={c.currency}
                  value={line.unit_price}
                  placeholder={entry ? String(entry.item.price) : undefined}
                  onClear={() => edit((x) => (x.costs[i].unit_price = null))}
                  at={`costs[${i}].unit_price`}
                  problems={problems}
                  onChange={(v) => edit((x) => (x.costs[i].unit_price = v))}
                />
              </Uncertain>
            )}
            {costBasisFields(line, i, edit, problems, c)}
            {entry && <p class={entry.stale ? "catalog-note stale" : "catalog-note"}>{priceNote(entry, c.currency)}</p>}
          </div>
        );
      })}
      <AddItem name="costs" label="Add a cost line" edit={edit} />
    </>
  );
}

function benefitField(b: BenefitLine, i: number, edit: Edit, problems: Problems, c: Case) {
  const at = (f: string) => `benefits[${i}].basis.${f}`;
  const basis = b.basis;
  switch (basis.type) {
    case "time_saved":
      return (
        <>
          <Uncertain c={c} edit={edit} path={`benefits[${b.name}].minutes_per_unit`}>
            <Num
              label={`Minutes saved per ${basis.driver}`}
              value={basis.minutes_per_unit}
              at={at("minutes_per_unit")}
              problems={problems}
              onChange={(v) => edit((x) => ((x.benefits[i].basis as { minutes_per_unit: number }).minutes_per_unit = v))}
            />
          </Uncertain>
          <Uncertain c={c} edit={edit} path={`benefits[${b.name}].hourly_cost`}>
            <Num
              label="Loaded hourly cost"
              unit={c.currency}
              value={basis.hourly_cost}
              at={at("hourly_cost")}
              problems={problems}
              onChange={(v) => edit((x) => ((x.benefits[i].basis as { hourly_cost: number }).hourly_cost = v))}
            />
          </Uncertain>
        </>
      );
    case "per_unit":
      return (
        <Uncertain c={c} edit={edit} path={`benefits[${b.name}].value_per_unit`}>
          <Num
            label={`Value per ${basis.driver}`}
            unit={c.currency}
            value={basis.value_per_unit}
            at={at("value_per_unit")}
            problems={problems}
            onChange={(v) => edit((x) => ((x.benefits[i].basis as { value_per_unit: number }).value_per_unit = v))}
          />
        </Uncertain>
      );
    case "recurring":
      return (
        <Uncertain c={c} edit={edit} path={`benefits[${b.name}].monthly_amount`}>
          <Num
            label="Monthly amount"
            unit={c.currency}
            value={basis.monthly_amount}
            at={at("monthly_amount")}
            problems={problems}
            onChange={(v) => edit((x) => ((x.benefits[i].basis as { monthly_amount: number }).monthly_amount = v))}
          />
        </Uncertain>
      );
    case "one_off":
      return (
        <Uncertain c={c} edit={edit} path={`benefits[${b.name}].amount`}>
          <Num
            label="Amount (once)"
            unit={c.currency}
            value={basis.amount}
            at={at("amount")}
            problems={problems}
            onChange={(v) => edit((x) => ((x.benefits[i].basis as { amount: number }).amount = v))}
          />
        </Uncertain>
      );
  }
}

export function Benefits({ c, edit, problems }: SectionProps) {
  return (
    <>
      {c.benefits.map((b, i) => (
        <div class="row-card" key={i}>
          <RemoveItem name="benefits" index={i} edit={edit} />
          <Text label="Benefit" value={b.name} at={`benefits[${i}].name`} problems={problems} onChange={(v) => edit((x) => (x.benefits[i].name = v))} />
          {benefitField(b, i, edit, problems, c)}
          <RampEditor
            c={c}
            ramp={b.realisation}
            label="Realisation"
            at={`benefits[${i}].realisation`}
            input={`benefits[${b.name}].realisation`}
            problems={problems}
            edit={edit}
            set={(x, r) => (x.benefits[i].realisation = r)}
            get={(x) => x.benefits[i].realisation!}
          />
        </div>
      ))}
      <AddItem name="benefits" label="Add a benefit" edit={edit} />
    </>
  );
}

export function Risks({ c, edit, problems, mitigations }: SectionProps & { mitigations: MitigationView[] }) {
  const risks = c.risks ?? [];
  return (
    <>
      {risks.map((r, i) => (
        <div class="row-card" key={i}>
          <RemoveItem name="risks" index={i} edit={edit} />
          <Text label="Risk" value={r.name} at={`risks[${i}].name`} problems={problems} onChange={(v) => edit((x) => (x.risks![i].name = v))} />
          <Choice
            label="Category"
            value={r.category}
            options={RISK_CATEGORIES}
            at={`risks[${i}].category`}
            problems={problems}
            onChange={(v) => edit((x) => (x.risks![i].category = v))}
          />
          <Uncertain c={c} edit={edit} path={`risks[${r.name}].probability`} percent>
            <Num
              label="Probability"
              unit="%"
              percent
              value={r.probability}
              at={`risks[${i}].probability`}
              problems={problems}
              onChange={(v) => edit((x) => (x.risks![i].probability = v))}
            />
          </Uncertain>
          <Uncertain c={c} edit={edit} path={`risks[${r.name}].one_off_cost`}>
            <Num
              label="One-off cost if it happens"
              unit={c.currency}
              value={r.one_off_cost ?? 0}
              at={`risks[${i}].one_off_cost`}
              problems={problems}
              onChange={(v) => edit((x) => (x.risks![i].one_off_cost = v))}
            />
          </Uncertain>
          <Uncertain c={c} edit={edit} path={`risks[${r.name}].delay_months`}>
            <Num
              label="Delay"
              unit="months"
              value={r.delay_months ?? 0}
              at={`risks[${i}].delay_months`}
              problems={problems}
              onChange={(v) => edit((x) => (x.risks![i].delay_months = v))}
            />
          </Uncertain>
          <Uncertain c={c} edit={edit} path={`risks[${r.name}].benefit_reduction`} percent>
            <Num
              label="Benefit reduction"
              unit="%"
              percent
              value={r.benefit_reduction ?? 0}
              at={`risks[${i}].benefit_reduction`}
              problems={problems}
              onChange={(v) => edit((x) => (x.risks![i].benefit_reduction = v))}
            />
          </Uncertain>
          <RiskDetails
            c={c}
            r={r}
            i={i}
            edit={edit}
            problems={problems}
            categories={COST_CATEGORIES}
            value={mitigations.find((m) => m.risk === r.name)}
          />
        </div>
      ))}
      <AddItem name="risks" label="Add a risk" edit={edit} />
    </>
  );
}
