import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { useI18n } from "~/i18n/use-t";
import { pageMeta } from "~/i18n/meta";
import { formatVnd } from "~/lib/money";
import { isOrderStatus } from "~/orders/state";
import { accountsOf, orderMoneyStates, sellerBalances, sellerOrderMoney } from "~/payments/payouts.server";
import { getManagedCooperative } from "~/shops/cooperatives.server";
import { getShopByOwner } from "~/shops/shops.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "money.title", { noindex: true });

/**
 * A seller's money from wallet and card payments, which the marketplace holds and pays out: what is
 * still pending, what can be paid out, what was paid, and per order the total, commission, fee and
 * her share. (VietQR and cash go straight to her and are not here.)
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const [accounts, shop, coop] = await Promise.all([accountsOf(context.db, user), getShopByOwner(context.db, user.id), getManagedCooperative(context.db, user.id)]);
  if (!shop && !coop) throw new Response("Not found", { status: 404 });
  const balances = await sellerBalances(context.db, context.payments.money.holdDays, accounts);
  const sellers = await Promise.all(
    accounts.map(async (account) => {
      const b = balances.find((x) => x.account === account);
      const [orders, states] = await Promise.all([
        sellerOrderMoney(context.db, account),
        orderMoneyStates(context.db, context.payments.money.holdDays, account, { paidOut: b?.paidOut ?? 0n, reserved: b?.reserved ?? 0n }),
      ]);
      return {
        name: account.startsWith("seller:shop:") ? (shop?.name ?? "") : (coop?.name ?? ""),
        pending: String(b?.pending ?? 0n),
        available: String(b?.available ?? 0n),
        reserved: String(b?.reserved ?? 0n),
        paidOut: String(b?.paidOut ?? 0n),
        orders: orders.map((o) => ({ ...o, deliveredAt: o.deliveredAt?.toISOString() ?? null, money: states.get(o.code) ?? null })),
      };
    }),
  );
  return { sellers, holdDays: context.payments.money.holdDays, commissionBps: context.payments.money.commissionBps };
}

/** What is taken off, with a minus sign unless it is nothing. */
const minus = (vnd: string) => (vnd === "0" ? formatVnd(vnd) : `−${formatVnd(vnd)}`);

export default function SellerMoney() {
  const { sellers, holdDays, commissionBps } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <h1>{t("money.title")}</h1>
      <p className="muted">{t(holdDays === 0 ? "money.introNow" : "money.intro", { days: holdDays, percent: (commissionBps / 100).toLocaleString("vi-VN") })}</p>
      {sellers.map((s) => (
        <section className="panel" key={s.name} aria-label={s.name}>
          <h2>{s.name}</h2>
          <dl className="money-figures">
            <dt>{t("money.pending")}</dt>
            <dd>{formatVnd(s.pending)}</dd>
            <dt>{t("money.available")}</dt>
            <dd>
              <strong>{formatVnd(s.available)}</strong>
            </dd>
            {s.reserved !== "0" ? (
              <>
                <dt>{t("money.reserved")}</dt>
                <dd>{formatVnd(s.reserved)}</dd>
              </>
            ) : null}
            <dt>{t("money.paidOut")}</dt>
            <dd>{formatVnd(s.paidOut)}</dd>
          </dl>
          {s.orders.length ? (
            <ul className="money-orders">
              {s.orders.map((o) => (
                <li key={o.code}>
                  <p>
                    <Link to={`/orders/${o.code}`}>{o.code}</Link> · <span className="muted">{isOrderStatus(o.status) ? t(`orderStatus.${o.status}`) : o.status}</span>
                    {o.money ? (
                      <>
                        {" "}
                        · {o.money === "paidOut" ? <strong>{t(`money.order.${o.money}`)}</strong> : <span className="muted">{t(`money.order.${o.money}`)}</span>}
                      </>
                    ) : null}
                  </p>
                  <dl className="money-figures">
                    <dt>{t("money.total")}</dt>
                    <dd>{formatVnd(o.total)}</dd>
                    <dt>{t("money.commission")}</dt>
                    <dd>{minus(o.commission)}</dd>
                    <dt>{t("money.fee")}</dt>
                    <dd>{minus(o.fee)}</dd>
                    <dt>{t("money.net")}</dt>
                    <dd>
                      <strong>{formatVnd(o.net)}</strong>
                    </dd>
                  </dl>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("money.none")}</p>
          )}
        </section>
      ))}
    </>
  );
}
