import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { percentile } from "./web";

/**
 * Lighthouse's mobile run (default throttling: simulated slow 4G, 4× CPU slowdown) in Debian's
 * Chromium, a few times per page: its LCP and FCP are simulated from one trace and swing by a
 * second between runs, so the median is the figure. Lighthouse is fetched by npx on first use
 * rather than kept in the project: it is large and only this bench needs it.
 */
const LIGHTHOUSE = "lighthouse@13.5.0";

function lighthouseOnce(url: string, headers: Record<string, string>): { lcp: number; fcp: number } {
  const dir = mkdtempSync(path.join(tmpdir(), "vn-lighthouse-"));
  try {
    const out = path.join(dir, "report.json");
    const run = spawnSync(
      "npx",
      [
        "--yes",
        LIGHTHOUSE,
        url,
        "--only-categories=performance",
        "--output=json",
        `--output-path=${out}`,
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox",
        ...(Object.keys(headers).length ? [`--extra-headers=${JSON.stringify(headers)}`] : []),
      ],
      { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }, encoding: "utf8", timeout: 180_000 },
    );
    if (run.status !== 0) throw new Error(`lighthouse failed: ${run.stderr.slice(-500)}`);
    // BENCH_LIGHTHOUSE_KEEP=dir keeps each run's full report there, to see what held up a paint.
    if (process.env.BENCH_LIGHTHOUSE_KEEP) copyFileSync(out, path.join(process.env.BENCH_LIGHTHOUSE_KEEP, `${new URL(url).pathname.replace(/\W+/g, "_")}-${Date.now()}.json`));
    const report = JSON.parse(readFileSync(out, "utf8")) as { audits: Record<string, { numericValue?: number }> };
    return { lcp: report.audits["largest-contentful-paint"]?.numericValue ?? NaN, fcp: report.audits["first-contentful-paint"]?.numericValue ?? NaN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median LCP per page (headers: a session, the lite switch); `bar` pages are held to LCP ≤ 2.5 s. Returns whether all passed. */
export function lighthouseBench(
  base: string,
  pages: Array<[name: string, path: string, bar: boolean, headers?: Record<string, string>]>,
  runs = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5),
): boolean {
  console.log(`\n## Lighthouse mobile (default throttling), median of ${runs} runs per page`);
  let ok = true;
  // BENCH_LIGHTHOUSE_PAGES=product,new listing measures only those pages (each takes over a minute).
  const only = process.env.BENCH_LIGHTHOUSE_PAGES?.split(",").map((name) => name.trim());
  for (const [name, pathname, bar, headers = {}] of pages) {
    if (only && !only.includes(name)) continue;
    const results = Array.from({ length: runs }, () => lighthouseOnce(base + pathname, headers));
    const lcp = percentile(results.map((r) => r.lcp), 50);
    const fcp = percentile(results.map((r) => r.fcp), 50);
    const pass = lcp <= 2500;
    if (bar) ok = ok && pass;
    const all = results.map((r) => (r.lcp / 1000).toFixed(1)).join(", ");
    console.log(`${name.padEnd(19)} LCP median ${(lcp / 1000).toFixed(2)} s (runs: ${all}) · FCP median ${(fcp / 1000).toFixed(2)} s ${bar ? `→ LCP ≤ 2.5 s ${pass ? "PASS" : "FAIL"}` : "(no bar, for reference)"}`);
  }
  return ok;
}
