import { randomUUID } from "node:crypto";
import { attemptOfSignedReturn, PaymentPayloadError, PaymentProviderError, PaymentSignatureError, type PaymentEvent, type PaymentFailure, type PaymentProvider, type PaymentStatus } from "./provider";
import { postForJson } from "./provider-http.server";
import { hmacHex, sameSignature } from "./signing.server";

/**
 * VNPay payment gateway 2.1.0 (wire facts in ../shared/PROVIDERS.md): the buyer is sent to a
 * signed VNPay URL (no call to make first), pays from her bank app or card, and VNPay calls our
 * IPN with a GET answered by its RspCode, then sends her back with the same signed fields.
 * The query (querydr) and refund calls follow VNPay's merchant web API as published in its
 * sample code (pipe-joined HMAC-SHA512), which our wire facts do not list: kept tolerant.
 */
export interface VnpaySettings {
  tmnCode: string;
  hashSecret: string;
  /** e.g. https://sandbox.vnpayment.vn, or the local simulator in development. */
  endpoint: string;
  feeBps?: number;
}

/** VNPay's form encoding of one value, as its Node sample does: encodeURIComponent, spaces as "+". */
const vnpEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");

/** The text VNPay signs: non-empty vnp_ fields but the hash itself, sorted by name, values form-encoded. */
export function vnpaySignedText(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k.startsWith("vnp_") && k !== "vnp_SecureHash" && k !== "vnp_SecureHashType" && params[k] !== "")
    .sort()
    .map((k) => `${k}=${vnpEncode(params[k]!)}`)
    .join("&");
}

export const vnpaySign = (secret: string, params: Record<string, string>) => hmacHex("sha512", secret, vnpaySignedText(params));

/** yyyyMMddHHmmss in Vietnam (GMT+7), VNPay's date format. */
export function vnpayDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

const PIPE_QUERY = ["vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo"] as const;
const PIPE_REFUND = [
  "vnp_RequestId",
  "vnp_Version",
  "vnp_Command",
  "vnp_TmnCode",
  "vnp_TransactionType",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_TransactionNo",
  "vnp_TransactionDate",
  "vnp_CreateBy",
  "vnp_CreateDate",
  "vnp_IpAddr",
  "vnp_OrderInfo",
] as const;
const PIPE_QUERY_ANSWER = [
  "vnp_ResponseId",
  "vnp_Command",
  "vnp_ResponseCode",
  "vnp_Message",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_BankCode",
  "vnp_PayDate",
  "vnp_TransactionNo",
  "vnp_TransactionType",
  "vnp_TransactionStatus",
  "vnp_OrderInfo",
  "vnp_PromotionCode",
  "vnp_PromotionAmount",
] as const;

export const vnpayPipeSign = (secret: string, fields: Record<string, string>, keys: readonly string[]) => hmacHex("sha512", secret, keys.map((k) => fields[k] ?? "").join("|"));
export const VNPAY_PIPES = { query: PIPE_QUERY, refund: PIPE_REFUND, queryAnswer: PIPE_QUERY_ANSWER };

function vnpayFailure(code: string): PaymentFailure {
  if (code === "24") return "cancelled";
  if (code === "51") return "insufficient_funds";
  if (code === "11") return "expired";
  return "declined";
}

/** Our attempt reference carries the day VNPay needs back in queries and refunds: "VN…-1.20261124230500". */
const createDateOf = (ref: string) => /\.(\d{14})$/.exec(ref)?.[1] ?? vnpayDate(new Date());

export function createVnpayProvider(settings: VnpaySettings): PaymentProvider {
  const base = settings.endpoint.replace(/\/$/, "");

  /** querydr and refund; every answer field read as text (VNPay sends some as numbers). */
  async function merchantApi(body: Record<string, string>): Promise<Record<string, string>> {
    const json = await postForJson("VNPay", `${base}/merchant_webapi/api/transaction`, JSON.stringify(body), "application/json");
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)]));
  }

  return {
    id: "vnpay",
    collectsBeforeShipping: true,
    flow: "redirect",
    payPageOrigins: [new URL(base).origin],
    referenceFor: (attempt) => `${attempt}.${vnpayDate(new Date())}`,
    takesAmount: () => true,
    canPay: (payee) => Boolean(payee.bankBin && payee.accountNumber && payee.accountHolder),

    async createPayment(request) {
      const created = createDateOf(request.attemptRef);
      const createdAt = new Date(Date.UTC(+created.slice(0, 4), +created.slice(4, 6) - 1, +created.slice(6, 8), +created.slice(8, 10) - 7, +created.slice(10, 12), +created.slice(12, 14)));
      const params: Record<string, string> = {
        vnp_Version: "2.1.0",
        vnp_Command: "pay",
        vnp_TmnCode: settings.tmnCode,
        vnp_Amount: (request.amountVnd * 100n).toString(),
        vnp_CurrCode: "VND",
        vnp_TxnRef: request.attemptRef,
        vnp_OrderInfo: request.description,
        vnp_OrderType: "other",
        vnp_Locale: request.locale === "en" ? "en" : "vn",
        vnp_ReturnUrl: request.returnUrl,
        vnp_IpAddr: request.clientIp,
        vnp_CreateDate: created,
        vnp_ExpireDate: vnpayDate(new Date(createdAt.getTime() + 15 * 60_000)),
      };
      const url = new URL(`${base}/paymentv2/vpcpay.html`);
      url.search = `${vnpaySignedText(params)}&vnp_SecureHash=${vnpaySign(settings.hashSecret, params)}`;
      return { kind: "redirect", url: url.toString(), raw: params };
    },

    parseWebhook({ url }): PaymentEvent {
      // The IPN and the buyer's return are both GETs carrying the same signed fields.
      const params = Object.fromEntries(url.searchParams);
      if (!sameSignature((params.vnp_SecureHash ?? "").toLowerCase(), vnpaySign(settings.hashSecret, params))) throw new PaymentSignatureError();
      if (params.vnp_TmnCode !== settings.tmnCode) throw new PaymentSignatureError("not for this merchant");
      const ref = params.vnp_TxnRef ?? "";
      const amount = params.vnp_Amount ?? "";
      if (!ref || !/^[0-9]{3,17}$/.test(amount) || !amount.endsWith("00")) throw new PaymentPayloadError("VNPay fields missing or malformed");
      const response = params.vnp_ResponseCode ?? "";
      const paid = response === "00" && params.vnp_TransactionStatus === "00";
      return {
        eventId: `${ref}:${params.vnp_TransactionNo ?? ""}:${response}`,
        amountVnd: BigInt(amount) / 100n,
        orderCode: null,
        receivedBy: null,
        attemptRef: ref,
        outcome: paid ? "paid" : "failed",
        resultCode: response,
        providerTxn: params.vnp_TransactionNo && params.vnp_TransactionNo !== "0" ? params.vnp_TransactionNo : null,
        raw: params,
      };
    },

    // VNPay reads RspCode: 00 taken, 01 no such order, 02 already confirmed, 04 wrong amount, 97 bad checksum.
    webhookReply: (verdict) => {
      const [RspCode, Message] =
        verdict === "accepted"
          ? ["00", "Confirm Success"]
          : verdict === "duplicate"
            ? ["02", "Order already confirmed"]
            : verdict === "unknown_payment"
              ? ["01", "Order not found"]
              : verdict === "wrong_amount"
                ? ["04", "Invalid amount"]
                : verdict === "bad_signature"
                  ? ["97", "Invalid signature"]
                  : ["99", "Unknown error"];
      return { status: 200, json: { RspCode, Message } };
    },

    attemptOfReturn(url) {
      return attemptOfSignedReturn(this, url);
    },

    async queryStatus(attemptRef): Promise<PaymentStatus> {
      const fields: Record<string, string> = {
        vnp_RequestId: randomUUID().replace(/-/g, "").slice(0, 32),
        vnp_Version: "2.1.0",
        vnp_Command: "querydr",
        vnp_TmnCode: settings.tmnCode,
        vnp_TxnRef: attemptRef,
        vnp_OrderInfo: `Query ${attemptRef}`,
        vnp_TransactionDate: createDateOf(attemptRef),
        vnp_CreateDate: vnpayDate(new Date()),
        vnp_IpAddr: "127.0.0.1",
      };
      const answer = await merchantApi({ ...fields, vnp_SecureHash: vnpayPipeSign(settings.hashSecret, fields, PIPE_QUERY) });
      if (answer.vnp_ResponseCode !== "00") throw new PaymentProviderError(`VNPay query failed: ${answer.vnp_ResponseCode} ${answer.vnp_Message ?? ""}`, answer.vnp_ResponseCode ?? null);
      if (!sameSignature((answer.vnp_SecureHash ?? "").toLowerCase(), vnpayPipeSign(settings.hashSecret, answer, PIPE_QUERY_ANSWER))) throw new PaymentSignatureError();
      if (answer.vnp_TxnRef !== attemptRef) throw new PaymentSignatureError("answer about another payment");
      const status = answer.vnp_TransactionStatus ?? "";
      return {
        outcome: status === "00" ? "paid" : status === "01" ? "pending" : "failed",
        resultCode: status,
        amountVnd: /^[0-9]{3,17}$/.test(answer.vnp_Amount ?? "") ? BigInt(answer.vnp_Amount!) / 100n : null,
        providerTxn: answer.vnp_TransactionNo || null,
        raw: answer,
      };
    },

    async refund(attemptRef, amountVnd, providerTxn, refundKey) {
      if (!providerTxn) throw new PaymentProviderError("VNPay refund needs the transaction number", null);
      const fields: Record<string, string> = {
        vnp_RequestId: randomUUID().replace(/-/g, "").slice(0, 32),
        vnp_Version: "2.1.0",
        vnp_Command: "refund",
        vnp_TmnCode: settings.tmnCode,
        // 02 the whole amount, 03 a part (one order of a payment that paid several).
        vnp_TransactionType: refundKey === "R" ? "02" : "03",
        vnp_TxnRef: attemptRef,
        vnp_Amount: (amountVnd * 100n).toString(),
        vnp_TransactionNo: providerTxn,
        vnp_TransactionDate: createDateOf(attemptRef),
        vnp_CreateBy: "vuonnha",
        vnp_CreateDate: vnpayDate(new Date()),
        vnp_IpAddr: "127.0.0.1",
        vnp_OrderInfo: `Refund ${attemptRef}`,
      };
      const answer = await merchantApi({ ...fields, vnp_SecureHash: vnpayPipeSign(settings.hashSecret, fields, PIPE_REFUND) });
      if (answer.vnp_ResponseCode !== "00") throw new PaymentProviderError(`VNPay refund refused: ${answer.vnp_ResponseCode} ${answer.vnp_Message ?? ""}`, answer.vnp_ResponseCode ?? null);
      return { manual: false, reference: answer.vnp_TransactionNo || fields.vnp_RequestId! };
    },

    failure: vnpayFailure,
    fee: (amountVnd) => (amountVnd * BigInt(settings.feeBps ?? 0) + 9_999n) / 10_000n,
  };
}
