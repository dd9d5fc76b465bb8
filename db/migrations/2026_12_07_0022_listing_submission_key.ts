import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// A new listing form carries a key of its own (issue 14): when the answer to "Đăng bán" is lost
// on 3G and the farmer sends it again, or a kept draft is sent once the connection is back, the
// second arrival finds the first listing instead of making another.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("products").addColumn("submission_key", "text", (c) => c.check(sql`length(submission_key) between 16 and 64`)).execute();
  await sql`create unique index products_submission_key_idx on products (created_by, submission_key) where submission_key is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("products").dropColumn("submission_key").execute();
}
