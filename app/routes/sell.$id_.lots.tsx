import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { listLots, lotSchema, MAX_STAMPS_PER_PRINT, recordLot, stampCode } from "~/catalog/lots.server";
import { STAMP_SHEETS } from "~/catalog/stamps-pdf.server";
import { FormErrors, TextField, useFormResult, SelectField } from "~/components/form";
import { PlaceFieldset } from "~/components/place-picker";
import { describePlace, placeOptions } from "~/geo/address.server";
import { scriptlessStrings } from "~/i18n/dictionary.server";
import { getLocale } from "~/i18n/locale.server";
import { useScriptlessI18n } from "~/i18n/use-t";
import { formatDay, vietnamDay } from "~/lib/dates";
import type { ScriptlessHandle } from "~/lib/scriptless";
import { ForbiddenError } from "~/lib/validation.server";
import { handleSellerForm } from "~/shops/seller-form.server";
import { makeTranslate } from "~/i18n/i18n";
import { unitName } from "~/catalog/taxonomy";

/** A product's lots and their stamps (issue 15): a plain form page, shipped without scripts. */
export const handle: ScriptlessHandle = { scriptless: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Vườn Nhà` }, { name: "robots", content: "noindex" }];

async function load(request: Request, context: LoaderFunctionArgs["context"], id: string | undefined) {
  const user = await requireUser(request, context);
  if (!id || !/^[0-9]{1,18}$/.test(id)) throw new Response("Not found", { status: 404 });
  try {
    return { user, ...(await listLots(context.db, user, id)) };
  } catch (error) {
    // Someone else's product looks exactly like a missing one.
    if (error instanceof ForbiddenError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, product, lots } = await load(request, context, params.id);
  const locale = await getLocale(request, user.locale);
  const strings = scriptlessStrings(locale);
  return {
    strings,
    title: makeTranslate(strings)("trace.lotsTitle", { title: product.title }),
    product: { id: product.id, title: product.title, unit: product.unit },
    ...placeOptions(product.origin_province_code),
    defaults: { provinceCode: product.origin_province_code, wardCode: product.origin_ward_code, harvestedOn: vietnamDay() },
    lots: lots.map((lot) => ({
      id: lot.id,
      code: lot.code,
      harvestedOn: lot.harvested_on,
      quantity: lot.quantity,
      unit: lot.unit,
      place: describePlace(lot.province_code, lot.ward_code),
      certifications: lot.certifications,
      notes: lot.notes,
      stampsPrinted: lot.stamps_printed,
      scans: lot.scans,
      // The first stamp's page, for the farmer to see what a buyer will.
      firstStamp: lot.stamps_printed > 0 ? `/t/${stampCode(context.stampSecret, lot.code, 1)}` : null,
    })),
    sheets: Object.keys(STAMP_SHEETS),
    maxStamps: MAX_STAMPS_PER_PRINT,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, product } = await load(request, context, params.id);
  let code = "";
  const outcome = await handleSellerForm(request, lotSchema, async (value) => {
    code = (await recordLot(context.db, user, product.id, value)).code;
  });
  if (outcome.done) return redirect(`/sell/${product.id}/lots?recorded=${code}`);
  return { result: outcome.result, wards: outcome.wards };
}

export default function ProductLots() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, locale } = useScriptlessI18n(data.strings);
  const form = useFormResult(actionData?.result, t);
  const recorded = params.get("recorded");
  const value = (name: string, fallback = "") => form.value(name, fallback);
  return (
    <section className="panel">
      <p>
        <a href={`/sell/${data.product.id}`}>{t("trace.backToListing")}</a>
      </p>
      <h1>{data.title}</h1>
      <p className="hint">{t("trace.lotsLead")}</p>
      {recorded ? (
        <p className="notice" role="status">
          {t("trace.recorded", { code: recorded })}
        </p>
      ) : null}
      {params.get("printError") ? <FormErrors messages={[params.get("printError") === "tooMany" ? t("trace.errorTooMany") : t("trace.errorCount", { max: data.maxStamps })]} /> : null}

      {data.lots.length === 0 ? <p>{t("trace.noLots")}</p> : null}
      <ul className="lot-list">
        {data.lots.map((lot) => (
          <li key={lot.id} className="lot">
            <h2>{t("trace.lotHeading", { code: lot.code })}</h2>
            <p>{t("trace.lotLine", { date: formatDay(lot.harvestedOn, locale), quantity: lot.quantity.toLocaleString(locale === "en" ? "en-US" : "vi-VN"), unit: unitName(lot.unit, locale, lot.quantity), place: lot.place })}</p>
            <p className="hint">
              {t("trace.stampsLine", { printed: lot.stampsPrinted, scans: lot.scans })}
              {lot.certifications.length
                ? ` · ${t("trace.certsAtRecord", {
                    list: lot.certifications.map((c) => (c.kind === "ocop" ? t("product.ocopBadge", { n: c.stars ?? 0 }) : t(c.kind === "vietgap" ? "listing.vietgap" : "listing.organic"))).join(", "),
                  })}`
                : null}
            </p>
            {lot.notes ? <p className="hint">{lot.notes}</p> : null}
            <form method="post" action={`/sell/lots/${lot.id}/stamps.pdf`} className="stack print-stamps">
              <TextField name="count" label={t("trace.printCount")} defaultValue={String(Math.min(lot.quantity, data.maxStamps))} inputMode="numeric" required />
              <SelectField name="sheet" label={t("trace.sheet")} defaultValue="a4-21" options={data.sheets.map((s) => ({ value: s, label: t(`trace.sheet.${s}` as "trace.sheet.a4-21") }))} />
              <button type="submit">{t("trace.print")}</button>
            </form>
            {lot.stampsPrinted > 0 ? (
              <p>
                <a href={`/sell/lots/${lot.id}/stamps.pdf?from=1&to=${lot.stampsPrinted}&sheet=a4-21`}>{t("trace.reprint")}</a>
                {lot.firstStamp ? (
                  <>
                    {" · "}
                    <a href={lot.firstStamp}>{t("trace.openStamp")}</a>
                  </>
                ) : null}
              </p>
            ) : null}
          </li>
        ))}
      </ul>

      <h2>{t("trace.newLot")}</h2>
      <Form method="post" className="stack" noValidate reloadDocument>
        <FormErrors messages={form.formErrors()} />
        <TextField name="harvestedOn" type="date" label={t("trace.harvestedOn")} defaultValue={value("harvestedOn", data.defaults.harvestedOn)} errors={form.errors("harvestedOn")} required />
        <TextField name="quantity" label={t("trace.quantity", { unit: unitName(data.product.unit, locale, 2) })} defaultValue={value("quantity")} inputMode="numeric" errors={form.errors("quantity")} required />
        <PlaceFieldset
          legend={t("trace.grownAt")}
          provinces={data.provinces}
          wards={actionData?.wards?.length ? actionData.wards : data.wards}
          value={(name) => value(name, data.defaults[name])}
          errors={(name) => form.errors(name)}
        />
        <TextField name="notes" label={t("trace.notes")} hint={t("trace.notesHint")} defaultValue={value("notes")} errors={form.errors("notes")} multiline maxLength={2000} />
        <button type="submit">{t("trace.record")}</button>
      </Form>
    </section>
  );
}
