import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import type { Db, DbOrTx } from "../../db";
import type { User } from "../../db/schema";
import { enqueueJob, enqueueJobs } from "~/jobs/queue.server";
import { notifyJob } from "~/notify/notifier.server";
import type { Locale } from "~/i18n/i18n";
import { FieldError, isUniqueViolation, optionalEmail, passwordField, phoneField, requiredText } from "~/lib/validation.server";

export const SESSION_DAYS = 30;
const SIGN_IN_WINDOW_MINUTES = 15;
/**
 * Sign-in failures are met with growing delays, never a lockout: after the free tries each further
 * one must wait 1, 2, 4… seconds after the last failure, up to a cap. Per number the cap is a
 * minute, so a stranger typing wrong passwords can slow the owner down but never shut them out;
 * per client it is the whole window, which stops one place spraying many numbers.
 */
export const SIGN_IN_FREE_FAILURES = { phone: 5, client: 10 } as const;
const SIGN_IN_DELAY_CAP_SECONDS = { phone: 60, client: SIGN_IN_WINDOW_MINUTES * 60 } as const;
const RESET_CODE_MINUTES = 15;
/** Wrong codes per number per hour, whichever code they were aimed at: a new code buys no new tries. */
export const RESET_MAX_ATTEMPTS = 5;
/** Codes sent per number per hour (each is an SMS), and reset requests or code checks per client. */
export const RESET_MAX_REQUESTS_PER_PHONE = 3;
const RESET_MAX_PER_CLIENT = 20;
const RESET_WINDOW_MINUTES = 60;

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

async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
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
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks a phone and password. Failures are counted per number and per client over a sliding
 * window; past a few, each try has to wait longer (see SIGN_IN_FREE_FAILURES). A try made while
 * waiting is refused without checking the password and without counting.
 */
export async function signIn(
  db: DbOrTx,
  input: { phone: string; password: string; clientKey: string },
  now = new Date(),
): Promise<SignInResult> {
  const wait = await signInDelaySeconds(db, input.phone, input.clientKey, now);
  if (wait > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: wait };

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

/** Seconds of waiting that `count` recent failures earn, from the last of them. */
function failureDelaySeconds(count: number, free: number, capSeconds: number): number {
  if (count < free) return 0;
  return Math.min(capSeconds, 2 ** Math.min(count - free, 30));
}

/** Seconds until another try is allowed, or 0. */
async function signInDelaySeconds(db: DbOrTx, phone: string, clientKey: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const rows = await db
    .selectFrom("sign_in_failures")
    .select(["scope", (eb) => eb.fn.countAll<string>().as("count"), (eb) => eb.fn.max("created_at").as("latest")])
    .where("created_at", ">", since)
    .where((eb) =>
      eb.or([
        eb.and([eb("scope", "=", "phone"), eb("key", "=", phone)]),
        eb.and([eb("scope", "=", "client"), eb("key", "=", clientKey)]),
      ]),
    )
    .groupBy("scope")
    .execute();
  let wait = 0;
  for (const row of rows) {
    const scope = row.scope === "phone" ? "phone" : "client";
    const delay = failureDelaySeconds(Number(row.count), SIGN_IN_FREE_FAILURES[scope], SIGN_IN_DELAY_CAP_SECONDS[scope]);
    if (delay > 0 && row.latest) {
      const freeAt = new Date(row.latest).getTime() + delay * 1000;
      wait = Math.max(wait, Math.ceil((freeAt - now.getTime()) / 1000));
    }
  }
  return wait;
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

type ThrottledAction = "reset_request_phone" | "reset_request_client" | "reset_verify_phone" | "reset_verify_client" | "guest_account_client";

async function recentCount(db: DbOrTx, action: ThrottledAction, key: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom("throttle_events")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("action", "=", action)
    .where("key", "=", key)
    .where("created_at", ">", new Date(now.getTime() - RESET_WINDOW_MINUTES * 60_000))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function recordAttempt(db: DbOrTx, entries: [ThrottledAction, string][], now: Date): Promise<void> {
  await db
    .insertInto("throttle_events")
    .values(entries.map(([action, key]) => ({ action, key, created_at: now })))
    .execute();
}

export type ResetRequestResult = { ok: true } | { ok: false; messageKey: "error.resetTooManyRequests" };

/**
 * Asks for a 6-digit code to be sent to the number. What happens here is the same whether or not
 * the number has an account (a throttle check, a row, a queued job), so neither the answer nor its
 * timing tells who is registered; the job looks the account up and sends the code only if it exists.
 * At most RESET_MAX_REQUESTS_PER_PHONE codes per number and RESET_MAX_PER_CLIENT requests per client an hour.
 */
export async function requestPasswordReset(
  db: Db,
  input: { phone: string; clientKey: string; locale: Locale },
  now = new Date(),
): Promise<ResetRequestResult> {
  const [forPhone, forClient] = await Promise.all([
    recentCount(db, "reset_request_phone", input.phone, now),
    recentCount(db, "reset_request_client", input.clientKey, now),
  ]);
  if (forPhone >= RESET_MAX_REQUESTS_PER_PHONE || forClient >= RESET_MAX_PER_CLIENT) {
    return { ok: false, messageKey: "error.resetTooManyRequests" };
  }
  await db.transaction().execute(async (trx) => {
    await recordAttempt(trx, [["reset_request_phone", input.phone], ["reset_request_client", input.clientKey]], now);
    await enqueueJob(trx, "password_reset_code", { phone: input.phone, locale: input.locale });
  });
  return { ok: true };
}

/**
 * The worker's half of a reset request: a fresh code for the account behind the number (earlier
 * codes stop working), sent by SMS. The message is enqueued in the same transaction as the code,
 * so a code is never stored without being sent. Unknown numbers get nothing.
 */
export async function sendPasswordResetCode(db: Db, phone: string, locale: Locale, purpose: "reset" | "welcome" = "reset"): Promise<boolean> {
  const user = await getUserByPhone(db, phone);
  if (!user) return false;
  const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
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
    // Sign-in codes always go by SMS, whatever channels the person chose for the rest.
    await enqueueJobs(trx, [notifyJob({ kind: purpose === "welcome" ? "welcome_code" : "reset_code", userId: user.id, phone: user.phone, locale, params: { code } })]);
  });
  return true;
}

/** At most this many accounts made at checkout per client an hour. */
const GUEST_ACCOUNTS_PER_CLIENT = 5;

export type GuestBuyerResult = { ok: true; user: PublicUser } | { ok: false; field: "recipientPhone" | ""; messageKey: "checkout.error.phoneHasAccount" | "checkout.error.tooManyGuests" };

/**
 * A first-time buyer checks out with a name and a phone number alone (issue 10 #8): the account
 * for that number is made quietly, with a password nobody knows, and a code goes to the number by
 * SMS so its owner can set one. A number that already has an account must sign in instead (an
 * order is never added to someone's account without their password), and one client may make
 * only a few accounts an hour.
 */
export async function createGuestBuyer(
  db: Db,
  input: { fullName: string; phone: string; clientKey: string; locale: Locale },
  now = new Date(),
): Promise<GuestBuyerResult> {
  if ((await recentCount(db, "guest_account_client", input.clientKey, now)) >= GUEST_ACCOUNTS_PER_CLIENT) {
    return { ok: false, field: "", messageKey: "checkout.error.tooManyGuests" };
  }
  if (await getUserByPhone(db, input.phone)) return { ok: false, field: "recipientPhone", messageKey: "checkout.error.phoneHasAccount" };
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto("users")
        .values({ phone: input.phone, password_hash: passwordHash, full_name: input.fullName, email: null, locale: input.locale })
        .returning(publicColumns)
        .executeTakeFirstOrThrow();
      await recordAttempt(trx, [["guest_account_client", input.clientKey], ["reset_request_phone", input.phone]], now);
      await enqueueJob(trx, "password_reset_code", { phone: input.phone, locale: input.locale, purpose: "welcome" });
      return { ok: true as const, user };
    });
  } catch (error) {
    // Two checkouts for the same new number at once: the second one signs in like everyone else.
    if (isUniqueViolation(error, "users_phone_key")) return { ok: false, field: "recipientPhone", messageKey: "checkout.error.phoneHasAccount" };
    throw error;
  }
}

export type ResetResult = { ok: true; userId: string } | { ok: false; messageKey: "error.codeInvalid" | "error.codeTooManyAttempts" };

/**
 * Checks the code, then (only then: hashing costs 20 MB and tens of milliseconds) sets the new
 * password and signs out every session. Wrong codes count against the number, not the code, and
 * against the client; unknown numbers go through the same steps and get the same answers.
 */
export async function resetPassword(
  db: Db,
  input: { phone: string; code: string; password: string; clientKey: string },
  now = new Date(),
): Promise<ResetResult> {
  const [forPhone, forClient] = await Promise.all([
    recentCount(db, "reset_verify_phone", input.phone, now),
    recentCount(db, "reset_verify_client", input.clientKey, now),
  ]);
  if (forPhone >= RESET_MAX_ATTEMPTS || forClient >= RESET_MAX_PER_CLIENT) return { ok: false, messageKey: "error.codeTooManyAttempts" };
  const user = await getUserByPhone(db, input.phone);
  const matched = await db.transaction().execute(async (trx) => {
    const reset = await trx
      .selectFrom("password_resets")
      .select(["id", "code_hash"])
      .where("user_id", "=", user?.id ?? "0")
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .orderBy("id", "desc")
      .forUpdate()
      .executeTakeFirst();
    const expected = Buffer.from(reset?.code_hash ?? sha256(`unknown:${randomBytes(8).toString("hex")}`), "hex");
    const given = Buffer.from(sha256(`${user?.id ?? "unknown"}:${input.code}`), "hex");
    if (!reset || !user || !timingSafeEqual(expected, given)) {
      await recordAttempt(trx, [["reset_verify_phone", input.phone], ["reset_verify_client", input.clientKey]], now);
      return null;
    }
    // Claimed before the slow hash, so two requests racing with the same code cannot both use it.
    await trx.updateTable("password_resets").set({ used_at: now }).where("id", "=", reset.id).execute();
    return user;
  });
  if (!matched) {
    return forPhone + 1 >= RESET_MAX_ATTEMPTS ? { ok: false, messageKey: "error.codeTooManyAttempts" } : { ok: false, messageKey: "error.codeInvalid" };
  }
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash, updated_at: new Date() }).where("id", "=", matched.id).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", matched.id).execute();
    await trx.deleteFrom("sign_in_failures").where("scope", "=", "phone").where("key", "=", matched.phone).execute();
  });
  return { ok: true, userId: matched.id };
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
  await db
    .deleteFrom("throttle_events")
    .where("created_at", "<", new Date(now.getTime() - RESET_WINDOW_MINUTES * 60_000))
    .execute();
}
