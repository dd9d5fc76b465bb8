import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { getTranslate } from "~/i18n/locale.server";
import { useI18n } from "~/i18n/use-t";
import { pageMeta } from "~/i18n/meta";
import { formatMoment } from "~/lib/dates";
import { formatVnd } from "~/lib/money";
import { createPayoutRun, listPayoutRuns, sellerBalances } from "~/payments/payouts.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "payouts.title", { noindex: true });

/** The admin's payouts: what sellers can be paid now, and the runs made so far. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const [balances, runs] = await Promise.all([sellerBalances(context.db, context.payments.money.holdDays), listPayoutRuns(context.db)]);
  const due = balances.filter((b) => b.available > 0n);
  return {
    dueCount: due.length,
    dueTotal: String(due.reduce((sum, b) => sum + b.available, 0n)),
    pendingTotal: String(balances.reduce((sum, b) => sum + b.pending, 0n)),
    runs: runs.map((r) => ({ id: r.id, createdAt: r.created_at.toISOString(), paidAt: r.paid_at?.toISOString() ?? null, payouts: Number(r.payouts), total: String(r.total) })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const t = await getTranslate(request, admin.locale);
  const { runId, skipped } = await createPayoutRun(context.db, admin, context.payments.money.holdDays);
  if (!runId) return { message: skipped.length ? t("payouts.noAccount", { names: skipped.join(", ") }) : t("payouts.nothingDue") };
  return redirect(`/admin/payouts/${runId}`);
}

export default function Payouts() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("payouts.title")}</h1>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      <section className="panel">
        <p>{t("payouts.due", { n: data.dueCount, total: formatVnd(data.dueTotal) })}</p>
        <p className="muted">{t("payouts.pending", { total: formatVnd(data.pendingTotal) })}</p>
        <Form method="post">
          <button type="submit" disabled={busy || data.dueCount === 0}>
            {t("payouts.create")}
          </button>
        </Form>
      </section>
      <section className="panel">
        <h2>{t("payouts.runs")}</h2>
        {data.runs.length ? (
          <ul>
            {data.runs.map((r) => (
              <li key={r.id}>
                <Link to={`/admin/payouts/${r.id}`}>{t("payouts.run", { id: r.id })}</Link> · {formatMoment(r.createdAt, locale)} · {t("payouts.count", { n: r.payouts })} ·{" "}
                {formatVnd(r.total)} · {r.paidAt ? t("payouts.paid") : t("payouts.unpaid")}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("payouts.noRuns")}</p>
        )}
      </section>
    </>
  );
}
