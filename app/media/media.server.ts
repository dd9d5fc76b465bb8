import { randomBytes } from "node:crypto";
import type { DbOrTx } from "../../db";
import type { MediaVariant } from "../../db/schema";
import { processPhoto, type ProcessedImage } from "./images.server";
import type { MediaStorage } from "./storage.server";

const EXTENSION = { avif: "avif", webp: "webp", jpeg: "jpg" } as const;
const CONTENT_TYPE = { avif: "image/avif", webp: "image/webp", jpeg: "image/jpeg" } as const;

export interface StoredPhoto {
  id: string;
  width: number;
  height: number;
  placeholder: string;
  variants: MediaVariant[];
}

/**
 * Turns uploaded bytes into stored web variants and a media row owned by the uploader. The
 * original is never kept. If anything fails, whatever was written is removed: nothing half-saved.
 */
export async function savePhoto(db: DbOrTx, storage: MediaStorage, ownerId: string, bytes: Buffer): Promise<StoredPhoto> {
  const processed: ProcessedImage = await processPhoto(bytes);
  const id = randomBytes(15).toString("base64url");
  const written: string[] = [];
  try {
    const variants: MediaVariant[] = [];
    for (const v of processed.variants) {
      const key = `${id}/${v.width}.${EXTENSION[v.format]}`;
      await storage.put(key, v.data, CONTENT_TYPE[v.format]);
      written.push(key);
      variants.push({ width: v.width, height: v.height, format: v.format, key, bytes: v.data.length });
    }
    await db
      .insertInto("media")
      .values({
        id,
        owner_id: ownerId,
        width: processed.width,
        height: processed.height,
        placeholder: processed.placeholder,
        variants: JSON.stringify(variants),
      })
      .execute();
    return { id, width: processed.width, height: processed.height, placeholder: processed.placeholder, variants };
  } catch (error) {
    await storage.delete(written).catch(() => {});
    throw error;
  }
}

/** What a `<picture>` needs: one srcset per format, largest JPEG as the fallback `src`. */
export interface PictureSources {
  width: number;
  height: number;
  placeholder: string;
  avif: string;
  webp: string;
  jpeg: string;
  fallback: string;
}

export function pictureSources(media: { width: number; height: number; placeholder: string; variants: MediaVariant[] }): PictureSources {
  const srcset = (format: MediaVariant["format"]) =>
    media.variants
      .filter((v) => v.format === format)
      .sort((a, b) => a.width - b.width)
      .map((v) => `/media/${v.key} ${v.width}w`)
      .join(", ");
  const jpegs = media.variants.filter((v) => v.format === "jpeg").sort((a, b) => a.width - b.width);
  const fallback = jpegs.find((v) => v.width >= 640) ?? jpegs[jpegs.length - 1];
  return {
    width: media.width,
    height: media.height,
    placeholder: media.placeholder,
    avif: srcset("avif"),
    webp: srcset("webp"),
    jpeg: srcset("jpeg"),
    fallback: fallback ? `/media/${fallback.key}` : "",
  };
}

/** Photos the user uploaded, looked up by id: only their own can be attached to a listing. */
export async function getOwnMedia(db: DbOrTx, ownerId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom("media")
    .select(["id", "width", "height", "placeholder", "variants"])
    .where("owner_id", "=", ownerId)
    .where("id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

/** Uploaded but never attached to a listing after a day: the worker removes them. */
export async function purgeOrphanMedia(db: DbOrTx, storage: MediaStorage, olderThanHours = 24): Promise<number> {
  const orphans = await db
    .selectFrom("media")
    .select(["id", "variants"])
    .where("created_at", "<", new Date(Date.now() - olderThanHours * 3_600_000))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("product_photos").select("product_id").whereRef("product_photos.media_id", "=", "media.id"))),
    )
    .limit(500)
    .execute();
  for (const orphan of orphans) {
    await storage.delete(orphan.variants.map((v) => v.key));
    await db.deleteFrom("media").where("id", "=", orphan.id).execute();
  }
  return orphans.length;
}
