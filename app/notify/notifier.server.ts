import type { DbOrTx } from "../../db";

export type Channel = "sms" | "zalo" | "email";

export interface OutgoingMessage {
  channel: Channel;
  recipient: string;
  subject: string;
  body: string;
}

/** Sends a message to a person. Today the outbox (development) stands in; SMS, Zalo and email providers implement this. */
export interface Notifier {
  send(message: OutgoingMessage): Promise<void>;
}

/** Development notifier: keeps every message in the outbox table, listed at /dev/outbox. */
export function createOutboxNotifier(db: DbOrTx): Notifier {
  return {
    async send(message) {
      await db.insertInto("outbox_messages").values(message).execute();
    },
  };
}

export async function listOutbox(db: DbOrTx, limit = 100) {
  return db.selectFrom("outbox_messages").selectAll().orderBy("id", "desc").limit(limit).execute();
}
