import type { z } from "zod";
import { placeOptions } from "~/geo/address.server";
import { echoReply, parseForm, replyWithFieldError, type FormResult } from "~/lib/forms.server";
import { FieldError } from "~/lib/validation.server";

/**
 * The farm-shop and cooperative forms: province → ward without JavaScript ("show wards" re-posts
 * the form as typed), validation, then `save`. A domain rule it breaks comes back on its field.
 */
export async function handleSellerForm<Schema extends z.ZodTypeAny>(
  request: Request,
  schema: Schema,
  save: (value: z.output<Schema>) => Promise<unknown>,
): Promise<{ done: boolean; result: FormResult | null; wards: { code: string; name: string }[] }> {
  const parsed = await parseForm(request, schema);
  const { wards } = placeOptions(String(parsed.formData.get("provinceCode") ?? ""));
  if (parsed.formData.get("intent") === "pick-province") return { done: false, result: echoReply(parsed.formData), wards };
  if (!parsed.ok) return { done: false, result: parsed.reply, wards };
  try {
    await save(parsed.value);
  } catch (error) {
    if (error instanceof FieldError) return { done: false, result: replyWithFieldError(parsed.formData, error), wards };
    throw error;
  }
  return { done: true, result: null, wards };
}
