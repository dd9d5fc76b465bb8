import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { useI18n } from "~/i18n/use-t";
import { pageMeta } from "~/i18n/meta";
import { formatMoment } from "~/lib/dates";
import { formatVnd } from "~/lib/money";
import { paymentMethodName } from "~/payments/methods";
import { getTranslate } from "~/i18n/locale.server";
import { translateIssue } from "~/i18n/i18n";
import { parseForm } from "~/lib/forms.server";
import { refundsWaiting } from "~/payments/payments.server";
import { handledSchema, markUnmatchedHandled, reconciliation } from "~/payments/reconciliation.server";

const PAYMENT_STATES = ["pending", "paid", "failed", "expired", "refunded"] as const;
const isPaymentState = (s: string): s is (typeof PAYMENT_STATES)[number] => (PAYMENT_STATES as readonly string[]).includes(s);

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "recon.title", { noindex: true });

/** The admin's reconciliation: what each provider reported against the ledger, differences, and money that matched nothing. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const [r, refunds] = await Promise.all([reconciliation(context.db), refundsWaiting(context.db)]);
  return {
    refunds: refunds.map((f) => ({ ...f, last_error: f.last_error?.slice(0, 160) ?? null })),
    providers: r.providers.map((p) => ({ ...p, paidVnd: String(p.paidVnd), refundedVnd: String(p.refundedVnd), clearingVnd: String(p.clearingVnd) })),
    differences: r.differences,
    unmatched: r.unmatched.map((n) => ({ ...n, amount_vnd: n.amount_vnd === null ? null : String(n.amount_vnd), received_at: n.received_at.toISOString() })),
  };
}

/** The admin says what was done with money that matched nothing; it leaves the list with her note kept. */
export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const t = await getTranslate(request, admin.locale);
  const parsed = await parseForm(request, handledSchema);
  if (!parsed.ok) return { error: translateIssue(t, parsed.reply.error?.note?.[0] ?? "recon.noteNeeded"), id: String(parsed.formData.get("id") ?? "") };
  if (!(await markUnmatchedHandled(context.db, admin, parsed.value.id, parsed.value.note))) return { error: t("recon.alreadyHandled"), id: parsed.value.id };
  return redirect("/admin/reconciliation?handled=1");
}

export default function Reconciliation() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const methodName = (id: string) => (id === "bank-transfer" ? t("order.vietqr") : t(paymentMethodName(id).short));
  return (
    <>
      <h1>{t("recon.title")}</h1>
      {params.get("handled") ? (
        <p className="notice" role="status">
          {t("recon.handledDone")}
        </p>
      ) : null}
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
        <h2>{t("recon.refunds")}</h2>
        {data.refunds.length ? (
          <ul>
            {data.refunds.map((f) => (
              <li key={`${f.order_id}:${f.provider}`} className={f.failing ? "notice notice--error" : undefined}>
                {f.code} · {methodName(f.provider)} · {formatVnd(f.amount_vnd)} · {t("recon.refundTries", { n: f.attempts })}
                {f.last_error ? ` · ${f.last_error}` : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("recon.noRefunds")}</p>
        )}
      </section>
      <section className="panel">
        <h2>{t("recon.unmatched")}</h2>
        {data.unmatched.length ? (
          <ul>
            {data.unmatched.map((n) => (
              <li key={`${n.provider}:${n.event_id}`} className="stack">
                <span>
                  {formatMoment(n.received_at, locale)} · {methodName(n.provider)} · {n.amount_vnd === null ? "?" : formatVnd(n.amount_vnd)} · {n.event_id}
                </span>
                <Form method="post" className="stack">
                  <input type="hidden" name="id" value={n.id} />
                  <label>
                    {t("recon.handledNote")}
                    <input name="note" className="wide-input" maxLength={300} required minLength={3} aria-invalid={result?.id === n.id ? true : undefined} />
                  </label>
                  {result?.id === n.id ? (
                    <p className="error" role="alert">
                      {result.error}
                    </p>
                  ) : null}
                  <button type="submit" className="button--secondary" disabled={busy}>
                    {t("recon.markHandled")}
                  </button>
                </Form>
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
