import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { addToCart, openCart } from "~/orders/cart.server";
import { checkoutSchema, placeCheckout } from "~/orders/checkout.server";
import { applyOrderAction } from "~/orders/orders.server";
import { createPaymentRegistry } from "~/payments/registry.server";
import { ledgerTotal } from "~/payments/ledger.server";
import { createCooperative } from "~/shops/cooperatives.server";
import { BookingError, bookPickup, bookPickups, cancelPickup } from "~/shipping/booking.server";
import { labelsFor, labelsPdf } from "~/shipping/labels.server";
import { forgetQuotes } from "~/shipping/quotes.server";
import { courierSimulator } from "~/shipping/simulators/simulators.server";
import { pollSilentShipments, receiveCourierNotification } from "~/shipping/tracking.server";
import { codReport, recordCodRemittance } from "~/shipping/cod-report.server";
import { settleReturnedParcel } from "~/shipping/returns.server";
import { estimateDelivery, estimateProvince } from "~/shipping/estimate.server";
import { ghtkReconcile } from "~/shipping/simulators/ghtk-simulator.server";
import { runDueJobs } from "~/jobs/worker.server";
import { createOutboxNotifier, listOutbox } from "~/notify/notifier.server";
import { makeListing } from "../support/catalog";
import { installCourierNetwork, simulatedCourierRegistry } from "../support/courier-network";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, joinCoop, makeFarmer, makeUser, TEST_BANK_SECRET } from "../support/fixtures";

/**
 * Booking, labels and tracking on the real database, against the courier simulators over their
 * wire formats: the simulators' webhooks go through the same handler the route uses.
 */
let t: TestDatabase;
const couriers = simulatedCourierRegistry();
const payments = createPaymentRegistry({ bankWebhookSecret: TEST_BANK_SECRET, momo: null });
const replies: number[] = [];
let uninstall = () => {};
let farmer: PublicUser;
let shopId: string;
let buyer: PublicUser;
let bananaId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  uninstall = installCourierNetwork(async (courier, request) => {
    const reply = await receiveCourierNotification(request, { db: t.db, couriers }, courier);
    replies.push(reply.status);
    return reply;
  });
  const f = await makeFarmer(t.db, "Bà Tư");
  farmer = f.user;
  shopId = f.shop.id;
  await t.db.updateTable("shops").set({ couriers: ["vnpost", "ghtk", "ghn", "viettelpost"], pickup_street: "Tổ 4, đường ĐT741" }).where("id", "=", shopId).execute();
  buyer = await makeUser(t.db, "Người Mua");
  const media = appContext(t.db).media;
  bananaId = (await makeListing(t.db, media, farmer, { title: "Buồng chuối già hương", priceVnd: 350_000, stock: 500, weightGrams: 14_000 })).id;
});
afterAll(async () => {
  uninstall();
  forgetQuotes();
  await t?.drop();
});

/** A packed order going by this courier, paid at the door (or by transfer). */
async function packedOrder(courier: string, productId = bananaId, sellerKey = `shop-${shopId}`, seller = farmer, payment = "cod") {
  const { cartId } = await openCart(t.db, buyer, null);
  await addToCart(t.db, cartId, productId, 1);
  const input = checkoutSchema.parse({
    recipientName: "Đặng Minh Anh",
    recipientPhone: "0903000001",
    provinceCode: "01",
    wardCode: "00004",
    street: "12 Kim Mã",
    idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    delivery: { [sellerKey]: courier },
    payment: { [sellerKey]: payment },
  });
  const placed = await placeCheckout(t.db, buyer, cartId, input, { payments, couriers, paymentMinutes: 1440 });
  const order = await t.db.selectFrom("orders").selectAll().where("code", "=", placed.orderCodes[0]!).executeTakeFirstOrThrow();
  await applyOrderAction(t.db, { user: seller, role: "seller" }, order.id, { action: "accept", reason: "", courierName: "", trackingCode: "" });
  await applyOrderAction(t.db, { user: seller, role: "seller" }, order.id, { action: "pack", reason: "", courierName: "", trackingCode: "" });
  return order;
}

const orderState = (id: string) => t.db.selectFrom("orders").select(["status", "paid_at", "delivery_fee_vnd"]).where("id", "=", id).executeTakeFirstOrThrow();
const shipmentOf = (orderId: string) => t.db.selectFrom("shipments").selectAll().where("order_id", "=", orderId).where("status", "<>", "cancelled").executeTakeFirstOrThrow();

describe("delivery priced before checkout", () => {
  it("estimates each courier for the province picked, or the one last delivered to, the cheapest first", async () => {
    const key = `shop-${shopId}`;
    const bunch = { valueVnd: 350_000n, weightGrams: 14_000 };
    const toHanoi = (await estimateDelivery(t.db, couriers, key, bunch, "01"))!;
    expect(toHanoi.provinceName).toMatch(/Hà Nội/);
    const priced = toHanoi.options.filter((o) => o.feeVnd !== null);
    expect(priced.map((o) => o.courier).sort()).toEqual(["ghn", "ghtk", "self", "viettelpost", "vnpost"]);
    expect(priced.map((o) => Number(o.feeVnd))).toEqual(priced.map((o) => Number(o.feeVnd)).sort((a, b) => a - b));
    // Couriers say how many days; the farmer's own delivery does not.
    for (const o of priced) expect(o.days === null).toBe(o.courier === "self");
    // Nearer costs less than across the country, and a light parcel less than a 14 kg bunch.
    const near = (await estimateDelivery(t.db, couriers, key, bunch, "75"))!;
    const fee = (e: typeof near, courier: string) => Number(e.options.find((o) => o.courier === courier)!.feeVnd);
    expect(fee(near, "vnpost")).toBeLessThan(fee(toHanoi, "vnpost"));
    const light = (await estimateDelivery(t.db, couriers, key, { valueVnd: 50_000n, weightGrams: 500 }, "01"))!;
    expect(fee(light, "vnpost")).toBeLessThan(fee(toHanoi, "vnpost"));
    // A province that does not exist gets no estimate.
    expect(await estimateDelivery(t.db, couriers, key, bunch, "99")).toBeNull();

    const newcomer = await makeUser(t.db, "Khách Mới");
    expect(await estimateProvince(t.db, newcomer, null)).toBeNull();
    expect(await estimateProvince(t.db, newcomer, "48")).toBe("48");
    expect(await estimateProvince(t.db, null, "not-a-province")).toBeNull();
    await t.db.insertInto("addresses").values({ user_id: newcomer.id, recipient_name: "Khách Mới", phone: "0903999888", province_code: "01", ward_code: "00004", street: "1 Kim Mã" }).execute();
    expect(await estimateProvince(t.db, newcomer, null)).toBe("01");
  });
});

describe("booking a pickup", () => {
  it("prices the courier at checkout, books once however often it is tapped, and prints a label only for the seller", async () => {
    const order = await packedOrder("vnpost");
    // The delivery fee is the courier's quote for 14 kg from Đồng Nai to Hà Nội, not the farm's flat fee.
    expect(BigInt((await orderState(order.id)).delivery_fee_vnd)).toBeGreaterThan(30_000n);
    const codes = await Promise.all([bookPickup(t.db, couriers, farmer, order.id), bookPickup(t.db, couriers, farmer, order.id), bookPickup(t.db, couriers, farmer, order.id)]);
    expect(new Set(codes).size).toBe(1);
    expect(codes[0]).toMatch(/^EB[0-9]{9}VN$/);
    expect(courierSimulator("vnpost")!.book.all().filter((p) => p.clientOrderCode === order.code)).toHaveLength(1);
    const shipment = await shipmentOf(order.id);
    expect(shipment).toMatchObject({ status: "created", courier: "vnpost", client_order_code: order.code, weight_grams: 14_000 });
    expect(BigInt(shipment.cod_amount_vnd)).toBe(BigInt(order.total_vnd));

    const labels = await labelsFor(t.db, farmer, { orderCode: order.code });
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ trackingCode: codes[0], orderCode: order.code, codVnd: BigInt(order.total_vnd) });
    const pdf = await labelsPdf(labels, "vi");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // The buyer, or anyone else, gets no label.
    expect(await labelsFor(t.db, buyer, { orderCode: order.code })).toHaveLength(0);
    await expect(bookPickup(t.db, couriers, buyer, order.id)).rejects.toThrow();
  });

  it("cancels before pickup and books again under a new client code", async () => {
    const order = await packedOrder("ghn");
    const first = await bookPickup(t.db, couriers, farmer, order.id);
    await cancelPickup(t.db, couriers, farmer, order.id);
    expect((await orderState(order.id)).status).toBe("packed");
    const second = await bookPickup(t.db, couriers, farmer, order.id);
    expect(second).not.toBe(first);
    expect((await shipmentOf(order.id)).client_order_code).toBe(`${order.code}-2`);
    // Once picked up, it can no longer be cancelled.
    await courierSimulator("ghn")!.advance(second, "picked_up", "now");
    await expect(cancelPickup(t.db, couriers, farmer, order.id)).rejects.toBeInstanceOf(BookingError);
  });
});

describe("following the parcel", () => {
  it("moves the order only forward, once per event, whatever order or how often the webhooks come; COD collected pays it", async () => {
    const order = await packedOrder("vnpost");
    const code = await bookPickup(t.db, couriers, farmer, order.id);
    const sim = courierSimulator("vnpost")!;
    await sim.advance(code, "picked_up", "twice");
    expect((await orderState(order.id)).status).toBe("shipped");
    await sim.advance(code, "in_transit", "now");
    await sim.advance(code, "delivering", "out_of_order"); // delivering, then in_transit again
    expect((await shipmentOf(order.id)).status).toBe("delivering");
    await sim.advance(code, "failed_attempt", "now", "Không liên lạc được người nhận");
    expect((await shipmentOf(order.id)).status).toBe("failed_attempt");
    // The buyer hears of the failed attempt, with the courier's reason.
    await runDueJobs({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: appContext(t.db).media, meili: null, payments });
    expect((await listOutbox(t.db)).some((m) => m.recipient === buyer.phone && m.body.includes(order.code) && m.body.includes("Không liên lạc được người nhận"))).toBe(true);
    await sim.advance(code, "delivering", "now");
    await sim.advance(code, "delivered", "twice");
    const after = await orderState(order.id);
    expect(after.status).toBe("delivered");
    expect(after.paid_at).not.toBeNull();
    const shipment = await shipmentOf(order.id);
    expect(shipment.status).toBe("delivered");
    expect(shipment.cod_collected_vnd).toBe(order.total_vnd);
    const events = await t.db.selectFrom("order_events").select(["to_status", "actor_role"]).where("order_id", "=", order.id).orderBy("id").execute();
    expect(events.filter((e) => e.actor_role === "courier").map((e) => e.to_status)).toEqual(["shipped", "delivered"]);
    // Every distinct courier event is in the history once: picked up, in transit, delivering, failed, delivering, delivered (+ booked).
    const history = await t.db.selectFrom("shipment_events").select("status").where("shipment_id", "=", shipment.id).orderBy("id").execute();
    expect(history.map((h) => h.status)).toEqual(["created", "picked_up", "in_transit", "delivering", "failed_attempt", "delivering", "delivered"]);
  });

  it("refuses a forged webhook, keeps an unknown code flagged without moving anything, and polls a silent parcel", async () => {
    const order = await packedOrder("ghtk");
    const code = await bookPickup(t.db, couriers, farmer, order.id);
    replies.length = 0;
    const forged = await receiveCourierNotification(
      new Request("http://app.test/webhooks/couriers/ghtk", { method: "POST", body: JSON.stringify({ label_id: code, status_id: 5, action_time: new Date().toISOString() }), headers: { "Content-Type": "application/json" } }),
      { db: t.db, couriers },
      "ghtk",
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await orderState(order.id)).status).toBe("packed");
    await courierSimulator("ghtk")!.advance(code, "unknown", "now");
    const flagged = await t.db.selectFrom("courier_notifications").select("outcome").where("tracking_code", "=", code).execute();
    expect(flagged.map((f) => f.outcome)).toEqual(["unknown_status"]);
    expect((await shipmentOf(order.id)).status).toBe("created");
    // The courier says nothing (webhook lost): the poll finds the pickup.
    await courierSimulator("ghtk")!.advance(code, "picked_up", "none");
    await t.db.updateTable("shipments").set({ last_heard_at: new Date(Date.now() - 4 * 3_600_000) }).where("tracking_code", "=", code).execute();
    const polled = await pollSilentShipments(t.db, couriers);
    expect(polled.applied).toBeGreaterThanOrEqual(1);
    expect((await orderState(order.id)).status).toBe("shipped");
    // Polling again changes nothing: the same events are already in.
    await t.db.updateTable("shipments").set({ last_heard_at: new Date(Date.now() - 4 * 3_600_000) }).where("tracking_code", "=", code).execute();
    expect((await pollSilentShipments(t.db, couriers)).applied).toBe(0);
  });

  it("a returned parcel leaves the order returned", async () => {
    const order = await packedOrder("viettelpost");
    const code = await bookPickup(t.db, couriers, farmer, order.id);
    const sim = courierSimulator("viettelpost")!;
    for (const step of ["picked_up", "delivering", "failed_attempt", "returning", "returned"] as const) await sim.advance(code, step, "now");
    expect((await orderState(order.id)).status).toBe("returned");
    // A late delivered report cannot bring it back.
    await sim.advance(code, "delivered", "now");
    expect((await orderState(order.id)).status).toBe("returned");
  });

  it("lets the buyer confirm receipt while the parcel still shows in transit; the courier's later report leaves it completed and paid", async () => {
    const order = await packedOrder("ghn");
    const code = await bookPickup(t.db, couriers, farmer, order.id);
    const sim = courierSimulator("ghn")!;
    await sim.advance(code, "picked_up", "now");
    await sim.advance(code, "in_transit", "now");
    await applyOrderAction(t.db, { user: buyer, role: "buyer" }, order.id, { action: "complete", reason: "", courierName: "", trackingCode: "" });
    const completed = await orderState(order.id);
    expect(completed.status).toBe("completed");
    // She has it, so she paid the cash at the door.
    expect(completed.paid_at).not.toBeNull();
    await sim.advance(code, "delivered", "now");
    const after = await orderState(order.id);
    expect(after).toMatchObject({ status: "completed", paid_at: completed.paid_at });
    expect((await shipmentOf(order.id)).status).toBe("delivered");
  });

  it("lets the seller, once, put returned goods back on sale or write them off; nobody else", async () => {
    const stock = async () => (await t.db.selectFrom("products").select("stock").where("id", "=", bananaId).executeTakeFirstOrThrow()).stock;
    const back = async (courier: "ghn" | "viettelpost") => {
      const order = await packedOrder(courier);
      const code = await bookPickup(t.db, couriers, farmer, order.id);
      for (const step of ["picked_up", "failed_attempt", "returning", "returned"] as const) await courierSimulator(courier)!.advance(code, step, "now");
      return order;
    };
    const restocked = await back("ghn");
    const before = await stock();
    await expect(settleReturnedParcel(t.db, buyer, restocked.id, "restocked")).rejects.toThrow();
    const taps = await Promise.all([settleReturnedParcel(t.db, farmer, restocked.id, "restocked"), settleReturnedParcel(t.db, farmer, restocked.id, "restocked")]);
    expect(taps.filter(Boolean)).toHaveLength(1);
    expect(await stock()).toBe(before + 1);
    // Deciding again the other way changes nothing.
    expect(await settleReturnedParcel(t.db, farmer, restocked.id, "written_off")).toBe(false);
    expect((await shipmentOf(restocked.id)).return_outcome).toBe("restocked");

    const spoiled = await back("viettelpost");
    const beforeSpoiled = await stock();
    expect(await settleReturnedParcel(t.db, farmer, spoiled.id, "written_off")).toBe(true);
    expect(await stock()).toBe(beforeSpoiled);
    expect((await shipmentOf(spoiled.id)).return_outcome).toBe("written_off");
    // A parcel still on its way has nothing to decide.
    const moving = await packedOrder("ghn");
    await bookPickup(t.db, couriers, farmer, moving.id);
    expect(await settleReturnedParcel(t.db, farmer, moving.id, "restocked")).toBe(false);
  });
});

describe("cash on delivery with couriers", () => {
  it("reports per courier what was collected, paid over and still owed, flags what does not add up, and takes the seller's own record", async () => {
    const other = await makeFarmer(t.db, "Người Khác");
    const delivered = async (courier: "ghtk" | "ghn") => {
      const order = await packedOrder(courier);
      const code = await bookPickup(t.db, couriers, farmer, order.id);
      for (const step of ["picked_up", "delivering", "delivered"] as const) await courierSimulator(courier)!.advance(code, step, "now");
      return { order, code, total: BigInt(order.total_vnd) };
    };
    const paidInFull = await delivered("ghtk");
    const paidShort = await delivered("ghtk");
    const notYet = await delivered("ghtk");
    const byGhn = await delivered("ghn");
    const onTheWay = await packedOrder("ghtk");
    await bookPickup(t.db, couriers, farmer, onTheWay.id);
    expect((await orderState(paidInFull.order.id)).paid_at).not.toBeNull();

    expect(await ghtkReconcile(paidInFull.code)).toBe(true);
    expect(await ghtkReconcile(paidShort.code, Number(paidShort.total - 20_000n))).toBe(true);
    // A parcel is reconciled once.
    expect(await ghtkReconcile(paidInFull.code)).toBe(false);

    const report = await codReport(t.db, { shopId }, couriers.carriers.map((c) => c.id));
    const ghtkLine = report.find((r) => r.courier === "ghtk")!;
    const mine = (code: string) => ghtkLine.parcels.find((p) => p.orderCode === code)!;
    const collected = paidInFull.total + paidShort.total + notYet.total;
    // Earlier tests' GHTK parcels are in the report too; these figures are this test's share.
    expect(BigInt(ghtkLine.collectedVnd)).toBeGreaterThanOrEqual(collected);
    expect(mine(paidInFull.order.code)).toMatchObject({ collectedVnd: String(paidInFull.total), remittedVnd: String(paidInFull.total), flags: [], canRecordRemittance: false });
    expect(mine(paidShort.order.code).flags).toEqual(["remitted_differs"]);
    expect(mine(notYet.order.code)).toMatchObject({ remittedVnd: null, flags: [], canRecordRemittance: true });
    expect(mine(onTheWay.code)).toMatchObject({ status: "created", collectedVnd: null });
    const owed = ghtkLine.parcels.reduce((sum, p) => sum + (p.collectedVnd ? BigInt(p.collectedVnd) - BigInt(p.remittedVnd ?? "0") : 0n), 0n);
    expect(BigInt(ghtkLine.outstandingVnd)).toBe(owed);
    expect(owed).toBeGreaterThanOrEqual(notYet.total + 20_000n);
    expect(BigInt(ghtkLine.toCollectVnd)).toBeGreaterThanOrEqual(BigInt(onTheWay.total_vnd));

    // A week and more later, what was collected and not paid over is overdue.
    const later = await codReport(t.db, { shopId }, couriers.carriers.map((c) => c.id), new Date(Date.now() + 8 * 86_400_000));
    expect(later.find((r) => r.courier === "ghtk")!.parcels.find((p) => p.orderCode === notYet.order.code)!.flags).toEqual(["remittance_overdue"]);

    // GHN does not report its remittance: the seller records it from her statement, once; nobody else can.
    const ghnParcel = report.find((r) => r.courier === "ghn")!.parcels.find((p) => p.orderCode === byGhn.order.code)!;
    await expect(recordCodRemittance(t.db, other.user, ghnParcel.shipmentId, byGhn.total)).rejects.toThrow();
    await expect(recordCodRemittance(t.db, buyer, ghnParcel.shipmentId, byGhn.total)).rejects.toThrow();
    expect(await recordCodRemittance(t.db, farmer, ghnParcel.shipmentId, byGhn.total)).toBe(true);
    expect(await recordCodRemittance(t.db, farmer, ghnParcel.shipmentId, 1n)).toBe(false);
    const after = await codReport(t.db, { shopId }, couriers.carriers.map((c) => c.id));
    expect(after.find((r) => r.courier === "ghn")!.parcels.find((p) => p.orderCode === byGhn.order.code)).toMatchObject({ remittedVnd: String(byGhn.total), flags: [] });
    // The books agree: what each courier still owes on each order, the whole ledger balanced, nothing payable by us.
    const owedInBooks = async (orderId: string, courier: string) =>
      BigInt((await sql<{ n: string }>`select coalesce(sum(amount_vnd), 0)::text as n from ledger_lines where order_id = ${orderId} and account = ${`cod:courier:${courier}`}`.execute(t.db)).rows[0]!.n);
    expect(await owedInBooks(paidInFull.order.id, "ghtk")).toBe(0n);
    expect(await owedInBooks(paidShort.order.id, "ghtk")).toBe(20_000n);
    expect(await owedInBooks(notYet.order.id, "ghtk")).toBe(notYet.total);
    expect(await owedInBooks(byGhn.order.id, "ghn")).toBe(0n);
    expect(await ledgerTotal(t.db)).toBe(0n);
    const payable = await sql<{ n: string }>`select count(*)::text as n from ledger_lines where account like 'seller:%' and order_id = any(${[paidInFull, paidShort, notYet, byGhn].map((x) => x.order.id)}::bigint[])`.execute(t.db);
    expect(payable.rows[0]!.n).toBe("0");
    // Another seller's report holds none of this.
    expect(await codReport(t.db, { shopId: other.shop.id }, couriers.carriers.map((c) => c.id))).toEqual([]);
  });
});

describe("a co-op's day", () => {
  it("books five orders with GHN in one go and prints them in one PDF; a stranger's order in the batch is refused", async () => {
    const manager = await makeUser(t.db, "Quản Lý HTX");
    const coop = await createCooperative(t.db, manager, { name: "HTX Chôm Chôm", story: "", provinceCode: "75", wardCode: "25195", phone: "0902111222" });
    await t.db.updateTable("cooperatives").set({ couriers: ["ghn"], pickup_street: "Kho HTX", bank_bin: "970405", bank_account_number: "8800000002", bank_account_holder: "HTX CHOM CHOM" }).where("id", "=", coop.id).execute();
    const member = await makeFarmer(t.db, "Xã Viên");
    await joinCoop(t.db, manager, coop.id, member.user.phone);
    const listing = await makeListing(t.db, appContext(t.db).media, manager, { title: "Chôm chôm nhãn", priceVnd: 60_000, stock: 100, weightGrams: 1000, producerShopId: member.shop.id });
    const orders = [];
    for (let i = 0; i < 5; i++) orders.push(await packedOrder("ghn", listing.id, `coop-${coop.id}`, manager));
    const stranger = await packedOrder("ghn");
    const results = await bookPickups(t.db, couriers, manager, [...orders.map((o) => o.id), stranger.id]);
    expect(results.filter((r) => r.trackingCode)).toHaveLength(5);
    expect(results.at(-1)).toMatchObject({ orderId: stranger.id, trackingCode: null, error: "order.error.notYours" });
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const labels = await labelsFor(t.db, manager, { day });
    expect(labels.map((l) => l.orderCode).sort()).toEqual(orders.map((o) => o.code).sort());
    const pdf = (await labelsPdf(labels, "vi")).toString("latin1");
    expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(5);
  });
});
