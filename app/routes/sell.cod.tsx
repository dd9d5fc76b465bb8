import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { getTranslate } from "~/i18n/locale.server";
import { pageMeta } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-t";
import { formatMoment } from "~/lib/dates";
import { formatVnd } from "~/lib/money";
import { ForbiddenError, parseWholeNumber } from "~/lib/validation.server";
import { codReport, recordCodRemittance, REMITTANCE_DUE_DAYS } from "~/shipping/cod-report.server";
import { courierName } from "~/shipping/couriers";
import { getManagedCooperative } from "~/shops/cooperatives.server";
import { getShopByOwner } from "~/shops/shops.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "cod.title", { noindex: true });

/** A seller's cash on delivery, courier by courier: collected, paid over, still owed, and what does not add up. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const [shop, coop] = await Promise.all([getShopByOwner(context.db, user.id), getManagedCooperative(context.db, user.id)]);
  if (!shop && !coop) throw new Response("Not found", { status: 404 });
  const carrierIds = context.couriers.carriers.map((c) => c.id);
  const sellers = [
    ...(shop ? [{ name: shop.name, couriers: await codReport(context.db, { shopId: shop.id }, carrierIds) }] : []),
    ...(coop ? [{ name: coop.name, couriers: await codReport(context.db, { cooperativeId: coop.id }, carrierIds) }] : []),
  ];
  return { sellers, dueDays: REMITTANCE_DUE_DAYS };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getTranslate(request, user.locale);
  const form = await request.formData();
  const shipmentId = String(form.get("shipmentId") ?? "");
  const amount = parseWholeNumber(String(form.get("amount") ?? ""), { currency: true });
  if (!/^[0-9]{1,18}$/.test(shipmentId)) return { error: t("cod.error.nothing"), shipmentId };
  if (amount === null || amount < 0 || amount > 1_000_000_000) return { error: t("cod.error.amount"), shipmentId };
  try {
    if (!(await recordCodRemittance(context.db, user, shipmentId, BigInt(amount)))) return { error: t("cod.error.nothing"), shipmentId };
  } catch (error) {
    if (error instanceof ForbiddenError) return { error: t("order.error.notYours"), shipmentId };
    throw error;
  }
  return redirect("/sell/cod?done=1");
}

export default function CashOnDelivery() {
  const { sellers, dueDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const { t, locale } = useI18n();
  const money = (vnd: string | null) => (vnd === null ? "—" : formatVnd(vnd));
  return (
    <>
      <h1>{t("cod.title")}</h1>
      <p className="muted">{t("cod.intro", { days: dueDays })}</p>
      {params.get("done") && !result ? (
        <p className="notice" role="status">
          {t("cod.recorded")}
        </p>
      ) : null}
      {sellers.map((s) => (
        <section key={s.name} aria-label={s.name}>
          {sellers.length > 1 ? <h2>{s.name}</h2> : null}
          {s.couriers.length === 0 ? <p className="muted">{t("cod.none")}</p> : null}
          {s.couriers.map((c) => (
            <section className="panel" key={c.courier} aria-label={t(courierName(c.courier))}>
              <h2>
                {t(courierName(c.courier))} {c.flagged ? <span className="count count--alert">⚠ {t("cod.flagged", { n: c.flagged })}</span> : null}
              </h2>
              <dl className="money-figures">
                <dt>{t("cod.toCollect")}</dt>
                <dd>{formatVnd(c.toCollectVnd)}</dd>
                <dt>{t("cod.collected")}</dt>
                <dd>{formatVnd(c.collectedVnd)}</dd>
                <dt>{t("cod.remitted")}</dt>
                <dd>{formatVnd(c.remittedVnd)}</dd>
                <dt>{t("cod.outstanding")}</dt>
                <dd>
                  <strong>{formatVnd(c.outstandingVnd)}</strong>
                </dd>
              </dl>
              <ul className="money-orders">
                {c.parcels.map((p) => (
                  <li key={p.shipmentId} data-order={p.orderCode}>
                    <p>
                      {p.flags.length ? "⚠ " : ""}
                      <Link to={`/orders/${p.orderCode}`}>{p.orderCode}</Link>
                      {p.trackingCode ? ` · ${p.trackingCode}` : ""} · <span className="muted">{t(`shipmentStatus.${p.status}`)}</span>
                    </p>
                    <dl className="money-figures">
                      <dt>{t("cod.expected")}</dt>
                      {/* A parcel that came back or was lost collects nothing. */}
                      <dd>{p.status === "returned" || p.status === "returning" || p.status === "lost" ? <span className="muted">{t("cod.nothingToCollect")}</span> : formatVnd(p.expectedVnd)}</dd>
                      <dt>{t("cod.parcelCollected")}</dt>
                      <dd>
                        {money(p.collectedVnd)}
                        {p.collectedAt ? <span className="muted"> · {formatMoment(p.collectedAt, locale)}</span> : null}
                      </dd>
                      <dt>{t("cod.parcelRemitted")}</dt>
                      <dd>
                        {money(p.remittedVnd)}
                        {p.remittedAt ? <span className="muted"> · {formatMoment(p.remittedAt, locale)}</span> : null}
                      </dd>
                    </dl>
                    {p.flags.map((f) => (
                      <p key={f} className="notice notice--error">
                        ⚠ {t(`cod.flag.${f}`, { days: dueDays })}
                      </p>
                    ))}
                    {p.canRecordRemittance ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="shipmentId" value={p.shipmentId} />
                        <label>
                          {t("cod.recordAmount")}{" "}
                          <input name="amount" inputMode="numeric" defaultValue={formatVnd(p.collectedVnd ?? "0").replace(/\s*₫$/, "")} required size={12} />
                        </label>{" "}
                        <button type="submit" className="button--secondary" disabled={busy}>
                          {t("cod.record")}
                        </button>
                        {result?.shipmentId === p.shipmentId ? (
                          <p className="notice notice--error" role="alert">
                            {result.error}
                          </p>
                        ) : null}
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </>
  );
}
