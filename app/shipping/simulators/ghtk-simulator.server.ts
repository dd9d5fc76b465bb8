import { getProvince } from "~/geo/address.server";
import { newProvinceOfOld } from "../address-mapping.server";
import { deliverWebhook, postWebhook, SimBook, simRate, simulatedLatency, trackingCodeLike, type RateTable, type SimEvent, type SimParcel, type SimStep } from "./courier-sim.server";
import type { CourierSimulator } from "./simulators.server";

/** The simulator's GHTK account (known to everyone on purpose: development on loopback only). */
export const GHTK_SIMULATOR_SETTINGS = { token: "ghtk-sim-token-0000", clientSource: "S0000SIM", webhookHash: "ghtk-sim-hash-0000" } as const;

const RATES: RateTable = { base: [15_000, 25_000, 32_000], perHalfKg: [2_500, 4_000, 5_000], days: [[1, 2], [2, 3], [3, 4]] };
const CODES: Record<SimStep, string> = {
  picked_up: "3",
  in_transit: "3",
  delivering: "4",
  failed_attempt: "9",
  delivered: "5",
  returning: "20",
  returned: "21",
  cancelled: "-1",
  lost: "13",
};

const book = new SimBook();
let webhookBase = "http://127.0.0.1:3000";

// GHTK's times are "yyyy-MM-dd HH:mm:ss" in Vietnam's time; kept as ISO here so both our readers agree.
const stamp = (at: Date) => at.toISOString();

function send(p: SimParcel) {
  return async (event: SimEvent) => {
    const form = new URLSearchParams({
      label_id: p.trackingCode,
      partner_id: p.clientOrderCode,
      status_id: event.code,
      action_time: stamp(event.at),
      reason_code: "",
      reason: event.reason,
      weight: String(p.weightGrams / 1000),
      fee: String(p.feeVnd),
      pick_money: String(event.codCollected ?? 0),
      return_part_package: "0",
    });
    await postWebhook(`${webhookBase}/webhooks/couriers/ghtk?hash=${GHTK_SIMULATOR_SETTINGS.webhookHash}`, form.toString(), "application/x-www-form-urlencoded");
  };
}

function quote(pickProvince: string | null, province: string | null, weightGrams: number) {
  const from = newProvinceOfOld(pickProvince ?? "");
  const to = newProvinceOfOld(province ?? "");
  return from && to && getProvince(from) && getProvince(to) ? simRate(RATES, from, to, weightGrams) : null;
}

const refuse = (message: string, status = 200, extra: Record<string, unknown> = {}) => Response.json({ success: false, message, ...extra }, { status });

export const ghtkSimulator: CourierSimulator = {
  book,
  steps: CODES,
  setWebhookBase: (base) => {
    webhookBase = base;
  },
  async api(path, request) {
    await simulatedLatency();
    if (request.headers.get("Token") !== GHTK_SIMULATOR_SETTINGS.token || request.headers.get("X-Client-Source") !== GHTK_SIMULATOR_SETTINGS.clientSource) return refuse("Token không hợp lệ", 401);
    const url = new URL(request.url);
    if (path === "services/shipment/fee") {
      const q = quote(url.searchParams.get("pick_province"), url.searchParams.get("province"), Number(url.searchParams.get("weight")));
      return q ? Response.json({ success: true, message: "", fee: { name: "area1", fee: q.fee, insurance_fee: 0, delivery: true, delivery_days: q.days[0] } }) : refuse("Địa chỉ không hợp lệ");
    }
    if (path === "services/shipment/order") {
      const body = (await request.json().catch(() => null)) as { order?: Record<string, unknown>; products?: Array<{ weight?: number; quantity?: number }> } | null;
      const order = body?.order;
      if (!order || typeof order.id !== "string" || !order.tel || !order.address || !order.name) return refuse("Thiếu thông tin đơn hàng");
      const existing = book.findByClient(order.id);
      if (existing) return refuse("Mã đơn hàng đã tồn tại", 200, { error: { code: "ORDER_ID_EXIST", partner_id: order.id, ghtk_label: existing.trackingCode } });
      const weightGrams = Math.round((body.products ?? []).reduce((sum, p) => sum + Number(p.weight ?? 0) * Number(p.quantity ?? 1), 0) * 1000);
      const q = quote(String(order.pick_province ?? ""), String(order.province ?? ""), weightGrams);
      if (!q) return refuse("Địa chỉ không hợp lệ");
      const { parcel } = book.book(
        {
          trackingCode: trackingCodeLike("S0000SIM.", 9),
          clientOrderCode: order.id,
          feeVnd: q.fee,
          codVnd: Number(order.pick_money ?? 0),
          weightGrams,
          fromProvince: newProvinceOfOld(String(order.pick_province))!,
          toProvince: newProvinceOfOld(String(order.province))!,
          receiver: String(order.name),
        },
        "2",
      );
      return Response.json({
        success: true,
        message: "",
        order: { partner_id: order.id, label: parcel.trackingCode, area: 1, fee: parcel.feeVnd, insurance_fee: 0, estimated_deliver_time: new Date(Date.now() + q.days[1] * 86_400_000).toISOString(), status_id: 2 },
      });
    }
    const status = /^services\/shipment\/v2\/(.+)$/.exec(path);
    if (status && request.method === "GET") {
      const p = book.find(decodeURIComponent(status[1]!));
      if (!p) return refuse("Không tìm thấy đơn hàng");
      const last = p.history.at(-1)!;
      const paid = p.history.find((e) => e.codCollected !== null)?.codCollected ?? 0;
      return Response.json({ success: true, message: "", order: { label_id: p.trackingCode, partner_id: p.clientOrderCode, status: last.code, status_text: last.reason, modified: stamp(last.at), pick_money: ["5", "6"].includes(last.code) ? paid : 0, ship_money: p.feeVnd } });
    }
    const cancel = /^services\/shipment\/cancel\/(.+)$/.exec(path);
    if (cancel) {
      const p = book.find(decodeURIComponent(cancel[1]!));
      if (!p) return refuse("Không tìm thấy đơn hàng");
      if (!["1", "2", "12"].includes(p.history.at(-1)!.code)) return refuse("Đơn hàng đã lấy, không thể hủy");
      p.history.push({ code: "-1", at: new Date(), reason: "Shop hủy đơn", codCollected: null });
      return Response.json({ success: true, message: "" });
    }
    return refuse(`unknown path ${path}`, 404);
  },
  async advance(trackingCode, step, delivery, reason = "") {
    const p = book.find(trackingCode);
    if (!p) return false;
    const code = step === "unknown" ? "99" : CODES[step];
    const collected = step === "delivered" && p.codVnd > 0 ? p.codVnd : null;
    const event = { code, at: new Date(), reason, codCollected: collected };
    p.history.push(event);
    await deliverWebhook(send(p), p, event, delivery);
    return true;
  },
};

/**
 * GHTK pays the shop what it collected ("reconciled", status 6) and says so by webhook; `paidVnd`
 * plays a statement that pays over less (or more) than was collected.
 */
export async function ghtkReconcile(trackingCode: string, paidVnd?: number): Promise<boolean> {
  const p = book.find(trackingCode);
  const collected = p?.history.find((e) => e.codCollected !== null)?.codCollected;
  if (!p || !collected || p.history.at(-1)!.code !== "5") return false;
  const event = { code: "6", at: new Date(), reason: "Đã đối soát", codCollected: paidVnd ?? collected };
  p.history.push(event);
  await send(p)(event);
  return true;
}
