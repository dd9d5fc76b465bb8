import { z } from "zod";
import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { ForbiddenError, FieldError } from "~/lib/validation.server";
import { enqueueProductSync } from "~/search/engine.server";

export const rejectSchema = z.object({
  claimId: z.string().regex(/^[0-9]{1,18}$/),
  reason: z
    .string({ required_error: "claims.errorReason" })
    .trim()
    .min(5, "claims.errorReason")
    .max(500, "error.tooLong|max=500"),
});

function requireAdmin(actor: PublicUser) {
  if (!actor.is_admin) throw new ForbiddenError();
}

/** The admin's verification queue: oldest claims first, with what the admin needs to check. */
export async function listPendingClaims(db: DbOrTx, actor: PublicUser) {
  requireAdmin(actor);
  return db
    .selectFrom("product_claims as c")
    .innerJoin("products as p", "p.id", "c.product_id")
    .innerJoin("shops as s", "s.id", "p.producer_shop_id")
    .select([
      "c.id",
      "c.kind",
      "c.ocop_stars",
      "c.certificate_number",
      "c.created_at",
      "p.title",
      "p.slug",
      "p.origin_province_code",
      "p.origin_ward_code",
      "s.name as producer_name",
    ])
    .where("c.status", "=", "pending")
    .orderBy("c.created_at")
    .limit(200)
    .execute();
}

/** The admin's verdict on a pending claim; the product's search document follows. */
async function reviewClaim(db: DbOrTx, actor: PublicUser, claimId: string, verdict: "verified" | "rejected", reason: string | null) {
  requireAdmin(actor);
  const updated = await db
    .updateTable("product_claims")
    .set({ status: verdict, reject_reason: reason, reviewed_by: actor.id, reviewed_at: new Date(), updated_at: new Date() })
    .where("id", "=", claimId)
    .where("status", "=", "pending")
    .returning(["id", "product_id"])
    .executeTakeFirst();
  if (!updated) throw new FieldError("claimId", "claims.errorGone");
  await enqueueProductSync(db, String(updated.product_id));
}

export async function approveClaim(db: DbOrTx, actor: PublicUser, claimId: string) {
  await reviewClaim(db, actor, claimId, "verified", null);
}

/** Refuses a claim with a reason the farmer sees on their listing. */
export async function rejectClaim(db: DbOrTx, actor: PublicUser, claimId: string, reason: string) {
  await reviewClaim(db, actor, claimId, "rejected", reason);
}
