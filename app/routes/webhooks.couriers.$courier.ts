import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveCourierNotification } from "~/shipping/tracking.server";

/** Parcel status notifications from every courier we book with: see receiveCourierNotification. */
async function handle({ request, params, context }: ActionFunctionArgs | LoaderFunctionArgs) {
  return receiveCourierNotification(request, context, String(params.courier ?? ""));
}

export const action = handle;
export const loader = handle;
