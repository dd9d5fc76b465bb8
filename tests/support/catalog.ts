import type { PublicUser } from "~/accounts/accounts.server";
import { createListing, type ListingInput } from "~/catalog/listings.server";
import { savePhoto } from "~/media/media.server";
import type { MediaStorage } from "~/media/storage.server";
import sharp from "sharp";
import type { Db } from "../../db";

export async function samplePhoto(color = "#e8c33a"): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: color } }).jpeg().toBuffer();
}

export function listingInput(overrides: Partial<ListingInput> = {}): ListingInput {
  return {
    title: "Buồng chuối già hương",
    priceVnd: 120000,
    stock: 10,
    unit: "buong",
    description: "",
    photoIds: [],
    ...overrides,
  };
}

/**
 * One photo per uploader, run through the real pipeline once and shared by their listings (a
 * listing may reuse an uploaded photo): the pipeline costs far more than the rules under test.
 */
const photoOf = new WeakMap<Db, Map<string, Promise<string>>>();
function uploadedPhoto(db: Db, media: MediaStorage, actor: PublicUser): Promise<string> {
  let byActor = photoOf.get(db);
  if (!byActor) photoOf.set(db, (byActor = new Map()));
  let photo = byActor.get(actor.id);
  if (!photo) {
    photo = samplePhoto().then((bytes) => savePhoto(db, media, actor.id, bytes)).then((saved) => saved.id);
    byActor.set(actor.id, photo);
    photo.catch(() => byActor.delete(actor.id));
  }
  return photo;
}

/** A published listing with a photo uploaded by `actor`. */
export async function makeListing(db: Db, media: MediaStorage, actor: PublicUser, overrides: Partial<ListingInput> = {}, publish = true) {
  const photoId = await uploadedPhoto(db, media, actor);
  return createListing(db, actor, listingInput({ photoIds: [photoId], ...overrides }), publish);
}
