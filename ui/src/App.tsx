// The app's frame: the case list on the left (new, import, duplicate, delete with undo), the
// open case on the right. Results follow every saved edit; the simulation follows them in
// the background, a newer run cancelling the older.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, asCommandError } from "./api";
import type { CaseResults, CaseRow, CatalogEntry, CommandError, StoreNotice, TemplateRow, TrashRow } from "./bindings";
import { Catalog } from "./Catalog";
import { CaseView } from "./CaseView";
import { useCase } from "./editor/useCase";
import { ErrorBanner } from "./ErrorBanner";
import type { DrawnChart, Simulation } from "./Results";

/** Trials a simulation runs unless the user picks more. */
const TRIALS = 10_000;
const LAST_OPEN = "candor.last-open-case";
/** The charts in view when a case opens, at its top. */
const IN_VIEW_AT_TOP = ["cumulative"];

export function App() {
  const [rows, setRows] = useState<CaseRow[] | null>(null);
  const [templates, setTemplates] = useState<TemplateRow[]>([]);
  const [listFailed, setListFailed] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [deleted, setDeleted] = useState<TrashRow | null>(null);
  const [trash, setTrash] = useState<TrashRow[]>([]);
  const [emptying, setEmptying] = useState(false);
  const [notice, setNotice] = useState<StoreNotice | null>(null);
  // A read-only database: nothing that would write is offered.
  const readOnly = notice?.read_only != null;
  const [results, setResults] = useState<CaseResults | null>(null);
  const [simulation, setSimulation] = useState<Simulation>({ state: "idle" });
  const [catalog, setCatalog] = useState<Map<string, CatalogEntry>>(new Map());
  const [screen, setScreen] = useState<"cases" | "catalog">("cases");
  const setEntries = (entries: CatalogEntry[]) => setCatalog(new Map(entries.map((e) => [e.item.id, e])));
  const latest = useRef(0);
  // How many trials each simulation of the open case runs, the user's choice; a ref too, for
  // the runs started from timers.
  const [trials, setTrials] = useState(TRIALS);
  const trialsRef = useRef(TRIALS);
  const [timing, setTiming] = useState<{ recalc?: number; save?: number; simulation?: number }>({});
  const simTimer = useRef<number | undefined>(undefined);
  // Deterministic charts by kind, each tagged with the edit it was drawn for; the kinds in
  // view are drawn with every edit, the others when they come into view.
  const [charts, setCharts] = useState<Record<string, DrawnChart>>({});
  const chartsRef = useRef(charts);
  chartsRef.current = charts;
  const visible = useRef<Set<string>>(new Set(IN_VIEW_AT_TOP));
  const drawing = useRef<Set<string>>(new Set());
  const openId = useRef<number | null>(null);
  const keep = (list: CaseResults["charts"], generation: number) =>
    setCharts((prev) => {
      const next = { ...prev };
      for (const c of list) next[c.kind] = { ...c, generation };
      return next;
    });

  const refreshTrash = () =>
    api
      .listTrash()
      .then(setTrash)
      .catch((e) => setError(asCommandError(e)));

  const refreshList = () => {
    const asked = performance.now();
    return api
      .listCases()
      .then((r) => {
        setRows(r);
        setListFailed(false);
        // When the list was first painted, as a wall-clock time: the start-up figure
        // (process start to list on screen) is read from it, with no WebDriver in the way;
        // and when the page asked for it, to tell the list's own cost from WebKit's start.
        if (!document.body.dataset.listedAt) {
          const body = document.body.dataset;
          body.listAskedAt = String(performance.timeOrigin + asked);
          requestAnimationFrame(() => (body.listedAt = String(performance.timeOrigin + performance.now())));
        }
      })
      .catch((e) => {
        setListFailed(true);
        setError(asCommandError(e));
      });
  };

  /** Shows results for request `request` (if still the latest), times the edit that led to
   * them, and schedules the simulation. */
  function showResults(id: number, r: CaseResults, request: number, simulateAfter: number) {
    if (request !== latest.current) return;
    setResults(r);
    keep(r.charts, request);
    // Time from the keystroke to the new results painted: the next frame after render.
    const since = editor.editedAt.current;
    if (since != null) {
      editor.editedAt.current = null;
      const saved = editor.savedAt.current ?? since;
      requestAnimationFrame(() => setTiming((t) => ({ ...t, recalc: performance.now() - since, save: saved - since })));
    }
    window.clearTimeout(simTimer.current);
    simTimer.current = window.setTimeout(() => simulate(id), simulateAfter);
  }

  async function refreshResults(id: number, simulateAfter: number) {
    const request = ++latest.current;
    openId.current = id;
    try {
      showResults(id, await api.caseResults(id, null, [...visible.current]), request, simulateAfter);
    } catch (e) {
      if (request === latest.current) setError(asCommandError(e));
    }
  }

  async function simulate(id: number) {
    const request = latest.current;
    const started = performance.now();
    const count = trialsRef.current;
    setSimulation((s) => ({
      state: "running",
      percent: 0,
      trials: count,
      previous: s.state === "done" ? s.results : s.state === "running" ? s.previous : undefined,
    }));
    try {
      const results = await api.simulateCase(id, null, count, (percent) => {
        if (request === latest.current) setSimulation((s) => (s.state === "running" ? { ...s, percent } : s));
      });
      if (request === latest.current) {
        setSimulation({ state: "done", results, generation: request });
        requestAnimationFrame(() => setTiming((t) => ({ ...t, simulation: performance.now() - started })));
      }
    } catch (e) {
      const err = asCommandError(e);
      if (request !== latest.current) return;
      setSimulation(err.code === "cancelled" ? { state: "cancelled" } : { state: "failed", message: err.message });
    }
  }

  // Charts that came into view since the last edit, drawn for the current one.
  const onVisible = useCallback((kinds: string[]) => {
    visible.current = new Set(kinds);
    const id = openId.current;
    const generation = latest.current;
    const missing = kinds.filter(
      (k) => chartsRef.current[k]?.generation !== generation && !drawing.current.has(`${generation}:${k}`),
    );
    if (id == null || missing.length === 0) return;
    missing.forEach((k) => drawing.current.add(`${generation}:${k}`));
    api
      .caseResults(id, null, missing)
      .then((r) => {
        if (generation === latest.current) keep(r.charts, generation);
      })
      .catch((e) => {
        if (generation === latest.current) setError(asCommandError(e));
      })
      .finally(() => missing.forEach((k) => drawing.current.delete(`${generation}:${k}`)));
  }, []);

  const listTimer = useRef<number | undefined>(undefined);
  const editor = useCase(
    (id, saved) => {
      // A saved edit, with its results: shown now; the simulation, and the list (whose
      // P(NPV > 0) simulates every case), once typing stops, so they never slow a keystroke.
      openId.current = id;
      showResults(id, saved, ++latest.current, 400);
      window.clearTimeout(listTimer.current);
      listTimer.current = window.setTimeout(() => void refreshList(), 1500);
    },
    (_id, failure) => {
      // Saved, but its results could not be computed: say so; the results shown are the
      // last ones that could be.
      setError({ ...failure, message: `The edit is saved, but its results could not be computed: ${failure.message}` });
    },
    (id) => {
      // An edit: a simulation of the inputs it replaces is stale, stop it at once.
      window.clearTimeout(simTimer.current);
      void api.cancelSimulation(id);
    },
    () => [...visible.current],
  );

  useEffect(() => {
    // Reopen the case that was open when the window last closed: nothing is lost, not even
    // the place the user was at.
    const last = Number(localStorage.getItem(LAST_OPEN));
    void refreshList().then(() => {
      if (last > 0) void openCase(last, true);
    });
    void refreshTrash();
    api.storeNotice().then(setNotice).catch(() => undefined);
    api.listTemplates().then(setTemplates).catch((e) => setError(asCommandError(e)));
    api
      .listCatalog()
      .then(setEntries)
      .catch((e) => setError(asCommandError(e)));
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = (event.target as HTMLElement | null)?.closest("input, select, textarea");
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z" || typing) return;
      event.preventDefault();
      if (event.shiftKey) editor.redo();
      else editor.undo();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  /** Leaves the open case: what it showed is cleared, and whatever was asked for it and
   * has not answered yet (its simulation above all, which can finish while the next case
   * loads) is dropped when it does, instead of showing on the case opened next. */
  function leaveOpenCase() {
    ++latest.current;
    window.clearTimeout(simTimer.current);
    if (openId.current != null) void api.cancelSimulation(openId.current);
    openId.current = null;
    setResults(null);
    setCharts({});
    setSimulation({ state: "idle" });
    setTiming({});
  }

  async function openCase(id: number, quietly = false) {
    leaveOpenCase();
    localStorage.setItem(LAST_OPEN, String(id));
    setError(null);
    // A case opens at its top, so its first chart is drawn with its results rather than
    // when the observer of what is in view next reports.
    visible.current = new Set(IN_VIEW_AT_TOP);
    document.querySelector(".content")?.scrollTo(0, 0);
    try {
      await editor.load(id);
      await refreshResults(id, 0);
    } catch (e) {
      // A case deleted since (by the CLI, say) is simply not reopened.
      if (quietly) localStorage.removeItem(LAST_OPEN);
      else setError(asCommandError(e));
    }
  }

  async function act(action: () => Promise<number | null>) {
    setError(null);
    try {
      const id = await action();
      await Promise.all([refreshList(), refreshTrash()]);
      if (id != null) await openCase(id);
    } catch (e) {
      setError(asCommandError(e));
    }
  }

  async function remove(id: number) {
    setConfirming(null);
    try {
      const trashed = await api.deleteCase(id);
      setDeleted(trashed);
      if (editor.open?.id === id) {
        leaveOpenCase();
        editor.close();
      }
      await Promise.all([refreshList(), refreshTrash()]);
    } catch (e) {
      setError(asCommandError(e));
    }
  }

  function onListKey(event: KeyboardEvent) {
    if (!rows || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    const index = rows.findIndex((r) => r.id === editor.open?.id);
    const next = rows[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (index >= 0 && next) {
      event.preventDefault();
      void openCase(next.id);
      document.querySelector<HTMLButtonElement>(`#cases li[data-id="${next.id}"] .case-button`)?.focus();
    }
  }

  const status = listFailed
    ? "The cases could not be loaded."
    : rows === null
      ? "Loading cases…"
      : rows.length === 0
        ? "No case yet."
        : "";

  return (
    <>
      <header class="topbar">
        <span class="brand">Candor</span>
        <span class="tagline">Business cases for healthcare GenAI, honest about uncertainty</span>
        <nav class="topnav">
          <button type="button" id="nav-cases" aria-current={screen === "cases" ? "page" : undefined} onClick={() => setScreen("cases")}>
            Cases
          </button>
          <button type="button" id="nav-catalog" aria-current={screen === "catalog" ? "page" : undefined} onClick={() => setScreen("catalog")}>
            Catalog
          </button>
        </nav>
      </header>
      <div class="layout">
        <nav class="sidebar" aria-labelledby="cases-heading">
          <h2 id="cases-heading">Cases</h2>
          {notice?.read_only && (
            <p class="notice warn" id="read-only" role="status">
              Read-only: this database cannot be written ({notice.read_only}). Its cases can be opened, simulated and
              exported, not changed.
            </p>
          )}
          {notice?.backup && (
            <p class="notice" id="backup-notice" role="status">
              Candor upgraded this database; the file as it was is kept at {notice.backup}.
            </p>
          )}
          <div class="list-actions">
            <select
              id="new-case"
              disabled={readOnly}
              aria-label="New case from a template"
              value=""
              onChange={(e) => {
                const template = (e.target as HTMLSelectElement).value;
                if (template) void act(() => api.createCase(template));
              }}
            >
              <option value="">New case from…</option>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <button type="button" class="small" id="import-case" disabled={readOnly} onClick={() => act(api.importCase)}>
              Import…
            </button>
          </div>
          {deleted && (
            <p class="toast" role="status">
              Moved “{deleted.name}” to the trash.{" "}
              <button
                type="button"
                class="link"
                id="undo-delete"
                onClick={() => {
                  const id = deleted.id;
                  setDeleted(null);
                  void act(() => api.restoreCase(id));
                }}
              >
                Undo
              </button>
            </p>
          )}
          <p id="cases-status" class="status" hidden={status === ""}>
            {status}
          </p>
          <ul id="cases" class="case-list" onKeyDown={onListKey}>
            {rows?.map((row) => (
              <li key={row.id} data-id={row.id}>
                <button
                  type="button"
                  class="case-button"
                  aria-pressed={editor.open?.id === row.id}
                  onClick={() => {
                    setScreen("cases");
                    void openCase(row.id);
                  }}
                >
                  <span class="case-name">{row.name}</span>
                  {row.error ? (
                    <span class="case-error">Cannot evaluate: {row.error.message}</span>
                  ) : (
                    <span class="case-figures">
                      <span class="case-npv">NPV {row.npv_text}</span>
                      <span class={row.payback_month == null ? "case-payback never" : "case-payback"}>
                        payback {row.payback_text}
                      </span>
                      <span class="case-prob" title="Over 10,000 simulated futures, as the open case's own run">
                        {row.prob_npv_positive_text}
                      </span>
                    </span>
                  )}
                </button>
                <span class="row-actions">
                  <button
                    type="button"
                    class="small duplicate"
                    disabled={readOnly}
                    onClick={() => act(() => api.duplicateCase(row.id))}
                  >
                    Duplicate
                  </button>
                  {confirming === row.id ? (
                    <>
                      <button type="button" class="small danger confirm-delete" onClick={() => remove(row.id)}>
                        Delete “{row.name}”
                      </button>
                      <button type="button" class="small" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button type="button" class="small delete" disabled={readOnly} onClick={() => setConfirming(row.id)}>
                      Delete…
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
          {trash.length > 0 && (
            <details class="trash" id="trash">
              <summary>Trash ({trash.length})</summary>
              <ul class="trash-list">
                {trash.map((t) => (
                  <li key={t.id} data-id={t.id}>
                    <span class="trash-name">{t.name}</span>
                    <span class="muted">
                      deleted {t.deleted_at} · {t.versions} kept
                    </span>
                    <button
                      type="button"
                      class="small restore"
                      onClick={() => {
                        if (deleted?.id === t.id) setDeleted(null);
                        void act(() => api.restoreCase(t.id));
                      }}
                    >
                      Restore
                    </button>
                  </li>
                ))}
              </ul>
              {emptying ? (
                <p class="confirm">
                  Delete these {trash.length} case(s) and their versions for good?{" "}
                  <button
                    type="button"
                    class="small danger"
                    id="confirm-empty-trash"
                    onClick={() => {
                      setEmptying(false);
                      setDeleted(null);
                      api
                        .emptyTrash()
                        .then(setTrash)
                        .catch((e) => setError(asCommandError(e)));
                    }}
                  >
                    Empty the trash
                  </button>{" "}
                  <button type="button" class="small" onClick={() => setEmptying(false)}>
                    Keep
                  </button>
                </p>
              ) : (
                <button type="button" class="small" id="empty-trash" onClick={() => setEmptying(true)}>
                  Empty the trash…
                </button>
              )}
            </details>
          )}
        </nav>
        <main class="content">
          <ErrorBanner error={error} />
          {screen === "catalog" && (
            <Catalog
              entries={[...catalog.values()]}
              onChange={(entries) => {
                setEntries(entries);
                if (editor.open) void refreshResults(editor.open.id, 400);
                void refreshList();
              }}
            />
          )}
          {screen === "cases" && !editor.open && !listFailed && (
            <section id="placeholder" class="placeholder">
              <p>Open a case, or start one from a template, to edit it and see its results.</p>
            </section>
          )}
          {screen === "cases" && editor.open && (
            <CaseView
              catalog={catalog}
              editor={editor}
              results={results}
              drawn={{ charts, generation: latest.current, onVisible }}
              timing={timing}
              simulation={simulation}
              trials={trials}
              onSimulate={(count) => {
                if (count != null) {
                  trialsRef.current = count;
                  setTrials(count);
                }
                if (editor.open) void simulate(editor.open.id);
              }}
              onCancel={() => editor.open && api.cancelSimulation(editor.open.id)}
            />
          )}
        </main>
      </div>
    </>
  );
}
