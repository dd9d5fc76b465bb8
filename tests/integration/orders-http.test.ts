import jsQR from "jsqr";
import { sql } from "kysely";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { signBankNotification } from "~/payments/vietqr.server";
import { createCooperative } from "~/shops/cooperatives.server";
import { makeListing } from "../support/catalog";
import { cookiesFrom, decodeEntities, fieldErrors, loadApp } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, makeFarmer, makeUser, TEST_BANK_SECRET } from "../support/fixtures";

let t: TestDatabase;
let app: Awaited<ReturnType<typeof loadApp>>;
let farmer: PublicUser;
let shopId: string;
let EN = "";

beforeAll(async () => {
  t = await createTestDatabase();
  app = await loadApp(appContext(t.db));
  const f = await makeFarmer(t.db, "Bà Tư");
  farmer = f.user;
  shopId = f.shop.id;
  EN = cookiesFrom(await app.post("/lang", { locale: "en", redirectTo: "/" }));
}, 120_000);
afterAll(async () => {
  await t.drop();
});

async function signInCookie(user: PublicUser): Promise<string> {
  const res = await app.post("/login", { phone: user.phone, password: "mat-khau-dai", redirectTo: "/account" });
  expect(res.status).toBe(302);
  return cookiesFrom(res);
}

function address(extra: Record<string, string> = {}) {
  return { recipientName: "Đặng Minh Anh", recipientPhone: "0903000001", provinceCode: "01", wardCode: "00004", street: "12 Hàng Bài", ...extra };
}

async function checkoutKey(cookie: string): Promise<string> {
  const page = await app.get("/checkout", cookie);
  expect(page.status).toBe(200);
  return /name="idempotencyKey" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
}

describe("cart and checkout without JavaScript", () => {
  it("answers a bad quantity or an unknown product with a message in the buyer's language, never a 500", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { stock: 5 });
    for (const [fields, vi, en] of [
      [{ productId: product.id, quantity: "abc" }, "Số lượng phải là số nguyên", "Quantity must be a whole number"],
      [{ productId: "99999999", quantity: "1" }, "Không tìm thấy sản phẩm này.", "This product could not be found."],
      [{ productId: "1; drop table", quantity: "1" }, "Không tìm thấy sản phẩm này.", "This product could not be found."],
    ] as const) {
      const resVi = await app.post("/cart", { intent: "add", ...fields });
      expect(resVi.status).toBe(200);
      expect(decodeEntities(await resVi.text())).toContain(vi);
      const resEn = await app.post("/cart", { intent: "add", ...fields }, EN);
      expect(decodeEntities(await resEn.text())).toContain(en);
    }
  });

  it("keeps a guest's cart in a signed cookie and hands it over at sign-in", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Nải chuối sứ", stock: 5 });
    const added = await app.post("/cart", { intent: "add", productId: product.id, quantity: "2" });
    expect(added.status).toBe(302);
    const guest = cookiesFrom(added);
    expect(guest).toMatch(/^vn_cart=/);
    expect(await (await app.get("/cart", guest)).text()).toContain("Nải chuối sứ");
    const buyer = await makeUser(t.db);
    const login = await app.post("/login", { phone: buyer.phone, password: "mat-khau-dai", redirectTo: "/cart" }, guest);
    expect(login.headers.getSetCookie().join("\n")).toMatch(/vn_cart=;.*Max-Age=0/);
    const cart = await (await app.get("/cart", cookiesFrom(login))).text();
    expect(cart).toContain("Nải chuối sứ");
  });

  it("lets a first-time buyer check out with name and phone only: the account is made, she is signed in, a code to set a password is on its way (issue 10 #8)", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Buồng chuối khách mới", stock: 5 });
    const guest = cookiesFrom(await app.post("/cart", { intent: "add", productId: product.id, quantity: "1" }));
    const page = decodeEntities(await (await app.get("/checkout", guest)).text());
    expect(page).toContain("Chỉ cần tên và số điện thoại");
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const res = await app.post(
      "/checkout",
      { ...address({ recipientName: "Khách Lần Đầu", recipientPhone: phone }), idempotencyKey: key, [`delivery.shop-${shopId}`]: "self", [`payment.shop-${shopId}`]: "cod" },
      guest,
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/orders\/VN[0-9A-Z]{8}$/);
    expect(res.headers.getSetCookie().join("\n")).toMatch(/vn_cart=;.*Max-Age=0/);
    const signedIn = cookiesFrom(res);
    const order = decodeEntities(await (await app.get(res.headers.get("Location")!, signedIn)).text());
    expect(order).toContain("Buồng chuối khách mới");
    const user = await t.db.selectFrom("users").select(["id", "full_name"]).where("phone", "=", phone).executeTakeFirstOrThrow();
    expect(user.full_name).toBe("Khách Lần Đầu");
    const job = await sql<{ payload: unknown }>`select j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'password_reset_code'`.execute(t.db);
    expect(JSON.stringify(job.rows)).toContain(`"purpose":"welcome"`);
    expect(JSON.stringify(job.rows)).toContain(phone);
  });

  it("buys again only from one's own order (issue 10 #13)", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Buồng chuối mua lại", stock: 9 });
    const buyer = await makeUser(t.db);
    const cookie = await signInCookie(buyer);
    await app.post("/cart", { intent: "add", productId: product.id, quantity: "2" }, cookie);
    const key = await checkoutKey(cookie);
    const placed = await app.post("/checkout", { ...address(), idempotencyKey: key, [`delivery.shop-${shopId}`]: "self", [`payment.shop-${shopId}`]: "cod" }, cookie);
    const code = placed.headers.get("Location")!.split("/").pop()!;
    const stranger = await signInCookie(await makeUser(t.db));
    const theirs = await app.post("/cart", { intent: "reorder", code }, stranger);
    expect(theirs.headers.get("Location")).toBe("/cart?reordered=0&missing=0");
    expect(await (await app.get("/cart", stranger)).text()).not.toContain("Buồng chuối mua lại");
    const mine = await app.post("/cart", { intent: "reorder", code }, cookie);
    expect(mine.headers.get("Location")).toBe("/cart?reordered=1&missing=0");
    const cart = decodeEntities(await (await app.get("/cart?reordered=1&missing=0", cookie)).text());
    expect(cart).toContain("Buồng chuối mua lại");
    expect(cart).toContain("Đã thêm lại 1 món từ đơn cũ vào giỏ.");
    // The product page offers a Zalo chat with the seller and a way to share.
    const page = decodeEntities(await (await app.get(`/products/${product.slug}`)).text());
    const shop = await t.db.selectFrom("shops").select("phone").where("id", "=", shopId).executeTakeFirstOrThrow();
    expect(page.includes(`href="https://zalo.me/${shop.phone}"`), "Zalo link to the shop's number").toBe(true);
    expect(page.includes("Nhắn Zalo cho người bán"), "Zalo label").toBe(true);
    expect(page.includes("https://www.facebook.com/sharer/sharer.php?u="), "Facebook share").toBe(true);
  });

  it("keeps each buyer's saved products to herself, and sends nobody off-site after saving (issue 10 #13)", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Buồng chuối được lưu", stock: 3 });
    const alice = await signInCookie(await makeUser(t.db));
    const bob = await signInCookie(await makeUser(t.db));
    const saved = await app.post("/favourites", { intent: "save", id: product.id, redirectTo: "https://evil.example/steal" }, alice);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/favourites");
    expect(decodeEntities(await (await app.get("/favourites", alice)).text())).toContain("Buồng chuối được lưu");
    expect(decodeEntities(await (await app.get("/favourites", bob)).text())).not.toContain("Buồng chuối được lưu");
    // Bob cannot unsave Alice's: his "unsave" only ever touches his own rows.
    await app.post("/favourites", { intent: "unsave", id: product.id }, bob);
    expect(decodeEntities(await (await app.get("/favourites", alice)).text())).toContain("Buồng chuối được lưu");
    const guest = await app.post("/favourites", { intent: "save", id: product.id, redirectTo: `/products/${product.slug}` });
    expect(guest.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/products/${product.slug}`)}`);
  });

  it("refuses a guest checkout for a number that already has an account, asking to sign in and keeping the cart", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Buồng chuối người quen", stock: 5 });
    const guest = cookiesFrom(await app.post("/cart", { intent: "add", productId: product.id, quantity: "1" }));
    const key = await checkoutKey(guest);
    const res = await app.post(
      "/checkout",
      { ...address({ recipientPhone: farmer.phone }), idempotencyKey: key, [`delivery.shop-${shopId}`]: "self", [`payment.shop-${shopId}`]: "cod" },
      guest,
    );
    expect(res.status).toBe(200);
    expect(fieldErrors(await res.text()).join(" ")).toContain("Số này đã có tài khoản. Hãy đăng nhập để đặt hàng");
    expect(await (await app.get("/cart", guest)).text()).toContain("Buồng chuối người quen");
    const orders = await t.db.selectFrom("orders").select("id").where("buyer_id", "=", farmer.id).execute();
    expect(orders).toEqual([]);
  });

  it("checks the address field by field in vi and en, then places the order once however often it is posted; a tampered total is ignored", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Buồng chuối", priceVnd: 120000, stock: 5 });
    const buyer = await makeUser(t.db);
    const cookie = await signInCookie(buyer);
    await app.post("/cart", { intent: "add", productId: product.id, quantity: "2" }, cookie);
    const key = await checkoutKey(cookie);
    const choices = { [`delivery.shop-${shopId}`]: "self", [`payment.shop-${shopId}`]: "vietqr", idempotencyKey: key };
    for (const [bad, vi, en] of [
      [{ street: "" }, "Vui lòng nhập thông tin này.", "Please fill this in."],
      [{ recipientPhone: "12345" }, "Số điện thoại không hợp lệ", "not a valid Vietnamese mobile number"],
      [{ wardCode: "26080" }, "Phường / xã", "ward"],
    ] as const) {
      const resVi = await app.post("/checkout", { ...address(bad), ...choices }, cookie);
      expect(resVi.status).toBe(200);
      expect(fieldErrors(await resVi.text()).join(" ")).toContain(vi);
      const resEn = await app.post("/checkout", { ...address(bad), ...choices }, `${cookie}; ${EN}`);
      expect(fieldErrors(await resEn.text()).join(" ").toLowerCase()).toContain(en.toLowerCase());
    }
    const noChoice = await app.post("/checkout", { ...address(), idempotencyKey: key }, cookie);
    expect(decodeEntities(await noChoice.text())).toContain("Hãy chọn cách giao hàng.");

    const tampered = { ...address(), ...choices, total: "1000", total_vnd: "1000", price: "1000", [`fee.shop-${shopId}`]: "0" };
    const first = await app.post("/checkout", tampered, cookie);
    expect(first.status).toBe(302);
    const location = first.headers.get("Location")!;
    expect(location).toMatch(/^\/orders\/VN[0-9A-Z]{8}$/);
    const again = await app.post("/checkout", tampered, cookie);
    expect(again.headers.get("Location")).toBe(location);
    const orders = await t.db.selectFrom("orders").select(["total_vnd", "code"]).where("buyer_id", "=", buyer.id).execute();
    expect(orders).toEqual([{ total_vnd: "270000", code: location.split("/").pop() }]);
    const page = decodeEntities(await (await app.get(location, cookie)).text());
    expect(page).toContain("270.000");
    expect(page).toMatch(/<svg[^>]*viewBox/); // the VietQR code, drawn on the server

    // The same QR as a picture to save for the bank app's gallery scan: it reads back as the
    // VietQR for this order's amount and code, and nobody but the buyer gets it.
    const code = location.split("/").pop()!;
    expect(page).toContain(`href="/orders/${code}/qr.png"`);
    const picture = await app.get(`${location}/qr.png`, cookie);
    expect(picture.status).toBe(200);
    expect(picture.headers.get("content-type")).toBe("image/png");
    expect(picture.headers.get("content-disposition")).toBe(`attachment; filename="VietQR-${code}.png"`);
    const { data, info } = await sharp(Buffer.from(await picture.arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const read = jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data ?? "";
    expect(read).toMatch(/^000201/); // EMVCo payload
    expect(read).toContain("5406270000"); // amount: 6 digits, 270000
    expect(read).toContain(code);
    expect((await app.get(`${location}/qr.png`, await signInCookie(farmer))).status).toBe(404);
    expect((await app.get(`${location}/qr.png`, await signInCookie(await makeUser(t.db)))).status).toBe(404);
    await t.db.updateTable("orders").set({ status: "paid", paid_at: new Date() }).where("code", "=", code).execute();
    expect((await app.get(`${location}/qr.png`, cookie)).status).toBe(404);
  });

  it("shows a price changed since the checkout page was drawn before charging it", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Chuối đổi giá", priceVnd: 100000, stock: 5 });
    const buyer = await makeUser(t.db);
    const cookie = await signInCookie(buyer);
    await app.post("/cart", { intent: "add", productId: product.id, quantity: "1" }, cookie);
    const fields = async (): Promise<Record<string, string>> => {
      const html = await (await app.get("/checkout", cookie)).text();
      const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { ...address(), ...hidden, [`delivery.shop-${shopId}`]: "self", [`payment.shop-${shopId}`]: "cod" };
    };
    const seen = await fields();
    expect(seen[`seenItems.shop-${shopId}`]).toBe("100000");
    await t.db.updateTable("products").set({ price_vnd: "130000" }).where("id", "=", product.id).execute();
    const refused = await app.post("/checkout", seen, cookie);
    expect(refused.status).toBe(200);
    const html = decodeEntities(await refused.text());
    expect(html).toContain("Giá hoặc phí giao của Vườn của Bà Tư vừa thay đổi. Chưa có đơn nào được tạo");
    expect(html).toContain("130.000"); // the page now shows the new price
    expect(await t.db.selectFrom("orders").select("id").where("buyer_id", "=", buyer.id).execute()).toEqual([]);
    const again = await app.post("/checkout", await fields(), cookie);
    expect(again.status).toBe(302);
    const order = await t.db.selectFrom("orders").select("items_total_vnd").where("buyer_id", "=", buyer.id).executeTakeFirstOrThrow();
    expect(order.items_total_vnd).toBe("130000");
  });

  it("tells the buyer which item ran out, and places nothing", async () => {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { title: "Chuối hiếm", stock: 2 });
    const buyer = await makeUser(t.db);
    const cookie = await signInCookie(buyer);
    await app.post("/cart", { intent: "add", productId: product.id, quantity: "2" }, cookie);
    const key = await checkoutKey(cookie);
    await t.db.updateTable("products").set({ stock: 1 }).where("id", "=", product.id).execute();
    const res = await app.post("/checkout", { ...address(), idempotencyKey: key, [`delivery.shop-${shopId}`]: "pickup", [`payment.shop-${shopId}`]: "cod" }, cookie);
    expect(res.status).toBe(200);
    expect(decodeEntities(await res.text())).toContain("“Chuối hiếm” chỉ còn 1. Chưa có đơn nào được tạo; hãy giảm số lượng.");
    expect(await t.db.selectFrom("orders").select("id").where("buyer_id", "=", buyer.id).execute()).toEqual([]);
  });
});

describe("order pages and the bank notification endpoint", () => {
  async function placedOrder() {
    const product = await makeListing(t.db, appContext(t.db).media, farmer, { priceVnd: 50000, stock: 5 });
    const buyer = await makeUser(t.db);
    const cookie = await signInCookie(buyer);
    await app.post("/cart", { intent: "add", productId: product.id, quantity: "1" }, cookie);
    const key = await checkoutKey(cookie);
    const res = await app.post("/checkout", { ...address(), idempotencyKey: key, [`delivery.shop-${shopId}`]: "self", [`payment.shop-${shopId}`]: "vietqr" }, cookie);
    return { buyer, cookie, code: res.headers.get("Location")!.split("/").pop()! };
  }

  it("takes a signed transfer once, refuses a forged one, and flags a wrong amount", async () => {
    const { code, cookie } = await placedOrder();
    const send = async (body: object, secret = TEST_BANK_SECRET, path = "/webhooks/payments/vietqr") => {
      // Received into the farmer's own account (shopInput), as the statement service reports it.
      const raw = JSON.stringify({ bankBin: "970405", accountNumber: "6100205123456", ...body });
      return app.raw(new Request(`http://localhost${path}`, { method: "POST", body: raw, headers: { "Content-Type": "application/json", "X-Signature": signBankNotification(secret, raw) } }));
    };
    const forged = await send({ id: "f1", amount: 80000, description: code }, "not-the-secret-not-the-secret-not-the");
    expect(forged.status).toBe(401);
    const short = await send({ id: "t0", amount: 1000, description: `${code} thanh toan` });
    expect(await short.json()).toEqual({ ok: true, outcome: "short" });
    const paid = await send({ id: "t1", amount: 80000, description: `${code} thanh toan` });
    expect(await paid.json()).toEqual({ ok: true, outcome: "paid" });
    const replay = await send({ id: "t1", amount: 80000, description: `${code} thanh toan` });
    expect(await replay.json()).toEqual({ ok: true, outcome: "duplicate" });
    // The first address still takes notifications, into the same inbox: the same event is not taken twice.
    const replayOld = await send({ id: "t1", amount: 80000, description: `${code} thanh toan` }, TEST_BANK_SECRET, "/webhooks/bank-transfer");
    expect(await replayOld.json()).toEqual({ ok: true, outcome: "duplicate" });
    expect((await app.get("/webhooks/bank-transfer")).status).toBe(405);
    expect((await app.get("/webhooks/payments/vietqr")).status).toBe(405);
    expect((await app.raw(new Request("http://localhost/webhooks/payments/cod", { method: "POST", body: "{}" }))).status).toBe(404);
    const page = decodeEntities(await (await app.get(`/orders/${code}`, cookie)).text());
    expect(page).toContain("Đã thanh toán");
    const sellerPage = decodeEntities(await (await app.get(`/orders/${code}`, await signInCookie(farmer))).text());
    expect(sellerPage).toContain("Tiền của đơn này cần kiểm tra:");
    // 1.000 ₫ and then the whole total: paid, and 1.000 ₫ to send back.
    expect(sellerPage).toMatch(/Khách chuyển thừa 1\.000\s₫ so với tổng đơn\./);
    expect(sellerPage).not.toContain("(t0)"); // the notification's own id stays internal

    // She sends the 1.000 ₫ back from her bank app and says so with the form (no JavaScript needed).
    const sellerCookie = await signInCookie(farmer);
    expect(sellerPage).toContain("Tôi đã chuyển trả khách");
    const flagId = /name="flagId" value="([0-9]+)"/.exec(sellerPage)?.[1] ?? "";
    expect((await app.post(`/orders/${code}`, { intent: "settle_flag", flagId }, cookie)).status).toBe(200); // the buyer cannot
    const settled = await app.post(`/orders/${code}`, { intent: "settle_flag", flagId }, sellerCookie);
    expect(settled.status).toBe(302);
    const after = decodeEntities(await (await app.get(`/orders/${code}`, sellerCookie)).text());
    expect(after).not.toContain("Tiền của đơn này cần kiểm tra:");
    expect(after).toMatch(/Bạn đã báo chuyển trả khách 1\.000\s₫ lúc/);
    expect(after).not.toContain("Tôi đã chuyển trả khách");
    const again = decodeEntities(await (await app.post(`/orders/${code}`, { intent: "settle_flag", flagId }, sellerCookie)).text());
    expect(again).toContain("Khoản này đã được xử lý");
    const buyerPage = decodeEntities(await (await app.get(`/orders/${code}`, `${cookie}; ${EN}`)).text());
    expect(buyerPage).toMatch(/The seller says 1\.000\s₫ was sent back to you at/);
  });

  it("shows another person's order to nobody else, and refuses their actions", async () => {
    const { code, cookie } = await placedOrder();
    const stranger = await signInCookie(await makeUser(t.db));
    expect((await app.get(`/orders/${code}`, stranger)).status).toBe(404);
    expect((await app.post(`/orders/${code}`, { action: "cancel" }, stranger)).status).toBe(404);
    expect((await app.get(`/orders/${code}`)).status).toBe(302); // signed out: to the sign-in page
    // The buyer cannot act as the seller.
    const res = await app.post(`/orders/${code}`, { action: "mark_paid" }, cookie);
    expect(decodeEntities(await res.text())).toContain("Bạn không có quyền làm việc này với đơn này.");
    const status = await t.db.selectFrom("orders").select("status").where("code", "=", code).executeTakeFirstOrThrow();
    expect(status.status).toBe("awaiting_payment");
    // A declined order needs a reason, in the seller's language.
    const seller = await signInCookie(farmer);
    const noReason = await app.post(`/orders/${code}`, { action: "decline" }, `${seller}; ${EN}`);
    expect(decodeEntities(await noReason.text())).toContain("Tell the buyer why.");
    const cancelled = await app.post(`/orders/${code}`, { action: "cancel" }, cookie);
    expect(cancelled.status).toBe(302);
  });

  it("gives the co-op report and its CSV to the manager only", async () => {
    const manager = await makeUser(t.db, "Quản Lý");
    await createCooperative(t.db, manager, { name: "HTX Báo Cáo", story: "", provinceCode: "75", wardCode: "26080", phone: "0902222222" });
    const managerCookie = await signInCookie(manager);
    const page = await app.get("/coop/report?from=2026-01-01&to=2026-12-31", managerCookie);
    expect(page.status).toBe(200);
    const csv = await app.get("/coop/report.csv?from=2026-01-01&to=2026-12-31", managerCookie);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so Excel reads Vietnamese right
    // Issue 10 #16: the header was English for everyone.
    expect(bytes.subarray(3).toString("utf8").split("\r\n")[0]).toBe("Thành viên,Sản phẩm,Đơn vị,Số lượng,Doanh số (VND),Phải trả thành viên (VND)");
    const english = Buffer.from(await (await app.get("/coop/report.csv?from=2026-01-01&to=2026-12-31", `${managerCookie}; ${EN}`)).arrayBuffer());
    expect(english.subarray(3).toString("utf8").split("\r\n")[0]).toBe("Member,Product,Unit,Units,Sales (VND),Owed to member (VND)");
    expect((await app.get("/coop/report", await signInCookie(farmer))).status).toBe(403);
    const bad = decodeEntities(await (await app.get("/coop/report?from=2026-13-45&to=x", managerCookie)).text());
    expect(bad).toContain("Ngày không hợp lệ; đang xem 30 ngày gần nhất.");
  });
});
