import { sql, type RawBuilder } from "kysely";
import type { ProductStatus } from "../../db/schema";

/**
 * The one place the stock decides a listing's status (issue 11 found the flip written five
 * times): on sale with stock, sold out at zero, and back on sale when stock is added to a
 * sold-out listing. Paused, draft and archived listings keep their status whatever the stock.
 */

/** Listings buyers see and search finds. */
export const LIVE_STATUSES = ["active", "sold_out"] as const satisfies readonly ProductStatus[];
/** Listings whose page is public (a paused one says so) and which a cart may hold. */
export const VISIBLE_STATUSES = ["active", "sold_out", "paused"] as const satisfies readonly ProductStatus[];

/** A listing going live: on sale if it has stock, sold out if not. */
export function liveStatusFor(stock: number): "active" | "sold_out" {
  return stock > 0 ? "active" : "sold_out";
}

/** The status after the stock went from `previous` to `stock`. */
export function statusAfterStock(status: ProductStatus, stock: number, previous: number): ProductStatus {
  if (status === "active" && stock === 0) return "sold_out";
  if (status === "sold_out" && stock > 0 && stock > previous) return "active";
  return status;
}

/** The same rule inside an UPDATE that moves `stock` by `delta` (negative when taken). */
export function statusAfterStockSql(delta: number): RawBuilder<ProductStatus> {
  return sql<ProductStatus>`case
    when status = 'active' and stock + ${delta} = 0 then 'sold_out'
    when status = 'sold_out' and stock + ${delta} > 0 and ${delta} > 0 then 'active'
    else status end`;
}
