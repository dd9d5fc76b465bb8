import { unstable_parseMultipartFormData as parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { ImageRejected, MAX_UPLOAD_BYTES } from "./images.server";

export interface UploadedFile {
  field: string;
  filename: string;
  bytes: Buffer | null;
  /** Set when the file was refused while streaming (too large). */
  rejected?: string;
}

/**
 * Reads a multipart form, keeping text fields as usual and each file (up to `maxFiles`) in
 * memory only up to MAX_UPLOAD_BYTES. A larger file is drained and dropped, not buffered, so a
 * 50 MB upload costs bandwidth but never memory. Files are handed to `onFile` one at a time, in
 * order, so each can be processed and released before the next arrives.
 */
export async function parseFormWithPhotos(
  request: Request,
  options: { fileFields: string[]; maxFiles: number; onFile: (file: UploadedFile) => Promise<string | null> },
): Promise<{ formData: FormData; fileResults: { filename: string; value: string | null; error?: string }[] }> {
  const fileResults: { filename: string; value: string | null; error?: string }[] = [];
  let fileCount = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (!options.fileFields.includes(name) || filename === undefined) {
      // A text field: collect it as Remix would.
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size <= 1_000_000) chunks.push(chunk);
      }
      if (size > 1_000_000) return undefined;
      const text = new TextDecoder().decode(Buffer.concat(chunks));
      // NUL never belongs in text and PostgreSQL cannot store it: the field counts as not sent.
      return text.includes("\u0000") ? undefined : text;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > MAX_UPLOAD_BYTES) {
        tooLarge = true;
        chunks.length = 0; // keep draining, keep nothing
        continue;
      }
      chunks.push(chunk);
    }
    if (!filename && size === 0) return undefined; // an empty file input
    fileCount += 1;
    if (fileCount > options.maxFiles) {
      fileResults.push({ filename: filename ?? "", value: null, error: "photo.errorTooManyPhotos" });
      return undefined;
    }
    if (tooLarge) {
      fileResults.push({ filename: filename ?? "", value: null, error: "photo.errorTooLarge" });
      return undefined;
    }
    try {
      const value = await options.onFile({ field: name, filename: filename ?? "", bytes: Buffer.concat(chunks) });
      fileResults.push({ filename: filename ?? "", value });
      return value ?? undefined;
    } catch (error) {
      if (error instanceof ImageRejected) {
        fileResults.push({ filename: filename ?? "", value: null, error: error.messageKey });
        return undefined;
      }
      throw error;
    }
  };
  let ownError: unknown = null;
  const guarded: UploadHandler = async (part) => {
    try {
      return await handler(part);
    } catch (error) {
      ownError = error;
      throw error;
    }
  };
  try {
    const formData = await parseMultipartFormData(request, guarded);
    return { formData, fileResults };
  } catch (error) {
    // Our own failures (the database, storage) are real errors; a body that is not a readable
    // form (cut short, a broken boundary, not a form at all) is the sender's and gets a message.
    if (ownError !== null) throw error;
    return { formData: new FormData(), fileResults: [...fileResults, { filename: "", value: null, error: "error.formExpired" }] };
  }
}
