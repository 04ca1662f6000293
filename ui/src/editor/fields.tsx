// Input fields bound to one value of the case. A field shows the engine's message for its
// path (e.g. `costs[2].unit_price`) when the last save was refused; text that is not yet a
// number (an empty box, "1e") is marked here and never sent.
import { useEffect, useState } from "preact/hooks";
import type { Distribution } from "../bindings";

export type Problems = Record<string, string>;

type NumProps = {
  label: string;
  value: number | null | undefined;
  /** The engine's path of this field, to find its validation message. */
  at: string;
  problems: Problems;
  onChange: (v: number) => void;
  /** Shown after the box: "USD", "%", "months". */
  unit?: string;
  /** Values entered in percent and stored as shares (0.1 ⇄ 10). */
  percent?: boolean;
  step?: string;
  /** Shown in the empty box: the value used when none is entered (a catalog price). */
  placeholder?: string;
  /** Called when the box is emptied and a placeholder value applies. */
  onClear?: () => void;
};

const show = (v: number | null | undefined, percent?: boolean) =>
  v == null ? "" : String(percent ? Math.round(v * 1e8) / 1e6 : v);

export function Num({ label, value, at, problems, onChange, unit, percent, step, placeholder, onClear }: NumProps) {
  const [text, setText] = useState(show(value, percent));
  const [local, setLocal] = useState<string | null>(null);
  // Follow the case when it changes from elsewhere (undo, another field's scenario…), but
  // never rewrite what the user is typing into this box.
  useEffect(() => {
    const typed = Number(text);
    const current = value == null ? NaN : percent ? value * 100 : value;
    if (text.trim() === "" || Number.isNaN(typed) || Math.abs(typed - current) > 1e-9 * Math.max(1, Math.abs(current))) {
      setText(show(value, percent));
      setLocal(null);
    }
  }, [value]);
  const message = local ?? problems[at];
  return (
    <label class={message ? "field invalid" : "field"}>
      <span class="field-label">{label}</span>
      <span class="field-box">
        <input
          type="text"
          inputMode="decimal"
          data-path={at}
          value={text}
          step={step}
          placeholder={placeholder}
          aria-invalid={message ? "true" : "false"}
          onInput={(e) => {
            const raw = (e.target as HTMLInputElement).value;
            setText(raw);
            const n = Number(raw.replace(/,/g, ""));
            if (raw.trim() === "" && placeholder !== undefined) {
              // Emptied: back to the value the placeholder names (the catalog's price).
              setLocal(null);
              onClear?.();
              return;
            }
            if (raw.trim() === "" || !Number.isFinite(n)) {
              setLocal("enter a number");
              return;
            }
            setLocal(null);
            onChange(percent ? n / 100 : n);
          }}
        />
        {unit && <span class="unit">{unit}</span>}
      </span>
      {message && <span class="field-message">{message}</span>}
    </label>
  );
}

export function Text({
  label,
  value,
  at,
  problems,
  onChange,
  wide,
}: {
  label: string;
  value: string | null | undefined;
  at: string;
  problems: Problems;
  onChange: (v: string) => void;
  wide?: boolean;
}) {
  const message = problems[at];
  return (
    <label class={`field${wide ? " wide" : ""}${message ? " invalid" : ""}`}>
      <span class="field-label">{label}</span>
      <input
        type="text"
        data-path={at}
        value={value ?? ""}
        aria-invalid={message ? "true" : "false"}
        onInput={(e) => onChange((e.target as HTMLInputElement).value)}
      />
      {message && <span class="field-message">{message}</span>}
    </label>
  );
}

export function Choice<T extends string>({
  label,
  value,
  options,
  at,
  problems,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  at: string;
  problems: Problems;
  onChange: (v: T) => void;
}) {
  const message = problems[at];
  return (
    <label class={message ? "field invalid" : "field"}>
      <span class="field-label">{label}</span>
      <select data-path={at} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      {message && <span class="field-message">{message}</span>}
    </label>
  );
}

/** The distribution's parameters in words, e.g. "PERT 0.08 / 0.1 / 0.15". */
/** A distribution in words, its figures grouped ("PERT 30,000 / 40,000 / 80,000") and, for
 * an input typed as a percentage, shown as one ("PERT 6% / 8% / 10%"). */
export function describe(d: Distribution, percent = false): string {
  const n = (v: number) =>
    percent
      ? `${(v * 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`
      : v.toLocaleString("en-US", { maximumFractionDigits: 6 });
  switch (d.type) {
    case "fixed":
      return `fixed ${n(d.value)}`;
    case "uniform":
      return `uniform ${n(d.low)} to ${n(d.high)}`;
    case "triangular":
      return `triangular ${n(d.low)} / ${n(d.likely)} / ${n(d.high)}`;
    case "pert":
      return `PERT ${n(d.low)} / ${n(d.likely)} / ${n(d.high)}`;
    case "normal":
      return `normal mean ${n(d.mean)}, sd ${n(d.sd)}`;
    case "lognormal90":
      return `lognormal, 90% in ${n(d.low)} to ${n(d.high)}`;
  }
}
