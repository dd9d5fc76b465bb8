import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPageCache, type PageCache } from "../../scripts/lib/microcache";
import { wantsLite } from "~/lib/lite";

/** Issue 9 #9: 5,000 anonymous requests with long query strings took the server from 151 MB to 807 MB, for good. */
describe("page cache memory", () => {
  let cache: PageCache;
  let server: ReturnType<ReturnType<typeof express>["listen"]>;
  let base = "";
  const PAGE = "x".repeat(20_000);
  const MAX_BYTES = 400_000;

  beforeAll(async () => {
    cache = createPageCache({ ttlMs: 300, taggedTtlMs: 300, maxEntries: 5000, maxBytes: MAX_BYTES, privateCookies: ["vn_session"] });
    const app = express();
    app.use(cache.middleware);
    app.get("/search", (_req, res) => res.type("html").send(PAGE));
    // Stands in for the app: a lite page (no scripts) when the data saver is asked for.
    app.get("/c/lite", (req, res) => res.type("html").send(wantsLite({ cookie: req.headers.cookie, saveData: String(req.headers["save-data"] ?? "") }) ? "<p>lite</p>" : "<p>full</p><script></script>"));
    app.get("/c/nonce", (_req, res) => {
      const nonce = "QUJDREVGR0hJSktMTU5PUA==";
      res.setHeader("Content-Security-Policy", `script-src 'self' 'nonce-${nonce}'`);
      res.type("html").send(`<p>Vườn Nhà</p><script nonce="${nonce}">1</script><script nonce="${nonce}">2</script>`);
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    cache.stop();
    server.close();
  });

  it("never holds more than its byte cap, however many distinct long URLs are asked for", async () => {
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${base}/search?q=${"chuoi".repeat(200)}${i}`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    expect(cache.bytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(cache.size).toBeGreaterThan(5);
    expect(cache.size).toBeLessThan(200);
  });

  // Issue 9 #26: a cached page must not hand every visitor the same CSP nonce.
  it("gives each visitor of a cached page a fresh nonce, in the header and in every script", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/c/nonce`);
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1] ?? "";
      const html = await res.text();
      expect(html).toBe(`<p>Vườn Nhà</p><script nonce="${nonce}">1</script><script nonce="${nonce}">2</script>`);
      seen.add(nonce);
    }
    expect(seen.size).toBe(3);
  });

  it("keeps lite pages and full pages apart, whether the data saver comes from the browser or the switch", async () => {
    const page = async (headers: Record<string, string>) => (await fetch(`${base}/c/lite`, { headers })).text();
    expect(await page({})).toBe("<p>full</p><script></script>");
    expect(await page({ "Save-Data": "on" })).toBe("<p>lite</p>");
    expect(await page({ Cookie: "lite=1" })).toBe("<p>lite</p>");
    expect(await page({})).toBe("<p>full</p><script></script>");
    // The switch turned off wins over the browser's data saver.
    expect(await page({ Cookie: "lite=0", "Save-Data": "on" })).toBe("<p>full</p><script></script>");
  });

  it("frees expired pages even when nobody asks for them again", async () => {
    await (await fetch(`${base}/search?q=once`)).arrayBuffer();
    expect(cache.size).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1300)); // lifetime 300 ms; the sweep runs at least every second
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});
