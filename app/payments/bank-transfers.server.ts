import type { Db, DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { formatVnd } from "~/lib/money";
import { ForbiddenError } from "~/lib/validation.server";
import { markPaidByProvider, orderAccess } from "~/orders/orders.server";
import { notifyOrderEvent, paymentFlagText } from "~/orders/notifications.server";
import { closeTransferAttempts, transferPayee, type Payee } from "./payee.server";
import type { PaymentEvent } from "./provider";

/**
 * Bank transfers straight to a seller's account (VietQR), as the statement service reports them:
 * the inbox of transfer notifications, matched to orders by the code in the memo.
 */
export type NotificationOutcome = "paid" | "duplicate" | "short" | "wrong_account" | "unknown_order" | "not_awaiting";

/** Account numbers compare without spaces; bank BINs exactly. */
function receivedByPayee(payee: Payee | null, event: PaymentEvent): boolean {
  const received = event.receivedBy;
  if (!received?.bankBin || !received.accountNumber || !payee?.bankBin || !payee.accountNumber) return false;
  return received.bankBin === payee.bankBin && received.accountNumber === payee.accountNumber.replace(/\s/g, "");
}

/** What part transfers into the order's own account have brought so far (each one short of the total). */
export async function receivedInPart(db: DbOrTx, orderId: string): Promise<bigint> {
  const row = await db
    .selectFrom("payment_notifications")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("amount_vnd"), eb.val("0")).as("vnd"))
    .where("order_id", "=", orderId)
    .where("outcome", "=", "short")
    .executeTakeFirstOrThrow();
  return BigInt(row.vnd);
}

/**
 * A verified bank-transfer notification: recorded once per event id (a replay changes nothing),
 * matched to an order by the code in its memo. Only money that reached the order's own payee (same
 * bank, same account) while the order waits for it counts; transfers add up, so a buyer who sent
 * too little sends the rest (her order page asks for exactly that) and the order is paid when the
 * sum reaches the total. Past the total, the order is paid and the seller is told to send the
 * difference back. Money into another account, or for an order no longer waiting, is flagged for
 * the seller to sort out with the buyer; every flag is kept (payment_flags), the order shows the latest.
 */
export async function recordBankTransfer(db: Db, provider: string, event: PaymentEvent): Promise<NotificationOutcome> {
  return db.transaction().execute(async (trx) => {
    const order = event.orderCode ? await trx.selectFrom("orders").selectAll().where("code", "=", event.orderCode).forUpdate().executeTakeFirst() : undefined;
    let outcome: NotificationOutcome;
    let received = event.amountVnd;
    // The account the order was placed to pay (its transfer attempt), never the seller's current one.
    const payee = order ? await transferPayee(trx, order.id) : null;
    if (!order || order.payment_method !== "vietqr") outcome = "unknown_order";
    else if (!receivedByPayee(payee, event)) outcome = "wrong_account";
    else if (order.status !== "awaiting_payment") outcome = "not_awaiting";
    else {
      received += await receivedInPart(trx, order.id);
      outcome = received < BigInt(order.total_vnd) ? "short" : "paid";
    }
    const inserted = await trx
      .insertInto("payment_notifications")
      .values({ provider, event_id: event.eventId, order_id: order?.id ?? null, amount_vnd: event.amountVnd.toString(), outcome, body: JSON.stringify(event.raw) })
      .onConflict((oc) => oc.constraint("payment_notifications_once").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return "duplicate";
    if (!order || outcome === "unknown_order") return outcome;
    const total = BigInt(order.total_vnd);
    const flag =
      outcome === "wrong_account"
        ? { kind: outcome, amountVnd: event.amountVnd, detail: `${event.receivedBy?.bankBin ?? "?"}/${event.receivedBy?.accountNumber ?? "?"}` }
        : outcome === "not_awaiting"
          ? { kind: outcome, amountVnd: event.amountVnd, detail: order.status }
          : outcome === "short"
            ? { kind: outcome, amountVnd: event.amountVnd, detail: (total - received).toString() }
            : received > total
              ? { kind: "overpaid" as const, amountVnd: received - total, detail: "" }
              : null;
    if (outcome === "paid") {
      await closeTransferAttempts(trx, order.id, "paid");
      await markPaidByProvider(trx, order.id, `VietQR ${event.eventId}`);
    }
    if (flag) {
      const text = { kind: flag.kind, amountVnd: flag.amountVnd.toString(), detail: flag.detail };
      await trx.updateTable("orders").set({ payment_flag: flag.kind, updated_at: new Date() }).where("id", "=", order.id).execute();
      await trx.insertInto("payment_flags").values({ order_id: order.id, kind: flag.kind, amount_vnd: text.amountVnd, detail: flag.detail, event_id: event.eventId }).execute();
      await notifyOrderEvent(trx, order.id, "payment_flagged", (t) => paymentFlagText(t, text));
      // The buyer hears it too when it is hers to act on (send the rest) or to expect (money back).
      if (flag.kind === "short" || flag.kind === "overpaid") await notifyOrderEvent(trx, order.id, flag.kind === "short" ? "payment_short" : "payment_overpaid", (t) => paymentFlagText(t, text, "buyer"));
    }
    return outcome;
  });
}


/**
 * Flags about money the seller holds that is the buyer's and gives back by hand: a transfer past
 * the total, one that came after the order stopped waiting or into another account, or goods paid
 * by transfer and not sent. (Wallet and card money goes back through the provider on its own.)
 */
export function returnedByHand(flag: { kind: string; detail: string }): boolean {
  return flag.kind === "overpaid" || flag.kind === "not_awaiting" || flag.kind === "wrong_account" || (flag.kind === "short_shipped" && flag.detail === "");
}

/**
 * The seller says she sent the buyer's money back: only the order's seller (the farm, or the co-op
 * selling it), once per flag. The flag keeps who said it and when, stops asking, and the buyer is
 * told. False when there is nothing to settle (another order's flag, not one to give back, already settled).
 */
export async function settleReturnedMoney(db: Db, viewer: PublicUser, orderId: string, flagId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom("orders").select(["id", "buyer_id", "seller_shop_id", "seller_cooperative_id"]).where("id", "=", orderId).forUpdate().executeTakeFirst();
    if (!order || !(await orderAccess(trx, viewer, order)).seller) throw new ForbiddenError();
    const flag = await trx
      .selectFrom("payment_flags")
      .select(["id", "kind", "detail", "amount_vnd", "settled_at"])
      .where("id", "=", flagId)
      .where("order_id", "=", orderId)
      .executeTakeFirst();
    if (!flag || flag.settled_at || !returnedByHand(flag)) return false;
    await trx.updateTable("payment_flags").set({ settled_at: new Date(), settled_by: viewer.id }).where("id", "=", flag.id).execute();
    // The desk's warning names the latest flag still open, or none.
    const open = await trx.selectFrom("payment_flags").select("kind").where("order_id", "=", orderId).where("settled_at", "is", null).where("kind", "!=", "short").orderBy("id", "desc").executeTakeFirst();
    await trx.updateTable("orders").set({ payment_flag: open?.kind ?? null, updated_at: new Date() }).where("id", "=", orderId).execute();
    await notifyOrderEvent(trx, orderId, "payment_returned", () => formatVnd(flag.amount_vnd));
    return true;
  });
}
