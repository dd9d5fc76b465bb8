import { sql } from "kysely";
import type { DbOrTx } from "../../db";

/** Orders with their seller (a farm, `s`, or a co-op, `c`): the base of every order query. */
export function ordersWithSeller(db: DbOrTx) {
  return db
    .selectFrom("orders as o")
    .leftJoin("shops as s", "s.id", "o.seller_shop_id")
    .leftJoin("cooperatives as c", "c.id", "o.seller_cooperative_id");
}
export const sellerName = sql<string>`coalesce(s.name, c.name)`.as("seller_name");
export const sellerPhone = sql<string>`coalesce(s.phone, c.phone)`.as("seller_phone");
/** "2 × Buồng chuối, 1 × Mật ong", optionally only the lines matching `lines`. */
export const itemSummary = (lines = sql<boolean>`true`) =>
  sql<string>`(select string_agg(i.quantity || ' × ' || i.title, ', ' order by i.product_id) from order_items i
    where i.order_id = o.id and ${lines})`.as("summary");
