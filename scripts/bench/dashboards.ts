import { sql } from "kysely";
import type { Db } from "../../db";
import { vietnamDay } from "../../app/lib/dates";
import { floorFigures, floorOcopGoods, floorStalls } from "../../app/provinces/floor.server";
import { provinceSalesQueries, provincesComparedQueries } from "../../app/provinces/sales.server";
import { percentile } from "./web";

/**
 * The trade floors' and officers' queries (issue 15) at 100,000 products and 1,000,000 orders:
 * orders over the last year from 100,000 buyers (some come back), most delivered by one of the
 * couriers, some called off. Generated once in SQL and kept in the bench database.
 */
async function generateOrders(db: Db, count: number, log: (s: string) => void) {
  const existing = Number((await db.selectFrom("orders").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  if (existing >= count) return;
  log(`generating ${count.toLocaleString("en")} orders…`);
  const buyers = 100_000;
  await sql`insert into users (phone, password_hash, full_name)
    select '07' || lpad(g::text, 8, '0'), 'bench-no-sign-in', 'Người mua ' || g from generate_series(1, ${buyers}::int) g
    on conflict do nothing`.execute(db);
  const batch = 100_000;
  for (let start = existing + 1; start <= count; start += batch) {
    const end = Math.min(count, start + batch - 1);
    // One checkout per order; the buyer drawn so that a third of buyers order often.
    await sql`
      with g as (
        select g, case when g % 3 = 0 then 1 + (g * 7) % 5000 else 1 + (g * 7919) % ${buyers}::int end as buyer_no,
          1 + (g * 104729) % (select max(id) from products) as product_id,
          now() - ((g * 37) % 525600) * interval '1 minute' as placed_at
        from generate_series(${start}::bigint, ${end}::bigint) g
      ),
      picked as (
        select g.*, b.id as buyer_id, p.id as pid, p.producer_shop_id, p.price_vnd, p.title, p.unit, p.weight_grams, p.category, p.origin_ward_code, s.province_code as seller_province,
          case when g.g % 10 < 7 then 'completed' when g.g % 10 = 7 then 'shipped' when g.g % 10 = 8 then 'confirmed' else 'cancelled' end as status,
          (array['vnpost', 'viettelpost', 'ghn', 'ghtk', 'self'])[1 + g.g % 5] as courier
        from g
        join users b on b.phone = '07' || lpad(g.buyer_no::text, 8, '0')
        join products p on p.id = g.product_id
        join shops s on s.id = p.producer_shop_id
      ),
      made_checkouts as (
        insert into checkouts (buyer_id, idempotency_key, created_at)
        select buyer_id, 'bench-' || g, placed_at from picked returning id, buyer_id, idempotency_key
      ),
      placed as (
        insert into orders (code, checkout_id, buyer_id, seller_shop_id, status, payment_method, delivery_method, items_total_vnd, delivery_fee_vnd, total_vnd,
          recipient_name, recipient_phone, province_code, ward_code, street, seller_province_code, created_at, updated_at, paid_at, delivered_at)
        select 'VB' || lpad(p.g::text, 8, '0'), c.id, p.buyer_id, p.producer_shop_id, p.status, 'cod', p.courier,
          p.price_vnd * (1 + p.g % 3), 30000, p.price_vnd * (1 + p.g % 3) + 30000,
          'Người mua', '0700000000', '01', '00004', 'Phố thử tải', p.seller_province, p.placed_at, p.placed_at,
          case when p.status = 'completed' then p.placed_at + interval '3 days' end,
          case when p.status = 'completed' then p.placed_at + (1 + p.g % 5) * interval '1 day' + (p.g % 24) * interval '1 hour' end
        from picked p join made_checkouts c on c.idempotency_key = 'bench-' || p.g and c.buyer_id = p.buyer_id
        returning id, code, status, created_at, delivered_at, delivery_method
      ),
      lines as (
        insert into order_items (order_id, product_id, producer_shop_id, title, unit, unit_price_vnd, quantity, weight_grams, category, origin_ward_code)
        select o.id, p.pid, p.producer_shop_id, p.title, p.unit, p.price_vnd, 1 + p.g % 3, p.weight_grams, p.category, p.origin_ward_code
        from placed o join picked p on o.code = 'VB' || lpad(p.g::text, 8, '0')
        returning order_id
      )
      insert into shipments (order_id, courier, client_order_code, tracking_code, status, created_at, updated_at)
      select o.id, o.delivery_method, o.code, case when o.delivery_method <> 'self' then 'BT' || o.code end,
        case when o.status = 'completed' then 'delivered' else 'in_transit' end, o.created_at + interval '1 day', o.created_at + interval '1 day'
      from placed o where o.status in ('completed', 'shipped')`.execute(db);
    log(`  ${end.toLocaleString("en")}`);
  }
  // A year of orders would have been vacuumed along the way: the visibility map lets the
  // dashboards' index-only scans skip the table, as they would in production.
  await sql`vacuum analyze orders`.execute(db);
  await sql`vacuum analyze order_items`.execute(db);
  await sql`vacuum analyze shipments`.execute(db);
  await sql`vacuum analyze products`.execute(db);
}

async function timeQuery(run: () => Promise<unknown>, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

/** p95 per dashboard query over the busiest and the quietest province; each ≤ 50 ms. Returns whether all passed. */
export async function dashboardsBench(db: Db, orders = Number(process.env.BENCH_ORDERS ?? 1_000_000)): Promise<boolean> {
  await generateOrders(db, orders, console.log);
  const provinces = await db.selectFrom("orders").select(["seller_province_code as code", (eb) => eb.fn.countAll<string>().as("n")]).groupBy("seller_province_code").orderBy("n", "desc").execute();
  const busiest = provinces[0]!.code;
  const quiet = provinces.at(-1)!.code;
  const today = vietnamDay();
  const monthAgo = vietnamDay(new Date(Date.now() - 29 * 86_400_000));
  const quarterAgo = vietnamDay(new Date(Date.now() - 89 * 86_400_000));
  const month = { from: monthAgo, to: today };
  const quarter = { from: quarterAgo, to: today };
  console.log(`\n## Dashboards at ${(await db.selectFrom("products").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n} products, ${provinces.reduce((n, p) => n + Number(p.n), 0).toLocaleString("en")} orders; busiest province ${busiest} (${Number(provinces[0]!.n).toLocaleString("en")} orders)`);
  // The officer's page runs its four queries at once; each is held to the bar on its own.
  const officer = (label: string, code: string, period: { from: string; to: string }): Array<[string, () => Promise<unknown>]> => {
    const q = () => provinceSalesQueries(db, code, period);
    return [
      [`officer totals, ${label}`, () => q().totals.execute()],
      [`officer breakdowns, ${label}`, () => q().breakdowns.execute()],
      [`officer returning, ${label}`, () => q().buyers.execute()],
      [`officer couriers, ${label}`, () => q().couriers.execute()],
    ];
  };
  const queries: Array<[string, () => Promise<unknown>]> = [
    ["floor figures (6 counts)", () => floorFigures(db, busiest)],
    ["floor stalls", () => floorStalls(db, busiest)],
    ["floor OCOP goods", () => floorOcopGoods(db, busiest)],
    ...officer("30 days", busiest, month),
    ...officer("90 days", busiest, quarter),
    ...officer("30 days, quiet", quiet, month),
    ...Object.entries(provincesComparedQueries(db, month)).map(([name, query]): [string, () => Promise<unknown>] => [`admin comparison: ${name}`, () => query.execute()]),
  ];
  if (process.env.BENCH_EXPLAIN) {
    for (const [name, query] of Object.entries(provinceSalesQueries(db, busiest, quarter))) {
      const plan = await query.explain("text", sql`analyze, buffers`);
      console.log(`\n### ${name}\n${plan.map((r) => Object.values(r)[0]).join("\n")}`);
    }
  }
  let ok = true;
  for (const [name, run] of queries) {
    await timeQuery(run, 3); // warm the cache, as a dashboard opened twice would be
    const times = await timeQuery(run, 30);
    const p95 = percentile(times, 95);
    const pass = p95 <= 50;
    ok = ok && pass;
    console.log(`${name.padEnd(34)} p50 ${percentile(times, 50).toFixed(1)} ms · p95 ${p95.toFixed(1)} ms → ≤ 50 ms ${pass ? "PASS" : "FAIL"}`);
  }
  return ok;
}
