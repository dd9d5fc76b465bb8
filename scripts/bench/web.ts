import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import getPort from "get-port";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** The real start command against the benchmark's engines, with no worker or seeding. */
export async function startServer(root: string, env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await getPort({ host: "127.0.0.1" });
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: randomBytes(24).toString("hex"),
      RUN_WORKER: "false",
      SEED_DEMO: "false",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      MALLOC_ARENA_MAX: "2",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (output.includes("running at")) break;
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** Load at a fixed concurrency for a fixed time; latency percentiles from every response. */
export async function load(url: string, paths: string[], connections: number, seconds: number, headers: Record<string, string> = {}) {
  const times: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let i = 0;
  let resolveResult: (r: autocannon.Result) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve) => (resolveResult = resolve));
  const instance = autocannon(
    {
      url,
      connections,
      duration: seconds,
      headers,
      requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
    },
    (_error, result) => resolveResult(result),
  );
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) non2xx++;
  });
  instance.on("reqError", () => errors++);
  const result = await done;
  return {
    requests: times.length,
    rps: result.requests.average,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors,
    non2xx,
  };
}

/** Bytes a first visit transfers: the HTML, every script and stylesheet it references, gzip. */
export async function pageWeight(base: string, pathname: string) {
  const get = async (u: string) => {
    const res = await fetch(u, { headers: { "Accept-Encoding": "gzip" } });
    const body = Buffer.from(await res.arrayBuffer());
    // fetch decompresses; what travels is the gzip of the body (the server compresses text).
    return { text: body.toString("utf8"), wire: gzipSync(body).length };
  };
  const html = await get(base + pathname);
  const assets = new Set<string>();
  for (const m of html.text.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/(?:build|i18n)\/[^"]+\.(?:js|css))"/g)) if (m[1]) assets.add(m[1]);
  for (const m of html.text.matchAll(/import\("(\/build\/[^"]+\.js)"\)/g)) if (m[1]) assets.add(m[1]);
  let js = 0;
  let css = 0;
  // The page's strings (/i18n/…): data in a script, cached a year; counted in the total, not as code.
  let strings = 0;
  for (const asset of assets) {
    const { wire } = await get(base + asset);
    if (asset.endsWith(".css")) css += wire;
    else if (asset.startsWith("/i18n/")) strings += wire;
    else js += wire;
  }
  return { html: html.wire, js, css, strings, total: html.wire + js + css + strings, assets: assets.size };
}

export const rootOf = (file: string) => path.resolve(path.dirname(file), "..", "..");
