import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import { getProvince } from "~/geo/address.server";
import { coverPicture, coverRef } from "~/search/documents.server";
import { productStats, productsWithCover } from "./product-rows.server";
import { LIVE_STATUSES } from "./product-status";

/** Listing pages read PostgreSQL directly: simple, indexed queries, and no dependency on search. */
const LISTING_PAGE_SIZE = 24;

/** Live products with what a card shows: the one query every product list starts from. */
export function cardQuery(db: DbOrTx) {
  return productsWithCover(db).select(productStats).where("p.status", "in", [...LIVE_STATUSES]);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cardQuery>["execute"]>>[number];

export function cardCover(r: Pick<CardRow, "media_id" | "variants" | "width" | "height" | "placeholder">) {
  return r.media_id && r.variants && r.width && r.height && r.placeholder
    ? coverRef({ id: r.media_id, width: r.width, height: r.height, placeholder: r.placeholder, variants: r.variants })
    : null;
}

export function toCard(r: CardRow) {
  const cover = cardCover(r);
  return {
    slug: r.slug,
    title: r.title,
    unit: r.unit,
    price: String(r.price_vnd),
    soldOut: !(r.status === "active" && r.stock > 0),
    place: getProvince(r.origin_province_code)?.name ?? "",
    picture: cover ? coverPicture(cover) : null,
    rating: r.rating,
    reviewCount: r.review_count,
    sold: r.sold,
  };
}
export type Card = ReturnType<typeof toCard>;

export async function freshThisWeek(db: DbOrTx, limit = 8) {
  const rows = await cardQuery(db)
    .where("p.published_at", ">", sql<Date>`now() - interval '7 days'`)
    .orderBy("p.published_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

export async function verifiedOcopPicks(db: DbOrTx, limit = 8) {
  const rows = await cardQuery(db)
    .innerJoin("product_claims as c", (j) =>
      j.onRef("c.product_id", "=", "p.id").on("c.kind", "=", "ocop").on("c.status", "=", "verified"),
    )
    .where("p.status", "=", "active")
    .orderBy("c.ocop_stars", "desc")
    .orderBy("p.published_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

export async function productCountsByProvince(db: DbOrTx) {
  const rows = await db
    .selectFrom("products")
    .select(["origin_province_code as code", (eb) => eb.fn.countAll<string>().as("n")])
    .where("status", "in", [...LIVE_STATUSES])
    .groupBy("origin_province_code")
    .orderBy("n", "desc")
    .execute();
  return rows.map((r) => ({ code: r.code, name: getProvince(r.code)?.name ?? r.code, count: Number(r.n) }));
}

export async function listingPage(db: DbOrTx, by: { category?: string; province?: string }, page: number) {
  let query = cardQuery(db);
  let count = db.selectFrom("products as p").select((eb) => eb.fn.countAll<string>().as("n")).where("p.status", "in", [...LIVE_STATUSES]);
  if (by.category) {
    query = query.where("p.category", "=", by.category);
    count = count.where("p.category", "=", by.category);
  }
  if (by.province) {
    query = query.where("p.origin_province_code", "=", by.province);
    count = count.where("p.origin_province_code", "=", by.province);
  }
  const [rows, total] = await Promise.all([
    query
      .orderBy("p.published_at", "desc")
      .orderBy("p.id", "desc")
      .limit(LISTING_PAGE_SIZE)
      .offset((page - 1) * LISTING_PAGE_SIZE)
      .execute(),
    count.executeTakeFirst(),
  ]);
  const n = Number(total?.n ?? 0);
  return { cards: rows.map(toCard), total: n, pages: Math.max(1, Math.ceil(n / LISTING_PAGE_SIZE)) };
}

/** More from the same farm first, then the same category: two small indexed queries. */
export async function relatedProducts(db: DbOrTx, product: { id: string; category: string; producer_shop_id: string }, limit = 6) {
  // The farm's other listings first, then other farms' in the same category: both in one round trip.
  const sameFarm = cardQuery(db)
    .where("p.producer_shop_id", "=", product.producer_shop_id)
    .where("p.id", "<>", product.id)
    .where("p.status", "=", "active")
    .orderBy("p.published_at", "desc")
    .limit(limit)
    .select(["p.published_at", sql<number>`0`.as("related_rank")]);
  const sameCategory = cardQuery(db)
    .where("p.category", "=", product.category)
    .where("p.producer_shop_id", "<>", product.producer_shop_id)
    .orderBy("p.published_at", "desc")
    .limit(limit)
    .select(["p.published_at", sql<number>`1`.as("related_rank")]);
  const rows = await db
    .selectFrom(sameFarm.as("farm"))
    .selectAll()
    .unionAll(db.selectFrom(sameCategory.as("category")).selectAll())
    .orderBy("related_rank")
    .orderBy("published_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

/** Every live product and seller for /sitemap.xml. */
/** Live listings grown by one farm (whoever sells them), newest first, for the shop page. */
export async function shopCards(db: DbOrTx, shopId: string, limit = 60) {
  const rows = await cardQuery(db)
    .where("p.producer_shop_id", "=", shopId)
    .orderBy("p.status")
    .orderBy("p.published_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

/** Live listings a co-op sells, and its active members' own, newest first, for the co-op's page. */
export async function cooperativeCards(db: DbOrTx, cooperativeId: string, memberShopIds: string[], limit = 60) {
  const rows = await cardQuery(db)
    .where((eb) => eb.or([eb("p.cooperative_id", "=", cooperativeId), eb("p.producer_shop_id", "in", memberShopIds.length ? memberShopIds : ["0"])]))
    .orderBy("p.status")
    .orderBy("p.published_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

export async function sitemapEntries(db: DbOrTx) {
  const [products, shops, coops] = await Promise.all([
    db.selectFrom("products").select(["slug", "updated_at"]).where("status", "in", [...LIVE_STATUSES]).orderBy("id").limit(50_000).execute(),
    db.selectFrom("shops").select(["slug", "updated_at"]).orderBy("id").execute(),
    db.selectFrom("cooperatives").select(["slug", "updated_at"]).orderBy("id").execute(),
  ]);
  return { products, shops, coops };
}
