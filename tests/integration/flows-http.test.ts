import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { makeListing } from "../support/catalog";
import { cookiesFrom, decodeEntities, loadApp } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, makeFarmer, makeUser } from "../support/fixtures";

/** Dead ends people hit on a phone (issue 10), through the built app with JavaScript off. */
let t: TestDatabase;
let app: Awaited<ReturnType<typeof loadApp>>;
let farmer: PublicUser;
let shopId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await loadApp(appContext(t.db));
  const f = await makeFarmer(t.db, "Bà Tư");
  farmer = f.user;
  shopId = f.shop.id;
}, 120_000);
afterAll(async () => {
  await t.drop();
});

async function signInCookie(user: PublicUser): Promise<string> {
  const res = await app.post("/login", { phone: user.phone, password: "mat-khau-dai", redirectTo: "/account" });
  expect(res.status).toBe(302);
  return cookiesFrom(res);
}

describe("header (issue 10 #9)", () => {
  it("shows the seller's desk and listings only to people who sell", async () => {
    const buyer = await makeUser(t.db, "Chỉ Mua");
    const buyerPage = await (await app.get("/orders", await signInCookie(buyer))).text();
    expect(buyerPage).not.toContain('href="/sell/orders"');
    expect(buyerPage).not.toContain('href="/sell"');
    const farmerPage = await (await app.get("/orders", await signInCookie(farmer))).text();
    expect(farmerPage).toContain('href="/sell/orders"');
    expect(farmerPage).toContain('href="/sell"');
  });
});

describe("the way back to checkout (issue 10 #8)", () => {
  it("keeps redirectTo from sign-in to sign-up and lands the new buyer on the checkout", async () => {
    const login = await (await app.get("/login?redirectTo=%2Fcheckout")).text();
    expect(decodeEntities(login)).toContain('href="/signup?redirectTo=%2Fcheckout"');
    const signup = await (await app.get("/signup?redirectTo=%2Fcheckout")).text();
    expect(signup).toContain('name="redirectTo" value="/checkout"');
    const created = await app.post("/signup", { fullName: "Khách Mới", phone: "0912345670", password: "mat-khau-dai", redirectTo: "/checkout" });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/checkout");
  });
});

describe("checkout wording (issue 10 #7)", () => {
  it("calls the buyer's place the delivery place, not the farm's, and shows one fee, not 'fee / 0'", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Buồng chuối", stock: 5 });
    await t.db.updateTable("shops").set({ offers_pickup: true, delivery_fee_vnd: "30000" }).where("id", "=", shopId).execute();
    const buyer = await makeUser(t.db, "Người Mua Nhà");
    const cookie = await signInCookie(buyer);
    await app.post("/cart", { intent: "add", productId: product.id, quantity: "1" }, cookie);
    const html = decodeEntities(await (await app.get("/checkout", cookie)).text());
    expect(html).not.toContain("<legend>Địa chỉ vườn</legend>");
    expect(html).toContain("<legend>Tỉnh / thành và phường / xã nhận hàng</legend>");
    expect(html).not.toMatch(/30\.000\s₫ \/ 0\s₫/);
  });
});

describe("reviews and units (issue 10 #6, #12)", () => {
  it("lists units in Vietnamese without English glosses, and in English with the Vietnamese word", async () => {
    const cookie = await signInCookie(farmer);
    const vi = decodeEntities(await (await app.get("/sell/new", cookie)).text());
    expect(vi).toContain('<option value="buong">buồng</option>');
    const en = cookiesFrom(await app.post("/lang", { locale: "en", redirectTo: "/" }, cookie));
    const enHtml = decodeEntities(await (await app.get("/sell/new", `${cookie}; ${en}`)).text());
    expect(enHtml).toContain('<option value="buong">bunch (buồng)</option>');
  });
});

describe("a product page's related listings (one round trip, issue 11)", () => {
  it("shows the farm's other live listings first, newest first, then other farms' in the same category", async () => {
    const media = appContext(t.db).media;
    const grower = (await makeFarmer(t.db, "Vườn Liên Quan")).user;
    const neighbour = (await makeFarmer(t.db, "Vườn Hàng Xóm")).user;
    const main = await makeListing(t.db, media, grower, { title: "Xoài cát chính" });
    const older = await makeListing(t.db, media, grower, { title: "Xoài keo cũ" });
    const newer = await makeListing(t.db, media, grower, { title: "Xoài tượng mới" });
    const paused = await makeListing(t.db, media, grower, { title: "Xoài tạm nghỉ" });
    const other = await makeListing(t.db, media, neighbour, { title: "Xoài hàng xóm" });
    const at = (p: { id: string }, minutesAgo: number) =>
      t.db.updateTable("products").set({ published_at: new Date(Date.now() - minutesAgo * 60_000) }).where("id", "=", p.id).execute();
    await at(older, 30);
    await at(newer, 10);
    await at(other, 1);
    await t.db.updateTable("products").set({ status: "paused" }).where("id", "=", paused.id).execute();
    const html = decodeEntities(await (await app.get(`/products/${main.slug}`)).text());
    const shown = [...html.matchAll(/<h3[^>]*>([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(shown.filter((title) => title?.startsWith("Xoài"))).toEqual(["Xoài tượng mới", "Xoài keo cũ", "Xoài hàng xóm"]);
  });
});
