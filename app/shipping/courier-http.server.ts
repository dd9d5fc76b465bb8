import { jsonCall, JsonCallError } from "~/lib/json-call.server";
import { CourierError } from "./courier";

/**
 * One call to a courier's API whose answer must be a JSON object, within a time limit (quotes at
 * checkout wait at most 2 s; bookings longer). A courier that cannot be reached or answers
 * something else is a CourierError (the seller is asked to try again; jobs retry), never a crash.
 */
export async function courierJson(
  courierName: string,
  url: string,
  init: { method?: "GET" | "POST"; headers: Record<string, string>; body?: string; timeoutMs?: number; signal?: AbortSignal },
): Promise<Record<string, unknown>> {
  try {
    return await jsonCall(courierName, url, { ...init, headers: { ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}), ...init.headers } });
  } catch (error) {
    throw error instanceof JsonCallError ? new CourierError(error.message) : error;
  }
}

/** A field of a courier's answer read as a whole number of đồng (couriers send numbers or numeric strings). */
export function vndField(value: unknown): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^[0-9]{1,15}$/.test(value)) return BigInt(value);
  throw new CourierError(`not an amount of đồng: ${JSON.stringify(value)}`);
}

export { record, text } from "~/lib/json-call.server";
