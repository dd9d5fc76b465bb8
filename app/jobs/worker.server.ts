import { Logger, run, runOnce, type Runner, type TaskList } from "graphile-worker";
import type { Db } from "../../db";
import { purgeExpiredAuthData } from "~/accounts/accounts.server";
import type { Notifier, OutgoingMessage } from "~/notify/notifier.server";

export interface WorkerDeps {
  db: Db;
  notifier: Notifier;
}

/** Every background task, by name. Later issues add search sync, order expiry, courier hand-offs. */
export function createTaskList(deps: WorkerDeps): TaskList {
  return {
    notify: async (payload) => {
      await deps.notifier.send(payload as OutgoingMessage);
    },
    purge_auth: async () => {
      await purgeExpiredAuthData(deps.db);
    },
  };
}

const workerLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[worker] ${message}`);
});

/** Runs until stopped. Many nodes may run this against one database; jobs are locked per worker. */
export async function startWorker(options: WorkerDeps & { connectionString: string; concurrency?: number }): Promise<Runner> {
  return run({
    connectionString: options.connectionString,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true, // the start command owns signals and stops the worker itself
    pollInterval: 2000, // LISTEN/NOTIFY wakes workers at once; polling only catches scheduled jobs
    logger: workerLogger,
    taskList: createTaskList(options),
    crontab: "17 * * * * purge_auth",
  });
}

/** Processes every job that is due, then returns: used by tests. */
export async function runDueJobs(options: WorkerDeps & { connectionString: string }): Promise<void> {
  await runOnce({ connectionString: options.connectionString, logger: workerLogger, taskList: createTaskList(options) });
}
