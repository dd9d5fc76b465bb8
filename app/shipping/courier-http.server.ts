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
  let response: Response;
  const timeout = AbortSignal.timeout(init.timeoutMs ?? 10_000);
  try {
    response = await fetch(url, {
      method: init.method ?? "POST",
      headers: { ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}), ...init.headers },
      body: init.body,
      signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
    });
  } catch (error) {
    throw new CourierError(`${courierName} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const json: unknown = await response.json().catch(() => null);
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new CourierError(`${courierName} answered ${response.status} without a JSON object`);
  return json as Record<string, unknown>;
}

/** A field of a courier's answer read as a whole number of đồng (couriers send numbers or numeric strings). */
export function vndField(value: unknown): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^[0-9]{1,15}$/.test(value)) return BigInt(value);
  throw new CourierError(`not an amount of đồng: ${JSON.stringify(value)}`);
}

export const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
export const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
