// Any numeric input can become a distribution: the "range" button attaches one to the
// input's path in `case.uncertain` (PERT around the current value to start with), and the
// box then edits low / likely / high, or a 90% interval for a lognormal.
import type { ComponentChildren } from "preact";
import type { Case, Distribution, UncertainInput } from "../bindings";
import { describe } from "./fields";
import type { Edit } from "./sections";

function valueAt(d: Distribution): number {
  switch (d.type) {
    case "fixed":
      return d.value;
    case "normal":
      return d.mean;
    case "triangular":
    case "pert":
      return d.likely;
    default:
      return (d.low + d.high) / 2;
  }
}

export function Uncertain({
  c,
  edit,
  path,
  percent,
  children,
}: {
  c: Case;
  edit: Edit;
  path: string;
  percent?: boolean;
  children: ComponentChildren;
}) {
  const index = (c.uncertain ?? []).findIndex((u) => u.input === path);
  const u: UncertainInput | undefined = index >= 0 ? c.uncertain![index] : undefined;
  const scale = percent ? 100 : 1;
  const set = (change: (d: Distribution) => Distribution) =>
    edit((x) => {
      const list = x.uncertain!;
      list[index] = { ...list[index], distribution: change(list[index].distribution) };
    });
  const param = (name: string, v: number) => (
    <label class="param" key={name}>
      <span>{name}</span>
      <input
        type="text"
        inputMode="decimal"
        data-param={`${path}.${name}`}
        value={String(Math.round(v * scale * 1e6) / 1e6)}
        onChange={(e) => {
          const n = Number((e.target as HTMLInputElement).value);
          if (Number.isFinite(n)) set((d) => ({ ...d, [name]: n / scale }) as Distribution);
        }}
      />
    </label>
  );
  return (
    <div class={u ? "uncertain on" : "uncertain"}>
      {!u && children}
      {u && (
        <div class="distribution" data-distribution={path}>
          <span class="field-label">
            {fieldWords(path)}: {describe(u.distribution, percent)}
          </span>
          <div class="params">
            <select
              aria-label="Shape"
              value={u.distribution.type}
              onChange={(e) => {
                const shape = (e.target as HTMLSelectElement).value;
                const mid = valueAt(u.distribution);
                set(() =>
                  shape === "lognormal90"
                    ? { type: "lognormal90", low: mid * 0.7, high: mid * 1.4 }
                    : { type: "pert", low: mid * 0.8, likely: mid, high: mid * 1.25 },
                );
              }}
            >
              <option value="pert">low / likely / high (PERT)</option>
              <option value="triangular">low / likely / high (triangular)</option>
              <option value="lognormal90">90% interval (lognormal)</option>
              <option value="uniform">uniform low – high</option>
              <option value="normal">normal</option>
              <option value="fixed">fixed</option>
            </select>
            {Object.entries(u.distribution)
              .filter(([k]) => k !== "type")
              .map(([k, v]) => param(k, v as number))}
          </div>
        </div>
      )}
      <button
        type="button"
        class="small range-toggle"
        data-toggle={path}
        title={u ? "Back to a single value" : "Make this input a range (a distribution)"}
        onClick={() =>
          edit((x) => {
            const list = (x.uncertain ??= []);
            if (u) {
              list.splice(index, 1);
            } else {
              const base = currentValue(x, path);
              list.push({ input: path, distribution: { type: "pert", low: base * 0.8, likely: base, high: base * 1.25 } });
            }
          })
        }
      >
        {u ? "single value" : "range…"}
      </button>
    </div>
  );
}

/** The field an input path names, in words, for the label the range takes the place of:
 * `costs[EHR integration].unit_price` → "Unit price", `discount_rate` → "Discount rate". */
function fieldWords(path: string): string {
  const field = (path.split("].").pop() ?? path).replace(/[_.]/g, " ");
  return field.charAt(0).toUpperCase() + field.slice(1);
}

/** The value at an input path, read from the case the way the engine names inputs. */
function currentValue(c: Case, path: string): number {
  const m = /^(\w+)\[(.*)\]\.(.+)$/.exec(path);
  if (!m) return Number((c as unknown as Record<string, unknown>)[path] ?? 0);
  const [, section, name, field] = m;
  const list = (c as unknown as Record<string, { name: string }[]>)[section] ?? [];
  const item = list.find((x) => x.name === name) as unknown as Record<string, unknown> | undefined;
  if (!item) return 0;
  let v: unknown = field.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], item);
  if (v === undefined && item.basis) v = (item.basis as Record<string, unknown>)[field];
  return typeof v === "number" ? v : 0;
}
