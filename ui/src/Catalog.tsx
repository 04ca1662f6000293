// The price catalog: every shipped price with its source, date, age and BAA status, stale
// ones flagged; the user's own prices and overrides kept apart and marked, each revertible.
import { useState } from "preact/hooks";
import { api, asCommandError } from "./api";
import type { Baa, CatalogEntry, CatalogItem, CommandError } from "./bindings";

const BAA: readonly [Baa, string][] = [
  ["yes", "yes"],
  ["on_request", "on request"],
  ["no", "no"],
  ["unknown", "unknown"],
  ["not_applicable", "n/a"],
];

function blank(): CatalogItem {
  return {
    id: "",
    name: "",
    provider: "",
    unit: "",
    price: 0,
    currency: "USD",
    source: "",
    as_of: new Date().toISOString().slice(0, 10),
    baa: "unknown",
    secondary: false,
  };
}

export function Catalog({ entries, onChange }: { entries: CatalogEntry[]; onChange: (e: CatalogEntry[]) => void }) {
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<CatalogItem | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const shown = entries.filter((e) =>
    `${e.item.id} ${e.item.name} ${e.item.provider}`.toLowerCase().includes(filter.toLowerCase()),
  );
  const problem = (field: string) => error?.fields?.find((f) => f.field === field || f.field.endsWith(`.${field}`))?.message;

  async function save() {
    if (!editing) return;
    try {
      onChange(await api.putPrice(editing));
      setEditing(null);
      setError(null);
    } catch (e) {
      setError(asCommandError(e));
    }
  }

  async function revert(id: string) {
    try {
      onChange(await api.removePrice(id));
      setError(null);
    } catch (e) {
      setError(asCommandError(e));
    }
  }

  const field = (label: string, key: keyof CatalogItem, kind: "text" | "number" = "text") => (
    <label class={problem(key) ? "field invalid" : "field"}>
      <span class="field-label">{label}</span>
      <input
        type="text"
        data-price-field={key}
        value={String(editing?.[key] ?? "")}
        onInput={(e) => {
          const raw = (e.target as HTMLInputElement).value;
          setEditing((x) => x && { ...x, [key]: kind === "number" ? Number(raw) : raw });
        }}
      />
      {problem(key) && <span class="field-message">{problem(key)}</span>}
    </label>
  );

  return (
    <section class="catalog" id="catalog">
      <header class="case-header">
        <div>
          <h1>Price catalog</h1>
          <p class="use-case">
            {entries.length} prices · {entries.filter((e) => e.stale).length} older than 12 months · {entries.filter((e) => e.overridden).length} of
            your own
          </p>
        </div>
        <div class="case-actions">
          <input type="text" placeholder="Filter" aria-label="Filter prices" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
          <button type="button" class="small" id="add-price" onClick={() => setEditing(blank())}>
            Add a price
          </button>
        </div>
      </header>
      {error && !editing && <p class="warn">{error.message}</p>}
      {editing && (
        <form
          class="row-card price-form"
          id="price-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {field("Id (cost lines cite it)", "id")}
          {field("Name", "name")}
          {field("Provider", "provider")}
          {field("Unit (e.g. 1M input tokens)", "unit")}
          {field("Price", "price", "number")}
          {field("Currency", "currency")}
          {field("Source (URL or document)", "source")}
          {field("As of (YYYY-MM-DD)", "as_of")}
          <label class="field">
            <span class="field-label">HIPAA BAA</span>
            <select value={editing.baa} onChange={(e) => setEditing({ ...editing, baa: (e.target as HTMLSelectElement).value as Baa })}>
              {BAA.map(([v, t]) => (
                <option key={v} value={v}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          {error && <p class="warn wide">{error.message}</p>}
          <div class="form-actions">
            <button type="submit" class="small" id="save-price">
              Save price
            </button>
            <button type="button" class="small" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <table class="catalog-table">
        <thead>
          <tr>
            <th>Price</th>
            <th>Amount</th>
            <th>As of</th>
            <th>BAA</th>
            <th>Source</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr key={e.item.id} data-item={e.item.id} class={e.stale ? "stale" : undefined}>
              <td>
                <strong>{e.item.name}</strong>
                <br />
                <span class="muted">
                  {e.item.provider} · {e.item.id}
                </span>
                {e.overridden && <span class="badge">yours</span>}
              </td>
              <td>
                {e.item.currency} {e.item.price} / {e.item.unit}
              </td>
              <td>
                {e.item.as_of}
                {e.age_months != null && (
                  <span class={e.stale ? "age stale" : "age"}>
                    {" "}
                    ({e.age_months} mo{e.stale ? ", stale" : ""})
                  </span>
                )}
              </td>
              <td>{e.item.baa.replace("_", " ")}</td>
              <td class="source">{e.item.source}</td>
              <td>
                <button type="button" class="small edit-price" onClick={() => setEditing({ ...e.item })}>
                  Edit
                </button>
                {e.overridden && (
                  <button type="button" class="small" onClick={() => revert(e.item.id)}>
                    Revert
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
