// Scenarios side by side: every input a scenario overrides, one row each, with the base
// value and each scenario's value in columns. A scenario records only its overrides.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { Case, InputValue } from "../bindings";
import type { Problems } from "./fields";
import type { Edit } from "./sections";

/** `costs[GPU].unit_price` as "GPU — unit price". */
function readable(path: string): string {
  const m = /^\w+\[(.*)\]\.(.+)$/.exec(path);
  const field = (m ? m[2] : path).replace(/_/g, " ").replace(/\./g, " ");
  return m ? `${m[1]} — ${field}` : field;
}

export function Scenarios({ c, edit, problems }: { c: Case; edit: Edit; problems: Problems }) {
  const [inputs, setInputs] = useState<InputValue[]>([]);
  const [adding, setAdding] = useState("");
  useEffect(() => {
    api.caseInputs(c).then(setInputs).catch(() => setInputs([]));
  }, [c]);
  const base = (path: string) => inputs.find((i) => i.input === path)?.value;
  const paths = [...new Set(c.scenarios.flatMap((s) => s.overrides.map((o) => o.input)))];
  return (
    <div class="scenarios">
      <div class="table-scroll">
      <table class="scenario-table" id="scenario-table">
        <thead>
          <tr>
            <th>Input</th>
            <th>Base</th>
            {c.scenarios.map((s, i) => (
              <th key={i}>
                <input
                  type="text"
                  aria-label="Scenario name"
                  data-path={`scenarios[${i}].name`}
                  value={s.name}
                  onInput={(e) => edit((x) => (x.scenarios[i].name = (e.target as HTMLInputElement).value))}
                />
                <button type="button" class="small remove-item" onClick={() => edit((x) => x.scenarios.splice(i, 1))}>
                  Remove
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {paths.map((path) => (
            <tr key={path}>
              <td class="path" title={path}>
                {readable(path)}
              </td>
              <td>{base(path) ?? "catalog"}</td>
              {c.scenarios.map((s, i) => {
                const j = s.overrides.findIndex((o) => o.input === path);
                const message = j >= 0 ? problems[`scenarios[${i}].overrides[${j}].value`] ?? problems[`scenarios[${i}].overrides`] : undefined;
                return (
                  <td key={i} class={message ? "invalid" : undefined} title={message}>
                    {j >= 0 ? (
                      <span class="override">
                        <input
                          type="text"
                          inputMode="decimal"
                          data-path={`scenarios[${i}].overrides[${j}].value`}
                          value={String(s.overrides[j].value)}
                          onChange={(e) => {
                            const v = Number((e.target as HTMLInputElement).value);
                            if (Number.isFinite(v)) edit((x) => (x.scenarios[i].overrides[j].value = v));
                          }}
                        />
                        <button type="button" class="small" title="Use the base value" onClick={() => edit((x) => x.scenarios[i].overrides.splice(j, 1))}>
                          ×
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        class="small"
                        title="Override in this scenario"
                        onClick={() => edit((x) => x.scenarios[i].overrides.push({ input: path, value: base(path) ?? 0 }))}
                      >
                        base
                      </button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {Object.entries(problems)
        .filter(([f]) => f.startsWith("scenarios"))
        .map(([f, m]) => (
          <p class="field-message" key={f}>
            {f}: {m}
          </p>
        ))}
      <div class="scenario-actions">
        <select aria-label="Input to vary" value={adding} onChange={(e) => setAdding((e.target as HTMLSelectElement).value)}>
          <option value="">Vary another input…</option>
          {inputs
            .filter((i) => !paths.includes(i.input))
            .map((i) => (
              <option key={i.input} value={i.input}>
                {i.label}: {i.shown}
              </option>
            ))}
        </select>
        <button
          type="button"
          class="small"
          disabled={adding === "" || c.scenarios.length === 0}
          onClick={() => {
            const v = base(adding) ?? 0;
            edit((x) => x.scenarios[0].overrides.push({ input: adding, value: v }));
            setAdding("");
          }}
        >
          Add to the first scenario
        </button>
        <button
          type="button"
          class="small"
          id="add-scenario"
          onClick={() =>
            edit((x) => {
              let n = x.scenarios.length + 1;
              while (x.scenarios.some((s) => s.name === `Scenario ${n}`)) n++;
              x.scenarios.push({ name: `Scenario ${n}`, overrides: [] });
            })
          }
        >
          Add a scenario
        </button>
      </div>
    </div>
  );
}
