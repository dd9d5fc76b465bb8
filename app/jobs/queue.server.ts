import { sql, type RawBuilder } from "kysely";
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
  await enqueueJobs(db, [{ task, payload, options }]);
}

export interface JobSpec {
  task: string;
  payload: object;
  options?: JobOptions;
}

/**
 * Several jobs in one statement (graphile-worker's add_jobs), with the same transactional promise.
 * Two jobs with the same key in one call are not allowed (PostgreSQL cannot update a row twice in
 * one statement), so callers pass distinct keys.
 */
export async function enqueueJobs(db: DbOrTx, jobs: JobSpec[]): Promise<void> {
  if (!jobs.length) return;
  await sql`select count(*) from ${addJobs(jobs)}`.execute(db);
}

/**
 * The jobs and other writes in one round trip: `alongside` are data-modifying CTEs (`name as (…)`),
 * which PostgreSQL runs to completion whether or not the query reads them.
 */
export async function enqueueJobsWith(db: DbOrTx, jobs: JobSpec[], alongside: RawBuilder<unknown>[]): Promise<void> {
  if (!alongside.length) return enqueueJobs(db, jobs);
  await sql`with ${sql.join(alongside)} select ${jobs.length ? sql`(select count(*) from ${addJobs(jobs)})` : sql`0`}`.execute(db);
}

/** graphile-worker's add_jobs(…) call for these jobs, to use inside a larger statement. */
function addJobs(jobs: JobSpec[]): RawBuilder<unknown> {
  const specs = jobs.map(
    ({ task, payload, options = {} }) =>
      sql`(${task}, ${JSON.stringify(payload)}::json, null, ${options.runAt ?? null}::timestamptz, ${options.maxAttempts ?? 25}::int, ${options.jobKey ?? null}::text, ${options.priority ?? 0}::int, null)::graphile_worker.job_spec`,
  );
  return sql`graphile_worker.add_jobs(array[${sql.join(specs)}])`;
}
