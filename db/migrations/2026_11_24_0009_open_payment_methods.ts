import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Payment methods come from the app's provider registry (issue 12), so the database no longer
// lists them: it keeps only their shape, a short lowercase id.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table orders drop constraint orders_payment_method_check`.execute(db);
  await sql`alter table orders add constraint orders_payment_method_check check (payment_method ~ '^[a-z][a-z0-9_]{1,39}$')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table orders drop constraint orders_payment_method_check`.execute(db);
  await sql`alter table orders add constraint orders_payment_method_check check (payment_method in ('vietqr', 'cod'))`.execute(db);
}
