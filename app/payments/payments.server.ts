import { sql } from "kysely";
import type { Db, DbOrTx } from "../../db";
import type { Order, PaymentState } from "../../db/schema";
import { enqueueJob } from "~/jobs/queue.server";
import { formatVnd } from "~/lib/money";
import { closeTransferAttempts, createTransferAttempt, sellerPayee, type Payee } from "./payee.server";
import { markPaidByProvider, markRefundedByProvider } from "~/orders/orders.server";
import { receivedInPart } from "./bank-transfers.server";
import { notifyOrderEvent } from "~/orders/notifications.server";
import { recordPartRefundJournal, recordPaymentJournal, recordRefundJournal } from "./ledger.server";
import { PaymentProviderError, type PaymentEvent, type PaymentFailure, type PaymentProvider, type PaymentStatus } from "./provider";
import type { PaymentRegistry } from "./registry.server";

/**
 * Attempts at paying through a provider that takes the money itself (wallets, gateways, cards):
 * one `payments` row per attempt, created once and stored; its state moves only forward (below),
 * from a verified notification or a verified status query, never from the buyer's return alone.
 */
const PAYMENT_MOVES: Record<PaymentState, PaymentState[]> = {
  pending: ["paid", "failed", "expired"],
  // A success reported after the attempt failed or lapsed still happened: the money is there.
  failed: ["paid"],
  expired: ["paid"],
  paid: ["refunded"],
  refunded: [],
};

function canMovePayment(from: PaymentState, to: PaymentState): boolean {
  return PAYMENT_MOVES[from].includes(to);
}

/** How long the first status query waits, and the longest wait between two. */
const FIRST_POLL_MS = 60_000;
const MAX_POLL_MS = 15 * 60_000;

type PayableOrder = Pick<Order, "id" | "code" | "status" | "total_vnd" | "expires_at" | "checkout_id" | "buyer_id" | "payment_method">;

/**
 * The orders one payment covers: this one and every other order of the same checkout, by the same
 * buyer, still waiting for its money by the same provider (a cart from several sellers is one trip
 * to the wallet). In id order; locked when asked, as a new attempt is made.
 */
export async function payableTogether(db: DbOrTx, order: PayableOrder, providerId: string, lock = false) {
  let query = db
    .selectFrom("orders")
    .select(["id", "code", "total_vnd", "expires_at", "seller_shop_id", "seller_cooperative_id"])
    .where("status", "=", "awaiting_payment")
    .where("payment_method", "=", providerId)
    .where("buyer_id", "=", order.buyer_id)
    .orderBy("id");
  query = order.checkout_id ? query.where("checkout_id", "=", order.checkout_id) : query.where("id", "=", order.id);
  const group = await (lock ? query.forUpdate() : query).execute();
  return group.some((g) => g.id === order.id) ? group : [];
}

/**
 * The buyer taps "pay": one attempt for every order of her checkout waiting on this provider. The
 * waiting attempt is reused while it covers exactly those orders (a double tap or a second visit
 * goes to the same page); otherwise a new attempt is created at the provider and stored. Returns
 * the provider's page to send the buyer to.
 */
export async function startPayment(
  db: Db,
  provider: PaymentProvider,
  order: PayableOrder,
  options: { publicUrl: string; locale: "vi" | "en"; clientIp?: string },
): Promise<string> {
  if (provider.flow !== "redirect" || order.status !== "awaiting_payment") throw new PaymentProviderError("nothing to pay", null);
  const attempt = await db.transaction().execute(async (trx) => {
    // The orders' rows are the lock: two taps at once make one attempt.
    const group = await payableTogether(trx, order, provider.id, true);
    if (!group.length) throw new PaymentProviderError("nothing to pay", null);
    const ids = group.map((g) => g.id);
    const waiting = await trx
      .selectFrom("payments as p")
      .innerJoin("payment_orders as po", "po.payment_id", "p.id")
      .select(["p.id", "p.pay_url", "p.provider", (eb) => eb.fn.agg<string[]>("array_agg", ["po.order_id"]).as("covers")])
      .where("p.state", "=", "pending")
      .where("p.id", "in", (eb) => eb.selectFrom("payment_orders").select("payment_id").where("order_id", "in", ids))
      .groupBy(["p.id", "p.pay_url", "p.provider"])
      .execute();
    const same = waiting.length === 1 ? waiting[0] : undefined;
    if (same?.pay_url && same.provider === provider.id && same.covers.length === ids.length && ids.every((id) => same.covers.includes(id))) {
      return { reuse: same.pay_url, created: null, codes: [] };
    }
    // A waiting attempt that never got its page (the provider failed mid-way), one at another
    // provider, or one for another set of orders, gives way. If it is paid after all, settleAttempt
    // pays each order once and sends any second payment back.
    if (waiting.length) await trx.updateTable("payments").set({ state: "failed", updated_at: new Date() }).where("id", "in", waiting.map((w) => w.id)).execute();
    const { n } = await trx.selectFrom("payments").select((eb) => eb.fn.countAll<string>().as("n")).where("order_id", "=", order.id).executeTakeFirstOrThrow();
    const total = group.reduce((sum, g) => sum + BigInt(g.total_vnd), 0n);
    const soonest = Math.min(...group.map((g) => g.expires_at?.getTime() ?? Date.now() + 30 * 60_000));
    const created = await trx
      .insertInto("payments")
      .values({ order_id: order.id, provider: provider.id, provider_ref: provider.referenceFor(`${order.code}-${Number(n) + 1}`), amount_vnd: total.toString(), expires_at: new Date(soonest) })
      .returning(["id", "provider_ref", "amount_vnd"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("payment_orders")
      .values(group.map((g) => ({ payment_id: created.id, order_id: g.id, amount_vnd: g.total_vnd })))
      .execute();
    return { reuse: null, created, codes: group.map((g) => g.code) };
  });
  if (attempt.reuse !== null) return attempt.reuse;
  const { id, provider_ref: ref, amount_vnd: amount } = attempt.created;
  try {
    // Outside any transaction: a slow provider never holds a lock.
    const made = await provider.createPayment({
      orderCode: order.code,
      amountVnd: BigInt(amount),
      // The money reaches the marketplace, which pays the seller out: no payee on the attempt.
      payee: { bankBin: null, accountNumber: null, accountHolder: null },
      attemptRef: ref,
      description: `Vuon Nha ${attempt.codes.join(" ")}`,
      locale: options.locale,
      returnUrl: `${options.publicUrl}/payments/${provider.id}/return`,
      notifyUrl: `${options.publicUrl}/webhooks/payments/${provider.id}`,
      clientIp: options.clientIp ?? "127.0.0.1",
    });
    if (made.kind !== "redirect") throw new PaymentProviderError("provider gave no payment page", null);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("payments").set({ pay_url: made.url, provider_session: made.session ?? null, raw: JSON.stringify(made.raw), updated_at: new Date() }).where("id", "=", id).execute();
      await enqueueJob(trx, "payment_poll", { paymentId: id, waitMs: FIRST_POLL_MS }, { runAt: new Date(Date.now() + FIRST_POLL_MS), jobKey: `payment_poll:${id}` });
    });
    return made.url;
  } catch (error) {
    const code = error instanceof Error && "resultCode" in error && typeof error.resultCode === "string" ? error.resultCode : null;
    await db.updateTable("payments").set({ state: "failed", result_code: code, updated_at: new Date() }).where("id", "=", id).where("state", "=", "pending").execute();
    throw error;
  }
}

/**
 * The buyer picks another way to pay an order still waiting for its money (her wallet was short, the
 * card was declined). Only ways that collect before shipping and can pay this seller are offered.
 * An attempt still open at the old provider is left alone: if it is paid after all, the order is
 * paid once and any second payment goes back (see settleAttempt).
 */
export async function switchPaymentMethod(
  db: Db,
  payments: PaymentRegistry,
  orderId: string,
  providerId: string,
): Promise<PaymentProvider | null> {
  const provider = payments.get(providerId);
  if (!provider?.collectsBeforeShipping) return null;
  return db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom("orders")
      .select(["code", "status", "payment_method", "total_vnd", "expires_at", "seller_shop_id", "seller_cooperative_id"])
      .where("id", "=", orderId)
      .forUpdate()
      .executeTakeFirst();
    if (order?.status !== "awaiting_payment") return null;
    // Part of it already reached the seller's account by transfer: the rest goes the same way.
    if ((await receivedInPart(trx, orderId)) > 0n) return null;
    const payee = await sellerPayee(trx, order);
    if (!provider.canPay(payee) || !provider.takesAmount(BigInt(order.total_vnd))) return null;
    if (order.payment_method === provider.id) return provider;
    await trx.updateTable("orders").set({ payment_method: provider.id }).where("id", "=", orderId).execute();
    // Leaving a transfer: its waiting attempt lapses. Moving to one: an attempt paying the seller's
    // account as it is now (an attempt this order started elsewhere gives way: one waits at a time).
    await closeTransferAttempts(trx, orderId, "expired");
    if (provider.flow === "qr") {
      await trx.updateTable("payments").set({ state: "failed", result_code: "switched", updated_at: new Date() }).where("order_id", "=", orderId).where("state", "=", "pending").execute();
      await createTransferAttempt(trx, {
        orderId,
        code: order.code,
        provider: provider.id,
        amountVnd: order.total_vnd,
        expiresAt: order.expires_at ?? new Date(Date.now() + 30 * 60_000),
        payee,
      });
    }
    return provider;
  });
}

/** Other ways the buyer may pay an order that is waiting for its money, in checkout's order. */
export function otherWaysToPay(payments: PaymentRegistry, order: Pick<Order, "status" | "payment_method" | "total_vnd">, payee: Payee): string[] {
  if (order.status !== "awaiting_payment") return [];
  return payments
    .forPayee(payee)
    .filter((p) => p.collectsBeforeShipping && p.id !== order.payment_method && p.takesAmount(BigInt(order.total_vnd)))
    .map((p) => p.id);
}

export type GatewayOutcome = "paid" | "failed" | "pending" | "duplicate" | "unknown_payment" | "already_final" | "wrong_amount" | "refund_due";

/**
 * A verified notification from a gateway: stored in the inbox once per provider event (a replay
 * or a copy changes nothing), then applied in the same transaction: the attempt moves forward
 * only, and a success marks the order paid, or, when the order no longer waits for it (expired,
 * cancelled), queues the refund.
 */
export async function recordGatewayEvent(db: Db, payments: PaymentRegistry, providerId: string, event: PaymentEvent): Promise<GatewayOutcome> {
  return db.transaction().execute(async (trx) => {
    const payment = event.attemptRef
      ? await trx.selectFrom("payments").selectAll().where("provider", "=", providerId).where("provider_ref", "=", event.attemptRef).forUpdate().executeTakeFirst()
      : undefined;
    const inserted = await trx
      .insertInto("payment_notifications")
      .values({
        provider: providerId,
        event_id: event.eventId,
        order_id: payment?.order_id ?? null,
        amount_vnd: event.amountVnd.toString(),
        outcome: payment ? event.outcome : "unknown_payment",
        body: JSON.stringify(event.raw),
      })
      .onConflict((oc) => oc.constraint("payment_notifications_once").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return "duplicate";
    if (!payment) return "unknown_payment";
    return settleAttempt(trx, payments, payment, { outcome: event.outcome, resultCode: event.resultCode, amountVnd: event.amountVnd, providerTxn: event.providerTxn });
  });
}

type PaymentRow = { id: string; order_id: string; provider: string; amount_vnd: string; state: PaymentState };

async function settleAttempt(
  trx: DbOrTx,
  payments: PaymentRegistry,
  payment: PaymentRow,
  result: Pick<PaymentStatus, "outcome" | "amountVnd" | "providerTxn"> & { resultCode: string | null },
): Promise<GatewayOutcome> {
  const now = new Date();
  if (result.outcome === "pending") {
    if (payment.state === "pending") await trx.updateTable("payments").set({ result_code: result.resultCode, updated_at: now }).where("id", "=", payment.id).execute();
    return payment.state === "pending" ? "pending" : "already_final";
  }
  if (result.outcome === "failed") {
    if (!canMovePayment(payment.state, "failed")) return "already_final";
    // The buyer is on the order page or comes back to it: it says what happened and offers to pay again.
    await trx.updateTable("payments").set({ state: "failed", result_code: result.resultCode, updated_at: now }).where("id", "=", payment.id).execute();
    return "failed";
  }
  if (!canMovePayment(payment.state, "paid")) return "already_final";
  if (result.amountVnd !== null && result.amountVnd !== BigInt(payment.amount_vnd)) {
    // Never seen from a signed gateway answer; kept for the seller and admin rather than guessed at.
    await trx.insertInto("payment_flags").values({ order_id: payment.order_id, kind: "wrong_amount", amount_vnd: result.amountVnd.toString(), detail: payment.provider, event_id: `${payment.provider}:${payment.id}` }).execute();
    return "wrong_amount";
  }
  await trx.updateTable("payments").set({ state: "paid", result_code: result.resultCode, provider_txn: result.providerTxn, updated_at: now }).where("id", "=", payment.id).execute();
  // The money is now the marketplace's to pass on: into the books, split per order between seller, provider and commission.
  const parts = await trx
    .selectFrom("payment_orders as po")
    .innerJoin("orders as o", "o.id", "po.order_id")
    .select(["po.order_id", "po.amount_vnd", "o.seller_shop_id", "o.seller_cooperative_id"])
    .where("po.payment_id", "=", payment.id)
    .orderBy("po.order_id")
    .execute();
  const total = BigInt(payment.amount_vnd);
  await recordPaymentJournal(trx, payment, parts, { commissionBps: payments.money.commissionBps, feeVnd: payments.get(payment.provider)?.fee(total) ?? 0n });
  let paidAny = false;
  for (const part of parts) {
    const marked = await markPaidByProvider(trx, part.order_id, `${payment.provider} ${result.providerTxn ?? payment.id}`);
    if (marked.paid) paidAny = true;
    // The money came after this order stopped waiting for it (expired, cancelled, paid another way): its part goes back.
    else await enqueueJob(trx, "payment_refund", { paymentId: payment.id, orderId: part.order_id }, { jobKey: `payment_refund:${payment.id}:${part.order_id}`, maxAttempts: 20 });
  }
  return paidAny ? "paid" : "refund_due";
}

/**
 * Job: asks the provider how a waiting attempt stands, and settles it. While it is still waiting
 * it asks again later (doubling the wait, at most 15 minutes) until the attempt lapses, so a lost
 * notification still ends right.
 */
export async function pollPayment(db: Db, payments: PaymentRegistry, paymentId: string, waitMs: number): Promise<GatewayOutcome | "gone"> {
  const payment = await db.selectFrom("payments").selectAll().where("id", "=", paymentId).executeTakeFirst();
  const provider = payment && payments.get(payment.provider);
  if (!payment || !provider || payment.state !== "pending") return "gone";
  const outcome = await settleFromProvider(db, payments, provider, payment);
  if (outcome === "pending") {
    if (payment.expires_at.getTime() <= Date.now()) {
      await db.updateTable("payments").set({ state: "expired", updated_at: new Date() }).where("id", "=", payment.id).where("state", "=", "pending").execute();
      return "failed";
    }
    const next = Math.min(waitMs * 2, MAX_POLL_MS);
    await enqueueJob(db, "payment_poll", { paymentId, waitMs: next }, { runAt: new Date(Date.now() + next), jobKey: `payment_poll:${paymentId}` });
  }
  return outcome;
}

/** A verified status query, applied like a notification (it goes through the inbox too). */
export async function settleFromProvider(
  db: Db,
  payments: PaymentRegistry,
  provider: PaymentProvider,
  payment: { provider_ref: string; provider_session: string | null },
): Promise<GatewayOutcome> {
  let status: PaymentStatus | null;
  try {
    status = await provider.queryStatus(payment.provider_ref, payment.provider_session);
  } catch (error) {
    // The provider has never heard of it (never opened) or cannot be reached: still waiting.
    if (error instanceof Error && error.name === "PaymentProviderError") return "pending";
    throw error;
  }
  if (!status) return "pending";
  return recordGatewayEvent(db, payments, provider.id, {
    eventId: `query:${payment.provider_ref}:${status.resultCode}:${status.providerTxn ?? ""}`,
    amountVnd: status.amountVnd ?? 0n,
    orderCode: null,
    receivedBy: null,
    attemptRef: payment.provider_ref,
    outcome: status.outcome,
    resultCode: status.resultCode,
    providerTxn: status.providerTxn,
    raw: status.raw,
  });
}

/** Attempts that pay this order (alone, or with the other orders of its checkout). */
const attemptsFor = (db: DbOrTx, orderId: string) =>
  db.selectFrom("payments as p").innerJoin("payment_orders as po", "po.payment_id", "p.id").where("po.order_id", "=", orderId);

/**
 * Before an unpaid order lapses, its waiting attempts are asked once more: money that did arrive
 * marks the order paid instead of letting it expire. The attempts lapse with it (one that also
 * paid other orders of the checkout too: the buyer's next tap makes one for those still waiting).
 */
export async function settleBeforeExpiry(db: Db, payments: PaymentRegistry, orderId: string): Promise<void> {
  const order = await db.selectFrom("orders").select(["status", "expires_at"]).where("id", "=", orderId).executeTakeFirst();
  // Not due yet (expireOrder puts it off) or no longer waiting: nothing to ask.
  if (order?.status !== "awaiting_payment" || (order.expires_at && order.expires_at.getTime() > Date.now() + 1000)) return;
  const waiting = await attemptsFor(db, orderId).select(["p.id", "p.provider", "p.provider_ref", "p.provider_session"]).where("p.state", "=", "pending").execute();
  for (const attempt of waiting) {
    const provider = payments.get(attempt.provider);
    if (provider) await settleFromProvider(db, payments, provider, attempt);
  }
  await db
    .updateTable("payments")
    .set({ state: "expired", updated_at: new Date() })
    .where("id", "in", waiting.length ? waiting.map((w) => w.id) : ["0"])
    .where("state", "=", "pending")
    .execute();
}

/**
 * Job: gives back one order's part of a payment (or every part not yet given back), when the
 * order was declined or cancelled after it was paid, or the money came after it stopped waiting.
 * Retried by the queue on failure; each part is refunded at the provider once (its own refund key).
 */
export async function refundPayment(db: Db, payments: PaymentRegistry, paymentId: string, orderId?: string): Promise<"refunded" | "manual" | "gone"> {
  const payment = await db.selectFrom("payments").selectAll().where("id", "=", paymentId).executeTakeFirst();
  const provider = payment && payments.get(payment.provider);
  if (!payment || !provider || payment.state !== "paid") return "gone";
  let partsQuery = db
    .selectFrom("payment_orders as po")
    .innerJoin("orders as o", "o.id", "po.order_id")
    .select(["po.order_id", "po.amount_vnd", "o.code"])
    .where("po.payment_id", "=", paymentId)
    .where("po.refunded_at", "is", null)
    .orderBy("po.order_id");
  if (orderId) partsQuery = partsQuery.where("po.order_id", "=", orderId);
  const parts = await partsQuery.execute();
  if (!parts.length) return "gone";
  let outcome: "refunded" | "manual" = "refunded";
  // Whole refunds come before shipping (decline, cancel, a lapsed order), part refunds only at
  // shipping (refundShortShipment): a part never has both.
  for (const part of parts) {
    const whole = BigInt(part.amount_vnd) === BigInt(payment.amount_vnd);
    const result = await provider.refund(payment.provider_ref, BigInt(part.amount_vnd), payment.provider_txn, whole ? "R" : `R${part.code}`);
    await db.transaction().execute(async (trx) => {
      if (result.manual) {
        outcome = "manual";
        await trx
          .insertInto("payment_flags")
          .values({ order_id: part.order_id, kind: "refund_manual", amount_vnd: part.amount_vnd, detail: payment.provider, event_id: `refund:${payment.id}:${part.order_id}` })
          .execute();
        return;
      }
      const moved = await trx
        .updateTable("payment_orders")
        .set({ refunded_at: new Date() })
        .where("payment_id", "=", payment.id)
        .where("order_id", "=", part.order_id)
        .where("refunded_at", "is", null)
        .returning("order_id")
        .executeTakeFirst();
      if (!moved) return;
      await recordRefundJournal(trx, payment, part.order_id);
      // The attempt is refunded once every part of it is back.
      const left = await trx.selectFrom("payment_orders").select("order_id").where("payment_id", "=", payment.id).where("refunded_at", "is", null).executeTakeFirst();
      if (!left) await trx.updateTable("payments").set({ state: "refunded", updated_at: new Date() }).where("id", "=", payment.id).where("state", "=", "paid").execute();
      // A declined or cancelled order whose money is all back is refunded; a late payment to an expired one just goes back.
      const stillPaid = await attemptsFor(trx, part.order_id).select("p.id").where("p.state", "=", "paid").where("po.refunded_at", "is", null).where("p.payee_account_number", "is", null).executeTakeFirst();
      if (!stillPaid) await markRefundedByProvider(trx, part.order_id, `${payment.provider} ${result.reference}`);
      await notifyOrderEvent(trx, part.order_id, "payment_refunded");
    });
  }
  return outcome;
}

/** What the seller did not send of an order (shipped in part), in đồng. */
async function notSentVnd(db: DbOrTx, orderId: string): Promise<bigint> {
  const row = await db
    .selectFrom("order_items")
    .select(sql<string>`coalesce(sum((quantity - coalesce(shipped_quantity, quantity)) * unit_price_vnd), 0)::text`.as("vnd"))
    .where("order_id", "=", orderId)
    .executeTakeFirstOrThrow();
  return BigInt(row.vnd);
}

/**
 * Job: the seller shipped part of an order paid by wallet or card; what she did not send goes back
 * to the buyer through the provider, once (the part's refunded amount is the record; the provider
 * sees one refund key per order, so a retry is the same refund).
 */
export async function refundShortShipment(db: Db, payments: PaymentRegistry, orderId: string): Promise<"refunded" | "manual" | "gone"> {
  const part = await db
    .selectFrom("payment_orders as po")
    .innerJoin("payments as p", "p.id", "po.payment_id")
    .innerJoin("orders as o", "o.id", "po.order_id")
    .select(["p.id", "p.provider", "p.provider_ref", "p.provider_txn", "po.order_id", "po.amount_vnd", "po.refunded_vnd", "o.code"])
    .where("po.order_id", "=", orderId)
    .where("p.state", "=", "paid")
    .where("po.refunded_at", "is", null)
    .where("p.payee_account_number", "is", null)
    .orderBy("p.id", "desc")
    .executeTakeFirst();
  const provider = part && payments.get(part.provider);
  if (!part || !provider) return "gone";
  const due = (await notSentVnd(db, orderId)) - BigInt(part.refunded_vnd);
  if (due <= 0n) return "gone";
  const result = await provider.refund(part.provider_ref, due, part.provider_txn, `S${part.code}`);
  await db.transaction().execute(async (trx) => {
    if (result.manual) {
      await trx.insertInto("payment_flags").values({ order_id: orderId, kind: "refund_manual", amount_vnd: due.toString(), detail: part.provider, event_id: `part-refund:${part.id}:${orderId}` }).execute();
      return;
    }
    const moved = await trx
      .updateTable("payment_orders")
      .set((eb) => ({ refunded_vnd: eb("refunded_vnd", "+", due.toString()) }))
      .where("payment_id", "=", part.id)
      .where("order_id", "=", orderId)
      .where("refunded_vnd", "=", part.refunded_vnd)
      .returning("order_id")
      .executeTakeFirst();
    if (!moved) return;
    await recordPartRefundJournal(trx, part, part, due);
    await notifyOrderEvent(trx, orderId, "payment_part_refunded", () => formatVnd(due));
  });
  return result.manual ? "manual" : "refunded";
}

/**
 * Money owed back to buyers that has not gone back yet: each order's part of a paid payment whose
 * order was declined, cancelled or had lapsed, with how often the refund job has tried and why it
 * last failed (it retries on its own). The seller, the buyer and the admin see it until it is back.
 */
export async function refundsWaiting(db: DbOrTx, orderId?: string) {
  const rows = await sql<{ code: string; order_id: string; provider: string; amount_vnd: string; attempts: number | null; last_error: string | null }>`
    select o.code, o.id::text as order_id, p.provider,
      (case when o.status in ('declined', 'cancelled', 'expired') then po.amount_vnd - po.refunded_vnd else not_sent.vnd - po.refunded_vnd end)::text as amount_vnd,
      j.attempts, j.last_error
    from payment_orders po
    join payments p on p.id = po.payment_id
    join orders o on o.id = po.order_id
    left join lateral (
      select attempts, last_error from graphile_worker.jobs
      where key in ('refund_order:' || o.id, 'payment_refund:' || p.id || ':' || o.id, 'refund_part:' || o.id)
      order by attempts desc limit 1
    ) j on true
    left join lateral (
      select coalesce(sum((i.quantity - coalesce(i.shipped_quantity, i.quantity)) * i.unit_price_vnd), 0) as vnd from order_items i where i.order_id = o.id
    ) not_sent on true
    where p.state = 'paid' and po.refunded_at is null and p.payee_account_number is null
      and (o.status in ('declined', 'cancelled', 'expired') or not_sent.vnd > po.refunded_vnd)
      ${orderId === undefined ? sql`` : sql`and o.id = ${orderId}`}
    order by o.id desc
    limit 100`.execute(db);
  return rows.rows.map((r) => ({ ...r, attempts: r.attempts ?? 0, failing: Boolean(r.last_error) }));
}

/** Job: an order declined or cancelled after a wallet or card paid it gets its part of every payment back. */
export async function refundOrder(db: Db, payments: PaymentRegistry, orderId: string): Promise<void> {
  // Only money that passed through a provider; a transfer to the seller is given back by her (the order's "refund" action).
  const paid = await attemptsFor(db, orderId).select("p.id").where("p.state", "=", "paid").where("po.refunded_at", "is", null).where("p.payee_account_number", "is", null).execute();
  for (const attempt of paid) await refundPayment(db, payments, attempt.id, orderId);
}

/** The latest attempt's failure, for the buyer's order page (in her language through the key). */
export async function lastPaymentFailure(db: DbOrTx, payments: PaymentRegistry, orderId: string): Promise<PaymentFailure | null> {
  const last = await attemptsFor(db, orderId).select(["p.provider", "p.state", "p.result_code"]).orderBy("p.id", "desc").limit(1).executeTakeFirst();
  if (!last || last.state !== "failed") return null;
  return payments.get(last.provider)?.failure(last.result_code ?? "") ?? "declined";
}

/** Whether an attempt is waiting at the provider (the order page says so and looks again). */
export async function hasWaitingAttempt(db: DbOrTx, orderId: string): Promise<boolean> {
  const row = await attemptsFor(db, orderId).select(sql<number>`1`.as("one")).where("p.state", "=", "pending").where("p.pay_url", "is not", null).executeTakeFirst();
  return Boolean(row);
}

/** One attempt by the id we gave the provider, with its order's code. */
export async function findAttempt(db: DbOrTx, providerId: string, attemptRef: string) {
  return db
    .selectFrom("payments as p")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select(["p.provider_ref", "p.provider_session", "p.state", "o.code"])
    .where("p.provider", "=", providerId)
    .where("p.provider_ref", "=", attemptRef)
    .executeTakeFirst();
}
