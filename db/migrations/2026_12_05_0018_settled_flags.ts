import type { Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Money a seller holds that is the buyer's (an overpaid transfer, a transfer after the order
// stopped waiting, goods paid by transfer but not sent) is sent back by hand: the seller says so
// on the flag, which keeps who said it and when, and stops asking.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("payment_flags")
    .addColumn("settled_at", "timestamptz")
    .addColumn("settled_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("payment_flags").dropColumn("settled_by").dropColumn("settled_at").execute();
}
