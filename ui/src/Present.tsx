// Present mode: the deck's own slides, full screen, one at a time. Arrow keys, Page Up/Down,
// space or a click move; Home and End jump; Esc leaves. The slides are the PDF deck's, so
// the meeting sees exactly what was sent round.
import { useEffect, useState } from "preact/hooks";
import { Svg } from "./Svg";

export function Present({ slides, onExit }: { slides: string[]; onExit: () => void }) {
  const [index, setIndex] = useState(0);
  const last = slides.length - 1;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const moves: Record<string, (i: number) => number> = {
        ArrowRight: (i) => i + 1,
        ArrowDown: (i) => i + 1,
        PageDown: (i) => i + 1,
        " ": (i) => i + 1,
        ArrowLeft: (i) => i - 1,
        ArrowUp: (i) => i - 1,
        PageUp: (i) => i - 1,
        Home: () => 0,
        End: () => last,
      };
      if (event.key === "Escape") {
        event.preventDefault();
        onExit();
      } else if (moves[event.key]) {
        event.preventDefault();
        setIndex((i) => Math.min(last, Math.max(0, moves[event.key](i))));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [last, onExit]);
  return (
    <div class="present" id="presentation" role="dialog" aria-label="Presentation" onClick={() => setIndex((i) => Math.min(last, i + 1))}>
      <Svg svg={slides[index]} label={`Slide ${index + 1} of ${slides.length}`} id="slide" />
      <div class="present-counter" id="slide-counter">
        {index + 1} / {slides.length} · ← → to move · Esc to leave
      </div>
    </div>
  );
}
