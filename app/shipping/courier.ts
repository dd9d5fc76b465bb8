/**
 * What checkout and the order desk need from whoever carries a parcel. Seller self-delivery and
 * pickup now; VNPost, Viettel Post, GHN and GHTK plug in here (one file each) without touching
 * checkout.
 */
export interface Parcel {
  orderCode: string;
  weightGrams: number;
  valueVnd: bigint;
  codAmountVnd: bigint;
  from: { provinceCode: string; wardCode: string };
  to: { name: string; phone: string; provinceCode: string; wardCode: string; street: string };
}

export interface SellerDeliveryTerms {
  deliveryFeeVnd: bigint;
  offersDelivery: boolean;
  offersPickup: boolean;
}

export type ShipmentStatus = "created" | "picked_up" | "in_transit" | "delivered" | "failed" | "returned" | "cancelled";

export interface Courier {
  readonly id: "self" | "pickup";
  available(terms: SellerDeliveryTerms): boolean;
  quote(parcel: Parcel, terms: SellerDeliveryTerms): Promise<{ feeVnd: bigint; days: [number, number] | null }>;
  createShipment(parcel: Parcel): Promise<{ trackingCode: string | null; labelUrl: string | null }>;
  cancel(trackingCode: string): Promise<void>;
  track(trackingCode: string): Promise<ShipmentStatus | null>;
  /** Normalises a courier's status notification; null for couriers that send none. */
  parseWebhook(rawBody: string, headers: Headers): { trackingCode: string; status: ShipmentStatus } | null;
}
