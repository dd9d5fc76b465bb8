import type { Card } from "~/catalog/storefront.server";
import { ProductCard } from "./product-card";

export function CardGrid({ cards }: { cards: Card[] }) {
  return (
    <ul className="grid product-grid">
      {cards.map((c) => (
        <ProductCard key={c.slug} product={c} />
      ))}
    </ul>
  );
}
