import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { listProvinces } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { provinceFigures } from "~/shops/cooperatives.server";
import { pageMeta } from "~/i18n/meta";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "admin.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const figures = await provinceFigures(context.db);
  // Worded here: the comparison's strings stay off every page's dictionary (issue 15).
  const compareLabel = makeTranslate(dictionaryFor(await getLocale(request, admin.locale)))("floor.compareTitle");
  const shops = new Map(figures.shops.map((r) => [r.province_code, Number(r.count)]));
  const coops = new Map(figures.coops.map((r) => [r.province_code, Number(r.count)]));
  return {
    users: figures.users,
    compareLabel,
    provinces: listProvinces()
      .map((p) => ({ name: p.name, shops: shops.get(p.code) ?? 0, coops: coops.get(p.code) ?? 0 }))
      .filter((p) => p.shops + p.coops > 0),
  };
}

export default function Admin() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <p>
        {t("admin.users")}: <strong>{data.users}</strong>
      </p>
      <section className="panel">
        <h2>{t("admin.byProvince")}</h2>
        <p>
          <Link to="/admin/provinces">{data.compareLabel}</Link>
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("field.province")}</th>
              <th scope="col">{t("admin.shops")}</th>
              <th scope="col">{t("admin.coops")}</th>
            </tr>
          </thead>
          <tbody>
            {data.provinces.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.shops}</td>
                <td>{p.coops}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
