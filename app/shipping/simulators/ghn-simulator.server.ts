import { deliverWebhook, provinceOfOldWard, postWebhook, SimBook, simRate, simulatedLatency, trackingCodeLike, type RateTable, type SimEvent, type SimParcel, type SimStep } from "./courier-sim.server";
import type { CourierSimulator } from "./simulators.server";

/** The simulator's GHN account (known to everyone on purpose: development on loopback only). */
export const GHN_SIMULATOR_SETTINGS = { token: "ghn-sim-token-0000", shopId: "885", webhookToken: "ghn-sim-webhook-token-0000" } as const;

const RATES: RateTable = { base: [16_500, 30_000, 35_000], perHalfKg: [2_500, 5_000, 5_000], days: [[1, 2], [2, 3], [3, 5]] };
const CODES: Record<SimStep, string> = {
  picked_up: "picked",
  in_transit: "transporting",
  delivering: "delivering",
  failed_attempt: "delivery_fail",
  delivered: "delivered",
  returning: "returning",
  returned: "returned",
  cancelled: "cancel",
  lost: "lost",
};

const book = new SimBook();
const json = (body: unknown, status = 200) => Response.json(body, { status });
const refuse = (code: number, message: string) => json({ code, message, data: null }, code === 401 ? 401 : 400);

function quoteOf(body: Record<string, unknown>) {
  const from = provinceOfOldWard(body.from_ward_code);
  const to = provinceOfOldWard(body.to_ward_code);
  return from && to ? simRate(RATES, from, to, Number(body.weight ?? 500)) : null;
}

const detail = (p: SimParcel) => ({
  order_code: p.trackingCode,
  client_order_code: p.clientOrderCode,
  status: p.history.at(-1)!.code,
  total_fee: p.feeVnd,
  cod_amount: p.codVnd,
  expected_delivery_time: new Date(p.history[0]!.at.getTime() + 3 * 86_400_000).toISOString(),
  log: p.history.map((e) => ({ status: e.code, updated_date: e.at.toISOString(), reason: e.reason })),
});

let webhookBase = "http://127.0.0.1:3000";

function send(p: SimParcel) {
  return async (event: SimEvent) => {
    const body = {
      Type: "switch_status",
      OrderCode: p.trackingCode,
      ClientOrderCode: p.clientOrderCode,
      Status: event.code,
      Time: event.at.toISOString(),
      Reason: event.reason,
      CODAmount: event.codCollected ?? 0,
      TotalFee: p.feeVnd,
      ShopID: Number(GHN_SIMULATOR_SETTINGS.shopId),
    };
    await postWebhook(`${webhookBase}/webhooks/couriers/ghn?token=${GHN_SIMULATOR_SETTINGS.webhookToken}`, JSON.stringify(body), "application/json");
  };
}

export const ghnSimulator: CourierSimulator = {
  book,
  steps: CODES,
  setWebhookBase: (base) => {
    webhookBase = base;
  },
  async api(path, request) {
    await simulatedLatency();
    if (request.headers.get("Token") !== GHN_SIMULATOR_SETTINGS.token || request.headers.get("ShopId") !== GHN_SIMULATOR_SETTINGS.shopId) return refuse(401, "Token is not valid");
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return refuse(400, "body is not JSON");
    switch (path.replace(/^shiip\/public-api\//, "")) {
      case "v2/shipping-order/fee": {
        const q = quoteOf(body);
        return q ? json({ code: 200, message: "Success", data: { total: q.fee, service_fee: q.fee, insurance_fee: 0 } }) : refuse(400, "district or ward not found");
      }
      case "v2/shipping-order/leadtime": {
        const q = quoteOf({ ...body, weight: 500 });
        return q ? json({ code: 200, message: "Success", data: { leadtime: Math.round(Date.now() / 1000) + q.days[0] * 86_400 } }) : refuse(400, "district or ward not found");
      }
      case "v2/shipping-order/create": {
        const q = quoteOf(body);
        if (!q) return refuse(400, "district or ward not found");
        const client = typeof body.client_order_code === "string" ? body.client_order_code : "";
        if (!client || !body.to_name || !body.to_phone || !body.to_address) return refuse(400, "to_name, to_phone, to_address and client_order_code are required");
        if (book.findByClient(client)) return refuse(400, "client_order_code existed");
        const { parcel } = book.book(
          {
            trackingCode: trackingCodeLike("GY", 6, "VN"),
            clientOrderCode: client,
            feeVnd: q.fee,
            codVnd: Number(body.cod_amount ?? 0),
            weightGrams: Number(body.weight),
            fromProvince: provinceOfOldWard(body.from_ward_code)!,
            toProvince: provinceOfOldWard(body.to_ward_code)!,
            receiver: String(body.to_name),
          },
          "ready_to_pick",
        );
        return json({ code: 200, message: "Success", data: { order_code: parcel.trackingCode, total_fee: parcel.feeVnd, expected_delivery_time: detail(parcel).expected_delivery_time } });
      }
      case "v2/shipping-order/detail-by-client-code": {
        const p = book.findByClient(String(body.client_order_code ?? ""));
        return p ? json({ code: 200, message: "Success", data: detail(p) }) : refuse(400, "order not found");
      }
      case "v2/shipping-order/detail": {
        const p = book.find(String(body.order_code ?? ""));
        return p ? json({ code: 200, message: "Success", data: detail(p) }) : refuse(400, "order not found");
      }
      case "v2/switch-status/cancel": {
        const codes = Array.isArray(body.order_codes) ? body.order_codes.map(String) : [];
        const results = codes.map((code) => {
          const p = book.find(code);
          const open = p && ["ready_to_pick", "picking"].includes(p.history.at(-1)!.code);
          if (open) p.history.push({ code: "cancel", at: new Date(), reason: "shop cancelled", codCollected: null });
          return { order_code: code, result: Boolean(open), message: open ? "OK" : "cannot cancel now" };
        });
        return results.every((r) => r.result) ? json({ code: 200, message: "Success", data: results }) : refuse(400, results.find((r) => !r.result)!.message);
      }
      default:
        return refuse(400, `unknown path ${path}`);
    }
  },
  async advance(trackingCode, step, delivery, reason = "") {
    const p = book.find(trackingCode);
    if (!p) return false;
    const code = step === "unknown" ? "sim_unknown_status" : CODES[step];
    const event = { code, at: new Date(), reason, codCollected: step === "delivered" && p.codVnd > 0 ? p.codVnd : null };
    p.history.push(event);
    await deliverWebhook(send(p), p, event, delivery);
    return true;
  },
};
