import { randomInt, randomUUID } from "node:crypto";
import { sameSignature } from "../signing.server";
import { zaloMac } from "../zalopay.server";
import type { PaymentSimulator, SimOutcome } from "./simulators.server";

/**
 * A local stand-in for ZaloPay's API v2 (development and tests only). It checks our app id and
 * key1 mac as ZaloPay does, keeps each order, and on its payment page lets the tester choose
 * the outcome; a success is called back (data + key2 mac) and the buyer sent back with a
 * key2-checksummed redirect. Failures are not called back, as on ZaloPay: a query tells them.
 * The sub-return codes it answers with are its own choice (ZaloPay's list is not in our facts).
 */
export const ZALOPAY_SIMULATOR_SETTINGS = {
  appId: "2026",
  // Known to everyone on purpose: the simulator runs only in development, on loopback.
  key1: "sim-zalopay-key1-not-a-secret-00",
  key2: "sim-zalopay-key2-not-a-secret-00",
} as const;

interface SimOrder {
  appTransId: string;
  amount: number;
  description: string;
  redirectUrl: string;
  callbackUrl: string;
  appTime: string;
  status: "open" | "paid" | "failed";
  zpTransId: number;
  refunded: number;
}

const orders = new Map<string, SimOrder>();
const byToken = new Map<string, string>();

const fail = (sub: number, message: string) => Response.json({ return_code: 2, return_message: message, sub_return_code: sub });

async function api(path: string, request: Request, simulatorUrl: string): Promise<Response> {
  const f = new URLSearchParams(await request.text());
  const get = (k: string) => f.get(k) ?? "";
  if (get("app_id") !== ZALOPAY_SIMULATOR_SETTINGS.appId) return fail(-401, "app_id không hợp lệ");
  const { key1 } = ZALOPAY_SIMULATOR_SETTINGS;
  if (path === "v2/create") {
    const signed = [get("app_id"), get("app_trans_id"), get("app_user"), get("amount"), get("app_time"), get("embed_data"), get("item")].join("|");
    if (!sameSignature(get("mac"), zaloMac(key1, signed))) return fail(-402, "mac không hợp lệ");
    if (!/^\d{6}_.{1,33}$/.test(get("app_trans_id"))) return fail(-401, "app_trans_id không hợp lệ");
    if (!/^[0-9]{4,10}$/.test(get("amount"))) return fail(-401, "amount không hợp lệ");
    if (orders.has(get("app_trans_id"))) return fail(-68, "app_trans_id đã tồn tại");
    let redirectUrl = "";
    try {
      redirectUrl = String((JSON.parse(get("embed_data")) as { redirecturl?: unknown }).redirecturl ?? "");
    } catch {
      return fail(-401, "embed_data không hợp lệ");
    }
    const token = randomUUID();
    orders.set(get("app_trans_id"), {
      appTransId: get("app_trans_id"),
      amount: Number(get("amount")),
      description: get("description"),
      redirectUrl,
      callbackUrl: get("callback_url"),
      appTime: get("app_time"),
      status: "open",
      zpTransId: 0,
      refunded: 0,
    });
    byToken.set(token, get("app_trans_id"));
    const orderUrl = `${simulatorUrl}/pay/${token}`;
    return Response.json({ return_code: 1, return_message: "Giao dịch thành công", sub_return_code: 1, order_url: orderUrl, zp_trans_token: token, qr_code: orderUrl });
  }
  if (path === "v2/query") {
    if (!sameSignature(get("mac"), zaloMac(key1, `${get("app_id")}|${get("app_trans_id")}|${key1}`))) return fail(-402, "mac không hợp lệ");
    const o = orders.get(get("app_trans_id"));
    if (!o) return Response.json({ return_code: 2, return_message: "Giao dịch không tồn tại", sub_return_code: -92, is_processing: false, amount: 0, zp_trans_id: 0 });
    const code = o.status === "paid" ? 1 : o.status === "failed" ? 2 : 3;
    return Response.json({ return_code: code, return_message: "", sub_return_code: o.status === "failed" ? -54 : code, is_processing: o.status === "open", amount: o.amount, zp_trans_id: o.zpTransId });
  }
  if (path === "v2/refund") {
    const signed = [get("app_id"), get("zp_trans_id"), get("amount"), get("description"), get("timestamp")].join("|");
    if (!sameSignature(get("mac"), zaloMac(key1, signed))) return fail(-402, "mac không hợp lệ");
    const o = [...orders.values()].find((x) => x.zpTransId !== 0 && String(x.zpTransId) === get("zp_trans_id"));
    if (!o || o.status !== "paid") return fail(-13, "Giao dịch gốc không tồn tại");
    if (o.refunded + Number(get("amount")) > o.amount) return fail(-14, "Số tiền hoàn vượt quá giao dịch");
    o.refunded += Number(get("amount"));
    return Response.json({ return_code: 1, return_message: "Hoàn tiền thành công", sub_return_code: 1, refund_id: 8_000_000_000 + randomInt(1_000_000) });
  }
  return Response.json({ return_code: 2, return_message: "unsupported", sub_return_code: -1 }, { status: 404 });
}

function callbackBody(o: SimOrder): string {
  const data = JSON.stringify({
    app_id: Number(ZALOPAY_SIMULATOR_SETTINGS.appId),
    app_trans_id: o.appTransId,
    app_time: Number(o.appTime),
    app_user: "vuonnha",
    amount: o.amount,
    embed_data: JSON.stringify({ redirecturl: o.redirectUrl }),
    item: "[]",
    zp_trans_id: o.zpTransId,
    server_time: Date.now(),
    channel: 38,
    merchant_user_id: "sim",
    user_fee_amount: 0,
    discount_amount: 0,
  });
  return JSON.stringify({ data, mac: zaloMac(ZALOPAY_SIMULATOR_SETTINGS.key2, data), type: 1 });
}

async function sendCallback(o: SimOrder): Promise<void> {
  await fetch(o.callbackUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: callbackBody(o), signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
}

const OUTCOMES: readonly SimOutcome[] = ["success", "insufficient", "cancelled", "no_notification", "late", "thrice"];

export const zalopaySimulator: PaymentSimulator = {
  api,
  outcomes: OUTCOMES,
  payment(token) {
    const o = orders.get(byToken.get(token) ?? "");
    return o ? { id: o.appTransId, amount: o.amount, description: o.description, open: o.status === "open" } : null;
  },
  async choose(token, outcome) {
    const o = orders.get(byToken.get(token) ?? "");
    if (!o) return null;
    if (o.status === "open") {
      o.status = outcome === "insufficient" || outcome === "cancelled" ? "failed" : "paid";
      if (o.status === "paid") o.zpTransId = 250_000_000 + randomInt(1_000_000_000);
    }
    if (o.status === "paid") {
      if (outcome === "thrice") await Promise.all([sendCallback(o), sendCallback(o), sendCallback(o)]);
      else if (outcome === "late") setTimeout(() => void sendCallback(o), 15_000).unref();
      else if (outcome !== "no_notification") await sendCallback(o);
    }
    const back = new URL(o.redirectUrl);
    const q = {
      appid: ZALOPAY_SIMULATOR_SETTINGS.appId,
      apptransid: o.appTransId,
      pmcid: "38",
      bankcode: "",
      amount: String(o.amount),
      discountamount: "0",
      status: o.status === "paid" ? "1" : "-49",
    };
    for (const [k, v] of Object.entries(q)) back.searchParams.set(k, v);
    back.searchParams.set("checksum", zaloMac(ZALOPAY_SIMULATOR_SETTINGS.key2, Object.values(q).join("|")));
    return back.toString();
  },
};
