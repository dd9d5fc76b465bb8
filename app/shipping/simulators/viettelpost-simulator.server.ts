import { formatViettelDate } from "../viettelpost.server";
import { deliverWebhook, postWebhook, provinceOfOldWard, SimBook, simRate, simulatedLatency, trackingCodeLike, type RateTable, type SimEvent, type SimParcel, type SimStep } from "./courier-sim.server";
import type { CourierSimulator } from "./simulators.server";

/** The simulator's Viettel Post account (known to everyone on purpose: development on loopback only). */
export const VIETTELPOST_SIMULATOR_SETTINGS = { token: "vtp-sim-token-0000", webhookToken: "vtp-sim-webhook-token-0000" } as const;

const RATES: RateTable = { base: [18_000, 28_000, 38_000], perHalfKg: [2_000, 4_500, 5_500], days: [[1, 2], [2, 3], [3, 4]] };
const CODES: Record<SimStep, string> = {
  picked_up: "105",
  in_transit: "200",
  delivering: "500",
  failed_attempt: "506",
  delivered: "501",
  returning: "505",
  returned: "504",
  cancelled: "107",
  lost: "515",
};
const NAMES: Record<string, string> = {
  "-100": "Đơn hàng mới tạo",
  "105": "Bưu tá đã nhận hàng",
  "107": "Đơn hàng đã hủy",
  "200": "Đang vận chuyển",
  "500": "Đang giao hàng",
  "506": "Khách hàng không có nhà",
  "501": "Phát thành công",
  "505": "Chờ duyệt hoàn",
  "504": "Đã hoàn trả người gửi",
  "515": "Thất lạc",
};

const book = new SimBook();
let webhookBase = "http://127.0.0.1:3000";
const answer = (data: unknown) => Response.json({ status: 200, error: false, message: "OK", data });
const refuse = (message: string, status = 200) => Response.json({ status: status === 200 ? 204 : status, error: true, message, data: null }, { status });

function send(p: SimParcel) {
  return async (event: SimEvent) => {
    const body = {
      DATA: {
        ORDER_NUMBER: p.trackingCode,
        ORDER_REFERENCE: p.clientOrderCode,
        ORDER_STATUS: Number(event.code),
        STATUS_NAME: NAMES[event.code] ?? event.reason,
        ORDER_STATUSDATE: formatViettelDate(event.at),
        NOTE: event.reason,
        MONEY_COLLECTION: event.codCollected ?? 0,
        MONEY_TOTAL: p.feeVnd,
        PRODUCT_WEIGHT: p.weightGrams,
      },
      TOKEN: VIETTELPOST_SIMULATOR_SETTINGS.webhookToken,
    };
    await postWebhook(`${webhookBase}/webhooks/couriers/viettelpost`, JSON.stringify(body), "application/json");
  };
}

export const viettelPostSimulator: CourierSimulator = {
  book,
  steps: CODES,
  setWebhookBase: (base) => {
    webhookBase = base;
  },
  async api(path, request) {
    await simulatedLatency();
    if (request.headers.get("Token") !== VIETTELPOST_SIMULATOR_SETTINGS.token) return refuse("Token invalid", 401);
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return refuse("body is not JSON", 400);
    const route = () => {
      const from = provinceOfOldWard(body.SENDER_WARD);
      const to = provinceOfOldWard(body.RECEIVER_WARD);
      return from && to ? { from, to, rate: simRate(RATES, from, to, Number(body.PRODUCT_WEIGHT ?? 0)) } : null;
    };
    switch (path.replace(/^v2\//, "")) {
      case "order/getPriceAll": {
        const r = route();
        if (!r?.rate) return refuse("Không tìm thấy bảng giá cho tuyến này");
        return answer([
          { MA_DV_CHINH: "VCN", TEN_DICHVU: "Chuyển phát nhanh", GIA_CUOC: r.rate.fee, THOI_GIAN: `${r.rate.days[0] * 24} giờ` },
          { MA_DV_CHINH: "VTK", TEN_DICHVU: "Tiết kiệm", GIA_CUOC: Math.round(r.rate.fee * 0.85), THOI_GIAN: `${r.rate.days[1] * 24 + 24} giờ` },
        ]);
      }
      case "order/createOrder": {
        const r = route();
        const ours = typeof body.ORDER_NUMBER === "string" ? body.ORDER_NUMBER : "";
        if (!r?.rate || !ours || !body.RECEIVER_FULLNAME || !body.RECEIVER_PHONE) return refuse("Thiếu thông tin người nhận hoặc tuyến không phục vụ");
        const { parcel } = book.book(
          { trackingCode: trackingCodeLike("1", 12), clientOrderCode: ours, feeVnd: r.rate.fee, codVnd: Number(body.MONEY_COLLECTION ?? 0), weightGrams: Number(body.PRODUCT_WEIGHT), fromProvince: r.from, toProvince: r.to, receiver: String(body.RECEIVER_FULLNAME) },
          "-100",
        );
        // The same ORDER_NUMBER again answers with the parcel already booked.
        return answer({ ORDER_NUMBER: parcel.trackingCode, MONEY_COLLECTION: parcel.codVnd, MONEY_TOTAL: parcel.feeVnd, KPI_HT: r.rate.days[1] * 24, ORDER_STATUS: -100 });
      }
      case "order/UpdateOrder": {
        const p = book.find(String(body.ORDER_NUMBER ?? ""));
        if (!p) return refuse("Không tìm thấy vận đơn");
        if (Number(body.TYPE) !== 4) return refuse("Chỉ hỗ trợ hủy (TYPE 4)");
        if (!["-100", "-108", "100", "102", "103", "104"].includes(p.history.at(-1)!.code)) return refuse("Đơn đã lấy hàng, không thể hủy");
        p.history.push({ code: "107", at: new Date(), reason: String(body.NOTE ?? ""), codCollected: null });
        return answer(null);
      }
      case "order/getOrderStatus": {
        const p = book.find(String(body.ORDER_NUMBER ?? ""));
        if (!p) return refuse("Không tìm thấy vận đơn");
        return answer(p.history.map((e) => ({ ORDER_STATUS: Number(e.code), STATUS_NAME: NAMES[e.code] ?? e.reason, ORDER_STATUSDATE: formatViettelDate(e.at), MONEY_COLLECTION: e.codCollected ?? 0 })));
      }
      default:
        return refuse(`unknown path ${path}`, 404);
    }
  },
  async advance(trackingCode, step, delivery, reason = "") {
    const p = book.find(trackingCode);
    if (!p) return false;
    const code = step === "unknown" ? "999" : CODES[step];
    // Viettel Post dates have whole seconds: two events in one second would look alike.
    const last = p.history.at(-1)!.at.getTime();
    const at = new Date(Math.floor(Math.max(Date.now(), last + 1000) / 1000) * 1000);
    const event = { code, at, reason, codCollected: step === "delivered" && p.codVnd > 0 ? p.codVnd : null };
    p.history.push(event);
    await deliverWebhook(send(p), p, event, delivery);
    return true;
  },
};
