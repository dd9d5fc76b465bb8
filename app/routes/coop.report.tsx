import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { unitName } from "~/catalog/taxonomy";
import { useI18n } from "~/i18n/use-t";
import { formatVnd } from "~/lib/money";
import { ForbiddenError } from "~/lib/validation.server";
import { cooperativeReport, parsePeriod } from "~/orders/report.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "report.title", { noindex: true });

/** The report for the signed-in manager's co-op, or 403; shared with the CSV route. */
export async function reportForRequest({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const { period, valid } = parsePeriod(url.searchParams.get("from"), url.searchParams.get("to"));
  try {
    return { period, valid, report: await cooperativeReport(context.db, user, period) };
  } catch (error) {
    if (error instanceof ForbiddenError) throw new Response("Forbidden", { status: 403 });
    throw error;
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const { period, valid, report } = await reportForRequest(args);
  return {
    period,
    valid,
    coop: report.coop,
    members: report.members.map((m) => ({ ...m, sales: m.sales.toString(), owed: m.owed.toString() })),
    products: report.products.map((p) => ({ ...p, sales: p.sales.toString(), owed: p.owed.toString() })),
  };
}

/** A bar per member, drawn on the server: no chart library to download on 3G. */
/**
 * Sales per member as HTML bars, not an SVG scaled to the screen: on a phone the SVG's text shrank
 * to 8–9 px, names were cut and values clipped (issue 10 #16). Here the text is page text at full
 * size, the name on its own line, the amount beside its bar (the longest bar takes 70 % of the row).
 */
function SalesChart({ members, label }: { members: Array<{ member: string; sales: string }>; label: string }) {
  const max = members.reduce((m, x) => (BigInt(x.sales) > m ? BigInt(x.sales) : m), 1n);
  return (
    <ul className="bar-chart" aria-label={label}>
      {members.map((m) => (
        <li key={m.member}>
          <span className="bar-chart__name">{m.member}</span>
          <span className="bar-chart__row">
            <span className="bar-chart__bar" style={{ width: `${Math.max(0.5, Number((BigInt(m.sales) * 700n) / max) / 10)}%` }} />
            <span className="bar-chart__value">{formatVnd(m.sales)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

function ReportTable({ head, rows }: { head: string[]; rows: Array<Array<string | number>> }) {
  return (
    <table>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function CoopReport() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>
        {t("report.title")} · {data.coop}
      </h1>
      {!data.valid ? <p className="notice notice--error">{t("report.badDate")}</p> : null}
      <Form method="get" className="form-actions no-print">
        <label>
          {t("report.from")} <input type="date" name="from" defaultValue={data.period.from} />
        </label>
        <label>
          {t("report.to")} <input type="date" name="to" defaultValue={data.period.to} />
        </label>
        <button type="submit">{t("report.show")}</button>
        <a className="button button--secondary" href={`/coop/report.csv?from=${data.period.from}&to=${data.period.to}`} download>
          {t("report.csv")}
        </a>
      </Form>
      {data.members.length === 0 ? (
        <p>{t("report.none")}</p>
      ) : (
        <>
          <section className="panel">
            <h2>{t("report.chart")}</h2>
            <SalesChart members={data.members} label={t("report.chart")} />
          </section>
          <section className="panel">
            <ReportTable
              head={[t("report.member"), t("report.units"), t("report.sales"), t("report.owed")]}
              rows={data.members.map((m) => [m.member, m.units, formatVnd(m.sales), formatVnd(m.owed)])}
            />
            <p className="hint">{t("report.owedHint")}</p>
          </section>
          <section className="panel">
            <ReportTable
              head={[t("report.member"), t("report.product"), t("report.units"), t("report.sales")]}
              rows={data.products.map((p) => [p.member, p.title, `${p.units} ${unitName(p.unit, locale, p.units)}`, formatVnd(p.sales)])}
            />
          </section>
        </>
      )}
    </>
  );
}
