import type { Db, DbOrTx } from "../../db";
import type { ShipmentStatus } from "../../db/schema";
import type { PublicUser } from "~/accounts/accounts.server";
import { ForbiddenError } from "~/lib/validation.server";
import { orderAccess } from "~/orders/orders.server";
import { recordCodJournal } from "~/payments/ledger.server";

/**
 * Cash on delivery, courier by courier: what the couriers collected at the door for a seller,
 * what they have paid over to her and what they still owe, with every parcel whose figures do
 * not add up flagged: the seller's figures to check against the courier's statement. The courier
 * pays the seller's own account (PROVIDERS.md); the ledger books the cash as the courier's debt to
 * her ("cod:" accounts, never paid out by us) when collected and settled when paid over.
 * GHTK reports its remittance itself ("reconciled"); for the others the seller records what reached her.
 */

/** Couriers usually pay collected cash over within a week; later than this is flagged. */
export const REMITTANCE_DUE_DAYS = 7;

export type CodFlag = "collected_differs" | "remitted_differs" | "remittance_overdue" | "delivered_not_collected";

export interface CodParcel {
  shipmentId: string;
  orderCode: string;
  trackingCode: string | null;
  status: ShipmentStatus;
  expectedVnd: string;
  collectedVnd: string | null;
  collectedAt: string | null;
  remittedVnd: string | null;
  remittedAt: string | null;
  flags: CodFlag[];
  /** The seller may record what the courier paid her (collected, not yet recorded as remitted). */
  canRecordRemittance: boolean;
}

export interface CodCourierSummary {
  courier: string;
  /** Cash still to be collected on parcels on their way. */
  toCollectVnd: string;
  collectedVnd: string;
  remittedVnd: string;
  /** Collected and not yet paid over. */
  outstandingVnd: string;
  flagged: number;
  parcels: CodParcel[];
}

type Seller = { shopId: string } | { cooperativeId: string };

const ON_THE_ROAD: readonly ShipmentStatus[] = ["requested", "created", "picked_up", "in_transit", "delivering", "failed_attempt"];

function codFlags(row: { status: ShipmentStatus; cod_amount_vnd: string; cod_collected_vnd: string | null; cod_collected_at: Date | null; cod_remitted_vnd: string | null }, now: Date): CodFlag[] {
  const flags: CodFlag[] = [];
  if (row.cod_collected_vnd !== null && row.cod_collected_vnd !== row.cod_amount_vnd) flags.push("collected_differs");
  if (row.cod_remitted_vnd !== null && row.cod_remitted_vnd !== (row.cod_collected_vnd ?? row.cod_amount_vnd)) flags.push("remitted_differs");
  if (row.cod_collected_vnd !== null && row.cod_remitted_vnd === null && row.cod_collected_at && now.getTime() - row.cod_collected_at.getTime() > REMITTANCE_DUE_DAYS * 86_400_000) {
    flags.push("remittance_overdue");
  }
  if (row.status === "delivered" && row.cod_collected_vnd === null) flags.push("delivered_not_collected");
  return flags;
}

/**
 * The seller's COD parcels with couriers booked through their APIs (`carrierIds`; cash she
 * collects herself is hers at once), newest first: the last 90 days, and anything older still owed or flagged.
 */
export async function codReport(db: DbOrTx, seller: Seller, carrierIds: readonly string[], now = new Date()): Promise<CodCourierSummary[]> {
  if (carrierIds.length === 0) return [];
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const rows = await db
    .selectFrom("shipments as s")
    .innerJoin("orders as o", "o.id", "s.order_id")
    .select(["s.id", "s.courier", "s.tracking_code", "s.status", "s.cod_amount_vnd", "s.cod_collected_vnd", "s.cod_collected_at", "s.cod_remitted_vnd", "s.cod_remitted_at", "s.created_at", "o.code"])
    .where((eb) => ("shopId" in seller ? eb("o.seller_shop_id", "=", seller.shopId) : eb("o.seller_cooperative_id", "=", seller.cooperativeId)))
    .where("s.courier", "in", [...carrierIds])
    .where("s.cod_amount_vnd", ">", "0")
    .where("s.status", "<>", "cancelled")
    .where((eb) => eb.or([eb("s.created_at", ">=", since), eb.and([eb("s.cod_collected_vnd", "is not", null), eb("s.cod_remitted_vnd", "is", null)])]))
    .orderBy("s.created_at", "desc")
    .orderBy("s.id", "desc")
    .limit(1000)
    .execute();
  const byCourier = new Map<string, { toCollect: bigint; collected: bigint; remitted: bigint; parcels: CodParcel[] }>();
  for (const r of rows) {
    const sum = byCourier.get(r.courier) ?? { toCollect: 0n, collected: 0n, remitted: 0n, parcels: [] };
    byCourier.set(r.courier, sum);
    if (ON_THE_ROAD.includes(r.status)) sum.toCollect += BigInt(r.cod_amount_vnd);
    if (r.cod_collected_vnd !== null) sum.collected += BigInt(r.cod_collected_vnd);
    if (r.cod_remitted_vnd !== null) sum.remitted += BigInt(r.cod_remitted_vnd);
    sum.parcels.push({
      shipmentId: r.id,
      orderCode: r.code,
      trackingCode: r.tracking_code,
      status: r.status,
      expectedVnd: r.cod_amount_vnd,
      collectedVnd: r.cod_collected_vnd,
      collectedAt: r.cod_collected_at?.toISOString() ?? null,
      remittedVnd: r.cod_remitted_vnd,
      remittedAt: r.cod_remitted_at?.toISOString() ?? null,
      flags: codFlags(r, now),
      canRecordRemittance: r.cod_collected_vnd !== null && r.cod_remitted_vnd === null,
    });
  }
  return [...byCourier.entries()].map(([courier, s]) => {
    // What was collected and not paid over: a parcel paid over short still counts what is missing.
    const outstanding = s.parcels.reduce((sum, p) => sum + (p.collectedVnd === null ? 0n : BigInt(p.collectedVnd) - BigInt(p.remittedVnd ?? "0")), 0n);
    return {
      courier,
      toCollectVnd: s.toCollect.toString(),
      collectedVnd: s.collected.toString(),
      remittedVnd: s.remitted.toString(),
      outstandingVnd: outstanding.toString(),
      flagged: s.parcels.filter((p) => p.flags.length > 0).length,
      parcels: s.parcels,
    };
  });
}

/**
 * The seller says what a courier paid her for a parcel (from its statement or her bank): recorded
 * once; a parcel whose remittance is already known (GHTK reports its own) is left as it is.
 */
export async function recordCodRemittance(db: Db, user: PublicUser, shipmentId: string, amountVnd: bigint): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const shipment = await trx
      .selectFrom("shipments as s")
      .innerJoin("orders as o", "o.id", "s.order_id")
      .select(["s.id", "s.courier", "o.id as order_id", "o.buyer_id", "o.seller_shop_id", "o.seller_cooperative_id"])
      .where("s.id", "=", shipmentId)
      .forUpdate("s")
      .executeTakeFirst();
    if (!shipment || !(await orderAccess(trx, user, { id: shipment.order_id, buyer_id: shipment.buyer_id, seller_shop_id: shipment.seller_shop_id, seller_cooperative_id: shipment.seller_cooperative_id })).seller) {
      throw new ForbiddenError();
    }
    const recorded = await trx
      .updateTable("shipments")
      .set({ cod_remitted_vnd: amountVnd.toString(), cod_remitted_at: new Date(), updated_at: new Date() })
      .where("id", "=", shipmentId)
      .where("cod_collected_vnd", "is not", null)
      .where("cod_remitted_vnd", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (recorded) await recordCodJournal(trx, "cod_remitted", { orderId: shipment.order_id, courier: shipment.courier, amountVnd, seller: shipment });
    return Boolean(recorded);
  });
}
