// Puts an SVG document from the chart module into the page. It is parsed as XML (never as
// HTML), so a chart can never inject markup or script into the window.
import { useEffect, useRef } from "preact/hooks";

export function Svg({ svg, label, id }: { svg: string; label: string; id?: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = box.current;
    if (!container) return;
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    const root = doc.documentElement;
    if (doc.getElementsByTagName("parsererror").length > 0 || root.localName !== "svg") {
      container.textContent = "The chart returned by the engine is not a valid SVG document.";
      return;
    }
    root.setAttribute("role", "img");
    root.setAttribute("aria-label", label);
    container.replaceChildren(document.importNode(root, true));
  }, [svg, label]);
  return <div id={id} class="chart" ref={box} />;
}
