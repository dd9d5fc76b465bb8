import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { listCooperatives } from "~/shops/cooperatives.server";
import { listRecentShops } from "~/shops/shops.server";

export const meta: MetaFunction = () => [
  { title: "Vườn Nhà — nông sản và OCOP từ vườn nhà nông dân" },
  { name: "description", content: "Mua nông sản và sản phẩm OCOP thẳng từ nông dân và hợp tác xã Việt Nam." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const [shops, coops] = await Promise.all([listRecentShops(context.db, 12), listCooperatives(context.db, 12)]);
  const place = (s: { province_code: string; ward_code: string }) => describePlace(s.province_code, s.ward_code);
  return {
    shops: shops.map((s) => ({ slug: s.slug, name: s.name, place: place(s) })),
    coops: coops.map((c) => ({ slug: c.slug, name: c.name, place: place(c) })),
  };
}

export default function Home() {
  const { shops, coops } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <section className="panel">
        <h1>{t("app.tagline")}</h1>
        <p>{t("app.intro")}</p>
      </section>
      <div className="grid">
        <section className="card">
          <h2>{t("home.sellTitle")}</h2>
          <p>{t("home.sellText")}</p>
          <Link className="button" to="/shop/new">
            {t("home.openShop")}
          </Link>
        </section>
        <section className="card">
          <h2>{t("home.coopTitle")}</h2>
          <p>{t("home.coopText")}</p>
          <Link className="button button--secondary" to="/coop/new">
            {t("home.createCoop")}
          </Link>
        </section>
      </div>
      <h2>{t("home.shops")}</h2>
      {shops.length ? (
        <ul className="grid">
          {shops.map((s) => (
            <li key={s.slug} className="card">
              <h3>
                <Link to={`/shops/${s.slug}`}>{s.name}</Link>
              </h3>
              <p className="muted">{s.place}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("home.noShops")}</p>
      )}
      {coops.length ? (
        <>
          <h2>{t("home.coops")}</h2>
          <ul className="grid">
            {coops.map((c) => (
              <li key={c.slug} className="card">
                <h3>
                  <Link to={`/coops/${c.slug}`}>{c.name}</Link>
                </h3>
                <p className="muted">{c.place}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
