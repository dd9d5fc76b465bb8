import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import { cardQuery, toCard } from "~/catalog/storefront.server";
import { LIVE_STATUSES } from "~/catalog/product-status";
import { vietnamDay } from "~/lib/dates";

/**
 * A province's trade floor (issue 15): its stalls (farms and co-ops), its products by category and
 * its verified OCOP goods, with figures anyone may see. Every count is one indexed query; none
 * names a buyer.
 */

/** The first moment of the Vietnamese calendar month `monthsBack` before the one `now` falls in. */
function monthStart(now = new Date(), monthsBack = 0): Date {
  const [year = 0, month = 1] = vietnamDay(now).split("-").map(Number);
  const index = year * 12 + (month - 1) - monthsBack;
  return new Date(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01T00:00:00+07:00`);
}

export async function floorFigures(db: DbOrTx, provinceCode: string, now = new Date()) {
  const [farms, coops, products, ocop, delivered, categories] = await Promise.all([
    // A farm is a stall once it has something on sale.
    db
      .selectFrom("shops as s")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("s.province_code", "=", provinceCode)
      .where((eb) => eb.exists(eb.selectFrom("products as p").select("p.id").whereRef("p.producer_shop_id", "=", "s.id").where("p.status", "in", [...LIVE_STATUSES])))
      .executeTakeFirstOrThrow(),
    db.selectFrom("cooperatives").select((eb) => eb.fn.countAll<string>().as("n")).where("province_code", "=", provinceCode).executeTakeFirstOrThrow(),
    db.selectFrom("products").select((eb) => eb.fn.countAll<string>().as("n")).where("origin_province_code", "=", provinceCode).where("status", "in", [...LIVE_STATUSES]).executeTakeFirstOrThrow(),
    db
      .selectFrom("products as p")
      .innerJoin("product_claims as c", (j) => j.onRef("c.product_id", "=", "p.id").on("c.kind", "=", "ocop").on("c.status", "=", "verified"))
      .select(["c.ocop_stars as stars", (eb) => eb.fn.countAll<string>().as("n")])
      .where("p.origin_province_code", "=", provinceCode)
      .where("p.status", "in", [...LIVE_STATUSES])
      .groupBy("c.ocop_stars")
      .execute(),
    // Deliveries in each of the last six Vietnamese calendar months (orders_province_delivered_idx).
    db
      .selectFrom("orders")
      .select([sql<string>`to_char(delivered_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`.as("month"), (eb) => eb.fn.countAll<string>().as("n")])
      .where("seller_province_code", "=", provinceCode)
      .where("delivered_at", ">=", monthStart(now, 5))
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom("products")
      .select(["category", (eb) => eb.fn.countAll<string>().as("n")])
      .where("origin_province_code", "=", provinceCode)
      .where("status", "in", [...LIVE_STATUSES])
      .groupBy("category")
      .orderBy("n", "desc")
      .execute(),
  ]);
  const byStars = new Map(ocop.map((r) => [Number(r.stars), Number(r.n)]));
  const deliveredByMonth = new Map(delivered.map((r) => [r.month, r.n]));
  const months = [5, 4, 3, 2, 1, 0].map((back) => vietnamDay(monthStart(now, back)).slice(0, 7));
  return {
    farms: Number(farms.n),
    coops: Number(coops.n),
    products: Number(products.n),
    /** Verified OCOP products with 3, 4 and 5 stars (the programme starts at 3). */
    ocopByStars: [3, 4, 5].map((stars) => ({ stars, count: byStars.get(stars) ?? 0 })),
    deliveredThisMonth: Number(deliveredByMonth.get(months.at(-1)!) ?? 0),
    /** Oldest first: "YYYY-MM" and the orders delivered in it. */
    deliveredByMonth: months.map((month) => ({ month, count: Number(deliveredByMonth.get(month) ?? 0) })),
    categories: categories.map((r) => ({ category: r.category, count: Number(r.n) })),
  };
}

/** The stalls: co-ops first (each with its member count), then farms with the most on sale. */
export async function floorStalls(db: DbOrTx, provinceCode: string, limit = 24) {
  const [coops, farms] = await Promise.all([
    db
      .selectFrom("cooperatives as c")
      .select(["c.name", "c.slug", sql<string>`(select count(*) from cooperative_members m where m.cooperative_id = c.id and m.left_at is null)`.as("members")])
      .where("c.province_code", "=", provinceCode)
      .orderBy("c.name")
      .limit(limit)
      .execute(),
    // Each farm's count is an index-only count over its live products (products_live_producer_idx).
    db
      .selectFrom("shops as s")
      .innerJoinLateral(
        (eb) => eb.selectFrom("products as p").select((e) => e.fn.countAll<string>().as("n")).whereRef("p.producer_shop_id", "=", "s.id").where("p.status", "in", [...LIVE_STATUSES]).as("live"),
        (j) => j.onTrue(),
      )
      .select(["s.name", "s.slug", "s.ward_code", "live.n as products"])
      .where("s.province_code", "=", provinceCode)
      .where("live.n", ">", "0")
      .orderBy("live.n", "desc")
      .orderBy("s.name")
      .limit(limit)
      .execute(),
  ]);
  return {
    coops: coops.map((c) => ({ name: c.name, slug: c.slug, members: Number(c.members) })),
    farms: farms.map((f) => ({ name: f.name, slug: f.slug, wardCode: f.ward_code, products: Number(f.products) })),
  };
}

/** The province's verified OCOP goods, most stars first. */
export async function floorOcopGoods(db: DbOrTx, provinceCode: string, limit = 8) {
  const rows = await cardQuery(db)
    .innerJoin("product_claims as c", (j) => j.onRef("c.product_id", "=", "p.id").on("c.kind", "=", "ocop").on("c.status", "=", "verified"))
    .select("c.ocop_stars")
    .where("p.origin_province_code", "=", provinceCode)
    .where("p.status", "=", "active")
    .orderBy("c.ocop_stars", "desc")
    .orderBy("p.published_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toCard(r), stars: Number(r.ocop_stars) }));
}
