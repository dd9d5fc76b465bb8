import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import type { LedgerJournalKind } from "../../db/schema";

/**
 * The marketplace's books for money that passes through its own accounts (wallets, gateways,
 * cards): double-entry in integer đồng, debit positive and credit negative, every journal
 * summing to zero (the database refuses one that does not, at commit, and refuses any update or
 * delete). Balances are sums over lines, never stored. VietQR and cash go straight to the seller
 * and never pass through here.
 *
 * Accounts:
 *   provider:<id>:clearing   what the provider holds for us and will remit (net of its fee)
 *   seller:shop:<id>         what we owe a farm (credit balance); seller:coop:<id> a co-op
 *   marketplace:revenue      our commission
 *   marketplace:bank         our bank account, which pays sellers out
 *   cod:courier:<id>         cash a courier collected at the door and has not yet paid over
 *   cod:seller:shop:<id>     the same cash as the seller is owed it (seller:coop: for a co-op);
 *                            never "seller:…", so payouts never pay out money the courier pays her directly
 */
const clearingAccount = (provider: string) => `provider:${provider}:clearing`;
export const REVENUE_ACCOUNT = "marketplace:revenue";
const BANK_ACCOUNT = "marketplace:bank";

function sellerAccount(order: { seller_shop_id: string | null; seller_cooperative_id: string | null }): string {
  return order.seller_shop_id ? `seller:shop:${order.seller_shop_id}` : `seller:coop:${order.seller_cooperative_id}`;
}

export interface MoneyPolicy {
  /** The marketplace's commission on each paid order, in basis points (100 = 1 %). */
  commissionBps: number;
  /** Days after delivery before a seller's money can be paid out (returns and disputes come first). */
  holdDays: number;
}

/** How one payment divides: the commission is rounded down (never overcharge), the seller gets the rest after the provider's fee. */
function splitPayment(totalVnd: bigint, commissionBps: number, feeVnd: bigint) {
  const commission = (totalVnd * BigInt(commissionBps)) / 10_000n;
  return { commission, fee: feeVnd, seller: totalVnd - commission - feeVnd };
}

interface Line {
  account: string;
  amountVnd: bigint;
  orderId: string | null;
}

/**
 * Writes one journal (kind once per payment and order, or per payout: a retry writes nothing
 * twice). Returns false when it was already written.
 */
async function writeJournal(
  trx: DbOrTx,
  journal: { kind: LedgerJournalKind; paymentId: string | null; payoutId: string | null; orderId: string | null; memo: string },
  lines: Line[],
): Promise<boolean> {
  const kept = lines.filter((l) => l.amountVnd !== 0n);
  const inserted = await sql<{ id: string }>`insert into ledger_journals (kind, payment_id, payout_id, order_id, memo)
    values (${journal.kind}, ${journal.paymentId}, ${journal.payoutId}, ${journal.orderId}, ${journal.memo})
    on conflict (kind, coalesce(payment_id, 0), coalesce(payout_id, 0), coalesce(order_id, 0)) do nothing returning id`.execute(trx);
  const id = inserted.rows[0]?.id;
  if (!id) return false;
  await trx
    .insertInto("ledger_lines")
    .values(kept.map((l) => ({ journal_id: id, account: l.account, amount_vnd: l.amountVnd.toString(), order_id: l.orderId })))
    .execute();
  return true;
}

/** One order's share of a payment that paid several: its amount, and the seller it is owed to. */
export interface PaymentPart {
  order_id: string;
  amount_vnd: string;
  seller_shop_id: string | null;
  seller_cooperative_id: string | null;
}

/**
 * A gateway payment landed: the provider owes us the money less its fee; we owe each seller their
 * order's part less our commission and their share of the fee (in proportion, the rounding left
 * to the last part so the fee adds up exactly). One journal, with lines per order.
 */
export async function recordPaymentJournal(
  trx: DbOrTx,
  payment: { id: string; provider: string; amount_vnd: string },
  parts: readonly PaymentPart[],
  policy: { commissionBps: number; feeVnd: bigint },
): Promise<void> {
  const total = BigInt(payment.amount_vnd);
  let feeLeft = policy.feeVnd;
  const lines = parts.flatMap((part, i) => {
    const amount = BigInt(part.amount_vnd);
    const fee = i === parts.length - 1 ? feeLeft : total === 0n ? 0n : (policy.feeVnd * amount) / total;
    feeLeft -= fee;
    const split = splitPayment(amount, policy.commissionBps, fee);
    return [
      { account: clearingAccount(payment.provider), amountVnd: amount - split.fee, orderId: part.order_id },
      { account: sellerAccount(part), amountVnd: -split.seller, orderId: part.order_id },
      { account: REVENUE_ACCOUNT, amountVnd: -split.commission, orderId: part.order_id },
    ];
  });
  await writeJournal(trx, { kind: "payment", paymentId: payment.id, payoutId: null, orderId: null, memo: `${payment.provider} payment` }, lines);
}

/** One order's part of a payment went back to the buyer: that part of the payment's journal, reversed line by line. */
export async function recordRefundJournal(trx: DbOrTx, payment: { id: string; provider: string }, orderId: string): Promise<void> {
  const original = await trx
    .selectFrom("ledger_lines as l")
    .innerJoin("ledger_journals as j", "j.id", "l.journal_id")
    .select(["l.account", "l.amount_vnd", "l.order_id"])
    .where("j.kind", "=", "payment")
    .where("j.payment_id", "=", payment.id)
    .where("l.order_id", "=", orderId)
    .orderBy("l.id")
    .execute();
  if (!original.length) return;
  await writeJournal(
    trx,
    { kind: "refund", paymentId: payment.id, payoutId: null, orderId, memo: `${payment.provider} refund` },
    original.map((l) => ({ account: l.account, amountVnd: -BigInt(l.amount_vnd), orderId: l.order_id })),
  );
}

/**
 * Part of one order's part went back (the seller shipped less): the provider gives back that much,
 * and the seller and the marketplace each give back their share of it, the commission in the same
 * proportion it was taken. The provider's fee is not returned by providers on part refunds, so it
 * stays where it fell.
 */
export async function recordPartRefundJournal(trx: DbOrTx, payment: { id: string; provider: string }, part: { order_id: string; amount_vnd: string }, refundVnd: bigint): Promise<void> {
  const revenue = await trx
    .selectFrom("ledger_lines as l")
    .innerJoin("ledger_journals as j", "j.id", "l.journal_id")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("l.amount_vnd"), eb.val("0")).as("vnd"))
    .where("j.kind", "=", "payment")
    .where("j.payment_id", "=", payment.id)
    .where("l.order_id", "=", part.order_id)
    .where("l.account", "=", REVENUE_ACCOUNT)
    .executeTakeFirstOrThrow();
  const commissionBack = (-BigInt(revenue.vnd) * refundVnd) / BigInt(part.amount_vnd);
  const order = await trx.selectFrom("orders").select(["seller_shop_id", "seller_cooperative_id"]).where("id", "=", part.order_id).executeTakeFirstOrThrow();
  await writeJournal(trx, { kind: "part_refund", paymentId: payment.id, payoutId: null, orderId: part.order_id, memo: `${payment.provider} part refund` }, [
    { account: clearingAccount(payment.provider), amountVnd: -refundVnd, orderId: part.order_id },
    { account: sellerAccount(order), amountVnd: refundVnd - commissionBack, orderId: part.order_id },
    { account: REVENUE_ACCOUNT, amountVnd: commissionBack, orderId: part.order_id },
  ]);
}

/** A payout was sent from our bank to the seller's. */
export async function recordPayoutJournal(trx: DbOrTx, payout: { id: string; account: string; amount_vnd: string }): Promise<void> {
  const amount = BigInt(payout.amount_vnd);
  await writeJournal(trx, { kind: "payout", paymentId: null, payoutId: payout.id, orderId: null, memo: "payout" }, [
    { account: payout.account, amountVnd: amount, orderId: null },
    { account: BANK_ACCOUNT, amountVnd: -amount, orderId: null },
  ]);
}

/** The sum of every line (zero in healthy books): tests and the reconciliation check it. */
export async function ledgerTotal(db: DbOrTx): Promise<bigint> {
  const row = await db.selectFrom("ledger_lines").select(sql<string>`coalesce(sum(amount_vnd), 0)::text`.as("total")).executeTakeFirstOrThrow();
  return BigInt(row.total);
}

/**
 * Cash on delivery: the courier reports the cash collected at the door (it now owes the seller),
 * then what it paid over to her. Once per order each; a short payment leaves the rest owed.
 */
export async function recordCodJournal(
  trx: DbOrTx,
  kind: "cod_collected" | "cod_remitted",
  entry: { orderId: string; courier: string; amountVnd: bigint; seller: { seller_shop_id: string | null; seller_cooperative_id: string | null } },
): Promise<void> {
  const courier = `cod:courier:${entry.courier}`;
  const seller = `cod:${sellerAccount(entry.seller)}`;
  const [debit, credit] = kind === "cod_collected" ? [courier, seller] : [seller, courier];
  await writeJournal(trx, { kind, paymentId: null, payoutId: null, orderId: entry.orderId, memo: `${kind} ${entry.courier}` }, [
    { account: debit, amountVnd: entry.amountVnd, orderId: entry.orderId },
    { account: credit, amountVnd: -entry.amountVnd, orderId: entry.orderId },
  ]);
}
