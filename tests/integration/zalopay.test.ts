import { createHmac } from "node:crypto";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyOrderAction } from "~/orders/orders.server";
import { ledgerTotal } from "~/payments/ledger.server";
import { lastPaymentFailure, refundOrder, startPayment } from "~/payments/payments.server";
import type { PaymentProvider } from "~/payments/provider";
import { simulatorRoot } from "~/payments/simulators/simulators.server";
import { ZALOPAY_SIMULATOR_SETTINGS } from "~/payments/simulators/zalopay-simulator.server";
import { zaloMac, zaloTransId } from "~/payments/zalopay.server";
import { gatewayHarness, type GatewayHarness } from "../support/gateway";

/** ZaloPay end to end against its simulator over real HTTP (the same seam MoMo uses, another wire format). */
let h: GatewayHarness;
let zalopay: PaymentProvider;
let base: string;

beforeAll(async () => {
  h = await gatewayHarness("zalopay", (url) => ({ zalopay: { ...ZALOPAY_SIMULATOR_SETTINGS, endpoint: `${url}${simulatorRoot("zalopay")}/api` } }), {
    farm: "Anh Bảy ZaloPay",
    title: "Cà phê Robusta",
    priceVnd: 150_000,
  });
  zalopay = h.context.payments.get("zalopay")!;
  base = h.base;
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await ledgerTotal(h.t.db)).toBe(0n);
});

const zaloOrder = () => h.order();
const statusOf = (id: string) => h.statusOf(id);

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
    const url = await startPayment(h.t.db, zalopay, order, { publicUrl: base, locale: "vi" });
    const back = await choose(url, "thrice");
    expect(await statusOf(order.id)).toBe("paid");
    const paidEvents = await h.t.db.selectFrom("order_events").select("id").where("order_id", "=", order.id).where("to_status", "=", "paid").execute();
    expect(paidEvents).toHaveLength(1);
    const returned = await h.server.send("GET", back.pathname + back.search);
    expect(returned.headers.location).toBe(`/orders/${order.code}`);
  });

  it("answers a forged callback with return_code -1 and moves nothing", async () => {
    const order = await zaloOrder();
    const ref = (await startPayment(h.t.db, zalopay, order, { publicUrl: base, locale: "vi" }), await h.t.db.selectFrom("payments").select("provider_ref").where("order_id", "=", order.id).executeTakeFirstOrThrow()).provider_ref;
    const data = JSON.stringify({ app_id: 2026, app_trans_id: ref, amount: Number(order.total_vnd), zp_trans_id: 1 });
    const forged = await h.server.send("POST", "/webhooks/payments/zalopay", { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ data, mac: zaloMac("wrong-key-wrong-key", data), type: 1 }) });
    expect(JSON.parse(forged.text)).toEqual({ return_code: -1, return_message: "mac not equal" });
    expect(await statusOf(order.id)).toBe("awaiting_payment");
  });

  it("learns a failure by asking ZaloPay when the buyer comes back (no callback for failures), and takes a second attempt", async () => {
    const order = await zaloOrder();
    const back = await choose(await startPayment(h.t.db, zalopay, order, { publicUrl: base, locale: "en" }), "insufficient");
    await h.server.send("GET", back.pathname + back.search);
    expect(await statusOf(order.id)).toBe("awaiting_payment");
    expect(await lastPaymentFailure(h.t.db, h.context.payments, order.id)).toBe("declined");
    await choose(await startPayment(h.t.db, zalopay, order, { publicUrl: base, locale: "en" }), "success");
    expect(await statusOf(order.id)).toBe("paid");
  });

  it("refunds through ZaloPay when the buyer cancels a paid order", async () => {
    const order = await zaloOrder();
    await choose(await startPayment(h.t.db, zalopay, order, { publicUrl: base, locale: "vi" }), "success");
    const buyer = await h.t.db.selectFrom("users").select(["id", "phone", "full_name", "email", "locale", "is_admin"]).where("id", "=", order.buyer_id).executeTakeFirstOrThrow();
    await applyOrderAction(h.t.db, { user: buyer, role: "buyer" }, order.id, { action: "cancel", reason: "", courierName: "", trackingCode: "" });
    await refundOrder(h.t.db, h.context.payments, order.id);
    expect(await statusOf(order.id)).toBe("refunded");
    const journals = await sql<{ kind: string }>`select j.kind from ledger_journals j join payments p on p.id = j.payment_id where p.order_id = ${order.id} order by j.id`.execute(h.t.db);
    expect(journals.rows.map((r) => r.kind)).toEqual(["payment", "refund"]);
  });
});
