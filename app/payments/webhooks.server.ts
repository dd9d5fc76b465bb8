import type { AppLoadContext } from "@remix-run/node";
import { recordBankTransfer } from "./bank-transfers.server";
import { recordGatewayEvent } from "./payments.server";
import { paymentErrorKind, type WebhookReply } from "./provider";

const MAX_BODY = 64 * 1024;

function reply({ status, json }: WebhookReply): Response {
  return json === null ? new Response(null, { status }) : Response.json(json, { status });
}

/**
 * Every payment notification, whichever provider sends it (bank statement service, MoMo IPN,
 * ZaloPay callback, VNPay IPN, Stripe event): the provider verifies the raw request (method, URL,
 * headers, body) itself, every event is kept in the inbox once, applied once, and answered in the
 * provider's own format. A provider this deployment does not offer, or one that never notifies
 * (cash), is a 404.
 */
export async function receivePaymentNotification(request: Request, context: Pick<AppLoadContext, "db" | "payments">, providerId: string): Promise<Response> {
  const provider = context.payments.get(providerId);
  if (!provider || provider.flow === "none") return Response.json({ error: "unknown payment provider" }, { status: 404 });
  // Bank statements are only ever POSTed; VNPay notifies with a GET.
  if (provider.flow === "qr" && request.method !== "POST") return Response.json({ error: "POST only" }, { status: 405 });
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
  if (provider.flow === "qr") {
    // Money sent straight to the seller's account, matched by the memo. One inbox name for it
    // whichever address it came to, so a statement service moving addresses never pays twice.
    const outcome = await recordBankTransfer(context.db, "bank-transfer", event);
    return Response.json({ ok: true, outcome });
  }
  const outcome = await recordGatewayEvent(context.db, context.payments, provider.id, event);
  return reply(provider.webhookReply(outcome === "duplicate" || outcome === "already_final" ? "duplicate" : outcome === "unknown_payment" || outcome === "wrong_amount" ? outcome : "accepted"));
}
