import type { OrderStatus } from "../../db/schema";
import type { OrderAction } from "~/orders/state";

/**
 * The order lifecycle as the business describes it, written out by hand and independent of
 * ORDER_RULES (issue 11: the tests used to derive their expectations from the table they test).
 * One line per allowed move: from, action, to, and who may take it. A pickup order goes from
 * packed to delivered (it is never shipped); a refund needs money to have been paid, and is
 * recorded by the seller (money paid to her own account) or by the provider that gave it back.
 * The buyer may say she has the parcel while it still shows in transit; a parcel that comes back
 * leaves the order returned. (These are moves of an order the seller delivers herself; a booked
 * courier's moves are checked on their own.)
 */
const MOVES = `
  placed            await_payment  awaiting_payment  system
  placed            confirm        confirmed         system
  awaiting_payment  mark_paid      paid              seller bank
  awaiting_payment  decline        declined          seller
  awaiting_payment  cancel         cancelled         buyer
  awaiting_payment  expire         expired           system
  paid              accept         accepted          seller
  paid              decline        declined          seller
  paid              cancel         cancelled         buyer
  confirmed         accept         accepted          seller
  confirmed         decline        declined          seller
  confirmed         cancel         cancelled         buyer
  accepted          pack           packed            seller
  packed            ship           shipped           seller
  shipped           deliver        delivered         seller
  packed            deliver        delivered         seller
  delivered         complete       completed         buyer system
  shipped           complete       completed         buyer
  shipped           return         returned          seller
  declined          refund         refunded          seller bank
  cancelled         refund         refunded          seller bank
  returned          refund         refunded          seller bank
`;

export interface Move {
  from: OrderStatus;
  action: OrderAction;
  to: OrderStatus;
  by: string[];
}

export const LIFECYCLE: Move[] = MOVES.trim()
  .split("\n")
  .map((line) => {
    const [from, action, to, ...by] = line.trim().split(/\s+/);
    return { from: from as OrderStatus, action: action as OrderAction, to: to as OrderStatus, by };
  });

export const ALL_STATUSES: OrderStatus[] = [
  "placed", "awaiting_payment", "paid", "confirmed", "accepted", "packed", "shipped", "delivered",
  "completed", "declined", "cancelled", "expired", "refunded", "returned",
];
export const ALL_ACTIONS: OrderAction[] = [
  "await_payment", "confirm", "mark_paid", "accept", "decline", "cancel", "expire", "pack", "ship", "deliver", "complete", "return", "refund",
];
