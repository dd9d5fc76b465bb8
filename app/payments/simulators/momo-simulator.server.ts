import { randomInt } from "node:crypto";
import { sameSignature } from "../signing.server";
import type { PaymentSimulator, SimOutcome } from "./simulators.server";
import { MOMO_CREATE_KEYS, MOMO_QUERY_KEYS, MOMO_REFUND_KEYS, MOMO_RESULT_KEYS, momoSignature } from "../momo.server";

/**
 * A local stand-in for MoMo's API v2 (development and tests only; its routes are behind the dev
 * tools guard). It accepts exactly what MoMo accepts: it checks our partner code and signature and
 * answers with MoMo's own codes when they are wrong; its payment page lets the tester choose the
 * outcome, then it signs the IPN as MoMo does, posts it, and sends the buyer back.
 */
export const MOMO_SIMULATOR_SETTINGS = {
  partnerCode: "MOMOSIM2026",
  accessKey: "sim-access-key",
  // Known to everyone on purpose: the simulator runs only in development, on loopback.
  secretKey: "sim-secret-key-not-a-secret-0000",
} as const;


interface SimPayment {
  orderId: string;
  requestId: string;
  amount: number;
  orderInfo: string;
  redirectUrl: string;
  ipnUrl: string;
  extraData: string;
  resultCode: number;
  message: string;
  transId: number;
  refunded: number;
}

const payments = new Map<string, SimPayment>();
const usedRequestIds = new Set<string>();

const withAccessKey = (body: Record<string, unknown>) => ({ ...(body as Record<string, string | number>), accessKey: MOMO_SIMULATOR_SETTINGS.accessKey });

function signedResult(p: SimPayment, resultCode = p.resultCode, message = p.message) {
  const fields = {
    partnerCode: MOMO_SIMULATOR_SETTINGS.partnerCode,
    orderId: p.orderId,
    requestId: p.requestId,
    amount: p.amount,
    orderInfo: p.orderInfo,
    orderType: "momo_wallet",
    transId: resultCode === 0 || p.transId ? p.transId : 0,
    resultCode,
    message,
    payType: "qr",
    responseTime: Date.now(),
    extraData: p.extraData,
  };
  return { ...fields, signature: momoSignature(MOMO_SIMULATOR_SETTINGS.secretKey, { ...fields, accessKey: MOMO_SIMULATOR_SETTINGS.accessKey }, MOMO_RESULT_KEYS) };
}

const error = (resultCode: number, message: string) => ({ resultCode, message, responseTime: Date.now() });

/** POST /v2/gateway/api/{create,query,refund}: MoMo's JSON API. */
function momoApi(path: string, body: Record<string, unknown>, simulatorUrl: string): Record<string, unknown> {
  if (body.partnerCode !== MOMO_SIMULATOR_SETTINGS.partnerCode) return error(11, "Access denied: unknown partnerCode");
  if (path === "v2/gateway/api/create") {
    if (body.requestType !== "captureWallet") return error(20, "Bad format request: requestType");
    for (const k of MOMO_CREATE_KEYS) if (k !== "accessKey" && (body[k] === undefined || body[k] === null)) return error(20, `Bad format request: ${k}`);
    if (!sameSignature(body.signature, momoSignature(MOMO_SIMULATOR_SETTINGS.secretKey, withAccessKey(body), MOMO_CREATE_KEYS))) return error(13, "Merchant authentication failed");
    const amount = Number(body.amount);
    if (!Number.isInteger(amount)) return error(21, "Invalid amount");
    if (amount < 1000 || amount > 50_000_000) return error(22, "Amount out of range");
    const requestId = String(body.requestId);
    const orderId = String(body.orderId);
    if (usedRequestIds.has(requestId)) return error(40, "Duplicate requestId");
    if (payments.has(orderId)) return error(41, "Duplicate orderId");
    for (const url of [body.redirectUrl, body.ipnUrl]) if (typeof url !== "string" || !/^https?:\/\//.test(url)) return error(20, "Bad format request: url");
    usedRequestIds.add(requestId);
    payments.set(orderId, {
      orderId,
      requestId,
      amount,
      orderInfo: String(body.orderInfo),
      redirectUrl: String(body.redirectUrl),
      ipnUrl: String(body.ipnUrl),
      extraData: String(body.extraData ?? ""),
      resultCode: 1000,
      message: "Transaction initiated, waiting for user confirmation.",
      transId: 0,
      refunded: 0,
    });
    const payUrl = `${simulatorUrl}/pay/${encodeURIComponent(orderId)}`;
    return { partnerCode: body.partnerCode, orderId, requestId, amount, responseTime: Date.now(), message: "Successful.", resultCode: 0, payUrl, deeplink: payUrl, qrCodeUrl: payUrl };
  }
  if (path === "v2/gateway/api/query") {
    if (!sameSignature(body.signature, momoSignature(MOMO_SIMULATOR_SETTINGS.secretKey, withAccessKey(body), MOMO_QUERY_KEYS))) return error(13, "Merchant authentication failed");
    const p = payments.get(String(body.orderId));
    if (!p) return error(42, "Invalid orderId or orderId is not found");
    return signedResult(p);
  }
  if (path === "v2/gateway/api/refund") {
    if (!sameSignature(body.signature, momoSignature(MOMO_SIMULATOR_SETTINGS.secretKey, withAccessKey(body), MOMO_REFUND_KEYS))) return error(13, "Merchant authentication failed");
    const p = [...payments.values()].find((x) => String(x.transId) === String(body.transId) && x.transId !== 0);
    if (!p || p.resultCode !== 0) return error(1080, "Refund rejected: original transaction not found or not paid");
    if (p.refunded + Number(body.amount) > p.amount) return error(1081, "Refund rejected: amount exceeds the payment");
    p.refunded += Number(body.amount);
    return { partnerCode: body.partnerCode, orderId: body.orderId, requestId: body.requestId, amount: body.amount, transId: 9_000_000_000 + randomInt(1_000_000), resultCode: 0, message: "Successful.", responseTime: Date.now() };
  }
  return error(12, "Unsupported API");
}


async function sendIpn(p: SimPayment, body: object): Promise<void> {
  await fetch(p.ipnUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
}

/**
 * The tester chose an outcome on the payment page: settle the payment at "MoMo", send the IPN as
 * the outcome asks, and return where MoMo would send the buyer back.
 */
async function choose(orderId: string, outcome: SimOutcome): Promise<string | null> {
  const p = payments.get(orderId);
  if (!p) return null;
  if (p.resultCode === 1000) {
    const [code, message] =
      outcome === "insufficient" ? [1001, "Insufficient funds."] : outcome === "cancelled" ? [1006, "Transaction denied by user."] : [0, "Successful."];
    p.resultCode = code;
    p.message = message;
    if (code === 0) p.transId = 4_000_000_000 + randomInt(1_000_000_000);
  }
  const result = signedResult(p);
  if (outcome === "thrice") await Promise.all([sendIpn(p, result), sendIpn(p, result), sendIpn(p, result)]);
  else if (outcome === "late") setTimeout(() => void sendIpn(p, signedResult(p)), 15_000).unref();
  else if (outcome === "out_of_order") {
    // The final result first, then a stale "still waiting" one that must change nothing.
    await sendIpn(p, result);
    await sendIpn(p, signedResult(p, 7000, "Transaction is being processed."));
  } else if (outcome !== "no_notification") await sendIpn(p, result);
  const back = new URL(p.redirectUrl);
  for (const [k, v] of Object.entries(result)) back.searchParams.set(k, String(v));
  return back.toString();
}

export const momoSimulator: PaymentSimulator = {
  async api(path, request, simulatorUrl) {
    const body: unknown = await request.json().catch(() => null);
    if (!body || typeof body !== "object") return Response.json({ resultCode: 20, message: "Bad format request" }, { status: 400 });
    return Response.json(momoApi(path, body as Record<string, unknown>, simulatorUrl));
  },
  outcomes: ["success", "insufficient", "cancelled", "no_notification", "late", "thrice", "out_of_order"],
  payment(orderId) {
    const p = payments.get(orderId);
    return p ? { id: p.orderId, amount: p.amount, description: p.orderInfo, open: p.resultCode === 1000 } : null;
  },
  choose,
};
