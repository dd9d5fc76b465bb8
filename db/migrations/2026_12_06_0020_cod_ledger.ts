import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Cash on delivery in the books (issue 13): what a courier collected at the door for a seller, and
// what it paid over, are journals of their own kinds, once per order each. The money sits with the
// courier and then the seller, never in the marketplace's accounts, so its accounts are "cod:…".
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger_journals drop constraint ledger_journals_kind_check`.execute(db);
  await sql`alter table ledger_journals add constraint ledger_journals_kind_check check (kind in ('payment', 'refund', 'part_refund', 'payout', 'cod_collected', 'cod_remitted'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  // The ledger refuses deletes (append-only): a database with COD journals cannot go back past this.
  await sql`alter table ledger_journals drop constraint ledger_journals_kind_check`.execute(db);
  await sql`alter table ledger_journals add constraint ledger_journals_kind_check check (kind in ('payment', 'refund', 'part_refund', 'payout'))`.execute(db);
}
