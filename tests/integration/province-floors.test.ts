import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { approveClaim } from "~/catalog/claims.server";
import { vietnamDay } from "~/lib/dates";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import { addToCart, openCart } from "~/orders/cart.server";
import { checkoutSchema, placeCheckout } from "~/orders/checkout.server";
import { applyOrderAction } from "~/orders/orders.server";
import { createPaymentRegistry } from "~/payments/registry.server";
import { floorFigures, floorOcopGoods } from "~/provinces/floor.server";
import { answerOfficerGrant, canSeeProvinceSales, endOfficerGrant, grantOfficer, officerGrant, provinceSales, provincesCompared } from "~/provinces/sales.server";
import { makeListing } from "../support/catalog";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, makeFarmer, makeUser, TEST_BANK_SECRET } from "../support/fixtures";

let t: TestDatabase;
let farmer: PublicUser;
let buyer: PublicUser;
let secondBuyer: PublicUser;
let admin: PublicUser;
const today = vietnamDay();
const period = { from: today, to: today };

beforeAll(async () => {
  t = await createTestDatabase();
  farmer = (await makeFarmer(t.db, "Nhà Vườn Đồng Nai")).user; // shop in province 75, ward 25195
  buyer = await makeUser(t.db, "Người Mua Một");
  secondBuyer = await makeUser(t.db, "Người Mua Hai");
  const a = await makeUser(t.db, "Quản Trị");
  await t.db.updateTable("users").set({ is_admin: true }).where("id", "=", a.id).execute();
  admin = { ...a, is_admin: true };
});
afterAll(async () => {
  await t.drop();
});

async function order(who: PublicUser, productId: string, shopId: string, quantity: number, also: Array<[productId: string, quantity: number]> = []) {
  const { cartId } = await openCart(t.db, who, null);
  await addToCart(t.db, cartId, productId, quantity);
  for (const [id, n] of also) await addToCart(t.db, cartId, id, n);
  const key = `shop-${shopId}`;
  const input = checkoutSchema.parse({
    recipientName: who.full_name,
    recipientPhone: who.phone,
    provinceCode: "01",
    wardCode: "00004",
    street: "1 Tràng Tiền",
    idempotencyKey: `floor-${who.id}-${productId}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
    delivery: { [key]: "self" },
    payment: { [key]: "cod" },
  });
  const payments = createPaymentRegistry({ bankWebhookSecret: TEST_BANK_SECRET, momo: null });
  const [code] = (await placeCheckout(t.db, who, cartId, input, { payments, paymentMinutes: 1440 })).orderCodes;
  return (await t.db.selectFrom("orders").select(["id", "seller_province_code"]).where("code", "=", code!).executeTakeFirstOrThrow());
}

async function deliver(orderId: string) {
  const seller = { user: farmer, role: "seller" as const };
  for (const action of ["accept", "pack", "ship", "deliver"] as const) await applyOrderAction(t.db, seller, orderId, { action, reason: "", courierName: "", trackingCode: "" });
}

describe("a province's trade floor and its sales", () => {
  it("counts stalls, OCOP goods by stars and deliveries; the officer's figures add up by category, ward and stars, with returning buyers and courier times", async () => {
    const media = appContext(t.db).media;
    const bananas = await makeListing(t.db, media, farmer, { title: "Chuối già hương", priceVnd: 100000, stock: 50, provinceCode: "75", wardCode: "25195" });
    const jam = await makeListing(t.db, media, farmer, { title: "Mứt chuối", category: "banh-keo-mut", priceVnd: 40000, stock: 50, ocopStars: "4", ocopNumber: "OCOP-75-0001", provinceCode: "75", wardCode: "25195" });
    const jackfruit = await makeListing(t.db, media, farmer, { title: "Mít Thái", category: "trai-cay", priceVnd: 50000, stock: 50, provinceCode: "75", wardCode: "25195" });
    const claim = await t.db.selectFrom("product_claims").select("id").where("product_id", "=", jam.id).where("kind", "=", "ocop").executeTakeFirstOrThrow();
    // Claimed but not yet verified: the floor does not count it.
    expect((await floorFigures(t.db, "75")).ocopByStars).toEqual([{ stars: 3, count: 0 }, { stars: 4, count: 0 }, { stars: 5, count: 0 }]);
    await approveClaim(t.db, admin, claim.id);

    const first = await order(buyer, bananas.id, bananas.producer_shop_id, 2); // 200,000 đ
    expect(first.seller_province_code).toBe("75");
    await order(buyer, jam.id, jam.producer_shop_id, 3); // 120,000 đ, the same buyer again
    // Two fruit lines in one order: the fruit category counts that order once.
    await order(secondBuyer, bananas.id, bananas.producer_shop_id, 1, [[jackfruit.id, 1]]); // 100,000 + 50,000 đ
    await deliver(first.id);
    // Cancelled by the buyer: not a sale.
    const cancelled = await order(secondBuyer, jam.id, jam.producer_shop_id, 1);
    await applyOrderAction(t.db, { user: secondBuyer, role: "buyer" }, cancelled.id, { action: "cancel", reason: "Đặt nhầm", courierName: "", trackingCode: "" });

    const figures = await floorFigures(t.db, "75");
    expect(figures).toMatchObject({ farms: 1, coops: 0, products: 3, deliveredThisMonth: 1 });
    expect(figures.ocopByStars).toEqual([{ stars: 3, count: 0 }, { stars: 4, count: 1 }, { stars: 5, count: 0 }]);
    // Six months, oldest first, this one last with its delivery.
    expect(figures.deliveredByMonth).toHaveLength(6);
    expect(figures.deliveredByMonth.at(-1)).toEqual({ month: today.slice(0, 7), count: 1 });
    expect(figures.deliveredByMonth.slice(0, 5).every((m) => m.count === 0 && m.month < today.slice(0, 7))).toBe(true);
    expect((await floorOcopGoods(t.db, "75")).map((c) => [c.title, c.stars])).toEqual([["Mứt chuối", 4]]);
    expect((await floorFigures(t.db, "01")).products).toBe(0);

    const sales = await provinceSales(t.db, "75", period);
    expect(sales).toMatchObject({ orders: 3, value: 470000n, buyers: 2, returningBuyers: 1, returningShare: 0.5 });
    expect(sales.byCategory).toEqual([
      { key: "trai-cay", orders: 2, value: 350000n },
      { key: "banh-keo-mut", orders: 1, value: 120000n },
    ]);
    expect(sales.byWard).toEqual([{ key: "25195", orders: 3, value: 470000n }]);
    expect(sales.byStars).toEqual([
      { key: "4", orders: 1, value: 120000n },
      { key: "0", orders: 2, value: 350000n },
    ]);
    expect(sales.top.map((p) => [p.title, p.units, p.value])).toEqual([["Chuối già hương", 3, 300000n], ["Mứt chuối", 3, 120000n], ["Mít Thái", 1, 50000n]]);
    expect(sales.couriers).toHaveLength(1);
    expect(sales.couriers[0]).toMatchObject({ courier: "self", delivered: 1 });
    expect(sales.couriers[0]!.medianHours).toBeGreaterThanOrEqual(0);
    // Another province, or a period before any order, shows nothing.
    expect((await provinceSales(t.db, "01", period)).orders).toBe(0);
    expect((await provinceSales(t.db, "75", { from: "2020-01-01", to: "2020-01-31" })).orders).toBe(0);

    const compared = await provincesCompared(t.db, period);
    expect(compared.find((r) => r.code === "75")).toMatchObject({ farms: 1, products: 3, ocop: 1, orders: 3, delivered: 1, value: 470000n });
  });
});

describe("province officers", () => {
  it("sees figures only once she accepts, only for her province, until she steps down or an admin withdraws it", async () => {
    const officer = await makeUser(t.db, "Cán Bộ Tỉnh");
    await expect(grantOfficer(t.db, farmer, { phone: officer.phone, provinceCode: "75" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(grantOfficer(t.db, admin, { phone: "0999", provinceCode: "75" })).rejects.toBeInstanceOf(FieldError);
    await expect(grantOfficer(t.db, admin, { phone: officer.phone, provinceCode: "99" })).rejects.toMatchObject({ field: "provinceCode" });
    const grantId = await grantOfficer(t.db, admin, { phone: officer.phone, provinceCode: "75" });
    // One province at a time, even when asked twice.
    await expect(grantOfficer(t.db, admin, { phone: officer.phone, provinceCode: "01" })).rejects.toMatchObject({ messageKey: "floor.error.alreadyOfficer" });

    expect(await officerGrant(t.db, officer)).toEqual({ id: grantId, provinceCode: "75", accepted: false });
    expect(await canSeeProvinceSales(t.db, officer, "75")).toBe(false);
    // Nobody else may answer for her.
    await expect(answerOfficerGrant(t.db, farmer, grantId, true)).rejects.toBeInstanceOf(ForbiddenError);
    await answerOfficerGrant(t.db, officer, grantId, true);
    expect(await canSeeProvinceSales(t.db, officer, "75")).toBe(true);
    expect(await canSeeProvinceSales(t.db, officer, "01")).toBe(false);
    expect(await canSeeProvinceSales(t.db, farmer, "75")).toBe(false);
    expect(await canSeeProvinceSales(t.db, admin, "01")).toBe(true);

    await expect(endOfficerGrant(t.db, farmer, grantId)).rejects.toBeInstanceOf(ForbiddenError);
    await endOfficerGrant(t.db, admin, grantId);
    expect(await canSeeProvinceSales(t.db, officer, "75")).toBe(false);
    expect(await officerGrant(t.db, officer)).toBeNull();

    // Declined: nothing is granted, and she may be asked again later.
    const again = await grantOfficer(t.db, admin, { phone: officer.phone, provinceCode: "01" });
    await answerOfficerGrant(t.db, officer, again, false);
    expect(await officerGrant(t.db, officer)).toBeNull();
    await expect(answerOfficerGrant(t.db, officer, again, true)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
