import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { recordGatewayEvent } from "~/payments/payments.server";
import { paymentErrorKind, type WebhookReply } from "~/payments/provider";

const MAX_BODY = 64 * 1024;

function reply({ status, json }: WebhookReply): Response {
  return json === null ? new Response(null, { status }) : Response.json(json, { status });
}

/**
 * Notifications from wallets and gateways (MoMo IPN, …): the provider verifies the raw request
 * (method, URL, headers, body) itself, every event is kept in the inbox once, applied once, and
 * answered in the provider's own format. A provider this deployment does not offer is a 404.
 */
async function handle({ request, params, context }: ActionFunctionArgs | LoaderFunctionArgs) {
  const provider = context.payments.get(String(params.provider ?? ""));
  if (!provider || provider.flow !== "redirect") return Response.json({ error: "unknown payment provider" }, { status: 404 });
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  const body = request.method === "GET" ? "" : await request.text();
  if (body.length > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  let event;
  try {
    event = provider.parseWebhook({ method: request.method, url: new URL(request.url), headers: request.headers, body });
  } catch (error) {
    const refused = paymentErrorKind(error);
    if (refused) return reply(provider.webhookReply(refused.kind === "signature" ? "bad_signature" : "bad_payload"));
    throw error;
  }
  const outcome = await recordGatewayEvent(context.db, context.payments, provider.id, event);
  return reply(provider.webhookReply(outcome === "duplicate" || outcome === "already_final" ? "duplicate" : outcome === "unknown_payment" || outcome === "wrong_amount" ? outcome : "accepted"));
}

export const action = handle;
export const loader = handle;
