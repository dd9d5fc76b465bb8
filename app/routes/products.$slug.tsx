import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/accounts/session.server";
import { getProductPage } from "~/catalog/listings.server";
import { formatWeight } from "~/lib/text";
import { metaI18n } from "~/i18n/meta";
import { relatedProducts } from "~/catalog/storefront.server";
import { CardGrid } from "~/components/card-grid";
import { seoMeta } from "~/lib/seo";
import { categoryName, unitName } from "~/catalog/taxonomy";
import { Picture } from "~/components/picture";
import { describePlace, listProvinces } from "~/geo/address.server";
import { estimateDelivery, estimateProvince } from "~/shipping/estimate.server";
import { EstimateList, EstimatePicker } from "~/components/delivery-estimate";
import { useI18n } from "~/i18n/use-t";
import { formatVnd } from "~/lib/money";
import { pictureSources } from "~/media/media.server";
import { reviewSummary } from "~/orders/reviews.server";
import { forwardPageTags, PAGE_TAGS, pageTags } from "~/lib/page-tags";
import { formatDay } from "~/lib/dates";
import { ShareLinks, zaloChatUrl } from "~/components/share-links";
import { FavouriteButton } from "~/components/favourite-button";
import { isFavourite } from "~/catalog/favourites.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t, locale } = metaI18n(matches);
  return data
    ? [
        ...seoMeta({
          title: `${data.product.title} — ${formatVnd(data.product.price)}/${unitName(data.product.unit, locale)} — Vườn Nhà`,
          description: (data.product.description || t("meta.product.description", { title: data.product.title, producer: data.product.producer.name, origin: data.product.origin })).slice(0, 160),
          locale,
          url: data.canonical,
          image: data.ogImage ?? undefined,
          type: "product",
        }),
        { "script:ld+json": data.jsonLd },
      ]
    : [{ title: "Vườn Nhà" }];
};

export const headers: HeadersFunction = ({ loaderHeaders }) => forwardPageTags(loaderHeaders);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getCurrentUser(request, context);
  const page = await getProductPage(context.db, params.slug ?? "", viewer);
  if (!page) throw new Response("Not found", { status: 404 });
  const { product, photos, claims, access } = page;
  const origin = context.publicUrl;
  const canonical = `${origin}/products/${product.slug}`;
  const cover = photos[0];
  const ogVariant = cover?.variants.filter((v) => v.format === "jpeg").sort((a, b) => Math.abs(a.width - 1200) - Math.abs(b.width - 1200))[0];
  const ogImage = ogVariant ? `${origin}/media/${ogVariant.key}` : null;
  // Delivery priced before sign-in: for the province picked here, or where the buyer last had things sent.
  const to = product.status === "active" ? await estimateProvince(context.db, viewer, new URL(request.url).searchParams.get("to")) : null;
  const sellerKey = product.cooperative_id ? `coop-${product.cooperative_id}` : `shop-${product.producer_shop_id}`;
  const [related, reviews, saved, estimate] = await Promise.all([
    relatedProducts(context.db, product),
    reviewSummary(context.db, { productId: product.id }),
    isFavourite(context.db, viewer, product.id),
    to ? estimateDelivery(context.db, context.couriers, sellerKey, { valueVnd: BigInt(product.price_vnd), weightGrams: product.weight_grams }, to) : null,
  ]);
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.title,
    description: product.description || undefined,
    image: ogImage ?? undefined,
    category: categoryName(product.category, "vi"),
    brand: { "@type": "Brand", name: product.cooperative_name ?? product.producer_name },
    offers: {
      "@type": "Offer",
      url: canonical,
      priceCurrency: "VND",
      price: String(product.price_vnd),
      availability: product.status === "active" && product.stock > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      seller: { "@type": "Organization", name: product.cooperative_name ?? product.producer_name },
    },
  };
  // json() rather than data(): the types here predate Single Fetch, and only json() keeps them.
  return json({
    canonical,
    ogImage,
    jsonLd,
    related,
    product: {
      id: product.id,
      slug: product.slug,
      title: product.title,
      description: product.description,
      category: product.category,
      unit: product.unit,
      price: String(product.price_vnd),
      stock: product.stock,
      status: product.status,
      weightGrams: product.weight_grams,
      harvestDate: product.harvest_date,
      origin: describePlace(product.origin_province_code, product.origin_ward_code),
      producer: { name: product.producer_name, slug: product.producer_slug },
      // Whoever sells it answers: the co-op for its listings, the farm otherwise (both public already).
      sellerPhone: product.cooperative_phone ?? product.producer_phone,
      cooperative: product.cooperative_slug ? { name: product.cooperative_name ?? "", slug: product.cooperative_slug } : null,
    },
    photos: photos.map((p) => pictureSources(p)),
    claims: claims.map((c) => ({ kind: c.kind, stars: c.ocop_stars, status: c.status })),
    canManage: access.manage,
    reviews,
    saved,
    estimate,
    provinces: product.status === "active" ? listProvinces() : [],
  }, { headers: { [PAGE_TAGS]: pageTags({ product: product.id, shop: product.producer_shop_id, coop: product.cooperative_id }) } });
}

export default function ProductPage() {
  const { product, photos, claims, canManage, related, reviews, canonical, saved, estimate, provinces } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const unit = unitName(product.unit, locale);
  const [cover, ...rest] = photos;
  const live = product.status === "active" || product.status === "sold_out" || product.status === "paused";
  return (
    <article className="product">
      {!live ? <p className="notice">{t("product.notLive", { status: t(`status.${product.status}`) })}</p> : null}
      {cover ? <Picture picture={cover} alt={product.title} sizes="(min-width: 56rem) 54rem, 100vw" eager className="product-cover" /> : null}
      {rest.length ? (
        <div className="product-gallery">
          {rest.map((p, i) => (
            <Picture key={i} picture={p} alt={`${product.title} (${i + 2})`} sizes="(min-width: 56rem) 13rem, 33vw" />
          ))}
        </div>
      ) : null}
      <section className="panel">
        <p className="muted">{categoryName(product.category, locale)}</p>
        <h1>{product.title}</h1>
        <p className="price">{t("product.perUnit", { price: formatVnd(product.price), unit })}</p>
        <p>
          {product.status === "active"
            ? t("product.inStock", { stock: product.stock, unit: unitName(product.unit, locale, product.stock) })
            : product.status === "paused"
              ? t("product.paused")
              : t("product.soldOut")}
        </p>
        {product.status === "active" && product.stock > 0 ? (
          <Form method="post" action="/cart" className="qty-form">
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="productId" value={product.id} />
            <label htmlFor="add-qty">{t("cart.quantity")}</label>
            <input id="add-qty" name="quantity" type="number" inputMode="numeric" min={1} max={product.stock} defaultValue={1} />
            <span>{unit}</span>
            <button type="submit">{t("cart.add")}</button>
          </Form>
        ) : null}
        {reviews.count ? (
          <p>
            <a href="#reviews">★ {t("review.summary", { avg: reviews.average ?? "", n: reviews.count })}</a>
          </p>
        ) : null}
        <p>
          {claims.map((c) => (
            <span key={c.kind} className={`badge badge--${c.status}`}>
              {c.kind === "ocop" ? t("product.ocopBadge", { n: c.stars ?? "" }) : t(c.kind === "vietgap" ? "listing.vietgap" : "listing.organic")}
              {c.status !== "verified" ? ` · ${t(`claim.${c.status}`, { reason: "" })}` : " ✓"}
            </span>
          ))}
        </p>
        <p>{t("product.origin", { place: product.origin })}</p>
        {product.harvestDate ? <p>{t("product.harvested", { date: formatDay(product.harvestDate, locale) })}</p> : null}
        <p>
          {t("product.producer")}: <Link to={`/shops/${product.producer.slug}`}>{product.producer.name}</Link>
          {product.cooperative ? (
            <>
              {" · "}
              <Link to={`/coops/${product.cooperative.slug}`}>{t("product.soldBy", { name: product.cooperative.name })}</Link>
            </>
          ) : null}
        </p>
        <p className="muted">{t("product.weight", { weight: formatWeight(product.weightGrams, locale), unit })}</p>
        {provinces.length ? (
          <section aria-labelledby="estimate-title">
            <h2 id="estimate-title">{estimate ? t("estimate.title", { province: estimate.provinceName }) : t("estimate.heading")}</h2>
            <EstimatePicker provinceCode={estimate?.provinceCode ?? null} provinces={provinces} action={`/products/${product.slug}`} />
            {estimate ? <EstimateList estimate={estimate} note={t("estimate.noteProduct", { weight: formatWeight(product.weightGrams, locale) })} /> : null}
          </section>
        ) : null}
        <div className="form-actions">
          <FavouriteButton kind="product" id={product.id} on={saved} />
          <a className="button button--secondary" href={zaloChatUrl(product.sellerPhone)} target="_blank" rel="noopener noreferrer">
            {t("product.chatZalo")}
          </a>
        </div>
        <ShareLinks url={canonical} title={product.title} />
        {product.description ? <p style={{ whiteSpace: "pre-line" }}>{product.description}</p> : null}
        {canManage ? (
          <p>
            <Link className="button button--secondary" to={`/sell/${product.id}`}>
              {t("sell.edit")}
            </Link>
          </p>
        ) : null}
      </section>
      <section className="panel" id="reviews">
        <h2>{t("review.title")}</h2>
        {reviews.count ? <p>★ {t("review.summary", { avg: reviews.average ?? "", n: reviews.count })}</p> : <p className="muted">{t("review.none")}</p>}
        {reviews.latest.map((r, i) => (
          <blockquote key={i}>
            <p>
              {"★".repeat(r.stars)}
              {"☆".repeat(5 - r.stars)} · {r.name} · {formatDay(r.date, locale)}
            </p>
            {r.body ? <p>{r.body}</p> : null}
          </blockquote>
        ))}
      </section>
      {related.length ? (
        <section>
          <h2>{t("product.related")}</h2>
          <CardGrid cards={related} />
        </section>
      ) : null}
    </article>
  );
}
