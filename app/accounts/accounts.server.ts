import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { sql } from "kysely";
import { z } from "zod";
import type { Db, DbOrTx } from "../../db";
import type { User } from "../../db/schema";
import { enqueueJob } from "~/jobs/queue.server";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate, type Locale } from "~/i18n/i18n";
import { FieldError, isUniqueViolation, optionalEmail, passwordField, phoneField, requiredText } from "~/lib/validation.server";

export const SESSION_DAYS = 30;
export const SIGN_IN_WINDOW_MINUTES = 15;
export const SIGN_IN_MAX_FAILURES = 10;
export const RESET_CODE_MINUTES = 15;
export const RESET_MAX_ATTEMPTS = 5;

// OWASP's argon2id baseline (19 MiB, 2 passes): strong, yet quick on a 2-core server.
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export type PublicUser = Pick<User, "id" | "phone" | "full_name" | "email" | "locale" | "is_admin">;

export const signUpSchema = z.object({
  fullName: requiredText(80),
  phone: phoneField,
  password: passwordField,
  email: optionalEmail,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  phone: phoneField,
  password: z.string({ required_error: "error.required" }).min(1, "error.required").max(200, "error.passwordLong"),
});

export const resetRequestSchema = z.object({ phone: phoneField });

export const resetPasswordSchema = z.object({
  phone: phoneField,
  code: z
    .string({ required_error: "error.required" })
    .trim()
    .regex(/^[0-9]{6}$/, "error.codeFormat"),
  password: passwordField,
});

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const publicColumns = ["id", "phone", "full_name", "email", "locale", "is_admin"] as const;

export async function createUser(db: DbOrTx, input: SignUpInput & { locale?: Locale }): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db
      .insertInto("users")
      .values({
        phone: input.phone,
        password_hash: passwordHash,
        full_name: input.fullName,
        email: input.email,
        locale: input.locale ?? "vi",
      })
      .returning(publicColumns)
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error, "users_phone_key")) throw new FieldError("phone", "error.phoneTaken");
    if (isUniqueViolation(error, "users_email_key")) throw new FieldError("email", "error.emailTaken");
    throw error;
  }
}

export async function getUserById(db: DbOrTx, id: string): Promise<PublicUser | undefined> {
  return db.selectFrom("users").select(publicColumns).where("id", "=", id).executeTakeFirst();
}

export async function getUserByPhone(db: DbOrTx, phone: string): Promise<PublicUser | undefined> {
  return db.selectFrom("users").select(publicColumns).where("phone", "=", phone).executeTakeFirst();
}

export async function setUserLocale(db: DbOrTx, userId: string, locale: Locale): Promise<void> {
  await db.updateTable("users").set({ locale, updated_at: new Date() }).where("id", "=", userId).execute();
}

export type SignInResult =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: "bad_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterMinutes: number };

/**
 * Checks a phone and password. Failures are counted per number and per client over a sliding
 * window so neither guessing one account nor spraying many from one place gets far.
 */
export async function signIn(
  db: DbOrTx,
  input: { phone: string; password: string; clientKey: string },
  now = new Date(),
): Promise<SignInResult> {
  const limited = await failureLockout(db, input.phone, input.clientKey, now);
  if (limited) return { ok: false, reason: "rate_limited", retryAfterMinutes: limited };

  const row = await db
    .selectFrom("users")
    .select([...publicColumns, "password_hash"])
    .where("phone", "=", input.phone)
    .executeTakeFirst();
  // Verify against a real hash even for unknown numbers so timing does not reveal who has an account.
  const valid = await verifyPassword(row?.password_hash ?? (await dummyHash()), input.password);
  if (!row || !valid) {
    await db
      .insertInto("sign_in_failures")
      .values([
        { scope: "phone", key: input.phone, created_at: now },
        { scope: "client", key: input.clientKey, created_at: now },
      ])
      .execute();
    return { ok: false, reason: "bad_credentials" };
  }
  await db.deleteFrom("sign_in_failures").where("scope", "=", "phone").where("key", "=", input.phone).execute();
  const { password_hash: _ignored, ...user } = row;
  return { ok: true, user };
}

let cachedDummyHash: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  cachedDummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return cachedDummyHash;
}

/** Minutes until another try is allowed, or 0 when not locked out. */
async function failureLockout(db: DbOrTx, phone: string, clientKey: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const rows = await db
    .selectFrom("sign_in_failures")
    .select(["scope", (eb) => eb.fn.countAll<string>().as("count"), (eb) => eb.fn.min("created_at").as("oldest")])
    .where("created_at", ">", since)
    .where((eb) =>
      eb.or([
        eb.and([eb("scope", "=", "phone"), eb("key", "=", phone)]),
        eb.and([eb("scope", "=", "client"), eb("key", "=", clientKey)]),
      ]),
    )
    .groupBy("scope")
    .execute();
  let minutes = 0;
  for (const row of rows) {
    if (Number(row.count) >= SIGN_IN_MAX_FAILURES && row.oldest) {
      const freeAt = new Date(row.oldest).getTime() + SIGN_IN_WINDOW_MINUTES * 60_000;
      minutes = Math.max(minutes, Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000)));
    }
  }
  return minutes;
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Starts a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(db: DbOrTx, userId: string, userAgent: string | null): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id: sha256(token),
      user_id: userId,
      user_agent: userAgent?.slice(0, 300) ?? null,
      expires_at: new Date(Date.now() + SESSION_DAYS * 86_400_000),
    })
    .execute();
  return token;
}

export async function getSessionUser(db: DbOrTx, token: string): Promise<PublicUser | undefined> {
  if (!token || token.length > 100) return undefined;
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.phone", "users.full_name", "users.email", "users.locale", "users.is_admin"])
    .where("sessions.id", "=", sha256(token))
    .where("sessions.expires_at", ">", new Date())
    .executeTakeFirst();
}

export async function endSession(db: DbOrTx, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sha256(token)).execute();
}

export async function endAllSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/**
 * Sends a 6-digit code to the number if it has an account. The answer is the same either way
 * so the form cannot be used to find out who is registered. The message is enqueued in the
 * same transaction as the code, so a code is never stored without being sent.
 */
export async function requestPasswordReset(db: Db, phone: string, locale: Locale): Promise<void> {
  const user = await getUserByPhone(db, phone);
  if (!user) return;
  const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
  const t = makeTranslate(dictionaryFor(locale));
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("password_resets")
      .set({ used_at: new Date() })
      .where("user_id", "=", user.id)
      .where("used_at", "is", null)
      .execute();
    await trx
      .insertInto("password_resets")
      .values({
        user_id: user.id,
        code_hash: sha256(`${user.id}:${code}`),
        expires_at: new Date(Date.now() + RESET_CODE_MINUTES * 60_000),
      })
      .execute();
    await enqueueJob(trx, "notify", {
      channel: "sms",
      recipient: user.phone,
      subject: t("auth.resetSmsSubject"),
      body: t("auth.resetSmsBody", { code }),
    });
  });
}

export type ResetResult = { ok: true; userId: string } | { ok: false; messageKey: "error.codeInvalid" | "error.codeTooManyAttempts" };

/** Checks the code (limited tries), sets the new password and signs out every session. */
export async function resetPassword(
  db: Db,
  input: { phone: string; code: string; password: string },
): Promise<ResetResult> {
  const user = await getUserByPhone(db, input.phone);
  if (!user) return { ok: false, messageKey: "error.codeInvalid" };
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const reset = await trx
      .selectFrom("password_resets")
      .select(["id", "code_hash", "attempts"])
      .where("user_id", "=", user.id)
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .orderBy("id", "desc")
      .forUpdate()
      .executeTakeFirst();
    if (!reset) return { ok: false, messageKey: "error.codeInvalid" } as const;
    if (reset.attempts >= RESET_MAX_ATTEMPTS) return { ok: false, messageKey: "error.codeTooManyAttempts" } as const;
    const expected = Buffer.from(reset.code_hash, "hex");
    const given = Buffer.from(sha256(`${user.id}:${input.code}`), "hex");
    if (!timingSafeEqual(expected, given)) {
      await trx
        .updateTable("password_resets")
        .set({ attempts: sql`attempts + 1` })
        .where("id", "=", reset.id)
        .execute();
      return reset.attempts + 1 >= RESET_MAX_ATTEMPTS
        ? ({ ok: false, messageKey: "error.codeTooManyAttempts" } as const)
        : ({ ok: false, messageKey: "error.codeInvalid" } as const);
    }
    await trx.updateTable("password_resets").set({ used_at: new Date() }).where("id", "=", reset.id).execute();
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: new Date() })
      .where("id", "=", user.id)
      .execute();
    await trx.deleteFrom("sessions").where("user_id", "=", user.id).execute();
    await trx.deleteFrom("sign_in_failures").where("scope", "=", "phone").where("key", "=", user.phone).execute();
    return { ok: true, userId: user.id } as const;
  });
}

/** Housekeeping run by the worker: expired sessions, old failure counts and used codes. */
export async function purgeExpiredAuthData(db: DbOrTx, now = new Date()): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<", now).execute();
  await db
    .deleteFrom("sign_in_failures")
    .where("created_at", "<", new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000))
    .execute();
  await db
    .deleteFrom("password_resets")
    .where("expires_at", "<", new Date(now.getTime() - 86_400_000))
    .execute();
}
