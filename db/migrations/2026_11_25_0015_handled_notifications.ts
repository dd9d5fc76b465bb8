import type { Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Money that matched no order or attempt stays on the admin's reconciliation page until someone
// says what was done with it (sent back, matched by hand): who, when, and what they wrote.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("payment_notifications")
    .addColumn("handled_at", "timestamptz")
    .addColumn("handled_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("handled_note", "text")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("payment_notifications").dropColumn("handled_note").dropColumn("handled_by").dropColumn("handled_at").execute();
}
