import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// One wallet or card payment can pay every order of a checkout (a cart from several sellers is one
// trip to MoMo, not one per seller): payment_orders says which orders an attempt pays and how much
// of it is each one's. payments.order_id stays the order whose page started it. A part can be
// refunded on its own (one seller declines), so refund journals are one per payment and order.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("payment_orders")
    .addColumn("payment_id", "bigint", (c) => c.notNull().references("payments.id").onDelete("cascade"))
    .addColumn("order_id", "bigint", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("amount_vnd", "bigint", (c) => c.notNull().check(sql`amount_vnd > 0`))
    .addColumn("refunded_at", "timestamptz")
    .addPrimaryKeyConstraint("payment_orders_pk", ["payment_id", "order_id"])
    .execute();
  await db.schema.createIndex("payment_orders_order_idx").on("payment_orders").columns(["order_id", "payment_id"]).execute();
  await sql`insert into payment_orders (payment_id, order_id, amount_vnd, refunded_at)
    select id, order_id, amount_vnd, case when state = 'refunded' then updated_at end from payments`.execute(db);
  await db.schema.alterTable("ledger_journals").addColumn("order_id", "bigint", (c) => c.references("orders.id").onDelete("restrict")).execute();
  await sql`drop index ledger_journals_once`.execute(db);
  await sql`create unique index ledger_journals_once on ledger_journals (kind, coalesce(payment_id, 0), coalesce(payout_id, 0), coalesce(order_id, 0))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index ledger_journals_once`.execute(db);
  await sql`create unique index ledger_journals_once on ledger_journals (kind, coalesce(payment_id, 0), coalesce(payout_id, 0))`.execute(db);
  await db.schema.alterTable("ledger_journals").dropColumn("order_id").execute();
  await db.schema.dropTable("payment_orders").execute();
}
