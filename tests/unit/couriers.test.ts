import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listWards } from "~/geo/address.server";
import { courierAddress, oldAddressOf } from "~/shipping/address-mapping.server";
import { CourierAuthError, CourierError, type Parcel, type TrackingUpdate } from "~/shipping/courier";
import { GHN_STATUSES } from "~/shipping/ghn.server";
import { GHTK_STATUSES } from "~/shipping/ghtk.server";
import { deliveryOptions, forgetQuotes } from "~/shipping/quotes.server";
import { SIM_DELIVERIES, SIM_STEPS, setSimulatedLatency } from "~/shipping/simulators/courier-sim.server";
import { ghtkReconcile } from "~/shipping/simulators/ghtk-simulator.server";
import { courierSimulator, courierSimulatorIds } from "~/shipping/simulators/simulators.server";
import { VIETTELPOST_SIMULATOR_SETTINGS } from "~/shipping/simulators/viettelpost-simulator.server";
import { VIETTELPOST_STATUSES, parseViettelDate } from "~/shipping/viettelpost.server";
import { VNPOST_STATUSES } from "~/shipping/vnpost.server";
import { installCourierNetwork, simulatedCourierRegistry } from "../support/courier-network";

/**
 * Each courier adapter against its simulator, over the real wire format: requests and webhooks go
 * through fetch as Request objects; only the network between them is replaced (a fetch that hands
 * http://sim.test/<courier>/… to the simulator, and catches webhooks posted to http://app.test).
 */
const webhooks: Array<{ courier: string; url: URL; body: string; headers: Headers }> = [];
let uninstall = () => {};

beforeAll(() => {
  uninstall = installCourierNetwork(async (courier, request) => {
    webhooks.push({ courier, url: new URL(request.url), body: await request.text(), headers: request.headers });
    return new Response("ok");
  });
});
afterAll(() => {
  uninstall();
  setSimulatedLatency(0);
});

const registry = simulatedCourierRegistry();
const terms = { deliveryFeeVnd: 30_000n, offersDelivery: true, offersPickup: true, couriers: ["ghn", "ghtk", "viettelpost", "vnpost"] };
// Phường Bình Phước (Đồng Nai, once Đồng Xoài in Bình Phước) to Phường Ba Đình, Hà Nội.
const BANANA_FARM = { provinceCode: "75", wardCode: "25195" };
const HANOI = { provinceCode: "01", wardCode: "00004" };
const box = { lengthCm: 60, widthCm: 30, heightCm: 25 };

let n = 0;
function parcel(codAmountVnd = 0n): Parcel {
  n += 1;
  return {
    ...box,
    clientOrderCode: `VNTEST${Date.now()}${n}`,
    weightGrams: 14_000,
    valueVnd: 350_000n,
    codAmountVnd,
    from: { ...BANANA_FARM, name: "Vườn Chuối Bà Tư", phone: "0901000001", street: "Tổ 3, ấp Tân Phú" },
    to: { ...HANOI, name: "Nguyễn Văn Mua", phone: "0903000001", street: "12 Kim Mã" },
    items: [{ name: "Buồng chuối", quantity: 1, weightGrams: 14_000 }],
    note: "",
  };
}

function parse(courier: string, hook: (typeof webhooks)[number]): TrackingUpdate[] {
  return registry.get(courier)!.carrier!.parseWebhook({ body: hook.body, headers: hook.headers, url: hook.url });
}

describe("address mapping for couriers", () => {
  it.each([
    ["Đồng Nai (with old Bình Phước)", "75"],
    ["Quảng Trị", "44"],
    ["Hà Nội", "01"],
  ])("gives every ward of %s one old ward of the same province, the same every time, or a clear refusal", (_name, province) => {
    const wards = listWards(province);
    expect(wards.length).toBeGreaterThan(50);
    for (const ward of wards) {
      const old = oldAddressOf(ward.code);
      if (!old) {
        expect(() => courierAddress({ provinceCode: province, wardCode: ward.code })).toThrow(CourierError);
        continue;
      }
      expect(courierAddress({ provinceCode: province, wardCode: ward.code }).old).toEqual(old);
      expect(old.wardCode).toMatch(/^[0-9]{5}$/);
      expect(old.districtName.length).toBeGreaterThan(2);
    }
    // Most wards must be deliverable: only island zones without old wards may be refused.
    expect(wards.filter((w) => !oldAddressOf(w.code)).length).toBeLessThanOrEqual(1);
  });

  it("addresses the banana farm's ward as the old ward whose code it kept, in old Bình Phước", () => {
    expect(oldAddressOf("25195")).toEqual({ wardCode: "25195", wardName: "Phường Tân Phú", districtName: "Thành phố Đồng Xoài", provinceName: "Tỉnh Bình Phước" });
  });

  it("refuses a ward with no old counterpart and a ward of another province", () => {
    expect(() => courierAddress({ provinceCode: "44", wardCode: "25195" })).toThrow(expect.objectContaining({ messageKey: "shipping.error.unmappedWard" }));
    const island = listWards("44").find((w) => !oldAddressOf(w.code));
    if (island) expect(() => courierAddress({ provinceCode: "44", wardCode: island.code })).toThrow(expect.objectContaining({ messageKey: "shipping.error.unmappedWard" }));
  });
});

describe.each(courierSimulatorIds)("%s adapter against its simulator", (id) => {
  const courier = registry.get(id)!;
  const api = courier.carrier!;

  it("quotes by weight and route: farther and heavier costs more", async () => {
    const near = await courier.quote({ ...parcel(), to: BANANA_FARM, weightGrams: 1_000 }, terms);
    const far = await courier.quote({ ...parcel(), weightGrams: 1_000 }, terms);
    const heavy = await courier.quote(parcel(), terms);
    expect(near.feeVnd).toBeLessThan(far.feeVnd);
    expect(far.feeVnd).toBeLessThan(heavy.feeVnd);
    expect(heavy.days![0]).toBeGreaterThanOrEqual(1);
  });

  it("books once per order code, in the courier's own tracking format, and cancels only before pickup", async () => {
    const p = parcel(364_000n);
    const [first, second] = [await api.book(p), await api.book(p)];
    expect(second.trackingCode).toBe(first.trackingCode);
    expect(first.trackingCode).toMatch({ ghn: /^GY[0-9]{6}VN$/, ghtk: /^S0000SIM\.[0-9]{9}$/, viettelpost: /^1[0-9]{12}$/, vnpost: /^EB[0-9]{9}VN$/ }[id]!);
    expect(first.feeVnd).toBeGreaterThan(0n);
    await api.cancel(first.trackingCode);
    const other = await api.book(parcel());
    await courierSimulator(id)!.advance(other.trackingCode, "picked_up", "none");
    await expect(api.cancel(other.trackingCode)).rejects.toBeInstanceOf(CourierError);
  });

  it("maps every status the simulator sends to our words, reports the COD collected, and keeps unknown codes as unknown", async () => {
    const booked = await api.book(parcel(364_000n));
    const sim = courierSimulator(id)!;
    for (const step of SIM_STEPS) {
      webhooks.length = 0;
      await sim.advance(booked.trackingCode, step, "now");
      const [update] = parse(id, webhooks[0]!);
      expect(update!.trackingCode).toBe(booked.trackingCode);
      expect(update!.courierStatus).toBe(sim.steps[step]);
      // GHTK has one code for picked up and in transit, and says "lost" through a claim (returning).
      const expected = id === "ghtk" && step === "in_transit" ? "picked_up" : id === "ghtk" && step === "lost" ? "returning" : step;
      expect(update!.status).toBe(expected);
      expect(update!.codCollectedVnd).toBe(step === "delivered" ? 364_000n : null);
    }
    webhooks.length = 0;
    await sim.advance(booked.trackingCode, "unknown", "now");
    expect(parse(id, webhooks[0]!)[0]!.status).toBeNull();
  });

  it("refuses a forged webhook and reads the same event alike from its webhook and its tracking", async () => {
    const booked = await api.book(parcel());
    const sim = courierSimulator(id)!;
    webhooks.length = 0;
    await sim.advance(booked.trackingCode, "picked_up", "twice");
    expect(webhooks).toHaveLength(2);
    const hook = webhooks[0]!;
    const forgedUrl = new URL(hook.url);
    for (const key of ["token", "hash", "key"]) if (forgedUrl.searchParams.has(key)) forgedUrl.searchParams.set(key, "guess");
    const forgedBody = id === "viettelpost" ? hook.body.replace(VIETTELPOST_SIMULATOR_SETTINGS.webhookToken, "guess") : hook.body;
    expect(() => api.parseWebhook({ body: forgedBody, headers: hook.headers, url: forgedUrl })).toThrow(CourierAuthError);
    // Twice is the same event (the inbox keeps it once), and the poll finds it under the same key.
    expect(parse(id, webhooks[1]!)[0]!.eventKey).toBe(parse(id, hook)[0]!.eventKey);
    const tracked = await api.track(booked.trackingCode);
    expect(tracked.map((u) => u.eventKey)).toContain(parse(id, hook)[0]!.eventKey);
  });

  it("sends events out of order and not at all when told to", async () => {
    const booked = await api.book(parcel());
    const sim = courierSimulator(id)!;
    await sim.advance(booked.trackingCode, "picked_up", "now");
    webhooks.length = 0;
    await sim.advance(booked.trackingCode, "delivering", "out_of_order");
    expect(webhooks.map((h) => parse(id, h)[0]!.status)).toEqual(["delivering", "picked_up"]);
    webhooks.length = 0;
    await sim.advance(booked.trackingCode, "delivered", "none");
    expect(webhooks).toHaveLength(0);
    expect((await api.track(booked.trackingCode)).at(-1)!.status).toBe("delivered");
  });
});

describe("couriers together", () => {
  it("knows every delivery the simulators can be told to make", () => {
    expect(SIM_DELIVERIES).toEqual(["now", "late", "twice", "out_of_order", "none"]);
  });

  it("maps each courier's documented codes (PROVIDERS.md)", () => {
    expect([GHN_STATUSES.delivered, GHN_STATUSES.delivery_fail, GHN_STATUSES.returned, GHN_STATUSES.exception]).toEqual(["delivered", "failed_attempt", "returned", null]);
    expect([GHTK_STATUSES["5"], GHTK_STATUSES["9"], GHTK_STATUSES["21"], GHTK_STATUSES["-1"]]).toEqual(["delivered", "failed_attempt", "returned", "cancelled"]);
    expect([VIETTELPOST_STATUSES["501"], VIETTELPOST_STATUSES["504"], VIETTELPOST_STATUSES["107"]]).toEqual(["delivered", "returned", "cancelled"]);
    expect([VNPOST_STATUSES["100"], VNPOST_STATUSES["170"], VNPOST_STATUSES["61"]]).toEqual(["delivered", "returned", "cancelled"]);
    expect(parseViettelDate("05/12/2026 09:30:00")?.toISOString()).toBe("2026-12-05T02:30:00.000Z");
  });

  it("GHTK says when it has paid the COD over (reconciled)", async () => {
    const api = registry.get("ghtk")!.carrier!;
    const booked = await api.book(parcel(200_000n));
    await courierSimulator("ghtk")!.advance(booked.trackingCode, "delivered", "none");
    webhooks.length = 0;
    expect(await ghtkReconcile(booked.trackingCode)).toBe(true);
    expect(parse("ghtk", webhooks[0]!)[0]).toMatchObject({ status: "delivered", codRemittedVnd: 200_000n });
  });

  it("quotes all four at once; a courier slower than 2 s is left out with a note and the others still show", async () => {
    forgetQuotes();
    setSimulatedLatency(150);
    const started = performance.now();
    const options = await deliveryOptions(registry, terms, { ...box, weightGrams: 14_000, valueVnd: 350_000n, codAmountVnd: 0n, from: BANANA_FARM, to: HANOI });
    expect(performance.now() - started).toBeLessThan(1500); // in parallel, not 4 × 2 calls × 150 ms
    expect(options.map((o) => o.courier)).toEqual(["pickup", "self", "vnpost", "viettelpost", "ghn", "ghtk"]);
    expect(options.every((o) => "quote" in o)).toBe(true);
    forgetQuotes();
    setSimulatedLatency(2_100);
    const slow = await deliveryOptions(registry, { ...terms, couriers: ["ghtk"] }, { ...box, weightGrams: 1_000, valueVnd: 100_000n, codAmountVnd: 0n, from: BANANA_FARM, to: HANOI });
    expect(slow.find((o) => o.courier === "ghtk")).toEqual({ courier: "ghtk", unavailable: "shipping.error.courierDown" });
    expect(slow.find((o) => o.courier === "self")).toMatchObject({ quote: { feeVnd: 30_000n } });
    setSimulatedLatency(0);
  }, 10_000);
});
