import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { categoryName } from "~/catalog/taxonomy";
import { BarChart } from "~/components/bar-chart";
import { FiguresStyle } from "~/components/figures-style";
import { getProvince, getWard } from "~/geo/address.server";
import { scriptlessStrings } from "~/i18n/dictionary.server";
import { getLocale } from "~/i18n/locale.server";
import { useScriptlessI18n } from "~/i18n/use-t";
import { formatVnd } from "~/lib/money";
import type { ScriptlessHandle } from "~/lib/scriptless";
import { placeName } from "~/lib/text";
import { ForbiddenError } from "~/lib/validation.server";
import { officerRequest } from "~/provinces/officer-request.server";
import { answerOfficerGrant, endOfficerGrant } from "~/provinces/sales.server";
import { courierName } from "~/shipping/couriers";

/** A province officer's view of her province's sales (issue 15); no script, and it prints. */
export const handle: ScriptlessHandle = { scriptless: true };

export const meta: MetaFunction = () => [
  { title: "Vườn Nhà" },
  { name: "robots", content: "noindex" },
];

export async function loader(args: LoaderFunctionArgs) {
  const view = await officerRequest(args);
  const locale = await getLocale(args.request, view.user.locale);
  const strings = scriptlessStrings(locale, "floor.");
  const pending =
    view.grant && !view.grant.accepted
      ? {
          id: view.grant.id,
          province: getProvince(view.grant.provinceCode)?.name ?? "",
        }
      : null;
  if (!view.sales)
    return json(
      { strings, pending, isAdmin: view.user.is_admin, view: null },
      { status: pending || view.user.is_admin ? 200 : 403 }
    );
  const s = view.sales;
  const rows = (list: typeof s.byCategory) =>
    list.map((r) => ({ ...r, value: r.value.toString() }));
  return json({
    strings,
    pending,
    isAdmin: view.user.is_admin,
    view: {
      code: view.province.code,
      name: view.province.name,
      period: view.period,
      valid: view.valid,
      grantId: view.grant?.accepted ? view.grant.id : null,
      orders: s.orders,
      value: s.value.toString(),
      buyers: s.buyers,
      returningBuyers: s.returningBuyers,
      returningShare: s.returningShare,
      byCategory: rows(s.byCategory),
      byWard: rows(s.byWard).map((r) => ({
        ...r,
        label: getWard(r.key)?.name ?? r.key,
      })),
      byStars: rows(s.byStars),
      top: s.top.map((r) => ({ ...r, value: r.value.toString() })),
      couriers: s.couriers,
    },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  const grantId = String(form.get("grantId") ?? "");
  const intent = form.get("intent");
  try {
    if (intent === "accept" || intent === "decline")
      await answerOfficerGrant(context.db, user, grantId, intent === "accept");
    else if (intent === "stepDown")
      await endOfficerGrant(context.db, user, grantId);
    else throw new ForbiddenError();
  } catch (error) {
    if (error instanceof ForbiddenError)
      throw new Response("Forbidden", { status: 403 });
    throw error;
  }
  return redirect(intent === "accept" ? "/officer" : "/account");
}

const million = (value: string) => Number(BigInt(value) / 1000n) / 1000;

export default function OfficerDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useScriptlessI18n(data.strings);
  const v = data.view;
  if (!v) {
    return (
      <section className="panel">
        {data.pending ? (
          <>
            <h1>{t("floor.pendingTitle")}</h1>
            <p>
              {t("floor.pendingLead", {
                name: placeName(data.pending.province, locale),
              })}
            </p>
            <form method="post" className="inline-form">
              <input type="hidden" name="grantId" value={data.pending.id} />
              <button type="submit" name="intent" value="accept">
                {t("floor.accept")}
              </button>{" "}
              <button
                type="submit"
                name="intent"
                value="decline"
                className="button--secondary"
              >
                {t("floor.decline")}
              </button>
            </form>
          </>
        ) : data.isAdmin ? (
          <p>
            <Link to="/admin/provinces">{t("floor.compareTitle")}</Link>
          </p>
        ) : (
          <p>{t("floor.notOfficer")}</p>
        )}
      </section>
    );
  }
  const name = placeName(v.name, locale);
  const query = `province=${v.code}&from=${v.period.from}&to=${v.period.to}`;
  const share = new Intl.NumberFormat(locale === "en" ? "en-US" : "vi-VN", {
    style: "percent",
  }).format(v.returningShare);
  const bars = (
    list: Array<{ key: string; value: string; label?: string }>,
    label: (r: { key: string; label?: string }) => string
  ) =>
    list.map((r) => ({
      label: label(r),
      value: million(r.value),
      display: formatVnd(r.value),
    }));
  return (
    <>
      <FiguresStyle />
      <h1>{t("floor.salesTitle", { name })}</h1>
      <p className="muted">{t("floor.salesLead")}</p>
      <form method="get" className="row-2 no-print">
        <input type="hidden" name="province" value={v.code} />
        <div className="field">
          <label htmlFor="from">{t("floor.from")}</label>
          <input
            id="from"
            type="date"
            name="from"
            defaultValue={v.period.from}
          />
        </div>
        <div className="field">
          <label htmlFor="to">{t("floor.to")}</label>
          <input id="to" type="date" name="to" defaultValue={v.period.to} />
        </div>
        <button type="submit">{t("floor.show")}</button>
      </form>
      {v.valid ? null : (
        <p className="notice notice--error" role="alert">
          {t("floor.badPeriod")}
        </p>
      )}
      <p className="no-print">
        <a href={`/officer.csv?${query}`} download>
          {t("floor.csv")}
        </a>{" "}
        · <Link to={`/p/${v.code}`}>{t("floor.title", { name })}</Link>
      </p>
      <ul className="figures">
        <li>
          {t("floor.orders")}
          <strong>{v.orders}</strong>
        </li>
        <li>
          {t("floor.value")}
          <strong>{formatVnd(v.value)}</strong>
        </li>
        <li>
          {t("floor.buyers")}
          <strong>{v.buyers}</strong>
        </li>
      </ul>
      {v.orders === 0 ? <p>{t("floor.noSales")}</p> : null}
      {v.orders === 0 ? null : (
        <>
          <section className="panel panel--flow">
            <BarChart
              title={t("floor.byCategory")}
              rows={bars(v.byCategory, (r) => categoryName(r.key, locale))}
            />
            <BarChart
              title={t("floor.byWard")}
              rows={bars(v.byWard, (r) => placeName(r.label ?? r.key, locale))}
            />
            <BarChart
              title={t("floor.byStars")}
              rows={bars(v.byStars, (r) =>
                r.key === "0"
                  ? t("floor.noOcop")
                  : `${"★".repeat(Number(r.key))} ${t("floor.stars", {
                      count: Number(r.key),
                    })}`
              )}
            />
          </section>
          <section className="panel panel--flow">
            <h2>{t("floor.topProducts")}</h2>
            <ol>
              {v.top.map((p) => (
                <li key={p.productId}>
                  <Link to={`/products/${p.slug}`}>{p.title}</Link> —{" "}
                  {formatVnd(p.value)}{" "}
                  <span className="muted">
                    · {t("floor.orders")}: {p.orders}
                  </span>
                </li>
              ))}
            </ol>
            <h2>{t("floor.returningBuyers")}</h2>
            <p>
              {t("floor.returningShare", {
                returning: v.returningBuyers,
                buyers: v.buyers,
                share,
              })}
            </p>
            <h2>{t("floor.deliveryTimes")}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("floor.courier")}</th>
                  <th scope="col">{t("floor.delivered")}</th>
                  <th scope="col">{t("floor.medianHours")}</th>
                  <th scope="col">{t("floor.p90Hours")}</th>
                </tr>
              </thead>
              <tbody>
                {v.couriers.map((c) => (
                  <tr key={c.courier}>
                    <td>{t(courierName(c.courier))}</td>
                    <td>{c.delivered}</td>
                    <td>{c.medianHours.toFixed(1)}</td>
                    <td>{c.p90Hours.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      {v.grantId ? (
        <form method="post" className="no-print">
          <input type="hidden" name="grantId" value={v.grantId} />
          <button
            type="submit"
            name="intent"
            value="stepDown"
            className="button--secondary"
          >
            {t("floor.stepDown")}
          </button>
        </form>
      ) : null}
    </>
  );
}
