import { sameSignature } from "~/payments/signing.server";
import { courierAddress } from "./address-mapping.server";
import { CourierAuthError, CourierError, type Courier, type Parcel, type ShipmentStatus, type TrackingUpdate } from "./courier";
import { courierJson, record, text, vndField } from "./courier-http.server";

/**
 * GHTK (Giao Hàng Tiết Kiệm), headers Token and X-Client-Source; addresses by the old province,
 * district and ward names (address-mapping.server). Webhooks are form posts to a URL that
 * carries a shared secret (?hash=). Status 6, "reconciled", is GHTK paying the COD to the shop.
 */
export interface GhtkSettings {
  endpoint: string;
  token: string;
  clientSource: string;
  webhookHash: string;
}

export const GHTK_STATUSES: Record<string, ShipmentStatus | null> = {
  "-1": "cancelled",
  "1": "created",
  "2": "created",
  "3": "picked_up",
  "4": "delivering",
  "5": "delivered",
  "6": "delivered",
  "7": "created", // pickup failed: still waiting to be picked up
  "8": "created", // pickup delayed
  "9": "failed_attempt",
  "10": "delivering", // delivery delayed
  "11": "returned", // returned to the shop and reconciled
  "12": "created", // being picked up
  "13": "returning", // compensation claim
  "20": "returning",
  "21": "returned",
  "45": "delivering",
  "49": "failed_attempt",
  "123": "picked_up",
  "127": "created",
  "128": "created",
};

function ghtkEventKey(label: string, statusId: string, time: string): string {
  return `${label}:${statusId}:${time}`;
}

function update(label: string, statusId: string, time: string, reason: string, pickMoney: unknown): TrackingUpdate {
  const known = Object.hasOwn(GHTK_STATUSES, statusId) ? GHTK_STATUSES[statusId]! : null;
  const money = typeof pickMoney === "number" ? pickMoney : Number(text(pickMoney) || "0");
  const cod = Number.isSafeInteger(money) && money > 0 ? BigInt(money) : null;
  const happenedAt = new Date(time);
  return {
    eventKey: ghtkEventKey(label, statusId, time),
    trackingCode: label,
    courierStatus: statusId,
    status: known,
    happenedAt: Number.isNaN(happenedAt.getTime()) ? new Date() : happenedAt,
    reason,
    codCollectedVnd: statusId === "5" ? cod : null,
    codRemittedVnd: statusId === "6" ? cod : null,
  };
}

const placeNames = (place: { provinceCode: string; wardCode: string }) => {
  const a = courierAddress(place);
  return { province: a.old.provinceName, district: a.old.districtName, ward: a.old.wardName };
};

export function createGhtkCourier(settings: GhtkSettings): Courier {
  const base = settings.endpoint.replace(/\/$/, "");
  const headers = { Token: settings.token, "X-Client-Source": settings.clientSource };
  const ok = (answer: Record<string, unknown>, what: string) => {
    if (answer.success !== true) throw new CourierError(`GHTK ${what}: ${text(answer.message)}`, "shipping.error.courierRefused");
    return answer;
  };
  return {
    id: "ghtk",
    ships: true,
    available: (terms) => terms.couriers.includes("ghtk"),
    async quote(request) {
      const from = placeNames(request.from);
      const to = placeNames(request.to);
      const query = new URLSearchParams({
        pick_province: from.province,
        pick_district: from.district,
        pick_ward: from.ward,
        province: to.province,
        district: to.district,
        ward: to.ward,
        weight: String(request.weightGrams),
        value: String(request.valueVnd),
        transport: "road",
      });
      const answer = ok(await courierJson("GHTK", `${base}/services/shipment/fee?${query}`, { method: "GET", headers, timeoutMs: 2000 }), "fee");
      const fee = record(answer.fee);
      const days = Number(fee.delivery_days ?? 3);
      return { feeVnd: vndField(fee.fee), days: [days, days + 1] };
    },
    carrier: {
      async book(parcel: Parcel) {
        const from = placeNames(parcel.from);
        const to = placeNames(parcel.to);
        const body = {
          products: parcel.items.map((i) => ({ name: i.name, weight: i.weightGrams / 1000, quantity: i.quantity })),
          order: {
            id: parcel.clientOrderCode,
            pick_name: parcel.from.name,
            pick_address: parcel.from.street,
            pick_province: from.province,
            pick_district: from.district,
            pick_ward: from.ward,
            pick_tel: parcel.from.phone,
            name: parcel.to.name,
            address: parcel.to.street,
            province: to.province,
            district: to.district,
            ward: to.ward,
            hamlet: "Khác",
            tel: parcel.to.phone,
            pick_money: Number(parcel.codAmountVnd),
            value: Number(parcel.valueVnd),
            is_freeship: 1, // the fee was paid to the shop at checkout: GHTK collects only the COD
            transport: "road",
            note: parcel.note.slice(0, 120),
          },
        };
        const answer = await courierJson("GHTK", `${base}/services/shipment/order?ver=1.5`, { headers, body: JSON.stringify(body) });
        // Booked already (a retry): GHTK names the existing label.
        const existing = record(answer.error);
        if (answer.success !== true && existing.code === "ORDER_ID_EXIST" && text(existing.ghtk_label)) {
          const status = record((await courierJson("GHTK", `${base}/services/shipment/v2/${encodeURIComponent(text(existing.ghtk_label))}`, { method: "GET", headers })).order);
          return { trackingCode: text(existing.ghtk_label), feeVnd: vndField(status.ship_money ?? 0), expectedDeliveryAt: null, courierStatus: text(status.status) || "1", raw: status };
        }
        const order = record(ok(answer, "order").order);
        const expected = new Date(text(order.estimated_deliver_time));
        return { trackingCode: text(order.label), feeVnd: vndField(order.fee), expectedDeliveryAt: Number.isNaN(expected.getTime()) ? null : expected, courierStatus: text(order.status_id) || "1", raw: order };
      },
      async cancel(trackingCode) {
        ok(await courierJson("GHTK", `${base}/services/shipment/cancel/${encodeURIComponent(trackingCode)}`, { headers, body: "{}" }), "cancel");
      },
      async track(trackingCode) {
        const order = record(ok(await courierJson("GHTK", `${base}/services/shipment/v2/${encodeURIComponent(trackingCode)}`, { method: "GET", headers }), "status").order);
        // GHTK tells only where the parcel is now, with when it got there.
        return [update(trackingCode, text(order.status), text(order.modified), text(order.status_text), order.pick_money)];
      },
      parseWebhook({ body, url }) {
        if (!sameSignature(url.searchParams.get("hash") ?? "", settings.webhookHash)) throw new CourierAuthError("GHTK webhook without our hash");
        const form = new URLSearchParams(body);
        const label = form.get("label_id") ?? "";
        const status = form.get("status_id") ?? "";
        const time = form.get("action_time") ?? "";
        if (!label || !status || !time) throw new CourierAuthError("GHTK webhook without label_id, status_id or action_time");
        return [update(label, status, time, form.get("reason") ?? "", form.get("pick_money"))];
      },
      webhookReply: (accepted) => (accepted ? { status: 200, json: { success: true } } : { status: 401, json: { success: false, message: "unauthorized" } }),
      trackingUrl: (code) => `https://i.ghtk.vn/${encodeURIComponent(code)}`,
    },
  };
}
