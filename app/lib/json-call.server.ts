/** A provider that could not be reached in time, or answered something that is not a JSON object. */
export class JsonCallError extends Error {}

/**
 * One call to an outside API (payment providers, couriers, Zalo, the SMS gateway) whose answer
 * must be a JSON object, within a time limit (10 s unless told). Each provider wraps the failure
 * in its own error type; nothing here ever crashes the caller with a raw network error.
 */
export async function jsonCall(
  providerName: string,
  url: string,
  init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string | URLSearchParams; timeoutMs?: number; signal?: AbortSignal },
): Promise<Record<string, unknown>> {
  let response: Response;
  const timeout = AbortSignal.timeout(init.timeoutMs ?? 10_000);
  try {
    response = await fetch(url, {
      method: init.method ?? "POST",
      headers: init.headers,
      body: init.body,
      signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
    });
  } catch (error) {
    throw new JsonCallError(`${providerName} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const json: unknown = await response.json().catch(() => null);
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new JsonCallError(`${providerName} answered ${response.status} without a JSON object`);
  return json as Record<string, unknown>;
}

/** A field of an answer read as an object (or an empty one), and as text (numbers too). */
export const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
export const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
