import { PaymentProviderError } from "./provider";

/**
 * One call to a payment provider's API: a POST with a 10 s limit whose answer must be a JSON
 * object. A provider that cannot be reached or answers something else is a PaymentProviderError
 * (the buyer is asked to try again; jobs retry), never a crash.
 */
export async function postForJson(providerName: string, url: string, body: string | URLSearchParams, contentType?: string): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: contentType ? { "Content-Type": contentType } : undefined, body, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new PaymentProviderError(`${providerName} unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
  }
  const json: unknown = await response.json().catch(() => null);
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new PaymentProviderError(`${providerName} answered ${response.status} without a JSON object`, null);
  return json as Record<string, unknown>;
}
