// ZXing ships CommonJS: its names come off the default export under Node's ESM loader.
import zxing from "@zxing/library";
import * as mupdf from "mupdf";

const { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } = zxing;

/**
 * Reads a label PDF the way a courier's scanner would read the printed label: each page rendered
 * at 300 dpi by MuPDF, then the Code 128 barcode and the QR code decoded by ZXing from the pixels.
 */
function readOne(pixels: Uint8ClampedArray, width: number, height: number, format: zxing.BarcodeFormat): string | null {
  const reader = new MultiFormatReader();
  reader.setHints(
    new Map<zxing.DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, [format]],
      [DecodeHintType.TRY_HARDER, true],
    ]),
  );
  try {
    return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, width, height)))).getText();
  } catch {
    return null;
  }
}

export function readLabels(pdf: Uint8Array): Array<{ barcode: string | null; qr: string | null; text: string }> {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf");
  const pages = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const page = doc.loadPage(i);
    // Grey, no alpha: one byte per pixel is the luminance ZXing reads.
    const pixmap = page.toPixmap(mupdf.Matrix.scale(300 / 72, 300 / 72), mupdf.ColorSpace.DeviceGray, false, true);
    const width = pixmap.getWidth();
    const height = pixmap.getHeight();
    const pixels = new Uint8ClampedArray(pixmap.getPixels());
    pages.push({
      barcode: readOne(pixels, width, height, BarcodeFormat.CODE_128),
      qr: readOne(pixels, width, height, BarcodeFormat.QR_CODE),
      text: page.toStructuredText("preserve-whitespace").asText(),
    });
  }
  return pages;
}
