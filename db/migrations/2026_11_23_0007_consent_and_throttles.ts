import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  // A co-op manager asks; the farmer answers. Membership starts only with the farmer's yes.
  await db.schema
    .createTable("cooperative_invitations")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("cooperative_id", "bigint", (c) => c.notNull().references("cooperatives.id").onDelete("cascade"))
    .addColumn("shop_id", "bigint", (c) => c.notNull().references("shops.id").onDelete("cascade"))
    .addColumn("invited_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("answer", "text", (c) => c.check(sql`answer in ('accepted', 'declined', 'withdrawn')`))
    .addColumn("answered_at", "timestamptz")
    .execute();
  await sql`create unique index cooperative_invitations_one_open on cooperative_invitations (cooperative_id, shop_id) where answer is null`.execute(db);
  await db.schema.createIndex("cooperative_invitations_shop_idx").on("cooperative_invitations").column("shop_id").execute();

  // Every payment anomaly an order ever had (the order's payment_flag keeps only the latest kind).
  // Stored as a kind and its figures, so each reader gets it in their own language.
  await db.schema
    .createTable("payment_flags")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("order_id", "bigint", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('wrong_account', 'wrong_amount', 'not_awaiting')`))
    .addColumn("amount_vnd", "bigint", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("payment_flags_order_idx").on("payment_flags").columns(["order_id", "id"]).execute();

  // Attempts at throttled actions (password-reset requests and code checks), per phone and per client.
  await db.schema
    .createTable("throttle_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("throttle_events_lookup_idx").on("throttle_events").columns(["action", "key", "created_at"]).execute();

  // Running job-worker pools and when each last said it was alive: jobs locked by a pool that
  // stopped saying so (killed, its machine gone) are released instead of waiting out the 4-hour lock.
  await db.schema
    .createTable("worker_pools")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["worker_pools", "throttle_events", "payment_flags", "cooperative_invitations"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
