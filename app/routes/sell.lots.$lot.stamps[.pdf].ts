import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/accounts/session.server";
import { allocateStamps, stampsToPrint } from "~/catalog/lots.server";
import { isStampSheet, stampSheetPdf } from "~/catalog/stamps-pdf.server";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { ForbiddenError, parseWholeNumber } from "~/lib/validation.server";

const lotId = (value: string | undefined) => {
  if (!value || !/^[0-9]{1,18}$/.test(value)) throw new Response("Not found", { status: 404 });
  return value;
};

/**
 * A lot's stamps as a PDF sheet (issue 15). GET prints serials already set aside (a reprint gives
 * the same stamps); POST sets aside the next ones and sends the browser to their sheet, so a
 * reload or a prefetch never makes new stamps.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = lotId(params.lot);
  const url = new URL(request.url);
  const from = parseWholeNumber(url.searchParams.get("from") ?? "1") ?? 1;
  const to = parseWholeNumber(url.searchParams.get("to") ?? "") ?? from;
  const sheetParam = url.searchParams.get("sheet") ?? "";
  const sheet = isStampSheet(sheetParam) ? sheetParam : "a4-21";
  try {
    const { lot, codes } = await stampsToPrint(context.db, user, id, context.stampSecret, { from, to });
    const locale = await getLocale(request, user.locale);
    const pdf = await stampSheetPdf(
      { title: lot.title, farm: lot.farm, lotCode: lot.code, harvestedOn: lot.harvested_on, stamps: codes.map((c) => ({ serial: c.serial, url: `${context.publicUrl}/t/${c.code}` })) },
      sheet,
      makeTranslate(dictionaryFor(locale)),
      locale,
    );
    return new Response(new Uint8Array(pdf), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="tem-${lot.code}-${from}-${to}.pdf"`, "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    if (error instanceof ForbiddenError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = lotId(params.lot);
  const form = await request.formData().catch(() => new FormData());
  const sheetParam = String(form.get("sheet") ?? "");
  const sheet = isStampSheet(sheetParam) ? sheetParam : "a4-21";
  const count = parseWholeNumber(String(form.get("count") ?? "")) ?? 0;
  try {
    const set = await allocateStamps(context.db, user, id, count);
    if ("refused" in set) return redirect(`/sell/${set.productId}/lots?printError=${set.refused}`);
    return redirect(`/sell/lots/${id}/stamps.pdf?from=${set.from}&to=${set.to}&sheet=${sheet}`);
  } catch (error) {
    if (error instanceof ForbiddenError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}
