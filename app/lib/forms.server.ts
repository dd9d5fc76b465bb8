import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { FieldError } from "./validation.server";
import type { MessageKey } from "~/i18n/messages";

export type FormResult = SubmissionResult<string[]>;

/** Fields whose values are never echoed back into the page. */
const SECRET_FIELDS = ["password", "code"];

/**
 * Parses a posted form against a schema (Conform does the FormData → typed value work:
 * empty strings become undefined, arrays and numbers are coerced). Returns either the value
 * or a reply to send back, whose messages are message keys translated when rendered.
 */
export async function parseForm<Schema extends z.ZodTypeAny>(
  request: Request,
  schema: Schema,
): Promise<{ ok: true; value: z.output<Schema>; formData: FormData } | { ok: false; reply: FormResult; formData: FormData }> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    formData = new FormData();
    return { ok: false, formData, reply: { status: "error", error: { "": ["error.formExpired"] } } };
  }
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return { ok: false, formData, reply: submission.reply({ hideFields: SECRET_FIELDS }) };
  }
  return { ok: true, value: submission.value as z.output<Schema>, formData };
}

/** Turns a domain FieldError into a form reply, keeping what the person typed. */
export function replyWithFieldError(formData: FormData, error: FieldError): FormResult {
  const initialValue: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !SECRET_FIELDS.includes(key)) initialValue[key] = value;
  }
  return { status: "error", initialValue, error: { [error.field]: [error.issue] } };
}

/** Sends the form back as typed, with no messages (e.g. after picking a province without JS). */
export function echoReply(formData: FormData): FormResult {
  const reply = replyWithFieldError(formData, new FieldError("", "error.formExpired"));
  return { ...reply, error: {} };
}

/** A message for the whole form rather than one field. */
export function replyWithFormError(formData: FormData, messageKey: MessageKey): FormResult {
  return replyWithFieldError(formData, new FieldError("", messageKey));
}

