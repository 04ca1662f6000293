// The results pane: metric cards (P10–P90 once simulated), every chart of the chart module,
// and the simulation's progress with a cancel button. Deterministic results arrive with
// every save; the simulation runs in the background and never blocks typing.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { CaseResults, ChartView, SimulationResults } from "./bindings";
import { Svg, SvgImage } from "./Svg";

/** A deterministic chart as last drawn, and for which edit (`generation`). */
export type DrawnChart = ChartView & { generation: number };

/** The deterministic charts drawn so far: only those in view are drawn after an edit; the
 * others are drawn when they scroll into view, and show as out of date until then. */
export type Drawn = {
  charts: Record<string, DrawnChart>;
  generation: number;
  onVisible: (kinds: string[]) => void;
};

export type Simulation =
  | { state: "idle" }
  /** `previous`: the last finished simulation of this case, shown faded while this one runs. */
  | { state: "running"; percent: number; trials: number; previous?: SimulationResults }
  | { state: "cancelled" }
  | { state: "failed"; message: string }
  /** `generation`: the edit whose results the trials ran on (as `Drawn.generation`). */
  | { state: "done"; results: SimulationResults; generation: number };

/** The run sizes on offer: the default, and up to the million the engine is built for. */
const TRIAL_CHOICES = [10_000, 100_000, 1_000_000];

export function Results({
  results,
  simulation,
  trials,
  onSimulate,
  onCancel,
  onExport,
  timing,
  drawn,
  after,
}: {
  /** Shown below the charts (the break-even solver). */
  after?: ComponentChildren;
  drawn: Drawn;
  timing: { recalc?: number; save?: number; simulation?: number };
  onExport: (kind: string, format: "png" | "png2x" | "svg") => void;
  results: CaseResults | null;
  simulation: Simulation;
  /** Trials each run takes; `onSimulate(n)` runs with `n` from now on. */
  trials: number;
  onSimulate: (trials?: number) => void;
  onCancel: () => void;
}) {
  const chartsBox = useRef<HTMLDivElement>(null);
  const slotKey = results?.slots.map((s) => s.kind).join(",") ?? "";
  useEffect(() => {
    // Which deterministic charts are on screen, or within half a screen of it. The root is
    // the scrolling pane: with the window as root, the pane clips each chart before the
    // margin applies, and a chart just below the fold would count as out of view.
    const box = chartsBox.current;
    if (!box) return;
    const root = box.closest<HTMLElement>(".content");
    const seen = new Set<string>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const kind = (e.target as HTMLElement).dataset.slot;
          if (!kind) continue;
          if (e.isIntersecting) seen.add(kind);
          else seen.delete(kind);
        }
        drawn.onVisible([...seen]);
      },
      { root, rootMargin: "400px 0px" },
    );
    box.querySelectorAll("[data-slot]").forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [slotKey, drawn.onVisible]);

  if (!results) return <p class="status">Calculating…</p>;
  // The last finished simulation, `current` when it ran on the results shown; otherwise it
  // stays, faded, until the edit's own has run. Without it, the ranges, expectations and
  // charts would leave the page and come back a moment later, moving everything below them
  // twice with every edit. The figures on the cards are always those of the results shown.
  const shown =
    simulation.state === "done"
      ? simulation.results
      : simulation.state === "running"
        ? (simulation.previous ?? null)
        : null;
  const current = simulation.state === "done" && simulation.generation === drawn.generation;
  const cards = results.metrics.map((m) => {
    const simulated = shown?.metrics.find((p) => p.key === m.key);
    return { ...m, range: simulated?.range ?? null, standing: simulated?.standing ?? null, stale: !current };
  });
  type Card = { kind: string; title: string; chart?: ChartView; stale?: boolean; slot?: boolean };
  const slots: Card[] = results.slots.map((s) => {
    const chart = drawn.charts[s.kind];
    return { ...s, chart, stale: chart != null && chart.generation !== drawn.generation, slot: true };
  });
  const simulated: Card[] = shown
    ? shown.charts.map((c) => ({ kind: c.kind, title: c.title, chart: c, stale: !current }))
    : [];
  const charts = shown ? [simulated[0], ...slots, ...simulated.slice(1)] : slots;
  return (
    <section class="results" aria-label="Results" data-generation={drawn.generation}>
      <dl class="metrics">
        {cards.map((m) => (
          <div class="metric" key={m.key} data-metric={m.key}>
            <dt>{m.label}</dt>
            <dd id={m.key === "npv" ? "npv" : m.key === "payback_month" ? "payback" : undefined}>{m.value}</dd>
            {m.range && <dd class={m.stale ? "range stale" : "range"}>{m.range}</dd>}
            {m.standing && (
              <dd
                class={`standing ${m.standing.optimistic ? "optimistic" : "cautious"}${m.stale ? " stale" : ""}`}
              >
                {m.standing.text}
              </dd>
            )}
          </div>
        ))}
      </dl>
      <div
        class="simulation"
        id="simulation"
        data-state={simulation.state}
        data-generation={simulation.state === "done" ? simulation.generation : undefined}
      >
        {simulation.state === "running" && (
          <>
            <progress max={100} value={simulation.percent} aria-label="Simulation progress" />
            <span>
              Simulating {simulation.trials.toLocaleString("en-US")} futures… {simulation.percent}%
            </span>
            <button type="button" class="small" id="cancel-simulation" onClick={onCancel}>
              Cancel
            </button>
          </>
        )}
        {simulation.state !== "running" && (
          <button type="button" class="small" id="run-simulation" onClick={() => onSimulate()}>
            {shown ? "Run the simulation again" : "Run the simulation"}
          </button>
        )}
        {simulation.state !== "running" && (
          <select
            id="trials"
            aria-label="Trials"
            title="How many futures each simulation draws: more narrow the sampling error, and take longer"
            value={trials}
            onChange={(e) => onSimulate(Number((e.target as HTMLSelectElement).value))}
          >
            {TRIAL_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString("en-US")} trials
              </option>
            ))}
          </select>
        )}
        {simulation.state === "cancelled" && <span class="muted">Simulation cancelled.</span>}
        {simulation.state === "failed" && <span class="warn">The simulation failed: {simulation.message}</span>}
        {shown && (
          <span id={current ? "prob-npv-positive" : undefined} class={current ? "prob" : "prob stale"}>
            {shown.prob_npv_positive_text} over {shown.trials.toLocaleString("en-US")} trials
          </span>
        )}
        <span class="timing muted">
          {timing.recalc != null && (
            <span
              id="recalc-time"
              data-ms={timing.recalc.toFixed(1)}
              data-save-ms={timing.save?.toFixed(1)}
            >
              updated {Math.round(timing.recalc)} ms after the edit
            </span>
          )}
          {timing.simulation != null && (
            <span id="simulation-time" data-ms={timing.simulation.toFixed(1)}>
              {" · "}simulated in {Math.round(timing.simulation)} ms
            </span>
          )}
        </span>
      </div>
      {shown && <PaybackChance shown={shown} current={current} />}
      {shown && shown.expectations.length > 0 && (
        <table
          class={current ? "expectations-table" : "expectations-table stale"}
          id={current ? "expectations" : undefined}
          aria-busy={current ? undefined : "true"}
        >
          <thead>
            <tr>
              <th>Stakeholder</th>
              <th>Expects</th>
              <th>Base case</th>
              <th>Probability met</th>
              <th>Can commit to</th>
            </tr>
          </thead>
          <tbody>
            {shown.expectations.map((e, i) => (
              <tr key={i} data-stakeholder={e.stakeholder}>
                <td>{e.stakeholder}</td>
                <td>{e.expectation}</td>
                <td class={e.deterministic_met ? "met" : "missed"}>{e.deterministic_met ? "met" : "missed"}</td>
                <td class="probability">{e.probability_text}</td>
                <td>{e.commitment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="charts" ref={chartsBox}>
        {charts.map((c) => (
          <figure
            class={c.stale ? "chart-card stale" : "chart-card"}
            key={c.kind}
            data-chart={c.kind}
            data-slot={c.slot ? c.kind : undefined}
            aria-busy={c.stale || !c.chart ? "true" : undefined}
          >
            {!c.chart ? (
              <div class="chart placeholder">Drawing {c.title.toLowerCase()}…</div>
            ) : c.kind === "cumulative" ? (
              <Svg svg={c.chart.svg} label={c.title} id="chart" />
            ) : (
              <SvgImage svg={c.chart.svg} label={c.title} />
            )}
            <figcaption class="chart-exports">
              <span>{c.title}</span>
              <button type="button" class="small" data-export="png" onClick={() => onExport(c.kind, "png")}>
                PNG
              </button>
              <button type="button" class="small" data-export="png2x" onClick={() => onExport(c.kind, "png2x")}>
                PNG 2×
              </button>
              <button type="button" class="small" data-export="svg" onClick={() => onExport(c.kind, "svg")}>
                SVG
              </button>
            </figcaption>
          </figure>
        ))}
      </div>
      {after}
    </section>
  );
}

/** P(payback ≤ k months) for the k the user types, read from the simulation's month-by-month
 * chances (no new run), and the share that never pays back. */
function PaybackChance({ shown, current }: { shown: SimulationResults; current: boolean }) {
  const horizon = shown.prob_payback_by_month.length - 1;
  const [months, setMonths] = useState(24);
  const k = Math.min(Math.max(Math.round(months), 0), horizon);
  const chance = shown.prob_payback_by_month[k] ?? 0;
  return (
    <p class={current ? "payback-chance" : "payback-chance stale"} id={current ? "payback-chance" : undefined}>
      <label>
        P(payback ≤{" "}
        <input
          type="number"
          id="payback-months"
          min={1}
          max={horizon}
          value={k}
          aria-label="Months"
          onInput={(e) => {
            const n = Number((e.target as HTMLInputElement).value);
            if (Number.isFinite(n) && n > 0) setMonths(n);
          }}
        />{" "}
        months) ={" "}
      </label>
      <strong id="payback-chance-value">{(chance * 100).toFixed(1)}%</strong>
      <span class="muted"> · {shown.never_pays_back_text}</span>
    </p>
  );
}
