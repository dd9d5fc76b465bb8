import type { Courier } from "./courier";

/** The buyer collects at the farm or co-op: no fee, nothing to track. */
export const pickup: Courier = {
  id: "pickup",
  available: (terms) => terms.offersPickup,
  quote: async () => ({ feeVnd: 0n, days: null }),
  createShipment: async () => ({ trackingCode: null, labelUrl: null }),
  cancel: async () => {},
  track: async () => null,
  parseWebhook: () => null,
};
