import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import QRCode from "qrcode";
import { requireAdmin } from "~/accounts/session.server";
import { useI18n } from "~/i18n/use-t";
import { pageMeta } from "~/i18n/meta";
import { formatMoment } from "~/lib/dates";
import { formatVnd } from "~/lib/money";
import { markPayoutRunPaid, payoutMemo, payoutRun } from "~/payments/payouts.server";
import { buildVietQrPayload } from "~/payments/vietqr";
import { findBank } from "~/shops/banks";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "payouts.title", { noindex: true });

/** One payout run: each seller's transfer with a VietQR to pay it from the bank app, the CSV for a batch upload, and "all sent". */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const found = await payoutRun(context.db, String(params.id ?? ""));
  if (!found) throw new Response("Not found", { status: 404 });
  const { run, payouts } = found;
  return {
    id: run.id,
    createdAt: run.created_at.toISOString(),
    paidAt: run.paid_at?.toISOString() ?? null,
    payouts: await Promise.all(
      payouts.map(async (p) => {
        const memo = payoutMemo(run.id, p.id);
        return {
          id: p.id,
          seller: p.seller_name,
          amount: p.amount_vnd,
          bank: findBank(p.bank_bin)?.shortName ?? p.bank_bin,
          accountNumber: p.bank_account_number,
          holder: p.bank_account_holder,
          memo,
          svg: run.paid_at
            ? null
            : await QRCode.toString(buildVietQrPayload({ bankBin: p.bank_bin, accountNumber: p.bank_account_number, amountVnd: BigInt(p.amount_vnd), memo }), {
                type: "svg",
                errorCorrectionLevel: "M",
                margin: 2,
              }),
        };
      }),
    ),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const found = await payoutRun(context.db, String(params.id ?? ""));
  if (!found) throw new Response("Not found", { status: 404 });
  await markPayoutRunPaid(context.db, admin, found.run.id);
  return redirect(`/admin/payouts/${found.run.id}`);
}

export default function PayoutRunPage() {
  const run = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("payouts.run", { id: run.id })}</h1>
      <p>
        {formatMoment(run.createdAt, locale)} · {run.paidAt ? `${t("payouts.paid")} ${formatMoment(run.paidAt, locale)}` : t("payouts.unpaid")}
      </p>
      <p>
        <a href={`/admin/payouts/${run.id}.csv`} download>
          {t("payouts.csv")}
        </a>
      </p>
      {run.payouts.map((p) => (
        <section className="panel" key={p.id} aria-label={p.seller}>
          <h2>
            {p.seller}: {formatVnd(p.amount)}
          </h2>
          {p.svg ? <div className="qr" role="img" aria-label={`VietQR ${p.bank} ${p.accountNumber} ${formatVnd(p.amount)}`} dangerouslySetInnerHTML={{ __html: p.svg }} /> : null}
          <dl className="pay-details">
            <dt>{t("order.bank")}</dt>
            <dd>{p.bank}</dd>
            <dt>{t("order.account")}</dt>
            <dd>{p.accountNumber}</dd>
            <dt>{t("order.holder")}</dt>
            <dd>{p.holder}</dd>
            <dt>{t("order.memo")}</dt>
            <dd>{p.memo}</dd>
          </dl>
        </section>
      ))}
      {run.paidAt ? null : (
        <Form method="post" className="panel">
          <p>{t("payouts.markPaidHint")}</p>
          <button type="submit" disabled={busy}>
            {t("payouts.markPaid")}
          </button>
        </Form>
      )}
    </>
  );
}
