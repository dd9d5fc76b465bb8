import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { Db, DbOrTx } from "../../db";
import type { Shop } from "../../db/schema";
import type { PublicUser } from "~/accounts/accounts.server";
import { getProvince, getWard } from "~/geo/address.server";
import { slugify } from "~/lib/text";
import { FieldError, ForbiddenError, isUniqueViolation, optionalText, phoneField, requiredText } from "~/lib/validation.server";
import { enqueueSellerSync } from "~/search/engine.server";
import { findBank } from "./banks";

/** Province and ward chosen from the official list; the ward must lie in the province. */
export const placeFields = {
  provinceCode: z.string({ required_error: "error.provinceUnknown" }).trim().max(3, "error.provinceUnknown"),
  wardCode: z.string({ required_error: "error.wardUnknown" }).trim().max(6, "error.wardUnknown"),
};

export const shopSchema = z.object({
  name: requiredText(80, 3),
  story: optionalText(2000),
  ...placeFields,
  phone: phoneField,
  bankBin: z
    .string({ required_error: "error.bankUnknown" })
    .trim()
    .refine((bin) => findBank(bin) !== undefined, "error.bankUnknown"),
  bankAccountNumber: z
    .string({ required_error: "error.required" })
    .transform((v) => v.replace(/[\s.-]/g, ""))
    .pipe(z.string().regex(/^[0-9]{6,19}$/, "error.accountNumber")),
  bankAccountHolder: z
    .string({ required_error: "error.required" })
    .trim()
    .max(70, "error.tooLong|max=70")
    .transform((v) => foldToBankName(v))
    .pipe(z.string().regex(/^[A-Z][A-Z ]{1,69}$/, "error.accountHolder")),
});
export type ShopInput = z.infer<typeof shopSchema>;

/** Banks print names upper-case without tone marks; accept "Nguyễn Thị Tư" and store "NGUYEN THI TU". */
function foldToBankName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "D")
    .toUpperCase()
    .replace(/\s+/g, " ");
}

export function assertPlace(provinceCode: string, wardCode: string): void {
  if (!getProvince(provinceCode)) throw new FieldError("provinceCode", "error.provinceUnknown");
  const ward = getWard(wardCode);
  if (!ward || ward.provinceCode !== provinceCode) throw new FieldError("wardCode", "error.wardUnknown");
}

/** A slug from the name, with a short random tail when the plain one is taken. */
export async function uniqueSlug(db: DbOrTx, table: "shops" | "cooperatives", name: string): Promise<string> {
  const base = slugify(name) || "vuon";
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    const taken = await db.selectFrom(table).select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
  }
  return `${base}-${randomBytes(6).toString("hex")}`;
}

function shopValues(input: ShopInput) {
  return {
    name: input.name,
    story: input.story,
    province_code: input.provinceCode,
    ward_code: input.wardCode,
    phone: input.phone,
    bank_bin: input.bankBin,
    bank_account_number: input.bankAccountNumber,
    bank_account_holder: input.bankAccountHolder,
  };
}

/** Opens the acting user's farm shop (one per person). */
export async function createShop(db: DbOrTx, actor: PublicUser, input: ShopInput): Promise<Shop> {
  assertPlace(input.provinceCode, input.wardCode);
  const existing = await getShopByOwner(db, actor.id);
  if (existing) throw new FieldError("name", "error.alreadyHasShop");
  const slug = await uniqueSlug(db, "shops", input.name);
  try {
    return await db
      .insertInto("shops")
      .values({ ...shopValues(input), owner_id: actor.id, slug })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error, "shops_owner_id_key")) throw new FieldError("name", "error.alreadyHasShop");
    throw error;
  }
}

/** Edits a shop; only its owner may. The slug stays stable so shared links keep working. */
export async function updateShop(db: DbOrTx, actor: PublicUser, shopId: string, input: ShopInput): Promise<Shop> {
  assertPlace(input.provinceCode, input.wardCode);
  const updated = await db
    .updateTable("shops")
    .set({ ...shopValues(input), updated_at: new Date() })
    .where("id", "=", shopId)
    .where("owner_id", "=", actor.id)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new ForbiddenError();
  await enqueueSellerSync(db, "shop", updated.id);
  return updated;
}

export async function getShopByOwner(db: DbOrTx, ownerId: string): Promise<Shop | undefined> {
  return db.selectFrom("shops").selectAll().where("owner_id", "=", ownerId).executeTakeFirst();
}

/** What anyone may see of a shop: no bank details, no owner id. */
export async function getPublicShop(db: DbOrTx, slug: string) {
  return db
    .selectFrom("shops")
    .innerJoin("users", "users.id", "shops.owner_id")
    .leftJoin("cooperative_members as m", (j) => j.onRef("m.shop_id", "=", "shops.id").on("m.left_at", "is", null))
    .leftJoin("cooperatives as c", "c.id", "m.cooperative_id")
    .select([
      "shops.id",
      "shops.slug",
      "shops.name",
      "shops.story",
      "shops.province_code",
      "shops.ward_code",
      "shops.phone",
      "shops.created_at",
      "users.full_name as owner_name",
      "c.id as cooperative_id",
      "c.name as cooperative_name",
      "c.slug as cooperative_slug",
    ])
    .where("shops.slug", "=", slug)
    .executeTakeFirst();
}

/**
 * Finds farms and cooperatives by name or story, ignoring tone marks and case
 * ("chuoi" finds "Vườn Chuối"). Products have their own Meilisearch index (app/search).
 */
export async function searchSellers(db: Db, query: string, limit = 30) {
  const q = query.trim().slice(0, 100);
  if (!q) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const shops = db
    .selectFrom("shops")
    .select([sql<string>`'shop'`.as("kind"), "slug", "name", "province_code", "ward_code"])
    .where((eb) =>
      eb.or([
        sql<boolean>`unaccent(lower(shops.name)) like unaccent(lower(${pattern}))`,
        sql<boolean>`unaccent(lower(shops.story)) like unaccent(lower(${pattern}))`,
      ]),
    );
  const coops = db
    .selectFrom("cooperatives")
    .select([sql<string>`'cooperative'`.as("kind"), "slug", "name", "province_code", "ward_code"])
    .where((eb) =>
      eb.or([
        sql<boolean>`unaccent(lower(cooperatives.name)) like unaccent(lower(${pattern}))`,
        sql<boolean>`unaccent(lower(cooperatives.story)) like unaccent(lower(${pattern}))`,
      ]),
    );
  return shops.unionAll(coops).orderBy("name").limit(limit).execute();
}
