/**
 * What checkout and the order desk need from a way of paying. One file per provider, each
 * registered in registry.server.ts; checkout and the pages only ever see this interface.
 */
export interface PaymentRequest {
  orderCode: string;
  amountVnd: bigint;
  payee: { bankBin: string | null; accountNumber: string | null; accountHolder: string | null };
  /** Our id for this attempt at the provider: unique per attempt, so a retry is a new payment there. */
  attemptRef: string;
  /** What the buyer's wallet or bank shows as the purpose. */
  description: string;
  locale: "vi" | "en";
  /** Where the provider sends the buyer back (never trusted on its own) and where it posts its notification. */
  returnUrl: string;
  notifyUrl: string;
  /** The buyer's address, which some gateways (VNPay) record with the payment. */
  clientIp: string;
}

export type PaymentInstructions =
  | { kind: "qr"; payload: string; bankBin: string; accountNumber: string; accountHolder: string; amountVnd: bigint; memo: string }
  /** `session`: the provider's own name for the attempt when it picks one (Stripe's Checkout Session), which status queries need. */
  | { kind: "redirect"; url: string; raw: unknown; session?: string }
  | { kind: "none" };

/** How an attempt stands at the provider, from a verified notification or a verified status query. */
export type PaymentOutcome = "paid" | "failed" | "pending";

/** Why an attempt failed, in words any provider's codes map to (the buyer reads it in her language). */
export type PaymentFailure = "insufficient_funds" | "cancelled" | "expired" | "declined";

/** A provider's notification, verified and normalised. */
export interface PaymentEvent {
  eventId: string;
  amountVnd: bigint;
  /** The order code the payer wrote, if one could be read (bank transfers). */
  orderCode: string | null;
  /** The account that received the money (bank transfers), as the notification names it. */
  receivedBy: { bankBin: string | null; accountNumber: string | null } | null;
  /** Gateways: which of our attempts it is about (payments.provider_ref), how it ended, in the provider's own code. */
  attemptRef: string | null;
  outcome: PaymentOutcome;
  resultCode: string | null;
  providerTxn: string | null;
  raw: unknown;
}

/** A provider's answer to "how is this attempt?", verified. */
export interface PaymentStatus {
  outcome: PaymentOutcome;
  resultCode: string;
  amountVnd: bigint | null;
  providerTxn: string | null;
  raw: unknown;
}

/** An incoming notification as it arrived: some providers POST JSON, some (VNPay) GET with a query string. */
export interface WebhookRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/**
 * What we made of a notification, for the provider's own reply format: taken (and applied), a copy
 * of one already taken, about no payment of ours, for another amount, or refused unread.
 */
export type WebhookVerdict = "accepted" | "duplicate" | "unknown_payment" | "wrong_amount" | "bad_signature" | "bad_payload";

export interface WebhookReply {
  status: number;
  /** JSON to send back, or null for an empty body. */
  json: unknown;
}

export class PaymentSignatureError extends Error {
  override name = "PaymentSignatureError";
  constructor(message = "bad signature") {
    super(message);
  }
}

/** Signed correctly, but not a notification we can read (missing fields, an impossible amount). */
export class PaymentPayloadError extends Error {
  override name = "PaymentPayloadError";
}

/** The provider refused or could not be reached when asked to create or query a payment. */
export class PaymentProviderError extends Error {
  override name = "PaymentProviderError";
  constructor(
    message: string,
    /** The provider's result code when it gave one: pages turn it into words for the buyer. */
    readonly resultCode: string | null,
  ) {
    super(message);
  }
}

/**
 * Which of these a provider threw, by name: the registry is built by the start script, outside
 * the server bundle the routes live in, so each side has its own copy of these classes and
 * `instanceof` would not recognise the other's.
 */
export function paymentErrorKind(error: unknown): { kind: "signature" | "payload" | "provider"; message: string; resultCode: string | null } | null {
  if (!(error instanceof Error)) return null;
  if (error.name === "PaymentSignatureError") return { kind: "signature", message: error.message, resultCode: null };
  if (error.name === "PaymentPayloadError") return { kind: "payload", message: error.message, resultCode: null };
  if (error.name === "PaymentProviderError") {
    const code = (error as { resultCode?: unknown }).resultCode;
    return { kind: "provider", message: error.message, resultCode: typeof code === "string" ? code : null };
  }
  return null;
}

export interface PaymentProvider {
  /** Its method id, stored on orders and posted by checkout ("vietqr", "cod", "momo", …). */
  readonly id: string;
  /** Whether the order starts unpaid and waits for money (true) or proceeds at once (false). */
  readonly collectsBeforeShipping: boolean;
  /**
   * How the buyer pays: "qr" instructions shown on the order page at once (VietQR); "redirect"
   * to the provider's own page, one stored attempt per tap on "pay" (wallets, gateways, cards);
   * "none" nothing to do now (cash).
   */
  readonly flow: "qr" | "redirect" | "none";
  /** The origins of its payment pages (redirect providers), which forms may lead to. */
  readonly payPageOrigins: readonly string[];
  canPay(payee: PaymentRequest["payee"]): boolean;
  /** Whether it takes one payment of this amount (wallets and cards have floors and ceilings). */
  takesAmount(amountVnd: bigint): boolean;
  /** The reference this provider is given for an attempt, from ours ("VN…-2"): some want their own shape. */
  referenceFor(attempt: string): string;
  /** Once per attempt for redirect providers (the result is stored); on each view for QR. Throws PaymentProviderError. */
  createPayment(request: PaymentRequest): Promise<PaymentInstructions>;
  /** Verifies a notification on its raw bytes, then parses it. Throws PaymentSignatureError or PaymentPayloadError. */
  parseWebhook(request: WebhookRequest): PaymentEvent;
  /** The answer the provider's protocol expects for a notification we accepted or refused. */
  webhookReply(verdict: WebhookVerdict): WebhookReply;
  /**
   * Which attempt a buyer coming back from the provider's page is about, or null. Only a pointer:
   * a verified status query decides what happened.
   */
  attemptOfReturn(url: URL): string | null;
  /** Asks the provider how an attempt stands (by our reference, or its own session name when it gave one); null when it has no such API (bank transfers, cash). */
  queryStatus(attemptRef: string, session: string | null): Promise<PaymentStatus | null>;
  /**
   * How a refund happens: by the provider, or by the seller by hand. `refundKey` tells apart the
   * refunds of one payment ("R" for the whole, "R<order code>" for one order's part): the provider
   * sees each as its own request, and a retry of one as the same.
   */
  refund(attemptRef: string, amountVnd: bigint, providerTxn: string | null, refundKey: string): Promise<{ manual: true } | { manual: false; reference: string }>;
  /** What it keeps of a payment of this amount (its fee), in đồng: the seller sees it per order. */
  fee(amountVnd: bigint): bigint;
  /** What one of its result codes means for a failed attempt. */
  failure(resultCode: string): PaymentFailure;
}

/** For providers whose return redirect carries the same signed fields as their notification. */
export function attemptOfSignedReturn(provider: Pick<PaymentProvider, "parseWebhook">, url: URL): string | null {
  try {
    return provider.parseWebhook({ method: "GET", url, headers: new Headers(), body: "" }).attemptRef;
  } catch {
    // A forged or mangled return: no pointer, and no hint of why.
    return null;
  }
}
