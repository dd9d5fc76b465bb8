import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/i18n/locale.server";
import { reportCsv } from "~/orders/report.server";
import { reportForRequest } from "./coop.report";

/** The co-op report as CSV for a spreadsheet (same period and same access rule as the page). */
export async function loader(args: LoaderFunctionArgs) {
  const { period, report } = await reportForRequest(args);
  return new Response(reportCsv(report, await getLocale(args.request)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bao-cao-${period.from}-${period.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
