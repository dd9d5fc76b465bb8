import { sameSignature } from "~/payments/signing.server";
import { courierAddress } from "./address-mapping.server";
import { CourierAuthError, CourierError, type Courier, type Parcel, type QuoteRequest, type ShipmentStatus, type TrackingUpdate } from "./courier";
import { courierJson, record, text, vndField } from "./courier-http.server";

/**
 * Viettel Post partner API v2 (field names from community code, unconfirmed in places: see
 * PROVIDERS.md). Header Token; answers {status, error, message, data}. Receivers are addressed
 * by the old ward's code with the old district and province names. Webhooks carry a TOKEN field,
 * checked against our secret.
 */
export interface ViettelPostSettings {
  endpoint: string;
  token: string;
  webhookToken: string;
}

export const VIETTELPOST_STATUSES: Record<string, ShipmentStatus | null> = {
  "-100": "created",
  "-108": "created",
  "100": "created",
  "102": "created",
  "103": "created",
  "104": "created",
  "105": "picked_up",
  "107": "cancelled",
  "200": "in_transit",
  "202": "in_transit",
  "300": "in_transit",
  "320": "in_transit",
  "400": "in_transit",
  "500": "delivering",
  "508": "delivering",
  "506": "failed_attempt",
  "501": "delivered",
  "502": "returning",
  "505": "returning",
  "504": "returned",
  "515": "lost",
};

/** "dd/MM/yyyy HH:mm:ss" in Vietnam's time (UTC+7), as Viettel Post writes dates. */
export function parseViettelDate(value: string): Date | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, d, mo, y, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h - 7, mi, s));
}

export function formatViettelDate(at: Date): string {
  const v = new Date(at.getTime() + 7 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${two(v.getUTCHours())}:${two(v.getUTCMinutes())}:${two(v.getUTCSeconds())}`;
}

function update(orderNumber: string, status: string, date: string, reason: string, moneyCollection: unknown): TrackingUpdate {
  const known = Object.hasOwn(VIETTELPOST_STATUSES, status) ? VIETTELPOST_STATUSES[status]! : null;
  const money = Number(text(moneyCollection) || "0");
  return {
    eventKey: `${orderNumber}:${status}:${date}`,
    trackingCode: orderNumber,
    courierStatus: status,
    status: known,
    happenedAt: parseViettelDate(date) ?? new Date(),
    reason,
    codCollectedVnd: known === "delivered" && Number.isSafeInteger(money) && money > 0 ? BigInt(money) : null,
  };
}

const side = (prefix: "SENDER" | "RECEIVER", place: { provinceCode: string; wardCode: string }) => {
  const a = courierAddress(place);
  return { [`${prefix}_WARD`]: a.old.wardCode, [`${prefix}_DISTRICT`]: a.old.districtName, [`${prefix}_PROVINCE`]: a.old.provinceName };
};

export function createViettelPostCourier(settings: ViettelPostSettings): Courier {
  const base = `${settings.endpoint.replace(/\/$/, "")}/v2`;
  const headers = { Token: settings.token };
  async function call(path: string, body: unknown, timeoutMs?: number) {
    const answer = await courierJson("Viettel Post", `${base}${path}`, { headers, body: JSON.stringify(body), timeoutMs });
    if (answer.error === true || Number(answer.status) !== 200) throw new CourierError(`Viettel Post ${path}: ${text(answer.message)}`, "shipping.error.courierRefused");
    return answer.data;
  }
  const size = (r: QuoteRequest) => ({ PRODUCT_WEIGHT: r.weightGrams, PRODUCT_LENGTH: r.lengthCm, PRODUCT_WIDTH: r.widthCm, PRODUCT_HEIGHT: r.heightCm });
  return {
    id: "viettelpost",
    ships: true,
    available: (terms) => terms.couriers.includes("viettelpost"),
    async quote(request) {
      const data = await call(
        "/order/getPriceAll",
        { ...side("SENDER", request.from), ...side("RECEIVER", request.to), ...size(request), PRODUCT_TYPE: "HH", PRODUCT_PRICE: Number(request.valueVnd), MONEY_COLLECTION: Number(request.codAmountVnd), TYPE: 1 },
        2000,
      );
      const services = Array.isArray(data) ? data.map(record) : [];
      // VCN, the standard express service, when offered; otherwise the cheapest.
      const chosen = services.find((s) => s.MA_DV_CHINH === "VCN") ?? [...services].sort((a, b) => Number(a.GIA_CUOC) - Number(b.GIA_CUOC))[0];
      if (!chosen) throw new CourierError("Viettel Post offered no service for this route", "shipping.error.courierRefused");
      const hours = Number(text(chosen.THOI_GIAN).replace(/[^0-9.]/g, "")) || 72;
      const days = Math.max(1, Math.ceil(hours / 24));
      return { feeVnd: vndField(chosen.GIA_CUOC), days: [days, days + 1] };
    },
    carrier: {
      async book(parcel: Parcel) {
        const data = record(
          await call("/order/createOrder", {
            ORDER_NUMBER: parcel.clientOrderCode,
            SENDER_FULLNAME: parcel.from.name,
            SENDER_ADDRESS: parcel.from.street,
            SENDER_PHONE: parcel.from.phone,
            ...side("SENDER", parcel.from),
            RECEIVER_FULLNAME: parcel.to.name,
            RECEIVER_ADDRESS: parcel.to.street,
            RECEIVER_PHONE: parcel.to.phone,
            ...side("RECEIVER", parcel.to),
            PRODUCT_NAME: parcel.items.map((i) => `${i.name} ×${i.quantity}`).join(", ").slice(0, 500),
            PRODUCT_QUANTITY: parcel.items.reduce((n, i) => n + i.quantity, 0),
            PRODUCT_PRICE: Number(parcel.valueVnd),
            ...size(parcel),
            PRODUCT_TYPE: "HH",
            ORDER_PAYMENT: parcel.codAmountVnd > 0n ? 3 : 1, // 3: collect the goods' price only; 1: collect nothing
            ORDER_SERVICE: "VCN",
            ORDER_NOTE: parcel.note.slice(0, 150),
            MONEY_COLLECTION: Number(parcel.codAmountVnd),
            LIST_ITEM: parcel.items.map((i) => ({ PRODUCT_NAME: i.name, PRODUCT_QUANTITY: i.quantity, PRODUCT_WEIGHT: i.weightGrams })),
          }),
        );
        const hours = Number(data.KPI_HT ?? 0);
        return {
          trackingCode: text(data.ORDER_NUMBER),
          feeVnd: vndField(data.MONEY_TOTAL),
          expectedDeliveryAt: hours > 0 ? new Date(Date.now() + hours * 3_600_000) : null,
          courierStatus: text(data.ORDER_STATUS) || "-100",
          raw: data,
        };
      },
      async cancel(trackingCode) {
        await call("/order/UpdateOrder", { TYPE: 4, ORDER_NUMBER: trackingCode, NOTE: "Người bán hủy" });
      },
      async track(trackingCode) {
        const data = await call("/order/getOrderStatus", { ORDER_NUMBER: trackingCode });
        return (Array.isArray(data) ? data.map(record) : []).map((e) => update(trackingCode, text(e.ORDER_STATUS), text(e.ORDER_STATUSDATE), text(e.STATUS_NAME), e.MONEY_COLLECTION));
      },
      parseWebhook({ body }) {
        let json: Record<string, unknown>;
        try {
          json = record(JSON.parse(body));
        } catch {
          throw new CourierAuthError("Viettel Post webhook is not JSON");
        }
        if (!sameSignature(json.TOKEN, settings.webhookToken)) throw new CourierAuthError("Viettel Post webhook without our token");
        const data = record(json.DATA);
        const orderNumber = text(data.ORDER_NUMBER);
        if (!orderNumber || !text(data.ORDER_STATUS) || !parseViettelDate(text(data.ORDER_STATUSDATE))) throw new CourierAuthError("Viettel Post webhook without ORDER_NUMBER, ORDER_STATUS or a date");
        return [update(orderNumber, text(data.ORDER_STATUS), text(data.ORDER_STATUSDATE), text(data.NOTE) || text(data.STATUS_NAME), data.MONEY_COLLECTION)];
      },
      webhookReply: (accepted) => (accepted ? { status: 200, json: { status: 200, error: false, message: "OK" } } : { status: 401, json: { status: 401, error: true, message: "Unauthorized" } }),
      trackingUrl: (code) => `https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/?code=${encodeURIComponent(code)}`,
    },
  };
}
