import type { Courier } from "./courier";

/** The farmer (or co-op) delivers it themselves, for the fee they set; tracking is whatever they note. */
export const selfDelivery: Courier = {
  id: "self",
  available: (terms) => terms.offersDelivery,
  quote: async (_parcel, terms) => ({ feeVnd: terms.deliveryFeeVnd, days: null }),
  createShipment: async () => ({ trackingCode: null, labelUrl: null }),
  cancel: async () => {},
  track: async () => null,
  parseWebhook: () => null,
};
