import type { LoaderFunctionArgs } from "@remix-run/node";
import { listWards } from "~/geo/address.server";

/** Wards of one province, for the province → ward picker when JavaScript is on. */
export async function loader({ request }: LoaderFunctionArgs) {
  const province = new URL(request.url).searchParams.get("province") ?? "";
  const wards = listWards(province.slice(0, 3)).map((w) => ({ code: w.code, name: w.name }));
  return Response.json({ wards }, { headers: { "Cache-Control": "public, max-age=86400" } });
}
