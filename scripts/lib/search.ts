import type { Meilisearch } from "meilisearch";
import type { Db } from "../../db";
import { ensureProductIndex, PRODUCTS_INDEX, reindexProducts } from "../../app/search/engine.server";

/**
 * Applies the index settings, and fills an empty index from PostgreSQL (a fresh search server,
 * or data from before search existed). Ongoing changes arrive through the job queue.
 */
export async function prepareSearch(db: Db, meili: Meilisearch, log: (line: string) => void): Promise<void> {
  await ensureProductIndex(meili);
  const stats = await meili.index(PRODUCTS_INDEX).getStats();
  if (stats.numberOfDocuments > 0) return;
  const live = await db
    .selectFrom("products")
    .select("id")
    .where("status", "in", ["active", "sold_out"])
    .limit(1)
    .executeTakeFirst();
  if (!live) return;
  log("Search index is empty: building it from the database…");
  const count = await reindexProducts(db, meili);
  log(`Search index built (${count} products).`);
}
