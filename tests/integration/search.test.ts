import { rmSync } from "node:fs";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getUserByPhone } from "~/accounts/accounts.server";
import { adjustStock, changeListingStatus, createListing, updateListing } from "~/catalog/listings.server";
import { startWorker, type RunningWorker } from "~/jobs/worker.server";
import { savePhoto } from "~/media/media.server";
import { createOutboxNotifier } from "~/notify/notifier.server";
import { ensureProductIndex, PRODUCTS_INDEX, reindexProducts } from "~/search/engine.server";
import { parseSearchParams } from "~/search/params";
import { searchProducts } from "~/search/search.server";
import { updateShop } from "~/shops/shops.server";
import { seedDemoIfEmpty } from "../../db/seed";
import { seedCatalogIfEmpty } from "../../db/seed/catalog";
import { startEmbeddedMeilisearch } from "../../scripts/lib/embedded";
import { listingInput, samplePhoto } from "../support/catalog";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, shopInput } from "../support/fixtures";
import { loadApp } from "../support/app";
import { RELEVANCE_QUERIES } from "./relevance-queries";
import { createMeiliClient } from "~/search/meili-client.server";

let t: TestDatabase;
let meiliServer: Awaited<ReturnType<typeof startEmbeddedMeilisearch>>;
let meili: Meilisearch;
let worker: RunningWorker;
const dataDir = path.resolve(".data", `test-meili-${process.pid}`);
const ctx = () => appContext(t.db, { meili });

const search = (q: string, extra = "") =>
  searchProducts({ db: t.db, meili }, parseSearchParams(new URL(`http://x/search?q=${encodeURIComponent(q)}${extra}`), () => true));

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what = ""): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not true within ${timeoutMs} ms`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  rmSync(dataDir, { recursive: true, force: true });
  meiliServer = await startEmbeddedMeilisearch({ dataDir });
  meili = createMeiliClient({ host: meiliServer.url, apiKey: meiliServer.masterKey });
  await ensureProductIndex(meili);
  await seedDemoIfEmpty(t.db);
  await seedCatalogIfEmpty(t.db, ctx().media);
  await reindexProducts(t.db, meili);
  await t.db.deleteFrom("graphile_worker._private_jobs" as never).execute(); // the seed's sync jobs are covered by the reindex
  worker = await startWorker({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: ctx().media, meili, payments: ctx().payments, concurrency: 2 });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await meiliServer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await t?.drop();
});

describe("relevance", () => {
  it(`finds the expected product in the top 3 for at least 95% of ${RELEVANCE_QUERIES.length} Vietnamese queries`, async () => {
    const misses: string[] = [];
    for (const [query, expected] of RELEVANCE_QUERIES) {
      const result = await search(query);
      expect(result.engine).toBe("meilisearch");
      const top = result.hits.slice(0, 3).map((h) => h.title);
      if (!top.some((title) => title.includes(expected))) misses.push(`  "${query}" → expected "${expected}", got ${JSON.stringify(top)}`);
    }
    const score = (RELEVANCE_QUERIES.length - misses.length) / RELEVANCE_QUERIES.length;
    console.log(`relevance: ${RELEVANCE_QUERIES.length - misses.length}/${RELEVANCE_QUERIES.length} = ${(score * 100).toFixed(1)}% in the top 3`);
    if (misses.length) console.log(`misses:\n${misses.join("\n")}`);
    expect(score).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  /**
   * Issue 10 #14: "ca phe" put a honey ("Mật ong hoa cà phê") first, "mat ong" showed plums from
   * the shop "Mật Ong Bắc Hà" above real honey. A hit is relevant when it is of the category the
   * query names (the expected product's). The demo catalog holds fewer than 10 of most things
   * (three honeys, one pomelo), so precision is taken at k = min(10, R), R being the relevant
   * products the search finds at all: are those the first k? With R ≥ 10 that is precision at 10.
   */
  it(`puts the category the query names first (precision at 10, or at R when fewer, ≥ 0.9 over ${RELEVANCE_QUERIES.length} queries)`, async () => {
    const products = await t.db.selectFrom("products").select(["slug", "title", "category"]).execute();
    const categoryBySlug = new Map(products.map((p) => [p.slug, p.category]));
    const precisions: number[] = [];
    const plain: number[] = [];
    const worst: string[] = [];
    for (const [query, expected] of RELEVANCE_QUERIES) {
      const counts = new Map<string, number>();
      for (const p of products.filter((p) => p.title.includes(expected))) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
      const category = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
      expect(category, `no product titled like "${expected}"`).toBeDefined();
      const hits = (await search(query)).hits;
      const isRelevant = (h: { slug: string }) => categoryBySlug.get(h.slug) === category;
      const k = Math.min(10, hits.filter(isRelevant).length);
      const precision = k ? hits.slice(0, k).filter(isRelevant).length / k : 0;
      precisions.push(precision);
      plain.push(hits.slice(0, 10).filter(isRelevant).length / 10);
      if (precision < 0.8) worst.push(`  "${query}" (${category}) ${precision.toFixed(2)}: ${hits.slice(0, k).map((h) => `${isRelevant(h) ? "" : "✗ "}${h.title}`).join(" | ")}`);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`precision at min(10, R): ${mean(precisions).toFixed(3)}; plain precision at 10: ${mean(plain).toFixed(3)} (bounded by the catalog); ${precisions.length} queries`);
    if (worst.length) console.log(`below 0.8:\n${worst.join("\n")}`);
    expect(mean(precisions)).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it("ranks the product a query names above products that mention the word or sit in a shop named like it", async () => {
    const coffee = await search("ca phe");
    expect(coffee.hits.slice(0, 3).every((h) => /^Cà phê/.test(h.title)), coffee.hits.map((h) => h.title).join(" | ")).toBe(true);
    const titles = (await search("mat ong")).hits.map((h) => h.title);
    const firstNotHoney = titles.findIndex((title) => !/mật ong/i.test(title));
    const lastHoney = titles.map((title) => /mật ong/i.test(title)).lastIndexOf(true);
    expect(lastHoney, titles.join(" | ")).toBeLessThan(firstNotHoney);
  });

  it("typed with tone marks, exact-tone matches come first (cá before cà)", async () => {
    const words = (title = "") => title.toLowerCase().split(/[^\p{L}]+/u);
    const ca = await search("cá");
    expect(words(ca.hits[0]?.title)).toContain("cá");
    const ca2 = await search("cà");
    expect(ca2.hits[0]?.title.toLowerCase()).toMatch(/cà (phê|chua)/);
    const dua = await search("dứa");
    expect(dua.hits[0]?.title).toContain("dứa");
    const dua2 = await search("dừa");
    expect(dua2.hits[0]?.title).toContain("Dừa");
  });

  it("filters and sorts with facet counts", async () => {
    const result = await search("", "&category=trai-cay&sort=price_asc&stock=1");
    expect(result.total).toBeGreaterThan(10);
    const prices = result.hits.map((h) => h.price_vnd);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(result.facets.category?.["trai-cay"]).toBe(result.total);
    // A product whose update the index already applied but whose pending mark is not yet cleared
    // (the worker deletes it after Meilisearch confirms) must not be counted twice (a CI flake found it).
    const last = await t.db.selectFrom("products").select("id").where("category", "=", "trai-cay").where("status", "=", "active").orderBy("price_vnd", "desc").executeTakeFirstOrThrow();
    await t.db.insertInto("search_pending").values({ product_id: last.id }).onConflict((oc) => oc.column("product_id").doNothing()).execute();
    const again = await search("", "&category=trai-cay&sort=price_asc&stock=1");
    await t.db.deleteFrom("search_pending").where("product_id", "=", last.id).execute();
    expect(again.total).toBe(result.total);
    const ocop = await search("", "&stars=5");
    expect(ocop.hits.every((h) => (h.ocop_stars ?? 0) >= 5)).toBe(true);
    expect(ocop.total).toBeGreaterThan(0);
  });
});

describe("sync", () => {
  // Price, stock and status come from PostgreSQL on every search, so they are current at once.
  // New listings and renames wait for Meilisearch, which takes 0.07–2.8 s per one-document task
  // on these VMs (even on an empty index with no settings); until it confirms, the products are
  // in search_pending and search finds them in PostgreSQL. So every change shows well inside 2 s,
  // and the index itself still catches up.
  it("a new listing, a price change, a shop rename, sold out and pause all show in search within 2 s; the index catches up", async () => {
    const farmer = (await getUserByPhone(t.db, "0901000006"))!;
    const photo = await savePhoto(t.db, ctx().media, farmer.id, await samplePhoto());
    const product = await createListing(t.db, farmer, listingInput({ title: "Sầu riêng Musang King Krông Pắc", priceVnd: 250000, unit: "kg", photoIds: [photo.id] }), true);
    const created = await waitUntil(async () => (await search("musang king")).hits.some((h) => h.slug === product.slug), 2000, "created");

    await updateListing(t.db, farmer, product.id, listingInput({ title: "Sầu riêng Musang King Krông Pắc", priceVnd: 230000, unit: "kg", photoIds: [photo.id] }), false);
    const priced = await waitUntil(async () => (await search("musang king")).hits.find((h) => h.slug === product.slug)?.price_vnd === 230000, 2000, "priced");

    const shop = await t.db.selectFrom("shops").selectAll().where("owner_id", "=", farmer.id).executeTakeFirstOrThrow();
    await updateShop(t.db, farmer, shop.id, { ...shopInput(), name: "Nông Trại Bơ Ê Đê", provinceCode: shop.province_code, wardCode: shop.ward_code });
    const renamed = await waitUntil(async () => (await search("nong trai bo e de")).hits.some((h) => h.slug === product.slug), 2000, "renamed");

    await adjustStock(t.db, farmer, product.id, -1000);
    const soldOut = await waitUntil(async () => (await search("musang king")).hits.find((h) => h.slug === product.slug)?.in_stock === false, 2000, "sold out");
    await adjustStock(t.db, farmer, product.id, 5);

    // Meilisearch itself has the new name once the worker is done, and nothing is left pending.
    const indexed = await waitUntil(
      async () => {
        const pending = await t.db.selectFrom("search_pending").select("product_id").where("product_id", "=", product.id).executeTakeFirst();
        const doc = await meili.index("products").getDocument(product.id).catch(() => null);
        return !pending && (doc as { producer_name?: string } | null)?.producer_name === "Nông Trại Bơ Ê Đê";
      },
      15_000,
      "indexed",
    );

    await changeListingStatus(t.db, farmer, product.id, "pause");
    const paused = await waitUntil(async () => (await search("musang king")).hits.every((h) => h.slug !== product.slug), 2000, "paused");
    console.log(`sync ms: create ${created}, price ${priced}, shop rename ${renamed}, sold out ${soldOut}, pause ${paused}; in the index itself after ${indexed}`);
  }, 40_000);
});

describe("fallback only for the engine's failures (issue 11)", () => {
  it("lets a bug in our own code surface instead of answering from PostgreSQL as if the engine were down", async () => {
    // A stand-in engine whose client throws a plain TypeError: not a Meilisearch failure.
    const buggy = { index: () => ({ search: () => Promise.reject(new TypeError("bug in our code")) }) } as unknown as Meilisearch;
    const params = parseSearchParams(new URL("http://x/search?q=chuoi"), () => true);
    await expect(searchProducts({ db: t.db, meili: buggy }, params)).rejects.toThrow("bug in our code");
    // No engine configured at all: PostgreSQL answers.
    expect((await searchProducts({ db: t.db, meili: null }, params)).engine).toBe("postgres");
  });
});

describe("Meilisearch down", () => {
  it("search answers from PostgreSQL with a notice, /healthz says degraded, and the index catches up after a restart", async () => {
    const farmer = (await getUserByPhone(t.db, "0901000012"))!;
    const photo = await savePhoto(t.db, ctx().media, farmer.id, await samplePhoto());
    await meiliServer.stop();

    const product = await createListing(t.db, farmer, listingInput({ title: "Chè Ô long Tân Cương", priceVnd: 400000, unit: "tui", photoIds: [photo.id] }), true);
    const fallback = await search("che o long");
    expect(fallback.engine).toBe("postgres");
    expect(fallback.hits.map((h) => h.slug)).toContain(product.slug);

    const app = await loadApp(ctx());
    const page = await app.get("/search?q=che+o+long");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Kết quả rút gọn");
    expect(html).toContain("Chè Ô long Tân Cương");
    const health = await app.get("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "degraded", search: { status: "degraded" } });

    meiliServer = await startEmbeddedMeilisearch({ dataDir, port: meiliServer.port });
    // The job failed while search was down; graphile-worker retries it with backoff.
    const caughtUp = await waitUntil(async () => {
      const r = await search("che o long");
      return r.engine === "meilisearch" && r.hits.some((h) => h.slug === product.slug);
    }, 40_000);
    console.log(`index caught up ${caughtUp} ms after Meilisearch came back`);
  }, 90_000);
});

describe("hostile queries", () => {
  it.each([
    ["a 10 KB query", `q=${"chuối ".repeat(1700)}`],
    ["odd Unicode", `q=${encodeURIComponent("\u202e\u0000😀 𝔠𝔥𝔲𝔬𝔦 \uFFFF ̀́̂")}`],
    ["filter injection in category", `q=chuoi&category=${encodeURIComponent('trai-cay" OR price_vnd > 0 OR category = "x')}`],
    ["filter injection in province", `q=chuoi&province=${encodeURIComponent("75 OR 1=1")}`],
    ["nonsense numbers", "q=chuoi&min=-5&max=1e99&stars=99&page=999999&sort=DROP"],
    ["repeated parameters", "q=a&q=b&cert=vietgap&cert=vietgap&cert=../../x&stock=yes"],
    ["broken percent-encoding", "q=%E0%A4%A&category=%"],
  ])("%s gives a normal page", async (_name, qs) => {
    const app = await loadApp(ctx());
    const res = await app.get(`/search?${qs}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("sản phẩm");
  });

  it("never sends an unchecked value to the engine", () => {
    const p = parseSearchParams(new URL('http://x/search?category=trai-cay"%20OR%201&province=7%27&stars=9&cert=x'), () => true);
    expect([p.category, p.province, p.stars, p.certs]).toEqual([null, null, null, []]);
  });
});

describe("reindex", () => {
  it("rebuilds into a new index and swaps it in while search keeps answering", async () => {
    let answered = 0;
    let failed = 0;
    let running = true;
    const probe = (async () => {
      while (running) {
        const r = await meili.index(PRODUCTS_INDEX).search("chuoi").catch(() => null);
        if (r && r.hits.length > 0) answered++;
        else failed++;
      }
    })();
    const count = await reindexProducts(t.db, meili);
    running = false;
    await probe;
    expect(count).toBeGreaterThanOrEqual(62);
    expect(failed).toBe(0);
    expect(answered).toBeGreaterThan(0);
    const indexes = await meili.getIndexes();
    expect(indexes.results.map((i) => i.uid)).toEqual([PRODUCTS_INDEX]);
  }, 60_000);
});
