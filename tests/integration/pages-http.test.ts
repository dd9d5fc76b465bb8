import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { placeCheckout } from "~/orders/checkout.server";
import { addToCart, openCart } from "~/orders/cart.server";
import { createCooperative } from "~/shops/cooperatives.server";
import { makeListing } from "../support/catalog";
import { cookiesFrom, decodeEntities, loadApp } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, joinCoop, makeFarmer, makeUser } from "../support/fixtures";

/** What people saw on pages that tests and type-checks missed (issue 9), through the real built app. */
let t: TestDatabase;
let app: Awaited<ReturnType<typeof loadApp>>;
let farmer: PublicUser;
let EN = "";

beforeAll(async () => {
  t = await createTestDatabase();
  app = await loadApp(appContext(t.db));
  farmer = (await makeFarmer(t.db, "Bà Tư")).user;
  EN = cookiesFrom(await app.post("/lang", { locale: "en", redirectTo: "/" }));
}, 120_000);
afterAll(async () => {
  await t.drop();
});

async function signInCookie(user: PublicUser, extra = ""): Promise<string> {
  const res = await app.post("/login", { phone: user.phone, password: "mat-khau-dai", redirectTo: "/account" }, extra);
  expect(res.status).toBe(302);
  return [cookiesFrom(res), extra].filter(Boolean).join("; ");
}

const title = (html: string) => decodeEntities(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "");

describe("the banana bunch's own page (issue 9 #24, #27)", () => {
  it("shows the harvest day and a weight in kg in both languages, and the edit form keeps the day", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Buồng chuối già", harvestDate: "2026-11-20", weightGrams: 14000, unit: "buong" });
    const vi = decodeEntities(await (await app.get(`/products/${product.slug}`)).text());
    expect(vi).not.toContain("Invalid Date");
    expect(vi).toContain("Thu hoạch 20/11/2026");
    expect(vi).toContain("Cân nặng gửi: 14 kg / buồng");
    const en = decodeEntities(await (await app.get(`/products/${product.slug}`, EN)).text());
    expect(en).toContain("Harvested 20 Nov 2026");
    expect(en).toMatch(/Shipping weight: 14 kg per bunch/);
    const edit = await (await app.get(`/sell/${product.id}`, await signInCookie(farmer))).text();
    expect(edit).toContain('value="2026-11-20"');
  });
});

describe("page titles (issue 9 #28)", () => {
  it("are in English when the visitor chose English, on public and signed-in pages", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Nải chuối sứ", unit: "nai" });
    const cookieVi = await signInCookie(farmer);
    const cookieEn = await signInCookie(farmer, EN);
    const pages: [string, string, string, string][] = [
      ["/login", "", "Đăng nhập — Vườn Nhà", "Sign in — Vườn Nhà"],
      ["/signup", "", "Tạo tài khoản — Vườn Nhà", "Create an account — Vườn Nhà"],
      ["/cart", "", "Giỏ hàng — Vườn Nhà", "Your cart — Vườn Nhà"],
      ["/", "", "Vườn Nhà — nông sản và OCOP mua thẳng từ nhà vườn", "Vườn Nhà — farm produce and OCOP goods straight from the farm"],
      ["/search?q=chuoi", "", "chuoi — Tìm kiếm — Vườn Nhà", "chuoi — Search — Vườn Nhà"],
      ["/account", "signed", "Tài khoản của tôi — Vườn Nhà", "My account — Vườn Nhà"],
      ["/sell", "signed", "Hàng của tôi — Vườn Nhà", "My listings — Vườn Nhà"],
    ];
    for (const [path, who, vi, en] of pages) {
      const viHtml = await (await app.get(path, who ? cookieVi : "")).text();
      const enHtml = await (await app.get(path, who ? cookieEn : EN)).text();
      expect(title(viHtml), path).toBe(vi);
      expect(title(enHtml), path).toBe(en);
    }
    const productEn = await (await app.get(`/products/${product.slug}`, EN)).text();
    expect(title(productEn)).toMatch(/^Nải chuối sứ — 120\.000\s₫\/hand — Vườn Nhà$/);
  });
});

describe("impossible dates and unreadable forms (issue 9 #15)", () => {
  it("answers day=2026-02-30 and harvestDate=2026-11-31 with a page, not a 500", async () => {
    const cookie = await signInCookie(farmer);
    expect((await app.get("/sell/orders/packing?day=2026-02-30", cookie)).status).toBe(200);
    const manager = await makeUser(t.db, "Quản Lý Ngày");
    await createCooperative(t.db, manager, { name: "HTX Ngày Lạ", story: "", provinceCode: "75", wardCode: "26080", phone: "0902111112" });
    expect((await app.get("/coop/report?from=2026-02-30&to=2026-03-01", await signInCookie(manager))).status).toBe(200);
    const form = new FormData();
    for (const [k, v] of Object.entries({ title: "Chuối ngày lạ", priceVnd: "120000", stock: "3", unit: "buong", harvestDate: "2026-11-31" })) form.append(k, v);
    const res = await app.raw(new Request("http://localhost/sell/new", { method: "POST", body: form, headers: { Cookie: cookie } }));
    expect(res.status).toBe(200);
    expect(decodeEntities(await res.text())).toMatch(/name="harvestDate" aria-invalid="true"[^>]*value="2026-11-31"[\s\S]*Ngày không hợp lệ\./);
  });

  it("answers a malformed or non-multipart body on the photo routes with a message, not a 500", async () => {
    const cookie = await signInCookie(farmer);
    const broken = await app.raw(
      new Request("http://localhost/sell/new", { method: "POST", body: "--x\r\nContent-Disposition: form-da", headers: { Cookie: cookie, "Content-Type": "multipart/form-data; boundary=x" } }),
    );
    expect(broken.status).toBe(200);
    const plain = await app.raw(new Request("http://localhost/sell/new", { method: "POST", body: "title=abc", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" } }));
    expect(plain.status).toBe(200);
    const upload = await app.raw(new Request("http://localhost/media/upload", { method: "POST", body: "not a form", headers: { Cookie: cookie, "Content-Type": "multipart/form-data" } }));
    expect(upload.status).toBe(400);
    expect(((await upload.json()) as { error: string }).error).toBeTruthy();
  });
});

describe("own goods (issue 9 #13)", () => {
  it("a seller cannot put their own product in a cart, check it out, or review it", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Chuối của tôi" });
    const cookie = await signInCookie(farmer);
    const res = await app.post("/cart", { intent: "add", productId: product.id, quantity: "1" }, cookie);
    expect(res.status).toBe(200);
    expect(decodeEntities(await res.text())).toContain("Đây là hàng của chính bạn");
    // Put in as a guest, then signed in: checkout refuses it with its name.
    const guest = await openCart(t.db, farmer, null);
    await addToCart(t.db, guest.cartId, product.id, 1); // as a guest cart merged at sign-in would

    await expect(
      placeCheckout(t.db, farmer, guest.cartId, { ...listingFreeCheckout(), delivery: {}, payment: {} }, { payments: appContext(t.db).payments, paymentMinutes: 60 }),
    ).rejects.toMatchObject({ messageKey: "checkout.error.ownGoods", params: { product: "Chuối của tôi" } });
  });
});

describe("a co-op member's view of a co-op order (issue 9 #19)", () => {
  it("shows only her own lines and their value, not the buyer's phone and address or the whole total", async () => {
    const manager = await makeUser(t.db, "Quản Lý Đơn");
    const coop = await createCooperative(t.db, manager, { name: "HTX Đơn Chung", story: "", provinceCode: "75", wardCode: "26080", phone: "0902111113" });
    await t.db.updateTable("cooperatives").set({ offers_pickup: true }).where("id", "=", coop.id).execute();
    const a = await makeFarmer(t.db, "Xã Viên A");
    const b = await makeFarmer(t.db, "Xã Viên B");
    await joinCoop(t.db, manager, coop.id, a.user.phone);
    await joinCoop(t.db, manager, coop.id, b.user.phone);
    const fromA = await makeListing(t.db, appContext(t.db).media, manager, { title: "Bưởi của A", priceVnd: 50000, producerShopId: a.shop.id });
    const fromB = await makeListing(t.db, appContext(t.db).media, manager, { title: "Mít của B", priceVnd: 90000, producerShopId: b.shop.id });
    const buyer = await makeUser(t.db, "Người Mua Chung");
    const cart = await openCart(t.db, buyer, null);
    await addToCart(t.db, cart.cartId, fromA.id, 1);
    await addToCart(t.db, cart.cartId, fromB.id, 1);
    const key = `coop-${coop.id}`;
    const placed = await placeCheckout(
      t.db,
      buyer,
      cart.cartId,
      { ...listingFreeCheckout(), delivery: { [key]: "pickup" }, payment: { [key]: "cod" } },
      { payments: appContext(t.db).payments, paymentMinutes: 60 },
    );
    const code = placed.orderCodes[0]!;
    const html = decodeEntities(await (await app.get(`/orders/${code}`, await signInCookie(a.user))).text());
    expect(html).toContain("Bưởi của A");
    expect(html).not.toContain("Mít của B");
    expect(html).toContain("Phần hàng của bạn");
    expect(html).toMatch(/50\.000\s₫/);
    expect(html).not.toMatch(/140\.000\s₫/);
    expect(html).not.toContain("0903 555 111");
    expect(html).not.toContain("12 Hàng Bài");
    // The manager (the seller) still sees everything.
    const managerHtml = decodeEntities(await (await app.get(`/orders/${code}`, await signInCookie(manager))).text());
    expect(managerHtml).toContain("0903 555 111");
    expect(managerHtml).toMatch(/140\.000\s₫/);
  });
});

function listingFreeCheckout() {
  return {
    recipientName: "Người Mua",
    recipientPhone: "0903555111",
    provinceCode: "01",
    wardCode: "00004",
    street: "12 Hàng Bài",
    note: "",
    saveAddress: false,
    idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    seenItems: {},
    seenFee: {},
  };
}

describe("the dictionary travels once (issue 11: it was serialized into every page)", () => {
  it("pages name a cached script with their language's strings instead of carrying them", async () => {
    const html = decodeEntities(await (await app.get("/")).text());
    const src = /<script nonce="[^"]+" defer="" src="(\/i18n\/vi-[0-9a-f]{12}\.js)">/.exec(html)?.[1];
    expect(src, "dictionary script, deferred").toBeDefined();
    // A string no home page shows is no longer in its HTML.
    expect(html.includes("Máy này vừa tạo nhiều tài khoản")).toBe(false);
    const script = await app.get(src!);
    expect(script.status).toBe(200);
    expect(script.headers.get("Content-Type")).toContain("text/javascript");
    expect(script.headers.get("Cache-Control")).toContain("immutable");
    const body = await script.text();
    expect(body.startsWith("window.__VN_DICT=")).toBe(true);
    expect(body).toContain("Máy này vừa tạo nhiều tài khoản");
    // SMS texts stay on the server.
    expect(body.includes("mã lấy lại mật khẩu")).toBe(false);
    const en = decodeEntities(await (await app.get("/", EN)).text());
    expect(/src="\/i18n\/en-[0-9a-f]{12}\.js"/.test(en)).toBe(true);
    expect((await app.get("/i18n/vi-000000000000.js")).status).toBe(404);
    expect((await app.get("/i18n/xx-000000000000.js")).status).toBe(404);
  });
});

describe("first paint (issue 11: nothing render-blocking)", () => {
  it("carries the stylesheet inside the page and loads the page strings after the content", async () => {
    const html = await (await app.get("/")).text();
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/);
    const style = /<style data-href="\/build\/_assets\/styles-[^"]+\.css">([^<]*)<\/style>/.exec(html);
    expect(style?.[1]).toContain(".site-header");
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).not.toMatch(/<script[^>]+src=/);
    expect(html.indexOf('src="/i18n/')).toBeGreaterThan(html.indexOf("</main>"));
  });
});

describe("lite mode (issue 14): no scripts and the smallest photos for who pays for every megabyte", () => {
  it("serves the data saver's pages without scripts and with one small photo, by Save-Data or by the switch, which wins", async () => {
    const listing = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Chuối lite" });
    const slug = (await t.db.selectFrom("products").select("slug").where("id", "=", listing.id).executeTakeFirstOrThrow()).slug;
    const page = async (headers: Record<string, string>) => {
      const res = await app.raw(new Request(`http://localhost/products/${slug}`, { headers }));
      expect(res.status).toBe(200);
      return { html: await res.text(), vary: res.headers.get("vary") ?? "" };
    };
    const runsScripts = (html: string) => /<script(?![^>]*application\/ld\+json)/.test(html) || html.includes("modulepreload");
    const full = await page({});
    expect(runsScripts(full.html)).toBe(true);
    expect(full.html).toMatch(/srcSet="[^"]*320w, /i);
    expect(full.vary).toMatch(/Save-Data/);

    const saver = await page({ "Save-Data": "on" });
    expect(runsScripts(saver.html)).toBe(false);
    expect(saver.html).not.toMatch(/ sizes="/);
    // One size of each format, the smallest: no srcset lists with widths.
    expect(saver.html).not.toMatch(/\d+w, /);
    expect(saver.html).toContain("Chuối lite");
    expect(saver.html.length).toBeLessThan(full.html.length);

    const on = cookiesFrom(await app.post("/lite", { lite: "1", redirectTo: `/products/${slug}` }));
    expect(on).toBe("lite=1");
    expect(runsScripts((await page({ Cookie: on })).html)).toBe(false);
    const off = cookiesFrom(await app.post("/lite", { lite: "0", redirectTo: "/" }));
    expect(runsScripts((await page({ Cookie: off, "Save-Data": "on" })).html)).toBe(true);
    // Lite pages say so and offer the way back, in the visitor's language.
    expect(decodeEntities((await page({ Cookie: `${on}; ${EN}` })).html)).toContain("Turn off data saver");
  });
});
