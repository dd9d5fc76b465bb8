import { createHmac } from "node:crypto";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import type { AppContext } from "~/context";
import { addToCart, openCart } from "~/orders/cart.server";
import { checkoutSchema, placeCheckout } from "~/orders/checkout.server";
import { applyOrderAction } from "~/orders/orders.server";
import { ledgerTotal } from "~/payments/ledger.server";
import { lastPaymentFailure, refundOrder, startPayment } from "~/payments/payments.server";
import type { PaymentProvider } from "~/payments/provider";
import { createPaymentRegistry } from "~/payments/registry.server";
import { simulatorRoot } from "~/payments/simulators/simulators.server";
import { ZALOPAY_SIMULATOR_SETTINGS } from "~/payments/simulators/zalopay-simulator.server";
import { zaloMac, zaloTransId } from "~/payments/zalopay.server";
import { makeListing } from "../support/catalog";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, makeFarmer, makeUser, TEST_BANK_SECRET } from "../support/fixtures";
import { startServer, type RunningServer } from "../support/server";

/** ZaloPay end to end against its simulator over real HTTP (the same seam MoMo uses, another wire format). */
let t: TestDatabase;
let server: RunningServer;
let context: Omit<AppContext, "clientIp" | "cspNonce">;
let zalopay: PaymentProvider;
let farmer: { user: PublicUser; shopId: string };
let productId: string;
let base: string;

beforeAll(async () => {
  t = await createTestDatabase();
  context = { ...appContext(t.db) };
  server = await startServer(context);
  base = `http://127.0.0.1:${server.port}`;
  context.payments = createPaymentRegistry({ bankWebhookSecret: TEST_BANK_SECRET, momo: null, zalopay: { ...ZALOPAY_SIMULATOR_SETTINGS, endpoint: `${base}${simulatorRoot("zalopay")}/api` } });
  context.publicUrl = base;
  context.internalUrl = base;
  zalopay = context.payments.get("zalopay")!;
  const f = await makeFarmer(t.db, "Anh Bảy ZaloPay");
  farmer = { user: f.user, shopId: f.shop.id };
  productId = (await makeListing(t.db, appContext(t.db).media, f.user, { title: "Cà phê Robusta", priceVnd: 150_000, stock: 100 })).id;
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});
afterEach(async () => {
  expect(await ledgerTotal(t.db)).toBe(0n);
});

async function zaloOrder() {
  const buyer = await makeUser(t.db, "Khách ZaloPay");
  const { cartId } = await openCart(t.db, buyer, null);
  await addToCart(t.db, cartId, productId, 1);
  const key = `shop-${farmer.shopId}`;
  const fields = { recipientName: "Ngô Thị Lan", recipientPhone: "0903000011", provinceCode: "75", wardCode: "25195", street: "3 Võ Thị Sáu" };
  const placed = await placeCheckout(
    t.db,
    buyer,
    cartId,
    checkoutSchema.parse({ ...fields, idempotencyKey: `zalo-${Math.random().toString(36).slice(2)}-key`, delivery: { [key]: "self" }, payment: { [key]: "zalopay" } }),
    { payments: context.payments, paymentMinutes: 60 },
  );
  return t.db.selectFrom("orders").selectAll().where("code", "=", placed.orderCodes[0]!).executeTakeFirstOrThrow();
}

const statusOf = async (id: string) => (await t.db.selectFrom("orders").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

async function choose(orderUrl: string, outcome: string): Promise<URL> {
  const chosen = await fetch(orderUrl, { method: "POST", body: new URLSearchParams({ outcome }), redirect: "manual" });
  expect(chosen.status).toBe(302);
  return new URL(chosen.headers.get("location")!);
}

describe("ZaloPay", () => {
  it("signs create requests with key1 over ZaloPay's documented field order, and dates transaction ids in Vietnam", () => {
    const text = "2553|240101_VN1-1|vuonnha|150000|1704067200000|{}|[]";
    expect(zaloMac("key1-example", text)).toBe(createHmac("sha256", "key1-example").update(text).digest("hex"));
    // 17:30 UTC on 31 Dec is already 1 January in Vietnam.
    expect(zaloTransId("VN1-1", new Date("2025-12-31T17:30:00Z"))).toBe("260101_VN1-1");
  });

  it("pays from the key2-signed callback; copies change nothing; the return lands on the order", async () => {
    const order = await zaloOrder();
    const url = await startPayment(t.db, zalopay, order, { publicUrl: base, locale: "vi" });
    const back = await choose(url, "thrice");
    expect(await statusOf(order.id)).toBe("paid");
    const paidEvents = await t.db.selectFrom("order_events").select("id").where("order_id", "=", order.id).where("to_status", "=", "paid").execute();
    expect(paidEvents).toHaveLength(1);
    const returned = await server.send("GET", back.pathname + back.search);
    expect(returned.headers.location).toBe(`/orders/${order.code}`);
  });

  it("answers a forged callback with return_code -1 and moves nothing", async () => {
    const order = await zaloOrder();
    const ref = (await startPayment(t.db, zalopay, order, { publicUrl: base, locale: "vi" }), await t.db.selectFrom("payments").select("provider_ref").where("order_id", "=", order.id).executeTakeFirstOrThrow()).provider_ref;
    const data = JSON.stringify({ app_id: 2026, app_trans_id: ref, amount: Number(order.total_vnd), zp_trans_id: 1 });
    const forged = await server.send("POST", "/webhooks/payments/zalopay", { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ data, mac: zaloMac("wrong-key-wrong-key", data), type: 1 }) });
    expect(JSON.parse(forged.text)).toEqual({ return_code: -1, return_message: "mac not equal" });
    expect(await statusOf(order.id)).toBe("awaiting_payment");
  });

  it("learns a failure by asking ZaloPay when the buyer comes back (no callback for failures), and takes a second attempt", async () => {
    const order = await zaloOrder();
    const back = await choose(await startPayment(t.db, zalopay, order, { publicUrl: base, locale: "en" }), "insufficient");
    await server.send("GET", back.pathname + back.search);
    expect(await statusOf(order.id)).toBe("awaiting_payment");
    expect(await lastPaymentFailure(t.db, context.payments, order.id)).toBe("declined");
    await choose(await startPayment(t.db, zalopay, order, { publicUrl: base, locale: "en" }), "success");
    expect(await statusOf(order.id)).toBe("paid");
  });

  it("refunds through ZaloPay when the buyer cancels a paid order", async () => {
    const order = await zaloOrder();
    await choose(await startPayment(t.db, zalopay, order, { publicUrl: base, locale: "vi" }), "success");
    const buyer = await t.db.selectFrom("users").select(["id", "phone", "full_name", "email", "locale", "is_admin"]).where("id", "=", order.buyer_id).executeTakeFirstOrThrow();
    await applyOrderAction(t.db, { user: buyer, role: "buyer" }, order.id, { action: "cancel", reason: "", courierName: "", trackingCode: "" });
    await refundOrder(t.db, context.payments, order.id);
    expect(await statusOf(order.id)).toBe("refunded");
    const journals = await sql<{ kind: string }>`select j.kind from ledger_journals j join payments p on p.id = j.payment_id where p.order_id = ${order.id} order by j.id`.execute(t.db);
    expect(journals.rows.map((r) => r.kind)).toEqual(["payment", "refund"]);
  });
});
