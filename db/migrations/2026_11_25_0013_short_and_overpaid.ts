import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// A VietQR transfer for less than the order is a part payment ('short': the buyer is asked for the
// rest and the transfers add up); one that takes the order past its total pays it and leaves the
// difference for the seller to send back ('overpaid').
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table payment_flags drop constraint payment_flags_kind_check`.execute(db);
  await sql`alter table payment_flags add constraint payment_flags_kind_check check (kind in ('wrong_account', 'wrong_amount', 'not_awaiting', 'refund_manual', 'short', 'overpaid'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from payment_flags where kind in ('short', 'overpaid')`.execute(db);
  await sql`alter table payment_flags drop constraint payment_flags_kind_check`.execute(db);
  await sql`alter table payment_flags add constraint payment_flags_kind_check check (kind in ('wrong_account', 'wrong_amount', 'not_awaiting', 'refund_manual'))`.execute(db);
}
