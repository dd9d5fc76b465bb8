import { randomBytes } from "node:crypto";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { MESSAGE_KINDS, PARAM_LIMITS, TEMPLATES, type MessageKind, type TemplateParam } from "../templates";

/**
 * Local stand-ins for Zalo ZNS and eSMS (development and tests only; their routes are behind the
 * dev tools guard, like the payment and courier simulators). Each speaks its provider's wire
 * format on /dev/sim/<id>/api/…, checks what the provider checks, drops repeats of one
 * tracking_id / RequestId, and hands what a phone would show to `deliver` (the dev outbox).
 *
 * The Zalo simulator's rules for trying the fallback: numbers ending in 0 have no Zalo account
 * (every other number has one), and its codes are its own (Zalo's exact numbers are unconfirmed
 * beyond -124, the invalid access token).
 */
export interface PhoneInbox {
  (message: { channel: "zalo" | "sms"; recipient: string; subject: string; body: string }): Promise<void>;
}

export interface NotifySimulator {
  /** The provider's API; `path` is what follows /dev/sim/<id>/api/. */
  api(path: string, request: Request, deliver: PhoneInbox): Promise<Response>;
  /** While on, the provider answers 503 with an HTML page, as a gateway in trouble does. */
  setOutage(on: boolean): void;
}

const outagePage = () => new Response("<html><body>503 Service Unavailable</body></html>", { status: 503, headers: { "Content-Type": "text/html" } });
const json = (body: unknown) => Response.json(body);

// ─── Zalo ZNS ────────────────────────────────────────────────────────────────────────────────

/** The simulator's Official Account, and one approved template per kind of message. */
export const ZNS_SIMULATOR_SETTINGS = {
  appId: "4316839461270000001",
  secretKey: "zalo-sim-secret-key-0000",
  refreshToken: "zalo-sim-refresh-token-initial",
  templates: Object.fromEntries(MESSAGE_KINDS.map((kind, i) => [kind, String(300_100 + i)])) as Record<MessageKind, string>,
};
const ACCESS_TOKEN_SECONDS = 90_000;

function createZnsSimulator(): NotifySimulator & { expireAccessTokens(): void } {
  let outage = false;
  const refreshTokens = new Set<string>([ZNS_SIMULATOR_SETTINGS.refreshToken]);
  const accessTokens = new Map<string, number>();
  const sent = new Map<string, string>(); // tracking_id → msg_id
  const templatesById = new Map(Object.entries(ZNS_SIMULATOR_SETTINGS.templates).map(([kind, id]) => [id, kind as MessageKind]));
  const t = makeTranslate(dictionaryFor("vi"));
  let remainingQuota = 500;

  const oauth = async (request: Request) => {
    const form = new URLSearchParams(await request.text());
    if (request.headers.get("secret_key") !== ZNS_SIMULATOR_SETTINGS.secretKey || form.get("app_id") !== ZNS_SIMULATOR_SETTINGS.appId) {
      return json({ error: -14002, error_name: "Invalid app_id or secret_key", error_description: "app_id or secret_key is wrong" });
    }
    const refreshToken = form.get("refresh_token") ?? "";
    if (form.get("grant_type") !== "refresh_token" || !refreshTokens.has(refreshToken)) {
      return json({ error: -14014, error_name: "Invalid refresh token", error_description: "the refresh token is wrong, used or expired" });
    }
    // A refresh token works once: the answer carries the next one.
    refreshTokens.delete(refreshToken);
    const accessToken = `zsa-${randomBytes(18).toString("base64url")}`;
    const nextRefresh = `zsr-${randomBytes(18).toString("base64url")}`;
    accessTokens.set(accessToken, Date.now() + ACCESS_TOKEN_SECONDS * 1000);
    refreshTokens.add(nextRefresh);
    return json({ access_token: accessToken, refresh_token: nextRefresh, expires_in: String(ACCESS_TOKEN_SECONDS) });
  };

  const sendTemplate = async (request: Request, deliver: PhoneInbox) => {
    const token = request.headers.get("access_token") ?? "";
    if ((accessTokens.get(token) ?? 0) <= Date.now()) return json({ error: -124, message: "Access token is invalid" });
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return json({ error: -100, message: "Body is not JSON" });
    const phone = typeof body.phone === "string" ? body.phone : "";
    if (!/^84[35789][0-9]{8}$/.test(phone)) return json({ error: -108, message: "Phone number is invalid (84xxxxxxxxx)" });
    const kind = templatesById.get(String(body.template_id ?? ""));
    if (!kind) return json({ error: -1123, message: "Template not found or not approved" });
    const trackingId = typeof body.tracking_id === "string" ? body.tracking_id : "";
    if (trackingId.length > 48) return json({ error: -1126, message: "tracking_id is longer than 48 characters" });
    const data = (body.template_data && typeof body.template_data === "object" ? body.template_data : {}) as Record<string, unknown>;
    for (const name of TEMPLATES[kind].params) {
      const value = data[name];
      if (typeof value !== "string" || value.length === 0) return json({ error: -1124, message: `Template data is missing ${name}` });
      if (value.length > PARAM_LIMITS[name as TemplateParam]) return json({ error: -1125, message: `${name} is longer than ${PARAM_LIMITS[name as TemplateParam]} characters` });
    }
    if (phone.endsWith("0")) return json({ error: -118, message: "The user has no Zalo account or has blocked the OA" });
    const again = trackingId ? sent.get(trackingId) : undefined;
    if (again) return json({ error: 0, message: "Success", data: { msg_id: again, sent_time: String(Date.now()), quota: { dailyQuota: "500", remainingQuota: String(remainingQuota) } } });
    if (remainingQuota <= 0) return json({ error: -1131, message: "Daily quota exceeded" });
    remainingQuota -= 1;
    const msgId = randomBytes(16).toString("hex");
    if (trackingId) sent.set(trackingId, msgId);
    const params = data as Record<string, string>;
    await deliver({ channel: "zalo", recipient: `0${phone.slice(2)}`, subject: `Zalo · Vườn Nhà · ${t(TEMPLATES[kind].subject, params)}`, body: t(TEMPLATES[kind].body, params) });
    return json({ error: 0, message: "Success", data: { msg_id: msgId, sent_time: String(Date.now()), quota: { dailyQuota: "500", remainingQuota: String(remainingQuota) } } });
  };

  return {
    async api(path, request, deliver) {
      if (outage) return outagePage();
      if (request.method !== "POST") return json({ error: -100, message: "POST only" });
      if (path === "oauth/v4/oa/access_token") return oauth(request);
      if (path === "message/template") return sendTemplate(request, deliver);
      return json({ error: -100, message: `unknown path ${path}` });
    },
    setOutage(on) {
      outage = on;
    },
    expireAccessTokens() {
      accessTokens.clear();
    },
  };
}

// ─── eSMS ────────────────────────────────────────────────────────────────────────────────────

export const ESMS_SIMULATOR_SETTINGS = { apiKey: "esms-sim-api-key-0000", secretKey: "esms-sim-secret-key-0000", brandname: "VuonNha", sandbox: false };
const SMS_PARTS = 3;

function createEsmsSimulator(): NotifySimulator {
  let outage = false;
  const sent = new Map<string, string>(); // RequestId → SMSID
  return {
    async api(path, request, deliver) {
      if (outage) return outagePage();
      if (request.method !== "POST" || path.replace(/\/$/, "") !== "MainService.svc/json/SendMultipleMessage_V4_post_json") return json({ CodeResult: "99", ErrorMessage: `unknown service ${path}` });
      const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
      if (!body) return json({ CodeResult: "99", ErrorMessage: "Body is not JSON" });
      if (body.ApiKey !== ESMS_SIMULATOR_SETTINGS.apiKey || body.SecretKey !== ESMS_SIMULATOR_SETTINGS.secretKey) return json({ CodeResult: "101", ErrorMessage: "Wrong ApiKey or SecretKey" });
      if (body.Brandname !== ESMS_SIMULATOR_SETTINGS.brandname) return json({ CodeResult: "104", ErrorMessage: "Brandname not registered" });
      if (body.SmsType !== "2") return json({ CodeResult: "118", ErrorMessage: "SmsType must be 2 (customer care)" });
      const phone = typeof body.Phone === "string" ? body.Phone : "";
      if (!/^(0|84)[35789][0-9]{8}$/.test(phone)) return json({ CodeResult: "99", ErrorMessage: "Phone number is invalid" });
      const content = typeof body.Content === "string" ? body.Content : "";
      const unicode = body.IsUnicode === "1" || body.IsUnicode === 1;
      if (!unicode && /[^\x20-\x7e\n]/.test(content)) return json({ CodeResult: "119", ErrorMessage: "IsUnicode is 0 but the content has tone marks" });
      const perPart = unicode ? 67 : 153;
      if (content.length === 0 || content.length > perPart * SMS_PARTS) return json({ CodeResult: "119", ErrorMessage: `Content must be 1-${perPart * SMS_PARTS} characters` });
      const requestId = typeof body.RequestId === "string" ? body.RequestId : "";
      const again = requestId ? sent.get(requestId) : undefined;
      if (again) return json({ CodeResult: "100", SMSID: again, CountRegenerate: 0 });
      const smsId = `${Date.now()}${randomBytes(4).toString("hex")}`;
      if (requestId) sent.set(requestId, smsId);
      // Sandbox: accepted and checked, nothing reaches the phone.
      if (body.Sandbox !== "1") await deliver({ channel: "sms", recipient: phone.startsWith("84") ? `0${phone.slice(2)}` : phone, subject: `SMS · ${ESMS_SIMULATOR_SETTINGS.brandname}`, body: content });
      return json({ CodeResult: "100", SMSID: smsId, CountRegenerate: 0 });
    },
    setOutage(on) {
      outage = on;
    },
  };
}

export const znsSimulator = createZnsSimulator();
export const esmsSimulator = createEsmsSimulator();

const SIMULATORS: Record<string, NotifySimulator> = { zalo: znsSimulator, esms: esmsSimulator };

export function notifySimulator(id: string): NotifySimulator | null {
  return Object.hasOwn(SIMULATORS, id) ? SIMULATORS[id]! : null;
}
