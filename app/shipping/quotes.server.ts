import type { MessageKey } from "~/i18n/messages";
import { courierFailure, type Courier, type Quote, type QuoteRequest, type SellerDeliveryTerms } from "./courier";
import type { CourierRegistry } from "./registry.server";

/**
 * Delivery prices for a parcel, asked of every courier a seller uses at once. A courier that does
 * not answer within 2 s (each adapter's own limit) or refuses is left out with the reason, and the
 * others still show. Answers are kept for a minute: a buyer changing the ward or reloading the
 * page does not ask four couriers again, and the price at "place order" is the one shown unless
 * it really moved.
 */
export type DeliveryOption = { courier: string; quote: Quote } | { courier: string; unavailable: MessageKey };

const CACHE_MS = 60_000;
const MAX_CACHED = 5_000;
const cache = new Map<string, { at: number; quote: Promise<Quote> }>();

function cacheKey(courier: string, r: QuoteRequest, terms: SellerDeliveryTerms): string {
  // The seller's own fee is part of her terms; couriers price by route, weight, size, value and COD.
  return [courier, r.from.wardCode, r.to.wardCode, r.weightGrams, r.lengthCm, r.widthCm, r.heightCm, r.valueVnd, r.codAmountVnd, courier === "self" ? terms.deliveryFeeVnd : ""].join("|");
}

/** One courier's price, from the cache when it was asked within the minute (a failed ask is not kept). */
export function quoteOnce(courier: Courier, request: QuoteRequest, terms: SellerDeliveryTerms): Promise<Quote> {
  const key = cacheKey(courier.id, request, terms);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.quote;
  const quote = courier.quote(request, terms);
  cache.set(key, { at: now, quote });
  quote.catch(() => cache.delete(key));
  if (cache.size > MAX_CACHED) for (const [k, v] of cache) if (now - v.at >= CACHE_MS || cache.size > MAX_CACHED) cache.delete(k);
  return quote;
}

/** Every way this seller delivers, each with its price and days or why it cannot be offered now. */
export async function deliveryOptions(couriers: CourierRegistry, terms: SellerDeliveryTerms, request: QuoteRequest, ask: (courier: Courier) => boolean = () => true): Promise<DeliveryOption[]> {
  return Promise.all(
    couriers.forSeller(terms).map(async (courier): Promise<DeliveryOption> => {
      // Not asked (a courier before the buyer's ward is known): listed, without a price.
      if (!ask(courier)) return { courier: courier.id, unavailable: "shipping.error.courierDown" };
      try {
        return { courier: courier.id, quote: await quoteOnce(courier, request, terms) };
      } catch (error) {
        const failure = courierFailure(error);
        if (failure) return { courier: courier.id, unavailable: failure.messageKey };
        throw error;
      }
    }),
  );
}

/** Empties the price cache (tests that change a simulator's rates or availability). */
export function forgetQuotes(): void {
  cache.clear();
}
