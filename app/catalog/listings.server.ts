import { jsonArrayFrom } from "kysely/helpers/postgres";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { Db, DbOrTx } from "../../db";
import type { ClaimKind, Product, ProductStatus } from "../../db/schema";
import type { PublicUser } from "~/accounts/accounts.server";
import { getWard } from "~/geo/address.server";
import { slugify } from "~/lib/text";
import { FieldError, ForbiddenError, isCalendarDay, optionalText, parseVndShorthand, parseWholeNumber, requiredText, wholeNumberField } from "~/lib/validation.server";
import { getManagedCooperative } from "~/shops/cooperatives.server";
import { assertPlace, getShopByOwner } from "~/shops/shops.server";
import { enqueueProductSync } from "~/search/engine.server";
import { productsWithCover } from "./product-rows.server";
import { guessCategory } from "./category-guess";
import { CATEGORY_SLUGS, UNIT_CODES, defaultWeightGrams } from "./taxonomy";
import { LIVE_STATUSES, liveStatusFor, statusAfterStock } from "./product-status";

export const MAX_PHOTOS = 8;

/** Whole đồng typed the way people type them: "80.000", "80,000", "80000 đ". */
// Money and counts as people type them; refused, never guessed at, when not a whole number.
const vndField = z
  .string({ required_error: "error.required" })
  .transform((v, ctx) => {
    const n = parseWholeNumber(v, { currency: true }) ?? parseVndShorthand(v);
    if (v.trim() === "") ctx.addIssue({ code: "custom", message: "error.required" });
    else if (n === null) ctx.addIssue({ code: "custom", message: "listing.errorPrice" });
    else if (n < 1000) ctx.addIssue({ code: "custom", message: "listing.errorPriceMin" });
    else if (n > 1_000_000_000) ctx.addIssue({ code: "custom", message: "listing.errorPriceMax" });
    return n ?? 0;
  });

/** Above this per unit (a kilo of the finest bird's nest is ≈ 50 million đồng), the seller confirms the price. */
const PRICE_TO_CONFIRM_VND = 50_000_000;

const wholeNumber = (min: number, max: number, messageKey: string) => wholeNumberField(min, max, messageKey);

const certNumber = z.string().trim().max(60, "error.tooLong|max=60").optional();

export const listingSchema = z
  .object({
    title: requiredText(120, 3),
    priceVnd: vndField,
    stock: wholeNumber(0, 1_000_000, "listing.errorStock"),
    unit: z.enum(UNIT_CODES, { errorMap: () => ({ message: "listing.errorUnit" }) }).default("kg"),
    category: z.enum(CATEGORY_SLUGS, { errorMap: () => ({ message: "listing.errorCategory" }) }).optional(),
    weightGrams: wholeNumber(1, 100_000, "listing.errorWeight").optional(),
    harvestDate: z
      .string()
      .trim()
      .refine(isCalendarDay, "listing.errorDate")
      .optional(),
    provinceCode: z.string().trim().max(3).optional(),
    wardCode: z.string().trim().max(6).optional(),
    description: optionalText(4000),
    vietgap: z.literal("on").optional(),
    vietgapNumber: certNumber,
    organic: z.literal("on").optional(),
    organicNumber: certNumber,
    ocopStars: z.enum(["3", "4", "5"], { errorMap: () => ({ message: "listing.errorOcopStars" }) }).optional(),
    ocopNumber: certNumber,
    photoIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{10,40}$/)).max(MAX_PHOTOS, "photo.errorTooManyPhotos").default([]),
    producerShopId: z.string().regex(/^[0-9]{1,18}$/).optional(),
    confirmPrice: z.literal("on").optional(),
    // The new-listing form's key (drawn when the form was served): a second arrival of it finds the first listing.
    submissionKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
  })
  .superRefine((v, ctx) => {
    // A slip of the thumb (three zeros too many) is asked about, not published (issue 10 #6).
    if (v.priceVnd > PRICE_TO_CONFIRM_VND && !v.confirmPrice) ctx.addIssue({ code: "custom", path: ["priceVnd"], message: "listing.priceOutlier" });
    if (v.vietgap && !v.vietgapNumber) ctx.addIssue({ code: "custom", path: ["vietgapNumber"], message: "listing.errorCertNumber" });
    if (v.organic && !v.organicNumber) ctx.addIssue({ code: "custom", path: ["organicNumber"], message: "listing.errorCertNumber" });
    if (v.ocopStars && !v.ocopNumber) ctx.addIssue({ code: "custom", path: ["ocopNumber"], message: "listing.errorCertNumber" });
    if (v.harvestDate) {
      const days = (Date.parse(`${v.harvestDate}T00:00:00Z`) - Date.now()) / 86_400_000;
      if (days > 366 || days < -3 * 366) ctx.addIssue({ code: "custom", path: ["harvestDate"], message: "listing.errorDate" });
    }
  });
export type ListingInput = z.infer<typeof listingSchema>;

/** Who may do what with one listing. */
export interface ListingAccess {
  /** Edit fields, photos, price, stock and status. */
  manage: boolean;
  /** See it on a dashboard, drafts included (the member farmer whose produce a co-op sells). */
  view: boolean;
  /** Pause or archive it as moderation. */
  moderate: boolean;
  /** Pause or archive it because it is sold in your name: the member farm a co-op lists for. */
  takeDown: boolean;
}

export async function listingAccess(
  db: DbOrTx,
  actor: PublicUser | null,
  product: Pick<Product, "producer_shop_id" | "cooperative_id">,
): Promise<ListingAccess> {
  if (!actor) return { manage: false, view: false, moderate: false, takeDown: false };
  const [ownShop, managed] = await Promise.all([getShopByOwner(db, actor.id), getManagedCooperative(db, actor.id)]);
  const isProducer = ownShop?.id === product.producer_shop_id;
  // A co-op manages what it lists for a farm only while that farm is still a member.
  const coopManages =
    Boolean(product.cooperative_id) &&
    managed?.id === product.cooperative_id &&
    Boolean(
      await db
        .selectFrom("cooperative_members")
        .select("id")
        .where("cooperative_id", "=", product.cooperative_id)
        .where("shop_id", "=", product.producer_shop_id)
        .where("left_at", "is", null)
        .executeTakeFirst(),
    );
  const manage = product.cooperative_id ? coopManages : isProducer;
  const takeDown = Boolean(product.cooperative_id) && isProducer;
  return { manage, view: manage || isProducer || actor.is_admin || managed?.id === product.cooperative_id, moderate: actor.is_admin, takeDown };
}

async function requireManage(db: DbOrTx, actor: PublicUser, productId: string): Promise<Product> {
  const product = await db.selectFrom("products").selectAll().where("id", "=", productId).executeTakeFirst();
  if (!product) throw new ForbiddenError("not found");
  const access = await listingAccess(db, actor, product);
  if (!access.manage) throw new ForbiddenError();
  return product;
}

/**
 * Who sells and who grows: a farmer lists their own produce; a cooperative manager lists on
 * behalf of an active member (the member is the producer, the co-op the seller).
 */
async function resolveSeller(db: DbOrTx, actor: PublicUser, producerShopId: string | undefined) {
  const coop = await getManagedCooperative(db, actor.id);
  if (coop && producerShopId) {
    const member = await db
      .selectFrom("cooperative_members as m")
      .innerJoin("shops as s", "s.id", "m.shop_id")
      .select(["s.id", "s.province_code", "s.ward_code"])
      .where("m.cooperative_id", "=", coop.id)
      .where("m.shop_id", "=", producerShopId)
      .where("m.left_at", "is", null)
      .executeTakeFirst();
    if (!member) throw new FieldError("producerShopId", "listing.errorNotMember");
    return { producerShopId: member.id, cooperativeId: coop.id as string | null, shop: member };
  }
  const shop = await getShopByOwner(db, actor.id);
  if (!shop) throw new FieldError("title", coop ? "listing.errorChooseMember" : "listing.errorNeedShop");
  return { producerShopId: shop.id, cooperativeId: null, shop };
}

function productValues(input: ListingInput, origin: { province: string; ward: string }) {
  return {
    title: input.title,
    category: input.category ?? guessCategory(input.title),
    unit: input.unit,
    price_vnd: input.priceVnd,
    stock: input.stock,
    weight_grams: input.weightGrams ?? defaultWeightGrams(input.unit),
    harvest_date: input.harvestDate ?? null,
    origin_province_code: origin.province,
    origin_ward_code: origin.ward,
    description: input.description,
  };
}

function resolveOrigin(input: ListingInput, fallback: { province_code: string; ward_code: string }) {
  if (input.provinceCode && input.wardCode) {
    assertPlace(input.provinceCode, input.wardCode);
    return { province: input.provinceCode, ward: input.wardCode };
  }
  if (input.provinceCode || input.wardCode) {
    const ward = input.wardCode ? getWard(input.wardCode) : undefined;
    throw new FieldError(ward ? "provinceCode" : "wardCode", ward ? "error.provinceUnknown" : "error.wardUnknown");
  }
  return { province: fallback.province_code, ward: fallback.ward_code };
}

async function uniqueProductSlug(db: DbOrTx, title: string): Promise<string> {
  const base = slugify(title) || "san-pham";
  // A short random tail keeps slugs unique without a lookup race between two farmers.
  return `${base}-${randomBytes(3).toString("hex")}`;
}

async function setPhotos(db: DbOrTx, actor: PublicUser, productId: string, photoIds: string[], existing: string[] = []) {
  const unique = [...new Set(photoIds)].slice(0, MAX_PHOTOS);
  // Photos already on this listing may stay even if a co-op colleague uploaded them; new ones must be the actor's own.
  const own = await db
    .selectFrom("media")
    .select("id")
    .where("id", "in", unique.length ? unique : ["-"])
    .where((eb) => eb.or([eb("owner_id", "=", actor.id), eb("id", "in", existing.length ? existing : ["-"])]))
    .execute();
  const allowed = new Set(own.map((m) => m.id));
  const ordered = unique.filter((id) => allowed.has(id));
  await db.deleteFrom("product_photos").where("product_id", "=", productId).execute();
  if (ordered.length) {
    await db
      .insertInto("product_photos")
      .values(ordered.map((media_id, position) => ({ product_id: productId, media_id, position })))
      .execute();
  }
  return ordered.length;
}

/** OCOP and certification claims: new or changed ones wait for an admin; unchanged ones keep their state. */
async function setClaims(db: DbOrTx, productId: string, input: ListingInput) {
  const wanted = new Map<ClaimKind, { stars: number | null; number: string }>();
  if (input.vietgap && input.vietgapNumber) wanted.set("vietgap", { stars: null, number: input.vietgapNumber });
  if (input.organic && input.organicNumber) wanted.set("organic", { stars: null, number: input.organicNumber });
  if (input.ocopStars && input.ocopNumber) wanted.set("ocop", { stars: Number(input.ocopStars), number: input.ocopNumber });
  const current = await db.selectFrom("product_claims").selectAll().where("product_id", "=", productId).execute();
  for (const claim of current) {
    const next = wanted.get(claim.kind);
    if (!next) {
      await db.deleteFrom("product_claims").where("id", "=", claim.id).execute();
    } else if (next.number !== claim.certificate_number || next.stars !== claim.ocop_stars) {
      await db
        .updateTable("product_claims")
        .set({
          certificate_number: next.number,
          ocop_stars: next.stars,
          status: "pending",
          reject_reason: null,
          reviewed_by: null,
          reviewed_at: null,
          updated_at: new Date(),
        })
        .where("id", "=", claim.id)
        .execute();
    }
    wanted.delete(claim.kind);
  }
  for (const [kind, claim] of wanted) {
    await db
      .insertInto("product_claims")
      .values({ product_id: productId, kind, ocop_stars: claim.stars, certificate_number: claim.number })
      .execute();
  }
}

/** Creates a listing, as a draft or published at once. */
/** A fresh key for a new-listing form (see `submissionKey`). */
export const newSubmissionKey = () => randomBytes(16).toString("base64url");

export async function createListing(db: Db, actor: PublicUser, input: ListingInput, publish: boolean): Promise<Product> {
  const seller = await resolveSeller(db, actor, input.producerShopId);
  const origin = resolveOrigin(input, seller.shop);
  if (publish && input.photoIds.length === 0) throw new FieldError("photos", "listing.errorNeedPhoto");
  return db.transaction().execute(async (trx) => {
    const status: ProductStatus = publish ? liveStatusFor(input.stock) : "draft";
    const product = await trx
      .insertInto("products")
      .values({
        ...productValues(input, origin),
        slug: await uniqueProductSlug(trx, input.title),
        producer_shop_id: seller.producerShopId,
        cooperative_id: seller.cooperativeId,
        created_by: actor.id,
        submission_key: input.submissionKey ?? null,
        status,
        published_at: publish ? new Date() : null,
      })
      .onConflict((oc) => oc.columns(["created_by", "submission_key"]).where("submission_key", "is not", null).doNothing())
      .returningAll()
      .executeTakeFirst();
    // This form was sent before (its answer lost on the way, or a kept draft sent again): the listing it made stands.
    if (!product) {
      if (!input.submissionKey) throw new Error("a listing without a form key was refused as a repeat");
      return trx.selectFrom("products").selectAll().where("created_by", "=", actor.id).where("submission_key", "=", input.submissionKey).executeTakeFirstOrThrow();
    }
    const photos = await setPhotos(trx, actor, product.id, input.photoIds);
    if (publish && photos === 0) throw new FieldError("photos", "listing.errorNeedPhoto");
    await setClaims(trx, product.id, input);
    await enqueueProductSync(trx, product.id);
    return product;
  });
}

/** Edits a listing; `publish` moves a draft live. Only those who manage it may. */
export async function updateListing(db: Db, actor: PublicUser, productId: string, input: ListingInput, publish: boolean): Promise<Product> {
  return db.transaction().execute(async (trx) => {
    const product = await requireManage(trx, actor, productId);
    const producerShop = await trx
      .selectFrom("shops")
      .select(["province_code", "ward_code"])
      .where("id", "=", product.producer_shop_id)
      .executeTakeFirstOrThrow();
    const origin = resolveOrigin(input, producerShop);
    const existing = await trx.selectFrom("product_photos").select("media_id").where("product_id", "=", productId).execute();
    const photos = await setPhotos(
      trx,
      actor,
      productId,
      input.photoIds,
      existing.map((p) => p.media_id),
    );
    let status = product.status;
    if (publish && (status === "draft" || status === "paused")) status = liveStatusFor(input.stock);
    status = statusAfterStock(status, input.stock, product.stock);
    if (status !== "draft" && status !== "archived" && photos === 0) throw new FieldError("photos", "listing.errorNeedPhoto");
    const updated = await trx
      .updateTable("products")
      .set({
        ...productValues(input, origin),
        status,
        published_at: product.published_at ?? (status === "active" ? new Date() : null),
        updated_at: new Date(),
      })
      .where("id", "=", productId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await setClaims(trx, productId, input);
    await enqueueProductSync(trx, productId);
    return updated;
  });
}

const TRANSITIONS = {
  publish: { from: ["draft", "paused"], to: (p) => liveStatusFor(p.stock) },
  pause: { from: [...LIVE_STATUSES], to: () => "paused" },
  resume: { from: ["paused"], to: (p) => liveStatusFor(p.stock) },
  soldOut: { from: ["active"], to: () => "sold_out" },
  archive: { from: ["draft", "active", "paused", "sold_out"], to: () => "archived" },
  restore: { from: ["archived"], to: () => "draft" },
  // Undo right after "Lưu trữ": back to where it was (a live one is live again if it has photos).
  unarchive: { from: ["archived"], to: (p, was) => (was === "draft" || was === "paused" ? was : liveStatusFor(p.stock)) },
} satisfies Record<string, { from: ProductStatus[]; to: (p: Product, was?: ProductStatus) => ProductStatus }>;
export type ListingAction = keyof typeof TRANSITIONS;
export const LISTING_ACTIONS = Object.keys(TRANSITIONS) as ListingAction[];

/** Status changes. Admins may pause or archive any listing (moderation); others need to manage it. */
export async function changeListingStatus(db: Db, actor: PublicUser, productId: string, action: ListingAction, was?: ProductStatus): Promise<Product> {
  const rule: { from: ProductStatus[]; to: (p: Product, was?: ProductStatus) => ProductStatus } | undefined = TRANSITIONS[action];
  if (!rule) throw new FieldError("action", "listing.errorAction");
  return db.transaction().execute(async (trx) => {
    const product = await trx.selectFrom("products").selectAll().where("id", "=", productId).forUpdate().executeTakeFirst();
    if (!product) throw new ForbiddenError("not found");
    const access = await listingAccess(trx, actor, product);
    // Admins (moderation) and the farm a co-op listing is sold in the name of may always take it down.
    const takeDown = (access.moderate || access.takeDown) && (action === "pause" || action === "archive");
    if (!access.manage && !takeDown) throw new ForbiddenError();
    if (!rule.from.includes(product.status)) throw new FieldError("action", "listing.errorAction");
    const status = rule.to(product, was);
    if (status === "active" || status === "sold_out") {
      const photos = await trx.selectFrom("product_photos").select("media_id").where("product_id", "=", productId).execute();
      if (!photos.length) throw new FieldError("action", "listing.errorNeedPhoto");
    }
    await enqueueProductSync(trx, productId);
    return trx
      .updateTable("products")
      .set({
        status,
        published_at: product.published_at ?? (status === "active" || status === "sold_out" ? new Date() : null),
        updated_at: new Date(),
      })
      .where("id", "=", productId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** One-tap restock from the dashboard: +/- units, never below zero; sold out ↔ active follows. */
export async function adjustStock(db: Db, actor: PublicUser, productId: string, delta: number): Promise<Product> {
  if (!Number.isInteger(delta) || Math.abs(delta) > 1_000_000) throw new FieldError("delta", "listing.errorStock");
  return db.transaction().execute(async (trx) => {
    const product = await requireManage(trx, actor, productId);
    const stock = Math.max(0, Math.min(1_000_000, product.stock + delta));
    const status = statusAfterStock(product.status, stock, product.stock);
    await enqueueProductSync(trx, productId);
    return trx
      .updateTable("products")
      .set({ stock, status, updated_at: new Date() })
      .where("id", "=", productId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Everything for the edit form, or ForbiddenError. */
export async function getListingForEdit(db: DbOrTx, actor: PublicUser, productId: string) {
  const product = await requireManage(db, actor, productId);
  const [photos, claims] = await Promise.all([
    db
      .selectFrom("product_photos as pp")
      .innerJoin("media as m", "m.id", "pp.media_id")
      .select(["m.id", "m.width", "m.height", "m.placeholder", "m.variants"])
      .where("pp.product_id", "=", productId)
      .orderBy("pp.position")
      .execute(),
    db.selectFrom("product_claims").selectAll().where("product_id", "=", productId).execute(),
  ]);
  return { product, photos, claims };
}

/**
 * The dashboard: listings the actor runs (own farm, or their co-op's), plus the member's
 * produce that their co-op sells, read-only.
 */
export async function listDashboard(db: DbOrTx, actor: PublicUser) {
  const [shop, coop] = await Promise.all([getShopByOwner(db, actor.id), getManagedCooperative(db, actor.id)]);
  if (!shop && !coop) return [];
  const rows = await productsWithCover(db)
    .select(["p.cooperative_id", "p.producer_shop_id", "p.updated_at", "p.category"])
    .where((eb) => {
      const ors = [];
      if (shop) ors.push(eb("p.producer_shop_id", "=", shop.id));
      if (coop) ors.push(eb("p.cooperative_id", "=", coop.id));
      return eb.or(ors);
    })
    .orderBy(sql`case p.status when 'archived' then 1 else 0 end`)
    .orderBy("p.updated_at", "desc")
    .limit(500)
    .execute();
  const activeMembers = coop
    ? new Set(
        (await db.selectFrom("cooperative_members").select("shop_id").where("cooperative_id", "=", coop.id).where("left_at", "is", null).execute()).map(
          (m) => m.shop_id,
        ),
      )
    : new Set<string>();
  return rows.map((r) => ({
    ...r,
    canManage: r.cooperative_id ? coop?.id === r.cooperative_id && activeMembers.has(r.producer_shop_id) : shop?.id === r.producer_shop_id,
    // Sold by a co-op in this farm's name: the farmer may always take it down.
    canTakeDown: Boolean(r.cooperative_id) && shop?.id === r.producer_shop_id && r.status !== "archived",
  }));
}

/** A live listing as buyers see it (drafts and archived ones only for those who may view them). */
export async function getProductPage(db: DbOrTx, slug: string, viewer: PublicUser | null) {
  // The product with its photos and claims in one round trip (the page is most often a first view).
  const row = await db
    .selectFrom("products as p")
    .innerJoin("shops as s", "s.id", "p.producer_shop_id")
    .leftJoin("cooperatives as c", "c.id", "p.cooperative_id")
    .selectAll("p")
    .select(["s.name as producer_name", "s.slug as producer_slug", "s.phone as producer_phone", "c.name as cooperative_name", "c.slug as cooperative_slug", "c.phone as cooperative_phone"])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("product_photos as pp")
          .innerJoin("media as m", "m.id", "pp.media_id")
          .select(["m.id", "m.width", "m.height", "m.placeholder", "m.variants"])
          .whereRef("pp.product_id", "=", "p.id")
          .orderBy("pp.position"),
      ).as("photos"),
      jsonArrayFrom(
        eb.selectFrom("product_claims as pc").select(["pc.kind", "pc.ocop_stars", "pc.certificate_number", "pc.status"]).whereRef("pc.product_id", "=", "p.id"),
      ).as("claims"),
    ])
    .where("p.slug", "=", slug)
    .executeTakeFirst();
  if (!row) return null;
  const { photos, claims, ...product } = row;
  const publicStatus = product.status === "active" || product.status === "sold_out" || product.status === "paused";
  const access = await listingAccess(db, viewer, product);
  if (!publicStatus && !access.view) return null;
  return {
    product,
    photos,
    // Buyers only ever see verified badges; the seller sees pending and rejected ones too.
    claims: access.manage ? claims : claims.filter((c) => c.status === "verified"),
    access,
  };
}

