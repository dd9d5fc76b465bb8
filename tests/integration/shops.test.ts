import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerInvitation,
  createCooperative,
  createInvitation,
  inviteMemberByPhone,
  listInvitationsForFarmer,
  listOpenInvitations,
  getMembership,
  joinByInviteCode,
  leaveCooperative,
  listMembers,
  removeMember,
  updateCooperative,
} from "~/shops/cooperatives.server";
import { createShop, getPublicShop, searchSellers, shopSchema, updateShop } from "~/shops/shops.server";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { joinCoop, makeFarmer, makeUser, shopInput } from "../support/fixtures";
import { runDueJobs } from "~/jobs/worker.server";
import { createOutboxNotifier, listOutbox } from "~/notify/notifier.server";
import { appContext } from "../support/fixtures";
import { changeListingStatus, createListing, listingAccess } from "~/catalog/listings.server";
import { listingInput, makeListing } from "../support/catalog";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const coopInput = { name: "HTX Thử Nghiệm", story: "", provinceCode: "75", wardCode: "26080", phone: "0902999999" };

describe("farm shops", () => {
  it("opens one shop per farmer with a readable slug", async () => {
    const user = await makeUser(t.db, "Bà Tư");
    const shop = await createShop(t.db, user, shopInput({ name: "Vườn Chuối Bà Tư" }));
    expect(shop.slug).toBe("vuon-chuoi-ba-tu");
    await expect(createShop(t.db, user, shopInput({ name: "Cửa hàng thứ hai" }))).rejects.toMatchObject({
      field: "name",
      messageKey: "error.alreadyHasShop",
    });
    const twin = await createShop(t.db, await makeUser(t.db), shopInput({ name: "Vườn Chuối Bà Tư" }));
    expect(twin.slug).toMatch(/^vuon-chuoi-ba-tu-[0-9a-f]{6}$/);
  });

  it("refuses a ward that is not in the chosen province, and an unknown province", async () => {
    const user = await makeUser(t.db);
    // 00004 is Phường Ba Đình, Hà Nội; 75 is Đồng Nai.
    await expect(createShop(t.db, user, shopInput({ provinceCode: "75", wardCode: "00004" }))).rejects.toMatchObject({
      field: "wardCode",
      messageKey: "error.wardUnknown",
    });
    await expect(createShop(t.db, user, shopInput({ provinceCode: "99", wardCode: "25195" }))).rejects.toMatchObject({
      field: "provinceCode",
    });
    expect(await t.db.selectFrom("shops").select("id").where("owner_id", "=", user.id).execute()).toHaveLength(0);
  });

  it("only the owner can edit a shop", async () => {
    const { user: owner, shop } = await makeFarmer(t.db, "Chủ Vườn");
    const other = await makeUser(t.db, "Người Khác");
    await expect(updateShop(t.db, other, shop.id, shopInput({ name: "Chiếm quyền" }))).rejects.toBeInstanceOf(ForbiddenError);
    const updated = await updateShop(t.db, owner, shop.id, shopInput({ name: "Vườn Mới Đổi Tên" }));
    expect(updated.name).toBe("Vườn Mới Đổi Tên");
    expect(updated.slug).toBe(shop.slug);
  });

  it("never exposes bank details on the public page", async () => {
    const { shop } = await makeFarmer(t.db, "Kín Đáo");
    const page = await getPublicShop(t.db, shop.slug);
    expect(page).toBeDefined();
    expect(JSON.stringify(page)).not.toContain(shop.bank_account_number);
  });

  it("validates payout details and folds the holder's name the way banks print it", () => {
    const ok = shopSchema.safeParse({ ...shopInput(), bankAccountHolder: "Nguyễn Thị Tư", bankAccountNumber: "6100 2051 2345" });
    expect(ok.success && ok.data.bankAccountHolder).toBe("NGUYEN THI TU");
    expect(ok.success && ok.data.bankAccountNumber).toBe("610020512345");
    const bad = shopSchema.safeParse({ ...shopInput(), bankBin: "123456", bankAccountNumber: "12ab", name: "x".repeat(81) });
    expect(bad.success).toBe(false);
    const issues = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining(["bankBin:error.bankUnknown", "bankAccountNumber:error.accountNumber", "name:error.tooLong|max=80"]),
    );
  });

  it("finds farms without tone marks", async () => {
    await makeFarmer(t.db, "Sầu Riêng Chín Cây");
    const found = await searchSellers(t.db, "sau rieng");
    expect(found.map((r) => r.name)).toContain("Vườn của Sầu Riêng Chín Cây");
    expect(await searchSellers(t.db, "%_\\")).toEqual([]);
  });
});

describe("cooperatives", () => {
  it("a farmer joins with the invite code, appears as a member, and can leave", async () => {
    const manager = await makeUser(t.db, "Quản Lý A");
    const coop = await createCooperative(t.db, manager, coopInput);
    expect(coop.invite_code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const { user: farmer } = await makeFarmer(t.db, "Xã Viên A");
    await joinByInviteCode(t.db, farmer, coop.invite_code);
    expect((await getMembership(t.db, farmer.id))?.cooperative_id).toBe(coop.id);
    expect((await listMembers(t.db, coop.id)).map((m) => m.full_name)).toEqual(["Xã Viên A"]);
    expect(await leaveCooperative(t.db, farmer)).toBe(true);
    expect(await getMembership(t.db, farmer.id)).toBeUndefined();
    expect(await listMembers(t.db, coop.id)).toHaveLength(0);
    // History is kept.
    expect(await t.db.selectFrom("cooperative_members").select("left_at").where("cooperative_id", "=", coop.id).execute()).toHaveLength(1);
  });

  it("refuses unknown codes, farmers without a shop, and a second cooperative", async () => {
    const coopA = await createCooperative(t.db, await makeUser(t.db), { ...coopInput, name: "HTX Một" });
    const coopB = await createCooperative(t.db, await makeUser(t.db), { ...coopInput, name: "HTX Hai" });
    const buyer = await makeUser(t.db, "Chỉ Mua");
    await expect(joinByInviteCode(t.db, buyer, coopA.invite_code)).rejects.toMatchObject({ messageKey: "error.needShopToJoin" });
    const { user: farmer } = await makeFarmer(t.db, "Xã Viên B");
    await expect(joinByInviteCode(t.db, farmer, "ZZZZZZZZ")).rejects.toMatchObject({ messageKey: "error.inviteUnknown" });
    await joinByInviteCode(t.db, farmer, coopA.invite_code);
    await expect(joinByInviteCode(t.db, farmer, coopB.invite_code)).rejects.toMatchObject({ messageKey: "error.alreadyMember" });
  });

  it("a manager invites and removes members of their own cooperative only", async () => {
    const managerA = await makeUser(t.db, "Quản Lý C");
    const managerB = await makeUser(t.db, "Quản Lý D");
    const coopA = await createCooperative(t.db, managerA, { ...coopInput, name: "HTX C" });
    const coopB = await createCooperative(t.db, managerB, { ...coopInput, name: "HTX D" });
    const { user: farmer, shop } = await makeFarmer(t.db, "Xã Viên C");

    await expect(inviteMemberByPhone(t.db, managerB, coopA.id, farmer.phone)).rejects.toBeInstanceOf(ForbiddenError);
    await joinCoop(t.db, managerA, coopA.id, farmer.phone);
    await expect(removeMember(t.db, managerB, coopA.id, shop.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(t.db, managerB, coopB.id, shop.id)).rejects.toBeInstanceOf(FieldError);
    await expect(updateCooperative(t.db, managerB, coopA.id, { ...coopInput, name: "Chiếm" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateCooperative(t.db, farmer, coopA.id, { ...coopInput, name: "Chiếm" })).rejects.toBeInstanceOf(ForbiddenError);
    await removeMember(t.db, managerA, coopA.id, shop.id);
    expect(await getMembership(t.db, farmer.id)).toBeUndefined();
  });

  // Issue 9 #2: any signed-up user could open a co-op, add any farm by phone, list in its name with
  // the co-op's own payout account, and the listing stayed live after the farm left.
  it("enrols a farm only when its farmer accepts the invitation", async () => {
    const stranger = await makeUser(t.db, "Kẻ Lạ");
    const coop = await createCooperative(t.db, stranger, { ...coopInput, name: "HTX Lạ" });
    const { user: farmer, shop } = await makeFarmer(t.db, "Nạn Nhân");
    await inviteMemberByPhone(t.db, stranger, coop.id, farmer.phone);
    await runDueJobs({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: appContext(t.db).media, meili: null, payments: appContext(t.db).payments });
    // Invited, texted, but not a member: the co-op cannot list in the farm's name.
    expect(await listMembers(t.db, coop.id)).toHaveLength(0);
    expect((await listOutbox(t.db)).some((m) => m.recipient === farmer.phone && m.body.includes("HTX Lạ"))).toBe(true);
    await expect(createListing(t.db, stranger, listingInput({ producerShopId: shop.id }), false)).rejects.toMatchObject({ messageKey: "listing.errorNotMember" });
    // The manager sees the number they typed, not the farm behind it.
    expect(await listOpenInvitations(t.db, coop.id)).toEqual([expect.objectContaining({ phone: farmer.phone })]);
    const [invitation] = await listInvitationsForFarmer(t.db, farmer.id);
    expect(invitation?.name).toBe("HTX Lạ");
    // Nobody but the farmer can answer.
    await expect(answerInvitation(t.db, stranger, invitation!.id, "accepted")).rejects.toMatchObject({ messageKey: "coop.error.invitationGone" });
    await answerInvitation(t.db, farmer, invitation!.id, "declined");
    expect(await listMembers(t.db, coop.id)).toHaveLength(0);
    await expect(answerInvitation(t.db, farmer, invitation!.id, "accepted")).rejects.toMatchObject({ messageKey: "coop.error.invitationGone" });
  });

  it("says the same to the manager whether or not a number has a farm, and invites nobody for an unknown one", async () => {
    const manager = await makeUser(t.db, "Quản Lý Kín");
    const coop = await createCooperative(t.db, manager, { ...coopInput, name: "HTX Kín" });
    const noShop = await makeUser(t.db, "Không Vườn");
    expect(await inviteMemberByPhone(t.db, manager, coop.id, noShop.phone)).toBeUndefined();
    expect(await inviteMemberByPhone(t.db, manager, coop.id, "0999999999")).toBeUndefined();
    expect(await createInvitation(t.db, { cooperativeId: coop.id, phone: noShop.phone, invitedBy: manager.id })).toBeNull();
    expect(await listOpenInvitations(t.db, coop.id)).toHaveLength(0);
  });

  it("pauses what the co-op listed for a farm when the farm leaves, and lets the farm take down anything in its name", async () => {
    const manager = await makeUser(t.db, "Quản Lý Gỡ");
    const coop = await createCooperative(t.db, manager, { ...coopInput, name: "HTX Gỡ" });
    const { user: farmer, shop } = await makeFarmer(t.db, "Xã Viên Gỡ");
    await joinCoop(t.db, manager, coop.id, farmer.phone);
    const listing = await makeListing(t.db, appContext(t.db).media, manager, { producerShopId: shop.id });
    expect(listing.status).toBe("active");
    // The farmer can take down a co-op listing made in their name, but not edit it.
    const access = await listingAccess(t.db, farmer, listing);
    expect(access).toMatchObject({ manage: false, takeDown: true });
    await changeListingStatus(t.db, farmer, listing.id, "pause");
    await changeListingStatus(t.db, manager, listing.id, "resume");
    await expect(changeListingStatus(t.db, farmer, listing.id, "resume")).rejects.toBeInstanceOf(ForbiddenError);

    await leaveCooperative(t.db, farmer);
    const after = await t.db.selectFrom("products").select("status").where("id", "=", listing.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("paused");
    // The co-op can no longer resume or edit it.
    await expect(changeListingStatus(t.db, manager, listing.id, "resume")).rejects.toBeInstanceOf(ForbiddenError);
    await changeListingStatus(t.db, farmer, listing.id, "archive");
  });

  it("one cooperative per manager", async () => {
    const manager = await makeUser(t.db);
    await createCooperative(t.db, manager, { ...coopInput, name: "HTX E" });
    await expect(createCooperative(t.db, manager, { ...coopInput, name: "HTX F" })).rejects.toMatchObject({
      messageKey: "error.alreadyHasCoop",
    });
  });
});
