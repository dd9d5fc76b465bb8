/**
 * The styles of the figure pages (trade floors, officers' and admins' dashboards, issue 15), sent
 * only with them: every other page carries the shared stylesheet inline, and the product page has
 * no bytes to spare (its 120 KB bar).
 */
const CSS = `.chart{margin:0 0 1rem}.chart svg{max-width:32rem}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;padding:0;list-style:none}
.figures li{background:var(--leaf);border-radius:var(--radius);padding:.5rem .75rem}.figures strong{display:block;font-size:1.4rem}
.table-scroll{overflow-x:auto}
@media print{.panel--flow{break-inside:auto}.chart,.figures li{break-inside:avoid}.chart svg{max-width:22rem}.figures li{border:1px solid #bbb}}`;

export function FiguresStyle() {
  return <style dangerouslySetInnerHTML={{ __html: CSS }} />;
}
