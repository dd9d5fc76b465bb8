import type { Courier, SellerDeliveryTerms } from "./courier";
import { createGhnCourier, type GhnSettings } from "./ghn.server";
import { createGhtkCourier, type GhtkSettings } from "./ghtk.server";
import { pickup } from "./pickup.server";
import { selfDelivery } from "./self-delivery.server";
import { createViettelPostCourier, type ViettelPostSettings } from "./viettelpost.server";
import { createVnpostCourier, type VnpostSettings } from "./vnpost.server";

/**
 * The ways of delivering this deployment offers, built once at start-up from its settings and
 * handed to every request on the context (as payments are). Checkout's choices, the sellers'
 * settings, the labels and the state machine's checks all read from here: a new courier is its
 * own file, one line below, its name in `couriers.ts` and its settings.
 */
export interface CourierRegistry {
  /** In the order checkout offers them: pickup and the seller's own delivery, then the couriers. */
  readonly all: readonly Courier[];
  get(id: string): Courier | undefined;
  /** Couriers booked through their API (those a seller chooses among). */
  readonly carriers: readonly Courier[];
  /** The ways this seller offers. */
  forSeller(terms: SellerDeliveryTerms): Courier[];
}

export interface CourierSettings {
  /** Each courier as configured, or its simulator in development; null hides it. */
  ghn: GhnSettings | null;
  ghtk: GhtkSettings | null;
  viettelpost: ViettelPostSettings | null;
  vnpost: VnpostSettings | null;
}

export function createCourierRegistry(settings: CourierSettings): CourierRegistry {
  const carriers = [
    ...(settings.vnpost ? [createVnpostCourier(settings.vnpost)] : []),
    ...(settings.viettelpost ? [createViettelPostCourier(settings.viettelpost)] : []),
    ...(settings.ghn ? [createGhnCourier(settings.ghn)] : []),
    ...(settings.ghtk ? [createGhtkCourier(settings.ghtk)] : []),
  ];
  const all = [pickup, selfDelivery, ...carriers];
  const byId = new Map(all.map((c) => [c.id, c]));
  return {
    all,
    carriers,
    get: (id) => byId.get(id),
    forSeller: (terms) => all.filter((c) => c.available(terms)),
  };
}

/** Only pickup and the seller's own delivery: for tools that never talk to couriers. */
export const NO_COURIERS: CourierSettings = { ghn: null, ghtk: null, viettelpost: null, vnpost: null };
