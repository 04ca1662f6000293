// The open case as the editor holds it. Every edit copies the case, applies the change and
// saves it at once (one transaction in the store); a refused save keeps the edit on screen
// with the engine's message at each field and nothing stored. Saves run one at a time, the
// latest edit winning, so a fast typist never races two revisions. Undo and redo replay
// whole documents through the same save.
import { useRef, useState } from "preact/hooks";
import { api, asCommandError } from "../api";
import type { Case, CaseResults, CommandError, OpenCase } from "../bindings";
import type { Problems } from "./fields";

export type Status = "saved" | "saving" | "invalid" | "failed";

export function useCase(
  onSaved: (id: number, results: CaseResults) => void,
  /** A committed save whose results could not be computed: the edit is saved all the same. */
  onResultsFailed: (id: number, error: CommandError) => void,
  onEdit: (id: number) => void,
  chartsInView: () => string[],
) {
  const [open, setOpen] = useState<OpenCase | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [status, setStatus] = useState<Status>("saved");
  const [failure, setFailure] = useState<CommandError | null>(null);
  const undo = useRef<Case[]>([]);
  const redo = useRef<Case[]>([]);
  const revision = useRef(0);
  const pending = useRef<Case | null>(null);
  const saving = useRef(false);
  const current = useRef<OpenCase | null>(null);
  /** When the edit being saved was made (performance.now()), to time edit → results. */
  const editedAt = useRef<number | null>(null);
  /** When the last save returned, to split edit → results into save and results. */
  const savedAt = useRef<number | null>(null);

  async function flush() {
    if (saving.current || !current.current) return;
    saving.current = true;
    while (pending.current && current.current) {
      const doc = pending.current;
      pending.current = null;
      const id: number = current.current.id;
      setStatus("saving");
      try {
        const saved = await api.saveCase(id, revision.current, doc, chartsInView());
        // Another case was opened while this one saved: the save stands, but its revision
        // and results belong to a case no longer on screen.
        if (current.current?.id !== id) continue;
        revision.current = saved.revision;
        savedAt.current = performance.now();
        setProblems({});
        setFailure(null);
        setStatus("saved");
        if (saved.results) onSaved(id, saved.results);
        else if (saved.results_error) onResultsFailed(id, saved.results_error);
      } catch (e) {
        if (current.current?.id !== id) continue;
        const err = asCommandError(e);
        if (err.code === "invalid_case") {
          setProblems(Object.fromEntries((err.fields ?? []).map((f) => [f.field, f.message])));
          setStatus("invalid");
        } else {
          setFailure(err);
          setStatus("failed");
        }
      }
    }
    saving.current = false;
  }

  function show(doc: Case) {
    if (!current.current) return;
    current.current = { ...current.current, case: doc };
    setOpen(current.current);
    pending.current = doc;
    void flush();
  }

  return {
    open,
    problems,
    status,
    failure,
    canUndo: undo.current.length > 0,
    canRedo: redo.current.length > 0,
    async load(id: number) {
      const o = await api.openCase(id);
      current.current = o;
      revision.current = o.revision;
      undo.current = [];
      redo.current = [];
      pending.current = null;
      setProblems({});
      setFailure(null);
      setStatus("saved");
      setOpen(o);
      return o;
    },
    close() {
      current.current = null;
      setOpen(null);
    },
    editedAt,
    savedAt,
    edit(change: (c: Case) => void) {
      if (!current.current) return;
      editedAt.current = performance.now();
      onEdit(current.current.id);
      const before = current.current.case;
      const next = structuredClone(before);
      change(next);
      undo.current.push(before);
      if (undo.current.length > 200) undo.current.shift();
      redo.current = [];
      show(next);
    },
    undo() {
      const previous = undo.current.pop();
      if (!previous || !current.current) return;
      redo.current.push(current.current.case);
      show(previous);
    },
    redo() {
      const next = redo.current.pop();
      if (!next || !current.current) return;
      undo.current.push(current.current.case);
      show(next);
    },
  };
}
