import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import { addToCart, cartView, mergeGuestCart, openCart, purgeAbandonedGuestCarts } from "~/orders/cart.server";
import { checkoutSchema, OutOfStockError, placeCheckout, type CheckoutInput } from "~/orders/checkout.server";
import { applyBulkAction, applyOrderAction, expireOrder, OrderActionError } from "~/orders/orders.server";
import { getOrderForViewer } from "~/orders/order-view.server";
import { recordBankTransfer, settleReturnedMoney } from "~/payments/bank-transfers.server";
import { addReview, reviewSummary } from "~/orders/reviews.server";
import { listDeskOrders, packingList } from "~/orders/desk.server";
import { cooperativeReport, reportCsv } from "~/orders/report.server";
import type { OrderAction } from "~/orders/state";
import { ALL_ACTIONS, LIFECYCLE } from "../support/order-lifecycle";
import { instructionsForOrder } from "~/payments/instructions.server";
import { switchPaymentMethod } from "~/payments/payments.server";
import { PaymentSignatureError } from "~/payments/provider";
import { createPaymentRegistry } from "~/payments/registry.server";
import { signBankNotification } from "~/payments/vietqr.server";
import { createCooperative } from "~/shops/cooperatives.server";
import { runDueJobs } from "~/jobs/worker.server";
import { createOutboxNotifier, listOutbox } from "~/notify/notifier.server";
import { makeListing } from "../support/catalog";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { queuedNotifications } from "../support/notifications";
import { appContext, joinCoop, makeFarmer, makeUser, TEST_BANK_SECRET } from "../support/fixtures";

let t: TestDatabase;
const payments = createPaymentRegistry({ bankWebhookSecret: TEST_BANK_SECRET, momo: null });
const options = { payments, paymentMinutes: 1440 };
const vietqr = payments.get("vietqr")!;
let farmer: PublicUser;
let farmerShopId: string;
let manager: PublicUser;
let member: PublicUser;
let coopId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const f = await makeFarmer(t.db, "Bà Tư");
  farmer = f.user;
  farmerShopId = f.shop.id;
  const m = await makeFarmer(t.db, "Xã Viên");
  member = m.user;
  manager = await makeUser(t.db, "Quản Lý");
  const coop = await createCooperative(t.db, manager, { name: "HTX Thử", story: "", provinceCode: "75", wardCode: "26080", phone: "0902111111" });
  coopId = coop.id;
  await t.db.updateTable("cooperatives").set({ bank_bin: "970405", bank_account_number: "8800000001", bank_account_holder: "HTX THU" }).where("id", "=", coopId).execute();
  await joinCoop(t.db, manager, coop.id, member.phone);
});
afterAll(async () => {
  await t?.drop();
});

const media = () => appContext(t.db).media;

function input(keys: string[], overrides: Partial<CheckoutInput> = {}): CheckoutInput {
  return checkoutSchema.parse({
    recipientName: "Đặng Minh Anh",
    recipientPhone: "0903000001",
    provinceCode: "75",
    wardCode: "25195",
    street: "12 Lê Lợi",
    idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    delivery: Object.fromEntries(keys.map((k) => [k, "self"])),
    payment: Object.fromEntries(keys.map((k) => [k, "vietqr"])),
    ...overrides,
  });
}

async function buy(buyer: PublicUser, productId: string, quantity: number, overrides: Partial<CheckoutInput> = {}, key = `shop-${farmerShopId}`) {
  const { cartId } = await openCart(t.db, buyer, null);
  await addToCart(t.db, cartId, productId, quantity);
  return { cartId, placed: await placeCheckout(t.db, buyer, cartId, input([key], overrides), options) };
}

const orderByCode = (code: string) => t.db.selectFrom("orders").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
const stockOf = async (id: string) => (await t.db.selectFrom("products").select(["stock", "status"]).where("id", "=", id).executeTakeFirstOrThrow());

describe("checkout", () => {
  it("places a VietQR order waiting for its money with its deadline job, a text to the seller and both steps recorded; remembers the address once; search hears only of the sale that sells out", async () => {
    const buyer = await makeUser(t.db, "Khách Nhớ Địa Chỉ");
    const plums = await makeListing(t.db, media(), farmer, { title: "Mận hậu", priceVnd: 60000, stock: 9 });
    // The listing's own search sync, done: from here on only checkout could queue one.
    await sql`delete from graphile_worker._private_jobs where key = ${`search:product:${plums.id}`}`.execute(t.db);
    await t.db.deleteFrom("search_pending").where("product_id", "=", plums.id).execute();
    const first = await buy(buyer, plums.id, 1);
    const order = await orderByCode(first.placed.orderCodes[0]!);
    expect(order.status).toBe("awaiting_payment");
    const events = await t.db.selectFrom("order_events").select(["from_status", "to_status", "actor_role"]).where("order_id", "=", order.id).orderBy("id").execute();
    expect(events).toEqual([
      { from_status: null, to_status: "placed", actor_role: "buyer" },
      { from_status: "placed", to_status: "awaiting_payment", actor_role: "system" },
    ]);
    const jobs = await sql<{ task_identifier: string; key: string | null }>`
      select t.identifier as task_identifier, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where j.key = ${`expire_order:${order.id}`} or j.key = ${`search:product:${plums.id}`}`.execute(t.db);
    // Still in stock: the search card says the same as before, so no sync is queued.
    expect(jobs.rows.map((j) => j.task_identifier)).toEqual(["expire_order"]);
    const shop = await t.db.selectFrom("shops").select(["phone", "owner_id"]).where("id", "=", farmerShopId).executeTakeFirstOrThrow();
    const told = (await queuedNotifications(t.db)).filter((m) => m.body.includes(order.code));
    expect(told).toMatchObject([{ kind: "new_order", phone: shop.phone, userId: shop.owner_id }]);

    await buy(buyer, plums.id, 1);
    await buy(buyer, plums.id, 1, { street: "99 Hai Bà Trưng" });
    const saved = await t.db.selectFrom("addresses").select(["street"]).where("user_id", "=", buyer.id).orderBy("street").execute();
    expect(saved.map((a) => a.street)).toEqual(["12 Lê Lợi", "99 Hai Bà Trưng"]);

    await buy(buyer, plums.id, 6); // the last six: sold out, so search must drop it from "in stock"
    expect(await stockOf(plums.id)).toEqual({ stock: 0, status: "sold_out" });
    const syncs = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs where key = ${`search:product:${plums.id}`}`.execute(t.db);
    expect(syncs.rows[0]?.n).toBe("1");
    expect(await t.db.selectFrom("search_pending").select("product_id").where("product_id", "=", plums.id).executeTakeFirst()).toBeTruthy();
  });

  it("splits a two-seller cart into two orders with server-side totals; a tampered price in the form is ignored", async () => {
    const buyer = await makeUser(t.db, "Người Mua");
    const bananas = await makeListing(t.db, media(), farmer, { title: "Buồng chuối", priceVnd: 120000, stock: 5 });
    const honey = await makeListing(t.db, media(), member, { title: "Mật ong", priceVnd: 250000, stock: 4 });
    const { cartId } = await openCart(t.db, buyer, null);
    await addToCart(t.db, cartId, bananas.id, 2);
    await addToCart(t.db, cartId, honey.id, 1);
    const view = await cartView(t.db, cartId);
    const keys = view.groups.map((g) => g.seller.key);
    expect(keys).toHaveLength(2);
    const tampered = checkoutSchema.parse({ ...input(keys), total: "1", price: "1", items_total_vnd: "1" });
    const placed = await placeCheckout(t.db, buyer, cartId, tampered, options);
    expect(placed.orderCodes).toHaveLength(2);
    const orders = await Promise.all(placed.orderCodes.map(orderByCode));
    const banana = orders.find((o) => o.seller_shop_id === farmerShopId)!;
    expect(banana.items_total_vnd).toBe("240000");
    expect(banana.delivery_fee_vnd).toBe("30000");
    expect(banana.total_vnd).toBe("270000");
    expect(banana.status).toBe("awaiting_payment");
    expect(new Set(orders.map((o) => o.checkout_id)).size).toBe(1);
    expect((await stockOf(bananas.id)).stock).toBe(3);
    expect((await cartView(t.db, cartId)).count).toBe(0);
    // The seller hears about the new order through the job queue, committed with the order.
    expect((await queuedNotifications(t.db)).filter((m) => m.subject === `Đơn mới ${banana.code}`)).toHaveLength(1);
  });

  it("places a repeated submission once (double tap, retry)", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { title: "Nải chuối", stock: 6 });
    const { cartId } = await openCart(t.db, buyer, null);
    await addToCart(t.db, cartId, product.id, 2);
    const same = input([`shop-${farmerShopId}`]);
    const [a, b] = await Promise.all([placeCheckout(t.db, buyer, cartId, same, options), placeCheckout(t.db, buyer, cartId, same, options)]);
    expect(a.orderCodes).toEqual(b.orderCodes);
    expect([a.repeated, b.repeated].sort()).toEqual([false, true]);
    expect((await stockOf(product.id)).stock).toBe(4);
    const again = await placeCheckout(t.db, buyer, cartId, same, options);
    expect(again.orderCodes).toEqual(a.orderCodes);
  });

  it("sells exactly the last 10 units to 200 concurrent buyers and tells the rest clearly", async () => {
    const product = await makeListing(t.db, media(), farmer, { title: "Chuối cuối mùa", stock: 10 });
    const buyers = await Promise.all(Array.from({ length: 200 }, (_, i) => makeUser(t.db, `Khách ${i}`)));
    const carts = await Promise.all(
      buyers.map(async (b) => {
        const { cartId } = await openCart(t.db, b, null);
        await addToCart(t.db, cartId, product.id, 1);
        return cartId;
      }),
    );
    const results = await Promise.allSettled(buyers.map((b, i) => placeCheckout(t.db, b, carts[i]!, input([`shop-${farmerShopId}`]), options)));
    const sold = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(sold).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(OutOfStockError);
      expect((r.reason as OutOfStockError).messageKey).toBe("checkout.error.soldOut");
      expect((r.reason as OutOfStockError).params).toEqual({ title: "Chuối cuối mùa" });
    }
    expect(await stockOf(product.id)).toEqual({ stock: 0, status: "sold_out" });
    const units = await t.db.selectFrom("order_items").select((eb) => eb.fn.sum<string>("quantity").as("n")).where("product_id", "=", product.id).executeTakeFirst();
    expect(Number(units?.n)).toBe(10);
    expect(await t.db.selectFrom("checkouts").select("id").where("buyer_id", "in", refused.length ? buyers.map((b) => b.id) : ["0"]).execute()).toHaveLength(10);
  }, 60_000);

  it("refuses a checkout without a delivery or payment choice, or a method the seller does not offer", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { stock: 3 });
    const { cartId } = await openCart(t.db, buyer, null);
    await addToCart(t.db, cartId, product.id, 1);
    await expect(placeCheckout(t.db, buyer, cartId, input([], {}), options)).rejects.toMatchObject({ messageKey: "checkout.error.chooseDelivery" });
    await t.db.updateTable("shops").set({ offers_pickup: false }).where("id", "=", farmerShopId).execute();
    await expect(placeCheckout(t.db, buyer, cartId, input([`shop-${farmerShopId}`], { delivery: { [`shop-${farmerShopId}`]: "pickup" } }), options)).rejects.toBeInstanceOf(FieldError);
    await t.db.updateTable("shops").set({ offers_pickup: true }).where("id", "=", farmerShopId).execute();
    // A method this deployment does not offer (posted by hand) is refused on that seller's choice.
    const key = `shop-${farmerShopId}`;
    await expect(placeCheckout(t.db, buyer, cartId, input([key], { payment: { [key]: "momo" } }), options)).rejects.toMatchObject({
      field: `payment.${key}`,
      messageKey: "checkout.error.choosePayment",
    });
    // With only cash registered, a VietQR choice is refused and cash goes through.
    const cashOnly = { ...options, payments: { ...payments, get: (id: string) => (id === "cod" ? payments.get("cod") : undefined) } };
    await expect(placeCheckout(t.db, buyer, cartId, input([key]), cashOnly)).rejects.toMatchObject({ messageKey: "checkout.error.choosePayment" });
    expect((await stockOf(product.id)).stock).toBe(3);
    const placed = await placeCheckout(t.db, buyer, cartId, input([key], { payment: { [key]: "cod" } }), cashOnly);
    const order = await t.db.selectFrom("orders").select(["payment_method", "status"]).where("code", "=", placed.orderCodes[0]!).executeTakeFirstOrThrow();
    expect(order).toEqual({ payment_method: "cod", status: "confirmed" });
  });

  it("merges a guest cart into the buyer's at sign-in, capped by stock", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { stock: 3 });
    const guest = await openCart(t.db, null, null);
    await addToCart(t.db, guest.cartId, product.id, 2);
    const own = await openCart(t.db, buyer, null);
    await addToCart(t.db, own.cartId, product.id, 2);
    await mergeGuestCart(t.db, guest.cartId, buyer.id);
    const view = await cartView(t.db, own.cartId);
    expect(view.groups[0]?.lines[0]?.quantity).toBe(3);
    expect(await t.db.selectFrom("carts").select("id").where("id", "=", guest.cartId).executeTakeFirst()).toBeUndefined();
  });

  it("forgets guest carts nobody came back to in 30 days, never a buyer's", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { stock: 3 });
    const old = await openCart(t.db, null, null);
    const recent = await openCart(t.db, null, null);
    const own = await openCart(t.db, buyer, null);
    for (const c of [old, recent, own]) await addToCart(t.db, c.cartId, product.id, 1);
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    await t.db.updateTable("carts").set({ updated_at: longAgo }).where("id", "in", [old.cartId, own.cartId]).execute();
    expect(await purgeAbandonedGuestCarts(t.db)).toBeGreaterThanOrEqual(1);
    const left = (await t.db.selectFrom("carts").select("id").where("id", "in", [old.cartId, recent.cartId, own.cartId]).execute()).map((c) => c.id);
    expect(left.sort()).toEqual([recent.cartId, own.cartId].sort());
  });
});

/** A bank notification as the webhook route hands it to the provider. */
const webhook = (body: string, signature: string) => ({
  method: "POST",
  url: new URL("http://127.0.0.1/webhooks/bank-transfer"),
  headers: new Headers({ "X-Signature": signature }),
  body,
});

describe("payment", () => {
  // The farmer's own account (shopInput): where VietQR sends the buyer's money.
  const payee = { bankBin: "970405", accountNumber: "6100205123456" };
  const notify = (body: object, secret = TEST_BANK_SECRET) => {
    const raw = JSON.stringify({ ...payee, ...body });
    return vietqr.parseWebhook(webhook(raw, signBankNotification(secret, raw)));
  };

  it("marks an order paid from a signed bank notification, once; forged and replayed ones change nothing", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { priceVnd: 50000, stock: 5 });
    const { placed } = await buy(buyer, product.id, 2);
    const code = placed.orderCodes[0]!;
    expect(() => notify({ id: "forged-1", amount: 130000, description: code }, "wrong-secret-wrong-secret-wrong-secret")).toThrow(PaymentSignatureError);
    const raw = JSON.stringify({ ...payee, id: "tx-1", amount: 130000, description: `${code} chuyen tien` });
    expect(() => vietqr.parseWebhook(webhook(raw.replace("130000", "1"), signBankNotification(TEST_BANK_SECRET, raw)))).toThrow(PaymentSignatureError);
    const event = notify({ id: "tx-1", amount: 130000, description: `ck ${code.toLowerCase()} chuyen tien` });
    expect(await recordBankTransfer(t.db, "bank-transfer", event)).toBe("paid");
    expect(await recordBankTransfer(t.db, "bank-transfer", event)).toBe("duplicate");
    const order = await orderByCode(code);
    expect(order.status).toBe("paid");
    expect(order.paid_at).not.toBeNull();
    const events = await t.db.selectFrom("order_events").select(["to_status", "actor_role"]).where("order_id", "=", order.id).orderBy("id").execute();
    expect(events.map((e) => `${e.actor_role}:${e.to_status}`)).toEqual(["buyer:placed", "system:awaiting_payment", "bank:paid"]);
    // Both sides hear of it, each once: the seller to pack, the buyer that the money arrived.
    const told = (await queuedNotifications(t.db)).filter((m) => m.subject.includes(code) && !m.subject.startsWith("Đơn mới")).map((m) => ({ recipient: m.phone, subject: m.subject }));
    const shop = await t.db.selectFrom("shops").select("phone").where("id", "=", farmerShopId).executeTakeFirstOrThrow();
    expect(told).toEqual([
      { recipient: shop.phone, subject: `Đơn ${code} đã thanh toán` },
      { recipient: buyer.phone, subject: `Đơn ${code}: người bán đã nhận tiền` },
    ]);
  });

  it("takes a short transfer as a part payment: the buyer is asked for the rest and her QR asks for it; the rest pays the order, and money past the total goes back through the seller", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { priceVnd: 50000, stock: 5 });
    const { placed } = await buy(buyer, product.id, 1);
    const code = placed.orderCodes[0]!;
    const total = BigInt((await orderByCode(code)).total_vnd);
    expect(await recordBankTransfer(t.db, "bank-transfer", notify({ id: "tx-short", amount: 20000, description: code }))).toBe("short");
    const order = await orderByCode(code);
    expect(order.status).toBe("awaiting_payment");
    expect(order.payment_flag).toBe("short");
    const qr = await instructionsForOrder(t.db, payments, order, { publicUrl: "http://localhost", locale: "vi" });
    expect(qr?.kind === "qr" && qr.amountVnd).toBe(total - 20000n);
    expect((await getOrderForViewer(t.db, buyer, code))?.flags.map((f) => [f.kind, f.detail])).toEqual([["short", String(total - 20000n)]]);
    // Part of the money is with the seller: the rest cannot move to another way of paying.
    expect(await switchPaymentMethod(t.db, payments, order.id, "vietqr")).toBeNull();
    // She sends 5.000 ₫ too much the second time: paid, and the seller is told to send the difference back.
    expect(await recordBankTransfer(t.db, "bank-transfer", notify({ id: "tx-rest", amount: Number(total - 20000n + 5000n), description: code }))).toBe("paid");
    expect((await orderByCode(code)).status).toBe("paid");
    const flags = await t.db.selectFrom("payment_flags").select(["kind", "amount_vnd", "detail"]).where("order_id", "=", order.id).orderBy("id").execute();
    expect(flags).toEqual([
      { kind: "short", amount_vnd: "20000", detail: String(total - 20000n) },
      { kind: "overpaid", amount_vnd: "5000", detail: "" },
    ]);
    await runDueJobs({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: media(), meili: null, payments });
    const toBuyer = (await listOutbox(t.db)).filter((m) => m.recipient === buyer.phone && m.body.includes(code));
    expect(toBuyer.map((m) => m.body)).toContainEqual(expect.stringMatching(/Đã nhận 20\.000\s₫, còn thiếu \d{2,3}\.000\s₫\. Vui lòng chuyển thêm/));
    expect(toBuyer.map((m) => m.body)).toContainEqual(expect.stringMatching(/Bạn đã chuyển thừa 5\.000\s₫\. Đơn đã được thanh toán; người bán sẽ chuyển trả phần thừa cho bạn\./));
    expect(await recordBankTransfer(t.db, "bank-transfer", notify({ id: "tx-none", amount: 20000, description: "no code here" }))).toBe("unknown_order");
  });

  it("lets only the seller say she sent an overpaid difference back, once; the warning goes and the buyer is told", async () => {
    const buyer = await makeUser(t.db);
    const stranger = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { priceVnd: 40000, stock: 5 });
    const { placed } = await buy(buyer, product.id, 1);
    const code = placed.orderCodes[0]!;
    const order = await orderByCode(code);
    expect(await recordBankTransfer(t.db, "bank-transfer", notify({ id: "tx-over", amount: Number(order.total_vnd) + 7000, description: code }))).toBe("paid");
    expect((await orderByCode(code)).payment_flag).toBe("overpaid");
    const [flag] = (await getOrderForViewer(t.db, farmer, code))!.flags;
    expect(flag).toMatchObject({ kind: "overpaid", settled_at: null });
    await expect(settleReturnedMoney(t.db, buyer, order.id, flag!.id)).rejects.toThrow(ForbiddenError);
    await expect(settleReturnedMoney(t.db, stranger, order.id, flag!.id)).rejects.toThrow(ForbiddenError);
    expect(await settleReturnedMoney(t.db, farmer, order.id, flag!.id)).toBe(true);
    expect(await settleReturnedMoney(t.db, farmer, order.id, flag!.id)).toBe(false);
    expect((await orderByCode(code)).payment_flag).toBeNull();
    const seen = (await getOrderForViewer(t.db, buyer, code))!.flags;
    expect(seen).toHaveLength(1);
    expect(seen[0]!.settled_at).toBeInstanceOf(Date);
    await runDueJobs({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: media(), meili: null, payments });
    const toBuyer = (await listOutbox(t.db)).filter((m) => m.recipient === buyer.phone && m.body.includes(code)).map((m) => m.body);
    expect(toBuyer).toContainEqual(expect.stringMatching(/báo đã chuyển trả bạn 7\.000\s₫ cho đơn/));
    // A part payment still waiting for the rest is the buyer's to top up, not the seller's to send back.
    const other = (await buy(buyer, product.id, 1)).placed.orderCodes[0]!;
    expect(await recordBankTransfer(t.db, "bank-transfer", notify({ id: "tx-part", amount: 1000, description: other }))).toBe("short");
    const [short] = (await getOrderForViewer(t.db, farmer, other))!.flags;
    expect(await settleReturnedMoney(t.db, farmer, (await orderByCode(other)).id, short!.id)).toBe(false);
    // Another order's flag cannot be settled through this one.
    expect(await settleReturnedMoney(t.db, farmer, (await orderByCode(other)).id, flag!.id)).toBe(false);
  });

  it("when a farm ships part of an order paid in cash or by transfer, tells each side what to collect or send back", async () => {
    const buyer = await makeUser(t.db, "Khách Gửi Thiếu");
    const product = await makeListing(t.db, media(), farmer, { priceVnd: 50000, stock: 9 });
    const seller = { user: farmer, role: "seller" as const };
    const step = (id: string, action: "accept" | "pack" | "mark_paid") => applyOrderAction(t.db, seller, id, { action, reason: "", courierName: "", trackingCode: "" });
    // Cash at the door: collect only what went.
    const cod = await orderByCode((await buy(buyer, product.id, 3, { payment: { [`shop-${farmerShopId}`]: "cod" } })).placed.orderCodes[0]!);
    for (const a of ["accept", "pack"] as const) await step(cod.id, a);
    await applyOrderAction(t.db, seller, cod.id, { action: "ship", reason: "", courierName: "", trackingCode: "", sent: { [product.id]: 2 } });
    const collect = BigInt(cod.total_vnd) - 50000n;
    expect(await t.db.selectFrom("payment_flags").select(["kind", "amount_vnd", "detail"]).where("order_id", "=", cod.id).execute()).toEqual([{ kind: "short_shipped", amount_vnd: "50000", detail: String(collect) }]);
    const buyerView = await getOrderForViewer(t.db, buyer, cod.code);
    expect(buyerView?.items.map((i) => [i.quantity, i.shipped_quantity])).toEqual([[3, 2]]);
    expect(buyerView?.flags.map((f) => f.kind)).toEqual(["short_shipped"]);
    // Paid by transfer into the farm's own account: the farm sends the difference back herself.
    const qr = await orderByCode((await buy(buyer, product.id, 2)).placed.orderCodes[0]!);
    for (const a of ["mark_paid", "accept", "pack"] as const) await step(qr.id, a);
    await applyOrderAction(t.db, seller, qr.id, { action: "ship", reason: "", courierName: "", trackingCode: "", sent: { [product.id]: 1 } });
    expect(await t.db.selectFrom("payment_flags").select(["kind", "amount_vnd", "detail"]).where("order_id", "=", qr.id).execute()).toEqual([{ kind: "short_shipped", amount_vnd: "50000", detail: "" }]);
    const jobs = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs where key = ${`refund_part:${qr.id}`}`.execute(t.db);
    expect(jobs.rows[0]?.n).toBe("0");
    // Shipping all of it changes nothing on the lines.
    const whole = await orderByCode((await buy(buyer, product.id, 1, { payment: { [`shop-${farmerShopId}`]: "cod" } })).placed.orderCodes[0]!);
    for (const a of ["accept", "pack"] as const) await step(whole.id, a);
    await applyOrderAction(t.db, seller, whole.id, { action: "ship", reason: "", courierName: "", trackingCode: "", sent: { [product.id]: 1 } });
    expect((await getOrderForViewer(t.db, buyer, whole.code))?.items.map((i) => i.shipped_quantity)).toEqual([null]);
  });

  // Issue 9 #4: a notification for another account with the right code and amount marked the order paid.
  // Issue 9 #20: payment_flag kept only the latest anomaly.
  it("marks paid only money that reached the order's own payee, and keeps every anomaly for the seller", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { priceVnd: 50000, stock: 5 });
    const { placed } = await buy(buyer, product.id, 1);
    const code = placed.orderCodes[0]!;
    const total = Number((await orderByCode(code)).total_vnd);
    const elsewhere = notify({ id: "tx-other-account", amount: total, description: code, accountNumber: "999999999" });
    expect(await recordBankTransfer(t.db, "bank-transfer", elsewhere)).toBe("wrong_account");
    const otherBank = notify({ id: "tx-other-bank", amount: total, description: code, bankBin: "970436" });
    expect(await recordBankTransfer(t.db, "bank-transfer", otherBank)).toBe("wrong_account");
    const noAccount = notify({ id: "tx-no-account", amount: total, description: code, accountNumber: undefined, bankBin: undefined });
    expect(await recordBankTransfer(t.db, "bank-transfer", noAccount)).toBe("wrong_account");
    expect((await orderByCode(code)).status).toBe("awaiting_payment");
    expect(await recordBankTransfer(t.db, "bank-transfer", notify({ id: "tx-short-2", amount: 1000, description: code }))).toBe("short");
    // The real transfer, into the farmer's own account, with spaces as some banks print them.
    expect(await recordBankTransfer(t.db, "bank-transfer", notify({ id: "tx-right", amount: total, description: code, accountNumber: "6100 2051 23456" }))).toBe("paid");
    const order = await orderByCode(code);
    expect(order.status).toBe("paid");
    const flags = await t.db.selectFrom("payment_flags").select(["kind", "amount_vnd", "detail"]).where("order_id", "=", order.id).orderBy("id").execute();
    expect(flags).toEqual([
      { kind: "wrong_account", amount_vnd: String(total), detail: "970405/999999999" },
      { kind: "wrong_account", amount_vnd: String(total), detail: "970436/6100205123456" },
      { kind: "wrong_account", amount_vnd: String(total), detail: "?/?" },
      { kind: "short", amount_vnd: "1000", detail: String(total - 1000) },
      // The full total after the 1.000 ₫: one thousand too many, for the seller to send back.
      { kind: "overpaid", amount_vnd: "1000", detail: "" },
    ]);
    // The seller's text message says it in Vietnamese, with no internal id (issue 10 #17).
    await runDueJobs({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: media(), meili: null, payments });
    const sms = (await listOutbox(t.db)).filter((m) => m.body.includes(code) && m.subject.includes("Kiểm tra"));
    expect(sms.map((m) => m.body)).toContainEqual(expect.stringMatching(/Nhận được 1\.000\s₫, còn thiếu [\d.]+\s₫\./));
    for (const m of sms) expect(m.body).not.toMatch(/tx-|wrong/);
    // The seller sees all five on the order page; the buyer only the part payment and the overpayment.
    const sellerView = await getOrderForViewer(t.db, farmer, code);
    expect(sellerView?.flags).toHaveLength(5);
    expect((await getOrderForViewer(t.db, buyer, code))?.flags.map((f) => f.kind)).toEqual(["short", "overpaid"]);
  });

  it("expires an unpaid order and gives its stock back; cash-on-delivery orders do not wait", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { stock: 5 });
    const { placed } = await buy(buyer, product.id, 3);
    const order = await orderByCode(placed.orderCodes[0]!);
    expect(order.expires_at!.getTime() - Date.now()).toBeGreaterThan(1439 * 60_000);
    expect(await expireOrder(t.db, order.id)).toBe(false); // not yet due
    await t.db.updateTable("orders").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", order.id).execute();
    expect((await stockOf(product.id)).stock).toBe(2);
    expect(await expireOrder(t.db, order.id)).toBe(true);
    expect(await expireOrder(t.db, order.id)).toBe(false);
    expect((await orderByCode(order.code)).status).toBe("expired");
    expect((await stockOf(product.id)).stock).toBe(5);
    const cod = await buy(buyer, product.id, 1, { payment: { [`shop-${farmerShopId}`]: "cod" } });
    const codOrder = await orderByCode(cod.placed.orderCodes[0]!);
    expect(codOrder.status).toBe("confirmed");
    expect(codOrder.expires_at).toBeNull();
  });
});

describe("order lifecycle and access", () => {
  it("walks a cash order to completion with reviews, and refuses illegal steps with a reason", async () => {
    const buyer = await makeUser(t.db);
    const product = await makeListing(t.db, media(), farmer, { stock: 5 });
    const { placed } = await buy(buyer, product.id, 1, { payment: { [`shop-${farmerShopId}`]: "cod" } });
    const order = await orderByCode(placed.orderCodes[0]!);
    const act = (user: PublicUser, role: "buyer" | "seller", action: OrderAction, extra: Partial<{ reason: string; courierName: string; trackingCode: string }> = {}) =>
      applyOrderAction(t.db, { user, role }, order.id, { action, reason: "", courierName: "", trackingCode: "", ...extra });
    await expect(act(farmer, "seller", "ship")).rejects.toMatchObject({ messageKey: "order.error.illegal" });
    await expect(addReview(t.db, buyer, order.id, { productId: product.id, stars: 5, body: "" })).rejects.toBeInstanceOf(OrderActionError);
    await act(farmer, "seller", "accept");
    await expect(act(buyer, "buyer", "cancel")).rejects.toMatchObject({ messageKey: "order.error.illegal" });
    await act(farmer, "seller", "pack");
    await act(farmer, "seller", "ship", { courierName: "VNPost", trackingCode: "EB123456789VN" });
    await act(farmer, "seller", "deliver");
    const delivered = await orderByCode(order.code);
    expect(delivered.paid_at).not.toBeNull(); // cash collected at the door
    await addReview(t.db, buyer, order.id, { productId: product.id, stars: 4, body: "Chuối ngọt, giao nhanh." });
    await expect(addReview(t.db, buyer, order.id, { productId: product.id, stars: 5, body: "" })).rejects.toMatchObject({ messageKey: "review.error.already" });
    await act(buyer, "buyer", "complete");
    const summary = await reviewSummary(t.db, { productId: product.id });
    expect(summary).toMatchObject({ count: 1, average: 4 });
    const view = await getOrderForViewer(t.db, buyer, order.code);
    expect(view?.events.map((e) => e.to_status)).toEqual(["placed", "confirmed", "accepted", "packed", "shipped", "delivered", "completed"]);
  });

  it("lets only the right person take each action on an order (every role × every action)", async () => {
    const buyer = await makeUser(t.db, "Chủ Đơn");
    const otherBuyer = await makeUser(t.db, "Người Lạ");
    const otherFarmer = (await makeFarmer(t.db, "Vườn Khác")).user;
    const product = await makeListing(t.db, media(), farmer, { stock: 50 });
    const { placed } = await buy(buyer, product.id, 1);
    const order = await orderByCode(placed.orderCodes[0]!);
    const roles: Array<[string, PublicUser, "buyer" | "seller"]> = [
      ["buyer", buyer, "buyer"],
      ["seller", farmer, "seller"],
      ["other buyer as buyer", otherBuyer, "buyer"],
      ["other buyer as seller", otherBuyer, "seller"],
      ["other farmer as seller", otherFarmer, "seller"],
      ["co-op manager as seller", manager, "seller"],
      ["buyer posing as seller", buyer, "seller"],
      ["seller posing as buyer", farmer, "buyer"],
    ];
    // The first hand-written move of each action (tests/support/order-lifecycle.ts), not ORDER_RULES.
    const firstMove = (action: OrderAction) => LIFECYCLE.find((m) => m.action === action)!;
    const allowed = (who: string, action: OrderAction) => (who === "buyer" || who === "seller") && firstMove(action).by.includes(who);
    let checked = 0;
    for (const [who, user, role] of roles) {
      for (const action of ALL_ACTIONS) {
        const { from, to } = firstMove(action);
        await t.db.updateTable("orders").set({ status: from, paid_at: new Date(), delivery_method: "self" }).where("id", "=", order.id).execute();
        const attempt = applyOrderAction(t.db, { user, role }, order.id, { action, reason: "vì thử", courierName: "", trackingCode: "" });
        if (allowed(who, action)) await expect(attempt, `${who} ${action}`).resolves.toMatchObject({ status: to });
        else await expect(attempt, `${who} ${action}`).rejects.toSatisfy((e: unknown) => e instanceof ForbiddenError || (e instanceof OrderActionError && e.messageKey === "order.error.notYours"));
        checked++;
      }
    }
    expect(checked).toBe(roles.length * ALL_ACTIONS.length);
    expect(await getOrderForViewer(t.db, otherBuyer, order.code)).toBeNull();
    expect(await getOrderForViewer(t.db, otherFarmer, order.code)).toBeNull();
    expect(await getOrderForViewer(t.db, manager, order.code)).toBeNull();
  });

  it("lets a seller accept several orders at once and says which could not be done", async () => {
    const product = await makeListing(t.db, media(), farmer, { stock: 20 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await buy(await makeUser(t.db), product.id, 1, { payment: { [`shop-${farmerShopId}`]: "cod" } })).placed.orderCodes[0]!);
    const orders = await Promise.all(codes.map(orderByCode));
    await applyOrderAction(t.db, { user: farmer, role: "seller" }, orders[2]!.id, { action: "decline", reason: "hết xe giao", courierName: "", trackingCode: "" });
    const stranger = (await makeFarmer(t.db, "Vườn Lạ")).user;
    expect((await applyBulkAction(t.db, stranger, orders.map((o) => o.id), { action: "accept", reason: "", courierName: "", trackingCode: "" })).every((r) => !r.ok)).toBe(true);
    const results = await applyBulkAction(t.db, farmer, orders.map((o) => o.id), { action: "accept", reason: "", courierName: "", trackingCode: "" });
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[2]?.messageKey).toBe("order.error.illegal");
    expect((await Promise.all(codes.map(orderByCode))).map((o) => o.status)).toEqual(["accepted", "accepted", "declined"]);
    const packing = await packingList(t.db, farmer, { codes: codes.slice(0, 2) });
    expect(new Set(packing.map((r) => r.code))).toEqual(new Set(codes.slice(0, 2)));
    await expect(packingList(t.db, await makeUser(t.db), { codes })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("gives a co-op's manager the order and its member only their own items, and reports what each member is owed", async () => {
    const buyer = await makeUser(t.db);
    const honey = await makeListing(t.db, media(), member, { title: "Mật ong rừng", priceVnd: 200000, stock: 5 });
    await t.db.updateTable("products").set({ cooperative_id: coopId }).where("id", "=", honey.id).execute();
    const other = await makeFarmer(t.db, "Xã Viên Hai");
    await joinCoop(t.db, manager, coopId, other.user.phone);
    const tea = await makeListing(t.db, media(), other.user, { title: "Chè shan tuyết", priceVnd: 90000, stock: 5 });
    await t.db.updateTable("products").set({ cooperative_id: coopId }).where("id", "=", tea.id).execute();
    const { cartId } = await openCart(t.db, buyer, null);
    await addToCart(t.db, cartId, tea.id, 1);
    const { placed } = await buy(buyer, honey.id, 2, { payment: { [`coop-${coopId}`]: "cod" }, delivery: { [`coop-${coopId}`]: "pickup" } }, `coop-${coopId}`);
    expect(placed.orderCodes).toHaveLength(1); // one co-op, one order, two members' goods
    const code = placed.orderCodes[0]!;
    // Each member farm is told what of theirs is in the order, and only that.
    const told = (await queuedNotifications(t.db)).filter((m) => m.kind === "member_order" && m.subject.includes(code));
    expect(told.map((r) => r.body.split("vườn bạn: ")[1]).sort()).toEqual(["1 × Chè shan tuyết. Hãy chuẩn bị để HTX đóng gói.", "2 × Mật ong rừng. Hãy chuẩn bị để HTX đóng gói."]);
    const memberDesk = await listDeskOrders(t.db, member, "all");
    const seen = memberDesk.orders.find((o) => o.code === code);
    expect(seen).toMatchObject({ canAct: false, summary: "2 × Mật ong rừng", total_vnd: "400000" });
    const managerDesk = await listDeskOrders(t.db, manager, "all");
    expect(managerDesk.orders.find((o) => o.code === code)).toMatchObject({ canAct: true, total_vnd: "490000" });
    const asManager = await getOrderForViewer(t.db, manager, code);
    expect(asManager?.access.seller).toBe(true);
    const asMember = await getOrderForViewer(t.db, member, code);
    expect(asMember?.access).toMatchObject({ seller: false, buyer: false });
    expect(asMember?.items.map((i) => i.title)).toEqual(["Mật ong rừng"]);
    await expect(applyOrderAction(t.db, { user: member, role: "seller" }, asMember!.order.id, { action: "accept", reason: "", courierName: "", trackingCode: "" })).rejects.toBeInstanceOf(ForbiddenError);
    const act = (action: OrderAction) => applyOrderAction(t.db, { user: manager, role: "seller" }, asManager!.order.id, { action, reason: "", courierName: "", trackingCode: "" });
    await act("accept");
    await act("pack");
    await expect(act("ship")).rejects.toMatchObject({ messageKey: "order.error.pickupNotShipped" });
    const today = new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Ho_Chi_Minh" });
    const before = await cooperativeReport(t.db, manager, { from: today, to: today });
    expect(before.members).toEqual([
      { member: "Vườn của Xã Viên", sales: 400000n, owed: 0n, units: 2 },
      { member: "Vườn của Xã Viên Hai", sales: 90000n, owed: 0n, units: 1 },
    ]);
    await act("deliver");
    const after = await cooperativeReport(t.db, manager, { from: today, to: today });
    expect(after.members[0]?.owed).toBe(400000n);
    expect(reportCsv(after)).toContain("Mật ong rừng,buong,2,400000,400000");
    await expect(cooperativeReport(t.db, member, { from: today, to: today })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
