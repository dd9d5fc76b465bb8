import type { ShipmentStatus } from "../../db/schema";

/**
 * What checkout and the order desk need from whoever carries a parcel. Every way of delivering is
 * a `Courier` in the registry (registry.server.ts): pickup at the farm, the seller's own delivery,
 * and the couriers booked through their APIs (VNPost, Viettel Post, GHN, GHTK, one file each),
 * which carry a `CarrierApi`. What the state machine and the pages do follows from the
 * capabilities here, never from string checks on the id.
 */
export type { ShipmentStatus };

export interface Place {
  provinceCode: string;
  wardCode: string;
}

export interface Party extends Place {
  name: string;
  phone: string;
  street: string;
}

/** What a quote needs: how heavy and big, how much it is worth and collects, from where to where. */
export interface ParcelSize {
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
}

export interface QuoteRequest extends ParcelSize {
  valueVnd: bigint;
  codAmountVnd: bigint;
  from: Place;
  to: Place;
}

/** Everything a courier needs to book a pickup. */
export interface Parcel extends QuoteRequest {
  /** Our code for it (the order code; a rebooking after a cancel adds -2…): couriers keep it unique, so booking twice books once. */
  clientOrderCode: string;
  from: Party;
  to: Party;
  items: Array<{ name: string; quantity: number; weightGrams: number }>;
  note: string;
}

export interface Quote {
  feeVnd: bigint;
  /** Delivery days, fewest and most; null when nobody knows (the seller's own delivery). */
  days: [number, number] | null;
}

export interface Booking {
  trackingCode: string;
  feeVnd: bigint;
  expectedDeliveryAt: Date | null;
  courierStatus: string;
  raw: unknown;
}

/** One status report about a parcel, in our words and the courier's. */
export interface TrackingUpdate {
  /** Unique per courier event (the inbox keeps each once). */
  eventKey: string;
  trackingCode: string;
  courierStatus: string;
  /** Null for a code we do not know: stored and flagged, never guessed. */
  status: ShipmentStatus | null;
  happenedAt: Date;
  reason: string;
  /** Cash the courier says it collected at the door with this event, if any. */
  codCollectedVnd: bigint | null;
  /** Cash the courier says it has paid over to the seller (GHTK's "reconciled"), if any. */
  codRemittedVnd?: bigint | null;
}

/** A notification that is not the courier's (wrong token, secret or shape): refused, nothing changes. */
export class CourierAuthError extends Error {
  override name = "CourierAuthError";
}

/** The courier could not be reached or refused the request; `messageKey` says why to the seller when it can. */
export class CourierError extends Error {
  override name = "CourierError";
  constructor(
    message: string,
    readonly messageKey: "shipping.error.courierDown" | "shipping.error.courierRefused" | "shipping.error.unmappedWard" = "shipping.error.courierDown",
  ) {
    super(message);
  }
}

/** What a courier booked through its API can do. */
export interface CarrierApi {
  book(parcel: Parcel): Promise<Booking>;
  cancel(trackingCode: string): Promise<void>;
  /** Everything the courier reports about the parcel so far, oldest first. */
  track(trackingCode: string): Promise<TrackingUpdate[]>;
  /** Checks the notification is the courier's (token, secret path or header), then reads it. */
  parseWebhook(request: { body: string; headers: Headers; url: URL }): TrackingUpdate[];
  /** What the courier expects back: it retries until it hears this. */
  webhookReply(accepted: boolean): { status: number; json: unknown };
  /** The courier's own public tracking page for the parcel. */
  trackingUrl(trackingCode: string): string;
}

export interface SellerDeliveryTerms {
  deliveryFeeVnd: bigint;
  offersDelivery: boolean;
  offersPickup: boolean;
  /** Couriers (by id) the seller hands parcels to. */
  couriers: readonly string[];
}

export interface Courier {
  readonly id: string;
  /** Whether the parcel travels (false for pickup: the buyer collects, packed → delivered). */
  readonly ships: boolean;
  /** Present for couriers booked through their API; absent for pickup and the seller's own delivery. */
  readonly carrier?: CarrierApi;
  available(terms: SellerDeliveryTerms): boolean;
  quote(request: QuoteRequest, terms: SellerDeliveryTerms): Promise<Quote>;
}

/**
 * The courier failure in an error, if it is one. By name, not instanceof: the registry is built by
 * the start command from the source modules while routes run from the app bundle, so the same
 * class exists twice (as payments' paymentErrorKind does).
 */
function isCourierError(error: unknown): error is CourierError {
  return error instanceof Error && error.name === "CourierError" && "messageKey" in error;
}

export function courierFailure(error: unknown): CourierError | null {
  return isCourierError(error) ? error : null;
}

export function isCourierAuthError(error: unknown): boolean {
  return error instanceof Error && error.name === "CourierAuthError";
}
