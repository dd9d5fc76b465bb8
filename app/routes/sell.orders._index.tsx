import type { MessageKey } from "~/i18n/messages";
import { courierName } from "~/shipping/couriers";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { useI18n } from "~/i18n/use-t";
import { parseForm } from "~/lib/forms.server";
import { formatVnd } from "~/lib/money";
import { actionSchema, applyBulkAction } from "~/orders/orders.server";
import { bookPickups } from "~/shipping/booking.server";
import { listDeskOrders, type DeskFilter } from "~/orders/desk.server";
import { pageMeta } from "~/i18n/meta";
import { formatMoment, vietnamDay } from "~/lib/dates";
import { paymentMethodName } from "~/payments/methods";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "desk.title", { noindex: true });

const FILTERS: DeskFilter[] = ["new", "active", "done", "all"];
const BULK = ["accept", "pack", "deliver"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const raw = new URL(request.url).searchParams.get("show");
  const filter = FILTERS.includes(raw as DeskFilter) ? (raw as DeskFilter) : "active";
  const desk = await listDeskOrders(context.db, user, filter);
  return {
    filter,
    isSeller: Boolean(desk.shop || desk.coop),
    isManager: Boolean(desk.coop),
    newCount: desk.counts.new,
    today: vietnamDay(),
    orders: desk.orders.map((o) => ({ ...o, total_vnd: String(o.total_vnd), created_at: o.created_at.toISOString(), paid: Boolean(o.paid_at), paid_at: null })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const copy = await request.clone().formData().catch(() => new FormData());
  const ids = copy.getAll("orderId").map(String).filter((id) => /^[0-9]{1,18}$/.test(id));
  if (copy.get("intent") === "book_pickups") {
    // Packed orders going by courier, booked one by one (each once, see bookPickup); the others say why not.
    const results = await bookPickups(context.db, context.couriers, user, ids);
    return { ok: results.filter((r) => r.trackingCode).length, failed: results.filter((r) => r.error).length };
  }
  const parsed = await parseForm(request, actionSchema);
  if (!parsed.ok || ids.length === 0) return { ok: 0, failed: ids.length };
  const results = await applyBulkAction(context.db, user, ids, parsed.value);
  return { ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}

export default function OrderDesk() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  // The latest anomaly's kind, in the seller's language (older orders may hold a note from before).
  const FLAG_LABELS: Record<string, MessageKey> = {
    wrong_account: "flag.short.wrong_account",
    wrong_amount: "flag.short.wrong_amount",
    not_awaiting: "flag.short.not_awaiting",
    short: "flag.short.short",
    overpaid: "flag.short.overpaid",
    short_shipped: "flag.short.short_shipped",
  };
  const flagLabel = (flag: string) => (FLAG_LABELS[flag] ? t(FLAG_LABELS[flag]) : flag);
  if (!data.isSeller) return <p>{t("sell.needShop")}</p>;
  const actionable = data.orders.filter((o) => o.canAct);
  return (
    <>
      <h1>
        {t("desk.title")} {data.newCount ? <span className="count count--alert">{data.newCount}</span> : null}
      </h1>
      <nav className="desk-tabs" aria-label={t("desk.title")}>
        {FILTERS.map((f) => (
          <Link key={f} to={`?show=${f}`} aria-current={data.filter === f ? "page" : undefined}>
            {t(`desk.${f}`)}
            {f === "new" && data.newCount ? ` (${data.newCount})` : ""}
          </Link>
        ))}
        <Link to={`/sell/orders/packing?day=${data.today}`}>{t("desk.packingToday")}</Link>
        <a href={`/sell/labels.pdf?day=${data.today}`}>{t("sell.labelsToday")}</a>
        {data.isManager ? <Link to="/coop/report">{t("desk.report")}</Link> : null}
        <Link to="/sell/money">{t("money.link")}</Link>
        <Link to="/sell/cod">{t("cod.link")}</Link>
      </nav>
      {actionData ? (
        <p className="notice" role="status">
          {t("desk.bulkDone", { ok: actionData.ok, failed: actionData.failed })}
        </p>
      ) : null}
      {data.orders.length === 0 ? <p>{t("desk.none")}</p> : null}
      <Form method="post" id="bulk">
        {data.orders.map((o) => (
          <article key={o.id} className="card">
            <h2>
              {o.canAct ? (
                <label className="check">
                  <input type="checkbox" name="orderId" value={o.id} aria-label={o.code} />
                  <Link to={`/orders/${o.code}`}>{o.code}</Link>
                </label>
              ) : (
                <Link to={`/orders/${o.code}`}>{o.code}</Link>
              )}
            </h2>
            <p>
              <span className="badge">{t(`orderStatus.${o.status}`)}</span> {formatVnd(o.total_vnd)} · {t(paymentMethodName(o.payment_method).short)} ·{" "}
              {o.paid ? t("order.paidAt") : t("order.unpaid")} · {t(courierName(o.delivery_method))}
            </p>
            {o.payment_flag ? <p className="error">{t("order.flag", { flag: flagLabel(o.payment_flag) })}</p> : null}
            <p className="muted">
              {o.recipient_name} · {o.summary} · {o.seller_name} · {formatMoment(o.created_at, locale)}
            </p>
          </article>
        ))}
        {actionable.length ? (
          <fieldset className="no-print">
            <legend>{t("desk.bulk")}</legend>
            <div className="form-actions">
              {BULK.map((a) => (
                <button key={a} type="submit" name="action" value={a} className="button--secondary">
                  {t(`order.action.${a}`, { amount: "" })}
                </button>
              ))}
              <button type="submit" name="intent" value="book_pickups" className="button--secondary">
                {t("sell.bookSelected")}
              </button>
              <button type="submit" formMethod="get" formAction="/sell/orders/packing" className="button--secondary">
                {t("desk.packingSelected")}
              </button>
            </div>
          </fieldset>
        ) : null}
      </Form>
    </>
  );
}
