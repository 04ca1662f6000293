// A ramp (a driver's adoption, a benefit's realisation): from one share to another between
// two dates, linear or S-shaped. Each date is a phase's start or end plus an offset in
// months, so a delayed phase moves the ramp with it.
import type { Anchor, Case, Ramp, RampShape } from "../bindings";
import { Choice, Num, type Problems } from "./fields";
import { Uncertain } from "./uncertain";

type Props = {
  c: Case;
  ramp: Ramp | null | undefined;
  /** "Adoption", "Realisation". */
  label: string;
  /** The engine's path by position (`drivers[0].adoption`), for messages. */
  at: string;
  /** The input path by name (`drivers[Clinicians].adoption`), for ranges. */
  input: string;
  problems: Problems;
  edit: (change: (c: Case) => void) => void;
  /** Gives the ramp inside a copy of the case, to change it or (with `null`) remove it. */
  set: (c: Case, ramp: Ramp | null) => void;
  get: (c: Case) => Ramp;
};

const SHAPES: readonly (readonly [RampShape, string])[] = [
  ["linear", "Linear"],
  ["s_curve", "S-curve"],
];

function AnchorFields({ c, anchor, at, problems, onChange, label }: {
  c: Case;
  anchor: Anchor;
  at: string;
  problems: Problems;
  label: string;
  onChange: (change: (a: Anchor) => void) => void;
}) {
  const phases: [string, string][] = [["", "the case's start"], ...c.phases.map((p): [string, string] => [p.name, p.name])];
  return (
    <>
      <Choice
        label={`${label}: phase`}
        value={anchor.phase ?? ""}
        options={phases}
        at={`${at}.phase`}
        problems={problems}
        onChange={(v) => onChange((a) => (a.phase = v === "" ? null : v))}
      />
      <Choice
        label={`${label}: its`}
        value={anchor.edge ?? "start"}
        options={[["start", "start"], ["end", "end"]] as const}
        at={`${at}.edge`}
        problems={problems}
        onChange={(v) => onChange((a) => (a.edge = v))}
      />
      <Num
        label={`${label}: months after`}
        unit="months"
        value={anchor.offset_months ?? 0}
        at={`${at}.offset_months`}
        problems={problems}
        onChange={(v) => onChange((a) => (a.offset_months = v))}
      />
    </>
  );
}

export function RampEditor({ c, ramp, label, at, input, problems, edit, set, get }: Props) {
  if (!ramp) {
    const first = c.phases[0]?.name ?? null;
    return (
      <button
        type="button"
        class="small add-ramp"
        data-add-ramp={at}
        onClick={() =>
          edit((x) =>
            set(x, { start: { phase: first, edge: "start" }, end: { phase: first, edge: "end" }, from: 0, to: 1, shape: "linear" }),
          )
        }
      >
        Add a {label.toLowerCase()} ramp
      </button>
    );
  }
  const change = (f: (r: Ramp) => void) => edit((x) => f(get(x)));
  return (
    <fieldset class="ramp" data-ramp={at}>
      <legend>{label}</legend>
      <Uncertain c={c} edit={edit} path={`${input}.from`} percent>
        <Num label="From" unit="%" percent value={ramp.from} at={`${at}.from`} problems={problems} onChange={(v) => change((r) => (r.from = v))} />
      </Uncertain>
      <Uncertain c={c} edit={edit} path={`${input}.to`} percent>
        <Num label="To" unit="%" percent value={ramp.to} at={`${at}.to`} problems={problems} onChange={(v) => change((r) => (r.to = v))} />
      </Uncertain>
      <AnchorFields c={c} anchor={ramp.start} at={`${at}.start`} problems={problems} label="Starts" onChange={(f) => change((r) => f(r.start))} />
      <AnchorFields c={c} anchor={ramp.end} at={`${at}.end`} problems={problems} label="Ends" onChange={(f) => change((r) => f(r.end))} />
      <Choice label="Shape" value={ramp.shape} options={SHAPES} at={`${at}.shape`} problems={problems} onChange={(v) => change((r) => (r.shape = v))} />
      <button type="button" class="small" onClick={() => edit((x) => set(x, null))}>
        Remove the ramp
      </button>
    </fieldset>
  );
}
