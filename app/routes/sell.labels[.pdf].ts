import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/session.server";
import { labelsFor, labelsPdf } from "~/shipping/labels.server";

/** Every label booked on a day (today in Vietnam unless ?day=YYYY-MM-DD), one per page, for the seller's own parcels. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const asked = new URL(request.url).searchParams.get("day") ?? "";
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(new Date(`${asked}T00:00:00Z`).getTime()) ? asked : today;
  const pdf = await labelsPdf(await labelsFor(context.db, user, { day }), user.locale === "en" ? "en" : "vi");
  return new Response(new Uint8Array(pdf), { headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="nhan-${day}.pdf"`, "Cache-Control": "private, no-store" } });
}
