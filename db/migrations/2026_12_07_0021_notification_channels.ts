import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Order alerts on Zalo and SMS (issue 14): each person's channels per group of messages, one row
// per channel tried for each event (unique, so a retried job never sends twice), and the Zalo
// Official Account's tokens, which rotate on every refresh and so must live in one place.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("topic", "text", (c) => c.notNull().check(sql`topic in ('orders', 'delivery', 'payments', 'coop')`))
    .addColumn("channels", "text", (c) => c.notNull().check(sql`channels in ('zalo_sms', 'sms', 'zalo', 'none')`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("notification_preferences_pkey", ["user_id", "topic"])
    .execute();

  await db.schema
    .createTable("notification_deliveries")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("event_key", "text", (c) => c.notNull().check(sql`length(event_key) between 1 and 48`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("user_id", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('zalo', 'sms')`))
    // sending: handed to the provider, answer not yet recorded; rejected: the provider said no to this message (do not try this channel again for it).
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('sending', 'sent', 'failed', 'rejected')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("provider_message_id", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("notification_deliveries_event_channel_key", ["event_key", "channel"])
    .execute();
  await db.schema.createIndex("notification_deliveries_user_idx").on("notification_deliveries").columns(["user_id", "created_at"]).execute();

  await db.schema
    .createTable("zalo_oa_tokens")
    .addColumn("app_id", "text", (c) => c.primaryKey())
    .addColumn("access_token", "text")
    .addColumn("access_expires_at", "timestamptz")
    .addColumn("refresh_token", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("zalo_oa_tokens").execute();
  await db.schema.dropTable("notification_deliveries").execute();
  await db.schema.dropTable("notification_preferences").execute();
}
