// Versions: freeze the case under a name, then compare any version with the case now —
// which inputs and ranges changed, how each metric and each stakeholder's probability moved.
import { useEffect, useState } from "preact/hooks";
import { api, asCommandError } from "../api";
import type { CommandError, VersionComparison, VersionRow } from "../bindings";
import { describe } from "./fields";


export function Versions({ id, revision }: { id: number; revision: number }) {
  const [versions, setVersions] = useState<VersionRow[]>([]);
  const [name, setName] = useState("");
  const [error, setError] = useState<CommandError | null>(null);
  const [comparison, setComparison] = useState<VersionComparison | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.listVersions(id).then(setVersions).catch((e) => setError(asCommandError(e)));
  }, [id]);

  async function freeze() {
    setError(null);
    try {
      await api.freezeVersion(id, name);
      setName("");
      setVersions(await api.listVersions(id));
    } catch (e) {
      setError(asCommandError(e));
    }
  }

  async function compare(version: string) {
    setBusy(true);
    setError(null);
    try {
      setComparison(await api.compareVersion(id, version));
    } catch (e) {
      setError(asCommandError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="versions" data-revision={revision}>
      <form
        class="freeze"
        onSubmit={(e) => {
          e.preventDefault();
          void freeze();
        }}
      >
        <label class="field wide">
          <span class="field-label">Freeze the case as it is now, under a name</span>
          <input id="version-name" type="text" placeholder="Board, 1 Dec" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="small" id="freeze-version">
          Freeze
        </button>
      </form>
      {error && <p class="warn">{error.message}</p>}
      <ul class="version-list" id="versions">
        {versions.map((v) => (
          <li key={v.id} data-version={v.name}>
            <span>
              <strong>{v.name}</strong> <span class="muted">{v.created_at.slice(0, 16).replace("T", " ")}</span>
            </span>
            <button type="button" class="small compare" onClick={() => compare(v.name)}>
              Compare with now
            </button>
          </li>
        ))}
        {versions.length === 0 && <li class="muted">No version yet.</li>}
      </ul>
      {busy && <p class="muted">Comparing (simulating both)…</p>}
      {comparison && !busy && (
        <div class="comparison" id="comparison">
          <h3>“{comparison.version}” against now</h3>
          <p id="comparison-probability">{comparison.prob_npv_positive}</p>
          <table>
            <thead>
              <tr>
                <th>Metric</th>
                <th>{comparison.version}</th>
                <th>Now</th>
              </tr>
            </thead>
            <tbody>
              {comparison.metrics.map((m) => (
                <tr key={m.label} class={m.changed ? "changed" : undefined}>
                  <td>{m.label}</td>
                  <td>{m.before}</td>
                  <td>{m.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Inputs changed ({comparison.inputs.length + comparison.ranges.length})</h4>
          <table id="changed-inputs">
            <thead>
              <tr>
                <th>Input</th>
                <th>{comparison.version}</th>
                <th>Now</th>
              </tr>
            </thead>
            <tbody>
              {comparison.inputs.map((c) => (
                <tr key={c.input} data-input={c.input}>
                  <td>{c.label}</td>
                  <td class="figure">{c.before}</td>
                  <td class="figure">{c.after}</td>
                </tr>
              ))}
              {comparison.ranges.map((r) => (
                <tr key={`range-${r.input}`} data-input={r.input}>
                  <td>{r.label}, range</td>
                  <td>{r.before ? describe(r.before, r.percent) : "—"}</td>
                  <td>{r.after ? describe(r.after, r.percent) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Stakeholders’ probabilities</h4>
          <table id="changed-expectations">
            <thead>
              <tr>
                <th>Stakeholder</th>
                <th>Expects</th>
                <th>{comparison.version}</th>
                <th>Now</th>
              </tr>
            </thead>
            <tbody>
              {comparison.expectations.map((e, i) => (
                <tr key={i}>
                  <td>{e.stakeholder}</td>
                  <td>{e.expectation}</td>
                  <td class="figure">{e.before}</td>
                  <td class="figure">{e.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">Both sides simulated with {comparison.trials.toLocaleString("en-US")} trials and the same seed.</p>
        </div>
      )}
    </div>
  );
}
