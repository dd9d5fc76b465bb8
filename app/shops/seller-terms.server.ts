import { z } from "zod";
import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { FieldError, ForbiddenError, wholeNumberField } from "~/lib/validation.server";
import { shopSchema } from "./shops.server";

/**
 * What a seller (farm or co-op) offers at checkout: delivering themselves for a fee they set,
 * and/or pickup at the farm. A co-op also keeps its own payout account for VietQR transfers.
 */
export const deliveryTermsSchema = z.object({
  deliveryFeeVnd: wholeNumberField(0, 1_000_000, "error.deliveryFee", { currency: true }),
  offersDelivery: z.literal("on").optional(),
  offersPickup: z.literal("on").optional(),
});
export type DeliveryTermsInput = z.infer<typeof deliveryTermsSchema>;

export const payoutSchema = shopSchema.pick({ bankBin: true, bankAccountNumber: true, bankAccountHolder: true });
export type PayoutInput = z.infer<typeof payoutSchema>;

export async function updateDeliveryTerms(db: DbOrTx, actor: PublicUser, seller: { kind: "shop" | "cooperative"; id: string }, input: DeliveryTermsInput): Promise<void> {
  if (!input.offersDelivery && !input.offersPickup) throw new FieldError("offersDelivery", "error.noDeliveryOption");
  const values = { delivery_fee_vnd: input.deliveryFeeVnd, offers_delivery: Boolean(input.offersDelivery), offers_pickup: Boolean(input.offersPickup), updated_at: new Date() };
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
