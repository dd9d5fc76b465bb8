import type { Courier } from "./courier";

/** The farmer (or co-op) delivers it themselves, for the fee they set; tracking is whatever they note. */
export const selfDelivery: Courier = {
  id: "self",
  ships: true,
  available: (terms) => terms.offersDelivery,
  quote: async (_request, terms) => ({ feeVnd: terms.deliveryFeeVnd, days: null }),
};
