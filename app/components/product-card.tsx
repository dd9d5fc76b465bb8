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
}

export function ProductCard({ product }: { product: ProductCardData }) {
  const { t, locale } = useI18n();
  return (
    <li className="card product-card">
      <Link to={`/products/${product.slug}`}>
        {product.picture ? <Picture picture={product.picture} alt="" sizes="(min-width: 40rem) 15rem, 50vw" /> : null}
        <h3>{product.title}</h3>
      </Link>
      <p className="price-small">{t("product.perUnit", { price: formatVnd(product.price), unit: unitName(product.unit, locale) })}</p>
      {product.place ? <p className="muted card-place">{product.place}</p> : null}
      {product.soldOut ? <span className="badge status-sold_out">{t("product.soldOut")}</span> : null}
    </li>
  );
}
