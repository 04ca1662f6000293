// The break-even solver: which value of one input makes the NPV reach zero, or payback come
// within k months. The engine searches the saved case (its base scenario) and answers in
// words, or says that no value in the input's range gets there. An edit makes an answer out
// of date, so it is cleared; the search waits for the edit to be saved.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, asCommandError } from "./api";
import type { Case, InputValue, Target } from "./bindings";

type Answer = { text: string; found: boolean } | { error: string };

export function BreakEven({ id, c, saved }: { id: number; c: Case; saved: boolean }) {
  const [inputs, setInputs] = useState<InputValue[]>([]);
  const [input, setInput] = useState("");
  const [goal, setGoal] = useState<"npv" | "payback">("npv");
  const [months, setMonths] = useState(24);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);

  // The inputs listed depend on the case's lines and ranges, not on its figures: asked for
  // again when those change, not with every keystroke in a number (which saves the case).
  const shape = useMemo(() => JSON.stringify(c, (_, v) => (typeof v === "number" ? 0 : v)), [c]);
  // Which case the answer is for: an edit moves it on, so a search that returns after the
  // edit is dropped rather than shown for the edited case.
  const edits = useRef(0);
  useEffect(() => {
    edits.current++;
    setAnswer(null);
  }, [id, c]);
  useEffect(() => {
    // The uncertain inputs first: they are the ones a PM is unsure of, and so asks about.
    let live = true;
    const uncertain = (c.uncertain ?? []).map((u) => u.input);
    api
      .caseInputs(c)
      .then((all) => {
        if (!live) return;
        const rank = (i: InputValue) => (uncertain.includes(i.input) ? 0 : 1);
        const sorted = [...all].sort((a, b) => rank(a) - rank(b));
        setInputs(sorted);
        setInput((current) => (sorted.some((i) => i.input === current) ? current : (sorted[0]?.input ?? "")));
      })
      .catch(() => live && setInputs([]));
    return () => {
      live = false;
    };
  }, [id, shape]);

  async function solve() {
    const target: Target = goal === "npv" ? { Npv: 0 } : { Payback: months };
    const asked = edits.current;
    setBusy(true);
    try {
      const s = await api.breakEven(id, input, target);
      if (asked === edits.current) setAnswer({ text: s.message, found: s.value != null });
    } catch (e) {
      if (asked === edits.current) setAnswer({ error: asCommandError(e).message });
    } finally {
      setBusy(false);
    }
  }

  const uncertainCount = inputs.filter((i) => (c.uncertain ?? []).some((u) => u.input === i.input)).length;
  return (
    <section class="break-even" id="break-even" aria-label="Break-even">
      <h2>Break-even</h2>
      <p class="muted">Which value of one input makes the case break even, the others as they are (base scenario).</p>
      <div class="break-even-form">
        <select aria-label="Input" id="break-even-input" value={input} onChange={(e) => setInput((e.target as HTMLSelectElement).value)}>
          {inputs.map((i, k) => (
            <option key={i.input} value={i.input}>
              {k < uncertainCount ? "◆ " : ""}
              {i.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Target"
          id="break-even-goal"
          value={goal}
          onChange={(e) => setGoal((e.target as HTMLSelectElement).value as "npv" | "payback")}
        >
          <option value="npv">NPV = 0</option>
          <option value="payback">payback within…</option>
        </select>
        {goal === "payback" && (
          <label class="months">
            <input
              type="number"
              id="break-even-months"
              min={1}
              step={1}
              value={months}
              onInput={(e) => setMonths(Math.max(1, Math.round(Number((e.target as HTMLInputElement).value) || 1)))}
            />{" "}
            months
          </label>
        )}
        <button type="button" class="small primary" id="break-even-solve" disabled={busy || !saved || input === ""} onClick={solve}>
          {busy ? "Searching…" : saved ? "Find the value" : "Saving…"}
        </button>
      </div>
      {answer && (
        <p
          id="break-even-answer"
          role="status"
          class={"error" in answer ? "warn" : answer.found ? "answer" : "answer none"}
        >
          {"error" in answer ? `The search failed: ${answer.error}` : answer.text}
        </p>
      )}
      {uncertainCount > 0 && <p class="muted small-print">◆ uncertain inputs, searched over their range (P1–P99).</p>}
    </section>
  );
}
