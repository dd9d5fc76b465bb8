import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import getPort from "get-port";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** The real start command against the benchmark's engines, with no worker or seeding. */
export async function startServer(root: string, env: Record<string, string>): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await getPort({ host: "127.0.0.1" });
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of the server there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, "--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: randomBytes(24).toString("hex"),
      STAMP_SECRET: randomBytes(24).toString("hex"),
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
    pid: child.pid ?? 0,
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
export async function pageWeight(base: string, pathname: string, headers: Record<string, string> = {}) {
  const get = async (u: string) => {
    const res = await fetch(u, { headers: { "Accept-Encoding": "gzip", ...headers } });
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

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux; ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Server CPU per request at concurrency 1: batches of sequential requests, the server's CPU time
 * over each batch divided by its size (a tick is 10 ms, so batches keep the error to a few
 * hundredths of a millisecond per request); the median batch is the figure.
 */
export async function cpuPerRequest(url: string, pid: number, paths: string[], headers: Record<string, string>, batches = 12, perBatch = 40) {
  const perRequest: number[] = [];
  let n = 0;
  for (let b = 0; b < batches; b++) {
    const before = processCpuMs(pid);
    for (let i = 0; i < perBatch; i++) {
      const res = await fetch(url + paths[n++ % paths.length], { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${res.status} for ${paths[(n - 1) % paths.length]}`);
    }
    perRequest.push((processCpuMs(pid) - before) / perBatch);
  }
  return { median: percentile(perRequest, 50), min: Math.min(...perRequest), max: Math.max(...perRequest), requests: n };
}
