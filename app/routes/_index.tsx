import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { freshThisWeek, productCountsByProvince, verifiedOcopPicks } from "~/catalog/storefront.server";
import { CardGrid } from "~/components/card-grid";
import { CategoryChips } from "~/components/category-chips";
import { useI18n } from "~/i18n/use-t";
import { cached } from "~/lib/cache.server";
import { seoMeta } from "~/lib/seo";
import { metaI18n } from "~/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t, locale } = metaI18n(matches);
  return seoMeta({ title: t("meta.home.title"), description: t("meta.home.description"), url: data ? `${data.origin}/` : undefined, locale });
};

export async function loader({ context }: LoaderFunctionArgs) {
  // The same for every visitor: computed at most every 30 s per server process.
  const [fresh, ocop, provinces] = await Promise.all([
    cached("home:fresh", 30_000, () => freshThisWeek(context.db, 8)),
    cached("home:ocop", 30_000, () => verifiedOcopPicks(context.db, 8)),
    cached("home:provinces", 30_000, () => productCountsByProvince(context.db)),
  ]);
  return { fresh, ocop, provinces, origin: context.publicUrl };
}

export default function Home() {
  const { fresh, ocop, provinces } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <section className="hero">
        <h1>{t("home.searchLead")}</h1>
        <Form method="get" action="/search" role="search" className="search-box search-box--big">
          <label htmlFor="home-q" className="visually-hidden">
            {t("nav.search")}
          </label>
          <input id="home-q" type="search" name="q" placeholder={t("search.placeholderBig")} maxLength={120} />
          <button type="submit">{t("nav.search")}</button>
        </Form>
      </section>
      <section>
        <h2>{t("home.categories")}</h2>
        <CategoryChips />
      </section>
      {fresh.length ? (
        <section>
          <h2>{t("home.fresh")}</h2>
          <CardGrid cards={fresh} eager />
        </section>
      ) : null}
      {ocop.length ? (
        <section>
          <h2>{t("home.ocop")}</h2>
          <CardGrid cards={ocop} />
        </section>
      ) : null}
      {provinces.length ? (
        <section>
          <h2>{t("home.byProvince")}</h2>
          <ul className="chips">
            {provinces.map((p) => (
              <li key={p.code}>
                <Link to={`/p/${p.code}`}>
                  {p.name} <span className="muted">({p.count})</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
    </>
  );
}
