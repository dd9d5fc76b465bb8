import type { PublicUser } from "~/accounts/accounts.server";
import type { DbOrTx } from "../../db";
import { ordersWithSeller, sellerName, sellerPhone } from "./order-rows.server";
import { orderAccess } from "./orders.server";

// What a buyer, a seller or a co-op member may see of an order: never more than their part in it.

/** The order and how the viewer stands to it, or null when they have no part in it (or it does not exist). */
export async function findOrderForViewer(db: DbOrTx, viewer: PublicUser, code: string) {
  const order = await ordersWithSeller(db)
    .innerJoin("users as b", "b.id", "o.buyer_id")
    .selectAll("o")
    .select([sellerName, sellerPhone, "b.full_name as buyer_name"])
    .where("o.code", "=", code)
    .executeTakeFirst();
  if (!order) return null;
  const access = await orderAccess(db, viewer, order);
  return access.buyer || access.seller || access.memberShopId ? { order, access } : null;
}

/** Everything the buyer's or seller's order page shows, or null when the viewer has no part in it. */
export async function getOrderForViewer(db: DbOrTx, viewer: PublicUser, code: string) {
  const found = await findOrderForViewer(db, viewer, code);
  if (!found) return null;
  const { order, access } = found;
  let itemsQuery = db.selectFrom("order_items as i").innerJoin("products as p", "p.id", "i.product_id").innerJoin("shops as ps", "ps.id", "i.producer_shop_id");
  if (!access.buyer && !access.seller && access.memberShopId) itemsQuery = itemsQuery.where("i.producer_shop_id", "=", access.memberShopId);
  const [items, events, reviews, flags] = await Promise.all([
    itemsQuery.select(["i.product_id", "i.title", "i.unit", "i.unit_price_vnd", "i.quantity", "i.shipped_quantity", "i.weight_grams", "p.slug", "ps.name as producer_name"]).where("i.order_id", "=", order.id).orderBy("i.product_id").execute(),
    db.selectFrom("order_events").select(["from_status", "to_status", "actor_role", "reason", "created_at"]).where("order_id", "=", order.id).orderBy("id").execute(),
    db.selectFrom("reviews").select(["product_id", "stars", "body"]).where("order_id", "=", order.id).execute(),
    // The seller sees every anomaly; the buyer only what is hers to act on or expect (a part payment, money coming back, a part not sent).
    access.seller || access.buyer
      ? db
          .selectFrom("payment_flags")
          .select(["id", "kind", "amount_vnd", "detail", "created_at", "settled_at"])
          .where("order_id", "=", order.id)
          .$if(!access.seller, (q) => q.where("kind", "in", ["short", "overpaid", "short_shipped"]))
          .orderBy("id")
          .execute()
      : Promise.resolve([]),
  ]);
  return { order, items, events, reviews, access, flags };
}

