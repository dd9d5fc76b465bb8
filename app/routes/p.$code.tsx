import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/accounts/session.server";
import { listingPage } from "~/catalog/storefront.server";
import { CATEGORY_SLUGS, categoryName } from "~/catalog/taxonomy";
import { BarChart } from "~/components/bar-chart";
import { FiguresStyle } from "~/components/figures-style";
import { CardGrid } from "~/components/card-grid";
import { Pager } from "~/components/pager";
import { getProvince, getWard } from "~/geo/address.server";
import { scriptlessStrings } from "~/i18n/dictionary.server";
import { metaI18n } from "~/i18n/meta";
import { useScriptlessI18n } from "~/i18n/use-t";
import type { ScriptlessHandle } from "~/lib/scriptless";
import { pageParam, seoMeta } from "~/lib/seo";
import { placeName } from "~/lib/text";
import { getLocale } from "~/i18n/locale.server";
import { floorFigures, floorOcopGoods, floorStalls } from "~/provinces/floor.server";

/**
 * A province's trade floor (issue 15): its stalls, its OCOP goods by stars, its figures as charts
 * drawn on the server, and all its produce by category. No script: light on a phone, and it prints.
 */
export const handle: ScriptlessHandle = { scriptless: true };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t, locale } = metaI18n(matches);
  return data
    ? seoMeta({
        title: `${t("meta.province.title", { name: placeName(data.name, locale) })} — Vườn Nhà`,
        description: t("meta.province.description", { name: placeName(data.name, locale) }),
        url: data.canonical,
        locale,
      })
    : [];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const province = getProvince(params.code ?? "");
  if (!province) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const page = pageParam(url);
  const asked = url.searchParams.get("category");
  const category = CATEGORY_SLUGS.find((c) => c === asked);
  const user = await getCurrentUser(request, context);
  const locale = await getLocale(request, user?.locale);
  const [result, figures, stalls, ocop] = await Promise.all([
    listingPage(context.db, { province: province.code, category }, page),
    floorFigures(context.db, province.code),
    floorStalls(context.db, province.code),
    floorOcopGoods(context.db, province.code),
  ]);
  if (page > result.pages) throw new Response("Not found", { status: 404 });
  const query = (p: number) => new URLSearchParams([...(category ? [["category", category]] : []), ...(p > 1 ? [["page", String(p)]] : [])]).toString();
  // json() rather than data(): the types here predate Single Fetch, and only json() keeps them.
  return json({
    ...result,
    strings: scriptlessStrings(locale, "floor."),
    page,
    category: category ?? null,
    code: province.code,
    name: province.name,
    figures,
    stalls: { coops: stalls.coops, farms: stalls.farms.map((f) => ({ ...f, ward: getWard(f.wardCode)?.name ?? "" })) },
    ocop,
    canonical: `${context.publicUrl}/p/${province.code}${query(page) ? `?${query(page)}` : ""}`,
  });
}

export default function ProvinceFloor() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useScriptlessI18n(data.strings);
  const name = placeName(data.name, locale);
  const f = data.figures;
  const ocopCount = f.ocopByStars.reduce((n, r) => n + r.count, 0);
  const href = (p: number, category: string | null = data.category) => {
    const q = new URLSearchParams([...(category ? [["category", category]] : []), ...(p > 1 ? [["page", String(p)]] : [])]).toString();
    return `/p/${data.code}${q ? `?${q}` : ""}#products`;
  };
  return (
    <>
      <FiguresStyle />
      <h1>{t("floor.title", { name })}</h1>
      <p className="muted">{t("floor.lead", { name })}</p>
      <section className="panel panel--flow" aria-labelledby="figures">
        <h2 id="figures">{t("floor.figures")}</h2>
        <ul className="figures">
          <li>
            {t("floor.stalls")}
            <strong>{f.farms + f.coops}</strong>
            <span className="muted">{t("floor.farmsCoops", { farms: f.farms, coops: f.coops })}</span>
          </li>
          <li>
            {t("floor.products")}
            <strong>{f.products}</strong>
          </li>
          <li>
            {t("floor.ocopProducts")}
            <strong>{ocopCount}</strong>
          </li>
          <li>
            {t("floor.deliveredThisMonth")}
            <strong>{f.deliveredThisMonth}</strong>
          </li>
        </ul>
        <BarChart title={t("floor.ocopChart")} rows={f.ocopByStars.map((r) => ({ label: `${"★".repeat(r.stars)} ${t("floor.stars", { count: r.stars })}`, value: r.count, display: String(r.count) }))} />
        <BarChart
          title={t("floor.deliveredChart")}
          rows={f.deliveredByMonth.map((m) => ({
            // "12/2026" as Vietnamese write it; "Dec 2026" in English.
            label:
              locale === "en"
                ? new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${m.month}-01T00:00:00Z`))
                : `${m.month.slice(5)}/${m.month.slice(0, 4)}`,
            value: m.count,
            display: String(m.count),
          }))}
        />
        {f.categories.length ? <BarChart title={t("floor.categoryChart")} rows={f.categories.map((r) => ({ label: categoryName(r.category, locale), value: r.count, display: String(r.count) }))} /> : null}
      </section>
      {data.ocop.length ? (
        <section aria-labelledby="ocop">
          <h2 id="ocop">{t("floor.ocopGoods")}</h2>
          <CardGrid cards={data.ocop} />
        </section>
      ) : null}
      <section className="panel panel--flow" aria-labelledby="stalls">
        <h2 id="stalls">{t("floor.stalls")}</h2>
        {data.stalls.coops.length + data.stalls.farms.length === 0 ? <p>{t("floor.noStalls")}</p> : null}
        {data.stalls.coops.length ? (
          <>
            <h3>{t("floor.coopStalls")}</h3>
            <ul>
              {data.stalls.coops.map((c) => (
                <li key={c.slug}>
                  <Link to={`/coops/${c.slug}`}>{c.name}</Link> <span className="muted">· {t("floor.members", { count: c.members })}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {data.stalls.farms.length ? (
          <>
            <h3>{t("floor.farmStalls")}</h3>
            <ul>
              {data.stalls.farms.map((s) => (
                <li key={s.slug}>
                  <Link to={`/shops/${s.slug}`}>{s.name}</Link>{" "}
                  <span className="muted">
                    · {placeName(s.ward, locale)} · {t("list.count", { count: s.products })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section aria-labelledby="products" id="products">
        <h2>{t("floor.allProducts")}</h2>
        <nav className="chips" aria-label={t("floor.categoryChart")}>
          <Link to={href(1, null)} aria-current={data.category ? undefined : "page"}>
            {t("floor.allCategories")}
          </Link>
          {f.categories.map((c) => (
            <Link key={c.category} to={href(1, c.category)} aria-current={data.category === c.category ? "page" : undefined}>
              {categoryName(c.category, locale)} ({c.count})
            </Link>
          ))}
        </nav>
        <p className="muted">{t("list.count", { count: data.total })}</p>
        {data.cards.length ? <CardGrid cards={data.cards} /> : <p>{t("list.empty")}</p>}
        <Pager page={data.page} pages={data.pages} href={(p) => href(p)} />
      </section>
      <p className="no-print">
        <Link to={`/officer?province=${data.code}`}>{t("floor.salesLink")}</Link>
      </p>
    </>
  );
}
