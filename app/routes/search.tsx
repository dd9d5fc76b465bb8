import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CATEGORIES, unitName } from "~/catalog/taxonomy";
import { CategoryChips } from "~/components/category-chips";
import { Picture } from "~/components/picture";
import { describePlace, getProvince, listProvinces } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { formatVnd } from "~/lib/money";
import { coverPicture } from "~/search/documents.server";
import { CERTS, parseSearchParams, searchUrl, SORTS } from "~/search/params";
import { searchProducts } from "~/search/search.server";
import { searchSellers } from "~/shops/shops.server";
import { metaI18n } from "~/i18n/meta";
import { CardStats } from "~/components/product-card";
import { NoScript } from "~/components/no-script";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: `${data?.params.q ? metaI18n(matches).t("meta.searchFor", { q: data.params.q }) : metaI18n(matches).t("search.title")} — Vườn Nhà` },
  { name: "robots", content: "noindex, follow" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = parseSearchParams(url, (code) => Boolean(getProvince(code)));
  const [result, sellers] = await Promise.all([
    searchProducts({ db: context.db, meili: context.meili }, params),
    params.q && params.page === 1 ? searchSellers(context.db, params.q, 6) : Promise.resolve([]),
  ]);
  return {
    params,
    total: result.total,
    page: result.page,
    pages: result.pages,
    engine: result.engine,
    suggestion: result.suggestion,
    facets: result.facets,
    provinces: listProvinces().map((p) => ({ code: p.code, name: p.name, count: result.facets.province_code?.[p.code] ?? null })),
    hits: result.hits.map((h) => ({
      slug: h.slug,
      title: h.title,
      unit: h.unit,
      price: String(h.price_vnd),
      inStock: h.in_stock,
      place: h.province_name || "",
      producer: h.producer_name,
      stars: h.ocop_stars,
      certs: h.certifications,
      picture: h.cover ? coverPicture(h.cover) : null,
      // Documents indexed before these fields existed have none until their next sync.
      rating: h.rating ?? null,
      reviewCount: h.review_count ?? 0,
      sold: h.sold ?? 0,
    })),
    sellers: sellers.map((s) => ({
      href: s.kind === "shop" ? `/shops/${s.slug}` : `/coops/${s.slug}`,
      name: s.name,
      place: describePlace(s.province_code, s.ward_code),
    })),
  };
}

export default function Search() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const { params } = data;
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/search";
  useEffect(() => () => clearTimeout(timer.current), []);
  // With JavaScript, results follow the form as you type (debounced) and the URL follows too.
  const update = (delay: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (formRef.current) submit(formRef.current, { replace: true, preventScrollReset: true });
    }, delay);
  };
  const count = (facet: string, value: string) => data.facets[facet]?.[value];
  const filtersActive = Boolean(
    params.category || params.province || params.stars || params.certs.length || params.minPrice !== null || params.maxPrice !== null || params.inStock || params.sort !== "relevance",
  );
  return (
    <div className="search-page">
      <Form method="get" action="/search" ref={formRef} className="search-form" onChange={(e) => update((e.target as HTMLElement).getAttribute("name") === "q" ? 300 : 0)}>
        <label htmlFor="search-q" className="visually-hidden">
          {t("nav.search")}
        </label>
        <div className="search-box search-box--big">
          <input id="search-q" type="search" name="q" defaultValue={params.q} placeholder={t("search.placeholderBig")} maxLength={120} autoComplete="off" />
          <button type="submit">{t("nav.search")}</button>
        </div>
        {/* Closed on arrival so results come first on a phone; open while any filter is set. */}
        <details className="filters" open={filtersActive}>
          <summary>{t("search.filters")}</summary>
          <div className="filter-grid">
            <label>
              {t("listing.category")}
              <select name="category" defaultValue={params.category ?? ""}>
                <option value="">{t("search.any")}</option>
                {CATEGORIES.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {c[locale]}
                    {count("category", c.slug) !== undefined ? ` (${count("category", c.slug)})` : ""}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("field.province")}
              <select name="province" defaultValue={params.province ?? ""}>
                <option value="">{t("search.any")}</option>
                {data.provinces.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name}
                    {p.count !== null ? ` (${p.count})` : ""}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("search.stars")}
              <select name="stars" defaultValue={params.stars ? String(params.stars) : ""}>
                <option value="">{t("search.any")}</option>
                {[3, 4, 5].map((n) => {
                  const c = Object.entries(data.facets.ocop_stars ?? {}).reduce((sum, [k, v]) => (Number(k) >= n ? sum + v : sum), 0);
                  return (
                    <option key={n} value={n}>
                      {t("search.starsAtLeast", { n })}
                      {data.facets.ocop_stars ? ` (${c})` : ""}
                    </option>
                  );
                })}
              </select>
            </label>
            <fieldset className="inline-checks">
              <legend>{t("search.certs")}</legend>
              {CERTS.map((c) => (
                <label key={c} className="check">
                  <input type="checkbox" name="cert" value={c} defaultChecked={params.certs.includes(c)} />
                  {t(c === "vietgap" ? "listing.vietgap" : "listing.organic")}
                  {count("certifications", c) !== undefined ? ` (${count("certifications", c)})` : ""}
                </label>
              ))}
            </fieldset>
            <fieldset className="price-range">
              <legend>{t("search.price")}</legend>
              <label>
                {t("search.minPrice")}
                <input name="min" inputMode="numeric" defaultValue={params.minPrice ?? ""} size={9} />
              </label>
              <label>
                {t("search.maxPrice")}
                <input name="max" inputMode="numeric" defaultValue={params.maxPrice ?? ""} size={9} />
              </label>
            </fieldset>
            <label className="check">
              <input type="checkbox" name="stock" value="1" defaultChecked={params.inStock} />
              {t("search.inStock")}
              {count("in_stock", "true") !== undefined ? ` (${count("in_stock", "true")})` : ""}
            </label>
            <label>
              {t("search.sort")}
              <select name="sort" defaultValue={params.sort}>
                {SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(`sort.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <NoScript>
            <button type="submit">{t("search.apply")}</button>
          </NoScript>
          <Link to={params.q ? `/search?q=${encodeURIComponent(params.q)}` : "/search"}>{t("search.clear")}</Link>
        </details>
      </Form>

      {data.engine === "postgres" ? (
        <p className="notice" role="status">
          {t("search.simplified")}
        </p>
      ) : null}

      <h1 aria-live="polite" className={busy ? "loading" : undefined}>
        {params.q ? t("search.productsFor", { count: data.total, q: params.q }) : t("search.productsAll", { count: data.total })}
      </h1>

      {data.total === 0 ? (
        <div className="panel">
          <p>{params.q ? t("search.noProducts", { q: params.q }) : t("list.empty")}</p>
          {data.suggestion ? (
            <p>
              {t("search.didYouMean")} <Link to={searchUrl({ ...params, q: data.suggestion, page: 1 })}>{data.suggestion}</Link>?
            </p>
          ) : null}
          <p className="muted">{t("search.tryHint")}</p>
          <CategoryChips />
        </div>
      ) : null}

      <ul className="grid product-grid" data-testid="results">
        {data.hits.map((h, i) => (
          <li key={h.slug} className="card product-card">
            <Link to={`/products/${h.slug}`}>
              {h.picture ? <Picture picture={h.picture} alt="" sizes="(min-width: 40rem) 15rem, 50vw" eager={i < 2} /> : null}
              <h3>{h.title}</h3>
            </Link>
            <p className="price-small">{t("product.perUnit", { price: formatVnd(h.price), unit: unitName(h.unit, locale) })}</p>
            <CardStats rating={h.rating} reviewCount={h.reviewCount} sold={h.sold} />
            <p className="muted card-place">
              {h.producer} · {h.place}
            </p>
            <p className="card-badges">
              {h.stars ? <span className="badge">{t("product.ocopBadge", { n: h.stars })}</span> : null}
              {h.certs.map((c) => (
                <span key={c} className="badge">
                  {t(c === "vietgap" ? "listing.vietgap" : "listing.organic")}
                </span>
              ))}
              {!h.inStock ? <span className="badge status-sold_out">{t("product.soldOut")}</span> : null}
            </p>
          </li>
        ))}
      </ul>

      {data.pages > 1 ? (
        <nav className="pager" aria-label={t("page.of", { page: data.page, pages: data.pages })}>
          {data.page > 1 ? <Link to={searchUrl(params, { page: data.page - 1 })}>{t("page.prev")}</Link> : <span />}
          <span>{t("page.of", { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? <Link to={searchUrl(params, { page: data.page + 1 })}>{t("page.next")}</Link> : <span />}
        </nav>
      ) : null}

      {data.sellers.length ? (
        <section>
          <h2>{t("search.farms")}</h2>
          <ul className="grid">
            {data.sellers.map((s) => (
              <li key={s.href} className="card">
                <h3>
                  <Link to={s.href}>{s.name}</Link>
                </h3>
                <p className="muted">{s.place}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
