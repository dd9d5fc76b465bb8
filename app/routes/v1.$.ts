import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { paymentSimulator, simulatorRoot } from "~/payments/simulators/simulators.server";

/**
 * Development only: Stripe's API (/v1/…), played by its simulator. The real `stripe` SDK builds
 * its paths from the root, so in development it is pointed at this server's own origin; like the
 * other simulators this exists only with the dev tools (development on loopback), never in production.
 */
async function handle({ request, params, context }: ActionFunctionArgs | LoaderFunctionArgs) {
  const simulator = context.devTools ? paymentSimulator("stripe") : null;
  if (!simulator) throw new Response("Not found", { status: 404 });
  return simulator.api(String(params["*"] ?? ""), request, `${context.internalUrl}${simulatorRoot("stripe")}`);
}

export const action = handle;
export const loader = handle;
