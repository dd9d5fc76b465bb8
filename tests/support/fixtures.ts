import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { createLocalMediaStorage } from "~/media/storage-local.server";
import { getUserById, getUserByPhone, hashPassword, type PublicUser } from "~/accounts/accounts.server";
import { answerInvitation, createInvitation } from "~/shops/cooperatives.server";
import { createShop, type ShopInput } from "~/shops/shops.server";
import type { Db } from "../../db";
import { createCourierRegistry, NO_COURIERS } from "~/shipping/registry.server";
import { createPaymentRegistry } from "~/payments/registry.server";

let counter = 0;

/** A unique valid mobile number per call, so tests never collide. */
export function nextPhone(): string {
  counter += 1;
  return `09${String(process.pid % 1000).padStart(3, "0")}${String(counter).padStart(5, "0")}`;
}

/**
 * Every test account's password is "mat-khau-dai", hashed with argon2id once per process and
 * stored for each account (sign-in verifies it for real): hashing 200 buyers one by one cost
 * seconds of CPU and tested nothing. Sign-up itself goes through createUser in its own tests.
 */
let testPasswordHash: Promise<string> | undefined;

export async function makeUser(db: Db, name = "Người Thử"): Promise<PublicUser> {
  testPasswordHash ??= hashPassword("mat-khau-dai");
  const { id } = await db
    .insertInto("users")
    .values({ phone: nextPhone(), password_hash: await testPasswordHash, full_name: name, email: null, locale: "vi" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await getUserById(db, id);
  if (!user) throw new Error(`user ${id} vanished`);
  return user;
}

export function shopInput(overrides: Partial<ShopInput> = {}): ShopInput {
  return {
    name: "Vườn Chuối Thử",
    story: "Chuối già hương.",
    provinceCode: "75",
    wardCode: "25195",
    phone: "0901234567",
    bankBin: "970405",
    bankAccountNumber: "6100205123456",
    bankAccountHolder: "NGUYEN THI TU",
    ...overrides,
  };
}

export async function makeFarmer(db: Db, name = "Nông Dân Thử") {
  const user = await makeUser(db, name);
  const shop = await createShop(db, user, shopInput({ name: `Vườn của ${name}` }));
  return { user, shop };
}

/** A farm joins a co-op the only way it can: the manager invites it by phone and its farmer accepts. */
export async function joinCoop(db: Db, manager: PublicUser, cooperativeId: string, farmerPhone: string) {
  const invitationId = await createInvitation(db, { cooperativeId, phone: farmerPhone, invitedBy: manager.id });
  if (!invitationId) throw new Error(`no invitation for ${farmerPhone}`);
  const farmer = await getUserByPhone(db, farmerPhone);
  if (!farmer) throw new Error(`no account for ${farmerPhone}`);
  await answerInvitation(db, farmer, invitationId, "accepted");
  return db.selectFrom("shops").select(["id", "name"]).where("owner_id", "=", farmer.id).executeTakeFirstOrThrow();
}

/** The context the HTTP server hands routes, for calling loaders and actions directly. */
export const TEST_BANK_SECRET = "test-bank-secret-test-bank-secret-0123";

export function appContext(db: Db, overrides: Partial<AppLoadContext> = {}): AppLoadContext {
  return {
    db,
    meili: null,
    media: createLocalMediaStorage(path.resolve(".data", "test-media", String(process.pid))),
    sessionSecret: "test-secret-test-secret-test-secret-00",
    stampSecret: "test-stamp-secret-test-stamp-secret-0",
    secureCookies: false,
    showDevOutbox: true,
    devTools: true,
    internalUrl: "http://127.0.0.1:9",
    clientIp: "203.0.113.7",
    jobQueue: { workerRunning: false },
    publicUrl: "http://localhost",
    bankWebhookSecret: TEST_BANK_SECRET,
    payments: createPaymentRegistry({ bankWebhookSecret: TEST_BANK_SECRET, momo: null }),
    couriers: createCourierRegistry(NO_COURIERS),
    orderPaymentMinutes: 1440,
    cspNonce: "dGVzdC1ub25jZS0xMjM0NQ==",
    ...overrides,
  };
}
