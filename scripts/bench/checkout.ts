import path from "node:path";
import { rmSync } from "node:fs";
import { createUser, type PublicUser } from "../../app/accounts/accounts.server";
import { addToCart, openCart } from "../../app/orders/cart.server";
import { checkoutSchema, OutOfStockError, placeCheckout } from "../../app/orders/checkout.server";
import { createPaymentRegistry } from "../../app/payments/registry.server";
import { createDb, type Db } from "../../db";
import { migrateJobQueue, migrateToLatest } from "../../db/migrate";
import { startEmbeddedPostgres } from "../lib/embedded";
import { percentile } from "./web";

/**
 * Checkout on its own embedded PostgreSQL, configured as `npm start` runs it (fsync on): how many
 * orders per second the order path sustains with many buyers at once, and the oversell check with
 * hundreds of buyers racing for the last units.
 */
const options = { payments: createPaymentRegistry({ bankWebhookSecret: null, momo: null }), paymentMinutes: 1440 };

export async function seedSeller(db: Db, phone: string, products: number, stock: number) {
  const owner = await createUser(db, { fullName: "Nhà vườn bench", phone, password: "bench-password", email: null });
  const shop = await db
    .insertInto("shops")
    .values({ owner_id: owner.id, slug: `bench-${phone}`, name: `Vườn ${phone}`, province_code: "75", ward_code: "25195", phone, bank_bin: "970405", bank_account_number: "6100205123456", bank_account_holder: "BENCH" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const rows = await db
    .insertInto("products")
    .values(
      Array.from({ length: products }, (_, i) => ({
        slug: `bench-${shop.id}-${i}`,
        producer_shop_id: shop.id,
        created_by: owner.id,
        title: `Sản phẩm bench ${i}`,
        category: "trai-cay",
        unit: "kg",
        price_vnd: 50_000 + i * 1000,
        stock,
        weight_grams: 1000,
        origin_province_code: "75",
        origin_ward_code: "25195",
        status: "active" as const,
        published_at: new Date(),
      })),
    )
    .returning("id")
    .execute();
  return { shopKey: `shop-${shop.id}`, productIds: rows.map((r) => r.id) };
}

export async function makeBuyers(db: Db, n: number, offset: number): Promise<PublicUser[]> {
  // Inserted directly: hashing 1,000 passwords with argon2 would measure argon2, not checkout.
  const rows = await db
    .insertInto("users")
    .values(Array.from({ length: n }, (_, i) => ({ phone: `097${String(offset + i).padStart(7, "0")}`, password_hash: "x", full_name: `Khách ${offset + i}` })))
    .returning(["id", "phone", "full_name", "email", "locale", "is_admin"])
    .execute();
  return rows;
}

/** A checkout of one seller's cart, paid by `method` (any registered provider id). */
export function input(key: string, i: number, method: string) {
  return checkoutSchema.parse({
    recipientName: "Khách bench",
    recipientPhone: "0903000001",
    provinceCode: "01",
    wardCode: "00004",
    street: "1 Tràng Tiền",
    idempotencyKey: `bench-key-${i}-${Date.now()}`,
    delivery: { [key]: "self" },
    payment: { [key]: method },
  });
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function pool<T>(tasks: Array<() => Promise<T>>, concurrency: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const i = next++;
        try {
          results[i] = { status: "fulfilled", value: await tasks[i]!() };
        } catch (reason) {
          results[i] = { status: "rejected", reason };
        }
      }
    }),
  );
  return results;
}

export async function checkoutBench(root: string): Promise<boolean> {
  const dataDir = path.join(root, ".data", "bench-checkout");
  rmSync(dataDir, { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir, database: "vuonnha_checkout" });
  // The app's own pool size: what one server process has.
  const db = createDb(pg.url, { max: Number(process.env.BENCH_POOL ?? 10) });
  let ok = true;
  try {
    await migrateToLatest(db);
    await migrateJobQueue(pg.url);
    const orders = Number(process.env.BENCH_ORDERS ?? 2000);
    const concurrency = Number(process.env.BENCH_BUYERS ?? 50);
    const { shopKey, productIds } = await seedSeller(db, "0909999999", 200, 1_000_000);
    const buyers = await makeBuyers(db, orders, 0);
    const carts: string[] = [];
    for (const [i, buyer] of buyers.entries()) {
      const { cartId } = await openCart(db, buyer, null);
      // Two lines per order, from a catalogue of 200 products, so orders contend like real ones.
      await addToCart(db, cartId, productIds[i % productIds.length]!, 1 + (i % 3));
      await addToCart(db, cartId, productIds[(i * 7 + 3) % productIds.length]!, 1);
      carts.push(cartId);
    }
    const times: number[] = [];
    const started = performance.now();
    const results = await pool(
      buyers.map((buyer, i) => async () => {
        const t0 = performance.now();
        const placed = await placeCheckout(db, buyer, carts[i]!, input(shopKey, i, i % 2 ? "cod" : "vietqr"), options);
        times.push(performance.now() - t0);
        return placed;
      }),
      concurrency,
    );
    const seconds = (performance.now() - started) / 1000;
    const failed = results.filter((r) => r.status === "rejected");
    console.log(`\n## Checkout: ${orders.toLocaleString("en")} orders (2 lines each, 200 products, half VietQR and half cash), ${concurrency} buyers at once, PostgreSQL with fsync on, pool of ${process.env.BENCH_POOL ?? 10}`);
    const rate = orders / seconds;
    const fast = rate >= 200 && failed.length === 0;
    ok = ok && fast;
    console.log(
      `${rate.toFixed(0)} orders/s · p50 ${percentile(times, 50).toFixed(1)} ms · p95 ${percentile(times, 95).toFixed(1)} ms per checkout · failed ${failed.length} → ≥ 200 orders/s ${fast ? "PASS" : "FAIL"}`,
    );
    if (failed.length) {
      console.log(`first failure: ${String((failed[0] as PromiseRejectedResult).reason)}`);
    }

    const racers = Number(process.env.BENCH_RACERS ?? 500);
    const last = await seedSeller(db, "0908888888", 1, 10);
    const raceBuyers = await makeBuyers(db, racers, orders);
    const raceCarts: string[] = [];
    for (const buyer of raceBuyers) {
      const { cartId } = await openCart(db, buyer, null);
      await addToCart(db, cartId, last.productIds[0]!, 1);
      raceCarts.push(cartId);
    }
    const raceStarted = performance.now();
    const race = await Promise.allSettled(raceBuyers.map((buyer, i) => placeCheckout(db, buyer, raceCarts[i]!, input(last.shopKey, orders + i, "vietqr"), options)));
    const raceMs = performance.now() - raceStarted;
    const won = race.filter((r) => r.status === "fulfilled").length;
    const told = race.filter((r) => r.status === "rejected" && r.reason instanceof OutOfStockError).length;
    const other = race.length - won - told;
    const stock = await db.selectFrom("products").select("stock").where("id", "=", last.productIds[0]!).executeTakeFirstOrThrow();
    const sold = await db.selectFrom("order_items").select((eb) => eb.fn.sum<string>("quantity").as("n")).where("product_id", "=", last.productIds[0]!).executeTakeFirst();
    const pass = won === 10 && Number(sold?.n) === 10 && stock.stock === 0 && other === 0;
    ok = ok && pass;
    console.log(`\n## Oversell check: ${racers} buyers at once for the last 10 units`);
    console.log(`orders placed ${won} · units sold ${sold?.n} · stock left ${stock.stock} · told "sold out" ${told} · other errors ${other} · ${raceMs.toFixed(0)} ms → exactly 10 sold ${pass ? "PASS" : "FAIL"}`);
  } finally {
    await db.destroy();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return ok;
}
