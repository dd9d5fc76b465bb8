import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { shopCards } from "~/catalog/storefront.server";
import { CardGrid } from "~/components/card-grid";
import { getPublicShop } from "~/shops/shops.server";
import { reviewSummary } from "~/orders/reviews.server";
import { forwardPageTags, PAGE_TAGS, pageTags } from "~/lib/page-tags";
import { FavouriteButton } from "~/components/favourite-button";
import { zaloChatUrl } from "~/components/share-links";
import { isFollowing } from "~/catalog/favourites.server";
import { getCurrentUser } from "~/accounts/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.shop.name} — Vườn Nhà` },
        { name: "description", content: data.shop.story.slice(0, 160) || `${data.shop.name}, ${data.shop.place}` },
      ]
    : [{ title: "Vườn Nhà" }];

export const headers: HeadersFunction = ({ loaderHeaders }) => forwardPageTags(loaderHeaders);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shop = await getPublicShop(context.db, params.slug ?? "");
  if (!shop) throw new Response("Not found", { status: 404 });
  const viewer = await getCurrentUser(request, context);
  // json() rather than data(): the types here predate Single Fetch, and only json() keeps them.
  return json({
    products: await shopCards(context.db, shop.id),
    reviews: await reviewSummary(context.db, { shopId: shop.id }),
    following: await isFollowing(context.db, viewer, shop.id),
    shop: {
      id: shop.id,
      name: shop.name,
      story: shop.story,
      place: describePlace(shop.province_code, shop.ward_code),
      phone: formatPhone(shop.phone),
      ownerName: shop.owner_name,
      cooperative: shop.cooperative_slug ? { name: shop.cooperative_name ?? "", slug: shop.cooperative_slug } : null,
    },
  }, { headers: { [PAGE_TAGS]: pageTags({ shop: shop.id, shopProducts: shop.id, coop: shop.cooperative_id }) } });
}

export default function ShopPage() {
  const { shop, products, reviews, following } = useLoaderData<typeof loader>();
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
        {reviews.count ? (
          <p>★ {t("review.summary", { avg: reviews.average ?? "", n: reviews.count })}</p>
        ) : null}
        {reviews.latest.slice(0, 3).map((r, i) => (
          <blockquote key={i}>
            {"★".repeat(r.stars)} {r.product} · {r.name}
            {r.body ? `: ${r.body}` : ""}
          </blockquote>
        ))}
        <p>
          {t("shop.contact")}: <a href={`tel:${shop.phone.replace(/ /g, "")}`}>{shop.phone}</a>
        </p>
        <div className="form-actions">
          <FavouriteButton kind="shop" id={shop.id} on={following} />
          <a className="button button--secondary" href={zaloChatUrl(shop.phone)} target="_blank" rel="noopener noreferrer">
            {t("product.chatZalo")}
          </a>
        </div>
      </section>
      {products.length ? (
        <CardGrid cards={products} />
      ) : (
        <p className="muted">{t("shop.productsSoon")}</p>
      )}
    </>
  );
}
