import sharp from "sharp";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { signBankNotification } from "~/payments/vietqr.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, makeFarmer, makeUser, TEST_BANK_SECRET } from "../support/fixtures";
import { startServer, type RunningServer } from "../support/server";

/**
 * The attacks that got through the HTTP front (issue 9), replayed against the real server: each
 * test names the item it reproduces. Requests go through node:http so Host, Origin and chunked
 * bodies are exactly what an attacker would send.
 */
let t: TestDatabase;
let dev: RunningServer;
let farmer: PublicUser;
const EN_COOKIE = `lang=${encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64"))}`;

beforeAll(async () => {
  t = await createTestDatabase();
  farmer = (await makeFarmer(t.db, "Bà Tư")).user;
  dev = await startServer(appContext(t.db, { publicUrl: "https://vuonnha.test" }));
}, 120_000);
afterAll(async () => {
  await dev?.close();
  await t.drop();
});

const form = (fields: Record<string, string>) => ({
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("cross-site posts (issue 9 #6)", () => {
  it("refuses a sign-in posted from another site, _data or not, with a 403 page in the visitor's language", async () => {
    for (const target of ["/login?_data=routes%2Flogin", "/login"]) {
      const attack = await dev.send("POST", target, {
        ...form({ phone: farmer.phone, password: "mat-khau-dai" }),
        headers: { ...form({}).headers, Origin: "https://evil.example" },
      });
      expect(attack.status).toBe(403);
      expect(attack.text).toContain("Biểu mẫu không đến từ Vườn Nhà");
      expect(attack.headers["set-cookie"]).toBeUndefined();
    }
    const english = await dev.send("POST", "/login", { ...form({}), headers: { ...form({}).headers, Origin: "https://evil.example", Cookie: EN_COOKIE } });
    expect(english.status).toBe(403);
    expect(english.text).toContain("This form did not come from Vườn Nhà");
    // Without Origin, the browser's Sec-Fetch-Site tells: a same-site but other-origin page is refused too.
    const sameSite = await dev.send("POST", "/cart", { ...form({ productId: "1" }), headers: { ...form({}).headers, "Sec-Fetch-Site": "same-site" } });
    expect(sameSite.status).toBe(403);
  });

  it("lets our own pages post, and signed webhooks through whatever their origin", async () => {
    const own = await dev.send("POST", "/login", {
      ...form({ phone: farmer.phone, password: "mat-khau-dai", redirectTo: "/account" }),
      headers: { ...form({}).headers, Origin: "https://vuonnha.test" },
    });
    expect(own.status).toBe(302);
    const raw = JSON.stringify({ id: "edge-1", amount: 1000, description: "no order", bankBin: "970405", accountNumber: "1" });
    const hook = await dev.send("POST", "/webhooks/bank-transfer", {
      headers: { "Content-Type": "application/json", Origin: "https://bank.example", "X-Signature": signBankNotification(TEST_BANK_SECRET, raw) },
      body: raw,
    });
    expect(hook.status).toBe(200);
  });
});

describe("open redirects (issue 9 #7)", () => {
  it("never sends someone to another site after sign-in, and a CR/LF in redirectTo is no 500", async () => {
    for (const redirectTo of ["/\t/evil.example/x", "//evil.example", "/\\evil.example", "https://evil.example/", "/\r\nSet-Cookie:x=1", "/%09/evil.example"]) {
      const res = await dev.send("POST", "/login", {
        ...form({ phone: farmer.phone, password: "mat-khau-dai", redirectTo }),
        headers: { ...form({}).headers, Origin: "https://vuonnha.test" },
      });
      expect(res.status, redirectTo).toBe(302);
      const location = new URL(String(res.headers.location), "https://vuonnha.test");
      expect(location.origin, redirectTo).toBe("https://vuonnha.test");
    }
  });
});

describe("Host header (issue 9 #8)", () => {
  it("builds every absolute URL from the configured address, never from Host or X-Forwarded-Host", async () => {
    for (const pathname of ["/", "/robots.txt", "/sitemap.xml"]) {
      const res = await dev.send("GET", pathname, { headers: { Host: "evil.example", "X-Forwarded-Host": "evil2.example" } });
      expect(res.status, pathname).toBe(200);
      expect(res.text, pathname).not.toMatch(/evil2?\.example/);
    }
    const robots = await dev.send("GET", "/robots.txt", { headers: { Host: "evil.example" } });
    expect(robots.text).toContain("https://vuonnha.test/sitemap.xml");
  });

  it("answers a malformed Host or X-Forwarded-Host with 400, not 500", async () => {
    const malformed: Record<string, string>[] = [{ Host: "evil example" }, { Host: "a:b:c" }, { Host: "127.0.0.1", "X-Forwarded-Host": "x/y" }, { Host: "[zz" }];
    for (const headers of malformed) {
      const res = await dev.send("GET", "/", { headers });
      expect(res.status, JSON.stringify(headers)).toBe(400);
    }
  });

  it("never serves a cached page drawn for one host to another", async () => {
    const cached = await startServer(appContext(t.db, { publicUrl: "https://vuonnha.test" }), { pageCacheMs: 60_000, taggedPageCacheMs: 60_000 });
    try {
      const first = await cached.send("GET", "/robots.txt", { headers: { Host: "evil.example" } });
      const second = await cached.send("GET", "/robots.txt", { headers: { Host: `127.0.0.1:${cached.port}` } });
      expect(first.headers["x-cache"]).toBe("MISS");
      expect(second.headers["x-cache"]).toBe("MISS");
      expect((await cached.send("GET", "/robots.txt", { headers: { Host: `127.0.0.1:${cached.port}` } })).headers["x-cache"]).toBe("HIT");
    } finally {
      await cached.close();
    }
  });
});

describe("bodies are capped while they stream (issue 9 #5)", () => {
  it("stops a chunked form body past 2 MB without reading the rest", async () => {
    const res = await dev.send("POST", "/login", { headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://vuonnha.test" }, chunks: { size: 64 * 1024, count: 1600 } });
    expect(res.status).toBe(413);
    expect(res.text).toContain("Dữ liệu gửi lên quá lớn");
    // 100 MB offered; refused soon after the 2 MB cap.
    expect(res.sentBytes).toBeLessThan(20 * 1024 * 1024);
  });

  it("stops a chunked webhook body past 64 KB before any of it is parsed", async () => {
    const res = await dev.send("POST", "/webhooks/bank-transfer", { headers: { "Content-Type": "application/json" }, chunks: { size: 16 * 1024, count: 6400 } });
    expect(res.status).toBe(413);
    expect(res.sentBytes).toBeLessThan(20 * 1024 * 1024);
  });

  it("refuses a declared Content-Length over the cap at once", async () => {
    const res = await dev.send("POST", "/login", { headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(3 * 1024 * 1024) }, body: "" });
    expect(res.status).toBe(413);
  });
});

describe("photos posted with the listing form, JavaScript off (issue 9 #17)", () => {
  it("takes a photo over 2 MB to the route, which answers in the page and keeps what was typed", async () => {
    const login = await dev.send("POST", "/login", {
      ...form({ phone: farmer.phone, password: "mat-khau-dai", redirectTo: "/sell/new" }),
      headers: { ...form({}).headers, Origin: "https://vuonnha.test" },
    });
    const cookie = (login.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const boundary = "----vuonnha-edge";
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    // 16 MB: past the old 2 MB edge cap and past the 15 MB photo cap, so the route must say so.
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(16 * 1024 * 1024, 0x41)]);
    const body = Buffer.concat([
      Buffer.from(field("title", "Buồng chuối lớn") + field("priceVnd", "120000") + field("stock", "3") + field("unit", "buong")),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="chuoi.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      photo,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await dev.send("POST", "/sell/new", {
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Origin: "https://vuonnha.test", Cookie: cookie },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Ảnh quá lớn (tối đa 15 MB).");
    expect(res.text).toContain('value="Buồng chuối lớn"');
  });
});

describe("NUL bytes and impossible input (issue 9 #15)", () => {
  it("answers NUL in any path segment or query with 400", async () => {
    for (const pathname of ["/products/%00", "/shops/a%00b", "/search?q=%00", "/c/%00"]) {
      expect((await dev.send("GET", pathname)).status, pathname).toBe(400);
    }
  });

  it("answers NUL in a text field of every action with 400, never a 500", async () => {
    const build = (await import(pathToFileURL(path.resolve(".build", "index.js")).href)) as ServerBuild;
    const cookie = await signedInCookie();
    const withActions = Object.values(build.routes).filter((r) => r.module.action && r.path !== undefined);
    expect(withActions.length).toBeGreaterThan(15);
    for (const route of withActions) {
      const pathname = `/${String(route.path).replace(/:[A-Za-z]+/g, "1").replace(/\*$/, "x")}`;
      const res = await dev.send("POST", pathname, {
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://vuonnha.test", Cookie: cookie },
        body: "name=Chu%00i&phone=0901%00&intent=add&memo=%00",
      });
      expect(res.status, pathname).toBe(400);
    }
  });

  it("refuses a signed webhook with NUL or an impossible amount with 400", async () => {
    for (const body of [
      `{"id":"nul-1","amount":1000,"description":"VN\\u0000","bankBin":"970405","accountNumber":"1"}`,
      JSON.stringify({ id: "big-1", amount: 1e21, description: "x", bankBin: "970405", accountNumber: "1" }),
    ]) {
      const res = await dev.send("POST", "/webhooks/bank-transfer", { headers: { "Content-Type": "application/json", "X-Signature": signBankNotification(TEST_BANK_SECRET, body) }, body });
      expect(res.status, body).toBe(400);
    }
  });
});

describe("client address behind proxies (issue 9 #10)", () => {
  it("trusts only the configured number of hops, so a forged X-Forwarded-For cannot pick the client key", async () => {
    const proxied = await startServer(appContext(t.db, { publicUrl: "https://vuonnha.test" }), { trustProxyHops: 1 });
    try {
      await proxied.send("POST", "/login", {
        ...form({ phone: "0912000999", password: "sai-mat-khau" }),
        headers: { ...form({}).headers, "X-Forwarded-For": "198.51.100.66, 203.0.113.9" },
      });
      const keys = await t.db.selectFrom("sign_in_failures").select("key").where("scope", "=", "client").execute();
      // Our proxy appended the real address last; what the client wrote before it is ignored.
      expect(keys.map((k) => k.key)).toContain("203.0.113.9");
      expect(keys.map((k) => k.key)).not.toContain("198.51.100.66");
    } finally {
      await proxied.close();
    }
  });
});

describe("installing the site on a phone (issue 14)", () => {
  it("names a web app manifest on every page, served as one, whose icons are real PNGs of the sizes it says", async () => {
    const server = await startServer(appContext(t.db, { publicUrl: "https://vuonnha.test" }));
    try {
      expect((await server.send("GET", "/")).text).toContain('rel="manifest" href="/manifest.webmanifest"');
      const reply = await server.send("GET", "/manifest.webmanifest");
      expect(reply.status).toBe(200);
      expect(reply.headers["content-type"]).toMatch(/^application\/manifest\+json/);
      const manifest = JSON.parse(reply.text) as { short_name: string; start_url: string; display: string; icons: { src: string; sizes: string; purpose?: string }[]; shortcuts: { url: string }[] };
      expect(manifest).toMatchObject({ short_name: "Vườn Nhà", start_url: "/", display: "standalone" });
      expect(manifest.icons.map((i) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ""}`)).toEqual(["192x192", "512x512", "192x192 maskable", "512x512 maskable"]);
      for (const icon of manifest.icons) {
        const served = await fetch(`http://127.0.0.1:${server.port}${icon.src}`);
        expect(served.headers.get("content-type")).toBe("image/png");
        const file = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
        expect(`${file.width}x${file.height}`, icon.src).toBe(icon.sizes);
        expect(file.format).toBe("png");
      }
      expect(manifest.shortcuts.map((s) => s.url)).toEqual(["/sell/new", "/sell/orders", "/orders"]);
    } finally {
      await server.close();
    }
  });
});

describe("development tools (issue 9 #11)", () => {
  it("does not exist when the server is not in development on loopback, even for the outbox flag", async () => {
    const publicServer = await startServer(appContext(t.db, { publicUrl: "https://vuonnha.test", devTools: false, showDevOutbox: false }));
    try {
      expect((await publicServer.send("GET", "/dev/bank")).status).toBe(404);
      expect((await publicServer.send("POST", "/dev/bank", form({ memo: "VN12345678", amount: "1" }))).status).toBe(404);
      expect((await publicServer.send("GET", "/dev/outbox")).status).toBe(404);
      // The MoMo simulator (its API and its payment page) is a development tool too.
      const json = { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ partnerCode: "MOMOSIM2026" }) };
      expect((await publicServer.send("POST", "/dev/sim/momo/api/v2/gateway/api/create", json)).status).toBe(404);
      expect((await publicServer.send("POST", "/dev/sim/zalopay/api/v2/create", form({ app_id: "2026" }))).status).toBe(404);
      expect((await publicServer.send("GET", "/dev/sim/momo/pay/VN12345678-1")).status).toBe(404);
      // Nor the Zalo and SMS simulators, which would otherwise write anyone's texts into the outbox.
      expect((await publicServer.send("POST", "/dev/sim/zalo/api/oauth/v4/oa/access_token", form({ app_id: "4316839461270000001" }))).status).toBe(404);
      expect((await publicServer.send("POST", "/dev/sim/esms/api/MainService.svc/json/SendMultipleMessage_V4_post_json", json)).status).toBe(404);
      expect((await publicServer.send("POST", "/dev/sim/momo/pay/VN12345678-1", form({ outcome: "success" }))).status).toBe(404);
    } finally {
      await publicServer.close();
    }
  });

  it("posts the simulated bank notification to this server itself, never to the request's Host", async () => {
    const context = appContext(t.db, { publicUrl: "https://vuonnha.test" });
    const own = await startServer(context);
    context.internalUrl = `http://127.0.0.1:${own.port}`; // what npm start fixes at start-up
    try {
      const res = await own.send("POST", "/dev/bank", { ...form({ memo: "VN12345678", amount: "1000", bankBin: "970405", accountNumber: "1" }), headers: { ...form({}).headers, Host: "evil.example" } });
      expect(res.status).toBe(200);
      // The notification reached our own webhook (signed, recorded, matched no order).
      expect(res.text).toContain("unknown_order");
    } finally {
      await own.close();
    }
  });
});

async function signedInCookie(): Promise<string> {
  const user = await makeUser(t.db, "Người Thử NUL");
  const res = await dev.send("POST", "/login", {
    ...form({ phone: user.phone, password: "mat-khau-dai", redirectTo: "/account" }),
    headers: { ...form({}).headers, Origin: "https://vuonnha.test" },
  });
  return (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
}
