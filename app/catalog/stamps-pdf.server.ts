import QRCode from "qrcode";
import type { Locale, Translate } from "~/i18n/i18n";
import { startPdf } from "~/lib/pdf.server";
import { formatDay } from "~/lib/dates";

/**
 * Sheets of QR stamps for a lot (issue 15), sized for the A4 sticker sheets sold everywhere
 * (Tomy, Decal and Avery cut them alike). Each stamp: the QR of its own address, the product, the
 * lot and serial, the harvest day. pdfkit (lib/pdf.server.ts) and qrcode, as the shipping labels use.
 */
const MM = 72 / 25.4;
const A4: [number, number] = [595.28, 841.89];

/** Stickers per sheet → columns, rows, sticker size and pitch (mm), as the common sheets are cut. */
export const STAMP_SHEETS = {
  "a4-21": { columns: 3, rows: 7, width: 63.5, height: 38.1, pitchX: 66.04, pitchY: 38.1 },
  "a4-24": { columns: 3, rows: 8, width: 63.5, height: 33.9, pitchX: 66.04, pitchY: 33.9 },
  "a4-65": { columns: 5, rows: 13, width: 38.1, height: 21.2, pitchX: 40.64, pitchY: 21.2 },
} as const;
export type StampSheet = keyof typeof STAMP_SHEETS;
export const isStampSheet = (value: string): value is StampSheet => value in STAMP_SHEETS;

export interface StampSheetInput {
  title: string;
  farm: string;
  lotCode: string;
  harvestedOn: string;
  stamps: { serial: number; url: string }[];
}

export async function stampSheetPdf(input: StampSheetInput, sheet: StampSheet, t: Translate, locale: Locale): Promise<Buffer> {
  const cut = STAMP_SHEETS[sheet];
  const { doc, done } = startPdf({ size: A4, margin: 0, info: { Title: `Vườn Nhà — ${input.title} — ${input.lotCode}`, Producer: "Vườn Nhà" } });
  // The grid sits centred on the sheet, as the sheets are cut.
  const left = (A4[0] - ((cut.columns - 1) * cut.pitchX + cut.width) * MM) / 2;
  const top = (A4[1] - ((cut.rows - 1) * cut.pitchY + cut.height) * MM) / 2;
  const perSheet = cut.columns * cut.rows;
  const width = cut.width * MM;
  const height = cut.height * MM;
  const pad = 2 * MM;
  const qrSize = height - 2 * pad;
  const textWidth = width - qrSize - 3 * pad;
  const small = cut.height < 25;
  for (const [i, stamp] of input.stamps.entries()) {
    if (i % perSheet === 0) doc.addPage();
    const at = i % perSheet;
    const x = left + (at % cut.columns) * cut.pitchX * MM;
    const y = top + Math.floor(at / cut.columns) * cut.pitchY * MM;
    // Error correction M: a stamp rubbed on a sack still reads. The QR's own white border (4 modules, as the standard asks) keeps it apart from its neighbours.
    const qr = await QRCode.toBuffer(stamp.url, { errorCorrectionLevel: "M", margin: 4, scale: 4 });
    doc.image(qr, x + pad / 2, y + pad / 2, { width: qrSize + pad, height: qrSize + pad });
    const tx = x + qrSize + 2 * pad;
    doc.font("bold").fontSize(small ? 5.5 : 7.5).text(input.title, tx, y + pad, { width: textWidth, height: small ? 13 : 27, ellipsis: true });
    doc.font("regular").fontSize(small ? 5 : 6.5);
    doc.text(`${t("trace.stampLot")} ${input.lotCode} · #${stamp.serial}`, tx, doc.y + 1, { width: textWidth, lineBreak: false });
    doc.text(`${t("trace.stampHarvested")} ${formatDay(input.harvestedOn, locale)}`, tx, doc.y + 1, { width: textWidth, lineBreak: false });
    if (!small) doc.text(input.farm, tx, doc.y + 1, { width: textWidth, height: 9, ellipsis: true });
    if (!small) doc.font("bold").text(t("trace.stampScan"), tx, y + height - pad - 16, { width: textWidth, height: 16, ellipsis: true });
  }
  if (input.stamps.length === 0) doc.addPage().font("regular").fontSize(12).text(t("trace.noStamps"), 40, 40);
  doc.end();
  return done;
}
