import type { LoaderFunctionArgs } from "@remix-run/node";
import QRCode from "qrcode";
import { requireUser } from "~/accounts/session.server";
import { findOrderForViewer } from "~/orders/order-view.server";
import { instructionsForOrder } from "~/payments/instructions.server";

/**
 * /orders/VN…/qr.png: the order's VietQR as a picture to save, for a buyer paying on the same
 * phone she shops on: bank apps open a QR from the photo gallery. Only the buyer gets it, and
 * only while the order waits for its money; anyone else gets the same 404 as a missing order.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const found = await findOrderForViewer(context.db, user, String(params.code ?? "").toUpperCase());
  const instructions = found?.access.buyer ? await instructionsForOrder(context.db, context.payments, found.order, { publicUrl: context.publicUrl, locale: user.locale === "en" ? "en" : "vi" }) : null;
  if (!found || instructions?.kind !== "qr") throw new Response("Not found", { status: 404 });
  // Large, with the standard 4-module quiet zone: gallery scanners are less forgiving than cameras.
  const png = await QRCode.toBuffer(instructions.payload, { type: "png", errorCorrectionLevel: "M", margin: 4, width: 720 });
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": `attachment; filename="VietQR-${found.order.code}.png"`,
      "Cache-Control": "private, no-store",
    },
  });
}
