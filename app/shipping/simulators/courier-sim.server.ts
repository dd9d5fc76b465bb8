import { randomInt } from "node:crypto";
import { getProvince, getWard } from "~/geo/address.server";
import { newWardOfOld } from "../address-mapping.server";
import type { ShipmentStatus } from "../courier";

/**
 * What the four courier simulators share (development and tests only; their routes are behind the
 * dev tools guard): a book of parcels, a rate table by weight and route, and a driver that moves a
 * parcel through the courier's own status codes and posts its webhook the way that courier does,
 * on time, late, twice, out of order or not at all. Each courier's file speaks its wire format.
 */
export type SimStep = Exclude<ShipmentStatus, "requested" | "created">;
export const SIM_STEPS: readonly SimStep[] = ["picked_up", "in_transit", "delivering", "failed_attempt", "delivered", "returning", "returned", "cancelled", "lost"];
export type SimDelivery = "now" | "late" | "twice" | "out_of_order" | "none";
export const SIM_DELIVERIES: readonly SimDelivery[] = ["now", "late", "twice", "out_of_order", "none"];

export interface SimEvent {
  code: string;
  at: Date;
  reason: string;
  /** Cash collected at the door, sent with the delivered event of a COD parcel. */
  codCollected: number | null;
}

export interface SimParcel {
  trackingCode: string;
  clientOrderCode: string;
  feeVnd: number;
  codVnd: number;
  weightGrams: number;
  fromProvince: string;
  toProvince: string;
  receiver: string;
  history: SimEvent[];
}

/** A region for the rate table: north, centre (with the highlands) or south, by the province's code. */
function region(provinceCode: string): number {
  const n = Number(provinceCode);
  return n < 38 ? 0 : n < 70 ? 1 : 2;
}

export interface RateTable {
  /** First 500 g within a province, within a region, across regions. */
  base: [number, number, number];
  /** Each further 500 g (or part of it). */
  perHalfKg: [number, number, number];
  days: [[number, number], [number, number], [number, number]];
}

/** The simulator's price for a parcel: by route (same province, same region, across) and weight; unknown provinces are refused. */
export function simRate(table: RateTable, fromProvince: string, toProvince: string, weightGrams: number): { fee: number; days: [number, number] } | null {
  if (!getProvince(fromProvince) || !getProvince(toProvince) || !Number.isInteger(weightGrams) || weightGrams <= 0 || weightGrams > 50_000) return null;
  const zone = fromProvince === toProvince ? 0 : region(fromProvince) === region(toProvince) ? 1 : 2;
  const extraHalfKgs = Math.max(0, Math.ceil(weightGrams / 500) - 1);
  return { fee: table.base[zone] + extraHalfKgs * table.perHalfKg[zone], days: table.days[zone] };
}

/** Simulated network delay for every API answer (the shipping bench sets it; zero otherwise). */
let latencyMs = 0;
export function setSimulatedLatency(ms: number): void {
  latencyMs = ms;
}
export const simulatedLatency = () => (latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, latencyMs)) : Promise.resolve());

export function trackingCodeLike(prefix: string, digits: number, suffix = ""): string {
  let code = prefix;
  for (let i = 0; i < digits; i++) code += String(randomInt(10));
  return code + suffix;
}

/** One courier's book of parcels, kept in memory while the server runs. */
export class SimBook {
  private readonly byTracking = new Map<string, SimParcel>();
  private readonly byClient = new Map<string, string>();

  find(trackingCode: string): SimParcel | undefined {
    return this.byTracking.get(trackingCode);
  }

  findByClient(clientOrderCode: string): SimParcel | undefined {
    const tracking = this.byClient.get(clientOrderCode);
    return tracking ? this.byTracking.get(tracking) : undefined;
  }

  /** Books a parcel once per client order code: the same code again returns the first booking. */
  book(parcel: Omit<SimParcel, "history">, firstCode: string): { parcel: SimParcel; existed: boolean } {
    const existing = this.findByClient(parcel.clientOrderCode);
    if (existing) return { parcel: existing, existed: true };
    const booked = { ...parcel, history: [{ code: firstCode, at: new Date(), reason: "", codCollected: null }] };
    this.byTracking.set(booked.trackingCode, booked);
    this.byClient.set(booked.clientOrderCode, booked.trackingCode);
    return { parcel: booked, existed: false };
  }

  all(): SimParcel[] {
    return [...this.byTracking.values()].reverse();
  }
}

/**
 * Posts a courier's webhook as chosen: now, 15 s late, twice, after the next one (out of order:
 * this event is held and the previous one sent again first), or not at all (only tracking shows it).
 */
export async function deliverWebhook(send: (event: SimEvent) => Promise<void>, parcel: SimParcel, event: SimEvent, delivery: SimDelivery): Promise<void> {
  const previous = parcel.history.at(-2);
  switch (delivery) {
    case "none":
      return;
    case "late":
      setTimeout(() => void send(event).catch(() => {}), 15_000).unref();
      return;
    case "twice":
      await send(event);
      await send(event);
      return;
    case "out_of_order":
      // The newer event arrives first, then the older one again, as a courier retrying an earlier delivery would.
      await send(event);
      if (previous) await send(previous);
      return;
    default:
      await send(event);
  }
}

/** Posts a webhook body to our server, as the courier would (its answer is what it retries on). */
export async function postWebhook(url: string, body: string, contentType: string): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": contentType }, body, signal: AbortSignal.timeout(10_000) });
  await response.text();
  return response.status;
}

/** The new province of the old ward a courier was given (couriers price by their old units; the simulators by province). */
export function provinceOfOldWard(oldWardCode: unknown): string | null {
  const ward = typeof oldWardCode === "string" ? getWard(newWardOfOld(oldWardCode) ?? "") : undefined;
  return ward?.provinceCode ?? null;
}
