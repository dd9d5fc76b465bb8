import type { SimBook, SimDelivery, SimStep } from "./courier-sim.server";
import { ghnSimulator } from "./ghn-simulator.server";
import { ghtkSimulator } from "./ghtk-simulator.server";
import { viettelPostSimulator } from "./viettelpost-simulator.server";
import { vnpostSimulator } from "./vnpost-simulator.server";

/**
 * Local stand-ins for the couriers (development and tests only; their routes are behind the dev
 * tools guard): each answers its courier's API on /dev/sim/<id>/api/…, and /dev/couriers drives
 * its parcels through that courier's own status codes, posting its webhooks.
 */
export interface CourierSimulator {
  /** The courier's API; `path` is what follows /dev/sim/<id>/api/. */
  api(path: string, request: Request): Promise<Response>;
  readonly book: SimBook;
  /** Our step → the courier's own status code for it. */
  readonly steps: Readonly<Record<SimStep, string>>;
  /** Moves the parcel (or sends a status code we do not know) and posts the webhook as chosen; false for an unknown parcel. */
  advance(trackingCode: string, step: SimStep | "unknown", delivery: SimDelivery, reason?: string): Promise<boolean>;
  /** Where our server answers, for the webhook URL registered with the courier. */
  setWebhookBase(base: string): void;
}

const SIMULATORS: Record<string, CourierSimulator> = { ghn: ghnSimulator, ghtk: ghtkSimulator, viettelpost: viettelPostSimulator, vnpost: vnpostSimulator };

export function courierSimulator(courier: string): CourierSimulator | null {
  return Object.hasOwn(SIMULATORS, courier) ? SIMULATORS[courier]! : null;
}

export const courierSimulatorIds = Object.keys(SIMULATORS);

/** Points every courier simulator's webhooks at this server (on loopback). */
export function setCourierWebhookBase(base: string): void {
  for (const simulator of Object.values(SIMULATORS)) simulator.setWebhookBase(base);
}
