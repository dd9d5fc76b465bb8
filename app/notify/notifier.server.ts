import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Db, DbOrTx } from "../../db";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { isLocale, makeTranslate, type Locale } from "~/i18n/i18n";
import type { JobSpec } from "~/jobs/queue.server";
import { channelChoice } from "./preferences.server";
import { channelsFor, isMessageKind, PARAM_LIMITS, TEMPLATES, type MessageKind, type TemplateParam } from "./templates";

export type Channel = "zalo" | "sms";

/**
 * What the "notify" job carries: who hears of which event, in their language, with the event's
 * facts. The text is written when it is sent, from the template catalogue (templates.ts).
 */
export interface NotificationRequest {
  /** One per event, made when the job is enqueued: every try sends under it, so nothing goes twice. */
  eventKey: string;
  kind: MessageKind;
  /** Whose channel choices apply; null for a number without an account of its own (a shop's phone). */
  userId: string | null;
  phone: string;
  locale: Locale;
  params: Partial<Record<TemplateParam, string>>;
  /** A page of ours the message points to ("/orders/VN…"); the public address is put in front when sent. */
  linkPath?: string;
}

/** One message for one channel, written out. */
export interface ChannelMessage {
  eventKey: string;
  /** "legacy": an old finished text, which has no template. */
  kind: MessageKind | "legacy";
  phone: string;
  subject: string;
  body: string;
  /** Every parameter of the kind's template, within its length limit. */
  params: Record<string, string>;
}

/** `rejected`: the provider refused this message for good (not on Zalo, template refused): try the next channel, never this one again for it. */
export type SendResult = { ok: true; providerMessageId: string } | { ok: false; rejected: boolean; error: string };

/** A provider for one channel: Zalo ZNS, an SMS gateway, or the development outbox. */
export interface ChannelSender {
  send(message: ChannelMessage): Promise<SendResult>;
}

export type ChannelSenders = Partial<Record<Channel, ChannelSender>>;

/** A finished text from a job enqueued before issue 14 ({channel, recipient, subject, body}). */
export interface LegacyText {
  legacy: true;
  eventKey: string;
  phone: string;
  subject: string;
  body: string;
}

export interface Notifier {
  send(request: NotificationRequest | LegacyText): Promise<void>;
}

/** The "notify" job for one event; its event key is drawn here, once. */
export function notifyJob(request: Omit<NotificationRequest, "eventKey">): JobSpec {
  const eventKey = `${request.kind}-${randomBytes(12).toString("base64url")}`;
  return { task: "notify", payload: { ...request, eventKey } };
}

/**
 * A job's payload read back. Jobs enqueued before issue 14 carried a finished text
 * ({channel, recipient, subject, body}); they are still sent, by SMS, under a key drawn from their content.
 */
export function readNotifyPayload(payload: unknown): NotificationRequest | LegacyText {
  const p = (payload && typeof payload === "object" ? payload : {}) as Record<string, unknown>;
  if (typeof p.recipient === "string" && typeof p.body === "string" && p.kind === undefined) {
    const eventKey = `legacy-${createHash("sha256").update(JSON.stringify(p)).digest("base64url").slice(0, 32)}`;
    return { legacy: true, eventKey, phone: p.recipient, subject: String(p.subject ?? ""), body: p.body };
  }
  if (!isMessageKind(p.kind) || typeof p.eventKey !== "string" || typeof p.phone !== "string") throw new Error(`not a notification: ${JSON.stringify(payload).slice(0, 200)}`);
  const params: Partial<Record<TemplateParam, string>> = {};
  const given = (p.params && typeof p.params === "object" ? p.params : {}) as Record<string, unknown>;
  for (const name of Object.keys(PARAM_LIMITS) as TemplateParam[]) if (typeof given[name] === "string") params[name] = given[name];
  return {
    eventKey: p.eventKey,
    kind: p.kind,
    userId: typeof p.userId === "string" ? p.userId : null,
    phone: p.phone,
    locale: isLocale(p.locale) ? p.locale : "vi",
    params,
    linkPath: typeof p.linkPath === "string" && p.linkPath.startsWith("/") ? p.linkPath : undefined,
  };
}

/** The message in the person's language, with every template parameter filled in. */
export function writeMessage(request: NotificationRequest, publicUrl: string): ChannelMessage {
  const template = TEMPLATES[request.kind];
  const t = makeTranslate(dictionaryFor(request.locale));
  const filled: Record<string, string> = { ...request.params, link: request.linkPath ? `${publicUrl.replace(/\/$/, "")}${request.linkPath}` : "" };
  const params: Record<string, string> = {};
  for (const name of template.params) params[name] = filled[name] ?? "";
  return {
    eventKey: request.eventKey,
    kind: request.kind,
    phone: request.phone,
    subject: t(template.subject, filled),
    body: t(template.body, filled).trim(),
    params,
  };
}

/**
 * The Notifier: the person's channels for the message's group, in order (Zalo, then SMS when
 * Zalo cannot), each tried once per try of the job and recorded per event and channel, so a
 * retry never sends again what went. When no channel took it, the job fails and the queue tries
 * again later with a growing wait (graphile-worker's backoff); a channel that refused the
 * message for good is not asked again.
 */
export function createNotifier(db: Db, options: { senders: ChannelSenders; publicUrl: string }): Notifier {
  const deliver = async (eventKey: string, kind: string, userId: string | null, phone: string, channels: Channel[], message: () => ChannelMessage) => {
    const prior = await db.selectFrom("notification_deliveries").select(["channel", "status"]).where("event_key", "=", eventKey).execute();
    if (prior.some((row) => row.status === "sent")) return;
    const open = channels.filter((channel) => options.senders[channel] && !prior.some((row) => row.channel === channel && row.status === "rejected"));
    if (open.length === 0) return; // the person chose none, or no channel can carry it
    const written = message();
    const errors: string[] = [];
    let refused = 0;
    for (const channel of open) {
      await db
        .insertInto("notification_deliveries")
        .values({ event_key: eventKey, kind, user_id: userId, phone, channel, status: "sending" })
        .onConflict((oc) => oc.columns(["event_key", "channel"]).doUpdateSet({ status: "sending", attempts: sql`notification_deliveries.attempts + 1`, updated_at: new Date() }))
        .execute();
      let result: SendResult;
      try {
        result = await options.senders[channel]!.send(written);
      } catch (error) {
        result = { ok: false, rejected: false, error: error instanceof Error ? error.message : String(error) };
      }
      await db
        .updateTable("notification_deliveries")
        .set(result.ok ? { status: "sent", provider_message_id: result.providerMessageId, error: null, updated_at: new Date() } : { status: result.rejected ? "rejected" : "failed", error: result.error.slice(0, 500), updated_at: new Date() })
        .where("event_key", "=", eventKey)
        .where("channel", "=", channel)
        .execute();
      if (result.ok) return;
      if (result.rejected) refused += 1;
      errors.push(`${channel}: ${result.error}`);
    }
    // Every channel refused this message for good: nothing a retry could change.
    if (refused === open.length) return;
    throw new Error(`notification ${eventKey} not sent (${errors.join("; ")})`);
  };

  return {
    async send(request) {
      if ("legacy" in request) {
        await deliver(request.eventKey, "legacy", null, request.phone, ["sms"], () => ({ eventKey: request.eventKey, kind: "legacy", phone: request.phone, subject: request.subject, body: request.body, params: {} }));
        return;
      }
      const template = TEMPLATES[request.kind];
      const choice = request.userId ? await channelChoice(db, request.userId, template.topic) : "zalo_sms";
      await deliver(request.eventKey, request.kind, request.userId, request.phone, channelsFor(template.topic, choice), () => writeMessage(request, options.publicUrl));
    },
  };
}

/**
 * Development: a channel that keeps each message in the outbox table (listed at /dev/outbox) as
 * it would reach the phone. The Zalo and SMS simulators deliver there too.
 */
export function outboxSender(db: DbOrTx, channel: Channel): ChannelSender {
  return {
    async send(message) {
      const row = await db.insertInto("outbox_messages").values({ channel, recipient: message.phone, subject: message.subject, body: message.body }).returning("id").executeTakeFirstOrThrow();
      return { ok: true, providerMessageId: `outbox-${row.id}` };
    },
  };
}

/** The Notifier with both channels delivering straight to the outbox (tests, and development without simulators). */
export function createOutboxNotifier(db: Db, publicUrl = "http://localhost:3000"): Notifier {
  return createNotifier(db, { senders: { zalo: outboxSender(db, "zalo"), sms: outboxSender(db, "sms") }, publicUrl });
}

export async function listOutbox(db: DbOrTx, limit = 100) {
  return db.selectFrom("outbox_messages").selectAll().orderBy("id", "desc").limit(limit).execute();
}
