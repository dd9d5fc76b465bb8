import { sql } from "kysely";
import type { Meilisearch } from "meilisearch";
import type { Db, DbOrTx } from "../../db";
import { enqueueJob, enqueueJobs, enqueueJobsWith, type JobSpec } from "~/jobs/queue.server";
import { buildProductDocuments } from "./documents.server";
import { SYNONYM_GROUPS } from "./synonyms";

export const PRODUCTS_INDEX = "products";

/** Index settings, written by code so every environment searches the same way. */
const PRODUCT_INDEX_SETTINGS = {
  // The product's own words before the seller's and the place's: a shop called "Mật Ong Bắc Hà"
  // must not put its plums above honey.
  searchableAttributes: ["name", "title", "category_name", "description", "producer_name", "cooperative_name", "ward_name", "province_name"],
  // id: search checks which pending products the index already matches (search.server withPendingChanges).
  filterableAttributes: ["id", "category", "province_code", "ocop_stars", "certifications", "price_vnd", "in_stock"],
  sortableAttributes: ["price_vnd", "published_at"],
  displayedAttributes: ["*"],
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "in_stock:desc", "published_at:desc"],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 5000 },
  synonyms: synonymMap(),
};

/** Every word of a group points at all the others. */
function synonymMap(): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    for (const word of group) map[word] = [...new Set([...(map[word] ?? []), ...group.filter((w) => w !== word)])];
  }
  return map;
}

/** Creates the index if needed and applies the settings; waits so searches see them. */
export async function ensureProductIndex(meili: Meilisearch, uid = PRODUCTS_INDEX): Promise<void> {
  const created = await meili.createIndex(uid, { primaryKey: "id" }).waitTask({ timeout: 30_000 }).catch(() => null);
  void created;
  await meili.index(uid).updateSettings(PRODUCT_INDEX_SETTINGS).waitTask({ timeout: 60_000 });
}

// Messages to people (a reset code, a new order) go before index updates when the queue is busy.
const SEARCH_JOB_PRIORITY = 5;

/** Ask the worker to bring one product's search document up to date (same transaction as the change). */
export async function enqueueProductSync(db: DbOrTx, productId: string): Promise<void> {
  await enqueueProductSyncWith(db, [productId], []);
}

/** The job that brings one product's search document up to date: one per product, a newer one replaces it. */
function productSyncJob(productId: string): JobSpec {
  return { task: "search_sync_product", payload: { productId }, options: { jobKey: `search:product:${productId}`, maxAttempts: 50, priority: SEARCH_JOB_PRIORITY } };
}

/**
 * For a transaction that changes several products and has jobs of its own: marks the products
 * pending and enqueues their sync jobs with the others, all in one statement.
 */
export async function enqueueProductSyncWith(db: DbOrTx, productIds: string[], otherJobs: JobSpec[]): Promise<void> {
  const ids = [...new Set(productIds)];
  if (!ids.length) return enqueueJobs(db, otherJobs);
  await enqueueJobsWith(db, [...otherJobs, ...ids.map(productSyncJob)], [sql`pending as (${pendingUpsert(ids)})`]);
}

/** A rename of a farm or co-op touches every product it appears on. */
export async function enqueueSellerSync(db: DbOrTx, kind: "shop" | "cooperative", id: string): Promise<void> {
  await markPending(db, await productIdsOfSeller(db, kind, id));
  await enqueueJob(db, "search_sync_seller", { kind, id }, { jobKey: `search:${kind}:${id}`, maxAttempts: 50, priority: SEARCH_JOB_PRIORITY });
}

/** Remembers that these products' search documents are behind PostgreSQL (see searchProducts). */
const pendingUpsert = (productIds: string[]) => sql`insert into search_pending (product_id) select unnest(${productIds}::bigint[])
  on conflict (product_id) do update set changed_at = clock_timestamp()`;

async function markPending(db: DbOrTx, productIds: string[]): Promise<void> {
  if (productIds.length) await pendingUpsert(productIds).execute(db);
}

/** Worker side: index the product if it is live, remove it otherwise. Throws (and is retried) while Meilisearch is down. */
export async function syncProducts(db: DbOrTx, meili: Meilisearch, productIds: string[]): Promise<void> {
  // A change made after this read stays pending: its own job brings the document up to date.
  const readAt = (await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db)).rows[0]!.now;
  const docs = await buildProductDocuments(db, productIds);
  const live = new Set(docs.map((d) => String(d.id)));
  const gone = productIds.filter((id) => !live.has(id)).map(Number);
  const index = meili.index(PRODUCTS_INDEX);
  if (docs.length) await index.addDocuments(docs).waitTask({ timeout: 30_000 });
  if (gone.length) await index.deleteDocuments(gone).waitTask({ timeout: 30_000 });
  if (productIds.length) await db.deleteFrom("search_pending").where("product_id", "in", productIds).where("changed_at", "<=", readAt).execute();
}

export async function productIdsOfSeller(db: DbOrTx, kind: "shop" | "cooperative", id: string): Promise<string[]> {
  const rows = await db
    .selectFrom("products")
    .select("id")
    .where(kind === "shop" ? "producer_shop_id" : "cooperative_id", "=", id)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Rebuilds the index from PostgreSQL into a fresh index, then swaps it in atomically: search
 * keeps answering from the old index the whole time.
 */
export async function reindexProducts(db: Db, meili: Meilisearch, log: (line: string) => void = () => {}): Promise<number> {
  const startedAt = (await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db)).rows[0]!.now;
  const fresh = `${PRODUCTS_INDEX}_${Date.now()}`;
  await ensureProductIndex(meili, fresh);
  let afterId = "0";
  let total = 0;
  for (;;) {
    const batch = await buildProductDocuments(db, undefined, afterId, 2000);
    if (!batch.length) break;
    await meili.index(fresh).addDocuments(batch).waitTask({ timeout: 300_000 });
    total += batch.length;
    afterId = String(batch[batch.length - 1]!.id);
    log(`  indexed ${total}`);
  }
  const exists = await meili.getIndex(PRODUCTS_INDEX).then(() => true).catch(() => false);
  if (!exists) await ensureProductIndex(meili, PRODUCTS_INDEX);
  await meili.swapIndexes([{ indexes: [PRODUCTS_INDEX, fresh], rename: false }]).waitTask({ timeout: 60_000 });
  await meili.deleteIndex(fresh).waitTask({ timeout: 60_000 });
  // Measured: the first write to a freshly swapped index takes ~2 s inside Meilisearch. Pay it
  // here by rewriting one document, so the next real change still shows within the 2 s bar.
  const [first] = await buildProductDocuments(db, undefined, "0", 1);
  if (first) await meili.index(PRODUCTS_INDEX).addDocuments([first]).waitTask({ timeout: 60_000 });
  // Everything changed before the rebuild began is in the new index.
  await db.deleteFrom("search_pending").where("changed_at", "<=", startedAt).execute();
  return total;
}
