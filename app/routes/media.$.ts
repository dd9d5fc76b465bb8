import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isSafeMediaKey } from "~/media/storage.server";

/** Processed photo variants only (originals are never stored), cached for a year: keys never change. The HTTP server adds nosniff to every response. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const key = params["*"] ?? "";
  if (!isSafeMediaKey(key)) throw new Response("Not found", { status: 404 });
  const stored = await context.media.get(key);
  if (!stored) throw new Response("Not found", { status: 404 });
  const body = Buffer.isBuffer(stored.body) ? new Uint8Array(stored.body) : createReadableStreamFromReadable(stored.body as Readable);
  const headers: Record<string, string> = {
    "Content-Type": stored.contentType,
    "Cache-Control": "public, max-age=31536000, immutable",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  if (stored.size !== undefined) headers["Content-Length"] = String(stored.size);
  return new Response(body, { headers });
}
