import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import type { LotCertification } from "../../db/schema";
import type { PublicUser } from "~/accounts/accounts.server";
import { assertPlace, placeFields } from "~/shops/shops.server";
import { vietnamDay } from "~/lib/dates";
import { FieldError, ForbiddenError, isCalendarDay, isUniqueViolation, optionalText, wholeNumberField } from "~/lib/validation.server";
import { orderAccess } from "~/orders/orders.server";
import { listingAccess } from "./listings.server";

/**
 * Traceability lots and their QR stamps (issue 15). A lot is one harvest or production run of a
 * product: when, how much, where it was grown, and the certifications verified when it was
 * recorded. Each printed stamp carries `<lot code>-<serial>-<signature>`: the signature (HMAC with
 * the deployment's stamp secret) means a made-up or altered code is refused, and the scans of each
 * stamp are counted, so one stamp copied onto many packages shows.
 */

/** Crockford's base32: no I, L, O or U, so a code read aloud or retyped from a sticker survives. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** 40 bits of HMAC: guessing a valid code takes a trillion tries. */
function signature(secret: string, lotCode: string, serial: number): string {
  return base32(createHmac("sha256", secret).update(`stamp:${lotCode}:${serial}`).digest().subarray(0, 5), 8);
}

export function stampCode(secret: string, lotCode: string, serial: number): string {
  return `${lotCode}-${serial}-${signature(secret, lotCode, serial)}`;
}

/** The lot and serial a stamp code names, or null when it was not signed by us (forged, altered, mistyped). */
export function readStampCode(secret: string, code: string): { lotCode: string; serial: number } | null {
  const match = /^([0-9A-HJKMNP-TV-Z]{8})-([1-9]\d{0,5})-([0-9A-HJKMNP-TV-Z]{8})$/.exec(code.trim().toUpperCase());
  if (!match) return null;
  const [, lotCode, serialText, given] = match as unknown as [string, string, string, string];
  const serial = Number(serialText);
  const expected = signature(secret, lotCode, serial);
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given)) ? { lotCode, serial } : null;
}

export const lotSchema = z.object({
  harvestedOn: z
    .string({ required_error: "trace.errorDate" })
    .trim()
    .refine((v) => isCalendarDay(v), "trace.errorDate"),
  quantity: wholeNumberField(1, 1_000_000, "trace.errorQuantity"),
  ...placeFields,
  notes: optionalText(2000),
});
export type LotInput = z.output<typeof lotSchema>;

/** At most this many stamps per print: a PDF of 48 sheets, printable on a farm's inkjet. */
export const MAX_STAMPS_PER_PRINT = 1000;

async function productFor(db: DbOrTx, actor: PublicUser, productId: string, need: "manage" | "view") {
  const product = await db.selectFrom("products").select(["id", "title", "unit", "producer_shop_id", "cooperative_id", "origin_province_code", "origin_ward_code"]).where("id", "=", productId).executeTakeFirst();
  if (!product) throw new ForbiddenError("not found");
  const access = await listingAccess(db, actor, product);
  if (!access[need]) throw new ForbiddenError();
  return product;
}

export async function recordLot(db: DbOrTx, actor: PublicUser, productId: string, input: LotInput) {
  const product = await productFor(db, actor, productId, "manage");
  // A lot is something already harvested or made: not a date to come, nor one from long ago.
  const today = vietnamDay();
  if (input.harvestedOn > today) throw new FieldError("harvestedOn", "trace.errorFuture");
  if (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${input.harvestedOn}T00:00:00Z`) > 5 * 366 * 86_400_000) throw new FieldError("harvestedOn", "trace.errorDate");
  assertPlace(input.provinceCode, input.wardCode);
  const claims = await db.selectFrom("product_claims").select(["kind", "ocop_stars", "certificate_number"]).where("product_id", "=", productId).where("status", "=", "verified").orderBy("kind").execute();
  const certifications: LotCertification[] = claims.map((c) => ({ kind: c.kind, stars: c.ocop_stars, certificate: c.certificate_number }));
  for (let attempt = 0; ; attempt++) {
    try {
      return await db
        .insertInto("lots")
        .values({
          product_id: product.id,
          code: base32(randomBytes(5), 8),
          harvested_on: input.harvestedOn,
          quantity: input.quantity,
          unit: product.unit,
          province_code: input.provinceCode,
          ward_code: input.wardCode,
          certifications: JSON.stringify(certifications),
          notes: input.notes ?? "",
          created_by: actor.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      // One in a trillion, but a code must never name two lots.
      if (attempt < 3 && isUniqueViolation(error, "lots_code_key")) continue;
      throw error;
    }
  }
}

/** A product's lots, newest harvest first, for those who run or see the listing. */
export async function listLots(db: DbOrTx, actor: PublicUser, productId: string) {
  const product = await productFor(db, actor, productId, "view");
  const lots = await db
    .selectFrom("lots as l")
    .leftJoin("stamp_scans as s", "s.lot_id", "l.id")
    .select(["l.id", "l.code", "l.harvested_on", "l.quantity", "l.unit", "l.province_code", "l.ward_code", "l.certifications", "l.notes", "l.stamps_printed", "l.created_at"])
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<string>("s.scans"), eb.val("0")).as("scans")])
    .where("l.product_id", "=", productId)
    .groupBy("l.id")
    .orderBy("l.harvested_on", "desc")
    .orderBy("l.id", "desc")
    .execute();
  return { product, lots: lots.map((l) => ({ ...l, scans: Number(l.scans) })) };
}

/**
 * Sets aside the next `count` serials of a lot for printing (serials are never reused), or says
 * the count is not one it prints; either way names the product, for the page to go back to.
 */
export async function allocateStamps(db: DbOrTx, actor: PublicUser, lotId: string, count: number): Promise<{ productId: string } & ({ from: number; to: number } | { refused: "count" | "tooMany" })> {
  const lot = await db.selectFrom("lots").select(["id", "product_id"]).where("id", "=", lotId).executeTakeFirst();
  if (!lot) throw new ForbiddenError("not found");
  await productFor(db, actor, lot.product_id, "manage");
  if (!Number.isInteger(count) || count < 1 || count > MAX_STAMPS_PER_PRINT) return { productId: lot.product_id, refused: "count" };
  const updated = await db
    .updateTable("lots")
    .set((eb) => ({ stamps_printed: eb("stamps_printed", "+", count) }))
    .where("id", "=", lotId)
    .where("stamps_printed", "<=", 100_000 - count)
    .returning("stamps_printed")
    .executeTakeFirst();
  if (!updated) return { productId: lot.product_id, refused: "tooMany" };
  return { productId: lot.product_id, from: updated.stamps_printed - count + 1, to: updated.stamps_printed };
}

/** What a stamp sheet prints: the lot, its product, and the codes of serials already set aside. */
export async function stampsToPrint(db: DbOrTx, actor: PublicUser, lotId: string, secret: string, range: { from: number; to: number }) {
  const lot = await db
    .selectFrom("lots as l")
    .innerJoin("products as p", "p.id", "l.product_id")
    .innerJoin("shops as s", "s.id", "p.producer_shop_id")
    .select(["l.id", "l.code", "l.harvested_on", "l.stamps_printed", "l.product_id", "p.title", "s.name as farm"])
    .where("l.id", "=", lotId)
    .executeTakeFirst();
  if (!lot) throw new ForbiddenError("not found");
  await productFor(db, actor, lot.product_id, "view");
  // Only serials set aside can be (re)printed: a reprint gives the very same stamps.
  const to = Math.min(range.to, lot.stamps_printed, range.from + MAX_STAMPS_PER_PRINT - 1);
  const codes = [];
  for (let serial = Math.max(1, range.from); serial <= to; serial++) codes.push({ serial, code: stampCode(secret, lot.code, serial) });
  return { lot, codes };
}

/**
 * A scan of a stamp: what the page shows about its lot, counting the scan unless `count` is false
 * (a repeat from the same phone, a link preview). Null when the code is not a stamp we printed.
 */
export async function scanStamp(db: DbOrTx, secret: string, code: string, count: boolean) {
  const read = readStampCode(secret, code);
  if (!read) return null;
  const lot = await db
    .selectFrom("lots as l")
    .innerJoin("products as p", "p.id", "l.product_id")
    .innerJoin("shops as s", "s.id", "p.producer_shop_id")
    .leftJoin("cooperatives as c", "c.id", "p.cooperative_id")
    .select([
      "l.id",
      "l.code",
      "l.harvested_on",
      "l.quantity",
      "l.unit",
      "l.province_code",
      "l.ward_code",
      "l.certifications",
      "l.notes",
      "l.stamps_printed",
      "p.title",
      "p.slug",
      "p.status",
      "s.name as farm",
      "s.slug as farm_slug",
      "c.name as coop",
      "c.slug as coop_slug",
    ])
    .where("l.code", "=", read.lotCode)
    .executeTakeFirst();
  // Signed but never set aside for printing: not a stamp that exists.
  if (!lot || read.serial > lot.stamps_printed) return null;
  const scans = count
    ? await db
        .insertInto("stamp_scans")
        .values({ lot_id: lot.id, serial: read.serial, scans: 1 })
        .onConflict((oc) => oc.columns(["lot_id", "serial"]).doUpdateSet((eb) => ({ scans: eb("stamp_scans.scans", "+", 1), last_scanned_at: new Date() })))
        .returning(["scans", "first_scanned_at"])
        .executeTakeFirstOrThrow()
    : ((await db.selectFrom("stamp_scans").select(["scans", "first_scanned_at"]).where("lot_id", "=", lot.id).where("serial", "=", read.serial).executeTakeFirst()) ?? null);
  const stampScans = scans?.scans ?? 0;
  return {
    lot,
    serial: read.serial,
    scans: stampScans,
    firstScannedAt: scans?.first_scanned_at ?? null,
    suspicious: stampScans > expectedScansPerStamp(lot.quantity, lot.stamps_printed),
  };
}

/**
 * How often one stamp may fairly be scanned: a stamp is on one package, which a few people look
 * at (buyer, family, the shop that resold it): up to ten scans for each unit of the lot it covers.
 * A stamp scanned far beyond that was most likely copied onto other packages.
 */
function expectedScansPerStamp(quantity: number, stampsPrinted: number): number {
  return 10 * Math.max(1, Math.ceil(quantity / Math.max(1, stampsPrinted)));
}

/**
 * The lots an order's lines ship from: the one named on each line, and, for the seller, the lots
 * she may name (each product's latest). Lines are those the viewer already sees.
 */
export async function orderLots(db: DbOrTx, orderId: string, productIds: string[], forSeller: boolean) {
  if (productIds.length === 0) return { named: new Map<string, { code: string; harvestedOn: string }>(), choices: new Map<string, { id: string; code: string; harvestedOn: string }[]>() };
  const [named, lots] = await Promise.all([
    db
      .selectFrom("order_items as i")
      .innerJoin("lots as l", "l.id", "i.lot_id")
      .select(["i.product_id", "l.code", "l.harvested_on"])
      .where("i.order_id", "=", orderId)
      .where("i.product_id", "in", productIds)
      .execute(),
    forSeller
      ? db.selectFrom("lots").select(["id", "product_id", "code", "harvested_on"]).where("product_id", "in", productIds).orderBy("harvested_on", "desc").orderBy("id", "desc").limit(20 * productIds.length).execute()
      : Promise.resolve([]),
  ]);
  const choices = new Map<string, { id: string; code: string; harvestedOn: string }[]>();
  for (const lot of lots) {
    const list = choices.get(lot.product_id) ?? [];
    if (list.length < 20) list.push({ id: lot.id, code: lot.code, harvestedOn: lot.harvested_on });
    choices.set(lot.product_id, list);
  }
  return { named: new Map(named.map((n) => [n.product_id, { code: n.code, harvestedOn: n.harvested_on }])), choices };
}

/** The seller names the lot an order line ships from (or none); false when the lot is not of that line's product. */
export async function nameOrderLot(db: DbOrTx, actor: PublicUser, orderId: string, productId: string, lotId: string | null): Promise<boolean> {
  const order = await db.selectFrom("orders").select(["id", "buyer_id", "seller_shop_id", "seller_cooperative_id"]).where("id", "=", orderId).executeTakeFirst();
  if (!order || !(await orderAccess(db, actor, order)).seller) throw new ForbiddenError();
  if (lotId && !(await db.selectFrom("lots").select("id").where("id", "=", lotId).where("product_id", "=", productId).executeTakeFirst())) return false;
  const updated = await db.updateTable("order_items").set({ lot_id: lotId }).where("order_id", "=", orderId).where("product_id", "=", productId).executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}
