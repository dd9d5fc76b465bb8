import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { approveClaim } from "~/catalog/claims.server";
import { allocateStamps, listLots, readStampCode, recordLot, scanStamp, stampCode, stampsToPrint, type LotInput } from "~/catalog/lots.server";
import { vietnamDay } from "~/lib/dates";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import { createCooperative } from "~/shops/cooperatives.server";
import { addToCart, openCart } from "~/orders/cart.server";
import { checkoutSchema, placeCheckout } from "~/orders/checkout.server";
import { createPaymentRegistry } from "~/payments/registry.server";
import { nameOrderLot, orderLots } from "~/catalog/lots.server";
import { makeListing } from "../support/catalog";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, joinCoop, makeFarmer, makeUser, TEST_BANK_SECRET } from "../support/fixtures";

const SECRET = "test-stamp-secret-test-stamp-secret-0";
let t: TestDatabase;
let people: Record<"owner" | "otherFarmer" | "manager" | "member" | "buyer" | "admin", PublicUser>;

beforeAll(async () => {
  t = await createTestDatabase();
  const owner = (await makeFarmer(t.db, "Chủ Vườn")).user;
  const otherFarmer = (await makeFarmer(t.db, "Vườn Bên Cạnh")).user;
  const member = (await makeFarmer(t.db, "Xã Viên")).user;
  const manager = await makeUser(t.db, "Quản Lý HTX");
  const buyer = await makeUser(t.db, "Người Mua");
  const admin = await makeUser(t.db, "Quản Trị");
  await t.db.updateTable("users").set({ is_admin: true }).where("id", "=", admin.id).execute();
  const coop = await createCooperative(t.db, manager, { name: "HTX Cà Phê", story: "", provinceCode: "75", wardCode: "26080", phone: "0902111112" });
  await joinCoop(t.db, manager, coop.id, member.phone);
  people = { owner, otherFarmer, manager, member, buyer, admin: { ...admin, is_admin: true } };
});
afterAll(async () => {
  await t.drop();
});

const lotInput = (overrides: Partial<LotInput> = {}): LotInput => ({ harvestedOn: "2026-11-20", quantity: 20, provinceCode: "75", wardCode: "26080", notes: "", ...overrides });
const farmProduct = (overrides = {}) => makeListing(t.db, appContext(t.db).media, people.owner, overrides);

describe("stamp codes", () => {
  it("reads back what it signed, and refuses a code with any character changed or made with another secret", () => {
    const code = stampCode(SECRET, "7K2M9QXA", 42);
    expect(code).toMatch(/^7K2M9QXA-42-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(readStampCode(SECRET, code)).toEqual({ lotCode: "7K2M9QXA", serial: 42 });
    // Lower-case, as a phone keyboard might type it.
    expect(readStampCode(SECRET, code.toLowerCase())).toEqual({ lotCode: "7K2M9QXA", serial: 42 });
    for (let i = 0; i < code.length; i++) {
      if (code[i] === "-") continue;
      const altered = code.slice(0, i) + (code[i] === "1" ? "2" : "1") + code.slice(i + 1);
      expect(readStampCode(SECRET, altered), altered).toBeNull();
    }
    expect(readStampCode("another-secret-another-secret-another", code)).toBeNull();
    expect(readStampCode(SECRET, "not a stamp")).toBeNull();
  });
});

describe("lots", () => {
  it("keeps the certifications verified when the lot is recorded, and refuses a harvest to come or an unknown ward", async () => {
    const product = await farmProduct({ vietgap: true, vietgapNumber: "VG-2026-0001", ocopStars: "4", ocopNumber: "OCOP-75-0042" });
    const claims = await t.db.selectFrom("product_claims").select(["id", "kind"]).where("product_id", "=", product.id).execute();
    await approveClaim(t.db, people.admin, claims.find((c) => c.kind === "ocop")!.id);
    const lot = await recordLot(t.db, people.owner, product.id, lotInput({ notes: "Phơi nắng 12 ngày" }));
    expect(lot.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    // Only the verified OCOP rating: VietGAP still waits for an admin.
    expect(lot.certifications).toEqual([{ kind: "ocop", stars: 4, certificate: "OCOP-75-0042" }]);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    await expect(recordLot(t.db, people.owner, product.id, lotInput({ harvestedOn: vietnamDay(tomorrow) }))).rejects.toMatchObject({ field: "harvestedOn", messageKey: "trace.errorFuture" });
    await expect(recordLot(t.db, people.owner, product.id, lotInput({ harvestedOn: "2015-01-01" }))).rejects.toBeInstanceOf(FieldError);
    await expect(recordLot(t.db, people.owner, product.id, lotInput({ wardCode: "00001" }))).rejects.toMatchObject({ field: "wardCode" });
  });

  it("only the farm that sells the product, or the co-op manager for a member's, records its lots and prints its stamps", async () => {
    const product = await farmProduct();
    for (const who of ["otherFarmer", "manager", "buyer"] as const) {
      await expect(recordLot(t.db, people[who], product.id, lotInput())).rejects.toBeInstanceOf(ForbiddenError);
    }
    const lot = await recordLot(t.db, people.owner, product.id, lotInput());
    await expect(allocateStamps(t.db, people.otherFarmer, lot.id, 10)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(stampsToPrint(t.db, people.buyer, lot.id, SECRET, { from: 1, to: 10 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listLots(t.db, people.otherFarmer, product.id)).rejects.toBeInstanceOf(ForbiddenError);

    const memberShop = await t.db.selectFrom("shops").select("id").where("owner_id", "=", people.member.id).executeTakeFirstOrThrow();
    const coopProduct = await makeListing(t.db, appContext(t.db).media, people.manager, { producerShopId: memberShop.id });
    const coopLot = await recordLot(t.db, people.manager, coopProduct.id, lotInput());
    // The member farmer sees the lots of what the co-op sells in her name, but does not run them.
    expect((await listLots(t.db, people.member, coopProduct.id)).lots.map((l) => l.code)).toEqual([coopLot.code]);
    await expect(recordLot(t.db, people.member, coopProduct.id, lotInput())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("never hands out a serial twice, prints only serials set aside, and refuses a count it cannot print", async () => {
    const lot = await recordLot(t.db, people.owner, (await farmProduct()).id, lotInput());
    const [a, b] = await Promise.all([allocateStamps(t.db, people.owner, lot.id, 3), allocateStamps(t.db, people.owner, lot.id, 3)]);
    const ranges = [a, b].map((r) => ("from" in r ? [r.from, r.to] : null)).sort((x, y) => (x?.[0] ?? 0) - (y?.[0] ?? 0));
    expect(ranges).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(await allocateStamps(t.db, people.owner, lot.id, 0)).toMatchObject({ refused: "count" });
    expect(await allocateStamps(t.db, people.owner, lot.id, 1001)).toMatchObject({ refused: "count" });
    const { codes } = await stampsToPrint(t.db, people.owner, lot.id, SECRET, { from: 5, to: 50 });
    expect(codes.map((c) => c.serial)).toEqual([5, 6]);
    expect(codes[0]!.code).toBe(stampCode(SECRET, lot.code, 5));
  });
});

describe("scanning a stamp", () => {
  it("counts scans per stamp, flags one scanned far beyond its share of the lot, and knows nothing of a serial never printed", async () => {
    const lot = await recordLot(t.db, people.owner, (await farmProduct()).id, lotInput({ quantity: 4 }));
    await allocateStamps(t.db, people.owner, lot.id, 4);
    const first = await scanStamp(t.db, SECRET, stampCode(SECRET, lot.code, 1), true);
    expect(first).toMatchObject({ serial: 1, scans: 1, suspicious: false });
    expect(first?.lot.title).toBe("Buồng chuối già hương");
    // A look that does not count (the same phone again) still shows the count.
    expect(await scanStamp(t.db, SECRET, stampCode(SECRET, lot.code, 1), false)).toMatchObject({ scans: 1 });
    // One bunch per stamp: ten scans are fair, the eleventh is not.
    for (let i = 0; i < 9; i++) await scanStamp(t.db, SECRET, stampCode(SECRET, lot.code, 1), true);
    expect(await scanStamp(t.db, SECRET, stampCode(SECRET, lot.code, 1), false)).toMatchObject({ scans: 10, suspicious: false });
    expect(await scanStamp(t.db, SECRET, stampCode(SECRET, lot.code, 1), true)).toMatchObject({ scans: 11, suspicious: true });
    // The other stamps of the lot are untouched.
    expect(await scanStamp(t.db, SECRET, stampCode(SECRET, lot.code, 2), true)).toMatchObject({ scans: 1, suspicious: false });
    // Signed, but serial 5 was never set aside: not a stamp that exists.
    expect(await scanStamp(t.db, SECRET, stampCode(SECRET, lot.code, 5), true)).toBeNull();
    expect(await scanStamp(t.db, SECRET, stampCode(SECRET, "ZZZZZZZZ", 1), true)).toBeNull();
    const { lots } = await listLots(t.db, people.owner, lot.product_id);
    expect(lots.find((l) => l.id === lot.id)).toMatchObject({ stamps_printed: 4, scans: 12 });
  });
});

describe("orders name their lots", () => {
  it("the seller names the lot a line ships from, among that product's lots only; the buyer sees it; nobody else may", async () => {
    const product = await farmProduct();
    const other = await farmProduct();
    const lot = await recordLot(t.db, people.owner, product.id, lotInput());
    const otherLot = await recordLot(t.db, people.owner, other.id, lotInput());
    const { cartId } = await openCart(t.db, people.buyer, null);
    await addToCart(t.db, cartId, product.id, 1);
    const payments = createPaymentRegistry({ bankWebhookSecret: TEST_BANK_SECRET, momo: null });
    const key = `shop-${product.producer_shop_id}`;
    const input = checkoutSchema.parse({
      recipientName: "Đặng Minh Anh",
      recipientPhone: "0903000001",
      provinceCode: "75",
      wardCode: "25195",
      street: "12 Lê Lợi",
      idempotencyKey: `key-${Date.now()}-lots`,
      delivery: { [key]: "self" },
      payment: { [key]: "vietqr" },
    });
    const [code] = (await placeCheckout(t.db, people.buyer, cartId, input, { payments, paymentMinutes: 1440 })).orderCodes;
    const orderId = (await t.db.selectFrom("orders").select("id").where("code", "=", code!).executeTakeFirstOrThrow()).id;

    expect(await nameOrderLot(t.db, people.owner, orderId, product.id, otherLot.id)).toBe(false);
    await expect(nameOrderLot(t.db, people.buyer, orderId, product.id, lot.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(nameOrderLot(t.db, people.otherFarmer, orderId, product.id, lot.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await nameOrderLot(t.db, people.owner, orderId, product.id, lot.id)).toBe(true);

    const forSeller = await orderLots(t.db, orderId, [product.id], true);
    expect(forSeller.named.get(product.id)).toEqual({ code: lot.code, harvestedOn: "2026-11-20" });
    expect(forSeller.choices.get(product.id)?.map((l) => l.code)).toEqual([lot.code]);
    const forBuyer = await orderLots(t.db, orderId, [product.id], false);
    expect(forBuyer.named.get(product.id)?.code).toBe(lot.code);
    expect(forBuyer.choices.size).toBe(0);
    // And unnamed again.
    expect(await nameOrderLot(t.db, people.owner, orderId, product.id, null)).toBe(true);
    expect((await orderLots(t.db, orderId, [product.id], false)).named.size).toBe(0);
  });
});
