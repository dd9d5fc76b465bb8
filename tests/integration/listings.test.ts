import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "~/accounts/accounts.server";
import { approveClaim, listPendingClaims, rejectClaim } from "~/catalog/claims.server";
import {
  adjustStock,
  changeListingStatus,
  createListing,
  getListingForEdit,
  newSubmissionKey,
  getProductPage,
  listDashboard,
  updateListing,
} from "~/catalog/listings.server";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import { savePhoto } from "~/media/media.server";
import { createCooperative } from "~/shops/cooperatives.server";
import type { Product } from "../../db/schema";
import { listingInput, makeListing, samplePhoto } from "../support/catalog";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, joinCoop, makeFarmer, makeUser } from "../support/fixtures";

let t: TestDatabase;
const media = () => appContext(t.db).media;
let people: Record<"owner" | "otherFarmer" | "manager" | "member" | "buyer" | "admin", PublicUser>;
let coopId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const owner = (await makeFarmer(t.db, "Chủ Vườn")).user;
  const otherFarmer = (await makeFarmer(t.db, "Vườn Bên Cạnh")).user;
  const member = (await makeFarmer(t.db, "Xã Viên")).user;
  const manager = await makeUser(t.db, "Quản Lý HTX");
  const buyer = await makeUser(t.db, "Người Mua");
  const admin = await makeUser(t.db, "Quản Trị");
  await t.db.updateTable("users").set({ is_admin: true }).where("id", "=", admin.id).execute();
  const coop = await createCooperative(t.db, manager, { name: "HTX Thử", story: "", provinceCode: "75", wardCode: "26080", phone: "0902111111" });
  coopId = coop.id;
  await joinCoop(t.db, manager, coop.id, member.phone);
  people = { owner, otherFarmer, manager, member, buyer, admin: { ...admin, is_admin: true } };
});
afterAll(async () => {
  await t.drop();
});

async function farmListing(publish = true) {
  return makeListing(t.db, media(), people.owner, {}, publish);
}
async function coopListing(publish = true) {
  const memberShop = await t.db.selectFrom("shops").select("id").where("owner_id", "=", people.member.id).executeTakeFirstOrThrow();
  return makeListing(t.db, media(), people.manager, { producerShopId: memberShop.id }, publish);
}

type Actor = keyof typeof people | "signedOut";
type Action = "edit" | "restock" | "pause" | "archive" | "publishDraft" | "openEditor" | "seeDraft";

async function attempt(actor: Actor, action: Action, listing: () => Promise<Product>): Promise<"allowed" | "refused"> {
  const product = await listing();
  const who = actor === "signedOut" ? null : people[actor];
  try {
    if (action === "seeDraft") {
      await changeListingStatus(t.db, product.cooperative_id ? people.manager : people.owner, product.id, "pause");
      const page = await getProductPage(t.db, product.slug, who);
      // A paused listing is public; check a draft instead.
      const draft = await (product.cooperative_id ? coopListing(false) : farmListing(false));
      const draftPage = await getProductPage(t.db, draft.slug, who);
      return page && draftPage ? "allowed" : "refused";
    }
    if (!who) return "refused"; // every changing action requires a signed-in user (routes redirect to sign-in)
    if (action === "edit") await updateListing(t.db, who, product.id, listingInput({ title: "Đổi tên", photoIds: [] }), false);
    if (action === "restock") await adjustStock(t.db, who, product.id, 5);
    if (action === "pause") await changeListingStatus(t.db, who, product.id, "pause");
    if (action === "archive") await changeListingStatus(t.db, who, product.id, "archive");
    if (action === "openEditor") await getListingForEdit(t.db, who, product.id);
    if (action === "publishDraft") {
      const draft = await (product.cooperative_id ? coopListing(false) : farmListing(false));
      await changeListingStatus(t.db, who, draft.id, "publish");
    }
    return "allowed";
  } catch (error) {
    if (error instanceof ForbiddenError) return "refused";
    // Editing with no photos on a live listing is a validation error, which means access was granted.
    if (error instanceof FieldError && error.messageKey === "listing.errorNeedPhoto") return "allowed";
    throw error;
  }
}

// Who may do what, for a farm's own listing and for a listing a co-op sells for its member.
const MATRIX: Record<Action, Record<Actor, ["allowed" | "refused", "allowed" | "refused"]>> = {
  edit: { owner: ["allowed", "refused"], otherFarmer: ["refused", "refused"], manager: ["refused", "allowed"], member: ["refused", "refused"], buyer: ["refused", "refused"], admin: ["refused", "refused"], signedOut: ["refused", "refused"] },
  restock: { owner: ["allowed", "refused"], otherFarmer: ["refused", "refused"], manager: ["refused", "allowed"], member: ["refused", "refused"], buyer: ["refused", "refused"], admin: ["refused", "refused"], signedOut: ["refused", "refused"] },
  // The member a co-op sells for may always take a listing in its name down (issue 9 #2), never edit it.
  pause: { owner: ["allowed", "refused"], otherFarmer: ["refused", "refused"], manager: ["refused", "allowed"], member: ["refused", "allowed"], buyer: ["refused", "refused"], admin: ["allowed", "allowed"], signedOut: ["refused", "refused"] },
  archive: { owner: ["allowed", "refused"], otherFarmer: ["refused", "refused"], manager: ["refused", "allowed"], member: ["refused", "allowed"], buyer: ["refused", "refused"], admin: ["allowed", "allowed"], signedOut: ["refused", "refused"] },
  publishDraft: { owner: ["allowed", "refused"], otherFarmer: ["refused", "refused"], manager: ["refused", "allowed"], member: ["refused", "refused"], buyer: ["refused", "refused"], admin: ["refused", "refused"], signedOut: ["refused", "refused"] },
  openEditor: { owner: ["allowed", "refused"], otherFarmer: ["refused", "refused"], manager: ["refused", "allowed"], member: ["refused", "refused"], buyer: ["refused", "refused"], admin: ["refused", "refused"], signedOut: ["refused", "refused"] },
  seeDraft: { owner: ["allowed", "refused"], otherFarmer: ["refused", "refused"], manager: ["refused", "allowed"], member: ["refused", "allowed"], buyer: ["refused", "refused"], admin: ["allowed", "allowed"], signedOut: ["refused", "refused"] },
};

describe("authorization matrix", () => {
  for (const [action, row] of Object.entries(MATRIX) as [Action, (typeof MATRIX)[Action]][]) {
    for (const [actor, [onFarm, onCoop]] of Object.entries(row) as [Actor, ["allowed" | "refused", "allowed" | "refused"]][]) {
      it(`${actor} ${action}: farm listing ${onFarm}, co-op listing ${onCoop}`, async () => {
        expect(await attempt(actor, action, () => farmListing())).toBe(onFarm);
        expect(await attempt(actor, action, () => coopListing())).toBe(onCoop);
      });
    }
  }
});

describe("listing rules", () => {
  it("publishes with photo, title, price and stock alone, with sensible defaults", async () => {
    const product = await farmListing();
    expect(product.status).toBe("active");
    expect(product.category).toBe("trai-cay"); // guessed from "chuối"
    expect(product.weight_grams).toBe(12000); // a bunch
    const shop = await t.db.selectFrom("shops").selectAll().where("owner_id", "=", people.owner.id).executeTakeFirstOrThrow();
    expect([product.origin_province_code, product.origin_ward_code]).toEqual([shop.province_code, shop.ward_code]);
    expect(String(product.price_vnd)).toBe("120000");
  });

  it("makes one listing of one form however often it arrives: a repeat after a lost answer, or eight copies at once (issue 14)", async () => {
    const key = newSubmissionKey();
    const first = await createListing(t.db, people.owner, listingInput({ title: "Bưởi da xanh gửi lại", submissionKey: key }), false);
    const again = await createListing(t.db, people.owner, listingInput({ title: "Bưởi da xanh gửi lại", submissionKey: key }), false);
    expect(again.id).toBe(first.id);
    const burst = newSubmissionKey();
    const copies = await Promise.all(Array.from({ length: 8 }, () => createListing(t.db, people.owner, listingInput({ title: "Bưởi da xanh tám lần", submissionKey: burst }), false)));
    expect(new Set(copies.map((p) => p.id)).size).toBe(1);
    const made = await t.db.selectFrom("products").select("id").where("created_by", "=", people.owner.id).where("title", "in", ["Bưởi da xanh gửi lại", "Bưởi da xanh tám lần"]).execute();
    expect(made).toHaveLength(2);
    // Another form (another key), or someone else's form with the same key, is another listing.
    expect((await createListing(t.db, people.owner, listingInput({ title: "Bưởi da xanh gửi lại", submissionKey: newSubmissionKey() }), false)).id).not.toBe(first.id);
    expect((await createListing(t.db, people.member, listingInput({ title: "Bưởi của xã viên", submissionKey: key }), false)).id).not.toBe(first.id);
  });

  it("refuses to publish without a photo but saves a draft", async () => {
    await expect(createListing(t.db, people.owner, listingInput(), true)).rejects.toMatchObject({ messageKey: "listing.errorNeedPhoto" });
    const draft = await createListing(t.db, people.owner, listingInput(), false);
    expect(draft.status).toBe("draft");
    await expect(changeListingStatus(t.db, people.owner, draft.id, "publish")).rejects.toMatchObject({ messageKey: "listing.errorNeedPhoto" });
  });

  it("cannot attach another person's photos", async () => {
    const strangersPhoto = await savePhoto(t.db, media(), people.otherFarmer.id, await samplePhoto("#123456"));
    await expect(createListing(t.db, people.owner, listingInput({ photoIds: [strangersPhoto.id] }), true)).rejects.toMatchObject({
      messageKey: "listing.errorNeedPhoto",
    });
  });

  it("a manager lists only for active members of their own co-op", async () => {
    const outsider = await t.db.selectFrom("shops").select("id").where("owner_id", "=", people.otherFarmer.id).executeTakeFirstOrThrow();
    await expect(makeListing(t.db, media(), people.manager, { producerShopId: outsider.id })).rejects.toMatchObject({ messageKey: "listing.errorNotMember" });
    const listing = await coopListing();
    expect(listing.cooperative_id).toBe(coopId);
    const dashboard = await listDashboard(t.db, people.member);
    expect(dashboard.find((r) => r.id === listing.id)).toMatchObject({ canManage: false });
  });

  it("restock follows sold out and back, never below zero", async () => {
    const product = await farmListing();
    expect((await adjustStock(t.db, people.owner, product.id, -100)).status).toBe("sold_out");
    const back = await adjustStock(t.db, people.owner, product.id, 3);
    expect([back.stock, back.status]).toEqual([3, "active"]);
  });

  it("refuses illegal status changes with a clear reason", async () => {
    const product = await farmListing();
    await changeListingStatus(t.db, people.owner, product.id, "archive");
    await expect(changeListingStatus(t.db, people.owner, product.id, "pause")).rejects.toMatchObject({ messageKey: "listing.errorAction" });
  });

  it("OCOP claims stay pending until an admin approves; buyers only see verified badges; a rejection reason reaches the farmer", async () => {
    const product = await makeListing(t.db, media(), people.owner, { ocopStars: "4", ocopNumber: "OCOP-DN-2025-0142", vietgap: "on", vietgapNumber: "VG-1234" });
    const buyerView = await getProductPage(t.db, product.slug, people.buyer);
    expect(buyerView?.claims).toEqual([]);
    await expect(listPendingClaims(t.db, people.owner)).rejects.toBeInstanceOf(ForbiddenError);
    const queue = await listPendingClaims(t.db, people.admin);
    const ocop = queue.find((c) => c.slug === product.slug && c.kind === "ocop")!;
    const vietgap = queue.find((c) => c.slug === product.slug && c.kind === "vietgap")!;
    await approveClaim(t.db, people.admin, ocop.id);
    await rejectClaim(t.db, people.admin, vietgap.id, "Số chứng nhận không khớp hồ sơ");
    const after = await getProductPage(t.db, product.slug, people.buyer);
    expect(after?.claims).toEqual([{ kind: "ocop", ocop_stars: 4, certificate_number: "OCOP-DN-2025-0142", status: "verified" }]);
    const own = await getListingForEdit(t.db, people.owner, product.id);
    expect(own.claims.find((c) => c.kind === "vietgap")).toMatchObject({ status: "rejected", reject_reason: "Số chứng nhận không khớp hồ sơ" });
    // Changing the certificate number sends it back to the queue.
    const photos = own.photos.map((p) => p.id);
    await updateListing(t.db, people.owner, product.id, listingInput({ photoIds: photos, ocopStars: "5", ocopNumber: "OCOP-DN-2026-0001" }), false);
    expect((await getProductPage(t.db, product.slug, people.buyer))?.claims).toEqual([]);
  });
});
