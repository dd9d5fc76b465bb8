import bwipjs from "bwip-js/node";
import QRCode from "qrcode";
import type { Db } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { formatPhone } from "~/accounts/phone";
import { describePlace } from "~/geo/address.server";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { formatVnd } from "~/lib/money";
import { startPdf } from "~/lib/pdf.server";
import { courierName } from "./couriers";

/**
 * Shipping labels, A6 (a courier's thermal printer or a quarter of an A4 sheet): sender, receiver,
 * the tracking code as a Code 128 barcode (bwip-js, a maintained barcode library: no hand-drawn
 * bars) and as a QR (qrcode), the order code, what is inside, the weight, and the cash to collect
 * in large type. One PDF holds a label per page, so a day's bookings print at once (pdfkit, lib/pdf.server.ts).
 */
const A6: [number, number] = [297.64, 419.53];

export interface Label {
  courier: string;
  trackingCode: string;
  orderCode: string;
  from: { name: string; phone: string; street: string; provinceCode: string; wardCode: string };
  to: { name: string; phone: string; street: string; provinceCode: string; wardCode: string };
  items: string;
  weightGrams: number;
  codVnd: bigint;
}

export async function labelsPdf(labels: Label[], locale: "vi" | "en"): Promise<Buffer> {
  const t = makeTranslate(dictionaryFor(locale));
  const { doc, done } = startPdf({ size: A6, margin: 14, info: { Title: "Vườn Nhà — nhãn gửi hàng", Producer: "Vườn Nhà" } });
  for (const label of labels) {
    const barcode = await bwipjs.toBuffer({ bcid: "code128", text: label.trackingCode, scale: 3, height: 14, includetext: true, textxalign: "center", paddingwidth: 10, paddingheight: 4, backgroundcolor: "FFFFFF" });
    const qr = await QRCode.toBuffer(label.trackingCode, { errorCorrectionLevel: "M", margin: 2, scale: 6 });
    doc.addPage();
    const width = A6[0] - 28;
    doc.font("bold").fontSize(13).text(t(courierName(label.courier)), 14, 14, { width: width - 60 });
    doc.font("regular").fontSize(8).text(`${t("label.order")} ${label.orderCode}`, 14, 32);
    doc.image(qr, A6[0] - 14 - 56, 10, { width: 56 });
    doc.image(barcode, 14, 70, { fit: [width, 72], align: "center" });
    let y = 150;
    const block = (title: string, party: Label["from"], size: number) => {
      doc.font("bold").fontSize(8).text(title, 14, y);
      y = doc.y + 1;
      doc.font("bold").fontSize(size).text(`${party.name} · ${formatPhone(party.phone)}`, 14, y, { width });
      doc.font("regular").fontSize(size - 1).text(`${party.street}, ${describePlace(party.provinceCode, party.wardCode)}`, { width });
      y = doc.y + 6;
    };
    block(t("label.from"), label.from, 9);
    block(t("label.to"), label.to, 11);
    doc.font("regular").fontSize(8).text(`${t("label.contents")}: ${label.items}`, 14, y, { width, height: 36, ellipsis: true });
    y = doc.y + 2;
    doc.text(`${t("label.weight")}: ${(label.weightGrams / 1000).toLocaleString(locale === "en" ? "en-US" : "vi-VN", { maximumFractionDigits: 2 })} kg`, 14, y);
    y = Math.max(doc.y + 8, A6[1] - 70);
    doc.rect(14, y, width, 52).lineWidth(1.5).stroke();
    doc.font("bold").fontSize(label.codVnd > 0n ? 22 : 14).text(label.codVnd > 0n ? `${t("label.cod")} ${formatVnd(label.codVnd)}` : t("label.noCod"), 18, y + (label.codVnd > 0n ? 13 : 18), { width: width - 8, align: "center" });
  }
  if (labels.length === 0) doc.addPage().font("regular").fontSize(12).text(t("label.none"));
  doc.end();
  return done;
}

/** The labels of booked parcels the user sells (their farm's, or their co-op's): one order, or every one booked on a day. */
export async function labelsFor(db: Db, user: PublicUser, which: { orderCode: string } | { day: string }): Promise<Label[]> {
  let query = db
    .selectFrom("shipments as sh")
    .innerJoin("orders as o", "o.id", "sh.order_id")
    .leftJoin("shops as s", "s.id", "o.seller_shop_id")
    .leftJoin("cooperatives as c", "c.id", "o.seller_cooperative_id")
    .select([
      "sh.courier",
      "sh.tracking_code",
      "sh.weight_grams",
      "sh.cod_amount_vnd",
      "o.id as order_id",
      "o.code",
      "o.recipient_name",
      "o.recipient_phone",
      "o.street",
      "o.province_code",
      "o.ward_code",
      "s.name as shop_name",
      "s.phone as shop_phone",
      "s.pickup_street as shop_street",
      "s.province_code as shop_province",
      "s.ward_code as shop_ward",
      "c.name as coop_name",
      "c.phone as coop_phone",
      "c.pickup_street as coop_street",
      "c.province_code as coop_province",
      "c.ward_code as coop_ward",
    ])
    .where("sh.tracking_code", "is not", null)
    .where("sh.status", "not in", ["cancelled", "requested"])
    // Only parcels this person sends: her farm's orders, or those of the co-op she manages.
    .where((eb) => eb.or([eb("s.owner_id", "=", user.id), eb("c.manager_id", "=", user.id)]));
  if ("orderCode" in which) query = query.where("o.code", "=", which.orderCode);
  else query = query.where("sh.created_at", ">=", new Date(`${which.day}T00:00:00+07:00`)).where("sh.created_at", "<", new Date(new Date(`${which.day}T00:00:00+07:00`).getTime() + 86_400_000));
  const rows = await query.orderBy("sh.created_at").execute();
  const items = rows.length
    ? await db.selectFrom("order_items").select(["order_id", "title", "quantity", "shipped_quantity", "unit"]).where("order_id", "in", rows.map((r) => r.order_id)).orderBy("product_id").execute()
    : [];
  return rows.map((r) => ({
    courier: r.courier,
    trackingCode: r.tracking_code ?? "",
    orderCode: r.code,
    from: {
      name: r.shop_name ?? r.coop_name ?? "",
      phone: r.shop_phone ?? r.coop_phone ?? "",
      street: r.shop_street || r.coop_street || "",
      provinceCode: r.shop_province ?? r.coop_province ?? "",
      wardCode: r.shop_ward ?? r.coop_ward ?? "",
    },
    to: { name: r.recipient_name, phone: r.recipient_phone, street: r.street, provinceCode: r.province_code, wardCode: r.ward_code },
    items: items
      .filter((i) => i.order_id === r.order_id && (i.shipped_quantity ?? i.quantity) > 0)
      .map((i) => `${i.shipped_quantity ?? i.quantity} × ${i.title}`)
      .join(", "),
    weightGrams: r.weight_grams,
    codVnd: BigInt(r.cod_amount_vnd),
  }));
}
