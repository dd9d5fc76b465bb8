import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Traceability (issue 15): a lot (lô hàng) is one harvest or production run of a product, with
// where it was grown, how much, and the certifications verified when it was recorded. Its QR
// stamps carry the lot's public code, a serial and a signature; each stamp's scans are counted,
// so a stamp copied onto many packages shows. An order item may name the lot it ships from.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("lots")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("product_id", "bigint", (c) => c.notNull().references("products.id").onDelete("cascade"))
    // Public, short and unguessable enough to print: 8 characters of Crockford base32.
    .addColumn("code", "text", (c) => c.notNull().unique().check(sql`code ~ '^[0-9A-HJKMNP-TV-Z]{8}$'`))
    .addColumn("harvested_on", "date", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity between 1 and 1000000`))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("province_code", "text", (c) => c.notNull())
    .addColumn("ward_code", "text", (c) => c.notNull())
    // The product's verified claims when the lot was recorded: [{kind, stars, certificate}].
    .addColumn("certifications", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("notes", "text", (c) => c.notNull().defaultTo("").check(sql`length(notes) <= 2000`))
    // Stamps printed so far: serials 1..stamps_printed are genuine.
    .addColumn("stamps_printed", "integer", (c) => c.notNull().defaultTo(0).check(sql`stamps_printed between 0 and 100000`))
    .addColumn("created_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index lots_product_idx on lots (product_id, harvested_on desc)`.execute(db);

  await db.schema
    .createTable("stamp_scans")
    .addColumn("lot_id", "bigint", (c) => c.notNull().references("lots.id").onDelete("cascade"))
    .addColumn("serial", "integer", (c) => c.notNull().check(sql`serial >= 1`))
    .addColumn("scans", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_scanned_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_scanned_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("stamp_scans_pkey", ["lot_id", "serial"])
    .execute();

  await db.schema.alterTable("order_items").addColumn("lot_id", "bigint", (c) => c.references("lots.id").onDelete("set null")).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("order_items").dropColumn("lot_id").execute();
  await db.schema.dropTable("stamp_scans").execute();
  await db.schema.dropTable("lots").execute();
}
