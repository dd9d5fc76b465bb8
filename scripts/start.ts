/**
 * `npm start`: builds if needed, starts (or connects to) PostgreSQL and Meilisearch, migrates,
 * seeds demo data into an empty database, then serves the app and runs the background worker.
 * Ctrl-C stops everything it started.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import getPort from "get-port";
import { startWorker, type RunningWorker } from "../app/jobs/worker.server";
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from "../db/seed";
import { seedCatalogIfEmpty } from "../db/seed/catalog";
import { prepareSearch } from "./lib/search";
import { ensureBuild } from "./lib/build";
import { devToolsEnabled, shouldSeedDemo } from "../app/config.server";
import { exitWithStartupError, loadConfigOrExit, onShutdown } from "./lib/cli";
import { createHttpServer } from "./lib/http";
import { bankWebhookSecret, bootPlatform, buildNotifier, courierSettings, paymentSettings, sessionSecret, stampSecret, StartupError, type Platform } from "./lib/platform";
import { createPaymentRegistry } from "../app/payments/registry.server";
import { createCourierRegistry } from "../app/shipping/registry.server";

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
    const seedDemo = shouldSeedDemo(config);
    if (seedDemo) {
      const seeded = await seedDemoIfEmpty(platform.db, log, { passwords: config.NODE_ENV === "production" ? "random" : "demo" });
      const catalogue = await seedCatalogIfEmpty(platform.db, platform.media, log);
      if (seeded || catalogue) log("Demo data seeded.");
    }
    if (platform.meili) await prepareSearch(platform.db, platform.meili, log);
    const port = config.PORT ?? (await getPort({ host: config.HOST, port: [3000, 3001, 3002, 3003] }));
    const loopbackName = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
    const internalUrl = `http://${loopbackName}:${port}`;
    const url = config.PUBLIC_URL?.replace(/\/$/, "") ?? (config.HOST === "0.0.0.0" ? `http://localhost:${port}` : internalUrl);
    const devTools = devToolsEnabled(config);
    const payments = createPaymentRegistry(paymentSettings(config, internalUrl, devTools));
    const notifier = buildNotifier(config, platform.db, internalUrl, url, devTools, log);
    const couriers = createCourierRegistry(courierSettings(config, internalUrl, devTools));
    const jobQueue = { workerRunning: false };
    server = await createHttpServer({
      root,
      trustProxyHops: config.TRUST_PROXY,
      production: config.NODE_ENV === "production",
      pageCacheMs: config.PAGE_CACHE_MS,
      taggedPageCacheMs: config.PAGE_CACHE_TAGGED_MS,
      databaseUrl: platform.databaseUrl,
      log,
      context: {
        db: platform.db,
        meili: platform.meili,
        media: platform.media,
        sessionSecret: sessionSecret(config),
        stampSecret: stampSecret(config),
        secureCookies: config.NODE_ENV === "production",
        showDevOutbox: config.SHOW_DEV_OUTBOX ?? devTools,
        devTools,
        internalUrl,
        jobQueue,
        publicUrl: url,
        bankWebhookSecret: bankWebhookSecret(config),
        payments,
        couriers,
        orderPaymentMinutes: config.ORDER_PAYMENT_MINUTES,
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "EADDRINUSE" ? new StartupError(`Configuration error: PORT ${port} is already in use`) : error),
      );
      server!.listen(port, config.HOST, () => resolve());
    });
    // After the server listens: in development the worker's first texts go to the simulators on it.
    if (config.RUN_WORKER) {
      worker = await startWorker({ connectionString: platform.databaseUrl, db: platform.db, notifier, media: platform.media, meili: platform.meili, payments, couriers });
      jobQueue.workerRunning = true;
    }
    log("");
    log(`Vườn Nhà is running at ${url}  (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
    if (url !== internalUrl) log(`  listening on ${config.HOST}:${port}`);
    log(`  database: ${config.DATABASE_URL ? "DATABASE_URL" : "embedded PostgreSQL in " + path.join(config.dataDir, "postgres")}`);
    log(`  search:   ${config.MEILI_URL ? config.MEILI_URL : "embedded Meilisearch in " + path.join(config.dataDir, "meilisearch")}`);
    log(`  worker:   ${worker ? "running in this process" : "off (run npm run worker)"}`);
    // Known demo passwords exist only outside production (see seedDemoIfEmpty).
    if (seedDemo && config.NODE_ENV !== "production") {
      log("  demo sign-ins (phone / password):");
      for (const a of DEMO_ACCOUNTS) log(`    ${a.role.padEnd(22)} ${a.phone}  ${a.password}`);
    }
    if (devTools) log(`  dev tools: ${url}/dev/outbox, ${url}/dev/bank and the payment simulators for MoMo, ZaloPay, VNPay and Stripe cards (development on loopback only)`);
    log("Press Ctrl-C to stop.");
  } catch (error) {
    await worker?.stop();
    await platform?.stop();
    exitWithStartupError(error);
  }
}

void main();
