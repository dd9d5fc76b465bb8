import { MeilisearchError, type Meilisearch } from "meilisearch";
import { sql } from "kysely";
import type { Db } from "../../db";
import { guessCategory } from "~/catalog/category-guess";
import { foldVietnamese } from "~/lib/text";
import { cardCover, cardQuery } from "~/catalog/storefront.server";
import { getProvince } from "~/geo/address.server";
import type { CoverRef, ProductDocument } from "./documents.server";
import { PRODUCTS_INDEX } from "./engine.server";
import { PAGE_SIZE, type SearchParams } from "./params";
import { LIVE_STATUSES } from "~/catalog/product-status";

export interface SearchHit {
  slug: string;
  title: string;
  unit: string;
  price_vnd: number;
  in_stock: boolean;
  province_name: string;
  producer_name: string;
  ocop_stars: number | null;
  certifications: string[];
  cover: CoverRef | null;
  // Absent from documents indexed before these existed, until each product's next sync.
  rating?: string | null;
  review_count?: number;
  sold?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
  pages: number;
  facets: Record<string, Record<string, number>>;
  engine: "meilisearch" | "postgres";
  processingMs: number;
  suggestion: string | null;
}

const FACETS = ["category", "province_code", "ocop_stars", "certifications", "in_stock"];
const RERANK_WINDOW = 96;

function filters(p: SearchParams): string[] {
  // Every value here was checked against an allow-list or parsed as an integer (params.ts).
  const f: string[] = [];
  if (p.category) f.push(`category = "${p.category}"`);
  if (p.province) f.push(`province_code = "${p.province}"`);
  if (p.stars) f.push(`ocop_stars >= ${p.stars}`);
  for (const c of p.certs) f.push(`certifications = "${c}"`);
  if (p.minPrice !== null) f.push(`price_vnd >= ${p.minPrice}`);
  if (p.maxPrice !== null) f.push(`price_vnd <= ${p.maxPrice}`);
  if (p.inStock) f.push("in_stock = true");
  return f;
}

function sortFor(p: SearchParams): string[] | undefined {
  if (p.sort === "price_asc") return ["price_vnd:asc"];
  if (p.sort === "price_desc") return ["price_vnd:desc"];
  if (p.sort === "newest") return ["published_at:desc"];
  return undefined;
}

const hasToneMarks = (q: string) => foldVietnamese(q) !== q.toLowerCase();

/**
 * Meilisearch folds tone marks, so "ca" finds both "cá" and "cà". When the buyer typed the marks,
 * titles containing exactly those words come first ("cá" before "cà"), Meilisearch's order kept
 * otherwise. Applied to the first RERANK_WINDOW hits.
 */
function exactToneScore(title: string, q: string): number {
  const words = title.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return q
    .normalize("NFC")
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w && w !== foldVietnamese(w) && words.includes(w)).length;
}

/** A page waits this long for Meilisearch, then its request is aborted and PostgreSQL answers. */
const SEARCH_ENGINE_TIMEOUT_MS = 1000;

const RETRIEVED = ["slug", "title", "unit", "price_vnd", "in_stock", "province_name", "producer_name", "ocop_stars", "certifications", "cover", "rating", "review_count", "sold"];

/**
 * The category a query names: the one most products whose own name holds every query word
 * belong to (ties go to the best-ranked), or, when no name holds them all ("dak lak ca phe"),
 * the category its words suggest (category-guess, the same reading a new listing gets). "ca phe" names coffee even though a honey is called
 * "Mật ong hoa cà phê"; "mat ong" names honey, not the fruit of the shop "Mật Ong Bắc Hà".
 */
async function namedCategory(meili: Meilisearch, q: string, signal: AbortSignal): Promise<string | null> {
  const response = await meili
    .index<ProductDocument>(PRODUCTS_INDEX)
    .search(q, { attributesToSearchOn: ["name"], matchingStrategy: "all", limit: 10, attributesToRetrieve: ["category", "name"], showRankingScoreDetails: true }, { signal });
  // Names matched as typed count; near-misses only when nothing matches better ("khom" is khóm,
  // not khô), and with tone marks typed, names with exactly those words ("cá", not "cà").
  const firstWord = foldVietnamese(q).split(/\s+/)[0] ?? "";
  const scored = response.hits.map((hit) => ({
    category: hit.category,
    typos: hit._rankingScoreDetails?.typo?.typoCount ?? 0,
    tone: exactToneScore(hit.name, q),
    // Head noun first: "dâu tây" names the strawberries, not "Mứt dâu tây" (a jam).
    position: foldVietnamese(hit.name).split(/[^\p{L}\p{N}]+/u).indexOf(firstWord),
  }));
  const best = scored.filter((h) => scored.every((o) => h.typos < o.typos || (h.typos === o.typos && h.tone >= o.tone)));
  const counts = new Map<string, { n: number; position: number }>();
  for (const h of best) {
    const c = counts.get(h.category) ?? { n: 0, position: Infinity };
    counts.set(h.category, { n: c.n + 1, position: Math.min(c.position, h.position < 0 ? Infinity : h.position) });
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[1].position - b[1].position);
  if (ranked[0]) return ranked[0][0];
  const guessed = guessCategory(q);
  return guessed === "khac" ? null : guessed;
}

function mergeFacets(a: Record<string, Record<string, number>>, b: Record<string, Record<string, number>>) {
  const merged: Record<string, Record<string, number>> = {};
  for (const source of [a, b]) {
    for (const [facet, values] of Object.entries(source)) {
      const into = (merged[facet] ??= {});
      for (const [value, n] of Object.entries(values)) into[value] = (into[value] ?? 0) + n;
    }
  }
  return merged;
}

async function searchMeili(meili: Meilisearch, p: SearchParams): Promise<SearchResult> {
  const started = Date.now();
  const signal = AbortSignal.timeout(SEARCH_ENGINE_TIMEOUT_MS); // aborted, not abandoned: a frozen engine must not pile up connections
  const index = meili.index<ProductDocument>(PRODUCTS_INDEX);
  const rerank = Boolean(p.q) && p.sort === "relevance" && hasToneMarks(p.q);
  const offset = (p.page - 1) * PAGE_SIZE;
  const reorder = (hits: SearchHit[]) =>
    rerank
      ? hits
          .map((hit, i) => ({ hit, i, score: exactToneScore(hit.title, p.q) }))
          .sort((a, b) => b.score - a.score || a.i - b.i)
          .map((x) => x.hit)
      : hits;
  const run = (extra: string[], from: number, limit: number) =>
    index.search(p.q, { filter: [...filters(p), ...extra], sort: sortFor(p), facets: FACETS, offset: from, limit, attributesToRetrieve: RETRIEVED }, { signal });

  // Ranked by relevance, the category the query names comes first, everything else after it.
  const category = p.q && p.sort === "relevance" && !p.category ? await namedCategory(meili, p.q, signal) : null;
  const groups = category ? [[`category = "${category}"`], [`category != "${category}"`]] : [[]];
  let hits: SearchHit[] = [];
  let total = 0;
  let facets: Record<string, Record<string, number>> = {};
  if (offset + PAGE_SIZE <= RERANK_WINDOW) {
    // The first pages: each group's head, tone-reranked within the group, then the page cut out.
    const responses = await Promise.all(groups.map((g) => run(g, 0, rerank ? RERANK_WINDOW : offset + PAGE_SIZE)));
    for (const r of responses) {
      hits.push(...reorder(r.hits as unknown as SearchHit[]));
      total += r.estimatedTotalHits ?? r.hits.length;
      facets = mergeFacets(facets, (r.facetDistribution ?? {}) as Record<string, Record<string, number>>);
    }
    hits = hits.slice(offset, offset + PAGE_SIZE);
  } else {
    // Deeper pages: where the page starts in each group follows from the groups before it.
    let skip = offset;
    for (const g of groups) {
      const r = await run(g, Math.max(0, skip), Math.max(0, PAGE_SIZE - hits.length));
      const groupTotal = r.estimatedTotalHits ?? r.hits.length;
      hits.push(...(r.hits as unknown as SearchHit[]));
      total += groupTotal;
      skip -= groupTotal;
      facets = mergeFacets(facets, (r.facetDistribution ?? {}) as Record<string, Record<string, number>>);
    }
  }
  return {
    hits,
    total,
    page: p.page,
    pages: Math.max(1, Math.ceil(Math.min(total, 5000) / PAGE_SIZE)),
    facets,
    engine: "meilisearch",
    processingMs: Date.now() - started,
    suggestion: null,
  };
}

/** The same search on PostgreSQL (unaccent + pg_trgm) for when Meilisearch is unreachable. */
async function searchPostgres(db: Db, p: SearchParams, onlyIds?: string[]): Promise<SearchResult> {
  const started = Date.now();
  const words = foldVietnamese(p.q).split(/\s+/).filter(Boolean).slice(0, 8);
  let query = cardQuery(db);
  if (onlyIds) query = query.where("p.id", "in", onlyIds);
  for (const w of words) {
    const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([sql<boolean>`vn_fold(p.title) like ${like}`, sql<boolean>`vn_fold(s.name) like ${like}`, sql<boolean>`vn_fold(p.description) like ${like}`]),
    );
  }
  if (p.category) query = query.where("p.category", "=", p.category);
  if (p.province) query = query.where("p.origin_province_code", "=", p.province);
  if (p.minPrice !== null) query = query.where("p.price_vnd", ">=", String(p.minPrice));
  if (p.maxPrice !== null) query = query.where("p.price_vnd", "<=", String(p.maxPrice));
  if (p.inStock) query = query.where("p.status", "=", "active").where("p.stock", ">", 0);
  if (p.stars) {
    const stars = p.stars;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("product_claims as c")
          .select("c.id")
          .whereRef("c.product_id", "=", "p.id")
          .where("c.kind", "=", "ocop")
          .where("c.status", "=", "verified")
          .where("c.ocop_stars", ">=", stars),
      ),
    );
  }
  for (const cert of p.certs) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("product_claims as c")
          .select("c.id")
          .whereRef("c.product_id", "=", "p.id")
          .where("c.kind", "=", cert as "vietgap" | "organic")
          .where("c.status", "=", "verified"),
      ),
    );
  }
  const countRow = await query.clearSelect().select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirst();
  const total = Number(countRow?.n ?? 0);
  let ordered = query;
  if (p.sort === "price_asc") ordered = ordered.orderBy("p.price_vnd", "asc");
  else if (p.sort === "price_desc") ordered = ordered.orderBy("p.price_vnd", "desc");
  else if (p.sort === "relevance" && words.length) ordered = ordered.orderBy(sql`similarity(vn_fold(p.title), ${words.join(" ")})`, "desc");
  const rows = await ordered
    .orderBy("p.published_at", "desc")
    .orderBy("p.id", "desc")
    .limit(PAGE_SIZE)
    .offset((p.page - 1) * PAGE_SIZE)
    .execute();
  return {
    hits: rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      unit: r.unit,
      price_vnd: Number(r.price_vnd),
      in_stock: r.status === "active" && r.stock > 0,
      province_name: getProvince(r.origin_province_code)?.name ?? "",
      producer_name: r.producer_name,
      ocop_stars: null,
      certifications: [],
      cover: cardCover(r),
      rating: r.rating,
      review_count: r.review_count,
      sold: r.sold,
    })),
    total,
    page: p.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    facets: {},
    engine: "postgres",
    processingMs: Date.now() - started,
    suggestion: null,
  };
}

/** A close product title for an empty result ("did you mean"), from trigram similarity. */
async function suggestTitle(db: Db, q: string): Promise<string | null> {
  if (!q || q.length < 3) return null;
  const row = await db
    .selectFrom("products")
    .select("title")
    .where("status", "in", [...LIVE_STATUSES])
    .where(sql<boolean>`vn_fold(title) % vn_fold(${q})`)
    .orderBy(sql`similarity(vn_fold(title), vn_fold(${q}))`, "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.title ?? null;
}

/**
 * The index lags the database by the time Meilisearch takes to apply a change (0.1 to 2.5 s
 * measured here). The page's hits are re-read from PostgreSQL, the source of truth: a paused or
 * archived listing drops out at once, and price and stock are always current.
 */
async function freshen(db: Db, result: SearchResult): Promise<SearchResult> {
  if (result.engine !== "meilisearch" || !result.hits.length) return result;
  const rows = await db
    .selectFrom("products")
    .select(["slug", "status", "stock", "price_vnd", "title"])
    .where("slug", "in", result.hits.map((h) => h.slug))
    .execute();
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const hits = result.hits.flatMap((h) => {
    const row = bySlug.get(h.slug);
    if (!row || (row.status !== "active" && row.status !== "sold_out")) return [];
    return [{ ...h, title: row.title, price_vnd: Number(row.price_vnd), in_stock: row.status === "active" && row.stock > 0 }];
  });
  return { ...result, hits, total: result.total - (result.hits.length - hits.length) };
}

/**
 * Products changed in PostgreSQL that Meilisearch has not applied yet (search_pending) are
 * searched in PostgreSQL too, and the ones that match and are missing join the first page: a
 * farmer's new listing, or a farm found by its new name, shows at once rather than after the
 * 0.1 to 2.8 s Meilisearch takes per change on these machines.
 */
async function withPendingChanges(db: Db, meili: Meilisearch, p: SearchParams, result: SearchResult): Promise<SearchResult> {
  if (result.engine !== "meilisearch" || p.page !== 1) return result;
  const pending = await db.selectFrom("search_pending").select("product_id").orderBy("changed_at", "desc").limit(200).execute();
  if (!pending.length) return result;
  const recent = await searchPostgres(db, p, pending.map((r) => r.product_id));
  const known = new Set(result.hits.map((h) => h.slug));
  let extra = recent.hits.filter((h) => !known.has(h.slug));
  if (!extra.length) return result;
  // A pending product Meilisearch already has and matches (its update landed, the pending mark not
  // yet cleared) is counted in its total and ranked beyond this page: adding it again counted it twice.
  const counted = await matchedByEngine(meili, p, pending.map((r) => r.product_id)).catch((error: unknown) => {
    // The engine stopped answering between two calls: keep the page rather than fail it.
    if (error instanceof MeilisearchError) return new Set<string>();
    throw error;
  });
  extra = extra.filter((h) => !counted.has(h.slug));
  if (!extra.length) return result;
  let hits = [...extra, ...result.hits];
  if (p.sort === "price_asc") hits = hits.sort((a, b) => a.price_vnd - b.price_vnd);
  if (p.sort === "price_desc") hits = hits.sort((a, b) => b.price_vnd - a.price_vnd);
  return { ...result, hits, total: result.total + extra.length, pages: Math.max(result.pages, 1) };
}

/** The slugs, among these products, that Meilisearch itself matches for this search. */
async function matchedByEngine(meili: Meilisearch, p: SearchParams, productIds: string[]): Promise<Set<string>> {
  const r = await meili
    .index<ProductDocument>(PRODUCTS_INDEX)
    .search(p.q, { filter: [...filters(p), `id IN [${productIds.map(Number).join(", ")}]`], limit: productIds.length, attributesToRetrieve: ["slug"] }, { signal: AbortSignal.timeout(SEARCH_ENGINE_TIMEOUT_MS) });
  return new Set(r.hits.map((h) => h.slug));
}

let lastFallbackLog = 0;
/** One line a minute at most while the engine is down, not one per search. */
function logFallback(error: unknown) {
  const now = Date.now();
  if (now - lastFallbackLog < 60_000) return;
  lastFallbackLog = now;
  console.error(`[search] Meilisearch did not answer (${error instanceof Error ? error.message : String(error)}); searching PostgreSQL instead`);
}

/**
 * Search on Meilisearch, falling back to PostgreSQL if it does not answer within a second (or is
 * not configured). Only the engine's own failures fall back: a PostgreSQL error while freshening
 * the hits is a real error and is not dressed up as "Meilisearch did not answer" (issue 11).
 */
export async function searchProducts(deps: { db: Db; meili: Meilisearch | null }, p: SearchParams): Promise<SearchResult> {
  let fromEngine: SearchResult | null = null;
  if (deps.meili) {
    try {
      fromEngine = await searchMeili(deps.meili, p);
    } catch (error) {
      if (!(error instanceof MeilisearchError)) throw error;
      logFallback(error);
    }
  }
  const result = fromEngine && deps.meili ? await withPendingChanges(deps.db, deps.meili, p, await freshen(deps.db, fromEngine)) : await searchPostgres(deps.db, p);
  if (result.total === 0 && p.q) result.suggestion = await suggestTitle(deps.db, p.q);
  return result;
}
