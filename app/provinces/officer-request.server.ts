import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/session.server";
import { getProvince } from "~/geo/address.server";
import { parsePeriod } from "~/orders/report.server";
import { canSeeProvinceSales, officerGrant, provinceSales } from "./sales.server";

/**
 * Who is asking for which province's sales, shared by the dashboard and its CSV: an accepted
 * officer sees her own province whatever the address says; an admin picks any with ?province=.
 */
export async function officerRequest({ request, context }: Pick<LoaderFunctionArgs, "request" | "context">) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const grant = await officerGrant(context.db, user);
  const asked = url.searchParams.get("province");
  const provinceCode = grant?.accepted ? grant.provinceCode : user.is_admin ? asked : null;
  const province = provinceCode ? getProvince(provinceCode) : undefined;
  if (!province || !(await canSeeProvinceSales(context.db, user, province.code))) return { user, grant, sales: null } as const;
  const { period, valid } = parsePeriod(url.searchParams.get("from"), url.searchParams.get("to"));
  return { user, grant, province, period, valid, sales: await provinceSales(context.db, province.code, period) } as const;
}
