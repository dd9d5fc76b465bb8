import type { DbOrTx } from "../../db";
import { productStats, productsWithCover } from "~/catalog/product-rows.server";
import type { MediaVariant } from "../../db/schema";
import { categoryName } from "~/catalog/taxonomy";
import { getProvince, getWard } from "~/geo/address.server";
import { LIVE_STATUSES } from "~/catalog/product-status";

/** What a search result card needs, and what search filters on: nothing more. */
export interface ProductDocument {
  id: number;
  slug: string;
  title: string;
  /** The title without leading packaging words: what the product is, for ranking. */
  name: string;
  description: string;
  category: string;
  category_name: string;
  unit: string;
  price_vnd: number;
  in_stock: boolean;
  province_code: string;
  province_name: string;
  ward_name: string;
  producer_name: string;
  cooperative_name: string | null;
  ocop_stars: number | null;
  certifications: string[];
  published_at: number;
  cover: CoverRef | null;
  rating: string | null;
  review_count: number;
  sold: number;
}

/** A cover photo by reference: its media id and widths rebuild every URL. */
export interface CoverRef {
  id: string;
  w: number;
  h: number;
  p: string;
  widths: number[];
}

const PACKAGING_WORDS = new Set(["buồng", "nải", "túi", "hộp", "chai", "hũ", "gói", "bó", "thùng", "két", "combo", "set", "kg", "quả", "trái", "bịch", "lọ"]);

/**
 * "Buồng chuối già hương" is bananas sold by the bunch: a leading packaging word says how it is
 * sold, not what it is. Without it the product word leads, so "chuoi" ranks it with other bananas
 * instead of behind them.
 */
function productName(title: string): string {
  const words = title.split(/\s+/);
  let i = 0;
  while (i < words.length - 1 && PACKAGING_WORDS.has((words[i] ?? "").toLowerCase())) i++;
  return words.slice(i).join(" ");
}


export function coverRef(media: { id: string; width: number; height: number; placeholder: string; variants: MediaVariant[] } | null): CoverRef | null {
  if (!media) return null;
  const widths = [...new Set(media.variants.map((v) => v.width))].sort((a, b) => a - b);
  return { id: media.id, w: media.width, h: media.height, p: media.placeholder, widths };
}

/** Documents for live products (by id, or all when `ids` is omitted), in batches. */
export async function buildProductDocuments(db: DbOrTx, ids?: string[], afterId = "0", limit = 1000): Promise<ProductDocument[]> {
  let query = productsWithCover(db)
    .leftJoin("cooperatives as c", "c.id", "p.cooperative_id")
    .select(["p.description", "p.category", "p.origin_ward_code", "p.published_at", "c.name as cooperative_name"])
    .select(productStats)
    .where("p.status", "in", [...LIVE_STATUSES]);
  if (ids) query = query.where("p.id", "in", ids.length ? ids : ["0"]);
  else query = query.where("p.id", ">", afterId).orderBy("p.id").limit(limit);
  const rows = await query.execute();
  if (!rows.length) return [];
  const claims = await db
    .selectFrom("product_claims")
    .select(["product_id", "kind", "ocop_stars"])
    .where("status", "=", "verified")
    .where("product_id", "in", rows.map((r) => r.id))
    .execute();
  return rows.map((r) => {
    const mine = claims.filter((c) => String(c.product_id) === r.id);
    return {
      id: Number(r.id),
      slug: r.slug,
      title: r.title,
      name: productName(r.title),
      description: r.description.slice(0, 300),
      category: r.category,
      category_name: categoryName(r.category, "vi"),
      unit: r.unit,
      price_vnd: Number(r.price_vnd),
      in_stock: r.status === "active" && r.stock > 0,
      province_code: r.origin_province_code,
      province_name: getProvince(r.origin_province_code)?.name ?? "",
      ward_name: getWard(r.origin_ward_code)?.name ?? "",
      producer_name: r.producer_name,
      cooperative_name: r.cooperative_name,
      ocop_stars: mine.find((c) => c.kind === "ocop")?.ocop_stars ?? null,
      certifications: mine.filter((c) => c.kind !== "ocop").map((c) => c.kind),
      published_at: r.published_at ? Math.floor(new Date(r.published_at).getTime() / 1000) : 0,
      rating: r.rating,
      review_count: r.review_count,
      sold: r.sold,
      cover:
        r.media_id && r.variants && r.width && r.height && r.placeholder
          ? coverRef({ id: r.media_id, width: r.width, height: r.height, placeholder: r.placeholder, variants: r.variants })
          : null,
    };
  });
}

/** The `<picture>` sources of a cover, built from its reference. */
export function coverPicture(cover: CoverRef) {
  const set = (ext: string) => cover.widths.map((w) => `/media/${cover.id}/${w}.${ext} ${w}w`).join(", ");
  const fallbackWidth = cover.widths.find((w) => w >= 320) ?? cover.widths[0];
  return {
    width: cover.w,
    height: cover.h,
    placeholder: cover.p,
    avif: set("avif"),
    webp: set("webp"),
    jpeg: set("jpg"),
    fallback: `/media/${cover.id}/${fallbackWidth}.jpg`,
  };
}
