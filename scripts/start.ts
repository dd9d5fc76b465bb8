/**
 * `npm start`: builds if needed, starts (or connects to) PostgreSQL and Meilisearch, migrates,
 * seeds demo data into an empty database, then serves the app and runs the background worker.
 * Ctrl-C stops everything it started.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import getPort from "get-port";
import { startWorker, type RunningWorker } from "../app/jobs/worker.server";
import { createOutboxNotifier } from "../app/notify/notifier.server";
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from "../db/seed";
import { seedCatalogIfEmpty } from "../db/seed/catalog";
import { prepareSearch } from "./lib/search";
import { ensureBuild } from "./lib/build";
import { exitWithStartupError, loadConfigOrExit, onShutdown } from "./lib/cli";
import { createHttpServer } from "./lib/http";
import { bankWebhookSecret, bootPlatform, sessionSecret, StartupError, type Platform } from "./lib/platform";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (line: string) => console.log(line);

async function main() {
  const startedAt = Date.now();
  const config = loadConfigOrExit();
  let platform: Platform | undefined;
  let worker: RunningWorker | undefined;
  let server: Awaited<ReturnType<typeof createHttpServer>> | undefined;
  onShutdown(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await worker?.stop();
    await platform?.stop();
  });

  try {
    ensureBuild(root, log);
    platform = await bootPlatform(config, { owner: true, search: true, log });
    if (config.SEED_DEMO) {
      const seeded = await seedDemoIfEmpty(platform.db, log);
      const catalogue = await seedCatalogIfEmpty(platform.db, platform.media, log);
      if (seeded || catalogue) log("Demo data seeded.");
    }
    if (platform.meili) await prepareSearch(platform.db, platform.meili, log);
    const notifier = createOutboxNotifier(platform.db);
    if (config.RUN_WORKER) {
      worker = await startWorker({ connectionString: platform.databaseUrl, db: platform.db, notifier, media: platform.media, meili: platform.meili });
    }
    server = await createHttpServer({
      root,
      trustProxy: config.TRUST_PROXY,
      pageCacheMs: config.PAGE_CACHE_MS,
      taggedPageCacheMs: config.PAGE_CACHE_TAGGED_MS,
      databaseUrl: platform.databaseUrl,
      log,
      context: {
        db: platform.db,
        meili: platform.meili,
        media: platform.media,
        sessionSecret: sessionSecret(config),
        secureCookies: config.NODE_ENV === "production",
        showDevOutbox: config.SHOW_DEV_OUTBOX ?? config.NODE_ENV !== "production",
        jobQueue: { workerRunning: Boolean(worker) },
        publicUrl: config.PUBLIC_URL?.replace(/\/$/, "") ?? null,
        bankWebhookSecret: bankWebhookSecret(config),
        orderPaymentMinutes: config.ORDER_PAYMENT_MINUTES,
      },
    });
    const port = config.PORT ?? (await getPort({ host: config.HOST, port: [3000, 3001, 3002, 3003] }));
    await new Promise<void>((resolve, reject) => {
      server!.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "EADDRINUSE" ? new StartupError(`Configuration error: PORT ${port} is already in use`) : error),
      );
      server!.listen(port, config.HOST, () => resolve());
    });
    const url = config.PUBLIC_URL ?? `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${port}`;
    log("");
    log(`Vườn Nhà is running at ${url}  (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
    log(`  database: ${config.DATABASE_URL ? "DATABASE_URL" : "embedded PostgreSQL in " + path.join(config.dataDir, "postgres")}`);
    log(`  search:   ${config.MEILI_URL ? config.MEILI_URL : "embedded Meilisearch in " + path.join(config.dataDir, "meilisearch")}`);
    log(`  worker:   ${worker ? "running in this process" : "off (run npm run worker)"}`);
    if (config.SEED_DEMO) {
      log("  demo sign-ins (phone / password):");
      for (const a of DEMO_ACCOUNTS) log(`    ${a.role.padEnd(22)} ${a.phone}  ${a.password}`);
    }
    log("Press Ctrl-C to stop.");
  } catch (error) {
    await worker?.stop();
    await platform?.stop();
    exitWithStartupError(error);
  }
}

void main();
