import { z } from "zod";
import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { FieldError, ForbiddenError, optionalText, wholeNumberField } from "~/lib/validation.server";
import { CARRIER_IDS } from "~/shipping/couriers";
import { shopSchema } from "./shops.server";

/**
 * What a seller (farm or co-op) offers at checkout: delivering themselves for a fee they set,
 * and/or pickup at the farm. A co-op also keeps its own payout account for VietQR transfers.
 */
export const deliveryTermsSchema = z.object({
  deliveryFeeVnd: wholeNumberField(0, 1_000_000, "error.deliveryFee", { currency: true }),
  offersDelivery: z.literal("on").optional(),
  offersPickup: z.literal("on").optional(),
  // One checkbox per courier ("courier_ghn"): the couriers this seller hands parcels to.
  ...Object.fromEntries(CARRIER_IDS.map((id) => [`courier_${id}`, z.literal("on").optional()])) as Record<`courier_${(typeof CARRIER_IDS)[number]}`, z.ZodOptional<z.ZodLiteral<"on">>>,
  pickupStreet: optionalText(200),
  parcelLengthCm: wholeNumberField(1, 200, "error.parcelSize").default("30"),
  parcelWidthCm: wholeNumberField(1, 200, "error.parcelSize").default("20"),
  parcelHeightCm: wholeNumberField(1, 200, "error.parcelSize").default("15"),
});
export type DeliveryTermsInput = z.infer<typeof deliveryTermsSchema>;

export const payoutSchema = shopSchema.pick({ bankBin: true, bankAccountNumber: true, bankAccountHolder: true });
export type PayoutInput = z.infer<typeof payoutSchema>;

export async function updateDeliveryTerms(db: DbOrTx, actor: PublicUser, seller: { kind: "shop" | "cooperative"; id: string }, input: DeliveryTermsInput): Promise<void> {
  const couriers = CARRIER_IDS.filter((id) => input[`courier_${id}`] === "on");
  if (!input.offersDelivery && !input.offersPickup && couriers.length === 0) throw new FieldError("offersDelivery", "error.noDeliveryOption");
  // A courier comes to a street address: without one, its driver could not find the farm.
  if (couriers.length > 0 && !input.pickupStreet) throw new FieldError("pickupStreet", "error.pickupStreet");
  const values = {
    delivery_fee_vnd: input.deliveryFeeVnd,
    offers_delivery: Boolean(input.offersDelivery),
    offers_pickup: Boolean(input.offersPickup),
    couriers,
    pickup_street: input.pickupStreet ?? "",
    parcel_length_cm: input.parcelLengthCm,
    parcel_width_cm: input.parcelWidthCm,
    parcel_height_cm: input.parcelHeightCm,
    updated_at: new Date(),
  };
  const updated =
    seller.kind === "shop"
      ? await db.updateTable("shops").set(values).where("id", "=", seller.id).where("owner_id", "=", actor.id).returning("id").executeTakeFirst()
      : await db.updateTable("cooperatives").set(values).where("id", "=", seller.id).where("manager_id", "=", actor.id).returning("id").executeTakeFirst();
  if (!updated) throw new ForbiddenError();
}

export async function updateCooperativePayout(db: DbOrTx, actor: PublicUser, cooperativeId: string, input: PayoutInput): Promise<void> {
  const updated = await db
    .updateTable("cooperatives")
    .set({ bank_bin: input.bankBin, bank_account_number: input.bankAccountNumber, bank_account_holder: input.bankAccountHolder, updated_at: new Date() })
    .where("id", "=", cooperativeId)
    .where("manager_id", "=", actor.id)
    .returning("id")
    .executeTakeFirst();
  if (!updated) throw new ForbiddenError();
}
