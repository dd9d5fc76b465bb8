import { sql } from "kysely";
import type { Db, DbOrTx } from "../../db";
import type { ShipmentStatus } from "../../db/schema";
import { notifyOrderEvent } from "~/orders/notifications.server";
import { moveOrderByCourier } from "~/orders/orders.server";
import { recordCodJournal } from "~/payments/ledger.server";
import { isCourierAuthError, type TrackingUpdate } from "./courier";
import type { CourierRegistry } from "./registry.server";

/**
 * What couriers report about parcels, however it reaches us (webhook or our own poll): each
 * report lands in the inbox once per courier event, joins the shipment's history, and moves the
 * shipment and its order only forward. A report that comes late or twice changes nothing; a status
 * code we do not know is kept and flagged, never guessed.
 */
export type InboxOutcome = "applied" | "stale" | "duplicate" | "unknown_parcel" | "unknown_status";

/** How far along a parcel is: a report of an earlier step (out of order) is history, not a move. */
const PROGRESS: Record<ShipmentStatus, number> = {
  requested: 0,
  created: 1,
  picked_up: 2,
  in_transit: 3,
  // A failed attempt and the next try alternate: the later of the two stands.
  delivering: 4,
  failed_attempt: 4,
  returning: 5,
  delivered: 6,
  returned: 7,
  cancelled: 7,
  lost: 7,
};
const SETTLED: readonly ShipmentStatus[] = ["delivered", "returned", "cancelled", "lost"];
/** Shipment statuses that mean the parcel has left the seller: the order is shipped. */
const ON_ITS_WAY: readonly ShipmentStatus[] = ["picked_up", "in_transit", "delivering", "failed_attempt", "returning", "delivered", "returned", "lost"];

async function recordCourierUpdates(db: Db, courier: string, updates: TrackingUpdate[], source: "webhook" | "poll", body: string): Promise<InboxOutcome[]> {
  const outcomes: InboxOutcome[] = [];
  for (const update of updates) outcomes.push(await db.transaction().execute((trx) => recordOne(trx, courier, update, source, body)));
  return outcomes;
}

async function recordOne(trx: DbOrTx, courier: string, update: TrackingUpdate, source: "webhook" | "poll", body: string): Promise<InboxOutcome> {
  // Once per courier event, whichever way it came and however often: a second copy waits here for the first to commit, then finds it.
  const landed = await trx
    .insertInto("courier_notifications")
    .values({ courier, event_key: update.eventKey.slice(0, 300), tracking_code: update.trackingCode.slice(0, 100), body: body.slice(0, 64 * 1024) })
    .onConflict((oc) => oc.constraint("courier_notifications_event").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!landed) return "duplicate";
  const outcome = await applyUpdate(trx, courier, update, source);
  await trx.updateTable("courier_notifications").set({ outcome }).where("id", "=", landed.id).execute();
  return outcome;
}

async function applyUpdate(trx: DbOrTx, courier: string, update: TrackingUpdate, source: "webhook" | "poll"): Promise<InboxOutcome> {
  const shipment = await trx
    .selectFrom("shipments")
    .select(["id", "order_id", "status", "cod_amount_vnd", "cod_collected_vnd", "cod_remitted_vnd"])
    .where("courier", "=", courier)
    .where("tracking_code", "=", update.trackingCode)
    .forUpdate()
    .executeTakeFirst();
  if (!shipment) return "unknown_parcel";
  await trx
    .insertInto("shipment_events")
    .values({ shipment_id: shipment.id, status: update.status, courier_status: update.courierStatus.slice(0, 100), reason: update.reason.slice(0, 500), happened_at: update.happenedAt, source })
    .execute();
  const now = new Date();
  const money: { cod_collected_vnd?: string; cod_collected_at?: Date; cod_remitted_vnd?: string; cod_remitted_at?: Date } = {};
  if (update.codCollectedVnd !== null && shipment.cod_collected_vnd === null) Object.assign(money, { cod_collected_vnd: update.codCollectedVnd.toString(), cod_collected_at: update.happenedAt });
  if (update.codRemittedVnd !== undefined && update.codRemittedVnd !== null && shipment.cod_remitted_vnd === null) Object.assign(money, { cod_remitted_vnd: update.codRemittedVnd.toString(), cod_remitted_at: update.happenedAt });
  await trx.updateTable("shipments").set({ last_heard_at: now, ...money }).where("id", "=", shipment.id).execute();
  if (money.cod_collected_vnd || money.cod_remitted_vnd) {
    // The cash in the books, in the same transaction: the courier owes it to the seller, then pays it over.
    const seller = await trx.selectFrom("orders").select(["seller_shop_id", "seller_cooperative_id"]).where("id", "=", shipment.order_id).executeTakeFirstOrThrow();
    const entry = { orderId: shipment.order_id, courier, seller };
    if (money.cod_collected_vnd) await recordCodJournal(trx, "cod_collected", { ...entry, amountVnd: BigInt(money.cod_collected_vnd) });
    if (money.cod_remitted_vnd) await recordCodJournal(trx, "cod_remitted", { ...entry, amountVnd: BigInt(money.cod_remitted_vnd) });
  }
  if (update.status === null) return "unknown_status";
  if (!(await movesForward(trx, shipment, update.status, update.happenedAt))) return "stale";

  await trx.updateTable("shipments").set({ status: update.status, courier_status: update.courierStatus.slice(0, 100), updated_at: now }).where("id", "=", shipment.id).execute();
  // The courier's own words, if any: its bare status code ("70") means nothing to a buyer; the parcel timeline shows it in ours.
  const reason = update.reason;
  if (ON_ITS_WAY.includes(update.status)) await moveOrderByCourier(trx, shipment.order_id, "ship", reason);
  if (update.status === "delivered") await moveOrderByCourier(trx, shipment.order_id, "deliver", reason);
  if (update.status === "returned") await moveOrderByCourier(trx, shipment.order_id, "return", reason);
  if (update.status === "failed_attempt") await notifyOrderEvent(trx, shipment.order_id, "delivery_failed", update.reason);
  return "applied";
}

async function movesForward(trx: DbOrTx, shipment: { id: string; status: ShipmentStatus }, next: ShipmentStatus, happenedAt: Date): Promise<boolean> {
  if (SETTLED.includes(shipment.status)) return false;
  const from = PROGRESS[shipment.status];
  const to = PROGRESS[next];
  if (to !== from) return to > from;
  if (next === shipment.status) return false;
  // Delivering and failed attempt: the later report stands.
  const current = await trx
    .selectFrom("shipment_events")
    .select(sql<Date>`max(happened_at)`.as("at"))
    .where("shipment_id", "=", shipment.id)
    .where("status", "=", shipment.status)
    .executeTakeFirst();
  return !current?.at || happenedAt > current.at;
}

/**
 * Job: parcels whose courier has said nothing for hours are asked about (a webhook lost, a courier
 * that never sends one): what tracking shows goes through the same inbox, so nothing counts twice.
 */
export async function pollSilentShipments(db: Db, couriers: CourierRegistry, silentHours = 3, limit = 200): Promise<{ asked: number; applied: number }> {
  const silentSince = new Date(Date.now() - silentHours * 3_600_000);
  const open = await db
    .selectFrom("shipments")
    .select(["id", "courier", "tracking_code"])
    .where("status", "not in", ["delivered", "returned", "cancelled", "lost", "requested"])
    .where("tracking_code", "is not", null)
    .where((eb) => eb.or([eb("last_heard_at", "is", null), eb("last_heard_at", "<", silentSince)]))
    .orderBy("last_heard_at", (ob) => ob.asc().nullsFirst())
    .limit(limit)
    .execute();
  let asked = 0;
  let applied = 0;
  for (const shipment of open) {
    const carrier = couriers.get(shipment.courier)?.carrier;
    if (!carrier || !shipment.tracking_code) continue;
    asked++;
    try {
      const updates = await carrier.track(shipment.tracking_code);
      const outcomes = await recordCourierUpdates(db, shipment.courier, updates, "poll", JSON.stringify({ polled: shipment.tracking_code }));
      applied += outcomes.filter((o) => o === "applied").length;
      await db.updateTable("shipments").set({ last_heard_at: new Date() }).where("id", "=", shipment.id).execute();
    } catch (error) {
      // One courier down does not stop the others; this parcel is asked again next round.
      console.error(`[shipment_poll] ${shipment.courier} ${shipment.tracking_code}:`, error instanceof Error ? error.message : error);
    }
  }
  return { asked, applied };
}

const MAX_BODY = 64 * 1024;

/**
 * A courier's notification: the courier's own check (token, secret path or header) first, then
 * the inbox; answered in the format it retries on. A courier this deployment does not book with is a 404.
 */
export async function receiveCourierNotification(request: Request, context: { db: Db; couriers: CourierRegistry }, courierId: string): Promise<Response> {
  const carrier = context.couriers.get(courierId)?.carrier;
  if (!carrier) return Response.json({ error: "unknown courier" }, { status: 404 });
  if (request.method !== "POST") return Response.json({ error: "POST only" }, { status: 405 });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  const body = await request.text();
  if (body.length > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  let updates: TrackingUpdate[];
  try {
    updates = carrier.parseWebhook({ body, headers: request.headers, url: new URL(request.url) });
  } catch (error) {
    if (!isCourierAuthError(error)) throw error;
    const refused = carrier.webhookReply(false);
    return Response.json(refused.json, { status: refused.status });
  }
  // Kept (an unknown parcel or code is flagged in the inbox), so the courier stops resending it.
  await recordCourierUpdates(context.db, courierId, updates, "webhook", body);
  const accepted = carrier.webhookReply(true);
  return Response.json(accepted.json, { status: accepted.status });
}
