import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import { inTransaction, type Db, type DbOrTx } from "../../db";
import type { Cooperative } from "../../db/schema";
import type { PublicUser } from "~/accounts/accounts.server";
import { FieldError, ForbiddenError, isUniqueViolation, optionalText, phoneField, requiredText } from "~/lib/validation.server";
import { isLocale } from "~/i18n/i18n";
import { enqueueJob, enqueueJobs } from "~/jobs/queue.server";
import { notifyJob } from "~/notify/notifier.server";
import { enqueueProductSync, enqueueSellerSync } from "~/search/engine.server";
import { assertPlace, getShopByOwner, placeFields, uniqueSlug } from "./shops.server";
import { LIVE_STATUSES } from "~/catalog/product-status";

export const cooperativeSchema = z.object({
  name: requiredText(120, 3),
  story: optionalText(2000),
  ...placeFields,
  phone: phoneField,
});
export type CooperativeInput = z.infer<typeof cooperativeSchema>;

export const joinSchema = z.object({
  inviteCode: z
    .string({ required_error: "error.required" })
    .trim()
    .toUpperCase()
    .min(1, "error.required")
    .max(20, "error.inviteUnknown"),
});

export const addMemberSchema = z.object({ phone: phoneField });
export const invitationAnswerSchema = z.object({
  invitationId: z.string().regex(/^[0-9]{1,18}$/, "error.formExpired"),
  answer: z.enum(["accepted", "declined"], { errorMap: () => ({ message: "error.formExpired" }) }),
});

// No 0/O or 1/I: codes are read aloud over the phone and copied by hand.
const INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
function newInviteCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

export async function createCooperative(db: DbOrTx, actor: PublicUser, input: CooperativeInput): Promise<Cooperative> {
  assertPlace(input.provinceCode, input.wardCode);
  if (await getManagedCooperative(db, actor.id)) throw new FieldError("name", "error.alreadyHasCoop");
  const slug = await uniqueSlug(db, "cooperatives", input.name);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db
        .insertInto("cooperatives")
        .values({
          manager_id: actor.id,
          slug,
          name: input.name,
          story: input.story,
          province_code: input.provinceCode,
          ward_code: input.wardCode,
          phone: input.phone,
          invite_code: newInviteCode(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, "cooperatives_manager_id_key")) throw new FieldError("name", "error.alreadyHasCoop");
      if (isUniqueViolation(error, "cooperatives_invite_code_key") && attempt < 5) continue;
      throw error;
    }
  }
}

export async function updateCooperative(
  db: DbOrTx,
  actor: PublicUser,
  cooperativeId: string,
  input: CooperativeInput,
): Promise<Cooperative> {
  assertPlace(input.provinceCode, input.wardCode);
  const updated = await db
    .updateTable("cooperatives")
    .set({
      name: input.name,
      story: input.story,
      province_code: input.provinceCode,
      ward_code: input.wardCode,
      phone: input.phone,
      updated_at: new Date(),
    })
    .where("id", "=", cooperativeId)
    .where("manager_id", "=", actor.id)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new ForbiddenError();
  await enqueueSellerSync(db, "cooperative", updated.id);
  return updated;
}

export async function getManagedCooperative(db: DbOrTx, managerId: string): Promise<Cooperative | undefined> {
  return db.selectFrom("cooperatives").selectAll().where("manager_id", "=", managerId).executeTakeFirst();
}

/** The co-op `cooperativeId`, if `actor` manages it; ForbiddenError otherwise. */
async function requireManagedCooperative(db: DbOrTx, actor: PublicUser, cooperativeId: string): Promise<Cooperative> {
  const coop = await getManagedCooperative(db, actor.id);
  if (!coop || coop.id !== cooperativeId) throw new ForbiddenError();
  return coop;
}

/** The cooperative the user's farm currently belongs to, if any. */
export async function getMembership(db: DbOrTx, userId: string) {
  return db
    .selectFrom("cooperative_members as m")
    .innerJoin("shops as s", "s.id", "m.shop_id")
    .innerJoin("cooperatives as c", "c.id", "m.cooperative_id")
    .select(["m.id as membership_id", "c.id as cooperative_id", "c.name", "c.slug", "m.joined_at"])
    .where("s.owner_id", "=", userId)
    .where("m.left_at", "is", null)
    .executeTakeFirst();
}

export async function listMembers(db: DbOrTx, cooperativeId: string) {
  return db
    .selectFrom("cooperative_members as m")
    .innerJoin("shops as s", "s.id", "m.shop_id")
    .innerJoin("users as u", "u.id", "s.owner_id")
    .select(["s.id as shop_id", "s.slug", "s.name as shop_name", "u.full_name", "s.province_code", "s.ward_code", "m.joined_at"])
    .where("m.cooperative_id", "=", cooperativeId)
    .where("m.left_at", "is", null)
    .orderBy("m.joined_at")
    .execute();
}

async function addShopToCooperative(db: DbOrTx, cooperativeId: string, shopId: string): Promise<void> {
  try {
    await db.insertInto("cooperative_members").values({ cooperative_id: cooperativeId, shop_id: shopId }).execute();
  } catch (error) {
    if (isUniqueViolation(error, "cooperative_members_one_active")) throw new FieldError("phone", "error.alreadyMember");
    throw error;
  }
}

/** A farmer joins with the invite code the manager shared. */
export async function joinByInviteCode(db: DbOrTx, actor: PublicUser, inviteCode: string): Promise<Cooperative> {
  const shop = await getShopByOwner(db, actor.id);
  if (!shop) throw new FieldError("inviteCode", "error.needShopToJoin");
  const coop = await db.selectFrom("cooperatives").selectAll().where("invite_code", "=", inviteCode).executeTakeFirst();
  if (!coop) throw new FieldError("inviteCode", "error.inviteUnknown");
  try {
    await addShopToCooperative(db, coop.id, shop.id);
  } catch (error) {
    if (error instanceof FieldError) throw new FieldError("inviteCode", error.messageKey, error.params);
    throw error;
  }
  return coop;
}

/**
 * The manager invites a farm by the phone number of its farmer's account. Nothing binds the farm
 * until its farmer accepts. The manager hears the same words, and the request does the same work
 * (one queued job), whether or not the number belongs to a farm, so the form cannot be used to
 * find out who is behind a number; the job creates the invitation and texts the farmer.
 */
export async function inviteMemberByPhone(db: DbOrTx, actor: PublicUser, cooperativeId: string, phone: string): Promise<void> {
  const coop = await requireManagedCooperative(db, actor, cooperativeId);
  await enqueueJob(db, "coop_invite", { cooperativeId: coop.id, phone, invitedBy: actor.id });
}

/** The job's half: an open invitation for the farm behind the number, and a text to its farmer. */
export async function createInvitation(db: DbOrTx, input: { cooperativeId: string; phone: string; invitedBy: string }): Promise<string | null> {
  return inTransaction(db, async (trx) => {
    const shop = await trx
      .selectFrom("shops")
      .innerJoin("users", "users.id", "shops.owner_id")
      .select(["shops.id", "users.id as user_id", "users.phone", "users.locale"])
      .where("users.phone", "=", input.phone)
      .executeTakeFirst();
    const coop = await trx.selectFrom("cooperatives").select(["id", "name", "manager_id"]).where("id", "=", input.cooperativeId).executeTakeFirst();
    // Unknown number, a co-op that is gone, or a manager inviting their own farm: nothing to do.
    if (!shop || !coop || coop.manager_id !== input.invitedBy) return null;
    const member = await trx.selectFrom("cooperative_members").select("id").where("shop_id", "=", shop.id).where("cooperative_id", "=", coop.id).where("left_at", "is", null).executeTakeFirst();
    if (member) return null;
    const invitation = await trx
      .insertInto("cooperative_invitations")
      .values({ cooperative_id: coop.id, shop_id: shop.id, invited_by: input.invitedBy })
      .onConflict((oc) => oc.expression(sql`cooperative_id, shop_id) where (answer is null`).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!invitation) return null; // already invited and not yet answered
    await enqueueJobs(trx, [notifyJob({ kind: "coop_invite", userId: shop.user_id, phone: shop.phone, locale: isLocale(shop.locale) ? shop.locale : "vi", params: { coop: coop.name } })]);
    return invitation.id;
  });
}

/** Invitations waiting for the farmer's answer, for their account page. */
export async function listInvitationsForFarmer(db: DbOrTx, userId: string) {
  return db
    .selectFrom("cooperative_invitations as i")
    .innerJoin("shops as s", "s.id", "i.shop_id")
    .innerJoin("cooperatives as c", "c.id", "i.cooperative_id")
    .innerJoin("users as m", "m.id", "c.manager_id")
    .select(["i.id", "c.name", "c.slug", "c.province_code", "c.ward_code", "m.full_name as manager_name", "i.created_at"])
    .where("s.owner_id", "=", userId)
    .where("i.answer", "is", null)
    .orderBy("i.id", "desc")
    .execute();
}

/** Invitations the manager sent that are still open: shown by the number typed, never by farm name. */
export async function listOpenInvitations(db: DbOrTx, cooperativeId: string) {
  return db
    .selectFrom("cooperative_invitations as i")
    .innerJoin("shops as s", "s.id", "i.shop_id")
    .innerJoin("users as u", "u.id", "s.owner_id")
    .select(["i.id", "u.phone", "i.created_at"])
    .where("i.cooperative_id", "=", cooperativeId)
    .where("i.answer", "is", null)
    .orderBy("i.id")
    .execute();
}

/** The farmer says yes (the farm joins) or no. Only the farm's own farmer can answer. */
export async function answerInvitation(db: DbOrTx, actor: PublicUser, invitationId: string, answer: "accepted" | "declined"): Promise<{ name: string }> {
  return inTransaction(db, async (trx) => {
    const invitation = await trx
      .selectFrom("cooperative_invitations as i")
      .innerJoin("shops as s", "s.id", "i.shop_id")
      .innerJoin("cooperatives as c", "c.id", "i.cooperative_id")
      .select(["i.id", "i.shop_id", "i.cooperative_id", "c.name"])
      .where("i.id", "=", invitationId)
      .where("s.owner_id", "=", actor.id)
      .where("i.answer", "is", null)
      .forUpdate("i")
      .executeTakeFirst();
    if (!invitation) throw new FieldError("invitationId", "coop.error.invitationGone");
    if (answer === "accepted") {
      try {
        await addShopToCooperative(trx, invitation.cooperative_id, invitation.shop_id);
      } catch (error) {
        if (error instanceof FieldError) throw new FieldError("invitationId", "coop.error.leaveFirst");
        throw error;
      }
    }
    await trx.updateTable("cooperative_invitations").set({ answer, answered_at: new Date() }).where("id", "=", invitation.id).execute();
    return { name: invitation.name };
  });
}

/** The manager takes back an invitation nobody answered. */
export async function withdrawInvitation(db: DbOrTx, actor: PublicUser, cooperativeId: string, invitationId: string): Promise<void> {
  const coop = await requireManagedCooperative(db, actor, cooperativeId);
  await db
    .updateTable("cooperative_invitations")
    .set({ answer: "withdrawn", answered_at: new Date() })
    .where("id", "=", invitationId)
    .where("cooperative_id", "=", coop.id)
    .where("answer", "is", null)
    .execute();
}

/**
 * When a farm leaves (or is removed), what the co-op listed in its name stops selling: live
 * listings pause, and the co-op can no longer edit or resume them (see listingAccess).
 */
async function pauseCoopListingsOf(db: DbOrTx, cooperativeId: string, shopIds: string[]): Promise<void> {
  if (shopIds.length === 0) return;
  const paused = await db
    .updateTable("products")
    .set({ status: "paused", updated_at: new Date() })
    .where("cooperative_id", "=", cooperativeId)
    .where("producer_shop_id", "in", shopIds)
    .where("status", "in", [...LIVE_STATUSES])
    .returning("id")
    .execute();
  for (const p of paused) await enqueueProductSync(db, p.id);
}

/** The manager removes a member; history is kept (left_at), never deleted. */
export async function removeMember(db: DbOrTx, actor: PublicUser, cooperativeId: string, shopId: string) {
  const coop = await requireManagedCooperative(db, actor, cooperativeId);
  const removed = await db
    .updateTable("cooperative_members")
    .set({ left_at: new Date() })
    .where("cooperative_id", "=", coop.id)
    .where("shop_id", "=", shopId)
    .where("left_at", "is", null)
    .returning("shop_id")
    .executeTakeFirst();
  if (!removed) throw new FieldError("shopId", "error.notMember");
  await pauseCoopListingsOf(db, coop.id, [removed.shop_id]);
  return db.selectFrom("shops").select("name").where("id", "=", shopId).executeTakeFirstOrThrow();
}

/** A member leaves their cooperative. */
export async function leaveCooperative(db: DbOrTx, actor: PublicUser): Promise<boolean> {
  const left = await db
    .updateTable("cooperative_members")
    .set({ left_at: new Date() })
    .where("left_at", "is", null)
    .where("shop_id", "in", (eb) => eb.selectFrom("shops").select("id").where("owner_id", "=", actor.id))
    .returning(["cooperative_id", "shop_id"])
    .execute();
  for (const row of left) await pauseCoopListingsOf(db, row.cooperative_id, [row.shop_id]);
  return left.length > 0;
}

export async function getPublicCooperative(db: DbOrTx, slug: string) {
  return db
    .selectFrom("cooperatives as c")
    .innerJoin("users as u", "u.id", "c.manager_id")
    .select(["c.id", "c.slug", "c.name", "c.story", "c.province_code", "c.ward_code", "c.phone", "u.full_name as manager_name"])
    .where("c.slug", "=", slug)
    .executeTakeFirst();
}

/** Admin figures: users, farm shops and cooperatives per province. */
export async function provinceFigures(db: Db) {
  const shops = await db
    .selectFrom("shops")
    .select(["province_code", (eb) => eb.fn.countAll<string>().as("count")])
    .groupBy("province_code")
    .execute();
  const coops = await db
    .selectFrom("cooperatives")
    .select(["province_code", (eb) => eb.fn.countAll<string>().as("count")])
    .groupBy("province_code")
    .execute();
  const users = await db.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("count")).executeTakeFirstOrThrow();
  return { users: Number(users.count), shops, coops };
}
