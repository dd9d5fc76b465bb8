/**
 * What checkout and the order desk need from a way of paying. One file per provider, each
 * registered in registry.server.ts; checkout and the pages only ever see this interface.
 */
export interface PaymentRequest {
  orderCode: string;
  amountVnd: bigint;
  payee: { bankBin: string | null; accountNumber: string | null; accountHolder: string | null };
}

export type PaymentInstructions =
  | { kind: "qr"; payload: string; bankBin: string; accountNumber: string; accountHolder: string; amountVnd: bigint; memo: string }
  | { kind: "redirect"; url: string }
  | { kind: "none" };

/** A provider's notification, verified and normalised. */
export interface PaymentEvent {
  eventId: string;
  amountVnd: bigint;
  /** The order code the payer wrote, if one could be read. */
  orderCode: string | null;
  /** The account that received the money (bank transfers), as the notification names it. */
  receivedBy: { bankBin: string | null; accountNumber: string | null } | null;
  raw: unknown;
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

/**
 * Which of the two a provider threw, by name: the registry is built by the start script, outside
 * the server bundle the routes live in, so each side has its own copy of these classes and
 * `instanceof` would not recognise the other's.
 */
export function paymentErrorKind(error: unknown): { kind: "signature" | "payload"; message: string } | null {
  if (!(error instanceof Error)) return null;
  if (error.name === "PaymentSignatureError") return { kind: "signature", message: error.message };
  if (error.name === "PaymentPayloadError") return { kind: "payload", message: error.message };
  return null;
}

export interface PaymentProvider {
  /** Its method id, stored on orders and posted by checkout ("vietqr", "cod", …). */
  readonly id: string;
  /** Whether the order starts unpaid and waits for money (true) or proceeds at once (false). */
  readonly collectsBeforeShipping: boolean;
  canPay(payee: PaymentRequest["payee"]): boolean;
  createPayment(request: PaymentRequest): PaymentInstructions;
  /** Verifies a notification on its raw bytes, then parses it. Throws PaymentSignatureError. */
  parseWebhook(rawBody: string, headers: Headers): PaymentEvent;
  /** Asks the provider for the status; null when it has no such API (bank transfers, cash). */
  queryStatus(orderCode: string): Promise<"paid" | "unpaid" | null>;
  /** How a refund happens: by the provider, or by the seller by hand. */
  refund(orderCode: string, amountVnd: bigint): Promise<{ manual: true } | { manual: false; reference: string }>;
}
