import { z } from "zod";
import { normalizePhone } from "~/accounts/phone";

/**
 * Field rules shared by every form. Messages are message keys (see i18n/translateIssue), so
 * the same schema answers in Vietnamese or English.
 */
export const requiredText = (max: number, min = 1) =>
  z
    .string({ required_error: "error.required", invalid_type_error: "error.required" })
    .trim()
    .min(1, "error.required")
    .min(min, `error.tooShort|min=${min}`)
    .max(max, `error.tooLong|max=${max}`);

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `error.tooLong|max=${max}`)
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

/** A domain rule broken by the input: which field, and the message key to show. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(`${field}: ${messageKey}`);
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
