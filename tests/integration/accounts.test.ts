import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSession,
  createUser,
  endAllSessions,
  getSessionUser,
  requestPasswordReset,
  resetPassword,
  signIn,
  SIGN_IN_MAX_FAILURES,
} from "~/accounts/accounts.server";
import { runDueJobs } from "~/jobs/worker.server";
import { createOutboxNotifier, listOutbox } from "~/notify/notifier.server";
import { FieldError } from "~/lib/validation.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, nextPhone } from "../support/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("sign-up", () => {
  it("stores an argon2id hash, never the password", async () => {
    const phone = nextPhone();
    const user = await createUser(t.db, { fullName: "Lan", phone, password: "bi-mat-123", email: null });
    const row = await t.db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain("bi-mat-123");
  });

  it("refuses a number that already has an account, on the phone field", async () => {
    const phone = nextPhone();
    await createUser(t.db, { fullName: "A", phone, password: "password-1", email: null });
    const error = await createUser(t.db, { fullName: "B", phone, password: "password-2", email: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldError);
    expect(error).toMatchObject({ field: "phone", messageKey: "error.phoneTaken" });
  });

  it("refuses an email already used (case-insensitive)", async () => {
    await createUser(t.db, { fullName: "A", phone: nextPhone(), password: "password-1", email: "lan@example.vn" });
    const error = await createUser(t.db, { fullName: "B", phone: nextPhone(), password: "password-2", email: "lan@example.vn" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ field: "email", messageKey: "error.emailTaken" });
  });
});

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const phone = nextPhone();
    await createUser(t.db, { fullName: "Hoa", phone, password: "dung-mat-khau", email: null });
    expect(await signIn(t.db, { phone, password: "dung-mat-khau", clientKey: "c1" })).toMatchObject({ ok: true });
    expect(await signIn(t.db, { phone, password: "sai-mat-khau", clientKey: "c1" })).toEqual({ ok: false, reason: "bad_credentials" });
    expect(await signIn(t.db, { phone: nextPhone(), password: "x", clientKey: "c1" })).toEqual({ ok: false, reason: "bad_credentials" });
  });

  it("locks a number after 10 failures in 15 minutes, even with the right password, then lets it in later", async () => {
    const phone = nextPhone();
    await createUser(t.db, { fullName: "Cúc", phone, password: "dung-mat-khau", email: null });
    const now = new Date();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      await signIn(t.db, { phone, password: `wrong-${i}`, clientKey: `client-${i}` }, now);
    }
    const locked = await signIn(t.db, { phone, password: "dung-mat-khau", clientKey: "fresh-client" }, now);
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    if (!locked.ok && locked.reason === "rate_limited") expect(locked.retryAfterMinutes).toBeGreaterThanOrEqual(14);
    const later = new Date(now.getTime() + 16 * 60_000);
    expect(await signIn(t.db, { phone, password: "dung-mat-khau", clientKey: "fresh-client" }, later)).toMatchObject({ ok: true });
  });

  it("limits one client spraying many numbers", async () => {
    const now = new Date();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      await signIn(t.db, { phone: nextPhone(), password: "guess", clientKey: "sprayer" }, now);
    }
    const phone = nextPhone();
    await createUser(t.db, { fullName: "Đào", phone, password: "dung-mat-khau", email: null });
    expect(await signIn(t.db, { phone, password: "dung-mat-khau", clientKey: "sprayer" }, now)).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    expect(await signIn(t.db, { phone, password: "dung-mat-khau", clientKey: "someone-else" }, now)).toMatchObject({ ok: true });
  });
});

describe("sessions", () => {
  it("finds the user by token, stores only a hash, and signs out everywhere", async () => {
    const user = await createUser(t.db, { fullName: "Mai", phone: nextPhone(), password: "password-1", email: null });
    const phoneToken = await createSession(t.db, user.id, "phone");
    const laptopToken = await createSession(t.db, user.id, "laptop");
    expect(phoneToken).not.toBe(laptopToken);
    expect((await getSessionUser(t.db, phoneToken))?.id).toBe(user.id);
    const stored = await t.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    expect(stored.map((s) => s.id)).not.toContain(phoneToken);
    await endAllSessions(t.db, user.id);
    expect(await getSessionUser(t.db, phoneToken)).toBeUndefined();
    expect(await getSessionUser(t.db, laptopToken)).toBeUndefined();
    expect(await getSessionUser(t.db, "not-a-token")).toBeUndefined();
  });
});

describe("password reset", () => {
  async function latestCode(phone: string): Promise<string> {
    await runDueJobs({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: appContext(t.db).media, meili: null });
    const message = (await listOutbox(t.db)).find((m) => m.recipient === phone);
    const code = message?.body.match(/\b(\d{6})\b/)?.[1];
    if (!code) throw new Error("no code in the outbox");
    return code;
  }

  it("sends a 6-digit code through the job queue to the outbox, resets the password and ends sessions", async () => {
    const phone = nextPhone();
    const user = await createUser(t.db, { fullName: "Tư", phone, password: "mat-khau-cu", email: null });
    const token = await createSession(t.db, user.id, null);
    await requestPasswordReset(t.db, phone, "vi");
    const code = await latestCode(phone);
    const outbox = await listOutbox(t.db);
    expect(outbox.find((m) => m.recipient === phone)?.body).toContain("mã lấy lại mật khẩu");

    const wrongCode = code === "000000" ? "111111" : "000000";
    expect(await resetPassword(t.db, { phone, code: wrongCode, password: "mat-khau-moi" })).toEqual({
      ok: false,
      messageKey: "error.codeInvalid",
    });
    expect(await resetPassword(t.db, { phone, code, password: "mat-khau-moi" })).toMatchObject({ ok: true });
    expect(await getSessionUser(t.db, token)).toBeUndefined();
    expect(await signIn(t.db, { phone, password: "mat-khau-moi", clientKey: "x" })).toMatchObject({ ok: true });
    // A code works once.
    expect(await resetPassword(t.db, { phone, code, password: "lan-nua-nhe" })).toMatchObject({ ok: false });
  });

  it("gives up after 5 wrong codes, even if the right one comes next", async () => {
    const phone = nextPhone();
    await createUser(t.db, { fullName: "Ba", phone, password: "mat-khau-cu", email: null });
    await requestPasswordReset(t.db, phone, "en");
    const code = await latestCode(phone);
    const wrong = code === "999999" ? "999998" : "999999";
    for (let i = 0; i < 4; i++) await resetPassword(t.db, { phone, code: wrong, password: "mat-khau-moi" });
    expect(await resetPassword(t.db, { phone, code: wrong, password: "mat-khau-moi" })).toEqual({
      ok: false,
      messageKey: "error.codeTooManyAttempts",
    });
    expect(await resetPassword(t.db, { phone, code, password: "mat-khau-moi" })).toEqual({
      ok: false,
      messageKey: "error.codeTooManyAttempts",
    });
  });

  it("answers the same for unknown numbers and sends nothing", async () => {
    const phone = nextPhone();
    await requestPasswordReset(t.db, phone, "vi");
    await runDueJobs({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: appContext(t.db).media, meili: null });
    expect((await listOutbox(t.db)).some((m) => m.recipient === phone)).toBe(false);
  });
});
