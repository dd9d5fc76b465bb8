import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// One row per attempt to pay an order through a provider that takes the money itself (MoMo and the
// other gateways, issue 12): an order can have a failed wallet attempt and a paid one after it.
// The attempt has a state of its own; provider_ref is the id we gave the provider for it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("payments")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("order_id", "bigint", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("provider", "text", (c) => c.notNull().check(sql`provider ~ '^[a-z][a-z0-9_]{1,39}$'`))
    .addColumn("provider_ref", "text", (c) => c.notNull())
    .addColumn("amount_vnd", "bigint", (c) => c.notNull().check(sql`amount_vnd > 0`))
    .addColumn("state", "text", (c) => c.notNull().defaultTo("pending").check(sql`state in ('pending', 'paid', 'failed', 'expired', 'refunded')`))
    .addColumn("result_code", "text")
    .addColumn("provider_txn", "text")
    .addColumn("pay_url", "text")
    .addColumn("raw", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("payments_provider_ref", ["provider", "provider_ref"])
    .execute();
  await db.schema.createIndex("payments_order_idx").on("payments").columns(["order_id", "id"]).execute();
  // At most one attempt waiting at a time per order: a double tap on "pay" reuses it.
  await sql`create unique index payments_one_pending on payments (order_id) where state = 'pending'`.execute(db);
  // Money that came after its order closed and that the provider could not give back by itself.
  await sql`alter table payment_flags drop constraint payment_flags_kind_check`.execute(db);
  await sql`alter table payment_flags add constraint payment_flags_kind_check check (kind in ('wrong_account', 'wrong_amount', 'not_awaiting', 'refund_manual'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from payment_flags where kind = 'refund_manual'`.execute(db);
  await sql`alter table payment_flags drop constraint payment_flags_kind_check`.execute(db);
  await sql`alter table payment_flags add constraint payment_flags_kind_check check (kind in ('wrong_account', 'wrong_amount', 'not_awaiting'))`.execute(db);
  await db.schema.dropTable("payments").ifExists().execute();
}
