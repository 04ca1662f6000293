// The one door to the Rust commands. Every command's argument and result types come from
// the generated bindings; every failure arrives as a CommandError `{code, message, fields}`
// so screens branch on `code`, never on message text.
import type {
  Case,
  CaseChart,
  CaseResults,
  CaseRow,
  CatalogEntry,
  CatalogItem,
  CommandError,
  InputValue,
  OpenCase,
  SavedCase,
  SimulationResults,
  Solution,
  StoreNotice,
  Target,
  TemplateRow,
  TrashRow,
  VersionComparison,
  VersionRow,
} from "./bindings";

type ChannelLike<T> = { onmessage: (message: T) => void };
type TauriCore = {
  invoke: (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;
  Channel: new <T>() => ChannelLike<T>;
};

function core(): TauriCore {
  const tauri = (window as unknown as { __TAURI__?: { core?: TauriCore } }).__TAURI__;
  if (!tauri?.core || typeof tauri.core.invoke !== "function") {
    throw error("no_backend", "Candor's backend is not reachable from this window.");
  }
  return tauri.core;
}

export function error(code: string, message: string): CommandError {
  return { code, message, fields: [] };
}

/** Whatever was thrown, as a CommandError. */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === "object" && typeof (e as CommandError).message === "string") {
    const c = e as Partial<CommandError>;
    return {
      code: typeof c.code === "string" ? c.code : "unexpected",
      message: c.message as string,
      fields: Array.isArray(c.fields) ? c.fields : [],
    };
  }
  return error("unexpected", String(e));
}

/** Commands asked and not yet answered, on the page as `body[data-calls]`: the window is
 * idle, for a person or a test about to type, when it reads 0. */
let inFlight = 0;
function count(delta: number) {
  inFlight += delta;
  document.body.dataset.calls = String(inFlight);
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  count(1);
  try {
    return (await core().invoke(command, args)) as T;
  } catch (e) {
    throw asCommandError(e);
  } finally {
    count(-1);
  }
}

export const api = {
  listCases: () => call<CaseRow[]>("list_cases"),
  caseChart: (id: number) => call<CaseChart>("case_chart", { id }),
  listTemplates: () => call<TemplateRow[]>("list_templates"),
  createCase: (template: string) => call<number>("create_case", { template }),
  duplicateCase: (id: number) => call<number>("duplicate_case", { id }),
  /** Moves a case to the trash, with its versions. */
  deleteCase: (id: number) => call<TrashRow>("delete_case", { id }),
  /** Brings a case back from the trash, whole, under the same id. */
  restoreCase: (id: number) => call<number>("restore_case", { id }),
  listTrash: () => call<TrashRow[]>("list_trash"),
  /** Whether the database is read-only, and the backup made before its upgrade. */
  storeNotice: () => call<StoreNotice>("store_notice"),
  emptyTrash: () => call<TrashRow[]>("empty_trash"),
  /** Null when the user cancels the dialog. */
  importCase: () => call<number | null>("import_case"),
  openCase: (id: number) => call<OpenCase>("open_case", { id }),
  /** Saves an edit; the new revision and the results, with the deterministic charts of
   * `charts` (or, when they could not be computed, `results_error`: the edit is saved). */
  saveCase: (id: number, revision: number, c: Case, charts: string[]) =>
    call<SavedCase>("save_case", { id, revision, case: c, charts }),
  /** The cards, and the deterministic charts of `charts` (the kinds in view). */
  caseResults: (id: number, scenario: string | null, charts: string[]) =>
    call<CaseResults>("case_results", { id, scenario, charts }),
  simulateCase: (id: number, scenario: string | null, trials: number, onProgress: (pct: number) => void) => {
    const channel = new (core().Channel)<number>();
    channel.onmessage = onProgress;
    return call<SimulationResults>("simulate_case", { id, scenario, trials, progress: channel });
  },
  cancelSimulation: (id: number) => call<void>("cancel_simulation", { id }),
  listCatalog: () => call<CatalogEntry[]>("list_catalog"),
  putPrice: (item: CatalogItem) => call<CatalogEntry[]>("put_price", { item }),
  removePrice: (id: string) => call<CatalogEntry[]>("remove_price", { id }),
  /** Each export asks where to save (a native dialog); null when the user cancels. */
  exportChart: (id: number, kind: string, format: "png" | "png2x" | "svg") =>
    call<string | null>("export_chart", { id, kind, format }),
  exportDeck: (id: number, onProgress: (pct: number) => void) => {
    const channel = new (core().Channel)<number>();
    channel.onmessage = onProgress;
    return call<string | null>("export_deck", { id, progress: channel });
  },
  exportWorkbook: (id: number) => call<string | null>("export_workbook", { id }),
  exportCase: (id: number) => call<string | null>("export_case", { id }),
  present: (id: number) => call<string[]>("present", { id }),
  endPresent: () => call<void>("end_present"),
  caseInputs: (c: Case) => call<InputValue[]>("case_inputs", { case: c }),
  /** The value of `input` at which saved case `id` reaches `target`, with the answer in words. */
  breakEven: (id: number, input: string, target: Target) => call<Solution>("break_even", { id, input, target }),
  freezeVersion: (id: number, name: string) => call<VersionRow>("freeze_version", { id, name }),
  listVersions: (id: number) => call<VersionRow[]>("list_versions", { id }),
  compareVersion: (id: number, name: string) => call<VersionComparison>("compare_version", { id, name }),
};
