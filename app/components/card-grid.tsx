import type { Card } from "~/catalog/storefront.server";
import { ProductCard } from "./product-card";

export function CardGrid({ cards, eager = false }: { cards: Card[]; eager?: boolean }) {
  return (
    <ul className="grid product-grid">
      {/* The first row (two cards on a phone) is on screen at once: no lazy loading there. */}
      {cards.map((c, i) => (
        <ProductCard key={c.slug} product={c} eager={eager && i < 2} />
      ))}
    </ul>
  );
}
