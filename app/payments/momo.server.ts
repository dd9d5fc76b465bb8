import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  attemptOfSignedReturn,
  PaymentPayloadError,
  PaymentProviderError,
  PaymentSignatureError,
  type PaymentEvent,
  type PaymentFailure,
  type PaymentOutcome,
  type PaymentProvider,
  type PaymentStatus,
} from "./provider";
import { postForJson } from "./provider-http.server";
import { hmacHex, sameSignature } from "./signing.server";

/**
 * MoMo e-wallet, API v2 "captureWallet" (wire facts in ../shared/PROVIDERS.md): the buyer pays
 * on MoMo's page or app into the marketplace's merchant account; MoMo posts a signed IPN and
 * sends the buyer back to our return URL with the same signed fields. Nothing here trusts the
 * return on its own: the IPN or a signed query answer decides.
 */
export interface MomoSettings {
  partnerCode: string;
  accessKey: string;
  secretKey: string;
  /** e.g. https://payment.momo.vn, or the local simulator's address in development. */
  endpoint: string;
  /** MoMo's fee on each payment under the merchant contract, in basis points (0 when unset). */
  feeBps?: number;
}

/** MoMo's limits for one captureWallet payment, in đồng. */
const MIN_VND = 1_000n;
const MAX_VND = 50_000_000n;

export function momoSignature(secretKey: string, fields: Record<string, string | number>, keys: readonly string[]): string {
  // Keys in the documented a-z order, raw values (no URL encoding).
  const text = keys.map((k) => `${k}=${fields[k] ?? ""}`).join("&");
  return hmacHex("sha256", secretKey, text);
}

export const MOMO_CREATE_KEYS = ["accessKey", "amount", "extraData", "ipnUrl", "orderId", "orderInfo", "partnerCode", "redirectUrl", "requestId", "requestType"] as const;
export const MOMO_RESULT_KEYS = [
  "accessKey",
  "amount",
  "extraData",
  "message",
  "orderId",
  "orderInfo",
  "orderType",
  "partnerCode",
  "payType",
  "requestId",
  "responseTime",
  "resultCode",
  "transId",
] as const;
export const MOMO_QUERY_KEYS = ["accessKey", "orderId", "partnerCode", "requestId"] as const;
export const MOMO_REFUND_KEYS = ["accessKey", "amount", "description", "orderId", "partnerCode", "requestId", "transId"] as const;

/** resultCode → how the attempt stands (PROVIDERS.md): 0 and 9000 paid; 1000, 7000, 7002 still pending. */
function momoOutcome(resultCode: number): PaymentOutcome {
  if (resultCode === 0 || resultCode === 9000) return "paid";
  if (resultCode === 1000 || resultCode === 7000 || resultCode === 7002) return "pending";
  return "failed";
}

function momoFailure(resultCode: string): PaymentFailure {
  switch (resultCode) {
    case "1001":
      return "insufficient_funds";
    case "1003":
    case "1006":
    case "1017":
      return "cancelled";
    case "1005":
      return "expired";
    default:
      return "declined";
  }
}

const intLike = z.union([z.number().int(), z.string().regex(/^-?[0-9]{1,15}$/)]).transform((v) => Number(v));
const resultSchema = z.object({
  partnerCode: z.string().max(50),
  orderId: z.string().min(1).max(200),
  requestId: z.string().max(200),
  amount: intLike,
  orderInfo: z.string().max(1000).default(""),
  orderType: z.string().max(50).default(""),
  transId: z.union([z.number().int(), z.string().max(50)]).transform(String),
  resultCode: intLike,
  message: z.string().max(1000).default(""),
  payType: z.string().max(50).default(""),
  responseTime: z.union([z.number().int(), z.string().max(20)]).transform(String),
  extraData: z.string().max(1000).default(""),
  signature: z.string().max(200),
});

export function createMomoProvider(settings: MomoSettings): PaymentProvider {
  const base = settings.endpoint.replace(/\/$/, "");

  const call = (path: string, body: Record<string, unknown>) => postForJson("MoMo", `${base}${path}`, JSON.stringify(body), "application/json; charset=UTF-8");

  /** Verifies a result (IPN, return redirect or query answer) signed over MOMO_RESULT_KEYS. */
  function verifiedResult(fields: unknown): z.infer<typeof resultSchema> {
    const parsed = resultSchema.safeParse(fields);
    if (!parsed.success) {
      // Signature first when there is one to check: an unsigned or forged body says nothing.
      throw new PaymentPayloadError("MoMo result fields missing or malformed");
    }
    const r = parsed.data;
    const expected = momoSignature(settings.secretKey, { ...r, accessKey: settings.accessKey, amount: r.amount, resultCode: r.resultCode }, MOMO_RESULT_KEYS);
    if (!sameSignature(r.signature, expected)) throw new PaymentSignatureError();
    if (r.partnerCode !== settings.partnerCode) throw new PaymentSignatureError("not for this partner");
    return r;
  }

  return {
    id: "momo",
    collectsBeforeShipping: true,
    referenceFor: (attempt) => attempt,
    flow: "redirect",
    // MoMo's pay pages live on the same host as its API (test-payment.momo.vn, payment.momo.vn).
    payPageOrigins: [new URL(base).origin],
    // The money lands in the marketplace's account and is paid out to the seller, so the seller
    // needs an account to be paid into.
    takesAmount: (amountVnd) => amountVnd >= MIN_VND && amountVnd <= MAX_VND,
    canPay: (payee) => Boolean(payee.bankBin && payee.accountNumber && payee.accountHolder),

    async createPayment(request) {
      if (!this.takesAmount(request.amountVnd)) {
        throw new PaymentProviderError(`MoMo takes ${MIN_VND}–${MAX_VND} đồng`, "22");
      }
      const fields = {
        partnerCode: settings.partnerCode,
        accessKey: settings.accessKey,
        requestId: randomUUID(),
        amount: Number(request.amountVnd),
        orderId: request.attemptRef,
        orderInfo: request.description,
        redirectUrl: request.returnUrl,
        ipnUrl: request.notifyUrl,
        requestType: "captureWallet",
        extraData: "",
      };
      const signature = momoSignature(settings.secretKey, fields, MOMO_CREATE_KEYS);
      const { accessKey: _omitted, ...wire } = fields;
      void _omitted;
      const reply = await call("/v2/gateway/api/create", { ...wire, lang: request.locale === "en" ? "en" : "vi", signature });
      const resultCode = String(reply.resultCode ?? "");
      if (resultCode !== "0" || typeof reply.payUrl !== "string" || !URL.canParse(reply.payUrl) || new URL(reply.payUrl).origin !== new URL(base).origin) {
        throw new PaymentProviderError(`MoMo refused the payment: ${resultCode} ${String(reply.message ?? "")}`, resultCode || null);
      }
      return { kind: "redirect", url: reply.payUrl, raw: reply };
    },

    parseWebhook({ method, url, body }): PaymentEvent {
      let fields: unknown;
      if (method === "GET") {
        // The buyer's return redirect carries the same signed fields in its query string.
        fields = Object.fromEntries(url.searchParams);
      } else {
        try {
          fields = JSON.parse(body);
        } catch {
          throw new PaymentPayloadError("body is not JSON");
        }
      }
      const r = verifiedResult(fields);
      return {
        // One MoMo result per attempt and code: a repeat of it is a duplicate, a later code is news.
        eventId: `${r.orderId}:${r.resultCode}:${r.transId}`,
        amountVnd: BigInt(r.amount),
        orderCode: null,
        receivedBy: null,
        attemptRef: r.orderId,
        outcome: momoOutcome(r.resultCode),
        resultCode: String(r.resultCode),
        providerTxn: r.transId === "0" || r.transId === "" ? null : r.transId,
        raw: fields,
      };
    },

    // MoMo wants HTTP 204 for an IPN it may stop sending (a copy or one we cannot use included); a
    // forged or unreadable one gets 400 so it is not taken as received.
    webhookReply: (verdict) => (verdict === "bad_signature" || verdict === "bad_payload" ? { status: 400, json: { error: verdict } } : { status: 204, json: null }),

    attemptOfReturn(url) {
      return attemptOfSignedReturn(this, url);
    },

    async queryStatus(attemptRef): Promise<PaymentStatus> {
      const fields = { partnerCode: settings.partnerCode, accessKey: settings.accessKey, requestId: randomUUID(), orderId: attemptRef };
      const reply = await call("/v2/gateway/api/query", {
        partnerCode: fields.partnerCode,
        requestId: fields.requestId,
        orderId: fields.orderId,
        lang: "vi",
        signature: momoSignature(settings.secretKey, fields, MOMO_QUERY_KEYS),
      });
      // A query answer for an order MoMo never saw has no signature to check and means "nothing paid".
      if (reply.signature === undefined) throw new PaymentProviderError(`MoMo query failed: ${String(reply.resultCode)} ${String(reply.message ?? "")}`, String(reply.resultCode ?? ""));
      const r = verifiedResult(reply);
      if (r.orderId !== attemptRef) throw new PaymentSignatureError("answer about another payment");
      return {
        outcome: momoOutcome(r.resultCode),
        resultCode: String(r.resultCode),
        amountVnd: BigInt(r.amount),
        providerTxn: r.transId === "0" ? null : r.transId,
        raw: reply,
      };
    },

    async refund(attemptRef, amountVnd, providerTxn, refundKey) {
      if (!providerTxn) throw new PaymentProviderError("MoMo refund needs the transaction id", null);
      const fields = {
        partnerCode: settings.partnerCode,
        accessKey: settings.accessKey,
        requestId: randomUUID(),
        orderId: `${attemptRef}-${refundKey}`,
        amount: Number(amountVnd),
        transId: providerTxn,
        description: `Refund ${attemptRef}`,
      };
      const { accessKey: _omitted, ...wire } = fields;
      void _omitted;
      const reply = await call("/v2/gateway/api/refund", { ...wire, lang: "vi", signature: momoSignature(settings.secretKey, fields, MOMO_REFUND_KEYS) });
      if (String(reply.resultCode) !== "0") throw new PaymentProviderError(`MoMo refund refused: ${String(reply.resultCode)} ${String(reply.message ?? "")}`, String(reply.resultCode ?? ""));
      return { manual: false, reference: String(reply.transId ?? fields.orderId) };
    },

    failure: momoFailure,
    // Rounded up: MoMo never keeps less than its rate.
    fee: (amountVnd) => (amountVnd * BigInt(settings.feeBps ?? 0) + 9_999n) / 10_000n,
  };
}
