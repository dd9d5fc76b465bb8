import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/accounts/session.server";
import { payoutCsv, payoutRun } from "~/payments/payouts.server";

/** A payout run as CSV, for the bank's batch transfer upload (admins only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const found = await payoutRun(context.db, String(params.id ?? ""));
  if (!found) throw new Response("Not found", { status: 404 });
  return new Response(payoutCsv(found.run.id, found.payouts), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="chi-tra-${found.run.id}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
