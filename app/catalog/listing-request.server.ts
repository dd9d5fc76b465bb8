import type { AppLoadContext } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import type { PublicUser } from "~/accounts/accounts.server";
import { placeOptions } from "~/geo/address.server";
import type { FormResult } from "~/lib/forms.server";
import { FieldError } from "~/lib/validation.server";
import { getOwnMedia, savePhoto } from "~/media/media.server";
import { parseFormWithPhotos } from "~/media/upload.server";
import type { DbOrTx } from "../../db";
import type { MediaVariant } from "../../db/schema";
import { listingSchema, MAX_PHOTOS, type ListingInput } from "./listings.server";

const SECRET_FREE_FIELDS = [
  "title", "priceVnd", "stock", "unit", "category", "weightGrams", "harvestDate", "provinceCode", "wardCode",
  "description", "vietgap", "vietgapNumber", "organic", "organicNumber", "ocopStars", "ocopNumber", "producerShopId", "confirmPrice", "submissionKey",
];

export type ListingIntent = "publish" | "draft" | "save" | "pick-province" | "photo";

/**
 * Reads a posted listing form (multipart, photos included when JavaScript is off), stores each
 * uploaded photo as it arrives, applies photo reorder buttons, then validates. The reply always
 * carries the photos so far, so nothing uploaded over a slow link is ever asked for twice.
 */
async function readListingForm(request: Request, context: AppLoadContext, user: PublicUser, existingPhotoIds: string[] = []) {
  const { formData, fileResults } = await parseFormWithPhotos(request, {
    fileFields: ["photos"],
    maxFiles: MAX_PHOTOS,
    onFile: async (file) => (file.bytes ? (await savePhoto(context.db, context.media, user.id, file.bytes)).id : null),
  });
  const rawIntent = String(formData.get("intent") ?? "publish");
  let photoIds = formData.getAll("photoIds").map(String).filter((id) => /^[A-Za-z0-9_-]{10,40}$/.test(id));
  photoIds = [...photoIds, ...fileResults.flatMap((r) => (r.value ? [r.value] : []))];
  let intent: ListingIntent = "publish";
  const photoMove = rawIntent.match(/^photo:(up|down|cover|remove):([A-Za-z0-9_-]{10,40})$/);
  if (photoMove) {
    intent = "photo";
    photoIds = movePhoto(photoIds, photoMove[2] ?? "", photoMove[1] as "up" | "down" | "cover" | "remove");
  } else if (rawIntent === "draft" || rawIntent === "save" || rawIntent === "pick-province") {
    intent = rawIntent;
  }
  photoIds = [...new Set(photoIds)].slice(0, MAX_PHOTOS);
  const fileErrors = [...new Set(fileResults.flatMap((r) => (r.error ? [r.error] : [])))];

  const echo: Record<string, string | string[]> = { photoIds };
  for (const key of SECRET_FREE_FIELDS) {
    const value = formData.get(key);
    if (typeof value === "string") echo[key] = value;
  }
  const normalized = new FormData();
  for (const [key, value] of Object.entries(echo)) {
    for (const item of Array.isArray(value) ? value : [value]) normalized.append(key, item);
  }
  const submission = parseWithZod(normalized, { schema: listingSchema });
  // Only the user's own uploads (or photos already on this listing) survive.
  const photos = await photoThumbs(context.db, user.id, photoIds, existingPhotoIds);
  photoIds = photos.map((p) => p.id);
  echo.photoIds = photoIds;
  const echoReply = (errors: Record<string, string[]> = {}): FormResult => ({ status: "error", initialValue: echo, error: errors });

  if (intent === "photo" || intent === "pick-province") return { done: false as const, reply: echoReply(), photos, intent };
  if (submission.status !== "success" || fileErrors.length) {
    const reply: FormResult =
      submission.status === "success" ? echoReply() : { ...submission.reply(), initialValue: echo };
    const errors = { ...(reply.error ?? {}) } as Record<string, string[] | null>;
    if (fileErrors.length) errors.photos = [...(errors.photos ?? []), ...fileErrors];
    // All problems in one round: a missing photo used to be reported only after the rest was fixed.
    if (intent === "publish" && photoIds.length === 0 && !errors.photos?.length) errors.photos = ["listing.errorNeedPhoto"];
    return { done: false as const, reply: { ...reply, error: errors }, photos, intent };
  }
  const value: ListingInput = { ...submission.value, photoIds };
  return { done: true as const, value, photos, intent, echo, echoReply };
}

function movePhoto(ids: string[], id: string, to: "up" | "down" | "cover" | "remove"): string[] {
  const i = ids.indexOf(id);
  if (i < 0) return ids;
  const next = [...ids];
  next.splice(i, 1);
  if (to === "remove") return next;
  const at = to === "cover" ? 0 : to === "up" ? Math.max(0, i - 1) : Math.min(next.length, i + 1);
  next.splice(at, 0, id);
  return next;
}

function smallest(variants: MediaVariant[], format: MediaVariant["format"]): string {
  const v = variants.filter((x) => x.format === format).sort((a, b) => a.width - b.width)[0];
  return v ? `/media/${v.key}` : "";
}

/** Thumbnails for photos in the form: the user's own uploads, or photos already on the listing. */
export async function photoThumbs(db: DbOrTx, userId: string, ids: string[], alsoAllowed: string[] = []) {
  const own = await getOwnMedia(db, userId, ids);
  const ownIds = new Set(own.map((m) => m.id));
  const others = ids.filter((id) => !ownIds.has(id) && alsoAllowed.includes(id));
  const extra = others.length
    ? await db.selectFrom("media").select(["id", "width", "height", "placeholder", "variants"]).where("id", "in", others).execute()
    : [];
  const byId = new Map([...own, ...extra].map((m) => [m.id, m]));
  return ids.flatMap((id) => {
    const m = byId.get(id);
    return m ? [{ id: m.id, thumb: smallest(m.variants, "jpeg"), placeholder: m.placeholder }] : [];
  });
}

/**
 * A listing form post from start to finish: read it (photos included), and when it is complete
 * call `save`. Whatever is missing or refused comes back with the photos and wards so far.
 */
export async function handleListingForm<Saved>(
  request: Request,
  context: AppLoadContext,
  user: PublicUser,
  existingPhotoIds: string[],
  save: (value: ListingInput, intent: ListingIntent) => Promise<Saved>,
) {
  const read = await readListingForm(request, context, user, existingPhotoIds);
  const province = read.done ? (read.value.provinceCode ?? "") : String(read.reply.initialValue?.provinceCode ?? "");
  const { wards } = placeOptions(province);
  if (!read.done) return { done: false as const, intent: read.intent, result: read.reply, photos: read.photos, wards };
  let saved: Saved;
  try {
    saved = await save(read.value, read.intent);
  } catch (error) {
    if (error instanceof FieldError) {
      return { done: false as const, intent: read.intent, result: read.echoReply({ [error.field]: [error.issue] }), photos: read.photos, wards };
    }
    throw error;
  }
  return { done: true as const, intent: read.intent, result: null, photos: read.photos, wards, saved };
}
