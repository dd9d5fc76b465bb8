import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listingPage } from "~/catalog/storefront.server";
import { CardGrid } from "~/components/card-grid";
import { Pager } from "~/components/pager";
import { getProvince } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { pageParam, seoMeta } from "~/lib/seo";
import { metaI18n } from "~/i18n/meta";
import { placeName } from "~/lib/text";

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
  const result = await listingPage(context.db, { province: province.code }, page);
  if (page > result.pages) throw new Response("Not found", { status: 404 });
  const origin = context.publicUrl;
  return { ...result, page, code: province.code, name: province.name, canonical: `${origin}/p/${province.code}${page > 1 ? `?page=${page}` : ""}` };
}

export default function ProvincePage() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("list.province", { name: placeName(data.name, locale) })}</h1>
      <p className="muted">{t("list.count", { count: data.total })}</p>
      {data.cards.length ? <CardGrid cards={data.cards} eager /> : <p>{t("list.empty")}</p>}
      <Pager page={data.page} pages={data.pages} href={(p) => `/p/${data.code}${p > 1 ? `?page=${p}` : ""}`} />
    </>
  );
}
