import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { ForbiddenError } from "~/lib/validation.server";
import { itemSummary, ordersWithSeller, sellerName } from "./order-rows.server";
import { FINISHED, NEEDS_SELLER } from "./state";

/** Lists of orders: the seller's desk and its count badge, the buyer's orders, packing lists. */
/** The seller's desk: orders of their farm and of the co-op they manage, plus co-op orders with their goods in them. */
export async function sellerScope(db: DbOrTx, user: PublicUser) {
  const [shop, coop] = await Promise.all([
    db.selectFrom("shops").select(["id", "name"]).where("owner_id", "=", user.id).executeTakeFirst(),
    db.selectFrom("cooperatives").select(["id", "name"]).where("manager_id", "=", user.id).executeTakeFirst(),
  ]);
  return { shop: shop ?? null, coop: coop ?? null };
}

export type DeskFilter = "new" | "active" | "done" | "all";

export async function listDeskOrders(db: DbOrTx, user: PublicUser, filter: DeskFilter, limit = 100) {
  const { shop, coop } = await sellerScope(db, user);
  if (!shop && !coop) return { orders: [], shop, coop, counts: { new: 0 } };
  const ownOrder = sql<boolean>`(o.seller_shop_id is not distinct from ${shop?.id ?? null}::bigint and o.seller_shop_id is not null
    or o.seller_cooperative_id is not distinct from ${coop?.id ?? null}::bigint and o.seller_cooperative_id is not null)`;
  let query = ordersWithSeller(db)
    .where((eb) => {
      const ors = [];
      if (shop) {
        ors.push(eb("o.seller_shop_id", "=", shop.id));
        ors.push(eb.exists(eb.selectFrom("order_items as i").select("i.order_id").whereRef("i.order_id", "=", "o.id").where("i.producer_shop_id", "=", shop.id)));
      }
      if (coop) ors.push(eb("o.seller_cooperative_id", "=", coop.id));
      return eb.or(ors);
    })
    .select([
      "o.id",
      "o.code",
      "o.status",
      "o.payment_method",
      "o.paid_at",
      "o.payment_flag",
      "o.delivery_method",
      "o.recipient_name",
      "o.created_at",
      "o.seller_cooperative_id",
      "o.seller_shop_id",
      sellerName,
      // A co-op member sees only their own goods in the co-op's orders, and only their value.
      itemSummary(sql<boolean>`(${ownOrder} or i.producer_shop_id = ${shop?.id ?? null})`),
      sql<string>`case when ${ownOrder} then o.total_vnd else (select sum(i.quantity * i.unit_price_vnd) from order_items i
        where i.order_id = o.id and i.producer_shop_id = ${shop?.id ?? null}) end`.as("total_vnd"),
    ])
    .orderBy("o.created_at", "desc")
    .limit(limit);
  if (filter === "new") query = query.where("o.status", "in", ["awaiting_payment", "paid", "confirmed"]);
  if (filter === "active") query = query.where("o.status", "in", NEEDS_SELLER);
  if (filter === "done") query = query.where("o.status", "in", FINISHED);
  const [orders, counts] = await Promise.all([
    query.execute(),
    newOrderCount(db, user),
  ]);
  return {
    orders: orders.map((o) => ({
      ...o,
      // Only the seller acts on an order; a co-op member sees their part of it.
      canAct: Boolean((shop && o.seller_shop_id === shop.id) || (coop && o.seller_cooperative_id === coop.id)),
    })),
    shop,
    coop,
    counts: { new: counts },
  };
}

/** Orders waiting on the seller (paid or confirmed, not yet accepted), for the badge in the menu. */
export async function newOrderCount(db: DbOrTx, user: PublicUser): Promise<number> {
  const row = await ordersWithSeller(db)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("o.status", "in", ["paid", "confirmed"])
    .where((eb) => eb.or([eb("s.owner_id", "=", user.id), eb("c.manager_id", "=", user.id)]))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listBuyerOrders(db: DbOrTx, buyer: PublicUser, limit = 50) {
  return ordersWithSeller(db)
    .select(["o.code", "o.status", "o.payment_method", "o.total_vnd", "o.created_at", "o.checkout_id", sellerName, itemSummary()])
    .where("o.buyer_id", "=", buyer.id)
    .orderBy("o.created_at", "desc")
    .orderBy("o.id")
    .limit(limit)
    .execute();
}

/** Packing list: what to pack, per order, for the orders the seller chose or for one day. */
export async function packingList(db: DbOrTx, user: PublicUser, options: { ids?: string[]; codes?: string[]; day?: string }) {
  const { shop, coop } = await sellerScope(db, user);
  if (!shop && !coop) throw new ForbiddenError();
  let query = db
    .selectFrom("orders as o")
    .innerJoin("order_items as i", "i.order_id", "o.id")
    .innerJoin("shops as ps", "ps.id", "i.producer_shop_id")
    .select([
      "o.code",
      "o.status",
      "o.recipient_name",
      "o.recipient_phone",
      "o.street",
      "o.ward_code",
      "o.province_code",
      "o.delivery_method",
      "o.payment_method",
      "o.total_vnd",
      "o.paid_at",
      "o.note",
      "i.title",
      "i.unit",
      "i.quantity",
      "i.weight_grams",
      "ps.name as producer_name",
    ])
    .where((eb) => eb.or([...(shop ? [eb("o.seller_shop_id", "=", shop.id)] : []), ...(coop ? [eb("o.seller_cooperative_id", "=", coop.id)] : [])]))
    .where("o.status", "in", ["paid", "confirmed", "accepted", "packed"])
    .orderBy("o.created_at")
    .orderBy("ps.name")
    .orderBy("i.title");
  if (options.ids?.length || options.codes?.length) {
    const ids = options.ids?.slice(0, 200) ?? [];
    const codes = options.codes?.slice(0, 200) ?? [];
    query = query.where((eb) => eb.or([...(ids.length ? [eb("o.id", "in", ids)] : []), ...(codes.length ? [eb("o.code", "in", codes)] : [])]));
  }
  if (options.day) query = query.where(sql`(o.created_at at time zone 'Asia/Ho_Chi_Minh')::date`, "=", options.day);
  return query.execute();
}
