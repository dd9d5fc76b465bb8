import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listingPage } from "~/catalog/storefront.server";
import { CATEGORIES } from "~/catalog/taxonomy";
import { CardGrid } from "~/components/card-grid";
import { Pager } from "~/components/pager";
import { useI18n } from "~/i18n/use-t";
import { pageParam, seoMeta } from "~/lib/seo";
import { metaI18n } from "~/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t, locale } = metaI18n(matches);
  return data ? seoMeta({ title: `${data.name} — Vườn Nhà`, description: t("meta.category.description", { name: data.name }), url: data.canonical, locale }) : [];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const category = CATEGORIES.find((c) => c.slug === params.slug);
  if (!category) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const page = pageParam(url);
  const result = await listingPage(context.db, { category: category.slug }, page);
  if (page > result.pages) throw new Response("Not found", { status: 404 });
  const origin = context.publicUrl;
  return { ...result, page, slug: category.slug, name: category.vi, nameEn: category.en, canonical: `${origin}/c/${category.slug}${page > 1 ? `?page=${page}` : ""}` };
}

export default function CategoryPage() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{locale === "vi" ? data.name : data.nameEn}</h1>
      <p className="muted">{t("list.count", { count: data.total })}</p>
      {data.cards.length ? <CardGrid cards={data.cards} eager /> : <p>{t("list.empty")}</p>}
      <Pager page={data.page} pages={data.pages} href={(p) => `/c/${data.slug}${p > 1 ? `?page=${p}` : ""}`} />
    </>
  );
}
