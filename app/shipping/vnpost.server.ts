import { sameSignature } from "~/payments/signing.server";
import { courierAddress } from "./address-mapping.server";
import { CourierAuthError, CourierError, type Courier, type Parcel, type QuoteRequest, type ShipmentStatus, type TrackingUpdate } from "./courier";
import { courierJson, record, text, vndField } from "./courier-http.server";

/**
 * VNPost (MyVNPost partner API; low confidence in the details, see PROVIDERS.md): header token;
 * CreateOrder, ServicesCharge (price), orderCancel and getOrder; receivers by old commune code
 * with the old district and province names; the tracking number is the answer's ItemCode (UPU
 * form, EB…VN). Webhooks go to a URL holding a secret (?key=).
 */
export interface VnpostSettings {
  endpoint: string;
  token: string;
  webhookKey: string;
}

export const VNPOST_STATUSES: Record<string, ShipmentStatus | null> = {
  "10": "created",
  "20": "created",
  "60": "cancelled",
  "61": "cancelled",
  "62": "cancelled",
  "70": "picked_up",
  "80": "in_transit",
  "91": "delivering",
  "100": "delivered",
  "110": "failed_attempt",
  "161": "returning",
  "170": "returned",
  "180": "lost",
};

function update(itemCode: string, status: string, time: string, cod: unknown, reason = ""): TrackingUpdate {
  const known = Object.hasOwn(VNPOST_STATUSES, status) ? VNPOST_STATUSES[status]! : null;
  const money = Number(text(cod) || "0");
  const happenedAt = new Date(time);
  return {
    eventKey: `${itemCode}:${status}:${time}`,
    trackingCode: itemCode,
    courierStatus: status,
    status: known,
    happenedAt: Number.isNaN(happenedAt.getTime()) ? new Date() : happenedAt,
    reason,
    codCollectedVnd: known === "delivered" && Number.isSafeInteger(money) && money > 0 ? BigInt(money) : null,
  };
}

const side = (prefix: "Sender" | "Receiver", place: { provinceCode: string; wardCode: string }) => {
  const a = courierAddress(place);
  return { [`${prefix}WardId`]: a.old.wardCode, [`${prefix}DistrictName`]: a.old.districtName, [`${prefix}ProvinceName`]: a.old.provinceName };
};

export function createVnpostCourier(settings: VnpostSettings): Courier {
  const base = `${settings.endpoint.replace(/\/$/, "")}/api/api/CustomerConnect`;
  const headers = { token: settings.token };
  async function call(path: string, body: unknown, timeoutMs?: number) {
    const answer = await courierJson("VNPost", `${base}/${path}`, { headers, body: JSON.stringify(body), timeoutMs });
    if (answer.IsSuccess === false) throw new CourierError(`VNPost ${path}: ${text(answer.Message)}`, "shipping.error.courierRefused");
    return answer;
  }
  const size = (r: QuoteRequest) => ({ WeightEvaluation: r.weightGrams, LengthEvaluation: r.lengthCm, WidthEvaluation: r.widthCm, HeightEvaluation: r.heightCm });
  return {
    id: "vnpost",
    ships: true,
    available: (terms) => terms.couriers.includes("vnpost"),
    async quote(request) {
      const answer = await call("ServicesCharge", { ...side("Sender", request.from), ...side("Receiver", request.to), ...size(request), ServiceName: "BK", CodAmount: Number(request.codAmountVnd), OrderAmount: Number(request.valueVnd) }, 2000);
      const days = Number(answer.DeliveryDays ?? 3);
      return { feeVnd: vndField(answer.TotalFreightIncludeVat), days: [days, days + 1] };
    },
    carrier: {
      async book(parcel: Parcel) {
        const answer = await call("CreateOrder", {
          OrderCode: parcel.clientOrderCode,
          SenderFullname: parcel.from.name,
          SenderTel: parcel.from.phone,
          SenderAddress: parcel.from.street,
          ...side("Sender", parcel.from),
          ReceiverFullname: parcel.to.name,
          ReceiverTel: parcel.to.phone,
          ReceiverAddress: parcel.to.street,
          ...side("Receiver", parcel.to),
          PackageContent: parcel.items.map((i) => `${i.name} ×${i.quantity}`).join(", ").slice(0, 500),
          ...size(parcel),
          ServiceName: "BK",
          CodAmount: Number(parcel.codAmountVnd),
          OrderAmount: Number(parcel.valueVnd),
          IsPackageViewable: true,
          CustomerNote: parcel.note.slice(0, 200),
        });
        const days = Number(answer.DeliveryDays ?? 0);
        return {
          trackingCode: text(answer.ItemCode),
          feeVnd: vndField(answer.TotalFreightIncludeVat),
          expectedDeliveryAt: days > 0 ? new Date(Date.now() + days * 86_400_000) : null,
          courierStatus: text(answer.OrderStatusId) || "20",
          raw: answer,
        };
      },
      async cancel(trackingCode) {
        await call("orderCancel", { ItemCode: trackingCode });
      },
      async track(trackingCode) {
        const answer = await call("getOrder", { ItemCode: trackingCode });
        const history = Array.isArray(answer.History) ? answer.History.map(record) : [];
        return history.map((h) => update(trackingCode, text(h.OrderStatusId), text(h.LastUpdateTime), h.CodAmountEvaluation, text(h.Note)));
      },
      parseWebhook({ body, url }) {
        if (!sameSignature(url.searchParams.get("key") ?? "", settings.webhookKey)) throw new CourierAuthError("VNPost webhook without our key");
        let json: Record<string, unknown>;
        try {
          json = record(JSON.parse(body));
        } catch {
          throw new CourierAuthError("VNPost webhook is not JSON");
        }
        const itemCode = text(json.ItemCode);
        if (!itemCode || !text(json.OrderStatusId) || !text(json.LastUpdateTime)) throw new CourierAuthError("VNPost webhook without ItemCode, OrderStatusId or LastUpdateTime");
        return [update(itemCode, text(json.OrderStatusId), text(json.LastUpdateTime), json.CodAmountEvaluation, text(json.Note))];
      },
      webhookReply: (accepted) => (accepted ? { status: 200, json: { IsSuccess: true } } : { status: 401, json: { IsSuccess: false, Message: "Unauthorized" } }),
      trackingUrl: (code) => `https://vnpost.vn/tra-cuu-hanh-trinh/buu-pham?key=${encodeURIComponent(code)}`,
    },
  };
}
