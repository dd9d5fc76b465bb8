import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { contentTypeForKey, isSafeMediaKey, type MediaStorage } from "./storage.server";

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (bucket in the path): needed by MinIO and most self-hosted S3 servers. */
  forcePathStyle: boolean;
}

/** Photos in any S3-compatible store (AWS S3, Cloudflare R2, MinIO, …). */
export function createS3MediaStorage(settings: S3Settings): MediaStorage {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
  });
  return {
    async put(key, data, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: key,
          Body: data,
          ContentType: contentType,
          CacheControl: "public, max-age=31536000, immutable",
        }),
      );
    },
    async get(key) {
      if (!isSafeMediaKey(key)) return null;
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }));
        if (!out.Body) return null;
        return { body: out.Body as Readable, contentType: contentTypeForKey(key), size: out.ContentLength };
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return null;
        throw error;
      }
    },
    async delete(keys) {
      const safe = keys.filter(isSafeMediaKey);
      if (!safe.length) return;
      await client.send(
        new DeleteObjectsCommand({ Bucket: settings.bucket, Delete: { Objects: safe.map((Key) => ({ Key })), Quiet: true } }),
      );
    },
  };
}
