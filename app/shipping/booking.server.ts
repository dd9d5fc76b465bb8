import type { Db } from "../../db";
import type { Order } from "../../db/schema";
import type { PublicUser } from "~/accounts/accounts.server";
import { ForbiddenError } from "~/lib/validation.server";
import { orderAccess } from "~/orders/orders.server";
import { sellerTerms } from "~/orders/checkout.server";
import { courierFailure, type CourierError, type Parcel } from "./courier";
import type { CourierRegistry } from "./registry.server";

/**
 * Booking a courier's pickup for a packed order, and cancelling it before pickup. Our order code is
 * the courier's client order code, and the shipment row is written before the courier is asked:
 * a retry or a double tap asks again with the same code, which couriers book once, so one parcel
 * is one booking. A rebooking after a cancel is "<code>-2", "-3"… (couriers never reuse a code).
 * The courier is asked outside any transaction: no order row stays locked while it answers.
 */
export type BookingRefusal = "shipping.error.notBookable" | "shipping.error.notCancellable";

export class BookingError extends Error {
  constructor(readonly messageKey: BookingRefusal | CourierError["messageKey"], readonly detail = "") {
    super(messageKey);
  }
}

async function sellersOrder(db: Db, user: PublicUser, orderId: string): Promise<Order> {
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirst();
  if (!order || !(await orderAccess(db, user, order)).seller) throw new ForbiddenError();
  return order;
}

/** What the courier needs for this order: the seller's pickup place and box, the buyer's address, the items and the cash to collect. */
async function parcelFor(db: Db, order: Order, clientOrderCode: string): Promise<Parcel> {
  const key = order.seller_shop_id ? `shop-${order.seller_shop_id}` : `coop-${order.seller_cooperative_id}`;
  const seller = (await sellerTerms(db, [key])).get(key);
  if (!seller) throw new BookingError("shipping.error.notBookable");
  const items = await db.selectFrom("order_items").select(["title", "quantity", "shipped_quantity", "weight_grams"]).where("order_id", "=", order.id).orderBy("product_id").execute();
  const going = items.map((i) => ({ name: i.title, quantity: i.shipped_quantity ?? i.quantity, weightGrams: i.weight_grams })).filter((i) => i.quantity > 0);
  // Cash at the door is the whole order, delivery included, unless it was paid already.
  const codAmountVnd = order.payment_method === "cod" && !order.paid_at ? BigInt(order.total_vnd) : 0n;
  return {
    ...seller.box,
    clientOrderCode,
    weightGrams: going.reduce((sum, i) => sum + i.weightGrams * i.quantity, 0),
    valueVnd: BigInt(order.items_total_vnd),
    codAmountVnd,
    from: { name: seller.name, phone: seller.phone, street: seller.from.street || seller.name, provinceCode: seller.from.provinceCode, wardCode: seller.from.wardCode },
    to: { name: order.recipient_name, phone: order.recipient_phone, street: order.street, provinceCode: order.province_code, wardCode: order.ward_code },
    items: going,
    note: order.note ?? "",
  };
}

/** Books the order's pickup with the courier the buyer chose; returns the tracking code. */
export async function bookPickup(db: Db, couriers: CourierRegistry, user: PublicUser, orderId: string): Promise<string> {
  const order = await sellersOrder(db, user, orderId);
  const carrier = couriers.get(order.delivery_method)?.carrier;
  if (!carrier || order.status !== "packed") throw new BookingError("shipping.error.notBookable");
  // The live shipment, written first (or found: a retry continues the booking it started).
  const shipment = await db.transaction().execute(async (trx) => {
    await trx.selectFrom("orders").select("id").where("id", "=", order.id).forUpdate().executeTakeFirst();
    const live = await trx.selectFrom("shipments").select(["id", "client_order_code", "status", "tracking_code"]).where("order_id", "=", order.id).where("status", "<>", "cancelled").executeTakeFirst();
    if (live) return live;
    const earlier = await trx.selectFrom("shipments").select(({ fn }) => fn.countAll<string>().as("n")).where("order_id", "=", order.id).executeTakeFirstOrThrow();
    const n = Number(earlier.n);
    return trx
      .insertInto("shipments")
      .values({ order_id: order.id, courier: order.delivery_method, client_order_code: n === 0 ? order.code : `${order.code}-${n + 1}`, status: "requested", booked_by: user.id })
      .returning(["id", "client_order_code", "status", "tracking_code"])
      .executeTakeFirstOrThrow();
  });
  if (shipment.status !== "requested" && shipment.tracking_code) return shipment.tracking_code;

  const parcel = await parcelFor(db, order, shipment.client_order_code);
  let booking;
  try {
    booking = await carrier.book(parcel);
  } catch (error) {
    // The shipment stays "requested": booking again asks with the same code, so it never books twice.
    const failure = courierFailure(error);
    if (failure) throw new BookingError(failure.messageKey, failure.message);
    throw error;
  }
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("shipments")
      .set({
        status: "created",
        tracking_code: booking.trackingCode,
        courier_status: booking.courierStatus,
        fee_vnd: booking.feeVnd.toString(),
        cod_amount_vnd: parcel.codAmountVnd.toString(),
        weight_grams: parcel.weightGrams,
        expected_delivery_at: booking.expectedDeliveryAt,
        raw: JSON.stringify(booking.raw ?? {}),
        last_heard_at: new Date(),
        updated_at: new Date(),
      })
      .where("id", "=", shipment.id)
      .where("status", "=", "requested") // a twin tap that finished first already wrote it
      .returning("id")
      .executeTakeFirst();
    if (updated) await trx.insertInto("shipment_events").values({ shipment_id: shipment.id, status: "created", courier_status: booking.courierStatus, happened_at: new Date(), source: "booking" }).execute();
  });
  return booking.trackingCode;
}

/** Cancels a booking the courier has not picked up yet; the order stays packed, ready to book again. */
export async function cancelPickup(db: Db, couriers: CourierRegistry, user: PublicUser, orderId: string): Promise<void> {
  const order = await sellersOrder(db, user, orderId);
  const carrier = couriers.get(order.delivery_method)?.carrier;
  const live = await db.selectFrom("shipments").select(["id", "status", "tracking_code"]).where("order_id", "=", order.id).where("status", "<>", "cancelled").executeTakeFirst();
  if (!carrier || !live || order.status !== "packed" || (live.status !== "created" && live.status !== "requested")) throw new BookingError("shipping.error.notCancellable");
  if (live.tracking_code) {
    try {
      await carrier.cancel(live.tracking_code);
    } catch (error) {
      const failure = courierFailure(error);
    if (failure) throw new BookingError(failure.messageKey, failure.message);
      throw error;
    }
  }
  await db.transaction().execute(async (trx) => {
    const cancelled = await trx.updateTable("shipments").set({ status: "cancelled", updated_at: new Date() }).where("id", "=", live.id).where("status", "in", ["created", "requested"]).returning("id").executeTakeFirst();
    if (cancelled) await trx.insertInto("shipment_events").values({ shipment_id: live.id, status: "cancelled", courier_status: "cancelled", reason: "cancelled by the seller", happened_at: new Date(), source: "seller" }).execute();
  });
}

/** A co-op manager's (or farmer's) day of packed orders booked in one go: each order's own result. */
export async function bookPickups(db: Db, couriers: CourierRegistry, user: PublicUser, orderIds: string[]): Promise<Array<{ orderId: string; trackingCode: string | null; error: string | null }>> {
  const results = [];
  for (const orderId of orderIds.slice(0, 200)) {
    try {
      results.push({ orderId, trackingCode: await bookPickup(db, couriers, user, orderId), error: null });
    } catch (error) {
      if (error instanceof BookingError) results.push({ orderId, trackingCode: null, error: error.messageKey });
      else if (error instanceof ForbiddenError) results.push({ orderId, trackingCode: null, error: "order.error.notYours" });
      else throw error;
    }
  }
  return results;
}
