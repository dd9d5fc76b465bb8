import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { searchSellers } from "~/shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Tìm kiếm — Vườn Nhà" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  const results = q ? await searchSellers(context.db, q) : [];
  return {
    q,
    results: results.map((r) => ({
      kind: r.kind,
      href: r.kind === "shop" ? `/shops/${r.slug}` : `/coops/${r.slug}`,
      name: r.name,
      place: describePlace(r.province_code, r.ward_code),
    })),
  };
}

export default function Search() {
  const { q, results } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <h1>{q ? t("search.resultsFor", { q }) : t("search.title")}</h1>
      {!q ? <p>{t("search.hint")}</p> : null}
      {q && results.length === 0 ? <p className="notice">{t("search.none", { q })}</p> : null}
      <ul className="grid">
        {results.map((r) => (
          <li key={r.href} className="card">
            <h3>
              <Link to={r.href}>{r.name}</Link>
            </h3>
            <span className="badge">{r.kind === "shop" ? t("role.farmer") : t("home.coops")}</span>
            <p className="muted">{r.place}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
