import { Link } from "@remix-run/react";
import { unitName } from "~/catalog/taxonomy";
import { useI18n } from "~/i18n/use-t";
import { formatVnd } from "~/lib/money";
import { Picture, type PictureData } from "./picture";

export interface ProductCardData {
  slug: string;
  title: string;
  unit: string;
  price: string;
  soldOut: boolean;
  picture: PictureData | null;
  place?: string;
  rating?: string | null;
  reviewCount?: number;
  sold?: number;
}

/** "★ 4,5 (12) · Đã bán 30": stars and sales on a card, only what there is to show. */
export function CardStats({ rating, reviewCount = 0, sold = 0 }: { rating?: string | null; reviewCount?: number; sold?: number }) {
  const { t, locale } = useI18n();
  if (!(reviewCount > 0 && rating) && sold <= 0) return null;
  const stars = rating ? new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 }).format(Number(rating)) : "";
  return (
    <p className="card-stats">
      {reviewCount > 0 && rating ? <span aria-label={t("card.ratingLabel", { stars, n: reviewCount })}>★ {stars} ({reviewCount})</span> : null}
      {reviewCount > 0 && rating && sold > 0 ? " · " : null}
      {sold > 0 ? <span>{t("card.sold", { n: sold })}</span> : null}
    </p>
  );
}

export function ProductCard({ product, eager = false }: { product: ProductCardData; eager?: boolean }) {
  const { t, locale } = useI18n();
  return (
    <li className="card product-card">
      <Link to={`/products/${product.slug}`}>
        {product.picture ? <Picture picture={product.picture} alt="" sizes="(min-width: 40rem) 15rem, 50vw" eager={eager} /> : null}
        <h3>{product.title}</h3>
      </Link>
      <p className="price-small">{t("product.perUnit", { price: formatVnd(product.price), unit: unitName(product.unit, locale) })}</p>
      <CardStats rating={product.rating} reviewCount={product.reviewCount} sold={product.sold} />
      {product.place ? <p className="muted card-place">{product.place}</p> : null}
      {product.soldOut ? <span className="badge status-sold_out">{t("product.soldOut")}</span> : null}
    </li>
  );
}
