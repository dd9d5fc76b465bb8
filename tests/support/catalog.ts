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

/** A published listing with one photo uploaded by `actor`. */
export async function makeListing(db: Db, media: MediaStorage, actor: PublicUser, overrides: Partial<ListingInput> = {}, publish = true) {
  const photo = await savePhoto(db, media, actor.id, await samplePhoto());
  return createListing(db, actor, listingInput({ photoIds: [photo.id], ...overrides }), publish);
}
