import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = path.join(root, ".data", "test-startup");
const startScript = ["--import", "tsx", "scripts/start.ts"];

/** Processes whose command line mentions `needle` (our data directory), from /proc. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmd.includes(needle)) found.push(`${entry}: ${cmd.trim()}`);
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

function startApp(env: Record<string, string>) {
  // Its own process group, so we can send Ctrl-C the way a terminal does: to the whole group.
  const child = spawn(process.execPath, startScript, {
    cwd: root,
    env: { ...process.env, NODE_ENV: "development", DATA_DIR: dataDir, DATABASE_URL: "", MEILI_URL: "", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<{ url: string; seconds: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 90 s:\n${output}`)), 90_000);
    const check = () => {
      const m = output.match(/running at (https?:\/\/\S+)\s+\(ready in ([\d.]+) s\)/);
      if (m?.[1] && m[2]) {
        clearTimeout(timer);
        resolve({ url: m[1], seconds: Number(m[2]) });
      }
    };
    child.stdout?.on("data", check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before ready:\n${output}`));
    });
  });
  return { child, ready, exited, output: () => output };
}

async function ctrlC(child: ChildProcess, exited: Promise<number | null>) {
  process.kill(-child.pid!, "SIGINT");
  const timeout = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
  const code = await exited;
  clearTimeout(timeout);
  return code;
}

afterAll(() => {
  for (const line of processesMentioning(dataDir)) process.kill(Number(line.split(":")[0]), "SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("starts from a clean data directory, answers /healthz, and leaves nothing behind on Ctrl-C; a second start reuses the data", async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const port = String(40000 + (process.pid % 10000));
    const first = startApp({ PORT: port });
    const { url } = await first.ready;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: { status: "ok" }, search: { status: "ok" }, jobQueue: { worker: true } });
    expect(first.output()).toContain("Demo data seeded.");
    expect(processesMentioning(dataDir).length).toBeGreaterThan(0); // postgres and meilisearch are ours
    const firstCode = await ctrlC(first.child, first.exited);
    expect(firstCode, first.output()).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);

    const second = startApp({ PORT: port });
    const again = await second.ready;
    expect(second.output()).not.toContain("Demo data seeded.");
    expect(again.seconds).toBeLessThan(15);
    const bananaFarm = await fetch(`${again.url}/shops/vuon-chuoi-ba-tu`);
    expect(bananaFarm.status).toBe(200);
    expect(await bananaFarm.text()).toContain("Phường Bình Phước, Đồng Nai");
    // Signed-out visitors share a page rendered up to two seconds ago; signed-in people never do.
    const rendered = await fetch(`${again.url}/c/trai-cay`);
    const reused = await fetch(`${again.url}/c/trai-cay`);
    expect([rendered.headers.get("x-cache"), reused.headers.get("x-cache")]).toEqual(["MISS", "HIT"]);
    // The same page, except that each visitor gets a CSP nonce of their own.
    const withoutNonces = (html: string) => html.replace(/nonce="[^"]+"/g, 'nonce=""');
    const [renderedHtml, reusedHtml] = [await rendered.text(), await reused.text()];
    expect(withoutNonces(reusedHtml)).toBe(withoutNonces(renderedHtml));
    expect(reusedHtml).not.toBe(renderedHtml);
    const signedIn = await fetch(`${again.url}/c/trai-cay`, { headers: { Cookie: "vn_session=anything" } });
    expect(signedIn.headers.get("x-cache")).toBeNull();
    // A product page is kept longer, and dropped the moment PostgreSQL announces a change to it.
    const db = new pg.Client({ connectionString: (JSON.parse(readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string }).databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ slug: string; stock: number }>("select slug, stock from products where status = 'active' order by id limit 1");
    const product = rows[0]!;
    const productUrl = `${again.url}/products/${product.slug}`;
    expect((await fetch(productUrl)).headers.get("x-cache")).toBe("MISS");
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(`${again.url}/c/trai-cay`)).headers.get("x-cache")).toBe("MISS");
    const kept = await fetch(productUrl);
    expect(kept.headers.get("x-cache")).toBe("HIT");
    await db.query("update products set stock = $2 where slug = $1", [product.slug, product.stock + 7]);
    await db.end();
    await new Promise((r) => setTimeout(r, 100)); // the announcement travels asynchronously
    const changed = await fetch(productUrl);
    expect(changed.headers.get("x-cache")).toBe("MISS");
    expect(await changed.text()).toContain(`${product.stock + 7}`);
    expect(await ctrlC(second.child, second.exited)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 180_000);

  // Issue 9 #1 and #11: `NODE_ENV=production npm start` seeded the demo admin with the README's
  // password, printed the sign-ins, and /dev/outbox (every reset code) was one flag away.
  it("in production seeds no accounts, prints no sign-ins and serves no development tools", async () => {
    const port = String(41000 + (process.pid % 10000));
    const prod = startApp({ PORT: port, NODE_ENV: "production", DATA_DIR: path.join(dataDir, "prod"), PUBLIC_URL: "https://vuonnha.test", SESSION_SECRET: "s".repeat(40), STAMP_SECRET: "t".repeat(40) });
    await prod.ready;
    const url = `http://127.0.0.1:${port}`;
    expect(prod.output()).not.toContain("vuonnha123");
    expect(prod.output()).not.toContain("demo sign-ins");
    expect(prod.output()).not.toContain("Demo data seeded.");
    const home = await fetch(`${url}/`);
    expect(home.headers.get("strict-transport-security")).toContain("max-age=");
    expect(await home.text()).toContain('href="https://vuonnha.test/"');
    for (const tool of ["/dev/outbox", "/dev/bank", "/dev/sim/momo/pay/x", "/dev/sim/stripe/pay/cs_test_x", "/v1/checkout/sessions/cs_test_x"]) expect((await fetch(`${url}${tool}`)).status, tool).toBe(404);
    // The payment simulators' APIs answer no one in production either (POST, as a provider SDK calls them).
    for (const api of ["/v1/checkout/sessions", "/dev/sim/momo/api/v2/gateway/api/create"]) {
      expect((await fetch(`${url}${api}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "mode=payment" })).status, api).toBe(404);
    }
    // No provider is configured, so none but bank transfers and cash is offered, and their webhooks are not there.
    expect((await fetch(`${url}/webhooks/payments/stripe`, { method: "POST", body: "{}" })).status).toBe(404);
    const runtime = JSON.parse(readFileSync(path.join(dataDir, "prod", "runtime.json"), "utf8")) as { databaseUrl: string };
    const db = new pg.Client({ connectionString: runtime.databaseUrl });
    await db.connect();
    expect((await db.query("select count(*)::int as n from users")).rows[0]).toEqual({ n: 0 });
    await db.end();
    expect(await ctrlC(prod.child, prod.exited)).toBe(0);
  }, 120_000);

  it.each<[Record<string, string>, RegExp]>([
    [{ PORT: "abc" }, /^Configuration error: PORT must be a port number between 0 and 65535$/],
    [{ NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), STAMP_SECRET: "t".repeat(40) }, /^Configuration error: PUBLIC_URL is required in production/],
    [{ HOST: "0.0.0.0", SHOW_DEV_OUTBOX: "true" }, /^Configuration error: SHOW_DEV_OUTBOX can only be on in development on a loopback HOST/],
    [{ DATABASE_URL: "postgres://vn:secret@127.0.0.1:1/vuonnha" }, /^Configuration error: DATABASE_URL cannot connect to 127\.0\.0\.1:1\/vuonnha: ECONNREFUSED/],
    [{ MEILI_URL: "ftp://search" }, /^Configuration error: MEILI_URL must be a URL starting with http: or https:\/\/$/],
  ])("stops with one clear line for a bad setting %o", (env, expected) => {
    const result = spawnSync(process.execPath, startScript, {
      cwd: root,
      env: { ...process.env, DATA_DIR: path.join(dataDir, "bad"), ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
