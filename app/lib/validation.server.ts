import { z } from "zod";
import { normalizePhone } from "~/accounts/phone";
import type { MessageKey } from "~/i18n/messages";

/**
 * Field rules shared by every form. Messages are message keys (see i18n/translateIssue), so
 * the same schema answers in Vietnamese or English.
 */
/**
 * Characters that change how text around them is drawn without being seen: bidirectional
 * overrides and isolates (U+202E turns "Vườn Tư" into what looks like another name), zero-width
 * spaces and joiners, the byte-order mark, and control characters. Names and one-line texts
 * lose them; the rest of the text is kept as typed, in NFC so one letter has one spelling.
 */
// eslint-disable-next-line no-control-regex, no-misleading-character-class -- control characters and lone invisible marks are what this removes
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb]/g;
// Longer texts keep zero-width joiners (emoji such as 👩‍🌾 are built with them) but lose the rest.
// eslint-disable-next-line no-control-regex -- as above
const INVISIBLE_IN_PROSE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
function visibleText(text: string, options: { multiline?: boolean } = {}): string {
  const cleaned = text.normalize("NFC").replace(options.multiline ? INVISIBLE_IN_PROSE : INVISIBLE, "");
  return options.multiline ? cleaned.replace(/\r\n?/g, "\n") : cleaned.replace(/[\r\n]+/g, " ").replace(/\s{2,}/g, " ");
}

export const requiredText = (max: number, min = 1) =>
  z
    .string({ required_error: "error.required", invalid_type_error: "error.required" })
    .transform((v) => visibleText(v).trim())
    .pipe(z.string().min(1, "error.required").min(min, `error.tooShort|min=${min}`).max(max, `error.tooLong|max=${max}`));

export const optionalText = (max: number) =>
  z
    .string()
    .transform((v) => visibleText(v, { multiline: true }).trim())
    .pipe(z.string().max(max, `error.tooLong|max=${max}`))
    .optional()
    .transform((v) => v ?? "");

export const phoneField = z
  .string({ required_error: "error.required", invalid_type_error: "error.required" })
  .max(30, "error.phoneInvalid")
  .transform((value, ctx) => {
    const phone = normalizePhone(value);
    if (!phone) {
      ctx.addIssue({ code: "custom", message: "error.phoneInvalid" });
      return z.NEVER;
    }
    return phone;
  });

export const passwordField = z
  .string({ required_error: "error.required", invalid_type_error: "error.required" })
  .min(8, "error.passwordShort")
  .max(200, "error.passwordLong");

export const optionalEmail = z
  .string()
  .trim()
  .max(254, "error.tooLong|max=254")
  .email("error.emailInvalid")
  .optional()
  .transform((v) => (v ? v.toLowerCase() : null));

/**
 * A whole number as a person writes it here: digits, optionally grouped in thousands by dots or
 * spaces ("50.000", "1 200 000"), for money also with "đ", "₫" or "VND" after it. Anything else
 * is refused rather than guessed at: "1.5" is not 15, "50000.5" is not 500,005, and a comma is
 * the Vietnamese decimal mark, so "1,5" is refused too. Returns null when it is not one.
 */
export function parseWholeNumber(text: string, options: { currency?: boolean } = {}): number | null {
  let value = text.trim().replace(/\u00a0|\u202f/g, " ");
  if (options.currency) value = value.replace(/\s*(?:đ|₫|vnđ|vnd)$/i, "");
  const grouped = /^[0-9]{1,3}(?:([. ])[0-9]{3})?(?:\1[0-9]{3})*$/.test(value);
  if (!/^[0-9]{1,12}$/.test(value) && !grouped) return null;
  const digits = value.replace(/[. ]/g, "");
  return digits.length > 15 ? null : Number(digits);
}

/**
 * Prices as people say and type them: "50k" (50.000), "2,5k", "120 nghìn", "1tr2" (1.200.000),
 * "1tr250" (1.250.000), "1,5tr", "2 triệu". Null when it is not that shape or not whole đồng.
 */
export function parseVndShorthand(text: string): number | null {
  const value = text.trim().toLowerCase().replace(/\s*(?:đ|₫|vnđ|vnd)$/, "");
  const m = /^(\d{1,6})(?:[.,](\d{1,3}))?\s*(k|nghìn|ngàn|tr|triệu)\s*(\d{1,3})?$/.exec(value);
  if (!m) return null;
  const [, whole = "", fraction, unitWord = "", tail] = m;
  if (fraction && tail) return null; // "1,5tr2" says it twice
  const unit = unitWord === "k" || unitWord === "nghìn" || unitWord === "ngàn" ? 1_000 : 1_000_000;
  const part = fraction ?? tail ?? "";
  // "1tr2" is 1,2 triệu: the digits after the unit are its next places, as after a comma.
  const amount = Number(whole) * unit + (part ? (Number(part) * unit) / 10 ** part.length : 0);
  return Number.isSafeInteger(amount) ? amount : null;
}

/** A form field holding a whole number between min and max (see parseWholeNumber). */
export const wholeNumberField = (min: number, max: number, messageKey: string, options: { currency?: boolean } = {}) =>
  z
    .union([z.string(), z.number()], { required_error: "error.required", invalid_type_error: messageKey })
    .transform((raw, ctx) => {
      const n = typeof raw === "number" ? (Number.isSafeInteger(raw) ? raw : null) : parseWholeNumber(raw, options);
      if (typeof raw === "string" && raw.trim() === "") {
        ctx.addIssue({ code: "custom", message: "error.required" });
        return z.NEVER;
      }
      if (n === null || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: messageKey });
        return z.NEVER;
      }
      return n;
    });

/**
 * A real calendar day written YYYY-MM-DD: "2026-02-30" and "2026-11-31" are not days, although
 * Date.parse rolls them over into the next month without complaint (and PostgreSQL then refuses them).
 */
export function isCalendarDay(value: string | null | undefined): value is string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A domain rule broken by the input: which field, and the message key to show. */
export type MessageParams = Record<string, string | number>;

/**
 * A message for a form reply or a page: its key and parameters, written as the one string form
 * that crosses to the browser ("checkout.error.short|title=…|n=2"), each value percent-encoded so a
 * product or farm name with "|" or "=" in it arrives intact (issue 11). translateIssue reads it.
 */
function issueText(key: MessageKey, params: MessageParams = {}): string {
  return [key, ...Object.entries(params).map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)].join("|");
}

export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(`${field}: ${messageKey}`);
  }

  /** The message as a form reply carries it. */
  get issue(): string {
    return issueText(this.messageKey, this.params);
  }
}

/** Raised when the acting user may not do what they asked; routes answer 403. */
export class ForbiddenError extends Error {
  constructor(message = "forbidden") {
    super(message);
  }
}

/** Postgres unique_violation, optionally on one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: string; constraint?: string };
  return e.code === "23505" && (constraint === undefined || e.constraint === constraint);
}
