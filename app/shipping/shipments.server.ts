import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import type { ShipmentStatus } from "../../db/schema";

/** What an order page shows of its parcel: who carries it, its code and where it is, with what the courier reported. */
export interface ShipmentView {
  courier: string;
  carrierName: string | null;
  trackingCode: string | null;
  status: ShipmentStatus;
  /** A returned parcel: what the seller did with the goods, once she has said. */
  returnOutcome: "restocked" | "written_off" | null;
  events: Array<{ status: ShipmentStatus | null; courierStatus: string; reason: string; happenedAt: string }>;
}

/** The order's live shipment (a cancelled booking is not it), for a viewer the caller has already checked. */
export async function orderShipment(db: DbOrTx, orderId: string): Promise<ShipmentView | null> {
  const shipment = await db
    .selectFrom("shipments")
    .select(["id", "courier", "carrier_name", "tracking_code", "status", "return_outcome"])
    .where("order_id", "=", orderId)
    .where("status", "<>", "cancelled")
    .executeTakeFirst();
  if (!shipment) return null;
  const events = await db
    .selectFrom("shipment_events")
    .select(["status", "courier_status", "reason", "happened_at"])
    .where("shipment_id", "=", shipment.id)
    // Couriers report whole seconds (Viettel Post, GHTK): within one second, the order they arrived in.
    .orderBy(sql`date_trunc('second', happened_at)`)
    .orderBy("id")
    .execute();
  return {
    courier: shipment.courier,
    carrierName: shipment.carrier_name,
    trackingCode: shipment.tracking_code,
    status: shipment.status,
    returnOutcome: shipment.return_outcome,
    events: events.map((e) => ({ status: e.status, courierStatus: e.courier_status, reason: e.reason, happenedAt: e.happened_at.toISOString() })),
  };
}
