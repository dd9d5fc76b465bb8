import path from "node:path";
import { rmSync } from "node:fs";
import { sql } from "kysely";
import { openCart, addToCart } from "../../app/orders/cart.server";
import { placeCheckout } from "../../app/orders/checkout.server";
import { ledgerTotal } from "../../app/payments/ledger.server";
import { MOMO_RESULT_KEYS, momoSignature } from "../../app/payments/momo.server";
import { createPaymentRegistry } from "../../app/payments/registry.server";
import { hmacHex } from "../../app/payments/signing.server";
import { MOMO_SIMULATOR_SETTINGS } from "../../app/payments/simulators/momo-simulator.server";
import { VNPAY_SIMULATOR_SETTINGS } from "../../app/payments/simulators/vnpay-simulator.server";
import { ZALOPAY_SIMULATOR_SETTINGS } from "../../app/payments/simulators/zalopay-simulator.server";
import { vnpaySign, vnpaySignedText } from "../../app/payments/vnpay.server";
import { zaloMac } from "../../app/payments/zalopay.server";
import { createDb } from "../../db";
import { migrateJobQueue, migrateToLatest } from "../../db/migrate";
import { startEmbeddedPostgres } from "../lib/embedded";
import { input, makeBuyers, pool, seedSeller } from "./checkout";
import { percentile, startServer } from "./web";

/**
 * Payment notifications through the real server's webhook routes, across all four gateways: signed
 * MoMo IPNs, ZaloPay callbacks, VNPay GET IPNs and Stripe events (a quarter of the attempts each),
 * a fifth of them sent again and a tenth followed by an older or contrary one (out of order), 50 at
 * a time. Reports notifications per second and p95 handling time, and checks every effect happened
 * exactly once against the orders and the ledger, and every reply was the provider's own "taken" or
 * "copy" answer.
 */
const MOMO = { ...MOMO_SIMULATOR_SETTINGS, endpoint: "https://test-payment.momo.vn" };
const ZALOPAY = { ...ZALOPAY_SIMULATOR_SETTINGS, endpoint: "https://sb-openapi.zalopay.vn" };
const VNPAY = { ...VNPAY_SIMULATOR_SETTINGS, endpoint: "https://sandbox.vnpayment.vn" };
const STRIPE = { secretKey: "sk_test_bench_not_a_secret_0000", webhookSecret: "whsec_bench_not_a_secret_0000" };
const PROVIDERS = ["momo", "zalopay", "vnpay", "stripe"] as const;

type Attempt = { provider: (typeof PROVIDERS)[number]; ref: string; amount: number; transId: number; orderId: string };
type Wire = { method: "GET" | "POST"; search: string; body: string | undefined; headers: Record<string, string> };
type Notification = { provider: Attempt["provider"]; make: () => Wire };

const json = (body: string): Wire => ({ method: "POST", search: "", body, headers: { "Content-Type": "application/json" } });

/** A Stripe event as Stripe signs it (`t=…,v1=` HMAC-SHA256 of `${t}.${body}`), signed at send time like a redelivery. */
function stripeEvent(attempt: Attempt, paid: boolean): () => Wire {
  const body = JSON.stringify({
    id: `evt_bench_${attempt.ref}_${paid ? "paid" : "open"}`,
    object: "event",
    type: "checkout.session.completed",
    created: paid ? 1764000100 : 1764000000,
    data: {
      object: {
        id: `cs_bench_${attempt.ref}`,
        object: "checkout.session",
        amount_total: attempt.amount,
        currency: "vnd",
        client_reference_id: attempt.ref,
        status: paid ? "complete" : "open",
        payment_status: paid ? "paid" : "unpaid",
        payment_intent: paid ? `pi_bench_${attempt.transId}` : null,
      },
    },
  });
  return () => {
    const t = Math.floor(Date.now() / 1000);
    return { ...json(body), headers: { "Content-Type": "application/json", "Stripe-Signature": `t=${t},v1=${hmacHex("sha256", STRIPE.webhookSecret, `${t}.${body}`)}` } };
  };
}

function momoIpn(attempt: Attempt, resultCode: number): string {
  const fields = {
    partnerCode: MOMO.partnerCode,
    orderId: attempt.ref,
    requestId: `req-${attempt.ref}`,
    amount: attempt.amount,
    orderInfo: `Vuon Nha ${attempt.ref}`,
    orderType: "momo_wallet",
    transId: resultCode === 0 ? attempt.transId : 0,
    resultCode,
    message: resultCode === 0 ? "Successful." : "Transaction is being processed.",
    payType: "qr",
    responseTime: 1764000000000,
    extraData: "",
  };
  return JSON.stringify({ ...fields, signature: momoSignature(MOMO.secretKey, { ...fields, accessKey: MOMO.accessKey }, MOMO_RESULT_KEYS) });
}

/** ZaloPay's callback: the data as a JSON string, its mac by key2 over exactly that string. */
function zaloCallback(attempt: Attempt): string {
  const data = JSON.stringify({ app_id: Number(ZALOPAY.appId), app_trans_id: attempt.ref, app_time: 1764000000000, app_user: "vuonnha", amount: attempt.amount, embed_data: "{}", item: "[]", zp_trans_id: attempt.transId, server_time: 1764000100000, channel: 38 });
  return JSON.stringify({ data, mac: zaloMac(ZALOPAY.key2, data), type: 1 });
}

/** VNPay's IPN: a GET whose signed fields are the query string (00 paid, 24 cancelled by the buyer). */
function vnpayIpn(attempt: Attempt, responseCode: "00" | "24"): string {
  const params: Record<string, string> = {
    vnp_Amount: String(attempt.amount * 100),
    vnp_BankCode: "NCB",
    vnp_OrderInfo: `Vuon Nha ${attempt.ref}`,
    vnp_PayDate: "20261125093000",
    vnp_ResponseCode: responseCode,
    vnp_TmnCode: VNPAY.tmnCode,
    vnp_TransactionNo: responseCode === "00" ? String(attempt.transId) : "0",
    vnp_TransactionStatus: responseCode === "00" ? "00" : "02",
    vnp_TxnRef: attempt.ref,
  };
  return `?${vnpaySignedText(params)}&vnp_SecureHash=${vnpaySign(VNPAY.hashSecret, params)}`;
}

/**
 * One notification for an attempt: its success, or (stale) one sent out of order after it: MoMo's
 * "still processing", Stripe's event for the still-open session, a VNPay IPN saying "cancelled".
 * ZaloPay calls back only on success, so its out-of-order notification is that callback retried late.
 */
function notification(attempt: Attempt, stale: boolean): Notification {
  const { provider } = attempt;
  if (provider === "stripe") return { provider, make: stripeEvent(attempt, !stale) };
  if (provider === "vnpay") {
    const search = vnpayIpn(attempt, stale ? "24" : "00");
    return { provider, make: () => ({ method: "GET", search, body: undefined, headers: {} }) };
  }
  const body = provider === "momo" ? momoIpn(attempt, stale ? 7000 : 0) : zaloCallback(attempt);
  return { provider, make: () => json(body) };
}

export async function paymentsBench(root: string): Promise<boolean> {
  const dataDir = path.join(root, ".data", "bench-payments");
  rmSync(dataDir, { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), database: "vuonnha_payments" });
  const db = createDb(pg.url, { max: 10 });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await migrateToLatest(db);
    await migrateJobQueue(pg.url);
    const total = Number(process.env.BENCH_NOTIFICATIONS ?? 2000);
    const duplicates = Math.round(total * 0.2);
    const reordered = Math.round(total * 0.1);
    const attemptsCount = total - duplicates - reordered;
    const payments = createPaymentRegistry({
      bankWebhookSecret: null,
      momo: MOMO,
      zalopay: ZALOPAY,
      vnpay: VNPAY,
      stripe: { ...STRIPE, apiUrl: "https://api.stripe.com", payPageOrigin: "https://checkout.stripe.com" },
    });
    const { shopKey, productIds } = await seedSeller(db, "0907777777", 50, 1_000_000);
    const buyers = await makeBuyers(db, attemptsCount, 500_000);
    const attempts: Attempt[] = [];
    for (const [i, buyer] of buyers.entries()) {
      const { cartId } = await openCart(db, buyer, null);
      await addToCart(db, cartId, productIds[i % productIds.length]!, 1);
      const provider = PROVIDERS[i % PROVIDERS.length]!;
      const placed = await placeCheckout(db, buyer, cartId, input(shopKey, 900_000 + i, provider), { payments, paymentMinutes: 1440 });
      const order = await db.selectFrom("orders").select(["id", "code", "total_vnd", "expires_at"]).where("code", "=", placed.orderCodes[0]!).executeTakeFirstOrThrow();
      // The attempt as startPayment stores it (its page at the provider is not what is measured here).
      const ref = payments.get(provider)!.referenceFor(`${order.code}-1`);
      const payment = await db
        .insertInto("payments")
        .values({ order_id: order.id, provider, provider_ref: ref, amount_vnd: order.total_vnd, expires_at: order.expires_at ?? new Date(), pay_url: "https://pay.example/page" })
        .returning("id")
        .executeTakeFirstOrThrow();
      // Which order the attempt pays, as startPayment records it.
      await db.insertInto("payment_orders").values({ payment_id: payment.id, order_id: order.id, amount_vnd: order.total_vnd }).execute();
      attempts.push({ provider, ref, amount: Number(order.total_vnd), transId: 4_100_000_000 + i, orderId: order.id });
    }
    // Every success once; a fifth again (MoMo retries); a tenth followed by a stale "pending" (out of order).
    const firsts = attempts.map((a) => notification(a, false));
    for (let i = 0; i < duplicates; i++) firsts.push(notification(attempts[(i * 7) % attempts.length]!, false));
    // A fixed shuffle, so copies do not arrive next to their originals.
    const sends = firsts.map((n, i) => ({ n, k: (i * 7919) % 9973 })).sort((x, y) => x.k - y.k).map((x) => x.n);
    const stale = Array.from({ length: reordered }, (_, i) => notification(attempts[(i * 13) % attempts.length]!, true));

    server = await startServer(root, {
      DATA_DIR: dataDir,
      DATABASE_URL: pg.url,
      MEILI_URL: "",
      MOMO_PARTNER_CODE: MOMO.partnerCode,
      MOMO_ACCESS_KEY: MOMO.accessKey,
      MOMO_SECRET_KEY: MOMO.secretKey,
      MOMO_ENDPOINT: MOMO.endpoint,
      ZALOPAY_APP_ID: ZALOPAY.appId,
      ZALOPAY_KEY1: ZALOPAY.key1,
      ZALOPAY_KEY2: ZALOPAY.key2,
      ZALOPAY_ENDPOINT: ZALOPAY.endpoint,
      VNPAY_TMN_CODE: VNPAY.tmnCode,
      VNPAY_HASH_SECRET: VNPAY.hashSecret,
      VNPAY_ENDPOINT: VNPAY.endpoint,
      STRIPE_SECRET_KEY: STRIPE.secretKey,
      STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret,
    });
    const base = server.url;
    const times: number[] = [];
    // Each provider's own "taken" and "copy" replies: anything else is a notification not taken.
    const expected = (provider: string) => {
      const p = payments.get(provider)!;
      return [p.webhookReply("accepted"), p.webhookReply("duplicate")].map((r) => JSON.stringify({ status: r.status, json: r.json }));
    };
    const replies = new Map<string, number>();
    let unexpected = 0;
    const post = (n: Notification) => async () => {
      const { method, search, body, headers } = n.make();
      const t0 = performance.now();
      const res = await fetch(`${base}/webhooks/payments/${n.provider}${search}`, { method, headers, body });
      const text = await res.text();
      times.push(performance.now() - t0);
      const got = JSON.stringify({ status: res.status, json: text ? (JSON.parse(text) as unknown) : null });
      if (!expected(n.provider).includes(got)) unexpected++;
      const label = `${n.provider} ${res.status}${text ? ` ${text}` : ""}`;
      replies.set(label, (replies.get(label) ?? 0) + 1);
    };
    const started = performance.now();
    await pool(sends.map(post), 50);
    await pool(stale.map(post), 50); // after their successes: they must move nothing back
    const seconds = (performance.now() - started) / 1000;
    const sent = sends.length + stale.length;

    const paid = await db.selectFrom("orders").select((eb) => eb.fn.countAll<string>().as("n")).where("id", "in", attempts.map((a) => a.orderId)).where("status", "=", "paid").executeTakeFirstOrThrow();
    const paidEvents = await sql<{ n: string }>`select count(*) as n from order_events where to_status = 'paid'`.execute(db);
    const journals = await sql<{ n: string; clearing: string }>`select count(distinct j.id) as n, coalesce(sum(l.amount_vnd) filter (where l.account like 'provider:%'), 0) as clearing
      from ledger_journals j join ledger_lines l on l.journal_id = j.id where j.kind = 'payment'`.execute(db);
    const expectedClearing = attempts.reduce((sum, a) => sum + BigInt(a.amount), 0n);
    const balanced = (await ledgerTotal(db)) === 0n;
    const onceEach =
      Number(paid.n) === attempts.length &&
      Number(paidEvents.rows[0]?.n) === attempts.length &&
      Number(journals.rows[0]?.n) === attempts.length &&
      BigInt(journals.rows[0]?.clearing ?? "0") === expectedClearing &&
      balanced &&
      unexpected === 0;
    console.log(
      `\n## Payment notifications: ${sent.toLocaleString("en")} MoMo IPNs, ZaloPay callbacks, VNPay IPNs and Stripe events through /webhooks/payments/{momo,zalopay,vnpay,stripe} (${attempts.length} payments, a quarter each; ${duplicates} sent twice, ${reordered} out of order after their success), 50 at a time`,
    );
    console.log(`replies: ${[...replies].map(([r, n]) => `${r} ×${n}`).join(" · ")}`);
    console.log(`${(sent / seconds).toFixed(0)} notifications/s · p50 ${percentile(times, 50).toFixed(1)} ms · p95 ${percentile(times, 95).toFixed(1)} ms (no bar, for reference)`);
    console.log(
      `orders paid ${paid.n}/${attempts.length} · paid events ${paidEvents.rows[0]?.n} · payment journals ${journals.rows[0]?.n} · clearing ${journals.rows[0]?.clearing} of ${expectedClearing} · ledger balanced ${balanced} · unexpected replies ${unexpected} → exactly once ${onceEach ? "PASS" : "FAIL"}`,
    );
    return onceEach;
  } finally {
    await server?.stop();
    await db.destroy();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
