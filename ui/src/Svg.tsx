// Puts an SVG document from the chart module into the page. It is parsed as XML (never as
// HTML), so a chart can never inject markup or script into the window.
import { useEffect, useRef } from "preact/hooks";

/** The chart's drawn proportions, from its root element's width and height: its box keeps
 * them before the drawing is in (an image decodes after it is placed, an inline SVG is put
 * in after the first paint), so what is below the chart does not move up and back down. */
function ratio(svg: string): string | undefined {
  const root = /^[^]*?<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const width = /\swidth="([\d.]+)"/.exec(root)?.[1];
  const height = /\sheight="([\d.]+)"/.exec(root)?.[1];
  return width && height ? `${width} / ${height}` : undefined;
}

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
  return <div id={id} class="chart" ref={box} style={{ aspectRatio: ratio(svg) }} />;
}

/** A chart as an image: WebKit rasterises it without building its DOM, which is several
 * times quicker to paint and lighter in memory than inline SVG when a dozen charts change
 * with every keystroke. Used for every chart but the first (kept inline for its text). */
export function SvgImage({ svg, label }: { svg: string; label: string }) {
  return (
    <div class="chart" style={{ aspectRatio: ratio(svg) }}>
      <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={label} decoding="async" />
    </div>
  );
}
