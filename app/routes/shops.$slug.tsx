import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { listShopProducts } from "~/catalog/listings.server";
import { ProductCard } from "~/components/product-card";
import { pictureSources } from "~/media/media.server";
import { getPublicShop } from "~/shops/shops.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.shop.name} — Vườn Nhà` },
        { name: "description", content: data.shop.story.slice(0, 160) || `${data.shop.name}, ${data.shop.place}` },
      ]
    : [{ title: "Vườn Nhà" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const shop = await getPublicShop(context.db, params.slug ?? "");
  if (!shop) throw new Response("Not found", { status: 404 });
  const products = await listShopProducts(context.db, shop.id);
  return {
    products: products.map((p) => ({
      slug: p.slug,
      title: p.title,
      unit: p.unit,
      price: String(p.price_vnd),
      soldOut: p.status === "sold_out",
      picture: p.variants && p.width && p.height && p.placeholder ? pictureSources({ width: p.width, height: p.height, placeholder: p.placeholder, variants: p.variants }) : null,
    })),
    shop: {
      name: shop.name,
      story: shop.story,
      place: describePlace(shop.province_code, shop.ward_code),
      phone: formatPhone(shop.phone),
      ownerName: shop.owner_name,
      cooperative: shop.cooperative_slug ? { name: shop.cooperative_name ?? "", slug: shop.cooperative_slug } : null,
    },
  };
}

export default function ShopPage() {
  const { shop, products } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <section className="panel">
        <h1>{shop.name}</h1>
        <p className="muted">
          {shop.ownerName} · {shop.place}
        </p>
        {shop.cooperative ? (
          <p>
            <span className="badge">{t("role.member")}</span>
            <Link to={`/coops/${shop.cooperative.slug}`}>{shop.cooperative.name}</Link>
          </p>
        ) : null}
        {shop.story ? <p style={{ whiteSpace: "pre-line" }}>{shop.story}</p> : null}
        <p>
          {t("shop.contact")}: <a href={`tel:${shop.phone.replace(/ /g, "")}`}>{shop.phone}</a>
        </p>
      </section>
      {products.length ? (
        <ul className="grid product-grid">
          {products.map((p) => (
            <ProductCard key={p.slug} product={p} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t("shop.productsSoon")}</p>
      )}
    </>
  );
}
