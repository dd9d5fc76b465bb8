import type { ActionFunctionArgs } from "@remix-run/node";
import { receivePaymentNotification } from "~/payments/webhooks.server";

/**
 * The first address bank statement services were given; bank transfers now have their place on
 * /webhooks/payments/vietqr. Kept so a service still set up with this one keeps working: the same
 * handling, the same inbox (an event sent to both is taken once).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  return receivePaymentNotification(request, context, "vietqr");
}

export const loader = () => Response.json({ error: "POST only" }, { status: 405 });
