import { Writable } from "node:stream";

/**
 * React 18.3's renderToPipeableStream has a bug: when a multi-byte character (most Vietnamese
 * letters with tone marks) does not fit at the end of its 2 KB output buffer, it flushes the whole
 * buffer, unwritten zero bytes included, and writes the character again in the next one. Pages then
 * carry stray NUL bytes ("k\0ý tự"). HTML never legitimately contains NUL (React escapes text and
 * the parser replaces it anyway), so dropping every zero byte restores the exact page.
 * Fixed upstream in React 19 (the flush writes only the written part); remove the dropping then.
 *
 * Collects a rendered page into one buffer with the NUL bytes dropped. No page defers data, so
 * React has the whole page as soon as its shell is ready; sending it as one piece spares dozens of
 * small chunks their trip through Node and web streams and gzip.
 */
export function collectPage(onDone: (page: Buffer<ArrayBuffer>) => void): Writable {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      const page = Buffer.concat(chunks);
      onDone(page.indexOf(0) === -1 ? page : withoutNulBytes(page));
      callback();
    },
  });
}

function withoutNulBytes(chunk: Buffer): Buffer<ArrayBuffer> {
  const kept = Buffer.allocUnsafe(chunk.length);
  let length = 0;
  for (const byte of chunk) if (byte !== 0) kept[length++] = byte;
  return kept.subarray(0, length);
}
