import { z } from "zod";
import { buildVietQrPayload, memoText } from "./vietqr";
import { hmacHex, sameSignature } from "./signing.server";
import { PaymentPayloadError, PaymentSignatureError, type PaymentEvent, type PaymentProvider } from "./provider";

/**
 * Bank transfer by VietQR, straight into the seller's own account. The seller taps "money
 * received", or a bank-statement service posts each incoming transfer to
 * /webhooks/payments/vietqr (formerly /webhooks/bank-transfer, still taken) as JSON signed with a shared secret:
 *   header  X-Signature: hex(HMAC-SHA256(secret, raw body))
 *   body    {"id": "...", "amount": 150000, "description": "VN7K3Q9P ...", "accountNumber": "...",
 *            "bankBin": "970436", "transactedAt": "2026-11-22T08:00:00+07:00"}
 * (the shape statement services such as Casso and SePay send; field names kept tolerant).
 */
const ORDER_CODE_PATTERN = /\bVN[0-9A-Z]{8}\b/;

const notificationSchema = z.object({
  id: z.union([z.string().min(1).max(100), z.number().int()]).transform(String),
  // Whole đồng below 10^15: 1e21 is an integer to JavaScript, but no transfer and no bigint column.
  amount: z.union([z.number().int().positive().max(999_999_999_999_999), z.string().regex(/^[0-9]{1,15}$/)]).transform((v) => BigInt(v)),
  description: z.string().max(500).default(""),
  accountNumber: z.string().max(30).optional(),
  bankBin: z.string().max(10).optional(),
  transactedAt: z.string().max(40).optional(),
});

export function signBankNotification(secret: string, rawBody: string): string {
  return hmacHex("sha256", secret, rawBody);
}

export function createVietQrProvider(options: { webhookSecret: string | null }): PaymentProvider {
  return {
    id: "vietqr",
    collectsBeforeShipping: true,
    payPageOrigins: [],
    referenceFor: (attempt) => attempt,
    flow: "qr",
    takesAmount: () => true,
    canPay: (payee) => Boolean(payee.bankBin && payee.accountNumber && payee.accountHolder),
    async createPayment({ orderCode, amountVnd, payee }) {
      if (!payee.bankBin || !payee.accountNumber || !payee.accountHolder) throw new Error("seller has no payout account");
      const memo = memoText(orderCode);
      return {
        kind: "qr",
        payload: buildVietQrPayload({ bankBin: payee.bankBin, accountNumber: payee.accountNumber, amountVnd, memo }),
        bankBin: payee.bankBin,
        accountNumber: payee.accountNumber,
        accountHolder: payee.accountHolder,
        amountVnd,
        memo,
      };
    },
    parseWebhook({ body: rawBody, headers }): PaymentEvent {
      if (!options.webhookSecret) throw new PaymentSignatureError("bank notifications are not configured");
      if (!sameSignature(headers.get("x-signature") ?? "", signBankNotification(options.webhookSecret, rawBody))) throw new PaymentSignatureError();
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new PaymentPayloadError("body is not JSON");
      }
      const parsed = notificationSchema.safeParse(json);
      if (!parsed.success) throw new PaymentPayloadError("notification fields missing or out of range");
      const code = ORDER_CODE_PATTERN.exec(parsed.data.description.toUpperCase())?.[0] ?? null;
      return {
        eventId: parsed.data.id,
        amountVnd: parsed.data.amount,
        orderCode: code,
        receivedBy: { bankBin: parsed.data.bankBin?.trim() || null, accountNumber: parsed.data.accountNumber?.replace(/\s/g, "") || null },
        attemptRef: null,
        outcome: "paid",
        resultCode: null,
        providerTxn: parsed.data.id,
        raw: json,
      };
    },
    webhookReply: (verdict) =>
      verdict === "bad_signature" || verdict === "bad_payload" ? { status: verdict === "bad_signature" ? 401 : 400, json: { error: verdict } } : { status: 200, json: { ok: true } },
    attemptOfReturn: () => null,
    queryStatus: async () => null,
    refund: async () => ({ manual: true }),
    failure: () => "declined",
    fee: () => 0n, // the money never passes through us
  };
}
