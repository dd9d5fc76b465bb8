import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import type { PaymentState } from "../../db/schema";
import type { PaymentRequest } from "./provider";

/**
 * Whom money sent straight to a seller pays. A transfer (VietQR) order has an attempt holding the
 * seller's account as it was when the order chose to pay that way, so a later change of account
 * never redirects its money; gateway attempts have no payee (the money reaches the marketplace).
 */
export type Payee = PaymentRequest["payee"];

/** The seller's account as it is now (for which ways can pay her, and for a new transfer attempt). */
export async function sellerPayee(db: DbOrTx, order: { seller_shop_id: string | null; seller_cooperative_id: string | null }): Promise<Payee> {
  const row = order.seller_shop_id
    ? await db.selectFrom("shops").select(["bank_bin", "bank_account_number", "bank_account_holder"]).where("id", "=", order.seller_shop_id).executeTakeFirst()
    : order.seller_cooperative_id
      ? await db.selectFrom("cooperatives").select(["bank_bin", "bank_account_number", "bank_account_holder"]).where("id", "=", order.seller_cooperative_id).executeTakeFirst()
      : undefined;
  return { bankBin: row?.bank_bin ?? null, accountNumber: row?.bank_account_number ?? null, accountHolder: row?.bank_account_holder ?? null };
}

/** The payee of an order's latest transfer attempt, or null when it has none (not paid by transfer). */
export async function transferPayee(db: DbOrTx, orderId: string): Promise<(Payee & { paymentId: string; state: PaymentState }) | null> {
  const row = await db
    .selectFrom("payments as p")
    .innerJoin("payment_orders as po", "po.payment_id", "p.id")
    .select(["p.id", "p.state", "p.payee_bank_bin", "p.payee_account_number", "p.payee_account_holder"])
    .where("po.order_id", "=", orderId)
    .where("p.payee_account_number", "is not", null)
    .orderBy("p.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { paymentId: row.id, state: row.state, bankBin: row.payee_bank_bin, accountNumber: row.payee_account_number, accountHolder: row.payee_account_holder } : null;
}

/**
 * A transfer attempt for an order, in one statement (checkout runs it per order): named as every
 * attempt is (code-n), waiting until the order's deadline, paying the given account.
 */
export async function createTransferAttempt(
  db: DbOrTx,
  attempt: { orderId: string; code: string; provider: string; amountVnd: string; expiresAt: Date; payee: Payee },
): Promise<void> {
  await sql`with attempt as (
      insert into payments (order_id, provider, provider_ref, amount_vnd, expires_at, payee_bank_bin, payee_account_number, payee_account_holder)
      values (${attempt.orderId}::bigint, ${attempt.provider}::text,
        ${attempt.code}::text || '-' || (1 + (select count(*) from payments where order_id = ${attempt.orderId}::bigint))::text,
        ${attempt.amountVnd}::bigint, ${attempt.expiresAt}::timestamptz, ${attempt.payee.bankBin}::text, ${attempt.payee.accountNumber}::text, ${attempt.payee.accountHolder}::text)
      returning id, order_id, amount_vnd
    )
    insert into payment_orders (payment_id, order_id, amount_vnd) select id, order_id, amount_vnd from attempt`.execute(db);
}

/** The order stopped waiting for a transfer (paid another way, by the seller's word, or closed): its waiting transfer attempt ends so. */
export async function closeTransferAttempts(db: DbOrTx, orderId: string, to: "paid" | "expired"): Promise<void> {
  await db
    .updateTable("payments")
    .set({ state: to, updated_at: new Date() })
    .where("state", "=", "pending")
    .where("payee_account_number", "is not", null)
    .where("id", "in", (eb) => eb.selectFrom("payment_orders").select("payment_id").where("order_id", "=", orderId))
    .execute();
}
