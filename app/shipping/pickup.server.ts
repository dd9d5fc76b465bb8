import type { Courier } from "./courier";

/** The buyer collects at the farm or co-op: no fee, nothing travels, nothing to track. */
export const pickup: Courier = {
  id: "pickup",
  ships: false,
  available: (terms) => terms.offersPickup,
  quote: async () => ({ feeVnd: 0n, days: null }),
};
