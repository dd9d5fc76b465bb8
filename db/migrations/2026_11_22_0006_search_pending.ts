import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Products changed in PostgreSQL whose search document Meilisearch has not applied yet. Written in
// the same transaction as the change, removed by the worker once the index confirms; search adds
// matching rows from here to its first page, so a new listing or a rename is found at once.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("search_pending")
    .addColumn("product_id", "bigint", (c) => c.primaryKey().references("products.id").onDelete("cascade"))
    .addColumn("changed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_pending").ifExists().execute();
}
