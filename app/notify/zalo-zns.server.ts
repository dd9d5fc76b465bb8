import type { Db } from "../../db";
import { jsonCall, JsonCallError, record, text } from "~/lib/json-call.server";
import type { ChannelSender, SendResult } from "./notifier.server";
import { fitParam, internationalPhone, PARAM_LIMITS, type MessageKind, type TemplateParam } from "./templates";

/**
 * Zalo ZNS: template messages from our Zalo Official Account to a phone number (wire format in
 * ../shared/PROVIDERS.md). Each kind of message has a template Zalo approved in advance; a kind
 * without one goes by SMS instead. The OA access token lives about 25 hours and every refresh
 * also replaces the refresh token, so both are kept in one database row, changed under its lock.
 */
export interface ZaloZnsSettings {
  appId: string;
  secretKey: string;
  /** The first refresh token (from the OA's settings); after the first refresh the database holds the current one. */
  refreshToken: string;
  /** https://business.openapi.zalo.me */
  endpoint: string;
  /** https://oauth.zaloapp.com */
  oauthEndpoint: string;
  /** The approved template for each kind of message. */
  templates: Partial<Record<MessageKind, string>>;
}

/** Zalo's answer for an access token that is wrong or has run out. */
const TOKEN_INVALID = -124;
/** Refresh a little before the end, so no message is sent with a token that dies on the way. */
const EARLY_REFRESH_MS = 5 * 60_000;

export function createZaloZnsSender(db: Db, settings: ZaloZnsSettings): ChannelSender {
  const refresh = async (refreshToken: string) => {
    const answer = await jsonCall("Zalo OAuth", `${settings.oauthEndpoint}/v4/oa/access_token`, {
      headers: { secret_key: settings.secretKey, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ app_id: settings.appId, refresh_token: refreshToken, grant_type: "refresh_token" }),
    });
    const accessToken = text(answer.access_token);
    const nextRefresh = text(answer.refresh_token);
    const seconds = Number(text(answer.expires_in) || "0");
    if (!accessToken || !nextRefresh) throw new JsonCallError(`Zalo refused the refresh token: ${text(answer.error_name) || text(answer.error)} ${text(answer.error_description)}`.trim());
    return { accessToken, refreshToken: nextRefresh, expiresAt: new Date(Date.now() + (seconds > 0 ? seconds : 3600) * 1000) };
  };

  /** A live access token; `stale` is one Zalo just refused, to be replaced unless someone already did. */
  const accessToken = async (stale: string | null = null): Promise<string> => {
    const current = await db.selectFrom("zalo_oa_tokens").selectAll().where("app_id", "=", settings.appId).executeTakeFirst();
    const live = (row: typeof current) => row?.access_token && row.access_token !== stale && row.access_expires_at && row.access_expires_at.getTime() > Date.now() + EARLY_REFRESH_MS;
    if (live(current)) return current!.access_token!;
    return db.transaction().execute(async (trx) => {
      await trx.insertInto("zalo_oa_tokens").values({ app_id: settings.appId, refresh_token: settings.refreshToken }).onConflict((oc) => oc.column("app_id").doNothing()).execute();
      const locked = await trx.selectFrom("zalo_oa_tokens").selectAll().where("app_id", "=", settings.appId).forUpdate().executeTakeFirstOrThrow();
      // Another worker refreshed while this one waited for the lock.
      if (live(locked)) return locked.access_token!;
      let fresh;
      try {
        fresh = await refresh(locked.refresh_token);
      } catch (error) {
        // The stored token was spent or revoked; a new one put in the settings since is the way back.
        if (settings.refreshToken === locked.refresh_token) throw error;
        fresh = await refresh(settings.refreshToken);
      }
      await trx
        .updateTable("zalo_oa_tokens")
        .set({ access_token: fresh.accessToken, refresh_token: fresh.refreshToken, access_expires_at: fresh.expiresAt, updated_at: new Date() })
        .where("app_id", "=", settings.appId)
        .execute();
      return fresh.accessToken;
    });
  };

  return {
    async send(message): Promise<SendResult> {
      const templateId = message.kind === "legacy" ? undefined : settings.templates[message.kind];
      if (!templateId) return { ok: false, rejected: true, error: `no ZNS template for ${message.kind}` };
      const templateData: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.params)) templateData[name] = fitParam(value, PARAM_LIMITS[name as TemplateParam] ?? 100);
      const body = JSON.stringify({ phone: internationalPhone(message.phone), template_id: templateId, template_data: templateData, tracking_id: message.eventKey });
      try {
        let token = await accessToken();
        let answer = await jsonCall("Zalo ZNS", `${settings.endpoint}/message/template`, { headers: { access_token: token, "Content-Type": "application/json" }, body });
        if (Number(answer.error) === TOKEN_INVALID) {
          token = await accessToken(token);
          answer = await jsonCall("Zalo ZNS", `${settings.endpoint}/message/template`, { headers: { access_token: token, "Content-Type": "application/json" }, body });
        }
        const error = Number(answer.error);
        if (error === 0) return { ok: true, providerMessageId: text(record(answer.data).msg_id) || message.eventKey };
        // Not on Zalo, blocked the OA, template or parameter refused, quota spent: SMS instead, for this message.
        return { ok: false, rejected: true, error: `Zalo error ${text(answer.error) || "?"}: ${text(answer.message)}` };
      } catch (error) {
        if (error instanceof JsonCallError) return { ok: false, rejected: false, error: error.message };
        throw error;
      }
    },
  };
}
