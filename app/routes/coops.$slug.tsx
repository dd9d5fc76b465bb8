import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { getPublicCooperative, listMembers } from "~/shops/cooperatives.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.coop.name} — Vườn Nhà` }, { name: "description", content: data.coop.story.slice(0, 160) }] : [];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const coop = await getPublicCooperative(context.db, params.slug ?? "");
  if (!coop) throw new Response("Not found", { status: 404 });
  const members = await listMembers(context.db, coop.id);
  return {
    coop: {
      name: coop.name,
      story: coop.story,
      place: describePlace(coop.province_code, coop.ward_code),
      phone: formatPhone(coop.phone),
      manager: coop.manager_name,
    },
    members: members.map((m) => ({ slug: m.slug, name: m.shop_name, farmer: m.full_name, place: describePlace(m.province_code, m.ward_code) })),
  };
}

export default function CooperativePage() {
  const { coop, members } = useLoaderData<typeof loader>();
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
