import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  // A buyer's saved products and followed farms (issue 10 #13): one row each, removed when unsaved.
  await db.schema
    .createTable("favourites")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("product_id", "bigint", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("favourites_pkey", ["user_id", "product_id"])
    .execute();
  await db.schema
    .createTable("shop_follows")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("shop_id", "bigint", (c) => c.notNull().references("shops.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("shop_follows_pkey", ["user_id", "shop_id"])
    .execute();
  await db.schema.createIndex("shop_follows_shop_idx").on("shop_follows").column("shop_id").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("shop_follows").execute();
  await db.schema.dropTable("favourites").execute();
}
