import { paymentMethodName } from "~/payments/methods";
import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { isLocale, makeTranslate, type Locale, type Translate } from "~/i18n/i18n";
import { enqueueJobs, type JobSpec } from "~/jobs/queue.server";
import { notifyJob } from "~/notify/notifier.server";
import { formatVnd } from "~/lib/money";
import { ordersWithSeller, sellerName, sellerPhone } from "./order-rows.server";
import { isOrderStatus } from "./state";
import { courierName, deliveryKind } from "~/shipping/couriers";

/** The texts an order sends as it moves: who hears of what, in their own language, through the job queue. */
export type NotifyKind = "new_order" | "paid" | "payment_received" | "accepted" | "declined" | "cancelled" | "shipped" | "delivered" | "expired" | "payment_flagged" | "payment_refunded" | "payment_short" | "payment_overpaid" | "short_shipped" | "payment_part_refunded" | "payment_returned" | "delivery_failed" | "returned";

/**
 * A payment anomaly in the reader's language: what arrived, and what is wrong with it; for the
 * buyer (part payments and overpayments only), what she has to do or can expect.
 */
export function paymentFlagText(t: Translate, flag: { kind: string; amountVnd: string; detail: string }, reader: "seller" | "buyer" = "seller"): string {
  const params = {
    amount: formatVnd(flag.amountVnd),
    account: flag.detail,
    status: isOrderStatus(flag.detail) ? t(`orderStatus.${flag.detail}`) : flag.detail,
    rest: /^[0-9]+$/.test(flag.detail) ? formatVnd(flag.detail) : "",
  };
  if (flag.kind === "short") return t(reader === "buyer" ? "flag.buyer.short" : "flag.short", params);
  if (flag.kind === "overpaid") return t(reader === "buyer" ? "flag.buyer.overpaid" : "flag.overpaid", params);
  if (flag.kind === "short_shipped") {
    // detail: the provider refunding it, empty (the seller sends it back herself), or the cash left to collect.
    const how = params.rest ? "cod" : flag.detail ? "provider" : "manual";
    return t(`flag.${reader === "buyer" ? "buyer." : ""}shortShipped.${how}`, { ...params, method: t(paymentMethodName(flag.detail).short) });
  }
  if (flag.kind === "wrong_account") return t("flag.wrong_account", params);
  if (flag.kind === "wrong_amount") return t("flag.wrong_amount", params);
  if (flag.kind === "not_awaiting") return t("flag.not_awaiting", params);
  if (flag.kind === "refund_manual") return t("flag.refund_manual", params);
  return flag.kind; // a note written before flags had kinds
}

/** "GHN GYA12345VN" from a shipment's "courier carrier-name tracking-code" (the courier's name in the reader's language). */
function trackingText(t: Translate, shipment: string | null): string {
  if (!shipment) return "";
  const [courier = "", ...rest] = shipment.split(" ");
  const named = rest.filter(Boolean);
  // Delivered by hand: the name the seller gave (a bus company, a neighbour) says more than "seller delivers".
  return [named.length > 1 || !deliveryKind(courier).booked ? "" : t(courierName(courier)), ...named].filter(Boolean).join(" ");
}

/** Tells the other side, through the Notifier (via the job queue, in the same transaction). */
export async function notifyOrderEvent(db: DbOrTx, orderId: string, kind: NotifyKind, reason: string | ((t: Translate) => string) = ""): Promise<void> {
  await enqueueJobs(db, [await orderNotification(db, orderId, kind, reason)]);
}

/** The text message an order event sends, in its recipient's language, as a job to enqueue. */
async function orderNotification(db: DbOrTx, orderId: string, kind: NotifyKind, reason: string | ((t: Translate) => string) = ""): Promise<JobSpec> {
  const order = await ordersWithSeller(db)
    .innerJoin("users as b", "b.id", "o.buyer_id")
    .leftJoin("users as so", "so.id", "s.owner_id")
    .leftJoin("users as cm", "cm.id", "c.manager_id")
    .select([
      "o.code",
      "o.total_vnd",
      (eb) =>
        eb
          .selectFrom("shipments as sh")
          .select(sql<string>`concat_ws(' ', sh.courier, coalesce(sh.carrier_name, ''), coalesce(sh.tracking_code, ''))`.as("t"))
          .whereRef("sh.order_id", "=", "o.id")
          .where("sh.status", "<>", "cancelled")
          .limit(1)
          .as("shipment"),
      "b.id as buyer_id",
      "b.phone as buyer_phone",
      sql<string | null>`coalesce(so.id, cm.id)`.as("seller_user_id"),
      "b.locale as buyer_locale",
      sellerName,
      sellerPhone,
      sql<string>`coalesce(so.locale, cm.locale, 'vi')`.as("seller_locale"),
    ])
    .where("o.id", "=", orderId)
    .executeTakeFirstOrThrow();
  const toSeller: NotifyKind[] = ["new_order", "paid", "cancelled", "payment_flagged", "returned"];
  // payment_short, payment_overpaid, short_shipped, payment_part_refunded and payment_returned go to the buyer: hers to top up, or to expect back.
  const seller = toSeller.includes(kind);
  return notificationJob(kind, {
    recipient: seller ? order.seller_phone : order.buyer_phone,
    userId: seller ? order.seller_user_id : order.buyer_id,
    locale: seller ? order.seller_locale : order.buyer_locale,
    code: order.code,
    totalVnd: order.total_vnd,
    sellerName: order.seller_name,
    tracking: (t) => trackingText(t, order.shipment),
    reason,
  });
}

/** The message's job, from what the caller already knows (checkout has it all without a query); its text is written when sent. */
export function notificationJob(
  kind: NotifyKind,
  message: { recipient: string; userId: string | null; locale: string; code: string; totalVnd: string; sellerName: string; tracking?: (t: Translate) => string; reason?: string | ((t: Translate) => string) },
): JobSpec {
  const locale: Locale = isLocale(message.locale) ? message.locale : "vi";
  const t = makeTranslate(dictionaryFor(locale));
  const reason = message.reason ?? "";
  return notifyJob({
    kind,
    userId: message.userId,
    phone: message.recipient,
    locale,
    params: {
      code: message.code,
      total: formatVnd(message.totalVnd),
      seller: message.sellerName,
      tracking: message.tracking?.(t) ?? "",
      reason: typeof reason === "string" ? reason : reason(t),
    },
    // The buyer's own order page shows where the parcel is (a sign-in away).
    linkPath: BUYER_LINK_KINDS.includes(kind) ? `/orders/${message.code}` : undefined,
  });
}

/** The messages that point the buyer to her order's tracking. */
const BUYER_LINK_KINDS: NotifyKind[] = ["shipped", "delivered", "delivery_failed"];

/** A co-op's new order tells each member farm what of theirs to get ready (the manager hears of the whole order). */
export async function coopMemberNotifications(db: DbOrTx, orderId: string): Promise<JobSpec[]> {
  const rows = await db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .innerJoin("cooperatives as c", "c.id", "o.seller_cooperative_id")
    .innerJoin("shops as s", "s.id", "i.producer_shop_id")
    .innerJoin("users as u", "u.id", "s.owner_id")
    .select(["o.code", "c.name as coop_name", "s.id as shop_id", "s.phone", "u.id as user_id", "u.locale", "i.quantity", "i.unit", "i.title"])
    .where("i.order_id", "=", orderId)
    .orderBy("s.id")
    .orderBy("i.title")
    .execute();
  const byShop = new Map<string, typeof rows>();
  for (const r of rows) byShop.set(r.shop_id, [...(byShop.get(r.shop_id) ?? []), r]);
  const jobs: JobSpec[] = [];
  for (const lines of byShop.values()) {
    const first = lines[0]!;
    const params = { code: first.code, coop: first.coop_name, items: lines.map((l) => `${l.quantity} × ${l.title}`).join(", ") };
    jobs.push(notifyJob({ kind: "member_order", userId: first.user_id, phone: first.phone, locale: isLocale(first.locale) ? first.locale : "vi", params }));
  }
  return jobs;
}
