import { sql } from "kysely";
import type { DbOrTx } from "../../db";

/**
 * Products with their farm and cover photo (the photo at position 0): the base of every product
 * list (cards, the seller's dashboard, search documents). Callers add their own columns and filters.
 */
export function productsWithCover(db: DbOrTx) {
  return db
    .selectFrom("products as p")
    .innerJoin("shops as s", "s.id", "p.producer_shop_id")
    .leftJoin("product_photos as pp", (j) => j.onRef("pp.product_id", "=", "p.id").on("pp.position", "=", 0))
    .leftJoin("media as m", "m.id", "pp.media_id")
    .select([
      "p.id",
      "p.slug",
      "p.title",
      "p.unit",
      "p.price_vnd",
      "p.status",
      "p.stock",
      "p.origin_province_code",
      "s.name as producer_name",
      "m.id as media_id",
      "m.width",
      "m.height",
      "m.placeholder",
      "m.variants",
    ]);
}

/**
 * What buyers look for on a card (issue 10 #13): average stars, how many reviews, how many sold
 * (units in delivered or completed orders). Correlated subqueries on indexed product_id columns:
 * a page of cards costs a few index lookups each.
 */
export const productStats = [
  sql<string | null>`(select round(avg(r.stars), 1)::text from reviews r where r.product_id = p.id)`.as("rating"),
  sql<number>`(select count(*)::int from reviews r where r.product_id = p.id)`.as("review_count"),
  sql<number>`(select coalesce(sum(i.quantity), 0)::int from order_items i join orders o on o.id = i.order_id where i.product_id = p.id and o.status in ('delivered', 'completed'))`.as("sold"),
] as const;
