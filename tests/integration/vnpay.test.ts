import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ledgerTotal } from "~/payments/ledger.server";
import { lastPaymentFailure, pollPayment, refundPayment, startPayment } from "~/payments/payments.server";
import type { PaymentProvider } from "~/payments/provider";
import { simulatorRoot } from "~/payments/simulators/simulators.server";
import { VNPAY_SIMULATOR_SETTINGS } from "~/payments/simulators/vnpay-simulator.server";
import { vnpayDate, vnpaySign } from "~/payments/vnpay.server";
import { gatewayHarness, type GatewayHarness } from "../support/gateway";

/** VNPay end to end against its simulator: a signed redirect, a GET IPN answered by RspCode, querydr and refund. */
let h: GatewayHarness;
let vnpay: PaymentProvider;
let base: string;

beforeAll(async () => {
  h = await gatewayHarness("vnpay", (url) => ({ vnpay: { ...VNPAY_SIMULATOR_SETTINGS, endpoint: `${url}${simulatorRoot("vnpay")}/api` } }), {
    farm: "Cô Chín VNPay",
    title: "Gạo ST25",
    priceVnd: 120_000,
  });
  vnpay = h.context.payments.get("vnpay")!;
  base = h.base;
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await ledgerTotal(h.t.db)).toBe(0n);
});

const vnpayOrder = () => h.order();
const statusOf = (id: string) => h.statusOf(id);

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
    const back = await pay(await startPayment(h.t.db, vnpay, order, { publicUrl: base, locale: "vi", clientIp: "203.0.113.9" }), "success");
    expect(await statusOf(order.id)).toBe("paid");
    const ipn = `/webhooks/payments/vnpay${back.search}`;
    expect(JSON.parse((await h.server.send("GET", ipn)).text)).toEqual({ RspCode: "02", Message: "Order already confirmed" });
    const forged = ipn.replace(/vnp_Amount=\d+/, "vnp_Amount=100000");
    expect(JSON.parse((await h.server.send("GET", forged)).text)).toEqual({ RspCode: "97", Message: "Invalid signature" });
    const returned = await h.server.send("GET", `/payments/vnpay/return${back.search}`);
    expect(returned.headers.location).toBe(`/orders/${order.code}`);
  });

  it("keeps a cancelled payment's order unpaid with the reason, settles a lost IPN by querydr, and refunds", async () => {
    const order = await vnpayOrder();
    await pay(await startPayment(h.t.db, vnpay, order, { publicUrl: base, locale: "vi" }), "cancelled");
    expect(await statusOf(order.id)).toBe("awaiting_payment");
    expect(await lastPaymentFailure(h.t.db, h.context.payments, order.id)).toBe("cancelled");
    await pay(await startPayment(h.t.db, vnpay, order, { publicUrl: base, locale: "vi" }), "no_notification");
    expect(await statusOf(order.id)).toBe("awaiting_payment");
    const second = await h.t.db.selectFrom("payments").select("id").where("order_id", "=", order.id).where("state", "=", "pending").executeTakeFirstOrThrow();
    expect(await pollPayment(h.t.db, h.context.payments, second.id, 60_000)).toBe("paid");
    expect(await statusOf(order.id)).toBe("paid");
    expect(await refundPayment(h.t.db, h.context.payments, second.id)).toBe("refunded");
  });
});
