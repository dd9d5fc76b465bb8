import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { paymentSimulator, simulatorRoot } from "~/payments/simulators/simulators.server";
import { notifySimulator } from "~/notify/simulators/notify-simulators.server";
import { courierSimulator } from "~/shipping/simulators/simulators.server";

/**
 * Development only: a payment provider's API, played by its local simulator (MoMo, ZaloPay). Like
 * the bank simulator it exists only with the dev tools (development on loopback), never in production.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const provider = String(params.provider ?? "");
  const simulator = context.devTools ? paymentSimulator(provider) : null;
  // Couriers' simulators answer here too (GHN, GHTK, Viettel Post, VNPost), with the same guard.
  const courier = context.devTools && !simulator ? courierSimulator(provider) : null;
  if (courier) return courier.api(String(params["*"] ?? ""), request);
  // Zalo ZNS and eSMS too: what reaches the phone lands in the dev outbox.
  const messaging = context.devTools && !simulator ? notifySimulator(provider) : null;
  if (messaging) return messaging.api(String(params["*"] ?? ""), request, async (message) => void (await context.db.insertInto("outbox_messages").values(message).execute()));
  if (!simulator) return Response.json({ error: "not found" }, { status: 404 });
  return simulator.api(String(params["*"] ?? ""), request, `${context.internalUrl}${simulatorRoot(provider)}`);
}

/** The pages a provider's signed links open (VNPay's vpcpay.html). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = String(params.provider ?? "");
  // GHTK's fee and status calls are GETs.
  const courier = context.devTools ? courierSimulator(provider) : null;
  if (courier) return courier.api(String(params["*"] ?? ""), request);
  const simulator = context.devTools ? paymentSimulator(provider) : null;
  const page = simulator?.entry ? await simulator.entry(String(params["*"] ?? ""), new URL(request.url), `${context.internalUrl}${simulatorRoot(provider)}`) : null;
  return page ?? Response.json({ error: "not found" }, { status: 404 });
}
