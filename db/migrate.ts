import { Migrator } from "kysely";
import { Logger, runMigrations } from "graphile-worker";
import { createPool, type Db } from "./index";
import { migrations } from "./migrations";

// graphile-worker logs every step at info level; start-up output should stay short.
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[jobs] ${message}`);
});

/** Applies every pending migration in order; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${message}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Installs or upgrades the job queue schema (graphile_worker), idempotent. */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  const pgPool = createPool(connectionString, 1);
  try {
    await runMigrations({ pgPool, logger: quietLogger });
  } finally {
    await pgPool.end();
  }
}

