import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expireOrder } from "~/orders/orders.server";
import { ledgerTotal } from "~/payments/ledger.server";
import { pollPayment, refundPayment, settleBeforeExpiry, startPayment } from "~/payments/payments.server";
import type { PaymentProvider } from "~/payments/provider";
import type { PaymentSettings } from "~/payments/registry.server";
import { MOMO_SIMULATOR_SETTINGS } from "~/payments/simulators/momo-simulator.server";
import { simulatorRoot } from "~/payments/simulators/simulators.server";
import { STRIPE_SIMULATOR_SETTINGS } from "~/payments/simulators/stripe-simulator.server";
import { VNPAY_SIMULATOR_SETTINGS } from "~/payments/simulators/vnpay-simulator.server";
import { ZALOPAY_SIMULATOR_SETTINGS } from "~/payments/simulators/zalopay-simulator.server";
import { gatewayHarness, type GatewayHarness } from "../support/gateway";
import { queuedNotifications } from "../support/notifications";

/**
 * The rules every wallet, gateway and card provider must keep, checked the same way for each one
 * against its simulator over real HTTP: the notification the simulator really sends (captured on
 * its way out, so the test holds the exact signed bytes) is forged, copied 20 times in parallel,
 * lost, or late, and the order, the inbox and the books must end the same for every provider.
 */
type Settings = Omit<PaymentSettings, "bankWebhookSecret" | "momo"> & { momo?: PaymentSettings["momo"] };

const GATEWAYS: { id: string; settings: (base: string) => Settings; priceVnd: number }[] = [
  { id: "momo", settings: (url) => ({ momo: { ...MOMO_SIMULATOR_SETTINGS, endpoint: `${url}${simulatorRoot("momo")}/api` } }), priceVnd: 90_000 },
  { id: "zalopay", settings: (url) => ({ zalopay: { ...ZALOPAY_SIMULATOR_SETTINGS, endpoint: `${url}${simulatorRoot("zalopay")}/api` } }), priceVnd: 150_000 },
  { id: "vnpay", settings: (url) => ({ vnpay: { ...VNPAY_SIMULATOR_SETTINGS, endpoint: `${url}${simulatorRoot("vnpay")}/api` } }), priceVnd: 120_000 },
  { id: "stripe", settings: (url) => ({ stripe: { ...STRIPE_SIMULATOR_SETTINGS, apiUrl: url, payPageOrigin: url } }), priceVnd: 135_000 },
];

interface Notification {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

// The simulators post their notifications with the global fetch; while `held` is set, those
// requests are kept here instead of delivered, so a test can deliver them as it likes.
const realFetch = globalThis.fetch;
let held: Notification[] | null = null;
beforeAll(() => {
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (held && url.pathname.startsWith("/webhooks/payments/")) {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => (headers[key] = value));
      held.push({ method: request.method, path: url.pathname + url.search, headers, body: await request.text() });
      return new Response(null, { status: 200 });
    }
    return realFetch(input, init);
  };
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

/** The buyer on the provider's page (after its signed entry link, where it has one) picks an outcome. */
async function pay(url: string, outcome: string): Promise<void> {
  const entry = await realFetch(url, { redirect: "manual" });
  const page = entry.status === 302 ? entry.headers.get("location")! : url;
  const chosen = await realFetch(page, { method: "POST", body: new URLSearchParams({ outcome }), redirect: "manual" });
  expect(chosen.status).toBe(302);
}

/** What the simulator sends when the buyer pays, held back and returned instead of delivered. */
async function payAndHold(url: string): Promise<Notification> {
  held = [];
  try {
    await pay(url, "success");
    expect(held).toHaveLength(1);
    return held[0]!;
  } finally {
    held = null;
  }
}

describe.each(GATEWAYS)("$id keeps the payment rules", ({ id, settings, priceVnd }) => {
  let h: GatewayHarness;
  let provider: PaymentProvider;

  beforeAll(async () => {
    h = await gatewayHarness(id, settings, { farm: `Vườn ${id}`, title: `Chuối sứ ${id}`, priceVnd });
    provider = h.context.payments.get(id)!;
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    // The books balance after every story, for every provider.
    expect(await ledgerTotal(h.t.db)).toBe(0n);
  });

  const deliver = (n: Notification) => h.server.send(n.method, n.path, { headers: n.headers, body: n.method === "GET" ? undefined : n.body });
  const reply = (r: { status: number; text: string }) => ({ status: r.status, json: r.text ? (JSON.parse(r.text) as unknown) : null });
  const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: string }> }) => Number((await q.executeTakeFirstOrThrow()).n);
  const paidEvents = (orderId: string) => count(h.t.db.selectFrom("order_events").select(sql<string>`count(*)`.as("n")).where("order_id", "=", orderId).where("to_status", "=", "paid"));
  const inboxRows = (orderId: string) => count(h.t.db.selectFrom("payment_notifications").select(sql<string>`count(*)`.as("n")).where("order_id", "=", orderId));
  const paymentJournals = async (orderId: string) =>
    (await sql<{ kind: string }>`select j.kind from ledger_journals j join payment_orders po on po.payment_id = j.payment_id where po.order_id = ${orderId} order by j.id`.execute(h.t.db)).rows.map((r) => r.kind);

  it("refuses a forged copy in its own words, then takes one of 20 parallel copies of the real notification and answers the rest as copies", async () => {
    const order = await h.order();
    const notification = await payAndHold(await startPayment(h.t.db, provider, order, { publicUrl: h.base, locale: "vi" }));
    expect(await h.statusOf(order.id)).toBe("awaiting_payment");

    // The same signed notification with the amount changed: the signature no longer holds.
    const amount = String(order.total_vnd);
    const forge = (text: string) => text.replace(amount, "1000");
    const forged = { ...notification, path: forge(notification.path), body: forge(notification.body) };
    expect(forged.path + forged.body).not.toBe(notification.path + notification.body);
    expect(reply(await deliver(forged))).toEqual(provider.webhookReply("bad_signature"));
    expect(await h.statusOf(order.id)).toBe("awaiting_payment");

    const replies = (await Promise.all(Array.from({ length: 20 }, () => deliver(notification)))).map(reply);
    const accepted = provider.webhookReply("accepted");
    const duplicate = provider.webhookReply("duplicate");
    expect(replies.filter((r) => JSON.stringify(r) === JSON.stringify(accepted))).toHaveLength(JSON.stringify(accepted) === JSON.stringify(duplicate) ? 20 : 1);
    expect(replies.every((r) => JSON.stringify(r) === JSON.stringify(accepted) || JSON.stringify(r) === JSON.stringify(duplicate))).toBe(true);

    expect(await h.statusOf(order.id)).toBe("paid");
    expect(await paidEvents(order.id)).toBe(1);
    expect(await inboxRows(order.id)).toBe(1);
    expect(await paymentJournals(order.id)).toEqual(["payment"]);
  });

  it("settles a payment whose notification never came by asking the provider (the poll job)", async () => {
    const order = await h.order();
    await pay(await startPayment(h.t.db, provider, order, { publicUrl: h.base, locale: "vi" }), "no_notification");
    expect(await h.statusOf(order.id)).toBe("awaiting_payment");
    const attempt = await h.t.db.selectFrom("payments").select("id").where("order_id", "=", order.id).executeTakeFirstOrThrow();
    expect(await pollPayment(h.t.db, h.context.payments, attempt.id, 60_000)).toBe("paid");
    expect(await h.statusOf(order.id)).toBe("paid");
    expect(await paymentJournals(order.id)).toEqual(["payment"]);
    // The poll queued at the start finds the outcome final and asks no more.
    expect(await pollPayment(h.t.db, h.context.payments, attempt.id, 60_000)).toBe("gone");
  });

  it("gives back money that arrives after the order expired, through the provider, and tells the buyer", async () => {
    const order = await h.order();
    const url = await startPayment(h.t.db, provider, order, { publicUrl: h.base, locale: "vi" });
    // The buyer leaves the payment page open past the deadline: expiry asks the provider first (still waiting), then lapses.
    await h.t.db.updateTable("orders").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", order.id).execute();
    await settleBeforeExpiry(h.t.db, h.context.payments, order.id);
    expect(await expireOrder(h.t.db, order.id)).toBe(true);
    const notification = await payAndHold(url);
    expect(reply(await deliver(notification))).toEqual(provider.webhookReply("accepted"));
    expect(await h.statusOf(order.id)).toBe("expired");
    const paid = await h.t.db.selectFrom("payments").select(["id", "state"]).where("order_id", "=", order.id).executeTakeFirstOrThrow();
    expect(paid.state).toBe("paid");
    const job = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs where key = ${`payment_refund:${paid.id}:${order.id}`}`.execute(h.t.db);
    expect(job.rows[0]?.n).toBe("1");

    expect(await refundPayment(h.t.db, h.context.payments, paid.id)).toBe("refunded");
    expect(await refundPayment(h.t.db, h.context.payments, paid.id)).toBe("gone");
    expect(await h.t.db.selectFrom("payments").select("state").where("id", "=", paid.id).executeTakeFirstOrThrow()).toEqual({ state: "refunded" });
    expect(await h.statusOf(order.id)).toBe("expired");
    expect(await paymentJournals(order.id)).toEqual(["payment", "refund"]);
    expect((await queuedNotifications(h.t.db)).filter((m) => m.subject === `Đơn ${order.code}: đã hoàn tiền`)).toHaveLength(1);
  });
});
