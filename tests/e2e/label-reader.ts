// ZXing ships CommonJS: its names come off the default export under Node's ESM loader.
import zxing from "@zxing/library";
import jsQR from "jsqr";
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

/**
 * Reads a sheet of stamps the way a phone reads one stamp at a time: each page rendered at 300 dpi,
 * cut along the sheet's grid (centred on A4, as stamps-pdf.server.ts lays it out), and the QR of
 * every cell decoded on its own. Empty cells give nothing.
 */
export function readStampSheet(pdf: Uint8Array, cut: { columns: number; rows: number; width: number; height: number; pitchX: number; pitchY: number }): string[] {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf");
  const dpmm = 300 / 25.4;
  const codes: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const pixmap = doc.loadPage(i).toPixmap(mupdf.Matrix.scale(300 / 72, 300 / 72), mupdf.ColorSpace.DeviceGray, false, true);
    const pageWidth = pixmap.getWidth();
    const pageHeight = pixmap.getHeight();
    const pixels = pixmap.getPixels();
    const left = (pageWidth - ((cut.columns - 1) * cut.pitchX + cut.width) * dpmm) / 2;
    const top = (pageHeight - ((cut.rows - 1) * cut.pitchY + cut.height) * dpmm) / 2;
    for (let row = 0; row < cut.rows; row++) {
      for (let column = 0; column < cut.columns; column++) {
        const x0 = Math.round(left + column * cut.pitchX * dpmm);
        const y0 = Math.round(top + row * cut.pitchY * dpmm);
        // The QR is the stamp's left square.
        const width = Math.round(cut.height * dpmm);
        const height = Math.round(cut.height * dpmm);
        const cell = new Uint8ClampedArray(width * height);
        for (let y = 0; y < height; y++) cell.set(pixels.subarray((y0 + y) * pageWidth + x0, (y0 + y) * pageWidth + x0 + width), y * width);
        // Two readers, as phones differ: ZXing misses a few valid codes that jsQR reads.
        const rgba = new Uint8ClampedArray(width * height * 4);
        for (let p = 0; p < cell.length; p++) rgba.set([cell[p]!, cell[p]!, cell[p]!, 255], p * 4);
        const qr = jsQR(rgba, width, height)?.data ?? readOne(cell, width, height, BarcodeFormat.QR_CODE);
        if (qr) codes.push(qr);
      }
    }
  }
  return codes;
}
