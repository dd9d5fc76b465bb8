import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// A double-entry ledger in integer đồng for money that passes through the marketplace's own
// accounts (wallets, gateways, cards; issue 12). A journal is one event (a payment, a refund, a
// payout); its lines move money between accounts and always sum to zero, which the database
// checks at commit. Nothing is ever updated or deleted: balances are sums over the lines.
// Payouts are the marketplace paying sellers what they are owed, in runs the admin makes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("payout_runs")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("created_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("paid_at", "timestamptz")
    .addColumn("paid_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .createTable("payouts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("run_id", "bigint", (c) => c.notNull().references("payout_runs.id").onDelete("restrict"))
    // The ledger account of the seller paid (seller:shop:N or seller:coop:N).
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("seller_name", "text", (c) => c.notNull())
    .addColumn("amount_vnd", "bigint", (c) => c.notNull().check(sql`amount_vnd > 0`))
    .addColumn("bank_bin", "text", (c) => c.notNull())
    .addColumn("bank_account_number", "text", (c) => c.notNull())
    .addColumn("bank_account_holder", "text", (c) => c.notNull())
    .addUniqueConstraint("payouts_once_per_run", ["run_id", "account"])
    .execute();

  await db.schema
    .createTable("ledger_journals")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('payment', 'refund', 'payout')`))
    .addColumn("payment_id", "bigint", (c) => c.references("payments.id").onDelete("restrict"))
    .addColumn("payout_id", "bigint", (c) => c.references("payouts.id").onDelete("restrict"))
    .addColumn("memo", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One payment journal and one refund journal per attempt, one journal per payout: a retried job writes nothing twice.
  await sql`create unique index ledger_journals_once on ledger_journals (kind, coalesce(payment_id, 0), coalesce(payout_id, 0))`.execute(db);
  await db.schema
    .createTable("ledger_lines")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("journal_id", "bigint", (c) => c.notNull().references("ledger_journals.id").onDelete("restrict"))
    .addColumn("account", "text", (c) => c.notNull().check(sql`account ~ '^[a-z]+(:[a-z0-9_]+)+$'`))
    // Debit positive, credit negative.
    .addColumn("amount_vnd", "bigint", (c) => c.notNull().check(sql`amount_vnd <> 0`))
    // The order a line is about, so a seller's balance can be told per order.
    .addColumn("order_id", "bigint", (c) => c.references("orders.id").onDelete("restrict"))
    .execute();
  await db.schema.createIndex("ledger_lines_account_idx").on("ledger_lines").columns(["account", "order_id"]).execute();
  await db.schema.createIndex("ledger_lines_journal_idx").on("ledger_lines").column("journal_id").execute();

  // Every journal balances, checked when its transaction commits (after all its lines are in).
  await sql`create function vn_ledger_journal_balances() returns trigger language plpgsql as $$
    declare
      total numeric;
      line_count integer;
    begin
      select coalesce(sum(amount_vnd), 0), count(*) into total, line_count from ledger_lines where journal_id = NEW.journal_id;
      if total <> 0 or line_count < 2 then
        raise exception 'ledger journal % does not balance (sum %, % lines)', NEW.journal_id, total, line_count using errcode = '23514';
      end if;
      return null;
    end $$`.execute(db);
  await sql`create constraint trigger ledger_lines_balance after insert on ledger_lines
    deferrable initially deferred for each row execute function vn_ledger_journal_balances()`.execute(db);
  // Append-only.
  await sql`create function vn_ledger_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME using errcode = '42501';
    end $$`.execute(db);
  for (const table of ["ledger_lines", "ledger_journals"]) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function vn_ledger_append_only()`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["ledger_lines", "ledger_journals", "payouts", "payout_runs"]) await db.schema.dropTable(table).ifExists().execute();
  await sql`drop function if exists vn_ledger_journal_balances()`.execute(db);
  await sql`drop function if exists vn_ledger_append_only()`.execute(db);
}
