import type { Updateable } from "kysely";
import { z } from "zod";
import type { Db, DbOrTx } from "../../db";
import type { Order, OrderActorRole, OrdersTable, OrderStatus } from "../../db/schema";
import type { PublicUser } from "~/accounts/accounts.server";
import type { MessageKey } from "~/i18n/messages";
import { enqueueJob } from "~/jobs/queue.server";
import { FieldError, ForbiddenError, optionalText } from "~/lib/validation.server";
import { closeTransferAttempts } from "~/payments/payee.server";
import { enqueueProductSync } from "~/search/engine.server";
import { notifyOrderEvent, paymentFlagText, type NotifyKind } from "./notifications.server";
import { availableActions, ORDER_RULES, RELEASES_STOCK, refusal, type OrderAction } from "./state";
import { statusAfterStockSql } from "~/catalog/product-status";

/** A refused order action: the message key says why, in the asker's language. */
export class OrderActionError extends Error {
  constructor(readonly messageKey: MessageKey) {
    super(messageKey);
  }
}

type OrderEventInput = { actorId: string | null; role: OrderActorRole; from: OrderStatus | null; to: OrderStatus; reason?: string };

async function recordEvent(db: DbOrTx, orderId: string, event: OrderEventInput): Promise<void> {
  await recordEvents(db, orderId, [event]);
}

/** Several steps of one order, in the order given (ids keep it). */
async function recordEvents(db: DbOrTx, orderId: string, events: OrderEventInput[]): Promise<void> {
  await db
    .insertInto("order_events")
    .values(events.map((e) => ({ order_id: orderId, actor_id: e.actorId, actor_role: e.role, from_status: e.from, to_status: e.to, reason: e.reason ?? "" })))
    .execute();
}

/** How the viewer stands to an order: its buyer, its seller (farm owner or co-op manager), or a co-op member whose goods are in it. */
export interface OrderAccess {
  buyer: boolean;
  seller: boolean;
  /** The member's own shop id when the viewer only supplies part of a co-op order. */
  memberShopId: string | null;
}

export async function orderAccess(db: DbOrTx, viewer: PublicUser, order: Pick<Order, "id" | "buyer_id" | "seller_shop_id" | "seller_cooperative_id">): Promise<OrderAccess> {
  const buyer = order.buyer_id === viewer.id;
  let seller = false;
  let memberShopId: string | null = null;
  if (order.seller_shop_id) {
    seller = Boolean(await db.selectFrom("shops").select("id").where("id", "=", order.seller_shop_id).where("owner_id", "=", viewer.id).executeTakeFirst());
  } else if (order.seller_cooperative_id) {
    seller = Boolean(
      await db.selectFrom("cooperatives").select("id").where("id", "=", order.seller_cooperative_id).where("manager_id", "=", viewer.id).executeTakeFirst(),
    );
    if (!seller) {
      const own = await db
        .selectFrom("order_items as i")
        .innerJoin("shops as s", "s.id", "i.producer_shop_id")
        .select("s.id")
        .where("i.order_id", "=", order.id)
        .where("s.owner_id", "=", viewer.id)
        .executeTakeFirst();
      memberShopId = own?.id ?? null;
    }
  }
  return { buyer, seller, memberShopId };
}

// Money arriving is news to both sides: the seller packs, the buyer knows it reached the farm.
const NOTIFY_ON: Partial<Record<OrderAction, NotifyKind[]>> = {
  mark_paid: ["paid", "payment_received"],
  accept: ["accepted"],
  decline: ["declined"],
  cancel: ["cancelled"],
  ship: ["shipped"],
  deliver: ["delivered"],
  expire: ["expired"],
  return: ["returned"],
};

export const actionSchema = z.object({
  action: z.enum(Object.keys(ORDER_RULES) as [OrderAction, ...OrderAction[]], { errorMap: () => ({ message: "order.error.illegal" }) }),
  reason: optionalText(300),
  courierName: optionalText(60),
  trackingCode: optionalText(60),
  /** Shipping: how much of each line (by product id) really goes; a line left out goes whole. */
  sent: z
    .record(
      z.string().regex(/^[0-9]{1,18}$/),
      z.coerce.number({ invalid_type_error: "order.error.sentQuantity" }).int("order.error.sentQuantity").min(0, "order.error.sentQuantity").max(1_000_000, "order.error.sentQuantity"),
    )
    .optional(),
});
export type ActionInput = z.infer<typeof actionSchema>;

async function releaseStock(db: DbOrTx, orderId: string, only?: ReadonlyMap<string, number>): Promise<void> {
  const all = await db.selectFrom("order_items").select(["product_id", "quantity"]).where("order_id", "=", orderId).orderBy("product_id").execute();
  const items = only ? all.flatMap((i) => (only.get(i.product_id) ? [{ product_id: i.product_id, quantity: only.get(i.product_id)! }] : [])) : all;
  for (const item of items) {
    await db
      .updateTable("products")
      .set((eb) => ({
        stock: eb("stock", "+", item.quantity),
        status: statusAfterStockSql(item.quantity),
        updated_at: new Date(),
      }))
      .where("id", "=", item.product_id)
      .execute();
    await enqueueProductSync(db, item.product_id);
  }
}

/**
 * Moves an order along the state machine, in one transaction with the order row locked: the
 * audit event, stock released on decline/cancel/expiry, payment facts and the notification.
 */
export async function applyOrderAction(
  db: Db,
  actor: { user: PublicUser | null; role: OrderActorRole },
  orderId: string,
  input: ActionInput,
): Promise<Order> {
  return db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirst();
    if (!order) throw new OrderActionError("order.error.notFound");
    return applyLocked(trx, order, actor, input);
  });
}

async function applyLocked(trx: DbOrTx, order: Order, actor: { user: PublicUser | null; role: OrderActorRole }, input: ActionInput): Promise<Order> {
  const { action } = input;
  if (actor.role === "buyer" || actor.role === "seller") {
    if (!actor.user) throw new ForbiddenError();
    const access = await orderAccess(trx, actor.user, order);
    if (actor.role === "buyer" ? !access.buyer : !access.seller) throw new ForbiddenError();
  }
  const why = refusal(order, action, actor.role);
  if (why) throw new OrderActionError(why);
  if (action === "decline" && !input.reason) throw new FieldError("reason", "order.error.reasonRequired");
  const rule = ORDER_RULES[action];
  const now = new Date();
  const changes: Updateable<OrdersTable> = { status: rule.to, updated_at: now };
  if ((rule.to === "delivered" || rule.to === "completed") && !order.delivered_at) changes.delivered_at = now;
  if (action === "mark_paid") {
    changes.paid_at = now;
    changes.expires_at = null;
  }
  // The cash was collected at the door: when it is delivered, or when the buyer says she has it before the courier reports it.
  if ((action === "deliver" || action === "complete") && order.payment_method === "cod" && !order.paid_at) changes.paid_at = now;
  if (action === "ship" && actor.role === "seller") {
    if (input.sent) await recordPartShipment(trx, order, input.sent);
    // Delivered by hand: who carries it and any tracking code the seller notes become the order's shipment.
    await trx
      .insertInto("shipments")
      .values({ order_id: order.id, courier: order.delivery_method, client_order_code: order.code, carrier_name: input.courierName || null, tracking_code: input.trackingCode || null, status: "in_transit", booked_by: actor.user?.id ?? null })
      .execute();
  }
  const updated = await trx
    .updateTable("orders")
    .set(changes)
    .where("id", "=", order.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordEvent(trx, order.id, { actorId: actor.user?.id ?? null, role: actor.role, from: order.status, to: rule.to, reason: input.reason });
  // Leaving "awaiting payment": a transfer attempt still waiting ends, paid when the seller says the
  // money came, otherwise lapsed (paid another way, declined, cancelled, expired).
  if (order.status === "awaiting_payment" && rule.to !== "awaiting_payment") await closeTransferAttempts(trx, order.id, action === "mark_paid" && actor.role === "seller" ? "paid" : "expired");
  if (RELEASES_STOCK.includes(action)) await releaseStock(trx, order.id);
  // Money a wallet or card took for an order now declined or cancelled goes back through its provider
  // (payments.server refundOrder; transfers to the seller's own account are refunded by her).
  if ((action === "decline" || action === "cancel") && order.paid_at) await enqueueJob(trx, "refund_order", { orderId: order.id }, { jobKey: `refund_order:${order.id}`, maxAttempts: 20 });
  // Delivered units count as sold on the product's card and in search.
  if (action === "deliver") for (const item of await trx.selectFrom("order_items").select("product_id").where("order_id", "=", order.id).execute()) await enqueueProductSync(trx, item.product_id);
  if (action === "deliver") await enqueueJob(trx, "complete_order", { orderId: order.id }, { runAt: new Date(now.getTime() + 7 * 86_400_000), jobKey: `complete_order:${order.id}` });
  for (const kind of NOTIFY_ON[action] ?? []) await notifyOrderEvent(trx, order.id, kind, input.reason);
  return updated;
}

/**
 * The seller ships only part of an order (inside the ship action's transaction): each line keeps
 * what really went, the rest goes back to stock, and the money for it goes back to the buyer:
 * through the wallet or card that paid (a queued part refund), or, paid by transfer into the
 * seller's own account or due in cash at the door, as a flag both sides see (send it back by hand;
 * collect only the rest).
 */
async function recordPartShipment(trx: DbOrTx, order: Order, sent: Record<string, number>): Promise<void> {
  const items = await trx.selectFrom("order_items").select(["product_id", "quantity", "unit_price_vnd"]).where("order_id", "=", order.id).orderBy("product_id").execute();
  const going = new Map(items.map((i) => [i.product_id, sent[i.product_id] ?? i.quantity]));
  for (const i of items) if (going.get(i.product_id)! > i.quantity) throw new FieldError(`sent.${i.product_id}`, "order.error.sentQuantity");
  const left = new Map(items.map((i) => [i.product_id, i.quantity - going.get(i.product_id)!]));
  const shortVnd = items.reduce((sum, i) => sum + BigInt(left.get(i.product_id)!) * BigInt(i.unit_price_vnd), 0n);
  if (shortVnd === 0n) return;
  if (items.every((i) => going.get(i.product_id) === 0)) throw new FieldError("sent", "order.error.shipNothing");
  for (const i of items) await trx.updateTable("order_items").set({ shipped_quantity: going.get(i.product_id)! }).where("order_id", "=", order.id).where("product_id", "=", i.product_id).execute();
  await releaseStock(trx, order.id, left);
  const paidThrough = await trx
    .selectFrom("payment_orders as po")
    .innerJoin("payments as p", "p.id", "po.payment_id")
    .select("p.provider")
    .where("po.order_id", "=", order.id)
    .where("p.state", "=", "paid")
    .where("po.refunded_at", "is", null)
    .where("p.payee_account_number", "is", null) // a transfer went to the seller, who gives back her part herself
    .executeTakeFirst();
  // detail: the provider refunding it, nothing (the seller sends it back), or what is left to collect in cash.
  const detail = paidThrough ? paidThrough.provider : order.paid_at ? "" : (BigInt(order.total_vnd) - shortVnd).toString();
  if (paidThrough) await enqueueJob(trx, "refund_part", { orderId: order.id }, { jobKey: `refund_part:${order.id}`, maxAttempts: 20 });
  const flag = { kind: "short_shipped" as const, amountVnd: shortVnd.toString(), detail };
  await trx.updateTable("orders").set({ payment_flag: flag.kind }).where("id", "=", order.id).execute();
  await trx.insertInto("payment_flags").values({ order_id: order.id, kind: flag.kind, amount_vnd: flag.amountVnd, detail, event_id: `ship:${order.id}` }).execute();
  await notifyOrderEvent(trx, order.id, "short_shipped", (t) => paymentFlagText(t, flag, "buyer"));
}

/** The same action on many orders (a manager's bulk accept or pack): each one on its own, reporting which failed. */
export async function applyBulkAction(db: Db, user: PublicUser, orderIds: string[], input: ActionInput) {
  const results: Array<{ orderId: string; ok: boolean; messageKey?: string }> = [];
  for (const orderId of orderIds.slice(0, 200)) {
    try {
      await applyOrderAction(db, { user, role: "seller" }, orderId, input);
      results.push({ orderId, ok: true });
    } catch (error) {
      if (error instanceof OrderActionError || error instanceof FieldError) results.push({ orderId, ok: false, messageKey: error instanceof FieldError ? error.issue : error.messageKey });
      else if (error instanceof ForbiddenError) results.push({ orderId, ok: false, messageKey: "order.error.notYours" });
      else throw error;
    }
  }
  return results;
}

/** Job: an unpaid VietQR order past its time gives its stock back. Safe to run twice. */
export async function expireOrder(db: Db, orderId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirst();
    if (!order || order.status !== "awaiting_payment") return false;
    if (order.expires_at && order.expires_at.getTime() > Date.now() + 1000) {
      await enqueueJob(trx, "expire_order", { orderId }, { runAt: order.expires_at, jobKey: `expire_order:${orderId}` });
      return false;
    }
    await applyLocked(trx, order, { user: null, role: "system" }, { action: "expire", reason: "payment time ran out", courierName: "", trackingCode: "" });
    return true;
  });
}

/** A provider gave the money back (inside the caller's transaction): the closed order is marked refunded. */
export async function markRefundedByProvider(trx: DbOrTx, orderId: string, reason: string): Promise<boolean> {
  const order = await trx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirstOrThrow();
  if (refusal(order, "refund", "bank")) return false;
  await applyLocked(trx, order, { user: null, role: "bank" }, { action: "refund", reason, courierName: "", trackingCode: "" });
  return true;
}

/**
 * A payment provider reports money for the order (inside the caller's transaction): the order is
 * marked paid if it is still waiting for it; otherwise its status is returned so the caller can
 * refund or flag the money. The caller has already made sure the amount is the order's.
 */
export async function markPaidByProvider(trx: DbOrTx, orderId: string, reason: string): Promise<{ paid: true } | { paid: false; status: OrderStatus }> {
  const order = await trx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirstOrThrow();
  if (order.status !== "awaiting_payment") return { paid: false, status: order.status };
  await applyLocked(trx, order, { user: null, role: "bank" }, { action: "mark_paid", reason, courierName: "", trackingCode: "" });
  return { paid: true };
}

/**
 * A booked courier's report moves the order (inside the caller's transaction), only forward: a
 * move the order is past already (the buyer confirmed receipt, the seller refunded) is skipped,
 * never forced. Returns whether it moved.
 */
export async function moveOrderByCourier(trx: DbOrTx, orderId: string, action: "ship" | "deliver" | "return", reason: string): Promise<boolean> {
  const order = await trx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirstOrThrow();
  if (refusal(order, action, "courier")) return false;
  await applyLocked(trx, order, { user: null, role: "courier" }, { action, reason, courierName: "", trackingCode: "" });
  return true;
}

/** Job: a delivered order the buyer never confirmed completes itself after a week. */
export async function autoCompleteOrder(db: Db, orderId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirst();
    if (order?.status === "delivered") await applyLocked(trx, order, { user: null, role: "system" }, { action: "complete", reason: "", courierName: "", trackingCode: "" });
  });
}

/**
 * Goods that came back with a returned parcel go on sale again: what was sent (a part-shipped
 * line's rest went back when it shipped). The caller holds the shipment row and checks who asks.
 */
export async function restockReturnedGoods(trx: DbOrTx, orderId: string): Promise<void> {
  const items = await trx.selectFrom("order_items").select(["product_id", "quantity", "shipped_quantity"]).where("order_id", "=", orderId).execute();
  await releaseStock(trx, orderId, new Map(items.map((i) => [i.product_id, i.shipped_quantity ?? i.quantity])));
}

export { availableActions };
