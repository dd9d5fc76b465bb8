import { sameSignature } from "~/payments/signing.server";
import { courierAddress } from "./address-mapping.server";
import { CourierAuthError, CourierError, courierFailure, type Courier, type Parcel, type QuoteRequest, type ShipmentStatus, type TrackingUpdate } from "./courier";
import { courierJson, record, text, vndField } from "./courier-http.server";

/**
 * GHN (Giao Hàng Nhanh), public API under /shiip/public-api with headers Token and ShopId;
 * answers {code, message, data}. Addresses go as GHN still reads them: the old ward's code and
 * the old province, district and ward names (address-mapping.server). Webhooks carry no
 * signature, so their URL holds a secret token.
 */
export interface GhnSettings {
  endpoint: string;
  token: string;
  shopId: string;
  webhookToken: string;
}

/** GHN's status codes in our words; "exception" and "damage" have no safe meaning and are flagged. */
export const GHN_STATUSES: Record<string, ShipmentStatus | null> = {
  ready_to_pick: "created",
  picking: "created",
  money_collect_picking: "created",
  picked: "picked_up",
  storing: "in_transit",
  transporting: "in_transit",
  sorting: "in_transit",
  delivering: "delivering",
  money_collect_delivering: "delivering",
  delivered: "delivered",
  delivery_fail: "failed_attempt",
  waiting_to_return: "returning",
  return: "returning",
  return_transporting: "returning",
  return_sorting: "returning",
  returning: "returning",
  return_fail: "returning",
  returned: "returned",
  cancel: "cancelled",
  exception: null,
  damage: null,
  lost: "lost",
};

const LIGHT_GOODS = 2; // service_type_id 2: light goods ("hàng nhẹ")

function addressFields(prefix: "from" | "to", place: { provinceCode: string; wardCode: string }) {
  const a = courierAddress(place);
  return { [`${prefix}_ward_code`]: a.old.wardCode, [`${prefix}_ward_name`]: a.old.wardName, [`${prefix}_district_name`]: a.old.districtName, [`${prefix}_province_name`]: a.old.provinceName };
}

function ghnEventKey(orderCode: string, status: string, time: string): string {
  return `${orderCode}:${status}:${time}`;
}

function update(orderCode: string, status: string, time: string, reason: string, cod: unknown): TrackingUpdate {
  const happenedAt = new Date(time);
  const known = Object.hasOwn(GHN_STATUSES, status) ? GHN_STATUSES[status]! : null;
  const codAmount = typeof cod === "number" && cod > 0 && known === "delivered" ? BigInt(cod) : null;
  return { eventKey: ghnEventKey(orderCode, status, time), trackingCode: orderCode, courierStatus: status, status: known, happenedAt: Number.isNaN(happenedAt.getTime()) ? new Date() : happenedAt, reason, codCollectedVnd: codAmount };
}

export function createGhnCourier(settings: GhnSettings): Courier {
  const base = `${settings.endpoint.replace(/\/$/, "")}/shiip/public-api`;
  const headers = { Token: settings.token, ShopId: settings.shopId };
  async function call(path: string, body: unknown, options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
    const answer = await courierJson("GHN", `${base}${path}`, { headers, body: JSON.stringify(body), ...options });
    if (answer.code !== 200) throw new CourierError(`GHN ${path}: ${text(answer.code)} ${text(answer.message)}`, "shipping.error.courierRefused");
    return record(answer.data);
  }
  const sizeOf = (r: QuoteRequest) => ({ weight: r.weightGrams, length: r.lengthCm, width: r.widthCm, height: r.heightCm });
  return {
    id: "ghn",
    ships: true,
    available: (terms) => terms.couriers.includes("ghn"),
    async quote(request, _terms) {
      const route = { ...addressFields("from", request.from), ...addressFields("to", request.to), service_type_id: LIGHT_GOODS };
      const [fee, lead] = await Promise.all([
        call("/v2/shipping-order/fee", { ...route, ...sizeOf(request), insurance_value: Number(request.valueVnd), cod_value: Number(request.codAmountVnd) }, { timeoutMs: 2000 }),
        call("/v2/shipping-order/leadtime", route, { timeoutMs: 2000 }),
      ]);
      const days = Math.max(1, Math.round((Number(lead.leadtime) * 1000 - Date.now()) / 86_400_000));
      return { feeVnd: vndField(fee.total), days: [days, days + 1] };
    },
    carrier: {
      async book(parcel: Parcel) {
        const body = {
          payment_type_id: 1, // the shop pays the fee (the buyer paid it to the shop at checkout)
          required_note: "CHOXEMHANGKHONGTHU",
          client_order_code: parcel.clientOrderCode,
          from_name: parcel.from.name,
          from_phone: parcel.from.phone,
          from_address: parcel.from.street,
          ...addressFields("from", parcel.from),
          to_name: parcel.to.name,
          to_phone: parcel.to.phone,
          to_address: parcel.to.street,
          ...addressFields("to", parcel.to),
          cod_amount: Number(parcel.codAmountVnd),
          insurance_value: Number(parcel.valueVnd),
          content: parcel.items.map((i) => `${i.name} ×${i.quantity}`).join(", ").slice(0, 2000),
          note: parcel.note.slice(0, 500),
          ...sizeOf(parcel),
          service_type_id: LIGHT_GOODS,
          items: parcel.items.map((i) => ({ name: i.name, quantity: i.quantity, weight: i.weightGrams })),
        };
        let data: Record<string, unknown>;
        try {
          data = await call("/v2/shipping-order/create", body);
        } catch (error) {
          // Booked already (a retry after a lost answer): GHN keeps client order codes unique, so look it up.
          if (!/client_order_code/i.test(courierFailure(error)?.message ?? "")) throw error;
          data = await call("/v2/shipping-order/detail-by-client-code", { client_order_code: parcel.clientOrderCode });
        }
        const expected = new Date(text(data.expected_delivery_time));
        return {
          trackingCode: text(data.order_code),
          feeVnd: vndField(data.total_fee),
          expectedDeliveryAt: Number.isNaN(expected.getTime()) ? null : expected,
          courierStatus: text(data.status) || "ready_to_pick",
          raw: data,
        };
      },
      async cancel(trackingCode) {
        await call("/v2/switch-status/cancel", { order_codes: [trackingCode] });
      },
      async track(trackingCode) {
        const data = await call("/v2/shipping-order/detail", { order_code: trackingCode });
        const log = Array.isArray(data.log) ? data.log.map(record) : [];
        return log.map((entry) => update(trackingCode, text(entry.status), text(entry.updated_date), text(entry.reason), data.cod_amount));
      },
      parseWebhook({ body, url }) {
        if (!sameSignature(url.searchParams.get("token") ?? "", settings.webhookToken)) throw new CourierAuthError("GHN webhook without our token");
        let json: Record<string, unknown>;
        try {
          json = record(JSON.parse(body));
        } catch {
          throw new CourierAuthError("GHN webhook is not JSON");
        }
        const orderCode = text(json.OrderCode);
        if (!orderCode || !text(json.Status) || !text(json.Time)) throw new CourierAuthError("GHN webhook without OrderCode, Status or Time");
        // Weight, fee and COD corrections carry a status too; only status changes move the parcel.
        if (text(json.Type).toLowerCase() !== "switch_status") return [];
        return [update(orderCode, text(json.Status), text(json.Time), text(json.Reason), json.CODAmount)];
      },
      webhookReply: (accepted) => (accepted ? { status: 200, json: { code: 200, message: "Success" } } : { status: 401, json: { code: 401, message: "Unauthorized" } }),
      trackingUrl: (code) => `https://donhang.ghn.vn/?order_code=${encodeURIComponent(code)}`,
    },
  };
}
