import type { Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Some providers name an attempt themselves when it is created (Stripe's Checkout Session id):
// status queries need that name, so it is kept beside the id we gave (provider_ref).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("payments").addColumn("provider_session", "text").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("payments").dropColumn("provider_session").execute();
}
