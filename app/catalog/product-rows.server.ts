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
