import Stripe from "stripe";
import {
  PaymentPayloadError,
  PaymentProviderError,
  PaymentSignatureError,
  type PaymentEvent,
  type PaymentFailure,
  type PaymentOutcome,
  type PaymentProvider,
  type PaymentStatus,
} from "./provider";

/**
 * Cards through Stripe Checkout (wire facts in ../shared/PROVIDERS.md), with the official SDK:
 * the buyer types her card on Stripe's hosted page, so no card data and no Stripe.js touch our
 * pages. VND is zero-decimal (amounts are whole đồng). Every create carries an Idempotency-Key;
 * notifications are verified by `webhooks.constructEvent` on the raw body. The buyer's return
 * carries only the session id, which is never trusted: a retrieve from Stripe decides.
 */
export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** https://api.stripe.com, or the local simulator's address in development and tests. */
  apiUrl: string;
  /** Where Checkout pages live (https://checkout.stripe.com), for the pages' form-action policy. */
  payPageOrigin: string;
  /** Stripe's fee on each card payment under the account's pricing, in basis points (0 when unset). */
  feeBps?: number;
}

/** One card payment in đồng: Stripe's smallest charge (about 50 US cents) and its eight-digit ceiling for zero-decimal currencies. */
const MIN_VND = 20_000n;
const MAX_VND = 99_999_999n;

/** How long a Checkout Session stays open: Stripe's shortest allowed, so an abandoned card page lapses long before the order does. */
const SESSION_MINUTES = 30;

/** Session states and events in our words; `resultCode` keeps Stripe's own word. */
function sessionOutcome(session: Pick<Stripe.Checkout.Session, "status" | "payment_status">): { outcome: PaymentOutcome; resultCode: string } {
  if (session.payment_status === "paid" || session.payment_status === "no_payment_required") return { outcome: "paid", resultCode: "paid" };
  if (session.status === "expired") return { outcome: "failed", resultCode: "expired" };
  return { outcome: "pending", resultCode: session.status ?? "open" };
}

function stripeFailure(resultCode: string): PaymentFailure {
  if (resultCode === "expired") return "expired";
  if (resultCode === "insufficient_funds") return "insufficient_funds";
  return "declined";
}

const intentId = (pi: Stripe.Checkout.Session["payment_intent"]): string | null => (pi === null ? null : typeof pi === "string" ? pi : pi.id);

export function createStripeProvider(settings: StripeSettings): PaymentProvider {
  const api = new URL(settings.apiUrl);
  const stripe = new Stripe(settings.secretKey, {
    host: api.hostname,
    port: api.port || (api.protocol === "https:" ? 443 : 80),
    protocol: api.protocol === "http:" ? "http" : "https",
    // Creates carry an Idempotency-Key, so a retry after a dropped answer never charges twice.
    maxNetworkRetries: 2,
    timeout: 15_000,
    telemetry: false,
  });

  /** Stripe's answer for a session as one of our events, after checking it is ours. */
  function fromSession(session: Stripe.Checkout.Session, eventId: string, override?: { outcome: PaymentOutcome; resultCode: string }): PaymentEvent {
    if (session.currency !== "vnd" || session.amount_total === null || !Number.isSafeInteger(session.amount_total)) {
      throw new PaymentPayloadError("Stripe session is not a whole-đồng VND payment");
    }
    const { outcome, resultCode } = override ?? sessionOutcome(session);
    return {
      eventId,
      amountVnd: BigInt(session.amount_total),
      orderCode: null,
      receivedBy: null,
      attemptRef: session.client_reference_id,
      outcome,
      resultCode,
      providerTxn: intentId(session.payment_intent),
      raw: session,
    };
  }

  function refusal(what: string, error: unknown): PaymentProviderError {
    if (error instanceof Stripe.errors.StripeError) return new PaymentProviderError(`Stripe refused ${what}: ${error.type} ${error.code ?? ""} ${error.message}`, error.decline_code ?? error.code ?? null);
    return new PaymentProviderError(`Stripe could not be reached for ${what}: ${(error as Error).message}`, null);
  }

  return {
    id: "stripe",
    collectsBeforeShipping: true,
    flow: "redirect",
    payPageOrigins: [new URL(settings.payPageOrigin).origin],
    // The money lands in the marketplace's Stripe balance and is paid out to the seller's bank account.
    takesAmount: (amountVnd) => amountVnd >= MIN_VND && amountVnd <= MAX_VND,
    canPay: (payee) => Boolean(payee.bankBin && payee.accountNumber && payee.accountHolder),
    referenceFor: (attempt) => attempt,

    async createPayment(request) {
      if (!this.takesAmount(request.amountVnd)) throw new PaymentProviderError(`Stripe takes ${MIN_VND}–${MAX_VND} đồng by card`, "amount_too_small");
      const back = new URL(request.returnUrl);
      back.searchParams.set("attempt", request.attemptRef);
      // Stripe fills in {CHECKOUT_SESSION_ID} itself; it must stay unescaped.
      const successUrl = `${back.toString()}&session_id={CHECKOUT_SESSION_ID}`;
      let session: Stripe.Checkout.Session;
      try {
        session = await stripe.checkout.sessions.create(
          {
            mode: "payment",
            line_items: [{ quantity: 1, price_data: { currency: "vnd", unit_amount: Number(request.amountVnd), product_data: { name: request.description } } }],
            client_reference_id: request.attemptRef,
            metadata: { attempt: request.attemptRef, order: request.orderCode },
            payment_intent_data: { metadata: { attempt: request.attemptRef, order: request.orderCode }, description: request.description },
            locale: request.locale === "en" ? "en" : "vi",
            success_url: successUrl,
            cancel_url: successUrl,
            expires_at: Math.floor(Date.now() / 1000) + SESSION_MINUTES * 60,
          },
          { idempotencyKey: `checkout-${request.attemptRef}` },
        );
      } catch (error) {
        throw refusal("the payment", error);
      }
      if (!session.url || !URL.canParse(session.url) || !this.payPageOrigins.includes(new URL(session.url).origin)) {
        throw new PaymentProviderError("Stripe gave no Checkout page of its own", null);
      }
      return { kind: "redirect", url: session.url, session: session.id, raw: session };
    },

    parseWebhook({ headers, body }): PaymentEvent {
      const signature = headers.get("stripe-signature");
      if (!signature) throw new PaymentSignatureError("no Stripe-Signature header");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(body, signature, settings.webhookSecret);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new PaymentSignatureError(error.message);
        throw new PaymentPayloadError("Stripe event is not readable");
      }
      switch (event.type) {
        case "checkout.session.completed":
        case "checkout.session.async_payment_succeeded":
        case "checkout.session.expired":
          return fromSession(event.data.object, event.id);
        case "checkout.session.async_payment_failed":
          return fromSession(event.data.object, event.id, { outcome: "failed", resultCode: "async_payment_failed" });
        default:
          // Signed by Stripe but about something we do not act on (the endpoint should not be subscribed to it).
          throw new PaymentPayloadError(`Stripe event ${event.type} is not handled`);
      }
    },

    // Stripe only reads the status: 2xx stops its retries. A signed event we do not use will never
    // become usable, so it is acknowledged too; a forged one gets 400.
    webhookReply: (verdict) => (verdict === "bad_signature" ? { status: 400, json: { error: "bad signature" } } : { status: 200, json: { received: true } }),

    attemptOfReturn: (url) => url.searchParams.get("attempt"),

    async queryStatus(attemptRef, session): Promise<PaymentStatus | null> {
      // No session means the create never finished: Stripe holds nothing for this attempt.
      if (!session) return null;
      let found: Stripe.Checkout.Session;
      try {
        found = await stripe.checkout.sessions.retrieve(session);
      } catch (error) {
        throw refusal("a status query", error);
      }
      if (found.client_reference_id !== attemptRef) throw new PaymentSignatureError("answer about another payment");
      const event = fromSession(found, `retrieve:${found.id}`);
      return { outcome: event.outcome, resultCode: event.resultCode ?? "", amountVnd: event.amountVnd, providerTxn: event.providerTxn, raw: found };
    },

    async refund(attemptRef, amountVnd, providerTxn, refundKey) {
      if (!providerTxn) throw new PaymentProviderError("Stripe refund needs the payment intent", null);
      let refund: Stripe.Refund;
      try {
        refund = await stripe.refunds.create(
          { payment_intent: providerTxn, amount: Number(amountVnd), reason: "requested_by_customer", metadata: { attempt: attemptRef } },
          // One refund per attempt and part: a retried job never refunds twice.
          { idempotencyKey: `refund-${attemptRef}-${refundKey}` },
        );
      } catch (error) {
        throw refusal("the refund", error);
      }
      // "pending" finishes at Stripe on its own; "failed" or "canceled" is a refusal to retry.
      if (refund.status === "failed" || refund.status === "canceled") throw new PaymentProviderError(`Stripe refund ${refund.status}`, refund.failure_reason ?? null);
      return { manual: false, reference: refund.id };
    },

    failure: stripeFailure,
    fee: (amountVnd) => (amountVnd * BigInt(settings.feeBps ?? 0) + 9_999n) / 10_000n,
  };
}
