import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { addToCart, openCart } from "~/orders/cart.server";
import { placeCheckout } from "~/orders/checkout.server";
import { applyOrderAction, expireOrder } from "~/orders/orders.server";
import { ledgerTotal } from "~/payments/ledger.server";
import { refundOrder, refundPayment, refundShortShipment, refundsWaiting, settleBeforeExpiry, startPayment } from "~/payments/payments.server";
import { sellerOrderMoney } from "~/payments/payouts.server";
import { reconciliation } from "~/payments/reconciliation.server";
import type { PaymentProvider } from "~/payments/provider";
import { MOMO_SIMULATOR_SETTINGS } from "~/payments/simulators/momo-simulator.server";
import { simulatorRoot } from "~/payments/simulators/simulators.server";
import { makeListing } from "../support/catalog";
import { appContext, makeFarmer, makeUser } from "../support/fixtures";
import { gatewayHarness, walletCheckout, type GatewayHarness } from "../support/gateway";
import { queuedNotifications } from "../support/notifications";

/**
 * A cart from two farms paid by wallet is one trip to MoMo: one attempt for both orders, the
 * ledger splitting it per seller, and each order's part refunded on its own.
 */
let h: GatewayHarness;
let momo: PaymentProvider;
let second: { user: PublicUser; shopId: string; productId: string };

beforeAll(async () => {
  h = await gatewayHarness(
    "momo",
    (url) => ({ momo: { ...MOMO_SIMULATOR_SETTINGS, endpoint: `${url}${simulatorRoot("momo")}/api`, feeBps: 150 }, money: { commissionBps: 500, holdDays: 0 } }),
    { farm: "Bà Sáu Xoài", title: "Xoài cát Hòa Lộc", priceVnd: 120_000 },
  );
  momo = h.context.payments.get("momo")!;
  const f = await makeFarmer(h.t.db, "Chú Bảy Bưởi");
  const listing = await makeListing(h.t.db, appContext(h.t.db).media, f.user, { title: "Bưởi da xanh", priceVnd: 80_000, stock: 100 });
  second = { user: f.user, shopId: f.shop.id, productId: listing.id };
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await ledgerTotal(h.t.db)).toBe(0n);
});

/** A buyer's cart with both farms' goods, placed to be paid by MoMo: two orders of one checkout. */
async function twoFarmCheckout() {
  const buyer = await makeUser(h.t.db, "Khách Hai Vườn");
  const { cartId } = await openCart(h.t.db, buyer, null);
  await addToCart(h.t.db, cartId, h.productId, 1);
  await addToCart(h.t.db, cartId, second.productId, 2);
  const keys = [`shop-${h.farmer.shopId}`, `shop-${second.shopId}`];
  const placed = await placeCheckout(
    h.t.db,
    buyer,
    cartId,
    walletCheckout(Object.fromEntries(keys.map((k) => [k, "momo"]))),
    { payments: h.context.payments, paymentMinutes: 60 },
  );
  const orders = await h.t.db.selectFrom("orders").selectAll().where("code", "in", placed.orderCodes).orderBy("id").execute();
  return { buyer, orders };
}

async function pay(payUrl: string, outcome: string) {
  const chosen = await fetch(payUrl, { method: "POST", body: new URLSearchParams({ outcome }), redirect: "manual" });
  expect(chosen.status).toBe(302);
}

const sellerBalance = async (shopId: string) =>
  BigInt((await sql<{ v: string }>`select coalesce(-sum(amount_vnd), 0)::text as v from ledger_lines where account = ${`seller:shop:${shopId}`}`.execute(h.t.db)).rows[0]!.v);

describe("one wallet payment for a checkout from several farms", () => {
  it("pays both orders in one trip, and the books owe each farm its own order less commission and its share of the fee", async () => {
    const { orders } = await twoFarmCheckout();
    const [a, b] = orders;
    const total = BigInt(a!.total_vnd) + BigInt(b!.total_vnd);
    const url = await startPayment(h.t.db, momo, b!, { publicUrl: h.base, locale: "vi" });
    // The other order's page leads to the same payment.
    expect(await startPayment(h.t.db, momo, a!, { publicUrl: h.base, locale: "vi" })).toBe(url);
    const attempts = await h.t.db.selectFrom("payments").selectAll().where("order_id", "in", [a!.id, b!.id]).execute();
    expect(attempts).toHaveLength(1);
    expect(BigInt(attempts[0]!.amount_vnd)).toBe(total);
    const page = await (await fetch(url)).text();
    expect(page).toContain(a!.code);
    expect(page).toContain(b!.code);

    await pay(url, "thrice");
    expect(await h.statusOf(a!.id)).toBe("paid");
    expect(await h.statusOf(b!.id)).toBe("paid");
    const fee = momo.fee(total);
    const feeA = (fee * BigInt(a!.total_vnd)) / total;
    const owedA = BigInt(a!.total_vnd) - (BigInt(a!.total_vnd) * 500n) / 10_000n - feeA;
    const owedB = BigInt(b!.total_vnd) - (BigInt(b!.total_vnd) * 500n) / 10_000n - (fee - feeA);
    expect(await sellerBalance(h.farmer.shopId)).toBe(owedA);
    expect(await sellerBalance(second.shopId)).toBe(owedB);
    // Her money page shows her order's own total, fee share and net, not the whole payment's.
    expect(await sellerOrderMoney(h.t.db, `seller:shop:${h.farmer.shopId}`)).toContainEqual(
      expect.objectContaining({ code: a!.code, total: a!.total_vnd, fee: String(feeA), net: String(owedA) }),
    );
    const journals = await h.t.db.selectFrom("ledger_journals").select("kind").where("payment_id", "=", attempts[0]!.id).execute();
    expect(journals).toEqual([{ kind: "payment" }]);
  });

  it("gives back only the declined farm's part through MoMo; the other order stays paid until it too is cancelled", async () => {
    const { buyer, orders } = await twoFarmCheckout();
    const [a, b] = orders;
    await pay(await startPayment(h.t.db, momo, a!, { publicUrl: h.base, locale: "vi" }), "success");
    const before = await sellerBalance(h.farmer.shopId);
    await applyOrderAction(h.t.db, { user: h.farmer.user, role: "seller" }, a!.id, { action: "decline", reason: "Xoài chưa chín", courierName: "", trackingCode: "" });
    await refundOrder(h.t.db, h.context.payments, a!.id);
    expect(await h.statusOf(a!.id)).toBe("refunded");
    expect(await h.statusOf(b!.id)).toBe("paid");
    const [attempt] = await h.t.db.selectFrom("payments").selectAll().where("order_id", "in", [a!.id, b!.id]).execute();
    expect(attempt!.state).toBe("paid");
    const parts = await h.t.db.selectFrom("payment_orders").select(["order_id", "refunded_at"]).where("payment_id", "=", attempt!.id).orderBy("order_id").execute();
    expect(parts.map((p) => p.refunded_at !== null)).toEqual([true, false]);
    // The farm's books lose exactly what this order had brought it.
    const total = BigInt(a!.total_vnd) + BigInt(b!.total_vnd);
    const ownOrderNet = BigInt(a!.total_vnd) - (BigInt(a!.total_vnd) * 500n) / 10_000n - (momo.fee(total) * BigInt(a!.total_vnd)) / total;
    expect(before - (await sellerBalance(h.farmer.shopId))).toBe(ownOrderNet);
    // A second run of the job finds nothing left to give back for that order.
    expect(await refundPayment(h.t.db, h.context.payments, attempt!.id, a!.id)).toBe("gone");

    await applyOrderAction(h.t.db, { user: buyer, role: "buyer" }, b!.id, { action: "cancel", reason: "", courierName: "", trackingCode: "" });
    await refundOrder(h.t.db, h.context.payments, b!.id);
    expect(await h.statusOf(b!.id)).toBe("refunded");
    const done = await h.t.db.selectFrom("payments").select("state").where("id", "=", attempt!.id).executeTakeFirstOrThrow();
    expect(done.state).toBe("refunded");
  });

  it("pays the order still waiting and sends back the part of one that expired before the money came", async () => {
    const { orders } = await twoFarmCheckout();
    const [a, b] = orders;
    const url = await startPayment(h.t.db, momo, a!, { publicUrl: h.base, locale: "vi" });
    await h.t.db.updateTable("orders").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", a!.id).execute();
    await settleBeforeExpiry(h.t.db, h.context.payments, a!.id);
    expect(await expireOrder(h.t.db, a!.id)).toBe(true);
    await pay(url, "success");
    expect(await h.statusOf(a!.id)).toBe("expired");
    expect(await h.statusOf(b!.id)).toBe("paid");
    const [attempt] = await h.t.db.selectFrom("payments").select("id").where("order_id", "=", a!.id).execute();
    const job = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs where key = ${`payment_refund:${attempt!.id}:${a!.id}`}`.execute(h.t.db);
    expect(job.rows[0]?.n).toBe("1");
    expect(await refundPayment(h.t.db, h.context.payments, attempt!.id, a!.id)).toBe("refunded");
    expect(await h.statusOf(b!.id)).toBe("paid");
  });

  it("refunds through MoMo only what a farm did not send when it ships part, gives the stock back, and the books take back that much", async () => {
    const { buyer, orders } = await twoFarmCheckout();
    const b = orders[1]!; // Chú Bảy's order: 2 × bưởi at 80.000 ₫
    await pay(await startPayment(h.t.db, momo, b, { publicUrl: h.base, locale: "vi" }), "success");
    const seller = { user: second.user, role: "seller" as const };
    const stockBefore = (await h.t.db.selectFrom("products").select("stock").where("id", "=", second.productId).executeTakeFirstOrThrow()).stock;
    for (const action of ["accept", "pack"] as const) await applyOrderAction(h.t.db, seller, b.id, { action, reason: "", courierName: "", trackingCode: "" });
    // Sending more than was ordered, or nothing at all, is refused with a clear reason.
    await expect(applyOrderAction(h.t.db, seller, b.id, { action: "ship", reason: "", courierName: "", trackingCode: "", sent: { [second.productId]: 3 } })).rejects.toMatchObject({ messageKey: "order.error.sentQuantity" });
    await expect(applyOrderAction(h.t.db, seller, b.id, { action: "ship", reason: "", courierName: "", trackingCode: "", sent: { [second.productId]: 0 } })).rejects.toMatchObject({ messageKey: "order.error.shipNothing" });
    const balanceBefore = await sellerBalance(second.shopId);
    await applyOrderAction(h.t.db, seller, b.id, { action: "ship", reason: "", courierName: "VNPost", trackingCode: "EB123", sent: { [second.productId]: 1 } });
    expect(await h.statusOf(b.id)).toBe("shipped");
    const stockAfter = (await h.t.db.selectFrom("products").select("stock").where("id", "=", second.productId).executeTakeFirstOrThrow()).stock;
    expect(stockAfter).toBe(stockBefore + 1);
    expect(await refundsWaiting(h.t.db, b.id)).toMatchObject([{ provider: "momo", amount_vnd: "80000" }]);
    const job = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs where key = ${`refund_part:${b.id}`}`.execute(h.t.db);
    expect(job.rows[0]?.n).toBe("1");

    expect(await refundShortShipment(h.t.db, h.context.payments, b.id)).toBe("refunded");
    expect(await refundShortShipment(h.t.db, h.context.payments, b.id)).toBe("gone"); // a retried job gives nothing twice
    expect(await refundsWaiting(h.t.db, b.id)).toEqual([]);
    const [part] = await h.t.db.selectFrom("payment_orders").select(["refunded_vnd", "refunded_at"]).where("order_id", "=", b.id).execute();
    expect(part).toEqual({ refunded_vnd: "80000", refunded_at: null });
    // The farm gives back the bưởi it did not send, less the commission the marketplace gives back on it.
    expect(balanceBefore - (await sellerBalance(second.shopId))).toBe(80_000n - (80_000n * 500n) / 10_000n);
    // Reconciliation counts it as refunded, and finds the books in agreement.
    const recon = await reconciliation(h.t.db);
    expect(recon.providers.find((p) => p.provider === "momo")?.refundedVnd).toBeGreaterThanOrEqual(80_000n);
    expect(recon.differences).toEqual([]);
    const flags = await h.t.db.selectFrom("payment_flags").select(["kind", "amount_vnd", "detail"]).where("order_id", "=", b.id).execute();
    expect(flags).toEqual([{ kind: "short_shipped", amount_vnd: "80000", detail: "momo" }]);
    // The buyer is told both: what did not come, and that its money is back.
    const told = (await queuedNotifications(h.t.db)).filter((m) => m.phone === buyer.phone && m.subject.includes(b.code));
    expect(told.map((r) => r.subject)).toEqual(expect.arrayContaining([`Đơn ${b.code}: gửi thiếu hàng`, `Đơn ${b.code}: đã hoàn một phần`]));
  });
});
