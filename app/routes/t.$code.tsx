import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/accounts/session.server";
import { scanStamp } from "~/catalog/lots.server";
import { unitName } from "~/catalog/taxonomy";
import { describePlace, getProvince } from "~/geo/address.server";
import { scriptlessStrings } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { useScriptlessI18n } from "~/i18n/use-t";
import { formatDay, vietnamDay } from "~/lib/dates";
import type { ScriptlessHandle } from "~/lib/scriptless";
import { placeName } from "~/lib/text";
import { ProvinceMap } from "~/components/province-map";

/**
 * The page a traceability stamp's QR opens (issue 15): light (no script, a few KB), in the
 * buyer's language, saying whether the stamp is ours and what its lot is. Each phone's first look
 * at a stamp in a day counts as a scan; a stamp scanned far beyond its share of the lot is flagged.
 */
export const handle: ScriptlessHandle = { scriptless: true };

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `${page?.title ?? ""} — Vườn Nhà` }];

// Counts depend on who asks and when: never kept by a cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request, context);
  const locale = await getLocale(request, user?.locale);
  const strings = scriptlessStrings(locale);
  const t = makeTranslate(strings);
  const code = (params.code ?? "").slice(0, 40).toUpperCase();
  // One phone looking again the same day, or a link preview fetching ahead, is not another scan.
  const seenCookie = `seen_${code.replace(/[^0-9A-Z]/g, "")}`;
  const seen = (request.headers.get("cookie") ?? "").split(/;\s*/).includes(`${seenCookie}=1`);
  const prefetch = /prefetch|prerender/i.test(`${request.headers.get("sec-purpose") ?? ""} ${request.headers.get("purpose") ?? ""}`);
  const scan = await scanStamp(context.db, context.stampSecret, code, !seen && !prefetch);
  const noStore = { "Cache-Control": "private, no-store" };
  // json() rather than data(): the types here predate Single Fetch, and only json() keeps them.
  if (!scan) return json({ strings, title: t("trace.invalidTitle"), stamp: null }, { status: 404, headers: noStore });
  const { lot } = scan;
  const headers = new Headers(noStore);
  if (!seen && !prefetch) headers.append("Set-Cookie", `${seenCookie}=1; Path=/t/${code}; Max-Age=86400; HttpOnly; SameSite=Lax${context.secureCookies ? "; Secure" : ""}`);
  return json(
    {
      strings,
      title: t("trace.scanTitle", { title: lot.title }),
      stamp: {
        lotCode: lot.code,
        serial: scan.serial,
        title: lot.title,
        productSlug: lot.status === "active" ? lot.slug : null,
        farm: { name: lot.farm, slug: lot.farm_slug },
        coop: lot.coop && lot.coop_slug ? { name: lot.coop, slug: lot.coop_slug } : null,
        place: describePlace(lot.province_code, lot.ward_code),
        provinceCode: lot.province_code,
        provinceName: getProvince(lot.province_code)?.name ?? "",
        harvestedOn: lot.harvested_on,
        quantity: lot.quantity,
        unit: lot.unit,
        certifications: lot.certifications,
        notes: lot.notes,
        scans: scan.scans,
        firstScannedOn: scan.firstScannedAt ? vietnamDay(scan.firstScannedAt) : null,
        suspicious: scan.suspicious,
      },
    },
    { headers },
  );
}

export default function StampPage() {
  const page = useLoaderData<typeof loader>();
  const { t, locale } = useScriptlessI18n(page.strings);
  const stamp = page.stamp;
  if (!stamp) {
    return (
      <section className="panel trace">
        <h1>{t("trace.invalidTitle")}</h1>
        <p className="notice notice--error" role="alert">
          {t("trace.invalidText")}
        </p>
      </section>
    );
  }
  const quantity = stamp.quantity.toLocaleString(locale === "en" ? "en-US" : "vi-VN");
  const unit = unitName(stamp.unit, locale, stamp.quantity);
  return (
    <section className="panel trace">
      <p className="notice" role="status">
        ✓ {t("trace.genuine", { code: stamp.lotCode, serial: stamp.serial })}
      </p>
      <h1>{stamp.title}</h1>
      {stamp.suspicious ? (
        <p className="notice notice--error" role="alert">
          {t("trace.suspicious", { quantity, unit })}
        </p>
      ) : null}
      <dl className="trace-facts">
        <dt>{t("trace.farm")}</dt>
        <dd>
          <a href={`/shops/${stamp.farm.slug}`}>{stamp.farm.name}</a>
        </dd>
        {stamp.coop ? (
          <>
            <dt>{t("trace.coop")}</dt>
            <dd>
              <a href={`/coops/${stamp.coop.slug}`}>{stamp.coop.name}</a>
            </dd>
          </>
        ) : null}
        <dt>{t("trace.place")}</dt>
        <dd>
          {stamp.place}
          <br />
          <ProvinceMap provinceCode={stamp.provinceCode} label={placeName(stamp.provinceName, locale).replace(/^Thành phố /, "")} title={t("trace.mapTitle", { place: stamp.place })} />
        </dd>
        <dt>{t("trace.harvested")}</dt>
        <dd>{formatDay(stamp.harvestedOn, locale)}</dd>
        <dt>{t("trace.lotSize")}</dt>
        <dd>
          {t("trace.lotHeading", { code: stamp.lotCode })}: {quantity} {unit}
        </dd>
      </dl>
      <h2>{t("trace.certs")}</h2>
      {stamp.certifications.length ? (
        <ul>
          {stamp.certifications.map((c) => (
            <li key={c.kind}>
              {c.kind === "ocop" ? t("product.ocopBadge", { n: c.stars ?? 0 }) : t(c.kind === "vietgap" ? "listing.vietgap" : "listing.organic")} · {c.certificate}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("trace.noCerts")}</p>
      )}
      {stamp.notes ? (
        <>
          <h2>{t("trace.notesHeading")}</h2>
          <p className="trace-notes">{stamp.notes}</p>
        </>
      ) : null}
      {stamp.firstScannedOn ? <p className="hint">{t("trace.scans", { n: stamp.scans, date: formatDay(stamp.firstScannedOn, locale) })}</p> : null}
      {stamp.productSlug ? (
        <p>
          <a className="button" href={`/products/${stamp.productSlug}`}>
            {t("trace.buyMore")}
          </a>
        </p>
      ) : null}
    </section>
  );
}
