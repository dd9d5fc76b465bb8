import { deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";

/**
 * The reference picture: landscape 300×200, red top-left quadrant, blue top-right, green
 * bottom-left, white bottom-right. If it comes out that way, it is upright.
 */
export async function referenceImage(): Promise<Buffer> {
  const quadrant = (r: number, g: number, b: number) => ({ create: { width: 150, height: 100, channels: 3 as const, background: { r, g, b } } });
  const parts = await Promise.all([
    sharp(quadrant(255, 0, 0)).png().toBuffer(),
    sharp(quadrant(0, 0, 255)).png().toBuffer(),
    sharp(quadrant(0, 200, 0)).png().toBuffer(),
    sharp(quadrant(255, 255, 255)).png().toBuffer(),
  ]);
  return sharp({ create: { width: 300, height: 200, channels: 3, background: "#000" } })
    .composite([
      { input: parts[0]!, left: 0, top: 0 },
      { input: parts[1]!, left: 150, top: 0 },
      { input: parts[2]!, left: 0, top: 100 },
      { input: parts[3]!, left: 150, top: 100 },
    ])
    .png()
    .toBuffer();
}

const step = (input: Buffer, f: (s: Sharp) => Sharp) => f(sharp(input)).png().toBuffer();

/**
 * How a camera stores the reference picture under each EXIF orientation: the stored pixels are
 * the picture transformed by the inverse of what the tag asks a viewer to do. One operation per
 * step, because sharp applies flips before rotation within one pipeline.
 */
export async function storedAs(orientation: number, reference: Buffer): Promise<Buffer> {
  let stored = reference;
  switch (orientation) {
    case 2: stored = await step(stored, (s) => s.flop()); break;
    case 3: stored = await step(stored, (s) => s.rotate(180)); break;
    case 4: stored = await step(stored, (s) => s.flip()); break;
    case 5: stored = await step(await step(stored, (s) => s.rotate(90)), (s) => s.flop()); break; // transpose
    case 6: stored = await step(stored, (s) => s.rotate(270)); break;
    case 7: stored = await step(await step(stored, (s) => s.flop()), (s) => s.rotate(90)); break; // transverse
    case 8: stored = await step(stored, (s) => s.rotate(90)); break;
  }
  return sharp(stored)
    .jpeg({ quality: 95 })
    .withExif({
      IFD0: { Make: "VuonNhaTestCam", Model: "Farm Phone 1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "11/1 32/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "106/1 53/1 0/1" },
    })
    .withMetadata({ orientation })
    .toBuffer();
}

/** A real PNG whose header claims `width`×`height` but carries almost no data: a pixel bomb. */
export function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(1024))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
