import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { useI18n } from "~/i18n/use-t";
import { pageMeta } from "~/i18n/meta";
import { formatMoment } from "~/lib/dates";
import { formatVnd } from "~/lib/money";
import { paymentMethodName } from "~/payments/methods";
import { reconciliation } from "~/payments/reconciliation.server";

const PAYMENT_STATES = ["pending", "paid", "failed", "expired", "refunded"] as const;
const isPaymentState = (s: string): s is (typeof PAYMENT_STATES)[number] => (PAYMENT_STATES as readonly string[]).includes(s);

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "recon.title", { noindex: true });

/** The admin's reconciliation: what each provider reported against the ledger, differences, and money that matched nothing. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const r = await reconciliation(context.db);
  return {
    providers: r.providers.map((p) => ({ ...p, paidVnd: String(p.paidVnd), refundedVnd: String(p.refundedVnd), clearingVnd: String(p.clearingVnd) })),
    differences: r.differences,
    unmatched: r.unmatched.map((n) => ({ ...n, amount_vnd: n.amount_vnd === null ? null : String(n.amount_vnd), received_at: n.received_at.toISOString() })),
  };
}

export default function Reconciliation() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const methodName = (id: string) => (id === "bank-transfer" ? t("order.vietqr") : t(paymentMethodName(id).short));
  return (
    <>
      <h1>{t("recon.title")}</h1>
      {data.providers.map((p) => (
        <section className="panel" key={p.provider} aria-label={methodName(p.provider)}>
          <h2>{methodName(p.provider)}</h2>
          <dl className="money-figures">
            <dt>{t("recon.paid", { n: p.paidCount })}</dt>
            <dd>{formatVnd(p.paidVnd)}</dd>
            <dt>{t("recon.refunded", { n: p.refundedCount })}</dt>
            <dd>{formatVnd(p.refundedVnd)}</dd>
            <dt>{t("recon.clearing")}</dt>
            <dd>{formatVnd(p.clearingVnd)}</dd>
          </dl>
        </section>
      ))}
      <section className="panel">
        <h2>{t("recon.differences")}</h2>
        {data.differences.length ? (
          <ul>
            {data.differences.map((d) => (
              <li key={d.provider_ref} className="notice notice--error">
                {methodName(d.provider)} · {d.code} · {d.provider_ref} · {formatVnd(d.amount_vnd)} · {isPaymentState(d.state) ? t(`recon.state.${d.state}`) : d.state} · {t(d.payment_journal ? "recon.hasJournal" : "recon.noJournal")}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("recon.noDifferences")}</p>
        )}
      </section>
      <section className="panel">
        <h2>{t("recon.unmatched")}</h2>
        {data.unmatched.length ? (
          <ul>
            {data.unmatched.map((n) => (
              <li key={`${n.provider}:${n.event_id}`}>
                {formatMoment(n.received_at, locale)} · {methodName(n.provider)} · {n.amount_vnd === null ? "?" : formatVnd(n.amount_vnd)} · {n.event_id}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("recon.noUnmatched")}</p>
        )}
      </section>
    </>
  );
}
