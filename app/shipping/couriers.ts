import type { MessageKey } from "~/i18n/messages";

/**
 * What kind of delivery each courier is, shared with the browser and the order state machine:
 * whether anything travels (pickup: the buyer collects) and whether the parcel is booked with a
 * courier's API (then the courier, not the seller, says it was picked up and delivered). Which of
 * them a deployment offers is the registry's business (registry.server.ts).
 */
export interface DeliveryKind {
  name: MessageKey;
  ships: boolean;
  booked: boolean;
}

const DELIVERY_KINDS: Record<string, DeliveryKind> = {
  pickup: { name: "courier.pickup", ships: false, booked: false },
  self: { name: "courier.self", ships: true, booked: false },
  vnpost: { name: "courier.vnpost", ships: true, booked: true },
  viettelpost: { name: "courier.viettelpost", ships: true, booked: true },
  ghn: { name: "courier.ghn", ships: true, booked: true },
  ghtk: { name: "courier.ghtk", ships: true, booked: true },
};

/** An id no longer registered still reads sensibly: it travelled, by hand. */
export const deliveryKind = (id: string): DeliveryKind => (Object.hasOwn(DELIVERY_KINDS, id) ? DELIVERY_KINDS[id]! : { name: "courier.other", ships: true, booked: false });
export const courierName = (id: string): MessageKey => deliveryKind(id).name;

/** Couriers a seller can choose to hand parcels to (booked through their APIs), in the order they are offered. */
export const CARRIER_IDS = ["vnpost", "viettelpost", "ghn", "ghtk"] as const;
