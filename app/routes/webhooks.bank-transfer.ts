import type { ActionFunctionArgs } from "@remix-run/node";
import { recordBankTransfer } from "~/orders/orders.server";
import { paymentErrorKind } from "~/payments/provider";

const MAX_BODY = 64 * 1024;

/**
 * Incoming bank transfers from the statement service (format in payments/vietqr.server.ts). The
 * signature is checked on the raw bytes before anything is parsed; every event id is handled once.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  const raw = await request.text();
  if (raw.length > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  let event;
  try {
    const provider = context.payments.get("vietqr");
    if (!provider) return Response.json({ error: "bank transfers are not offered here" }, { status: 404 });
    event = provider.parseWebhook({ method: request.method, url: new URL(request.url), headers: request.headers, body: raw });
  } catch (error) {
    const refused = paymentErrorKind(error);
    if (refused) return Response.json({ error: refused.message }, { status: refused.kind === "signature" ? 401 : 400 });
    throw error;
  }
  const outcome = await recordBankTransfer(context.db, "bank-transfer", event);
  return Response.json({ ok: true, outcome });
}

export const loader = () => Response.json({ error: "POST only" }, { status: 405 });
