import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Who an order pays moves off the order onto its payment attempt: a VietQR order gets an attempt
// at checkout holding the seller's account as it was then (so a later change of account never
// redirects its money), and bank notifications are matched against that. Gateway attempts have no
// payee (the money reaches the marketplace). Existing VietQR orders get their attempt here, in the
// state their order is in, before the order's copy of the payee is dropped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table payments
    add column payee_bank_bin text,
    add column payee_account_number text,
    add column payee_account_holder text`.execute(db);
  // One attempt per VietQR order, named as startPayment names attempts (code-n); pending only while
  // the order waits and no other attempt of it is pending (one pending attempt per order).
  await sql`insert into payments (order_id, provider, provider_ref, amount_vnd, state, expires_at, payee_bank_bin, payee_account_number, payee_account_holder, created_at, updated_at)
    select o.id, 'vietqr', o.code || '-' || (1 + (select count(*) from payments q where q.order_id = o.id)), o.total_vnd,
      case
        when o.paid_at is not null then 'paid'
        when o.status = 'awaiting_payment' and not exists (select 1 from payments q where q.order_id = o.id and q.state = 'pending') then 'pending'
        else 'expired'
      end,
      coalesce(o.expires_at, o.created_at), o.payee_bank_bin, o.payee_account_number, o.payee_account_holder, o.created_at, o.updated_at
    from orders o
    where o.payment_method = 'vietqr' and o.payee_account_number is not null`.execute(db);
  await sql`insert into payment_orders (payment_id, order_id, amount_vnd)
    select p.id, p.order_id, p.amount_vnd from payments p
    where p.provider = 'vietqr' and not exists (select 1 from payment_orders po where po.payment_id = p.id)`.execute(db);
  await sql`alter table orders drop column payee_bank_bin, drop column payee_account_number, drop column payee_account_holder`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table orders add column payee_bank_bin text, add column payee_account_number text, add column payee_account_holder text`.execute(db);
  await sql`update orders o set payee_bank_bin = p.payee_bank_bin, payee_account_number = p.payee_account_number, payee_account_holder = p.payee_account_holder
    from payments p where p.order_id = o.id and p.provider = 'vietqr'`.execute(db);
  await sql`delete from payment_orders where payment_id in (select id from payments where provider = 'vietqr')`.execute(db);
  await sql`delete from payments where provider = 'vietqr'`.execute(db);
  await sql`alter table payments drop column payee_bank_bin, drop column payee_account_number, drop column payee_account_holder`.execute(db);
}
