import { jsonCall, JsonCallError, text } from "~/lib/json-call.server";
import type { ChannelSender, SendResult } from "./notifier.server";
import { smsText } from "./templates";

/**
 * eSMS: brandname customer-care SMS (SmsType 2), written without tone marks (IsUnicode 0, 160
 * characters a part). Our event key is the RequestId, so a retried send is dropped by eSMS as a
 * repeat. CodeResult "100" is accepted; every other code is a failure the job retries later.
 */
export interface EsmsSettings {
  apiKey: string;
  secretKey: string;
  brandname: string;
  /** https://rest.esms.vn */
  endpoint: string;
  /** Sandbox: eSMS accepts and checks, but delivers nothing. */
  sandbox: boolean;
  /** Where eSMS posts delivery reports; none when unset. */
  callbackUrl?: string;
}

export function createEsmsSender(settings: EsmsSettings): ChannelSender {
  return {
    async send(message): Promise<SendResult> {
      const content = smsText(message.body);
      try {
        const answer = await jsonCall("eSMS", `${settings.endpoint}/MainService.svc/json/SendMultipleMessage_V4_post_json/`, {
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            ApiKey: settings.apiKey,
            SecretKey: settings.secretKey,
            Phone: message.phone,
            Content: content,
            Brandname: settings.brandname,
            SmsType: "2",
            IsUnicode: "0",
            Sandbox: settings.sandbox ? "1" : "0",
            RequestId: message.eventKey,
            ...(settings.callbackUrl ? { CallbackUrl: settings.callbackUrl } : {}),
          }),
        });
        const code = text(answer.CodeResult);
        if (code === "100") return { ok: true, providerMessageId: text(answer.SMSID) || message.eventKey };
        return { ok: false, rejected: false, error: `eSMS CodeResult ${code || "?"}${text(answer.ErrorMessage) ? `: ${text(answer.ErrorMessage)}` : ""}` };
      } catch (error) {
        if (error instanceof JsonCallError) return { ok: false, rejected: false, error: error.message };
        throw error;
      }
    },
  };
}
