import { hostname } from "node:os";
import { sql } from "kysely";
import type { DbOrTx } from "../../db";

/**
 * Which job-worker pools are alive. graphile-worker locks a job with its pool's id and only lets
 * another pool take it after 4 hours; a pool killed mid-job (kill -9, a lost machine) would hold
 * new-order texts and search syncs that long. Each pool says it is alive every HEARTBEAT_MS;
 * jobs locked by a pool silent for DEAD_AFTER_MS are released for the others.
 */
export const HEARTBEAT_MS = 15_000;
const DEAD_AFTER_MS = 60_000;

export async function registerPool(db: DbOrTx, poolId: string): Promise<void> {
  await db
    .insertInto("worker_pools")
    .values({ id: poolId, host: hostname().slice(0, 200), pid: process.pid })
    .onConflict((oc) => oc.column("id").doUpdateSet({ seen_at: new Date() }))
    .execute();
}

export async function heartbeat(db: DbOrTx, poolId: string): Promise<void> {
  await db.updateTable("worker_pools").set({ seen_at: new Date() }).where("id", "=", poolId).execute();
}

export async function unregisterPool(db: DbOrTx, poolId: string): Promise<void> {
  await db.deleteFrom("worker_pools").where("id", "=", poolId).execute();
}

/**
 * Unlocks jobs held by pools that stopped saying they are alive (or never registered), once the
 * lock is at least DEAD_AFTER_MS old: a pool that has just started may lock a job a moment before
 * its first heartbeat lands. Returns the pools released.
 */
export async function releaseDeadPoolLocks(db: DbOrTx): Promise<string[]> {
  const { rows } = await sql<{ locked_by: string }>`
    select distinct j.locked_by from graphile_worker.jobs j
    where j.locked_by is not null
      and j.locked_at < now() - make_interval(secs => ${DEAD_AFTER_MS / 1000})
      and not exists (select 1 from worker_pools p where p.id = j.locked_by and p.seen_at > now() - make_interval(secs => ${DEAD_AFTER_MS / 1000}))`.execute(db);
  const dead = rows.map((r) => r.locked_by);
  if (dead.length > 0) await sql`select graphile_worker.force_unlock_workers(${dead}::text[])`.execute(db);
  await db.deleteFrom("worker_pools").where("seen_at", "<", sql<Date>`now() - interval '1 day'`).execute();
  return dead;
}

/** Locked jobs, and how many of them are held by pools that are not alive (for /healthz). */
export async function lockedJobCounts(db: DbOrTx): Promise<{ locked: number; stale: number }> {
  const { rows } = await sql<{ locked: string; stale: string }>`
    select count(*) filter (where j.locked_by is not null) as locked,
           count(*) filter (where j.locked_by is not null and not exists (
             select 1 from worker_pools p where p.id = j.locked_by and p.seen_at > now() - make_interval(secs => ${DEAD_AFTER_MS / 1000}))) as stale
    from graphile_worker.jobs j`.execute(db);
  return { locked: Number(rows[0]?.locked ?? 0), stale: Number(rows[0]?.stale ?? 0) };
}
