import { z } from "zod";
import { attemptOfSignedReturn, PaymentPayloadError, PaymentProviderError, PaymentSignatureError, type PaymentEvent, type PaymentProvider, type PaymentStatus } from "./provider";
import { postForJson } from "./provider-http.server";
import { hmacHex, sameSignature } from "./signing.server";

/**
 * ZaloPay, API v2 (wire facts in ../shared/PROVIDERS.md): the buyer pays on ZaloPay's order page
 * into the marketplace's merchant account. Requests are signed with key1; ZaloPay signs its
 * callback (and the buyer's redirect back) with key2. The callback is sent only for a success;
 * anything else is learnt by query. Failure sub-codes are not in our wire facts, so every failure
 * reads as "declined" to the buyer.
 */
export interface ZaloPaySettings {
  appId: string;
  key1: string;
  key2: string;
  /** e.g. https://openapi.zalopay.vn, or the local simulator in development. */
  endpoint: string;
  feeBps?: number;
}

export const zaloMac = (key: string, text: string) => hmacHex("sha256", key, text);

/** ZaloPay wants the transaction id to start with the date in Vietnam (GMT+7): "yymmdd_". */
export function zaloTransId(attemptRef: string, now = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  const yymmdd = vn.toISOString().slice(2, 10).replace(/-/g, "");
  return `${yymmdd}_${attemptRef}`.slice(0, 40);
}

const callbackSchema = z.object({ data: z.string().max(10_000), mac: z.string().max(200), type: z.union([z.number(), z.string()]).optional() });
const callbackDataSchema = z.object({
  app_id: z.union([z.number(), z.string()]).transform(String),
  app_trans_id: z.string().min(8).max(40),
  amount: z.union([z.number().int().positive(), z.string().regex(/^[0-9]{1,15}$/)]).transform((v) => BigInt(v)),
  zp_trans_id: z.union([z.number(), z.string()]).transform(String),
});
// The buyer's redirect back: appid, apptransid, pmcid, bankcode, amount, discountamount, status, checksum.
const REDIRECT_KEYS = ["appid", "apptransid", "pmcid", "bankcode", "amount", "discountamount", "status"] as const;

export function createZaloPayProvider(settings: ZaloPaySettings): PaymentProvider {
  const base = settings.endpoint.replace(/\/$/, "");

  const call = (path: string, fields: Record<string, string>) => postForJson("ZaloPay", `${base}${path}`, new URLSearchParams(fields));

  return {
    id: "zalopay",
    collectsBeforeShipping: true,
    flow: "redirect",
    payPageOrigins: [new URL(base).origin],
    // ZaloPay's transaction id must start with the day (GMT+7): it is the attempt's reference, so queries send it back unchanged.
    referenceFor: (attempt) => zaloTransId(attempt),
    takesAmount: () => true,
    canPay: (payee) => Boolean(payee.bankBin && payee.accountNumber && payee.accountHolder),

    async createPayment(request) {
      const appTime = String(Date.now());
      const fields = {
        app_id: settings.appId,
        app_user: "vuonnha",
        app_trans_id: request.attemptRef, // already ZaloPay's "yymmdd_" form (referenceFor)
        app_time: appTime,
        amount: request.amountVnd.toString(),
        item: "[]",
        embed_data: JSON.stringify({ redirecturl: request.returnUrl }),
        description: request.description,
        bank_code: "",
        callback_url: request.notifyUrl,
      };
      const mac = zaloMac(settings.key1, [fields.app_id, fields.app_trans_id, fields.app_user, fields.amount, fields.app_time, fields.embed_data, fields.item].join("|"));
      const reply = await call("/v2/create", { ...fields, mac });
      const url = reply.order_url;
      if (reply.return_code !== 1 || typeof url !== "string" || !URL.canParse(url) || new URL(url).origin !== new URL(base).origin) {
        throw new PaymentProviderError(`ZaloPay refused the order: ${String(reply.return_code)} ${String(reply.sub_return_code ?? "")} ${String(reply.return_message ?? "")}`, String(reply.sub_return_code ?? reply.return_code ?? ""));
      }
      return { kind: "redirect", url, raw: reply };
    },

    parseWebhook({ method, url, body }): PaymentEvent {
      if (method === "GET") {
        const q = url.searchParams;
        const checksum = q.get("checksum") ?? "";
        if (!sameSignature(checksum, zaloMac(settings.key2, REDIRECT_KEYS.map((k) => q.get(k) ?? "").join("|")))) throw new PaymentSignatureError();
        const appTransId = q.get("apptransid") ?? "";
        const status = q.get("status") ?? "";
        return {
          eventId: `return:${appTransId}:${status}`,
          amountVnd: BigInt(/^[0-9]{1,15}$/.test(q.get("amount") ?? "") ? (q.get("amount") as string) : "0"),
          orderCode: null,
          receivedBy: null,
          attemptRef: appTransId,
          // The redirect only says what the buyer saw; the return route asks ZaloPay before anything moves.
          outcome: status === "1" ? "paid" : "failed",
          resultCode: status,
          providerTxn: null,
          raw: Object.fromEntries(q),
        };
      }
      let envelope: unknown;
      try {
        envelope = JSON.parse(body);
      } catch {
        throw new PaymentPayloadError("body is not JSON");
      }
      const parsed = callbackSchema.safeParse(envelope);
      if (!parsed.success) throw new PaymentPayloadError("callback fields missing");
      if (!sameSignature(parsed.data.mac, zaloMac(settings.key2, parsed.data.data))) throw new PaymentSignatureError();
      let data: unknown;
      try {
        data = JSON.parse(parsed.data.data);
      } catch {
        throw new PaymentPayloadError("callback data is not JSON");
      }
      const d = callbackDataSchema.safeParse(data);
      if (!d.success) throw new PaymentPayloadError("callback data fields missing");
      if (d.data.app_id !== settings.appId) throw new PaymentSignatureError("not for this app");
      return {
        eventId: `${d.data.app_trans_id}:${d.data.zp_trans_id}`,
        amountVnd: d.data.amount,
        orderCode: null,
        receivedBy: null,
        attemptRef: d.data.app_trans_id,
        outcome: "paid", // ZaloPay calls back only for a success
        resultCode: "1",
        providerTxn: d.data.zp_trans_id,
        raw: data,
      };
    },

    // ZaloPay reads the JSON reply: 1 taken, -1 bad mac (it will not retry), 0 asks it to retry.
    webhookReply: (verdict) =>
      verdict === "bad_signature" || verdict === "bad_payload"
        ? { status: 200, json: { return_code: -1, return_message: verdict === "bad_signature" ? "mac not equal" : "bad payload" } }
        : { status: 200, json: { return_code: 1, return_message: "success" } },

    attemptOfReturn(url) {
      return attemptOfSignedReturn(this, url);
    },

    async queryStatus(attemptRef): Promise<PaymentStatus> {
      const appTransId = attemptRef;
      const reply = await call("/v2/query", { app_id: settings.appId, app_trans_id: appTransId, mac: zaloMac(settings.key1, `${settings.appId}|${appTransId}|${settings.key1}`) });
      const code = Number(reply.return_code);
      return {
        outcome: code === 1 ? "paid" : code === 2 ? "failed" : "pending",
        resultCode: String(reply.sub_return_code ?? reply.return_code ?? ""),
        amountVnd: /^[0-9]{1,15}$/.test(String(reply.amount ?? "")) ? BigInt(String(reply.amount)) : null,
        providerTxn: reply.zp_trans_id ? String(reply.zp_trans_id) : null,
        raw: reply,
      };
    },

    async refund(attemptRef, amountVnd, providerTxn, refundKey) {
      if (!providerTxn) throw new PaymentProviderError("ZaloPay refund needs the transaction id", null);
      const timestamp = String(Date.now());
      const description = `Refund ${attemptRef}`;
      const fields = {
        m_refund_id: zaloTransId(`${settings.appId}_${attemptRef}${refundKey}`),
        app_id: settings.appId,
        zp_trans_id: providerTxn,
        amount: amountVnd.toString(),
        timestamp,
        description,
      };
      const reply = await call("/v2/refund", { ...fields, mac: zaloMac(settings.key1, [fields.app_id, fields.zp_trans_id, fields.amount, fields.description, fields.timestamp].join("|")) });
      // 1 refunded, 3 being refunded (ZaloPay finishes it); anything else is a refusal to retry.
      if (reply.return_code !== 1 && reply.return_code !== 3) throw new PaymentProviderError(`ZaloPay refund refused: ${String(reply.return_code)} ${String(reply.return_message ?? "")}`, String(reply.sub_return_code ?? ""));
      return { manual: false, reference: String(reply.refund_id ?? fields.m_refund_id) };
    },

    failure: () => "declined",
    fee: (amountVnd) => (amountVnd * BigInt(settings.feeBps ?? 0) + 9_999n) / 10_000n,
  };
}
