import type { LoaderFunctionArgs } from "@remix-run/node";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { officerRequest } from "~/provinces/officer-request.server";
import { provinceSalesCsv } from "~/provinces/sales.server";
import { courierName } from "~/shipping/couriers";

/** The officer's figures as CSV (same province, period and access rule as the page). */
export async function loader(args: LoaderFunctionArgs) {
  const view = await officerRequest(args);
  if (!view.sales) throw new Response("Forbidden", { status: 403 });
  const locale = await getLocale(args.request, view.user.locale);
  const t = makeTranslate(dictionaryFor(locale));
  return new Response(provinceSalesCsv(view.sales, t, locale, (id) => t(courierName(id))), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="doanh-so-${view.province.code}-${view.period.from}-${view.period.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
