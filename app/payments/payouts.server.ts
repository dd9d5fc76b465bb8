import { sql } from "kysely";
import type { Db, DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { csvDocument } from "~/lib/csv";
import { recordPayoutJournal, REVENUE_ACCOUNT } from "./ledger.server";

/**
 * What the marketplace owes each seller from wallet and card payments, and paying it out. All
 * figures are sums over the ledger: an order's money becomes available once it was delivered at
 * least `holdDays` ago (returns and disputes come first); a payout run reserves what it pays until
 * the admin marks it paid, which writes the payout entries.
 */
export interface SellerBalance {
  account: string;
  /** Owed for orders not yet delivered or still inside the holding period. */
  pending: bigint;
  /** Owed and past the holding period, less what was paid out or is in an unpaid run. */
  available: bigint;
  paidOut: bigint;
  /** In a payout run the admin has not yet marked paid. */
  reserved: bigint;
}

type BalanceRow = { account: string; eligible: string; pending: string; paid_out: string; reserved: string };

/** Every seller's balance (or only `accounts`), from the ledger. */
export async function sellerBalances(db: DbOrTx, holdDays: number, accounts?: string[]): Promise<SellerBalance[]> {
  if (accounts && !accounts.length) return [];
  const only = accounts ? sql`and l.account = any(${accounts}::text[])` : sql``;
  const onlyPayouts = accounts ? sql`and p.account = any(${accounts}::text[])` : sql``;
  const rows = await sql<BalanceRow>`
    with owed as (
      select l.account, l.order_id, -sum(l.amount_vnd) as net
      from ledger_lines l
      where l.account like 'seller:%' and l.order_id is not null ${only}
      group by l.account, l.order_id
    ), ready as (
      select owed.*, (o.status in ('delivered', 'completed') and exists (
          select 1 from order_events e where e.order_id = o.id and e.to_status = 'delivered'
            and e.created_at <= now() - make_interval(days => ${holdDays}))) as eligible
      from owed join orders o on o.id = owed.order_id
    ), paid as (
      select l.account, sum(l.amount_vnd) as paid_out from ledger_lines l
      join ledger_journals j on j.id = l.journal_id
      where j.kind = 'payout' and l.account like 'seller:%' ${only}
      group by l.account
    ), held as (
      select p.account, sum(p.amount_vnd) as reserved from payouts p join payout_runs r on r.id = p.run_id
      where r.paid_at is null ${onlyPayouts}
      group by p.account
    ), names as (
      select account from ready union select account from paid union select account from held
    )
    select n.account,
      coalesce((select sum(net) from ready where ready.account = n.account and eligible), 0)::text as eligible,
      coalesce((select sum(net) from ready where ready.account = n.account and not eligible), 0)::text as pending,
      coalesce((select paid_out from paid where paid.account = n.account), 0)::text as paid_out,
      coalesce((select reserved from held where held.account = n.account), 0)::text as reserved
    from names n order by n.account`.execute(db);
  return rows.rows.map((r) => ({
    account: r.account,
    pending: BigInt(r.pending),
    paidOut: BigInt(r.paid_out),
    reserved: BigInt(r.reserved),
    available: BigInt(r.eligible) - BigInt(r.paid_out) - BigInt(r.reserved),
  }));
}

/** The seller account a user answers for: her farm, and each co-op she manages. */
export async function accountsOf(db: DbOrTx, user: PublicUser): Promise<string[]> {
  const [shops, coops] = await Promise.all([
    db.selectFrom("shops").select("id").where("owner_id", "=", user.id).execute(),
    db.selectFrom("cooperatives").select("id").where("manager_id", "=", user.id).execute(),
  ]);
  return [...shops.map((s) => `seller:shop:${s.id}`), ...coops.map((c) => `seller:coop:${c.id}`)];
}

/** Per order, what a wallet or card payment brought a seller: the total, our commission, the provider's fee, her share. */
export async function sellerOrderMoney(db: DbOrTx, account: string, limit = 50) {
  const rows = await sql<{ code: string; status: string; total: string; commission: string; fee: string; net: string; delivered_at: Date | null }>`
    select o.code, o.status,
      po.amount_vnd::text as total,
      coalesce(-sum(l.amount_vnd) filter (where l.account = ${REVENUE_ACCOUNT} and j.kind = 'payment'), 0)::text as commission,
      (po.amount_vnd - coalesce(sum(l.amount_vnd) filter (where l.account like 'provider:%' and j.kind = 'payment'), 0))::text as fee,
      coalesce(-sum(l.amount_vnd) filter (where l.account = ${account}), 0)::text as net,
      (select max(e.created_at) from order_events e where e.order_id = o.id and e.to_status = 'delivered') as delivered_at
    from ledger_lines l
    join ledger_journals j on j.id = l.journal_id
    join payment_orders po on po.payment_id = j.payment_id and po.order_id = l.order_id
    join orders o on o.id = l.order_id
    where l.order_id in (select order_id from ledger_lines where account = ${account} and order_id is not null)
    group by o.id, o.code, o.status, po.payment_id, po.amount_vnd
    order by o.id desc
    limit ${limit}`.execute(db);
  return rows.rows.map(({ code, status, total, commission, fee, net, delivered_at }) => ({ code, status, total, commission, fee, net, deliveredAt: delivered_at }));
}

/** Where one order's share of a seller's money stands. */
export type OrderMoneyState = "pending" | "available" | "reserved" | "paidOut";

/**
 * Where each order's share stands for one seller account. Payouts pay a balance, not orders, so
 * what was paid out (then what an unpaid run holds) is counted against the orders whose money
 * became available first; an order counts as paid out only when it is covered in full.
 */
export async function orderMoneyStates(db: DbOrTx, holdDays: number, account: string, balance: Pick<SellerBalance, "paidOut" | "reserved">): Promise<Map<string, OrderMoneyState>> {
  const rows = await sql<{ code: string; net: string; eligible: boolean }>`
    with owed as (
      select l.order_id, -sum(l.amount_vnd) as net from ledger_lines l
      where l.account = ${account} and l.order_id is not null
      group by l.order_id
    )
    select o.code, owed.net::text as net,
      coalesce(o.status in ('delivered', 'completed') and d.first_delivered <= now() - make_interval(days => ${holdDays}), false) as eligible
    from owed
    join orders o on o.id = owed.order_id
    left join lateral (select min(e.created_at) as first_delivered from order_events e where e.order_id = o.id and e.to_status = 'delivered') d on true
    order by d.first_delivered nulls last, o.id`.execute(db);
  let paidLeft = balance.paidOut;
  let reservedLeft = balance.reserved;
  const states = new Map<string, OrderMoneyState>();
  for (const row of rows.rows) {
    const net = BigInt(row.net);
    if (net <= 0n) continue; // given back in full: nothing of it is hers
    if (!row.eligible) states.set(row.code, "pending");
    else if (net <= paidLeft) {
      paidLeft -= net;
      states.set(row.code, "paidOut");
    } else {
      // What is left of the paid amount goes to this order in part; the rest is in a run or still to pay.
      const rest = net - paidLeft;
      paidLeft = 0n;
      if (rest <= reservedLeft) {
        reservedLeft -= rest;
        states.set(row.code, "reserved");
      } else {
        reservedLeft = 0n;
        states.set(row.code, "available");
      }
    }
  }
  return states;
}

/**
 * The admin starts a payout run: every seller with money available and a bank account to send it
 * to gets one payout for all of it. One run at a time is built (an advisory lock), so two admins
 * clicking at once cannot pay the same money twice.
 */
export async function createPayoutRun(db: Db, admin: PublicUser, holdDays: number): Promise<{ runId: string | null; skipped: string[] }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('vuonnha:payout_run'))`.execute(trx);
    const due = (await sellerBalances(trx, holdDays)).filter((b) => b.available > 0n);
    if (!due.length) return { runId: null, skipped: [] };
    const sellers = await payeesFor(trx, due.map((d) => d.account));
    const payable = due.filter((d) => sellers.get(d.account)?.bankAccountNumber);
    const skipped = due.filter((d) => !sellers.get(d.account)?.bankAccountNumber).map((d) => sellers.get(d.account)?.name ?? d.account);
    if (!payable.length) return { runId: null, skipped };
    const run = await trx.insertInto("payout_runs").values({ created_by: admin.id }).returning("id").executeTakeFirstOrThrow();
    await trx
      .insertInto("payouts")
      .values(
        payable.map((d) => {
          const s = sellers.get(d.account)!;
          return {
            run_id: run.id,
            account: d.account,
            seller_name: s.name,
            amount_vnd: d.available.toString(),
            bank_bin: s.bankBin!,
            bank_account_number: s.bankAccountNumber!,
            bank_account_holder: s.bankAccountHolder!,
          };
        }),
      )
      .execute();
    return { runId: run.id, skipped };
  });
}

/** Name and bank account of each seller account (a farm, or a co-op paid as the co-op). */
async function payeesFor(db: DbOrTx, accounts: string[]) {
  const shopIds = accounts.filter((a) => a.startsWith("seller:shop:")).map((a) => a.slice(12));
  const coopIds = accounts.filter((a) => a.startsWith("seller:coop:")).map((a) => a.slice(12));
  const cols = ["id", "name", "bank_bin", "bank_account_number", "bank_account_holder"] as const;
  const [shops, coops] = await Promise.all([
    shopIds.length ? db.selectFrom("shops").select(cols).where("id", "in", shopIds).execute() : [],
    coopIds.length ? db.selectFrom("cooperatives").select(cols).where("id", "in", coopIds).execute() : [],
  ]);
  const out = new Map<string, { name: string; bankBin: string | null; bankAccountNumber: string | null; bankAccountHolder: string | null }>();
  for (const [prefix, rows] of [["seller:shop:", shops], ["seller:coop:", coops]] as const) {
    for (const r of rows) {
      const complete = Boolean(r.bank_bin && r.bank_account_number && r.bank_account_holder);
      out.set(`${prefix}${r.id}`, { name: r.name, bankBin: r.bank_bin, bankAccountNumber: complete ? r.bank_account_number : null, bankAccountHolder: r.bank_account_holder });
    }
  }
  return out;
}

export async function listPayoutRuns(db: DbOrTx, limit = 20) {
  return db
    .selectFrom("payout_runs as r")
    .leftJoin("payouts as p", "p.run_id", "r.id")
    .select(["r.id", "r.created_at", "r.paid_at"])
    .select((eb) => [eb.fn.count<string>("p.id").as("payouts"), eb.fn.coalesce(eb.fn.sum<string>("p.amount_vnd"), sql<string>`0`).as("total")])
    .groupBy(["r.id", "r.created_at", "r.paid_at"])
    .orderBy("r.id", "desc")
    .limit(limit)
    .execute();
}

export async function payoutRun(db: DbOrTx, runId: string) {
  const run = await db.selectFrom("payout_runs").selectAll().where("id", "=", runId).executeTakeFirst();
  if (!run) return null;
  const payouts = await db.selectFrom("payouts").selectAll().where("run_id", "=", runId).orderBy("id").execute();
  return { run, payouts };
}

/** The admin sent every transfer of the run from the bank app: the payout entries are written, once. */
export async function markPayoutRunPaid(db: Db, admin: PublicUser, runId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom("payout_runs").select(["id", "paid_at"]).where("id", "=", runId).forUpdate().executeTakeFirst();
    if (!run || run.paid_at) return false;
    const payouts = await trx.selectFrom("payouts").select(["id", "account", "amount_vnd"]).where("run_id", "=", runId).execute();
    for (const p of payouts) await recordPayoutJournal(trx, p);
    await trx.updateTable("payout_runs").set({ paid_at: new Date(), paid_by: admin.id }).where("id", "=", runId).execute();
    return true;
  });
}

/** The transfer memo on each payout: short, ASCII, and traceable to the run. */
export const payoutMemo = (runId: string, payoutId: string) => `VUONNHA TT ${runId}-${payoutId}`;

/** A run as CSV for a bank's batch transfer upload: bank BIN, account, holder, amount in đồng, memo. */
export function payoutCsv(runId: string, payouts: Array<{ id: string; bank_bin: string; bank_account_number: string; bank_account_holder: string; amount_vnd: string; seller_name: string }>): string {
  return csvDocument([
    ["bank_bin", "account_number", "account_holder", "amount_vnd", "memo", "seller"],
    ...payouts.map((p) => [p.bank_bin, p.bank_account_number, p.bank_account_holder, p.amount_vnd, payoutMemo(runId, p.id), p.seller_name]),
  ]);
}
