import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receivePaymentNotification } from "~/payments/webhooks.server";

/** Notifications from every payment provider, bank transfers included: see receivePaymentNotification. */
async function handle({ request, params, context }: ActionFunctionArgs | LoaderFunctionArgs) {
  return receivePaymentNotification(request, context, String(params.provider ?? ""));
}

export const action = handle;
export const loader = handle;
