import type { OrderActorRole, OrderStatus } from "../../db/schema";
import { deliveryKind } from "~/shipping/couriers";

/**
 * The order lifecycle, in one table: which action moves an order from which states to which,
 * and who may take it. Anything not listed is refused with a clear message.
 *
 *   placed → awaiting_payment (VietQR) → paid ─┐
 *   placed → confirmed (cash on delivery) ─────┴→ accepted → packed → shipped → delivered → completed
 *   (pickup orders go packed → delivered: the buyer collects them)
 *   A booked courier says when it picked the parcel up (ship), delivered it or brought it back
 *   (shipped → returned); the buyer may say she has it while it still shows in transit.
 *   declined, cancelled, expired end an order early; refunded follows when money had been paid.
 */
export type OrderAction =
  | "await_payment"
  | "confirm"
  | "mark_paid"
  | "accept"
  | "decline"
  | "cancel"
  | "expire"
  | "pack"
  | "ship"
  | "deliver"
  | "complete"
  | "return"
  | "refund";

interface Rule {
  from: OrderStatus[];
  to: OrderStatus;
  by: OrderActorRole[];
}

export const ORDER_RULES: Record<OrderAction, Rule> = {
  await_payment: { from: ["placed"], to: "awaiting_payment", by: ["system"] },
  confirm: { from: ["placed"], to: "confirmed", by: ["system"] },
  mark_paid: { from: ["awaiting_payment"], to: "paid", by: ["seller", "bank"] },
  accept: { from: ["paid", "confirmed"], to: "accepted", by: ["seller"] },
  decline: { from: ["awaiting_payment", "paid", "confirmed"], to: "declined", by: ["seller"] },
  cancel: { from: ["awaiting_payment", "paid", "confirmed"], to: "cancelled", by: ["buyer"] },
  expire: { from: ["awaiting_payment"], to: "expired", by: ["system"] },
  pack: { from: ["accepted"], to: "packed", by: ["seller"] },
  ship: { from: ["packed"], to: "shipped", by: ["seller", "courier"] },
  deliver: { from: ["shipped", "packed"], to: "delivered", by: ["seller", "courier"] },
  complete: { from: ["delivered", "shipped"], to: "completed", by: ["buyer", "system"] },
  return: { from: ["shipped"], to: "returned", by: ["seller", "courier"] },
  // The seller gives back a transfer to her own account; a wallet or card refund is reported by its provider ("bank").
  refund: { from: ["declined", "cancelled", "returned"], to: "refunded", by: ["seller", "bank"] },
};

const SELLER_ACTIONS = ["mark_paid", "accept", "decline", "pack", "ship", "deliver", "return", "refund"] as const satisfies OrderAction[];
const BUYER_ACTIONS = ["cancel", "complete"] as const satisfies OrderAction[];

/** States in which the order still holds stock: leaving them early gives the stock back. */
export const RELEASES_STOCK: OrderAction[] = ["decline", "cancel", "expire"];

/** Open orders the seller has to act on, for the desk's badge. */
export const NEEDS_SELLER: OrderStatus[] = ["awaiting_payment", "paid", "confirmed", "accepted", "packed", "shipped"];
const ALL_STATUSES: readonly OrderStatus[] = [...new Set([...NEEDS_SELLER, "placed", "delivered", "completed", "declined", "cancelled", "expired", "refunded", "returned"] as OrderStatus[])];
export function isOrderStatus(value: string): value is OrderStatus {
  return (ALL_STATUSES as readonly string[]).includes(value);
}

export const FINISHED: OrderStatus[] = ["completed", "declined", "cancelled", "expired", "refunded", "returned"];

export interface OrderFacts {
  status: OrderStatus;
  delivery_method: string;
  paid_at: Date | null;
}

/** Why an action cannot happen now (a message key), or null when it can. */
export type Refusal =
  | "order.error.notYours"
  | "order.error.illegal"
  | "order.error.pickupNotShipped"
  | "order.error.shipFirst"
  | "order.error.nothingToRefund"
  | "order.error.courierMoves";

export function refusal(order: OrderFacts, action: OrderAction, role: OrderActorRole): Refusal | null {
  const rule = ORDER_RULES[action];
  const delivery = deliveryKind(order.delivery_method);
  if (!rule.by.includes(role)) return "order.error.notYours";
  if (!rule.from.includes(order.status)) return "order.error.illegal";
  if ((action === "ship" || action === "return") && !delivery.ships) return "order.error.pickupNotShipped";
  if (action === "deliver" && order.status === "packed" && delivery.ships) return "order.error.shipFirst";
  // A booked parcel moves when its courier says so; the seller books, cancels or follows it.
  if (role === "seller" && delivery.booked && (action === "ship" || action === "deliver" || action === "return")) return "order.error.courierMoves";
  if (role === "courier" && !delivery.booked) return "order.error.notYours";
  // Only the buyer may close an order still in transit ("I have it"); the week-long wait starts at delivery.
  if (action === "complete" && order.status === "shipped" && role !== "buyer") return "order.error.illegal";
  if (action === "refund" && !order.paid_at) return "order.error.nothingToRefund";
  return null;
}

/** The actions a role could take on an order now, for the buttons to show. */
export function availableActions(order: OrderFacts, role: OrderActorRole): OrderAction[] {
  const candidates: OrderAction[] = role === "seller" ? [...SELLER_ACTIONS] : role === "buyer" ? [...BUYER_ACTIONS] : [];
  return candidates.filter((action) => refusal(order, action, role) === null);
}
