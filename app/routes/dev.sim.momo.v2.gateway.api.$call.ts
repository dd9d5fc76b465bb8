import type { ActionFunctionArgs } from "@remix-run/node";
import { MOMO_SIMULATOR_PATH, momoSimulatorApi } from "~/payments/simulators/momo-simulator.server";

/**
 * Development only: MoMo's JSON API (create, query, refund), played by the local simulator. Like
 * the bank simulator it exists only with the dev tools (development on loopback), never in production.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!context.devTools) return Response.json({ error: "not found" }, { status: 404 });
  const call = String(params.call ?? "");
  if (call !== "create" && call !== "query" && call !== "refund") return Response.json({ resultCode: 12, message: "Unsupported API" }, { status: 404 });
  const body: unknown = await request.json().catch(() => null);
  if (!body || typeof body !== "object") return Response.json({ resultCode: 20, message: "Bad format request" }, { status: 400 });
  return Response.json(momoSimulatorApi(call, body as Record<string, unknown>, `${context.internalUrl}${MOMO_SIMULATOR_PATH}`));
}

export const loader = () => Response.json({ error: "POST only" }, { status: 405 });
