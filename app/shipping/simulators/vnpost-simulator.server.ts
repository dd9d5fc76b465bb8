import { deliverWebhook, postWebhook, provinceOfOldWard, SimBook, simRate, simulatedLatency, trackingCodeLike, type RateTable, type SimEvent, type SimParcel, type SimStep } from "./courier-sim.server";
import type { CourierSimulator } from "./simulators.server";

/** The simulator's VNPost account (known to everyone on purpose: development on loopback only). */
export const VNPOST_SIMULATOR_SETTINGS = { token: "vnpost-sim-token-0000", webhookKey: "vnpost-sim-key-0000" } as const;

const RATES: RateTable = { base: [15_000, 26_000, 34_000], perHalfKg: [2_000, 3_500, 4_500], days: [[1, 2], [2, 4], [3, 5]] };
const CODES: Record<SimStep, string> = {
  picked_up: "70",
  in_transit: "80",
  delivering: "91",
  failed_attempt: "110",
  delivered: "100",
  returning: "161",
  returned: "170",
  cancelled: "61",
  lost: "180",
};

const book = new SimBook();
let webhookBase = "http://127.0.0.1:3000";
const ok = (body: Record<string, unknown>) => Response.json({ IsSuccess: true, Message: "", ...body });
const refuse = (message: string, status = 200) => Response.json({ IsSuccess: false, Message: message }, { status });

function send(p: SimParcel) {
  return async (event: SimEvent) => {
    const body = {
      ItemCode: p.trackingCode,
      OrderCode: p.clientOrderCode,
      OrderStatusId: Number(event.code),
      ShippingStatusId: Number(event.code),
      LastUpdateTime: event.at.toISOString(),
      CodAmountEvaluation: event.codCollected ?? 0,
      Note: event.reason,
    };
    await postWebhook(`${webhookBase}/webhooks/couriers/vnpost?key=${VNPOST_SIMULATOR_SETTINGS.webhookKey}`, JSON.stringify(body), "application/json");
  };
}

export const vnpostSimulator: CourierSimulator = {
  book,
  steps: CODES,
  setWebhookBase: (base) => {
    webhookBase = base;
  },
  async api(path, request) {
    await simulatedLatency();
    if (request.headers.get("token") !== VNPOST_SIMULATOR_SETTINGS.token) return refuse("Token không hợp lệ", 401);
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return refuse("body is not JSON", 400);
    const route = () => {
      const from = provinceOfOldWard(body.SenderWardId);
      const to = provinceOfOldWard(body.ReceiverWardId);
      return from && to ? { from, to, rate: simRate(RATES, from, to, Number(body.WeightEvaluation ?? 0)) } : null;
    };
    switch (path.replace(/^api\/api\/CustomerConnect\//, "")) {
      case "ServicesCharge": {
        const r = route();
        return r?.rate ? ok({ TotalFreightIncludeVat: r.rate.fee, DeliveryDays: r.rate.days[0] }) : refuse("Không có dịch vụ cho tuyến này");
      }
      case "CreateOrder": {
        const r = route();
        const ours = typeof body.OrderCode === "string" ? body.OrderCode : "";
        if (!r?.rate || !ours || !body.ReceiverFullname || !body.ReceiverTel) return refuse("Thiếu thông tin người nhận hoặc tuyến không phục vụ");
        // UPU S10 form; the check digit is not computed here.
        const { parcel } = book.book(
          { trackingCode: trackingCodeLike("EB", 9, "VN"), clientOrderCode: ours, feeVnd: r.rate.fee, codVnd: Number(body.CodAmount ?? 0), weightGrams: Number(body.WeightEvaluation), fromProvince: r.from, toProvince: r.to, receiver: String(body.ReceiverFullname) },
          "20",
        );
        return ok({ ItemCode: parcel.trackingCode, OrderCode: parcel.clientOrderCode, TotalFreightIncludeVat: parcel.feeVnd, DeliveryDays: r.rate.days[1], OrderStatusId: 20 });
      }
      case "orderCancel": {
        const p = book.find(String(body.ItemCode ?? ""));
        if (!p) return refuse("Không tìm thấy bưu gửi");
        if (!["10", "20"].includes(p.history.at(-1)!.code)) return refuse("Bưu gửi đã được nhận, không thể hủy");
        p.history.push({ code: "61", at: new Date(), reason: "Khách hàng hủy", codCollected: null });
        return ok({});
      }
      case "getOrder": {
        const p = book.find(String(body.ItemCode ?? ""));
        if (!p) return refuse("Không tìm thấy bưu gửi");
        return ok({ ItemCode: p.trackingCode, OrderCode: p.clientOrderCode, History: p.history.map((e) => ({ OrderStatusId: Number(e.code), LastUpdateTime: e.at.toISOString(), CodAmountEvaluation: e.codCollected ?? 0, Note: e.reason })) });
      }
      default:
        return refuse(`unknown path ${path}`, 404);
    }
  },
  async advance(trackingCode, step, delivery, reason = "") {
    const p = book.find(trackingCode);
    if (!p) return false;
    const code = step === "unknown" ? "999" : CODES[step];
    const event = { code, at: new Date(), reason, codCollected: step === "delivered" && p.codVnd > 0 ? p.codVnd : null };
    p.history.push(event);
    await deliverWebhook(send(p), p, event, delivery);
    return true;
  },
};
