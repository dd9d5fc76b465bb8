import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import type { AppContext } from "~/context";
import { addToCart, openCart } from "~/orders/cart.server";
import { checkoutSchema, placeCheckout } from "~/orders/checkout.server";
import { ledgerTotal } from "~/payments/ledger.server";
import { lastPaymentFailure, pollPayment, refundPayment, startPayment } from "~/payments/payments.server";
import type { PaymentProvider } from "~/payments/provider";
import { createPaymentRegistry } from "~/payments/registry.server";
import { simulatorRoot } from "~/payments/simulators/simulators.server";
import { VNPAY_SIMULATOR_SETTINGS } from "~/payments/simulators/vnpay-simulator.server";
import { vnpayDate, vnpaySign } from "~/payments/vnpay.server";
import { makeListing } from "../support/catalog";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, makeFarmer, makeUser, TEST_BANK_SECRET } from "../support/fixtures";
import { startServer, type RunningServer } from "../support/server";

/** VNPay end to end against its simulator: a signed redirect, a GET IPN answered by RspCode, querydr and refund. */
let t: TestDatabase;
let server: RunningServer;
let context: Omit<AppContext, "clientIp" | "cspNonce">;
let vnpay: PaymentProvider;
let farmer: { user: PublicUser; shopId: string };
let productId: string;
let base: string;

beforeAll(async () => {
  t = await createTestDatabase();
  context = { ...appContext(t.db) };
  server = await startServer(context);
  base = `http://127.0.0.1:${server.port}`;
  context.payments = createPaymentRegistry({ bankWebhookSecret: TEST_BANK_SECRET, momo: null, vnpay: { ...VNPAY_SIMULATOR_SETTINGS, endpoint: `${base}${simulatorRoot("vnpay")}/api` } });
  context.publicUrl = base;
  context.internalUrl = base;
  vnpay = context.payments.get("vnpay")!;
  const f = await makeFarmer(t.db, "Cô Chín VNPay");
  farmer = { user: f.user, shopId: f.shop.id };
  productId = (await makeListing(t.db, appContext(t.db).media, f.user, { title: "Gạo ST25", priceVnd: 120_000, stock: 100 })).id;
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});
afterEach(async () => {
  expect(await ledgerTotal(t.db)).toBe(0n);
});

async function vnpayOrder() {
  const buyer = await makeUser(t.db, "Khách VNPay");
  const { cartId } = await openCart(t.db, buyer, null);
  await addToCart(t.db, cartId, productId, 1);
  const key = `shop-${farmer.shopId}`;
  const fields = { recipientName: "Lâm Thị Mai", recipientPhone: "0903000012", provinceCode: "75", wardCode: "25195", street: "8 Hùng Vương" };
  const placed = await placeCheckout(
    t.db,
    buyer,
    cartId,
    checkoutSchema.parse({ ...fields, idempotencyKey: `vnp-${Math.random().toString(36).slice(2)}-key`, delivery: { [key]: "self" }, payment: { [key]: "vnpay" } }),
    { payments: context.payments, paymentMinutes: 60 },
  );
  return t.db.selectFrom("orders").selectAll().where("code", "=", placed.orderCodes[0]!).executeTakeFirstOrThrow();
}

const statusOf = async (id: string) => (await t.db.selectFrom("orders").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

/** The buyer follows the signed link to VNPay, picks an outcome, and is sent back. */
async function pay(url: string, outcome: string): Promise<URL> {
  const entry = await fetch(url, { redirect: "manual" });
  expect(entry.status).toBe(302);
  const page = entry.headers.get("location")!;
  const chosen = await fetch(page, { method: "POST", body: new URLSearchParams({ outcome }), redirect: "manual" });
  return new URL(chosen.headers.get("location")!);
}

describe("VNPay", () => {
  it("hashes the sorted, form-encoded fields with HMAC-SHA512, and writes dates in Vietnam time", () => {
    const params = { vnp_TxnRef: "VN1-1", vnp_Amount: "15000000", vnp_OrderInfo: "Vuon Nha VN1", vnp_Version: "2.1.0", vnp_BankCode: "" };
    // Written out by hand: sorted by name, the empty one left out, the space as "+".
    const text = "vnp_Amount=15000000&vnp_OrderInfo=Vuon+Nha+VN1&vnp_TxnRef=VN1-1&vnp_Version=2.1.0";
    expect(vnpaySign("secret-example", params)).toBe(createHmac("sha512", "secret-example").update(text).digest("hex"));
    expect(vnpayDate(new Date("2026-11-24T17:05:09Z"))).toBe("20261125000509");
  });

  it("pays from the GET IPN (RspCode 00), answers a copy with 02 and a forged one with 97", async () => {
    const order = await vnpayOrder();
    const back = await pay(await startPayment(t.db, vnpay, order, { publicUrl: base, locale: "vi", clientIp: "203.0.113.9" }), "success");
    expect(await statusOf(order.id)).toBe("paid");
    const ipn = `/webhooks/payments/vnpay${back.search}`;
    expect(JSON.parse((await server.send("GET", ipn)).text)).toEqual({ RspCode: "02", Message: "Order already confirmed" });
    const forged = ipn.replace(/vnp_Amount=\d+/, "vnp_Amount=100000");
    expect(JSON.parse((await server.send("GET", forged)).text)).toEqual({ RspCode: "97", Message: "Invalid signature" });
    const returned = await server.send("GET", `/payments/vnpay/return${back.search}`);
    expect(returned.headers.location).toBe(`/orders/${order.code}`);
  });

  it("keeps a cancelled payment's order unpaid with the reason, settles a lost IPN by querydr, and refunds", async () => {
    const order = await vnpayOrder();
    await pay(await startPayment(t.db, vnpay, order, { publicUrl: base, locale: "vi" }), "cancelled");
    expect(await statusOf(order.id)).toBe("awaiting_payment");
    expect(await lastPaymentFailure(t.db, context.payments, order.id)).toBe("cancelled");
    await pay(await startPayment(t.db, vnpay, order, { publicUrl: base, locale: "vi" }), "no_notification");
    expect(await statusOf(order.id)).toBe("awaiting_payment");
    const second = await t.db.selectFrom("payments").select("id").where("order_id", "=", order.id).where("state", "=", "pending").executeTakeFirstOrThrow();
    expect(await pollPayment(t.db, context.payments, second.id, 60_000)).toBe("paid");
    expect(await statusOf(order.id)).toBe("paid");
    expect(await refundPayment(t.db, context.payments, second.id)).toBe("refunded");
  });
});
