import exifReader from "exif-reader";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { ImageRejected, processPhoto, sniffImageType } from "~/media/images.server";
import { pngClaiming, referenceImage, storedAs } from "../support/images";

let reference: Buffer;
beforeAll(async () => {
  reference = await referenceImage();
});

async function pixel(image: Buffer, x: number, y: number) {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]] as [number, number, number];
}

const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) < 60);

describe("content sniffing", () => {
  it("recognises photos by their first bytes, never by name", async () => {
    expect(sniffImageType(await sharp(reference).jpeg().toBuffer())).toBe("jpeg");
    expect(sniffImageType(reference)).toBe("png");
    expect(sniffImageType(await sharp(reference).webp().toBuffer())).toBe("webp");
    expect(sniffImageType(await sharp(reference).avif().toBuffer())).toBe("avif");
    expect(sniffImageType(Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic"))).toBe("heic");
    expect(sniffImageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'>"))).toBe("unknown");
    expect(sniffImageType(Buffer.from("GIF89a"))).toBe("unknown");
  });
});

describe("EXIF orientation", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])("orientation %i comes out upright, with no EXIF or GPS left", async (orientation) => {
    const input = await storedAs(orientation, reference);
    const meta = await sharp(input).metadata();
    expect(meta.orientation).toBe(orientation);
    expect(exifReader(meta.exif!).GPSInfo?.GPSLatitude).toBeDefined(); // the input really carries GPS

    const out = await processPhoto(input);
    expect(out.width).toBe(300);
    expect(out.height).toBe(200);
    for (const variant of out.variants) {
      const vm = await sharp(variant.data).metadata();
      expect(vm.exif, `${variant.format} ${variant.width}`).toBeUndefined();
      expect(vm.orientation ?? 1).toBe(1);
      expect(variant.data.includes(Buffer.from("VuonNhaTestCam"))).toBe(false);
      expect(variant.width).toBeGreaterThan(variant.height);
    }
    const jpeg = out.variants.find((v) => v.format === "jpeg")!.data;
    const { width, height } = await sharp(jpeg).metadata();
    expect(near(await pixel(jpeg, 5, 5), [255, 0, 0])).toBe(true); // red top-left
    expect(near(await pixel(jpeg, width! - 5, 5), [0, 0, 255])).toBe(true); // blue top-right
    expect(near(await pixel(jpeg, 5, height! - 5), [0, 200, 0])).toBe(true); // green bottom-left
  });
});

describe("variants", () => {
  it("makes 320/640/1280 px AVIF, WebP and JPEG variants and a tiny placeholder from a large photo", async () => {
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 180, b: 40 } } })
      .jpeg()
      .toBuffer();
    const out = await processPhoto(big);
    expect(out.variants.map((v) => `${v.format}${v.width}`).sort()).toEqual(
      ["avif320", "avif640", "avif1280", "webp320", "webp640", "webp1280", "jpeg320", "jpeg640", "jpeg1280"].sort(),
    );
    expect(out.placeholder).toMatch(/^data:image\/webp;base64,/);
    expect(out.placeholder.length).toBeLessThan(400);
  });
});

describe("hostile files", () => {
  const rejects = async (input: Buffer, key: string) => {
    const error = await processPhoto(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRejected);
    expect((error as ImageRejected).messageKey).toBe(key);
  };

  it("refuses text pretending to be a photo", () => rejects(Buffer.from("hello, I am not a photo"), "photo.errorNotImage"));

  it("refuses an SVG with a script", () =>
    rejects(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "photo.errorNotImage"));

  it("explains HEIC photos", () => rejects(Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0"), "photo.errorHeic"));

  it("refuses a truncated JPEG", async () => {
    const whole = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#3a6" } })
      .composite([{ input: await referenceImage(), left: 10, top: 10 }])
      .jpeg()
      .toBuffer();
    await rejects(whole.subarray(0, Math.floor(whole.length / 2)), "photo.errorCorrupt");
  });

  it("refuses a pixel bomb (tiny file, huge declared size) without decoding it", async () => {
    const before = process.memoryUsage().rss;
    await rejects(pngClaiming(100_000, 100_000), "photo.errorTooManyPixels");
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("refuses a PNG decompression bomb (real 100-megapixel PNG of a few hundred KB)", async () => {
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: "#000" } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(1_000_000);
    const before = process.memoryUsage().rss;
    await rejects(bomb, "photo.errorTooManyPixels");
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("re-encodes an HTML/JPEG polyglot into a clean JPEG", async () => {
    const jpeg = await sharp(reference).jpeg().toBuffer();
    const polyglot = Buffer.concat([jpeg, Buffer.from("<html><script>alert(document.cookie)</script></html>")]);
    const out = await processPhoto(polyglot);
    for (const v of out.variants) expect(v.data.includes(Buffer.from("<script"))).toBe(false);
  });
});
