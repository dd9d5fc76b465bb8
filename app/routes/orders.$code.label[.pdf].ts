import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/session.server";
import { labelsFor, labelsPdf } from "~/shipping/labels.server";

/** One booked parcel's A6 label, for whoever sends it (the farm, or the co-op's manager). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const code = String(params.code ?? "").toUpperCase();
  const labels = await labelsFor(context.db, user, { orderCode: code });
  // Someone else's order, or one not booked, looks the same as one that does not exist.
  if (labels.length === 0) throw new Response("Not found", { status: 404 });
  const pdf = await labelsPdf(labels, user.locale === "en" ? "en" : "vi");
  return new Response(new Uint8Array(pdf), { headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="nhan-${code}.pdf"`, "Cache-Control": "private, no-store" } });
}
