import { sql } from "kysely";
import type { Db } from "../../db";
import { readNotifyPayload, writeMessage } from "~/notify/notifier.server";

/** The "notify" jobs waiting in the queue, written out as their recipients will read them, oldest first. */
export async function queuedNotifications(db: Db): Promise<{ kind: string; phone: string; userId: string | null; subject: string; body: string }[]> {
  const jobs = await sql<{ payload: unknown }>`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
    where k.identifier = 'notify' order by j.id`.execute(db);
  return jobs.rows.map(({ payload }) => {
    const request = readNotifyPayload(payload);
    if ("legacy" in request) return { kind: "legacy", phone: request.phone, userId: null, subject: request.subject, body: request.body };
    const message = writeMessage(request, "http://localhost:3000");
    return { kind: request.kind, phone: request.phone, userId: request.userId, subject: message.subject, body: message.body };
  });
}
