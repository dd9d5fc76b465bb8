import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// A seller may ship part of an order (one of two bunches was not ripe): each line keeps what was
// really sent; the part not sent goes back to the buyer. Through a wallet or card, that is a
// refund of part of the order's payment (payment_orders.refunded_vnd, a 'part_refund' journal);
// paid by transfer to the seller, or cash, it is a 'short_shipped' flag both sides see.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("order_items")
    .addColumn("shipped_quantity", "integer", (c) => c.check(sql`shipped_quantity >= 0`))
    .execute();
  await sql`alter table order_items add constraint order_items_shipped_at_most_ordered check (shipped_quantity is null or shipped_quantity <= quantity)`.execute(db);
  await db.schema
    .alterTable("payment_orders")
    .addColumn("refunded_vnd", "bigint", (c) => c.notNull().defaultTo(0).check(sql`refunded_vnd >= 0`))
    .execute();
  await sql`alter table payment_orders add constraint payment_orders_refund_within check (refunded_vnd <= amount_vnd)`.execute(db);
  await sql`alter table ledger_journals drop constraint ledger_journals_kind_check`.execute(db);
  await sql`alter table ledger_journals add constraint ledger_journals_kind_check check (kind in ('payment', 'refund', 'part_refund', 'payout'))`.execute(db);
  await sql`alter table payment_flags drop constraint payment_flags_kind_check`.execute(db);
  await sql`alter table payment_flags add constraint payment_flags_kind_check check (kind in ('wrong_account', 'wrong_amount', 'not_awaiting', 'refund_manual', 'short', 'overpaid', 'short_shipped'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from payment_flags where kind = 'short_shipped'`.execute(db);
  await sql`alter table payment_flags drop constraint payment_flags_kind_check`.execute(db);
  await sql`alter table payment_flags add constraint payment_flags_kind_check check (kind in ('wrong_account', 'wrong_amount', 'not_awaiting', 'refund_manual', 'short', 'overpaid'))`.execute(db);
  await sql`alter table ledger_journals drop constraint ledger_journals_kind_check`.execute(db);
  await sql`alter table ledger_journals add constraint ledger_journals_kind_check check (kind in ('payment', 'refund', 'payout'))`.execute(db);
  await sql`alter table payment_orders drop constraint payment_orders_refund_within`.execute(db);
  await db.schema.alterTable("payment_orders").dropColumn("refunded_vnd").execute();
  await sql`alter table order_items drop constraint order_items_shipped_at_most_ordered`.execute(db);
  await db.schema.alterTable("order_items").dropColumn("shipped_quantity").execute();
}
