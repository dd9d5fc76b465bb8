import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { requireAdmin } from "~/accounts/session.server";
import { BarChart } from "~/components/bar-chart";
import { FiguresStyle } from "~/components/figures-style";
import { FormErrors, SelectField, TextField, useFormResult } from "~/components/form";
import { listProvinces } from "~/geo/address.server";
import { scriptlessStrings } from "~/i18n/dictionary.server";
import { getLocale } from "~/i18n/locale.server";
import { useScriptlessI18n } from "~/i18n/use-t";
import { replyWithFieldError } from "~/lib/forms.server";
import { formatVnd } from "~/lib/money";
import type { ScriptlessHandle } from "~/lib/scriptless";
import { placeName } from "~/lib/text";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import { parsePeriod } from "~/orders/report.server";
import { endOfficerGrant, grantOfficer, listOfficers, provincesCompared } from "~/provinces/sales.server";

/** Provinces side by side for the admin (issue 15), and who follows each one. No script. */
export const handle: ScriptlessHandle = { scriptless: true };

export const meta: MetaFunction = () => [{ title: "Vườn Nhà" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const url = new URL(request.url);
  const { period, valid } = parsePeriod(url.searchParams.get("from"), url.searchParams.get("to"));
  const [rows, officers] = await Promise.all([provincesCompared(context.db, period), listOfficers(context.db, admin)]);
  return json({
    strings: scriptlessStrings(await getLocale(request, admin.locale), "floor."),
    period,
    valid,
    rows: rows.map((r) => ({ ...r, value: r.value.toString() })),
    officers,
    provinces: listProvinces().map((p) => ({ value: p.code, label: p.name })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await request.formData();
  try {
    if (form.get("intent") === "withdraw") {
      await endOfficerGrant(context.db, admin, String(form.get("grantId") ?? ""));
      return redirect("/admin/provinces");
    }
    await grantOfficer(context.db, admin, { phone: String(form.get("phone") ?? ""), provinceCode: String(form.get("provinceCode") ?? "") });
    return redirect("/admin/provinces?granted=1");
  } catch (error) {
    if (error instanceof FieldError) return json({ result: replyWithFieldError(form, error) }, { status: 400 });
    if (error instanceof ForbiddenError) throw new Response("Forbidden", { status: 403 });
    throw error;
  }
}

export default function ProvincesCompared() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, locale } = useScriptlessI18n(data.strings);
  const form = useFormResult(actionData?.result, t);
  const withSales = data.rows.filter((r) => BigInt(r.value) > 0n).slice(0, 12);
  return (
    <>
      <FiguresStyle />
      <h1>{t("floor.compareTitle")}</h1>
      <form method="get" className="row-2 no-print">
        <div className="field">
          <label htmlFor="from">{t("floor.from")}</label>
          <input id="from" type="date" name="from" defaultValue={data.period.from} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("floor.to")}</label>
          <input id="to" type="date" name="to" defaultValue={data.period.to} />
        </div>
        <button type="submit">{t("floor.show")}</button>
      </form>
      {data.valid ? null : (
        <p className="notice notice--error" role="alert">
          {t("floor.badPeriod")}
        </p>
      )}
      {withSales.length ? (
        <BarChart title={t("floor.valueChart")} rows={withSales.map((r) => ({ label: placeName(r.name, locale), value: Number(BigInt(r.value) / 1000n), display: formatVnd(r.value) }))} />
      ) : null}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("floor.province")}</th>
              <th scope="col">{t("floor.farms")}</th>
              <th scope="col">{t("floor.coops")}</th>
              <th scope="col">{t("floor.products")}</th>
              <th scope="col">{t("floor.ocop")}</th>
              <th scope="col">{t("floor.orders")}</th>
              <th scope="col">{t("floor.delivered")}</th>
              <th scope="col">{t("floor.value")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.code}>
                <td>
                  <Link to={`/officer?province=${r.code}&from=${data.period.from}&to=${data.period.to}`}>{placeName(r.name, locale)}</Link>
                </td>
                <td>{r.farms}</td>
                <td>{r.coops}</td>
                <td>{r.products}</td>
                <td>{r.ocop}</td>
                <td>{r.orders}</td>
                <td>{r.delivered}</td>
                <td>{formatVnd(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="panel no-print">
        <h2>{t("floor.officers")}</h2>
        <ul>
          {data.officers.map((o) => (
            <li key={o.id}>
              {o.name} ({formatPhone(o.phone)}) — {placeName(o.provinceName, locale)} · {o.accepted ? t("floor.active") : t("floor.waiting")}{" "}
              <form method="post" className="inline-form">
                <input type="hidden" name="grantId" value={o.id} />
                <button type="submit" name="intent" value="withdraw" className="link-button">
                  {t("floor.withdraw")}
                </button>
              </form>
            </li>
          ))}
        </ul>
        {params.get("granted") ? (
          <p className="notice" role="status">
            {t("floor.granted")}
          </p>
        ) : null}
        <h3>{t("floor.grant")}</h3>
        <form method="post" className="stack" noValidate>
          <FormErrors messages={form.formErrors()} />
          <TextField name="phone" label={t("floor.phone")} inputMode="tel" defaultValue={form.value("phone")} errors={form.errors("phone")} required />
          <SelectField name="provinceCode" label={t("floor.province")} options={data.provinces} defaultValue={form.value("provinceCode")} placeholder="—" errors={form.errors("provinceCode")} required />
          <button type="submit">{t("floor.grant")}</button>
        </form>
      </section>
    </>
  );
}
