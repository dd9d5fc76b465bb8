import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";

/**
 * A pdfkit document with DejaVu Sans registered as "regular" and "bold" (an npm package, so
 * Vietnamese prints the same on every machine), and the finished file once `doc.end()` is called.
 * Shared by shipping labels and traceability stamps.
 */
const fonts = path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json"));

export function startPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({ autoFirstPage: false, ...options });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", path.join(fonts, "ttf", "DejaVuSans.ttf"));
  doc.registerFont("bold", path.join(fonts, "ttf", "DejaVuSans-Bold.ttf"));
  return { doc, done };
}
