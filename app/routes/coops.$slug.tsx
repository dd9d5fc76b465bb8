import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { getPublicCooperative, listMembers } from "~/shops/cooperatives.server";
import { cooperativeCards } from "~/catalog/storefront.server";
import { CardGrid } from "~/components/card-grid";
import { forwardPageTags, PAGE_TAGS, pageTags } from "~/lib/page-tags";

export const headers: HeadersFunction = ({ loaderHeaders }) => forwardPageTags(loaderHeaders);

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.coop.name} — Vườn Nhà` }, { name: "description", content: data.coop.story.slice(0, 160) }] : [];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const coop = await getPublicCooperative(context.db, params.slug ?? "");
  if (!coop) throw new Response("Not found", { status: 404 });
  const members = await listMembers(context.db, coop.id);
  const products = await cooperativeCards(context.db, coop.id, members.map((m) => m.shop_id));
  // Any member's product changing changes this page (the co-op's own listings are grown by members too).
  const tags = [pageTags({ coop: coop.id }), ...members.map((m) => pageTags({ shopProducts: m.shop_id }))].join(" ");
  return json({
    products,
    coop: {
      name: coop.name,
      story: coop.story,
      place: describePlace(coop.province_code, coop.ward_code),
      phone: formatPhone(coop.phone),
      manager: coop.manager_name,
    },
    members: members.map((m) => ({ slug: m.slug, name: m.shop_name, farmer: m.full_name, place: describePlace(m.province_code, m.ward_code) })),
  }, { headers: { [PAGE_TAGS]: tags } });
}

export default function CooperativePage() {
  const { coop, members, products } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <section className="panel">
        <h1>{coop.name}</h1>
        <p className="muted">{coop.place}</p>
        <p>{t("coop.managedBy", { name: coop.manager })}</p>
        {coop.story ? <p style={{ whiteSpace: "pre-line" }}>{coop.story}</p> : null}
        <p>
          {t("shop.contact")}: <a href={`tel:${coop.phone.replace(/ /g, "")}`}>{coop.phone}</a>
        </p>
      </section>
      <h2>{t("coop.products", { count: products.length })}</h2>
      {products.length ? <CardGrid cards={products} /> : <p className="muted">{t("coop.noProducts")}</p>}
      <h2>{t("coop.members", { count: members.length })}</h2>
      <ul className="grid">
        {members.map((m) => (
          <li key={m.slug} className="card">
            <h3>
              <Link to={`/shops/${m.slug}`}>{m.name}</Link>
            </h3>
            <p className="muted">
              {m.farmer} · {m.place}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
