import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema";
import type { Db } from "../db";
import type { AppContext } from "./context";
import { lockedJobCounts } from "./jobs/worker-pools.server";
import { meiliHealthy } from "~/search/meili-client.server";

type Status = "ok" | "degraded" | "down";

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const HEALTH_QUERY_MS = 2000;

/**
 * A health query that PostgreSQL itself cancels after 2 s, so a slow database never leaves
 * health checks holding pooled connections; the race only bounds the wait for a connection.
 */
function healthQuery<T>(db: Db, query: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withTimeout(
    db.transaction().execute(async (trx) => {
      await sql.raw(`set local statement_timeout = ${HEALTH_QUERY_MS}`).execute(trx);
      return query(trx);
    }),
    HEALTH_QUERY_MS + 500,
  );
}

/** Database, search engine and job queue status; only the database decides up or down. */
export async function checkHealth(context: Pick<AppContext, "db" | "meili" | "jobQueue">) {
  const started = Date.now();
  let database: { status: Status; error?: string } = { status: "ok" };
  let jobQueue: { status: Status; worker: boolean; pending?: number; locked?: number; stale?: number; error?: string } = {
    status: "ok",
    worker: context.jobQueue.workerRunning,
  };
  try {
    await healthQuery(context.db, (trx) => sql`select 1`.execute(trx));
    try {
      const row = await healthQuery(
        context.db,
        (trx) => sql<{ pending: string; stuck: string }>`select
            count(*) filter (where locked_at is null and run_at <= now()) as pending,
            count(*) filter (where locked_at is null and run_at <= now() - interval '5 minutes' and attempts = 0) as stuck
          from graphile_worker.jobs`.execute(trx),
      );
      const counts = row.rows[0];
      const locks = await healthQuery(context.db, (trx) => lockedJobCounts(trx));
      jobQueue = {
        ...jobQueue,
        pending: Number(counts?.pending ?? 0),
        locked: locks.locked,
        stale: locks.stale,
        // Jobs waiting for minutes with nobody picking them up, or held by a worker that died.
        status: Number(counts?.stuck ?? 0) > 0 || locks.stale > 0 ? "degraded" : "ok",
      };
    } catch (error) {
      jobQueue = { ...jobQueue, status: "down", error: (error as Error).message };
    }
  } catch (error) {
    database = { status: "down", error: (error as Error).message };
    jobQueue = { ...jobQueue, status: "down", error: "database unavailable" };
  }
  let search: { status: Status; error?: string };
  if (!context.meili) {
    search = { status: "down", error: "not configured" };
  } else {
    try {
      await meiliHealthy(context.meili, 2000);
      search = { status: "ok" };
    } catch (error) {
      search = { status: "degraded", error: (error as Error).message };
    }
  }
  const status: Status = database.status !== "ok" ? "down" : search.status === "ok" && jobQueue.status === "ok" ? "ok" : "degraded";
  return { status, database, search, jobQueue, tookMs: Date.now() - started };
}
