import type { ActionFunctionArgs } from "@remix-run/node";
import { paymentSimulator, simulatorRoot } from "~/payments/simulators/simulators.server";

/**
 * Development only: a payment provider's API, played by its local simulator (MoMo, ZaloPay). Like
 * the bank simulator it exists only with the dev tools (development on loopback), never in production.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const provider = String(params.provider ?? "");
  const simulator = context.devTools ? paymentSimulator(provider) : null;
  if (!simulator) return Response.json({ error: "not found" }, { status: 404 });
  return simulator.api(String(params["*"] ?? ""), request, `${context.internalUrl}${simulatorRoot(provider)}`);
}

export const loader = () => Response.json({ error: "POST only" }, { status: 405 });
