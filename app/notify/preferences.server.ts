import { z } from "zod";
import type { DbOrTx } from "../../db";
import type { NotificationChannels, NotificationTopic } from "../../db/schema";
import { CHANNEL_CHOICES, DEFAULT_CHANNELS, NOTIFICATION_TOPICS, type MessageTopic } from "./templates";

/** How this person wants messages of this group; sign-in codes always go by SMS. */
export async function channelChoice(db: DbOrTx, userId: string, topic: MessageTopic): Promise<NotificationChannels> {
  if (topic === "account") return "sms";
  const row = await db.selectFrom("notification_preferences").select("channels").where("user_id", "=", userId).where("topic", "=", topic).executeTakeFirst();
  return row?.channels ?? DEFAULT_CHANNELS;
}

/** Every group with this person's choice (the default where they never chose), for the account page. */
export async function listChannelChoices(db: DbOrTx, userId: string): Promise<Record<NotificationTopic, NotificationChannels>> {
  const rows = await db.selectFrom("notification_preferences").select(["topic", "channels"]).where("user_id", "=", userId).execute();
  const choices = Object.fromEntries(NOTIFICATION_TOPICS.map((topic) => [topic, DEFAULT_CHANNELS])) as Record<NotificationTopic, NotificationChannels>;
  for (const row of rows) choices[row.topic] = row.channels;
  return choices;
}

const choice = z.enum(CHANNEL_CHOICES as [NotificationChannels, ...NotificationChannels[]], { errorMap: () => ({ message: "notifyPrefs.invalid" }) }).optional();

/** The account page's form: one choice per group; a group left out keeps what it had. */
export const channelChoicesSchema = z.object({ orders: choice, delivery: choice, payments: choice, coop: choice });

/** Saves the person's own choices (only the groups given, only known values: the form is checked before). */
export async function saveChannelChoices(db: DbOrTx, userId: string, choices: Partial<Record<NotificationTopic, NotificationChannels>>): Promise<void> {
  const rows = NOTIFICATION_TOPICS.filter((topic) => choices[topic]).map((topic) => ({ user_id: userId, topic, channels: choices[topic]! }));
  if (rows.length === 0) return;
  await db
    .insertInto("notification_preferences")
    .values(rows)
    .onConflict((oc) => oc.columns(["user_id", "topic"]).doUpdateSet((eb) => ({ channels: eb.ref("excluded.channels"), updated_at: new Date() })))
    .execute();
}
