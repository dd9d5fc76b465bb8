import { sql } from "kysely";
import type { DbOrTx } from "../../db";

export interface JobOptions {
  runAt?: Date;
  /** Replaces a pending job with the same key (e.g. one search sync per product). */
  jobKey?: string;
  maxAttempts?: number;
  /** Lower runs first (graphile-worker's convention); 0 by default. */
  priority?: number;
}

/**
 * Enqueue a background job through graphile-worker's SQL API, so that when `db` is a
 * transaction the job commits or rolls back together with the change that caused it.
 */
export async function enqueueJob(db: DbOrTx, task: string, payload: object, options: JobOptions = {}): Promise<void> {
  await sql`select graphile_worker.add_job(
    ${task},
    ${JSON.stringify(payload)}::json,
    run_at => ${options.runAt ?? null}::timestamptz,
    job_key => ${options.jobKey ?? null}::text,
    max_attempts => ${options.maxAttempts ?? 25}::int,
    priority => ${options.priority ?? 0}::int
  )`.execute(db);
}
