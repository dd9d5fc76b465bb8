import { randomInt } from "node:crypto";
import { sameSignature } from "../signing.server";
import { VNPAY_PIPES, vnpayDate, vnpayPipeSign, vnpaySign, vnpaySignedText } from "../vnpay.server";
import type { PaymentSimulator, SimOutcome } from "./simulators.server";

/**
 * A local stand-in for VNPay 2.1.0 (development and tests only). Its payment URL checks our
 * terminal code and SHA-512 hash as VNPay does; the tester picks the outcome; it calls the
 * merchant's IPN (a GET, where VNPay uses the address set in its merchant portal: here the return
 * URL's site) and sends the buyer back with the same signed fields. querydr and refund answer on
 * the merchant API.
 */
export const VNPAY_SIMULATOR_SETTINGS = {
  tmnCode: "VNSIM001",
  // Known to everyone on purpose: the simulator runs only in development, on loopback.
  hashSecret: "sim-vnpay-hash-secret-not-a-secret",
} as const;

interface SimTxn {
  params: Record<string, string>;
  amount: string;
  status: "open" | "paid" | "failed";
  responseCode: string;
  transactionNo: string;
  payDate: string;
  /** What has been refunded so far, in VNPay's units (đồng × 100). */
  refunded: bigint;
}

const txns = new Map<string, SimTxn>();

function resultParams(t: SimTxn): Record<string, string> {
  const p: Record<string, string> = {
    vnp_Amount: t.amount,
    vnp_BankCode: "NCB",
    vnp_CardType: "ATM",
    vnp_OrderInfo: t.params.vnp_OrderInfo ?? "",
    vnp_PayDate: t.payDate,
    vnp_ResponseCode: t.responseCode,
    vnp_TmnCode: VNPAY_SIMULATOR_SETTINGS.tmnCode,
    vnp_TransactionNo: t.transactionNo,
    vnp_TransactionStatus: t.status === "paid" ? "00" : "02",
    vnp_TxnRef: t.params.vnp_TxnRef ?? "",
  };
  return { ...p, vnp_SecureHash: vnpaySign(VNPAY_SIMULATOR_SETTINGS.hashSecret, p) };
}

/** Signed fields as a query string, in VNPay's encoding. */
const query = (p: Record<string, string>) => `${vnpaySignedText(p)}&vnp_SecureHash=${p.vnp_SecureHash}`;

async function sendIpn(t: SimTxn): Promise<void> {
  const site = new URL(t.params.vnp_ReturnUrl ?? "").origin;
  await fetch(`${site}/webhooks/payments/vnpay?${query(resultParams(t))}`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
}

function merchantAnswer(fields: Record<string, string>): Record<string, string> {
  return { ...fields, vnp_SecureHash: vnpayPipeSign(VNPAY_SIMULATOR_SETTINGS.hashSecret, fields, VNPAY_PIPES.queryAnswer) };
}

export const vnpaySimulator: PaymentSimulator = {
  async entry(path, url, simulatorUrl) {
    if (path !== "paymentv2/vpcpay.html") return null;
    const params = Object.fromEntries(url.searchParams);
    // VNPay's own error page codes: 70 bad signature, 02 unknown terminal, 03 bad format.
    if (params.vnp_TmnCode !== VNPAY_SIMULATOR_SETTINGS.tmnCode) return new Response("VNPay (simulator): code 02, merchant not found", { status: 400 });
    if (!sameSignature((params.vnp_SecureHash ?? "").toLowerCase(), vnpaySign(VNPAY_SIMULATOR_SETTINGS.hashSecret, params))) return new Response("VNPay (simulator): code 70, invalid signature", { status: 400 });
    if (params.vnp_Version !== "2.1.0" || params.vnp_Command !== "pay" || !/^[1-9][0-9]{4,16}00$/.test(params.vnp_Amount ?? "")) return new Response("VNPay (simulator): code 03, bad format", { status: 400 });
    const ref = params.vnp_TxnRef ?? "";
    if (!txns.has(ref)) txns.set(ref, { params, amount: params.vnp_Amount!, status: "open", responseCode: "", transactionNo: "0", payDate: "", refunded: 0n });
    return Response.redirect(`${simulatorUrl}/pay/${encodeURIComponent(ref)}`, 302);
  },

  async api(path, request) {
    if (path !== "merchant_webapi/api/transaction") return Response.json({ vnp_ResponseCode: "99", vnp_Message: "Unsupported" }, { status: 404 });
    const body = (await request.json().catch(() => null)) as Record<string, string> | null;
    if (!body || body.vnp_TmnCode !== VNPAY_SIMULATOR_SETTINGS.tmnCode) return Response.json({ vnp_ResponseCode: "02", vnp_Message: "Merchant not found" });
    const pipe = body.vnp_Command === "querydr" ? VNPAY_PIPES.query : body.vnp_Command === "refund" ? VNPAY_PIPES.refund : null;
    if (!pipe) return Response.json({ vnp_ResponseCode: "03", vnp_Message: "Invalid command" });
    if (!sameSignature((body.vnp_SecureHash ?? "").toLowerCase(), vnpayPipeSign(VNPAY_SIMULATOR_SETTINGS.hashSecret, body, pipe))) return Response.json({ vnp_ResponseCode: "97", vnp_Message: "Invalid checksum" });
    const t = txns.get(body.vnp_TxnRef ?? "");
    if (!t) return Response.json({ vnp_ResponseCode: "91", vnp_Message: "Transaction not found" });
    if (body.vnp_Command === "refund") {
      if (t.status !== "paid" || body.vnp_TransactionNo !== t.transactionNo) return Response.json({ vnp_ResponseCode: "94", vnp_Message: "Refund refused" });
      // 02 gives back the whole (nothing refunded before); 03 a part, never more than is left.
      const asked = /^[0-9]{1,15}$/.test(body.vnp_Amount ?? "") ? BigInt(body.vnp_Amount!) : -1n;
      const left = BigInt(t.amount) - t.refunded;
      const whole = body.vnp_TransactionType === "02";
      if (asked <= 0n || asked > left || (whole && (t.refunded > 0n || asked !== left)) || (!whole && body.vnp_TransactionType !== "03")) {
        return Response.json({ vnp_ResponseCode: "94", vnp_Message: "Refund refused" });
      }
      t.refunded += asked;
      return Response.json({ vnp_ResponseCode: "00", vnp_Message: "Refund success", vnp_TransactionNo: String(15_000_000 + randomInt(1_000_000)) });
    }
    return Response.json(
      merchantAnswer({
        vnp_ResponseId: body.vnp_RequestId ?? "",
        vnp_Command: "querydr",
        vnp_ResponseCode: "00",
        vnp_Message: "QueryDR Success",
        vnp_TmnCode: VNPAY_SIMULATOR_SETTINGS.tmnCode,
        vnp_TxnRef: body.vnp_TxnRef ?? "",
        vnp_Amount: t.amount,
        vnp_BankCode: "NCB",
        vnp_PayDate: t.payDate,
        vnp_TransactionNo: t.transactionNo,
        vnp_TransactionType: "01",
        vnp_TransactionStatus: t.status === "paid" ? "00" : t.status === "open" ? "01" : "02",
        vnp_OrderInfo: t.params.vnp_OrderInfo ?? "",
        vnp_PromotionCode: "",
        vnp_PromotionAmount: "",
      }),
    );
  },

  outcomes: ["success", "insufficient", "cancelled", "no_notification", "late", "thrice"],

  payment(ref) {
    const t = txns.get(ref);
    return t ? { id: ref, amount: Number(BigInt(t.amount) / 100n), description: t.params.vnp_OrderInfo ?? "", open: t.status === "open" } : null;
  },

  async choose(ref, outcome: SimOutcome) {
    const t = txns.get(ref);
    if (!t) return null;
    if (t.status === "open") {
      t.responseCode = outcome === "insufficient" ? "51" : outcome === "cancelled" ? "24" : "00";
      t.status = t.responseCode === "00" ? "paid" : "failed";
      t.payDate = vnpayDate(new Date());
      if (t.status === "paid") t.transactionNo = String(14_000_000 + randomInt(1_000_000));
    }
    if (outcome === "thrice") await Promise.all([sendIpn(t), sendIpn(t), sendIpn(t)]);
    else if (outcome === "late") setTimeout(() => void sendIpn(t), 15_000).unref();
    else if (outcome !== "no_notification") await sendIpn(t);
    return `${t.params.vnp_ReturnUrl}?${query(resultParams(t))}`;
  },
};
