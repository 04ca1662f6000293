// The catalog picker of a cost line. Its options (every price in the case's currency, with
// source, date and BAA status) are put in the page only once the pointer or the keyboard
// reaches the picker: a large case has dozens of cost lines and the catalog about eighty
// prices, thousands of options that would sit in the window's memory unseen.
import { useState } from "preact/hooks";
import type { CatalogEntry } from "../bindings";

export function CatalogSelect({
  at,
  value,
  items,
  onChange,
}: {
  at: string;
  value: string | null;
  items: CatalogEntry[];
  onChange: (id: string | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const shown = open ? items : items.filter((e) => e.item.id === value);
  return (
    <select
      data-path={at}
      value={value ?? ""}
      onPointerEnter={() => setOpen(true)}
      onFocus={() => setOpen(true)}
      onChange={(e) => {
        const id = (e.target as HTMLSelectElement).value;
        onChange(id === "" ? null : id);
      }}
    >
      <option value="">None: my own price</option>
      {shown.map((e) => (
        <option key={e.item.id} value={e.item.id}>
          {e.stale ? "⚠ " : ""}
          {e.item.name} — {e.item.price} per {e.item.unit} — as of {e.item.as_of} — BAA {e.item.baa.replace("_", " ")}
        </option>
      ))}
    </select>
  );
}
