// The open case: its inputs in sections on the left, results on the right, recalculated on
// every saved edit.
import { useState } from "preact/hooks";
import { api, asCommandError } from "./api";
import { BreakEven } from "./BreakEven";
import type { CaseResults, CatalogEntry } from "./bindings";
import { Stakeholders } from "./editor/Stakeholders";
import { Benefits, Costs, Drivers, Phases, Risks, Settings } from "./editor/sections";
import type { useCase } from "./editor/useCase";
import { Scenarios } from "./editor/Scenarios";
import { Versions } from "./editor/Versions";
import { Present } from "./Present";
import { type Drawn, Results, type Simulation } from "./Results";

const SECTIONS = [
  "Settings",
  "Phases",
  "Drivers",
  "Costs",
  "Benefits",
  "Risks",
  "Stakeholders",
  "Scenarios",
  "Versions",
] as const;
type Section = (typeof SECTIONS)[number];

/** The section that edits the field at an engine path such as `costs[2].unit_price`. */
function sectionOf(path: string): Section {
  const head = path.split(/[[.]/)[0];
  const found = SECTIONS.find((s) => s.toLowerCase() === head);
  return found ?? "Settings";
}

export function CaseView({
  editor,
  results,
  simulation,
  trials,
  onSimulate,
  onCancel,
  catalog,
  timing,
  drawn,
}: {
  drawn: Drawn;
  timing: { recalc?: number; save?: number; simulation?: number };
  catalog: Map<string, CatalogEntry>;
  editor: ReturnType<typeof useCase>;
  results: CaseResults | null;
  simulation: Simulation;
  trials: number;
  onSimulate: (trials?: number) => void;
  onCancel: () => void;
}) {
  const [section, setSection] = useState<Section>("Costs");
  const [exported, setExported] = useState<string | null>(null);
  const [slides, setSlides] = useState<string[] | null>(null);
  async function present() {
    setExported("Preparing the slides…");
    try {
      setSlides(await api.present(open.id));
      setExported(null);
    } catch (e) {
      setExported(`The slides could not be prepared: ${asCommandError(e).message}`);
    }
  }
  async function exporting(what: string, run: () => Promise<string | null>) {
    setExported(`Exporting ${what}…`);
    try {
      const path = await run();
      setExported(path ? `Saved ${what} to ${path}` : null);
    } catch (e) {
      setExported(`${what} could not be exported: ${asCommandError(e).message}`);
    }
  }
  const open = editor.open!;
  const c = open.case;
  const props = { c, edit: editor.edit, problems: editor.problems };
  const statusText = {
    saved: "All changes saved",
    saving: "Saving…",
    invalid: "Not saved: fix the marked fields",
    failed: `Not saved: ${editor.failure?.message ?? ""}`,
  }[editor.status];
  return (
    <section id="case" class="case">
      {slides && (
        <Present
          slides={slides}
          onExit={() => {
            setSlides(null);
            void api.endPresent();
          }}
        />
      )}
      <header class="case-header">
        <div>
          <h1 id="case-name">{c.name}</h1>
          <p id="case-use" class="use-case">
            {c.use_case}
          </p>
        </div>
        <div class="case-actions">
          <span id="save-status" class={`save-status ${editor.status}`}>
            {statusText}
          </span>
          <button type="button" class="small primary" id="present" onClick={present}>
            Present
          </button>
          <button
            type="button"
            class="small"
            id="export-deck"
            onClick={() => exporting("the deck", () => api.exportDeck(open.id, (p) => setExported(`Exporting the deck… ${p}%`)))}
          >
            Deck (PDF)
          </button>
          <button type="button" class="small" id="export-xlsx" onClick={() => exporting("the workbook", () => api.exportWorkbook(open.id))}>
            Workbook (XLSX)
          </button>
          <button type="button" class="small" id="export-case" onClick={() => exporting("the case file", () => api.exportCase(open.id))}>
            Case file
          </button>
          <button type="button" class="small" id="undo" disabled={!editor.canUndo} onClick={editor.undo} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button type="button" class="small" id="redo" disabled={!editor.canRedo} onClick={editor.redo} title="Redo (Ctrl+Shift+Z)">
            Redo
          </button>
        </div>
      </header>
      {exported && (
        <p class="toast" id="export-status" role="status">
          {exported}
        </p>
      )}
      {editor.status === "invalid" && (
        <div class="problems" role="alert">
          <strong>Not saved. The engine refused this change:</strong>
          <ul id="problems">
            {Object.entries(editor.problems).map(([field, message]) => (
              <li key={field}>
                <button type="button" class="link" onClick={() => setSection(sectionOf(field))}>
                  {field}
                </button>
                : {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="workspace">
        <div class="inputs">
          <nav class="tabs" role="tablist">
            {SECTIONS.map((s) => (
              <button
                type="button"
                role="tab"
                key={s}
                data-section={s}
                aria-selected={s === section}
                onClick={() => setSection(s)}
              >
                {s}
              </button>
            ))}
          </nav>
          <div class="section" role="tabpanel">
            {section === "Settings" && <Settings {...props} />}
            {section === "Phases" && <Phases {...props} />}
            {section === "Drivers" && <Drivers {...props} />}
            {section === "Costs" && <Costs {...props} catalog={catalog} />}
            {section === "Benefits" && <Benefits {...props} />}
            {section === "Risks" && <Risks {...props} mitigations={results?.mitigations ?? []} />}
            {section === "Stakeholders" && <Stakeholders {...props} />}
            {section === "Scenarios" && <Scenarios {...props} />}
            {section === "Versions" && <Versions id={open.id} revision={open.revision} />}
          </div>
        </div>
        <Results
          results={results}
          drawn={drawn}
          timing={timing}
          simulation={simulation}
          trials={trials}
          onSimulate={onSimulate}
          onCancel={onCancel}
          onExport={(kind, format) => exporting(`the ${kind} chart`, () => api.exportChart(open.id, kind, format))}
          after={<BreakEven id={open.id} c={c} saved={editor.status === "saved"} />}
        />
      </div>
    </section>
  );
}
