import { sql } from "kysely";
import { z } from "zod";
import { requiredText } from "~/lib/validation.server";
import type { DbOrTx } from "../../db";

/**
 * What each provider told us against what our books say, for the admin: every attempt a provider
 * reported paid must have its payment journal (and every refunded one its refund journal), and no
 * journal may stand for money the provider never reported. Notifications that matched no order or
 * attempt are money someone sent that nobody has claimed yet: listed until handled, never kept quietly.
 */
const UNMATCHED = ["unknown_order", "unknown_payment"];

/**
 * The admin says what was done with money that matched nothing (sent back to the payer, matched to
 * an order by hand): it leaves the list, and who did it, when and what they wrote is kept.
 */
/** What the admin writes when she has dealt with money that matched nothing (kept in the route-free module: the client bundle has no validation.server). */
export const handledSchema = z.object({ id: z.string().regex(/^[0-9]{1,18}$/), note: requiredText(300, 3) });

export async function markUnmatchedHandled(db: DbOrTx, admin: { id: string }, notificationId: string, note: string): Promise<boolean> {
  const done = await db
    .updateTable("payment_notifications")
    .set({ handled_at: new Date(), handled_by: admin.id, handled_note: note })
    .where("id", "=", notificationId)
    .where("outcome", "in", UNMATCHED)
    .where("handled_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return Boolean(done);
}

export async function reconciliation(db: DbOrTx) {
  const providers = await sql<{ provider: string; paid_count: string; paid_vnd: string; refunded_count: string; refunded_vnd: string; clearing_vnd: string }>`
    select p.provider,
      count(*) filter (where p.state in ('paid', 'refunded'))::text as paid_count,
      coalesce(sum(p.amount_vnd) filter (where p.state in ('paid', 'refunded')), 0)::text as paid_vnd,
      -- Refunds go back order by order (one payment can pay several orders), so they are counted by part.
      (select count(*) from payment_orders po join payments q on q.id = po.payment_id
        where q.provider = p.provider and (po.refunded_at is not null or po.refunded_vnd > 0))::text as refunded_count,
      (select coalesce(sum(case when po.refunded_at is not null then po.amount_vnd else po.refunded_vnd end), 0) from payment_orders po join payments q on q.id = po.payment_id
        where q.provider = p.provider)::text as refunded_vnd,
      coalesce((select sum(l.amount_vnd) from ledger_lines l where l.account = 'provider:' || p.provider || ':clearing'), 0)::text as clearing_vnd
    -- Transfers straight to a seller (a payee on the attempt) never pass through our books.
    from payments p where p.payee_account_number is null group by p.provider order by p.provider`.execute(db);
  // Each attempt whose state and journals disagree.
  const differences = await sql<{ provider: string; code: string; provider_ref: string; state: string; amount_vnd: string; payment_journal: boolean; refund_journal: boolean }>`
    select p.provider, o.code, p.provider_ref, p.state, p.amount_vnd::text,
      exists (select 1 from ledger_journals j where j.payment_id = p.id and j.kind = 'payment') as payment_journal,
      exists (select 1 from ledger_journals j where j.payment_id = p.id and j.kind = 'refund') as refund_journal
    from payments p join orders o on o.id = p.order_id
    where p.payee_account_number is null and ((p.state in ('paid', 'refunded')) <> exists (select 1 from ledger_journals j where j.payment_id = p.id and j.kind = 'payment')
       or (select count(*) from ledger_journals j where j.payment_id = p.id and j.kind = 'refund')
          <> (select count(*) from payment_orders po where po.payment_id = p.id and po.refunded_at is not null)
       or (select count(*) from ledger_journals j where j.payment_id = p.id and j.kind = 'part_refund')
          <> (select count(*) from payment_orders po where po.payment_id = p.id and po.refunded_vnd > 0))
    order by p.id desc limit 100`.execute(db);
  const unmatched = await db
    .selectFrom("payment_notifications")
    .select(["id", "provider", "event_id", "amount_vnd", "outcome", "received_at"])
    .where("outcome", "in", UNMATCHED)
    .where("handled_at", "is", null)
    .orderBy("id", "desc")
    .limit(100)
    .execute();
  return {
    providers: providers.rows.map((r) => ({
      provider: r.provider,
      paidCount: Number(r.paid_count),
      paidVnd: BigInt(r.paid_vnd),
      refundedCount: Number(r.refunded_count),
      refundedVnd: BigInt(r.refunded_vnd),
      // What the books say the provider holds for us (paid less refunded, net of its fees).
      clearingVnd: BigInt(r.clearing_vnd),
    })),
    differences: differences.rows,
    unmatched,
  };
}
