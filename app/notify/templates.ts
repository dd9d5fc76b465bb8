import type { NotificationChannels, NotificationTopic } from "../../db/schema";
import type { MessageKey } from "~/i18n/messages";

/**
 * Every message the Notifier sends (issue 14), with the group a person chooses channels for, the
 * texts it is written from, and the parameters of its Zalo ZNS template. ZNS templates are
 * approved by Zalo in advance and each parameter has a length limit; the SMS is the same text
 * without tone marks (one 160-character part costs a third of a Unicode one).
 */
export type MessageKind =
  | "new_order"
  | "paid"
  | "payment_received"
  | "accepted"
  | "declined"
  | "cancelled"
  | "shipped"
  | "delivered"
  | "expired"
  | "payment_flagged"
  | "payment_refunded"
  | "payment_short"
  | "payment_overpaid"
  | "short_shipped"
  | "payment_part_refunded"
  | "payment_returned"
  | "delivery_failed"
  | "returned"
  | "member_order"
  | "coop_invite"
  | "reset_code"
  | "welcome_code";

/** `account`: sign-in codes, which always go by SMS whatever the person chose for the rest. */
export type MessageTopic = NotificationTopic | "account";

/** A template parameter and its ZNS length limit. */
export type TemplateParam = "code" | "total" | "seller" | "tracking" | "reason" | "coop" | "items" | "link";
export const PARAM_LIMITS: Record<TemplateParam, number> = { code: 30, total: 30, seller: 100, tracking: 100, reason: 200, coop: 100, items: 300, link: 200 };

export interface MessageTemplate {
  topic: MessageTopic;
  subject: MessageKey;
  body: MessageKey;
  params: readonly TemplateParam[];
}

const order = (kind: string, topic: MessageTopic, params: readonly TemplateParam[]): MessageTemplate => ({
  topic,
  subject: `notify.${kind}.subject` as MessageKey,
  body: `notify.${kind}.body` as MessageKey,
  params,
});

export const TEMPLATES: Record<MessageKind, MessageTemplate> = {
  new_order: order("new_order", "orders", ["code", "total"]),
  paid: order("paid", "orders", ["code", "total"]),
  cancelled: order("cancelled", "orders", ["code"]),
  payment_flagged: order("payment_flagged", "orders", ["code", "reason"]),
  returned: order("returned", "orders", ["code"]),
  member_order: order("member_order", "orders", ["code", "coop", "items"]),
  accepted: order("accepted", "delivery", ["code", "seller"]),
  declined: order("declined", "delivery", ["code", "seller", "reason"]),
  shipped: order("shipped", "delivery", ["code", "tracking", "link"]),
  delivered: order("delivered", "delivery", ["code", "link"]),
  delivery_failed: order("delivery_failed", "delivery", ["code", "reason", "tracking", "link"]),
  expired: order("expired", "delivery", ["code"]),
  payment_received: order("payment_received", "payments", ["code", "seller", "total"]),
  payment_refunded: order("payment_refunded", "payments", ["code", "total"]),
  payment_short: order("payment_short", "payments", ["code", "reason"]),
  payment_overpaid: order("payment_overpaid", "payments", ["code", "reason"]),
  short_shipped: order("short_shipped", "payments", ["code", "reason"]),
  payment_part_refunded: order("payment_part_refunded", "payments", ["code", "reason"]),
  payment_returned: order("payment_returned", "payments", ["code", "seller", "reason"]),
  coop_invite: { topic: "coop", subject: "coop.inviteSmsSubject", body: "coop.inviteSmsBody", params: ["coop"] },
  reset_code: { topic: "account", subject: "auth.resetSmsSubject", body: "auth.resetSmsBody", params: ["code"] },
  welcome_code: { topic: "account", subject: "auth.resetSmsSubject", body: "auth.welcomeSmsBody", params: ["code"] },
};

export const MESSAGE_KINDS = Object.keys(TEMPLATES) as MessageKind[];
export const isMessageKind = (value: unknown): value is MessageKind => typeof value === "string" && Object.hasOwn(TEMPLATES, value);

/** The groups a person chooses channels for, in the order the account page lists them. */
export const NOTIFICATION_TOPICS: readonly NotificationTopic[] = ["orders", "delivery", "payments", "coop"];
export const CHANNEL_CHOICES: readonly NotificationChannels[] = ["zalo_sms", "sms", "zalo", "none"];
export const DEFAULT_CHANNELS: NotificationChannels = "zalo_sms";

/** The channels to try, in order, for a message of this topic under this choice. */
export function channelsFor(topic: MessageTopic, choice: NotificationChannels): ("zalo" | "sms")[] {
  if (topic === "account") return ["sms"];
  if (choice === "zalo_sms") return ["zalo", "sms"];
  if (choice === "none") return [];
  return [choice];
}

/**
 * A message as an SMS without tone marks (IsUnicode 0): "Đơn mới VN12, 180.000 ₫" → "Don moi
 * VN12, 180.000 VND". Anything else outside plain ASCII is dropped rather than sent as "?".
 */
export function smsText(text: string): string {
  return text
    .replace(/\s*₫/g, " VND")
    .replace(/×/g, "x")
    .replace(/…/g, "...")
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[–—]/g, "-")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e\n]/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** A parameter within its ZNS limit: cut at a word where it can be, with "…". */
export function fitParam(value: string, limit: number): string {
  const text = value.trim() || "-";
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const atSpace = cut.lastIndexOf(" ");
  return `${atSpace > limit / 2 ? cut.slice(0, atSpace) : cut}…`;
}

/** 0901000001 → 84901000001, the international form without "+" that Zalo and SMS gateways take. */
export function internationalPhone(phone: string): string {
  return phone.startsWith("0") ? `84${phone.slice(1)}` : phone.replace(/^\+/, "");
}

/** "new_order:101,paid:102" (ZALO_ZNS_TEMPLATES) → {new_order: "101", paid: "102"}; null names what is wrong. */
export function parseTemplateIds(value: string, kinds: readonly string[]): Partial<Record<MessageKind, string>> | null {
  const ids: Partial<Record<MessageKind, string>> = {};
  for (const part of value.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [kind = "", id = ""] = part.split(":").map((p) => p.trim());
    if (!kinds.includes(kind) || !/^[0-9]{1,20}$/.test(id)) return null;
    ids[kind as MessageKind] = id;
  }
  return ids;
}
