import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Province trade floors (issue 15). Each order keeps the province of the stall that sold it (a
// farm or co-op may move later; its past sales stay where they were made) and the moment it was
// delivered, so a province's figures are index range scans over orders, not joins through every
// shop. A province officer sees one province's sales, granted by an admin and accepted by the
// officer before it means anything.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table orders add column seller_province_code text`.execute(db);
  await sql`alter table orders add column delivered_at timestamptz`.execute(db);
  await sql`
    update orders o set seller_province_code = coalesce(
      (select s.province_code from shops s where s.id = o.seller_shop_id),
      (select c.province_code from cooperatives c where c.id = o.seller_cooperative_id))`.execute(db);
  await sql`
    update orders o set delivered_at = (
      select min(e.created_at) from order_events e where e.order_id = o.id and e.to_status in ('delivered', 'completed'))
    where o.status in ('delivered', 'completed')`.execute(db);
  await sql`alter table orders alter column seller_province_code set not null`.execute(db);
  // A province's period is one index range; what its totals and the admin's comparison add up is in the index too.
  await sql`create index orders_province_created_idx on orders (seller_province_code, created_at) include (id, status, buyer_id, items_total_vnd, delivered_at)`.execute(db);
  await sql`create index orders_province_delivered_idx on orders (seller_province_code, delivered_at) where delivered_at is not null`.execute(db);
  // Repeat buyers of a province: one index probe per buyer.
  await sql`create index orders_province_buyer_idx on orders (seller_province_code, buyer_id, created_at)`.execute(db);
  // The trade floor counts a province's verified OCOP goods by stars.
  await sql`create index product_claims_verified_ocop_idx on product_claims (product_id, ocop_stars) where kind = 'ocop' and status = 'verified'`.execute(db);
  await sql`create index shops_province_idx on shops (province_code)`.execute(db);
  // Each line keeps what it was when sold, as it keeps its title and price: the product's category
  // and the ward it was grown in. The province's breakdowns then read the lines alone, from the index.
  await sql`alter table order_items add column category text, add column origin_ward_code text`.execute(db);
  await sql`update order_items i set category = p.category, origin_ward_code = p.origin_ward_code from products p where p.id = i.product_id`.execute(db);
  await sql`alter table order_items alter column category set not null, alter column origin_ward_code set not null`.execute(db);
  await sql`create index order_items_order_lines_idx on order_items (order_id) include (product_id, quantity, shipped_quantity, unit_price_vnd, category, origin_ward_code)`.execute(db);
  // A province's live products by id, for its OCOP count joined to the claims.
  await sql`create index products_live_province_id_idx on products (origin_province_code, id) where status in ('active', 'sold_out')`.execute(db);
  // A stall's count of what it has on sale, without reading the products.
  await sql`create index products_live_producer_idx on products (producer_shop_id) where status in ('active', 'sold_out')`.execute(db);

  await db.schema
    .createTable("province_officers")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("province_code", "text", (c) => c.notNull())
    .addColumn("granted_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // The officer's own yes: until then the grant shows no figures.
    .addColumn("accepted_at", "timestamptz")
    // Declined by the officer or withdrawn by an admin.
    .addColumn("ended_at", "timestamptz")
    .addColumn("ended_by", "bigint", (c) => c.references("users.id"))
    .execute();
  // One province per officer at a time.
  await sql`create unique index province_officers_one_open on province_officers (user_id) where ended_at is null`.execute(db);
  await sql`create index province_officers_province_idx on province_officers (province_code) where ended_at is null`.execute(db);
}
