import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHealth } from "~/health.server";
import { enqueueJob } from "~/jobs/queue.server";
import { heartbeat, registerPool, releaseDeadPoolLocks } from "~/jobs/worker-pools.server";
import { runDueJobs } from "~/jobs/worker.server";
import { createOutboxNotifier, listOutbox } from "~/notify/notifier.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext } from "../support/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

/** Locks a queued job the way graphile-worker does, as if `poolId` took it `minutesAgo` minutes ago. */
async function lockAs(recipient: string, poolId: string, minutesAgo: number) {
  await enqueueJob(t.db, "notify", { channel: "sms", recipient, subject: "Đơn mới", body: "Có đơn mới" });
  await sql`update graphile_worker._private_jobs set locked_by = ${poolId}, locked_at = now() - make_interval(mins => ${minutesAgo})
    where payload->>'recipient' = ${recipient}`.execute(t.db);
}

const health = () => checkHealth({ db: t.db, meili: null, jobQueue: { workerRunning: true } });

// Issue 9 #12: jobs locked by a worker killed with -9 stayed stuck for 4 hours (new-order texts
// unsent, search sync stalled) while /healthz said ok.
describe("jobs of a killed worker", () => {
  it("are reported by the health check, released, and then run; a live pool's jobs are left alone", async () => {
    await lockAs("0900000101", "pool-killed", 5);
    await registerPool(t.db, "pool-alive");
    await lockAs("0900000102", "pool-alive", 5);
    await heartbeat(t.db, "pool-alive");

    const before = await health();
    expect(before.jobQueue).toMatchObject({ status: "degraded", locked: 2, stale: 1 });

    expect(await releaseDeadPoolLocks(t.db)).toEqual(["pool-killed"]);
    await runDueJobs({ connectionString: t.url, db: t.db, notifier: createOutboxNotifier(t.db), media: appContext(t.db).media, meili: null, payments: appContext(t.db).payments });
    const sent = (await listOutbox(t.db)).map((m) => m.recipient);
    expect(sent).toContain("0900000101");
    expect(sent).not.toContain("0900000102");
    expect((await health()).jobQueue).toMatchObject({ locked: 1, stale: 0 });
  });

  it("leaves a lock taken a moment ago alone, even before its pool's first heartbeat", async () => {
    await lockAs("0900000103", "pool-just-started", 0);
    expect(await releaseDeadPoolLocks(t.db)).toEqual([]);
  });
});

describe("health check against a database that hangs", () => {
  it("answers within seconds and leaves no health query running in PostgreSQL", async () => {
    const blocker = new pg.Client({ connectionString: t.url });
    await blocker.connect();
    try {
      // Another session holds the job table: every read of it waits.
      await blocker.query("begin");
      await blocker.query("lock table graphile_worker._private_jobs in access exclusive mode");
      const started = Date.now();
      const report = await health();
      expect(Date.now() - started).toBeLessThan(4000);
      expect(report.database.status).toBe("ok");
      expect(report.jobQueue.status).toBe("down");
      const { rows } = await blocker.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where pid <> pg_backend_pid() and state = 'active' and query like '%graphile_worker.jobs%'",
      );
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      await blocker.query("rollback");
      await blocker.end();
    }
  });
});
