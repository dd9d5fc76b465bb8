import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ledgerTotal } from "~/payments/ledger.server";
import { sellerPayee } from "~/payments/payee.server";
import { lastPaymentFailure, otherWaysToPay, pollPayment, refundPayment, startPayment, switchPaymentMethod } from "~/payments/payments.server";
import { PaymentProviderError, type PaymentProvider } from "~/payments/provider";
import { STRIPE_SIMULATOR_SETTINGS } from "~/payments/simulators/stripe-simulator.server";
import { createStripeProvider } from "~/payments/stripe.server";
import { addToCart, openCart } from "~/orders/cart.server";
import { placeCheckout } from "~/orders/checkout.server";
import { makeListing } from "../support/catalog";
import { appContext, makeUser } from "../support/fixtures";
import { gatewayHarness, walletCheckout, type GatewayHarness } from "../support/gateway";

/** Cards through Stripe Checkout, with the real `stripe` SDK pointed at the simulator by host/port/protocol. */
let h: GatewayHarness;
let stripe: PaymentProvider;
let base: string;

beforeAll(async () => {
  h = await gatewayHarness("stripe", (url) => ({ stripe: { ...STRIPE_SIMULATOR_SETTINGS, apiUrl: url, payPageOrigin: url } }), {
    farm: "Chị Năm Thẻ",
    title: "Cà phê Robusta rang mộc",
    priceVnd: 150_000,
  });
  stripe = h.context.payments.get("stripe")!;
  base = h.base;
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await ledgerTotal(h.t.db)).toBe(0n);
});

/** The buyer on Stripe's Checkout page picks an outcome and is sent back. */
async function pay(url: string, outcome: string): Promise<URL> {
  const chosen = await fetch(url, { method: "POST", body: new URLSearchParams({ outcome }), redirect: "manual" });
  expect(chosen.status).toBe(302);
  return new URL(chosen.headers.get("location")!);
}

const attemptsOf = (orderId: string) => h.t.db.selectFrom("payments").selectAll().where("order_id", "=", orderId).orderBy("id").execute();

/** An event signed as Stripe signs, written out here with node's crypto rather than the SDK or the simulator. */
function signed(event: object, secret: string = STRIPE_SIMULATOR_SETTINGS.webhookSecret, at = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify(event);
  return { body, header: `t=${at},v1=${createHmac("sha256", secret).update(`${at}.${body}`).digest("hex")}` };
}

const sendEvent = ({ body, header }: { body: string; header: string }) =>
  h.server.send("POST", "/webhooks/payments/stripe", { headers: { "Content-Type": "application/json", "Stripe-Signature": header }, body });

describe("Stripe cards", () => {
  it("pays by card on the Checkout page: the event marks the order paid once, copies and a stale event change nothing, the return lands on the order", async () => {
    const order = await h.order();
    const url = await startPayment(h.t.db, stripe, order, { publicUrl: base, locale: "vi" });
    expect(url).toMatch(new RegExp(`^${base}/dev/sim/stripe/pay/cs_test_`));
    const [attempt] = await attemptsOf(order.id);
    expect(attempt!.provider_session).toMatch(/^cs_test_/);
    // A second tap while the session is open goes to the same page.
    expect(await startPayment(h.t.db, stripe, order, { publicUrl: base, locale: "vi" })).toBe(url);
    const back = await pay(url, "thrice");
    expect(await h.statusOf(order.id)).toBe("paid");
    expect(back.searchParams.get("session_id")).toBe(attempt!.provider_session);
    const returned = await h.server.send("GET", `/payments/stripe/return${back.search}`);
    expect(returned.headers.location).toBe(`/orders/${order.code}`);
    const [paid] = await attemptsOf(order.id);
    expect(paid!.state).toBe("paid");
    expect(paid!.provider_txn).toMatch(/^pi_/);
    const journals = await h.t.db.selectFrom("ledger_journals").select("id").where("payment_id", "=", paid!.id).execute();
    expect(journals).toHaveLength(1);
    // Three copies of one event reached the inbox as one.
    const kept = await h.t.db.selectFrom("payment_notifications").select("event_id").where("order_id", "=", order.id).execute();
    expect(kept).toHaveLength(1);

    const other = await h.order();
    const backOther = await pay(await startPayment(h.t.db, stripe, other, { publicUrl: base, locale: "en" }), "out_of_order");
    expect(backOther.searchParams.get("attempt")).toBeTruthy();
    expect(await h.statusOf(other.id)).toBe("paid");
  });

  it("refuses forged, re-signed-with-another-secret and stale events with 400 and acknowledges events it does not use", async () => {
    const order = await h.order();
    await startPayment(h.t.db, stripe, order, { publicUrl: base, locale: "vi" });
    const [attempt] = await attemptsOf(order.id);
    const session = { id: attempt!.provider_session, object: "checkout.session", amount_total: 150_000, currency: "vnd", client_reference_id: attempt!.provider_ref, status: "complete", payment_status: "paid", payment_intent: "pi_forged" };
    const event = { id: "evt_forged_1", object: "event", type: "checkout.session.completed", created: Math.floor(Date.now() / 1000), data: { object: session } };
    expect((await sendEvent(signed(event, "whsec_someone_elses_secret"))).status).toBe(400);
    const tampered = signed(event);
    expect((await sendEvent({ body: tampered.body.replace("150000", "1000"), header: tampered.header })).status).toBe(400);
    // Older than Stripe's five-minute tolerance: a replay.
    expect((await sendEvent(signed(event, undefined, Math.floor(Date.now() / 1000) - 600))).status).toBe(400);
    expect((await sendEvent({ body: tampered.body, header: "" })).status).toBe(400);
    expect(await h.statusOf(order.id)).toBe("awaiting_payment");
    const unused = await sendEvent(signed({ id: "evt_other_1", object: "event", type: "customer.created", created: 1, data: { object: { id: "cus_1", object: "customer" } } }));
    expect(unused.status).toBe(200);
    expect(await h.statusOf(order.id)).toBe("awaiting_payment");

    // A genuine expiry event: the attempt fails as expired and the buyer may pay again.
    const expired = await sendEvent(signed({ ...event, id: "evt_expired_1", type: "checkout.session.expired", data: { object: { ...session, status: "expired", payment_status: "unpaid", payment_intent: null } } }));
    expect(expired.status).toBe(200);
    expect(await lastPaymentFailure(h.t.db, h.context.payments, order.id)).toBe("expired");
    expect(await h.statusOf(order.id)).toBe("awaiting_payment");
  });

  it("keeps the session open after a declined card, so the buyer pays on the same page; a lost event is settled by retrieve; the refund goes through the API once", async () => {
    const order = await h.order();
    const url = await startPayment(h.t.db, stripe, order, { publicUrl: base, locale: "vi" });
    const declined = await pay(url, "insufficient");
    await h.server.send("GET", `/payments/stripe/return${declined.search}`);
    expect(await h.statusOf(order.id)).toBe("awaiting_payment");
    expect(await startPayment(h.t.db, stripe, order, { publicUrl: base, locale: "vi" })).toBe(url);
    await pay(url, "no_notification");
    expect(await h.statusOf(order.id)).toBe("awaiting_payment");
    const [attempt] = await attemptsOf(order.id);
    expect(await pollPayment(h.t.db, h.context.payments, attempt!.id, 60_000)).toBe("paid");
    expect(await h.statusOf(order.id)).toBe("paid");
    expect(await refundPayment(h.t.db, h.context.payments, attempt!.id)).toBe("refunded");
    const [refunded] = await attemptsOf(order.id);
    expect(refunded!.state).toBe("refunded");
    // Asked again for the same money, Stripe says it is already back.
    await expect(stripe.refund(refunded!.provider_ref, 150_000n, refunded!.provider_txn, "R-again")).rejects.toMatchObject({ name: "PaymentProviderError", resultCode: "charge_already_refunded" });
  });

  it("is refused with Stripe's own errors: a wrong key, and an amount below Stripe's floor", async () => {
    const wrongKey = createStripeProvider({ ...STRIPE_SIMULATOR_SETTINGS, secretKey: "sk_test_not_the_right_key", apiUrl: base, payPageOrigin: base });
    const order = await h.order();
    await expect(startPayment(h.t.db, wrongKey, order, { publicUrl: base, locale: "vi" })).rejects.toBeInstanceOf(PaymentProviderError);
    const [failed] = await attemptsOf(order.id);
    expect(failed!.state).toBe("failed");
    expect(failed!.result_code).toBe("api_key_invalid");
    await expect(
      stripe.createPayment({
        orderCode: "VN00000000",
        amountVnd: 5_000n,
        payee: { bankBin: "970436", accountNumber: "0011001234567", accountHolder: "NGUYEN VAN A" },
        attemptRef: "VN00000000-1",
        description: "Vuon Nha VN00000000",
        locale: "vi",
        returnUrl: `${base}/payments/stripe/return`,
        notifyUrl: `${base}/webhooks/payments/stripe`,
        clientIp: "127.0.0.1",
      }),
    ).rejects.toMatchObject({ resultCode: "amount_too_small" });
  });

  it("lets the buyer move a waiting order to another way that collects first, never to cash, never once it is paid", async () => {
    const order = await h.order();
    expect(otherWaysToPay(h.context.payments, order, await sellerPayee(h.t.db, order))).toEqual(["vietqr"]);
    expect(await switchPaymentMethod(h.t.db, h.context.payments, order.id, "cod")).toBeNull();
    expect(await switchPaymentMethod(h.t.db, h.context.payments, order.id, "no-such-way")).toBeNull();
    expect((await switchPaymentMethod(h.t.db, h.context.payments, order.id, "vietqr"))?.id).toBe("vietqr");
    const moved = await h.t.db.selectFrom("orders").select("payment_method").where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(moved.payment_method).toBe("vietqr");
    // The transfer attempt pays the farm's account as it is now, and the QR asks for the whole total.
    const transfer = await h.t.db.selectFrom("payments").select(["state", "payee_account_number"]).where("order_id", "=", order.id).where("provider", "=", "vietqr").execute();
    expect(transfer).toEqual([{ state: "pending", payee_account_number: "6100205123456" }]);
    // Back to the card, paid: no more switching.
    const card = await switchPaymentMethod(h.t.db, h.context.payments, order.id, "stripe");
    await pay(await startPayment(h.t.db, card!, order, { publicUrl: base, locale: "vi" }), "success");
    expect(await h.statusOf(order.id)).toBe("paid");
    expect(await switchPaymentMethod(h.t.db, h.context.payments, order.id, "vietqr")).toBeNull();
  });

  it("is not offered for an order below Stripe's floor, and an order placed anyway is refused with a clear message before any stock is taken", async () => {
    const cheap = await makeListing(h.t.db, appContext(h.t.db).media, h.farmer.user, { title: "Lá chuối gói bánh", priceVnd: 8_000, stock: 5 });
    const buyer = await makeUser(h.t.db, "Khách Lá");
    const { cartId } = await openCart(h.t.db, buyer, null);
    await addToCart(h.t.db, cartId, cheap.id, 1);
    const key = `shop-${h.farmer.shopId}`;
    const input = walletCheckout({ [key]: "stripe" }, "pickup");
    await expect(placeCheckout(h.t.db, buyer, cartId, input, { payments: h.context.payments, paymentMinutes: 60 })).rejects.toMatchObject({ messageKey: "checkout.error.paymentAmount" });
    const left = await h.t.db.selectFrom("products").select("stock").where("id", "=", cheap.id).executeTakeFirstOrThrow();
    expect(left.stock).toBe(5);
    expect(stripe.takesAmount(8_000n)).toBe(false);
    expect(stripe.takesAmount(150_000n)).toBe(true);
  });
});
