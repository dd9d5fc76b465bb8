import { jsonCall, JsonCallError } from "~/lib/json-call.server";
import { PaymentProviderError } from "./provider";

/**
 * One call to a payment provider's API: a POST with a 10 s limit whose answer must be a JSON
 * object. A provider that cannot be reached or answers something else is a PaymentProviderError
 * (the buyer is asked to try again; jobs retry), never a crash.
 */
export async function postForJson(providerName: string, url: string, body: string | URLSearchParams, contentType?: string): Promise<Record<string, unknown>> {
  try {
    return await jsonCall(providerName, url, { body, headers: contentType ? { "Content-Type": contentType } : undefined });
  } catch (error) {
    throw error instanceof JsonCallError ? new PaymentProviderError(error.message, null) : error;
  }
}
