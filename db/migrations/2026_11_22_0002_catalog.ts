import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("media")
    .addColumn("id", "text", (c) => c.primaryKey()) // random key, also the storage prefix
    .addColumn("owner_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("placeholder", "text", (c) => c.notNull())
    .addColumn("variants", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("media_owner_idx").on("media").columns(["owner_id", "created_at"]).execute();

  await db.schema
    .createTable("products")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("producer_shop_id", "bigint", (c) => c.notNull().references("shops.id").onDelete("restrict"))
    // When set, the cooperative sells on behalf of its member, the producer.
    .addColumn("cooperative_id", "bigint", (c) => c.references("cooperatives.id").onDelete("restrict"))
    .addColumn("created_by", "bigint", (c) => c.notNull().references("users.id").onDelete("restrict"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("price_vnd", "bigint", (c) => c.notNull().check(sql`price_vnd between 1000 and 1000000000`))
    .addColumn("stock", "integer", (c) => c.notNull().check(sql`stock >= 0`))
    .addColumn("weight_grams", "integer", (c) => c.notNull().check(sql`weight_grams between 1 and 100000`))
    .addColumn("harvest_date", "date")
    .addColumn("origin_province_code", "text", (c) => c.notNull())
    .addColumn("origin_ward_code", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft', 'active', 'paused', 'sold_out', 'archived')`),
    )
    .addColumn("published_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("products_producer_idx").on("products").column("producer_shop_id").execute();
  await db.schema.createIndex("products_cooperative_idx").on("products").column("cooperative_id").execute();
  await db.schema.createIndex("products_status_category_idx").on("products").columns(["status", "category"]).execute();

  await db.schema
    .createTable("product_photos")
    .addColumn("product_id", "bigint", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("media_id", "text", (c) => c.notNull().references("media.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull()) // 0 is the cover
    .addPrimaryKeyConstraint("product_photos_pk", ["product_id", "media_id"])
    .execute();
  await db.schema.createIndex("product_photos_order_idx").on("product_photos").columns(["product_id", "position"]).execute();

  await db.schema
    .createTable("product_claims")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("product_id", "bigint", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('ocop', 'vietgap', 'organic')`))
    .addColumn("ocop_stars", "smallint", (c) => c.check(sql`ocop_stars between 3 and 5`))
    .addColumn("certificate_number", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'verified', 'rejected')`))
    .addColumn("reject_reason", "text")
    .addColumn("reviewed_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reviewed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("product_claims_one_per_kind", ["product_id", "kind"])
    .addCheckConstraint("product_claims_ocop_has_stars", sql`kind <> 'ocop' or ocop_stars is not null`)
    .execute();
  await sql`create index product_claims_pending_idx on product_claims (created_at) where status = 'pending'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["product_claims", "product_photos", "products", "media"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
