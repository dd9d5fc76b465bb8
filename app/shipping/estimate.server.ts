import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { getProvince, listWards } from "~/geo/address.server";
import { checkoutDeliveryOptions, sellerTerms, type ShownDeliveryOption } from "~/orders/checkout.server";
import type { CourierRegistry } from "./registry.server";

/**
 * What delivery will cost before checkout (product page, cart), so the price of getting a 14 kg
 * bunch to Hà Nội is known before the buyer signs in. Couriers price mostly by province, so the
 * estimate asks for the province's first ward (its capital's centre, by the official numbering)
 * with the same live, briefly cached quotes checkout uses; checkout then prices the real ward.
 */
export interface DeliveryEstimate {
  provinceCode: string;
  provinceName: string;
  /** Cheapest first; those that could not be priced now come last with their reason. Pickup is not delivery: it is `pickup`. */
  options: ShownDeliveryOption[];
  pickup: boolean;
}

/** Where to estimate for: the province the buyer picked (`?to=`), else where she last had things delivered. */
export async function estimateProvince(db: DbOrTx, viewer: PublicUser | null, picked: string | null): Promise<string | null> {
  if (picked && getProvince(picked)) return picked;
  if (!viewer) return null;
  const last = await db.selectFrom("addresses").select("province_code").where("user_id", "=", viewer.id).orderBy("last_used_at", "desc").limit(1).executeTakeFirst();
  return last?.province_code ?? null;
}

function representativeWard(provinceCode: string): string | null {
  let first: string | null = null;
  for (const ward of listWards(provinceCode)) if (first === null || ward.code < first) first = ward.code;
  return first;
}

/** Every way this seller delivers this parcel to the province, priced (prepaid; cash at the door may cost a little more). */
export async function estimateDelivery(
  db: DbOrTx,
  couriers: CourierRegistry,
  sellerKey: string,
  parcel: { valueVnd: bigint; weightGrams: number },
  provinceCode: string,
): Promise<DeliveryEstimate | null> {
  const province = getProvince(provinceCode);
  const wardCode = representativeWard(provinceCode);
  const seller = (await sellerTerms(db, [sellerKey])).get(sellerKey);
  if (!province || !wardCode || !seller) return null;
  const options = await checkoutDeliveryOptions(couriers, seller, parcel, { provinceCode, wardCode }, false);
  const fee = (o: ShownDeliveryOption) => (o.feeVnd === null ? Number.MAX_SAFE_INTEGER : Number(o.feeVnd));
  return {
    provinceCode,
    provinceName: province.name,
    options: options.filter((o) => o.courier !== "pickup").sort((a, b) => fee(a) - fee(b)),
    pickup: options.some((o) => o.courier === "pickup"),
  };
}
