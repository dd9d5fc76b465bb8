import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { useI18n } from "~/i18n/use-t";
import { formatVnd } from "~/lib/money";
import { listBuyerOrders } from "~/orders/desk.server";
import { pageMeta } from "~/i18n/meta";
import { formatMoment } from "~/lib/dates";
import { paymentMethodName } from "~/payments/methods";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "orders.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const orders = await listBuyerOrders(context.db, user);
  return { orders: orders.map((o) => ({ ...o, total_vnd: String(o.total_vnd), created_at: o.created_at.toISOString() })) };
}

export default function BuyerOrders() {
  const { orders } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const placed = params.get("placed");
  return (
    <>
      <h1>{t("orders.title")}</h1>
      {placed ? (
        <p className="notice" role="status">
          {t("orders.placed", { n: placed })}
        </p>
      ) : null}
      {orders.length === 0 ? <p>{t("orders.none")}</p> : null}
      {orders.map((o) => (
        <article key={o.code} className="card">
          <h2>
            <Link to={`/orders/${o.code}`}>{t("order.title", { code: o.code })}</Link>
          </h2>
          <p>
            <span className="badge">{t(`orderStatus.${o.status}`)}</span> {o.seller_name} · {formatVnd(o.total_vnd)} ·{" "}
            {t(paymentMethodName(o.payment_method).short)}
          </p>
          <p className="muted">
            {o.summary} · {formatMoment(o.created_at, locale)}
          </p>
        </article>
      ))}
    </>
  );
}
